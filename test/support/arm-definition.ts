/**
 * Validation of a FRAGMENT of an ARM resource against one `definitions/<name>` entry of an ARM JSON
 * schema file (Azure/azure-resource-manager-schemas, draft-04, local copy under ARM_SCHEMA_ROOT), for
 * values that are not whole resources: e.g. `networkProfile.advancedNetworking` of a managed cluster
 * against `#/definitions/AdvancedNetworking`. (test/support/arm-schema.ts validates whole resources and
 * templates; it has no entry point for one definition.)
 *
 * - Schema files are loaded with every file they reference (`common/definitions.json` for ARM
 *   expressions) into a dedicated Ajv (draft-04) instance, lazily, once.
 * - Errors of the ARM-expression branches (`oneOf [real, expression]`) are dropped, as are errors about
 *   values that are themselves ARM expressions (`"[parameters('x')]"`: not checkable before deployment);
 *   a oneOf/anyOf error is kept only when nothing more specific was reported at or below it.
 * - Unknown properties: the ARM schemas never say `additionalProperties: false`, so a misspelt key
 *   passes Ajv. Unless `{ unknownProperties: false }`, the instance is walked with the schema and keys
 *   an object schema does not list (and has no `additionalProperties` for) are reported. Where the
 *   schema is ambiguous (several real oneOf/anyOf branches) nothing is reported below that point.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { ARM_SCHEMA_ROOT } from './arm-schema';

const URL_PREFIX = 'https://schema.management.azure.com/schemas/';
const EXPRESSION_REF = `${URL_PREFIX}common/definitions.json#/definitions/expression`;

let ajv: Ajv04 | undefined;
const files = new Map<string, any>();
const validators = new Map<string, ValidateFunction>();

function instance(): Ajv04 {
  if (!ajv) {
    ajv = new Ajv04({ allErrors: true, strict: false, validateSchema: false });
    addFormats(ajv);
  }
  return ajv;
}

function externalRefs(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) externalRefs(n, into);
  } else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && !v.startsWith('#')) into.add(v.split('#')[0]);
      else externalRefs(v, into);
    }
  }
}

/** Loads a schema file (by its URL) and the files it references; returns its JSON. */
function load(url: string): any {
  const known = files.get(url);
  if (known) return known;
  if (!url.startsWith(URL_PREFIX)) throw new Error(`cannot map ${url} to ${ARM_SCHEMA_ROOT}`);
  const schema = JSON.parse(fs.readFileSync(path.join(ARM_SCHEMA_ROOT, url.slice(URL_PREFIX.length)), 'utf8'));
  files.set(url, schema);
  const refs = new Set<string>();
  externalRefs(schema, refs);
  for (const ref of refs) if (ref !== url) load(ref);
  instance().addSchema(schema);
  return schema;
}

const isExpression = (v: unknown) => typeof v === 'string' && v.startsWith('[') && !v.startsWith('[[') && v.endsWith(']');

function at(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  return pointer.split('/').slice(1).reduce<any>((n, seg) => n?.[seg.replace(/~1/g, '/').replace(/~0/g, '~')], root);
}

function useful(errors: readonly ErrorObject[], value: unknown): ErrorObject[] {
  const real = errors.filter((e) => !e.schemaPath.includes('common/definitions.json#/definitions/expression') && !isExpression(at(value, e.instancePath)));
  const combinator = (e: ErrorObject) => e.keyword === 'oneOf' || e.keyword === 'anyOf';
  return real.filter((e) => !combinator(e) || !real.some((o) => !combinator(o) && (o.instancePath === e.instancePath || o.instancePath.startsWith(`${e.instancePath}/`))));
}

interface Node {
  readonly schema: any;
  readonly file: string;
}

function deref(n: Node): Node {
  let cur = n;
  for (let i = 0; i < 50 && typeof cur.schema?.$ref === 'string'; i++) {
    const [url, pointer = ''] = (cur.schema.$ref as string).split('#');
    const file = url === '' ? cur.file : url;
    cur = { schema: at(load(file), pointer), file };
  }
  return cur;
}

/** Keys of `value` the schema does not know, as JSON pointers (nothing below an ambiguous point). */
function unknownKeys(value: unknown, node: Node, pointer: string, out: string[]): void {
  if (value === null || typeof value !== 'object' || isExpression(value)) return;
  let n = deref(node);
  // Follow the one real branch of oneOf/anyOf (the other being an ARM expression).
  for (let i = 0; i < 10; i++) {
    const branches = n.schema?.oneOf ?? n.schema?.anyOf;
    if (!Array.isArray(branches)) break;
    const real = branches.filter((b: any) => !(typeof b?.$ref === 'string' && (b.$ref === EXPRESSION_REF || (b.$ref === '#/definitions/expression' && n.file.endsWith('common/definitions.json')))));
    if (real.length !== 1) return;
    n = deref({ schema: real[0], file: n.file });
  }
  if (n.schema?.allOf !== undefined) return; // not needed by the definitions checked here: stay silent rather than guess
  if (Array.isArray(value)) {
    if (n.schema?.items && typeof n.schema.items === 'object' && !Array.isArray(n.schema.items)) {
      value.forEach((v, i) => unknownKeys(v, { schema: n.schema.items, file: n.file }, `${pointer}/${i}`, out));
    }
    return;
  }
  const props: Record<string, unknown> = n.schema?.properties ?? {};
  const additional = n.schema?.additionalProperties;
  for (const [k, v] of Object.entries(value)) {
    const child = `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (k in props) unknownKeys(v, { schema: props[k], file: n.file }, child, out);
    else if (additional !== undefined && typeof additional === 'object') unknownKeys(v, { schema: additional, file: n.file }, child, out);
    else if (additional === undefined && n.schema?.properties !== undefined && Object.keys(props).length > 0) out.push(child);
  }
}

export interface ArmDefinitionOptions {
  /** Report keys the schema does not list. @default true */
  readonly unknownProperties?: boolean;
}

/**
 * Validates `value` against `<apiVersion>/<file>#/definitions/<definition>`. Returns errors as
 * "<definition>: <json pointer> <problem>"; empty means valid. A missing file or definition throws.
 */
export function validateArmDefinition(
  value: unknown,
  apiVersion: string,
  file: string,
  definition: string,
  options: ArmDefinitionOptions = {},
): string[] {
  const url = `${URL_PREFIX}${apiVersion}/${file}`;
  const schema = load(url);
  if (schema.definitions?.[definition] === undefined) throw new Error(`${apiVersion}/${file} has no definitions/${definition}`);
  const ref = `${url}#/definitions/${definition}`;
  let validate = validators.get(ref);
  if (!validate) {
    validate = instance().compile({ $ref: ref });
    validators.set(ref, validate);
  }
  const errors: string[] = [];
  if (!validate(value)) {
    for (const e of useful(validate.errors ?? [], value)) {
      const detail = e.keyword === 'enum' ? ` (${(e.params.allowedValues as unknown[]).map((x) => JSON.stringify(x)).join(', ')})` : '';
      errors.push(`${definition}: ${e.instancePath || '/'} ${e.message}${detail}`);
    }
  }
  if (options.unknownProperties !== false) {
    const unknown: string[] = [];
    unknownKeys(value, { schema: schema.definitions[definition], file: url }, '', unknown);
    errors.push(...unknown.map((p) => `${definition}: unknown property ${p} (not in the ${apiVersion}/${file} schema)`));
  }
  return errors;
}
