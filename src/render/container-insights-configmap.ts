import { COMMON_LABELS, KubeObject } from './kube';
import { TomlTable, TomlValue, flag, int, table, toToml } from './toml';
import {
  ContainerInsightsModel,
  FlowLogThrottlingModel,
  LISTENER_DEFAULTS,
  PrometheusFluentBitProps,
  StreamLogModel,
  TenantPipelineSettings,
} from '../model/container-insights';

/** Fixed by the agent: it mounts exactly this ConfigMap (NOTES-container-insights §2.1). */
export const AGENT_CONFIGMAP_NAME = 'container-azm-ms-agentconfig';
export const AGENT_CONFIGMAP_NAMESPACE = 'kube-system';

/**
 * Renders `kube-system/container-azm-ms-agentconfig`.
 *
 * Rules (NOTES-container-insights §2):
 * - `schema-version: v1` is always written: without it the agent ignores every setting.
 * - A key the user did not set is left out, so the agent's default holds; a data key with no
 *   setting is left out entirely.
 * - Where the agent turns a missing key of a *present* table into something other than its default,
 *   we write the default explicitly: `exclude_namespaces` of stdout/stderr (missing means "exclude
 *   nothing" once the table exists), and the alertable-metric thresholds (missing becomes 0.0).
 * - Types as each parser wants them: real booleans for `log_collection_settings.*.enabled` (a string
 *   "false" is truthy in Ruby); strings "true"/"false" for the agent_settings flags compared with
 *   `.downcase`; TOML integers for sizes and counts; TOML floats for thresholds.
 */
export function renderAgentConfigMap(ci: ContainerInsightsModel): KubeObject {
  const data: Record<string, string> = { 'schema-version': 'v1' };
  if (ci.configVersion !== undefined) data['config-version'] = ci.configVersion;

  const sections: Array<[string, TomlTable | undefined]> = [
    ['log-data-collection-settings', logCollectionSettings(ci)],
    ['prometheus-data-collection-settings', prometheusSettings(ci)],
    // The one key with underscores among hyphenated siblings (NOTES §5.2).
    ['metric_collection_settings', metricCollectionSettings(ci)],
    ['alertable-metrics-configuration-settings', alertableMetrics(ci)],
    ['integrations', integrations(ci)],
    ['agent-settings', agentSettings(ci)],
  ];
  for (const [key, doc] of sections) {
    const text = toToml(doc);
    if (text !== undefined) data[key] = text;
  }

  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: AGENT_CONFIGMAP_NAME, namespace: AGENT_CONFIGMAP_NAMESPACE, labels: { ...COMMON_LABELS } },
    data,
  };
}

function streamTable(s: StreamLogModel): TomlTable | undefined {
  return table({ enabled: s.enabled, exclude_namespaces: s.excludeNamespaces, collect_system_pod_logs: s.collectSystemPodLogs });
}

function enabledTable(v: boolean | undefined): TomlTable | undefined {
  return v === undefined ? undefined : { enabled: v };
}

function pipelineEntries(p: TenantPipelineSettings): Record<string, TomlValue | undefined> {
  // Every multi-tenancy pipeline setting is written as a string: the log-settings parser
  // (tomlparser.rb, 3.1.24) substitutes them into the tenant's fluent-bit config as text and its own
  // defaults are strings ("1000", "300", ...); a TOML integer there raises inside the parser and no
  // tenant config is generated. The Go port declares these fields as strings too.
  const str = (v: number | boolean | string | undefined) => (v === undefined ? undefined : String(v));
  return {
    storage_type: p.storageType,
    mem_buf_limit: p.memBufLimit,
    buffer_chunk_size: p.bufferChunkSize,
    buffer_max_size: p.bufferMaxSize,
    throttle_rate: str(p.throttleRate),
    throttle_window: str(p.throttleWindow),
    throttle_interval: p.throttleInterval,
    out_forward_worker_count: str(p.outForwardWorkerCount),
    out_forward_retry_limit: str(p.outForwardRetryLimit),
    out_forward_storage_total_limit_size: p.outForwardStorageTotalLimitSize,
    out_forward_require_ack_response: str(p.outForwardRequireAckResponse),
    disable_throttle: str(p.disableThrottle),
  };
}

/** `namespace_settings` entries: `"ns:key=val;key=val"` (NOTES §2.2). */
function namespaceSettings(ci: ContainerInsightsModel): string[] | undefined {
  const out: string[] = [];
  for (const t of ci.multiTenancy?.tenants ?? []) {
    if (!t.pipeline) continue;
    const kv = Object.entries(pipelineEntries(t.pipeline))
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${String(v)}`);
    if (kv.length === 0) continue;
    for (const ns of t.namespaces) out.push(`${ns}:${kv.join(';')}`);
  }
  return out.length ? out : undefined;
}

function logCollectionSettings(ci: ContainerInsightsModel): TomlTable | undefined {
  const l = ci.logCollection;
  const mt = ci.multiTenancy;
  const settings = table({
    stdout: streamTable(l.stdout),
    stderr: streamTable(l.stderr),
    env_var: enabledTable(l.environmentVariables),
    enrich_container_logs: enabledTable(l.enrichContainerLogs),
    collect_all_kube_events: enabledTable(l.collectAllKubeEvents),
    // "v2" forces ContainerLogV2 even where the DCR is not read (legacy auth), as the shipped template does.
    schema: ci.containerLogV2 ? { containerlog_schema_version: 'v2' } : undefined,
    enable_multiline_logs:
      l.multiline === undefined
        ? undefined
        : table({
          // A real boolean, like every `log_collection_settings.*.enabled`: the Ruby parser accepts a
          // boolean or a string, the Go port only a boolean (the template's commented example is a string).
          enabled: l.multiline.enabled,
          stacktrace_languages: l.multiline.languages,
        }),
    metadata_collection:
      l.kubernetesMetadata === undefined
        ? undefined
        : table({ enabled: l.kubernetesMetadata.enabled, include_fields: l.kubernetesMetadata.includeFields }),
    filter_using_annotations: enabledTable(l.filterUsingAnnotations),
    multi_tenancy:
      mt === undefined
        ? undefined
        : table({
          enabled: true,
          ...(mt.advanced === undefined
            ? {}
            : {
              advanced_mode_enabled: true,
              namespaces: mt.tenants.flatMap((t) => t.namespaces),
              ...pipelineEntries(mt.advanced),
              storage_max_chunks_up: mt.advanced.storageMaxChunksUp === undefined ? undefined : int(mt.advanced.storageMaxChunksUp),
              service_buffer_chunk_size: mt.advanced.serviceBufferChunkSize,
              service_buffer_max_size: mt.advanced.serviceBufferMaxSize,
              namespace_settings: namespaceSettings(ci),
            }),
        }),
  });
  return settings === undefined ? undefined : { log_collection_settings: settings };
}

function prometheusSettings(ci: ContainerInsightsModel): TomlTable | undefined {
  const p = ci.prometheus;
  if (!p) return undefined;
  const cluster = p.cluster === undefined ? undefined : table({
    interval: p.cluster.interval,
    fieldpass: p.cluster.fieldPass,
    fielddrop: p.cluster.fieldDrop,
    urls: p.cluster.urls,
    kubernetes_services: p.cluster.kubernetesServices,
    monitor_kubernetes_pods: p.cluster.monitorKubernetesPods,
    monitor_kubernetes_pods_namespaces: p.cluster.monitorKubernetesPodsNamespaces,
    kubernetes_label_selector: p.cluster.kubernetesLabelSelector,
    kubernetes_field_selector: p.cluster.kubernetesFieldSelector,
  });
  const node = p.node === undefined ? undefined : table({
    interval: p.node.interval,
    urls: p.node.urls,
    fieldpass: p.node.fieldPass,
    fielddrop: p.node.fieldDrop,
  });
  const s = table({ cluster, node });
  return s === undefined ? undefined : { prometheus_data_collection_settings: s };
}

function metricCollectionSettings(ci: ContainerInsightsModel): TomlTable | undefined {
  if (ci.collectKubeSystemPvMetrics === undefined) return undefined;
  return { metric_collection_settings: { collect_kube_system_pv_metrics: { enabled: ci.collectKubeSystemPvMetrics } } };
}

function alertableMetrics(ci: ContainerInsightsModel): TomlTable | undefined {
  const t = ci.alertableMetricThresholds;
  if (!t) return undefined;
  // The model fills all three container thresholds when one is set (see resolveThresholds).
  const container = table({
    container_cpu_threshold_percentage: t.containerCpuPercentage,
    container_memory_rss_threshold_percentage: t.containerMemoryRssPercentage,
    container_memory_working_set_threshold_percentage: t.containerMemoryWorkingSetPercentage,
  });
  const s = table({
    container_resource_utilization_thresholds: container,
    pv_utilization_thresholds: t.pvUsagePercentage === undefined ? undefined : { pv_usage_threshold_percentage: t.pvUsagePercentage },
    job_completion_threshold:
      t.jobCompletionMinutes === undefined ? undefined : { job_completion_threshold_time_minutes: int(t.jobCompletionMinutes) },
  });
  return s === undefined ? undefined : { alertable_metrics_configuration_settings: s };
}

function integrations(ci: ContainerInsightsModel): TomlTable | undefined {
  const i = ci.integrations;
  if (!i) return undefined;
  const npm = i.networkPolicyManager;
  const s = table({
    azure_network_policy_manager:
      npm === undefined
        ? undefined
        : table({ collect_basic_metrics: npm.basicMetrics, collect_advanced_metrics: npm.advancedMetrics }),
    azure_subnet_ip_usage: enabledTable(i.subnetIpUsage),
  });
  return s === undefined ? undefined : { integrations: s };
}

function intOpt(n: number | undefined): bigint | undefined {
  return n === undefined ? undefined : int(n);
}

function promFbit(p: PrometheusFluentBitProps | undefined): TomlTable | undefined {
  if (!p) return undefined;
  return table({
    tcp_listener_chunk_size: intOpt(p.tcpListenerChunkSize),
    tcp_listener_buffer_size: intOpt(p.tcpListenerBufferSize),
    tcp_listener_mem_buf_limit: intOpt(p.tcpListenerMemBufLimit),
  });
}

const LISTENER_KEYS: Record<keyof typeof LISTENER_DEFAULTS, string> = {
  tcpPort25226: 'tcp_port_25226',
  tcpPort25228: 'tcp_port_25228',
  tcpPort25229: 'tcp_port_25229',
  tcpPort13000: 'tcp_port_13000',
  tcpPort12563: 'tcp_port_12563',
};

function networkFlowTable(t: FlowLogThrottlingModel): TomlTable {
  return t.enabled
    ? {
      throttle_enabled: true,
      throttle_rate: int(t.rate!),
      throttle_window: int(t.window!),
      throttle_interval: t.interval!,
      throttle_print: t.printStatus ?? false,
    }
    : { throttle_enabled: false };
}

function agentSettings(ci: ContainerInsightsModel): TomlTable | undefined {
  const a = ci.agentSettings;
  const f = a.fluentBit;
  const c = a.chunk;
  const m = a.mdsd;
  const w = a.networkListenerWaitTime;
  const s = table({
    // Real booleans: read by tomlparser-common-agent-config.rb as booleans.
    high_log_scale: ci.highLogScale ? { enabled: true } : undefined,
    custom_metrics: enabledTable(a.customMetrics),
    telemetry_config: a.disableTelemetry === undefined ? undefined : { disable_telemetry: a.disableTelemetry },
    k8s_metadata_config: a.kubeMetadataCacheTtlSeconds === undefined ? undefined : { kube_meta_cache_ttl_secs: int(a.kubeMetadataCacheTtlSeconds) },
    fbit_config:
      f === undefined
        ? undefined
        : table({
          log_flush_interval_secs: intOpt(f.logFlushIntervalSeconds),
          tail_mem_buf_limit_megabytes: intOpt(f.tailMemBufLimitMegabytes),
          tail_buf_chunksize_megabytes: intOpt(f.tailBufChunkSizeMegabytes),
          tail_buf_maxsize_megabytes: intOpt(f.tailBufMaxSizeMegabytes),
          tail_ignore_older: f.tailIgnoreOlder,
          // Strings: compared with `.downcase == "true"`; a bare boolean aborts the whole agent-settings block.
          enable_internal_metrics: f.enableInternalMetrics === undefined ? undefined : flag(f.enableInternalMetrics),
          storage_max_chunks_up: intOpt(f.storageMaxChunksUp),
          storage_type: f.storageType,
          enable_threading: f.enableThreading === undefined ? undefined : flag(f.enableThreading),
        }),
    chunk_config:
      c === undefined
        ? undefined
        : table({
          NODES_CHUNK_SIZE: intOpt(c.nodesChunkSize),
          PODS_CHUNK_SIZE: intOpt(c.podsChunkSize),
          EVENTS_CHUNK_SIZE: intOpt(c.eventsChunkSize),
          DEPLOYMENTS_CHUNK_SIZE: intOpt(c.deploymentsChunkSize),
          HPA_CHUNK_SIZE: intOpt(c.hpaChunkSize),
          PODS_EMIT_STREAM_BATCH_SIZE: intOpt(c.podsEmitStreamBatchSize),
          NODES_EMIT_STREAM_BATCH_SIZE: intOpt(c.nodesEmitStreamBatchSize),
        }),
    mdsd_config:
      m === undefined
        ? undefined
        : table({
          monitoring_max_event_rate: intOpt(m.monitoringMaxEventRate),
          upload_max_size_in_mb: intOpt(m.uploadMaxSizeMegabytes),
          upload_frequency_seconds: intOpt(m.uploadFrequencySeconds),
          compression_level: intOpt(m.compressionLevel),
          backpressure_memory_threshold_in_mb: intOpt(m.backpressureMemoryThresholdMegabytes),
        }),
    prometheus_fbit_settings: promFbit(a.prometheusFluentBit),
    node_prometheus_fbit_settings: promFbit(a.nodePrometheusFluentBit),
    cluster_prometheus_fbit_settings: promFbit(a.clusterPrometheusFluentBit),
    proxy_config: a.ignoreProxySettings === undefined ? undefined : { ignore_proxy_settings: flag(a.ignoreProxySettings) },
    // NOTES-network-observability §3.3 (DP-PARSER): real booleans and integers, the interval a string.
    // Always the full table with flow logs on, so the agent's defaults are pinned; rate, window and
    // interval only when throttling is on (the agent reads them only then).
    networkflow_logs_config: ci.networkFlowLogs === undefined ? undefined : networkFlowTable(ci.networkFlowLogs),
    network_listener_waittime:
      w === undefined
        ? undefined
        : table(Object.fromEntries(Object.entries(LISTENER_KEYS).map(([prop, key]) => [key, intOpt(w[prop as keyof typeof LISTENER_KEYS])]))),
  });
  return s === undefined ? undefined : { agent_settings: s };
}
