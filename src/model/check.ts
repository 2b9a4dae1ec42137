import { ValidationError, describeValue } from '../errors';

/**
 * Small synth-time checkers shared by every model. Each one either returns the (narrowed) value
 * or throws a ValidationError naming the prop path, the value and what is allowed.
 */

/** A plain data object (object literal, `JSON.parse` result, or a null-prototype dictionary). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** The path of the props object itself (its keys' paths are the bare key names). */
export const ROOT = 'props';

/**
 * Rejects keys the props interface doesn't have (a typo such as `enabeld` would otherwise be a
 * silent no-op) and returns the object. `undefined`-valued keys are treated as absent.
 */
export function checkProps<T extends object>(path: string, value: unknown, allowedKeys: readonly string[]): T {
  if (!isPlainObject(value)) {
    throw new ValidationError(path, value, 'expected an object');
  }
  for (const key of Object.keys(value)) {
    if (value[key] === undefined) continue;
    if (!allowedKeys.includes(key)) {
      const guess = closest(key, allowedKeys);
      throw new ValidationError(
        path === ROOT ? key : `${path}.${key}`,
        value[key],
        `unknown prop; allowed props${path === ROOT ? '' : ` of ${path}`}: ${allowedKeys.join(', ')}`,
        guess ? `Did you mean "${guess}"?` : undefined,
      );
    }
  }
  return value as T;
}

export function checkBoolean(path: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new ValidationError(path, value, 'expected true or false');
  return value;
}

export interface StringRule {
  readonly pattern?: RegExp;
  readonly patternText?: string;
  readonly maxLength?: number;
  readonly minLength?: number;
}

export function checkString(path: string, value: unknown, opts: StringRule = {}): string {
  if (typeof value !== 'string') throw new ValidationError(path, value, 'expected a string');
  const min = opts.minLength ?? 1;
  if (value.length < min) throw new ValidationError(path, value, `expected a string of at least ${min} character(s)`);
  if (opts.maxLength !== undefined && value.length > opts.maxLength) {
    throw new ValidationError(path, value, `expected at most ${opts.maxLength} characters (got ${value.length})`);
  }
  if (opts.pattern && !opts.pattern.test(value)) {
    throw new ValidationError(path, value, `expected ${opts.patternText ?? `a string matching ${opts.pattern}`}`);
  }
  return value;
}

/** Integer in [min, max] (inclusive). */
export function checkInt(path: string, value: unknown, min: number, max: number = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
    throw new ValidationError(path, value, `expected ${range}`);
  }
  return value;
}

/** Finite number in [min, max] (inclusive). */
export function checkNumber(path: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new ValidationError(path, value, `expected a number from ${min} to ${max}`);
  }
  return value;
}

export function checkEnum<T extends string>(path: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    const guess = typeof value === 'string' ? closest(value, allowed) : undefined;
    throw new ValidationError(
      path,
      value,
      `expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`,
      guess ? `Did you mean "${guess}"?` : undefined,
    );
  }
  return value as T;
}

/** A list of strings, each checked by `each`; duplicates are rejected (they are always a mistake here). */
export function checkStringList(
  path: string,
  value: unknown,
  each: (itemPath: string, item: unknown) => string,
  opts: { minItems?: number; maxItems?: number; caseInsensitiveUnique?: boolean } = {},
): string[] {
  if (!Array.isArray(value)) throw new ValidationError(path, value, 'expected an array of strings');
  if (opts.minItems !== undefined && value.length < opts.minItems) {
    throw new ValidationError(path, value, `expected at least ${opts.minItems} item(s)`);
  }
  if (opts.maxItems !== undefined && value.length > opts.maxItems) {
    throw new ValidationError(path, value, `expected at most ${opts.maxItems} item(s) (got ${value.length})`);
  }
  const seen = new Set<string>();
  return value.map((item, i) => {
    const s = each(`${path}[${i}]`, item);
    const key = opts.caseInsensitiveUnique ? s.toLowerCase() : s;
    if (seen.has(key)) throw new ValidationError(`${path}[${i}]`, item, 'expected no duplicates in the list');
    seen.add(key);
    return s;
  });
}

/** Azure resource tags: at most 50, names without `<>%&\?/` (at most 512), values at most 256 characters. */
export function checkTags(path: string, value: unknown): Record<string, string> {
  const tags: Record<string, string> = {};
  if (value === undefined) return tags;
  const t = checkProps<Record<string, unknown>>(path, value, Object.keys((value ?? {}) as object));
  const keys = Object.keys(t).filter((k) => t[k] !== undefined);
  if (keys.length > 50) throw new ValidationError(path, `${keys.length} tags`, 'expected at most 50 tags (the Azure limit per resource)');
  for (const k of keys) {
    checkString(path, k, { maxLength: 512, pattern: /^[^<>%&\\?/]+$/, patternText: 'a tag name without <, >, %, &, \\, ? or /' });
    tags[k] = checkString(`${path}.${k}`, t[k], { minLength: 0, maxLength: 256 });
  }
  return tags;
}

/** DNS-1123 subdomain (lower case). */
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
/** A Kubernetes label value: at most 63 characters, alphanumeric at both ends, or empty. */
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** A Kubernetes label key: `[prefix/]name`, prefix a DNS subdomain (<= 253), name <= 63 characters. */
export function checkLabelKey(path: string, value: unknown): string {
  const s = checkString(path, value);
  const slash = s.indexOf('/');
  const prefix = slash >= 0 ? s.slice(0, slash) : undefined;
  const name = slash >= 0 ? s.slice(slash + 1) : s;
  const ok = (prefix === undefined || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix))) && name.length <= 63 && LABEL_NAME_PART.test(name);
  if (!ok) {
    throw new ValidationError(
      path,
      value,
      'expected a Kubernetes label key: an optional DNS-subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
    );
  }
  return s;
}

/** A Kubernetes label value. */
export function checkLabelValue(path: string, value: unknown): string {
  return checkString(path, value, {
    minLength: 0,
    maxLength: 63,
    pattern: LABEL_VALUE,
    patternText: 'a Kubernetes label value (letters, digits, "-", "_" and ".", starting and ending with a letter or digit, or empty)',
  });
}

/** DNS-1123 label: what Kubernetes accepts as a namespace name. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function checkNamespaceName(path: string, value: unknown): string {
  return checkString(path, value, {
    pattern: DNS_LABEL,
    maxLength: 63,
    patternText: 'a Kubernetes namespace name (lower-case letters, digits and "-", starting and ending with a letter or digit)',
  });
}

/** Levenshtein distance, for did-you-mean suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The closest candidate when it is plausibly a typo (distance at most a third of the length, min 2). */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  const lower = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(lower.length / 3));
  return bestDistance <= limit ? best : undefined;
}

export { describeValue };
