/**
 * Validation of custom resources (ServiceMonitor, PodMonitor, SecurityContextConstraints, ASO resources, ...)
 * against the `openAPIV3Schema` of their CustomResourceDefinition YAML.
 *
 * What it covers:
 *  - the CRD's structural schema (types, required, enums, patterns, formats, min/max, ...) with Ajv (draft-07
 *    default Ajv, `strict: false`);
 *  - unknown fields: `additionalProperties: false` is added wherever a schema node lists `properties` and does not
 *    set `x-kubernetes-preserve-unknown-fields: true` (or its own `additionalProperties`). NOTE: the API server
 *    *prunes* unknown fields of a structural schema instead of rejecting them (unless the client asks for strict
 *    field validation). We deliberately report them as errors: a pruned field is a setting that is silently
 *    ignored, which is exactly the kind of bug these tests exist to catch;
 *  - apiVersion group/version (must be a served version of the CRD) and kind;
 *  - metadata: name (DNS-1123 subdomain), namespace present iff the CRD is Namespaced, label/annotation syntax.
 *
 * Kubernetes extensions to OpenAPI are translated or ignored:
 *  - `nullable: true` → null is an allowed value;
 *  - `x-kubernetes-int-or-string: true` → integer or string;
 *  - `x-kubernetes-preserve-unknown-fields: true` → no `additionalProperties: false` at that node;
 *  - `x-kubernetes-embedded-resource: true` → apiVersion/kind/metadata are allowed at that node;
 *  - every other `x-kubernetes-*` keyword (list-type, map-type, validations (CEL), ...) is dropped, i.e. CEL
 *    rules are NOT evaluated.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parseAllDocuments } from 'yaml';
import { checkObjectMeta, describeObject, splitApiVersion } from './k8s-metadata';

interface CrdVersion {
  readonly name: string;
  readonly served: boolean;
  readonly schema: any;
}

/** The parts of a CustomResourceDefinition this module needs. */
export interface LoadedCrd {
  readonly file: string;
  readonly name: string;
  readonly group: string;
  readonly kind: string;
  readonly scope: 'Namespaced' | 'Cluster';
  readonly versions: readonly CrdVersion[];
}

const crdFileCache = new Map<string, LoadedCrd[]>();
const validatorCache = new Map<string, ValidateFunction>();

/**
 * CRD `pattern`s are Go (RE2) regular expressions. JavaScript lacks RE2's leading inline flags such as `(?i)` (used
 * by ASO's ARM-ID patterns): translate them into RegExp flags. Anything else untranslatable fails compilation loudly.
 */
const goRegExp = Object.assign((pattern: string, flags: string): RegExp => {
  const inline = /^\(\?([ims]+)\)/.exec(pattern);
  if (inline) {
    const extra = [...new Set(inline[1])].filter((f) => !flags.includes(f)).join('');
    return new RegExp(pattern.slice(inline[0].length), flags + extra);
  }
  return new RegExp(pattern, flags);
}, { code: 'new RegExp' });

let ajvInstance: Ajv | undefined;
/**
 * The shared Ajv for Kubernetes schemas (CRDs here, ASO's JSON schemas in aso-schema.ts): Go patterns,
 * standard formats and the `int64` format the generated schemas use.
 */
export function kubernetesSchemaAjv(): Ajv {
  if (!ajvInstance) {
    // unicodeRegExp: false — compiling Go patterns without the `u` flag accepts the common subset (e.g. escaped
    // punctuation) the way the API server does.
    ajvInstance = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false, validateSchema: false, code: { regExp: goRegExp } });
    addFormats(ajvInstance);
    if (!('int64' in ajvInstance.formats)) ajvInstance.addFormat('int64', true);
  }
  return ajvInstance;
}
const ajv = kubernetesSchemaAjv;

/** Loads every CustomResourceDefinition document of a (possibly multi-document) YAML file. Cached. */
export function loadCrds(crdYamlPath: string): LoadedCrd[] {
  const file = path.resolve(crdYamlPath);
  const cached = crdFileCache.get(file);
  if (cached) {
    return cached;
  }
  const crds: LoadedCrd[] = [];
  for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
    if (doc.errors.length > 0) {
      throw new Error(`${file}: YAML error: ${doc.errors[0].message}`);
    }
    const crd = doc.toJS({ maxAliasCount: -1 });
    if (crd?.kind !== 'CustomResourceDefinition' || !String(crd.apiVersion).startsWith('apiextensions.k8s.io/')) {
      continue;
    }
    const versions: CrdVersion[] = (crd.spec?.versions ?? []).map((v: any) => ({
      name: v.name,
      served: v.served !== false,
      // apiextensions.k8s.io/v1beta1 CRDs may carry one schema for all versions in spec.validation.
      schema: v.schema?.openAPIV3Schema ?? crd.spec?.validation?.openAPIV3Schema,
    }));
    crds.push({
      file,
      name: crd.metadata?.name,
      group: crd.spec?.group,
      kind: crd.spec?.names?.kind,
      scope: crd.spec?.scope,
      versions,
    });
  }
  if (crds.length === 0) {
    throw new Error(`${file}: no CustomResourceDefinition found`);
  }
  crdFileCache.set(file, crds);
  return crds;
}

function isPlainObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Translates one CRD schema node (recursively) into plain JSON Schema for Ajv.
 * `structural` is false inside anyOf/allOf/oneOf/not, where Kubernetes only allows value validations: no
 * `additionalProperties: false` is added there, as it would reject fields declared by the structural part.
 */
function toAjvSchema(node: any, structural: boolean): any {
  if (!isPlainObject(node)) {
    return node;
  }
  const out: Record<string, any> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-kubernetes-') || key === 'nullable') {
      continue;
    }
    switch (key) {
      case 'properties':
        out.properties = Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, toAjvSchema(v, structural)]));
        break;
      case 'items':
        out.items = Array.isArray(value) ? value.map((v) => toAjvSchema(v, structural)) : toAjvSchema(value, structural);
        break;
      case 'additionalProperties':
        out.additionalProperties = typeof value === 'boolean' ? value : toAjvSchema(value, structural);
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        out[key] = (value as any[]).map((v) => toAjvSchema(v, false));
        break;
      case 'not':
        out.not = toAjvSchema(value, false);
        break;
      default:
        out[key] = value;
    }
  }

  if (node['x-kubernetes-int-or-string'] === true && out.anyOf === undefined && out.type === undefined) {
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }

  const preserveUnknown = node['x-kubernetes-preserve-unknown-fields'] === true;
  if (node['x-kubernetes-embedded-resource'] === true) {
    out.properties = {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      ...(out.properties ?? {}),
    };
  }
  if (structural && out.properties !== undefined && out.additionalProperties === undefined && !preserveUnknown) {
    out.additionalProperties = false;
  }

  if (node.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
    } else if (Array.isArray(out.type) && !out.type.includes('null')) {
      out.type = [...out.type, 'null'];
    }
    if (Array.isArray(out.enum) && !out.enum.includes(null)) {
      out.enum = [...out.enum, null];
    }
    if (out.anyOf !== undefined) {
      out.anyOf = [...out.anyOf, { type: 'null' }];
    }
  }
  return out;
}

function collectFormats(node: any, into: Set<string>): void {
  if (Array.isArray(node)) {
    node.forEach((n) => collectFormats(n, into));
  } else if (isPlainObject(node)) {
    if (typeof node.format === 'string') {
      into.add(node.format);
    }
    Object.values(node).forEach((n) => collectFormats(n, into));
  }
}

function compile(crd: LoadedCrd, version: CrdVersion): ValidateFunction {
  const key = `${crd.file}#${crd.name}/${version.name}`;
  const cached = validatorCache.get(key);
  if (cached) {
    return cached;
  }
  const schema = toAjvSchema(version.schema, true);
  // Every object accepts apiVersion/kind/metadata at its root, whether or not the CRD lists them.
  if (schema.properties !== undefined) {
    schema.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...schema.properties };
  }
  // Formats that Kubernetes knows but Ajv does not (e.g. "int-or-string" spellings, "bsonobjectid") are accepted
  // as-is rather than making compilation fail: the API server ignores unknown formats too.
  const formats = new Set<string>();
  collectFormats(schema, formats);
  const instance = ajv();
  for (const format of formats) {
    if (!(format in instance.formats)) {
      instance.addFormat(format, true);
    }
  }
  const validate = instance.compile(schema);
  validatorCache.set(key, validate);
  return validate;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function formatAjvError(error: ErrorObject, crd: LoadedCrd, version: string): string {
  const at = error.instancePath || '/';
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = `${error.instancePath}/${escapePointer(String(error.params.additionalProperty))}`;
      return `unknown field ${field} (not in the ${crd.name} ${version} CRD schema; the API server would prune it)`;
    }
    case 'enum':
      return `${at} ${error.message} (${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')})`;
    default:
      return `${at} ${error.message}`;
  }
}

/** Drops the noise Ajv adds for failed anyOf/oneOf when a more specific error exists at or below the same path. */
function pruneCombinatorNoise(errors: ErrorObject[]): ErrorObject[] {
  return errors.filter((e) => {
    if (e.keyword !== 'anyOf' && e.keyword !== 'oneOf') {
      return true;
    }
    return !errors.some((o) => o !== e && o.keyword !== e.keyword && (o.instancePath === e.instancePath || o.instancePath.startsWith(`${e.instancePath}/`)));
  });
}

/**
 * Finds the CRD (in the given files) that defines the object's group and kind, or undefined.
 */
export function findCrd(obj: any, crdYamlPaths: readonly string[]): LoadedCrd | undefined {
  if (typeof obj?.apiVersion !== 'string' || typeof obj?.kind !== 'string') {
    return undefined;
  }
  const { group } = splitApiVersion(obj.apiVersion);
  for (const file of crdYamlPaths) {
    const match = loadCrds(file).find((c) => c.group === group && c.kind === obj.kind);
    if (match) {
      return match;
    }
  }
  return undefined;
}

/**
 * Validates a custom resource against the CRD(s) in `crdYamlPath`. Returns human-readable errors prefixed with
 * "Kind/name: "; an empty array means valid.
 */
export function validateCustomResource(obj: any, crdYamlPath: string): string[] {
  const prefix = `${describeObject(obj)}: `;
  if (!isPlainObject(obj)) {
    return [`${prefix}/ must be an object`];
  }
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
    return [`${prefix}/ apiVersion and kind are required strings`];
  }
  const { group, version } = splitApiVersion(obj.apiVersion);
  const crds = loadCrds(crdYamlPath);
  const crd = crds.find((c) => c.group === group && c.kind === obj.kind);
  if (!crd) {
    const defined = crds.map((c) => `${c.group}/${c.kind}`).join(', ');
    return [`${prefix}/ ${obj.apiVersion} ${obj.kind} is not defined by ${crdYamlPath} (it defines ${defined})`];
  }
  const crdVersion = crd.versions.find((v) => v.name === version);
  if (!crdVersion || !crdVersion.served) {
    const served = crd.versions.filter((v) => v.served).map((v) => `${crd.group}/${v.name}`).join(', ');
    return [`${prefix}/apiVersion ${obj.apiVersion} is not a served version of ${crd.name} (served: ${served})`];
  }
  if (!isPlainObject(crdVersion.schema)) {
    return [`${prefix}/ ${crd.name} ${version} has no openAPIV3Schema: cannot validate`];
  }

  const errors = checkObjectMeta(obj, { namespaced: crd.scope === 'Namespaced' }).map((e) => prefix + e);
  const validate = compile(crd, crdVersion);
  if (!validate(obj)) {
    for (const error of pruneCombinatorNoise(validate.errors ?? [])) {
      errors.push(prefix + formatAjvError(error, crd, version));
    }
  }
  return errors;
}
