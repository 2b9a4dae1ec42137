/**
 * Every setting of the agent ConfigMap `kube-system/container-azm-ms-agentconfig`, parsed back with a
 * TOML parser and compared — key path, value and TOML type — with what the agents read
 * (shared/reference/NOTES-container-insights.md §2; the parsers are Ruby `tomlrb` scripts that are
 * strict about types, see §2.1 "Type strictness").
 *
 * Types, as smol-toml returns them with `integersAsBigInt: true`:
 * - TOML integer -> `bigint`   (sizes, counts, chunk sizes, seconds, minutes)
 * - TOML float   -> `number`   (percentages; the raw text is also checked for the `.0`)
 * - TOML boolean -> `boolean`  (`log_collection_settings.*.enabled`, common agent settings)
 * - TOML string  -> `string`   (incl. the flags compared with `.downcase == "true"`)
 *
 * The last block cross-checks every key path we emit against the product's own template
 * (shared/reference/container-insights/container-azm-ms-agentconfig.yaml), so a misspelled key fails.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import {
  CONTAINER_INSIGHTS_PROPS_KEYS,
  ClusterProps,
  ContainerInsightsProps,
  LISTENER_DEFAULTS,
  renderMonitoringStack,
} from '../src';
import { REFERENCE_DIR } from './support/reference';

// -------------------------------------------------------------------------------------------------
// Fixtures and helpers
// -------------------------------------------------------------------------------------------------

const REFERENCE = REFERENCE_DIR;
const TEMPLATE_FILE = path.join(REFERENCE, 'container-insights/container-azm-ms-agentconfig.yaml');
const NOTES_FILE = path.join(REFERENCE, 'NOTES-container-insights.md');

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000';
const AKS: ClusterProps = {
  name: 'aks1',
  region: 'westeurope',
  distribution: 'aks',
  resourceId: `${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks1`,
};
const workspace = (name: string) => ({ resourceId: `${SUB}/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/${name}`, region: 'westeurope' });
const WS = workspace('law-main');

/** Container Insights props without the (always required, DCR-only) workspace. */
type CiProps = Omit<ContainerInsightsProps, 'logAnalyticsWorkspace'>;

/** The documented data keys, exact spelling (NOTES §2.1; note the underscores of `metric_collection_settings`). */
const DOCUMENTED_DATA_KEYS = [
  'schema-version',
  'config-version',
  'log-data-collection-settings',
  'prometheus-data-collection-settings',
  'metric_collection_settings',
  'alertable-metrics-configuration-settings',
  'integrations',
  'agent-settings',
];

/** The data keys that hold TOML documents. */
const TOML_DATA_KEYS = DOCUMENTED_DATA_KEYS.filter((k) => k !== 'schema-version' && k !== 'config-version');

type Toml = Record<string, unknown>;

interface RenderedConfigMap {
  readonly metadata: { name: string; namespace: string };
  readonly data: Record<string, string>;
}

/**
 * Renders a stack and returns its one ConfigMap `container-azm-ms-agentconfig`. The rule collects
 * every standard stream (preset "standard") unless `ci` says otherwise, so that metric settings,
 * which need Microsoft-InsightsMetrics, are accepted.
 */
function configMap(ci: CiProps, cluster: ClusterProps = AKS): RenderedConfigMap {
  const stack = renderMonitoringStack({ cluster, containerInsights: { logAnalyticsWorkspace: WS, dataCollection: { preset: 'standard' }, ...ci } });
  const maps = stack.kubernetesObjects.filter((o) => o.kind === 'ConfigMap' && o.metadata.name === 'container-azm-ms-agentconfig');
  expect(maps).toHaveLength(1);
  return maps[0] as unknown as RenderedConfigMap;
}

function data(ci: CiProps, cluster?: ClusterProps): Record<string, string> {
  return configMap(ci, cluster).data;
}

function parse(text: string): Toml {
  return parseToml(text, { integersAsBigInt: true }) as Toml;
}

/** Parses one data key of the rendered ConfigMap; fails the test if the key is missing. */
function doc(d: Record<string, string>, key: string): Toml {
  const text = d[key];
  if (text === undefined) throw new Error(`data key "${key}" is missing; present: ${Object.keys(d).join(', ')}`);
  return parse(text);
}

function isTable(v: unknown): v is Toml {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at a dotted TOML key path (no key of ours contains a dot). */
function at(t: Toml, keyPath: string): unknown {
  let cur: unknown = t;
  for (const part of keyPath.split('.')) {
    if (!isTable(cur) || !(part in cur)) throw new Error(`TOML key path "${keyPath}" not found (missing "${part}")`);
    cur = cur[part];
  }
  return cur;
}

function has(t: Toml, keyPath: string): boolean {
  try {
    at(t, keyPath);
    return true;
  } catch {
    return false;
  }
}

/** Every leaf key path (`a.b.c`) of a TOML document; arrays are leaves. */
function leafPaths(t: Toml, prefix = ''): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(t)) {
    const p = prefix ? `${prefix}.${k}` : k;
    if (isTable(v)) out.push(...leafPaths(v, p));
    else out.push(p);
  }
  return out;
}

function expectBool(t: Toml, keyPath: string, value: boolean): void {
  const v = at(t, keyPath);
  expect({ keyPath, type: typeof v }).toEqual({ keyPath, type: 'boolean' });
  expect(v).toBe(value);
}

function expectString(t: Toml, keyPath: string, value: string): void {
  const v = at(t, keyPath);
  expect({ keyPath, type: typeof v }).toEqual({ keyPath, type: 'string' });
  expect(v).toBe(value);
}

/** A TOML integer (bigint from smol-toml). */
function expectInt(t: Toml, keyPath: string, value: number): void {
  const v = at(t, keyPath);
  expect({ keyPath, type: typeof v }).toEqual({ keyPath, type: 'bigint' });
  expect(v).toBe(BigInt(value));
}

/** A TOML float: a JS number after parsing, and the raw text holds a decimal point (e.g. `95.0`). */
function expectFloat(t: Toml, raw: string, keyPath: string, value: number, rawLiteral: string): void {
  const v = at(t, keyPath);
  expect({ keyPath, type: typeof v }).toEqual({ keyPath, type: 'number' });
  expect(v).toBe(value);
  const leaf = keyPath.split('.').pop()!;
  const line = raw.split('\n').find((l) => new RegExp(`^\\s*${leaf}\\s*=`).test(l));
  expect(line?.trim()).toBe(`${leaf} = ${rawLiteral}`);
}

function expectStringArray(t: Toml, keyPath: string, value: string[]): void {
  const v = at(t, keyPath);
  expect(Array.isArray(v)).toBe(true);
  for (const item of v as unknown[]) expect({ keyPath, type: typeof item }).toEqual({ keyPath, type: 'string' });
  expect(v).toEqual(value);
}

// -------------------------------------------------------------------------------------------------
// Fully populated props: every prop that reaches the ConfigMap. Two variants, because some props
// exclude each other (enrichment is ContainerLog v1 only; multiline, metadata and multi-tenancy
// need ContainerLogV2).
// -------------------------------------------------------------------------------------------------

const PIPELINE_A = {
  storageType: 'memory',
  memBufLimit: '20m',
  bufferChunkSize: '2m',
  bufferMaxSize: '8m',
  throttleRate: 2000,
  throttleWindow: 200,
  throttleInterval: '2s',
  outForwardWorkerCount: 4,
  outForwardRetryLimit: 15,
  outForwardStorageTotalLimitSize: '4G',
  outForwardRequireAckResponse: true,
  disableThrottle: false,
} as const;

const ADVANCED = {
  storageType: 'filesystem',
  memBufLimit: '12m',
  bufferChunkSize: '1m',
  bufferMaxSize: '6m',
  throttleRate: 1500,
  throttleWindow: 250,
  throttleInterval: '1s',
  outForwardWorkerCount: 8,
  outForwardRetryLimit: 20,
  outForwardStorageTotalLimitSize: '3G',
  outForwardRequireAckResponse: false,
  disableThrottle: true,
  storageMaxChunksUp: 600,
  serviceBufferChunkSize: '11m',
  serviceBufferMaxSize: '33m',
} as const;

const FULL_V2: CiProps = {
  containerLogV2: true,
  highLogScale: true,
  configVersion: 'ver2',
  logCollection: {
    stdout: { enabled: true, excludeNamespaces: ['gatekeeper-system', 'noisy'], collectSystemPodLogs: ['kube-system:coredns'] },
    stderr: { excludeNamespaces: ['kube-system'], collectSystemPodLogs: ['calico-system:calico-node'] },
    environmentVariables: false,
    collectAllKubeEvents: true,
    multiline: { enabled: true, languages: ['go', 'dotnet'] },
    kubernetesMetadata: { enabled: true, includeFields: ['podLabels', 'imageID'] },
    filterUsingAnnotations: true,
  },
  multiTenancy: {
    tenants: [
      { name: 'team-a', namespaces: ['app-a1', 'app-a2'], logAnalyticsWorkspace: workspace('law-a'), pipeline: { ...PIPELINE_A } },
      { name: 'team-b', namespaces: ['app-b'], logAnalyticsWorkspace: workspace('law-b') },
    ],
    advanced: { ...ADVANCED },
  },
  prometheus: {
    cluster: {
      interval: '1m30s',
      fieldPass: ['metric_a', 'metric_b'],
      fieldDrop: ['metric_c'],
      urls: ['http://myurl:9101/metrics'],
      kubernetesServices: ['http://my-service-dns.my-namespace:9102/metrics'],
      monitorKubernetesPods: true,
      monitorKubernetesPodsNamespaces: ['default', 'apps'],
      kubernetesLabelSelector: 'env=dev,app=nginx',
      kubernetesFieldSelector: 'spec.nodeName=$HOSTNAME',
    },
    node: {
      interval: '30s',
      urls: ['http://$NODE_IP:9103/metrics'],
      fieldPass: ['node_a'],
      fieldDrop: ['node_b'],
    },
  },
  collectKubeSystemPvMetrics: true,
  alertableMetricThresholds: {
    containerCpuPercentage: 90,
    containerMemoryRssPercentage: 85.5,
    containerMemoryWorkingSetPercentage: 80,
    pvUsagePercentage: 70,
    jobCompletionMinutes: 720,
  },
  integrations: { networkPolicyManager: { basicMetrics: true, advancedMetrics: true }, subnetIpUsage: true },
  agentSettings: {
    customMetrics: true,
    disableTelemetry: true,
    kubeMetadataCacheTtlSeconds: 120,
    fluentBit: {
      logFlushIntervalSeconds: 5,
      tailMemBufLimitMegabytes: 50,
      tailBufChunkSizeMegabytes: 2,
      tailBufMaxSizeMegabytes: 4,
      tailIgnoreOlder: '5m',
      enableInternalMetrics: true,
      storageMaxChunksUp: 128,
      storageType: 'filesystem',
      enableThreading: true,
    },
    chunk: {
      nodesChunkSize: 300,
      podsChunkSize: 500,
      eventsChunkSize: 5000,
      deploymentsChunkSize: 600,
      hpaChunkSize: 1000,
      podsEmitStreamBatchSize: 250,
      nodesEmitStreamBatchSize: 150,
    },
    mdsd: {
      monitoringMaxEventRate: 50000,
      uploadMaxSizeMegabytes: 20,
      uploadFrequencySeconds: 30,
      compressionLevel: 0,
      backpressureMemoryThresholdMegabytes: 1500,
    },
    prometheusFluentBit: { tcpListenerChunkSize: 10, tcpListenerBufferSize: 12, tcpListenerMemBufLimit: 200 },
    nodePrometheusFluentBit: { tcpListenerChunkSize: 1, tcpListenerBufferSize: 2, tcpListenerMemBufLimit: 10 },
    clusterPrometheusFluentBit: { tcpListenerChunkSize: 3, tcpListenerBufferSize: 4, tcpListenerMemBufLimit: 30 },
    ignoreProxySettings: true,
    networkListenerWaitTime: { tcpPort25226: 50, tcpPort25228: 100, tcpPort25229: 60, tcpPort13000: 70, tcpPort12563: 80 },
  },
};

/** The ContainerLog (v1) variant: the only way to set `enrichContainerLogs`. */
const FULL_V1: CiProps = {
  containerLogV2: false,
  logCollection: {
    stdout: { enabled: false },
    stderr: { enabled: true },
    environmentVariables: true,
    enrichContainerLogs: true,
    collectAllKubeEvents: false,
    filterUsingAnnotations: false,
  },
};

/**
 * Props of ContainerInsightsProps that never reach the ConfigMap (they shape the DCR, its association
 * or the Azure resources). Every other top-level prop must be covered below.
 */
const DCR_ONLY_PROPS = ['logAnalyticsWorkspace', 'authentication', 'windowsNodeLogs', 'dataCollection', 'syslog', 'tags'];

// -------------------------------------------------------------------------------------------------
// The ConfigMap as a whole
// -------------------------------------------------------------------------------------------------

describe('agent ConfigMap: identity, schema-version and data keys', () => {
  test('every top-level prop is either DCR-only or covered by the fully populated props', () => {
    const covered = new Set([...Object.keys(FULL_V2), ...Object.keys(FULL_V1)]);
    for (const key of CONTAINER_INSIGHTS_PROPS_KEYS) {
      expect({ key, handled: DCR_ONLY_PROPS.includes(key) || covered.has(key) }).toEqual({ key, handled: true });
    }
  });

  test('name and namespace are the fixed ones the agent mounts', () => {
    const cm = configMap({});
    expect(cm.metadata.name).toBe('container-azm-ms-agentconfig');
    expect(cm.metadata.namespace).toBe('kube-system');
  });

  test.each<[string, CiProps]>([
    ['minimal props', {}],
    ['ContainerLog v1', { containerLogV2: false }],
    ['fully populated (v2)', FULL_V2],
    ['fully populated (v1)', FULL_V1],
  ])('schema-version is exactly "v1" (%s)', (_name, ci) => {
    expect(data(ci)['schema-version']).toBe('v1');
  });

  // stdout/stderr are always written with the agent defaults: once the ConfigMap exists, a missing
  // table changes the agent's tail exclusions (kube-system files are read, then filtered).
  const DEFAULT_STREAM = { enabled: true, exclude_namespaces: ['kube-system', 'gatekeeper-system'] };

  test('minimal props: schema-version, the default stdout/stderr tables and the v2 schema section', () => {
    const d = data({});
    expect(Object.keys(d).sort()).toEqual(['log-data-collection-settings', 'schema-version']);
    expect(doc(d, 'log-data-collection-settings')).toEqual({
      log_collection_settings: { stdout: DEFAULT_STREAM, stderr: DEFAULT_STREAM, schema: { containerlog_schema_version: 'v2' } },
    });
  });

  test('containerLogV2: false and nothing else: no schema section (agent default v1)', () => {
    const d = data({ containerLogV2: false });
    expect(Object.keys(d).sort()).toEqual(['log-data-collection-settings', 'schema-version']);
    expect(doc(d, 'log-data-collection-settings')).toEqual({ log_collection_settings: { stdout: DEFAULT_STREAM, stderr: DEFAULT_STREAM } });
  });

  test('DCR-only props leave the ConfigMap as the minimal one', () => {
    const minimal = data({});
    expect(
      data({
        authentication: 'managed-identity',
        dataCollection: { preset: 'cost-optimized' },
        syslog: { facilities: ['auth'], logLevels: ['Error'] },
        tags: { team: 'platform' },
        windowsNodeLogs: false,
      }),
    ).toEqual(minimal);
  });

  test('configVersion becomes config-version verbatim; absent when not set', () => {
    expect(data({ configVersion: 'ver7' })['config-version']).toBe('ver7');
    expect('config-version' in data({})).toBe(false);
  });

  test.each<[string, CiProps]>([
    ['v2', FULL_V2],
    ['v1', FULL_V1],
  ])('fully populated (%s): data keys are documented spellings and every TOML value parses', (_name, ci) => {
    const d = data(ci);
    for (const key of Object.keys(d)) expect(DOCUMENTED_DATA_KEYS).toContain(key);
    for (const key of TOML_DATA_KEYS) {
      if (d[key] !== undefined) expect(() => parse(d[key])).not.toThrow();
    }
  });

  test('fully populated (v2) writes all eight documented data keys', () => {
    expect(Object.keys(data(FULL_V2)).sort()).toEqual([...DOCUMENTED_DATA_KEYS].sort());
  });

  test('each TOML data key holds only its own top-level table', () => {
    const d = data(FULL_V2);
    const expectedRoot: Record<string, string> = {
      'log-data-collection-settings': 'log_collection_settings',
      'prometheus-data-collection-settings': 'prometheus_data_collection_settings',
      'metric_collection_settings': 'metric_collection_settings',
      'alertable-metrics-configuration-settings': 'alertable_metrics_configuration_settings',
      'integrations': 'integrations',
      'agent-settings': 'agent_settings',
    };
    for (const [key, root] of Object.entries(expectedRoot)) expect(Object.keys(doc(d, key))).toEqual([root]);
  });
});

// -------------------------------------------------------------------------------------------------
// log-data-collection-settings (NOTES §2.2)
// -------------------------------------------------------------------------------------------------

describe('log-data-collection-settings', () => {
  const logs = (ci: CiProps) => doc(data(ci), 'log-data-collection-settings');

  describe.each(['stdout', 'stderr'] as const)('%s', (stream) => {
    const base = `log_collection_settings.${stream}`;

    test('enabled with custom exclusions and system pods: real boolean and string arrays', () => {
      const t = logs({
        logCollection: { [stream]: { enabled: true, excludeNamespaces: ['gatekeeper-system', 'noisy'], collectSystemPodLogs: ['kube-system:coredns', 'azure-arc:agent'] } },
      });
      expectBool(t, `${base}.enabled`, true);
      expectStringArray(t, `${base}.exclude_namespaces`, ['gatekeeper-system', 'noisy']);
      expectStringArray(t, `${base}.collect_system_pod_logs`, ['kube-system:coredns', 'azure-arc:agent']);
    });

    test('a present table always carries exclude_namespaces (the default when not set)', () => {
      // A present table without the key means "exclude nothing" to the agent (NOTES §2.2).
      for (const props of [{}, { enabled: true }, { collectSystemPodLogs: ['kube-public:x'] }]) {
        const t = logs({ logCollection: { [stream]: props } });
        expectBool(t, `${base}.enabled`, true);
        expectStringArray(t, `${base}.exclude_namespaces`, ['kube-system', 'gatekeeper-system']);
      }
    });

    test('an explicitly empty exclusion list is written as [] (exclude nothing)', () => {
      const t = logs({ logCollection: { [stream]: { excludeNamespaces: [] } } });
      expectStringArray(t, `${base}.exclude_namespaces`, []);
    });

    test('collect_system_pod_logs is absent when not set', () => {
      const t = logs({ logCollection: { [stream]: { enabled: true } } });
      expect(has(t, `${base}.collect_system_pod_logs`)).toBe(false);
    });

    test('disabled: enabled = false (a real boolean) and nothing else', () => {
      // exclude_namespaces is not written here: the agent reads it only when the stream is enabled
      // (tomlparser.rb clears the list and applies it only `if @collectStdoutLogs`).
      const t = logs({ logCollection: { [stream]: { enabled: false } } });
      expect(at(t, base)).toEqual({ enabled: false });
      expectBool(t, `${base}.enabled`, false);
    });

    test('written with the agent defaults when the prop is not set', () => {
      const t = logs({});
      expectBool(t, `${base}.enabled`, true);
      expect(at(t, `${base}.exclude_namespaces`)).toEqual(['kube-system', 'gatekeeper-system']);
    });
  });

  test.each<[string, 'environmentVariables' | 'collectAllKubeEvents' | 'filterUsingAnnotations']>([
    ['env_var', 'environmentVariables'],
    ['collect_all_kube_events', 'collectAllKubeEvents'],
    ['filter_using_annotations', 'filterUsingAnnotations'],
  ])('[log_collection_settings.%s] enabled is a real boolean (%s)', (table, prop) => {
    for (const value of [true, false]) {
      const t = logs({ logCollection: { [prop]: value } });
      expectBool(t, `log_collection_settings.${table}.enabled`, value);
      expect(Object.keys(at(t, `log_collection_settings.${table}`) as Toml)).toEqual(['enabled']);
    }
    expect(has(logs({ logCollection: {} }), `log_collection_settings.${table}`)).toBe(false);
  });

  test('enrichContainerLogs (ContainerLog v1): [log_collection_settings.enrich_container_logs] enabled is a real boolean', () => {
    for (const value of [true, false]) {
      const t = logs({ containerLogV2: false, logCollection: { enrichContainerLogs: value } });
      expectBool(t, 'log_collection_settings.enrich_container_logs.enabled', value);
      expect(has(t, 'log_collection_settings.schema')).toBe(false);
    }
  });

  test('containerLogV2 true -> schema.containerlog_schema_version = "v2" (a string); false -> no schema table', () => {
    expectString(logs({ containerLogV2: true }), 'log_collection_settings.schema.containerlog_schema_version', 'v2');
    const v1 = logs({ containerLogV2: false, logCollection: { collectAllKubeEvents: true } });
    expect(has(v1, 'log_collection_settings.schema')).toBe(false);
  });

  test('multiline: stacktrace_languages is a string array in the given order; absent when not given', () => {
    const t = logs({ logCollection: { multiline: { enabled: true, languages: ['go', 'java', 'python', 'dotnet'] } } });
    expectStringArray(t, 'log_collection_settings.enable_multiline_logs.stacktrace_languages', ['go', 'java', 'python', 'dotnet']);
    const noLanguages = logs({ logCollection: { multiline: { enabled: true } } });
    expect(Object.keys(at(noLanguages, 'log_collection_settings.enable_multiline_logs') as Toml)).toEqual(['enabled']);
  });

  // Deliberately asserts the notes' rule (§2.1: "Booleans under `log_collection_settings.*.enabled` are
  // used raw — write real TOML booleans"). The renderer writes the string "true"/"false" here, copying
  // the commented example of the template. Ruby accepts both, but the Go port declares
  // `EnableMultilineLogsSettings.Enabled bool`, and the upstream parser test writes `enabled = true`.
  test('multiline: enable_multiline_logs.enabled is a real boolean like every other log_collection_settings.*.enabled', () => {
    expectBool(logs({ logCollection: { multiline: { enabled: true } } }), 'log_collection_settings.enable_multiline_logs.enabled', true);
    expectBool(logs({ logCollection: { multiline: { enabled: false } } }), 'log_collection_settings.enable_multiline_logs.enabled', false);
  });

  test('kubernetesMetadata: enabled is a real boolean, include_fields the documented spellings', () => {
    const t = logs({ logCollection: { kubernetesMetadata: { enabled: true, includeFields: ['podLabels', 'podAnnotations', 'podUid', 'image', 'imageID', 'imageRepo', 'imageTag'] } } });
    expectBool(t, 'log_collection_settings.metadata_collection.enabled', true);
    expectStringArray(t, 'log_collection_settings.metadata_collection.include_fields', ['podLabels', 'podAnnotations', 'podUid', 'image', 'imageID', 'imageRepo', 'imageTag']);
    const off = logs({ logCollection: { kubernetesMetadata: { enabled: false } } });
    expect(at(off, 'log_collection_settings.metadata_collection')).toEqual({ enabled: false });
  });

  describe('multi_tenancy', () => {
    const tenants = [
      { name: 'team-a', namespaces: ['app-a1', 'app-a2'], logAnalyticsWorkspace: workspace('law-a') },
      { name: 'team-b', namespaces: ['app-b'], logAnalyticsWorkspace: workspace('law-b') },
    ];

    test('basic mode: enabled = true (a real boolean) and nothing else', () => {
      const t = logs({ highLogScale: true, multiTenancy: { tenants } });
      expect(at(t, 'log_collection_settings.multi_tenancy')).toEqual({ enabled: true });
      expectBool(t, 'log_collection_settings.multi_tenancy.enabled', true);
    });

    test('advanced mode with defaults only: enabled, advanced_mode_enabled and all tenant namespaces', () => {
      const t = logs({ highLogScale: true, multiTenancy: { tenants, advanced: {} } });
      expect(Object.keys(at(t, 'log_collection_settings.multi_tenancy') as Toml).sort()).toEqual(['advanced_mode_enabled', 'enabled', 'namespaces']);
      expectBool(t, 'log_collection_settings.multi_tenancy.enabled', true);
      expectBool(t, 'log_collection_settings.multi_tenancy.advanced_mode_enabled', true);
      expectStringArray(t, 'log_collection_settings.multi_tenancy.namespaces', ['app-a1', 'app-a2', 'app-b']);
    });

    test('advanced mode: string settings, ack/throttle flags as "true"/"false" strings, storage_max_chunks_up an integer', () => {
      const t = logs({ highLogScale: true, multiTenancy: { tenants, advanced: { ...ADVANCED } } });
      const mt = 'log_collection_settings.multi_tenancy';
      expectString(t, `${mt}.storage_type`, 'filesystem');
      expectString(t, `${mt}.mem_buf_limit`, '12m');
      expectString(t, `${mt}.buffer_chunk_size`, '1m');
      expectString(t, `${mt}.buffer_max_size`, '6m');
      expectString(t, `${mt}.throttle_interval`, '1s');
      expectString(t, `${mt}.out_forward_storage_total_limit_size`, '3G');
      expectString(t, `${mt}.out_forward_require_ack_response`, 'false');
      expectString(t, `${mt}.disable_throttle`, 'true');
      expectString(t, `${mt}.service_buffer_chunk_size`, '11m');
      expectString(t, `${mt}.service_buffer_max_size`, '33m');
      // Read with is_valid_number? + to_i (tomlparser.rb); the Go port declares it `int`.
      expectInt(t, `${mt}.storage_max_chunks_up`, 600);
      expect(has(t, `${mt}.namespace_settings`)).toBe(false); // no tenant has a pipeline
    });

    // Deliberately asserts strings. tomlparser.rb (3.1.24) keeps an Integer from the TOML as an
    // Integer in @default_settings (`updateDefaultConfigSetting`) and later passes it to
    // `String#gsub` as the replacement, which raises TypeError: the rescue then skips writing every
    // tenant's fluent-bit config. Its own defaults are strings ("1000", "300", "10", "30"), and the Go
    // port declares these four fields `string`.
    test('advanced mode: throttle_rate, throttle_window, out_forward_worker_count, out_forward_retry_limit are strings', () => {
      const t = logs({ highLogScale: true, multiTenancy: { tenants, advanced: { ...ADVANCED } } });
      const mt = 'log_collection_settings.multi_tenancy';
      expectString(t, `${mt}.throttle_rate`, '1500');
      expectString(t, `${mt}.throttle_window`, '250');
      expectString(t, `${mt}.out_forward_worker_count`, '8');
      expectString(t, `${mt}.out_forward_retry_limit`, '20');
    });

    test('namespace_settings: one "ns:key=val;..." string per namespace of each tenant with a pipeline', () => {
      const t = logs({
        highLogScale: true,
        multiTenancy: {
          tenants: [
            { ...tenants[0], pipeline: { ...PIPELINE_A } },
            tenants[1],
            { name: 'team-c', namespaces: ['app-c'], logAnalyticsWorkspace: workspace('law-c'), pipeline: { throttleRate: 50, disableThrottle: true } },
          ],
          advanced: {},
        },
      });
      const settings = at(t, 'log_collection_settings.multi_tenancy.namespace_settings');
      const fullA =
        'storage_type=memory;mem_buf_limit=20m;buffer_chunk_size=2m;buffer_max_size=8m;throttle_rate=2000;throttle_window=200;' +
        'throttle_interval=2s;out_forward_worker_count=4;out_forward_retry_limit=15;out_forward_storage_total_limit_size=4G;' +
        'out_forward_require_ack_response=true;disable_throttle=false';
      expectStringArray(t, 'log_collection_settings.multi_tenancy.namespace_settings', [
        `app-a1:${fullA}`,
        `app-a2:${fullA}`,
        'app-c:throttle_rate=50;disable_throttle=true',
      ]);
      expectStringArray(t, 'log_collection_settings.multi_tenancy.namespaces', ['app-a1', 'app-a2', 'app-b', 'app-c']);

      // Split exactly as tomlparser.rb does: `ns, s = entry.split(':')`, `s.split(';').map { split('=') }.to_h`.
      const parsed = new Map<string, Record<string, string>>();
      for (const entry of settings as string[]) {
        const parts = entry.split(':');
        expect(parts).toHaveLength(2);
        const kv = parts[1].split(';').map((s) => s.split('='));
        for (const pair of kv) expect(pair).toHaveLength(2);
        parsed.set(parts[0], Object.fromEntries(kv));
      }
      expect(parsed.get('app-a1')).toEqual({
        storage_type: 'memory',
        mem_buf_limit: '20m',
        buffer_chunk_size: '2m',
        buffer_max_size: '8m',
        throttle_rate: '2000',
        throttle_window: '200',
        throttle_interval: '2s',
        out_forward_worker_count: '4',
        out_forward_retry_limit: '15',
        out_forward_storage_total_limit_size: '4G',
        out_forward_require_ack_response: 'true',
        disable_throttle: 'false',
      });
      expect(parsed.has('app-b')).toBe(false);
    });

    test('absent without multiTenancy', () => {
      expect(has(logs({ highLogScale: true }), 'log_collection_settings.multi_tenancy')).toBe(false);
    });
  });
});

// -------------------------------------------------------------------------------------------------
// prometheus-data-collection-settings, metric_collection_settings, alertable metrics, integrations (§2.4)
// -------------------------------------------------------------------------------------------------

describe('prometheus-data-collection-settings', () => {
  test('cluster: every key with its documented type', () => {
    const t = doc(data({ prometheus: { cluster: FULL_V2.prometheus!.cluster } }), 'prometheus-data-collection-settings');
    const c = 'prometheus_data_collection_settings.cluster';
    expectString(t, `${c}.interval`, '1m30s');
    expectStringArray(t, `${c}.fieldpass`, ['metric_a', 'metric_b']);
    expectStringArray(t, `${c}.fielddrop`, ['metric_c']);
    expectStringArray(t, `${c}.urls`, ['http://myurl:9101/metrics']);
    expectStringArray(t, `${c}.kubernetes_services`, ['http://my-service-dns.my-namespace:9102/metrics']);
    expectBool(t, `${c}.monitor_kubernetes_pods`, true);
    expectStringArray(t, `${c}.monitor_kubernetes_pods_namespaces`, ['default', 'apps']);
    expectString(t, `${c}.kubernetes_label_selector`, 'env=dev,app=nginx');
    expectString(t, `${c}.kubernetes_field_selector`, 'spec.nodeName=$HOSTNAME');
    expect(has(t, 'prometheus_data_collection_settings.node')).toBe(false);
  });

  test('node: every key with its documented type', () => {
    const t = doc(data({ prometheus: { node: FULL_V2.prometheus!.node } }), 'prometheus-data-collection-settings');
    const n = 'prometheus_data_collection_settings.node';
    expectString(t, `${n}.interval`, '30s');
    expectStringArray(t, `${n}.urls`, ['http://$NODE_IP:9103/metrics']);
    expectStringArray(t, `${n}.fieldpass`, ['node_a']);
    expectStringArray(t, `${n}.fielddrop`, ['node_b']);
    expect(has(t, 'prometheus_data_collection_settings.cluster')).toBe(false);
  });

  test('monitor_kubernetes_pods = false is a real boolean; unset keys are absent', () => {
    const t = doc(data({ prometheus: { cluster: { monitorKubernetesPods: false } } }), 'prometheus-data-collection-settings');
    expect(at(t, 'prometheus_data_collection_settings.cluster')).toEqual({ monitor_kubernetes_pods: false });
  });

  test('no key when prometheus is empty', () => {
    expect('prometheus-data-collection-settings' in data({ prometheus: {} })).toBe(false);
  });
});

describe('metric_collection_settings (underscore data key)', () => {
  test.each([true, false])('collectKubeSystemPvMetrics %s -> collect_kube_system_pv_metrics.enabled, a real boolean', (value) => {
    const d = data({ collectKubeSystemPvMetrics: value });
    expect('metric-collection-settings' in d).toBe(false);
    expectBool(doc(d, 'metric_collection_settings'), 'metric_collection_settings.collect_kube_system_pv_metrics.enabled', value);
  });

  test('absent when not set', () => {
    expect('metric_collection_settings' in data({})).toBe(false);
  });
});

describe('alertable-metrics-configuration-settings', () => {
  const key = 'alertable-metrics-configuration-settings';
  const root = 'alertable_metrics_configuration_settings';
  const container = `${root}.container_resource_utilization_thresholds`;

  test.each([
    ['containerCpuPercentage', 'container_cpu_threshold_percentage'],
    ['containerMemoryRssPercentage', 'container_memory_rss_threshold_percentage'],
    ['containerMemoryWorkingSetPercentage', 'container_memory_working_set_threshold_percentage'],
  ])('one container threshold (%s) writes all three as TOML floats (a missing key would become 0.0)', (prop, tomlKey) => {
    const d = data({ alertableMetricThresholds: { [prop]: 90 } });
    const t = doc(d, key);
    expect(Object.keys(at(t, container) as Toml).sort()).toEqual([
      'container_cpu_threshold_percentage',
      'container_memory_rss_threshold_percentage',
      'container_memory_working_set_threshold_percentage',
    ]);
    for (const k of Object.keys(at(t, container) as Toml)) {
      if (k === tomlKey) expectFloat(t, d[key], `${container}.${k}`, 90, '90.0');
      else expectFloat(t, d[key], `${container}.${k}`, 95, '95.0');
    }
    expect(has(t, `${root}.pv_utilization_thresholds`)).toBe(false);
    expect(has(t, `${root}.job_completion_threshold`)).toBe(false);
  });

  test('fractional percentages stay floats', () => {
    const d = data({ alertableMetricThresholds: { containerMemoryRssPercentage: 85.5, pvUsagePercentage: 0.01 } });
    const t = doc(d, key);
    expectFloat(t, d[key], `${container}.container_memory_rss_threshold_percentage`, 85.5, '85.5');
    expectFloat(t, d[key], `${root}.pv_utilization_thresholds.pv_usage_threshold_percentage`, 0.01, '0.01');
  });

  test('pvUsagePercentage alone: only the pv table, a float (60 -> 60.0)', () => {
    const d = data({ alertableMetricThresholds: { pvUsagePercentage: 60 } });
    const t = doc(d, key);
    expect(Object.keys(at(t, root) as Toml)).toEqual(['pv_utilization_thresholds']);
    expectFloat(t, d[key], `${root}.pv_utilization_thresholds.pv_usage_threshold_percentage`, 60, '60.0');
  });

  test('100 is written as 100.0', () => {
    const d = data({ alertableMetricThresholds: { containerCpuPercentage: 100 } });
    expectFloat(doc(d, key), d[key], `${container}.container_cpu_threshold_percentage`, 100, '100.0');
  });

  test('jobCompletionMinutes alone: a TOML integer (360, no decimal point)', () => {
    const d = data({ alertableMetricThresholds: { jobCompletionMinutes: 360 } });
    const t = doc(d, key);
    expect(Object.keys(at(t, root) as Toml)).toEqual(['job_completion_threshold']);
    expectInt(t, `${root}.job_completion_threshold.job_completion_threshold_time_minutes`, 360);
    expect(d[key]).toMatch(/^job_completion_threshold_time_minutes = 360$/m);
  });

  test('empty thresholds object: no data key', () => {
    expect(key in data({ alertableMetricThresholds: {} })).toBe(false);
  });
});

describe('integrations', () => {
  test('networkPolicyManager: both keys written as real booleans (unset one = false)', () => {
    const t = doc(data({ integrations: { networkPolicyManager: { basicMetrics: true } } }), 'integrations');
    expectBool(t, 'integrations.azure_network_policy_manager.collect_basic_metrics', true);
    expectBool(t, 'integrations.azure_network_policy_manager.collect_advanced_metrics', false);
    expect(has(t, 'integrations.azure_subnet_ip_usage')).toBe(false);
    const adv = doc(data({ integrations: { networkPolicyManager: { advancedMetrics: true } } }), 'integrations');
    expectBool(adv, 'integrations.azure_network_policy_manager.collect_basic_metrics', false);
    expectBool(adv, 'integrations.azure_network_policy_manager.collect_advanced_metrics', true);
  });

  test.each([true, false])('subnetIpUsage %s -> azure_subnet_ip_usage.enabled, a real boolean', (value) => {
    const t = doc(data({ integrations: { subnetIpUsage: value } }), 'integrations');
    expectBool(t, 'integrations.azure_subnet_ip_usage.enabled', value);
    expect(has(t, 'integrations.azure_network_policy_manager')).toBe(false);
  });
});

// -------------------------------------------------------------------------------------------------
// agent-settings (NOTES §2.3)
// -------------------------------------------------------------------------------------------------

describe('agent-settings', () => {
  const agent = (ci: CiProps) => doc(data(ci), 'agent-settings');

  test('highLogScale true -> [agent_settings.high_log_scale] enabled = true (a real boolean)', () => {
    const t = agent({ highLogScale: true });
    expect(at(t, 'agent_settings')).toEqual({ high_log_scale: { enabled: true } });
    expectBool(t, 'agent_settings.high_log_scale.enabled', true);
  });

  test('highLogScale false (explicit or default): no agent-settings key at all', () => {
    expect('agent-settings' in data({ highLogScale: false })).toBe(false);
    expect('agent-settings' in data({})).toBe(false);
    expect('agent-settings' in data({ agentSettings: {} })).toBe(false);
  });

  test.each([true, false])('customMetrics / disableTelemetry %s are real booleans', (value) => {
    const t = agent({ agentSettings: { customMetrics: value, disableTelemetry: value } });
    expectBool(t, 'agent_settings.custom_metrics.enabled', value);
    expectBool(t, 'agent_settings.telemetry_config.disable_telemetry', value);
  });

  test.each([0, 60, 3600])('kubeMetadataCacheTtlSeconds %s -> k8s_metadata_config.kube_meta_cache_ttl_secs, a TOML integer', (value) => {
    expectInt(agent({ agentSettings: { kubeMetadataCacheTtlSeconds: value } }), 'agent_settings.k8s_metadata_config.kube_meta_cache_ttl_secs', value);
  });

  test('fluentBit -> fbit_config: integers, the ignore-older string, storage_type, and "true" string flags', () => {
    const t = agent({ agentSettings: { fluentBit: FULL_V2.agentSettings!.fluentBit } });
    const f = 'agent_settings.fbit_config';
    expectInt(t, `${f}.log_flush_interval_secs`, 5);
    expectInt(t, `${f}.tail_mem_buf_limit_megabytes`, 50);
    expectInt(t, `${f}.tail_buf_chunksize_megabytes`, 2);
    expectInt(t, `${f}.tail_buf_maxsize_megabytes`, 4);
    expectString(t, `${f}.tail_ignore_older`, '5m');
    expectString(t, `${f}.enable_internal_metrics`, 'true');
    expectInt(t, `${f}.storage_max_chunks_up`, 128);
    expectString(t, `${f}.storage_type`, 'filesystem');
    expectString(t, `${f}.enable_threading`, 'true');
    expect(Object.keys(at(t, f) as Toml)).toHaveLength(9);
  });

  test('fluentBit flags false -> the strings "false" (a bare boolean would abort the agent-settings block)', () => {
    const t = agent({ agentSettings: { fluentBit: { enableInternalMetrics: false, enableThreading: false } } });
    expect(at(t, 'agent_settings.fbit_config')).toEqual({ enable_internal_metrics: 'false', enable_threading: 'false' });
    expectString(t, 'agent_settings.fbit_config.enable_internal_metrics', 'false');
    expectString(t, 'agent_settings.fbit_config.enable_threading', 'false');
  });

  test.each([true, false])('ignoreProxySettings %s -> proxy_config.ignore_proxy_settings, a "true"/"false" string', (value) => {
    const t = agent({ agentSettings: { ignoreProxySettings: value } });
    expectString(t, 'agent_settings.proxy_config.ignore_proxy_settings', String(value));
  });

  test('chunk -> chunk_config: upper-case keys, TOML integers', () => {
    const t = agent({ agentSettings: { chunk: FULL_V2.agentSettings!.chunk } });
    const c = 'agent_settings.chunk_config';
    expectInt(t, `${c}.NODES_CHUNK_SIZE`, 300);
    expectInt(t, `${c}.PODS_CHUNK_SIZE`, 500);
    expectInt(t, `${c}.EVENTS_CHUNK_SIZE`, 5000);
    expectInt(t, `${c}.DEPLOYMENTS_CHUNK_SIZE`, 600);
    expectInt(t, `${c}.HPA_CHUNK_SIZE`, 1000);
    expectInt(t, `${c}.PODS_EMIT_STREAM_BATCH_SIZE`, 250);
    expectInt(t, `${c}.NODES_EMIT_STREAM_BATCH_SIZE`, 150);
  });

  test('chunk with one key: only that key', () => {
    const t = agent({ agentSettings: { chunk: { podsChunkSize: 10 } } });
    expect(at(t, 'agent_settings')).toEqual({ chunk_config: { PODS_CHUNK_SIZE: 10n } });
  });

  test('mdsd -> mdsd_config: TOML integers (compression level 0 included)', () => {
    const t = agent({ agentSettings: { mdsd: FULL_V2.agentSettings!.mdsd } });
    const m = 'agent_settings.mdsd_config';
    expectInt(t, `${m}.monitoring_max_event_rate`, 50000);
    expectInt(t, `${m}.upload_max_size_in_mb`, 20);
    expectInt(t, `${m}.upload_frequency_seconds`, 30);
    expectInt(t, `${m}.compression_level`, 0);
    expectInt(t, `${m}.backpressure_memory_threshold_in_mb`, 1500);
  });

  test.each([
    ['prometheusFluentBit', 'prometheus_fbit_settings', [10, 12, 200]],
    ['nodePrometheusFluentBit', 'node_prometheus_fbit_settings', [1, 2, 10]],
    ['clusterPrometheusFluentBit', 'cluster_prometheus_fbit_settings', [3, 4, 30]],
  ] as const)('%s -> %s: TOML integers (MB)', (prop, table, [chunk, buffer, mem]) => {
    const t = agent({ agentSettings: { [prop]: { tcpListenerChunkSize: chunk, tcpListenerBufferSize: buffer, tcpListenerMemBufLimit: mem } } });
    expectInt(t, `agent_settings.${table}.tcp_listener_chunk_size`, chunk);
    expectInt(t, `agent_settings.${table}.tcp_listener_buffer_size`, buffer);
    expectInt(t, `agent_settings.${table}.tcp_listener_mem_buf_limit`, mem);
    expect(Object.keys(at(t, 'agent_settings') as Toml)).toEqual([table]);
  });

  test('networkListenerWaitTime -> network_listener_waittime.tcp_port_<port>: TOML integers', () => {
    const w = FULL_V2.agentSettings!.networkListenerWaitTime!;
    const t = agent({ agentSettings: { networkListenerWaitTime: w } });
    for (const prop of Object.keys(LISTENER_DEFAULTS) as Array<keyof typeof LISTENER_DEFAULTS>) {
      const port = prop.replace('tcpPort', '');
      expectInt(t, `agent_settings.network_listener_waittime.tcp_port_${port}`, w[prop]!);
    }
    expect(Object.keys(at(t, 'agent_settings.network_listener_waittime') as Toml)).toHaveLength(5);
  });

  test('networkListenerWaitTime with one port: only that key', () => {
    const t = agent({ agentSettings: { networkListenerWaitTime: { tcpPort25228: 60 } } });
    expect(at(t, 'agent_settings.network_listener_waittime')).toEqual({ tcp_port_25228: 60n });
  });

  test('fully populated: every agent_settings table present', () => {
    const t = doc(data(FULL_V2), 'agent-settings');
    expect(Object.keys(at(t, 'agent_settings') as Toml).sort()).toEqual(
      [
        'high_log_scale',
        'custom_metrics',
        'telemetry_config',
        'k8s_metadata_config',
        'fbit_config',
        'chunk_config',
        'mdsd_config',
        'prometheus_fbit_settings',
        'node_prometheus_fbit_settings',
        'cluster_prometheus_fbit_settings',
        'proxy_config',
        'network_listener_waittime',
      ].sort(),
    );
  });
});

// -------------------------------------------------------------------------------------------------
// Cross-check against the product's template: no key path we emit may be misspelled.
// -------------------------------------------------------------------------------------------------

/**
 * The template with its commented-out examples turned on: a line `# [table]` or `#   key = value`
 * (any number of `#`) is uncommented; prose comments stay comments. This is how the template
 * documents most optional keys (`collect_system_pod_logs`, `[agent_settings.fbit_config]`, ...).
 */
function uncommentExamples(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const m = /^(\s*)#+\s*(\[[A-Za-z0-9_.]+\]\s*|[A-Za-z0-9_]+\s*=\s*\S.*)$/.exec(line);
      return m ? `${m[1]}${m[2]}` : line;
    })
    .join('\n');
}

/**
 * Keys our renderer writes that the template shows neither set nor as a commented example: each is
 * documented only in the notes, in the section given. The test below checks that each entry is
 * really in that section of the notes, really absent from the template, and really emitted.
 */
const NOTES_ONLY_KEYS: Record<string, string> = {
  // §2.2: "…multi_tenancy.storage_max_chunks_up", "…multi_tenancy.{storage_type, …, disable_throttle}",
  // "…multi_tenancy.service_buffer_chunk_size / service_buffer_max_size"
  'log_collection_settings.multi_tenancy.storage_max_chunks_up': '2.2',
  'log_collection_settings.multi_tenancy.storage_type': '2.2',
  'log_collection_settings.multi_tenancy.mem_buf_limit': '2.2',
  'log_collection_settings.multi_tenancy.buffer_chunk_size': '2.2',
  'log_collection_settings.multi_tenancy.buffer_max_size': '2.2',
  'log_collection_settings.multi_tenancy.throttle_rate': '2.2',
  'log_collection_settings.multi_tenancy.throttle_window': '2.2',
  'log_collection_settings.multi_tenancy.throttle_interval': '2.2',
  'log_collection_settings.multi_tenancy.out_forward_worker_count': '2.2',
  'log_collection_settings.multi_tenancy.out_forward_retry_limit': '2.2',
  'log_collection_settings.multi_tenancy.out_forward_storage_total_limit_size': '2.2',
  'log_collection_settings.multi_tenancy.out_forward_require_ack_response': '2.2',
  'log_collection_settings.multi_tenancy.disable_throttle': '2.2',
  'log_collection_settings.multi_tenancy.service_buffer_chunk_size': '2.2',
  'log_collection_settings.multi_tenancy.service_buffer_max_size': '2.2',
  // §2.3 agent-settings table
  'agent_settings.custom_metrics.enabled': '2.3',
  'agent_settings.fbit_config.storage_max_chunks_up': '2.3',
  'agent_settings.fbit_config.storage_type': '2.3',
  'agent_settings.fbit_config.enable_threading': '2.3',
  'agent_settings.chunk_config.NODES_CHUNK_SIZE': '2.3',
  'agent_settings.chunk_config.EVENTS_CHUNK_SIZE': '2.3',
  'agent_settings.chunk_config.DEPLOYMENTS_CHUNK_SIZE': '2.3',
  'agent_settings.chunk_config.HPA_CHUNK_SIZE': '2.3',
  'agent_settings.chunk_config.PODS_EMIT_STREAM_BATCH_SIZE': '2.3',
  'agent_settings.chunk_config.NODES_EMIT_STREAM_BATCH_SIZE': '2.3',
  'agent_settings.network_listener_waittime.tcp_port_13000': '2.3',
  'agent_settings.network_listener_waittime.tcp_port_12563': '2.3',
};

/** The text of one `### x.y` section of the notes. */
function notesSection(notes: string, section: string): string {
  const start = notes.indexOf(`### ${section} `);
  if (start < 0) throw new Error(`notes section ${section} not found`);
  const next = notes.indexOf('\n### ', start + 1);
  return notes.slice(start, next < 0 ? undefined : next);
}

/** The notes name a key literally or inside a brace list such as `tcp_port_{25226,13000}`. */
function notesMention(text: string, key: string): boolean {
  if (text.includes(key)) return true;
  for (const m of text.matchAll(/([A-Za-z0-9_]*)\{([^}]*)\}/g)) {
    if (m[2].split(',').some((item) => `${m[1]}${item.trim()}` === key)) return true;
  }
  return false;
}

function typeOf(v: unknown): string {
  return Array.isArray(v) ? 'array' : typeof v;
}

describe('cross-check against the product template container-azm-ms-agentconfig.yaml', () => {
  const template = parseYaml(fs.readFileSync(TEMPLATE_FILE, 'utf8')) as { kind: string; metadata: { name: string; namespace: string }; data: Record<string, string> };
  const notes = fs.readFileSync(NOTES_FILE, 'utf8');

  /** Key paths set in the template (uncommented), with their parsed values. */
  const active = new Map<string, unknown>();
  /** Key paths of the template including its commented-out examples. */
  const withExamples = new Set<string>();
  for (const key of TOML_DATA_KEYS) {
    const text = template.data[key];
    const t = parse(text);
    for (const p of leafPaths(t)) active.set(p, at(t, p));
    for (const p of leafPaths(parse(uncommentExamples(text)))) withExamples.add(p);
  }

  /** Every leaf key path the renderer emits for the two fully populated prop sets. */
  const emitted = new Map<string, unknown>();
  for (const ci of [FULL_V2, FULL_V1]) {
    const d = data(ci);
    for (const key of TOML_DATA_KEYS) {
      if (d[key] === undefined) continue;
      const t = parse(d[key]);
      for (const p of leafPaths(t)) emitted.set(p, at(t, p));
    }
  }

  test('the template is the agent ConfigMap and its data keys are exactly the documented ones', () => {
    expect(template.kind).toBe('ConfigMap');
    expect(template.metadata).toEqual({ name: 'container-azm-ms-agentconfig', namespace: 'kube-system' });
    expect(Object.keys(template.data).sort()).toEqual([...DOCUMENTED_DATA_KEYS].sort());
    expect(String(template.data['schema-version']).trim()).toBe('v1');
  });

  test('uncommenting the examples only adds keys (sanity of the example parser)', () => {
    for (const p of active.keys()) expect(withExamples.has(p)).toBe(true);
    expect(withExamples.size).toBeGreaterThan(active.size + 30);
    // A few examples the template documents only in comments.
    for (const p of [
      'log_collection_settings.stdout.collect_system_pod_logs',
      'log_collection_settings.multi_tenancy.namespace_settings',
      'log_collection_settings.enable_multiline_logs.stacktrace_languages',
      'agent_settings.fbit_config.tail_ignore_older',
      'agent_settings.proxy_config.ignore_proxy_settings',
      'agent_settings.chunk_config.PODS_CHUNK_SIZE',
    ]) {
      expect(withExamples.has(p)).toBe(true);
    }
  });

  test('every emitted key path is in the template (set or as an example) or documented in the notes', () => {
    const unknown = [...emitted.keys()].filter((p) => !withExamples.has(p) && !(p in NOTES_ONLY_KEYS));
    expect(unknown).toEqual([]);
  });

  test('negative control: misspelled key paths are caught by the same check', () => {
    for (const p of [
      'agent_settings.fbit_config.tail_buf_chunk_size_megabytes',
      'log_collection_settings.stdout.exclude_namespace',
      'log_collection_settings.enable_multiline_log.enabled',
      'metric-collection-settings.collect_kube_system_pv_metrics.enabled',
      'agent_settings.chunk_config.pods_chunk_size',
    ]) {
      expect({ p, known: withExamples.has(p) || p in NOTES_ONLY_KEYS }).toEqual({ p, known: false });
    }
  });

  test('the allow-list is honest: each entry is emitted, absent from the template, and in its notes section', () => {
    for (const [p, section] of Object.entries(NOTES_ONLY_KEYS)) {
      const parts = p.split('.');
      const leaf = parts[parts.length - 1];
      const table = parts[parts.length - 2];
      const text = notesSection(notes, section);
      const facts = {
        p,
        emitted: emitted.has(p),
        inTemplate: withExamples.has(p),
        leafInNotes: notesMention(text, leaf),
        tableInNotes: notesMention(text, table),
      };
      expect(facts).toEqual({ p, emitted: true, inTemplate: false, leafInNotes: true, tableInNotes: true });
    }
  });

  test('where the template sets a key, we emit the same TOML type', () => {
    const mismatches: string[] = [];
    for (const [p, v] of emitted) {
      if (!active.has(p)) continue;
      const expected = typeOf(active.get(p));
      if (typeOf(v) !== expected) mismatches.push(`${p}: template ${expected}, ours ${typeOf(v)}`);
    }
    expect(mismatches).toEqual([]);
    // The comparison covered the typed keys the notes call out.
    for (const p of [
      'log_collection_settings.stdout.enabled',
      'log_collection_settings.schema.containerlog_schema_version',
      'alertable_metrics_configuration_settings.container_resource_utilization_thresholds.container_cpu_threshold_percentage',
      'alertable_metrics_configuration_settings.job_completion_threshold.job_completion_threshold_time_minutes',
      'agent_settings.high_log_scale.enabled',
      'agent_settings.prometheus_fbit_settings.tcp_listener_chunk_size',
    ]) {
      expect({ p, compared: emitted.has(p) && active.has(p) }).toEqual({ p, compared: true });
    }
  });

  test('the template itself writes percentages as floats and the job threshold as an integer', () => {
    const t = parse(template.data['alertable-metrics-configuration-settings']);
    expect(typeof at(t, 'alertable_metrics_configuration_settings.container_resource_utilization_thresholds.container_cpu_threshold_percentage')).toBe('number');
    expect(typeof at(t, 'alertable_metrics_configuration_settings.job_completion_threshold.job_completion_threshold_time_minutes')).toBe('bigint');
  });
});
