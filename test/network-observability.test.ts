/**
 * Network observability through the whole stack (renderMonitoringStack with `networkObservability`):
 *
 * - one row per validation rule of src/model/network-observability.ts (prop path and message), with a
 *   registry of its `throw new ValidationError(` sites, and the accepted boundaries;
 * - the logs agent's ConfigMap read back as TOML (`networkflow_logs_config`, fluent-bit's internal
 *   metrics), the Container Insights DCR's `Microsoft-ContainerNetworkLogs` stream and its endpoint;
 * - Managed Prometheus: the network targets per data plane, the logs agent's node job against the
 *   product's, the loss alert's rule group as ARM and through promtool (`check rules` and a
 *   `test rules` unit test of the expression);
 * - the Kubernetes objects against their CRDs and the built-in schemas, the whole ARM template (nested
 *   deployment of the VNet flow log into its watcher's group), the AKS cluster settings fragment against
 *   the 2026-05-01 AKS schema definitions;
 * - both engines: cdk8s (`clusterSettings`, the `.cluster-settings.json` file) and Pulumi (the
 *   `clusterSettings` output, the VNet flow log's IDs as outputs, validated once resolved).
 *
 * Facts: shared/reference/NOTES-network-observability.md §1, §3, §4, §7. Tests that show a gap in src
 * are in "known gaps" blocks and fail on purpose, saying what is expected and why.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { App, Chart, Testing } from 'cdk8s';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml, parseAllDocuments, stringify as stringifyYaml } from 'yaml';
import { MonitoringStackProps, RenderedStack, ValidationError, renderMonitoringStack } from '../src';
import { parseSettingsData, v2Value } from './support/ama-settings-parser';
import { validateArmDefinition } from './support/arm-definition';
import { validateArmResource, validateArmTemplate } from './support/arm-schema';
import { caught } from './support/caught';
import { validateCustomResource } from './support/crd-schema';
import { expectValidKubernetesObjects } from './support/k8s-schema';
import { checkPrometheusConfig, promtoolPath, testWithPromtool } from './support/promtool';
import { checkRulesWithPromtool, promtoolTest, toPrometheusRuleFile } from './support/promtool-rules';
import { CHILD_PRELUDE, ChildOutcome, runChildProgram, srcModule } from './support/pulumi-child';
import { installPulumiMocks, promiseOf } from './support/pulumi-mocks';
import { REFERENCE_DIR } from './support/reference';
import { testRejectedRows, testThrowSiteRegistry, testUniqueRowNames } from './support/throw-sites';
import { MonitoringStack as Cdk8sMonitoringStack, synthWithArmTemplates } from '../src/cdk8s';
import { CONTAINER_NETWORK_LOGS_STREAM } from '../src/model/container-insights';
import {
  FLOW_LOG_LOSS_ALERT,
  FLOW_LOG_LOSS_GROUP,
  LOGS_AGENT_JOB_NAME,
  NETWORK_TARGETS,
  NetworkTarget,
  THROTTLING_DEFAULTS,
} from '../src/model/network-observability';
import { FORCED_LABEL_LIMITS } from '../src/model/scrape-config';
import { MonitoringStack as PulumiMonitoringStack, MonitoringStackArgs as PulumiArgs } from '../src/pulumi';
import { DEPLOYMENTS_API_VERSION } from '../src/render/arm-template';
import { CLUSTER_SETTINGS_API_VERSION, toArmClusterSettings } from '../src/render/cluster-settings';
import { PARAM_WORKSPACE_ID } from '../src/render/container-insights-azure';
import { RULE_GROUP_TYPE } from '../src/render/prometheus-azure';
import { FLOW_LOG_TYPE, PARAM_TA_WORKSPACE_CUSTOMER_ID } from '../src/render/vnet-flow-logs';

// Before any Pulumi resource exists: the MonitoringStacks of the Pulumi tests register through these.
const mocks = installPulumiMocks({ project: 'network-observability-test', stack: 'unit' });

type Obj = Record<string, any>;

// -------------------------------------------------------------------------------------------------
// Fixtures
// -------------------------------------------------------------------------------------------------

const SUB_ID = '11111111-2222-4333-8444-555555555555';
const SUB = `/subscriptions/${SUB_ID}`;
/** The network lives in another subscription than the cluster: the nested deployment must go there. */
const NET_SUB_ID = '22222222-3333-4444-8555-666666666666';
const NET_SUB = `/subscriptions/${NET_SUB_ID}`;
const AKS_ID = `${SUB}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks1`;
const K3S_ID = `${SUB}/resourceGroups/rg-arc/providers/Microsoft.Kubernetes/connectedClusters/k3s1`;
const LAW = `${SUB}/resourceGroups/rg-mon/providers/Microsoft.OperationalInsights/workspaces/law1`;
const AMW = `${SUB}/resourceGroups/rg-mon/providers/Microsoft.Monitor/accounts/amw1`;
const AG1 = `${SUB}/resourceGroups/rg-mon/providers/Microsoft.Insights/actionGroups/oncall`;
const AG2 = `${SUB}/resourceGroups/rg-mon/providers/Microsoft.Insights/actionGroups/netops`;
const VNET = `${NET_SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/aks-vnet`;
const STORAGE = `${NET_SUB}/resourceGroups/rg-logs/providers/Microsoft.Storage/storageAccounts/flowlogs01`;
const CUSTOMER_ID = '0f0e0d0c-0b0a-4908-8706-050403020100';

const CILIUM: Obj = { name: 'aks1', region: 'westeurope', distribution: 'aks', resourceId: AKS_ID, kubernetesVersion: '1.33', networkDataplane: 'cilium' };
const AZURE_DP: Obj = { ...CILIUM, networkDataplane: 'azure' };
const K3S: Obj = { name: 'k3s1', region: 'westeurope', distribution: 'k3s', resourceId: K3S_ID };
const CI: Obj = { logAnalyticsWorkspace: { resourceId: LAW, region: 'westeurope' }, highLogScale: true };
const MP: Obj = { azureMonitorWorkspace: { resourceId: AMW, region: 'westeurope' } };
const CNL: Obj = { resources: [{ name: 'drops', filters: [{ verdicts: ['dropped'] }] }] };
const FLOW_LOG: Obj = { virtualNetworkId: VNET, region: 'westeurope', storageAccountId: STORAGE, retentionDays: 30 };
const FILTER: Obj = { filters: [{ metric: 'dns', excludeFilters: [{ from: { namespacedPods: ['kube-system/coredns-'] } }] }] };
const RETINA_MC: Obj = { contextOptions: [{ metricName: 'drop_count', sourceLabels: ['ip', 'podname'], additionalLabels: ['direction'] }], namespaces: { include: ['default'] } };

const NO = 'networkObservability';
const L = `${NO}.containerNetworkLogs`;
const T = `${L}.throttling`;
const A = `${L}.lossAlert`;
const M = `${NO}.metrics`;
const TG = 'managedPrometheus.settings.targets';

/**
 * Stack props: `network` on a cluster (AKS, Cilium, 1.33 unless given) with Container Insights and
 * Managed Prometheus (null leaves one out).
 */
/**
 * A stack with this network part. The agents' onboarding is off (the flow-log add-on switch keeps the
 * Container Insights add-on), so the cluster settings hold what network observability needs; the
 * onboarding defaults are tested in onboarding.test.ts.
 */
function props(network: Obj, opts: { cluster?: Obj; ci?: Obj | null; mp?: Obj | null } = {}): MonitoringStackProps {
  return {
    cluster: opts.cluster ?? CILIUM,
    ...(opts.ci === null ? {} : { containerInsights: opts.ci ?? CI }),
    ...(opts.mp === null ? {} : { managedPrometheus: opts.mp ?? MP }),
    networkObservability: network,
    onboarding: {
      ...(opts.mp === null ? {} : { managedPrometheus: false }),
      ...(opts.ci === null || network?.containerNetworkLogs !== undefined ? {} : { containerInsights: false }),
    },
  } as MonitoringStackProps;
}
/** ACNS with container network logs (CNL plus `extra`). */
const logs = (extra: Obj = {}): Obj => ({ acns: true, containerNetworkLogs: { ...CNL, ...extra } });
const throttling = (t: unknown): Obj => logs({ throttling: t });
const alert = (a: unknown, extra: Obj = {}): Obj => logs({ lossAlert: a, ...extra });
/** Managed Prometheus with these settings targets. */
const targets = (t: Obj): Obj => ({ ...MP, settings: { targets: t } });

const render = (p: unknown): RenderedStack => renderMonitoringStack(p as MonitoringStackProps);

/** Everything at once on the AKS Cilium cluster: flow logs with throttling and a loss alert, metrics with a filter, the VNet flow log. */
const FULL_NETWORK: Obj = {
  ...alert({ for: 'PT10M', severity: 2, actionGroupIds: [AG1, AG2] }, { throttling: { rate: 2000, window: 60, interval: '2m', printStatus: true } }),
  metrics: { filter: FILTER },
  vnetFlowLog: { ...FLOW_LOG, trafficAnalytics: { workspace: { resourceId: LAW, region: 'westeurope' } } },
};
const FULL = props(FULL_NETWORK);
const full = render(FULL);

const CRDS = path.resolve(__dirname, '../crds');
const CNL_CRD = path.join(CRDS, 'containernetworklogs.acn.azure.com.yaml');
const CNM_CRD = path.join(CRDS, 'containernetworkmetrics.acn.azure.com.yaml');
const RETINA_CRD = path.join(REFERENCE_DIR, 'network-observability/retina/retina.sh_metricsconfigurations.yaml');
const PRODUCT_NODE_CONFIG = path.join(REFERENCE_DIR, 'network-observability/container-insights/ama-metrics-prometheus-config-node.yaml');
const AKS_SCHEMA = { apiVersion: '2026-05-01', file: 'Microsoft.ContainerService.Aks.json' } as const;

function object(r: RenderedStack, kind: string, name: string): Obj {
  const found = r.kubernetesObjects.filter((o) => o.kind === kind && o.metadata.name === name);
  expect(found).toHaveLength(1);
  return found[0] as Obj;
}
const agentToml = (r: RenderedStack): Obj => parseToml(object(r, 'ConfigMap', 'container-azm-ms-agentconfig').data['agent-settings']) as Obj;
const armResources = (r: RenderedStack): Obj[] => r.armTemplate.resources as Obj[];
const ciDcr = (r: RenderedStack): Obj => {
  const dcrs = armResources(r).filter((x) => x.type === 'Microsoft.Insights/dataCollectionRules' && x.name.startsWith('MSCI-'));
  expect(dcrs).toHaveLength(1);
  return dcrs[0];
};
const nested = (r: RenderedStack): Obj[] => armResources(r).filter((x) => x.type === 'Microsoft.Resources/deployments');
/** `default-targets-scrape-enabled` of the network targets, as the agent reads the settings ConfigMap. */
function networkTargetValues(r: RenderedStack): Record<NetworkTarget, string | undefined> {
  const parsed = parseSettingsData(object(r, 'ConfigMap', 'ama-metrics-settings-configmap').data);
  expect(parsed.schema).toBe('v2');
  return Object.fromEntries(NETWORK_TARGETS.map((t) => [t, v2Value(parsed, 'cluster-metrics', 'default-targets-scrape-enabled', t)])) as Record<NetworkTarget, string | undefined>;
}
const lossGroups = (r: RenderedStack): Obj[] => armResources(r).filter((x) => x.type === RULE_GROUP_TYPE && x.name.startsWith(`${FLOW_LOG_LOSS_GROUP}-`));
const nodeJobs = (r: RenderedStack): Obj[] => {
  const cm = r.kubernetesObjects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'ama-metrics-prometheus-config-node');
  return cm ? (parseYaml((cm as Obj).data['prometheus-config']) as Obj).scrape_configs : [];
};

// =================================================================================================
// Validation: one row per rule, a registry of the throw sites of src/model/network-observability.ts
// =================================================================================================

/** Each `throw new ValidationError(` of src/model/network-observability.ts, by a snippet unique in the file. */
const SITES = {
  acnsProfile: 'is an AKS feature (Advanced Container Networking Services) that',
  cilium: 'expected the Cilium data plane for ${what}',
  versionMissing: 'so the stack can check it',
  versionOld: 'cluster.kubernetesVersion is "${v.text}"',
  throttleOff: 'the agent ignores it with throttling off',
  throttleWholeSeconds: 'expected a whole number of seconds, at least 1',
  alertNoPrometheus: 'the alert reads metrics it scrapes',
  alertGroupsNotArray: 'expected an array of action group IDs',
  alertGroupsTwice: 'expected each action group once',
  logsNotAks: 'are an ACNS feature of AKS, which',
  logsNoAcns: 'need Advanced Container Networking Services',
  logsNoContainerInsights: 'it ingests the flow logs into the ContainerNetworkLogs table',
  logsNoResources: 'expected at least one ContainerNetworkLog',
  logsNameTwice: 'expected a name unique in the cluster',
  alertThrottleOff: 'the agent drops no records, so the alert could never fire',
  metricsOffFilter: 'with metrics off (enabled: false) there is nothing to filter',
  metricsNoPrometheus: 'it scrapes the network metrics',
  metricsNoDataplane: 'expected the data plane in cluster.networkDataplane',
  metricsNoSource: 'expected a source of network metrics',
  filterNoAcns: 'the ContainerNetworkMetric filter is an ACNS resource',
  retinaWithAcns: 'does not read open-source Retina',
  targetNeeded: 'expected true or nothing: ${metrics.path} scrapes',
  targetNoCilium: 'the cluster has no Cilium agents to scrape',
  jobReserved: 'is the logs agent\'s job, added for',
  groupReserved: 'is the rule group of ${alert.path}',
  throttleIntervalMax: 'expected at most a day',
  retinaNoop: 'expected metricsConfiguration, or metrics',
  metricsOffTarget: 'is false (network metrics off)',
} as const;
type SiteId = keyof typeof SITES;

interface Rejected {
  readonly name: string;
  /** The registered throw site of src/model/network-observability.ts the row reaches, if any. */
  readonly site?: SiteId;
  readonly props: unknown;
  readonly path: string;
  readonly message: RegExp;
}
const r = (name: string, site: SiteId | undefined, p: unknown, at: string, message: RegExp): Rejected => ({
  name, site, props: p, path: at, message,
});

const DOUBLE_NAMES: Obj = { resources: [CNL.resources[0], { name: 'other', filters: [{ verdicts: ['forwarded'] }] }, { name: 'drops', filters: [{ protocols: ['dns'] }] }] };

const REJECTED: Rejected[] = [
  // --- the props ---
  r('unknown network prop with did-you-mean', undefined, props({ acn: true }), `${NO}.acn`, /unknown prop.*Did you mean "acns"\?/),
  r('acns not a boolean', undefined, props({ acns: 'yes' }), `${NO}.acns`, /got "yes"; expected true or false/),
  r('network props not an object', undefined, props([] as unknown as Obj), NO, /expected an object/),

  // --- ACNS: the profile cell `acns` ---
  r('ACNS on K3s', 'acnsProfile', props({ acns: true }, { cluster: K3S, ci: null }), `${NO}.acns`, /^networkObservability\.acns: got true; expected an AKS cluster: ACNS is an AKS feature \(Advanced Container Networking Services\) that K3s does not have$/),
  r('ACNS on AKS on Azure Local (Arc)', 'acnsProfile', props({ acns: true }, { cluster: { name: 'hci1', region: 'westeurope', distribution: 'aks-azure-local' }, ci: null }), `${NO}.acns`, /that AKS on Azure Local does not have/),

  // --- container network logs: cluster gates ---
  r('flow logs on K3s', 'logsNotAks', props({ containerNetworkLogs: CNL }, { cluster: K3S }), L, /got "\(container network logs\)"; expected an AKS cluster: container network logs are an ACNS feature of AKS, which K3s does not have$/),
  r('flow logs on K3s with Cilium', 'logsNotAks', props({ containerNetworkLogs: CNL }, { cluster: { ...K3S, networkDataplane: 'cilium', kubernetesVersion: '1.34' } }), L, /which K3s does not have/),
  r('flow logs without a data plane', 'cilium', props(logs(), { cluster: { ...CILIUM, networkDataplane: undefined } }), L, /expected the Cilium data plane for container network logs; cluster\.networkDataplane is not set\. Set cluster\.networkDataplane: "cilium" if the cluster uses Azure CNI powered by Cilium\.$/),
  r('flow logs on the azure data plane', 'cilium', props(logs(), { cluster: AZURE_DP }), L, /expected the Cilium data plane for container network logs; cluster\.networkDataplane is "azure"\./),
  r('flow logs without a Kubernetes version', 'versionMissing', props(logs(), { cluster: { ...CILIUM, kubernetesVersion: undefined } }), L, /expected Kubernetes 1\.33 or later for container network logs; set cluster\.kubernetesVersion \(e\.g\. "1\.33"\) so the stack can check it$/),
  r('flow logs on 1.32', 'versionOld', props(logs(), { cluster: { ...CILIUM, kubernetesVersion: '1.32' } }), L, /expected Kubernetes 1\.33 or later for container network logs; cluster\.kubernetesVersion is "1\.32"$/),
  r('flow logs on 1.32.9', 'versionOld', props(logs(), { cluster: { ...CILIUM, kubernetesVersion: '1.32.9' } }), L, /cluster\.kubernetesVersion is "1\.32\.9"$/),
  r('flow logs on 1.31 (the preview gate)', 'versionOld', props(logs(), { cluster: { ...CILIUM, kubernetesVersion: '1.31' } }), L, /1\.33 or later/),
  r('flow logs without acns', 'logsNoAcns', props({ containerNetworkLogs: CNL }), `${NO}.acns`, /^networkObservability\.acns: got undefined; expected true: container network logs \(networkObservability\.containerNetworkLogs\) need Advanced Container Networking Services\. ACNS is billed per node\.$/),
  r('flow logs with acns: false', 'logsNoAcns', props({ acns: false, containerNetworkLogs: CNL }), `${NO}.acns`, /need Advanced Container Networking Services/),
  r('flow logs without Container Insights', 'logsNoContainerInsights', props(logs(), { ci: null }), L, /expected Container Insights \(containerInsights\) in the stack as well: it ingests the flow logs into the ContainerNetworkLogs table$/),

  // --- container network logs: resources ---
  r('unknown flow-log prop', undefined, props(logs({ throttle: {} })), `${L}.throttle`, /got \{\}; unknown prop; allowed props of networkObservability\.containerNetworkLogs: resources, throttling, lossAlert$/),
  r('no resources', 'logsNoResources', props({ acns: true, containerNetworkLogs: {} }), `${L}.resources`, /got undefined; expected at least one ContainerNetworkLog \(\{ name, filters \}\)$/),
  r('empty resources', 'logsNoResources', props(logs({ resources: [] })), `${L}.resources`, /got \[\]; expected at least one ContainerNetworkLog/),
  r('resources not an array', 'logsNoResources', props(logs({ resources: CNL.resources[0] })), `${L}.resources`, /expected at least one ContainerNetworkLog/),
  r('a resource without filters', undefined, props(logs({ resources: [{ name: 'x' }] })), `${L}.resources[0].filters`, /.+/),
  r('two resources of one name', 'logsNameTwice', props(logs(DOUBLE_NAMES)), `${L}.resources[2].name`, /got "drops"; expected a name unique in the cluster; "drops" is already used$/),

  // --- throttling ---
  r('throttling not an object', undefined, props(throttling(true)), T, /expected an object/),
  r('unknown throttling prop', undefined, props(throttling({ rates: 1 })), `${T}.rates`, /Did you mean "rate"\?/),
  r('enabled not a boolean', undefined, props(throttling({ enabled: 'false' })), `${T}.enabled`, /expected true or false/),
  r('rate with throttling off', 'throttleOff', props(throttling({ enabled: false, rate: 100 })), `${T}.rate`, /got 100; expected nothing: the agent ignores it with throttling off \(enabled: false\)$/),
  r('window with throttling off', 'throttleOff', props(throttling({ enabled: false, window: 10 })), `${T}.window`, /expected nothing: the agent ignores it/),
  r('interval with throttling off', 'throttleOff', props(throttling({ enabled: false, interval: '1s' })), `${T}.interval`, /expected nothing: the agent ignores it/),
  r('printStatus with throttling off', 'throttleOff', props(throttling({ enabled: false, printStatus: false })), `${T}.printStatus`, /expected nothing: the agent ignores it/),
  r('rate 0', undefined, props(throttling({ rate: 0 })), `${T}.rate`, /got 0; expected an integer from 1 to 25000$/),
  r('rate 25001', undefined, props(throttling({ rate: 25001 })), `${T}.rate`, /got 25001; expected an integer from 1 to 25000$/),
  r('rate 1.5', undefined, props(throttling({ rate: 1.5 })), `${T}.rate`, /got 1\.5; expected an integer from 1 to 25000$/),
  r('rate "5000"', undefined, props(throttling({ rate: '5000' })), `${T}.rate`, /got "5000"; expected an integer/),
  r('window 0', undefined, props(throttling({ window: 0 })), `${T}.window`, /got 0; expected an integer from 2 to 86400$/),
  r('window 1 (fluent-bit would use its default 5)', undefined, props(throttling({ window: 1 })), `${T}.window`, /got 1; expected an integer from 2 to 86400$/),
  r('window 2.5', undefined, props(throttling({ window: 2.5 })), `${T}.window`, /expected an integer from 2 to 86400/),
  r('interval "1" (no unit)', undefined, props(throttling({ interval: '1' })), `${T}.interval`, /got "1"; expected a number followed by s, m or h, e\.g\. "1s", "0\.5m" or "1h"$/),
  r('interval "0.5s" (fluent-bit would sleep 0 s)', 'throttleWholeSeconds', props(throttling({ interval: '0.5s' })), `${T}.interval`, /got "0\.5s"; expected a whole number of seconds, at least 1 \(e\.g\. "1s", "30s", "0\.5m"\): fluent-bit's throttle counts whole seconds$/),
  r('interval "0s"', 'throttleWholeSeconds', props(throttling({ interval: '0s' })), `${T}.interval`, /got "0s"; expected a whole number of seconds/),
  r('interval "1.5s" (fluent-bit would sleep 1 s)', 'throttleWholeSeconds', props(throttling({ interval: '1.5s' })), `${T}.interval`, /got "1\.5s"; expected a whole number of seconds/),
  r('interval "0.001m" (0.06 s)', 'throttleWholeSeconds', props(throttling({ interval: '0.001m' })), `${T}.interval`, /expected a whole number of seconds/),
  r('interval "1d" (days)', undefined, props(throttling({ interval: '1d' })), `${T}.interval`, /got "1d"; expected a number followed by s, m or h/),
  r('interval "s" (no number)', undefined, props(throttling({ interval: 's' })), `${T}.interval`, /got "s"; expected a number followed by s, m or h/),
  r('interval "1ms"', undefined, props(throttling({ interval: '1ms' })), `${T}.interval`, /expected a number followed by s, m or h/),
  r('interval ".5s"', undefined, props(throttling({ interval: '.5s' })), `${T}.interval`, /expected a number followed by s, m or h/),
  r('interval "1 s"', undefined, props(throttling({ interval: '1 s' })), `${T}.interval`, /expected a number followed by s, m or h/),
  r('interval 1 (a number)', undefined, props(throttling({ interval: 1 })), `${T}.interval`, /got 1; expected a string$/),
  r('printStatus not a boolean', undefined, props(throttling({ printStatus: 'true' })), `${T}.printStatus`, /expected true or false/),

  // --- loss alert ---
  r('loss alert without Managed Prometheus', 'alertNoPrometheus', props(alert({}), { mp: null }), A, /^networkObservability\.containerNetworkLogs\.lossAlert: got \{\}; expected Managed Prometheus \(managedPrometheus\) in the stack: the alert reads metrics it scrapes and is a rule group of its Azure Monitor workspace$/),
  r('loss alert with throttling off', 'alertThrottleOff', props(alert({}, { throttling: { enabled: false } })), A, /expected nothing: with throttling off \(throttling\.enabled: false\) the agent drops no records, so the alert could never fire$/),
  r('loss alert with throttling off and no Managed Prometheus', 'alertThrottleOff', props(alert({}, { throttling: { enabled: false } }), { mp: null }), A, /could never fire/),
  r('unknown loss alert prop', undefined, props(alert({ severty: 2 })), `${A}.severty`, /Did you mean "severity"\?/),
  r('action groups not an array', 'alertGroupsNotArray', props(alert({ actionGroupIds: AG1 })), `${A}.actionGroupIds`, /expected an array of action group IDs$/),
  r('one action group twice', 'alertGroupsTwice', props(alert({ actionGroupIds: [AG1, AG2, AG1] })), `${A}.actionGroupIds`, /expected each action group once$/),
  r('one action group twice in another letter case', 'alertGroupsTwice', props(alert({ actionGroupIds: [AG1, AG1.toLowerCase()] })), `${A}.actionGroupIds`, /expected each action group once$/),
  r('an action group of another type', undefined, props(alert({ actionGroupIds: [AMW] })), `${A}.actionGroupIds[0]`, /Microsoft\.Insights\/actionGroups/),
  r('for in seconds', undefined, props(alert({ for: 'PT30S' })), `${A}.for`, /whole minutes or hours/),
  r('for as a Prometheus duration', undefined, props(alert({ for: '5m' })), `${A}.for`, /ISO-8601 duration/),
  r('severity 5', undefined, props(alert({ severity: 5 })), `${A}.severity`, /got 5; expected an integer from 0 to 4$/),
  r('severity "3"', undefined, props(alert({ severity: '3' })), `${A}.severity`, /expected an integer from 0 to 4$/),
  r('severity -1', undefined, props(alert({ severity: -1 })), `${A}.severity`, /expected an integer from 0 to 4$/),

  // --- metrics ---
  r('unknown metrics prop', undefined, props({ acns: true, metrics: { filters: FILTER } }), `${M}.filters`, /Did you mean "filter"\?/),
  r('metrics without Managed Prometheus', 'metricsNoPrometheus', props({ acns: true, metrics: {} }, { mp: null }), M, /expected Managed Prometheus \(managedPrometheus\) in the stack as well: it scrapes the network metrics$/),
  r('ACNS metrics without a data plane', 'metricsNoDataplane', props({ acns: true, metrics: {} }, { cluster: { ...CILIUM, networkDataplane: undefined } }), M, /expected the data plane in cluster\.networkDataplane \("cilium" or "azure"\): ACNS serves Cilium and Hubble metrics on Cilium, Retina and Hubble metrics otherwise$/),
  r('metrics without a source', 'metricsNoSource', props({ metrics: {} }), M, /got \{\}; expected a source of network metrics: acns: true \(AKS\) or retina \(open-source Retina installed in the cluster\)$/),
  r('metrics on K3s without Retina', 'metricsNoSource', props({ metrics: {} }, { cluster: K3S, ci: null }), M, /expected a source of network metrics/),
  r('open-source Retina with ACNS', 'retinaWithAcns', props({ acns: true, retina: {} }), `${NO}.retina`, /expected nothing with acns: true: ACNS runs its own Retina and Cilium agents and does not read open-source Retina's resources \(use metrics\.filter on Cilium\)$/),
  r('Retina MetricsConfiguration with ACNS', 'retinaWithAcns', props({ acns: true, retina: { metricsConfiguration: RETINA_MC }, metrics: {} }), `${NO}.retina`, /does not read open-source Retina/),
  r('unknown retina prop', undefined, props({ retina: { metricConfiguration: RETINA_MC } }, { cluster: K3S, ci: null }), `${NO}.retina.metricConfiguration`, /Did you mean "metricsConfiguration"\?/),
  r('filter without ACNS (open-source Retina)', 'filterNoAcns', props({ retina: {}, metrics: { filter: FILTER } }, { cluster: K3S, ci: null }), `${M}.filter`, /got "\(ContainerNetworkMetric\)"; expected nothing without acns: true: the ContainerNetworkMetric filter is an ACNS resource$/),
  r('filter on the azure data plane', 'cilium', props({ acns: true, metrics: { filter: FILTER } }, { cluster: AZURE_DP }), `${M}.filter`, /expected the Cilium data plane for metric filtering \(ContainerNetworkMetric\); cluster\.networkDataplane is "azure"/),
  r('filter on 1.31', 'versionOld', props({ acns: true, metrics: { filter: FILTER } }, { cluster: { ...CILIUM, kubernetesVersion: '1.31' } }), `${M}.filter`, /expected Kubernetes 1\.32 or later for metric filtering \(ContainerNetworkMetric\); cluster\.kubernetesVersion is "1\.31"$/),
  r('filter without a Kubernetes version', 'versionMissing', props({ acns: true, metrics: { filter: FILTER } }, { cluster: { ...CILIUM, kubernetesVersion: undefined } }), `${M}.filter`, /set cluster\.kubernetesVersion \(e\.g\. "1\.32"\)/),
  r('filter with metrics off', 'metricsOffFilter', props({ acns: true, metrics: { enabled: false, filter: FILTER } }), `${M}.filter`, /expected nothing: with metrics off \(enabled: false\) there is nothing to filter$/),
  r('a filter entry of an unknown metric', undefined, props({ acns: true, metrics: { filter: { filters: [{ metric: 'http', includeFilters: [{ verdicts: ['dropped'] }] }] } } }), `${M}.filter.filters[0].metric`, /"dns", "flow", "tcp", "drop"/),

  // --- what the network asks of Managed Prometheus ---
  r('Cilium target switched off on Cilium', 'targetNeeded', props({ acns: true, metrics: {} }, { mp: targets({ networkobservabilityCilium: false }) }), `${TG}.networkobservabilityCilium`, /got false; expected true or nothing: networkObservability\.metrics scrapes networkobservabilityCilium \(ACNS on the Cilium data plane\)$/),
  r('Hubble target { enabled: false } on Cilium', 'targetNeeded', props({ acns: true, metrics: {} }, { mp: targets({ networkobservabilityHubble: { enabled: false } }) }), `${TG}.networkobservabilityHubble`, /got \{"enabled":false\}; expected true or nothing: networkObservability\.metrics scrapes networkobservabilityHubble/),
  r('Retina target switched off without Cilium', 'targetNeeded', props({ acns: true, metrics: {} }, { cluster: AZURE_DP, mp: targets({ networkobservabilityRetina: false }) }), `${TG}.networkobservabilityRetina`, /scrapes networkobservabilityRetina \(ACNS without Cilium\)$/),
  r('Retina target { enabled: false, keepList } with open-source Retina', 'targetNeeded', props({ retina: {}, metrics: {} }, { cluster: K3S, ci: null, mp: targets({ networkobservabilityRetina: { enabled: false, keepList: 'networkobservability_drop.*' } }) }), `${TG}.networkobservabilityRetina`, /\(open-source Retina\)$/),
  r('Cilium target on the azure data plane', 'targetNoCilium', props({ acns: true, metrics: {} }, { cluster: AZURE_DP, mp: targets({ networkobservabilityCilium: true }) }), `${TG}.networkobservabilityCilium`, /got true; expected false or nothing: the cluster has no Cilium agents to scrape \(ACNS without Cilium\)$/),
  r('Cilium target { keepList } on the azure data plane', 'targetNoCilium', props({ acns: true, metrics: {} }, { cluster: AZURE_DP, mp: targets({ networkobservabilityCilium: { keepList: 'cilium_.*' } }) }), `${TG}.networkobservabilityCilium`, /no Cilium agents to scrape/),
  r('Cilium target with open-source Retina', 'targetNoCilium', props({ retina: {}, metrics: {} }, { cluster: K3S, ci: null, mp: targets({ networkobservabilityCilium: { enabled: true } }) }), `${TG}.networkobservabilityCilium`, /no Cilium agents to scrape \(open-source Retina\)$/),
  r('a target enabled: "no" (left to the settings checks)', undefined, props({ acns: true, metrics: {} }, { mp: targets({ networkobservabilityCilium: { enabled: 'no' } }) }), `${TG}.networkobservabilityCilium.enabled`, /expected true or false/),
  r(
    'a node job named ama-logs-daemonset',
    'jobReserved',
    props(alert({}), { mp: { ...MP, scrapeConfigs: { node: [{ jobName: 'own', staticConfigs: [{ targets: ['$NODE_IP:9100'] }] }, { jobName: LOGS_AGENT_JOB_NAME, staticConfigs: [{ targets: ['$NODE_IP:9102'] }] }] } } }),
    'managedPrometheus.scrapeConfigs.node[1].jobName',
    /got "ama-logs-daemonset"; expected another job name: "ama-logs-daemonset" is the logs agent's job, added for networkObservability\.containerNetworkLogs\.lossAlert$/,
  ),
  r(
    'a rule group named container-network-log-loss',
    'groupReserved',
    props(alert({}), { mp: { ...MP, ruleGroups: [{ name: FLOW_LOG_LOSS_GROUP, rules: [{ record: 'a:b', expression: 'sum(up)' }] }] } }),
    'managedPrometheus.ruleGroups[0].name',
    /got "container-network-log-loss"; expected another name: "container-network-log-loss" is the rule group of networkObservability\.containerNetworkLogs\.lossAlert$/,
  ),
  r(
    'a rule group named Container-Network-Log-Loss (ARM names ignore case)',
    'groupReserved',
    props(alert({}), { mp: { ...MP, ruleGroups: [{ name: 'mine', rules: [{ record: 'a:b', expression: 'sum(up)' }] }, { name: 'Container-Network-Log-Loss', rules: [{ record: 'a:b', expression: 'sum(up)' }] }] } }),
    'managedPrometheus.ruleGroups[1].name',
    /got "Container-Network-Log-Loss"; expected another name/,
  ),
  r('Managed Prometheus scrape configs not an object (left to its checks)', undefined, props(alert({}), { mp: { ...MP, scrapeConfigs: 'x' } }), 'managedPrometheus.scrapeConfigs', /expected an object/),
  r('Managed Prometheus rule groups not an array (left to its checks)', undefined, props(alert({}), { mp: { ...MP, ruleGroups: {} } }), 'managedPrometheus.ruleGroups', /expected an array of rule groups/),
  r('settings targets not an object (left to its checks)', undefined, props({ acns: true, metrics: {} }, { mp: { ...MP, settings: { targets: 'all' } } }), TG, /expected an object/),

  r('metrics off without Managed Prometheus', 'metricsNoPrometheus', props({ metrics: { enabled: false } }, { mp: null }), M, /it scrapes the network metrics$/),
  r('metrics off with a target switched on', 'metricsOffTarget', props({ acns: true, metrics: { enabled: false } }, { mp: targets({ networkobservabilityHubble: true }) }), `${TG}.networkobservabilityHubble`, /got true; expected false or nothing: networkObservability\.metrics\.enabled is false \(network metrics off\)$/),
  r('open-source Retina declared for nothing', 'retinaNoop', props({ retina: {} }, { cluster: K3S, ci: null }), `${NO}.retina`, /got \{\}; expected metricsConfiguration, or metrics \(to scrape Retina\) next to it$/),
  r('window 86401', undefined, props(throttling({ window: 86401 })), `${T}.window`, /expected an integer from 2 to 86400/),
  r('interval "25h"', 'throttleIntervalMax', props(throttling({ interval: '25h' })), `${T}.interval`, /got "25h"; expected at most a day \("24h"\)/),
  r('interval "99999999h"', 'throttleIntervalMax', props(throttling({ interval: '99999999h' })), `${T}.interval`, /expected at most a day/),

  // --- what the network asks of Container Insights (sites of src/model/container-insights.ts) ---
  r('flow logs without high log scale', undefined, props(logs(), { ci: { ...CI, highLogScale: false } }), 'containerInsights.highLogScale', /got false; expected true: container network logs \(networkObservability\.containerNetworkLogs\) are ingested through high log scale mode/),
  r('loss alert with fluent-bit internal metrics off', undefined, props(alert({}), { ci: { ...CI, agentSettings: { fluentBit: { enableInternalMetrics: false } } } }), 'containerInsights.agentSettings.fluentBit.enableInternalMetrics', /needs fluent-bit's internal metrics$/),
];

describe('validation: each rule names the prop and says what is allowed', () => {
  testRejectedRows(REJECTED, (row) => render(row.props));

  testThrowSiteRegistry('network-observability.ts', SITES, REJECTED.map((row) => row.site));

  testUniqueRowNames(REJECTED.map((row) => row.name));
});

// -------------------------------------------------------------------------------------------------
// Accepted
// -------------------------------------------------------------------------------------------------

const ACCEPTED: Array<[string, MonitoringStackProps]> = [
  ['ACNS alone on AKS (no version, no data plane needed)', props({ acns: true }, { cluster: { name: 'aks1', region: 'westeurope', distribution: 'aks' }, ci: null, mp: null })],
  ['flow logs on 1.33.0', props(logs(), { cluster: { ...CILIUM, kubernetesVersion: '1.33.0' } })],
  ['flow logs on 1.40', props(logs(), { cluster: { ...CILIUM, kubernetesVersion: '1.40' } })],
  ['flow logs on 1.34.12', props(logs(), { cluster: { ...CILIUM, kubernetesVersion: '1.34.12' } })],
  ['flow logs without Managed Prometheus', props(logs(), { mp: null })],
  ['rate 1', props(throttling({ rate: 1 }))],
  ['rate 25000', props(throttling({ rate: 25000 }))],
  ['window 2', props(throttling({ window: 2 }))],
  ['a large window', props(throttling({ window: 86400 }))],
  ['interval "2m"', props(throttling({ interval: '2m' }))],
  ['interval "1h"', props(throttling({ interval: '1h' }))],
  ['interval "1.5m" (90 s)', props(throttling({ interval: '1.5m' }))],
  ['interval "0.5m" (30 s)', props(throttling({ interval: '0.5m' }))],
  ['interval "0.25h" (900 s)', props(throttling({ interval: '0.25h' }))],
  ['interval "10s"', props(throttling({ interval: '10s' }))],
  ['printStatus true', props(throttling({ printStatus: true }))],
  ['throttling { enabled: false } alone', props(throttling({ enabled: false }))],
  ['throttling {} (the defaults)', props(throttling({}))],
  ['loss alert: PT1H, severity 0, two action groups', props(alert({ for: 'PT1H', severity: 0, actionGroupIds: [AG1, AG2] }))],
  ['loss alert with internal metrics already on', props(alert({}), { ci: { ...CI, agentSettings: { fluentBit: { enableInternalMetrics: true } } } })],
  ['loss alert with a node job and a rule group of other names', props(alert({}), {
    mp: {
      ...MP,
      scrapeConfigs: { node: [{ jobName: 'ama-logs', staticConfigs: [{ targets: ['$NODE_IP:9100'] }] }] },
      ruleGroups: [{ name: 'container-network-log', rules: [{ record: 'a:b', expression: 'sum(up)' }] }],
    },
  })],
  ['metrics on Cilium with a keep list on a needed target (object form)', props({ acns: true, metrics: {} }, { mp: targets({ networkobservabilityHubble: { keepList: 'hubble.*' } }) })],
  ['metrics on Cilium with explicit true on the needed targets', props({ acns: true, metrics: {} }, { mp: targets({ networkobservabilityCilium: true, networkobservabilityHubble: { enabled: true, scrapeInterval: '1m' } }) })],
  ['metrics on Cilium with the Retina target explicitly off', props({ acns: true, metrics: {} }, { mp: targets({ networkobservabilityRetina: false }) })],
  ['metrics on Cilium with the Cilium target explicitly off in object form (not needed: data plane azure)', props({ acns: true, metrics: {} }, { cluster: AZURE_DP, mp: targets({ networkobservabilityCilium: { enabled: false } }) })],
  ['open-source Retina with the Hubble target switched on (Hubble control plane)', props({ retina: {}, metrics: {} }, { cluster: K3S, ci: null, mp: targets({ networkobservabilityHubble: true }) })],
  ['open-source Retina with explicit true on the Retina target', props({ retina: {}, metrics: {} }, { cluster: K3S, ci: null, mp: targets({ networkobservabilityRetina: { enabled: true, keepList: 'networkobservability_drop.*' } }) })],
  ['open-source Retina on AKS without ACNS', props({ retina: { metricsConfiguration: RETINA_MC }, metrics: {} }, { cluster: AZURE_DP, ci: null })],
  ['open-source Retina on K3s with Cilium as its CNI', props({ retina: {}, metrics: {} }, { cluster: { ...K3S, networkDataplane: 'cilium' }, ci: null })],
  ['metrics { enabled: false } without a source', props({ metrics: { enabled: false } })],
  ['window 86400 (a day of 1 s panes)', props(throttling({ window: 86400 }))],
  ['interval "24h"', props(throttling({ interval: '24h' }))],
  ['filter on 1.32', props({ acns: true, metrics: { filter: FILTER } }, { cluster: { ...CILIUM, kubernetesVersion: '1.32' } })],
  ['the VNet flow log alone on K3s', props({ vnetFlowLog: FLOW_LOG }, { cluster: K3S, ci: null, mp: null })],
  ['everything', FULL],
];

describe('accepted', () => {
  test.each(ACCEPTED)('%s', (_name, p) => {
    expect(caught(() => render(p))).toBeUndefined();
  });
});

describe('the reserved job name in any ConfigMap', () => {
  test('a cluster job named ama-logs-daemonset: the error names the user\'s cluster job', () => {
    const p = props(alert({}), { mp: { ...MP, scrapeConfigs: { cluster: [{ jobName: LOGS_AGENT_JOB_NAME, staticConfigs: [{ targets: ['ama-logs:9102'] }] }] } } });
    const error = caught(() => render(p)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect({ path: error.path, message: error.message }).toEqual({
      path: 'managedPrometheus.scrapeConfigs.cluster[0].jobName',
      message: expect.stringMatching(/is the logs agent's job/),
    });
  });
});

// =================================================================================================
// Container Insights: the agent ConfigMap and the data collection rule
// =================================================================================================

describe('agent ConfigMap (container-azm-ms-agentconfig)', () => {
  test('full stack: [agent_settings.networkflow_logs_config] with real booleans, integers and the interval as a string', () => {
    const cm = object(full, 'ConfigMap', 'container-azm-ms-agentconfig');
    expect(cm.metadata.namespace).toBe('kube-system');
    // The agent parses agent-settings only with schema-version v1 (NOTES §3.3, DP-AGENTCFG).
    expect(cm.data['schema-version']).toBe('v1');
    const t = agentToml(full).agent_settings.networkflow_logs_config;
    expect(t).toEqual({ throttle_enabled: true, throttle_rate: 2000, throttle_window: 60, throttle_interval: '2m', throttle_print: true });
    expect(Object.entries(t).map(([k, v]) => [k, typeof v])).toEqual([
      ['throttle_enabled', 'boolean'],
      ['throttle_rate', 'number'],
      ['throttle_window', 'number'],
      ['throttle_interval', 'string'],
      ['throttle_print', 'boolean'],
    ]);
    expect(Number.isInteger(t.throttle_rate) && Number.isInteger(t.throttle_window)).toBe(true);
    // Integers written as TOML integers (no quotes, no fraction), as the Go parser wants them.
    expect(cm.data['agent-settings']).toMatch(/^throttle_rate = 2000$/m);
    expect(cm.data['agent-settings']).toMatch(/^throttle_window = 60$/m);
  });

  test('with the loss alert: [agent_settings.fbit_config] enable_internal_metrics = "true", a STRING', () => {
    const a = agentToml(full).agent_settings;
    expect(a.fbit_config).toEqual({ enable_internal_metrics: 'true' });
    expect(typeof a.fbit_config.enable_internal_metrics).toBe('string');
    expect(object(full, 'ConfigMap', 'container-azm-ms-agentconfig').data['agent-settings']).toMatch(/^enable_internal_metrics = "true"$/m);
  });

  test('without the loss alert: no fbit_config; the agent\'s defaults written out', () => {
    const a = agentToml(render(props(logs()))).agent_settings;
    expect(a.fbit_config).toBeUndefined();
    expect(a.networkflow_logs_config).toEqual({
      throttle_enabled: true,
      throttle_rate: THROTTLING_DEFAULTS.rate,
      throttle_window: THROTTLING_DEFAULTS.window,
      throttle_interval: THROTTLING_DEFAULTS.interval,
      throttle_print: THROTTLING_DEFAULTS.printStatus,
    });
    expect(THROTTLING_DEFAULTS).toEqual({ rate: 5000, window: 300, interval: '1s', printStatus: false });
  });

  test('throttling off: only throttle_enabled = false', () => {
    const a = agentToml(render(props(throttling({ enabled: false })))).agent_settings;
    expect(a.networkflow_logs_config).toEqual({ throttle_enabled: false });
  });

  test('internal metrics already on: one fbit_config entry; other agent settings of the user are kept', () => {
    const ci = { ...CI, agentSettings: { fluentBit: { enableInternalMetrics: true } } };
    const text = object(render(props(alert({}), { ci })), 'ConfigMap', 'container-azm-ms-agentconfig').data['agent-settings'];
    expect(text.match(/enable_internal_metrics/g)).toHaveLength(1);
  });

  test('no networkflow_logs_config without flow logs (ACNS, metrics and the VNet flow log only)', () => {
    const r0 = render(props({ acns: true, metrics: {}, vnetFlowLog: FLOW_LOG }));
    expect(agentToml(r0).agent_settings?.networkflow_logs_config).toBeUndefined();
    expect(object(r0, 'ConfigMap', 'container-azm-ms-agentconfig')).toEqual(object(render(props({}, {})), 'ConfigMap', 'container-azm-ms-agentconfig'));
  });
});

describe('Container Insights data collection rule', () => {
  const count = (list: unknown[]) => list.filter((s) => s === CONTAINER_NETWORK_LOGS_STREAM).length;

  test('the extension data source and the data flows carry Microsoft-ContainerNetworkLogs exactly once', () => {
    expect(CONTAINER_NETWORK_LOGS_STREAM).toBe('Microsoft-ContainerNetworkLogs');
    const p = ciDcr(full).properties;
    const extensions = p.dataSources.extensions as Obj[];
    expect(extensions.map((e) => e.extensionName)).toEqual(['ContainerInsights']);
    expect(count(extensions[0].streams)).toBe(1);
    expect(count((p.dataFlows as Obj[]).flatMap((f) => f.streams))).toBe(1);
    // The flow that carries it goes to the Container Insights workspace.
    const flow = (p.dataFlows as Obj[]).find((f) => f.streams.includes(CONTAINER_NETWORK_LOGS_STREAM))!;
    const destination = (p.destinations.logAnalytics as Obj[]).find((d) => flow.destinations.includes(d.name))!;
    expect(destination.workspaceResourceId).toBe(LAW);
    // The old name is never written (NOTES §1).
    expect(JSON.stringify(p)).not.toContain('RetinaNetworkFlowLogs');
  });

  test('also with every stream chosen', () => {
    const p = ciDcr(render(props(logs(), { ci: { ...CI, dataCollection: { collect: ['all'] } } }))).properties;
    expect(count(p.dataSources.extensions[0].streams)).toBe(1);
    expect(count((p.dataFlows as Obj[]).flatMap((f) => f.streams))).toBe(1);
  });

  test('the rule has its ingestion endpoint, and the endpoint exists in the template', () => {
    const dcr = ciDcr(full);
    const dceName = 'MSCI-ingest-westeurope-aks1';
    expect(dcr.properties.dataCollectionEndpointId).toBe(`[resourceId('Microsoft.Insights/dataCollectionEndpoints', '${dceName}')]`);
    expect(armResources(full).filter((x) => x.type === 'Microsoft.Insights/dataCollectionEndpoints' && x.name === dceName)).toHaveLength(1);
  });

  test('no Microsoft-ContainerNetworkLogs without flow logs', () => {
    for (const network of [{}, { acns: true }, { acns: true, metrics: {}, vnetFlowLog: FLOW_LOG }]) {
      expect(JSON.stringify(ciDcr(render(props(network))))).not.toContain(CONTAINER_NETWORK_LOGS_STREAM);
    }
  });
});

// =================================================================================================
// Managed Prometheus
// =================================================================================================

describe('Managed Prometheus settings: the network targets', () => {
  test.each([
    ['Cilium data plane (ACNS)', props({ acns: true, metrics: {} }), { networkobservabilityCilium: 'true', networkobservabilityHubble: 'true', networkobservabilityRetina: 'false' }],
    ['azure data plane (ACNS)', props({ acns: true, metrics: {} }, { cluster: AZURE_DP }), { networkobservabilityCilium: 'false', networkobservabilityHubble: 'true', networkobservabilityRetina: 'true' }],
    ['open-source Retina (K3s)', props({ retina: {}, metrics: {} }, { cluster: K3S, ci: null }), { networkobservabilityCilium: 'false', networkobservabilityHubble: 'false', networkobservabilityRetina: 'true' }],
    ['open-source Retina (AKS without ACNS)', props({ retina: {}, metrics: {} }, { cluster: AZURE_DP }), { networkobservabilityCilium: 'false', networkobservabilityHubble: 'false', networkobservabilityRetina: 'true' }],
  ])('%s', (_name, p, expected) => {
    expect(networkTargetValues(render(p))).toEqual(expected);
  });

  test.each([
    ['ACNS with flow logs', props(logs()), CILIUM],
    ['ACNS on the azure data plane', props({ acns: true }, { cluster: AZURE_DP }), AZURE_DP],
    ['open-source Retina without metrics', props({ retina: { metricsConfiguration: RETINA_MC } }, { cluster: K3S, ci: null }), K3S],
  ])('untouched without `metrics`: %s', (_name, p, cluster) => {
    const plain = render({ cluster, managedPrometheus: MP } as MonitoringStackProps);
    expect(object(render(p), 'ConfigMap', 'ama-metrics-settings-configmap')).toEqual(object(plain, 'ConfigMap', 'ama-metrics-settings-configmap'));
  });

  test('metrics { enabled: false } switches every network target off (an explicit off stays)', () => {
    const rendered = render(props({ acns: true, metrics: { enabled: false } }, { mp: targets({ networkobservabilityHubble: { enabled: false } }) }));
    expect(networkTargetValues(rendered)).toEqual({ networkobservabilityCilium: 'false', networkobservabilityHubble: 'false', networkobservabilityRetina: 'false' });
  });

  test('a keep list on a needed target is kept, the target stays on', () => {
    const rendered = render(props({ acns: true, metrics: {} }, { mp: targets({ networkobservabilityHubble: { keepList: 'hubble.*', scrapeInterval: '1m' } }) }));
    const parsed = parseSettingsData(object(rendered, 'ConfigMap', 'ama-metrics-settings-configmap').data);
    expect(v2Value(parsed, 'cluster-metrics', 'default-targets-scrape-enabled', 'networkobservabilityHubble')).toBe('true');
    expect(v2Value(parsed, 'cluster-metrics', 'default-targets-metrics-keep-list', 'networkobservabilityHubble')).toBe('hubble.*');
    expect(v2Value(parsed, 'cluster-metrics', 'default-targets-scrape-interval-settings', 'networkobservabilityHubble')).toBe('1m');
    expect(networkTargetValues(rendered).networkobservabilityCilium).toBe('true');
  });

  test('a user\'s explicit choice on a target the cluster does not need is kept (Hubble with open-source Retina)', () => {
    const rendered = render(props({ retina: {}, metrics: {} }, { cluster: K3S, ci: null, mp: targets({ networkobservabilityHubble: true }) }));
    expect(networkTargetValues(rendered)).toEqual({ networkobservabilityCilium: 'false', networkobservabilityHubble: 'true', networkobservabilityRetina: 'true' });
  });

  test('other targets of the user are untouched', () => {
    const rendered = render(props({ acns: true, metrics: {} }, { mp: targets({ coredns: true, kubelet: false }) }));
    const parsed = parseSettingsData(object(rendered, 'ConfigMap', 'ama-metrics-settings-configmap').data);
    expect(v2Value(parsed, 'cluster-metrics', 'default-targets-scrape-enabled', 'coredns')).toBe('true');
    expect(v2Value(parsed, 'cluster-metrics', 'default-targets-scrape-enabled', 'kubelet')).toBe('false');
  });
});

describe('the logs agent\'s node job (ama-metrics-prometheus-config-node)', () => {
  const productJob = (): Obj => {
    const cm = parseYaml(fs.readFileSync(PRODUCT_NODE_CONFIG, 'utf8')) as Obj;
    expect(cm.metadata).toEqual({ name: 'ama-metrics-prometheus-config-node', namespace: 'kube-system' });
    const jobs = (parseYaml(cm.data['prometheus-config']) as Obj).scrape_configs as Obj[];
    expect(jobs.map((j) => j.job_name)).toEqual([LOGS_AGENT_JOB_NAME]);
    return jobs[0];
  };

  test('equals the product\'s job field for field, but for the documented namespace limit, interval and the forced label limits', () => {
    const ours = nodeJobs(full).filter((j) => j.job_name === LOGS_AGENT_JOB_NAME);
    expect(ours).toHaveLength(1);
    const job = { ...ours[0] };
    // Our documented choices: discovery limited to kube-system, where the agent runs; a fixed 30s
    // interval so the alert's 5-minute rate has samples whatever the global interval.
    expect(job.kubernetes_sd_configs).toEqual([{ role: 'pod', namespaces: { names: ['kube-system'] } }]);
    expect(job.scrape_interval).toBe('30s');
    delete job.scrape_interval;
    // The agent's merger forces these on every custom job (src/model/scrape-config.ts FORCED_LABEL_LIMITS).
    for (const [k, v] of Object.entries(FORCED_LABEL_LIMITS)) {
      expect(job[k]).toBe(v);
      delete job[k];
    }
    job.kubernetes_sd_configs = [{ role: 'pod' }];
    expect(job).toEqual(productJob());
  });

  test('the ConfigMap has only this job without user node jobs; a user\'s node jobs come first', () => {
    expect(nodeJobs(full).map((j) => j.job_name)).toEqual([LOGS_AGENT_JOB_NAME]);
    const withOwn = render(props(alert({}), { mp: { ...MP, scrapeConfigs: { node: [{ jobName: 'own', staticConfigs: [{ targets: ['$NODE_IP:9100'] }] }] } } }));
    expect(nodeJobs(withOwn).map((j) => j.job_name)).toEqual(['own', LOGS_AGENT_JOB_NAME]);
  });

  test('no job (and no node ConfigMap) without the loss alert', () => {
    expect(nodeJobs(render(props({ ...logs(), metrics: {} })))).toEqual([]);
    expect(render(props(logs())).kubernetesObjects.some((o) => o.metadata.name === 'ama-metrics-prometheus-config-node')).toBe(false);
  });

  testWithPromtool('promtool check config accepts the node ConfigMap', () => {
    const cm = object(full, 'ConfigMap', 'ama-metrics-prometheus-config-node');
    const result = checkPrometheusConfig(cm.data['prometheus-config']);
    expect({ ok: result.ok, output: result.output }).toEqual({ ok: true, output: expect.stringContaining('SUCCESS') });
  });
});

describe('the loss alert\'s rule group', () => {
  const EXPRESSION = 'sum by (cluster, node) (rate(fluentbit_filter_drop_records_total{job="ama-logs-daemonset", name="oms_networkflow_throttle"}[5m])) > 0';

  test('the ARM resource: name, scopes, expression, for, severity, actions', () => {
    const groups = lossGroups(full);
    expect(groups).toHaveLength(1);
    const g = groups[0];
    expect(g).toMatchObject({ type: RULE_GROUP_TYPE, apiVersion: '2023-03-01', name: 'container-network-log-loss-aks1', location: 'westeurope' });
    expect(g.properties).toMatchObject({ scopes: [AMW, AKS_ID], enabled: true, clusterName: 'aks1', interval: 'PT1M' });
    expect(g.properties.rules).toHaveLength(1);
    const rule = g.properties.rules[0];
    expect(rule).toMatchObject({
      alert: FLOW_LOG_LOSS_ALERT,
      expression: EXPRESSION,
      for: 'PT10M',
      severity: 2,
      actions: [{ actionGroupId: AG1 }, { actionGroupId: AG2 }],
    });
    expect(rule.annotations.description).toContain('{{ $labels.node }}');
    expect(validateArmResource(g)).toEqual([]);
  });

  test('defaults: for PT5M, severity 3, no actions', () => {
    const rule = lossGroups(render(props(alert({}))))[0].properties.rules[0];
    expect(rule).toMatchObject({ for: 'PT5M', severity: 3, expression: EXPRESSION });
    expect(rule.actions).toBeUndefined();
  });

  test('a user rule group of another name is kept beside it', () => {
    const rendered = render(props(alert({}), { mp: { ...MP, ruleGroups: [{ name: 'mine', rules: [{ record: 'a:b', expression: 'sum(up)' }] }] } }));
    const names = armResources(rendered).filter((x) => x.type === RULE_GROUP_TYPE).map((x) => x.name);
    expect(names).toEqual(expect.arrayContaining(['mine-aks1', 'container-network-log-loss-aks1']));
  });

  test('no group without the alert', () => {
    expect(lossGroups(render(props({ ...logs(), metrics: {} })))).toEqual([]);
  });

  promtoolTest('promtool check rules accepts the group', () => {
    const result = checkRulesWithPromtool(lossGroups(full) as Array<{ name: string; properties: Obj }>);
    expect({ ok: result.ok, output: result.output }).toEqual({ ok: true, output: expect.stringContaining('SUCCESS: 1 rules found') });
  });

  /**
   * `promtool test rules`: the alert fires per node when the throttle's drop counter of the logs agent's
   * job grows for longer than `for`, and not for a flat counter, another fluent-bit plugin or another job.
   */
  promtoolTest('promtool test rules: the alert fires on dropped records, per node, and only then', () => {
    const group = lossGroups(render(props(alert({}))))[0] as { name: string; properties: Obj };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-alert-'));
    try {
      fs.writeFileSync(path.join(dir, 'rules.yaml'), stringifyYaml(toPrometheusRuleFile([group]), { lineWidth: 0 }));
      const series = (labels: string, values: string) => ({ series: `fluentbit_filter_drop_records_total{${labels}}`, values });
      const base = 'job="ama-logs-daemonset",cluster="aks1"';
      const tests = {
        rule_files: ['rules.yaml'],
        evaluation_interval: '1m',
        tests: [
          {
            interval: '1m',
            input_series: [
              // 60 records a minute dropped on node-a: 1 per second.
              series(`${base},name="oms_networkflow_throttle",node="node-a",instance="ama-logs-a"`, '0+60x30'),
              // Nothing dropped on node-b.
              series(`${base},name="oms_networkflow_throttle",node="node-b",instance="ama-logs-b"`, '0+0x30'),
              // Another plugin of the same agent, and the same plugin name under another job.
              series(`${base},name="oms_other_throttle",node="node-c",instance="ama-logs-c"`, '0+60x30'),
              series('job="other",cluster="aks1",name="oms_networkflow_throttle",node="node-d",instance="x"', '0+60x30'),
            ],
            alert_rule_test: [
              { eval_time: '4m', alertname: FLOW_LOG_LOSS_ALERT, exp_alerts: [] },
              {
                eval_time: '15m',
                alertname: FLOW_LOG_LOSS_ALERT,
                exp_alerts: [
                  {
                    exp_labels: { cluster: 'aks1', node: 'node-a' },
                    exp_annotations: {
                      summary: group.properties.rules[0].annotations.summary,
                      description: (group.properties.rules[0].annotations.description as string).replace('{{ $labels.node }}', 'node-a').replace('{{ $value }}', '1'),
                    },
                  },
                ],
              },
            ],
          },
        ],
      };
      fs.writeFileSync(path.join(dir, 'tests.yaml'), stringifyYaml(tests, { lineWidth: 0 }));
      const run = spawnSync(promtoolPath()!, ['test', 'rules', 'tests.yaml'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
      expect({ status: run.status, output: `${run.stdout}${run.stderr}` }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// =================================================================================================
// Kubernetes objects
// =================================================================================================

describe('Kubernetes objects', () => {
  const retinaStack = render(props({ retina: { metricsConfiguration: RETINA_MC }, metrics: {} }, { cluster: K3S, ci: null }));
  const richLogs = render(props(logs({
    resources: [
      { name: 'drops', filters: [{ verdicts: ['dropped'] }] },
      { name: 'payments', filters: [{ name: 'dns', from: { namespacedPods: ['payments/checkout-'] }, to: { labelSelector: { matchLabels: { app: 'db' } } }, protocols: ['dns', 'tcp'] }] },
    ],
  })));

  test('every object is valid: built-in kinds against Kubernetes, custom resources against their CRDs', () => {
    const crds = [CNL_CRD, CNM_CRD, RETINA_CRD];
    for (const rendered of [full, retinaStack, richLogs]) expectValidKubernetesObjects(rendered.kubernetesObjects, { crds });
  });

  test('the ContainerNetworkLogs against crds/containernetworklogs.acn.azure.com.yaml', () => {
    const crs = richLogs.kubernetesObjects.filter((o) => o.kind === 'ContainerNetworkLog');
    expect(crs.map((o) => o.metadata.name)).toEqual(['drops', 'payments']);
    for (const cr of crs) {
      expect(cr.apiVersion).toBe('acn.azure.com/v1alpha1');
      expect(cr.metadata.namespace).toBeUndefined();
      expect(validateCustomResource(cr, CNL_CRD)).toEqual([]);
    }
  });

  test('the ContainerNetworkMetric against crds/containernetworkmetrics.acn.azure.com.yaml', () => {
    const cr = object(full, 'ContainerNetworkMetric', 'container-network-metric');
    expect(cr.apiVersion).toBe('acn.azure.com/v1alpha1');
    expect(cr.spec).toEqual({ filters: [{ metric: 'dns', excludeFilters: [{ from: { namespacedPod: ['kube-system/coredns-'] } }] }] });
    expect(validateCustomResource(cr, CNM_CRD)).toEqual([]);
  });

  test('Retina\'s MetricsConfiguration against Retina\'s own CRD', () => {
    const cr = object(retinaStack, 'MetricsConfiguration', 'metricsconfigcrd');
    expect(cr.apiVersion).toBe('retina.sh/v1alpha1');
    expect(validateCustomResource(cr, RETINA_CRD)).toEqual([]);
  });

  test('the CRD checks can fail', () => {
    const cnl = object(full, 'ContainerNetworkLog', 'drops');
    expect(validateCustomResource({ ...cnl, spec: { includefilters: [{ verdict: ['lost'] }] } }, CNL_CRD).length).toBeGreaterThan(0);
    const mc = object(retinaStack, 'MetricsConfiguration', 'metricsconfigcrd');
    expect(validateCustomResource({ ...mc, spec: { namespaces: { include: ['a'] } } }, RETINA_CRD).join('\n')).toMatch(/contextOptions/);
  });

  test('what each stack renders, in order', () => {
    const kinds = (x: RenderedStack) => x.kubernetesObjects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(kinds(full)).toEqual([
      'ConfigMap/container-azm-ms-agentconfig',
      'ConfigMap/ama-metrics-settings-configmap',
      'ConfigMap/ama-metrics-prometheus-config-node',
      'ContainerNetworkLog/drops',
      'ContainerNetworkMetric/container-network-metric',
    ]);
    expect(kinds(retinaStack)).toEqual(['ConfigMap/ama-metrics-settings-configmap', 'MetricsConfiguration/metricsconfigcrd']);
  });
});

// =================================================================================================
// ARM: the template, the VNet flow log's placement, the cluster settings fragment
// =================================================================================================

describe('ARM template', () => {
  test('the whole template is valid (nested deployments included)', () => {
    expect(validateArmTemplate(full.armTemplate)).toEqual([]);
  });

  test('the VNet flow log is a nested deployment into its watcher\'s subscription and NetworkWatcherRG', () => {
    const deployments = nested(full);
    expect(deployments).toHaveLength(1);
    const d = deployments[0];
    expect(d).toMatchObject({ apiVersion: DEPLOYMENTS_API_VERSION, subscriptionId: NET_SUB_ID, resourceGroup: 'NetworkWatcherRG' });
    expect(d.name).toMatch(/^vnet-flow-log-[0-9a-f]{6}$/);
    expect(d.properties).toMatchObject({ mode: 'Incremental', expressionEvaluationOptions: { scope: 'inner' } });
    const inner = d.properties.template;
    expect(inner.resources.map((x: Obj) => [x.type, x.name.split('/')[0]])).toEqual([[FLOW_LOG_TYPE, 'NetworkWatcher_westeurope']]);
    expect(d.name.slice(-6)).toBe(inner.resources[0].name.slice(-6));
    expect(inner.resources[0].properties).toMatchObject({ targetResourceId: VNET, storageId: STORAGE });
    // No flow log at the top level.
    expect(armResources(full).filter((x) => x.type === FLOW_LOG_TYPE)).toEqual([]);
  });

  test('the traffic analytics customer ID: declared by the outer template, passed through, used inside', () => {
    const d = nested(full)[0];
    expect(Object.keys(full.armTemplate.parameters)).toContain(PARAM_TA_WORKSPACE_CUSTOMER_ID);
    expect(d.properties.parameters).toEqual({ [PARAM_TA_WORKSPACE_CUSTOMER_ID]: { value: `[parameters('${PARAM_TA_WORKSPACE_CUSTOMER_ID}')]` } });
    expect(Object.keys(d.properties.template.parameters)).toEqual([PARAM_TA_WORKSPACE_CUSTOMER_ID]);
    const cfg = d.properties.template.resources[0].properties.flowAnalyticsConfiguration.networkWatcherFlowAnalyticsConfiguration;
    expect(cfg).toMatchObject({ enabled: true, workspaceId: `[parameters('${PARAM_TA_WORKSPACE_CUSTOMER_ID}')]`, workspaceResourceId: LAW });
    expect(full.armParameters.map((p) => p.name)).toContain(PARAM_TA_WORKSPACE_CUSTOMER_ID);
  });

  test('a literal customer ID: no parameter anywhere', () => {
    const rendered = render(props({ vnetFlowLog: { ...FLOW_LOG, trafficAnalytics: { workspace: { resourceId: LAW, region: 'westeurope', customerId: CUSTOMER_ID } } } }));
    expect(Object.keys(rendered.armTemplate.parameters)).not.toContain(PARAM_TA_WORKSPACE_CUSTOMER_ID);
    expect(nested(rendered)[0].properties.parameters).toEqual({});
    expect(validateArmTemplate(rendered.armTemplate)).toEqual([]);
  });

  test('without the cluster\'s ID (placement unknown) the flow log is still deployed into the watcher\'s group', () => {
    const rendered = render(props({ vnetFlowLog: FLOW_LOG }, { cluster: { ...CILIUM, resourceId: undefined } }));
    expect(nested(rendered).map((d) => [d.subscriptionId, d.resourceGroup])).toEqual([[NET_SUB_ID, 'NetworkWatcherRG']]);
    expect(validateArmTemplate(rendered.armTemplate)).toEqual([]);
  });

  test('a watcher in the cluster\'s group: the flow log is a top-level resource, no nested deployment', () => {
    const watcher = `${SUB}/resourceGroups/RG-AKS/providers/Microsoft.Network/networkWatchers/nw-aks1`;
    const vnet = `${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/aks-vnet`;
    const rendered = render(props({
      vnetFlowLog: { ...FLOW_LOG, virtualNetworkId: vnet, networkWatcher: { resourceId: watcher }, trafficAnalytics: { workspace: { resourceId: LAW, region: 'westeurope' } } },
    }));
    expect(rendered.networkObservability?.vnetFlowLog?.inClusterResourceGroup).toBe(true);
    expect(nested(rendered)).toEqual([]);
    expect(rendered.externalAzureResources).toEqual([]);
    const flowLogs = armResources(rendered).filter((x) => x.type === FLOW_LOG_TYPE);
    expect(flowLogs).toHaveLength(1);
    expect(flowLogs[0].name).toMatch(/^nw-aks1\/aks-vnet-flowlog-[0-9a-f]{6}$/);
    expect(Object.keys(rendered.armTemplate.parameters)).toContain(PARAM_TA_WORKSPACE_CUSTOMER_ID);
    expect(validateArmTemplate(rendered.armTemplate)).toEqual([]);
  });

  test('the template check can fail on the nested deployment', () => {
    const broken = JSON.parse(JSON.stringify(full.armTemplate)) as Obj;
    const d = broken.resources.find((x: Obj) => x.type === 'Microsoft.Resources/deployments');
    d.properties.mode = 'Complete';
    delete d.properties.parameters[PARAM_TA_WORKSPACE_CUSTOMER_ID];
    d.properties.template.resources[0].properties.retentionPolicy.days = 'thirty';
    const errors = validateArmTemplate(broken).join('\n');
    expect(errors).toMatch(/mode must be Incremental/);
    expect(errors).toMatch(/lacks trafficAnalyticsWorkspaceCustomerId/);
    expect(errors).toMatch(/retentionPolicy\/days/);
  });
});

describe('AKS cluster settings fragment', () => {
  const settings = full.clusterSettings!;
  const armForm = toArmClusterSettings(settings) as Obj;
  const arm = armForm.resource as Obj;

  test('ACNS with observability and the omsagent add-on with flow logs', () => {
    expect(settings).toMatchObject({ type: 'Microsoft.ContainerService/managedClusters', apiVersion: CLUSTER_SETTINGS_API_VERSION, name: 'aks1', parameters: [] });
    expect(CLUSTER_SETTINGS_API_VERSION).toBe('2026-05-01');
    expect(arm).toEqual({
      type: 'Microsoft.ContainerService/managedClusters',
      apiVersion: '2026-05-01',
      name: 'aks1',
      properties: {
        networkProfile: { advancedNetworking: { enabled: true, observability: { enabled: true } } },
        addonProfiles: { omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: LAW, useAADAuth: 'true', enableContainerNetworkLogs: 'True' } } },
      },
    });
  });

  test('against the 2026-05-01 AKS schema: AdvancedNetworking, ManagedClusterAddonProfile, and the fragment as a managed cluster', () => {
    expect(validateArmDefinition(arm.properties.networkProfile.advancedNetworking, AKS_SCHEMA.apiVersion, AKS_SCHEMA.file, 'AdvancedNetworking')).toEqual([]);
    expect(validateArmDefinition(arm.properties.addonProfiles.omsagent, AKS_SCHEMA.apiVersion, AKS_SCHEMA.file, 'ManagedClusterAddonProfile')).toEqual([]);
    expect(validateArmResource(arm)).toEqual([]);
  });

  test('the definition check can fail (wrong type, unknown property, missing required)', () => {
    const bad = validateArmDefinition({ enabled: 'true', observability: { enabled: true, level: 'all' } }, AKS_SCHEMA.apiVersion, AKS_SCHEMA.file, 'AdvancedNetworking');
    expect(bad.join('\n')).toMatch(/AdvancedNetworking: \/enabled must be boolean/);
    expect(bad.join('\n')).toMatch(/unknown property \/observability\/level/);
    const addon = validateArmDefinition({ config: { enableContainerNetworkLogs: true } }, AKS_SCHEMA.apiVersion, AKS_SCHEMA.file, 'ManagedClusterAddonProfile').join('\n');
    expect(addon).toMatch(/must have required property 'enabled'/);
    expect(addon).toMatch(/\/config\/enableContainerNetworkLogs must be string/);
  });

  test('the CLI commands: the monitoring add-on first, then ACNS and flow logs; in the ARM form too', () => {
    const id = full.cluster.resourceId!;
    expect(settings.cliCommands).toEqual([
      `az aks enable-addons --addon monitoring --ids ${id} --workspace-resource-id ${LAW}`,
      `az aks update --ids ${id} --enable-acns --enable-container-network-logs`,
    ]);
    expect(armForm.cliCommands).toEqual(settings.cliCommands);
    expect(armForm.parameters).toBeUndefined();
  });

  test('ACNS without flow logs: no omsagent, only --enable-acns', () => {
    const s = render(props({ acns: true, metrics: {} })).clusterSettings!;
    const acnsOnly = { networkProfile: { advancedNetworking: { enabled: true, observability: { enabled: true } } } };
    expect(toArmClusterSettings(s).resource.properties).toEqual(acnsOnly);
    expect(s.cliCommands).toEqual([`az aks update --ids ${full.cluster.resourceId!} --enable-acns`]);
  });

  test('without the cluster\'s ID the command has a placeholder group', () => {
    const s = render(props({ acns: true }, { cluster: { ...CILIUM, resourceId: undefined } })).clusterSettings!;
    expect(s.cliCommands).toEqual(['az aks update --resource-group <resource-group> --name aks1 --enable-acns']);
  });

  test('a workspace given by region only: the workspace ID is a parameter of the fragment', () => {
    const s = render(props(logs(), { ci: { ...CI, logAnalyticsWorkspace: { region: 'westeurope' } } })).clusterSettings!;
    expect(s.parameters.map((p) => p.name)).toEqual([PARAM_WORKSPACE_ID]);
    const a = toArmClusterSettings(s) as Obj;
    expect(a.resource.properties.addonProfiles.omsagent.config.logAnalyticsWorkspaceResourceID).toBe(`[parameters('${PARAM_WORKSPACE_ID}')]`);
    // The ARM form declares the parameter the receiving template needs.
    expect(Object.keys(a.parameters)).toEqual([PARAM_WORKSPACE_ID]);
    expect(a.parameters[PARAM_WORKSPACE_ID].type).toBe('string');
    expect(s.cliCommands[0]).toContain('--workspace-resource-id <workspace-resource-id>');
    expect(validateArmDefinition(a.resource.properties.addonProfiles.omsagent, AKS_SCHEMA.apiVersion, AKS_SCHEMA.file, 'ManagedClusterAddonProfile')).toEqual([]);
  });

  test.each([
    ['on K3s (open-source Retina)', props({ retina: {}, metrics: {} }, { cluster: K3S, ci: null })],
    ['on K3s (VNet flow log only)', props({ vnetFlowLog: FLOW_LOG }, { cluster: K3S, ci: null, mp: null })],
    ['on AKS without acns (open-source Retina)', props({ retina: {}, metrics: {} }, { cluster: AZURE_DP })],
    ['on AKS without acns (VNet flow log only)', props({ vnetFlowLog: FLOW_LOG })],
    ['on AKS with acns: false', props({ acns: false })],
    ['without networkObservability', { cluster: CILIUM, containerInsights: CI, onboarding: { containerInsights: false } } as MonitoringStackProps],
  ])('none %s', (_name, p) => {
    const rendered = render(p);
    expect(rendered.clusterSettings).toBeUndefined();
    expect('clusterSettings' in rendered).toBe(false);
  });
});

// =================================================================================================
// Engines
// =================================================================================================

describe('cdk8s', () => {
  test('MonitoringStack exposes clusterSettings in ARM form, and puts the custom resources in the chart', () => {
    const chart = Testing.chart();
    const stack = new Cdk8sMonitoringStack(chart, 'monitoring', FULL);
    expect(stack.clusterSettings).toEqual(toArmClusterSettings(full.clusterSettings!));
    const kinds = Testing.synth(chart).map((o: Obj) => o.kind);
    expect(kinds).toEqual(expect.arrayContaining(['ContainerNetworkLog', 'ContainerNetworkMetric']));
    const k3s = new Cdk8sMonitoringStack(Testing.chart(), 'monitoring', props({ retina: {}, metrics: {} }, { cluster: K3S, ci: null }));
    expect(k3s.clusterSettings).toBeUndefined();
  });

  test('synthWithArmTemplates writes <chart>-<construct>.cluster-settings.json for stacks that need one', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'amk8s-net-'));
    try {
      const app = new App({ outdir });
      const stack = new Cdk8sMonitoringStack(new Chart(app, 'aks1'), 'monitoring', FULL);
      new Cdk8sMonitoringStack(new Chart(app, 'k3s1'), 'monitoring', props({ retina: { metricsConfiguration: RETINA_MC }, metrics: {} }, { cluster: K3S, ci: null }));
      const written = synthWithArmTemplates(app);
      expect(stack.clusterSettingsFileName).toBe('aks1-monitoring.cluster-settings.json');
      expect(written.map((f) => path.relative(outdir, f)).sort()).toEqual(['aks1-monitoring.arm.json', 'aks1-monitoring.cluster-settings.json', 'k3s1-monitoring.arm.json']);
      expect(fs.readdirSync(outdir).sort()).toEqual(['aks1-monitoring.arm.json', 'aks1-monitoring.cluster-settings.json', 'aks1.k8s.yaml', 'k3s1-monitoring.arm.json', 'k3s1.k8s.yaml']);
      const fileSettings = JSON.parse(fs.readFileSync(path.join(outdir, 'aks1-monitoring.cluster-settings.json'), 'utf8'));
      expect(fileSettings).toEqual(stack.clusterSettings);
      const template = JSON.parse(fs.readFileSync(path.join(outdir, 'aks1-monitoring.arm.json'), 'utf8'));
      expect(template).toEqual(JSON.parse(JSON.stringify(full.armTemplate)));
      const docs = parseAllDocuments(fs.readFileSync(path.join(outdir, 'k3s1.k8s.yaml'), 'utf8')).map((d) => d.toJS() as Obj);
      expect(docs.map((d) => d.kind)).toEqual(['ConfigMap', 'MetricsConfiguration']);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('Pulumi', () => {
  /** FULL with a literal customer ID (so the template has no parameter for it). */
  const plain = props({ ...FULL_NETWORK, vnetFlowLog: { ...FLOW_LOG, trafficAnalytics: { workspace: { resourceId: LAW, region: 'westeurope', customerId: CUSTOMER_ID } } } });
  const withOutputs = (p: MonitoringStackProps): PulumiArgs => {
    const fl = (p.networkObservability as Obj).vnetFlowLog;
    const ci = p.containerInsights as Obj;
    return {
      ...(p as unknown as PulumiArgs),
      containerInsights: { ...ci, logAnalyticsWorkspace: { ...ci.logAnalyticsWorkspace, resourceId: pulumi.output(LAW) } } as PulumiArgs['containerInsights'],
      networkObservability: {
        ...(p.networkObservability as Obj),
        vnetFlowLog: {
          ...fl,
          storageAccountId: pulumi.output(STORAGE),
          trafficAnalytics: { workspace: { resourceId: pulumi.output(LAW), region: 'westeurope', customerId: pulumi.output(CUSTOMER_ID) } },
        },
      },
    };
  };

  test('the VNet flow log\'s IDs may be outputs: the template and the cluster settings resolve to those of the plain IDs', async () => {
    const stack = new PulumiMonitoringStack('aks-net', withOutputs(plain));
    expect(JSON.stringify(stack.rendered.armTemplate)).toContain('${azmk8s-deferred:');
    const expected = render(plain);
    const text = await promiseOf(stack.armTemplate);
    expect(text).not.toContain('azmk8s-deferred');
    expect(text).toBe(JSON.stringify(expected.armTemplate, null, 2));
    expect(stack.clusterSettings).toBeDefined();
    const settings = await promiseOf(stack.clusterSettings!);
    expect(settings).toEqual(toArmClusterSettings(expected.clusterSettings!));
    expect((settings as Obj).resource.properties.addonProfiles.omsagent.config.logAnalyticsWorkspaceResourceID).toBe(LAW);
  });

  test('a deferred cluster ID and loss-alert action group: resolved in the template and in the CLI commands', async () => {
    const base = props(alert({ actionGroupIds: [AG1] }));
    const args = {
      ...base,
      cluster: { ...base.cluster, resourceId: pulumi.output(base.cluster.resourceId!) },
      networkObservability: {
        ...base.networkObservability,
        containerNetworkLogs: { ...(base.networkObservability!.containerNetworkLogs as Obj), lossAlert: { actionGroupIds: [pulumi.output(AG1)] } },
      },
    } as unknown as PulumiArgs;
    const stack = new PulumiMonitoringStack('aks-deferred', args);
    expect(JSON.stringify(stack.rendered.clusterSettings)).toContain('${azmk8s-deferred:');
    const settings = await promiseOf(stack.clusterSettings!);
    expect(settings.cliCommands.join('\n')).not.toContain('azmk8s-deferred');
    expect(settings.cliCommands[1]).toBe(`az aks update --ids ${base.cluster.resourceId!} --enable-acns --enable-container-network-logs`);
    const template = await promiseOf(stack.armTemplate);
    expect(template).not.toContain('azmk8s-deferred');
    expect(template).toBe(JSON.stringify(render(base).armTemplate, null, 2));
    expect(template).toContain(AG1);
  });

  test('the custom resources are registered as children; no clusterSettings output off AKS', async () => {
    const stack = new PulumiMonitoringStack('aks-net-crs', props(logs()));
    const urn = await promiseOf(stack.urn);
    for (const res of Object.values(stack.kubernetesResources)) await promiseOf(res.urn);
    const children = mocks.resources.filter((x) => x.parent === urn).map((x) => x.type);
    expect(children).toEqual(expect.arrayContaining(['kubernetes:acn.azure.com/v1alpha1:ContainerNetworkLog']));
    const k3s = new PulumiMonitoringStack('k3s-net', props({ retina: {}, metrics: {} }, { cluster: K3S, ci: null }));
    expect(k3s.clusterSettings).toBeUndefined();
  });

  test('a plain-string storage ID of the wrong type fails when the component is created', () => {
    const bad = props({ vnetFlowLog: { ...FLOW_LOG, storageAccountId: LAW } });
    expect(() => new PulumiMonitoringStack('aks-net-bad', bad as unknown as PulumiArgs)).toThrow(/^networkObservability\.vnetFlowLog\.storageAccountId: .*Microsoft\.Storage\/storageAccounts/);
  });

  /**
   * Resolved IDs that fail validation reject the outputs — and the SDK reports that as an unhandled
   * rejection too, which fails any jest test it happens in (see test/pulumi.test.ts). So these run in a
   * child Node process, which reports how each output ended and every unhandled rejection.
   */
  describe('resolved IDs are validated', () => {
    let report: { outcomes: Record<string, { armTemplate: ChildOutcome; clusterSettings: ChildOutcome }>; unhandled: Array<{ path?: string }> };
    const childProgram = `
      ${CHILD_PRELUDE}
      const { MonitoringStack } = require(${srcModule('pulumi', 'index.ts')});
      (async () => {
        const outcomes = {};
        for (const c of JSON.parse(process.argv[1])) {
          const fl = c.props.networkObservability.vnetFlowLog;
          const args = { ...c.props, networkObservability: { ...c.props.networkObservability, vnetFlowLog: {
            ...fl,
            storageAccountId: pulumi.output(c.storage),
            trafficAnalytics: { workspace: { resourceId: pulumi.output(c.workspace), region: 'westeurope', customerId: pulumi.output(c.customerId) } },
          } } };
          const stack = new MonitoringStack(c.name, args);
          outcomes[c.name] = { armTemplate: await outcome(stack.armTemplate), clusterSettings: await outcome(stack.clusterSettings) };
        }
        await new Promise((r) => setTimeout(r, 200));
        process.stdout.write(JSON.stringify({ outcomes, unhandled }));
      })();
    `;

    beforeAll(() => {
      const base = JSON.parse(JSON.stringify(props({ ...logs(), vnetFlowLog: FLOW_LOG })));
      const cases = [
        { name: 'bad-storage-type', props: base, storage: LAW, workspace: LAW, customerId: CUSTOMER_ID },
        { name: 'bad-storage-name', props: base, storage: STORAGE.replace('flowlogs01', 'FlowLogs01'), workspace: LAW, customerId: CUSTOMER_ID },
        { name: 'bad-workspace', props: base, storage: STORAGE, workspace: STORAGE, customerId: CUSTOMER_ID },
        { name: 'bad-customer-id', props: base, storage: STORAGE, workspace: LAW, customerId: 'law1' },
        { name: 'good', props: base, storage: STORAGE, workspace: LAW, customerId: CUSTOMER_ID },
      ];
      report = runChildProgram(childProgram, [JSON.stringify(cases)], 30_000);
    }, 40_000);

    const FL = `${NO}.vnetFlowLog`;
    test.each([
      ['bad-storage-type', `${FL}.storageAccountId`, /Microsoft\.Storage\/storageAccounts/],
      ['bad-storage-name', `${FL}.storageAccountId`, /3-24 lower-case letters and digits/],
      ['bad-workspace', `${FL}.trafficAnalytics.workspace.resourceId`, /Microsoft\.OperationalInsights\/workspaces/],
      ['bad-customer-id', `${FL}.trafficAnalytics.workspace.customerId`, /GUID/],
    ])('%s rejects the armTemplate and clusterSettings outputs with a ValidationError on its prop', (name, at, message) => {
      const { armTemplate, clusterSettings } = report.outcomes[name];
      expect(armTemplate).toMatchObject({ rejected: true, isValidationError: true, path: at });
      expect(armTemplate.message).toMatch(message);
      expect(armTemplate.message?.startsWith(`${at}: got `)).toBe(true);
      expect(clusterSettings).toMatchObject({ rejected: true, isValidationError: true, path: at });
    });

    test('correct IDs resolve; the only unhandled rejections are those validation errors', () => {
      expect(report.outcomes.good).toEqual({ armTemplate: { rejected: false }, clusterSettings: { rejected: false } });
      expect([...new Set(report.unhandled.map((u) => u.path))].sort()).toEqual([`${FL}.storageAccountId`, `${FL}.trafficAnalytics.workspace.customerId`, `${FL}.trafficAnalytics.workspace.resourceId`]);
    });
  });
});
