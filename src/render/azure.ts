/**
 * Azure resources in one engine-neutral shape, from which the ARM template is rendered (and, in later
 * forms, Azure Service Operator resources and @pulumi/azure-native resources).
 *
 * Values that point at other things are symbolic leaves, so each form can express them its own way:
 * - {@link AzureRef}: the ID of another resource of the same stack (ARM: `resourceId(...)` + dependsOn;
 *   ASO: a `...Reference` to the object; Pulumi: the resource's `.id` output);
 * - {@link AzureParam}: an ID the stack does not know (ARM: a template parameter).
 * A literal string is a known value (possibly a deferred engine token, substituted at the leaves).
 */

export interface AzureRef {
  readonly $ref: { readonly type: string; readonly name: string };
}

export interface AzureParam {
  readonly $param: string;
}

export type AzureValue = string | number | boolean | null | AzureRef | AzureParam | AzureValue[] | { [key: string]: AzureValue };

export interface AzureResource {
  /** Stable logical ID inside the stack (used for engine resource names). */
  readonly logicalId: string;
  readonly type: string;
  readonly apiVersion: string;
  readonly name: string;
  readonly location?: string;
  readonly kind?: string;
  /** ARM `sku` (e.g. Managed Grafana's `{ name: 'Standard' }`). */
  readonly sku?: { [key: string]: AzureValue };
  /** ARM `identity` (e.g. `{ type: 'SystemAssigned' }`). */
  readonly identity?: { [key: string]: AzureValue };
  readonly tags?: Record<string, string>;
  /** Target of an extension resource (e.g. a DCR association's cluster). */
  readonly scope?: AzureValue;
  readonly properties: { [key: string]: AzureValue };
}

/** Description of an ARM template parameter the stack needs. */
export interface AzureParameterSpec {
  readonly name: string;
  readonly description: string;
  /** ARM default value (may be a template expression). */
  readonly defaultValue?: string;
}

export function ref(type: string, name: string): AzureRef {
  return { $ref: { type, name } };
}

export function param(name: string): AzureParam {
  return { $param: name };
}

export function isRef(v: unknown): v is AzureRef {
  return typeof v === 'object' && v !== null && '$ref' in v;
}

export function isParam(v: unknown): v is AzureParam {
  return typeof v === 'object' && v !== null && '$param' in v;
}

/** Maps every leaf of a value, rebuilding objects and arrays (pure). */
export function mapLeaves(v: AzureValue, f: (leaf: AzureRef | AzureParam | string | number | boolean | null) => unknown): unknown {
  if (isRef(v) || isParam(v) || v === null || typeof v !== 'object') return f(v as never);
  if (Array.isArray(v)) return v.map((x) => mapLeaves(x, f));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = mapLeaves(x, f);
  return out;
}

/** The refs a value contains (for dependency order). */
export function refsIn(v: AzureValue | undefined): AzureRef[] {
  const found: AzureRef[] = [];
  if (v === undefined) return found;
  mapLeaves(v, (leaf) => {
    if (isRef(leaf)) found.push(leaf);
    return leaf;
  });
  return found;
}

/** An ID as a literal, or a template parameter when unknown. */
export function idOrParam(id: string | undefined, paramName: string): AzureValue {
  return id === undefined ? param(paramName) : id;
}

/**
 * Cuts a name to `max` characters, then drops one trailing "-" — the product's rule for its DCR
 * (64) and DCE (43, then 42) names (existingClusterOnboarding.json `dcrName`/`ingestionDCE`;
 * the newer AKS CLI strips the trailing dash of DCR names too, AZCLI-new `_trim_suffix_if_needed`).
 */
export function truncateName(name: string, max: number): string {
  const cut = name.length > max ? name.substring(0, max) : name;
  return cut.endsWith('-') ? cut.substring(0, cut.length - 1) : cut;
}

/** The names of the parameters the resources use (in properties or scope). */
export function parametersUsedBy(resources: readonly AzureResource[]): Set<string> {
  const used = new Set<string>();
  for (const r of resources) {
    for (const v of [r.properties, r.scope]) {
      if (v === undefined) continue;
      mapLeaves(v, (leaf) => {
        if (isParam(leaf)) used.add(leaf.$param);
        return leaf;
      });
    }
  }
  return used;
}
