/**
 * Validation of ARM resources and templates for tests, against the official Azure Resource Manager JSON schemas
 * (Azure/azure-resource-manager-schemas, draft-04) copied to shared/reference/azure-resources/arm-schemas/
 * (see shared/reference/NOTES-azure-resources.md §2.3/§2.4).
 *
 * What it covers:
 *  - each resource against `<apiVersion>/<file>.json#/resourceDefinitions/<type>` (or `extension_resourceDefinitions`
 *    when the resource has a `scope` and the file has one for the type), chosen from the ARM_TYPES table by the
 *    resource's `type` and `apiVersion`. A (type, apiVersion) pair without a schema is an error, never a pass;
 *  - Microsoft.KubernetesConfiguration/extensions: the schema files have no resource-level entry (notes §3.9), so only
 *    `properties` (`#/definitions/ExtensionProperties`), `identity` and `plan` are validated, plus the envelope;
 *  - unknown properties (on by default, `{ unknownProperties: false }` to turn off): the ARM schemas never set
 *    `additionalProperties: false`, so a misspelt property would pass them. We walk the instance with the schema and
 *    report properties that the schema does not list. Where the schema is ambiguous (oneOf/anyOf with several real
 *    branches, free-form objects) nothing is reported below that point;
 *  - templates: `$schema`, `contentVersion`, `resources` array, known top-level keys, parameter declarations, every
 *    `parameters('x')` / `variables('x')` used is declared, every declared parameter is used, and each resource.
 *
 * Deliberate deviation from the published schemas: the DCR `streams` item enums (Microsoft.Insights.json files
 * defining dataCollectionRules) are relaxed to `{type: 'string'}` on the in-memory copy. The published enums only
 * allow Microsoft-Event|-InsightsMetrics|-Perf|-Syslog|-WindowsEvent (and Microsoft-PrometheusMetrics for
 * prometheusForwarder), which rejects the Container Insights streams (Microsoft-ContainerLogV2, Microsoft-KubeEvents,
 * ...) that the service accepts: upstream Azure/azure-resource-manager-schemas#3414 (and Azure/azure-rest-api-specs#21200).
 * Nothing else is relaxed; `relaxedDcrStreamEnums(apiVersion)` lists exactly what was changed. With the copied files
 * that is `definitions/<X>/properties/streams/oneOf/0/items` for X =
 *  - 2022-06-01 and 2023-03-11: DataFlow, ExtensionDataSource, PerfCounterDataSource, PrometheusForwarderDataSource,
 *    SyslogDataSource, WindowsEventLogDataSource;
 *  - 2024-03-11: the same plus OtelLogsDataSource, OtelLogsDirectDataSource, OtelTracesDataSource,
 *    OtelTracesDirectDataSource, PerformanceCountersOTelDataSource.
 * (The other `streams` of those files — IIS, log files, ETW, platform telemetry, firewall, Otel metrics — were already
 * plain strings.)
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { REFERENCE_DIR } from './reference';

/** Local copy of https://schema.management.azure.com/schemas/ (CI clones the repo with shared/ beside it). */
export const ARM_SCHEMA_ROOT = path.join(REFERENCE_DIR, 'azure-resources/arm-schemas');
const SCHEMA_URL_PREFIX = 'https://schema.management.azure.com/schemas/';
const EXPRESSION_URL = `${SCHEMA_URL_PREFIX}common/definitions.json`;
const EXPRESSION_POINTER = '/definitions/expression';

interface ArmTypeRow {
  /** Candidate schema files inside `<apiVersion>/`, first existing one wins. */
  readonly files: readonly string[];
  /** Key in `resourceDefinitions` (child types use '_', e.g. networkWatchers_flowLogs). */
  readonly definition?: string;
  /** When the files have no resource-level entry: validate only `properties` against `#/definitions/<name>`. */
  readonly propertiesDefinition?: string;
}

/** Supported ARM resource types (matched case-insensitively). Adding a type is adding a row. */
const ARM_TYPES: Record<string, ArmTypeRow> = {
  'Microsoft.Insights/dataCollectionRules': { files: ['Microsoft.Insights.json'], definition: 'dataCollectionRules' },
  'Microsoft.Insights/dataCollectionEndpoints': { files: ['Microsoft.Insights.json'], definition: 'dataCollectionEndpoints' },
  'Microsoft.Insights/dataCollectionRuleAssociations': { files: ['Microsoft.Insights.json'], definition: 'dataCollectionRuleAssociations' },
  'Microsoft.Insights/privateLinkScopes': { files: ['Microsoft.Insights.PrivateLinkScopes.json'], definition: 'privateLinkScopes' },
  'Microsoft.Insights/privateLinkScopes/scopedResources': { files: ['Microsoft.Insights.PrivateLinkScopes.json'], definition: 'privateLinkScopes_scopedResources' },
  'Microsoft.Insights/metricAlerts': { files: ['Microsoft.Insights.json'], definition: 'metricAlerts' },
  'Microsoft.Insights/actionGroups': { files: ['Microsoft.Insights.json'], definition: 'actionGroups' },
  'Microsoft.OperationalInsights/workspaces': { files: ['Microsoft.OperationalInsights.json'], definition: 'workspaces' },
  'Microsoft.Monitor/accounts': { files: ['Microsoft.Monitor.json', 'Microsoft.Monitor.Accounts.json'], definition: 'accounts' },
  'Microsoft.AlertsManagement/prometheusRuleGroups': {
    files: ['Microsoft.AlertsManagement.PrometheusRuleGroups.json', 'Microsoft.AlertsManagement.json'],
    definition: 'prometheusRuleGroups',
  },
  'Microsoft.Dashboard/grafana': { files: ['Microsoft.Dashboard.json'], definition: 'grafana' },
  'Microsoft.Authorization/roleAssignments': { files: ['Microsoft.Authorization.json'], definition: 'roleAssignments' },
  'Microsoft.Network/networkWatchers/flowLogs': { files: ['Microsoft.Network.NRP.json'], definition: 'networkWatchers_flowLogs' },
  'Microsoft.ContainerService/managedClusters': { files: ['Microsoft.ContainerService.Aks.json'], definition: 'managedClusters' },
  'Microsoft.KubernetesConfiguration/extensions': { files: ['Microsoft.KubernetesConfiguration.json'], propertiesDefinition: 'ExtensionProperties' },
};

const ARM_TYPES_LOWER = new Map(Object.entries(ARM_TYPES).map(([type, row]) => [type.toLowerCase(), { type, row }]));

/** The ARM resource types this module can validate. */
export const SUPPORTED_ARM_TYPES: readonly string[] = Object.keys(ARM_TYPES);

/** An ARM template expression ("[...]"; "[[" escapes a literal '['). */
function isArmExpression(v: unknown): boolean {
  return typeof v === 'string' && v.startsWith('[') && !v.startsWith('[[') && v.endsWith(']');
}

/** Template-level resource keys that the resource schemas do not list but ARM accepts on every resource. */
const TEMPLATE_RESOURCE_KEYS = new Set(['condition', 'dependsOn', 'copy', 'comments', 'scope']);

// ---------------------------------------------------------------------------------------------------------------
// Schema loading (lazy, cached)
// ---------------------------------------------------------------------------------------------------------------

let ajvInstance: Ajv04 | undefined;
function ajv(): Ajv04 {
  if (!ajvInstance) {
    // validateSchema: false — the files are trusted and some are large (Network.NRP.json is ~1 MB).
    ajvInstance = new Ajv04({ allErrors: true, strict: false, validateSchema: false });
    addFormats(ajvInstance);
  }
  return ajvInstance;
}

/** Raw (post-relaxation) schema JSON by file URL (no fragment). */
const rawSchemas = new Map<string, any>();
/** JSON pointers relaxed by relaxDcrStreamEnums, by file URL. */
const relaxedPointers = new Map<string, string[]>();
const compiled = new Map<string, ValidateFunction>();

function urlToFile(url: string): string {
  if (!url.startsWith(SCHEMA_URL_PREFIX)) {
    throw new Error(`cannot resolve schema ${url}: only ${SCHEMA_URL_PREFIX}* is mapped to ${ARM_SCHEMA_ROOT}`);
  }
  return path.join(ARM_SCHEMA_ROOT, url.slice(SCHEMA_URL_PREFIX.length));
}

function fileUrl(apiVersion: string, file: string): string {
  return `${SCHEMA_URL_PREFIX}${apiVersion}/${file}`;
}

function collectExternalRefs(node: any, into: Set<string>): void {
  if (Array.isArray(node)) {
    node.forEach((n) => collectExternalRefs(n, into));
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && !value.startsWith('#')) {
        into.add(value.split('#')[0]);
      } else {
        collectExternalRefs(value, into);
      }
    }
  }
}

/**
 * Relaxes every `streams` item enum of the DCR definitions of one schema file (in memory), returning the JSON
 * pointers changed. Upstream bug: Azure/azure-resource-manager-schemas#3414 — the published enums reject the
 * Container Insights / custom streams that the service accepts. Only `definitions/<X>/properties/streams` array
 * item enums are touched; the rest of the schema (including other enums) is left as published.
 */
function relaxDcrStreamEnums(schema: any): string[] {
  const relaxed: string[] = [];
  for (const [name, def] of Object.entries<any>(schema.definitions ?? {})) {
    const streams = def?.properties?.streams;
    if (!streams) {
      continue;
    }
    const branches: any[] = Array.isArray(streams.oneOf) ? streams.oneOf : [streams];
    branches.forEach((branch, i) => {
      if (branch?.type === 'array' && Array.isArray(branch.items?.enum)) {
        branch.items = { type: 'string' };
        relaxed.push(`#/definitions/${name}/properties/streams${branch === streams ? '' : `/oneOf/${i}`}/items/enum`);
      }
    });
  }
  return relaxed;
}

/** Loads (once) a schema file and every file it references into Ajv. Returns the raw JSON. */
function loadSchemaFile(url: string): any {
  const cached = rawSchemas.get(url);
  if (cached) {
    return cached;
  }
  const schema = JSON.parse(fs.readFileSync(urlToFile(url), 'utf8'));
  if (schema.resourceDefinitions?.dataCollectionRules && /\/Microsoft\.Insights\.json$/i.test(url)) {
    relaxedPointers.set(url, relaxDcrStreamEnums(schema));
  }
  rawSchemas.set(url, schema);
  const refs = new Set<string>();
  collectExternalRefs(schema, refs);
  for (const ref of refs) {
    if (ref !== url) {
      loadSchemaFile(ref);
    }
  }
  // Registered under its draft-04 `id` (== url + '#').
  ajv().addSchema(schema);
  return schema;
}

function getValidator(ref: string): ValidateFunction {
  let validate = compiled.get(ref);
  if (!validate) {
    loadSchemaFile(ref.split('#')[0]);
    validate = ajv().compile({ $ref: ref });
    compiled.set(ref, validate);
  }
  return validate;
}

/**
 * JSON pointers of the `streams` item enums relaxed in `<apiVersion>/Microsoft.Insights.json` (empty if that file has
 * no DCR definitions or does not exist).
 */
export function relaxedDcrStreamEnums(apiVersion: string): string[] {
  const url = fileUrl(apiVersion, 'Microsoft.Insights.json');
  if (!fs.existsSync(urlToFile(url))) {
    return [];
  }
  loadSchemaFile(url);
  return [...(relaxedPointers.get(url) ?? [])];
}

// ---------------------------------------------------------------------------------------------------------------
// Error formatting
// ---------------------------------------------------------------------------------------------------------------

function isExpressionError(e: ErrorObject): boolean {
  return e.schemaPath.startsWith(`${EXPRESSION_URL}#${EXPRESSION_POINTER}`) || e.schemaPath.includes(`${EXPRESSION_POINTER}/`);
}

/**
 * ARM schemas wrap nearly every property in `oneOf [real, expression]`, so one wrong field yields an error from
 * each branch plus a "must match exactly one schema in oneOf" at every enclosing level. Keep the errors of the
 * real branches; keep a oneOf/anyOf error only when nothing more specific was reported at or below its path.
 */
function selectUsefulErrors(errors: readonly ErrorObject[], instance: unknown): ErrorObject[] {
  // A value that is an ARM expression ("[parameters('name')]") cannot be checked before deployment: drop the
  // errors about it (e.g. a name pattern), but keep errors about the object containing it (e.g. required).
  const real = errors.filter((e) => !isExpressionError(e) && !isArmExpression(resolvePointer(instance, e.instancePath)));
  const isCombinator = (e: ErrorObject) => e.keyword === 'oneOf' || e.keyword === 'anyOf';
  return real.filter((e) => !isCombinator(e) || !real.some((o) => !isCombinator(o) &&
    (o.instancePath === e.instancePath || o.instancePath.startsWith(`${e.instancePath}/`))));
}

function formatError(e: ErrorObject, pathPrefix = ''): string {
  const at = `${pathPrefix}${e.instancePath}` || '/';
  if (e.keyword === 'enum') {
    return `${at} ${e.message} (${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')})`;
  }
  if (e.keyword === 'oneOf' && e.params?.passingSchemas) {
    return `${at} ${e.message} (matches several; is a literal string also a valid ARM expression?)`;
  }
  return `${at} ${e.message}`;
}

function describeResource(resource: any): string {
  const type = typeof resource?.type === 'string' ? resource.type : '<no type>';
  const name = typeof resource?.name === 'string' ? resource.name : '<no name>';
  const apiVersion = typeof resource?.apiVersion === 'string' ? `@${resource.apiVersion}` : '';
  return `${type}${apiVersion} '${name}'`;
}

// ---------------------------------------------------------------------------------------------------------------
// Unknown-property walk
// ---------------------------------------------------------------------------------------------------------------

interface SchemaAt {
  readonly node: any;
  readonly file: string;
}

function resolvePointer(root: any, pointer: string): any {
  if (pointer === '' || pointer === '/') {
    return root;
  }
  return pointer.split('/').slice(1).reduce((node, seg) => node?.[seg.replace(/~1/g, '/').replace(/~0/g, '~')], root);
}

function isExpressionRef(ref: string, file: string): boolean {
  const [url, pointer] = ref.split('#');
  return (url === '' ? file : url) === EXPRESSION_URL && pointer === EXPRESSION_POINTER;
}

function deref(s: SchemaAt): SchemaAt {
  let current = s;
  for (let depth = 0; typeof current.node?.$ref === 'string' && depth < 50; depth++) {
    const [url, pointer = ''] = current.node.$ref.split('#');
    const file = url === '' ? current.file : url;
    current = { node: resolvePointer(loadSchemaFile(file), pointer), file };
  }
  return current;
}

interface Shape {
  readonly properties: Map<string, SchemaAt>;
  /** 'open': any extra key allowed; 'closed': extra keys are unknown; SchemaAt: extra keys validated by it. */
  readonly additional: 'open' | 'closed' | SchemaAt;
  readonly items?: SchemaAt;
}

/** The object/array shape a schema node describes, or undefined where it is ambiguous (then nothing is checked). */
function shapeOf(input: SchemaAt, depth = 0): Shape | undefined {
  if (depth > 20) {
    return undefined;
  }
  const s = deref(input);
  const node = s.node;
  if (node === null || typeof node !== 'object') {
    return { properties: new Map(), additional: 'open' };
  }
  const properties = new Map<string, SchemaAt>();
  let additional: Shape['additional'] = 'open';
  let items: SchemaAt | undefined;
  let sawProperties = false;
  let sawExplicitAdditional = false;

  const merge = (shape: Shape) => {
    shape.properties.forEach((v, k) => properties.set(k, v));
    if (shape.properties.size > 0) {
      sawProperties = true;
    }
    if (shape.additional !== 'open' && shape.additional !== 'closed') {
      additional = shape.additional;
      sawExplicitAdditional = true;
    }
    items = items ?? shape.items;
  };

  if (node.properties && typeof node.properties === 'object') {
    for (const [k, v] of Object.entries(node.properties)) {
      properties.set(k, { node: v, file: s.file });
    }
    sawProperties = Object.keys(node.properties).length > 0;
  }
  if (node.additionalProperties === true) {
    sawExplicitAdditional = true;
  } else if (node.additionalProperties !== undefined && node.additionalProperties !== false) {
    additional = { node: node.additionalProperties, file: s.file };
    sawExplicitAdditional = true;
  }
  if (node.items && typeof node.items === 'object' && !Array.isArray(node.items)) {
    items = { node: node.items, file: s.file };
  }
  for (const sub of node.allOf ?? []) {
    const shape = shapeOf({ node: sub, file: s.file }, depth + 1);
    if (!shape) {
      return undefined;
    }
    merge(shape);
  }
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    if (!Array.isArray(node[keyword])) {
      continue;
    }
    const realBranches = node[keyword].filter((b: any) => !(typeof b?.$ref === 'string' && isExpressionRef(b.$ref, s.file)));
    if (realBranches.length !== 1) {
      return undefined;
    }
    const shape = shapeOf({ node: realBranches[0], file: s.file }, depth + 1);
    if (!shape) {
      return undefined;
    }
    merge(shape);
  }
  if (!sawExplicitAdditional && sawProperties) {
    additional = 'closed';
  }
  return { properties, additional, items };
}

function findUnknownProperties(instance: unknown, schema: SchemaAt, at: string, errors: string[], allowAtRoot: ReadonlySet<string>): void {
  if (instance === null || typeof instance !== 'object' || isArmExpression(instance)) {
    return;
  }
  const shape = shapeOf(schema);
  if (!shape) {
    return;
  }
  if (Array.isArray(instance)) {
    if (shape.items) {
      instance.forEach((item, i) => findUnknownProperties(item, shape.items!, `${at}/${i}`, errors, new Set()));
    }
    return;
  }
  for (const [key, value] of Object.entries(instance)) {
    const child = `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const known = shape.properties.get(key);
    if (known) {
      findUnknownProperties(value, known, child, errors, new Set());
    } else if (shape.additional !== 'open' && shape.additional !== 'closed') {
      findUnknownProperties(value, shape.additional, child, errors, new Set());
    } else if (shape.additional === 'closed' && !allowAtRoot.has(key)) {
      errors.push(child);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------------------------

export interface ArmValidationOptions {
  /** Report properties that the schema does not list (default true). */
  readonly unknownProperties?: boolean;
}

function availableApiVersions(row: ArmTypeRow): string[] {
  if (!fs.existsSync(ARM_SCHEMA_ROOT)) {
    return [];
  }
  return fs.readdirSync(ARM_SCHEMA_ROOT)
    .filter((dir) => row.files.some((f) => fs.existsSync(path.join(ARM_SCHEMA_ROOT, dir, f))))
    .sort();
}

/**
 * Validates one ARM resource object (`{type, apiVersion, name, properties, ...}`). Returns human-readable errors of
 * the form "<type>@<apiVersion> '<name>': <json pointer> <problem>"; an empty array means valid.
 */
export function validateArmResource(resource: any, options: ArmValidationOptions = {}): string[] {
  const prefix = `${describeResource(resource)}: `;
  if (resource === null || typeof resource !== 'object' || Array.isArray(resource)) {
    return [`${prefix}/ must be an object, got ${JSON.stringify(resource)}`];
  }
  if (typeof resource.type !== 'string' || typeof resource.apiVersion !== 'string') {
    return [`${prefix}/ type and apiVersion are required strings`];
  }
  const entry = ARM_TYPES_LOWER.get(resource.type.toLowerCase());
  if (!entry) {
    return [`${prefix}/ no schema for type ${resource.type} (apiVersion ${resource.apiVersion}): not in ARM_TYPES of test/support/arm-schema.ts`];
  }
  const { row } = entry;
  const file = row.files.find((f) => fs.existsSync(path.join(ARM_SCHEMA_ROOT, resource.apiVersion, f)));
  if (!file) {
    return [`${prefix}/ no schema for ${entry.type} apiVersion ${resource.apiVersion}: none of ${row.files.join(', ')} in ` +
      `${path.join(ARM_SCHEMA_ROOT, resource.apiVersion)} (api versions with a schema: ${availableApiVersions(row).join(', ') || 'none'})`];
  }
  const url = fileUrl(resource.apiVersion, file);
  const schema = loadSchemaFile(url);
  return row.propertiesDefinition
    ? validatePropertiesOnly(resource, row.propertiesDefinition, url, schema, prefix, options)
    : validateWholeResource(resource, row.definition!, url, schema, prefix, options);
}

function validateWholeResource(
  resource: any, definition: string, url: string, schema: any, prefix: string, options: ArmValidationOptions,
): string[] {
  const section = resource.scope !== undefined && schema.extension_resourceDefinitions?.[definition]
    ? 'extension_resourceDefinitions'
    : 'resourceDefinitions';
  if (!schema[section]?.[definition]) {
    return [`${prefix}/ no schema for ${resource.type} apiVersion ${resource.apiVersion}: ${url} has no ${section}/${definition}`];
  }
  const ref = `${url}#/${section}/${definition}`;
  const validate = getValidator(ref);
  const errors: string[] = [];
  if (!validate(resource)) {
    errors.push(...selectUsefulErrors(validate.errors ?? [], resource).map((e) => prefix + formatError(e)));
  }
  if (options.unknownProperties !== false) {
    const unknown: string[] = [];
    findUnknownProperties(resource, { node: { $ref: `#/${section}/${definition}` }, file: url }, '', unknown, TEMPLATE_RESOURCE_KEYS);
    errors.push(...unknown.map((p) => `${prefix}unknown property ${p} (not in the ${resource.apiVersion}/${path.basename(url)} schema)`));
  }
  return errors;
}

/** For types whose schema file only has `definitions` (Microsoft.KubernetesConfiguration/extensions). */
function validatePropertiesOnly(
  resource: any, definition: string, url: string, schema: any, prefix: string, options: ArmValidationOptions,
): string[] {
  const errors: string[] = [];
  if (typeof resource.name !== 'string') {
    errors.push(`${prefix}/name is required`);
  }
  const parts: Array<[key: string, def: string]> = [['properties', definition], ['identity', 'Identity'], ['plan', 'Plan']];
  if (resource.properties === undefined) {
    errors.push(`${prefix}/properties is required`);
  }
  const knownTopLevel = new Set(['type', 'apiVersion', 'name', 'properties', 'identity', 'plan', ...TEMPLATE_RESOURCE_KEYS]);
  for (const [key, def] of parts) {
    if (resource[key] === undefined || !schema.definitions?.[def]) {
      continue;
    }
    const validate = getValidator(`${url}#/definitions/${def}`);
    if (!isArmExpression(resource[key]) && !validate(resource[key])) {
      errors.push(...selectUsefulErrors(validate.errors ?? [], resource[key]).map((e) => prefix + formatError(e, `/${key}`)));
    }
    if (options.unknownProperties !== false) {
      const unknown: string[] = [];
      findUnknownProperties(resource[key], { node: { $ref: `#/definitions/${def}` }, file: url }, `/${key}`, unknown, new Set());
      errors.push(...unknown.map((p) => `${prefix}unknown property ${p} (not in the ${resource.apiVersion}/${path.basename(url)} schema)`));
    }
  }
  if (options.unknownProperties !== false) {
    for (const key of Object.keys(resource)) {
      if (!knownTopLevel.has(key)) {
        errors.push(`${prefix}unknown property /${key} (not a property of ${resource.type})`);
      }
    }
  }
  return errors;
}

const TEMPLATE_KEYS = new Set(['$schema', 'contentVersion', 'apiProfile', 'languageVersion', 'definitions', 'metadata', 'parameters', 'variables', 'functions', 'resources', 'outputs']);
const PARAMETER_TYPES = new Set(['string', 'securestring', 'int', 'bool', 'object', 'secureobject', 'array']);
const TEMPLATE_SCHEMA = /^https:\/\/schema\.management\.azure\.com\/schemas\/\d{4}-\d{2}-\d{2}\/(subscription|tenant|managementGroup)?[dD]eploymentTemplate\.json#?$/;

function collectStrings(node: unknown, into: string[]): void {
  if (typeof node === 'string') {
    into.push(node);
  } else if (Array.isArray(node)) {
    node.forEach((n) => collectStrings(n, into));
  } else if (node !== null && typeof node === 'object') {
    Object.values(node).forEach((n) => collectStrings(n, into));
  }
}

/**
 * Names referenced as `<fn>('name')` in the ARM expressions of `node`, keyed lower-case (ARM names are
 * case-insensitive) with the first spelling seen as value.
 */
function referencedNames(node: unknown, fn: 'parameters' | 'variables'): Map<string, string> {
  const strings: string[] = [];
  collectStrings(node, strings);
  const names = new Map<string, string>();
  const re = new RegExp(`\\b${fn}\\(\\s*'([^']*)'\\s*\\)`, 'gi');
  for (const s of strings.filter(isArmExpression)) {
    for (const m of s.matchAll(re)) {
      if (!names.has(m[1].toLowerCase())) {
        names.set(m[1].toLowerCase(), m[1]);
      }
    }
  }
  return names;
}

/**
 * Validates an ARM deployment template: shape, parameter/variable references, and every entry of `resources`
 * with validateArmResource. Returns human-readable errors; an empty array means valid.
 */
export function validateArmTemplate(template: any, options: ArmValidationOptions = {}): string[] {
  if (template === null || typeof template !== 'object' || Array.isArray(template)) {
    return [`template: / must be an object, got ${JSON.stringify(template)}`];
  }
  const errors: string[] = [];
  if (typeof template.$schema !== 'string' || !TEMPLATE_SCHEMA.test(template.$schema)) {
    errors.push(`template: /$schema must be a deploymentTemplate.json schema URL, got ${JSON.stringify(template.$schema)}`);
  }
  if (typeof template.contentVersion !== 'string' || !/^[0-9]+(\.[0-9]+){3}$/.test(template.contentVersion)) {
    errors.push(`template: /contentVersion must be a version like "1.0.0.0", got ${JSON.stringify(template.contentVersion)}`);
  }
  for (const key of Object.keys(template)) {
    if (!TEMPLATE_KEYS.has(key)) {
      errors.push(`template: unknown top-level property /${key}`);
    }
  }

  const parameters = template.parameters ?? {};
  if (typeof parameters !== 'object' || Array.isArray(parameters)) {
    errors.push('template: /parameters must be an object');
  }
  const declared = new Map<string, string>();
  for (const [name, decl] of Object.entries<any>(typeof parameters === 'object' && !Array.isArray(parameters) ? parameters : {})) {
    declared.set(name.toLowerCase(), name);
    if (decl === null || typeof decl !== 'object' || typeof decl.type !== 'string' || !PARAMETER_TYPES.has(decl.type.toLowerCase())) {
      errors.push(`template: /parameters/${name}/type must be one of string, securestring, int, bool, object, secureObject, array`);
    }
  }
  // Uses anywhere count, including other parameters' defaultValue and outputs.
  const used = referencedNames(template, 'parameters');
  for (const [lower, name] of used) {
    if (!declared.has(lower)) {
      errors.push(`template: parameters('${name}') is used but not declared in /parameters`);
    }
  }
  for (const [lower, name] of declared) {
    if (!used.has(lower)) {
      errors.push(`template: parameter '${name}' is declared but never used`);
    }
  }
  const variables = new Set(Object.keys(template.variables ?? {}).map((v) => v.toLowerCase()));
  for (const [lower, name] of referencedNames(template, 'variables')) {
    if (!variables.has(lower)) {
      errors.push(`template: variables('${name}') is used but not declared in /variables`);
    }
  }

  if (!Array.isArray(template.resources)) {
    errors.push('template: /resources must be an array');
  } else {
    template.resources.forEach((resource: any, i: number) => {
      const found = resource?.type === NESTED_DEPLOYMENT_TYPE ? validateNestedDeployment(resource, options) : validateArmResource(resource, options);
      errors.push(...found.map((e) => `resources[${i}] ${e}`));
    });
  }
  return errors;
}

const NESTED_DEPLOYMENT_TYPE = 'Microsoft.Resources/deployments';

/**
 * A nested deployment (`Microsoft.Resources/deployments`): the reference folder has no schema for it, so
 * the envelope is checked by hand against the documented shape (name <= 64 of letters, digits, `-_.()`;
 * `subscriptionId`/`resourceGroup` targets; `properties.mode`, inner `expressionEvaluationOptions`,
 * `parameters` as `{value}` objects matching the inner template's declarations) and the inner template
 * is validated like any template.
 */
function validateNestedDeployment(resource: any, options: ArmValidationOptions): string[] {
  const prefix = `${describeResource(resource)}: `;
  const errors: string[] = [];
  const allowed = new Set(['type', 'apiVersion', 'name', 'subscriptionId', 'resourceGroup', 'dependsOn', 'properties']);
  for (const k of Object.keys(resource)) if (!allowed.has(k)) errors.push(`${prefix}/${k} is not a property of a nested deployment`);
  if (typeof resource.name !== 'string' || !/^[-\w.()]{1,64}$/.test(resource.name)) errors.push(`${prefix}/name must be 1-64 of letters, digits, -_.()`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(resource.apiVersion ?? '')) errors.push(`${prefix}/apiVersion must be a stable version`);
  if (resource.subscriptionId !== undefined && !/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(resource.subscriptionId)) {
    errors.push(`${prefix}/subscriptionId must be a GUID`);
  }
  if (resource.resourceGroup !== undefined && !/^[-\w._()]{1,90}$/.test(resource.resourceGroup)) errors.push(`${prefix}/resourceGroup must be a resource group name`);
  const props = resource.properties ?? {};
  for (const k of Object.keys(props)) {
    if (!['mode', 'expressionEvaluationOptions', 'parameters', 'template'].includes(k)) errors.push(`${prefix}/properties/${k} is not expected`);
  }
  if (props.mode !== 'Incremental') errors.push(`${prefix}/properties/mode must be Incremental (Complete would delete the group's other resources)`);
  if (props.expressionEvaluationOptions?.scope !== 'inner') errors.push(`${prefix}/properties/expressionEvaluationOptions/scope must be inner`);
  const passed = Object.keys(props.parameters ?? {});
  for (const name of passed) {
    if (typeof props.parameters[name] !== 'object' || !('value' in props.parameters[name])) errors.push(`${prefix}/properties/parameters/${name} must be { value }`);
  }
  const declared = Object.keys(props.template?.parameters ?? {});
  const missing = declared.filter((d) => !passed.includes(d) && props.template.parameters[d].defaultValue === undefined);
  if (missing.length > 0) errors.push(`${prefix}/properties/parameters lacks ${missing.join(', ')} of the inner template`);
  const extra = passed.filter((x) => !declared.includes(x));
  if (extra.length > 0) errors.push(`${prefix}/properties/parameters passes ${extra.join(', ')} that the inner template does not declare`);
  errors.push(...validateArmTemplate(props.template, options).map((e) => `${prefix}/properties/template ${e}`));
  return errors;
}
