import { COMMON_LABELS, KubeObject } from './kube';
import {
  ControlPlaneTargetKey,
  DefaultTargetKey,
  KeepListKey,
  KsmConfigModel,
  PrometheusSettingsModel,
  ScrapeIntervalKey,
} from '../model/prometheus-settings';

/** Fixed by the agents: every ama-metrics pod mounts exactly this ConfigMap (NOTES-managed-prometheus §4.1). */
export const SETTINGS_CONFIGMAP_NAME = 'ama-metrics-settings-configmap';
export const SETTINGS_CONFIGMAP_NAMESPACE = 'kube-system';

// Section key orders of the shipped v2 template (shared/reference/managed-prometheus/configmaps/
// ama-metrics-settings-configmap.yaml). The agent reads maps, so order carries no meaning; keeping the
// template's makes a diff against it (and the test that pins the layout) line by line.

const ENABLED_ORDER: readonly DefaultTargetKey[] = [
  'kubelet', 'coredns', 'cadvisor', 'kubeproxy', 'apiserver', 'kubestate', 'nodeexporter', 'windowsexporter', 'windowskubeproxy',
  'kappiebasic', 'networkobservabilityRetina', 'networkobservabilityHubble', 'networkobservabilityCilium', 'acstor-capacity-provisioner',
  'acstor-metrics-exporter', 'local-csi-driver', 'ztunnel', 'istio-cni', 'dcgmexporter', 'prometheuscollectorhealth',
];

const KEEP_LIST_ORDER: readonly KeepListKey[] = [
  'kubelet', 'coredns', 'cadvisor', 'kubeproxy', 'apiserver', 'kubestate', 'nodeexporter', 'windowsexporter', 'windowskubeproxy',
  'podannotations', 'kappiebasic', 'networkobservabilityRetina', 'networkobservabilityHubble', 'networkobservabilityCilium',
  'acstor-capacity-provisioner', 'acstor-metrics-exporter', 'local-csi-driver', 'ztunnel', 'istio-cni', 'dcgmexporter',
];

const INTERVAL_ORDER: readonly ScrapeIntervalKey[] = [
  'kubelet', 'coredns', 'cadvisor', 'kubeproxy', 'apiserver', 'kubestate', 'nodeexporter', 'windowsexporter', 'windowskubeproxy',
  'kappiebasic', 'networkobservabilityRetina', 'networkobservabilityHubble', 'networkobservabilityCilium', 'acstor-capacity-provisioner',
  'acstor-metrics-exporter', 'local-csi-driver', 'ztunnel', 'istio-cni', 'dcgmexporter', 'prometheuscollectorhealth', 'podannotations',
];

const CONTROL_PLANE_ORDER: readonly ControlPlaneTargetKey[] = [
  'apiserver', 'cluster-autoscaler', 'node-auto-provisioning', 'kube-scheduler', 'kube-controller-manager', 'etcd', 'istio',
];

/** Exported for tests: the section orders must name every key of the model. */
export const SECTION_ORDERS = { ENABLED_ORDER, KEEP_LIST_ORDER, INTERVAL_ORDER, CONTROL_PLANE_ORDER } as const;

/**
 * A string value as the agent's line parser reads it: one pair of double quotes, which it strips; it
 * has no escapes, so the model guarantees no `"` and no line break inside. Checked again here, as an
 * invariant of the renderer (not user input).
 */
function quoted(value: string): string {
  // eslint-disable-next-line no-control-regex
  if (/["\u0000-\u001f\u007f]/.test(value)) throw new Error(`internal: unquotable settings value ${JSON.stringify(value)}`);
  return `"${value}"`;
}

/** Booleans are written bare, as in the template; the agent compares them case-insensitively with "true". */
function bare(value: boolean): string {
  return value ? 'true' : 'false';
}

/** A v2 section: a header line ending in exactly `: |-`, then its `key = value` lines indented by two spaces. */
function section(name: string, entries: ReadonlyArray<readonly [string, string]>): string[] {
  return [`${name}: |-`, ...entries.map(([k, v]) => `  ${k} = ${v}`)];
}

function clusterMetrics(m: PrometheusSettingsModel): string {
  const keep = (k: KeepListKey) => (k === 'podannotations' ? m.podAnnotations.keepList : m.targets[k].keepList);
  const interval = (k: ScrapeIntervalKey) => (k === 'podannotations' ? m.podAnnotations.scrapeInterval : m.targets[k].scrapeInterval);
  return [
    ...section('default-targets-scrape-enabled', ENABLED_ORDER.map((k) => [k, bare(m.targets[k].enabled)] as const)),
    ...section('pod-annotation-based-scraping', [['podannotationnamespaceregex', quoted(m.podAnnotations.namespaceRegex)]]),
    ...section('default-targets-metrics-keep-list', KEEP_LIST_ORDER.map((k) => [k, quoted(keep(k))] as const)),
    ...section('minimal-ingestion-profile', [['enabled', bare(m.minimalIngestionProfile)]]),
    ...section('default-targets-scrape-interval-settings', INTERVAL_ORDER.map((k) => [k, quoted(interval(k))] as const)),
  ].join('\n');
}

function controlPlaneMetrics(cp: NonNullable<PrometheusSettingsModel['controlPlane']>): string {
  return [
    ...section('default-targets-scrape-enabled', CONTROL_PLANE_ORDER.map((k) => [k, bare(cp.targets[k].enabled)] as const)),
    ...section('default-targets-metrics-keep-list', CONTROL_PLANE_ORDER.map((k) => [k, quoted(cp.targets[k].keepList)] as const)),
    ...section('minimal-ingestion-profile', [['enabled', bare(cp.minimalIngestionProfile)]]),
  ].join('\n');
}

/** `key = value` lines without a header: the v2 parser files them under `prometheus-collector-settings`. */
function collectorSettings(m: PrometheusSettingsModel): string {
  return [
    `cluster_alias = ${quoted(m.clusterAlias)}`,
    `debug-mode = ${bare(m.debugMode)}`,
    `https_config = ${bare(m.httpsConfig)}`,
    `secrets_access_namespaces = ${quoted(m.secretsAccessNamespaces.join(','))}`,
  ].join('\n');
}

/**
 * `ksm-config`: YAML read by kube-state-metrics (`labels_allow_list`, `annotations_allow_list`, NOTES
 * §4.2.8). Resources are validated names and keys validated label/annotation keys or `*`; keys are
 * written double-quoted (JSON strings are valid YAML), which `*` needs.
 */
function ksmConfig(k: KsmConfigModel): string {
  const lines: string[] = [];
  for (const [field, list] of [['labels_allow_list', k.labelsAllowList], ['annotations_allow_list', k.annotationsAllowList]] as const) {
    if (list === undefined) continue;
    lines.push(`${field}:`);
    for (const [resource, keys] of Object.entries(list)) {
      lines.push(`  ${resource}:`, ...keys.map((key) => `  - ${JSON.stringify(key)}`));
    }
  }
  return lines.join('\n');
}

/**
 * Renders `kube-system/ama-metrics-settings-configmap`, schema v2 (NOTES-managed-prometheus §4.2).
 *
 * Layout: the shipped v2 template's, exactly (data keys `schema-version`, `config-version` when set,
 * `cluster-metrics`, `controlplane-metrics` where the model has a managed control plane,
 * `prometheus-collector-settings`, and `ksm-config` when set). Every key of every section is written
 * with the model's resolved value, as the template does: the cluster's behaviour is then pinned by
 * this object and does not move with the agent's parser defaults, which differ from the template for
 * coredns, kubeproxy, windowsexporter and windowskubeproxy (§4.2.3).
 */
export function renderPrometheusSettingsConfigMap(model: PrometheusSettingsModel): KubeObject {
  const data: Record<string, string> = { 'schema-version': 'v2' };
  if (model.configVersion !== undefined) data['config-version'] = model.configVersion;
  data['cluster-metrics'] = clusterMetrics(model);
  if (model.controlPlane !== undefined) data['controlplane-metrics'] = controlPlaneMetrics(model.controlPlane);
  data['prometheus-collector-settings'] = collectorSettings(model);
  if (model.ksmConfig !== undefined) data['ksm-config'] = ksmConfig(model.ksmConfig);
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: SETTINGS_CONFIGMAP_NAME, namespace: SETTINGS_CONFIGMAP_NAMESPACE, labels: { ...COMMON_LABELS } },
    data,
  };
}
