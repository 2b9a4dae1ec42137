/**
 * Each validation rule has a test for its error message.
 *
 * One table row per rule: a minimal props object that breaks it, the prop path the error must name
 * (`ValidationError.path`) and a regex on the message (the value and what is allowed). Rows that must
 * NOT throw (valid boundary values) are in a second table.
 *
 * The registry {@link SITES} lists every `throw new ValidationError(` of src/model/*.ts and
 * src/stack.ts by a snippet of its source; a meta-test counts the throw sites in those files, so a
 * new rule without a row here fails the suite.
 */
import * as fs from 'fs';
import * as path from 'path';
import { LISTENER_DEFAULTS, MonitoringStackProps, ValidationError, describeValue, makeToken, renderMonitoringStack } from '../src';
import { caught } from './support/caught';
import { testUniqueRowNames } from './support/throw-sites';

// -------------------------------------------------------------------------------------------------
// Props builders
// -------------------------------------------------------------------------------------------------

type Obj = Record<string, unknown>;

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000';
const MANAGED_ID = (name: string) => `${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/${name}`;
const CONNECTED_ID = (name: string) => `${SUB}/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/${name}`;
const WORKSPACE_ID = (name: string) => `${SUB}/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/${name}`;

const AKS: Obj = { name: 'aks1', region: 'westeurope', distribution: 'aks' };
const ARC: Obj = { name: 'arc1', region: 'westeurope', distribution: 'generic' };

/** A stack with the given cluster props merged into the AKS cluster. */
const cl = (extra: Obj): Obj => ({ cluster: { ...AKS, ...extra } });
/** A stack with Container Insights (workspace given) plus `extra`. */
const ci = (extra: Obj, cluster: Obj = AKS): Obj => ({ cluster, containerInsights: { logAnalyticsWorkspace: { region: 'westeurope' }, ...extra } });
const logs = (logCollection: Obj, extra: Obj = {}): Obj => ci({ logCollection, ...extra });
const agent = (agentSettings: Obj): Obj => ci({ agentSettings });
const dc = (dataCollection: Obj, extra: Obj = {}): Obj => ci({ dataCollection, ...extra });
const tenant = (name: string, namespaces: string[], extra: Obj = {}): Obj => ({ name, namespaces, logAnalyticsWorkspace: { region: 'westeurope' }, ...extra });
/** Multi-tenancy on AKS with high log scale on (its prerequisites). */
const mt = (multiTenancy: Obj, extra: Obj = {}): Obj => ci({ highLogScale: true, multiTenancy, ...extra });
/** An AKS cluster where container network logs are possible, and network props asking for them. */
const FLOW_CLUSTER: Obj = { ...AKS, kubernetesVersion: '1.33', networkDataplane: 'cilium' };
const FLOW_LOGS: Obj = { acns: true, containerNetworkLogs: { resources: [{ name: 'drops', filters: [{ verdicts: ['dropped'] }] }] } };
const manyTenants = (n: number): Obj[] => Array.from({ length: n }, (_, i) => tenant(`t${i}`, [`ns-${i}`]));

function render(props: unknown) {
  return renderMonitoringStack(props as MonitoringStackProps);
}


// -------------------------------------------------------------------------------------------------
// The throw sites (by a snippet of their source text, unique in the file)
// -------------------------------------------------------------------------------------------------

interface Site {
  readonly file: string;
  readonly snippet: string;
}

const SITES = {
  // src/model/check.ts (generic checkers; each reached through some prop)
  'check.object': { file: 'model/check.ts', snippet: "'expected an object'" },
  'check.unknownProp': { file: 'model/check.ts', snippet: 'unknown prop; allowed props' },
  'check.boolean': { file: 'model/check.ts', snippet: "'expected true or false'" },
  'check.stringType': { file: 'model/check.ts', snippet: "'expected a string'" },
  'check.stringMin': { file: 'model/check.ts', snippet: 'expected a string of at least' },
  'check.stringMax': { file: 'model/check.ts', snippet: 'characters (got ${value.length})' },
  'check.stringPattern': { file: 'model/check.ts', snippet: 'opts.patternText ??' },
  'check.int': { file: 'model/check.ts', snippet: '`expected ${range}`' },
  'check.number': { file: 'model/check.ts', snippet: 'expected a number from ${min} to ${max}' },
  'check.enum': { file: 'model/check.ts', snippet: 'expected one of ${allowed' },
  'check.listType': { file: 'model/check.ts', snippet: "'expected an array of strings'" },
  'check.listMin': { file: 'model/check.ts', snippet: 'expected at least ${opts.minItems} item(s)' },
  'check.listMax': { file: 'model/check.ts', snippet: 'expected at most ${opts.maxItems} item(s)' },
  'check.listDup': { file: 'model/check.ts', snippet: "'expected no duplicates in the list'" },
  // src/model/cluster.ts
  'cluster.idShape': { file: 'model/cluster.ts', snippet: '`expected ${shape}`' },
  'cluster.idType': { file: 'model/cluster.ts', snippet: 'expected a resource of type ${expectedType} (got ${type})' },
  'cluster.idName': { file: 'model/cluster.ts', snippet: 'expected the ID of cluster' },
  'cluster.idDistribution': { file: 'model/cluster.ts', snippet: 'because distribution "${profile.distribution}" is' },
  'cluster.windows': { file: 'model/cluster.ts', snippet: 'has no Windows nodes; set it to false' },
  'cluster.arm64': { file: 'model/cluster.ts', snippet: 'the agents do not support ARM64 nodes' },
  'cluster.versionMajor': { file: 'model/cluster.ts', snippet: "'expected a Kubernetes 1.x version such as \"1.33\"'" },
  'cluster.dataplaneArc': { file: 'model/cluster.ts', snippet: '"azure" is an AKS data plane' },
  // src/model/regions.ts
  'region.type': { file: 'model/regions.ts', snippet: 'expected an Azure region name such as' },
  'region.unknown': { file: 'model/regions.ts', snippet: 'expected a public Azure region' },
  // src/stack.ts
  'stack.cluster': { file: 'stack.ts', snippet: 'expected the cluster ({ name' },
  'stack.formsClusterId': { file: 'stack.ts', snippet: "expected the cluster's literal resource ID: the" },
  'stack.formsParameter': { file: 'stack.ts', snippet: 'expected a literal value for the aso form' },
  'stack.formsAsoCannot': { file: 'stack.ts', snippet: 'expected only resources ASO can express' },
  // src/model/container-insights.ts
  'ci.interval': { file: 'model/container-insights.ts', snippet: 'expected minutes as "<n>m"' },
  'ci.systemPodNamespace': { file: 'model/container-insights.ts', snippet: 'expected a system namespace (' },
  'ci.systemPodExcluded': { file: 'model/container-insights.ts', snippet: 'the agent drops system-pod entries of excluded namespaces' },
  'check.labelKey': { file: 'model/check.ts', snippet: "'expected a Kubernetes label key:" },
  'mp.list': { file: 'model/managed-prometheus.ts', snippet: "expected an array');" },
  'mp.monitorUnique': { file: 'model/managed-prometheus.ts', snippet: 'name unique in its namespace' },
  'mp.workspace': { file: 'model/managed-prometheus.ts', snippet: 'expected the Azure Monitor workspace that receives the metrics' },
  'ci.workspaceRegion': { file: 'model/container-insights.ts', snippet: 'expected the workspace\\\'s Azure region' },
  'ci.tenantExcluded': { file: 'model/container-insights.ts', snippet: 'expected a namespace whose logs are collected' },
  'ci.windowsLogsAlways': { file: 'model/container-insights.ts', snippet: 'always collects Windows node logs' },
  'ci.streamRequired': { file: 'model/container-insights.ts', snippet: 'which the data collection rule does not collect' },
  'ci.tagsMax': { file: 'model/check.ts', snippet: 'expected at most 50 tags' },
  'ci.podsBatchNoRange': { file: 'model/container-insights.ts', snippet: 'expected no batch size: it must be from 50 to podsChunkSize' },
  'ci.streamDisabled': { file: 'model/container-insights.ts', snippet: 'excludeNamespaces/collectSystemPodLogs only apply when the stream is enabled' },
  'ci.tenantsEmpty': { file: 'model/container-insights.ts', snippet: 'expected a non-empty array of tenants' },
  'ci.tenantsMax': { file: 'model/container-insights.ts', snippet: 'expected at most 30 tenants' },
  'ci.tenantNameDup': { file: 'model/container-insights.ts', snippet: 'expected tenant names to be unique' },
  'ci.tenantNamespaceTwice': { file: 'model/container-insights.ts', snippet: 'expected each namespace in one tenant only' },
  'ci.tenantWorkspace': { file: 'model/container-insights.ts', snippet: '`${tp}.logAnalyticsWorkspace`, undefined' },
  'ci.pipelineNeedsAdvanced': { file: 'model/container-insights.ts', snippet: 'per-tenant pipeline settings need advanced mode' },
  'ci.languagesEmpty': { file: 'model/container-insights.ts', snippet: 'expected at least one language' },
  'ci.includeFieldsEmpty': { file: 'model/container-insights.ts', snippet: 'expected at least one field' },
  'ci.promPodsOnly': { file: 'model/container-insights.ts', snippet: 'only applies with monitorKubernetesPods: true' },
  'ci.tailMemBufLimit': { file: 'model/container-insights.ts', snippet: 'expected an integer greater than 10' },
  'ci.tailBufMax': { file: 'model/container-insights.ts', snippet: 'expected at least tailBufChunkSizeMegabytes' },
  'ci.tcpBuffer': { file: 'model/container-insights.ts', snippet: 'expected at least tcpListenerChunkSize' },
  'ci.workspaceMissing': { file: 'model/container-insights.ts', snippet: 'expected the Log Analytics workspace that receives the data' },
  'ci.windowsNoNodes': { file: 'model/container-insights.ts', snippet: 'the cluster has no Windows nodes (cluster.nodes.windows)' },
  'ci.windowsManagedIdentity': { file: 'model/container-insights.ts', snippet: 'collects Windows node logs only with authentication' },
  'ci.highScaleAuth': { file: 'model/container-insights.ts', snippet: 'high log scale mode needs authentication' },
  'ci.highScaleV2': { file: 'model/container-insights.ts', snippet: 'high log scale mode needs containerLogV2: true' },
  'ci.collectAndStreams': { file: 'model/container-insights.ts', snippet: 'expected either collect (groups) or streams (names), not both' },
  'ci.v1StreamWithV2': { file: 'model/container-insights.ts', snippet: 'Microsoft-ContainerLog (v1) is not collected while containerLogV2 is true' },
  'ci.v2StreamWithV1': { file: 'model/container-insights.ts', snippet: 'Microsoft-ContainerLogV2 needs containerLogV2: true' },
  'ci.highScaleNoLogs': { file: 'model/container-insights.ts', snippet: 'but the chosen streams collect none' },
  'ci.namespacesModeOff': { file: 'model/container-insights.ts', snippet: 'namespaces only apply with namespaceFilteringMode' },
  'ci.namespacesMissing': { file: 'model/container-insights.ts', snippet: 'expected the namespaces to ${' },
  'ci.syslogType': { file: 'model/container-insights.ts', snippet: "'expected true, false or { facilities?, logLevels? }'" },
  'ci.workspaceKeyDataCollection': { file: 'model/container-insights.ts', snippet: 'data collection settings live in the data collection rule' },
  'ci.workspaceKeySyslog': { file: 'model/container-insights.ts', snippet: 'Syslog is collected through the data collection rule' },
  'ci.multilineV1': { file: 'model/container-insights.ts', snippet: 'multiline logs need the ContainerLogV2 schema' },
  'ci.metadataV1': { file: 'model/container-insights.ts', snippet: 'Kubernetes metadata is a ContainerLogV2 column' },
  'ci.enrichV2': { file: 'model/container-insights.ts', snippet: 'enrichment only applies to the ContainerLog (v1) schema' },
  'ci.multiTenancyHighScale': { file: 'model/container-insights.ts', snippet: 'multi-tenant logging needs high log scale mode' },
  'ci.multiTenancyArc': { file: 'model/container-insights.ts', snippet: 'multi-tenant logging is an AKS feature' },
  'ci.flowLogsAuth': { file: 'model/container-insights.ts', snippet: 'container network logs (${asker}) are collected through the data collection rule' },
  'ci.flowLogsHighScale': { file: 'model/container-insights.ts', snippet: 'are ingested through high log scale mode and its data collection endpoint' },
  'ci.lossAlertInternalMetrics': { file: 'model/container-insights.ts', snippet: 'needs fluent-bit\'s internal metrics' },
} as const satisfies Record<string, Site>;

type SiteId = keyof typeof SITES;

/**
 * Sites no props can reach today, with the reason (checked by a test): they are kept in the registry
 * so the count of throw sites still matches.
 */
const UNREACHABLE: Partial<Record<SiteId, string>> = {
  'check.listMax': 'no caller passes maxItems to checkStringList',
  'stack.formsAsoCannot': 'no resource the stack renders has a field the chosen ASO versions lack; AsoFormError itself is tested in aso.test.ts',
};

// -------------------------------------------------------------------------------------------------
// Rejected inputs
// -------------------------------------------------------------------------------------------------

interface Rejected {
  readonly name: string;
  readonly site: SiteId;
  readonly props: unknown;
  readonly path: string;
  readonly message: RegExp;
}

const r = (name: string, site: SiteId, props: unknown, errPath: string, message: RegExp): Rejected => ({ name, site, props, path: errPath, message });

/** Agent chunk_config ranges (NOTES §2.3); the emit batch maxima are the default chunk sizes. */
const CHUNK_RANGES: ReadonlyArray<readonly [string, number, number]> = [
  ['nodesChunkSize', 100, 400],
  ['podsChunkSize', 10, 1500],
  ['eventsChunkSize', 2000, 10000],
  ['deploymentsChunkSize', 500, 1000],
  ['hpaChunkSize', 500, 2000],
  ['podsEmitStreamBatchSize', 50, 1000],
  ['nodesEmitStreamBatchSize', 50, 250],
];

const chunkRejected: Rejected[] = CHUNK_RANGES.flatMap(([key, min, max]) =>
  [min - 1, max + 1].map((v) =>
    r(`chunk.${key} = ${v} (range ${min}-${max})`, 'check.int', agent({ chunk: { [key]: v } }), `containerInsights.agentSettings.chunk.${key}`, new RegExp(`got ${v}; expected an integer from ${min} to ${max}$`)),
  ),
);

/**
 * Listener wait times: the agent accepts `default / 2 <= v <= 3 * default` with integer division
 * (tomlparser-agent-config.rb `is_valid_waittime?`, Go `isValidWaittime`), i.e. 22..135 for 45 s.
 */
const listenerRejected: Rejected[] = Object.entries(LISTENER_DEFAULTS).flatMap(([key, def]) =>
  [Math.floor(def / 2) - 1, 3 * def + 1].map((v) =>
    r(
      `networkListenerWaitTime.${key} = ${v} (default ${def})`,
      'check.int',
      agent({ networkListenerWaitTime: { [key]: v } }),
      `containerInsights.agentSettings.networkListenerWaitTime.${key}`,
      new RegExp(`got ${v}; expected an integer from \\d+ to ${3 * def}$`),
    ),
  ),
);

const MP_OK = { azureMonitorWorkspace: { region: 'westeurope' } };
const MONITOR = { name: 'web', namespace: 'apps', selector: { matchLabels: { app: 'web' } }, endpoints: [{ port: 'metrics' }] };

const REJECTED: Rejected[] = [
  // --- Managed Prometheus composition (each part's own rules are tested in its feature test) ---
  r('a PodMonitor label key (shared label-key rule)', 'check.labelKey', { cluster: AKS, managedPrometheus: { ...MP_OK, podMonitors: [{ ...MONITOR, labels: { 'team name': 'x' } }] } }, 'managedPrometheus.podMonitors[0].labels["team name"]', /got "team name"; expected a Kubernetes label key/),
  r('podMonitors not an array', 'mp.list', { cluster: AKS, managedPrometheus: { ...MP_OK, podMonitors: MONITOR } }, 'managedPrometheus.podMonitors', /expected an array$/),
  r('two PodMonitors with one name in one namespace', 'mp.monitorUnique', { cluster: AKS, managedPrometheus: { ...MP_OK, podMonitors: [MONITOR, MONITOR] } }, 'managedPrometheus.podMonitors[1].name', /got "web"; expected a PodMonitor name unique in its namespace; apps\/web is already defined$/),
  r('Managed Prometheus without a workspace', 'mp.workspace', { cluster: AKS, managedPrometheus: {} }, 'managedPrometheus.azureMonitorWorkspace', /got undefined; expected the Azure Monitor workspace that receives the metrics/),
  // --- review round: region, tenant exclusions, Windows logs, streams a setting needs, tags ---
  r('workspace region missing', 'ci.workspaceRegion', { cluster: AKS, containerInsights: { logAnalyticsWorkspace: { resourceId: WORKSPACE_ID('w') } } }, 'containerInsights.logAnalyticsWorkspace.region', /got undefined; expected the workspace's Azure region \(e\.g\. "westeurope"\)/),
  r('tenant workspace region missing', 'ci.workspaceRegion', mt({ tenants: [{ name: 'team-a', namespaces: ['a1'], logAnalyticsWorkspace: { resourceId: WORKSPACE_ID('t') } }] }), 'containerInsights.multiTenancy.tenants[0].logAnalyticsWorkspace.region', /expected the workspace's Azure region/),
  r('tenant namespace excluded by default (kube-system)', 'ci.tenantExcluded', mt({ tenants: [tenant('ops', ['kube-system'])] }), 'containerInsights.multiTenancy.tenants[0].namespaces[0]', /got "kube-system"; expected a namespace whose logs are collected; it is in logCollection\.stdout\.excludeNamespaces/),
  r('tenant namespace excluded for stderr only', 'ci.tenantExcluded', mt({ tenants: [tenant('ops', ['batch'])] }, { logCollection: { stderr: { excludeNamespaces: ['batch'] } } }), 'containerInsights.multiTenancy.tenants[0].namespaces[0]', /it is in logCollection\.stderr\.excludeNamespaces .*so its stderr logs never reach the tenant$/),
  r('windowsNodeLogs false on AKS (the add-on collects them anyway)', 'ci.windowsLogsAlways', ci({ windowsNodeLogs: false }, { ...AKS, nodes: { windows: true } }), 'containerInsights.windowsNodeLogs', /got false; Azure Kubernetes Service \(AKS\) always collects Windows node logs/),
  r('Prometheus scraping without InsightsMetrics (default preset)', 'ci.streamRequired', ci({ prometheus: { node: { urls: ['http://$NODE_IP:9100/metrics'] } } }), 'containerInsights.prometheus', /Prometheus metrics scraped by the logs agent go to stream Microsoft-InsightsMetrics, which the data collection rule does not collect/),
  r('NPM metrics without InsightsMetrics', 'ci.streamRequired', ci({ integrations: { networkPolicyManager: { basicMetrics: true } } }), 'containerInsights.integrations', /Microsoft-InsightsMetrics/),
  r('kube-system PV metrics without InsightsMetrics', 'ci.streamRequired', ci({ collectKubeSystemPvMetrics: true }), 'containerInsights.collectKubeSystemPvMetrics', /Persistent volume metrics go to stream Microsoft-InsightsMetrics/),
  r('all kube events without KubeEvents', 'ci.streamRequired', ci({ logCollection: { collectAllKubeEvents: true }, dataCollection: { collect: ['performance'] } }), 'containerInsights.logCollection.collectAllKubeEvents', /Kube events go to stream Microsoft-KubeEvents/),
  r('environment variables without ContainerInventory', 'ci.streamRequired', ci({ logCollection: { environmentVariables: true } }), 'containerInsights.logCollection.environmentVariables', /Container environment variables go to stream Microsoft-ContainerInventory/),
  r('more than 50 tags', 'ci.tagsMax', ci({ tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, 'v'])) }), 'containerInsights.tags', /got "51 tags"; expected at most 50 tags/),

  // --- the stack and its top-level props ---
  r('props is not an object', 'check.object', null, 'props', /^props: got null; expected an object$/),
  r('unknown top-level prop with did-you-mean', 'check.unknownProp', { cluster: AKS, containerInsight: {} }, 'containerInsight', /unknown prop; allowed props: cluster, containerInsights, managedPrometheus, networkObservability, agents, onboarding, azureForms\. Did you mean "containerInsights"\?$/),
  r('cluster missing', 'stack.cluster', {}, 'cluster', /^cluster: got undefined; expected the cluster \(\{ name, region, distribution, \.\.\. \}\)$/),
  r(
    'aso form without the cluster ID',
    'stack.formsClusterId',
    { ...ci({ logAnalyticsWorkspace: { resourceId: WORKSPACE_ID('w'), region: 'westeurope' } }), azureForms: { aso: { namespace: 'azure-resources' } } },
    'cluster.resourceId',
    /^cluster\.resourceId: got undefined; expected the cluster's literal resource ID: the aso form places the resources in the cluster's resource group/,
  ),
  r(
    'aso form without the workspace ID (a template parameter)',
    'stack.formsParameter',
    { ...ci({}, { ...AKS, resourceId: MANAGED_ID('aks1') }), azureForms: { aso: { namespace: 'azure-resources' } } },
    'containerInsights.logAnalyticsWorkspace.resourceId',
    /got undefined; expected a literal value for the aso form: Microsoft\.Insights\/dataCollectionRules 'MSCI-westeurope-aks1' needs it and ASO has no template parameters$/,
  ),

  // --- cluster ---
  r('cluster is a string', 'check.object', { cluster: 'aks1' }, 'cluster', /got "aks1"; expected an object$/),
  r('unknown cluster prop with did-you-mean', 'check.unknownProp', cl({ regoin: 'westeurope' }), 'cluster.regoin', /unknown prop; allowed props of cluster: .*Did you mean "region"\?$/),
  r('cluster name starting with "-"', 'check.stringPattern', cl({ name: '-aks' }), 'cluster.name', /got "-aks"; expected a cluster name of 1-63 letters, digits, "-" or "_", starting and ending with a letter or digit$/),
  r('cluster name ending with "_"', 'check.stringPattern', cl({ name: 'aks_' }), 'cluster.name', /got "aks_"; expected a cluster name of 1-63/),
  r('cluster name with a dot', 'check.stringPattern', cl({ name: 'aks.prod' }), 'cluster.name', /got "aks\.prod"; expected a cluster name/),
  r('cluster name of 64 characters', 'check.stringPattern', cl({ name: 'a'.repeat(64) }), 'cluster.name', /expected a cluster name of 1-63/),
  r('cluster name empty', 'check.stringMin', cl({ name: '' }), 'cluster.name', /got ""; expected a string of at least 1 character\(s\)$/),
  r('cluster name not a string', 'check.stringType', cl({ name: 42 }), 'cluster.name', /got 42; expected a string$/),
  r('distribution typo with did-you-mean', 'check.enum', cl({ distribution: 'opneshift' }), 'cluster.distribution', /got "opneshift"; expected one of "aks", .*"generic"\. Did you mean "openshift"\?$/),
  r('distribution in upper case', 'check.enum', cl({ distribution: 'AKS' }), 'cluster.distribution', /got "AKS"; expected one of .*Did you mean "aks"\?$/),
  r('region typo with did-you-mean', 'region.unknown', cl({ region: 'westeurpe' }), 'cluster.region', /got "westeurpe"; expected a public Azure region .*\. Did you mean "westeurope"\?$/),
  r('region display name with a typo', 'region.unknown', cl({ region: 'West Eurpoe' }), 'cluster.region', /got "West Eurpoe"; .*Did you mean "westeurope"\?$/),
  r('region far from any', 'region.unknown', cl({ region: 'mars' }), 'cluster.region', /got "mars"; expected a public Azure region .*See `az account list-locations/),
  r('region empty', 'region.type', cl({ region: '  ' }), 'cluster.region', /got " {2}"; expected an Azure region name such as "eastus" or "westeurope"$/),
  r('region not a string', 'region.type', cl({ region: 7 }), 'cluster.region', /got 7; expected an Azure region name/),
  r('resource ID malformed', 'cluster.idShape', cl({ resourceId: 'aks1' }), 'cluster.resourceId', /got "aks1"; expected an ARM resource ID like \/subscriptions\/<subscription-guid>\/resourceGroups\/<group>\/providers\/Microsoft\.ContainerService\/managedClusters\/<name>$/),
  r('resource ID with a bad subscription GUID', 'cluster.idShape', cl({ resourceId: '/subscriptions/123/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks1' }), 'cluster.resourceId', /expected an ARM resource ID like/),
  r('resource ID of a child resource', 'cluster.idShape', cl({ resourceId: `${MANAGED_ID('aks1')}/agentPools/np1` }), 'cluster.resourceId', /expected an ARM resource ID like/),
  r(
    'AKS with a connectedClusters ID: says to use an Arc distribution',
    'cluster.idDistribution',
    cl({ resourceId: CONNECTED_ID('aks1') }),
    'cluster.resourceId',
    /expected a resource of type Microsoft\.ContainerService\/managedClusters \(got Microsoft\.Kubernetes\/connectedClusters\) because distribution "aks" is an AKS managed cluster\. An Arc-enabled cluster needs one of the Arc distributions \(e\.g\. "generic"\)\.$/,
  ),
  r(
    'Arc (k3s) with a managedClusters ID: says to use distribution "aks"',
    'cluster.idDistribution',
    { cluster: { name: 'edge1', region: 'westeurope', distribution: 'k3s', resourceId: MANAGED_ID('edge1') } },
    'cluster.resourceId',
    /expected a resource of type Microsoft\.Kubernetes\/connectedClusters \(got Microsoft\.ContainerService\/managedClusters\) because distribution "k3s" is an Arc-enabled connected cluster\. An AKS cluster is distribution "aks"\.$/,
  ),
  r('ID names another cluster', 'cluster.idName', cl({ resourceId: MANAGED_ID('aks2') }), 'cluster.resourceId', /expected the ID of cluster "aks1" \(cluster\.name\); the ID names "aks2"$/),
  r('unknown nodes prop with did-you-mean', 'check.unknownProp', cl({ nodes: { windws: true } }), 'cluster.nodes.windws', /Did you mean "windows"\?$/),
  r('nodes.windows not a boolean', 'check.boolean', cl({ nodes: { windows: 'yes' } }), 'cluster.nodes.windows', /got "yes"; expected true or false$/),
  r('Windows nodes on k3s', 'cluster.windows', { cluster: { ...ARC, distribution: 'k3s', nodes: { windows: true } } }, 'cluster.nodes.windows', /got true; K3s has no Windows nodes; set it to false or leave it out$/),
  r('Windows nodes on Canonical', 'cluster.windows', { cluster: { ...ARC, distribution: 'canonical', nodes: { windows: true } } }, 'cluster.nodes.windows', /Canonical Kubernetes has no Windows nodes/),
  r('Kubernetes version with a "v"', 'check.stringPattern', cl({ kubernetesVersion: 'v1.33' }), 'cluster.kubernetesVersion', /got "v1\.33"; expected a Kubernetes version such as "1\.33" or "1\.33\.2"$/),
  r('Kubernetes version with a leading zero', 'check.stringPattern', cl({ kubernetesVersion: '1.033' }), 'cluster.kubernetesVersion', /expected a Kubernetes version such as/),
  r('Kubernetes version 2.0', 'cluster.versionMajor', cl({ kubernetesVersion: '2.0' }), 'cluster.kubernetesVersion', /got "2\.0"; expected a Kubernetes 1\.x version such as "1\.33"$/),
  r('data plane unknown', 'check.enum', cl({ networkDataplane: 'calico' }), 'cluster.networkDataplane', /got "calico"; expected one of "azure", "cilium"/),
  r('data plane "azure" off AKS', 'cluster.dataplaneArc', { cluster: { ...ARC, networkDataplane: 'azure' } }, 'cluster.networkDataplane', /got "azure"; expected "cilium" or nothing: "azure" is an AKS data plane and Generic .* is not AKS\. Leave it out/),
  r('ARM64 on Azure Stack Edge', 'cluster.arm64', { cluster: { ...ARC, distribution: 'azure-stack-edge', nodes: { arm64: true } } }, 'cluster.nodes.arm64', /got true; the agents do not support ARM64 nodes on Kubernetes on Azure Stack Edge; set it to false or leave it out$/),

  // --- containerInsights: top level ---
  r('containerInsights not an object', 'check.object', { cluster: AKS, containerInsights: true }, 'containerInsights', /got true; expected an object$/),
  r('workspace missing', 'ci.workspaceMissing', { cluster: AKS, containerInsights: {} }, 'containerInsights.logAnalyticsWorkspace', /got undefined; expected the Log Analytics workspace that receives the data \(\{ resourceId, region \}\)$/),
  r('unknown prop highLogScal with did-you-mean', 'check.unknownProp', ci({ highLogScal: true }), 'containerInsights.highLogScal', /unknown prop; allowed props of containerInsights: .*\. Did you mean "highLogScale"\?$/),
  r('workspace ID of a cluster', 'cluster.idType', ci({ logAnalyticsWorkspace: { resourceId: MANAGED_ID('aks1'), region: 'westeurope' } }), 'containerInsights.logAnalyticsWorkspace.resourceId', /expected a resource of type Microsoft\.OperationalInsights\/workspaces \(got Microsoft\.ContainerService\/managedClusters\)$/),
  r('workspace ID malformed', 'cluster.idShape', ci({ logAnalyticsWorkspace: { resourceId: 'law-main', region: 'westeurope' } }), 'containerInsights.logAnalyticsWorkspace.resourceId', /got "law-main"; expected an ARM resource ID like .*\/providers\/Microsoft\.OperationalInsights\/workspaces\/<name>$/),
  r('workspace region typo', 'region.unknown', ci({ logAnalyticsWorkspace: { region: 'eastus22' } }), 'containerInsights.logAnalyticsWorkspace.region', /Did you mean "eastus2"\?$/),
  r('unknown workspace prop', 'check.unknownProp', ci({ logAnalyticsWorkspace: { id: WORKSPACE_ID('x') } }), 'containerInsights.logAnalyticsWorkspace.id', /allowed props of containerInsights\.logAnalyticsWorkspace: resourceId, region/),
  r('authentication unknown', 'check.enum', ci({ authentication: 'msi' }), 'containerInsights.authentication', /got "msi"; expected one of "managed-identity", "workspace-key"$/),
  r('containerLogV2 as a string', 'check.boolean', ci({ containerLogV2: 'true' }), 'containerInsights.containerLogV2', /got "true"; expected true or false$/),
  r('collectKubeSystemPvMetrics as a string', 'check.boolean', ci({ collectKubeSystemPvMetrics: 'yes' }), 'containerInsights.collectKubeSystemPvMetrics', /expected true or false/),
  r('windowsNodeLogs without Windows nodes', 'ci.windowsNoNodes', ci({ windowsNodeLogs: true }), 'containerInsights.windowsNodeLogs', /got true; the cluster has no Windows nodes \(cluster\.nodes\.windows\)/),
  r(
    'Windows node logs on Arc with managed identity (the default when nodes.windows)',
    'ci.windowsManagedIdentity',
    ci({}, { ...ARC, nodes: { windows: true } }),
    'containerInsights.windowsNodeLogs',
    /got true; Generic \(Arc-enabled\) Kubernetes collects Windows node logs only with authentication: "workspace-key" \(legacy\)\. Set windowsNodeLogs: false/,
  ),
  r('flow logs with workspace-key auth', 'ci.flowLogsAuth', { ...ci({ authentication: 'workspace-key' }, FLOW_CLUSTER), networkObservability: FLOW_LOGS }, 'containerInsights.authentication', /got "workspace-key"; expected "managed-identity": container network logs \(networkObservability\.containerNetworkLogs\) are collected through the data collection rule$/),
  r('flow logs without high log scale', 'ci.flowLogsHighScale', { ...ci({}, FLOW_CLUSTER), networkObservability: FLOW_LOGS }, 'containerInsights.highLogScale', /got undefined; expected true: container network logs \(networkObservability\.containerNetworkLogs\) are ingested through high log scale mode/),
  r('flow logs with high log scale off', 'ci.flowLogsHighScale', { ...ci({ highLogScale: false }, FLOW_CLUSTER), networkObservability: FLOW_LOGS }, 'containerInsights.highLogScale', /got false; expected true/),
  r(
    'loss alert with internal metrics off',
    'ci.lossAlertInternalMetrics',
    {
      ...ci({ highLogScale: true, agentSettings: { fluentBit: { enableInternalMetrics: false } } }, FLOW_CLUSTER),
      managedPrometheus: { azureMonitorWorkspace: { region: 'westeurope' } },
      networkObservability: { ...FLOW_LOGS, containerNetworkLogs: { ...FLOW_LOGS.containerNetworkLogs as Obj, lossAlert: {} } },
    },
    'containerInsights.agentSettings.fluentBit.enableInternalMetrics',
    /got false; expected true or nothing: the flow-log loss alert \(networkObservability\.containerNetworkLogs\.lossAlert\) needs fluent-bit's internal metrics$/,
  ),
  r('highLogScale with workspace-key auth', 'ci.highScaleAuth', ci({ highLogScale: true, authentication: 'workspace-key' }), 'containerInsights.highLogScale', /got true; high log scale mode needs authentication: "managed-identity"/),
  r('highLogScale with containerLogV2 false', 'ci.highScaleV2', ci({ highLogScale: true, containerLogV2: false }), 'containerInsights.highLogScale', /high log scale mode needs containerLogV2: true/),
  r('highLogScale without a container log stream', 'ci.highScaleNoLogs', dc({ streams: ['Microsoft-Perf'] }, { highLogScale: true }), 'containerInsights.highLogScale', /the chosen streams collect none/),
  r('configVersion too long', 'check.stringMax', ci({ configVersion: 'ver12345678' }), 'containerInsights.configVersion', /got "ver12345678"; expected at most 10 characters \(got 11\)$/),
  r('configVersion with whitespace', 'check.stringPattern', ci({ configVersion: 'ver 1' }), 'containerInsights.configVersion', /expected a version without whitespace/),
  r('configVersion empty', 'check.stringMin', ci({ configVersion: '' }), 'containerInsights.configVersion', /expected a string of at least 1 character/),
  r('tag name with "<"', 'check.stringPattern', ci({ tags: { '<team>': 'x' } }), 'containerInsights.tags', /got "<team>"; expected a tag name without/),
  r('tag value too long', 'check.stringMax', ci({ tags: { team: 'x'.repeat(257) } }), 'containerInsights.tags.team', /expected at most 256 characters \(got 257\)$/),
  r('tags not an object', 'check.object', ci({ tags: 'team=x' }), 'containerInsights.tags', /expected an object$/),

  // --- dataCollection (DCR) ---
  r('collect and streams both', 'ci.collectAndStreams', dc({ collect: ['all'], streams: ['Microsoft-Perf'] }), 'containerInsights.dataCollection.streams', /expected either collect \(groups\) or streams \(names\), not both$/),
  r('V1 stream with containerLogV2 true', 'ci.v1StreamWithV2', dc({ streams: ['Microsoft-ContainerLog'] }), 'containerInsights.dataCollection.streams', /got \["Microsoft-ContainerLog"\]; Microsoft-ContainerLog \(v1\) is not collected while containerLogV2 is true/),
  r('V2 stream with containerLogV2 false', 'ci.v2StreamWithV1', dc({ streams: ['Microsoft-ContainerLogV2'] }, { containerLogV2: false }), 'containerInsights.dataCollection.streams', /Microsoft-ContainerLogV2 needs containerLogV2: true/),
  r('streams empty', 'check.listMin', dc({ streams: [] }), 'containerInsights.dataCollection.streams', /got \[\]; expected at least 1 item\(s\)$/),
  r('stream typo with did-you-mean', 'check.enum', dc({ streams: ['Microsoft-KubeEvent'] }), 'containerInsights.dataCollection.streams[0]', /Did you mean "Microsoft-KubeEvents"\?$/),
  r('stream listed twice', 'check.listDup', dc({ streams: ['Microsoft-Perf', 'Microsoft-Perf'] }), 'containerInsights.dataCollection.streams[1]', /got "Microsoft-Perf"; expected no duplicates in the list$/),
  r('streams not an array', 'check.listType', dc({ streams: 'Microsoft-Perf' }), 'containerInsights.dataCollection.streams', /expected an array of strings$/),
  r('collect group unknown', 'check.enum', dc({ collect: ['everything'] }), 'containerInsights.dataCollection.collect[0]', /expected one of "all", "performance", "logs-and-events", "workloads", "persistent-volumes"$/),
  r('preset typo with did-you-mean', 'check.enum', dc({ preset: 'standart' }), 'containerInsights.dataCollection.preset', /Did you mean "standard"\?$/),
  r('interval 45m', 'ci.interval', dc({ interval: '45m' }), 'containerInsights.dataCollection.interval', /got "45m"; expected minutes as "<n>m" with n from 1 to 30, e\.g\. "1m" or "5m"/),
  r('interval 60s', 'ci.interval', dc({ interval: '60s' }), 'containerInsights.dataCollection.interval', /got "60s"; expected minutes as "<n>m" with n from 1 to 30/),
  r('interval 0m', 'ci.interval', dc({ interval: '0m' }), 'containerInsights.dataCollection.interval', /got "0m"; expected minutes/),
  r('interval 31m', 'ci.interval', dc({ interval: '31m' }), 'containerInsights.dataCollection.interval', /got "31m"; expected minutes/),
  r('interval as a number', 'check.stringType', dc({ interval: 5 }), 'containerInsights.dataCollection.interval', /got 5; expected a string$/),
  r('namespaceFilteringMode unknown', 'check.enum', dc({ namespaceFilteringMode: 'include' }), 'containerInsights.dataCollection.namespaceFilteringMode', /got "include"; .*Did you mean "Include"\?$/),
  r('namespaceFilteringMode Include without namespaces', 'ci.namespacesMissing', dc({ namespaceFilteringMode: 'Include' }), 'containerInsights.dataCollection.namespaces', /got undefined; expected the namespaces to include with namespaceFilteringMode "Include"$/),
  r('namespaceFilteringMode Exclude without namespaces', 'ci.namespacesMissing', dc({ namespaceFilteringMode: 'Exclude' }), 'containerInsights.dataCollection.namespaces', /expected the namespaces to exclude with namespaceFilteringMode "Exclude"$/),
  r(
    'cost-optimized preset switched to Include needs explicit namespaces (the preset\'s are exclusions)',
    'ci.namespacesMissing',
    dc({ preset: 'cost-optimized', namespaceFilteringMode: 'Include' }),
    'containerInsights.dataCollection.namespaces',
    /expected the namespaces to include/,
  ),
  r('namespaces with mode Off (the default)', 'ci.namespacesModeOff', dc({ namespaces: ['apps'] }), 'containerInsights.dataCollection.namespaces', /got \["apps"\]; namespaces only apply with namespaceFilteringMode "Include" or "Exclude"$/),
  r('namespaces with mode Off (explicit)', 'ci.namespacesModeOff', dc({ namespaceFilteringMode: 'Off', namespaces: ['apps'] }), 'containerInsights.dataCollection.namespaces', /namespaces only apply with namespaceFilteringMode/),
  r('namespace not DNS-1123', 'check.stringPattern', dc({ namespaceFilteringMode: 'Include', namespaces: ['Apps'] }), 'containerInsights.dataCollection.namespaces[0]', /got "Apps"; expected a Kubernetes namespace name/),
  r('namespaces empty', 'check.listMin', dc({ namespaceFilteringMode: 'Include', namespaces: [] }), 'containerInsights.dataCollection.namespaces', /expected at least 1 item\(s\)$/),

  // --- syslog ---
  r('syslog of the wrong type', 'ci.syslogType', ci({ syslog: 'yes' }), 'containerInsights.syslog', /got "yes"; expected true, false or \{ facilities\?, logLevels\? \}$/),
  r('bad syslog facility with did-you-mean', 'check.enum', ci({ syslog: { facilities: ['kernel'] } }), 'containerInsights.syslog.facilities[0]', /got "kernel"; expected one of "auth", .*Did you mean "kern"\?$/),
  r('bad syslog facility local8', 'check.enum', ci({ syslog: { facilities: ['local8'] } }), 'containerInsights.syslog.facilities[0]', /got "local8"; expected one of "auth"/),
  r('syslog facilities empty', 'check.listMin', ci({ syslog: { facilities: [] } }), 'containerInsights.syslog.facilities', /expected at least 1 item\(s\)$/),
  r('bad syslog level with did-you-mean', 'check.enum', ci({ syslog: { logLevels: ['Warnig'] } }), 'containerInsights.syslog.logLevels[0]', /Did you mean "Warning"\?$/),
  r('unknown syslog prop', 'check.unknownProp', ci({ syslog: { facilites: ['auth'] } }), 'containerInsights.syslog.facilites', /Did you mean "facilities"\?$/),
  r('dataCollection with workspace-key', 'ci.workspaceKeyDataCollection', dc({ interval: '5m' }, { authentication: 'workspace-key' }), 'containerInsights.dataCollection', /data collection settings live in the data collection rule, which the agent ignores with authentication: "workspace-key"/),
  r('syslog with workspace-key', 'ci.workspaceKeySyslog', ci({ syslog: true, authentication: 'workspace-key' }), 'containerInsights.syslog', /got true; Syslog is collected through the data collection rule, which the agent ignores with authentication: "workspace-key"/),

  // --- logCollection ---
  r('logCollection not an object', 'check.object', ci({ logCollection: 'x' }), 'containerInsights.logCollection', /got "x"; expected an object$/),
  r('unknown logCollection prop', 'check.unknownProp', logs({ stdOut: {} }), 'containerInsights.logCollection.stdOut', /Did you mean "stdout"\?$/),
  r('collectSystemPodLogs of a non-system namespace', 'ci.systemPodNamespace', logs({ stdout: { collectSystemPodLogs: ['default:nginx'] } }), 'containerInsights.logCollection.stdout.collectSystemPodLogs[0]', /got "default:nginx"; expected a system namespace \(kube-system, gatekeeper-system, calico-system, azure-arc, kube-public, kube-node-lease\) before ":"/),
  r(
    'collectSystemPodLogs of an excluded namespace (default exclusions)',
    'ci.systemPodExcluded',
    logs({ stdout: { collectSystemPodLogs: ['kube-system:coredns'] } }),
    'containerInsights.logCollection.stdout.collectSystemPodLogs[0]',
    /got "kube-system:coredns"; namespace "kube-system" is in containerInsights\.logCollection\.stdout\.excludeNamespaces, and the agent drops system-pod entries of excluded namespaces/,
  ),
  r('collectSystemPodLogs of an explicitly excluded namespace (stderr)', 'ci.systemPodExcluded', logs({ stderr: { excludeNamespaces: ['gatekeeper-system'], collectSystemPodLogs: ['gatekeeper-system:gk'] } }), 'containerInsights.logCollection.stderr.collectSystemPodLogs[0]', /namespace "gatekeeper-system" is in containerInsights\.logCollection\.stderr\.excludeNamespaces/),
  r('collectSystemPodLogs without a controller', 'check.stringPattern', logs({ stdout: { collectSystemPodLogs: ['coredns'] } }), 'containerInsights.logCollection.stdout.collectSystemPodLogs[0]', /got "coredns"; expected "namespace:controllerName", e\.g\. "kube-system:coredns"$/),
  r('stream disabled with exclusions', 'ci.streamDisabled', logs({ stdout: { enabled: false, excludeNamespaces: ['apps'] } }), 'containerInsights.logCollection.stdout.enabled', /got false; excludeNamespaces\/collectSystemPodLogs only apply when the stream is enabled/),
  r('stream disabled with system pods', 'ci.streamDisabled', logs({ stderr: { enabled: false, collectSystemPodLogs: ['kube-public:x'] } }), 'containerInsights.logCollection.stderr.enabled', /only apply when the stream is enabled/),
  r('excludeNamespaces as a string', 'check.listType', logs({ stdout: { excludeNamespaces: 'kube-system' } }), 'containerInsights.logCollection.stdout.excludeNamespaces', /got "kube-system"; expected an array of strings$/),
  r('excludeNamespaces duplicated', 'check.listDup', logs({ stdout: { excludeNamespaces: ['apps', 'apps'] } }), 'containerInsights.logCollection.stdout.excludeNamespaces[1]', /expected no duplicates in the list$/),
  r('multiline without ContainerLogV2', 'ci.multilineV1', logs({ multiline: { enabled: true } }, { containerLogV2: false }), 'containerInsights.logCollection.multiline.enabled', /got true; multiline logs need the ContainerLogV2 schema; set containerLogV2: true$/),
  r('kubernetesMetadata without ContainerLogV2', 'ci.metadataV1', logs({ kubernetesMetadata: { enabled: true } }, { containerLogV2: false }), 'containerInsights.logCollection.kubernetesMetadata.enabled', /Kubernetes metadata is a ContainerLogV2 column; set containerLogV2: true$/),
  r('enrichContainerLogs with ContainerLogV2', 'ci.enrichV2', logs({ enrichContainerLogs: true }), 'containerInsights.logCollection.enrichContainerLogs', /got true; enrichment only applies to the ContainerLog \(v1\) schema/),
  r('multiline languages empty', 'ci.languagesEmpty', logs({ multiline: { enabled: true, languages: [] } }), 'containerInsights.logCollection.multiline.languages', /got \[\]; expected at least one language, or leave it out for the agent default \(go, java, python\)$/),
  r('multiline language unknown', 'check.enum', logs({ multiline: { enabled: true, languages: ['rust'] } }), 'containerInsights.logCollection.multiline.languages[0]', /got "rust"; expected one of "go", "java", "python", "dotnet"$/),
  r('multiline enabled missing', 'check.boolean', logs({ multiline: { languages: ['go'] } }), 'containerInsights.logCollection.multiline.enabled', /got undefined; expected true or false$/),
  r('includeFields empty', 'ci.includeFieldsEmpty', logs({ kubernetesMetadata: { enabled: true, includeFields: [] } }), 'containerInsights.logCollection.kubernetesMetadata.includeFields', /got \[\]; expected at least one field \(an empty list disables metadata collection in the agent\)/),
  r('includeFields in the wrong case', 'check.enum', logs({ kubernetesMetadata: { enabled: true, includeFields: ['podlabels'] } }), 'containerInsights.logCollection.kubernetesMetadata.includeFields[0]', /Did you mean "podLabels"\?$/),

  // --- multiTenancy ---
  r('multiTenancy without highLogScale', 'ci.multiTenancyHighScale', ci({ multiTenancy: { tenants: [tenant('team-a', ['app-a'])] } }), 'containerInsights.multiTenancy', /got "\(tenants\)"; multi-tenant logging needs high log scale mode; set highLogScale: true$/),
  r('multiTenancy on an Arc distribution', 'ci.multiTenancyArc', ci({ highLogScale: true, multiTenancy: { tenants: [tenant('team-a', ['app-a'])] } }, ARC), 'containerInsights.multiTenancy', /multi-tenant logging is an AKS feature; Generic \(Arc-enabled\) Kubernetes does not support it$/),
  r('no tenants', 'ci.tenantsEmpty', mt({ tenants: [] }), 'containerInsights.multiTenancy.tenants', /got \[\]; expected a non-empty array of tenants$/),
  r('tenants missing', 'ci.tenantsEmpty', mt({}), 'containerInsights.multiTenancy.tenants', /got undefined; expected a non-empty array of tenants$/),
  r('31 tenants', 'ci.tenantsMax', mt({ tenants: manyTenants(31) }), 'containerInsights.multiTenancy.tenants', /got "31 tenants"; expected at most 30 tenants \(the product allows 30 ContainerLogV2Extension associations per cluster\)$/),
  r('duplicate tenant names', 'ci.tenantNameDup', mt({ tenants: [tenant('team-a', ['a1']), tenant('team-a', ['a2'])] }), 'containerInsights.multiTenancy.tenants[1].name', /got "team-a"; expected tenant names to be unique$/),
  r('namespace in two tenants', 'ci.tenantNamespaceTwice', mt({ tenants: [tenant('team-a', ['shared', 'a1']), tenant('team-b', ['b1', 'shared'])] }), 'containerInsights.multiTenancy.tenants[1].namespaces[1]', /got "shared"; expected each namespace in one tenant only; it is already routed to tenant "team-a"/),
  r('namespace twice in one tenant', 'check.listDup', mt({ tenants: [tenant('team-a', ['a1', 'a1'])] }), 'containerInsights.multiTenancy.tenants[0].namespaces[1]', /expected no duplicates in the list$/),
  r('tenant without namespaces', 'check.listMin', mt({ tenants: [tenant('team-a', [])] }), 'containerInsights.multiTenancy.tenants[0].namespaces', /expected at least 1 item\(s\)$/),
  r('tenant name with upper case and "_"', 'check.stringPattern', mt({ tenants: [tenant('Team_A', ['a1'])] }), 'containerInsights.multiTenancy.tenants[0].name', /got "Team_A"; expected a tenant name of 1-20 lower-case letters, digits or "-"/),
  r('tenant name of 21 characters', 'check.stringPattern', mt({ tenants: [tenant('t'.repeat(21), ['a1'])] }), 'containerInsights.multiTenancy.tenants[0].name', /expected a tenant name of 1-20/),
  r('tenant without a workspace', 'ci.tenantWorkspace', mt({ tenants: [{ name: 'team-a', namespaces: ['a1'] }] }), 'containerInsights.multiTenancy.tenants[0].logAnalyticsWorkspace', /got undefined; expected the tenant's Log Analytics workspace$/),
  r('tenant workspace ID of the wrong type', 'cluster.idType', mt({ tenants: [tenant('team-a', ['a1'], { logAnalyticsWorkspace: { resourceId: CONNECTED_ID('x'), region: 'westeurope' } })] }), 'containerInsights.multiTenancy.tenants[0].logAnalyticsWorkspace.resourceId', /expected a resource of type Microsoft\.OperationalInsights\/workspaces \(got Microsoft\.Kubernetes\/connectedClusters\)$/),
  r('tenant transformKql too long', 'check.stringMax', mt({ tenants: [tenant('team-a', ['a1'], { transformKql: 's'.repeat(15001) })] }), 'containerInsights.multiTenancy.tenants[0].transformKql', /expected at most 15000 characters \(got 15001\)$/),
  r('tenant pipeline without advanced mode', 'ci.pipelineNeedsAdvanced', mt({ tenants: [tenant('team-a', ['a1'], { pipeline: { throttleRate: 10 } })] }), 'containerInsights.multiTenancy.tenants[0].pipeline', /got \{"throttleRate":10\}; per-tenant pipeline settings need advanced mode; set multiTenancy\.advanced \(may be \{\}\)$/),
  r('tenant pipeline throttleInterval in ms', 'check.stringPattern', mt({ tenants: [tenant('team-a', ['a1'], { pipeline: { throttleInterval: '500ms' } })], advanced: {} }), 'containerInsights.multiTenancy.tenants[0].pipeline.throttleInterval', /got "500ms"; expected a duration such as "1s"/),
  r('tenant pipeline memBufLimit not a fluent-bit size', 'check.stringPattern', mt({ tenants: [tenant('team-a', ['a1'], { pipeline: { memBufLimit: '10MB' } })], advanced: {} }), 'containerInsights.multiTenancy.tenants[0].pipeline.memBufLimit', /got "10MB"; expected a fluent-bit size such as "10m" or "2G"$/),
  r('tenant pipeline storageType unknown', 'check.enum', mt({ tenants: [tenant('team-a', ['a1'], { pipeline: { storageType: 'disk' } })], advanced: {} }), 'containerInsights.multiTenancy.tenants[0].pipeline.storageType', /expected one of "filesystem", "memory"$/),
  r('unknown tenant pipeline prop', 'check.unknownProp', mt({ tenants: [tenant('team-a', ['a1'], { pipeline: { throttlerate: 1 } })], advanced: {} }), 'containerInsights.multiTenancy.tenants[0].pipeline.throttlerate', /Did you mean "throttleRate"\?$/),
  r('advanced throttleRate 0', 'check.int', mt({ tenants: [tenant('team-a', ['a1'])], advanced: { throttleRate: 0 } }), 'containerInsights.multiTenancy.advanced.throttleRate', /got 0; expected an integer >= 1$/),
  r('advanced storageMaxChunksUp 0', 'check.int', mt({ tenants: [tenant('team-a', ['a1'])], advanced: { storageMaxChunksUp: 0 } }), 'containerInsights.multiTenancy.advanced.storageMaxChunksUp', /got 0; expected an integer >= 1$/),
  r('advanced serviceBufferChunkSize 0m', 'check.stringPattern', mt({ tenants: [tenant('team-a', ['a1'])], advanced: { serviceBufferChunkSize: '0m' } }), 'containerInsights.multiTenancy.advanced.serviceBufferChunkSize', /got "0m"; expected a fluent-bit size such as "10m"$/),

  // --- prometheus (logs agent scraping) ---
  r('monitorKubernetesPodsNamespaces without monitorKubernetesPods', 'ci.promPodsOnly', ci({ prometheus: { cluster: { monitorKubernetesPodsNamespaces: ['apps'] } } }), 'containerInsights.prometheus.cluster.monitorKubernetesPodsNamespaces', /got \["apps"\]; only applies with monitorKubernetesPods: true/),
  r('kubernetesLabelSelector with monitorKubernetesPods false', 'ci.promPodsOnly', ci({ prometheus: { cluster: { monitorKubernetesPods: false, kubernetesLabelSelector: 'app=x' } } }), 'containerInsights.prometheus.cluster.kubernetesLabelSelector', /only applies with monitorKubernetesPods: true/),
  r('prometheus interval not a duration', 'check.stringPattern', ci({ prometheus: { node: { interval: '1 minute' } } }), 'containerInsights.prometheus.node.interval', /got "1 minute"; expected a duration such as "30s", "1m" or "1m30s"/),
  r('prometheus URL without scheme', 'check.stringPattern', ci({ prometheus: { cluster: { urls: ['myurl:9101/metrics'] } } }), 'containerInsights.prometheus.cluster.urls[0]', /expected an http\(s\) URL$/),

  // --- alertable metric thresholds ---
  r('threshold 0', 'check.number', ci({ alertableMetricThresholds: { containerCpuPercentage: 0 } }), 'containerInsights.alertableMetricThresholds.containerCpuPercentage', /got 0; expected a number from 0\.01 to 100$/),
  r('threshold 101', 'check.number', ci({ alertableMetricThresholds: { containerMemoryRssPercentage: 101 } }), 'containerInsights.alertableMetricThresholds.containerMemoryRssPercentage', /got 101; expected a number from 0\.01 to 100$/),
  r('threshold 100.01', 'check.number', ci({ alertableMetricThresholds: { pvUsagePercentage: 100.01 } }), 'containerInsights.alertableMetricThresholds.pvUsagePercentage', /got 100\.01; expected a number from 0\.01 to 100$/),
  r('threshold as a string', 'check.number', ci({ alertableMetricThresholds: { containerMemoryWorkingSetPercentage: '95' } }), 'containerInsights.alertableMetricThresholds.containerMemoryWorkingSetPercentage', /got "95"; expected a number from 0\.01 to 100$/),
  r('jobCompletionMinutes 0', 'check.int', ci({ alertableMetricThresholds: { jobCompletionMinutes: 0 } }), 'containerInsights.alertableMetricThresholds.jobCompletionMinutes', /got 0; expected an integer >= 1$/),

  // --- integrations ---
  r('unknown networkPolicyManager prop', 'check.unknownProp', ci({ integrations: { networkPolicyManager: { basic: true } } }), 'containerInsights.integrations.networkPolicyManager.basic', /allowed props of containerInsights\.integrations\.networkPolicyManager: basicMetrics, advancedMetrics/),

  // --- agentSettings ---
  r('unknown agentSettings prop with did-you-mean', 'check.unknownProp', agent({ chunks: {} }), 'containerInsights.agentSettings.chunks', /Did you mean "chunk"\?$/),
  r('kubeMetadataCacheTtlSeconds -1', 'check.int', agent({ kubeMetadataCacheTtlSeconds: -1 }), 'containerInsights.agentSettings.kubeMetadataCacheTtlSeconds', /got -1; expected an integer >= 0$/),
  r('tailMemBufLimitMegabytes 10', 'ci.tailMemBufLimit', agent({ fluentBit: { tailMemBufLimitMegabytes: 10 } }), 'containerInsights.agentSettings.fluentBit.tailMemBufLimitMegabytes', /got 10; expected an integer greater than 10 \(the agent ignores values of 10 or less and keeps 10\)$/),
  r('tailMemBufLimitMegabytes 1', 'ci.tailMemBufLimit', agent({ fluentBit: { tailMemBufLimitMegabytes: 1 } }), 'containerInsights.agentSettings.fluentBit.tailMemBufLimitMegabytes', /got 1; expected an integer greater than 10/),
  r('tailMemBufLimitMegabytes 10.5', 'check.int', agent({ fluentBit: { tailMemBufLimitMegabytes: 10.5 } }), 'containerInsights.agentSettings.fluentBit.tailMemBufLimitMegabytes', /got 10\.5; expected an integer >= 11$/),
  r('tailBufMaxSizeMegabytes below the chunk size', 'ci.tailBufMax', agent({ fluentBit: { tailBufChunkSizeMegabytes: 5, tailBufMaxSizeMegabytes: 4 } }), 'containerInsights.agentSettings.fluentBit.tailBufMaxSizeMegabytes', /got 4; expected at least tailBufChunkSizeMegabytes \(5\); the agent would silently raise it$/),
  r('tailBufMaxSizeMegabytes 0', 'check.int', agent({ fluentBit: { tailBufMaxSizeMegabytes: 0 } }), 'containerInsights.agentSettings.fluentBit.tailBufMaxSizeMegabytes', /got 0; expected an integer >= 1$/),
  r('logFlushIntervalSeconds 0', 'check.int', agent({ fluentBit: { logFlushIntervalSeconds: 0 } }), 'containerInsights.agentSettings.fluentBit.logFlushIntervalSeconds', /got 0; expected an integer >= 1$/),
  r('tailIgnoreOlder in seconds', 'check.stringPattern', agent({ fluentBit: { tailIgnoreOlder: '30s' } }), 'containerInsights.agentSettings.fluentBit.tailIgnoreOlder', /got "30s"; expected a duration "<n>m", "<n>h" or "<n>d"$/),
  r('fluentBit storageType unknown', 'check.enum', agent({ fluentBit: { storageType: 'disk' } }), 'containerInsights.agentSettings.fluentBit.storageType', /expected one of "memory", "filesystem"$/),
  r('enableThreading as a string', 'check.boolean', agent({ fluentBit: { enableThreading: 'true' } }), 'containerInsights.agentSettings.fluentBit.enableThreading', /got "true"; expected true or false$/),
  ...chunkRejected,
  r('podsEmitStreamBatchSize with podsChunkSize below 50: no valid batch size', 'ci.podsBatchNoRange', agent({ chunk: { podsChunkSize: 20, podsEmitStreamBatchSize: 50 } }), 'containerInsights.agentSettings.chunk.podsEmitStreamBatchSize', /got 50; expected no batch size: it must be from 50 to podsChunkSize, and podsChunkSize is 20; raise podsChunkSize to 50 or more$/),
  r('collectSystemPodLogs namespace matched by substring of an exclusion (the agent matches substrings)', 'ci.systemPodExcluded', logs({ stdout: { excludeNamespaces: ['kube-system-old'], collectSystemPodLogs: ['kube-system:coredns'] } }), 'containerInsights.logCollection.stdout.collectSystemPodLogs[0]', /namespace "kube-system" is matched by "kube-system-old" in \(the agent matches exclusions as substrings\) containerInsights\.logCollection\.stdout\.excludeNamespaces/),
  r('podsEmitStreamBatchSize above podsChunkSize', 'check.int', agent({ chunk: { podsChunkSize: 100, podsEmitStreamBatchSize: 101 } }), 'containerInsights.agentSettings.chunk.podsEmitStreamBatchSize', /got 101; expected an integer from 50 to 100$/),
  r('nodesEmitStreamBatchSize above nodesChunkSize', 'check.int', agent({ chunk: { nodesChunkSize: 120, nodesEmitStreamBatchSize: 121 } }), 'containerInsights.agentSettings.chunk.nodesEmitStreamBatchSize', /got 121; expected an integer from 50 to 120$/),
  r('podsChunkSize 5', 'check.int', agent({ chunk: { podsChunkSize: 5 } }), 'containerInsights.agentSettings.chunk.podsChunkSize', /got 5; expected an integer from 10 to 1500$/),
  r('podsChunkSize not an integer', 'check.int', agent({ chunk: { podsChunkSize: 250.5 } }), 'containerInsights.agentSettings.chunk.podsChunkSize', /got 250\.5; expected an integer from 10 to 1500$/),
  r('podsChunkSize as a string', 'check.int', agent({ chunk: { podsChunkSize: '250' } }), 'containerInsights.agentSettings.chunk.podsChunkSize', /got "250"; expected an integer from 10 to 1500$/),
  r('compressionLevel 10', 'check.int', agent({ mdsd: { compressionLevel: 10 } }), 'containerInsights.agentSettings.mdsd.compressionLevel', /got 10; expected an integer from 0 to 9$/),
  r('compressionLevel -1', 'check.int', agent({ mdsd: { compressionLevel: -1 } }), 'containerInsights.agentSettings.mdsd.compressionLevel', /got -1; expected an integer from 0 to 9$/),
  r('backpressure 100', 'check.int', agent({ mdsd: { backpressureMemoryThresholdMegabytes: 100 } }), 'containerInsights.agentSettings.mdsd.backpressureMemoryThresholdMegabytes', /got 100; expected an integer >= 101$/),
  r('monitoringMaxEventRate 0', 'check.int', agent({ mdsd: { monitoringMaxEventRate: 0 } }), 'containerInsights.agentSettings.mdsd.monitoringMaxEventRate', /got 0; expected an integer >= 1$/),
  r('tcpListenerBufferSize below the chunk size', 'ci.tcpBuffer', agent({ prometheusFluentBit: { tcpListenerChunkSize: 10, tcpListenerBufferSize: 5 } }), 'containerInsights.agentSettings.prometheusFluentBit.tcpListenerBufferSize', /got 5; expected at least tcpListenerChunkSize \(10\); the agent would silently raise it$/),
  r('node tcpListenerBufferSize below the chunk size', 'ci.tcpBuffer', agent({ nodePrometheusFluentBit: { tcpListenerChunkSize: 2, tcpListenerBufferSize: 1 } }), 'containerInsights.agentSettings.nodePrometheusFluentBit.tcpListenerBufferSize', /expected at least tcpListenerChunkSize \(2\)/),
  r('cluster tcpListenerMemBufLimit 0', 'check.int', agent({ clusterPrometheusFluentBit: { tcpListenerMemBufLimit: 0 } }), 'containerInsights.agentSettings.clusterPrometheusFluentBit.tcpListenerMemBufLimit', /got 0; expected an integer >= 1$/),
  ...listenerRejected,
  r('unknown listener port', 'check.unknownProp', agent({ networkListenerWaitTime: { tcpPort25227: 45 } }), 'containerInsights.agentSettings.networkListenerWaitTime.tcpPort25227', /Did you mean "tcpPort2522[6-9]"\?$/),
];

// -------------------------------------------------------------------------------------------------
// Accepted inputs (valid boundaries must not throw)
// -------------------------------------------------------------------------------------------------

interface Accepted {
  readonly name: string;
  readonly props: unknown;
}

const a = (name: string, props: unknown): Accepted => ({ name, props });

const chunkAccepted: Accepted[] = CHUNK_RANGES.flatMap(([key, min, max]) => [min, max].map((v) => a(`chunk.${key} = ${v} (range ${min}-${max})`, agent({ chunk: { [key]: v } }))));

const listenerAccepted: Accepted[] = Object.entries(LISTENER_DEFAULTS).flatMap(([key, def]) =>
  [Math.ceil(def / 2), def, 3 * def].map((v) => a(`networkListenerWaitTime.${key} = ${v} (default ${def})`, agent({ networkListenerWaitTime: { [key]: v } }))),
);

const ACCEPTED: Accepted[] = [
  a('Managed Prometheus with a workspace region only (ID as an ARM parameter)', { cluster: AKS, managedPrometheus: MP_OK }),
  a('a PodMonitor and a ServiceMonitor of the same name', { cluster: AKS, managedPrometheus: { ...MP_OK, podMonitors: [MONITOR], serviceMonitors: [MONITOR] } }),
  a('Prometheus scraping with the standard preset (InsightsMetrics collected)', ci({ prometheus: { node: { urls: ['http://$NODE_IP:9100/metrics'] } }, dataCollection: { preset: 'standard' } })),
  a('PV metrics with the performance group', ci({ collectKubeSystemPvMetrics: true, dataCollection: { collect: ['logs-and-events', 'performance'] } })),
  a('workspace-key auth needs no workspace region (no rule is created)', { cluster: AKS, containerInsights: { logAnalyticsWorkspace: {}, authentication: 'workspace-key', prometheus: { node: {} } } }),
  a('a tenant namespace excluded nowhere', mt({ tenants: [tenant('ops', ['batch'])] })),
  a('windowsNodeLogs true on AKS with Windows nodes', ci({ windowsNodeLogs: true }, { ...AKS, nodes: { windows: true } })),
  a('exactly 50 tags', ci({ tags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`t${i}`, 'v'])) })),
  a('minimal AKS stack without Container Insights', { cluster: AKS }),
  a('minimal Container Insights', ci({})),
  a('region display name "West Europe"', cl({ region: 'West Europe' })),
  a('region display name "EAST US 2"', cl({ region: 'EAST US 2' })),
  a('cluster name of 63 characters', cl({ name: 'a'.repeat(63) })),
  a('cluster name of 1 character', cl({ name: 'a' })),
  a('cluster name with "_" and "-" inside', cl({ name: 'aks_prod-1' })),
  a('AKS with a managedClusters ID', cl({ resourceId: MANAGED_ID('aks1') })),
  a('ID name differing only in case', cl({ resourceId: MANAGED_ID('AKS1') })),
  a('Arc with a connectedClusters ID', { cluster: { ...ARC, resourceId: CONNECTED_ID('arc1') } }),
  a('deferred (token) cluster ID', cl({ resourceId: makeToken(0) })),
  a('deferred (token) workspace ID', ci({ logAnalyticsWorkspace: { resourceId: makeToken(1), region: 'westeurope' } })),
  a('Windows nodes on generic Arc, Linux logs only with managed identity', ci({ windowsNodeLogs: false }, { ...ARC, nodes: { windows: true } })),
  a('Windows node logs on Arc with workspace-key', ci({ authentication: 'workspace-key' }, { ...ARC, nodes: { windows: true } })),
  a('Windows node logs on AKS with managed identity', ci({}, { ...AKS, nodes: { windows: true } })),
  a('ARM64 on k3s', { cluster: { ...ARC, distribution: 'k3s', nodes: { arm64: true } } }),
  a('workspace-key with syslog false', ci({ authentication: 'workspace-key', syslog: false })),
  a('interval 1m', dc({ interval: '1m' })),
  a('interval 30m', dc({ interval: '30m' })),
  a('cost-optimized preset (its own Exclude namespaces)', dc({ preset: 'cost-optimized' })),
  a('cost-optimized preset with filtering turned Off', dc({ preset: 'cost-optimized', namespaceFilteringMode: 'Off' })),
  a('Include with namespaces', dc({ namespaceFilteringMode: 'Include', namespaces: ['apps'] })),
  a('V2 stream with containerLogV2 true', dc({ streams: ['Microsoft-ContainerLogV2'] })),
  a('V1 stream with containerLogV2 false', dc({ streams: ['Microsoft-ContainerLog'] }, { containerLogV2: false })),
  a('high log scale with the default streams', ci({ highLogScale: true })),
  a('system pods of kube-system once it is no longer excluded', logs({ stdout: { excludeNamespaces: ['gatekeeper-system'], collectSystemPodLogs: ['kube-system:coredns'] } })),
  a('system pods of a non-excluded system namespace', logs({ stderr: { collectSystemPodLogs: ['calico-system:calico-node', 'azure-arc:agent'] } })),
  a('stream disabled on its own', logs({ stdout: { enabled: false } })),
  a('multiline disabled with ContainerLog v1', logs({ multiline: { enabled: false } }, { containerLogV2: false })),
  a('enrichContainerLogs false with ContainerLogV2', logs({ enrichContainerLogs: false })),
  a('enrichContainerLogs with ContainerLog v1', logs({ enrichContainerLogs: true }, { containerLogV2: false })),
  a('multiTenancy basic mode on AKS with high log scale', mt({ tenants: [tenant('team-a', ['a1'])] })),
  a('30 tenants', mt({ tenants: manyTenants(30) })),
  a('tenant name of 20 characters', mt({ tenants: [tenant('t'.repeat(20), ['a1'])] })),
  a('tenant pipeline with advanced mode {}', mt({ tenants: [tenant('team-a', ['a1'], { pipeline: { throttleRate: 10, throttleInterval: '1.5s' } })], advanced: {} })),
  a('thresholds 0.01 and 100', ci({ alertableMetricThresholds: { containerCpuPercentage: 0.01, pvUsagePercentage: 100 } })),
  a('jobCompletionMinutes 1', ci({ alertableMetricThresholds: { jobCompletionMinutes: 1 } })),
  a('configVersion of 10 characters', ci({ configVersion: 'ver1234567' })),
  a('empty tag value', ci({ tags: { team: '' } })),
  a('kubeMetadataCacheTtlSeconds 0', agent({ kubeMetadataCacheTtlSeconds: 0 })),
  a('tailMemBufLimitMegabytes 11', agent({ fluentBit: { tailMemBufLimitMegabytes: 11 } })),
  a('tailBufMaxSizeMegabytes equal to the chunk size', agent({ fluentBit: { tailBufChunkSizeMegabytes: 5, tailBufMaxSizeMegabytes: 5 } })),
  a('tailBufMaxSizeMegabytes 1 without a chunk size (agent default 1)', agent({ fluentBit: { tailBufMaxSizeMegabytes: 1 } })),
  ...chunkAccepted,
  a('cost-optimized preset with its own Exclude mode restated keeps the preset namespaces', dc({ preset: 'cost-optimized', namespaceFilteringMode: 'Exclude' })),
  a('podsEmitStreamBatchSize equal to podsChunkSize', agent({ chunk: { podsChunkSize: 100, podsEmitStreamBatchSize: 100 } })),
  a('nodesEmitStreamBatchSize equal to nodesChunkSize', agent({ chunk: { nodesChunkSize: 400, nodesEmitStreamBatchSize: 400 } })),
  a('compressionLevel 0', agent({ mdsd: { compressionLevel: 0 } })),
  a('compressionLevel 9', agent({ mdsd: { compressionLevel: 9 } })),
  a('backpressure 101', agent({ mdsd: { backpressureMemoryThresholdMegabytes: 101 } })),
  a('tcpListenerBufferSize equal to the chunk size', agent({ prometheusFluentBit: { tcpListenerChunkSize: 10, tcpListenerBufferSize: 10 } })),
  ...listenerAccepted,
];

// -------------------------------------------------------------------------------------------------
// Tests
// -------------------------------------------------------------------------------------------------

describe('rejected inputs: ValidationError with the prop path and a message naming value and range', () => {
  test.each(REJECTED.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    expect(() => render(row.props)).toThrow(ValidationError);
    const err = caught(() => render(row.props));
    expect(err).toBeInstanceOf(ValidationError);
    const e = err as ValidationError;
    expect(e.name).toBe('ValidationError');
    expect(e.path).toBe(row.path);
    expect(e.message).toMatch(row.message);
    // The message is always "<path>: got <value>; <allowed>[. <hint>]".
    expect(e.message.startsWith(`${e.path}: got ${describeValue(e.value)}; ${e.allowed}`)).toBe(true);
  });
});

describe('accepted inputs: valid boundary values do not throw', () => {
  test.each(ACCEPTED.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    expect(() => render(row.props)).not.toThrow();
  });

  test('a region display name is normalized to the programmatic name', () => {
    expect(render(cl({ region: 'West Europe' })).cluster.region).toBe('westeurope');
    const stack = render(ci({ logAnalyticsWorkspace: { region: 'Sweden Central' } }));
    expect(stack.containerInsights!.workspace.region).toBe('swedencentral');
  });

  // Deliberately asserts the agent's rule: `value >= default / 2` with integer division in both the
  // Ruby parser (tomlparser-agent-config.rb `is_valid_waittime?`) and the Go port (`defaultVal/2`),
  // so 22 is valid for the 45 s ports. The model uses Math.ceil(45 / 2) = 23 and rejects 22.
  test('networkListenerWaitTime accepts default/2 with integer division (22 for the 45 s ports)', () => {
    for (const [key, def] of Object.entries(LISTENER_DEFAULTS)) {
      const v = Math.floor(def / 2);
      const error = caught(() => render(agent({ networkListenerWaitTime: { [key]: v } }))) as Error | undefined;
      expect({ key, v, error: error?.message }).toEqual({ key, v, error: undefined });
    }
  });
});

describe('every throw site has a row', () => {
  const SRC = path.resolve(__dirname, '../src');
  /**
   * Model files whose throw sites have their own registry in the feature's test file (same
   * mechanism: one row per site, a meta-test counting them). Every other model file is covered here.
   */
  const OWN_REGISTRY: Record<string, string> = {
    'model/monitors.ts': 'monitors.test.ts',
    'model/prometheus-azure.ts': 'prometheus-azure.test.ts',
    'model/prometheus-settings.ts': 'prometheus-settings.test.ts',
    'model/scrape-config.ts': 'scrape-config.test.ts',
    'model/container-network-logs.ts': 'container-network-logs.test.ts',
    'model/vnet-flow-logs.ts': 'vnet-flow-logs.test.ts',
    'model/container-network-metric.ts': 'container-network-metric.test.ts',
    'model/retina-metrics.ts': 'retina-metrics.test.ts',
    'model/network-observability.ts': 'network-observability.test.ts',
    'model/workspaces.ts': 'workspaces.test.ts',
    'model/onboarding.ts': 'onboarding.test.ts',
    'model/azure-forms.ts': 'azure-forms.test.ts',
    'model/agents.ts': 'agents.test.ts',
  };
  const allModelFiles = [...fs.readdirSync(path.join(SRC, 'model')).filter((f) => f.endsWith('.ts')).map((f) => `model/${f}`), 'stack.ts'];
  const files = allModelFiles.filter((f) => OWN_REGISTRY[f] === undefined);

  test.each(Object.entries(OWN_REGISTRY))('%s is covered by the registry in test/%s', (file, testFile) => {
    expect(allModelFiles).toContain(file);
    const text = fs.readFileSync(path.join(__dirname, testFile), 'utf8');
    expect(text).toMatch(/throw new ValidationError\(/);
  });
  const sites = Object.entries(SITES) as Array<[SiteId, Site]>;

  test.each(files)('%s: the registry lists each `throw new ValidationError(` exactly once', (file) => {
    const text = fs.readFileSync(path.join(SRC, file), 'utf8');
    const count = (text.match(/throw new ValidationError\(/g) ?? []).length;
    const listed = sites.filter(([, s]) => s.file === file);
    expect({ file, sitesInSource: count }).toEqual({ file, sitesInSource: listed.length });
    for (const [id, s] of listed) {
      const first = text.indexOf(s.snippet);
      expect({ id, found: first >= 0, unique: first === text.lastIndexOf(s.snippet) }).toEqual({ id, found: true, unique: true });
    }
  });

  test('every registered site is exercised by a rejected row (or is documented unreachable)', () => {
    const used = new Set(REJECTED.map((row) => row.site));
    for (const [id] of sites) {
      expect({ id, covered: used.has(id) || UNREACHABLE[id] !== undefined }).toEqual({ id, covered: true });
    }
    for (const id of Object.keys(UNREACHABLE) as SiteId[]) expect({ id, alsoUsed: used.has(id) }).toEqual({ id, alsoUsed: false });
  });

  test('check.listMax is unreachable: no caller passes maxItems', () => {
    for (const file of files.filter((f) => f !== 'model/check.ts')) {
      expect({ file, usesMaxItems: fs.readFileSync(path.join(SRC, file), 'utf8').includes('maxItems') }).toEqual({ file, usesMaxItems: false });
    }
  });

  testUniqueRowNames([...REJECTED, ...ACCEPTED].map((row) => row.name));
});
