import { DNS_SUBDOMAIN, ROOT, checkNamespaceName, checkProps, checkString, checkStringList, closest } from './check';
import { ValidationError } from '../errors';

// MetricsConfiguration (retina.sh/v1alpha1): the cluster-scoped custom resource of open-source Retina
// that turns on its pod-level ("advanced") metrics and chooses their context labels and namespaces.
// Facts: shared/reference/NOTES-network-observability.md §4.4 [RET-CRD-MC, RET-VAL, RET-DOC-MC,
// RET-MODES]; the verbatim CRD is reference/network-observability/retina/retina.sh_metricsconfigurations.yaml.
//
// For clusters that run OSS Retina only. AKS-managed ACNS does not use this resource (NOTES §4.4):
// there, pod-level metrics are Hubble's and are filtered with ContainerNetworkMetric (NOTES §2.6).
//
// Not usable together with pod annotations mode (`enableAnnotations`): with annotations on, Retina
// ignores the namespaces of this resource for choosing the pods to observe
// (microsoft/retina@532c5aa2:docs/03-Metrics/configuration.md, NOTES §4.4).
//
// Retina checks the resource twice, and both checks are silent at apply time: its operator validates
// it [RET-VAL] and writes `status.state: Errored` with a reason; its agents then ignore anything they
// do not understand (a metric without a pod-level variant, an unknown label option) without any
// status at all. We reject all of it at synth time instead. Where a rule below goes beyond the notes,
// the Retina source it follows is named (microsoft/retina, stored versions of the files named; the
// notes' pinned commit 532c5aa2 of those Go files is not in the index — the lead may want the notes
// to record these facts).

export const RETINA_METRICS_CONFIGURATION_API_VERSION = 'retina.sh/v1alpha1';
export const RETINA_METRICS_CONFIGURATION_KIND = 'MetricsConfiguration';

/**
 * The default `metadata.name`. Retina reads no fixed name, but it honours only ONE MetricsConfiguration
 * per cluster: its operator accepts the first one it sees and marks every other `Errored` ("Metrics
 * Configuration is already configured on this cluster"), and the agents skip them
 * (microsoft/retina pkg/controllers/{operator,daemon}/metricsconfiguration/metricsconfiguration_controller.go).
 * A stable name is therefore part of the contract: a rename creates the new object while the operator
 * still holds the old one, so the new one stays Errored. We default to the name of Retina's own
 * documented example [RET-DOC-MC], so that applying our stack over a cluster set up from the docs
 * updates that object in place instead of creating a second, rejected one.
 */
export const RETINA_METRICS_CONFIGURATION_DEFAULT_NAME = 'metricsconfigcrd';

/**
 * Every name Retina's operator accepts as `metricName` (`IsAdvancedMetric` [RET-VAL], NOTES §4.4), in
 * the notes' order. Other Retina versions differ (older ones: `tcp_flag_counters`,
 * `udp_active_sockets`; newer ones add conntrack counters); this list follows the notes' pin.
 */
export const RETINA_ACCEPTED_METRIC_NAMES = [
  'drop_count',
  'drop_bytes',
  'forward_count',
  'forward_bytes',
  'node_connectivity_status',
  'node_connectivity_latency_seconds',
  'tcp_state',
  'tcp_connection_remote',
  'tcp_connection_stats',
  'tcp_flag_gauges',
  'tcp_retransmission_count',
  'ip_connection_stats',
  'udp_connection_stats',
  'dns_request_count',
  'dns_response_count',
  'node_apiserver_latency',
  'node_apiserver_handshake_latency',
  'node_apiserver_no_response',
] as const;
export type RetinaAcceptedMetricName = (typeof RETINA_ACCEPTED_METRIC_NAMES)[number];

/**
 * The accepted names that have a pod-level (`adv_`) metric, mapped to its Prometheus name (without the
 * `networkobservability_` prefix) — the "List of Metrics" of Retina's advanced mode [RET-MODES]. The
 * agents' metrics module builds exactly these eleven (`updateMetricsContexts`, and its
 * `DefaultMetrics()` used in annotations mode, microsoft/retina pkg/module/metrics/{metrics_module,types}.go).
 * The other seven accepted names are basic node-level metrics: the operator says `Accepted`, the agent
 * logs "Invalid metric name" (or builds nothing) and emits nothing more. Those are rejected (see
 * {@link resolveRetinaMetricsConfiguration}).
 */
export const RETINA_POD_LEVEL_METRICS = {
  drop_count: 'adv_drop_count',
  drop_bytes: 'adv_drop_bytes',
  forward_count: 'adv_forward_count',
  forward_bytes: 'adv_forward_bytes',
  tcp_flag_gauges: 'adv_tcpflags_count',
  tcp_retransmission_count: 'adv_tcpretrans_count',
  dns_request_count: 'adv_dns_request_count',
  dns_response_count: 'adv_dns_response_count',
  node_apiserver_latency: 'adv_node_apiserver_latency',
  node_apiserver_handshake_latency: 'adv_node_apiserver_tcp_handshake_latency',
  node_apiserver_no_response: 'adv_node_apiserver_no_response',
} as const satisfies Partial<Record<RetinaAcceptedMetricName, string>>;
export type RetinaMetricName = keyof typeof RETINA_POD_LEVEL_METRICS;
export const RETINA_METRIC_NAMES = Object.keys(RETINA_POD_LEVEL_METRICS) as RetinaMetricName[];

/**
 * The API-server metrics: node-level histograms/counters (`le` is their only label, [RET-MODES]); the
 * agent builds one shared object for all three that takes no context options and no TTL
 * (`NewLatencyMetrics`, microsoft/retina pkg/module/metrics/latency.go).
 */
const API_SERVER_METRICS: readonly RetinaMetricName[] = ['node_apiserver_latency', 'node_apiserver_handshake_latency', 'node_apiserver_no_response'];

/**
 * The metrics whose pod-level variant has a `direction` label [RET-MODES] — the only ones where the
 * documented additional label `direction` means anything.
 */
const DIRECTION_METRICS: readonly RetinaMetricName[] = ['drop_count', 'drop_bytes', 'forward_count', 'forward_bytes'];

/**
 * Context label options for `sourceLabels`/`destinationLabels`: what Retina's agent understands
 * (`NewCtxOption`, microsoft/retina pkg/module/metrics/types.go; the notes give `ip`, `podname`,
 * `port`, `workload` as examples, NOTES §4.4, RET-DOC-MC). Anything else is skipped without a word, so
 * it is rejected. The agent compares case-insensitively; we require the canonical lower case (the
 * lists are sets, and `IP` next to `ip` would be one label twice). Each option adds the labels
 * `source_<option>`/`destination_<option>` (`workload` adds `_workload_kind` and `_workload_name`).
 */
export const RETINA_CONTEXT_LABELS = ['ip', 'namespace', 'podname', 'workload', 'service', 'port', 'zone'] as const;
export type RetinaContextLabel = (typeof RETINA_CONTEXT_LABELS)[number];

/** Misspellings worth a specific hint: what people write, and the option they mean. */
const CONTEXT_LABEL_ALIASES: ReadonlyMap<string, RetinaContextLabel> = new Map([
  ['pod', 'podname'],
  ['pods', 'podname'],
  ['pod_name', 'podname'],
  ['ns', 'namespace'],
  ['workload_kind', 'workload'],
  ['workload_name', 'workload'],
  ['svc', 'service'],
]);

/**
 * `additionalLabels` values: the CRD and the docs name only `direction` ("Such as Direction
 * (ingress/egress)", RET-CRD-MC; the example of RET-DOC-MC). It is accepted on the metrics that carry
 * a `direction` label ({@link DIRECTION_METRICS}).
 */
export const RETINA_ADDITIONAL_LABELS = ['direction'] as const;
export type RetinaAdditionalLabel = (typeof RETINA_ADDITIONAL_LABELS)[number];

/** One metric to enable, with its context (wire `spec.contextOptions[]`). */
export interface RetinaMetricContextOptionProps {
  /**
   * The metric (wire `metricName`): one of the eleven Retina metrics with a pod-level variant
   * ({@link RETINA_POD_LEVEL_METRICS}); Retina exports it as `networkobservability_adv_<...>`.
   * Each metric at most once per resource.
   */
  readonly metricName: RetinaMetricName;
  /**
   * Context of the flow's source, as `source_<option>` labels. Not allowed on the API-server metrics.
   * In Retina's local-context mode (Helm `remoteContext: false`) these options describe the pod on the
   * node in both directions, and `destinationLabels` is not used (RET-MODES).
   * @default - no source context labels
   */
  readonly sourceLabels?: RetinaContextLabel[];
  /**
   * Context of the flow's destination, as `destination_<option>` labels (remote-context mode only,
   * see `sourceLabels`). Not allowed on the API-server metrics.
   * @default - no destination context labels
   */
  readonly destinationLabels?: RetinaContextLabel[];
  /**
   * Further labels: `direction` (ingress/egress), on drop and forward metrics only.
   * @default - none
   */
  readonly additionalLabels?: RetinaAdditionalLabel[];
  /**
   * How long a series may go without an update before Retina stops exporting it, as a Go duration
   * (`"30s"`, `"5m"`, `"1h30m"`); `"0"` keeps series forever (RET-DOC-MC, RET-VAL). Must be >= 0.
   * Not allowed on the API-server metrics (they never expire).
   * @default - series never expire
   */
  readonly ttl?: string;
}

/** Which namespaces' pods get pod-level metrics (wire `spec.namespaces`): exactly one of the two. */
export interface RetinaMetricsNamespacesProps {
  /**
   * Only these namespaces.
   * @default - not set: `exclude` must be set
   */
  readonly include?: string[];
  /**
   * Every namespace but these.
   * @default - not set: `include` must be set
   */
  readonly exclude?: string[];
}

/**
 * Retina's cluster-scoped MetricsConfiguration (OSS Retina only, not AKS-managed ACNS).
 *
 * Prerequisites on the Retina side, which synth cannot see: pod-level metrics enabled in Retina's Helm
 * values (`enablePodLevel`), and annotations mode off (`enableAnnotations: false`) — with annotations
 * on, the MetricsConfiguration does not choose the pods to observe (NOTES §4.4, RET-VALUES).
 */
export interface RetinaMetricsConfigurationProps {
  /**
   * `metadata.name`. Retina honours one MetricsConfiguration per cluster (any other is marked Errored),
   * so set this only to take over an existing one, and never change it on a deployed cluster.
   * @default 'metricsconfigcrd' (the name in Retina's documented example, RET-DOC-MC)
   */
  readonly name?: string;
  /** The metrics to enable: at least one, each metric once. */
  readonly contextOptions: RetinaMetricContextOptionProps[];
  /** The namespaces whose pods are observed: exactly one of `include`/`exclude`. */
  readonly namespaces: RetinaMetricsNamespacesProps;
}

export interface RetinaMetricContextOptionModel {
  readonly metricName: RetinaMetricName;
  readonly sourceLabels?: RetinaContextLabel[];
  readonly destinationLabels?: RetinaContextLabel[];
  readonly additionalLabels?: RetinaAdditionalLabel[];
  readonly ttl?: string;
}

export type RetinaMetricsNamespacesModel =
  | { readonly include: string[]; readonly exclude?: undefined }
  | { readonly include?: undefined; readonly exclude: string[] };

export interface RetinaMetricsConfigurationModel {
  readonly name: string;
  readonly contextOptions: RetinaMetricContextOptionModel[];
  readonly namespaces: RetinaMetricsNamespacesModel;
}

// -------------------------------------------------------------------------------------------------
// Go durations
// -------------------------------------------------------------------------------------------------

/** Nanoseconds per unit of Go's `time.ParseDuration` (`µs` is U+00B5, `μs` U+03BC; both accepted by Go). */
const GO_DURATION_UNITS: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1000n],
  ['\u00b5s', 1000n],
  ['\u03bcs', 1000n],
  ['ms', 1000000n],
  ['s', 1000000000n],
  ['m', 60000000000n],
  ['h', 3600000000000n],
]);
const GO_DURATION_MAX = 2n ** 63n - 1n;
const GO_DURATION_ELEMENT = /^([0-9]*)(?:\.([0-9]*))?([^0-9.]+)/;

/**
 * A Go duration as Retina parses `ttl` (`time.ParseDuration` [RET-VAL]): an optional sign, then `"0"`,
 * or one or more numbers (decimal fractions allowed) each followed by a unit (`ns`, `us`, `µs`, `ms`,
 * `s`, `m`, `h`), no spaces. Returns the nanoseconds, or `'syntax'`/`'overflow'`.
 */
export function parseGoDuration(text: string): bigint | 'syntax' | 'overflow' {
  let s = text;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') return 'syntax';
  let total = 0n;
  while (s !== '') {
    const m = GO_DURATION_ELEMENT.exec(s);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) return 'syntax';
    const unit = GO_DURATION_UNITS.get(m[3]);
    if (unit === undefined) return 'syntax';
    const fraction = m[2] ?? '';
    total += BigInt(m[1] || '0') * unit + (fraction === '' ? 0n : (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length));
    if (total > GO_DURATION_MAX + 1n) return 'overflow';
    s = s.slice(m[0].length);
  }
  if (negative) return -total;
  return total > GO_DURATION_MAX ? 'overflow' : total;
}

// -------------------------------------------------------------------------------------------------
// Resolve
// -------------------------------------------------------------------------------------------------

const join = (path: string, key: string) => (path === ROOT ? key : `${path}.${key}`);

/** Prometheus names (with or without `networkobservability_`) back to their `metricName`. */
const METRIC_BY_PROMETHEUS_NAME: ReadonlyMap<string, RetinaMetricName> = new Map(
  RETINA_METRIC_NAMES.flatMap((name) => [
    [RETINA_POD_LEVEL_METRICS[name], name],
    [`networkobservability_${RETINA_POD_LEVEL_METRICS[name]}`, name],
  ]),
);

function checkMetricName(path: string, value: unknown): RetinaMetricName {
  const name = checkString(path, value);
  if ((RETINA_METRIC_NAMES as string[]).includes(name)) return name as RetinaMetricName;
  if ((RETINA_ACCEPTED_METRIC_NAMES as readonly string[]).includes(name)) {
    throw new ValidationError(
      path,
      value,
      `expected a metric with a pod-level variant (${RETINA_METRIC_NAMES.join(', ')})`,
      `${name} is a basic node-level metric: Retina accepts it here but the agent adds nothing for it (it is exported without a MetricsConfiguration)`,
    );
  }
  const guess = METRIC_BY_PROMETHEUS_NAME.get(name) ?? closest(name, RETINA_METRIC_NAMES);
  throw new ValidationError(
    path,
    value,
    `expected one of ${RETINA_METRIC_NAMES.map((n) => JSON.stringify(n)).join(', ')} (Retina marks any other metric Errored)`,
    guess ? `Did you mean "${guess}"?` : undefined,
  );
}

function checkContextLabel(path: string, value: unknown): RetinaContextLabel {
  const label = checkString(path, value);
  if ((RETINA_CONTEXT_LABELS as readonly string[]).includes(label)) return label as RetinaContextLabel;
  const lower = label.toLowerCase();
  const guess = (RETINA_CONTEXT_LABELS as readonly string[]).includes(lower)
    ? lower
    : CONTEXT_LABEL_ALIASES.get(lower) ?? closest(label, RETINA_CONTEXT_LABELS);
  throw new ValidationError(
    path,
    value,
    `expected one of ${RETINA_CONTEXT_LABELS.map((l) => JSON.stringify(l)).join(', ')} (Retina skips any other option without a word)`,
    lower === 'direction' ? 'direction is an additionalLabels value' : guess ? `Did you mean "${guess}"?` : undefined,
  );
}

function checkAdditionalLabel(path: string, value: unknown): RetinaAdditionalLabel {
  const label = checkString(path, value);
  if ((RETINA_ADDITIONAL_LABELS as readonly string[]).includes(label)) return label as RetinaAdditionalLabel;
  throw new ValidationError(
    path,
    value,
    `expected one of ${RETINA_ADDITIONAL_LABELS.map((l) => JSON.stringify(l)).join(', ')} (the only additional label Retina documents)`,
    (RETINA_CONTEXT_LABELS as readonly string[]).includes(label.toLowerCase()) ? `${label} is a sourceLabels/destinationLabels option` : undefined,
  );
}

function checkTtl(path: string, value: unknown): string {
  const text = checkString(path, value);
  const ns = parseGoDuration(text);
  if (ns === 'syntax') {
    throw new ValidationError(
      path,
      value,
      'expected a Go duration: numbers each followed by a unit ns, us, ms, s, m or h, without spaces, such as "30s", "5m", "1h30m", or "0" for never',
    );
  }
  if (ns === 'overflow') throw new ValidationError(path, value, 'expected a duration Go can hold (at most 2562047h47m16.854775807s)');
  if (ns < 0n) throw new ValidationError(path, value, 'expected a duration >= 0 (Retina rejects a negative TTL; "0" keeps series forever)');
  return text;
}

function resolveContextOption(path: string, value: unknown): RetinaMetricContextOptionModel {
  const o = checkProps<RetinaMetricContextOptionProps>(path, value, ['metricName', 'sourceLabels', 'destinationLabels', 'additionalLabels', 'ttl']);
  const metricName = checkMetricName(join(path, 'metricName'), o.metricName);
  if (API_SERVER_METRICS.includes(metricName)) {
    for (const key of ['sourceLabels', 'destinationLabels', 'additionalLabels', 'ttl'] as const) {
      if (o[key] !== undefined) {
        throw new ValidationError(
          join(path, key),
          o[key],
          `expected no ${key} for ${metricName}: the API-server metrics have no context labels and never expire (Retina ignores it)`,
        );
      }
    }
  }
  if (o.additionalLabels !== undefined && !DIRECTION_METRICS.includes(metricName)) {
    throw new ValidationError(
      join(path, 'additionalLabels'),
      o.additionalLabels,
      `expected no additionalLabels for ${metricName}: only ${DIRECTION_METRICS.join(', ')} have a direction label (Retina ignores it)`,
    );
  }
  const labels = <T extends string>(key: 'sourceLabels' | 'destinationLabels' | 'additionalLabels', each: (p: string, v: unknown) => T) =>
    o[key] === undefined ? {} : { [key]: checkStringList(join(path, key), o[key], each, { minItems: 1 }) as T[] };
  return {
    metricName,
    ...labels('sourceLabels', checkContextLabel),
    ...labels('destinationLabels', checkContextLabel),
    ...labels('additionalLabels', checkAdditionalLabel),
    ...(o.ttl !== undefined ? { ttl: checkTtl(join(path, 'ttl'), o.ttl) } : {}),
  };
}

/**
 * Exactly one of include/exclude [RET-VAL: the operator marks both, or neither, Errored]; a non-empty
 * set of namespace names (the CRD's lists are `x-kubernetes-list-type: set`: the API server rejects
 * repeats; an empty list would observe nothing or everything depending on the Retina version).
 */
function resolveNamespaces(path: string, value: unknown): RetinaMetricsNamespacesModel {
  const n = checkProps<RetinaMetricsNamespacesProps>(path, value, ['include', 'exclude']);
  if ((n.include === undefined) === (n.exclude === undefined)) {
    throw new ValidationError(
      path,
      value,
      'expected exactly one of include, exclude (Retina marks a MetricsConfiguration with both, or neither, Errored)',
    );
  }
  const list = (key: 'include' | 'exclude') => checkStringList(join(path, key), n[key], checkNamespaceName, { minItems: 1 });
  return n.include !== undefined ? { include: list('include') } : { exclude: list('exclude') };
}

/**
 * Validates MetricsConfiguration props into a model. `path` prefixes every error path (e.g.
 * `networkObservability.retinaMetrics`; {@link ROOT} for bare prop names).
 *
 * Beyond the CRD schema and Retina's own validation [RET-VAL], rejected because Retina would silently
 * do nothing with it: a basic node-level metric name, an unknown label option, context labels or TTL
 * on the API-server metrics, `direction` on metrics without that label, and a metric listed twice
 * (the agent keeps one entry per metric name, so the later entry would replace the earlier one:
 * `registry[metricName]` in microsoft/retina pkg/module/metrics/metrics_module.go).
 */
export function resolveRetinaMetricsConfiguration(path: string, props: unknown): RetinaMetricsConfigurationModel {
  const p = checkProps<RetinaMetricsConfigurationProps>(path, props, ['name', 'contextOptions', 'namespaces']);
  const name = p.name === undefined ? RETINA_METRICS_CONFIGURATION_DEFAULT_NAME : checkString(join(path, 'name'), p.name, {
    pattern: DNS_SUBDOMAIN,
    maxLength: 253,
    patternText: 'a MetricsConfiguration name (a DNS subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit)',
  });
  const cp = join(path, 'contextOptions');
  if (!Array.isArray(p.contextOptions) || p.contextOptions.length === 0) {
    throw new ValidationError(cp, p.contextOptions, 'expected a non-empty array of { metricName, ... } (Retina marks a MetricsConfiguration without context options Errored)');
  }
  const contextOptions: RetinaMetricContextOptionModel[] = [];
  p.contextOptions.forEach((item, i) => {
    const option = resolveContextOption(`${cp}[${i}]`, item);
    const j = contextOptions.findIndex((other) => other.metricName === option.metricName);
    if (j >= 0) {
      throw new ValidationError(
        `${cp}[${i}].metricName`,
        option.metricName,
        `expected a metric not already configured by ${cp}[${j}] (Retina keeps one entry per metric: this one would replace it)`,
      );
    }
    contextOptions.push(option);
  });
  if (p.namespaces === undefined) {
    throw new ValidationError(join(path, 'namespaces'), undefined, 'expected { include: [...] } or { exclude: [...] } (the CRD requires namespaces)');
  }
  return { name, contextOptions, namespaces: resolveNamespaces(join(path, 'namespaces'), p.namespaces) };
}
