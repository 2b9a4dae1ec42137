/* eslint-disable @typescript-eslint/no-require-imports -- @pulumi/azure-native is an optional peer, loaded on first use per module */
/**
 * The `@pulumi/azure-native` v3 form of the stack's Azure resources: each engine-neutral
 * {@link AzureResource} becomes one azure-native resource, with ARM's `properties` flattened into the
 * args as azure-native does (NOTES-azure-resources §2.2), sibling references as the `.id` outputs of
 * the created resources (and `dependsOn`), unknown IDs from the caller's parameters, and deferred
 * tokens substituted at the leaves.
 *
 * `@pulumi/azure-native` is an OPTIONAL peer dependency: nothing here imports it at run time until
 * {@link createAzureNativeResources} is called (type-only imports below are erased by the compiler),
 * so users of the ARM or ASO forms never need it installed.
 *
 * API VERSIONS. Each azure-native class is pinned to one API version, its default, which is often
 * older than the version our ARM form writes (the DCR/DCE/DCRA classes use 2022-06-01, our ARM form
 * 2024-03-11; NOTES-azure-resources §1 and §2.2). Other versions need a locally generated SDK
 * (`pulumi package add azure-native <module> <version>`), which this library does not use. So every
 * field we write is checked against the field list of the class's own input type (below, verified by
 * the compiler against the package's `.d.ts`): a field the class cannot express fails at creation
 * ("form azure-native cannot express ..."), never silently dropped. The table is for 3.28.0; a later
 * 3.x may move a class to another default API version (NOTES-azure-resources §5: defaults change
 * between minor releases), so the package is required to be ^3.28.
 */
import type * as alertsmanagement from '@pulumi/azure-native/alertsmanagement';
import type * as authorization from '@pulumi/azure-native/authorization';
import type * as dashboard from '@pulumi/azure-native/dashboard';
import type * as kubernetesconfiguration from '@pulumi/azure-native/kubernetesconfiguration';
import type * as monitor from '@pulumi/azure-native/monitor';
import type * as network from '@pulumi/azure-native/network';
import type * as operationalinsights from '@pulumi/azure-native/operationalinsights';
import * as pulumi from '@pulumi/pulumi';
import { isToken, substituteTokens } from '../model/tokens';
import { AzureRef, AzureResource, AzureValue, isParam, isRef, mapLeaves, refsIn } from '../render/azure';
import { PARAM_CLUSTER_ID } from '../render/container-insights-azure';

// ---------------------------------------------------------------------------------------------------
// Field lists of the classes' input types, checked by the compiler against @pulumi/azure-native 3.28.
// ---------------------------------------------------------------------------------------------------

/** What a field may hold: `true` = a scalar, a free-form value or a map of scalars; an object = its fields; `*` = every key of a map. */
type FieldSpec = true | { readonly [field: string]: FieldSpec };

/** `pulumi.Input<T | undefined>` → `T`. */
type Unwrap<T> = NonNullable<T extends pulumi.OutputInstance<infer U> ? U : T extends Promise<infer U> ? U : T>;

/**
 * The exact field list of an input type: every field, recursively (`-?`), and nothing else (excess
 * property checks of `satisfies`). Arrays are transparent (the spec is the element's); `any`, scalars
 * and maps of scalars are `true`; a map of objects is `{ '*': spec }`.
 */
type ExactSpec<T> = 0 extends 1 & T
  ? true
  : T extends readonly (infer E)[]
    ? ExactSpec<Unwrap<E>>
    : T extends string | number | boolean
      ? true
      : string extends keyof T
        ? ExactSpec<Unwrap<T[string]>> extends true
          ? true
          : { '*': ExactSpec<Unwrap<T[string]>> }
        : { [K in keyof T]-?: ExactSpec<Unwrap<T[K]>> };

type ArgsSpec<A> = { [K in keyof A]-?: ExactSpec<Unwrap<A[K]>> };

const IDENTITY_SPEC = { type: true, userAssignedIdentities: true } as const;

const DCE_ARGS = {
  dataCollectionEndpointName: true,
  description: true,
  identity: IDENTITY_SPEC,
  immutableId: true,
  kind: true,
  location: true,
  networkAcls: { publicNetworkAccess: true },
  resourceGroupName: true,
  tags: true,
} as const satisfies ArgsSpec<monitor.DataCollectionEndpointArgs>;

const DCR_ARGS = {
  dataCollectionEndpointId: true,
  dataCollectionRuleName: true,
  dataFlows: { builtInTransform: true, destinations: true, outputStream: true, streams: true, transformKql: true },
  dataSources: {
    dataImports: { eventHub: { consumerGroup: true, name: true, stream: true } },
    extensions: { extensionName: true, extensionSettings: true, inputDataSources: true, name: true, streams: true },
    iisLogs: { logDirectories: true, name: true, streams: true },
    logFiles: { filePatterns: true, format: true, name: true, settings: { text: { recordStartTimestampFormat: true } }, streams: true },
    performanceCounters: { counterSpecifiers: true, name: true, samplingFrequencyInSeconds: true, streams: true },
    platformTelemetry: { name: true, streams: true },
    prometheusForwarder: { labelIncludeFilter: true, name: true, streams: true },
    syslog: { facilityNames: true, logLevels: true, name: true, streams: true },
    windowsEventLogs: { name: true, streams: true, xPathQueries: true },
    windowsFirewallLogs: { name: true, streams: true },
  },
  description: true,
  destinations: {
    azureMonitorMetrics: { name: true },
    eventHubs: { eventHubResourceId: true, name: true },
    eventHubsDirect: { eventHubResourceId: true, name: true },
    logAnalytics: { name: true, workspaceResourceId: true },
    monitoringAccounts: { accountResourceId: true, name: true },
    storageAccounts: { containerName: true, name: true, storageAccountResourceId: true },
    storageBlobsDirect: { containerName: true, name: true, storageAccountResourceId: true },
    storageTablesDirect: { name: true, storageAccountResourceId: true, tableName: true },
  },
  identity: IDENTITY_SPEC,
  kind: true,
  location: true,
  resourceGroupName: true,
  streamDeclarations: { '*': { columns: { name: true, type: true } } },
  tags: true,
} as const satisfies ArgsSpec<monitor.DataCollectionRuleArgs>;

const DCRA_ARGS = {
  associationName: true,
  dataCollectionEndpointId: true,
  dataCollectionRuleId: true,
  description: true,
  resourceUri: true,
} as const satisfies ArgsSpec<monitor.DataCollectionRuleAssociationArgs>;

const RULE_GROUP_ARGS = {
  clusterName: true,
  description: true,
  enabled: true,
  interval: true,
  location: true,
  resourceGroupName: true,
  ruleGroupName: true,
  rules: {
    actions: { actionGroupId: true, actionProperties: true },
    alert: true,
    annotations: true,
    enabled: true,
    expression: true,
    for: true,
    labels: true,
    record: true,
    resolveConfiguration: { autoResolved: true, timeToResolve: true },
    severity: true,
  },
  scopes: true,
  tags: true,
} as const satisfies ArgsSpec<alertsmanagement.PrometheusRuleGroupArgs>;

const AMW_ARGS = {
  azureMonitorWorkspaceName: true,
  location: true,
  publicNetworkAccess: true,
  resourceGroupName: true,
  tags: true,
} as const satisfies ArgsSpec<monitor.AzureMonitorWorkspaceArgs>;

const WORKSPACE_ARGS = {
  defaultDataCollectionRuleResourceId: true,
  features: {
    clusterResourceId: true,
    disableLocalAuth: true,
    enableDataExport: true,
    enableLogAccessUsingOnlyResourcePermissions: true,
    immediatePurgeDataOn30Days: true,
  },
  forceCmkForQuery: true,
  identity: IDENTITY_SPEC,
  location: true,
  publicNetworkAccessForIngestion: true,
  publicNetworkAccessForQuery: true,
  resourceGroupName: true,
  retentionInDays: true,
  sku: { capacityReservationLevel: true, name: true },
  tags: true,
  workspaceCapping: { dailyQuotaGb: true },
  workspaceName: true,
} as const satisfies ArgsSpec<operationalinsights.WorkspaceArgs>;

const ROLE_ASSIGNMENT_ARGS = {
  condition: true,
  conditionVersion: true,
  delegatedManagedIdentityResourceId: true,
  description: true,
  principalId: true,
  principalType: true,
  roleAssignmentName: true,
  roleDefinitionId: true,
  scope: true,
} as const satisfies ArgsSpec<authorization.RoleAssignmentArgs>;

const GRAFANA_ARGS = {
  identity: IDENTITY_SPEC,
  location: true,
  properties: {
    apiKey: true,
    autoGeneratedDomainNameLabelScope: true,
    deterministicOutboundIP: true,
    enterpriseConfigurations: { marketplaceAutoRenew: true, marketplacePlanId: true },
    grafanaConfigurations: {
      security: { csrfAlwaysCheck: true },
      smtp: { enabled: true, fromAddress: true, fromName: true, host: true, password: true, skipVerify: true, startTLSPolicy: true, user: true },
      snapshots: { externalEnabled: true },
      users: { viewersCanEdit: true },
    },
    grafanaIntegrations: { azureMonitorWorkspaceIntegrations: { azureMonitorWorkspaceResourceId: true } },
    grafanaMajorVersion: true,
    grafanaPlugins: true,
    publicNetworkAccess: true,
    zoneRedundancy: true,
  },
  resourceGroupName: true,
  sku: { name: true },
  tags: true,
  workspaceName: true,
} as const satisfies ArgsSpec<dashboard.GrafanaArgs>;

const EXTENSION_ARGS = {
  aksAssignedIdentity: { type: true },
  autoUpgradeMinorVersion: true,
  clusterName: true,
  clusterResourceName: true,
  clusterRp: true,
  configurationProtectedSettings: true,
  configurationSettings: true,
  extensionName: true,
  extensionType: true,
  identity: { type: true },
  plan: { name: true, product: true, promotionCode: true, publisher: true, version: true },
  releaseTrain: true,
  resourceGroupName: true,
  scope: { cluster: { releaseNamespace: true }, namespace: { targetNamespace: true } },
  statuses: { code: true, displayStatus: true, level: true, message: true, time: true },
  version: true,
} as const satisfies ArgsSpec<kubernetesconfiguration.ExtensionArgs>;

const FLOW_LOG_ARGS = {
  enabled: true,
  enabledFilteringCriteria: true,
  flowAnalyticsConfiguration: {
    networkWatcherFlowAnalyticsConfiguration: {
      enabled: true,
      trafficAnalyticsInterval: true,
      workspaceId: true,
      workspaceRegion: true,
      workspaceResourceId: true,
    },
  },
  flowLogName: true,
  format: { type: true, version: true },
  id: true,
  identity: IDENTITY_SPEC,
  location: true,
  networkWatcherName: true,
  resourceGroupName: true,
  retentionPolicy: { days: true, enabled: true },
  storageId: true,
  tags: true,
  targetResourceId: true,
} as const satisfies ArgsSpec<network.FlowLogArgs>;

// ---------------------------------------------------------------------------------------------------
// ARM type → azure-native class.
// ---------------------------------------------------------------------------------------------------

/** The azure-native modules this form uses (each loaded on first use). */
type ModuleName = 'monitor' | 'alertsmanagement' | 'operationalinsights' | 'authorization' | 'dashboard' | 'kubernetesconfiguration' | 'network';

/**
 * How the ARM envelope (`name`, `scope`) becomes args:
 * - `group`: a resource of a resource group: `resourceGroupName` + the name arg;
 * - `child-group`: a child resource `<parent>/<name>` of a resource group (the flow log: `networkWatcherName` + `flowLogName`);
 * - `extension`: an extension resource on any resource: the scope ID arg + the name arg (DCRA, role assignment);
 * - `arc-extension`: a `Microsoft.KubernetesConfiguration/extensions` resource, whose scope ID is split
 *   into `resourceGroupName`, `clusterRp`, `clusterResourceName` and `clusterName` (PUL kubernetesconfiguration/extension.d.ts).
 */
type Placement =
  | { readonly kind: 'group'; readonly nameArg: string }
  | { readonly kind: 'child-group'; readonly parentNameArg: string; readonly nameArg: string }
  | { readonly kind: 'extension'; readonly scopeArg: string; readonly nameArg: string }
  | { readonly kind: 'arc-extension'; readonly nameArg: string };

interface AzureNativeClass {
  readonly module: ModuleName;
  readonly className: string;
  /** The class's default API version in @pulumi/azure-native 3.28.0 (its `.d.ts` header). */
  readonly apiVersion: string;
  readonly placement: Placement;
  /** The ARM type's envelope fields (beside `name`/`scope`), each an arg of the same name (ARMS resourceDefinitions). */
  readonly envelope: ReadonlyArray<EnvelopeField>;
  /** Where ARM's `properties` go: flattened into the args (most classes) or kept as the `properties` arg (Grafana). */
  readonly properties: 'flatten' | 'nested';
  /**
   * Properties the class fills in with its own default when they are absent, where that default is not
   * what ARM does without them: the resource must write them.
   */
  readonly mustWrite?: Readonly<Record<string, string>>;
  readonly args: { readonly [field: string]: FieldSpec };
}

/** One row per ARM type (NOTES-azure-resources §1 table, §2.2, §3.x). Adding a type is adding a row. */
const CLASSES: Record<string, AzureNativeClass> = {
  'Microsoft.Insights/dataCollectionEndpoints': {
    module: 'monitor',
    className: 'DataCollectionEndpoint',
    apiVersion: '2022-06-01',
    placement: { kind: 'group', nameArg: 'dataCollectionEndpointName' },
    envelope: ['location', 'tags', 'kind', 'identity'],
    properties: 'flatten',
    args: DCE_ARGS,
  },
  'Microsoft.Insights/dataCollectionRules': {
    module: 'monitor',
    className: 'DataCollectionRule',
    apiVersion: '2022-06-01',
    placement: { kind: 'group', nameArg: 'dataCollectionRuleName' },
    envelope: ['location', 'tags', 'kind', 'identity'],
    properties: 'flatten',
    args: DCR_ARGS,
  },
  'Microsoft.Insights/dataCollectionRuleAssociations': {
    module: 'monitor',
    className: 'DataCollectionRuleAssociation',
    apiVersion: '2022-06-01',
    placement: { kind: 'extension', scopeArg: 'resourceUri', nameArg: 'associationName' },
    envelope: [],
    properties: 'flatten',
    args: DCRA_ARGS,
  },
  'Microsoft.AlertsManagement/prometheusRuleGroups': {
    module: 'alertsmanagement',
    className: 'PrometheusRuleGroup',
    apiVersion: '2023-03-01',
    placement: { kind: 'group', nameArg: 'ruleGroupName' },
    envelope: ['location', 'tags'],
    properties: 'flatten',
    args: RULE_GROUP_ARGS,
  },
  'Microsoft.Monitor/accounts': {
    module: 'monitor',
    className: 'AzureMonitorWorkspace',
    apiVersion: '2023-04-03',
    placement: { kind: 'group', nameArg: 'azureMonitorWorkspaceName' },
    envelope: ['location', 'tags'],
    properties: 'flatten',
    args: AMW_ARGS,
  },
  'Microsoft.OperationalInsights/workspaces': {
    module: 'operationalinsights',
    className: 'Workspace',
    apiVersion: '2023-09-01',
    placement: { kind: 'group', nameArg: 'workspaceName' },
    envelope: ['location', 'tags', 'identity'],
    properties: 'flatten',
    args: WORKSPACE_ARGS,
  },
  'Microsoft.Authorization/roleAssignments': {
    module: 'authorization',
    className: 'RoleAssignment',
    apiVersion: '2022-04-01',
    placement: { kind: 'extension', scopeArg: 'scope', nameArg: 'roleAssignmentName' },
    envelope: [],
    properties: 'flatten',
    // PUL authorization/roleAssignment.js: `principalType ?? "User"`; ARM leaves it to Azure, and "User" is
    // wrong for a managed identity (a service principal).
    mustWrite: { principalType: 'the class sends "User" when it is absent' },
    args: ROLE_ASSIGNMENT_ARGS,
  },
  'Microsoft.Dashboard/grafana': {
    module: 'dashboard',
    className: 'Grafana',
    apiVersion: '2024-10-01',
    placement: { kind: 'group', nameArg: 'workspaceName' },
    envelope: ['location', 'tags', 'sku', 'identity'],
    properties: 'nested',
    args: GRAFANA_ARGS,
  },
  'Microsoft.KubernetesConfiguration/extensions': {
    module: 'kubernetesconfiguration',
    className: 'Extension',
    apiVersion: '2023-05-01',
    // The class fills in `autoUpgradeMinorVersion ?? true` and `releaseTrain ?? "Stable"` (PUL extension.js):
    // the service's own defaults, so no mustWrite. (FlowLog's `format.version ?? 0` and `retentionPolicy`
    // defaults never apply: our flow log writes both objects in full.)
    placement: { kind: 'arc-extension', nameArg: 'extensionName' },
    envelope: ['identity'],
    properties: 'flatten',
    args: EXTENSION_ARGS,
  },
  'Microsoft.Network/networkWatchers/flowLogs': {
    module: 'network',
    className: 'FlowLog',
    apiVersion: '2024-05-01',
    placement: { kind: 'child-group', parentNameArg: 'networkWatcherName', nameArg: 'flowLogName' },
    envelope: ['location', 'tags', 'identity'],
    properties: 'flatten',
    args: FLOW_LOG_ARGS,
  },
};

/** Envelope fields of an ARM resource that azure-native takes as args of the same name. */
const ENVELOPE_FIELDS = ['location', 'kind', 'tags', 'sku', 'identity'] as const;
type EnvelopeField = (typeof ENVELOPE_FIELDS)[number];

/** What this form uses for one ARM type. */
export interface AzureNativeClassInfo {
  /** The azure-native type token, e.g. `azure-native:monitor:DataCollectionRule`. */
  readonly token: string;
  /** `module.Class`, e.g. `monitor.DataCollectionRule`. */
  readonly className: string;
  /** The API version azure-native 3.28 uses for it (its default; other versions need a local SDK). */
  readonly apiVersion: string;
}

/** The azure-native class of each ARM type this form can express. */
export const AZURE_NATIVE_CLASSES: Readonly<Record<string, AzureNativeClassInfo>> = Object.fromEntries(
  Object.entries(CLASSES).map(([type, c]) => [type, { token: tokenOf(c), className: `${c.module}.${c.className}`, apiVersion: c.apiVersion }]),
);

function tokenOf(c: AzureNativeClass): string {
  return `azure-native:${c.module}:${c.className}`;
}

/** The args that come from the envelope (they never come from ARM `properties`). */
function envelopeArgs(c: AzureNativeClass): string[] {
  const p = c.placement;
  const placed =
    p.kind === 'group'
      ? ['resourceGroupName', p.nameArg]
      : p.kind === 'child-group'
        ? ['resourceGroupName', p.parentNameArg, p.nameArg]
        : p.kind === 'extension'
          ? [p.scopeArg, p.nameArg]
          : ['resourceGroupName', 'clusterRp', 'clusterResourceName', 'clusterName', p.nameArg];
  return [...placed, ...c.envelope, ...(c.properties === 'nested' ? ['properties'] : [])];
}

// ---------------------------------------------------------------------------------------------------
// Loading the optional peer.
// ---------------------------------------------------------------------------------------------------

type ResourceCtor = new (name: string, args: Record<string, unknown>, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;
type ProviderCtor = new (name: string, args: Record<string, unknown>, opts?: pulumi.ResourceOptions) => pulumi.ProviderResource;

/** One literal `require` per module (bundlers and `jest.mock` see each path). */
const MODULES: Record<ModuleName | 'provider', () => Record<string, unknown>> = {
  monitor: () => require('@pulumi/azure-native/monitor'),
  alertsmanagement: () => require('@pulumi/azure-native/alertsmanagement'),
  operationalinsights: () => require('@pulumi/azure-native/operationalinsights'),
  authorization: () => require('@pulumi/azure-native/authorization'),
  dashboard: () => require('@pulumi/azure-native/dashboard'),
  kubernetesconfiguration: () => require('@pulumi/azure-native/kubernetesconfiguration'),
  network: () => require('@pulumi/azure-native/network'),
  provider: () => require('@pulumi/azure-native/provider'),
};

const INSTALL_HINT = 'install the optional peer dependency @pulumi/azure-native ^3 (npm install @pulumi/azure-native@^3.28)';

function isMissingAzureNative(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown };
  // Only the first line: Node lists the requiring files (which may contain the package's path) below it.
  const first = typeof err?.message === 'string' ? err.message.split('\n')[0] : '';
  return err?.code === 'MODULE_NOT_FOUND' && first.includes("'@pulumi/azure-native");
}

/** Throws a clear error unless @pulumi/azure-native 3.x (≥ 3.28, the version the field lists were checked against) is installed. */
function checkAzureNativeInstalled(): void {
  let version: string;
  try {
    version = String((require('@pulumi/azure-native/package.json') as { version?: unknown }).version);
  } catch (e) {
    if (isMissingAzureNative(e)) throw new Error(`The @pulumi/azure-native form of the Azure resources needs @pulumi/azure-native, which is not installed: ${INSTALL_HINT}.`);
    throw e;
  }
  const m = /^(\d+)\.(\d+)\./.exec(version);
  if (!m || Number(m[1]) !== 3 || Number(m[2]) < 28) {
    throw new Error(
      `The @pulumi/azure-native form of the Azure resources needs @pulumi/azure-native ^3.28 (its v3 modules and default API versions); found ${version}: ${INSTALL_HINT}.`,
    );
  }
}

function loadModule(module: ModuleName | 'provider'): Record<string, unknown> {
  try {
    return MODULES[module]();
  } catch (e) {
    if (isMissingAzureNative(e)) throw new Error(`The @pulumi/azure-native form could not load @pulumi/azure-native/${module}: ${INSTALL_HINT}.`);
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------
// The form.
// ---------------------------------------------------------------------------------------------------

/** Resources of another resource group (and maybe subscription), e.g. the VNet flow log in `NetworkWatcherRG`. */
export interface AzureNativeExternalResources {
  readonly target: { readonly subscriptionId: string; readonly resourceGroup: string };
  readonly resources: readonly AzureResource[];
}

/** Where and with which values {@link createAzureNativeResources} creates the resources. */
export interface AzureNativeContext {
  /** Name of the cluster's resource group: where `resources` are created. */
  readonly resourceGroupName: pulumi.Input<string>;
  /**
   * ARM ID of the cluster: the value of the `clusterResourceId` parameter (the scope of the cluster's
   * data collection rule associations) when `parameters` does not give it.
   * @default - only `parameters.clusterResourceId`
   */
  readonly clusterResourceId?: pulumi.Input<string>;
  /**
   * Subscription of the cluster's resource group, which the azure-native provider the parent passes
   * down must target. Decides which external targets (and literal Arc extension scopes) are in
   * another subscription.
   * @default - the subscription of `clusterResourceId` (or `parameters.clusterResourceId`) when it is
   * a literal ID; otherwise unknown, and every external target gets its own provider
   */
  readonly subscriptionId?: string;
  /**
   * Resources of other resource groups. A target in the cluster's subscription is created with the
   * inherited provider and `resourceGroupName` = `target.resourceGroup`. A target in another subscription
   * (or when the cluster's subscription is unknown) is created with an explicit azure-native provider
   * for `target.subscriptionId`: the one in `providers`, else one this function creates as a child of
   * `parent` (named `<namePrefix>-azure-native-<subscriptionId>`; it authenticates from the environment
   * — `az login`, `ARM_*` variables — not from the stack's `azure-native:*` configuration).
   * @default []
   */
  readonly external?: ReadonlyArray<AzureNativeExternalResources>;
  /**
   * Explicit azure-native providers by subscription ID, used for external targets in other subscriptions.
   * @default - providers are created as needed
   */
  readonly providers?: Readonly<Record<string, pulumi.ProviderResource>>;
  /**
   * Values of the `param(...)` leaves (the ARM template's parameters), e.g. `logAnalyticsWorkspaceResourceId`.
   * A leaf without a value is an error naming the parameter.
   */
  readonly parameters: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * Values of the deferred tokens (`${azmk8s-deferred:N}`) in literal strings, by index: the
   * Pulumi `MonitoringStack`'s resolved (and validated) deferred inputs. Every string holding a token
   * becomes an output of these values, so the resources also wait for their validation.
   * @default - no tokens allowed
   */
  readonly deferredValues?: pulumi.Input<readonly string[]>;
}

/** What {@link createAzureNativeResources} created. */
export interface AzureNativeResult {
  /** The azure-native resources, by the `logicalId` of the Azure resource they express. */
  readonly resources: Record<string, pulumi.CustomResource>;
  /** Their ARM resource IDs (`.id`), by `logicalId`. */
  readonly ids: Record<string, pulumi.Output<string>>;
}

/** One resource to create, with the list (resource group) it belongs to. */
interface Planned {
  readonly resource: AzureResource;
  readonly cls: AzureNativeClass;
  readonly group: pulumi.Input<string>;
  readonly list: readonly AzureResource[];
  /** The list's subscription, for external targets. */
  readonly subscriptionId?: string;
}

function describe(r: AzureResource): string {
  return `${r.type} "${r.name}" (logicalId ${r.logicalId})`;
}

function cannotExpress(r: AzureResource, cls: AzureNativeClass | undefined, what: string, reason = 'which has no such field'): Error {
  const cause = cls
    ? `@pulumi/azure-native 3.28 ${cls.module}.${cls.className} uses API version ${cls.apiVersion} (our ARM form writes ${r.apiVersion}), ${reason}`
    : `no @pulumi/azure-native class is mapped to this type (supported: ${Object.keys(CLASSES).join(', ')})`;
  return new Error(`form azure-native cannot express ${what} of ${describe(r)}: ${cause}. Use the ARM form for this resource.`);
}

/**
 * Every path of `value` the spec does not have. Refs and params are ID strings; a value whose spec is
 * an object must be an object (or a list of them).
 */
function unknownFields(value: AzureValue, spec: FieldSpec, path: string, out: string[]): void {
  if (spec === true) return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => unknownFields(v, spec, `${path}[${i}]`, out));
    return;
  }
  if (value === null || typeof value !== 'object' || isRef(value) || isParam(value)) {
    out.push(`${path} (an object in azure-native, a ${isRef(value) || isParam(value) ? 'resource ID' : typeof value} here)`);
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    const sub = spec[k] ?? spec['*'];
    if (sub === undefined) out.push(path ? `${path}.${k}` : k);
    else unknownFields(v, sub, path ? `${path}.${k}` : k, out);
  }
}

/**
 * The args of one resource, still with neutral leaves (refs, params, tokens): the ARM envelope as
 * the class's own args, and `properties` flattened (or as `properties`). Throws when the class cannot
 * express a field.
 */
function neutralArgs(r: AzureResource, cls: AzureNativeClass): Record<string, AzureValue> {
  const args: Record<string, AzureValue> = {};
  const problems: string[] = [];
  const p = cls.placement;
  if (p.kind === 'child-group') {
    const parts = r.name.split('/');
    if (parts.length !== 2 || parts.some((x) => x === '')) {
      throw cannotExpress(r, cls, `name "${r.name}"`, `which takes the name as ${p.parentNameArg} and ${p.nameArg} ("<${p.parentNameArg}>/<${p.nameArg}>")`);
    }
    args[p.parentNameArg] = parts[0];
    args[p.nameArg] = parts[1];
  } else {
    args[p.nameArg] = r.name;
  }
  if (p.kind === 'extension' || p.kind === 'arc-extension') {
    if (r.scope === undefined) throw cannotExpress(r, cls, 'a missing scope', 'which needs the target resource ID of this extension resource');
    if (p.kind === 'extension') args[p.scopeArg] = r.scope;
  } else if (r.scope !== undefined) {
    problems.push('scope');
  }
  const envelope: Record<string, AzureValue | undefined> = {
    location: r.location,
    kind: r.kind,
    tags: r.tags !== undefined && Object.keys(r.tags).length > 0 ? r.tags : undefined,
    sku: r.sku,
    identity: r.identity === undefined ? undefined : identityArgs(r.identity),
  };
  for (const f of ENVELOPE_FIELDS) {
    const v = envelope[f];
    if (v === undefined) continue;
    if (!cls.envelope.includes(f)) problems.push(f);
    else args[f] = v;
  }
  const reserved = new Set(envelopeArgs(cls));
  if (cls.properties === 'nested') {
    args.properties = r.properties;
  } else {
    for (const [k, v] of Object.entries(r.properties)) {
      // A property named like an envelope arg (e.g. a role assignment's read-only `properties.scope`) would collide.
      if (reserved.has(k)) problems.push(`properties.${k}`);
      else args[k] = v;
    }
  }
  for (const [field, why] of Object.entries(cls.mustWrite ?? {})) {
    if (r.properties[field] === undefined) problems.push(`a missing properties.${field} (${why})`);
  }
  const unknown: string[] = [];
  unknownFields(args, cls.args, '', unknown);
  for (const u of unknown) problems.push(cls.properties === 'flatten' && !reserved.has(u.split(/[.[ ]/)[0]) ? `properties.${u}` : u);
  if (problems.length > 0) throw cannotExpress(r, cls, problems.join(', '));
  return args;
}

/** ARM `identity` → azure-native: `userAssignedIdentities` is a map `{ <id>: {} }` in ARM and a list of IDs in azure-native (PUL types/input.d.ts). */
function identityArgs(identity: { [key: string]: AzureValue }): AzureValue {
  const ua = identity.userAssignedIdentities;
  if (ua === undefined || ua === null || typeof ua !== 'object' || Array.isArray(ua) || isRef(ua) || isParam(ua)) return identity;
  return { ...identity, userAssignedIdentities: Object.keys(ua) };
}

/** `/subscriptions/<s>/resourceGroups/<g>/providers/<rp>/<type>/<name>` of a top-level resource, or undefined. */
function parseTopLevelId(id: string): { subscriptionId: string; resourceGroup: string; rp: string; type: string; name: string } | undefined {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)$/i.exec(id);
  return m ? { subscriptionId: m[1], resourceGroup: m[2], rp: m[3], type: m[4], name: m[5] } : undefined;
}

function refKey(type: string, name: string): string {
  return `${type.toLowerCase()}\u0000${name.toLowerCase()}`;
}

/**
 * Creates the azure-native resources of `resources` (the cluster's resource group) and of
 * `context.external` as children of `parent`, named `<namePrefix>-<logicalId>` (never depending on
 * a token, so URNs are stable). `ref(type, name)` leaves become the `.id` of the resource of that
 * type and name in the same list (the same resource group, as ARM's `resourceId()`), and the
 * referencing resource `dependsOn` it (refs in `scope` included). Everything is checked before the
 * first resource is created: an ARM type or field the class cannot express, a ref to no resource of
 * the list, a parameter without value, a deferred token without `deferredValues` are errors.
 */
export function createAzureNativeResources(
  parent: pulumi.ComponentResource,
  namePrefix: string,
  resources: readonly AzureResource[],
  context: AzureNativeContext,
): AzureNativeResult {
  checkAzureNativeInstalled();

  const lists: Array<{ list: readonly AzureResource[]; group: pulumi.Input<string>; subscriptionId?: string }> = [
    { list: resources, group: context.resourceGroupName },
    ...(context.external ?? []).map((x) => ({ list: x.resources, group: x.target.resourceGroup, subscriptionId: x.target.subscriptionId })),
  ];

  // 1. Check everything: types, fields, names, refs, parameters, tokens.
  const seen = new Map<string, AzureResource>();
  const plannedArgs = new Map<AzureResource, Record<string, AzureValue>>();
  for (const { list } of lists) {
    for (const r of list) {
      const prev = seen.get(r.logicalId);
      if (prev) throw new Error(`internal: two Azure resources have logicalId ${r.logicalId} (${describe(prev)} and ${describe(r)})`);
      seen.set(r.logicalId, r);
      const cls = CLASSES[r.type];
      if (!cls) throw cannotExpress(r, undefined, 'the resource type');
      plannedArgs.set(r, neutralArgs(r, cls));
    }
  }
  for (const { list } of lists) {
    for (const r of list) {
      for (const ref of [...refsIn(r.properties), ...refsIn(r.scope)]) refTarget(r, ref, list);
      mapLeaves([plannedArgs.get(r) as AzureValue, r.scope ?? null], (leaf) => {
        if (isParam(leaf)) void paramValue(r, leaf.$param, context); // throws when the value is missing
        if (typeof leaf === 'string' && isToken(leaf) && context.deferredValues === undefined) {
          throw new Error(`internal: ${describe(r)} holds a deferred token (${leaf}) but no deferredValues were given`);
        }
        return leaf;
      });
    }
  }

  // 2. The creation order (referenced resources first; a cycle is an error) and the classes, loaded now.
  const order = dependencyOrder(
    lists.flatMap(({ list, group, subscriptionId }) =>
      list.map((r) => ({ resource: r, cls: CLASSES[r.type], group, list, ...(subscriptionId !== undefined ? { subscriptionId } : {}) })),
    ),
  );
  const ctors = new Map<AzureNativeClass, ResourceCtor>();
  for (const { cls } of order) {
    const Ctor = loadModule(cls.module)[cls.className] as ResourceCtor | undefined;
    if (typeof Ctor !== 'function') throw new Error(`@pulumi/azure-native/${cls.module} has no class ${cls.className}: ${INSTALL_HINT}.`);
    ctors.set(cls, Ctor);
  }

  // 3. Providers for other subscriptions: external targets, and an Arc extension's literal scope.
  const home = context.subscriptionId ?? homeSubscription(context.clusterResourceId ?? context.parameters[PARAM_CLUSTER_ID]);
  const providers = new Map<string, pulumi.ProviderResource>();
  const providerFor = (subscriptionId: string | undefined): pulumi.ProviderResource | undefined => {
    if (subscriptionId === undefined || (home !== undefined && home.toLowerCase() === subscriptionId.toLowerCase())) return undefined;
    const key = subscriptionId.toLowerCase();
    const given = Object.entries(context.providers ?? {}).find(([s]) => s.toLowerCase() === key);
    if (given) return given[1];
    let p = providers.get(key);
    if (!p) {
      const Provider = loadModule('provider').Provider as ProviderCtor;
      p = new Provider(`${namePrefix}-azure-native-${subscriptionId}`, { subscriptionId }, { parent });
      providers.set(key, p);
    }
    return p;
  };
  const providerOf = (item: Planned): pulumi.ProviderResource | undefined => {
    const r = item.resource;
    // An Arc extension is created in its cluster's subscription: a literal scope in another subscription
    // than the cluster's (known) one needs that subscription's provider.
    if (home !== undefined && item.cls.placement.kind === 'arc-extension' && typeof r.scope === 'string' && !isToken(r.scope)) {
      const scopeSubscription = parseTopLevelId(r.scope)?.subscriptionId;
      if (scopeSubscription !== undefined) return providerFor(scopeSubscription);
    }
    return providerFor(item.subscriptionId);
  };

  // 4. Create.
  const created = new Map<AzureResource, pulumi.CustomResource>();
  const out: AzureNativeResult = { resources: {}, ids: {} };
  for (const item of order) {
    const { resource: r, cls, group } = item;
    const provider = providerOf(item);
    const deps: pulumi.Resource[] = [];
    const toInput = (v: AzureValue): unknown =>
      mapLeaves(v, (leaf) => {
        if (isRef(leaf)) {
          const target = created.get(refTarget(r, leaf, item.list));
          if (!target) throw new Error(`internal: ${describe(r)} was ordered before the resource it references`);
          if (!deps.includes(target)) deps.push(target);
          return target.id;
        }
        if (isParam(leaf)) return paramValue(r, leaf.$param, context);
        if (typeof leaf === 'string' && isToken(leaf)) return substituted(leaf, context.deferredValues as pulumi.Input<readonly string[]>);
        return leaf;
      });
    const args = toInput(plannedArgs.get(r) as AzureValue) as Record<string, unknown>;
    if (cls.placement.kind === 'group' || cls.placement.kind === 'child-group') args.resourceGroupName = group;
    if (cls.placement.kind === 'arc-extension') {
      Object.assign(args, arcExtensionArgs(r, toInput(r.scope as AzureValue) as pulumi.Input<string>));
      // Protected settings are write-only in Azure and may hold credentials: kept secret in Pulumi's state too.
      if (args.configurationProtectedSettings !== undefined) args.configurationProtectedSettings = pulumi.secret(args.configurationProtectedSettings);
    }
    const Ctor = ctors.get(cls) as ResourceCtor;
    const resource = new Ctor(`${namePrefix}-${r.logicalId}`, args, {
      parent,
      ...(deps.length > 0 ? { dependsOn: deps } : {}),
      ...(provider ? { provider } : {}),
    });
    created.set(r, resource);
    out.resources[r.logicalId] = resource;
    out.ids[r.logicalId] = resource.id;
  }
  return out;
}

/** The one resource of `list` a ref names (type and name compared case-insensitively, as ARM does). */
function refTarget(from: AzureResource, ref: AzureRef, list: readonly AzureResource[]): AzureResource {
  const key = refKey(ref.$ref.type, ref.$ref.name);
  const found = list.filter((x) => refKey(x.type, x.name) === key);
  if (found.length !== 1) {
    throw new Error(
      `internal: ${describe(from)} references ${ref.$ref.type} "${ref.$ref.name}", which ${found.length === 0 ? 'is not' : 'is more than one'} resource of its resource group's list`,
    );
  }
  return found[0];
}

function paramValue(r: AzureResource, name: string, context: AzureNativeContext): pulumi.Input<string> {
  const v = context.parameters[name] ?? (name === PARAM_CLUSTER_ID ? context.clusterResourceId : undefined);
  if (v === undefined) {
    throw new Error(
      `${describe(r)} needs the value of parameter "${name}" (an ID the stack does not know; the ARM form asks for it as a template parameter): pass it in parameters.${name}`,
    );
  }
  return v;
}

function homeSubscription(clusterResourceId: pulumi.Input<string> | undefined): string | undefined {
  if (typeof clusterResourceId !== 'string' || isToken(clusterResourceId)) return undefined;
  return /^\/subscriptions\/([^/]+)\//i.exec(clusterResourceId)?.[1];
}

function substituted(s: string, values: pulumi.Input<readonly string[]>): pulumi.Output<string> {
  return pulumi.output(values).apply((v) =>
    substituteTokens(s, (i) => {
      if (i >= v.length) throw new Error(`internal: deferred token ${i} has no value (${v.length} values)`);
      return v[i];
    }),
  );
}

/** The Arc extension's placement args from its scope (the cluster ID), known now or once resolved. */
function arcExtensionArgs(r: AzureResource, scope: pulumi.Input<string>): Record<string, pulumi.Input<string>> {
  const parse = (id: string) => {
    const parsed = parseTopLevelId(id);
    if (!parsed) throw new Error(`form azure-native cannot express scope "${id}" of ${describe(r)}: expected the ID of a cluster (/subscriptions/<s>/resourceGroups/<g>/providers/<rp>/<type>/<name>)`);
    return parsed;
  };
  if (typeof scope === 'string') {
    const p = parse(scope);
    return { resourceGroupName: p.resourceGroup, clusterRp: p.rp, clusterResourceName: p.type, clusterName: p.name };
  }
  const p = pulumi.output(scope).apply(parse);
  return { resourceGroupName: p.resourceGroup, clusterRp: p.rp, clusterResourceName: p.type, clusterName: p.name };
}

/** Referenced resources first; otherwise the given order. A cycle is an error. */
function dependencyOrder(items: Planned[]): Planned[] {
  const byResource = new Map(items.map((i) => [i.resource, i]));
  const done = new Set<Planned>();
  const visiting = new Set<Planned>();
  const order: Planned[] = [];
  const visit = (i: Planned) => {
    if (done.has(i)) return;
    if (visiting.has(i)) throw new Error(`internal: Azure resources reference each other in a cycle (through ${describe(i.resource)})`);
    visiting.add(i);
    for (const ref of [...refsIn(i.resource.properties), ...refsIn(i.resource.scope)]) {
      visit(byResource.get(refTarget(i.resource, ref, i.list)) as Planned);
    }
    visiting.delete(i);
    done.add(i);
    order.push(i);
  };
  items.forEach(visit);
  return order;
}

// ---------------------------------------------------------------------------------------------------
// Back to ARM (for cross-form equivalence tests).
// ---------------------------------------------------------------------------------------------------

/** An azure-native resource seen as an ARM resource. */
export interface ArmResourceView {
  readonly type: string;
  /** The API version azure-native uses for it (the class's default), not the ARM form's. */
  readonly apiVersion: string;
  readonly name: string;
  readonly scope?: unknown;
  readonly location?: unknown;
  readonly kind?: unknown;
  readonly tags?: unknown;
  readonly sku?: unknown;
  readonly identity?: unknown;
  readonly properties: Record<string, unknown>;
}

/**
 * Converts the inputs of an azure-native resource (e.g. as Pulumi mocks record them: type token
 * `azure-native:monitor:DataCollectionRule` and resolved inputs) back to the ARM shape: the type, the
 * ARM name (`<watcher>/<flowLog>` for a flow log), the envelope and `properties`. An Arc extension's
 * scope is rebuilt only when `options.subscriptionId` is given (its args have no subscription).
 * Secret inputs (an Arc extension's protected settings) are read as their values. Throws for a token
 * this form does not create.
 */
export function azureNativeToArm(token: string, recorded: Record<string, unknown>, options: { subscriptionId?: string } = {}): ArmResourceView {
  const entry = Object.entries(CLASSES).find(([, c]) => tokenOf(c) === token);
  if (!entry) throw new Error(`${token} is not a type the azure-native form creates (known: ${Object.values(CLASSES).map(tokenOf).join(', ')})`);
  const [type, cls] = entry;
  const inputs = unwrapSecrets(recorded) as Record<string, unknown>;
  const p = cls.placement;
  const name = p.kind === 'child-group' ? `${String(inputs[p.parentNameArg])}/${String(inputs[p.nameArg])}` : String(inputs[p.nameArg]);
  let scope: unknown;
  if (p.kind === 'extension') scope = inputs[p.scopeArg];
  if (p.kind === 'arc-extension' && options.subscriptionId !== undefined) {
    scope = `/subscriptions/${options.subscriptionId}/resourceGroups/${String(inputs.resourceGroupName)}/providers/${String(inputs.clusterRp)}/${String(inputs.clusterResourceName)}/${String(inputs.clusterName)}`;
  }
  const reserved = new Set(envelopeArgs(cls));
  const properties =
    cls.properties === 'nested'
      ? { ...((inputs.properties as Record<string, unknown> | undefined) ?? {}) }
      : Object.fromEntries(Object.entries(inputs).filter(([k, v]) => !reserved.has(k) && v !== undefined));
  const envelope: Record<string, unknown> = {};
  for (const f of cls.envelope) {
    const v = inputs[f];
    if (v === undefined) continue;
    if (f === 'tags' && typeof v === 'object' && v !== null && Object.keys(v).length === 0) continue;
    envelope[f] = f === 'identity' ? armIdentity(v) : v;
  }
  return { type, apiVersion: cls.apiVersion, name, ...(scope !== undefined ? { scope } : {}), ...envelope, properties };
}

/** Secret inputs as mocks record them (`{ <specialSigKey>: <specialSecretSig>, value }`) → their values. */
function unwrapSecrets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(unwrapSecrets);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  if (o[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) return unwrapSecrets(o.value);
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, unwrapSecrets(x)]));
}

function armIdentity(v: unknown): unknown {
  const identity = v as { userAssignedIdentities?: unknown };
  if (!Array.isArray(identity?.userAssignedIdentities)) return v;
  return { ...identity, userAssignedIdentities: Object.fromEntries(identity.userAssignedIdentities.map((id) => [String(id), {}])) };
}
