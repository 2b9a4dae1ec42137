import { ValidationError } from '../errors';
import { checkBoolean, checkInt, checkProps, checkString, isPlainObject } from './check';
import { ClusterModel, versionAtLeast } from './cluster';
import { ContainerInsightsNetworkInput, FlowLogThrottlingModel } from './container-insights';
import { ContainerNetworkLogModel, ContainerNetworkLogProps, resolveContainerNetworkLog } from './container-network-logs';
import { ContainerNetworkMetricModel, ContainerNetworkMetricProps, resolveContainerNetworkMetric } from './container-network-metric';
import { ManagedPrometheusProps } from './managed-prometheus';
import { AlertSeverity, UserRuleGroupProps, checkActionGroupId, checkFor, checkSeverity } from './prometheus-azure';
import { DefaultTargetsProps, TargetProps } from './prometheus-settings';
import { RetinaMetricsConfigurationModel, RetinaMetricsConfigurationProps, resolveRetinaMetricsConfiguration } from './retina-metrics';
import { ScrapeJobProps } from './scrape-config';
import { VnetFlowLogModel, VnetFlowLogProps, resolveVnetFlowLog } from './vnet-flow-logs';

// Network observability of a cluster: ACNS, container network logs (ContainerNetworkLog CRs, their
// ingestion by the logs agent with throttling, and an alert on records the throttle drops), container
// network metrics (scrape targets, the ContainerNetworkMetric filter, or open-source Retina's
// MetricsConfiguration) and the VNet flow log of the cluster's network.
// Facts: shared/reference/NOTES-network-observability.md (cited as NO §n with its source keys).
//
// This module validates the network props and computes what they ask of the other parts; it renders
// nothing itself. Container Insights receives a {@link ContainerInsightsNetworkInput} (stream,
// throttling, internal metrics); Managed Prometheus receives its props with the network targets, the
// logs agent's scrape job and the loss alert group added (see {@link withNetworkPrometheus}), so those
// pass through the same validation and renderers as the user's own.

// =================================================================================================
// Props
// =================================================================================================

/**
 * Throttling of container network logs in the logs agent: `[agent_settings.networkflow_logs_config]`
 * of `container-azm-ms-agentconfig` (NO §3.3 [AZMON-THR, DP-PARSER]). The agent averages the records
 * it forwards over a sliding window and drops what exceeds the rate: set {@link ContainerNetworkLogsProps.lossAlert}
 * to hear about it.
 */
export interface FlowLogThrottlingProps {
  /**
   * Throttle (`throttle_enabled`). Without throttling a burst of flows is forwarded in full (cost).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Records per interval, averaged over the window (`throttle_rate`): 1 to 25000. Only with throttling on.
   * @default 5000
   */
  readonly rate?: number;
  /**
   * Intervals the rate is averaged over (`throttle_window`): at least 2 (fluent-bit's throttle filter
   * replaces a window of 1 by its default, 5). Only with throttling on.
   * @default 300
   */
  readonly window?: number;
  /**
   * Length of one interval (`throttle_interval`): a number and `s`, `m` or `h` amounting to a whole
   * number of seconds, at least one, e.g. `1s`, `0.5m`, `1h` (fluent-bit's throttle filter counts whole
   * seconds: `0.5s` would become 0 and `1.5s` 1). Only with throttling on.
   * @default "1s"
   */
  readonly interval?: string;
  /**
   * Print the throttle's status in the agent's log (`throttle_print`). Only with throttling on.
   * @default false
   */
  readonly printStatus?: boolean;
}

/**
 * A Prometheus alert on flow-log records dropped by the agent's throttle: fluent-bit's
 * `fluentbit_filter_drop_records_total{name="oms_networkflow_throttle"}` (NO §3.4 [DP-GRAFANA]).
 * The stack turns on fluent-bit's internal metrics (`[agent_settings.fbit_config] enable_internal_metrics`)
 * and adds the node scrape job `ama-logs-daemonset` (port 9102 [DP-QOS]) so the alert has data.
 * Needs Managed Prometheus (the metrics and the rule group live in its Azure Monitor workspace).
 */
export interface FlowLogLossAlertProps {
  /**
   * How long records must keep being dropped before the alert fires: ISO-8601 minutes or hours.
   * @default "PT5M"
   */
  readonly for?: string;
  /** Alert severity, 0 (critical) to 4 (verbose). @default 3 */
  readonly severity?: AlertSeverity;
  /**
   * Action groups to notify (`/subscriptions/.../providers/Microsoft.Insights/actionGroups/<name>`).
   * @default - none (the alert shows in Azure Monitor only)
   */
  readonly actionGroupIds?: string[];
}

/**
 * Container network logs (ACNS): which flows Cilium writes to the node's flow-log file, and their
 * ingestion into the `ContainerNetworkLogs` table by Container Insights (NO §1–§3).
 *
 * Needs an AKS cluster with the Cilium data plane (`cluster.networkDataplane: "cilium"`), Kubernetes
 * 1.33 or later (`cluster.kubernetesVersion`), ACNS (`networkObservability.acns: true`), and Container
 * Insights with managed identity and high log scale mode (`containerInsights.highLogScale: true`).
 */
export interface ContainerNetworkLogsProps {
  /**
   * The `ContainerNetworkLog` resources (cluster-scoped; their filters are ORed): at least one, with
   * names unique in the cluster.
   */
  readonly resources: ContainerNetworkLogProps[];
  /** @default - the agent's defaults, written out: on, 5000 records per 1s interval over 300 intervals */
  readonly throttling?: FlowLogThrottlingProps;
  /** @default - no alert */
  readonly lossAlert?: FlowLogLossAlertProps;
}

/**
 * Container network metrics scraped by Managed Prometheus (NO §4): the default targets
 * `networkobservabilityCilium`/`-Hubble` on the Cilium data plane, `networkobservabilityRetina`/`-Hubble`
 * without Cilium (ACNS), or `networkobservabilityRetina` for open-source Retina. Targets the cluster cannot
 * serve are switched off unless set in `managedPrometheus.settings.targets`; keep lists and intervals
 * stay there. With the minimal ingestion profile (on by default) the Hubble target keeps only the DNS,
 * drop and TCP-flag series: add `hubble_flows_processed_total` (or `hubble.*`) to its keep list for the
 * pod flow dashboards (NO §4.3 [AKS-OBS-HOWTO]).
 */
export interface NetworkMetricsProps {
  /**
   * Scrape the network metrics; `false` switches every network target off.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The `ContainerNetworkMetric` filter of the Hubble metrics (ACNS on Cilium, Kubernetes 1.32 or later;
   * one per cluster). Its schema is young and has changed before (NO §2.6, §8.3).
   * @default - no filter: every metric is collected
   */
  readonly filter?: ContainerNetworkMetricProps;
}

/** Open-source Retina, installed by the user (NO §4.4): not with ACNS, which runs its own. */
export interface RetinaProps {
  /**
   * Retina's `MetricsConfiguration` (advanced metrics with pod context). Retina ignores it when it runs
   * in pod-annotation mode (`enableAnnotations`).
   * @default - none
   */
  readonly metricsConfiguration?: RetinaMetricsConfigurationProps;
}

/** Network observability of the cluster. */
export interface NetworkObservabilityProps {
  /**
   * Advanced Container Networking Services with observability, in the AKS cluster's settings
   * (`networkProfile.advancedNetworking {enabled, observability.enabled}`; `az aks update --enable-acns`).
   * ACNS is billed per node. Only its observability part is written; ACNS security follows the
   * cluster's own definition.
   * @default false
   */
  readonly acns?: boolean;
  /** @default - none */
  readonly containerNetworkLogs?: ContainerNetworkLogsProps;
  /** @default - not managed: the Managed Prometheus settings decide */
  readonly metrics?: NetworkMetricsProps;
  /** @default - no open-source Retina */
  readonly retina?: RetinaProps;
  /** @default - none */
  readonly vnetFlowLog?: VnetFlowLogProps;
}

// =================================================================================================
// Model
// =================================================================================================

export type NetworkTarget = 'networkobservabilityRetina' | 'networkobservabilityHubble' | 'networkobservabilityCilium';
export const NETWORK_TARGETS: readonly NetworkTarget[] = ['networkobservabilityRetina', 'networkobservabilityHubble', 'networkobservabilityCilium'];

export interface NetworkObservabilityModel {
  readonly acns: boolean;
  readonly containerNetworkLogs?: {
    readonly path: string;
    readonly resources: ContainerNetworkLogModel[];
    readonly throttling: FlowLogThrottlingModel;
    readonly lossAlert?: FlowLogLossAlertModel;
  };
  readonly metrics?: {
    readonly path: string;
    /** Which network targets the cluster serves (true) or cannot serve (false). */
    readonly targets: Readonly<Record<NetworkTarget, boolean>>;
    /** Why, for messages. */
    readonly source: string;
    /** `enabled: false`: every network target off, none may be switched on. */
    readonly off: boolean;
    readonly filter?: ContainerNetworkMetricModel;
  };
  readonly retinaMetricsConfiguration?: RetinaMetricsConfigurationModel;
  readonly vnetFlowLog?: VnetFlowLogModel;
}

export interface FlowLogLossAlertModel {
  readonly path: string;
  readonly for: string;
  readonly severity: AlertSeverity;
  readonly actionGroupIds: string[];
}

/** Which other parts the stack has (network features depend on them). */
export interface NetworkContext {
  readonly containerInsights: boolean;
  readonly managedPrometheus: boolean;
}

/** Flow logs: Kubernetes 1.33 or later (NO §1 gates [AKS-CNL-HOWTO]; the preview's 1.31 gate is gone). */
export const FLOW_LOGS_MIN_VERSION = { major: 1, minor: 33 } as const;
/** Metric filtering: Kubernetes 1.32 or later (NO §1 gates [AKS-MFILTER]). */
export const METRIC_FILTER_MIN_VERSION = { major: 1, minor: 32 } as const;

/** The agent's defaults (NO §3.3 [AZMON-THR, DP-PARSER]); the archived 1200 rate predates them. */
export const THROTTLING_DEFAULTS = { rate: 5000, window: 300, interval: '1s', printStatus: false } as const;

/** The sleep-style interval the agent's parser accepts (NO §3.3 [DP-PARSER]). */
const THROTTLE_INTERVAL = /^\d+(\.\d+)?[smh]$/;

export const NETWORK_OBSERVABILITY_PROPS_KEYS = ['acns', 'containerNetworkLogs', 'metrics', 'retina', 'vnetFlowLog'] as const;

// =================================================================================================
// Validation
// =================================================================================================

const versionText = (v: { major: number; minor: number }) => `${v.major}.${v.minor}`;

/** The cluster facts a feature needs; throws naming the missing or wrong fact. */
function requireCluster(
  path: string,
  value: unknown,
  cluster: ClusterModel,
  what: string,
  needs: { acnsProfile?: boolean; cilium?: boolean; minVersion?: { major: number; minor: number } },
): void {
  if (needs.acnsProfile && !cluster.profile.acns) {
    throw new ValidationError(path, value, `expected an AKS cluster: ${what} is an AKS feature (Advanced Container Networking Services) that ${cluster.profile.displayName} does not have`);
  }
  if (needs.cilium && cluster.networkDataplane !== 'cilium') {
    throw new ValidationError(
      path,
      value,
      `expected the Cilium data plane for ${what}; cluster.networkDataplane is ${cluster.networkDataplane === undefined ? 'not set' : `"${cluster.networkDataplane}"`}`,
      'Set cluster.networkDataplane: "cilium" if the cluster uses Azure CNI powered by Cilium.',
    );
  }
  if (needs.minVersion) {
    const min = versionText(needs.minVersion);
    const v = cluster.kubernetesVersion;
    if (v === undefined) {
      throw new ValidationError(path, value, `expected Kubernetes ${min} or later for ${what}; set cluster.kubernetesVersion (e.g. "${min}") so the stack can check it`);
    }
    if (!versionAtLeast(v, needs.minVersion.major, needs.minVersion.minor)) {
      throw new ValidationError(path, value, `expected Kubernetes ${min} or later for ${what}; cluster.kubernetesVersion is "${v.text}"`);
    }
  }
}

const UNIT_SECONDS = { s: 1n, m: 60n, h: 3600n } as const;
/** Our bounds: a window of at most a day of 1 s panes, an interval of at most a day. */
const MAX_THROTTLE_WINDOW = 86400;
const MAX_THROTTLE_INTERVAL_SECONDS = 86400n;

/** `throttle_interval`: the agent's format, amounting to a whole number of seconds >= 1 (exact decimal arithmetic). */
function checkThrottleInterval(path: string, value: unknown): string {
  const text = checkString(path, value, { pattern: THROTTLE_INTERVAL, patternText: 'a number followed by s, m or h, e.g. "1s", "0.5m" or "1h"' });
  const m = /^(\d+)(?:\.(\d+))?([smh])$/.exec(text)!;
  const fraction = m[2] ?? '';
  const scaled = BigInt(m[1] + fraction) * UNIT_SECONDS[m[3] as keyof typeof UNIT_SECONDS];
  const divisor = 10n ** BigInt(fraction.length);
  if (scaled % divisor !== 0n || scaled / divisor < 1n) {
    throw new ValidationError(path, value, 'expected a whole number of seconds, at least 1 (e.g. "1s", "30s", "0.5m"): fluent-bit\'s throttle counts whole seconds');
  }
  if (scaled / divisor > MAX_THROTTLE_INTERVAL_SECONDS) {
    throw new ValidationError(path, value, 'expected at most a day ("24h"): the throttle\'s window slides once per interval');
  }
  return text;
}

function resolveThrottling(path: string, value: unknown): FlowLogThrottlingModel {
  const t = value === undefined ? {} : checkProps<FlowLogThrottlingProps>(path, value, ['enabled', 'rate', 'window', 'interval', 'printStatus']);
  const enabled = t.enabled === undefined ? true : checkBoolean(`${path}.enabled`, t.enabled);
  if (!enabled) {
    // The agent reads rate/window/interval only with throttling on (DP-PARSER) and prints the status of
    // a filter that is then not loaded: settings here would be silently ignored.
    for (const key of ['rate', 'window', 'interval', 'printStatus'] as const) {
      if (t[key] !== undefined) {
        throw new ValidationError(`${path}.${key}`, t[key], 'expected nothing: the agent ignores it with throttling off (enabled: false)');
      }
    }
    return { enabled: false };
  }
  return {
    enabled: true,
    // Out-of-range values would silently fall back to the default in the agent (DP-PARSER).
    rate: t.rate === undefined ? THROTTLING_DEFAULTS.rate : checkInt(`${path}.rate`, t.rate, 1, 25000),
    // The agent's parser allows windows >= 1 and any `^\d+(\.\d+)?[smh]$` interval (DP-PARSER), but the
    // fluent-bit throttle filter it configures ignores a window of 1 (keeping its default 5) and sleeps
    // whole seconds (the interval is truncated: "0.5s" gives 0, a window sliding without pause) —
    // fluent-bit plugins/filter_throttle/throttle.c. Both would silently change the throttle.
    // Upper bound (ours): the filter allocates one pane per interval of the window; a day of 1 s panes.
    window: t.window === undefined ? THROTTLING_DEFAULTS.window : checkInt(`${path}.window`, t.window, 2, MAX_THROTTLE_WINDOW),
    interval: t.interval === undefined ? THROTTLING_DEFAULTS.interval : checkThrottleInterval(`${path}.interval`, t.interval),
    printStatus: t.printStatus === undefined ? THROTTLING_DEFAULTS.printStatus : checkBoolean(`${path}.printStatus`, t.printStatus),
  };
}

function resolveLossAlert(path: string, value: unknown, context: NetworkContext): FlowLogLossAlertModel {
  const a = checkProps<FlowLogLossAlertProps>(path, value, ['for', 'severity', 'actionGroupIds']);
  if (!context.managedPrometheus) {
    throw new ValidationError(path, value, 'expected Managed Prometheus (managedPrometheus) in the stack: the alert reads metrics it scrapes and is a rule group of its Azure Monitor workspace');
  }
  let actionGroupIds: string[] = [];
  if (a.actionGroupIds !== undefined) {
    if (!Array.isArray(a.actionGroupIds)) throw new ValidationError(`${path}.actionGroupIds`, a.actionGroupIds, 'expected an array of action group IDs');
    actionGroupIds = a.actionGroupIds.map((id, i) => checkActionGroupId(`${path}.actionGroupIds[${i}]`, id));
    // One group twice would notify twice.
    const seen = new Set(actionGroupIds.map((id) => id.toLowerCase()));
    if (seen.size !== actionGroupIds.length) throw new ValidationError(`${path}.actionGroupIds`, a.actionGroupIds, 'expected each action group once');
  }
  return {
    path,
    for: a.for === undefined ? 'PT5M' : checkFor(`${path}.for`, a.for),
    severity: a.severity === undefined ? 3 : checkSeverity(`${path}.severity`, a.severity),
    actionGroupIds,
  };
}

function resolveContainerNetworkLogs(
  path: string,
  value: unknown,
  cluster: ClusterModel,
  acns: boolean,
  acnsPath: string,
  acnsValue: unknown,
  context: NetworkContext,
): NetworkObservabilityModel['containerNetworkLogs'] {
  const p = checkProps<ContainerNetworkLogsProps>(path, value, ['resources', 'throttling', 'lossAlert']);
  const what = 'container network logs';
  if (!cluster.profile.containerNetworkLogs) {
    throw new ValidationError(path, '(container network logs)', `expected an AKS cluster: ${what} are an ACNS feature of AKS, which ${cluster.profile.displayName} does not have`);
  }
  requireCluster(path, '(container network logs)', cluster, what, { cilium: true, minVersion: FLOW_LOGS_MIN_VERSION });
  if (!acns) {
    // Without ACNS, AKS does not install the CRD (the CRs fail to apply) and refuses the flow-log flag (NO §1).
    throw new ValidationError(acnsPath, acnsValue, `expected true: ${what} (${path}) need Advanced Container Networking Services`, 'ACNS is billed per node.');
  }
  if (!context.containerInsights) {
    throw new ValidationError(
      path,
      '(container network logs)',
      'expected Container Insights (containerInsights) in the stack as well: it ingests the flow logs into the ContainerNetworkLogs table',
    );
  }
  if (!Array.isArray(p.resources) || p.resources.length === 0) {
    throw new ValidationError(`${path}.resources`, p.resources, 'expected at least one ContainerNetworkLog ({ name, filters })');
  }
  const resources = p.resources.map((r, i) => resolveContainerNetworkLog(`${path}.resources[${i}]`, r));
  const seen = new Set<string>();
  resources.forEach((r, i) => {
    // Cluster-scoped objects: one name is one object, the second would replace the first.
    if (seen.has(r.name)) throw new ValidationError(`${path}.resources[${i}].name`, r.name, `expected a name unique in the cluster; "${r.name}" is already used`);
    seen.add(r.name);
  });
  const throttling = resolveThrottling(`${path}.throttling`, p.throttling);
  let lossAlert;
  if (p.lossAlert !== undefined) {
    if (!throttling.enabled) {
      throw new ValidationError(`${path}.lossAlert`, p.lossAlert, 'expected nothing: with throttling off (throttling.enabled: false) the agent drops no records, so the alert could never fire');
    }
    lossAlert = resolveLossAlert(`${path}.lossAlert`, p.lossAlert, context);
  }
  return { path, resources, throttling, ...(lossAlert ? { lossAlert } : {}) };
}

function resolveMetrics(
  path: string,
  value: unknown,
  cluster: ClusterModel,
  acns: boolean,
  ossRetina: boolean,
  context: NetworkContext,
): NetworkObservabilityModel['metrics'] {
  const m = checkProps<NetworkMetricsProps>(path, value, ['enabled', 'filter']);
  const enabled = m.enabled === undefined ? true : checkBoolean(`${path}.enabled`, m.enabled);
  if (!context.managedPrometheus) {
    throw new ValidationError(path, value, 'expected Managed Prometheus (managedPrometheus) in the stack as well: it scrapes the network metrics');
  }
  if (!enabled) {
    if (m.filter !== undefined) throw new ValidationError(`${path}.filter`, m.filter, 'expected nothing: with metrics off (enabled: false) there is nothing to filter');
    // Off: every network target is switched off (a target the user switches on is a contradiction).
    return { path, targets: { networkobservabilityRetina: false, networkobservabilityHubble: false, networkobservabilityCilium: false }, source: 'metrics off', off: true };
  }
  let targets: Record<NetworkTarget, boolean>;
  let source: string;
  if (acns) {
    if (cluster.networkDataplane === undefined) {
      throw new ValidationError(
        path,
        value,
        'expected the data plane in cluster.networkDataplane ("cilium" or "azure"): ACNS serves Cilium and Hubble metrics on Cilium, Retina and Hubble metrics otherwise',
      );
    }
    // NO §4.1 [AKS-METRICS]: node-level metrics come from Cilium on the Cilium data plane and from
    // Retina otherwise; pod-level metrics are Hubble's in both cases.
    const cilium = cluster.networkDataplane === 'cilium';
    targets = { networkobservabilityCilium: cilium, networkobservabilityRetina: !cilium, networkobservabilityHubble: true };
    source = cilium ? 'ACNS on the Cilium data plane' : 'ACNS without Cilium';
  } else if (ossRetina) {
    // Open-source Retina serves `networkobservability_*` on the `retina` port of the
    // kube-system/network-observability service (NO §4.3 [RET-SVC]); Hubble only in its Hubble control
    // plane mode, which the user can switch on in the settings.
    targets = { networkobservabilityRetina: true, networkobservabilityHubble: false, networkobservabilityCilium: false };
    source = 'open-source Retina';
  } else {
    throw new ValidationError(
      path,
      value,
      'expected a source of network metrics: acns: true (AKS) or retina (open-source Retina installed in the cluster)',
    );
  }
  let filter: ContainerNetworkMetricModel | undefined;
  if (m.filter !== undefined) {
    const fp = `${path}.filter`;
    if (!acns) throw new ValidationError(fp, '(ContainerNetworkMetric)', 'expected nothing without acns: true: the ContainerNetworkMetric filter is an ACNS resource');
    requireCluster(fp, '(ContainerNetworkMetric)', cluster, 'metric filtering (ContainerNetworkMetric)', { cilium: true, minVersion: METRIC_FILTER_MIN_VERSION });
    filter = resolveContainerNetworkMetric(fp, m.filter);
  }
  return { path, targets, source, off: false, ...(filter ? { filter } : {}) };
}

/** Validates the network observability props for a cluster. */
export function resolveNetworkObservability(path: string, props: unknown, cluster: ClusterModel, context: NetworkContext): NetworkObservabilityModel {
  const p = checkProps<NetworkObservabilityProps>(path, props, NETWORK_OBSERVABILITY_PROPS_KEYS);
  const at = (key: string) => (path === 'props' ? key : `${path}.${key}`);
  const acns = p.acns === undefined ? false : checkBoolean(at('acns'), p.acns);
  if (acns) requireCluster(at('acns'), true, cluster, 'ACNS', { acnsProfile: true });

  let retinaMetricsConfiguration: RetinaMetricsConfigurationModel | undefined;
  let ossRetina = false;
  if (p.retina !== undefined) {
    const r = checkProps<RetinaProps>(at('retina'), p.retina, ['metricsConfiguration']);
    ossRetina = true;
    if (acns) {
      throw new ValidationError(at('retina'), p.retina, 'expected nothing with acns: true: ACNS runs its own Retina and Cilium agents and does not read open-source Retina\'s resources (use metrics.filter on Cilium)');
    }
    if (r.metricsConfiguration !== undefined) {
      retinaMetricsConfiguration = resolveRetinaMetricsConfiguration(at('retina.metricsConfiguration'), r.metricsConfiguration);
    } else if (p.metrics === undefined) {
      // Retina declared for nothing: no configuration and no metrics to scrape (a silent no-op).
      throw new ValidationError(at('retina'), p.retina, 'expected metricsConfiguration, or metrics (to scrape Retina) next to it');
    }
  }

  const containerNetworkLogs =
    p.containerNetworkLogs === undefined ? undefined : resolveContainerNetworkLogs(at('containerNetworkLogs'), p.containerNetworkLogs, cluster, acns, at('acns'), p.acns, context);
  const metrics = p.metrics === undefined ? undefined : resolveMetrics(at('metrics'), p.metrics, cluster, acns, ossRetina, context);
  const vnetFlowLog = p.vnetFlowLog === undefined ? undefined : resolveVnetFlowLog(at('vnetFlowLog'), p.vnetFlowLog, cluster);

  return {
    acns,
    ...(containerNetworkLogs ? { containerNetworkLogs } : {}),
    ...(metrics ? { metrics } : {}),
    ...(retinaMetricsConfiguration ? { retinaMetricsConfiguration } : {}),
    ...(vnetFlowLog ? { vnetFlowLog } : {}),
  };
}

// =================================================================================================
// What the network asks of Container Insights and Managed Prometheus
// =================================================================================================

/** The Container Insights input of the network model. */
export function containerInsightsNetworkInput(model: NetworkObservabilityModel | undefined): ContainerInsightsNetworkInput {
  const logs = model?.containerNetworkLogs;
  if (!logs) return {};
  return {
    flowLogs: { path: logs.path, throttling: logs.throttling },
    ...(logs.lossAlert ? { internalMetricsFor: logs.lossAlert.path } : {}),
  };
}

/** The logs agent's scrape job (NO §3.4 [DP-QOS]); the name is the one the product's dashboard filters on. */
export const LOGS_AGENT_JOB_NAME = 'ama-logs-daemonset';
/** The loss alert's rule group (ARM name `<this>-<cluster>`) and alert. */
export const FLOW_LOG_LOSS_GROUP = 'container-network-log-loss';
export const FLOW_LOG_LOSS_ALERT = 'ContainerNetworkLogRecordsDropped';

/**
 * The node job scraping fluent-bit's internal metrics of the logs agent on the node it runs on: the
 * product's job (NO §3.4 [DP-QOS]) plus one choice of ours: service discovery is limited to
 * `kube-system`, where the agent runs (the product's job watches the pods of every namespace from
 * every node).
 */
export function logsAgentScrapeJob(): ScrapeJobProps {
  return {
    jobName: LOGS_AGENT_JOB_NAME,
    // Fixed, so the alert's 5-minute rate always has samples whatever the global interval (ours).
    scrapeInterval: '30s',
    kubernetesSdConfigs: [{ role: 'pod', namespaces: ['kube-system'] }],
    relabelings: [
      { sourceLabels: ['__meta_kubernetes_pod_controller_kind'], action: 'keep', regex: 'DaemonSet' },
      { sourceLabels: ['__meta_kubernetes_pod_controller_name'], action: 'keep', regex: '^(ama-logs|ama-logs-windows)$' },
      { sourceLabels: ['__address__'], action: 'replace', targetLabel: '__address__', regex: '(.+?)(\\:\\d+)?', replacement: '$1:9102' },
      { sourceLabels: ['__meta_kubernetes_pod_name'], action: 'replace', targetLabel: 'instance' },
      { sourceLabels: ['__meta_kubernetes_pod_node_name'], action: 'replace', targetLabel: 'node' },
      { sourceLabels: ['__meta_kubernetes_pod_node_name'], action: 'keep', regex: '$NODE_NAME' },
    ],
  };
}

/** The loss alert's rule group. The expression is checked by promtool in the tests. */
export function flowLogLossRuleGroup(alert: FlowLogLossAlertModel): UserRuleGroupProps {
  return {
    name: FLOW_LOG_LOSS_GROUP,
    interval: 'PT1M',
    description: 'Container network log records dropped by the throttle of the logs agent (ama-logs), per node.',
    rules: [
      {
        alert: FLOW_LOG_LOSS_ALERT,
        expression: `sum by (cluster, node) (rate(fluentbit_filter_drop_records_total{job="${LOGS_AGENT_JOB_NAME}", name="oms_networkflow_throttle"}[5m])) > 0`,
        for: alert.for,
        severity: alert.severity,
        annotations: {
          summary: 'Container network logs are being dropped',
          description:
            'The logs agent on node {{ $labels.node }} drops {{ $value }} container network log records per second: the flow rate is above the ' +
            'agent\'s throttle (networkflow_logs_config). Raise throttle_rate or narrow the ContainerNetworkLog filters.',
        },
        ...(alert.actionGroupIds.length > 0 ? { actions: alert.actionGroupIds.map((actionGroupId) => ({ actionGroupId })) } : {}),
      },
    ],
  };
}

/** `true`/`false` a user gave for a target (boolean or object form), or undefined. */
function explicitTarget(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (isPlainObject(v)) {
    const e = (v as TargetProps).enabled;
    return e === undefined ? true : typeof e === 'boolean' ? e : undefined;
  }
  return undefined;
}

/**
 * Managed Prometheus props with what the network asks added: the network targets (each set unless
 * the user set it; a target the cluster serves cannot be switched off, the Cilium target cannot be
 * switched on without Cilium), the logs agent's node job and the loss alert's rule group (their names
 * are reserved). `path` is where the Managed Prometheus props sit (`managedPrometheus`).
 */
export function withNetworkPrometheus(
  path: string,
  props: ManagedPrometheusProps,
  model: NetworkObservabilityModel | undefined,
): ManagedPrometheusProps {
  if (!model || !isPlainObject(props)) return props;
  let out: ManagedPrometheusProps = props;
  const metrics = model.metrics;
  if (metrics) {
    const settings = isPlainObject(props.settings) ? props.settings : props.settings === undefined ? {} : undefined;
    if (settings !== undefined) {
      const given = (isPlainObject(settings.targets) ? settings.targets : {}) as Record<string, unknown>;
      const targets: Record<string, unknown> = { ...given };
      for (const t of NETWORK_TARGETS) {
        const explicit = explicitTarget(given[t]);
        const tp = `${path}.settings.targets.${t}`;
        if (metrics.targets[t]) {
          if (explicit === false) {
            throw new ValidationError(tp, given[t], `expected true or nothing: ${metrics.path} scrapes ${t} (${metrics.source})`);
          }
          if (given[t] === undefined) targets[t] = true;
        } else if (given[t] === undefined) {
          targets[t] = false;
        } else if (explicit === true && metrics.off) {
          throw new ValidationError(tp, given[t], `expected false or nothing: ${metrics.path}.enabled is false (network metrics off)`);
        } else if (explicit === true && t === 'networkobservabilityCilium') {
          throw new ValidationError(tp, given[t], `expected false or nothing: the cluster has no Cilium agents to scrape (${metrics.source})`);
        }
      }
      if (settings.targets === undefined || isPlainObject(settings.targets)) {
        out = { ...out, settings: { ...settings, targets: targets as DefaultTargetsProps } };
      }
    }
  }
  const alert = model.containerNetworkLogs?.lossAlert;
  if (alert) {
    const scrape = isPlainObject(props.scrapeConfigs) ? props.scrapeConfigs : props.scrapeConfigs === undefined ? {} : undefined;
    if (scrape !== undefined && (scrape.node === undefined || Array.isArray(scrape.node))) {
      // Job names are unique across the three ConfigMaps: the name is reserved in all of them.
      for (const list of ['cluster', 'node', 'nodeWindows'] as const) {
        const jobs = scrape[list];
        if (!Array.isArray(jobs)) continue;
        jobs.forEach((j, i) => {
          if (isPlainObject(j) && j.jobName === LOGS_AGENT_JOB_NAME) {
            throw new ValidationError(
              `${path}.scrapeConfigs.${list}[${i}].jobName`,
              j.jobName,
              `expected another job name: "${LOGS_AGENT_JOB_NAME}" is the logs agent's job, added for ${alert.path}`,
            );
          }
        });
      }
      out = { ...out, scrapeConfigs: { ...scrape, node: [...(scrape.node ?? []), logsAgentScrapeJob()] } };
    }
    if (props.ruleGroups === undefined || Array.isArray(props.ruleGroups)) {
      const groups = props.ruleGroups ?? [];
      groups.forEach((g, i) => {
        if (isPlainObject(g) && typeof g.name === 'string' && g.name.toLowerCase() === FLOW_LOG_LOSS_GROUP) {
          throw new ValidationError(`${path}.ruleGroups[${i}].name`, g.name, `expected another name: "${FLOW_LOG_LOSS_GROUP}" is the rule group of ${alert.path}`);
        }
      });
      out = { ...out, ruleGroups: [...groups, flowLogLossRuleGroup(alert)] };
    }
  }
  return out;
}
