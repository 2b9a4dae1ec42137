import { ValidationError } from '../errors';
import {
  checkBoolean,
  checkEnum,
  checkInt,
  checkNamespaceName,
  checkNumber,
  checkProps,
  checkString,
  checkStringList,
  checkTags,
} from './check';
import { ClusterModel, parseResourceId } from './cluster';
import { normalizeRegion } from './regions';
import { isToken } from './tokens';
import { CreateLogAnalyticsWorkspaceProps, LogAnalyticsWorkspaceCreateModel, resolveLogAnalyticsWorkspaceCreate } from './workspaces';

// =================================================================================================
// Props. Every field maps to one documented agent or DCR setting; the comment names it.
// Facts: shared/reference/NOTES-container-insights.md §2 (ConfigMap) and §3 (DCR).
// =================================================================================================

/** A Log Analytics workspace that receives data. */
export interface LogAnalyticsWorkspaceRef {
  /**
   * ARM resource ID (`/subscriptions/.../providers/Microsoft.OperationalInsights/workspaces/<name>`).
   * @default - the ARM template takes it as a parameter
   */
  readonly resourceId?: string;
  /**
   * Region of the workspace. The data collection rule (and endpoint) are created in this region,
   * as the product does (NOTES-container-insights §3.4). Required with managed-identity auth: it
   * cannot be read from the ID, and correcting a wrong guess later would replace the rule.
   */
  readonly region?: string;
}

/**
 * The Log Analytics workspace of Container Insights: an existing one ({@link LogAnalyticsWorkspaceRef}),
 * or one the stack creates (`create`, exclusive with `resourceId`). A created workspace is a resource of
 * the stack in the cluster's resource group (logical ID `log-analytics-workspace`), in `region`; the
 * data collection rule references it.
 */
export interface ContainerInsightsWorkspaceProps extends LogAnalyticsWorkspaceRef {
  /**
   * Create the workspace instead of referencing one by `resourceId`.
   * @default - not created: an existing workspace (`resourceId`, or the ARM template's parameter)
   */
  readonly create?: CreateLogAnalyticsWorkspaceProps;
}

/** stdout or stderr collection: `[log_collection_settings.stdout|stderr]`. */
export interface StreamLogProps {
  /**
   * Collect this stream (`enabled`).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Namespaces whose logs are not collected (`exclude_namespaces`).
   * @default ["kube-system", "gatekeeper-system"]
   */
  readonly excludeNamespaces?: string[];
  /**
   * System pods to collect anyway, as `namespace:controllerName` (`collect_system_pod_logs`), e.g. `kube-system:coredns`.
   * The namespace must be a system namespace and not excluded.
   * @default - none
   */
  readonly collectSystemPodLogs?: string[];
}

/** Multiline stack-trace stitching: `[log_collection_settings.enable_multiline_logs]`. Requires ContainerLogV2. */
export interface MultilineProps {
  /** Turn multiline stitching on. */
  readonly enabled: boolean;
  /**
   * Languages whose stack traces are stitched (`stacktrace_languages`).
   * @default ["go", "java", "python"] (the agent's default)
   */
  readonly languages?: Array<'go' | 'java' | 'python' | 'dotnet'>;
}

/** Kubernetes metadata in ContainerLogV2: `[log_collection_settings.metadata_collection]`. */
export interface KubernetesMetadataProps {
  /** Fill the `KubernetesMetadata` column. */
  readonly enabled: boolean;
  /**
   * Fields to include (`include_fields`).
   * @default - all fields
   */
  readonly includeFields?: Array<'podLabels' | 'podAnnotations' | 'podUid' | 'image' | 'imageID' | 'imageRepo' | 'imageTag'>;
}

/** Container log collection: the `log-data-collection-settings` key. */
export interface LogCollectionProps {
  /** @default - agent default: enabled, kube-system and gatekeeper-system excluded */
  readonly stdout?: StreamLogProps;
  /** @default - agent default: enabled, kube-system and gatekeeper-system excluded */
  readonly stderr?: StreamLogProps;
  /**
   * Collect container environment variables (`[log_collection_settings.env_var] enabled`).
   * @default true (agent default)
   */
  readonly environmentVariables?: boolean;
  /**
   * Add container name and image to each ContainerLog (v1 schema only) record (`enrich_container_logs`).
   * @default false (agent default)
   */
  readonly enrichContainerLogs?: boolean;
  /**
   * Collect Normal kube events too, not only warnings (`collect_all_kube_events`).
   * @default false (agent default)
   */
  readonly collectAllKubeEvents?: boolean;
  /** @default - off (agent default) */
  readonly multiline?: MultilineProps;
  /** @default - off (agent default) */
  readonly kubernetesMetadata?: KubernetesMetadataProps;
  /**
   * Drop logs of pods annotated `fluentbit.io/exclude: "true"` (`filter_using_annotations`).
   * @default false (agent default)
   */
  readonly filterUsingAnnotations?: boolean;
}

/** Fluent-bit buffering and throttling of one tenant pipeline (advanced multi-tenancy). */
export interface TenantPipelineSettings {
  /** `storage_type`. @default filesystem */
  readonly storageType?: 'filesystem' | 'memory';
  /** `mem_buf_limit`, a fluent-bit size such as `10m`. @default 10m */
  readonly memBufLimit?: string;
  /** `buffer_chunk_size`. @default 1m */
  readonly bufferChunkSize?: string;
  /** `buffer_max_size`. @default 5m */
  readonly bufferMaxSize?: string;
  /** `throttle_rate` (records per interval). @default 1000 */
  readonly throttleRate?: number;
  /** `throttle_window` (intervals). @default 300 */
  readonly throttleWindow?: number;
  /** `throttle_interval`, a duration such as `1s`. @default 1s */
  readonly throttleInterval?: string;
  /** `out_forward_worker_count`. @default 10 */
  readonly outForwardWorkerCount?: number;
  /** `out_forward_retry_limit`. @default 30 */
  readonly outForwardRetryLimit?: number;
  /** `out_forward_storage_total_limit_size`, a size such as `2G`. @default 2G */
  readonly outForwardStorageTotalLimitSize?: string;
  /** `out_forward_require_ack_response`. @default false */
  readonly outForwardRequireAckResponse?: boolean;
  /** `disable_throttle`. @default false */
  readonly disableThrottle?: boolean;
}

/** One tenant of multi-tenant logging: namespaces routed to their own workspace (a ContainerLogV2Extension DCR). */
export interface LogTenantProps {
  /**
   * Short name of the tenant (lower-case letters, digits, `-`; at most 20 characters). It names the
   * tenant's Azure resources, so it must stay the same for the life of the tenant.
   */
  readonly name: string;
  /** Namespaces whose container logs go to this tenant's workspace. */
  readonly namespaces: string[];
  /** The tenant's Log Analytics workspace. */
  readonly logAnalyticsWorkspace: LogAnalyticsWorkspaceRef;
  /**
   * KQL transformation applied to the tenant's ContainerLogV2 records (`dataFlows[].transformKql`).
   * @default - none
   */
  readonly transformKql?: string;
  /**
   * Per-namespace fluent-bit settings (advanced mode, `namespace_settings`), applied to all of this tenant's namespaces.
   * @default - the cluster-wide advanced settings
   */
  readonly pipeline?: TenantPipelineSettings;
}

/** Multi-tenant logging (`[log_collection_settings.multi_tenancy]`, ContainerLogV2Extension DCRs). Requires high log scale mode. */
export interface MultiTenancyProps {
  /** The tenants (at most 30: the product's limit of ContainerLogV2Extension associations per cluster). */
  readonly tenants: LogTenantProps[];
  /**
   * Advanced mode: dedicated fluent-bit pipelines per tenant namespace (`advanced_mode_enabled`,
   * `namespaces`, `namespace_settings` and the cluster-wide defaults below). Required when the
   * `ama-logs-multitenancy` service is deployed by the AKS add-on.
   * @default - basic mode
   */
  readonly advanced?: MultiTenancyAdvancedProps;
}

/** Cluster-wide advanced multi-tenancy settings. */
export interface MultiTenancyAdvancedProps extends TenantPipelineSettings {
  /** `storage_max_chunks_up`. @default 500 */
  readonly storageMaxChunksUp?: number;
  /** `service_buffer_chunk_size`. @default 10m */
  readonly serviceBufferChunkSize?: string;
  /** `service_buffer_max_size`. @default 30m */
  readonly serviceBufferMaxSize?: string;
}

/** Cluster-level Prometheus scraping by the logs agent: `[prometheus_data_collection_settings.cluster]`. */
export interface ClusterPrometheusScrapeProps {
  /** `interval`, a Go duration such as `1m` or `30s`. @default 1m */
  readonly interval?: string;
  /** `fieldpass`: metric names to keep. */
  readonly fieldPass?: string[];
  /** `fielddrop`: metric names to drop. */
  readonly fieldDrop?: string[];
  /** `urls`: endpoints scraped by the cluster agent. */
  readonly urls?: string[];
  /** `kubernetes_services`: service URLs scraped by the cluster agent. */
  readonly kubernetesServices?: string[];
  /** `monitor_kubernetes_pods`: scrape pods annotated `prometheus.io/scrape`. @default false */
  readonly monitorKubernetesPods?: boolean;
  /** `monitor_kubernetes_pods_namespaces`. */
  readonly monitorKubernetesPodsNamespaces?: string[];
  /** `kubernetes_label_selector`. */
  readonly kubernetesLabelSelector?: string;
  /** `kubernetes_field_selector`. */
  readonly kubernetesFieldSelector?: string;
}

/** Node-level Prometheus scraping by the logs agent: `[prometheus_data_collection_settings.node]`. */
export interface NodePrometheusScrapeProps {
  /** `interval`. @default 1m */
  readonly interval?: string;
  /** `urls`; `$NODE_IP` is replaced by the node's IP. */
  readonly urls?: string[];
  /** `fieldpass`. */
  readonly fieldPass?: string[];
  /** `fielddrop`. */
  readonly fieldDrop?: string[];
}

/** Prometheus metrics into Log Analytics (the `prometheus-data-collection-settings` key). For Azure Monitor workspace metrics use Managed Prometheus instead. */
export interface LogsAgentPrometheusProps {
  readonly cluster?: ClusterPrometheusScrapeProps;
  readonly node?: NodePrometheusScrapeProps;
}

/** Thresholds of the alertable (custom) metrics: the `alertable-metrics-configuration-settings` key. */
export interface AlertableMetricThresholds {
  /** `container_cpu_threshold_percentage`. @default 95 */
  readonly containerCpuPercentage?: number;
  /** `container_memory_rss_threshold_percentage`. @default 95 */
  readonly containerMemoryRssPercentage?: number;
  /** `container_memory_working_set_threshold_percentage`. @default 95 */
  readonly containerMemoryWorkingSetPercentage?: number;
  /** `pv_usage_threshold_percentage`. @default 60 */
  readonly pvUsagePercentage?: number;
  /** `job_completion_threshold_time_minutes`. @default 360 */
  readonly jobCompletionMinutes?: number;
}

/** The `integrations` key. */
export interface IntegrationsProps {
  /** `[integrations.azure_network_policy_manager]`. */
  readonly networkPolicyManager?: { readonly basicMetrics?: boolean; readonly advancedMetrics?: boolean };
  /** `[integrations.azure_subnet_ip_usage] enabled`. */
  readonly subnetIpUsage?: boolean;
}

/** fluent-bit tail settings: `[agent_settings.fbit_config]` (documented as "undocumented; change only when directed"). */
export interface FluentBitProps {
  /** `log_flush_interval_secs`. @default 15 */
  readonly logFlushIntervalSeconds?: number;
  /** `tail_mem_buf_limit_megabytes`; the agent only honours values above 10. @default 10 */
  readonly tailMemBufLimitMegabytes?: number;
  /** `tail_buf_chunksize_megabytes`. */
  readonly tailBufChunkSizeMegabytes?: number;
  /** `tail_buf_maxsize_megabytes`; at least the chunk size. */
  readonly tailBufMaxSizeMegabytes?: number;
  /** `tail_ignore_older`, e.g. `5m`, `2h`, `1d`. */
  readonly tailIgnoreOlder?: string;
  /** `enable_internal_metrics`. @default false */
  readonly enableInternalMetrics?: boolean;
  /** `storage_max_chunks_up`. */
  readonly storageMaxChunksUp?: number;
  /** `storage_type`. */
  readonly storageType?: 'memory' | 'filesystem';
  /** `enable_threading`. @default false */
  readonly enableThreading?: boolean;
}

/** Inventory chunk sizes of the cluster agent: `[agent_settings.chunk_config]`. */
export interface ChunkProps {
  /** `NODES_CHUNK_SIZE`, 100-400. @default 250 */
  readonly nodesChunkSize?: number;
  /** `PODS_CHUNK_SIZE`, 10-1500. @default 1000 */
  readonly podsChunkSize?: number;
  /** `EVENTS_CHUNK_SIZE`, 2000-10000. @default 4000 */
  readonly eventsChunkSize?: number;
  /** `DEPLOYMENTS_CHUNK_SIZE`, 500-1000. @default 500 */
  readonly deploymentsChunkSize?: number;
  /** `HPA_CHUNK_SIZE`, 500-2000. @default 2000 */
  readonly hpaChunkSize?: number;
  /** `PODS_EMIT_STREAM_BATCH_SIZE`, 50 up to the pods chunk size. @default 200 */
  readonly podsEmitStreamBatchSize?: number;
  /** `NODES_EMIT_STREAM_BATCH_SIZE`, 50 up to the nodes chunk size. @default 100 */
  readonly nodesEmitStreamBatchSize?: number;
}

/** Azure Monitor Agent (mdsd) settings: `[agent_settings.mdsd_config]`. */
export interface MdsdProps {
  /** `monitoring_max_event_rate` (events per second). @default 20000 */
  readonly monitoringMaxEventRate?: number;
  /** `upload_max_size_in_mb`. @default 2 */
  readonly uploadMaxSizeMegabytes?: number;
  /** `upload_frequency_seconds`. @default 60 */
  readonly uploadFrequencySeconds?: number;
  /** `compression_level`, 0 (none) to 9. */
  readonly compressionLevel?: number;
  /** `backpressure_memory_threshold_in_mb`: above 100 and below the container's memory limit. @default 50% of the limit */
  readonly backpressureMemoryThresholdMegabytes?: number;
}

/** fluent-bit TCP listener of a Prometheus scrape path (all MB). */
export interface PrometheusFluentBitProps {
  /** `tcp_listener_chunk_size`. */
  readonly tcpListenerChunkSize?: number;
  /** `tcp_listener_buffer_size`; at least the chunk size. */
  readonly tcpListenerBufferSize?: number;
  /** `tcp_listener_mem_buf_limit`. */
  readonly tcpListenerMemBufLimit?: number;
}

/** Wait times of the agent's internal listeners (`[agent_settings.network_listener_waittime]`, seconds). */
export interface NetworkListenerWaitTimeProps {
  readonly tcpPort25226?: number;
  readonly tcpPort25228?: number;
  readonly tcpPort25229?: number;
  readonly tcpPort13000?: number;
  readonly tcpPort12563?: number;
}

/** The `agent-settings` key (high log scale mode has its own prop on ContainerInsightsProps). */
export interface AgentSettingsProps {
  /** `[agent_settings.custom_metrics] enabled`. */
  readonly customMetrics?: boolean;
  /** `[agent_settings.telemetry_config] disable_telemetry`. */
  readonly disableTelemetry?: boolean;
  /** `[agent_settings.k8s_metadata_config] kube_meta_cache_ttl_secs`. @default 60 */
  readonly kubeMetadataCacheTtlSeconds?: number;
  readonly fluentBit?: FluentBitProps;
  readonly chunk?: ChunkProps;
  readonly mdsd?: MdsdProps;
  /** `[agent_settings.prometheus_fbit_settings]` (sidecar). */
  readonly prometheusFluentBit?: PrometheusFluentBitProps;
  /** `[agent_settings.node_prometheus_fbit_settings]` (DaemonSet). */
  readonly nodePrometheusFluentBit?: PrometheusFluentBitProps;
  /** `[agent_settings.cluster_prometheus_fbit_settings]` (ReplicaSet). */
  readonly clusterPrometheusFluentBit?: PrometheusFluentBitProps;
  /** `[agent_settings.proxy_config] ignore_proxy_settings` (e.g. AMPLS behind a proxy). */
  readonly ignoreProxySettings?: boolean;
  readonly networkListenerWaitTime?: NetworkListenerWaitTimeProps;
}

/** The portal's data collection presets (NOTES-container-insights §3.3). */
export type DataCollectionPreset = 'logs-and-events' | 'standard' | 'cost-optimized' | 'syslog';

/** The portal's "collected data" groups. */
export type StreamGroup = 'all' | 'performance' | 'logs-and-events' | 'workloads' | 'persistent-volumes';

/** DCR streams of the ContainerInsights extension that can be chosen by name. */
export const CONTAINER_INSIGHTS_STREAMS = [
  'Microsoft-ContainerLog',
  'Microsoft-ContainerLogV2',
  'Microsoft-KubeEvents',
  'Microsoft-KubePodInventory',
  'Microsoft-KubeNodeInventory',
  'Microsoft-KubePVInventory',
  'Microsoft-KubeServices',
  'Microsoft-KubeMonAgentEvents',
  'Microsoft-InsightsMetrics',
  'Microsoft-ContainerInventory',
  'Microsoft-ContainerNodeInventory',
  'Microsoft-Perf',
] as const;
export type ContainerInsightsStream = (typeof CONTAINER_INSIGHTS_STREAMS)[number];

/** What the DCR's ContainerInsights extension collects. */
export interface DataCollectionProps {
  /**
   * A portal preset: sets the interval, namespace filtering, streams and Syslog as the portal does.
   * Explicit props below override it.
   * @default "logs-and-events" (the portal's default)
   */
  readonly preset?: DataCollectionPreset;
  /** Streams by the portal's groups. Not together with `streams`. */
  readonly collect?: StreamGroup[];
  /** Streams by name. Not together with `collect`. */
  readonly streams?: ContainerInsightsStream[];
  /** `interval`: how often inventory and metrics are collected, `1m` to `30m`. @default - the preset's */
  readonly interval?: string;
  /** `namespaceFilteringMode`. @default - the preset's */
  readonly namespaceFilteringMode?: 'Off' | 'Include' | 'Exclude';
  /** `namespaces` for Include/Exclude. */
  readonly namespaces?: string[];
}

/** Syslog collection from the nodes (a `syslog` data source in the DCR). */
export interface SyslogProps {
  /** @default - all facilities (as the product's templates) */
  readonly facilities?: SyslogFacility[];
  /** @default - all levels */
  readonly logLevels?: SyslogLevel[];
}

export const SYSLOG_FACILITIES = [
  'auth', 'authpriv', 'cron', 'daemon', 'mark', 'kern', 'local0', 'local1', 'local2', 'local3',
  'local4', 'local5', 'local6', 'local7', 'lpr', 'mail', 'news', 'syslog', 'user', 'uucp',
] as const;
export type SyslogFacility = (typeof SYSLOG_FACILITIES)[number];
export const SYSLOG_LEVELS = ['Debug', 'Info', 'Notice', 'Warning', 'Error', 'Critical', 'Alert', 'Emergency'] as const;
export type SyslogLevel = (typeof SYSLOG_LEVELS)[number];

/** How the logs agent authenticates to Azure Monitor. */
export type ContainerInsightsAuth = 'managed-identity' | 'workspace-key';

/** Container Insights for one cluster. */
export interface ContainerInsightsProps {
  /** Where the data goes: an existing workspace, or one the stack creates. */
  readonly logAnalyticsWorkspace: ContainerInsightsWorkspaceProps;
  /**
   * Authentication of the agent. With managed identity the agent follows the data collection rule we
   * render; `workspace-key` is the legacy mode, in which the agent ignores DCRs (so none is rendered)
   * and which the product needs for Windows node logs on Arc-enabled clusters.
   * @default "managed-identity"
   */
  readonly authentication?: ContainerInsightsAuth;
  /**
   * Use the ContainerLogV2 schema (DCR `enableContainerLogV2`, and `containerlog_schema_version = "v2"`
   * in the ConfigMap so it also holds where the DCR is not read).
   * @default true
   */
  readonly containerLogV2?: boolean;
  /**
   * High log scale mode: `[agent_settings.high_log_scale]`, the `Microsoft-ContainerLogV2-HighScale`
   * stream and an ingestion data collection endpoint.
   * @default false
   */
  readonly highLogScale?: boolean;
  /**
   * Collect logs of Windows nodes. On Arc-enabled clusters the product collects them only with
   * `authentication: "workspace-key"`.
   * @default - true when the cluster has Windows nodes
   */
  readonly windowsNodeLogs?: boolean;
  /** @default - the "logs-and-events" preset */
  readonly dataCollection?: DataCollectionProps;
  /**
   * Syslog from the nodes (Linux): a `syslog` data source in the rule. `true` for all facilities and
   * levels. The agent also needs Syslog switched on at the cluster (AKS add-on: enable Syslog; Arc
   * extension: `amalogs.syslog.enabled`), which is part of onboarding, not of this stack.
   * @default - off, or on with the "syslog" preset
   */
  readonly syslog?: boolean | SyslogProps;
  /** @default - agent defaults */
  readonly logCollection?: LogCollectionProps;
  /** @default - off */
  readonly multiTenancy?: MultiTenancyProps;
  /** @default - agent defaults (no Prometheus scraping into Log Analytics) */
  readonly prometheus?: LogsAgentPrometheusProps;
  /**
   * Collect persistent volume metrics of kube-system too (`[metric_collection_settings.collect_kube_system_pv_metrics]`).
   * @default false
   */
  readonly collectKubeSystemPvMetrics?: boolean;
  /** @default - agent defaults */
  readonly alertableMetricThresholds?: AlertableMetricThresholds;
  /** @default - agent defaults (off) */
  readonly integrations?: IntegrationsProps;
  /** @default - agent defaults */
  readonly agentSettings?: AgentSettingsProps;
  /**
   * `config-version` of the ConfigMap (your own tracking, at most 10 characters).
   * @default - not set
   */
  readonly configVersion?: string;
  /**
   * Tags on the Azure resources.
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

// =================================================================================================
// The validated model.
// =================================================================================================

export interface WorkspaceModel {
  /** Literal ID, deferred token, or undefined (ARM parameter, or a workspace the stack creates: see `create`). */
  readonly resourceId?: string;
  readonly region: string;
  /** The workspace the stack creates (then `resourceId` is undefined: the ID is a reference to that resource). */
  readonly create?: LogAnalyticsWorkspaceCreateModel;
}

export interface TenantModel {
  readonly name: string;
  readonly namespaces: string[];
  readonly workspace: WorkspaceModel;
  readonly transformKql?: string;
  readonly pipeline?: TenantPipelineSettings;
}

export interface ContainerInsightsModel {
  readonly workspace: WorkspaceModel;
  readonly authentication: ContainerInsightsAuth;
  readonly containerLogV2: boolean;
  readonly highLogScale: boolean;
  readonly windowsNodeLogs: boolean;
  /** DCR extension settings. */
  readonly interval: string;
  readonly namespaceFilteringMode: 'Off' | 'Include' | 'Exclude';
  readonly namespaces?: string[];
  /** DCR streams of the ContainerInsights extension, in a stable order. */
  readonly streams: string[];
  readonly syslog?: { facilities: SyslogFacility[]; logLevels: SyslogLevel[] };
  readonly logCollection: LogCollectionModel;
  readonly multiTenancy?: { tenants: TenantModel[]; advanced?: MultiTenancyAdvancedProps };
  readonly prometheus?: LogsAgentPrometheusProps;
  readonly collectKubeSystemPvMetrics?: boolean;
  readonly alertableMetricThresholds?: AlertableMetricThresholds;
  readonly integrations?: IntegrationsProps;
  readonly agentSettings: AgentSettingsProps;
  /** `[agent_settings.networkflow_logs_config]`: set when container network logs are ingested. */
  readonly networkFlowLogs?: FlowLogThrottlingModel;
  readonly configVersion?: string;
  readonly tags: Record<string, string>;
}

/** Flow-log throttling of the logs agent, resolved (`[agent_settings.networkflow_logs_config]`). */
export interface FlowLogThrottlingModel {
  readonly enabled: boolean;
  /** Rate, window and interval: only when enabled (the agent reads them only then). */
  readonly rate?: number;
  readonly window?: number;
  readonly interval?: string;
  readonly printStatus?: boolean;
}

/**
 * What network observability asks of Container Insights (computed by the network observability model,
 * which owns those props). Paths name the network props that ask, for error messages.
 */
export interface ContainerInsightsNetworkInput {
  /** Container network logs are ingested: the flow-log stream and the agent's throttling. */
  readonly flowLogs?: { readonly path: string; readonly throttling: FlowLogThrottlingModel };
  /** fluent-bit's internal metrics must be on (for the flow-log loss alert); the path of the prop asking. */
  readonly internalMetricsFor?: string;
}

/**
 * The DCR stream of container network logs. Current name per NOTES-network-observability §1 (DP-PARAM,
 * the product's onboarding parameters): the stream and its table were renamed together from
 * `Microsoft-RetinaNetworkFlowLogs` / `RetinaNetworkFlowLogs` (AKS-CNL-RENAME); some doc tables still
 * show the old name (NOTES §8.5). New data lands in `ContainerNetworkLogs`; we never write the old one.
 */
export const CONTAINER_NETWORK_LOGS_STREAM = 'Microsoft-ContainerNetworkLogs';

// =================================================================================================
// Constants from the notes.
// =================================================================================================

/** The agent's default `exclude_namespaces` (DP:kubernetes/container-azm-ms-agentconfig.yaml). */
export const DEFAULT_EXCLUDED_NAMESPACES = ['kube-system', 'gatekeeper-system'];

/** Namespaces `collect_system_pod_logs` accepts (NOTES-container-insights §2.2). */
export const SYSTEM_NAMESPACES = ['kube-system', 'gatekeeper-system', 'calico-system', 'azure-arc', 'kube-public', 'kube-node-lease'];

/** Stream groups as the portal defines them (NOTES-container-insights §3.3, DOCS@005411c2). */
const GROUP_STREAMS: Record<Exclude<StreamGroup, 'all'>, ContainerInsightsStream[]> = {
  'performance': ['Microsoft-Perf', 'Microsoft-InsightsMetrics'],
  'logs-and-events': ['Microsoft-ContainerLogV2', 'Microsoft-KubeEvents', 'Microsoft-KubePodInventory'],
  'workloads': [
    'Microsoft-InsightsMetrics',
    'Microsoft-KubePodInventory',
    'Microsoft-KubeEvents',
    'Microsoft-ContainerInventory',
    'Microsoft-ContainerNodeInventory',
    'Microsoft-KubeNodeInventory',
    'Microsoft-KubeServices',
  ],
  'persistent-volumes': ['Microsoft-InsightsMetrics', 'Microsoft-KubePVInventory'],
};

/**
 * "All" / "standard": the twelve streams of the product's templates (ci-extension-dcr-body.json,
 * aks-msi-existingClusterParam.json) — which list ContainerLog and ContainerLogV2 both. The agent
 * emits only one of them (by schema), so we keep only the one that matches `containerLogV2`: the
 * other would be an inert stream in the rule.
 */
const ALL_STREAMS: ContainerInsightsStream[] = [...CONTAINER_INSIGHTS_STREAMS];

interface PresetDefaults {
  interval: string;
  namespaceFilteringMode: 'Off' | 'Include' | 'Exclude';
  namespaces?: string[];
  groups: StreamGroup[];
  syslog: boolean;
}

/** Portal presets (NOTES-container-insights §3.3: DOCS@005411c2, DOCS@037126b0). */
const PRESETS: Record<DataCollectionPreset, PresetDefaults> = {
  'logs-and-events': { interval: '1m', namespaceFilteringMode: 'Off', groups: ['logs-and-events'], syslog: false },
  'standard': { interval: '1m', namespaceFilteringMode: 'Off', groups: ['all'], syslog: false },
  'cost-optimized': {
    interval: '5m',
    namespaceFilteringMode: 'Exclude',
    namespaces: ['kube-system', 'gatekeeper-system', 'azure-arc'],
    groups: ['all'],
    syslog: false,
  },
  'syslog': { interval: '1m', namespaceFilteringMode: 'Off', groups: ['all'], syslog: true },
};

const STREAM_ORDER = new Map<string, number>(CONTAINER_INSIGHTS_STREAMS.map((s, i) => [s, i]));

// =================================================================================================
// Validation.
// =================================================================================================

const WORKSPACE_TYPE = 'Microsoft.OperationalInsights/workspaces';

/**
 * `fallbackRegion` is used only where no Azure resource is created in the workspace's region
 * (workspace-key auth); otherwise the region is required. With `createIn` (the cluster), the
 * `create` form is accepted too (model/workspaces.ts); tenants' workspaces are references only.
 */
function resolveWorkspace(path: string, value: unknown, fallbackRegion?: string, createIn?: ClusterModel): WorkspaceModel {
  const w = checkProps<ContainerInsightsWorkspaceProps>(path, value, createIn ? ['resourceId', 'region', 'create'] : ['resourceId', 'region']);
  const creating = createIn !== undefined && w.create !== undefined;
  if (!creating && w.resourceId !== undefined && !isToken(w.resourceId)) parseResourceId(`${path}.resourceId`, w.resourceId, WORKSPACE_TYPE);
  if (w.region === undefined && fallbackRegion === undefined) {
    throw new ValidationError(
      `${path}.region`,
      undefined,
      'expected the workspace\'s Azure region (e.g. "westeurope"): the data collection rule is created there, and a wrong region cannot be fixed later without replacing the rule',
    );
  }
  const region = w.region === undefined ? fallbackRegion! : normalizeRegion(`${path}.region`, w.region);
  if (creating) return { region, create: resolveLogAnalyticsWorkspaceCreate(path, w, region, createIn) };
  return { resourceId: w.resourceId, region };
}

/** Exported so engines can check a deferred workspace ID once it is resolved. */
export function checkWorkspaceResourceId(path: string, value: unknown): void {
  parseResourceId(path, value, WORKSPACE_TYPE);
}

/** `<n>m` with n in 1..30: what the agent accepts for the DCR interval (extension.go; CLIs reject others). */
function checkInterval(path: string, value: unknown): string {
  const s = checkString(path, value);
  const m = /^([0-9]+)m$/.exec(s);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > 30) {
    throw new ValidationError(path, value, 'expected minutes as "<n>m" with n from 1 to 30, e.g. "1m" or "5m" (the agent falls back to 1m otherwise)');
  }
  return s;
}

/** A Go/telegraf duration: number + ns|us|µs|ms|s|m|h, possibly repeated (e.g. "1m30s"). */
const GO_DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;
/** fluent-bit sizes: integer with optional k/m/g unit. */
const FBIT_SIZE = /^[1-9][0-9]*[kKmMgG]?$/;

function checkBoolOpt(path: string, v: unknown): boolean | undefined {
  return v === undefined ? undefined : checkBoolean(path, v);
}

function checkStringListOpt(path: string, v: unknown, each: (p: string, i: unknown) => string = (p, i) => checkString(p, i)) {
  return v === undefined ? undefined : checkStringList(path, v, each);
}

/**
 * A resolved stdout/stderr setting. Both tables are always written: once the ConfigMap exists, a
 * missing table changes the agent's fluent-bit tail exclusions (kube-system log files are then read
 * and filtered later), and a present table without `exclude_namespaces` means "exclude nothing".
 */
export interface StreamLogModel {
  readonly enabled: boolean;
  /** Set when enabled. */
  readonly excludeNamespaces?: string[];
  readonly collectSystemPodLogs?: string[];
}

function resolveStreamLog(path: string, value: unknown): StreamLogModel {
  const s = checkProps<StreamLogProps>(path, value, ['enabled', 'excludeNamespaces', 'collectSystemPodLogs']);
  const enabled = checkBoolOpt(`${path}.enabled`, s.enabled);
  const excludeNamespaces = checkStringListOpt(`${path}.excludeNamespaces`, s.excludeNamespaces, checkNamespaceName);
  const effectiveExcluded = excludeNamespaces ?? DEFAULT_EXCLUDED_NAMESPACES;
  const collectSystemPodLogs = checkStringListOpt(`${path}.collectSystemPodLogs`, s.collectSystemPodLogs, (p, item) => {
    const str = checkString(p, item, { pattern: /^[^:\s]+:[^:\s]+$/, patternText: '"namespace:controllerName", e.g. "kube-system:coredns"' });
    const [ns] = str.split(':');
    if (!SYSTEM_NAMESPACES.includes(ns)) {
      throw new ValidationError(p, item, `expected a system namespace (${SYSTEM_NAMESPACES.join(', ')}) before ":"; other namespaces are collected unless excluded`);
    }
    // The agent tests exclusion by substring of the joined exclude list, so "kube-system-old" also drops kube-system pods.
    const match = effectiveExcluded.find((ex) => ex.includes(ns));
    if (match !== undefined) {
      const how = match === ns ? 'is in' : `is matched by "${match}" in (the agent matches exclusions as substrings)`;
      throw new ValidationError(p, item, `namespace "${ns}" ${how} ${path}.excludeNamespaces, and the agent drops system-pod entries of excluded namespaces; remove it from the exclusions`);
    }
    return str;
  });
  if (enabled === false && (excludeNamespaces !== undefined || collectSystemPodLogs !== undefined)) {
    throw new ValidationError(`${path}.enabled`, false, 'excludeNamespaces/collectSystemPodLogs only apply when the stream is enabled; remove them or enable the stream');
  }
  // Defaults applied here, once: an enabled stream always carries its exclusions (see StreamLogModel).
  return enabled === false ? { enabled: false } : { enabled: true, excludeNamespaces: effectiveExcluded, collectSystemPodLogs };
}

const PIPELINE_KEYS = [
  'storageType', 'memBufLimit', 'bufferChunkSize', 'bufferMaxSize', 'throttleRate', 'throttleWindow', 'throttleInterval',
  'outForwardWorkerCount', 'outForwardRetryLimit', 'outForwardStorageTotalLimitSize', 'outForwardRequireAckResponse', 'disableThrottle',
] as const;

function checkPipeline(path: string, p: TenantPipelineSettings): TenantPipelineSettings {
  const size = (k: keyof TenantPipelineSettings) => {
    const v = p[k];
    return v === undefined ? undefined : checkString(`${path}.${k}`, v, { pattern: FBIT_SIZE, patternText: 'a fluent-bit size such as "10m" or "2G"' });
  };
  return {
    storageType: p.storageType === undefined ? undefined : checkEnum(`${path}.storageType`, p.storageType, ['filesystem', 'memory'] as const),
    memBufLimit: size('memBufLimit'),
    bufferChunkSize: size('bufferChunkSize'),
    bufferMaxSize: size('bufferMaxSize'),
    throttleRate: p.throttleRate === undefined ? undefined : checkInt(`${path}.throttleRate`, p.throttleRate, 1),
    throttleWindow: p.throttleWindow === undefined ? undefined : checkInt(`${path}.throttleWindow`, p.throttleWindow, 1),
    throttleInterval:
      p.throttleInterval === undefined
        ? undefined
        : checkString(`${path}.throttleInterval`, p.throttleInterval, { pattern: /^[0-9]+(\.[0-9]+)?[smh]$/, patternText: 'a duration such as "1s", "500ms" is not allowed; use s, m or h' }),
    outForwardWorkerCount: p.outForwardWorkerCount === undefined ? undefined : checkInt(`${path}.outForwardWorkerCount`, p.outForwardWorkerCount, 1),
    outForwardRetryLimit: p.outForwardRetryLimit === undefined ? undefined : checkInt(`${path}.outForwardRetryLimit`, p.outForwardRetryLimit, 1),
    outForwardStorageTotalLimitSize: size('outForwardStorageTotalLimitSize'),
    outForwardRequireAckResponse: checkBoolOpt(`${path}.outForwardRequireAckResponse`, p.outForwardRequireAckResponse),
    disableThrottle: checkBoolOpt(`${path}.disableThrottle`, p.disableThrottle),
  };
}

const TENANT_NAME = /^[a-z0-9](?:[a-z0-9-]{0,18}[a-z0-9])?$/;

function resolveMultiTenancy(path: string, value: unknown, excluded: { stdout: string[]; stderr: string[] }) {
  const m = checkProps<MultiTenancyProps>(path, value, ['tenants', 'advanced']);
  if (!Array.isArray(m.tenants) || m.tenants.length === 0) {
    throw new ValidationError(`${path}.tenants`, m.tenants, 'expected a non-empty array of tenants');
  }
  if (m.tenants.length > 30) {
    throw new ValidationError(`${path}.tenants`, `${m.tenants.length} tenants`, 'expected at most 30 tenants (the product allows 30 ContainerLogV2Extension associations per cluster)');
  }
  const names = new Set<string>();
  const owner = new Map<string, string>();
  const tenants = m.tenants.map((raw, i): TenantModel => {
    const tp = `${path}.tenants[${i}]`;
    const t = checkProps<LogTenantProps>(tp, raw, ['name', 'namespaces', 'logAnalyticsWorkspace', 'transformKql', 'pipeline']);
    const name = checkString(`${tp}.name`, t.name, {
      pattern: TENANT_NAME,
      patternText: 'a tenant name of 1-20 lower-case letters, digits or "-", starting and ending with a letter or digit',
    });
    if (names.has(name)) throw new ValidationError(`${tp}.name`, name, 'expected tenant names to be unique');
    names.add(name);
    const namespaces = checkStringList(`${tp}.namespaces`, t.namespaces, checkNamespaceName, { minItems: 1 });
    namespaces.forEach((ns, j) => {
      const prev = owner.get(ns);
      if (prev !== undefined) {
        throw new ValidationError(`${tp}.namespaces[${j}]`, ns, `expected each namespace in one tenant only; it is already routed to tenant "${prev}" (a second route would duplicate its logs)`);
      }
      owner.set(ns, name);
    });
    if (t.logAnalyticsWorkspace === undefined) throw new ValidationError(`${tp}.logAnalyticsWorkspace`, undefined, 'expected the tenant\'s Log Analytics workspace');
    namespaces.forEach((ns, j) => {
      // The agent drops the logs of excluded namespaces before any routing.
      for (const stream of ['stdout', 'stderr'] as const) {
        if (excluded[stream].includes(ns)) {
          throw new ValidationError(
            `${tp}.namespaces[${j}]`,
            ns,
            `expected a namespace whose logs are collected; it is in logCollection.${stream}.excludeNamespaces (default: kube-system, gatekeeper-system), so its ${stream} logs never reach the tenant`,
          );
        }
      }
    });
    const workspace = resolveWorkspace(`${tp}.logAnalyticsWorkspace`, t.logAnalyticsWorkspace);
    const transformKql = t.transformKql === undefined ? undefined : checkString(`${tp}.transformKql`, t.transformKql, { maxLength: 15000 });
    const pipeline = t.pipeline === undefined ? undefined : checkPipeline(`${tp}.pipeline`, checkProps(`${tp}.pipeline`, t.pipeline, PIPELINE_KEYS));
    return { name, namespaces, workspace, transformKql, pipeline };
  });
  let advanced: MultiTenancyAdvancedProps | undefined;
  if (m.advanced !== undefined) {
    const ap = `${path}.advanced`;
    const a = checkProps<MultiTenancyAdvancedProps>(ap, m.advanced, [...PIPELINE_KEYS, 'storageMaxChunksUp', 'serviceBufferChunkSize', 'serviceBufferMaxSize']);
    const size = (k: 'serviceBufferChunkSize' | 'serviceBufferMaxSize') =>
      a[k] === undefined ? undefined : checkString(`${ap}.${k}`, a[k], { pattern: FBIT_SIZE, patternText: 'a fluent-bit size such as "10m"' });
    advanced = {
      ...checkPipeline(ap, a),
      storageMaxChunksUp: a.storageMaxChunksUp === undefined ? undefined : checkInt(`${ap}.storageMaxChunksUp`, a.storageMaxChunksUp, 1),
      serviceBufferChunkSize: size('serviceBufferChunkSize'),
      serviceBufferMaxSize: size('serviceBufferMaxSize'),
    };
  } else {
    tenants.forEach((t, i) => {
      if (t.pipeline) throw new ValidationError(`${path}.tenants[${i}].pipeline`, t.pipeline, 'per-tenant pipeline settings need advanced mode; set multiTenancy.advanced (may be {})');
    });
  }
  return { tenants, advanced };
}

/** Log collection with stdout/stderr resolved (their defaults applied). */
export interface LogCollectionModel extends Omit<LogCollectionProps, 'stdout' | 'stderr'> {
  readonly stdout: StreamLogModel;
  readonly stderr: StreamLogModel;
}

function resolveLogCollection(path: string, value: unknown): LogCollectionModel {
  const l = checkProps<LogCollectionProps>(path, value, [
    'stdout', 'stderr', 'environmentVariables', 'enrichContainerLogs', 'collectAllKubeEvents', 'multiline', 'kubernetesMetadata', 'filterUsingAnnotations',
  ]);
  let multiline: MultilineProps | undefined;
  if (l.multiline !== undefined) {
    const mp = checkProps<MultilineProps>(`${path}.multiline`, l.multiline, ['enabled', 'languages']);
    multiline = {
      enabled: checkBoolean(`${path}.multiline.enabled`, mp.enabled),
      languages: checkStringListOpt(`${path}.multiline.languages`, mp.languages, (p, i) => checkEnum(p, i, ['go', 'java', 'python', 'dotnet'] as const)) as MultilineProps['languages'],
    };
    if (multiline.languages !== undefined && multiline.languages.length === 0) {
      throw new ValidationError(`${path}.multiline.languages`, [], 'expected at least one language, or leave it out for the agent default (go, java, python)');
    }
  }
  let kubernetesMetadata: KubernetesMetadataProps | undefined;
  if (l.kubernetesMetadata !== undefined) {
    const kp = checkProps<KubernetesMetadataProps>(`${path}.kubernetesMetadata`, l.kubernetesMetadata, ['enabled', 'includeFields']);
    kubernetesMetadata = {
      enabled: checkBoolean(`${path}.kubernetesMetadata.enabled`, kp.enabled),
      includeFields: checkStringListOpt(`${path}.kubernetesMetadata.includeFields`, kp.includeFields, (p, i) =>
        checkEnum(p, i, ['podLabels', 'podAnnotations', 'podUid', 'image', 'imageID', 'imageRepo', 'imageTag'] as const),
      ) as KubernetesMetadataProps['includeFields'],
    };
    if (kubernetesMetadata.includeFields !== undefined && kubernetesMetadata.includeFields.length === 0) {
      // The agent treats an empty list as "metadata disabled": say so instead of silently turning it off.
      throw new ValidationError(`${path}.kubernetesMetadata.includeFields`, [], 'expected at least one field (an empty list disables metadata collection in the agent); leave it out for all fields');
    }
  }
  return {
    stdout: resolveStreamLog(`${path}.stdout`, l.stdout ?? {}),
    stderr: resolveStreamLog(`${path}.stderr`, l.stderr ?? {}),
    environmentVariables: checkBoolOpt(`${path}.environmentVariables`, l.environmentVariables),
    enrichContainerLogs: checkBoolOpt(`${path}.enrichContainerLogs`, l.enrichContainerLogs),
    collectAllKubeEvents: checkBoolOpt(`${path}.collectAllKubeEvents`, l.collectAllKubeEvents),
    multiline,
    kubernetesMetadata,
    filterUsingAnnotations: checkBoolOpt(`${path}.filterUsingAnnotations`, l.filterUsingAnnotations),
  };
}

function resolvePrometheus(path: string, value: unknown): LogsAgentPrometheusProps {
  const p = checkProps<LogsAgentPrometheusProps>(path, value, ['cluster', 'node']);
  const duration = (q: string, v: unknown) =>
    v === undefined ? undefined : checkString(q, v, { pattern: GO_DURATION, patternText: 'a duration such as "30s", "1m" or "1m30s" (units ns, us, µs, ms, s, m, h)' });
  const url = (q: string, v: unknown) => checkString(q, v, { pattern: /^https?:\/\/\S+$/, patternText: 'an http(s) URL' });
  let cluster: ClusterPrometheusScrapeProps | undefined;
  if (p.cluster !== undefined) {
    const cp = `${path}.cluster`;
    const c = checkProps<ClusterPrometheusScrapeProps>(cp, p.cluster, [
      'interval', 'fieldPass', 'fieldDrop', 'urls', 'kubernetesServices', 'monitorKubernetesPods', 'monitorKubernetesPodsNamespaces', 'kubernetesLabelSelector', 'kubernetesFieldSelector',
    ]);
    cluster = {
      interval: duration(`${cp}.interval`, c.interval),
      fieldPass: checkStringListOpt(`${cp}.fieldPass`, c.fieldPass),
      fieldDrop: checkStringListOpt(`${cp}.fieldDrop`, c.fieldDrop),
      urls: checkStringListOpt(`${cp}.urls`, c.urls, url),
      kubernetesServices: checkStringListOpt(`${cp}.kubernetesServices`, c.kubernetesServices, url),
      monitorKubernetesPods: checkBoolOpt(`${cp}.monitorKubernetesPods`, c.monitorKubernetesPods),
      monitorKubernetesPodsNamespaces: checkStringListOpt(`${cp}.monitorKubernetesPodsNamespaces`, c.monitorKubernetesPodsNamespaces, checkNamespaceName),
      kubernetesLabelSelector: c.kubernetesLabelSelector === undefined ? undefined : checkString(`${cp}.kubernetesLabelSelector`, c.kubernetesLabelSelector),
      kubernetesFieldSelector: c.kubernetesFieldSelector === undefined ? undefined : checkString(`${cp}.kubernetesFieldSelector`, c.kubernetesFieldSelector),
    };
    if (!cluster.monitorKubernetesPods) {
      for (const k of ['monitorKubernetesPodsNamespaces', 'kubernetesLabelSelector', 'kubernetesFieldSelector'] as const) {
        if (cluster[k] !== undefined) throw new ValidationError(`${cp}.${k}`, cluster[k], 'only applies with monitorKubernetesPods: true; set it or remove this prop');
      }
    }
  }
  let node: NodePrometheusScrapeProps | undefined;
  if (p.node !== undefined) {
    const np = `${path}.node`;
    const n = checkProps<NodePrometheusScrapeProps>(np, p.node, ['interval', 'urls', 'fieldPass', 'fieldDrop']);
    node = {
      interval: duration(`${np}.interval`, n.interval),
      urls: checkStringListOpt(`${np}.urls`, n.urls, url),
      fieldPass: checkStringListOpt(`${np}.fieldPass`, n.fieldPass),
      fieldDrop: checkStringListOpt(`${np}.fieldDrop`, n.fieldDrop),
    };
  }
  return { cluster, node };
}

function resolveThresholds(path: string, value: unknown): AlertableMetricThresholds {
  const t = checkProps<AlertableMetricThresholds>(path, value, [
    'containerCpuPercentage', 'containerMemoryRssPercentage', 'containerMemoryWorkingSetPercentage', 'pvUsagePercentage', 'jobCompletionMinutes',
  ]);
  // Percentages: the metric is emitted when utilization >= threshold; 0 would emit always, >100 never.
  const pct = (k: keyof AlertableMetricThresholds) => (t[k] === undefined ? undefined : checkNumber(`${path}.${k}`, t[k], 0.01, 100));
  const cpu = pct('containerCpuPercentage');
  const rss = pct('containerMemoryRssPercentage');
  const workingSet = pct('containerMemoryWorkingSetPercentage');
  // The three container thresholds share one table, and a key missing from a present table becomes
  // 0.0 in the agent (`.to_f`): when one is set, the others get their defaults here.
  const anyContainer = cpu !== undefined || rss !== undefined || workingSet !== undefined;
  const d = THRESHOLD_DEFAULTS;
  return {
    containerCpuPercentage: anyContainer ? (cpu ?? d.containerCpuPercentage) : undefined,
    containerMemoryRssPercentage: anyContainer ? (rss ?? d.containerMemoryRssPercentage) : undefined,
    containerMemoryWorkingSetPercentage: anyContainer ? (workingSet ?? d.containerMemoryWorkingSetPercentage) : undefined,
    pvUsagePercentage: pct('pvUsagePercentage'),
    jobCompletionMinutes: t.jobCompletionMinutes === undefined ? undefined : checkInt(`${path}.jobCompletionMinutes`, t.jobCompletionMinutes, 1),
  };
}

/** The agent's threshold defaults (DP:source/plugins/ruby/constants.rb L76-80). */
export const THRESHOLD_DEFAULTS = {
  containerCpuPercentage: 95,
  containerMemoryRssPercentage: 95,
  containerMemoryWorkingSetPercentage: 95,
  pvUsagePercentage: 60,
  jobCompletionMinutes: 360,
} as const;

function resolveIntegrations(path: string, value: unknown): IntegrationsProps {
  const i = checkProps<IntegrationsProps>(path, value, ['networkPolicyManager', 'subnetIpUsage']);
  let npm: IntegrationsProps['networkPolicyManager'];
  if (i.networkPolicyManager !== undefined) {
    const n = checkProps<{ basicMetrics?: boolean; advancedMetrics?: boolean }>(`${path}.networkPolicyManager`, i.networkPolicyManager, ['basicMetrics', 'advancedMetrics']);
    // Both keys are written when the table is present; a missing one is false, the agent's default.
    npm = {
      basicMetrics: checkBoolOpt(`${path}.networkPolicyManager.basicMetrics`, n.basicMetrics) ?? false,
      advancedMetrics: checkBoolOpt(`${path}.networkPolicyManager.advancedMetrics`, n.advancedMetrics) ?? false,
    };
  }
  return { networkPolicyManager: npm, subnetIpUsage: checkBoolOpt(`${path}.subnetIpUsage`, i.subnetIpUsage) };
}

function resolveAgentSettings(path: string, value: unknown): AgentSettingsProps {
  const a = checkProps<AgentSettingsProps>(path, value, [
    'customMetrics', 'disableTelemetry', 'kubeMetadataCacheTtlSeconds', 'fluentBit', 'chunk', 'mdsd', 'prometheusFluentBit',
    'nodePrometheusFluentBit', 'clusterPrometheusFluentBit', 'ignoreProxySettings', 'networkListenerWaitTime',
  ]);
  const intOpt = (p: string, v: unknown, min: number, max?: number) => (v === undefined ? undefined : checkInt(p, v, min, max));

  let fluentBit: FluentBitProps | undefined;
  if (a.fluentBit !== undefined) {
    const fp = `${path}.fluentBit`;
    const f = checkProps<FluentBitProps>(fp, a.fluentBit, [
      'logFlushIntervalSeconds', 'tailMemBufLimitMegabytes', 'tailBufChunkSizeMegabytes', 'tailBufMaxSizeMegabytes', 'tailIgnoreOlder',
      'enableInternalMetrics', 'storageMaxChunksUp', 'storageType', 'enableThreading',
    ]);
    if (f.tailMemBufLimitMegabytes !== undefined && typeof f.tailMemBufLimitMegabytes === 'number' && f.tailMemBufLimitMegabytes <= 10) {
      throw new ValidationError(`${fp}.tailMemBufLimitMegabytes`, f.tailMemBufLimitMegabytes, 'expected an integer greater than 10 (the agent ignores values of 10 or less and keeps 10)');
    }
    fluentBit = {
      logFlushIntervalSeconds: intOpt(`${fp}.logFlushIntervalSeconds`, f.logFlushIntervalSeconds, 1),
      tailMemBufLimitMegabytes: intOpt(`${fp}.tailMemBufLimitMegabytes`, f.tailMemBufLimitMegabytes, 11),
      tailBufChunkSizeMegabytes: intOpt(`${fp}.tailBufChunkSizeMegabytes`, f.tailBufChunkSizeMegabytes, 1),
      tailBufMaxSizeMegabytes: intOpt(`${fp}.tailBufMaxSizeMegabytes`, f.tailBufMaxSizeMegabytes, 1),
      tailIgnoreOlder:
        f.tailIgnoreOlder === undefined
          ? undefined
          : checkString(`${fp}.tailIgnoreOlder`, f.tailIgnoreOlder, { pattern: /^[0-9]+[mhd]$/, patternText: 'a duration "<n>m", "<n>h" or "<n>d"' }),
      enableInternalMetrics: checkBoolOpt(`${fp}.enableInternalMetrics`, f.enableInternalMetrics),
      storageMaxChunksUp: intOpt(`${fp}.storageMaxChunksUp`, f.storageMaxChunksUp, 1),
      storageType: f.storageType === undefined ? undefined : checkEnum(`${fp}.storageType`, f.storageType, ['memory', 'filesystem'] as const),
      enableThreading: checkBoolOpt(`${fp}.enableThreading`, f.enableThreading),
    };
    const chunk = fluentBit.tailBufChunkSizeMegabytes ?? 1; // env default FBIT_TAIL_BUFFER_CHUNK_SIZE=1
    if (fluentBit.tailBufMaxSizeMegabytes !== undefined && fluentBit.tailBufMaxSizeMegabytes < chunk) {
      throw new ValidationError(`${fp}.tailBufMaxSizeMegabytes`, fluentBit.tailBufMaxSizeMegabytes, `expected at least tailBufChunkSizeMegabytes (${chunk}); the agent would silently raise it`);
    }
  }

  let chunk: ChunkProps | undefined;
  if (a.chunk !== undefined) {
    const cp = `${path}.chunk`;
    const c = checkProps<ChunkProps>(cp, a.chunk, [
      'nodesChunkSize', 'podsChunkSize', 'eventsChunkSize', 'deploymentsChunkSize', 'hpaChunkSize', 'podsEmitStreamBatchSize', 'nodesEmitStreamBatchSize',
    ]);
    // Ranges from tomlparser-agent-config.rb; out-of-range values are silently ignored by the agent, so we reject them.
    const nodes = intOpt(`${cp}.nodesChunkSize`, c.nodesChunkSize, 100, 400);
    const pods = intOpt(`${cp}.podsChunkSize`, c.podsChunkSize, 10, 1500);
    if (c.podsEmitStreamBatchSize !== undefined && pods !== undefined && pods < 50) {
      throw new ValidationError(`${cp}.podsEmitStreamBatchSize`, c.podsEmitStreamBatchSize, `expected no batch size: it must be from 50 to podsChunkSize, and podsChunkSize is ${pods}; raise podsChunkSize to 50 or more`);
    }
    chunk = {
      nodesChunkSize: nodes,
      podsChunkSize: pods,
      eventsChunkSize: intOpt(`${cp}.eventsChunkSize`, c.eventsChunkSize, 2000, 10000),
      deploymentsChunkSize: intOpt(`${cp}.deploymentsChunkSize`, c.deploymentsChunkSize, 500, 1000),
      hpaChunkSize: intOpt(`${cp}.hpaChunkSize`, c.hpaChunkSize, 500, 2000),
      podsEmitStreamBatchSize: intOpt(`${cp}.podsEmitStreamBatchSize`, c.podsEmitStreamBatchSize, 50, pods ?? 1000),
      nodesEmitStreamBatchSize: intOpt(`${cp}.nodesEmitStreamBatchSize`, c.nodesEmitStreamBatchSize, 50, nodes ?? 250),
    };
  }

  let mdsd: MdsdProps | undefined;
  if (a.mdsd !== undefined) {
    const mp = `${path}.mdsd`;
    const m = checkProps<MdsdProps>(mp, a.mdsd, [
      'monitoringMaxEventRate', 'uploadMaxSizeMegabytes', 'uploadFrequencySeconds', 'compressionLevel', 'backpressureMemoryThresholdMegabytes',
    ]);
    mdsd = {
      monitoringMaxEventRate: intOpt(`${mp}.monitoringMaxEventRate`, m.monitoringMaxEventRate, 1),
      uploadMaxSizeMegabytes: intOpt(`${mp}.uploadMaxSizeMegabytes`, m.uploadMaxSizeMegabytes, 1),
      uploadFrequencySeconds: intOpt(`${mp}.uploadFrequencySeconds`, m.uploadFrequencySeconds, 1),
      compressionLevel: intOpt(`${mp}.compressionLevel`, m.compressionLevel, 0, 9),
      // "100 < v < container limit": the limit depends on the deployment, so we check the lower bound only.
      backpressureMemoryThresholdMegabytes: intOpt(`${mp}.backpressureMemoryThresholdMegabytes`, m.backpressureMemoryThresholdMegabytes, 101),
    };
  }

  const promFbit = (key: 'prometheusFluentBit' | 'nodePrometheusFluentBit' | 'clusterPrometheusFluentBit'): PrometheusFluentBitProps | undefined => {
    if (a[key] === undefined) return undefined;
    const pp = `${path}.${key}`;
    const p = checkProps<PrometheusFluentBitProps>(pp, a[key], ['tcpListenerChunkSize', 'tcpListenerBufferSize', 'tcpListenerMemBufLimit']);
    const r = {
      tcpListenerChunkSize: intOpt(`${pp}.tcpListenerChunkSize`, p.tcpListenerChunkSize, 1),
      tcpListenerBufferSize: intOpt(`${pp}.tcpListenerBufferSize`, p.tcpListenerBufferSize, 1),
      tcpListenerMemBufLimit: intOpt(`${pp}.tcpListenerMemBufLimit`, p.tcpListenerMemBufLimit, 1),
    };
    if (r.tcpListenerChunkSize !== undefined && r.tcpListenerBufferSize !== undefined && r.tcpListenerBufferSize < r.tcpListenerChunkSize) {
      throw new ValidationError(`${pp}.tcpListenerBufferSize`, r.tcpListenerBufferSize, `expected at least tcpListenerChunkSize (${r.tcpListenerChunkSize}); the agent would silently raise it`);
    }
    return r;
  };

  let networkListenerWaitTime: NetworkListenerWaitTimeProps | undefined;
  if (a.networkListenerWaitTime !== undefined) {
    const np = `${path}.networkListenerWaitTime`;
    const n = checkProps<NetworkListenerWaitTimeProps>(np, a.networkListenerWaitTime, Object.keys(LISTENER_DEFAULTS));
    const out: Record<string, number | undefined> = {};
    for (const [k, def] of Object.entries(LISTENER_DEFAULTS)) {
      // The agent accepts [default / 2 (integer division), 3 x default] and ignores anything else.
      out[k] = intOpt(`${np}.${k}`, (n as Record<string, unknown>)[k], Math.floor(def / 2), def * 3);
    }
    networkListenerWaitTime = out as NetworkListenerWaitTimeProps;
  }

  return {
    customMetrics: checkBoolOpt(`${path}.customMetrics`, a.customMetrics),
    disableTelemetry: checkBoolOpt(`${path}.disableTelemetry`, a.disableTelemetry),
    kubeMetadataCacheTtlSeconds: intOpt(`${path}.kubeMetadataCacheTtlSeconds`, a.kubeMetadataCacheTtlSeconds, 0),
    fluentBit,
    chunk,
    mdsd,
    prometheusFluentBit: promFbit('prometheusFluentBit'),
    nodePrometheusFluentBit: promFbit('nodePrometheusFluentBit'),
    clusterPrometheusFluentBit: promFbit('clusterPrometheusFluentBit'),
    ignoreProxySettings: checkBoolOpt(`${path}.ignoreProxySettings`, a.ignoreProxySettings),
    networkListenerWaitTime,
  };
}

/** Defaults of `[agent_settings.network_listener_waittime]` (NOTES-container-insights §2.3). */
export const LISTENER_DEFAULTS: Record<keyof NetworkListenerWaitTimeProps, number> = {
  tcpPort25226: 45,
  tcpPort25228: 120,
  tcpPort25229: 45,
  tcpPort13000: 45,
  tcpPort12563: 45,
};

/** The rule's data collection: preset defaults, then explicit props (NOTES-container-insights §3.2, §3.3). */
function resolveDataCollection(path: string, value: unknown, containerLogV2: boolean, highLogScale: { on: boolean; path: string }) {
  const dc = value === undefined ? {} : checkProps<DataCollectionProps>(path, value, ['preset', 'collect', 'streams', 'interval', 'namespaceFilteringMode', 'namespaces']);
  const presetName = dc.preset === undefined ? 'logs-and-events' : checkEnum(`${path}.preset`, dc.preset, Object.keys(PRESETS) as DataCollectionPreset[]);
  const preset = PRESETS[presetName];
  if (dc.collect !== undefined && dc.streams !== undefined) {
    throw new ValidationError(`${path}.streams`, dc.streams, 'expected either collect (groups) or streams (names), not both');
  }
  let chosen: ContainerInsightsStream[];
  if (dc.streams !== undefined) {
    chosen = checkStringList(`${path}.streams`, dc.streams, (q, v) => checkEnum(q, v, CONTAINER_INSIGHTS_STREAMS), { minItems: 1 }) as ContainerInsightsStream[];
    const v1 = chosen.includes('Microsoft-ContainerLog');
    const v2 = chosen.includes('Microsoft-ContainerLogV2');
    if (containerLogV2 && v1) {
      throw new ValidationError(`${path}.streams`, dc.streams, 'Microsoft-ContainerLog (v1) is not collected while containerLogV2 is true; use Microsoft-ContainerLogV2 or set containerLogV2: false');
    }
    if (!containerLogV2 && v2) {
      throw new ValidationError(`${path}.streams`, dc.streams, 'Microsoft-ContainerLogV2 needs containerLogV2: true; use Microsoft-ContainerLog or set containerLogV2: true');
    }
  } else {
    const groups = dc.collect === undefined
      ? preset.groups
      : (checkStringList(`${path}.collect`, dc.collect, (q, v) => checkEnum(q, v, ['all', 'performance', 'logs-and-events', 'workloads', 'persistent-volumes'] as const), { minItems: 1 }) as StreamGroup[]);
    const set = new Set<ContainerInsightsStream>();
    for (const g of groups) for (const s of g === 'all' ? ALL_STREAMS : GROUP_STREAMS[g]) set.add(s);
    // The agent writes container logs with one schema: keep the stream that matches it.
    if (set.has('Microsoft-ContainerLogV2') || set.has('Microsoft-ContainerLog')) {
      set.delete('Microsoft-ContainerLogV2');
      set.delete('Microsoft-ContainerLog');
      set.add(containerLogV2 ? 'Microsoft-ContainerLogV2' : 'Microsoft-ContainerLog');
    }
    chosen = [...set];
  }
  chosen.sort((a, b) => STREAM_ORDER.get(a)! - STREAM_ORDER.get(b)!);
  const collectsContainerLogs = chosen.includes('Microsoft-ContainerLogV2') || chosen.includes('Microsoft-ContainerLog');
  if (highLogScale.on && !collectsContainerLogs) {
    throw new ValidationError(highLogScale.path, true, 'high log scale mode applies to container logs, but the chosen streams collect none; add the logs-and-events group or Microsoft-ContainerLogV2');
  }
  // High log scale replaces ContainerLogV2 by its -HighScale twin (never both: duplicates, NOTES §3.1).
  const streams: string[] = chosen.map((s) => (highLogScale.on && s === 'Microsoft-ContainerLogV2' ? 'Microsoft-ContainerLogV2-HighScale' : s));

  const interval = dc.interval === undefined ? preset.interval : checkInterval(`${path}.interval`, dc.interval);
  const namespaceFilteringMode = dc.namespaceFilteringMode === undefined
    ? preset.namespaceFilteringMode
    : checkEnum(`${path}.namespaceFilteringMode`, dc.namespaceFilteringMode, ['Off', 'Include', 'Exclude'] as const);
  let namespaces: string[] | undefined;
  if (dc.namespaces !== undefined) {
    namespaces = checkStringList(`${path}.namespaces`, dc.namespaces, checkNamespaceName, { minItems: 1, caseInsensitiveUnique: true });
    if (namespaceFilteringMode === 'Off') {
      throw new ValidationError(`${path}.namespaces`, dc.namespaces, 'namespaces only apply with namespaceFilteringMode "Include" or "Exclude"');
    }
  } else if (namespaceFilteringMode !== 'Off') {
    namespaces = namespaceFilteringMode === preset.namespaceFilteringMode ? preset.namespaces : undefined;
    if (namespaces === undefined) {
      throw new ValidationError(`${path}.namespaces`, undefined, `expected the namespaces to ${namespaceFilteringMode === 'Include' ? 'include' : 'exclude'} with namespaceFilteringMode "${namespaceFilteringMode}"`);
    }
  }

  return { preset, streams, interval, namespaceFilteringMode, namespaces };
}

/** Syslog: `true`, false/undefined (off), or facilities and levels (default: all). */
function resolveSyslog(path: string, value: unknown): ContainerInsightsModel['syslog'] {
  if (value === true || (typeof value === 'object' && value !== null)) {
    const s = value === true ? {} : checkProps<SyslogProps>(path, value, ['facilities', 'logLevels']);
    return {
      facilities: s.facilities === undefined ? [...SYSLOG_FACILITIES] : (checkStringList(`${path}.facilities`, s.facilities, (q, v) => checkEnum(q, v, SYSLOG_FACILITIES), { minItems: 1 }) as SyslogFacility[]),
      logLevels: s.logLevels === undefined ? [...SYSLOG_LEVELS] : (checkStringList(`${path}.logLevels`, s.logLevels, (q, v) => checkEnum(q, v, SYSLOG_LEVELS), { minItems: 1 }) as SyslogLevel[]),
    };
  } else if (value !== false) {
    throw new ValidationError(path, value, 'expected true, false or { facilities?, logLevels? }');
  }
  return undefined;
}

/**
 * A ConfigMap setting whose data flows through a stream the rule does not collect is silently lost
 * (with only the logs-and-events streams the agent even skips metric collection, NOTES §3.3).
 */
function checkStreamRequirements(
  path: string,
  streams: string[],
  settings: Pick<ContainerInsightsModel, 'prometheus' | 'integrations' | 'collectKubeSystemPvMetrics' | 'logCollection'>,
): void {
  const { prometheus, integrations, collectKubeSystemPvMetrics, logCollection } = settings;
  const requirements: Array<[string, boolean, string, string]> = [
    ['prometheus', prometheus !== undefined, 'Microsoft-InsightsMetrics', 'Prometheus metrics scraped by the logs agent'],
    [
      'integrations',
      Boolean(
        integrations?.networkPolicyManager?.basicMetrics || integrations?.networkPolicyManager?.advancedMetrics || integrations?.subnetIpUsage,
      ),
      'Microsoft-InsightsMetrics',
      'Network policy manager and subnet IP usage metrics',
    ],
    ['collectKubeSystemPvMetrics', collectKubeSystemPvMetrics === true, 'Microsoft-InsightsMetrics', 'Persistent volume metrics'],
    ['logCollection.collectAllKubeEvents', logCollection.collectAllKubeEvents === true, 'Microsoft-KubeEvents', 'Kube events'],
    ['logCollection.environmentVariables', logCollection.environmentVariables === true, 'Microsoft-ContainerInventory', 'Container environment variables'],
  ];
  for (const [prop, isSet, stream, what] of requirements) {
    if (isSet && !streams.includes(stream)) {
      throw new ValidationError(
        `${path}.${prop}`,
        prop === 'prometheus' || prop === 'integrations' ? '(set)' : true,
        `${what} go to stream ${stream}, which the data collection rule does not collect (with the logs-and-events streams only, the agent skips metric collection entirely)`,
        'Add the stream (e.g. dataCollection.collect with "performance" or "workloads", or preset "standard"), or remove this setting.',
      );
    }
  }
}

export const CONTAINER_INSIGHTS_PROPS_KEYS = [
  'logAnalyticsWorkspace', 'authentication', 'containerLogV2', 'highLogScale', 'windowsNodeLogs', 'dataCollection', 'syslog', 'logCollection',
  'multiTenancy', 'prometheus', 'collectKubeSystemPvMetrics', 'alertableMetricThresholds', 'integrations', 'agentSettings', 'configVersion', 'tags',
] as const;

/** Validates Container Insights props for a cluster and computes everything the renderers need. */
export function resolveContainerInsights(
  path: string,
  props: unknown,
  cluster: ClusterModel,
  network: ContainerInsightsNetworkInput = {},
): ContainerInsightsModel {
  const p = checkProps<ContainerInsightsProps>(path, props, CONTAINER_INSIGHTS_PROPS_KEYS);
  if (p.logAnalyticsWorkspace === undefined) {
    throw new ValidationError(`${path}.logAnalyticsWorkspace`, undefined, 'expected the Log Analytics workspace that receives the data ({ resourceId, region })');
  }
  const authentication = p.authentication === undefined ? 'managed-identity' : checkEnum(`${path}.authentication`, p.authentication, ['managed-identity', 'workspace-key'] as const);
  const workspace = resolveWorkspace(`${path}.logAnalyticsWorkspace`, p.logAnalyticsWorkspace, authentication === 'workspace-key' ? cluster.region : undefined, cluster);
  const containerLogV2 = p.containerLogV2 === undefined ? true : checkBoolean(`${path}.containerLogV2`, p.containerLogV2);
  const highLogScale = p.highLogScale === undefined ? false : checkBoolean(`${path}.highLogScale`, p.highLogScale);
  const windowsNodeLogs = p.windowsNodeLogs === undefined ? cluster.windowsNodes : checkBoolean(`${path}.windowsNodeLogs`, p.windowsNodeLogs);

  // --- cross-checks that need only the flags ---
  if (!windowsNodeLogs && cluster.windowsNodes && cluster.profile.windowsLogsWithManagedIdentity && p.windowsNodeLogs === false) {
    // The add-on always runs ama-logs-windows where it can: "false" would be a silent no-op.
    throw new ValidationError(
      `${path}.windowsNodeLogs`,
      false,
      `${cluster.profile.displayName} always collects Windows node logs when the cluster has Windows nodes; remove this prop (exclude namespaces with logCollection instead)`,
    );
  }
  if (windowsNodeLogs && !cluster.windowsNodes) {
    throw new ValidationError(`${path}.windowsNodeLogs`, true, 'the cluster has no Windows nodes (cluster.nodes.windows); set cluster.nodes.windows: true or leave this out');
  }
  if (windowsNodeLogs && authentication === 'managed-identity' && !cluster.profile.windowsLogsWithManagedIdentity) {
    throw new ValidationError(
      `${path}.windowsNodeLogs`,
      true,
      `${cluster.profile.displayName} collects Windows node logs only with authentication: "workspace-key" (legacy)`,
      'Set windowsNodeLogs: false to monitor the Linux nodes with managed identity, or choose authentication: "workspace-key".',
    );
  }
  if (highLogScale && authentication !== 'managed-identity') {
    throw new ValidationError(`${path}.highLogScale`, true, 'high log scale mode needs authentication: "managed-identity" (the agent only turns it on with managed identity)');
  }
  if (highLogScale && !containerLogV2) {
    throw new ValidationError(`${path}.highLogScale`, true, 'high log scale mode needs containerLogV2: true (it uses the Microsoft-ContainerLogV2-HighScale stream)');
  }

  const { preset, streams, interval, namespaceFilteringMode, namespaces } = resolveDataCollection(`${path}.dataCollection`, p.dataCollection, containerLogV2, {
    on: highLogScale,
    path: `${path}.highLogScale`,
  });
  const syslog = resolveSyslog(`${path}.syslog`, p.syslog === undefined ? preset.syslog : p.syslog);

  if (authentication === 'workspace-key') {
    // In legacy mode the agent reads no data collection rule: DCR-only settings would be silently ignored.
    if (p.dataCollection !== undefined) {
      throw new ValidationError(`${path}.dataCollection`, p.dataCollection, 'data collection settings live in the data collection rule, which the agent ignores with authentication: "workspace-key"; remove them or use managed identity');
    }
    if (syslog) {
      throw new ValidationError(`${path}.syslog`, p.syslog, 'Syslog is collected through the data collection rule, which the agent ignores with authentication: "workspace-key"; remove it or use managed identity');
    }
  }

  // --- ConfigMap sections ---
  const logCollection = resolveLogCollection(`${path}.logCollection`, p.logCollection ?? {});
  if (logCollection.multiline?.enabled && !containerLogV2) {
    throw new ValidationError(`${path}.logCollection.multiline.enabled`, true, 'multiline logs need the ContainerLogV2 schema; set containerLogV2: true');
  }
  if (logCollection.kubernetesMetadata?.enabled && !containerLogV2) {
    throw new ValidationError(`${path}.logCollection.kubernetesMetadata.enabled`, true, 'Kubernetes metadata is a ContainerLogV2 column; set containerLogV2: true');
  }
  if (logCollection.enrichContainerLogs && containerLogV2) {
    throw new ValidationError(`${path}.logCollection.enrichContainerLogs`, true, 'enrichment only applies to the ContainerLog (v1) schema, and ContainerLogV2 already has container name and image; remove it or set containerLogV2: false');
  }

  let multiTenancy: ContainerInsightsModel['multiTenancy'];
  if (p.multiTenancy !== undefined) {
    multiTenancy = resolveMultiTenancy(`${path}.multiTenancy`, p.multiTenancy, {
      stdout: logCollection.stdout.excludeNamespaces ?? [],
      stderr: logCollection.stderr.excludeNamespaces ?? [],
    });
    if (!highLogScale) {
      throw new ValidationError(`${path}.multiTenancy`, '(tenants)', 'multi-tenant logging needs high log scale mode; set highLogScale: true');
    }
    if (!cluster.profile.multiTenantLogs) {
      throw new ValidationError(`${path}.multiTenancy`, '(tenants)', `multi-tenant logging is an AKS feature; ${cluster.profile.displayName} does not support it`);
    }
  }

  const prometheus = p.prometheus === undefined ? undefined : resolvePrometheus(`${path}.prometheus`, p.prometheus);
  const collectKubeSystemPvMetrics = checkBoolOpt(`${path}.collectKubeSystemPvMetrics`, p.collectKubeSystemPvMetrics);
  const integrations = p.integrations === undefined ? undefined : resolveIntegrations(`${path}.integrations`, p.integrations);
  if (authentication === 'managed-identity') {
    checkStreamRequirements(path, streams, { prometheus, integrations, collectKubeSystemPvMetrics, logCollection });
  }

  let agentSettings = p.agentSettings === undefined ? {} : resolveAgentSettings(`${path}.agentSettings`, p.agentSettings);
  let dcrStreams = streams;
  if (network.flowLogs) {
    const asker = network.flowLogs.path;
    // The agent sends flow logs only with managed identity through the rule's stream, and only through
    // high log scale mode's ingestion endpoint: the product creates the DCE for network logs (DP-BICEP)
    // and the notes list high log scale + DCE as the ingestion path (NOTES-network-observability §3.1).
    if (authentication !== 'managed-identity') {
      throw new ValidationError(`${path}.authentication`, authentication, `expected "managed-identity": container network logs (${asker}) are collected through the data collection rule`);
    }
    if (!highLogScale) {
      throw new ValidationError(
        `${path}.highLogScale`,
        p.highLogScale,
        `expected true: container network logs (${asker}) are ingested through high log scale mode and its data collection endpoint`,
      );
    }
    dcrStreams = [...streams, CONTAINER_NETWORK_LOGS_STREAM];
  }
  if (network.internalMetricsFor !== undefined) {
    // The loss alert reads fluent-bit's own counters, which exist only with internal metrics on
    // (NOTES-network-observability §3.4); an explicit "off" would leave the alert without data.
    if (agentSettings.fluentBit?.enableInternalMetrics === false) {
      throw new ValidationError(
        `${path}.agentSettings.fluentBit.enableInternalMetrics`,
        false,
        `expected true or nothing: the flow-log loss alert (${network.internalMetricsFor}) needs fluent-bit's internal metrics`,
      );
    }
    agentSettings = { ...agentSettings, fluentBit: { ...agentSettings.fluentBit, enableInternalMetrics: true } };
  }

  const configVersion = p.configVersion === undefined ? undefined : checkString(`${path}.configVersion`, p.configVersion, {
    maxLength: 10,
    pattern: /^\S+$/,
    patternText: 'a version without whitespace (the agent strips whitespace and keeps 10 characters)',
  });

  const tags = checkTags(`${path}.tags`, p.tags);

  return {
    workspace,
    authentication,
    containerLogV2,
    highLogScale,
    windowsNodeLogs,
    interval,
    namespaceFilteringMode,
    namespaces,
    streams: dcrStreams,
    syslog,
    logCollection,
    multiTenancy,
    prometheus,
    collectKubeSystemPvMetrics,
    alertableMetricThresholds: p.alertableMetricThresholds === undefined ? undefined : resolveThresholds(`${path}.alertableMetricThresholds`, p.alertableMetricThresholds),
    integrations,
    agentSettings,
    ...(network.flowLogs ? { networkFlowLogs: network.flowLogs.throttling } : {}),
    configVersion,
    tags,
  };
}
