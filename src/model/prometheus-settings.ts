import { ValidationError } from '../errors';
import { checkBoolean, checkNamespaceName, checkProps, checkString, checkStringList, isPlainObject } from './check';
import { ClusterModel } from './cluster';
import { DistributionProfile } from './distribution';
import { checkRe2 } from './re2';

// =================================================================================================
// The settings ConfigMap of Managed Prometheus: `kube-system/ama-metrics-settings-configmap`.
// Facts: shared/reference/NOTES-managed-prometheus.md §4.2 (parser, layout, targets, keys), §2.6 and
// §2.12 (what exists on AKS vs Arc), §7; the shipped v2 template
// shared/reference/managed-prometheus/configmaps/ama-metrics-settings-configmap.yaml
// (Azure/prometheus-collector@39583fd, abbreviated PC below).
//
// The agent reads this ConfigMap with a hand-written line parser, not TOML (§4.2.1): `key = value`
// split at the first `=`, one pair of surrounding double quotes stripped, no escapes at all, unknown
// keys silently ignored. Every string value we write is therefore checked here to contain no `"`
// and no line break, and every key is spelled exactly as the agent spells it.
// =================================================================================================

// -------------------------------------------------------------------------------------------------
// Props
// -------------------------------------------------------------------------------------------------

/**
 * One default scrape target: a built-in job of the agent (NOTES §4.2.3).
 *
 * `true`/`false` switch it on or off; the object form switches it on and sets its keep list and
 * scrape interval (`enabled: false` together with other settings is rejected: they would be ignored).
 */
export interface TargetProps {
  /**
   * Scrape this target (`default-targets-scrape-enabled`).
   * @default true (the object form switches the target on)
   */
  readonly enabled?: boolean;
  /**
   * Metrics to keep, as a Go RE2 regular expression matched against the whole metric name
   * (`default-targets-metrics-keep-list`). With the minimal ingestion profile on, the agent keeps
   * these in addition to the profile's list; with it off, only these (NOTES §4.2.6).
   *
   * One invalid regex makes the agent drop every keep list of the cluster (all default targets then
   * ingest everything), so the regex is checked at synth time: RE2 syntax only (no lookarounds, no
   * backreferences), no double quotes (the agent does not unescape `\"`), no whitespace (metric
   * names have none: `a | b` would match neither `a` nor `b`).
   * @default - none (only the minimal ingestion profile's list, if on)
   */
  readonly keepList?: string;
  /**
   * Scrape interval of the target's job (`default-targets-scrape-interval-settings`): a Prometheus
   * duration such as `30s`, `1m` or `1m30s` (units in the order y, w, d, h, m, s, ms), above zero.
   * @default - `scrapeInterval` of the settings, else "30s"
   */
  readonly scrapeInterval?: string;
}

/** The collector-health target has no keep list in the agent (NOTES §4.2.6). */
export interface HealthTargetProps {
  /** @default true (the object form switches the target on) */
  readonly enabled?: boolean;
  /** @default - `scrapeInterval` of the settings, else "30s" */
  readonly scrapeInterval?: string;
}

/**
 * The default scrape targets, by their agent keys (NOTES §4.2.3). A prop is the agent's key where
 * that key is an identifier, its camelCase form where the agent's key has hyphens
 * (`acstorCapacityProvisioner` → `acstor-capacity-provisioner`).
 *
 * Defaults are the agent's own (what a cluster does without this ConfigMap), except where the
 * distribution decides: they are written explicitly, so a later change of the agent's defaults does
 * not change the cluster (the shipped v2 template differs from the parser for four targets, §4.2.3).
 */
export interface DefaultTargetsProps {
  /** Kubelet of every node (`kubelet`). @default true */
  readonly kubelet?: boolean | TargetProps;
  /**
   * CoreDNS pods in kube-system (`coredns`, job `kube-dns`).
   * @default false (the agent's default; the shipped v2 template writes true)
   */
  readonly coredns?: boolean | TargetProps;
  /** cAdvisor of every Linux node (`cadvisor`). @default true */
  readonly cadvisor?: boolean | TargetProps;
  /**
   * kube-proxy pods in kube-system (`kubeproxy`), scraped on port 10249.
   * @default false (the agent's default; the shipped v2 template writes true)
   */
  readonly kubeproxy?: boolean | TargetProps;
  /**
   * The API server through the `kubernetes` Service in `default` (`apiserver`, job `kube-apiserver`).
   * Only where the API server is reachable from inside the cluster; on a managed control plane (AKS)
   * use `controlPlane.targets.apiserver` instead.
   * @default false
   */
  readonly apiserver?: boolean | TargetProps;
  /** kube-state-metrics run by the add-on, `ama-metrics-ksm` (`kubestate`). @default true */
  readonly kubestate?: boolean | TargetProps;
  /** node-exporter of every Linux node (`nodeexporter`, job `node`). @default true */
  readonly nodeexporter?: boolean | TargetProps;
  /**
   * windows-exporter on every Windows node, port 9182 (`windowsexporter`), which you install. Scraped
   * by the Windows DaemonSet `ama-metrics-win-node`, which only the AKS add-on has (NOTES §2.6).
   * @default - true on AKS when the cluster has Windows nodes, else false
   */
  readonly windowsexporter?: boolean | TargetProps;
  /**
   * kube-proxy of every Windows node, port 10249 (`windowskubeproxy`). Windows DaemonSet, AKS only.
   * @default - true on AKS when the cluster has Windows nodes, else false
   */
  readonly windowskubeproxy?: boolean | TargetProps;
  /** Kappie basic network metrics (`kappiebasic`). @default true */
  readonly kappiebasic?: boolean | TargetProps;
  /** Retina network observability (`networkobservabilityRetina`). @default true */
  readonly networkobservabilityRetina?: boolean | TargetProps;
  /** Hubble network observability (`networkobservabilityHubble`). @default true */
  readonly networkobservabilityHubble?: boolean | TargetProps;
  /** Cilium network observability (`networkobservabilityCilium`). @default true */
  readonly networkobservabilityCilium?: boolean | TargetProps;
  /** Azure Container Storage capacity provisioner (`acstor-capacity-provisioner`). @default true */
  readonly acstorCapacityProvisioner?: boolean | TargetProps;
  /** Azure Container Storage metrics exporter (`acstor-metrics-exporter`). @default true */
  readonly acstorMetricsExporter?: boolean | TargetProps;
  /** Local CSI driver (`local-csi-driver`). @default true */
  readonly localCsiDriver?: boolean | TargetProps;
  /** Istio ztunnel in `applink-system` (`ztunnel`). @default false */
  readonly ztunnel?: boolean | TargetProps;
  /** Istio CNI node agents in `applink-system` (`istio-cni`). @default false */
  readonly istioCni?: boolean | TargetProps;
  /** NVIDIA DCGM exporter on nodes labelled `kubernetes.azure.com/dcgm-exporter=enabled` (`dcgmexporter`). @default true */
  readonly dcgmexporter?: boolean | TargetProps;
  /** The collectors' own health metrics (`prometheuscollectorhealth`, job `prometheus_collector_health`). @default false */
  readonly prometheuscollectorhealth?: boolean | HealthTargetProps;
}

/**
 * Scraping of pods annotated `prometheus.io/scrape: "true"` (job `kubernetes-pods`, NOTES §4.2.7):
 * on exactly when a namespace regex is written. Give `namespaces` or `namespaceRegex`.
 */
export interface PodAnnotationScrapingProps {
  /** Namespaces whose annotated pods are scraped (written as the regex `ns1|ns2`). Not with `namespaceRegex`. */
  readonly namespaces?: string[];
  /**
   * Go RE2 regex matched against the whole namespace name (`podannotationnamespaceregex`), e.g.
   * `team-.*` or `.*` for all namespaces. Not with `namespaces`.
   */
  readonly namespaceRegex?: string;
  /** Keep list of the job (`podannotations`); see {@link TargetProps.keepList}. No minimal list applies. @default - none */
  readonly keepList?: string;
  /** Scrape interval of the job (`podannotations`). @default - `scrapeInterval` of the settings, else "30s" */
  readonly scrapeInterval?: string;
}

/** A managed control-plane target (`controlplane-metrics`). */
export interface ControlPlaneTargetProps {
  /** @default true (the object form switches the target on) */
  readonly enabled?: boolean;
  /** Keep list, Go RE2 (same rules as {@link TargetProps.keepList}). @default - none */
  readonly keepList?: string;
}

/** Control-plane targets of the AKS managed control plane (v2 `controlplane-metrics` keys, NOTES §4.2.2). */
export interface ControlPlaneTargetsProps {
  /** `apiserver`. @default true */
  readonly apiserver?: boolean | ControlPlaneTargetProps;
  /** `cluster-autoscaler`. @default false */
  readonly clusterAutoscaler?: boolean | ControlPlaneTargetProps;
  /** `node-auto-provisioning` (Karpenter). @default false */
  readonly nodeAutoProvisioning?: boolean | ControlPlaneTargetProps;
  /** `kube-scheduler`. @default false */
  readonly kubeScheduler?: boolean | ControlPlaneTargetProps;
  /** `kube-controller-manager`. @default false */
  readonly kubeControllerManager?: boolean | ControlPlaneTargetProps;
  /** `etcd`. @default true */
  readonly etcd?: boolean | ControlPlaneTargetProps;
  /** `istio` (the managed Istio control plane). @default false */
  readonly istio?: boolean | ControlPlaneTargetProps;
}

/**
 * Control-plane metrics, collected by AKS from the managed control plane (section
 * `controlplane-metrics`; read by the AKS control-plane plugin, not by in-cluster pods). Only on a
 * distribution with a managed control plane.
 */
export interface ControlPlaneMetricsProps {
  /** @default - apiserver and etcd on, the others off (the shipped template) */
  readonly targets?: ControlPlaneTargetsProps;
  /**
   * The minimal ingestion profile of the control-plane targets (`minimal-ingestion-profile`, `enabled`).
   * @default true
   */
  readonly minimalIngestionProfile?: boolean;
}

/**
 * `ksm-config`: a kube-state-metrics options file that KSM reads itself (`--config`), whatever the
 * schema version (NOTES §4.2.8). KSM unmarshals it over its command-line options, so each resource
 * listed here replaces that resource's entry of the onboarding allow lists (AKS
 * `metricLabelsAllowlist`/`metricAnnotationsAllowList`, the Arc extension settings); resources not
 * listed keep theirs.
 */
export interface KsmConfigProps {
  /**
   * `labels_allow_list`: resource (plural, e.g. `pods`, `namespaces`) → label keys exposed as
   * `label_*` in `kube_<resource>_labels`; `["*"]` for all (costly).
   * @default - the onboarding allow list
   */
  readonly labelsAllowList?: Record<string, string[]>;
  /**
   * `annotations_allow_list`: resource → annotation keys exposed in `kube_<resource>_annotations`; `["*"]` for all.
   * @default - the onboarding allow list
   */
  readonly annotationsAllowList?: Record<string, string[]>;
}

/** Settings of the Managed Prometheus agents: the ConfigMap `kube-system/ama-metrics-settings-configmap` (schema v2). */
export interface PrometheusSettingsProps {
  /**
   * `cluster_alias`: the value of the `cluster` label on every series. The agent replaces every run of
   * characters other than letters and digits by `_` and trims `_` at both ends; the model does the
   * same and exposes the result (`clusterLabel`), which Prometheus rule groups must use as `clusterName`.
   * @default - the cluster's name (the last segment of its ARM ID)
   */
  readonly clusterAlias?: string;
  /** @default - see each target */
  readonly targets?: DefaultTargetsProps;
  /**
   * Scrape interval of every default target (and pod-annotation job) that sets none itself.
   * @default "30s" (the agent's default)
   */
  readonly scrapeInterval?: string;
  /**
   * The minimal ingestion profile (`minimal-ingestion-profile`, `enabled`): each default target keeps
   * only the metrics of the product's dashboards and recording rules, plus its keep list. Off: a
   * target with a keep list keeps only that, one without keeps everything.
   * @default true
   */
  readonly minimalIngestionProfile?: boolean;
  /** @default - off */
  readonly podAnnotations?: PodAnnotationScrapingProps;
  /** @default - the defaults of {@link ControlPlaneMetricsProps} on AKS; nothing elsewhere */
  readonly controlPlane?: ControlPlaneMetricsProps;
  /**
   * `debug-mode`: every collector re-exposes its scraped series on 127.0.0.1:9091 for inspection (costs performance).
   * @default false
   */
  readonly debugMode?: boolean;
  /**
   * `https_config`: TLS between the collectors and the target allocator.
   * @default true
   */
  readonly httpsConfig?: boolean;
  /**
   * `secrets_access_namespaces`: namespaces whose Secrets the target allocator may read for
   * PodMonitor/ServiceMonitor basic auth and TLS (Kubernetes >= 1.37, which also needs a Role and
   * RoleBinding in each; older versions read all namespaces and ignore this).
   * @default - none
   */
  readonly secretsAccessNamespaces?: string[];
  /**
   * `config-version` of the ConfigMap (your own tracking, at most 10 characters, no whitespace).
   * @default - not written
   */
  readonly configVersion?: string;
  /** @default - no `ksm-config` key (the onboarding options hold) */
  readonly ksmConfig?: KsmConfigProps;
}

// -------------------------------------------------------------------------------------------------
// Keys and tables
// -------------------------------------------------------------------------------------------------

/** Agent keys of the default targets that can be switched (section `default-targets-scrape-enabled`, §4.2.3). */
export const DEFAULT_TARGET_KEYS = [
  'kubelet', 'coredns', 'cadvisor', 'kubeproxy', 'apiserver', 'kubestate', 'nodeexporter', 'windowsexporter', 'windowskubeproxy',
  'kappiebasic', 'networkobservabilityRetina', 'networkobservabilityHubble', 'networkobservabilityCilium', 'acstor-capacity-provisioner',
  'acstor-metrics-exporter', 'local-csi-driver', 'ztunnel', 'istio-cni', 'dcgmexporter', 'prometheuscollectorhealth',
] as const;
export type DefaultTargetKey = (typeof DEFAULT_TARGET_KEYS)[number];

/**
 * Keys of `default-targets-metrics-keep-list`: the targets plus `podannotations`, minus
 * `prometheuscollectorhealth`, which has no keep list (§4.2.6).
 */
export type KeepListKey = Exclude<DefaultTargetKey, 'prometheuscollectorhealth'> | 'podannotations';
/** Keys of `default-targets-scrape-interval-settings`: the targets plus `podannotations` (§4.2.5). */
export type ScrapeIntervalKey = DefaultTargetKey | 'podannotations';

/**
 * Agent keys of the managed control-plane targets (v2 `controlplane-metrics`, §4.2.2).
 *
 * Not modelled: the in-cluster target `controlplane-istio` of `cluster-metrics` (§4.2.3). Its job
 * runs only when the AKS resource provider sets `MESH_MEMBER_METRICS_FQDN` on the collector
 * (§2.4), which nothing public documents, and the shipped v2 template does not list it; switching it
 * on could not be checked to have any effect. The managed Istio control plane is `istio` here.
 */
export const CONTROL_PLANE_TARGET_KEYS = [
  'apiserver', 'cluster-autoscaler', 'node-auto-provisioning', 'kube-scheduler', 'kube-controller-manager', 'etcd', 'istio',
] as const;
export type ControlPlaneTargetKey = (typeof CONTROL_PLANE_TARGET_KEYS)[number];

/** Props name → agent key. */
const TARGET_PROP_KEYS: Readonly<Record<keyof DefaultTargetsProps, DefaultTargetKey>> = {
  kubelet: 'kubelet',
  coredns: 'coredns',
  cadvisor: 'cadvisor',
  kubeproxy: 'kubeproxy',
  apiserver: 'apiserver',
  kubestate: 'kubestate',
  nodeexporter: 'nodeexporter',
  windowsexporter: 'windowsexporter',
  windowskubeproxy: 'windowskubeproxy',
  kappiebasic: 'kappiebasic',
  networkobservabilityRetina: 'networkobservabilityRetina',
  networkobservabilityHubble: 'networkobservabilityHubble',
  networkobservabilityCilium: 'networkobservabilityCilium',
  acstorCapacityProvisioner: 'acstor-capacity-provisioner',
  acstorMetricsExporter: 'acstor-metrics-exporter',
  localCsiDriver: 'local-csi-driver',
  ztunnel: 'ztunnel',
  istioCni: 'istio-cni',
  dcgmexporter: 'dcgmexporter',
  prometheuscollectorhealth: 'prometheuscollectorhealth',
};

const CONTROL_PLANE_PROP_KEYS: Readonly<Record<keyof ControlPlaneTargetsProps, ControlPlaneTargetKey>> = {
  apiserver: 'apiserver',
  clusterAutoscaler: 'cluster-autoscaler',
  nodeAutoProvisioning: 'node-auto-provisioning',
  kubeScheduler: 'kube-scheduler',
  kubeControllerManager: 'kube-controller-manager',
  etcd: 'etcd',
  istio: 'istio',
};

/** The prop name of an agent key (for error paths and messages). */
export function targetPropName(key: DefaultTargetKey): keyof DefaultTargetsProps {
  return (Object.keys(TARGET_PROP_KEYS) as Array<keyof DefaultTargetsProps>).find((p) => TARGET_PROP_KEYS[p] === key)!;
}

/**
 * The Windows metrics DaemonSet `ama-metrics-win-node` is rendered only when the chart runs as the
 * AKS add-on (`not isArcExtension`, NOTES §2.2, §2.6, §2.12); on Arc, Windows nodes can only be
 * scraped by a custom job of the ReplicaSet. The chart decides on the onboarding mode, so this reads
 * the profile's `onboarding` cell (a dedicated profile cell would be clearer; see the hand-off notes).
 */
export function hasWindowsMetricsAgent(profile: DistributionProfile): boolean {
  return profile.windowsMetricsAgent;
}

/** Why a target cannot be switched on for this cluster (with the alternative), or undefined. */
function unavailableReason(key: DefaultTargetKey, cluster: ClusterModel): string | undefined {
  const p = cluster.profile;
  if (key === 'apiserver' && !p.controlPlaneTargets.includes('apiserver')) {
    return p.managedControlPlane
      ? `${p.displayName} runs the API server in its managed control plane, which the in-cluster target cannot scrape; use controlPlane.targets.apiserver (the managed control-plane metrics) instead`
      : `${p.displayName} has no API server reachable from inside the cluster; scrape it with a custom scrape job (ama-metrics-prometheus-config) if yours has one`;
  }
  if (key === 'coredns' || key === 'kubeproxy') {
    const missing = p.missingDefaultTargets[key];
    if (missing !== undefined) return `${p.displayName}: ${missing}`;
  }
  if (key === 'windowsexporter' || key === 'windowskubeproxy') {
    if (!cluster.windowsNodes) {
      return 'the cluster has no Windows nodes (cluster.nodes.windows); set cluster.nodes.windows: true if it has, or leave this target out';
    }
    if (!hasWindowsMetricsAgent(p)) {
      return `${p.displayName} has no Windows metrics agent (the DaemonSet ama-metrics-win-node exists only with the AKS add-on); ` +
        'scrape the Windows nodes with a custom scrape job of the ama-metrics ReplicaSet (ama-metrics-prometheus-config) instead';
    }
  }
  return undefined;
}

/**
 * Default of each target for this cluster. The agent's own defaults (PC tomlparser-default-scrape-settings.go
 * L11-L38, §4.2.3), except the Windows targets, which follow the cluster: on where a Windows metrics agent
 * runs on Windows nodes (as the shipped v2 template has them), off elsewhere.
 */
function targetDefault(key: DefaultTargetKey, cluster: ClusterModel): boolean {
  switch (key) {
    case 'coredns':
    case 'kubeproxy':
    case 'apiserver':
    case 'ztunnel':
    case 'istio-cni':
    case 'prometheuscollectorhealth':
      return false;
    case 'windowsexporter':
    case 'windowskubeproxy':
      return unavailableReason(key, cluster) === undefined;
    default:
      return true;
  }
}

/** Control-plane defaults: the shipped v2 (and v1) template turns on apiserver and etcd. */
const CONTROL_PLANE_DEFAULTS: Readonly<Record<ControlPlaneTargetKey, boolean>> = {
  'apiserver': true,
  'cluster-autoscaler': false,
  'node-auto-provisioning': false,
  'kube-scheduler': false,
  'kube-controller-manager': false,
  'etcd': true,
  'istio': false,
};

/** The agent's default scrape interval (§4.2.5). */
export const DEFAULT_SCRAPE_INTERVAL = '30s';

// -------------------------------------------------------------------------------------------------
// The model
// -------------------------------------------------------------------------------------------------

/** A resolved default target: every value the ConfigMap carries for it. */
export interface TargetModel {
  readonly enabled: boolean;
  /** The user's keep regex, `''` for none (always `''` for `prometheuscollectorhealth`). */
  readonly keepList: string;
  readonly scrapeInterval: string;
}

export interface ControlPlaneTargetModel {
  readonly enabled: boolean;
  readonly keepList: string;
}

export interface ControlPlaneMetricsModel {
  readonly targets: Readonly<Record<ControlPlaneTargetKey, ControlPlaneTargetModel>>;
  readonly minimalIngestionProfile: boolean;
}

export interface KsmConfigModel {
  readonly labelsAllowList?: Readonly<Record<string, readonly string[]>>;
  readonly annotationsAllowList?: Readonly<Record<string, readonly string[]>>;
}

/** Validated settings with every default applied: the renderer writes each value as it is. */
export interface PrometheusSettingsModel {
  /** `cluster_alias` as written: the normalized alias, or `''` when none is set. */
  readonly clusterAlias: string;
  /** The `cluster` label on every series (and the `clusterName` of rule groups): the alias, else the cluster name. */
  readonly clusterLabel: string;
  readonly targets: Readonly<Record<DefaultTargetKey, TargetModel>>;
  /** `podannotationnamespaceregex` (`''` = off) with the job's keep list and interval. */
  readonly podAnnotations: { readonly namespaceRegex: string; readonly keepList: string; readonly scrapeInterval: string };
  readonly minimalIngestionProfile: boolean;
  /** Present exactly where the distribution has a managed control plane. */
  readonly controlPlane?: ControlPlaneMetricsModel;
  readonly debugMode: boolean;
  readonly httpsConfig: boolean;
  readonly secretsAccessNamespaces: readonly string[];
  readonly configVersion?: string;
  readonly ksmConfig?: KsmConfigModel;
}

// -------------------------------------------------------------------------------------------------
// Value checks
// -------------------------------------------------------------------------------------------------

/**
 * A string the agent's line parser reads back unchanged once we write it as `key = "<value>"`: no
 * double quote (only one surrounding pair is stripped, nothing is unescaped) and no control character
 * (the file is read line by line).
 */
export function checkSettingString(path: string, value: unknown, opts: { minLength?: number } = {}): string {
  const s = checkString(path, value, { minLength: opts.minLength ?? 1 });
  if (s.includes('\\"')) {
    throw new ValidationError(
      path,
      value,
      'expected no \\" : the agent does not unescape, so the backslash would reach the value as is',
      'Write the value without quotes (metric names, namespaces and aliases never contain one).',
    );
  }
  // eslint-disable-next-line no-control-regex
  if (/["\u0000-\u001f\u007f]/.test(s)) {
    throw new ValidationError(path, value, 'expected no double quote, line break or other control character (the agent reads the value line by line and strips only one pair of surrounding quotes)');
  }
  return s;
}

/** The agent's own check of a scrape interval (PC tomlparser-scrape-interval.go, §4.2.5). */
const AGENT_INTERVAL = /^((([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?|0)$/;

/**
 * A scrape interval the agent accepts. Its regex also matches `""` and zero durations, for which the
 * agent (or Prometheus) silently substitutes another interval: those are rejected too.
 */
export function checkScrapeInterval(path: string, value: unknown): string {
  const s = checkString(path, value);
  if (!AGENT_INTERVAL.test(s)) {
    throw new ValidationError(
      path,
      value,
      'expected a Prometheus duration such as "30s", "1m" or "1m30s" (units y, w, d, h, m, s, ms in that order; the agent falls back to 30s otherwise)',
    );
  }
  if (!/[1-9]/.test(s)) {
    throw new ValidationError(path, value, 'expected a duration above zero (a zero interval is replaced by the global default)');
  }
  return s;
}

/**
 * A keep list or namespace regex: a setting string (no quotes, no control characters), no whitespace
 * (metric names and namespaces have none), valid Go RE2 both on its own (the agent's `regexp.Compile`,
 * §4.2.6/§4.2.7) and inside the relabel rule Prometheus compiles as `^(?:<regex>)$` (an unterminated
 * `\Q` passes the agent's check but swallows Prometheus' closing parenthesis).
 */
export function checkGoRegex(path: string, value: unknown, what: 'metric names' | 'namespace names'): string {
  const s = checkSettingString(path, value);
  if (/\s/.test(s)) {
    throw new ValidationError(
      path,
      value,
      `expected no whitespace: ${what} contain none and the regex must match the whole name ("a | b" matches neither "a" nor "b")`,
    );
  }
  const problem = checkRe2(s, { standalone: true });
  if (typeof problem === 'string') {
    throw new ValidationError(
      path,
      value,
      `expected a Go RE2 regular expression: ${problem}`,
      'One invalid regex makes the agent ignore every keep list and namespace regex of the cluster.',
    );
  }
  return s;
}

/** The agent's normalisation of `cluster_alias` (§4.2.4). */
export function normalizeClusterAlias(alias: string): string {
  return alias.replace(/[^0-9a-zA-Z]+/g, '_').replace(/^_+|_+$/g, '');
}

// -------------------------------------------------------------------------------------------------
// Resolution
// -------------------------------------------------------------------------------------------------

export const PROMETHEUS_SETTINGS_PROPS_KEYS = [
  'clusterAlias', 'targets', 'scrapeInterval', 'minimalIngestionProfile', 'podAnnotations', 'controlPlane', 'debugMode', 'httpsConfig',
  'secretsAccessNamespaces', 'configVersion', 'ksmConfig',
] as const;

/**
 * `boolean | { enabled?, ... }` → whether it is on (undefined: not given) and its other settings. The
 * object form means on unless it says `enabled: false`, and then it may carry nothing else (the agent
 * would ignore a keep list or interval of a target it does not scrape).
 */
function splitTarget<T extends object>(path: string, value: unknown, keys: readonly string[]): { enabled?: boolean; rest: Partial<T> } {
  if (value === undefined) return { enabled: undefined, rest: {} };
  if (typeof value === 'boolean') return { enabled: value, rest: {} };
  if (!isPlainObject(value)) {
    throw new ValidationError(path, value, `expected true, false or { ${keys.map((k) => `${k}?`).join(', ')} }`);
  }
  const o = checkProps<T & { enabled?: boolean }>(path, value, keys);
  const enabled = o.enabled === undefined ? true : checkBoolean(`${path}.enabled`, o.enabled);
  if (!enabled) {
    for (const [k, v] of Object.entries(o)) {
      if (k !== 'enabled' && v !== undefined) {
        throw new ValidationError(`${path}.${k}`, v, 'applies only to a scraped target, and this one has enabled: false; remove one of them');
      }
    }
  }
  return { enabled, rest: o };
}

function resolveTargets(path: string, value: unknown, cluster: ClusterModel, defaultInterval: string): Record<DefaultTargetKey, TargetModel> {
  const t = value === undefined ? {} : checkProps<DefaultTargetsProps>(path, value, Object.keys(TARGET_PROP_KEYS));
  const out = {} as Record<DefaultTargetKey, TargetModel>;
  for (const [prop, key] of Object.entries(TARGET_PROP_KEYS) as Array<[keyof DefaultTargetsProps, DefaultTargetKey]>) {
    const tp = `${path}.${prop}`;
    const raw = t[prop];
    const health = key === 'prometheuscollectorhealth';
    const { enabled: given, rest } = splitTarget<TargetProps>(tp, raw, health ? ['enabled', 'scrapeInterval'] : ['enabled', 'keepList', 'scrapeInterval']);
    const reason = unavailableReason(key, cluster);
    if (reason !== undefined && given === true) throw new ValidationError(tp, raw, reason);
    const enabled = given ?? targetDefault(key, cluster);
    out[key] = {
      enabled,
      keepList: rest.keepList === undefined ? '' : checkGoRegex(`${tp}.keepList`, rest.keepList, 'metric names'),
      scrapeInterval: rest.scrapeInterval === undefined ? defaultInterval : checkScrapeInterval(`${tp}.scrapeInterval`, rest.scrapeInterval),
    };
  }
  return out;
}

function resolvePodAnnotations(path: string, value: unknown, defaultInterval: string): PrometheusSettingsModel['podAnnotations'] {
  if (value === undefined) return { namespaceRegex: '', keepList: '', scrapeInterval: defaultInterval };
  const p = checkProps<PodAnnotationScrapingProps>(path, value, ['namespaces', 'namespaceRegex', 'keepList', 'scrapeInterval']);
  let namespaceRegex: string;
  if (p.namespaces !== undefined && p.namespaceRegex !== undefined) {
    throw new ValidationError(`${path}.namespaceRegex`, p.namespaceRegex, 'expected either namespaces or namespaceRegex, not both');
  } else if (p.namespaces !== undefined) {
    // Namespace names hold no regex metacharacters (DNS labels), so joining them is exact.
    namespaceRegex = checkStringList(`${path}.namespaces`, p.namespaces, checkNamespaceName, { minItems: 1 }).join('|');
  } else if (p.namespaceRegex !== undefined) {
    namespaceRegex = checkGoRegex(`${path}.namespaceRegex`, p.namespaceRegex, 'namespace names');
    // The agent strips surrounding single quotes too before using it (§4.2.7); no namespace has one.
    if (namespaceRegex.includes('\'')) {
      throw new ValidationError(`${path}.namespaceRegex`, p.namespaceRegex, 'expected no single quote (the agent strips surrounding quotes, and namespace names have none)');
    }
  } else {
    throw new ValidationError(path, value, 'expected namespaces or namespaceRegex: pod-annotation scraping is on exactly when a namespace regex is set');
  }
  return {
    namespaceRegex,
    keepList: p.keepList === undefined ? '' : checkGoRegex(`${path}.keepList`, p.keepList, 'metric names'),
    scrapeInterval: p.scrapeInterval === undefined ? defaultInterval : checkScrapeInterval(`${path}.scrapeInterval`, p.scrapeInterval),
  };
}

function resolveControlPlane(path: string, value: unknown, cluster: ClusterModel): ControlPlaneMetricsModel | undefined {
  const p = cluster.profile;
  if (!p.managedControlPlane) {
    if (value === undefined) return undefined;
    const inCluster = p.controlPlaneTargets.includes('apiserver') ? 'use targets.apiserver for the API server, and ' : 'use ';
    const others = p.controlPlaneTargets.filter((c) => c !== 'apiserver');
    throw new ValidationError(
      path,
      value,
      `${p.displayName} has a self-managed control plane; the managed control-plane metrics (controlplane-metrics) exist only on a managed control plane (AKS)`,
      `Instead ${inCluster}custom scrape jobs (ama-metrics-prometheus-config) for ${others.length ? others.join(', ') : 'other components'}.`,
    );
  }
  const c = value === undefined ? {} : checkProps<ControlPlaneMetricsProps>(path, value, ['targets', 'minimalIngestionProfile']);
  const tpath = `${path}.targets`;
  const t = c.targets === undefined ? {} : checkProps<ControlPlaneTargetsProps>(tpath, c.targets, Object.keys(CONTROL_PLANE_PROP_KEYS));
  const targets = {} as Record<ControlPlaneTargetKey, ControlPlaneTargetModel>;
  for (const [prop, key] of Object.entries(CONTROL_PLANE_PROP_KEYS) as Array<[keyof ControlPlaneTargetsProps, ControlPlaneTargetKey]>) {
    const tp = `${tpath}.${prop}`;
    const raw = t[prop];
    const { enabled: given, rest } = splitTarget<ControlPlaneTargetProps>(tp, raw, ['enabled', 'keepList']);
    const enabled = given ?? CONTROL_PLANE_DEFAULTS[key];
    targets[key] = { enabled, keepList: rest.keepList === undefined ? '' : checkGoRegex(`${tp}.keepList`, rest.keepList, 'metric names') };
  }
  return {
    targets,
    minimalIngestionProfile: c.minimalIngestionProfile === undefined ? true : checkBoolean(`${path}.minimalIngestionProfile`, c.minimalIngestionProfile),
  };
}

/** The kube-state-metrics collectors the add-on enables (`--resources`, NOTES §2.9). */
export const KSM_RESOURCES = [
  'certificatesigningrequests', 'configmaps', 'cronjobs', 'daemonsets', 'deployments', 'endpoints', 'horizontalpodautoscalers', 'ingresses',
  'jobs', 'leases', 'limitranges', 'mutatingwebhookconfigurations', 'namespaces', 'networkpolicies', 'nodes', 'persistentvolumeclaims',
  'persistentvolumes', 'poddisruptionbudgets', 'pods', 'replicasets', 'replicationcontrollers', 'resourcequotas', 'secrets', 'services',
  'statefulsets', 'storageclasses', 'validatingwebhookconfigurations', 'volumeattachments',
];

/** A Kubernetes label or annotation key: optional DNS-subdomain prefix and `/`, then a name of at most 63 characters. */
const QUALIFIED_KEY = /^(?:(?=[^/]{1,253}\/)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*\/)?(?=[^/]{1,63}$)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

function resolveAllowList(path: string, value: unknown, what: 'label' | 'annotation'): Record<string, string[]> {
  if (!isPlainObject(value) || Object.keys(value).length === 0) {
    throw new ValidationError(path, value, `expected a non-empty object of resource → ${what} keys, e.g. { pods: ["app"] }`);
  }
  const out: Record<string, string[]> = {};
  for (const [resource, keys] of Object.entries(value)) {
    if (keys === undefined) continue;
    if (!KSM_RESOURCES.includes(resource)) {
      throw new ValidationError(
        `${path}.${resource}`,
        keys,
        `expected a kube-state-metrics resource the add-on collects (${KSM_RESOURCES.join(', ')})`,
        resource === '*' ? 'List the resources one by one.' : undefined,
      );
    }
    const list = checkStringList(`${path}.${resource}`, keys, (p, item) =>
      item === '*' ? '*' : checkString(p, item, { pattern: QUALIFIED_KEY, patternText: `a Kubernetes ${what} key (optional prefix/, then a name of at most 63 letters, digits, "-", "_" or ".") or "*"` }),
    { minItems: 1 });
    if (list.includes('*') && list.length > 1) {
      throw new ValidationError(`${path}.${resource}`, keys, `expected either ["*"] (all ${what}s) or a list of keys, not both`);
    }
    out[resource] = list;
  }
  return out;
}

function resolveKsmConfig(path: string, value: unknown): KsmConfigModel {
  const k = checkProps<KsmConfigProps>(path, value, ['labelsAllowList', 'annotationsAllowList']);
  if (k.labelsAllowList === undefined && k.annotationsAllowList === undefined) {
    throw new ValidationError(path, value, 'expected labelsAllowList or annotationsAllowList; leave ksmConfig out for the onboarding options');
  }
  return {
    labelsAllowList: k.labelsAllowList === undefined ? undefined : resolveAllowList(`${path}.labelsAllowList`, k.labelsAllowList, 'label'),
    annotationsAllowList: k.annotationsAllowList === undefined ? undefined : resolveAllowList(`${path}.annotationsAllowList`, k.annotationsAllowList, 'annotation'),
  };
}

/**
 * Validates the settings of the Managed Prometheus agents for a cluster and applies every default.
 * `path` is where the props sit in the user's props (e.g. `managedPrometheus.settings`); `props` may
 * be undefined (all defaults: the ConfigMap is still written, pinning the defaults).
 */
export function resolvePrometheusSettings(path: string, props: unknown, cluster: ClusterModel): PrometheusSettingsModel {
  const p = props === undefined ? {} : checkProps<PrometheusSettingsProps>(path, props, PROMETHEUS_SETTINGS_PROPS_KEYS);

  let clusterAlias = '';
  if (p.clusterAlias !== undefined) {
    const raw = checkSettingString(`${path}.clusterAlias`, p.clusterAlias);
    clusterAlias = normalizeClusterAlias(raw);
    if (clusterAlias === '') {
      throw new ValidationError(`${path}.clusterAlias`, p.clusterAlias, 'expected at least one letter or digit (the agent turns every other character into "_" and trims "_")');
    }
    if (clusterAlias.length > 1023) {
      throw new ValidationError(`${path}.clusterAlias`, `${clusterAlias.length} characters`, 'expected at most 1023 characters (the limit of a label value at ingestion)');
    }
  }

  const scrapeInterval = p.scrapeInterval === undefined ? DEFAULT_SCRAPE_INTERVAL : checkScrapeInterval(`${path}.scrapeInterval`, p.scrapeInterval);
  const targets = resolveTargets(`${path}.targets`, p.targets, cluster, scrapeInterval);
  const podAnnotations = resolvePodAnnotations(`${path}.podAnnotations`, p.podAnnotations, scrapeInterval);
  const minimalIngestionProfile = p.minimalIngestionProfile === undefined ? true : checkBoolean(`${path}.minimalIngestionProfile`, p.minimalIngestionProfile);
  const controlPlane = resolveControlPlane(`${path}.controlPlane`, p.controlPlane, cluster);

  const configVersion = p.configVersion === undefined ? undefined : checkString(`${path}.configVersion`, p.configVersion, {
    maxLength: 10,
    pattern: /^[^\s"]+$/,
    patternText: 'a version without whitespace or quotes (the agent strips spaces and keeps 10 characters)',
  });

  return {
    clusterAlias,
    clusterLabel: clusterAlias === '' ? cluster.name : clusterAlias,
    targets,
    podAnnotations,
    minimalIngestionProfile,
    controlPlane,
    debugMode: p.debugMode === undefined ? false : checkBoolean(`${path}.debugMode`, p.debugMode),
    httpsConfig: p.httpsConfig === undefined ? true : checkBoolean(`${path}.httpsConfig`, p.httpsConfig),
    secretsAccessNamespaces: p.secretsAccessNamespaces === undefined
      ? []
      : checkStringList(`${path}.secretsAccessNamespaces`, p.secretsAccessNamespaces, checkNamespaceName, { minItems: 1 }),
    configVersion,
    ksmConfig: p.ksmConfig === undefined ? undefined : resolveKsmConfig(`${path}.ksmConfig`, p.ksmConfig),
  };
}

// -------------------------------------------------------------------------------------------------
// The minimal ingestion profile (data)
// -------------------------------------------------------------------------------------------------

/** Targets with a minimal-ingestion keep regex (all keep-list keys except `podannotations`). */
export type MinimalKeepListKey = Exclude<KeepListKey, 'podannotations'>;

/**
 * The minimal ingestion profile's keep regex per target, verbatim string constants of
 * PC otelcollector/shared/configmap/mp/tomlparser-default-targets-metrics-keep-list.go L26-L47, as
 * extracted into shared/reference/managed-prometheus/rules/minimal-ingestion-keep-lists.derived.yaml
 * (split into pieces only to keep lines short; a test compares them with that file).
 */
export const MINIMAL_KEEP_REGEX: Readonly<Record<MinimalKeepListKey, string>> = {
  'kubelet': [
    'kubelet_volume_stats_capacity_bytes|kubelet_volume_stats_used_bytes|kubelet_node_name|kubelet_running_pods|',
    'kubelet_running_pod_count|kubelet_running_sum_containers|kubelet_running_containers|',
    'kubelet_running_container_count|volume_manager_total_volumes|kubelet_node_config_error|',
    'kubelet_runtime_operations_total|kubelet_runtime_operations_errors_total|',
    'kubelet_runtime_operations_duration_seconds_bucket|kubelet_runtime_operations_duration_seconds_sum|',
    'kubelet_runtime_operations_duration_seconds_count|kubelet_pod_start_duration_seconds_bucket|',
    'kubelet_pod_start_duration_seconds_sum|kubelet_pod_start_duration_seconds_count|',
    'kubelet_pod_worker_duration_seconds_bucket|kubelet_pod_worker_duration_seconds_sum|',
    'kubelet_pod_worker_duration_seconds_count|storage_operation_duration_seconds_bucket|',
    'storage_operation_duration_seconds_sum|storage_operation_duration_seconds_count|',
    'storage_operation_errors_total|kubelet_cgroup_manager_duration_seconds_bucket|',
    'kubelet_cgroup_manager_duration_seconds_sum|kubelet_cgroup_manager_duration_seconds_count|',
    'kubelet_pleg_relist_interval_seconds_bucket|kubelet_pleg_relist_interval_seconds_count|',
    'kubelet_pleg_relist_interval_seconds_sum|kubelet_pleg_relist_duration_seconds_bucket|',
    'kubelet_pleg_relist_duration_seconds_count|kubelet_pleg_relist_duration_seconds_sum|',
    'rest_client_requests_total|rest_client_request_duration_seconds_bucket|',
    'rest_client_request_duration_seconds_sum|rest_client_request_duration_seconds_count|',
    'process_resident_memory_bytes|process_cpu_seconds_total|go_goroutines|kubernetes_build_info|',
    'kubelet_certificate_manager_client_ttl_seconds|kubelet_certificate_manager_client_expiration_renew_errors|',
    'kubelet_server_expiration_renew_errors|kubelet_certificate_manager_server_ttl_seconds|',
    'kubelet_volume_stats_available_bytes|kubelet_volume_stats_capacity_bytes|kubelet_volume_stats_inodes_free|',
    'kubelet_volume_stats_inodes_used|kubelet_volume_stats_inodes|kube_persistentvolumeclaim_access_mode|',
    'kube_persistentvolumeclaim_labels|kube_persistentvolume_status_phase',
  ].join(''),
  'coredns': [
    'coredns_build_info|coredns_panics_total|coredns_dns_responses_total|coredns_forward_responses_total|',
    'coredns_dns_request_duration_seconds|coredns_dns_request_duration_seconds_bucket|',
    'coredns_dns_request_duration_seconds_sum|coredns_dns_request_duration_seconds_count|',
    'coredns_forward_request_duration_seconds|coredns_forward_request_duration_seconds_bucket|',
    'coredns_forward_request_duration_seconds_sum|coredns_forward_request_duration_seconds_count|',
    'coredns_dns_requests_total|coredns_forward_requests_total|coredns_cache_hits_total|coredns_cache_misses_total|',
    'coredns_cache_entries|coredns_plugin_enabled|coredns_dns_request_size_bytes|',
    'coredns_dns_request_size_bytes_bucket|coredns_dns_request_size_bytes_sum|coredns_dns_request_size_bytes_count|',
    'coredns_dns_response_size_bytes|coredns_dns_response_size_bytes_bucket|coredns_dns_response_size_bytes_sum|',
    'coredns_dns_response_size_bytes_count|coredns_dns_response_size_bytes_bucket|',
    'coredns_dns_response_size_bytes_sum|coredns_dns_response_size_bytes_count|process_resident_memory_bytes|',
    'process_cpu_seconds_total|go_goroutines|kubernetes_build_info',
  ].join(''),
  'cadvisor': [
    'container_spec_cpu_quota|container_spec_cpu_period|container_memory_rss|container_network_receive_bytes_total|',
    'container_network_transmit_bytes_total|container_network_receive_packets_total|',
    'container_network_transmit_packets_total|container_network_receive_packets_dropped_total|',
    'container_network_transmit_packets_dropped_total|container_fs_reads_total|container_fs_writes_total|',
    'container_fs_reads_bytes_total|container_fs_writes_bytes_total|container_cpu_usage_seconds_total|',
    'container_memory_working_set_bytes|container_memory_cache|container_memory_swap|',
    'container_cpu_cfs_throttled_periods_total|container_cpu_cfs_periods_total|container_memory_rss|',
    'kubernetes_build_info|container_start_time_seconds',
  ].join(''),
  'kubeproxy': [
    'kubeproxy_sync_proxy_rules_duration_seconds|kubeproxy_sync_proxy_rules_duration_seconds_bucket|',
    'kubeproxy_sync_proxy_rules_duration_seconds_sum|kubeproxy_sync_proxy_rules_duration_seconds_count|',
    'kubeproxy_network_programming_duration_seconds|kubeproxy_network_programming_duration_seconds_bucket|',
    'kubeproxy_network_programming_duration_seconds_sum|kubeproxy_network_programming_duration_seconds_count|',
    'rest_client_requests_total|rest_client_request_duration_seconds|rest_client_request_duration_seconds_bucket|',
    'rest_client_request_duration_seconds_sum|rest_client_request_duration_seconds_count|',
    'process_resident_memory_bytes|process_cpu_seconds_total|go_goroutines|kubernetes_build_info',
  ].join(''),
  'apiserver': [
    'apiserver_request_duration_seconds|apiserver_request_duration_seconds_bucket|',
    'apiserver_request_duration_seconds_sum|apiserver_request_duration_seconds_count|apiserver_request_total|',
    'workqueue_adds_total|workqueue_depth|workqueue_queue_duration_seconds|workqueue_queue_duration_seconds_bucket|',
    'workqueue_queue_duration_seconds_sum|workqueue_queue_duration_seconds_count|process_resident_memory_bytes|',
    'process_cpu_seconds_total|go_goroutines|kubernetes_build_info|apiserver_request_slo_duration_seconds_bucket|',
    'apiserver_request_slo_duration_seconds_sum|apiserver_request_slo_duration_seconds_count',
  ].join(''),
  'kubestate': [
    'kube_job_status_succeeded|kube_job_spec_completions|kube_daemonset_status_desired_number_scheduled|',
    'kube_daemonset_status_current_number_scheduled|kube_daemonset_status_number_misscheduled|',
    'kube_daemonset_status_number_ready|kube_deployment_status_replicas_ready|',
    'kube_pod_container_status_last_terminated_reason|kube_pod_container_status_waiting_reason|',
    'kube_pod_container_status_restarts_total|kube_node_status_allocatable|kube_pod_owner|',
    'kube_pod_container_resource_requests|kube_pod_status_phase|kube_pod_container_resource_limits|',
    'kube_replicaset_owner|kube_resourcequota|kube_namespace_status_phase|kube_node_status_capacity|kube_node_info|',
    'kube_pod_info|kube_deployment_spec_replicas|kube_deployment_status_replicas_available|',
    'kube_deployment_status_replicas_updated|kube_statefulset_status_replicas_ready|',
    'kube_statefulset_status_replicas|kube_statefulset_status_replicas_updated|kube_job_status_start_time|',
    'kube_job_status_active|kube_job_failed|kube_horizontalpodautoscaler_status_desired_replicas|',
    'kube_horizontalpodautoscaler_status_current_replicas|kube_horizontalpodautoscaler_spec_min_replicas|',
    'kube_horizontalpodautoscaler_spec_max_replicas|kubernetes_build_info|kube_node_status_condition|',
    'kube_node_spec_taint|kube_pod_container_info|kube_.*_labels|kube_.*_annotations|kube_service_info|',
    'kube_pod_container_status_running|kube_pod_container_status_waiting|kube_pod_container_status_terminated|',
    'kube_pod_container_state_started|kube_pod_created|kube_pod_start_time|kube_pod_init_container_info|',
    'kube_pod_init_container_status_terminated|kube_pod_init_container_status_terminated_reason|',
    'kube_pod_init_container_status_ready|kube_pod_init_container_resource_limits|',
    'kube_pod_init_container_status_running|kube_pod_init_container_status_waiting|',
    'kube_pod_init_container_status_restarts_total|kube_pod_container_status_ready|kube_pod_init_container_*|',
    'kube_pod_deletion_timestamp|kube_pod_status_reason|kube_pod_init_container_resource_requests',
  ].join(''),
  'nodeexporter': [
    'node_filesystem_readonly|node_memory_MemTotal_bytes|node_cpu_seconds_total|node_memory_MemAvailable_bytes|',
    'node_memory_Buffers_bytes|node_memory_Cached_bytes|node_memory_MemFree_bytes|node_memory_Slab_bytes|',
    'node_filesystem_avail_bytes|node_filesystem_size_bytes|node_time_seconds|node_exporter_build_info|node_load1|',
    'node_vmstat_pgmajfault|node_network_receive_bytes_total|node_network_transmit_bytes_total|',
    'node_network_receive_drop_total|node_network_transmit_drop_total|node_disk_io_time_seconds_total|',
    'node_disk_io_time_weighted_seconds_total|node_load5|node_load15|node_disk_read_bytes_total|',
    'node_disk_written_bytes_total|node_uname_info|kubernetes_build_info|node_boot_time_seconds',
  ].join(''),
  'kappiebasic': 'kappie.*',
  'networkobservabilityRetina': 'networkobservability.*',
  'networkobservabilityHubble': 'hubble_dns_queries_total|hubble_dns_responses_total|hubble_drop_total|hubble_tcp_flags_total',
  'networkobservabilityCilium': 'cilium_drop.*|cilium_forward.*',
  'windowsexporter': [
    'windows_system_boot_time_timestamp_seconds|windows_system_system_up_time|windows_cpu_time_total|',
    'windows_memory_available_bytes|windows_os_visible_memory_bytes|windows_memory_cache_bytes|',
    'windows_memory_modified_page_list_bytes|windows_memory_standby_cache_core_bytes|',
    'windows_memory_standby_cache_normal_priority_bytes|windows_memory_standby_cache_reserve_bytes|',
    'windows_memory_swap_page_operations_total|windows_logical_disk_read_seconds_total|',
    'windows_logical_disk_write_seconds_total|windows_logical_disk_size_bytes|windows_logical_disk_free_bytes|',
    'windows_net_bytes_total|windows_net_packets_received_discarded_total|',
    'windows_net_packets_outbound_discarded_total|windows_container_available|',
    'windows_container_cpu_usage_seconds_total|windows_container_memory_usage_commit_bytes|',
    'windows_container_memory_usage_private_working_set_bytes|windows_container_network_receive_bytes_total|',
    'windows_container_network_transmit_bytes_total',
  ].join(''),
  'windowskubeproxy': [
    'kubeproxy_sync_proxy_rules_duration_seconds|kubeproxy_sync_proxy_rules_duration_seconds_bucket|',
    'kubeproxy_sync_proxy_rules_duration_seconds_sum|kubeproxy_sync_proxy_rules_duration_seconds_count|',
    'rest_client_requests_total|rest_client_request_duration_seconds|rest_client_request_duration_seconds_bucket|',
    'rest_client_request_duration_seconds_sum|rest_client_request_duration_seconds_count|',
    'process_resident_memory_bytes|process_cpu_seconds_total|go_goroutines',
  ].join(''),
  'acstor-capacity-provisioner': [
    'storage_pool_ready_state|storage_pool_capacity_used_bytes|storage_pool_capacity_provisioned_bytes|',
    'storage_pool_snapshot_capacity_reserved_bytes',
  ].join(''),
  'acstor-metrics-exporter': [
    'disk_read_operations_completed_total|disk_write_operations_completed_total|',
    'disk_read_operations_time_seconds_total|disk_write_operations_time_seconds_total|disk_read_bytes_total|',
    'disk_written_bytes_total|disk_reads_merged_total|disk_writes_merged_total|disk_io_now|',
    'disk_io_time_seconds_total|disk_io_time_weighted_seconds_total|disk_discard_operations_completed_total|',
    'disk_discards_merged_total|disk_discarded_sectors_total|disk_discard_operations_time_seconds_total|',
    'disk_flush_requests_total|disk_flush_requests_time_seconds_total|disk_errors_total|disk_readonly_errors_gauge|',
    'disk_readonly_status_gauge',
  ].join(''),
  'local-csi-driver': [
    'rpc.server.duration_milliseconds_bucket|rpc.server.duration_milliseconds_sum|',
    'rpc.server.duration_milliseconds_count|rpc_server_duration_milliseconds_bucket|',
    'rpc_server_duration_milliseconds_sum|rpc_server_duration_milliseconds_count',
  ].join(''),
  'ztunnel': [
    'istio_build|istio_xds_connection_terminations_total|istio_xds_message_total|',
    'istio_tcp_connections_opened_total|istio_tcp_connections_closed_total|istio_tcp_sent_bytes_total|',
    'istio_tcp_received_bytes_total|istio_dns_requests_total|workload_manager_active_proxy_count|',
    'workload_manager_pending_proxy_count',
  ].join(''),
  'istio-cni': 'istio_cni_install_ready|istio_cni_installs_total|nodeagent_reconcile_events_total|ztunnel_connected',
  'dcgmexporter': 'DCGM_.*',
};

/**
 * The control-plane profile's keep regex per target (PC
 * otelcollector/shared/configmap/ccp/tomlparser-ccp-default-targets-metrics-keep-list.go L18-L23,
 * same derived file). `istio` has none there.
 */
export const CONTROL_PLANE_MINIMAL_KEEP_REGEX: Readonly<Partial<Record<ControlPlaneTargetKey, string>>> = {
  'kube-controller-manager': 'rest_client_request_duration_seconds|rest_client_requests_total|workqueue_depth',
  'kube-scheduler': [
    'scheduler_pending_pods|scheduler_unschedulable_pods|scheduler_pod_scheduling_attempts|',
    'scheduler_queue_incoming_pods_total|scheduler_preemption_attempts_total|scheduler_preemption_victims|',
    'scheduler_scheduling_attempt_duration_seconds|scheduler_schedule_attempts_total|',
    'scheduler_pod_scheduling_duration_seconds',
  ].join(''),
  'apiserver': [
    'apiserver_request_total|apiserver_cache_list_fetched_objects_total|',
    'apiserver_cache_list_returned_objects_total|apiserver_flowcontrol_demand_seats_average|',
    'apiserver_flowcontrol_current_limit_seats|apiserver_request_sli_duration_seconds_count|',
    'apiserver_request_sli_duration_seconds_sum|process_start_time_seconds|',
    'apiserver_request_duration_seconds_count|apiserver_request_duration_seconds_sum|',
    'apiserver_storage_list_fetched_objects_total|apiserver_storage_list_returned_objects_total|',
    'apiserver_current_inflight_requests',
  ].join(''),
  'cluster-autoscaler': [
    'rest_client_requests_total|cluster_autoscaler_(last_activity|cluster_safe_to_autoscale|scale_down_in_cooldown|',
    'scaled_up_nodes_total|unneeded_nodes_count|unschedulable_pods_count|nodes_count)|',
    'cloudprovider_azure_api_request_(errors|duration_seconds_(bucket|count))',
  ].join(''),
  'node-auto-provisioning': [
    'karpenter_(nodes_created_total|nodes_terminated_total|voluntary_disruption_eligible_nodes|',
    'nodeclaims_disrupted_total|voluntary_disruption_decisions_total|pods_state)',
  ].join(''),
  'etcd': [
    'etcd_server_has_leader|rest_client_requests_total|etcd_mvcc_db_total_size_in_bytes|',
    'etcd_mvcc_db_total_size_in_use_in_bytes|etcd_server_slow_read_indexes_total|etcd_server_slow_apply_total|',
    'etcd_network_client_grpc_sent_bytes_total|etcd_server_heartbeat_send_failures_total',
  ].join(''),
};

/**
 * The keep regex the agent appends to a default target's job (NOTES §4.2.6), or undefined when the
 * job keeps every metric: with the profile on, `<keepList>|<minimal>` (a leading `|` when the keep
 * list is empty); with it off, the keep list alone. `podannotations` never gets a minimal list.
 */
export function effectiveKeepRegex(model: PrometheusSettingsModel, key: KeepListKey): string | undefined {
  const user = key === 'podannotations' ? model.podAnnotations.keepList : model.targets[key].keepList;
  if (key !== 'podannotations' && model.minimalIngestionProfile) return `${user}|${MINIMAL_KEEP_REGEX[key]}`;
  return user === '' ? undefined : user;
}
