/**
 * Object-metadata checks shared by the built-in (k8s-schema.ts) and custom-resource (crd-schema.ts) validators.
 *
 * These mirror the API server's own name/label rules (k8s.io/apimachinery/pkg/util/validation), which no
 * JSON schema expresses: the OpenAPI schema types `metadata.name` as a plain string.
 */

/** Which name rule the API server applies to a kind (most kinds: DNS-1123 subdomain). */
export type NameRule = 'dns1123-subdomain' | 'dns1123-label' | 'dns1035-label';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Returns a problem description, or undefined when `value` satisfies `rule`. */
export function checkName(value: string, rule: NameRule): string | undefined {
  switch (rule) {
    case 'dns1123-label':
      if (value.length > 63 || !DNS1123_LABEL.test(value)) {
        return `must be a DNS-1123 label (lower-case alphanumerics and '-', start and end alphanumeric, at most 63 characters), got ${JSON.stringify(value)}`;
      }
      return undefined;
    case 'dns1035-label':
      if (value.length > 63 || !DNS1035_LABEL.test(value)) {
        return `must be a DNS-1035 label (lower-case alphanumerics and '-', start with a letter, end alphanumeric, at most 63 characters), got ${JSON.stringify(value)}`;
      }
      return undefined;
    default:
      if (value.length > 253 || !DNS1123_SUBDOMAIN.test(value)) {
        return `must be a DNS-1123 subdomain (lower-case alphanumerics, '-' and '.', start and end alphanumeric, at most 253 characters), got ${JSON.stringify(value)}`;
      }
      return undefined;
  }
}

/** Qualified label/annotation key: optional DNS-1123 subdomain prefix + '/' + name of at most 63 characters. */
function checkQualifiedKey(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) {
    return 'must be a qualified name ([prefix/]name)';
  }
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) {
      return `prefix ${JSON.stringify(prefix)} must be a DNS-1123 subdomain`;
    }
  }
  if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) {
    return `name part ${JSON.stringify(name)} must be at most 63 characters of alphanumerics, '-', '_' or '.', starting and ending alphanumeric`;
  }
  return undefined;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export interface MetadataCheckOptions {
  /** true: `metadata.namespace` must be set; false: it must not be set; undefined: not checked. */
  readonly namespaced?: boolean;
  /** Name rule of the kind (default DNS-1123 subdomain). */
  readonly nameRule?: NameRule;
}

/**
 * Checks `metadata` of a manifest: name present and well-formed, namespace presence matching the kind's scope,
 * label keys/values and annotation keys well-formed. Returns messages of the form "<json pointer> <problem>".
 */
export function checkObjectMeta(obj: any, options: MetadataCheckOptions = {}): string[] {
  const errors: string[] = [];
  const meta = obj?.metadata;
  if (!isPlainObject(meta)) {
    errors.push('/metadata is required (an object with at least a name)');
    return errors;
  }
  if (typeof meta.name !== 'string' || meta.name.length === 0) {
    errors.push('/metadata/name is required');
  } else {
    const problem = checkName(meta.name, options.nameRule ?? 'dns1123-subdomain');
    if (problem) {
      errors.push(`/metadata/name ${problem}`);
    }
  }
  const hasNamespace = meta.namespace !== undefined && meta.namespace !== null;
  if (options.namespaced === true) {
    if (!hasNamespace) {
      errors.push(`/metadata/namespace is required: ${obj.kind} is a namespaced kind`);
    } else if (typeof meta.namespace !== 'string' || meta.namespace.length > 63 || !DNS1123_LABEL.test(meta.namespace)) {
      errors.push(`/metadata/namespace must be a DNS-1123 label, got ${JSON.stringify(meta.namespace)}`);
    }
  } else if (options.namespaced === false && hasNamespace) {
    errors.push(`/metadata/namespace must not be set: ${obj.kind} is cluster-scoped`);
  }
  for (const field of ['labels', 'annotations'] as const) {
    const map = meta[field];
    if (map === undefined || map === null) {
      continue;
    }
    if (!isPlainObject(map)) {
      errors.push(`/metadata/${field} must be a map of strings`);
      continue;
    }
    for (const [key, value] of Object.entries(map)) {
      const at = `/metadata/${field}/${escapePointer(key)}`;
      const keyProblem = checkQualifiedKey(key);
      if (keyProblem) {
        errors.push(`${at} invalid key: ${keyProblem}`);
      }
      if (typeof value !== 'string') {
        errors.push(`${at} must be a string, got ${JSON.stringify(value)}`);
      } else if (field === 'labels' && (value.length > 63 || !LABEL_VALUE.test(value))) {
        errors.push(`${at} invalid label value ${JSON.stringify(value)}: at most 63 characters of alphanumerics, '-', '_' or '.', starting and ending alphanumeric`);
      }
    }
  }
  return errors;
}

/** "Kind/name" (or "Kind/namespace/name") used as the prefix of every error message. */
export function describeObject(obj: any): string {
  const kind = typeof obj?.kind === 'string' ? obj.kind : '<no kind>';
  const name = typeof obj?.metadata?.name === 'string' ? obj.metadata.name : '<no name>';
  const ns = typeof obj?.metadata?.namespace === 'string' ? `${obj.metadata.namespace}/` : '';
  return `${kind}/${ns}${name}`;
}

/** Splits "group/version" (or core "v1") into its parts. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
