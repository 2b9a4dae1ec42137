import { ValidationError } from '../errors';
import { checkBoolean, checkEnum, checkInt, checkNamespaceName, checkProps, checkString, checkStringList, isPlainObject } from './check';
import { ClusterModel } from './cluster';
import { Re2Groups, checkRe2 } from './re2';

// =================================================================================================
// Custom Prometheus scrape jobs of Managed Prometheus (ama-metrics): the three ConfigMaps
// `ama-metrics-prometheus-config` (cluster jobs, sharded over the ama-metrics replicas by the target
// allocator), `ama-metrics-prometheus-config-node` (every Linux ama-metrics-node pod) and
// `ama-metrics-prometheus-config-node-windows` (every ama-metrics-win-node pod).
//
// Facts: shared/reference/NOTES-managed-prometheus.md §4.1 (names, data key), §4.3 (what the agent
// accepts, rewrites and rejects), §3 last bullets (global settings apply to CR jobs too), §2.5-2.7
// (which pod mounts which ConfigMap and the Secret `ama-metrics-mtls-secret`). Citation tags below:
//   [N4.3]  NOTES-managed-prometheus.md §4.3
//   [VAL]   Azure/prometheus-collector@39583fd:otelcollector/prom-config-validator-builder/main.go#L85-L216
//           (the `$` rewriting of regex/replacement/targets, the rejected sections, the global check)
//   [MERGE] Azure/prometheus-collector@39583fd:otelcollector/shared/configmap/mp/prometheus-config-merger.go
//           (#L1569-L1604 forced label limits; #L1606-L1640 global scrape_interval handling)
//   [PROM]  Prometheus 2.x configuration rules (config.ScrapeConfig / relabel.Config validation), checked
//           against promtool 2.42 (Debian package `prometheus`) in test/scrape-config.test.ts.
//
// What cannot be expressed at all: `remote_write`, `remote_read`, `rule_files` and `alerting` (the
// validator rejects them and the agent then drops the whole ConfigMap [N4.3]); other service discovery
// mechanisms than static and Kubernetes ([N4.3] "safe set"); inline secrets (passwords, tokens, keys):
// a ConfigMap is not a place for a secret, so credentials are only referenced as keys of the Secret
// `ama-metrics-mtls-secret`, which the agent mounts at /etc/prometheus/certs [N4.3].
//
// Every rule the agent or Prometheus would reject, and every setting Prometheus would silently
// ignore, is a ValidationError here: one invalid job makes the agent drop *all* jobs of the ConfigMap
// and fall back to the defaults, with the error only in the pod logs [N4.3].
// =================================================================================================

// -------------------------------------------------------------------------------------------------
// Facts as data
// -------------------------------------------------------------------------------------------------

/**
 * Job names of the agent's built-in default scrape jobs: every `job_name` of
 * `shared/reference/managed-prometheus/default-scrape-jobs/*.yml` (Azure/prometheus-collector@39583fd:
 * otelcollector/configmapparser/default-prom-configs/). Custom jobs are merged with them into one
 * Prometheus config, where job names must be unique [N4.3]. The `controlplane-*` jobs run in the AKS
 * control-plane plugin, not in the cluster; they are listed anyway (a custom job of that name would
 * be indistinguishable in the metrics). A test compares this list with the files.
 */
export const DEFAULT_JOB_NAMES: readonly string[] = [
  'acstor-capacity-provisioner',
  'acstor-metrics-exporter',
  'cadvisor',
  'controlplane-apiserver',
  'controlplane-cluster-autoscaler',
  'controlplane-etcd',
  'controlplane-istio',
  'controlplane-kube-controller-manager',
  'controlplane-kube-scheduler',
  'controlplane-node-auto-provisioning',
  'dcgm-exporter',
  'istio-cni',
  'kappie-basic',
  'kube-apiserver',
  'kube-dns',
  'kube-proxy',
  'kube-proxy-windows',
  'kube-state-metrics',
  'kubelet',
  'kubernetes-pods',
  'local-csi-driver',
  'networkobservability-cilium',
  'networkobservability-hubble',
  'networkobservability-retina',
  'node',
  'prometheus_collector_health',
  'windows-exporter',
  'ztunnel',
];

/** The Secret the agent mounts for custom-job credentials (user-created, optional) [N4.3], NOTES §2.2. */
export const MTLS_SECRET_NAME = 'ama-metrics-mtls-secret';
/** Where every ama-metrics container that reads custom jobs mounts it (RS, DS, WinDS, config-reader) [N4.3], NOTES §2.7. */
export const MTLS_MOUNT_DIR = '/etc/prometheus/certs';
/** The pod's own service-account files, as the agent's default kubelet jobs use them (default-scrape-jobs/kubeletDefaultDs.yml). */
export const SERVICE_ACCOUNT_CA_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt';
export const SERVICE_ACCOUNT_TOKEN_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * The merger overwrites these on every custom job [MERGE#L1569-L1604]; we write them ourselves so the
 * rendered ConfigMap is what runs. They equal the ingestion limits of the Azure Monitor workspace.
 */
export const FORCED_LABEL_LIMITS = { label_limit: 63, label_name_length_limit: 511, label_value_length_limit: 1023 } as const;

/** Prometheus' own defaults when `global` does not set them [PROM]; the node ConfigMaps never carry our `global`. */
export const PROMETHEUS_DEFAULT_SCRAPE_INTERVAL = '1m';
export const PROMETHEUS_DEFAULT_SCRAPE_TIMEOUT = '10s';

/** Per-node variables the agent substitutes in node ConfigMaps [N4.3], [VAL]. */
export const NODE_VARIABLES = ['$NODE_IP', '$NODE_NAME'] as const;

export const RELABEL_ACTIONS = [
  'replace', 'keep', 'drop', 'keepequal', 'dropequal', 'hashmod', 'labelmap', 'labeldrop', 'labelkeep', 'lowercase', 'uppercase',
] as const;
export type RelabelAction = (typeof RELABEL_ACTIONS)[number];

export const KUBERNETES_SD_ROLES = ['pod', 'service', 'endpoints', 'endpointslice', 'node', 'ingress'] as const;
export type KubernetesSdRole = (typeof KUBERNETES_SD_ROLES)[number];

// =================================================================================================
// Props
// =================================================================================================

/**
 * The `global` section of `ama-metrics-prometheus-config` [N4.3]: the only global settings the agent
 * supports. It is written to the cluster ConfigMap only: it applies to the cluster jobs and to
 * PodMonitor/ServiceMonitor jobs (NOTES §3), and the agent also substitutes `scrapeInterval` into the
 * interval placeholder of its built-in cluster default jobs [MERGE#L1606-L1640]. The node DaemonSets
 * read only their own ConfigMaps, so node and Windows jobs use Prometheus' defaults (1m / 10s) unless
 * they set their own interval and timeout.
 */
export interface ScrapeGlobalProps {
  /**
   * `scrape_interval`: default interval of the cluster jobs. Always written when `global` is: with a
   * `global` section but no interval, the agent would substitute an empty interval into its default
   * jobs [MERGE#L1606-L1640].
   * @default "1m" (Prometheus' default)
   */
  readonly scrapeInterval?: string;
  /**
   * `scrape_timeout`: default timeout; at most `scrapeInterval`.
   * @default - Prometheus' default: 10s, or the interval when that is shorter
   */
  readonly scrapeTimeout?: string;
  /**
   * `external_labels`: labels added to every series of these jobs. The docs contradict themselves
   * about support (NOTES §7.10); we follow the product's own files, which use them under `global`:
   * the template `configmaps/ama-metrics-prometheus-config-node-windows-configmap.yaml` and the fixture
   * `configmaps/examples/ama-metrics-prometheus-config-configmap-with-error.yaml` (the fixture
   * `...-with-custom-global.yaml` puts them at the top level, which Prometheus rejects: a test shows it).
   * @default - none
   */
  readonly externalLabels?: Record<string, string>;
}

/** A group of fixed targets: `static_configs[]`. */
export interface StaticTargetGroupProps {
  /**
   * `targets`: `host:port` (or `host`, port from the scheme). In node ConfigMaps every target must use
   * `$NODE_IP` or `$NODE_NAME` (e.g. `$NODE_IP:9100`), else each node's agent would scrape the same target.
   */
  readonly targets: string[];
  /**
   * `labels`: added to every series of these targets.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** One selector of a Kubernetes SD config: `selectors[]`. */
export interface KubernetesSdSelectorProps {
  /** `role`: which objects the selector applies to (pod, service, endpoints, endpointslice, node or ingress, as the SD role allows). */
  readonly role: KubernetesSdRole;
  /**
   * `label`: a Kubernetes label selector, e.g. `app=web,tier in (a,b)`.
   * @default - no label selector (at least one of label and field is required)
   */
  readonly label?: string;
  /**
   * `field`: a Kubernetes field selector, e.g. `status.phase=Running`.
   * @default - no field selector
   */
  readonly field?: string;
}

/** Kubernetes service discovery: `kubernetes_sd_configs[]`. Cluster jobs only. */
export interface KubernetesSdProps {
  /** `role`: the kind of objects discovered. */
  readonly role: KubernetesSdRole;
  /**
   * `namespaces.names`: namespaces to watch. Not with role `node` (nodes are not namespaced).
   * @default - all namespaces
   */
  readonly namespaces?: string[];
  /**
   * `selectors`: server-side label/field selectors, at most one per role.
   * @default - none
   */
  readonly selectors?: KubernetesSdSelectorProps[];
}

/**
 * One relabeling rule: `relabel_configs[]` / `metric_relabel_configs[]`, Prometheus semantics.
 *
 * Only the fields the action uses may be set (Prometheus ignores the others silently):
 * replace: sourceLabels, separator, regex, targetLabel (required), replacement;
 * keep/drop: sourceLabels and regex (both required), separator;
 * keepequal/dropequal: sourceLabels and targetLabel (required);
 * hashmod: sourceLabels, targetLabel and modulus (required), separator;
 * lowercase/uppercase: sourceLabels and targetLabel (required), separator;
 * labelmap: regex (required), replacement; labeldrop/labelkeep: regex (required).
 * `separator` needs at least two source labels.
 *
 * `$` in `regex` and `replacement` means what it means to Prometheus: `$1`, `${1}` and `$name` are
 * capture-group references, `$$` is a literal `$` in a replacement. The agent rewrites `$` in these
 * two fields [N4.3]; the renderer compensates, so what Prometheus runs is what is written here. In node
 * ConfigMaps `$NODE_IP` and `$NODE_NAME` are replaced by the node's IP and name [N4.3].
 */
export interface RelabelRuleProps {
  /**
   * `action`.
   * @default "replace"
   */
  readonly action?: RelabelAction;
  /**
   * `source_labels`: label names whose values are joined with `separator`.
   * @default - none
   */
  readonly sourceLabels?: string[];
  /**
   * `separator`.
   * @default ";"
   */
  readonly separator?: string;
  /**
   * `regex`: an RE2 regular expression, anchored at both ends by Prometheus.
   * @default "(.*)"
   */
  readonly regex?: string;
  /**
   * `modulus` (hashmod).
   * @default - none
   */
  readonly modulus?: number;
  /**
   * `target_label`: a label name.
   * @default - none
   */
  readonly targetLabel?: string;
  /**
   * `replacement`: a template with capture-group references.
   * @default "$1"
   */
  readonly replacement?: string;
}

/**
 * TLS settings: `tls_config`. Files come from the Secret `ama-metrics-mtls-secret` (a key name here,
 * mounted by the agent at `/etc/prometheus/certs/<key>`) [N4.3], or, for the CA, from the pod's
 * service account.
 */
export interface ScrapeTlsProps {
  /**
   * Key of `ama-metrics-mtls-secret` holding the CA certificate (`ca_file`). Not with `serviceAccountCa`.
   * @default - the system CAs
   */
  readonly caSecretKey?: string;
  /**
   * Use the cluster CA of the pod's service account (`ca_file: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt`),
   * as the agent's own kubelet jobs do. Not with `caSecretKey`.
   * @default false
   */
  readonly serviceAccountCa?: boolean;
  /**
   * Key of `ama-metrics-mtls-secret` holding the client certificate (`cert_file`); needs `keySecretKey`.
   * @default - no client certificate
   */
  readonly certSecretKey?: string;
  /**
   * Key of `ama-metrics-mtls-secret` holding the client key (`key_file`); needs `certSecretKey`.
   * @default - no client certificate
   */
  readonly keySecretKey?: string;
  /**
   * `server_name`: the name expected in the target's certificate.
   * @default - the target's host
   */
  readonly serverName?: string;
  /**
   * `insecure_skip_verify`.
   * @default false
   */
  readonly insecureSkipVerify?: boolean;
}

/** The `Authorization` header: `bearer_token_file` (type Bearer, the documented form) or `authorization`. */
export interface ScrapeAuthorizationProps {
  /**
   * The scheme of the header (`authorization.type`); `Basic` is not allowed here (use `basicAuth`).
   * @default "Bearer"
   */
  readonly type?: string;
  /**
   * Key of `ama-metrics-mtls-secret` holding the credentials (the token). Exactly one of this and `serviceAccountToken`.
   * @default - none
   */
  readonly credentialsSecretKey?: string;
  /**
   * Send the pod's own service-account token (`/var/run/secrets/kubernetes.io/serviceaccount/token`),
   * as the agent's kubelet jobs do. Every target of the job receives the token: only for https targets
   * you trust. Exactly one of this and `credentialsSecretKey`.
   * @default false
   */
  readonly serviceAccountToken?: boolean;
}

/** HTTP basic authentication: `basic_auth`. */
export interface ScrapeBasicAuthProps {
  /** `username` (not a secret: it is written into the ConfigMap). */
  readonly username: string;
  /** Key of `ama-metrics-mtls-secret` holding the password (`password_file`). */
  readonly passwordSecretKey: string;
}

/** One custom scrape job: an entry of `scrape_configs`. */
export interface ScrapeJobProps {
  /**
   * `job_name`: unique across the three ConfigMaps and not a name of the agent's default jobs
   * (`DEFAULT_JOB_NAMES`). Letters, digits, `_`, `-`, `.` and `:`.
   */
  readonly jobName: string;
  /**
   * `scrape_interval`, a Prometheus duration such as `30s` or `1m30s`.
   * @default - `global.scrapeInterval` for cluster jobs (1m when unset); 1m for node and Windows jobs
   */
  readonly scrapeInterval?: string;
  /**
   * `scrape_timeout`, at most the job's interval.
   * @default - the global timeout (10s), or the interval when that is shorter
   */
  readonly scrapeTimeout?: string;
  /**
   * `metrics_path`, starting with `/`; query parameters go in `params`.
   * @default "/metrics"
   */
  readonly metricsPath?: string;
  /**
   * `scheme`.
   * @default "http"
   */
  readonly scheme?: 'http' | 'https';
  /**
   * `params`: URL query parameters, each with one or more values.
   * @default - none
   */
  readonly params?: Record<string, string[]>;
  /**
   * `honor_labels`: keep the target's labels when they clash with the server's.
   * @default false
   */
  readonly honorLabels?: boolean;
  /**
   * `honor_timestamps`.
   * @default true
   */
  readonly honorTimestamps?: boolean;
  /**
   * `sample_limit`: the scrape fails when a target returns more samples.
   * @default - no limit
   */
  readonly sampleLimit?: number;
  /**
   * `target_limit`: the job fails when it has more targets.
   * @default - no limit
   */
  readonly targetLimit?: number;
  /**
   * `static_configs`. Node and Windows jobs must have static targets (and no service discovery).
   * @default - none (a cluster job needs static targets, Kubernetes SD or both)
   */
  readonly staticConfigs?: StaticTargetGroupProps[];
  /**
   * `kubernetes_sd_configs`. Cluster jobs only: in a node ConfigMap every node's agent would discover
   * every target of the cluster [N4.3].
   * @default - none
   */
  readonly kubernetesSdConfigs?: KubernetesSdProps[];
  /**
   * `relabel_configs`: applied to targets before the scrape.
   * @default - none
   */
  readonly relabelings?: RelabelRuleProps[];
  /**
   * `metric_relabel_configs`: applied to scraped series.
   * @default - none
   */
  readonly metricRelabelings?: RelabelRuleProps[];
  /**
   * `tls_config`: used for https targets (the job's scheme, or `__scheme__` set by a relabeling).
   * @default - system CAs, no client certificate
   */
  readonly tls?: ScrapeTlsProps;
  /**
   * An `Authorization` header from a file. Not with `basicAuth`.
   * @default - none
   */
  readonly authorization?: ScrapeAuthorizationProps;
  /**
   * HTTP basic authentication. Not with `authorization`.
   * @default - none
   */
  readonly basicAuth?: ScrapeBasicAuthProps;
}

/** Custom scrape jobs of Managed Prometheus, rendered into the three custom-config ConfigMaps. */
export interface ScrapeConfigsProps {
  /**
   * Global settings, written to `ama-metrics-prometheus-config` (see {@link ScrapeGlobalProps}). Alone
   * (without cluster jobs) they still render that ConfigMap: they apply to PodMonitor/ServiceMonitor jobs.
   * @default - Prometheus' defaults
   */
  readonly global?: ScrapeGlobalProps;
  /**
   * Cluster-wide jobs (`ama-metrics-prometheus-config`), scraped once, sharded over the ama-metrics replicas.
   * @default - none
   */
  readonly cluster?: ScrapeJobProps[];
  /**
   * Node-local jobs (`ama-metrics-prometheus-config-node`), scraped by the agent on every Linux node;
   * targets use `$NODE_IP` / `$NODE_NAME`.
   * @default - none
   */
  readonly node?: ScrapeJobProps[];
  /**
   * Node-local jobs for Windows nodes (`ama-metrics-prometheus-config-node-windows`). Needs Windows
   * nodes (`cluster.nodes.windows`) on an AKS cluster: the Windows agent DaemonSet exists only there.
   * @default - none
   */
  readonly nodeWindows?: ScrapeJobProps[];
}

// =================================================================================================
// Model
// =================================================================================================

/** Which ConfigMap a job goes to. */
export type ScrapeConfigMapKind = 'cluster' | 'node' | 'nodeWindows';

export interface RelabelRuleModel {
  readonly action: RelabelAction;
  readonly sourceLabels?: string[];
  readonly separator?: string;
  /** As Prometheus reads it (the renderer adds the agent's `$` escaping). */
  readonly regex?: string;
  readonly modulus?: number;
  readonly targetLabel?: string;
  /** As Prometheus reads it (the renderer adds the agent's `$` escaping). */
  readonly replacement?: string;
}

export interface StaticTargetGroupModel {
  readonly targets: string[];
  readonly labels?: Record<string, string>;
}

export interface KubernetesSdSelectorModel {
  readonly role: KubernetesSdRole;
  readonly label?: string;
  readonly field?: string;
}

export interface KubernetesSdModel {
  readonly role: KubernetesSdRole;
  readonly namespaces?: string[];
  readonly selectors?: KubernetesSdSelectorModel[];
}

/** TLS settings with file paths resolved. */
export interface ScrapeTlsModel {
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
  readonly serverName?: string;
  readonly insecureSkipVerify?: boolean;
}

export interface ScrapeJobModel {
  readonly kind: ScrapeConfigMapKind;
  readonly jobName: string;
  readonly scrapeInterval?: string;
  readonly scrapeTimeout?: string;
  readonly metricsPath?: string;
  readonly scheme?: 'http' | 'https';
  readonly params?: Record<string, string[]>;
  readonly honorLabels?: boolean;
  readonly honorTimestamps?: boolean;
  readonly sampleLimit?: number;
  readonly targetLimit?: number;
  readonly staticConfigs: StaticTargetGroupModel[];
  readonly kubernetesSdConfigs: KubernetesSdModel[];
  readonly relabelings: RelabelRuleModel[];
  readonly metricRelabelings: RelabelRuleModel[];
  readonly tls?: ScrapeTlsModel;
  /** `bearer_token_file` when type is Bearer (the documented form), else `authorization`. */
  readonly authorization?: { readonly type: string; readonly credentialsFile: string };
  readonly basicAuth?: { readonly username: string; readonly passwordFile: string };
}

export interface ScrapeGlobalModel {
  readonly scrapeInterval: string;
  readonly scrapeTimeout?: string;
  readonly externalLabels?: Record<string, string>;
}

export interface ScrapeConfigsModel {
  /** Written to the cluster ConfigMap; undefined when no global setting was given. */
  readonly global?: ScrapeGlobalModel;
  readonly cluster: ScrapeJobModel[];
  readonly node: ScrapeJobModel[];
  readonly nodeWindows: ScrapeJobModel[];
  /** Keys of `ama-metrics-mtls-secret` the jobs read (sorted, unique): the Secret the user must create. */
  readonly mtlsSecretKeys: string[];
}

// =================================================================================================
// Syntax checkers (pure; each returns an error text or undefined)
// =================================================================================================

/** Prometheus duration [PROM] (also the agent's check of global.scrape_interval [MERGE#L1606-L1640]). */
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const DURATION_UNITS_MS = [365 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1];
/** model.Duration is an int64 of nanoseconds: at most 2^63 ns, about 9.2e12 ms. */
const MAX_DURATION_MS = 9_223_372_036_854;

/** Milliseconds of a Prometheus duration, or undefined when it is not one. "0" and "" are not accepted (0 means "unset" to Prometheus). */
export function parsePrometheusDuration(text: string): number | undefined {
  if (text === '') return undefined;
  const m = DURATION.exec(text);
  if (!m) return undefined;
  let ms = 0;
  for (let i = 0; i < DURATION_UNITS_MS.length; i++) {
    if (m[i + 1] !== undefined) ms += Number(m[i + 1]) * DURATION_UNITS_MS[i];
  }
  return ms > 0 && ms <= MAX_DURATION_MS ? ms : undefined;
}

/** Prometheus label names (model.LabelName.IsValid in Prometheus 2.x). */
export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Kubernetes Secret/ConfigMap data keys. */
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** Job names: a conservative set (the name travels as a label value, in the target allocator's URLs and through the OTel config loader). */
const JOB_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.:-]*$/;

/** DNS-1123 subdomain (host names in targets, TLS server names). */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9_]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9_]*[a-z0-9])?)*$/i;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6_BRACKETED = /^\[[0-9a-fA-F:.]+\]$/;

// --- Replacement templates (Go regexp.Expand) ---------------------------------------------------

/** A capture-group reference in a replacement template: a number (`$1`, `${1}`) or a name (`$name`). */
export interface TemplateRef {
  readonly text: string;
  readonly num?: number;
  readonly name?: string;
}

/**
 * The references of a template as Go's `regexp.Expand` reads them: `$$` is a literal `$`; `$name`
 * takes the longest run of letters, digits and `_` (so `$1x` refers to a group named "1x": write
 * `${1}x`); a `$` not followed by a name is a literal `$`.
 */
export function templateRefs(template: string): TemplateRef[] {
  const refs: TemplateRef[] = [];
  const s = Array.from(template);
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '$') continue;
    if (s[i + 1] === '$') {
      i++;
      continue;
    }
    const brace = s[i + 1] === '{';
    let k = i + (brace ? 2 : 1);
    const start = k;
    while (k < s.length && /^[\p{L}\p{Nd}_]$/u.test(s[k])) k++;
    if (k === start || (brace && s[k] !== '}')) continue; // malformed: a literal `$`
    const name = s.slice(start, k).join('');
    const end = brace ? k + 1 : k;
    const text = s.slice(i, end).join('');
    const numeric = /^[0-9]+$/.test(name) && !(name.length > 1 && name[0] === '0') && name.length <= 8;
    refs.push(numeric ? { text, num: Number(name) } : { text, name });
    i = end - 1;
  }
  return refs;
}

/** Prometheus' `relabelTarget` pattern: a label name that may contain `$1`/`${1}` references (labelmap replacement). */
const RELABEL_TARGET = /^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$/;

// --- `$` and the agent ----------------------------------------------------------------------------

/**
 * The `$` rules of the agent, in one place [N4.3], [VAL]:
 *  - `regex` and `replacement` of (metric) relabel configs: `$$` is collapsed to `$`, then every `$` is
 *    doubled, then `$$NODE_NAME` / `$$NODE_IP` become `${env:NODE_NAME}` / `${env:NODE_IP}`; the
 *    OpenTelemetry config loader then turns `$$` back into `$` and expands `${env:...}`. So a value
 *    without `$$` reaches Prometheus unchanged (plus the node variables), and a value with `$$` loses
 *    one `$` of each pair: the renderer doubles every `$` of such a value.
 *  - `static_configs.targets`: `$$NODE_X` -> `$NODE_X` -> `${env:NODE_X}`; no other `$` handling.
 *  - everything else is handed to the OpenTelemetry config loader as is, which would interpret `$`:
 *    we do not allow `$` there at all.
 * Node variables are textual: `$NODE_IP` followed by more letters still becomes the IP.
 */
const NODE_VARIABLE = /\$(NODE_IP|NODE_NAME)/g;
/** Sample values for syntax checks only (a node name and IP are regex-safe: letters, digits, `.`, `-`). */
const NODE_SAMPLES: Record<string, string> = { NODE_IP: '10.0.0.1', NODE_NAME: 'node' };

/** A relabel value as Prometheus sees it on a node with the sample IP/name (for checks), or an error when ambiguous. */
function withNodeSamples(value: string): string | { ambiguous: string } {
  // An even run of `$` before NODE_X is a literal `$` to Prometheus but the agent's textual replacement
  // would still see `$$NODE_X` in the doubled text and substitute it: reject instead of guessing.
  const even = /(?<!\$)((?:\$\$)+)(NODE_IP|NODE_NAME)/.exec(value);
  if (even) return { ambiguous: even[0] };
  return value.replace(NODE_VARIABLE, (_m, v: string) => NODE_SAMPLES[v]);
}

// --- Kubernetes selectors -----------------------------------------------------------------------

const LABEL_KEY_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function labelKeyError(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix) || prefix !== prefix.toLowerCase())) {
    return `label key prefix "${prefix}" is not a DNS subdomain`;
  }
  if (name.length > 63 || !LABEL_KEY_NAME.test(name)) return `"${key}" is not a valid label key`;
  return undefined;
}

function labelValueError(value: string): string | undefined {
  return value.length <= 63 && LABEL_VALUE.test(value) ? undefined : `"${value}" is not a valid label value`;
}

/** Kubernetes label selector syntax (k8s.io/apimachinery labels.Parse), or an error text. */
export function labelSelectorError(selector: string): string | undefined {
  const tokens: string[] = [];
  const re = /\s*(!=|==|=|!|\(|\)|,|<|>|[^\s!=(),<>]+)/y;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < selector.length) {
    re.lastIndex = pos;
    m = re.exec(selector);
    if (!m) {
      if (/^\s*$/.test(selector.slice(pos))) break;
      return `unexpected text at "${selector.slice(pos)}"`;
    }
    tokens.push(m[1]);
    pos = re.lastIndex;
  }
  if (tokens.length === 0) return 'empty selector';
  let t = 0;
  const isWord = (x: string | undefined) => x !== undefined && !['!=', '==', '=', '!', '(', ')', ',', '<', '>'].includes(x);
  for (;;) {
    const negated = tokens[t] === '!';
    if (negated) t++;
    const key = tokens[t++];
    if (!isWord(key)) return `expected a label key, got ${key === undefined ? 'the end' : `"${key}"`}`;
    const keyErr = labelKeyError(key);
    if (keyErr) return keyErr;
    const op = tokens[t];
    if (!negated && (op === '=' || op === '==' || op === '!=')) {
      t++;
      const v = isWord(tokens[t]) ? tokens[t++] : '';
      const err = labelValueError(v);
      if (err) return err;
    } else if (!negated && (op === 'in' || op === 'notin')) {
      t++;
      if (tokens[t++] !== '(') return `expected "(" after ${op}`;
      let n = 0;
      for (;;) {
        if (tokens[t] === ')') break;
        const v = isWord(tokens[t]) ? tokens[t++] : '';
        const err = labelValueError(v);
        if (err) return err;
        n++;
        if (tokens[t] === ',') {
          t++;
          continue;
        }
        if (tokens[t] !== ')') return `expected "," or ")" in the ${op} list`;
      }
      t++;
      if (n === 0) return `the ${op} list must not be empty`;
    } else if (!negated && (op === '<' || op === '>')) {
      t++;
      const v = tokens[t++];
      if (v === undefined || !/^-?\d+$/.test(v)) return `expected an integer after "${op}"`;
    }
    if (t >= tokens.length) return undefined;
    if (tokens[t++] !== ',') return `expected "," between requirements, got "${tokens[t - 1]}"`;
  }
}

/** Kubernetes field selector syntax (fields.ParseSelector: `key=value`, `key==value`, `key!=value`, comma-separated, `\` escapes), or an error. */
export function fieldSelectorError(selector: string): string | undefined {
  const terms: string[] = [];
  let cur = '';
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (c === '\\' && i + 1 < selector.length) {
      cur += c + selector[++i];
    } else if (c === ',') {
      terms.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  terms.push(cur);
  for (const term of terms) {
    let opAt = -1;
    let opLen = 0;
    for (let i = 0; i < term.length && opAt < 0; i++) {
      if (term[i] === '\\') {
        i++;
      } else if (term.startsWith('!=', i) || term.startsWith('==', i)) {
        opAt = i;
        opLen = 2;
      } else if (term[i] === '=') {
        opAt = i;
        opLen = 1;
      }
    }
    if (opAt < 0) return `"${term}" is not key=value, key==value or key!=value`;
    const key = term.slice(0, opAt);
    const value = term.slice(opAt + opLen);
    if (!/^[A-Za-z0-9_.-]+$/.test(key)) return `"${key}" is not a field name such as status.phase`;
    for (let i = 0; i < value.length; i++) {
      if (value[i] === '\\') {
        if (!['\\', ',', '='].includes(value[i + 1] ?? '')) return `invalid escape in "${value}" (only \\\\, \\, and \\= are allowed)`;
        i++;
      } else if (value[i] === '=') {
        return `unescaped "=" in the value "${value}" (write \\=)`;
      }
    }
  }
  return undefined;
}

// =================================================================================================
// Resolution
// =================================================================================================

export const SCRAPE_CONFIGS_PROPS_KEYS = ['global', 'cluster', 'node', 'nodeWindows'] as const;
/** Top-level Prometheus sections the validator rejects [VAL] (props spelled as a user might try them). */
const UNSUPPORTED_SECTIONS: Record<string, string> = { remoteWrite: 'remote_write', remoteRead: 'remote_read', ruleFiles: 'rule_files', alerting: 'alerting' };
const GLOBAL_KEYS = ['scrapeInterval', 'scrapeTimeout', 'externalLabels'] as const;
const JOB_KEYS = [
  'jobName', 'scrapeInterval', 'scrapeTimeout', 'metricsPath', 'scheme', 'params', 'honorLabels', 'honorTimestamps', 'sampleLimit',
  'targetLimit', 'staticConfigs', 'kubernetesSdConfigs', 'relabelings', 'metricRelabelings', 'tls', 'authorization', 'basicAuth',
] as const;
const RELABEL_KEYS = ['action', 'sourceLabels', 'separator', 'regex', 'modulus', 'targetLabel', 'replacement'] as const;
type RelabelField = Exclude<(typeof RELABEL_KEYS)[number], 'action'>;

/**
 * Fields each action uses [PROM] (relabel.Config.Validate and relabel.Process); any other field is
 * ignored by Prometheus (or rejected), so we reject it. `required` fields must be given.
 */
const ACTION_FIELDS: Record<RelabelAction, { readonly allowed: readonly RelabelField[]; readonly required: readonly RelabelField[] }> = {
  replace: { allowed: ['sourceLabels', 'separator', 'regex', 'targetLabel', 'replacement'], required: ['targetLabel'] },
  keep: { allowed: ['sourceLabels', 'separator', 'regex'], required: ['sourceLabels', 'regex'] },
  drop: { allowed: ['sourceLabels', 'separator', 'regex'], required: ['sourceLabels', 'regex'] },
  keepequal: { allowed: ['sourceLabels', 'targetLabel'], required: ['sourceLabels', 'targetLabel'] },
  dropequal: { allowed: ['sourceLabels', 'targetLabel'], required: ['sourceLabels', 'targetLabel'] },
  hashmod: { allowed: ['sourceLabels', 'separator', 'targetLabel', 'modulus'], required: ['sourceLabels', 'targetLabel', 'modulus'] },
  lowercase: { allowed: ['sourceLabels', 'separator', 'targetLabel'], required: ['sourceLabels', 'targetLabel'] },
  uppercase: { allowed: ['sourceLabels', 'separator', 'targetLabel'], required: ['sourceLabels', 'targetLabel'] },
  labelmap: { allowed: ['regex', 'replacement'], required: ['regex'] },
  labeldrop: { allowed: ['regex'], required: ['regex'] },
  labelkeep: { allowed: ['regex'], required: ['regex'] },
};

/** Selector roles each SD role accepts [PROM] (discovery/kubernetes SDConfig.Validate). */
const SELECTOR_ROLES: Record<KubernetesSdRole, readonly KubernetesSdRole[]> = {
  pod: ['pod'],
  service: ['service'],
  endpoints: ['pod', 'service', 'endpoints'],
  endpointslice: ['pod', 'service', 'endpointslice'],
  node: ['node'],
  ingress: ['ingress'],
};

/** The ConfigMap of each kind: fixed names the agent mounts (NOTES §4.1). */
export const SCRAPE_CONFIGMAP_NAMES: Readonly<Record<ScrapeConfigMapKind, string>> = {
  cluster: 'ama-metrics-prometheus-config',
  node: 'ama-metrics-prometheus-config-node',
  nodeWindows: 'ama-metrics-prometheus-config-node-windows',
};

/** Context of one job's checks. */
interface JobContext {
  readonly kind: ScrapeConfigMapKind;
  /**
   * Effective default interval of this ConfigMap's jobs (ms). No default timeout is needed: a job
   * without a timeout gets min(global timeout, its interval) from Prometheus, never an error.
   */
  readonly defaultIntervalMs: number;
  readonly secretKeys: Set<string>;
}

/** Rejects `$` where the agent does not rewrite it: the OpenTelemetry config loader would interpret it. */
function checkNoDollar(path: string, value: string): string {
  if (value.includes('$')) {
    throw new ValidationError(
      path,
      value,
      'expected no "$": outside relabel regex/replacement (and node targets) the agent hands the text to the OpenTelemetry config loader, which interprets "$"',
    );
  }
  return value;
}

function checkDuration(path: string, value: unknown): { text: string; ms: number } {
  const text = checkString(path, value);
  const ms = parsePrometheusDuration(text);
  if (ms === undefined) {
    throw new ValidationError(
      path,
      value,
      'expected a Prometheus duration greater than 0 such as "30s", "1m" or "1h30m" (units y, w, d, h, m, s, ms, largest first, integers only)',
    );
  }
  return { text, ms };
}

function checkLabelName(path: string, value: unknown): string {
  return checkString(path, value, { pattern: LABEL_NAME, patternText: 'a Prometheus label name (letters, digits and "_", not starting with a digit)' });
}

/** A label map (`labels`, `external_labels`): valid names, non-empty values without `$`. */
function checkLabelMap(path: string, value: unknown): Record<string, string> {
  if (!isPlainObject(value)) throw new ValidationError(path, value, 'expected an object of label names to values');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    checkLabelName(`${path}.${k}`, k);
    // An empty value means "no label" to Prometheus: the entry would be silently dropped.
    out[k] = checkNoDollar(`${path}.${k}`, checkString(`${path}.${k}`, v));
  }
  if (Object.keys(out).length === 0) throw new ValidationError(path, value, 'expected at least one label (leave the prop out for none)');
  return out;
}

function checkSecretKey(path: string, value: unknown, ctx: JobContext): string {
  const key = checkString(path, value, {
    pattern: SECRET_KEY,
    maxLength: 253,
    patternText: `a key of Secret ${MTLS_SECRET_NAME} (letters, digits, "-", "_" and ".")`,
  });
  if (key === '.' || key === '..' || key.startsWith('..')) {
    throw new ValidationError(path, value, `expected a key of Secret ${MTLS_SECRET_NAME}; "." and names starting with ".." are not valid keys`);
  }
  ctx.secretKeys.add(key);
  return `${MTLS_MOUNT_DIR}/${key}`;
}

/**
 * Props that would put a secret (or an arbitrary file path) into the ConfigMap get a specific message
 * rather than the generic "unknown prop": the credential belongs in `ama-metrics-mtls-secret`.
 */
function rejectInlineSecrets(path: string, value: unknown, replacements: Record<string, string>): void {
  if (!isPlainObject(value)) return;
  for (const [key, instead] of Object.entries(replacements)) {
    if (value[key] === undefined) continue;
    throw new ValidationError(
      `${path}.${key}`,
      /file$/i.test(key) ? value[key] : '<redacted>',
      `not supported: a ConfigMap must not hold secrets and only ${MTLS_MOUNT_DIR} (Secret ${MTLS_SECRET_NAME}) is mounted for credentials`,
      `Put the value into Secret ${MTLS_SECRET_NAME} in kube-system and set ${instead} to its key.`,
    );
  }
}

function resolveTarget(path: string, value: unknown, ctx: JobContext): string {
  const target = checkString(path, value);
  const node = ctx.kind !== 'cluster';
  // The agent turns `$$NODE_X` into `$NODE_X`, then `$NODE_X` into `${env:NODE_X}` [VAL]; no other `$` handling.
  const NODE_TOKEN = /\$\$?(NODE_IP|NODE_NAME)/g;
  const usesNodeVar = NODE_TOKEN.test(target);
  if (usesNodeVar && !node) {
    throw new ValidationError(path, value, 'expected no $NODE_IP/$NODE_NAME in a cluster job: they name the node of the replica that happens to scrape', 'Node-local targets belong in node (or nodeWindows) jobs.');
  }
  if (target.replace(NODE_TOKEN, '').includes('$')) {
    throw new ValidationError(path, value, 'expected no "$" in a target other than $NODE_IP/$NODE_NAME (node jobs)');
  }
  if (node && !usesNodeVar) {
    throw new ValidationError(
      path,
      value,
      'expected a target using $NODE_IP or $NODE_NAME (e.g. "$NODE_IP:9100"): the agent on every node scrapes each node target, so a fixed target would be scraped once per node',
      'Scrape fixed targets from a cluster job.',
    );
  }
  const sample = target.replace(NODE_TOKEN, (_m, v: string) => NODE_SAMPLES[v]);
  const m = /^(\[[^\]]*\]|[^:]+)(?::(\d+))?$/.exec(sample);
  const hostOk = m && (IPV4.test(m[1]) || IPV6_BRACKETED.test(m[1]) || (DNS_SUBDOMAIN.test(m[1]) && m[1].length <= 253));
  const port = m?.[2] === undefined ? undefined : Number(m[2]);
  if (!m || !hostOk || (port !== undefined && (port < 1 || port > 65535))) {
    throw new ValidationError(path, value, 'expected "host:port" or "host" (a DNS name, an IPv4 address or a bracketed IPv6 address; port 1-65535), no scheme or path');
  }
  return target;
}

function resolveStaticConfigs(path: string, value: unknown, ctx: JobContext): StaticTargetGroupModel[] {
  if (!Array.isArray(value) || value.length === 0) throw new ValidationError(path, value, 'expected a non-empty array of { targets, labels? }');
  return value.map((g, i) => {
    const gp = `${path}[${i}]`;
    const p = checkProps<StaticTargetGroupProps>(gp, g, ['targets', 'labels']);
    const targets = checkStringList(`${gp}.targets`, p.targets, (ip, t) => resolveTarget(ip, t, ctx), { minItems: 1 });
    const labels = p.labels === undefined ? undefined : checkLabelMap(`${gp}.labels`, p.labels);
    return labels ? { targets, labels } : { targets };
  });
}

/**
 * The meta label holding a discovered target's node, per role (Prometheus kubernetes_sd_config docs).
 * `service` and `ingress` targets have no node.
 */
const NODE_NAME_META: Partial<Record<KubernetesSdRole, string>> = {
  pod: '__meta_kubernetes_pod_node_name',
  node: '__meta_kubernetes_node_name',
  endpoints: '__meta_kubernetes_endpoint_node_name',
  endpointslice: '__meta_kubernetes_endpointslice_endpoint_node_name',
};

/**
 * Whether the raw relabelings keep only the targets of the agent's own node: a `keep` on the node label
 * with regex `$NODE_NAME`, and no rule that could rewrite that label (a `labelmap`, or any rule writing
 * it as target), which would let other nodes' targets through.
 */
function keepsOwnNode(relabelings: unknown, role: KubernetesSdRole): boolean {
  const label = NODE_NAME_META[role];
  if (label === undefined || !Array.isArray(relabelings)) return false;
  const rules = relabelings.filter(isPlainObject);
  if (rules.some((r) => r.targetLabel === label || r.action === 'labelmap')) return false;
  return rules.some((r) =>
    r.action === 'keep' && r.regex === '$NODE_NAME' && Array.isArray(r.sourceLabels) && r.sourceLabels.length === 1 && r.sourceLabels[0] === label,
  );
}

/**
 * Service discovery. In the node ConfigMaps (one agent per node) a job may discover only when its
 * relabelings keep the targets of the agent's own node — the product's own node job for the logs agent
 * does exactly that (`__meta_kubernetes_pod_node_name` kept with `$NODE_NAME`, NOTES-network-observability
 * §3.4 [DP-QOS]); without it every node would scrape every target of the cluster.
 */
function resolveKubernetesSd(path: string, value: unknown, ctx: JobContext, relabelings: unknown): KubernetesSdModel[] {
  if (!Array.isArray(value) || value.length === 0) throw new ValidationError(path, value, 'expected a non-empty array of { role, namespaces?, selectors? }');
  return value.map((sd, i) => {
    const sp = `${path}[${i}]`;
    const p = checkProps<KubernetesSdProps>(sp, sd, ['role', 'namespaces', 'selectors']);
    const role = checkEnum(`${sp}.role`, p.role, KUBERNETES_SD_ROLES);
    if (ctx.kind !== 'cluster' && !keepsOwnNode(relabelings, role)) {
      const label = NODE_NAME_META[role];
      throw new ValidationError(
        sp,
        sd,
        `expected no service discovery in ${SCRAPE_CONFIGMAP_NAMES[ctx.kind]} unless the job keeps only its own node's targets: the agent on every node would discover (and scrape) every target of the cluster`,
        label === undefined
          ? `Role "${role}" targets have no node: use static targets with $NODE_IP/$NODE_NAME here, or move the job to the cluster jobs.`
          : `Add the relabeling { action: "keep", sourceLabels: ["${label}"], regex: "$NODE_NAME" }, use static targets with $NODE_IP/$NODE_NAME, or move the job to the cluster jobs.`,
      );
    }
    let namespaces: string[] | undefined;
    if (p.namespaces !== undefined) {
      if (role === 'node') throw new ValidationError(`${sp}.namespaces`, p.namespaces, 'expected no namespaces with role "node": nodes are not namespaced, Prometheus ignores them');
      namespaces = checkStringList(`${sp}.namespaces`, p.namespaces, checkNamespaceName, { minItems: 1 });
    }
    let selectors: KubernetesSdSelectorModel[] | undefined;
    if (p.selectors !== undefined) {
      if (!Array.isArray(p.selectors) || p.selectors.length === 0) throw new ValidationError(`${sp}.selectors`, p.selectors, 'expected a non-empty array of { role, label?, field? }');
      const seen = new Set<string>();
      selectors = p.selectors.map((sel, j) => {
        const selp = `${sp}.selectors[${j}]`;
        const q = checkProps<KubernetesSdSelectorProps>(selp, sel, ['role', 'label', 'field']);
        const selRole = checkEnum(`${selp}.role`, q.role, KUBERNETES_SD_ROLES);
        if (!SELECTOR_ROLES[role].includes(selRole)) {
          throw new ValidationError(`${selp}.role`, selRole, `expected ${SELECTOR_ROLES[role].map((r) => `"${r}"`).join(', ')}: the ${role} role supports only those selectors`);
        }
        if (seen.has(selRole)) throw new ValidationError(`${selp}.role`, selRole, 'expected each selector role once per SD config (Prometheus: duplicated selector role)');
        seen.add(selRole);
        if (q.label === undefined && q.field === undefined) throw new ValidationError(selp, sel, 'expected a label and/or field selector (an empty selector selects everything)');
        const out: { role: KubernetesSdRole; label?: string; field?: string } = { role: selRole };
        if (q.label !== undefined) {
          const label = checkNoDollar(`${selp}.label`, checkString(`${selp}.label`, q.label));
          const err = labelSelectorError(label);
          if (err) throw new ValidationError(`${selp}.label`, label, `expected a Kubernetes label selector such as "app=web,tier in (a,b)": ${err}`);
          out.label = label;
        }
        if (q.field !== undefined) {
          const field = checkNoDollar(`${selp}.field`, checkString(`${selp}.field`, q.field));
          const err = fieldSelectorError(field);
          if (err) throw new ValidationError(`${selp}.field`, field, `expected a Kubernetes field selector such as "status.phase=Running": ${err}`);
          out.field = field;
        }
        return out;
      });
    }
    return { role, ...(namespaces ? { namespaces } : {}), ...(selectors ? { selectors } : {}) };
  });
}

/** A regex of a relabel rule: valid RE2 as Prometheus compiles it, with the node variables as the agent substitutes them. */
function resolveRegex(path: string, value: unknown, ctx: JobContext): { regex: string; groups: Re2Groups } {
  const regex = checkString(path, value, { minLength: 0 });
  const effective = relabelText(path, regex, ctx);
  const groups = checkRe2(effective);
  if (typeof groups === 'string') {
    throw new ValidationError(path, value, `expected an RE2 regular expression (Go syntax, as Prometheus compiles "^(?:<regex>)$"): ${groups}`);
  }
  return { regex, groups };
}

/** The node-variable rules for `regex`/`replacement`; returns the value as Prometheus sees it (sample node values). */
function relabelText(path: string, value: string, ctx: JobContext): string {
  if (ctx.kind === 'cluster') {
    const m = /\$(NODE_IP|NODE_NAME)/.exec(value);
    if (m) {
      throw new ValidationError(
        path,
        value,
        `expected no ${m[0]} in a cluster job: the agent substitutes it with the node of the replica that happens to scrape`,
        'Node-local rules belong in node (or nodeWindows) jobs.',
      );
    }
    return value;
  }
  const r = withNodeSamples(value);
  if (typeof r !== 'string') {
    throw new ValidationError(
      path,
      value,
      `expected no "${r.ambiguous}": Prometheus reads "$$" as a literal "$" but the agent still substitutes the node variable after it`,
      'Write the node variable with a single "$", or avoid a literal "$" right before it.',
    );
  }
  return r;
}

/**
 * Checks that every reference of a replacement (as Prometheus sees it) names a group of the regex:
 * Prometheus substitutes an empty string for a missing group, silently. `given` is the replacement as
 * written, or undefined for the default "$1".
 */
function checkReferences(path: string, given: string | undefined, effective: string, groups: Re2Groups, regexGiven: boolean): void {
  for (const ref of templateRefs(effective)) {
    const ok = ref.num !== undefined ? ref.num <= groups.count : groups.names.has(ref.name!);
    if (ok) continue;
    const what = ref.num !== undefined ? `capture group ${ref.num}` : `a capture group named "${ref.name}"`;
    const digits = /^\$([0-9]+)[\p{L}_]/u.exec(ref.text);
    const hint = digits
      ? `Prometheus reads "${ref.text}" as one group name: write \${${digits[1]}}${ref.text.slice(digits[1].length + 1)}.`
      : ref.name !== undefined && /^[A-Z_]+$/.test(ref.name)
        ? 'The agent substitutes only $NODE_IP and $NODE_NAME, and only in node jobs.'
        : undefined;
    const named = groups.names.size ? ` (named: ${[...groups.names].join(', ')})` : '';
    throw new ValidationError(
      path,
      given,
      `expected references to groups the regex${regexGiven ? '' : ' (default "(.*)")'} defines: ${given === undefined ? 'the default replacement ' : ''}"${ref.text}" ` +
        `refers to ${what}, but the regex has ${groups.count} group(s)${named}; Prometheus would substitute an empty string`,
      hint,
    );
  }
}

function resolveRelabelRule(path: string, value: unknown, ctx: JobContext): RelabelRuleModel {
  const p = checkProps<RelabelRuleProps>(path, value, RELABEL_KEYS);
  const action = p.action === undefined ? 'replace' : checkEnum(`${path}.action`, p.action, RELABEL_ACTIONS);
  const fields = ACTION_FIELDS[action];
  for (const f of RELABEL_KEYS) {
    if (f === 'action' || p[f] === undefined || fields.allowed.includes(f)) continue;
    throw new ValidationError(
      `${path}.${f}`,
      p[f],
      `expected no ${f} with action "${action}": Prometheus ignores it there (${action} uses ${fields.allowed.join(', ')})`,
    );
  }
  for (const f of fields.required) {
    if (p[f] !== undefined) continue;
    const why = f === 'regex' ? ' (the default "(.*)" matches everything)' : '';
    throw new ValidationError(`${path}.${f}`, undefined, `expected ${f}: action "${action}" requires ${fields.required.join(', ')}${why}`);
  }

  const out: { -readonly [K in keyof RelabelRuleModel]: RelabelRuleModel[K] } = { action };
  if (p.sourceLabels !== undefined) out.sourceLabels = checkStringList(`${path}.sourceLabels`, p.sourceLabels, checkLabelName, { minItems: 1 });
  if (p.separator !== undefined) {
    const sep = checkNoDollar(`${path}.separator`, checkString(`${path}.separator`, p.separator, { minLength: 0 }));
    if ((out.sourceLabels?.length ?? 0) < 2) {
      throw new ValidationError(`${path}.separator`, sep, 'expected no separator with fewer than two sourceLabels: Prometheus only uses it to join them');
    }
    out.separator = sep;
  }
  let groups: Re2Groups = { count: 1, names: new Set() }; // Prometheus' default regex "(.*)"
  if (p.regex !== undefined) {
    const r = resolveRegex(`${path}.regex`, p.regex, ctx);
    out.regex = r.regex;
    groups = r.groups;
  }
  if (p.modulus !== undefined) out.modulus = checkInt(`${path}.modulus`, p.modulus, 1);
  if (p.targetLabel !== undefined) {
    const tl = checkString(`${path}.targetLabel`, p.targetLabel);
    checkNoDollar(`${path}.targetLabel`, tl);
    out.targetLabel = checkLabelName(`${path}.targetLabel`, tl);
  }
  if (action === 'replace' || action === 'labelmap') {
    const replacement = p.replacement === undefined ? '$1' : checkString(`${path}.replacement`, p.replacement, { minLength: 0 });
    const effective = relabelText(`${path}.replacement`, replacement, ctx);
    if (action === 'labelmap' && !RELABEL_TARGET.test(effective)) {
      throw new ValidationError(`${path}.replacement`, replacement, 'expected a label name that may contain group references such as "$1" or "${1}_suffix" (labelmap)');
    }
    checkReferences(`${path}.replacement`, p.replacement as string | undefined, effective, groups, p.regex !== undefined);
    if (p.replacement !== undefined) out.replacement = replacement;
  }
  return out;
}

function resolveRelabelRules(path: string, value: unknown, ctx: JobContext): RelabelRuleModel[] {
  if (!Array.isArray(value) || value.length === 0) throw new ValidationError(path, value, 'expected a non-empty array of relabel rules');
  return value.map((rule, i) => resolveRelabelRule(`${path}[${i}]`, rule, ctx));
}

function resolveTls(path: string, value: unknown, ctx: JobContext): ScrapeTlsModel {
  rejectInlineSecrets(path, value, { ca: 'caSecretKey', cert: 'certSecretKey', key: 'keySecretKey', caFile: 'caSecretKey', certFile: 'certSecretKey', keyFile: 'keySecretKey' });
  const p = checkProps<ScrapeTlsProps>(path, value, ['caSecretKey', 'serviceAccountCa', 'certSecretKey', 'keySecretKey', 'serverName', 'insecureSkipVerify']);
  const out: { -readonly [K in keyof ScrapeTlsModel]: ScrapeTlsModel[K] } = {};
  const saCa = p.serviceAccountCa === undefined ? false : checkBoolean(`${path}.serviceAccountCa`, p.serviceAccountCa);
  if (saCa && p.caSecretKey !== undefined) throw new ValidationError(`${path}.caSecretKey`, p.caSecretKey, 'expected either caSecretKey or serviceAccountCa, not both');
  if (p.caSecretKey !== undefined) out.caFile = checkSecretKey(`${path}.caSecretKey`, p.caSecretKey, ctx);
  if (saCa) out.caFile = SERVICE_ACCOUNT_CA_FILE;
  if ((p.certSecretKey === undefined) !== (p.keySecretKey === undefined)) {
    const missing = p.certSecretKey === undefined ? 'certSecretKey' : 'keySecretKey';
    throw new ValidationError(`${path}.${missing}`, undefined, 'expected certSecretKey and keySecretKey together: a client certificate needs its key (Prometheus rejects one without the other)');
  }
  if (p.certSecretKey !== undefined) {
    out.certFile = checkSecretKey(`${path}.certSecretKey`, p.certSecretKey, ctx);
    out.keyFile = checkSecretKey(`${path}.keySecretKey`, p.keySecretKey, ctx);
  }
  if (p.serverName !== undefined) {
    out.serverName = checkString(`${path}.serverName`, p.serverName, { pattern: DNS_SUBDOMAIN, maxLength: 253, patternText: 'a DNS name' });
  }
  if (p.insecureSkipVerify !== undefined) out.insecureSkipVerify = checkBoolean(`${path}.insecureSkipVerify`, p.insecureSkipVerify);
  if (Object.keys(out).length === 0) throw new ValidationError(path, value, 'expected at least one TLS setting (leave tls out for the defaults)');
  return out;
}

function resolveAuthorization(path: string, value: unknown, ctx: JobContext): { type: string; credentialsFile: string } {
  rejectInlineSecrets(path, value, { credentials: 'credentialsSecretKey', credentialsFile: 'credentialsSecretKey' });
  const p = checkProps<ScrapeAuthorizationProps>(path, value, ['type', 'credentialsSecretKey', 'serviceAccountToken']);
  const type = p.type === undefined ? 'Bearer' : checkString(`${path}.type`, p.type, { pattern: /^[A-Za-z][A-Za-z0-9._~+-]*$/, patternText: 'an HTTP authorization scheme such as "Bearer"' });
  if (type.toLowerCase() === 'basic') throw new ValidationError(`${path}.type`, type, 'expected a scheme other than Basic (Prometheus rejects it here)', 'Use basicAuth.');
  const sa = p.serviceAccountToken === undefined ? false : checkBoolean(`${path}.serviceAccountToken`, p.serviceAccountToken);
  if (sa === (p.credentialsSecretKey !== undefined)) {
    throw new ValidationError(path, value, 'expected exactly one of credentialsSecretKey (a key of Secret ama-metrics-mtls-secret) and serviceAccountToken: true');
  }
  return { type, credentialsFile: sa ? SERVICE_ACCOUNT_TOKEN_FILE : checkSecretKey(`${path}.credentialsSecretKey`, p.credentialsSecretKey, ctx) };
}

function resolveBasicAuth(path: string, value: unknown, ctx: JobContext): { username: string; passwordFile: string } {
  rejectInlineSecrets(path, value, { password: 'passwordSecretKey', passwordFile: 'passwordSecretKey' });
  const p = checkProps<ScrapeBasicAuthProps>(path, value, ['username', 'passwordSecretKey']);
  const username = checkNoDollar(`${path}.username`, checkString(`${path}.username`, p.username));
  if (username.includes(':')) throw new ValidationError(`${path}.username`, username, 'expected no ":" (HTTP basic authentication separates user and password with it)');
  if (p.passwordSecretKey === undefined) throw new ValidationError(`${path}.passwordSecretKey`, undefined, `expected the key of Secret ${MTLS_SECRET_NAME} holding the password`);
  return { username, passwordFile: checkSecretKey(`${path}.passwordSecretKey`, p.passwordSecretKey, ctx) };
}

function resolveParams(path: string, value: unknown): Record<string, string[]> {
  if (!isPlainObject(value) || Object.keys(value).length === 0) throw new ValidationError(path, value, 'expected an object of parameter names to non-empty arrays of values');
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    checkNoDollar(`${path}.${k}`, k);
    out[k] = checkStringList(`${path}.${k}`, v, (ip, item) => checkNoDollar(ip, checkString(ip, item, { minLength: 0 })), { minItems: 1 });
  }
  return out;
}

function resolveJob(path: string, value: unknown, ctx: JobContext): ScrapeJobModel {
  rejectInlineSecrets(path, value, { bearerToken: 'authorization.credentialsSecretKey', bearerTokenFile: 'authorization.credentialsSecretKey' });
  const p = checkProps<ScrapeJobProps>(path, value, JOB_KEYS);
  const jobName = checkString(`${path}.jobName`, p.jobName, {
    pattern: JOB_NAME,
    maxLength: 1023, // the `job` label value limit of the workspace (NOTES §3)
    patternText: 'a job name of letters, digits, "_", "-", "." and ":", starting with a letter, digit or "_"',
  });

  const job: { -readonly [K in keyof ScrapeJobModel]: ScrapeJobModel[K] } = {
    kind: ctx.kind,
    jobName,
    staticConfigs: [],
    kubernetesSdConfigs: [],
    relabelings: [],
    metricRelabelings: [],
  };

  let intervalMs = ctx.defaultIntervalMs;
  if (p.scrapeInterval !== undefined) {
    const d = checkDuration(`${path}.scrapeInterval`, p.scrapeInterval);
    job.scrapeInterval = d.text;
    intervalMs = d.ms;
  }
  if (p.scrapeTimeout !== undefined) {
    const d = checkDuration(`${path}.scrapeTimeout`, p.scrapeTimeout);
    if (d.ms > intervalMs) {
      const source = p.scrapeInterval !== undefined ? 'scrapeInterval' : ctx.kind === 'cluster' ? 'the global scrape interval' : `the default interval of ${SCRAPE_CONFIGMAP_NAMES[ctx.kind]} (1m)`;
      throw new ValidationError(`${path}.scrapeTimeout`, d.text, `expected at most the job's interval (${source}): Prometheus rejects a timeout longer than the interval`);
    }
    job.scrapeTimeout = d.text;
  }
  if (p.metricsPath !== undefined) {
    job.metricsPath = checkNoDollar(
      `${path}.metricsPath`,
      checkString(`${path}.metricsPath`, p.metricsPath, { pattern: /^\/[^\s?#]*$/, patternText: 'a URL path starting with "/" (no spaces; query parameters go in params)' }),
    );
  }
  if (p.scheme !== undefined) job.scheme = checkEnum(`${path}.scheme`, p.scheme, ['http', 'https'] as const);
  if (p.params !== undefined) job.params = resolveParams(`${path}.params`, p.params);
  if (p.honorLabels !== undefined) job.honorLabels = checkBoolean(`${path}.honorLabels`, p.honorLabels);
  if (p.honorTimestamps !== undefined) job.honorTimestamps = checkBoolean(`${path}.honorTimestamps`, p.honorTimestamps);
  if (p.sampleLimit !== undefined) job.sampleLimit = checkInt(`${path}.sampleLimit`, p.sampleLimit, 1);
  if (p.targetLimit !== undefined) job.targetLimit = checkInt(`${path}.targetLimit`, p.targetLimit, 1);

  if (p.staticConfigs !== undefined) job.staticConfigs = resolveStaticConfigs(`${path}.staticConfigs`, p.staticConfigs, ctx);
  if (p.kubernetesSdConfigs !== undefined) job.kubernetesSdConfigs = resolveKubernetesSd(`${path}.kubernetesSdConfigs`, p.kubernetesSdConfigs, ctx, p.relabelings);
  if (job.staticConfigs.length === 0 && job.kubernetesSdConfigs.length === 0) {
    throw new ValidationError(
      path,
      { jobName },
      ctx.kind === 'cluster' ? 'expected targets: staticConfigs and/or kubernetesSdConfigs (a job without targets scrapes nothing)' : 'expected targets: staticConfigs with $NODE_IP/$NODE_NAME, or kubernetesSdConfigs kept to the own node (a job without targets scrapes nothing)',
    );
  }
  if (p.relabelings !== undefined) job.relabelings = resolveRelabelRules(`${path}.relabelings`, p.relabelings, ctx);
  if (p.metricRelabelings !== undefined) job.metricRelabelings = resolveRelabelRules(`${path}.metricRelabelings`, p.metricRelabelings, ctx);

  if (p.tls !== undefined) {
    job.tls = resolveTls(`${path}.tls`, p.tls, ctx);
    const schemeByRelabel = job.relabelings.some((r) => r.targetLabel === '__scheme__');
    if (job.scheme !== 'https' && !schemeByRelabel) {
      throw new ValidationError(
        `${path}.tls`,
        p.tls,
        'expected scheme "https" (or a relabeling that sets __scheme__): Prometheus uses TLS settings only for https targets',
      );
    }
  }
  if (p.authorization !== undefined && p.basicAuth !== undefined) {
    throw new ValidationError(`${path}.basicAuth`, p.basicAuth, 'expected either authorization or basicAuth, not both (Prometheus allows one)');
  }
  if (p.authorization !== undefined) {
    job.authorization = resolveAuthorization(`${path}.authorization`, p.authorization, ctx);
    if (job.authorization.credentialsFile === SERVICE_ACCOUNT_TOKEN_FILE && job.scheme !== 'https') {
      throw new ValidationError(`${path}.authorization.serviceAccountToken`, true, 'expected scheme "https" with the service-account token: it would be sent in clear text');
    }
  }
  if (p.basicAuth !== undefined) job.basicAuth = resolveBasicAuth(`${path}.basicAuth`, p.basicAuth, ctx);
  return job;
}

function resolveGlobal(path: string, value: unknown): ScrapeGlobalModel | undefined {
  const p = checkProps<ScrapeGlobalProps>(path, value, GLOBAL_KEYS);
  if (p.scrapeInterval === undefined && p.scrapeTimeout === undefined && p.externalLabels === undefined) return undefined;
  const interval = checkDuration(`${path}.scrapeInterval`, p.scrapeInterval ?? PROMETHEUS_DEFAULT_SCRAPE_INTERVAL);
  const out: { -readonly [K in keyof ScrapeGlobalModel]: ScrapeGlobalModel[K] } = { scrapeInterval: interval.text };
  if (p.scrapeTimeout !== undefined) {
    const timeout = checkDuration(`${path}.scrapeTimeout`, p.scrapeTimeout);
    if (timeout.ms > interval.ms) {
      throw new ValidationError(`${path}.scrapeTimeout`, timeout.text, `expected at most the global scrape interval (${interval.text}): Prometheus rejects a longer timeout`);
    }
    out.scrapeTimeout = timeout.text;
  }
  if (p.externalLabels !== undefined) out.externalLabels = checkLabelMap(`${path}.externalLabels`, p.externalLabels);
  return out;
}

/**
 * Validates the custom scrape jobs. `path` is where the props sit (e.g. `managedPrometheus.scrapeConfigs`);
 * `reservedJobNames` are further job names the stack already uses (added to {@link DEFAULT_JOB_NAMES}).
 */
export function resolveScrapeConfigs(
  path: string,
  props: unknown,
  cluster: ClusterModel,
  reservedJobNames: readonly string[] = [],
): ScrapeConfigsModel {
  if (props === undefined) return { cluster: [], node: [], nodeWindows: [], mtlsSecretKeys: [] };
  for (const [key, section] of Object.entries(UNSUPPORTED_SECTIONS)) {
    if (!isPlainObject(props) || props[key] === undefined) continue;
    throw new ValidationError(
      `${path}.${key}`,
      props[key],
      `not supported: the agent rejects ${section} in its custom ConfigMaps and then ignores the whole ConfigMap`,
      'Metrics reach the Azure Monitor workspace through the data collection rule; recording and alert rules are Azure Prometheus rule groups.',
    );
  }
  const p = checkProps<ScrapeConfigsProps>(path, props, SCRAPE_CONFIGS_PROPS_KEYS);
  const global = p.global === undefined ? undefined : resolveGlobal(`${path}.global`, p.global);

  const secretKeys = new Set<string>();
  const reserved = new Set([...DEFAULT_JOB_NAMES, ...reservedJobNames]);
  const seen = new Map<string, string>(); // job name -> path of its first use

  const resolveList = (kind: ScrapeConfigMapKind, value: unknown): ScrapeJobModel[] => {
    if (value === undefined) return [];
    const lp = `${path}.${kind}`;
    if (!Array.isArray(value)) throw new ValidationError(lp, value, 'expected an array of scrape jobs');
    if (kind === 'nodeWindows' && value.length > 0) {
      if (!cluster.windowsNodes) {
        throw new ValidationError(lp, `${value.length} job(s)`, 'expected no Windows jobs: the cluster has no Windows nodes (cluster.nodes.windows)', 'Set cluster.nodes.windows: true or leave nodeWindows out.');
      }
      // The chart renders the ama-metrics-win-node DaemonSet only for the AKS add-on, not for the Arc
      // extension (NOTES §2.2, §2.6): the profile's windowsMetricsAgent cell.
      if (!cluster.profile.windowsMetricsAgent) {
        throw new ValidationError(
          lp,
          `${value.length} job(s)`,
          `expected no Windows jobs on ${cluster.profile.displayName}: the Windows metrics agent (ama-metrics-win-node) exists only with the AKS add-on`,
          'Scrape Windows nodes from a cluster job instead (NOTES §2.6).',
        );
      }
    }
    const ctx: JobContext = {
      kind,
      defaultIntervalMs: parsePrometheusDuration(kind === 'cluster' ? global?.scrapeInterval ?? PROMETHEUS_DEFAULT_SCRAPE_INTERVAL : PROMETHEUS_DEFAULT_SCRAPE_INTERVAL)!,
      secretKeys,
    };
    return value.map((j, i) => {
      const job = resolveJob(`${lp}[${i}]`, j, ctx);
      const jp = `${lp}[${i}].jobName`;
      if (reserved.has(job.jobName)) {
        const builtIn = DEFAULT_JOB_NAMES.includes(job.jobName);
        throw new ValidationError(
          jp,
          job.jobName,
          builtIn
            ? 'expected a name other than those of the agent\'s default jobs: job names must be unique in the merged configuration'
            : 'expected a name the stack does not already use for another scrape job: job names must be unique',
        );
      }
      const first = seen.get(job.jobName);
      if (first !== undefined) throw new ValidationError(jp, job.jobName, `expected job names to be unique across the three ConfigMaps; ${first} has it too`);
      seen.set(job.jobName, jp);
      return job;
    });
  };

  return {
    ...(global ? { global } : {}),
    cluster: resolveList('cluster', p.cluster),
    node: resolveList('node', p.node),
    nodeWindows: resolveList('nodeWindows', p.nodeWindows),
    mtlsSecretKeys: [...secretKeys].sort(),
  };
}
