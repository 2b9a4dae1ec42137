import { createHash } from 'crypto';
import { AzureResource, AzureValue, isParam, isRef, mapLeaves } from './azure';
import { DCE_TYPE, DCRA_TYPE, DCR_TYPE, PARAM_CLUSTER_ID } from './container-insights-azure';
import { COMMON_LABELS, KubeObject } from './kube';
import { GRAFANA_TYPE, ROLE_ASSIGNMENT_TYPE, RULE_GROUP_TYPE } from './prometheus-azure';
import { FLOW_LOG_TYPE } from './vnet-flow-logs';
import { isToken } from '../model/tokens';
import { AZURE_MONITOR_WORKSPACE_RESOURCE_TYPE, LOG_ANALYTICS_WORKSPACE_RESOURCE_TYPE } from '../model/workspaces';

/**
 * The stack's Azure resources as Azure Service Operator v2 custom resources (NOTES-azure-resources
 * §1, §2.1, §3.x), for cdk8s/GitOps users: the same engine-neutral resources as the ARM form, with
 *  - `spec` = ARM `properties` flattened, plus `location`, `tags`, `kind`, `sku`, `identity` where the
 *    kind has them, an explicit `azureName` (the ARM name) and an `owner` (§2.1);
 *  - every ARM `…Id` field holding a resource ID as a `…Reference` (§2.1): `{armId}` for a literal ID
 *    (deferred Pulumi tokens are copied as they are: the engine substitutes them), `{group, kind, name}`
 *    for a resource of the stack that has an ASO kind (same namespace), `{armId}` built from the
 *    resource group for one that has none (it is deployed by the ARM form);
 *  - no template parameters: ASO has none, so a `param()` leaf is an {@link AsoFormError} naming the
 *    parameter (the cluster's ID is taken from {@link AsoContext.clusterArmId} when given).
 * Kinds ASO does not have (Managed Grafana, Azure Monitor private link scopes) are returned in
 * {@link AsoResult.armFallback} with the reason, to be deployed with the ARM form.
 */

/**
 * The oldest ASO release these objects need: v2.20.0 relaxed the closed enums of the `insights`
 * data-flow and data-source `streams` (Azure/azure-service-operator#5420), without which the
 * Container Insights and Managed Prometheus streams are rejected by the DCR CRD (NOTES §2.4).
 * Every other kind used here is served by v2.20 under the version named in {@link ASO_KINDS}.
 */
export const ASO_MIN_VERSION = '2.20.0';

/**
 * Annotation carrying {@link ASO_MIN_VERSION} on every object. Decision: the requirement travels with
 * the manifests (a GitOps repository holds only them), where a reviewer or an admission policy can read
 * it; ASO ignores annotations outside its own `serviceoperator.azure.com/` prefix.
 */
export const ASO_MIN_VERSION_ANNOTATION = 'azure-monitor-k8s/min-aso-version';

/** Where the resources of an ARM group are deployed (the ARM form's nested-deployment target). */
export interface AsoTarget {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
}

export interface AsoContext {
  /** Namespace of the ASO objects (a DNS-1123 label). Owners and `{group, kind, name}` references resolve in it. */
  readonly namespace: string;
  /**
   * The cluster's resource group, `/subscriptions/<s>/resourceGroups/<g>` (or a deferred token): owner
   * (`armId`) of the top-level resources.
   */
  readonly resourceGroupArmId: string;
  /**
   * ARM ID of the cluster: the value of the template parameter `clusterResourceId` (owner of the
   * data collection rule associations and extensions, scope of rule groups) when the stack had to
   * make it a parameter.
   * @default - the cluster ID must be literal in the resources
   */
  readonly clusterArmId?: string;
  /**
   * The cluster's name: prefix of the object names of the extension resources on the cluster (DCR
   * associations, extensions), so that a deferred cluster ID never decides a name.
   * @default - the last segment of the cluster's ID
   */
  readonly clusterName?: string;
  /**
   * Resources of other resource groups (e.g. the VNet flow log in its network watcher's group),
   * unwrapped from their nested deployments.
   * @default - none
   */
  readonly external?: ReadonlyArray<{ readonly target: AsoTarget; readonly resources: readonly AzureResource[] }>;
}

/** `genruntime.ResourceReference` / owner reference: an ARM ID, or an object of the same namespace. */
export interface AsoReference {
  readonly armId?: string;
  readonly group?: string;
  readonly kind?: string;
  readonly name?: string;
}

export interface AsoObject extends KubeObject {
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly labels: Record<string, string>;
    readonly annotations: Record<string, string>;
  };
  readonly spec: Record<string, unknown>;
}

/** A resource ASO cannot create: deploy it with the ARM form (same neutral resource). */
export interface AsoArmFallback {
  readonly resource: AzureResource;
  readonly reason: string;
  /** Its resource group when it is not the cluster's (an external group). */
  readonly target?: AsoTarget;
}

export interface AsoResult {
  /** The ASO custom resources, in input order (ASO orders creation itself through owners and references). */
  readonly objects: AsoObject[];
  /**
   * Kubernetes Secrets the objects read (an Extension's `configurationProtectedSettings`, which ASO
   * takes only from a Secret of the same namespace: every key of the Secret is one setting, §3.9).
   * They carry the protected values as the resources give them: write them where secrets belong
   * (e.g. sealed), not in plain manifests, when a value is sensitive.
   */
  readonly secrets: KubeObject[];
  readonly armFallback: AsoArmFallback[];
  /** {@link ASO_MIN_VERSION}. */
  readonly minAsoVersion: string;
  /**
   * The operator's `--crd-pattern` (Helm `crdPattern`) these objects need: ASO installs only the CRDs
   * it selects (NOTES §0), e.g. `alertsmanagement.azure.com/*;insights.azure.com/*`.
   */
  readonly crdPattern: string;
}

/**
 * A resource the ASO form cannot express as given: a template parameter (ASO has none) or an ARM
 * field the ASO version has no field for. The stack turns it into a ValidationError naming the prop.
 */
export class AsoFormError extends Error {
  /** `<type> '<name>'` of the resource. */
  public readonly resource: string;
  /** The ARM template parameter that needs a literal value, when that is the reason. */
  public readonly param?: string;
  public readonly reason: string;

  constructor(r: AzureResource, reason: string, param?: string) {
    super(`form 'aso' cannot express ${r.type} '${r.name}': ${reason}`);
    this.name = 'AsoFormError';
    this.resource = `${r.type} '${r.name}'`;
    this.param = param;
    this.reason = reason;
    Object.setPrototypeOf(this, AsoFormError.prototype);
  }
}

/** ARM top-level fields that become spec fields of the same name (where the kind has them). */
const ENVELOPE_KEYS = ['location', 'tags', 'kind', 'sku', 'identity'] as const;
type EnvelopeKey = typeof ENVELOPE_KEYS[number];
const INSIGHTS_ENVELOPE: readonly EnvelopeKey[] = ['location', 'tags', 'kind', 'sku', 'identity'];

/** How an ARM resource is placed, hence what its ASO `owner` is. */
type Placement =
  /** In a resource group: owner `{armId: <group>}` (KnownResourceReference to a ResourceGroup). */
  | 'resource-group'
  /** An extension resource: owner = the ARM `scope` (ArbitraryOwnerReference), §2.1. */
  | 'extension'
  /** A child `<parent type>/<child>` named `<parent>/<name>`: owner `{armId: <parent ID>}`. */
  | 'child';

/** One ARM `…Id` field that ASO writes as a `…Reference`: at the objects under `at` (`*` = each array element). */
interface ReferenceRule {
  readonly at: readonly string[];
  readonly arm: string;
  readonly aso: string;
}

export interface AsoKind {
  readonly type: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly placement: Placement;
  /** The ARM top-level fields the kind has, as spec fields of the same names. */
  readonly envelope: readonly EnvelopeKey[];
  /** Spec fields from ARM `properties` (after the reference renames), from the ASO schema or generated structure. */
  readonly specKeys: readonly string[];
  readonly references: readonly ReferenceRule[];
  /** Where the field list comes from. */
  readonly source: string;
}

const rule = (path: string, aso: string): ReferenceRule => {
  const parts = path.split('.');
  return { at: parts.slice(0, -1), arm: parts[parts.length - 1], aso };
};

/** ARM types without dedicated constants elsewhere (their renderers belong to other modules). */
export const K8S_EXTENSION_TYPE = 'Microsoft.KubernetesConfiguration/extensions';

/**
 * The ASO kind of each ARM type (NOTES §1). Versions: the one matching the ARM form's API version
 * where ASO has it, otherwise the newest one with a schema in the reference folder:
 *  - insights `v1api20240311` = ARM 2024-03-11 (DCE/DCR/DCRA; the group is legacy-versioned, §0);
 *  - alertsmanagement `v1api20230301` (served with `v20230301` since v2.19; the one with a schema);
 *  - monitor `v1api20230403` (the only one); network `v1api20241001` (the only one);
 *  - authorization `v1api20220401` (`v20220401` exists only from v2.21, above our minimum);
 *  - kubernetesconfiguration `v1api20241101` (schema and CRD in the reference folder);
 *  - operationalinsights `v1api20210601`, not `v20250701`: it has a JSON schema here (strict
 *    validation), has every field the stack writes for a workspace (sku, retention, daily cap, public
 *    network access, features, tags: §3.1), and ASO has served it since v2.0. The fields only
 *    v20250701 has (replication, defaultDataCollectionRuleResourceId, identity) are rejected with an
 *    {@link AsoFormError} rather than dropped.
 */
export const ASO_KINDS: readonly AsoKind[] = [
  {
    type: DCE_TYPE,
    group: 'insights.azure.com',
    version: 'v1api20240311',
    kind: 'DataCollectionEndpoint',
    placement: 'resource-group',
    envelope: INSIGHTS_ENVELOPE,
    specKeys: ['description', 'networkAcls'],
    references: [],
    source: 'ASO@cbe76573 v2/api/insights/v1api20240311/structure.txt (NOTES §3.3)',
  },
  {
    type: DCR_TYPE,
    group: 'insights.azure.com',
    version: 'v1api20240311',
    kind: 'DataCollectionRule',
    placement: 'resource-group',
    envelope: INSIGHTS_ENVELOPE,
    specKeys: [
      'agentSettings', 'dataCollectionEndpointReference', 'dataFlows', 'dataSources', 'description', 'destinations',
      'directDataSources', 'references', 'streamDeclarations',
    ],
    references: [
      rule('dataCollectionEndpointId', 'dataCollectionEndpointReference'),
      rule('destinations.logAnalytics.*.workspaceResourceId', 'workspaceResourceReference'),
      rule('destinations.monitoringAccounts.*.accountResourceId', 'accountResourceReference'),
      rule('destinations.eventHubs.*.eventHubResourceId', 'eventHubResourceReference'),
      rule('destinations.eventHubsDirect.*.eventHubResourceId', 'eventHubResourceReference'),
      rule('destinations.storageAccounts.*.storageAccountResourceId', 'storageAccountResourceReference'),
      rule('destinations.storageBlobsDirect.*.storageAccountResourceId', 'storageAccountResourceReference'),
      rule('destinations.storageTablesDirect.*.storageAccountResourceId', 'storageAccountResourceReference'),
      rule('destinations.azureDataExplorer.*.resourceId', 'resourceReference'),
      rule('references.applicationInsights.*.resourceId', 'resourceReference'),
      rule('references.enrichmentData.storageBlobs.*.resourceId', 'resourceReference'),
    ],
    source: 'ASO@cbe76573 v2/api/insights/v1api20240311/structure.txt (NOTES §3.4)',
  },
  {
    type: DCRA_TYPE,
    group: 'insights.azure.com',
    version: 'v1api20240311',
    kind: 'DataCollectionRuleAssociation',
    placement: 'extension',
    envelope: [],
    specKeys: ['dataCollectionEndpointReference', 'dataCollectionRuleReference', 'description'],
    references: [
      rule('dataCollectionRuleId', 'dataCollectionRuleReference'),
      rule('dataCollectionEndpointId', 'dataCollectionEndpointReference'),
    ],
    source: 'ASO@cbe76573 v2/api/insights/v1api20240311/structure.txt (NOTES §3.5)',
  },
  {
    type: RULE_GROUP_TYPE,
    group: 'alertsmanagement.azure.com',
    version: 'v1api20230301',
    kind: 'PrometheusRuleGroup',
    placement: 'resource-group',
    envelope: ['location', 'tags'],
    specKeys: ['clusterName', 'description', 'enabled', 'interval', 'rules', 'scopesReferences'],
    references: [rule('scopes', 'scopesReferences'), rule('rules.*.actions.*.actionGroupId', 'actionGroupReference')],
    source: 'aso-crd-jsonschemas/alertsmanagement.azure.com/prometheusrulegroup_v1api20230301.json (NOTES §3.6)',
  },
  {
    type: AZURE_MONITOR_WORKSPACE_RESOURCE_TYPE,
    group: 'monitor.azure.com',
    version: 'v1api20230403',
    kind: 'Account',
    placement: 'resource-group',
    envelope: ['location', 'tags'],
    specKeys: ['publicNetworkAccess'],
    references: [],
    source: 'aso-crd-jsonschemas/monitor.azure.com/account_v1api20230403.json (NOTES §3.2)',
  },
  {
    type: LOG_ANALYTICS_WORKSPACE_RESOURCE_TYPE,
    group: 'operationalinsights.azure.com',
    version: 'v1api20210601',
    kind: 'Workspace',
    placement: 'resource-group',
    envelope: ['location', 'tags'],
    specKeys: [
      'features', 'forceCmkForQuery', 'publicNetworkAccessForIngestion', 'publicNetworkAccessForQuery', 'retentionInDays', 'sku',
      'workspaceCapping',
    ],
    references: [rule('features.clusterResourceId', 'clusterResourceReference')],
    source: 'aso-crd-jsonschemas/operationalinsights.azure.com/workspace_v1api20210601.json (NOTES §3.1)',
  },
  {
    type: ROLE_ASSIGNMENT_TYPE,
    group: 'authorization.azure.com',
    version: 'v1api20220401',
    kind: 'RoleAssignment',
    placement: 'extension',
    envelope: [],
    specKeys: [
      'condition', 'conditionVersion', 'delegatedManagedIdentityResourceReference', 'description', 'principalId',
      'principalType', 'roleDefinitionReference',
    ],
    references: [
      rule('roleDefinitionId', 'roleDefinitionReference'),
      rule('delegatedManagedIdentityResourceId', 'delegatedManagedIdentityResourceReference'),
    ],
    source: 'aso-crd-jsonschemas/authorization.azure.com/roleassignment_v1api20220401.json (NOTES §3.7)',
  },
  {
    type: K8S_EXTENSION_TYPE,
    group: 'kubernetesconfiguration.azure.com',
    version: 'v1api20241101',
    kind: 'Extension',
    placement: 'extension',
    // `configurationProtectedSettings` is a Secret reference in ASO, never values: see toSpec and AsoResult.secrets.
    envelope: ['identity'],
    specKeys: [
      'aksAssignedIdentity', 'autoUpgradeMinorVersion', 'configurationProtectedSettings', 'configurationSettings', 'extensionType',
      'releaseTrain', 'scope', 'version',
    ],
    references: [],
    source: 'aso-crd-jsonschemas/kubernetesconfiguration.azure.com/extension_v1api20241101.json (NOTES §3.9)',
  },
  {
    type: FLOW_LOG_TYPE,
    group: 'network.azure.com',
    version: 'v1api20241001',
    kind: 'NetworkWatchersFlowLog',
    placement: 'child',
    envelope: ['location', 'tags', 'identity'],
    specKeys: [
      'enabled', 'enabledFilteringCriteria', 'flowAnalyticsConfiguration', 'format', 'retentionPolicy', 'storageReference',
      'targetResourceReference',
    ],
    // `storageReference`, not the plain `storageId` of earlier generated code (ASO@1b5d8feb, @5f8ae6fb):
    // ASO@9eeb7d00 structure.txt and the current sample (ASO@322d9577, aso-samples/) use the
    // reference, and NOTES §3.10 follows the sample; the newest source wins.
    references: [
      rule('targetResourceId', 'targetResourceReference'),
      rule('storageId', 'storageReference'),
      rule('flowAnalyticsConfiguration.networkWatcherFlowAnalyticsConfiguration.workspaceResourceId', 'workspaceResourceReference'),
    ],
    source: 'ASO@9eeb7d00 v2/api/network/v1api20241001/structure.txt, sample ASO@322d9577 (NOTES §3.10)',
  },
];

/** ARM types ASO has no kind for, with the reason given in {@link AsoArmFallback.reason}. */
export const ASO_UNSUPPORTED_TYPES: Readonly<Record<string, string>> = {
  [GRAFANA_TYPE]:
    'Azure Service Operator has no Azure Managed Grafana kind (no dashboard.azure.com group; feature request ' +
    'Azure/azure-service-operator#4518): deploy it with the ARM form',
  'Microsoft.Insights/privateLinkScopes':
    'Azure Service Operator has no Azure Monitor private link scope kind (the insights.azure.com group has no ' +
    'privateLinkScopes): deploy it with the ARM form',
  'Microsoft.Insights/privateLinkScopes/scopedResources':
    'Azure Service Operator has no Azure Monitor private link scope kind (the insights.azure.com group has no ' +
    'privateLinkScopes): deploy it with the ARM form',
};

const KIND_BY_TYPE = new Map(ASO_KINDS.map((k) => [k.type.toLowerCase(), k]));
const UNSUPPORTED_BY_TYPE = new Map(Object.entries(ASO_UNSUPPORTED_TYPES).map(([t, reason]) => [t.toLowerCase(), reason]));

/** The ASO kind of an ARM type, or undefined when ASO has none. */
export function asoKindOf(type: string): AsoKind | undefined {
  return KIND_BY_TYPE.get(type.toLowerCase());
}


const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const RESOURCE_GROUP_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+$/i;

/**
 * `metadata.name` of an ASO object, from the ARM name: lower-cased, and when that is not already a
 * DNS-1123 label (letters, digits, "-", at most 63: valid for every kind and usable as a label value),
 * every other character run becomes "-", the result is cut, and 8 hex characters of the SHA-256 of
 * the lower-cased ARM name are appended, so two ARM names that sanitize alike keep distinct names.
 * Lower-casing alone adds no hash: Azure compares these names case-insensitively, so two names that
 * differ only in case are one resource. Deterministic: the same ARM name always gives the same name.
 */
export function asoObjectName(armName: string): string {
  const lower = armName.toLowerCase();
  if (lower.length <= 63 && DNS1123_LABEL.test(lower)) return lower;
  const hash = createHash('sha256').update(lower).digest('hex').substring(0, 8);
  const cleaned = lower.replace(/[^a-z0-9]+/g, '-').replace(/^-+/, '');
  const cut = cleaned.substring(0, 63 - hash.length - 1).replace(/-+$/, '');
  return cut.length > 0 ? `${cut}-${hash}` : hash;
}

/** The last segment of an ARM ID (the resource's own name). */
function lastSegment(id: string): string {
  const parts = id.split('/').filter((p) => p.length > 0);
  return parts[parts.length - 1] ?? id;
}

function groupArmId(target: AsoTarget): string {
  return `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Rebuilds `value` with the key `from` of the objects under `at` renamed to `to` and its value
 * converted (key order kept). Objects without the key are left as they are.
 */
function renameAt(value: unknown, at: readonly string[], from: string, to: string, convert: (v: unknown) => unknown): unknown {
  if (at.length === 0) {
    if (!isPlainObject(value) || !(from in value)) return value;
    if (to in value) throw new Error(`internal: both ${from} and ${to} are set`);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === from) out[to] = convert(v);
      else out[k] = v;
    }
    return out;
  }
  const [head, ...rest] = at;
  if (head === '*') return Array.isArray(value) ? value.map((x) => renameAt(x, rest, from, to, convert)) : value;
  if (!isPlainObject(value) || !(head in value)) return value;
  return { ...value, [head]: renameAt(value[head], rest, from, to, convert) };
}

/** One ARM resource group's resources being converted (references resolve among them, as ARM `resourceId()` does). */
interface GroupScope {
  readonly groupId: string;
  readonly target?: AsoTarget;
  readonly resources: readonly AzureResource[];
}

/** Per-conversion state: names of the objects, to resolve `ref()`s. */
interface Converter {
  readonly context: AsoContext;
  /** `<groupId lower>|<type lower>|<name lower>` → the object reference of a resource with an ASO kind. */
  readonly objectRefs: Map<string, AsoReference>;
}

function refKey(groupId: string, type: string, name: string): string {
  return `${groupId.toLowerCase()}|${type.toLowerCase()}|${name.toLowerCase()}`;
}

/** The ID the ARM form gives a `ref(type, name)` in `groupId`: `resourceId()` in the deployment's group. */
function armIdInGroup(groupId: string, type: string, name: string): string {
  return `${groupId}/providers/${type}/${name}`;
}

function resolveParam(c: Converter, r: AzureResource, name: string): string {
  if (name === PARAM_CLUSTER_ID && c.context.clusterArmId !== undefined) return c.context.clusterArmId;
  throw new AsoFormError(
    r,
    `needs a literal value for ARM template parameter '${name}' (Azure Service Operator resources take no template parameters)`,
    name,
  );
}

/** An ID leaf as an ASO reference. */
function toReference(c: Converter, g: GroupScope, r: AzureResource, v: unknown): AsoReference {
  if (typeof v === 'string') return { armId: v };
  if (isParam(v)) return { armId: resolveParam(c, r, v.$param) };
  if (isRef(v)) {
    const { type, name } = v.$ref;
    const own = c.objectRefs.get(refKey(g.groupId, type, name));
    if (own) return own;
    if (g.resources.some((x) => x.type.toLowerCase() === type.toLowerCase() && x.name.toLowerCase() === name.toLowerCase())) {
      // A resource of the group deployed by the ARM form (no ASO kind): referenced by its ID.
      return { armId: armIdInGroup(g.groupId, type, name) };
    }
    throw new Error(`internal: ${r.type} '${r.name}' refers to ${type} '${name}', which is not in its resource group`);
  }
  throw new Error(`internal: ${r.type} '${r.name}': a resource ID must be a string, got ${JSON.stringify(v)}`);
}

/**
 * Every leaf that is not in a reference field: parameters resolved or rejected; a `ref()` in a plain
 * string field (e.g. an Arc extension's `configurationSettings.logAnalyticsWorkspaceResourceID` naming
 * a workspace the stack creates) becomes the ID the ARM form's `resourceId()` gives it: a string field
 * cannot hold an ASO reference, and the ID is known from the resource group. ASO does not order on
 * it; the agent reading the setting retries until the workspace exists.
 */
function plainLeaves(c: Converter, g: GroupScope, r: AzureResource, v: unknown): unknown {
  return mapLeaves(v as AzureValue, (leaf) => {
    if (isParam(leaf)) return resolveParam(c, r, leaf.$param);
    if (isRef(leaf)) {
      const ref = toReference(c, g, r, leaf);
      return ref.armId ?? armIdInGroup(g.groupId, leaf.$ref.type, leaf.$ref.name);
    }
    return leaf;
  });
}

/** ARM `identity.userAssignedIdentities` is a map keyed by ID; ASO's is a list of references. */
function identityToAso(c: Converter, g: GroupScope, r: AzureResource, identity: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(identity)) {
    if (k === 'userAssignedIdentities' && isPlainObject(v)) {
      out[k] = Object.keys(v).map((id) => ({ reference: toReference(c, g, r, id) }));
    } else {
      out[k] = v;
    }
  }
  return out;
}

function describeKind(k: AsoKind): string {
  return `${k.group}/${k.version} ${k.kind}`;
}

/** An Extension's protected settings, filled by toSpec. */
interface PendingSecret {
  readonly name: string;
  stringData?: Record<string, string>;
}

function toSpec(c: Converter, g: GroupScope, r: AzureResource, k: AsoKind, secret?: PendingSecret): Record<string, unknown> {
  const envelope: Record<string, unknown> = {};
  if (r.location !== undefined) envelope.location = r.location;
  if (r.tags !== undefined && Object.keys(r.tags).length > 0) envelope.tags = { ...r.tags };
  if (r.kind !== undefined) envelope.kind = r.kind;
  if (r.sku !== undefined) envelope.sku = r.sku;
  if (r.identity !== undefined) envelope.identity = identityToAso(c, g, r, r.identity);

  const properties: Record<string, unknown> = { ...r.properties };
  if (k.type === K8S_EXTENSION_TYPE && properties.configurationProtectedSettings !== undefined) {
    // ASO reads them from a Secret (SecretMapReference `{name}`): the values go to `secret`, the spec names it.
    const values = plainLeaves(c, g, r, properties.configurationProtectedSettings);
    delete properties.configurationProtectedSettings;
    if (!isPlainObject(values) || Object.values(values).some((v) => typeof v !== 'string')) {
      throw new Error(`internal: ${r.type} '${r.name}': configurationProtectedSettings must map names to strings`);
    }
    if (Object.keys(values).length > 0) {
      if (!secret) throw new Error('internal: no Secret name for protected settings');
      secret.stringData = values as Record<string, string>;
      properties.configurationProtectedSettings = { name: secret.name };
    }
  }
  for (const key of Object.keys(envelope)) {
    if (!(k.envelope as readonly string[]).includes(key)) throw new AsoFormError(r, `top-level ${key} has no field in ASO ${describeKind(k)} (${k.source})`);
  }

  let fromProperties: unknown = properties;
  for (const ref of k.references) {
    const convert = (v: unknown) => (Array.isArray(v) ? v.map((x) => toReference(c, g, r, x)) : toReference(c, g, r, v));
    fromProperties = renameAt(fromProperties, ref.at, ref.arm, ref.aso, convert);
  }
  for (const key of Object.keys(fromProperties as Record<string, unknown>)) {
    if (!k.specKeys.includes(key)) throw new AsoFormError(r, `property ${key} has no field in ASO ${describeKind(k)} (${k.source})`);
  }
  return plainLeaves(c, g, r, { ...envelope, ...(fromProperties as Record<string, unknown>) }) as Record<string, unknown>;
}

/** The owner reference and the `metadata.name` base of a resource. */
function ownerAndName(c: Converter, g: GroupScope, r: AzureResource, k: AsoKind): { owner: AsoReference; azureName: string; nameBase: string } {
  switch (k.placement) {
    case 'resource-group':
      if (r.scope !== undefined) throw new Error(`internal: ${r.type} '${r.name}' has a scope but is not an extension resource`);
      return { owner: { armId: g.groupId }, azureName: r.name, nameBase: r.name };
    case 'extension': {
      if (r.scope === undefined) throw new Error(`internal: extension resource ${r.type} '${r.name}' has no scope`);
      const owner = toReference(c, g, r, r.scope);
      // Prefixed with the scope's name: one namespace may hold the objects of several clusters, whose
      // associations share names (ContainerInsightsExtension).
      const clusterArmId = c.context.clusterArmId;
      const onCluster = (isParam(r.scope) && r.scope.$param === PARAM_CLUSTER_ID) ||
        (typeof r.scope === 'string' && clusterArmId !== undefined && r.scope.toLowerCase() === clusterArmId.toLowerCase());
      const scopeName = isRef(r.scope) ? r.scope.$ref.name
        : onCluster && c.context.clusterName !== undefined ? c.context.clusterName : lastSegment(owner.armId ?? '');
      // Object names never depend on a deferred value (DESIGN: names are the contract; an ASO object
      // renamed is an Azure resource deleted and created again).
      if (isToken(scopeName)) throw new Error(`internal: the object name of ${r.type} '${r.name}' would depend on a deferred ID: give AsoContext.clusterName`);
      return { owner, azureName: r.name, nameBase: `${scopeName}-${r.name}` };
    }
    case 'child': {
      const typeParts = k.type.split('/');
      const nameParts = r.name.split('/');
      if (typeParts.length !== 3 || nameParts.length !== 2) throw new Error(`internal: ${r.type} '${r.name}' is not a child resource name`);
      const parentId = `${g.groupId}/providers/${typeParts[0]}/${typeParts[1]}/${nameParts[0]}`;
      return { owner: { armId: parentId }, azureName: nameParts[1], nameBase: nameParts[1] };
    }
  }
}

/**
 * Converts the stack's Azure resources to ASO custom resources (pure). Throws {@link AsoFormError}
 * for what the ASO form cannot express, a plain Error for inconsistent input (a bug).
 */
export function toAsoObjects(resources: readonly AzureResource[], context: AsoContext): AsoResult {
  if (!DNS1123_LABEL.test(context.namespace) || context.namespace.length > 63) {
    throw new Error(`internal: ASO namespace must be a DNS-1123 label, got ${JSON.stringify(context.namespace)}`);
  }
  if (!isToken(context.resourceGroupArmId) && !RESOURCE_GROUP_ID.test(context.resourceGroupArmId)) {
    throw new Error(`internal: resourceGroupArmId must be /subscriptions/<s>/resourceGroups/<g>, got ${JSON.stringify(context.resourceGroupArmId)}`);
  }
  const groups: GroupScope[] = [
    { groupId: context.resourceGroupArmId, resources },
    ...(context.external ?? []).map((x) => ({ groupId: groupArmId(x.target), target: x.target, resources: x.resources })),
  ];
  const c: Converter = { context, objectRefs: new Map() };

  // Pass 1: names of every object, so references resolve whatever the order.
  const planned: Array<{ g: GroupScope; r: AzureResource; k: AsoKind; name: string }> = [];
  const armFallback: AsoArmFallback[] = [];
  const taken = new Map<string, string>();
  for (const g of groups) {
    for (const r of g.resources) {
      const k = asoKindOf(r.type);
      if (!k) {
        const reason = UNSUPPORTED_BY_TYPE.get(r.type.toLowerCase());
        if (reason === undefined) throw new Error(`internal: no Azure Service Operator mapping for ARM type ${r.type} ('${r.name}')`);
        armFallback.push({ resource: r, reason, ...(g.target ? { target: g.target } : {}) });
        continue;
      }
      const { nameBase } = ownerAndName(c, g, r, k);
      const name = asoObjectName(nameBase);
      const key = `${k.group}/${k.kind}/${name}`;
      const prev = taken.get(key);
      if (prev !== undefined) throw new Error(`internal: ${prev} and ${r.type} '${r.name}' would both be ASO ${k.kind} ${name}`);
      taken.set(key, `${r.type} '${r.name}'`);
      if (k.placement !== 'extension') c.objectRefs.set(refKey(g.groupId, r.type, r.name), { group: k.group, kind: k.kind, name });
      planned.push({ g, r, k, name });
    }
  }

  // Pass 2: the objects.
  const secrets: KubeObject[] = [];
  const objects: AsoObject[] = planned.map(({ g, r, k, name }) => {
    const { owner, azureName } = ownerAndName(c, g, r, k);
    const secret: PendingSecret | undefined = k.type === K8S_EXTENSION_TYPE ? { name: asoObjectName(`${name}-protected-settings`) } : undefined;
    const spec = { azureName, owner, ...toSpec(c, g, r, k, secret) };
    if (secret?.stringData) {
      secrets.push({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: secret.name, namespace: context.namespace, labels: { ...COMMON_LABELS } },
        type: 'Opaque',
        stringData: secret.stringData,
      });
    }
    return {
      apiVersion: `${k.group}/${k.version}`,
      kind: k.kind,
      metadata: {
        name,
        namespace: context.namespace,
        labels: { ...COMMON_LABELS },
        annotations: { [ASO_MIN_VERSION_ANNOTATION]: ASO_MIN_VERSION },
      },
      spec,
    };
  });
  const crdGroups = [...new Set(planned.map((p) => p.k.group))].sort();
  return { objects, secrets, armFallback, minAsoVersion: ASO_MIN_VERSION, crdPattern: crdGroups.map((x) => `${x}/*`).join(';') };
}

// ---------------------------------------------------------------------------------------------------
// Back to the neutral shape, for the cross-form equivalence test.
// ---------------------------------------------------------------------------------------------------

/**
 * The canonical form the three forms are compared in: `type` and `name` as in ARM (a child's name is
 * `<parent>/<name>`), `properties` = ARM `properties` with every reference to another resource as
 * its full ARM ID (a stack resource in group G: `G/providers/<type>/<name>`, as the ARM form's
 * `resourceId()` resolves it when deployed to G), template parameters still `{ $param }` unless
 * resolved (the cluster ID from `clusterArmId`), deferred tokens as they are. `envelope` holds the
 * rest of the ARM resource: where it lives (`resourceGroupId` for a resource of a group, `scope` ID
 * for an extension resource) and `location`, `kind`, `tags` (omitted when empty), `sku`, `identity`.
 */
export interface NeutralResource {
  readonly type: string;
  readonly name: string;
  readonly properties: Record<string, unknown>;
  readonly envelope: NeutralEnvelope;
}

export interface NeutralEnvelope {
  readonly resourceGroupId?: string;
  readonly scope?: string;
  readonly location?: string;
  readonly kind?: string;
  readonly tags?: Record<string, string>;
  readonly sku?: Record<string, unknown>;
  readonly identity?: Record<string, unknown>;
}

/** Where an ARM resource is deployed, for {@link neutralOfArm}. */
export interface NeutralWhere {
  /** The group the ARM form deploys it to (`/subscriptions/<s>/resourceGroups/<g>`). */
  readonly resourceGroupArmId: string;
  /** @default - the cluster ID parameter stays a parameter */
  readonly clusterArmId?: string;
}

/** The canonical form of a neutral (ARM-form) resource deployed to `where.resourceGroupArmId`. */
export function neutralOfArm(r: AzureResource, where: NeutralWhere): NeutralResource {
  const resolve = (v: unknown): unknown =>
    mapLeaves(v as AzureValue, (leaf) => {
      if (isRef(leaf)) return armIdInGroup(where.resourceGroupArmId, leaf.$ref.type, leaf.$ref.name);
      if (isParam(leaf) && leaf.$param === PARAM_CLUSTER_ID && where.clusterArmId !== undefined) return where.clusterArmId;
      return leaf;
    });
  const envelope: Record<string, unknown> = {};
  const properties = resolve(r.properties) as Record<string, unknown>;
  // An empty protected-settings map sends nothing; the ASO form has no empty Secret reference for it.
  if (r.type.toLowerCase() === K8S_EXTENSION_TYPE.toLowerCase() && isPlainObject(properties.configurationProtectedSettings) &&
    Object.keys(properties.configurationProtectedSettings).length === 0) {
    delete properties.configurationProtectedSettings;
  }
  if (r.scope !== undefined) envelope.scope = resolve(r.scope);
  else envelope.resourceGroupId = where.resourceGroupArmId;
  if (r.location !== undefined) envelope.location = r.location;
  if (r.kind !== undefined) envelope.kind = r.kind;
  if (r.tags !== undefined && Object.keys(r.tags).length > 0) envelope.tags = { ...r.tags };
  if (r.sku !== undefined) envelope.sku = resolve(r.sku);
  if (r.identity !== undefined) envelope.identity = resolve(r.identity);
  return { type: r.type, name: r.name, properties, envelope: envelope as NeutralEnvelope };
}

function kindOfObject(obj: AsoObject | KubeObject): AsoKind {
  const slash = obj.apiVersion.lastIndexOf('/');
  const group = obj.apiVersion.substring(0, slash);
  const version = obj.apiVersion.substring(slash + 1);
  const k = ASO_KINDS.find((x) => x.group === group && x.version === version && x.kind === obj.kind);
  if (!k) throw new Error(`not an ASO kind of this library: ${obj.apiVersion} ${obj.kind}`);
  return k;
}

function specOf(obj: KubeObject): Record<string, any> {
  const spec = (obj as { spec?: unknown }).spec;
  if (!isPlainObject(spec)) throw new Error(`${obj.kind}/${obj.metadata.name}: no spec`);
  return spec;
}

/** The ARM ID an object reference (or owner) points at: an `armId`, or a peer object's own ID. */
function idOfReference(ref: unknown, peers: readonly KubeObject[], namespace: string | undefined, seen: Set<string>): string {
  if (!isPlainObject(ref)) throw new Error(`not a reference: ${JSON.stringify(ref)}`);
  if (typeof ref.armId === 'string') return ref.armId;
  const peer = peers.find((p) =>
    p.kind === ref.kind && p.apiVersion.startsWith(`${String(ref.group)}/`) && p.metadata.name === ref.name && p.metadata.namespace === namespace);
  if (!peer) throw new Error(`reference ${JSON.stringify(ref)} names no object of the given ones in namespace ${namespace}`);
  return armIdOfAsoObject(peer, peers, seen);
}

function placementOf(obj: KubeObject, peers: readonly KubeObject[], seen: Set<string>): { k: AsoKind; ownerId: string; name: string } {
  const k = kindOfObject(obj);
  const spec = specOf(obj);
  const key = `${obj.apiVersion}/${obj.kind}/${obj.metadata.namespace}/${obj.metadata.name}`;
  if (seen.has(key)) throw new Error(`owner cycle at ${key}`);
  const ownerId = idOfReference(spec.owner, peers, obj.metadata.namespace, new Set([...seen, key]));
  const azureName = typeof spec.azureName === 'string' ? spec.azureName : obj.metadata.name;
  const name = k.placement === 'child' ? `${lastSegment(ownerId)}/${azureName}` : azureName;
  return { k, ownerId, name };
}

/** The ARM ID of the Azure resource an ASO object manages. */
export function armIdOfAsoObject(obj: KubeObject, peers: readonly KubeObject[] = [obj], seen: Set<string> = new Set()): string {
  const { k, ownerId, name } = placementOf(obj, peers, seen);
  if (k.placement === 'child') return `${ownerId}/${k.type.split('/')[2]}/${name.split('/')[1]}`;
  return `${ownerId}/providers/${k.type}/${name}`;
}

/**
 * An ASO object back in the canonical form of {@link NeutralResource}: owner → resource group or
 * scope, references → ARM IDs (`{group, kind, name}` through `peers`, the objects it may refer to,
 * e.g. {@link AsoResult.objects} and {@link AsoResult.secrets}), `azureName` → name, an Extension's
 * protected-settings Secret → its values.
 */
export function asoToNeutral(obj: KubeObject, peers: readonly KubeObject[] = [obj]): NeutralResource {
  const { k, ownerId, name } = placementOf(obj, peers, new Set());
  const spec = specOf(obj);
  const ns = obj.metadata.namespace;
  const envelope: Record<string, unknown> = {};
  if (k.placement === 'extension') envelope.scope = ownerId;
  else envelope.resourceGroupId = k.placement === 'child' ? ownerId.split('/').slice(0, 5).join('/') : ownerId;

  let rest: unknown = {};
  for (const [key, v] of Object.entries(spec)) {
    if (key === 'azureName' || key === 'owner' || key === 'operatorSpec') continue;
    if (key === 'identity' && isPlainObject(v)) {
      const identity: Record<string, unknown> = {};
      for (const [ik, iv] of Object.entries(v)) {
        identity[ik] = ik === 'userAssignedIdentities' && Array.isArray(iv)
          ? Object.fromEntries(iv.map((x: any) => [idOfReference(x.reference, peers, ns, new Set()), {}]))
          : iv;
      }
      envelope.identity = identity;
    } else if ((k.envelope as readonly string[]).includes(key)) {
      envelope[key] = v;
    } else {
      (rest as Record<string, unknown>)[key] = v;
    }
  }
  if (isPlainObject(envelope.tags) && Object.keys(envelope.tags).length === 0) delete envelope.tags;
  const protectedRef = (rest as Record<string, unknown>).configurationProtectedSettings;
  if (k.type === K8S_EXTENSION_TYPE && isPlainObject(protectedRef)) {
    const secret = peers.find((p) => p.apiVersion === 'v1' && p.kind === 'Secret' && p.metadata.name === protectedRef.name && p.metadata.namespace === ns);
    const data = (secret as { stringData?: unknown } | undefined)?.stringData;
    if (!isPlainObject(data)) throw new Error(`${obj.kind}/${obj.metadata.name}: Secret ${String(protectedRef.name)} (with stringData) is not among the given objects`);
    (rest as Record<string, unknown>).configurationProtectedSettings = { ...data };
  }
  // The reference rules backwards: `…Reference` → `…Id` with the referenced ID.
  for (const ref of k.references) {
    const idOf = (x: unknown) => idOfReference(x, peers, ns, new Set());
    const convert = (v: unknown) => (Array.isArray(v) ? v.map(idOf) : idOf(v));
    rest = renameAt(rest, ref.at, ref.aso, ref.arm, convert);
  }
  return { type: k.type, name, properties: rest as Record<string, unknown>, envelope: envelope as NeutralEnvelope };
}
