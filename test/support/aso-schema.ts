/**
 * Validation of Azure Service Operator v2 custom resources (the ASO form of the stack's Azure resources).
 *
 * Three sources, strict everywhere (unknown fields are errors: the API server would prune them, i.e. a
 * setting would be silently ignored):
 *  1. The JSON schemas converted from ASO CRDs (`reference/azure-resources/aso-crd-jsonschemas`, datree CRDs-catalog;
 *     `spec` and every nested object have `additionalProperties: false`): Account, PrometheusRuleGroup, Workspace
 *     v1api20210601, Extension, RoleAssignment.
 *  2. The ASO v2.16.0 CRD of Extension (`reference/azure-resources/aso-crds`), through validateCustomResource.
 *  3. For the kinds the reference folder has no schema for (NOTES-azure-resources §4: DataCollectionEndpoint,
 *     DataCollectionRule, DataCollectionRuleAssociation v1api20240311, NetworkWatchersFlowLog v1api20241001), our own
 *     JSON schemas written from ASO's generated type listings (`structure.txt`, cited per kind): every spec field with
 *     its type and enums, `additionalProperties: false` at every object. Required fields are those the listings,
 *     the Go types or the ARM API make required (cited).
 * Plus, for every kind: metadata (name a DNS-1123 label, namespace set), apiVersion/kind exactly the schema's, and
 * every reference (`…Reference`, `…References[]`, `owner`) either `{armId}` or an object reference, never both
 * ("ARMID is mutually exclusive with Group, Kind, Namespace and Name", the schemas' own description).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ErrorObject, ValidateFunction } from 'ajv';
import { kubernetesSchemaAjv, validateCustomResource } from './crd-schema';
import { checkObjectMeta, describeObject, splitApiVersion } from './k8s-metadata';
import { REFERENCE_DIR } from './reference';

const ASO_DIR = path.join(REFERENCE_DIR, 'azure-resources');
export const ASO_JSON_SCHEMA_DIR = path.join(ASO_DIR, 'aso-crd-jsonschemas');
export const ASO_CRD_DIR = path.join(ASO_DIR, 'aso-crds');
export const ASO_SAMPLE_DIR = path.join(ASO_DIR, 'aso-samples');

/** ASO's ARM-ID pattern (every schema of the folder uses it), a Go RE2 with a leading `(?i)`. */
const ARM_ID_PATTERN =
  '(?i)(^(/subscriptions/([^/]+)(/resourcegroups/([^/]+))?)?/providers/([^/]+)/([^/]+/[^/]+)(/([^/]+/[^/]+))*$|^/subscriptions/([^/]+)(/resourcegroups/([^/]+))?$)';

// ---------------------------------------------------------------------------------------------------------------
// Our schemas for the kinds without one in the reference folder (a small builder keeps them readable)
// ---------------------------------------------------------------------------------------------------------------

type Schema = Record<string, unknown>;
const str: Schema = { type: 'string' };
const int: Schema = { type: 'integer' };
const bool: Schema = { type: 'boolean' };
const anyJson: Schema = {};
const enm = (...values: string[]): Schema => ({ type: 'string', enum: values });
const arr = (items: Schema): Schema => ({ type: 'array', items });
const map = (values: Schema): Schema => ({ type: 'object', additionalProperties: values });
const obj = (properties: Record<string, Schema>, required: string[] = []): Schema => ({
  type: 'object',
  properties,
  additionalProperties: false,
  ...(required.length > 0 ? { required } : {}),
});
const armId: Schema = { type: 'string', pattern: ARM_ID_PATTERN };
/** genruntime.ResourceReference. */
const resourceReference = obj({ armId, group: str, kind: str, name: str });
/** genruntime.KnownResourceReference (owner of a resource-group resource or a child). */
const knownOwner = obj({ armId, name: str });
/** genruntime.ArbitraryOwnerReference (owner of an extension resource). */
const arbitraryOwner = obj({ armId, group: str, kind: str, name: str });
const destinationExpression = obj({ key: str, name: str, value: str }, ['name', 'value']);
const operatorSpec = obj({ configMapExpressions: arr(destinationExpression), secretExpressions: arr(destinationExpression) });
const tags = map(str);
const provisionedStreams = arr(str);

/** ManagedServiceIdentity of the insights group (ASO@cbe76573 structure: DCE and DCR). */
const insightsIdentity = obj({
  type: enm('None', 'SystemAssigned', 'SystemAssigned,UserAssigned', 'UserAssigned'),
  userAssignedIdentities: arr(obj({ reference: resourceReference }, ['reference'])),
});
const insightsSku = obj({ capacity: int, family: str, name: str, size: str, tier: enm('Basic', 'Free', 'Premium', 'Standard') });

const SYSLOG_FACILITIES = [
  'alert', 'audit', 'auth', 'authpriv', 'clock', 'cron', 'daemon', 'ftp', 'kern', 'local0', 'local1', 'local2', 'local3', 'local4',
  'local5', 'local6', 'local7', 'lpr', 'mail', 'mark', 'news', 'nopri', 'ntp', '*', 'syslog', 'user', 'uucp',
];
const SYSLOG_LEVELS = ['Alert', 'Critical', 'Debug', 'Emergency', 'Error', 'Info', 'Notice', '*', 'Warning'];
const TIMESTAMP_FORMATS = [
  'dd/MMM/yyyy:HH:mm:ss zzz', 'ddMMyy HH:mm:ss', 'ISO 8601', 'M/D/YYYY HH:MM:SS AM/PM', 'MMM d hh:mm:ss', 'Mon DD, YYYY HH:MM:SS',
  'YYYY-MM-DD HH:MM:SS', 'yyMMdd HH:mm:ss', 'yyyy-MM-ddTHH:mm:ssK',
];
const routing = obj({ attributeName: str, attributeValue: str });
const OTEL_TRACE_STREAMS = ['Microsoft-OTel-Traces-Events', 'Microsoft-OTel-Traces-Resources', 'Microsoft-OTel-Traces-Spans'];

/** insights.azure.com/v1api20240311 spec, from ASO@cbe765735cca v2/api/insights/v1api20240311/structure.txt. */
const DCE_SPEC = obj({
  azureName: str,
  description: str,
  identity: insightsIdentity,
  kind: enm('Linux', 'Windows'),
  location: str,
  networkAcls: obj({ publicNetworkAccess: enm('Disabled', 'Enabled', 'SecuredByPerimeter') }),
  operatorSpec,
  owner: knownOwner,
  sku: insightsSku,
  tags,
}, ['owner', 'location']);

const DCR_SPEC = obj({
  agentSettings: obj({ logs: arr(obj({ name: enm('MaxDiskQuotaInMB', 'Tags', 'UseTimeReceivedForForwardedEvents'), value: str })) }),
  azureName: str,
  dataCollectionEndpointReference: resourceReference,
  dataFlows: arr(obj({
    builtInTransform: str, captureOverflow: bool, destinations: arr(str), outputStream: str, streams: provisionedStreams, transformKql: str,
  })),
  dataSources: obj({
    dataImports: obj({ eventHub: obj({ consumerGroup: str, name: str, stream: str }) }),
    etwProviders: arr(obj({
      eventIds: arr(str),
      keyword: str,
      logLevel: enm('Critical', 'Error', 'Informational', 'Verbose', 'Warning'),
      name: str,
      provider: str,
      providerType: enm('EventSource', 'Manifest'),
      streams: provisionedStreams,
    })),
    extensions: arr(obj({ extensionName: str, extensionSettings: map(anyJson), inputDataSources: arr(str), name: str, streams: provisionedStreams })),
    iisLogs: arr(obj({ logDirectories: arr(str), name: str, streams: provisionedStreams, transformKql: str })),
    logFiles: arr(obj({
      filePatterns: arr(str),
      format: enm('json', 'text'),
      name: str,
      settings: obj({ text: obj({ recordStartTimestampFormat: enm(...TIMESTAMP_FORMATS) }) }),
      streams: provisionedStreams,
      transformKql: str,
    })),
    otelLogs: arr(obj({
      enrichWithReference: str,
      enrichWithResourceAttributes: arr(str),
      name: str,
      replaceResourceIdWithReference: bool,
      resourceAttributeRouting: routing,
      streams: arr(enm('Microsoft-OTel-Logs')),
    })),
    otelMetrics: arr(obj({
      enrichWithReference: str, enrichWithResourceAttributes: arr(str), name: str, resourceAttributeRouting: routing, streams: provisionedStreams,
    })),
    otelTraces: arr(obj({
      enrichWithReference: str,
      enrichWithResourceAttributes: arr(str),
      name: str,
      replaceResourceIdWithReference: bool,
      resourceAttributeRouting: routing,
      streams: arr(enm(...OTEL_TRACE_STREAMS)),
    })),
    performanceCounters: arr(obj({
      counterSpecifiers: arr(str),
      name: str,
      samplingFrequencyInSeconds: int,
      streams: provisionedStreams,
      transformKql: str,
    })),
    performanceCountersOTel: arr(obj({
      counterSpecifiers: arr(str), name: str, samplingFrequencyInSeconds: int, streams: arr(enm('Microsoft-OtelPerfMetrics')),
    })),
    platformTelemetry: arr(obj({ name: str, streams: provisionedStreams })),
    prometheusForwarder: arr(obj({ customVMScrapeConfig: arr(map(anyJson)), labelIncludeFilter: map(str), name: str, streams: provisionedStreams })),
    syslog: arr(obj({
      facilityNames: arr(enm(...SYSLOG_FACILITIES)), logLevels: arr(enm(...SYSLOG_LEVELS)), name: str, streams: provisionedStreams, transformKql: str,
    })),
    windowsEventLogs: arr(obj({ name: str, streams: provisionedStreams, transformKql: str, xPathQueries: arr(str) })),
    windowsFirewallLogs: arr(obj({ name: str, profileFilter: arr(enm('Domain', 'Private', 'Public')), streams: provisionedStreams })),
  }),
  description: str,
  destinations: obj({
    azureDataExplorer: arr(obj({ databaseName: str, name: str, resourceReference })),
    azureMonitorMetrics: obj({ name: str }),
    eventHubs: arr(obj({ eventHubResourceReference: resourceReference, name: str })),
    eventHubsDirect: arr(obj({ eventHubResourceReference: resourceReference, name: str })),
    logAnalytics: arr(obj({ name: str, workspaceResourceReference: resourceReference })),
    microsoftFabric: arr(obj({ artifactId: str, databaseName: str, ingestionUri: str, name: str, tenantId: str })),
    monitoringAccounts: arr(obj({ accountResourceReference: resourceReference, name: str })),
    storageAccounts: arr(obj({ containerName: str, name: str, storageAccountResourceReference: resourceReference })),
    storageBlobsDirect: arr(obj({ containerName: str, name: str, storageAccountResourceReference: resourceReference })),
    storageTablesDirect: arr(obj({ name: str, storageAccountResourceReference: resourceReference, tableName: str })),
  }),
  directDataSources: obj({
    otelLogs: arr(obj({
      enrichWithReference: str,
      enrichWithResourceAttributes: arr(str),
      name: str,
      replaceResourceIdWithReference: bool,
      streams: arr(enm('Microsoft-OTel-Logs')),
    })),
    otelMetrics: arr(obj({ enrichWithReference: str, enrichWithResourceAttributes: arr(str), name: str, streams: provisionedStreams })),
    otelTraces: arr(obj({
      enrichWithReference: str,
      enrichWithResourceAttributes: arr(str),
      name: str,
      replaceResourceIdWithReference: bool,
      streams: arr(enm(...OTEL_TRACE_STREAMS)),
    })),
  }),
  identity: insightsIdentity,
  kind: enm('Linux', 'Windows'),
  location: str,
  operatorSpec,
  owner: knownOwner,
  references: obj({
    applicationInsights: arr(obj({ name: str, resourceReference })),
    enrichmentData: obj({ storageBlobs: arr(obj({ blobUrl: str, lookupType: enm('Cidr', 'String'), name: str, resourceReference })) }),
  }),
  sku: insightsSku,
  streamDeclarations: map(obj({ columns: arr(obj({ name: str, type: enm('boolean', 'datetime', 'dynamic', 'int', 'long', 'real', 'string') })) })),
  tags,
}, ['owner', 'location']);

const DCRA_SPEC = obj({
  azureName: str,
  dataCollectionEndpointReference: resourceReference,
  dataCollectionRuleReference: resourceReference,
  description: str,
  operatorSpec,
  owner: arbitraryOwner,
}, ['owner']);

/**
 * network.azure.com/v1api20241001, from ASO@9eeb7d005f79 v2/api/network/v1api20241001/structure.txt (storageReference;
 * earlier generated code had a plain storageId). Required: owner, and the flow log's target and storage (Go type
 * markers `+kubebuilder:validation:Required` at ASO@1b5d8feb; ARM requires both, NOTES §3.10).
 */
const FLOW_LOG_SPEC = obj({
  azureName: str,
  enabled: bool,
  enabledFilteringCriteria: str,
  flowAnalyticsConfiguration: obj({
    networkWatcherFlowAnalyticsConfiguration: obj({
      enabled: bool, trafficAnalyticsInterval: int, workspaceId: str, workspaceRegion: str, workspaceResourceReference: resourceReference,
    }),
  }),
  format: obj({ type: enm('JSON'), version: int }),
  identity: obj({
    type: enm('None', 'SystemAssigned', 'SystemAssigned, UserAssigned', 'UserAssigned'),
    userAssignedIdentities: arr(obj({ reference: resourceReference }, ['reference'])),
  }),
  location: str,
  operatorSpec,
  owner: knownOwner,
  retentionPolicy: obj({ days: int, enabled: bool }),
  storageReference: resourceReference,
  tags,
  targetResourceReference: resourceReference,
}, ['owner', 'storageReference', 'targetResourceReference']);

const resource = (spec: Schema): Schema => ({
  type: 'object',
  properties: { apiVersion: str, kind: str, metadata: { type: 'object' }, spec },
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  additionalProperties: false,
});

// ---------------------------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------------------------

export interface AsoSchemaSource {
  readonly apiVersion: string;
  readonly kind: string;
  /** 'reference-json-schema' (aso-crd-jsonschemas), 'ours' (written here from ASO's structure.txt). */
  readonly origin: 'reference-json-schema' | 'ours';
  readonly schema: () => Schema;
  /** Also validated against this CRD file (aso-crds). */
  readonly crd?: string;
}

const jsonSchemaFile = (file: string) => (): Schema => JSON.parse(fs.readFileSync(path.join(ASO_JSON_SCHEMA_DIR, file), 'utf8'));

export const ASO_SCHEMAS: readonly AsoSchemaSource[] = [
  {
    apiVersion: 'monitor.azure.com/v1api20230403',
    kind: 'Account',
    origin: 'reference-json-schema',
    schema: jsonSchemaFile('monitor.azure.com/account_v1api20230403.json'),
  },
  {
    apiVersion: 'alertsmanagement.azure.com/v1api20230301',
    kind: 'PrometheusRuleGroup',
    origin: 'reference-json-schema',
    schema: jsonSchemaFile('alertsmanagement.azure.com/prometheusrulegroup_v1api20230301.json'),
  },
  {
    apiVersion: 'operationalinsights.azure.com/v1api20210601',
    kind: 'Workspace',
    origin: 'reference-json-schema',
    schema: jsonSchemaFile('operationalinsights.azure.com/workspace_v1api20210601.json'),
  },
  {
    apiVersion: 'authorization.azure.com/v1api20220401',
    kind: 'RoleAssignment',
    origin: 'reference-json-schema',
    schema: jsonSchemaFile('authorization.azure.com/roleassignment_v1api20220401.json'),
  },
  {
    apiVersion: 'kubernetesconfiguration.azure.com/v1api20241101',
    kind: 'Extension',
    origin: 'reference-json-schema',
    schema: jsonSchemaFile('kubernetesconfiguration.azure.com/extension_v1api20241101.json'),
    crd: path.join(ASO_CRD_DIR, 'extensions.kubernetesconfiguration.azure.com.yaml'),
  },
  { apiVersion: 'insights.azure.com/v1api20240311', kind: 'DataCollectionEndpoint', origin: 'ours', schema: () => resource(DCE_SPEC) },
  { apiVersion: 'insights.azure.com/v1api20240311', kind: 'DataCollectionRule', origin: 'ours', schema: () => resource(DCR_SPEC) },
  { apiVersion: 'insights.azure.com/v1api20240311', kind: 'DataCollectionRuleAssociation', origin: 'ours', schema: () => resource(DCRA_SPEC) },
  { apiVersion: 'network.azure.com/v1api20241001', kind: 'NetworkWatchersFlowLog', origin: 'ours', schema: () => resource(FLOW_LOG_SPEC) },
];

// ---------------------------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------------------------

const ajv = kubernetesSchemaAjv;

const validators = new Map<string, ValidateFunction>();
function validatorOf(source: AsoSchemaSource): ValidateFunction {
  const key = `${source.apiVersion}/${source.kind}`;
  let v = validators.get(key);
  if (!v) {
    v = ajv().compile(source.schema());
    validators.set(key, v);
  }
  return v;
}

function formatError(e: ErrorObject): string {
  const at = e.instancePath || '/';
  if (e.keyword === 'additionalProperties') return `unknown field ${e.instancePath}/${String(e.params.additionalProperty)} (not in the schema)`;
  if (e.keyword === 'enum') return `${at} ${e.message} (${(e.params.allowedValues as unknown[]).map((x) => JSON.stringify(x)).join(', ')})`;
  return `${at} ${e.message}`;
}

/** `{armId}` xor `{group, kind, name}` (KnownResourceReference: `{name}`) for every reference of a spec. */
function referenceErrors(value: unknown, at: string, errors: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((x, i) => referenceErrors(x, `${at}/${i}`, errors));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, v] of Object.entries(value)) {
    const here = `${at}/${key}`;
    const refs = key === 'owner' || key === 'reference' || key.endsWith('Reference') ? [v] : key.endsWith('References') && Array.isArray(v) ? v : undefined;
    if (refs) {
      refs.forEach((ref, i) => {
        const where = key.endsWith('References') ? `${here}/${i}` : here;
        if (ref === null || typeof ref !== 'object') return;
        const hasArm = typeof (ref as any).armId === 'string';
        const objectKeys = ['group', 'kind', 'name'].filter((k) => (ref as any)[k] !== undefined);
        if (hasArm && objectKeys.length > 0) errors.push(`${where} armId is mutually exclusive with ${objectKeys.join(', ')}`);
        if (!hasArm && objectKeys.length === 0) errors.push(`${where} needs armId or an object reference`);
        if (!hasArm && key !== 'owner' && objectKeys.length > 0 && objectKeys.length < 3) {
          errors.push(`${where} an object reference needs group, kind and name, got ${objectKeys.join(', ')}`);
        }
      });
    } else {
      referenceErrors(v, here, errors);
    }
  }
}

/** The schema source of an object, or undefined. */
export function asoSchemaOf(o: any): AsoSchemaSource | undefined {
  return ASO_SCHEMAS.find((s) => s.apiVersion === o?.apiVersion && s.kind === o?.kind);
}

/** Validates one ASO object; returns "Kind/namespace/name: problem" strings (empty = valid). */
export function validateAsoObject(o: any): string[] {
  const prefix = `${describeObject(o)}: `;
  const source = asoSchemaOf(o);
  if (!source) {
    const served = ASO_SCHEMAS.map((s) => `${s.apiVersion} ${s.kind}`).join(', ');
    return [`${prefix}no schema for ${o?.apiVersion} ${o?.kind} (schemas: ${served})`];
  }
  const errors = checkObjectMeta(o, { namespaced: true, nameRule: 'dns1123-label' }).map((e) => prefix + e);
  const validate = validatorOf(source);
  if (!validate(o)) errors.push(...(validate.errors ?? []).map((e) => prefix + formatError(e)));
  const refErrors: string[] = [];
  referenceErrors(o?.spec, '/spec', refErrors);
  errors.push(...refErrors.map((e) => prefix + e));
  if (source.crd) errors.push(...validateCustomResource(o, source.crd).map((e) => `${e} (ASO v2.16.0 CRD)`));
  return errors;
}

/** Group of an apiVersion (for tests). */
export function groupOf(apiVersion: string): string {
  return splitApiVersion(apiVersion).group;
}
