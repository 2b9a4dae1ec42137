/**
 * Checks of our own CRDs that test/support/crd-schema.ts (Ajv) does not make:
 * - structuralErrors: the structural-schema rules of apiextensions.k8s.io/v1
 *   (k8s.io/apiextensions-apiserver, "Specifying a structural schema"): a type on every node, no
 *   forbidden keywords, value validations (allOf/anyOf/oneOf/not) without type/description/default/
 *   additionalProperties/nullable/x-kubernetes-* and only on fields the structural part specifies,
 *   only `type` on the root `metadata` (stricter than Kubernetes, which also allows name/generateName
 *   restrictions), and well-formed `x-kubernetes-list-type` declarations;
 * - listTypeErrors: what the API server enforces for `x-kubernetes-list-type: set` (no duplicate
 *   items) and `map` (no duplicate keys) on an object — crd-schema.ts drops every x-kubernetes-* keyword.
 */

type Schema = any;

const SCALARS = ['string', 'integer', 'number', 'boolean'];
const COMBINATORS = ['allOf', 'anyOf', 'oneOf'] as const;

/** Errors of a value validation (inside allOf/anyOf/oneOf/not) checked against the structural node it applies to. */
function valueValidationErrors(node: Schema, structural: Schema, at: string): string[] {
  const errors: string[] = [];
  for (const key of ['type', 'description', 'default', 'additionalProperties', 'nullable']) {
    if (node?.[key] !== undefined) errors.push(`${at}: ${key} is not allowed in a value validation`);
  }
  for (const key of Object.keys(node ?? {})) {
    if (key.startsWith('x-kubernetes-')) errors.push(`${at}: ${key} is not allowed in a value validation`);
  }
  for (const [k, v] of Object.entries(node?.properties ?? {})) {
    const outer = structural?.properties?.[k];
    if (outer === undefined) errors.push(`${at}.${k}: not specified in the structural schema`);
    else errors.push(...valueValidationErrors(v, outer, `${at}.${k}`));
  }
  if (node?.items !== undefined) {
    if (structural?.items === undefined || Array.isArray(node.items)) errors.push(`${at}[]: items not specified in the structural schema`);
    else errors.push(...valueValidationErrors(node.items, structural.items, `${at}[]`));
  }
  for (const c of COMBINATORS) (node?.[c] ?? []).forEach((v: Schema, i: number) => errors.push(...valueValidationErrors(v, structural, `${at}.${c}[${i}]`)));
  if (node?.not !== undefined) errors.push(...valueValidationErrors(node.not, structural, `${at}.not`));
  return errors;
}

function listTypeDeclarationErrors(node: Schema, at: string): string[] {
  const listType = node?.['x-kubernetes-list-type'];
  const keys = node?.['x-kubernetes-list-map-keys'];
  if (listType === undefined) return keys === undefined ? [] : [`${at}: x-kubernetes-list-map-keys without x-kubernetes-list-type: map`];
  if (node.type !== 'array') return [`${at}: x-kubernetes-list-type on a ${node.type}`];
  if (listType === 'atomic') return [];
  if (listType === 'set') return SCALARS.includes(node.items?.type) ? [] : [`${at}: a list-type set needs scalar items`];
  if (listType !== 'map') return [`${at}: unknown x-kubernetes-list-type ${listType}`];
  if (node.items?.type !== 'object' || !Array.isArray(keys) || keys.length === 0) return [`${at}: a list-type map needs object items and x-kubernetes-list-map-keys`];
  return keys.flatMap((k: string) => {
    const key = node.items.properties?.[k];
    if (!SCALARS.includes(key?.type)) return [`${at}: map key ${k} must be a scalar field of the items`];
    return node.items.required?.includes(k) || key.default !== undefined ? [] : [`${at}: map key ${k} must be required or defaulted`];
  });
}

/** Structural-schema errors of a CRD's openAPIV3Schema (`root` for the schema root); empty when structural. */
export function structuralErrors(node: Schema, at: string, root = false): string[] {
  const errors: string[] = [];
  if (typeof node?.type !== 'string') errors.push(`${at}: no type`);
  for (const key of ['$ref', 'definitions', 'dependencies', 'additionalItems', 'patternProperties', 'id', '$schema', 'uniqueItems']) {
    if (node?.[key] !== undefined) errors.push(`${at}: ${key} is not allowed`);
  }
  if (node?.properties !== undefined && node?.additionalProperties !== undefined) errors.push(`${at}: properties and additionalProperties`);
  if (node?.type === 'array' && (node.items === undefined || Array.isArray(node.items))) errors.push(`${at}: an array needs one items schema`);
  if (root && node?.properties?.metadata !== undefined && Object.keys(node.properties.metadata).some((k) => k !== 'type')) {
    errors.push(`${at}.metadata: only type: object is allowed at the root`);
  }
  errors.push(...listTypeDeclarationErrors(node, at));
  for (const c of COMBINATORS) (node?.[c] ?? []).forEach((v: Schema, i: number) => errors.push(...valueValidationErrors(v, node, `${at}.${c}[${i}]`)));
  if (node?.not !== undefined) errors.push(...valueValidationErrors(node.not, node, `${at}.not`));
  for (const [k, v] of Object.entries(node?.properties ?? {})) errors.push(...structuralErrors(v, `${at}.${k}`));
  if (node?.items !== undefined && !Array.isArray(node.items)) errors.push(...structuralErrors(node.items, `${at}[]`));
  if (typeof node?.additionalProperties === 'object') errors.push(...structuralErrors(node.additionalProperties, `${at}{}`));
  return errors;
}

/** Duplicate items of list-type sets and duplicate keys of list-type maps in `value`, per the structural `schema`. */
export function listTypeErrors(schema: Schema, value: unknown, at = ''): string[] {
  const errors: string[] = [];
  if (Array.isArray(value) && schema?.type === 'array') {
    const listType = schema['x-kubernetes-list-type'];
    const keyOf = (item: any): string | undefined => {
      if (listType === 'set') return JSON.stringify(item);
      if (listType === 'map') return JSON.stringify((schema['x-kubernetes-list-map-keys'] as string[]).map((k) => item?.[k]));
      return undefined;
    };
    const seen = new Set<string>();
    value.forEach((item, i) => {
      const key = keyOf(item);
      if (key !== undefined && seen.has(key)) errors.push(`${at}/${i}: duplicate ${listType === 'set' ? 'value' : 'key'} ${key} in a list-type ${listType}`);
      if (key !== undefined) seen.add(key);
      errors.push(...listTypeErrors(schema.items, item, `${at}/${i}`));
    });
  } else if (typeof value === 'object' && value !== null && !Array.isArray(value) && schema?.type === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const sub = schema.properties?.[k] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      if (sub !== undefined) errors.push(...listTypeErrors(sub, v, `${at}/${k}`));
    }
  }
  return errors;
}
