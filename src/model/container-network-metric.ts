import { ROOT, checkEnum, checkProps, checkString, checkStringList, isPlainObject } from './check';
import {
  CONTAINER_NETWORK_LOG_API_VERSION,
  ContainerNetworkLogFilterModel,
  ContainerNetworkLogFilterProps,
  resolveFlowLogFilterBody,
} from './container-network-logs';
import { ValidationError } from '../errors';

// ContainerNetworkMetric (acn.azure.com/v1alpha1): the ACNS custom resource that filters the
// pod-level Hubble metrics of a Cilium cluster (hubble_dns_*, hubble_drop_total, hubble_tcp_flags_total,
// hubble_flows_processed_total; NOTES-network-observability §4.1 [AKS-METRICS]). Facts: NOTES §1,
// §2.6, §8.2, §8.3. Cilium data plane only [AKS-MFILTER]: the caller gates it on the cluster.
//
// The schema is unstable and no CRD or Go type is public (the closed retina-operator-enterprise,
// NOTES §2.1, §8.1). Two shapes are published:
// - the current public doc [AKS-MFILTER]: `spec.filters[]`, each with `metric` (dns, flow, tcp, drop;
//   mandatory) and at least one of camel-case `includeFilters` / `excludeFilters`, whose items have the
//   ContainerNetworkLog filter body (name/from/to/protocol/verdict) — plus `reason` in one example;
// - an older support TSG [TSG-CNM, SECONDARY]: `spec.includeFilters` directly, `namespacedPod` a scalar,
//   and the error `unknown field "filters"` for the doc's shape.
// We follow the current public doc (DESIGN: the newest source wins). An operator still on the older
// shape refuses the resource at apply time with `unknown field "filters"` — loud, not silent.
// crds/containernetworkmetrics.acn.azure.com.yaml encodes the rules below.
//
// The doc's examples are partly broken (NOTES §2.6; aks-docs-examples/SOURCES): #1 is invalid YAML,
// #3 is mis-indented, #5 and #6 use `kube-system/`, `kube-system/*`, `default/debug-*`. Decisions:
// - namespacedPod values follow exactly the ContainerNetworkLog rules (same body, same checks):
//   `ns/` is rejected with the hint to select the namespace by the `k8s.io/namespace` label, as the
//   AKS examples of both resources do (NOTES §2.3); `*` is rejected too — Hubble pod filters are
//   prefixes, not globs (NOTES §5 [CIL-EXPORT]), so `default/debug-*` would match only pods whose
//   name really starts with "debug-*" (none: "*" is not allowed in pod names) — the hint says to write
//   `default/debug-` (or the label selector for `ns/*`).
// - `reason` (list of drop-reason strings, wire `reason`, prop `reasons`) is allowed only in `drop`
//   entries: the doc uses it only there and its field table does not list it at all; drop reasons
//   exist only on dropped flows, and how the operator translates it for another metric is unpublished.
//   The values are free text (the doc shows "Policy denied", "Invalid"; their exact vocabulary is
//   unpublished): non-empty, no surrounding spaces, no duplicates.
// - `verdicts` containing "forwarded" is rejected in a `drop` entry: the drop metric counts dropped
//   flows only, so such a condition matches nothing (an include filter that adds nothing, or an
//   exclude filter that removes nothing — a silent no-op).
// - One entry per metric: two entries for one metric are ambiguous (merged? the last one wins?) and
//   the doc describes one `metric` per entry; merge their lists instead.
// - A filter without conditions is rejected in both lists, like a ContainerNetworkLog filter: as an
//   include filter it includes every flow (the other include filters become pointless), as an exclude
//   filter it silently removes the whole metric. Stating it explicitly stays possible (verdicts).
// - Repeated conditions in one list, and an exclude filter equal to an include filter of the same
//   entry, are rejected (the doc's best practice: no conflicting include and exclude filters).
// - Filter names are unique within one entry (the doc's first example reuses `sample-filter` across
//   two metrics, so uniqueness per entry, not per resource).

export const CONTAINER_NETWORK_METRIC_API_VERSION = CONTAINER_NETWORK_LOG_API_VERSION;
export const CONTAINER_NETWORK_METRIC_KIND = 'ContainerNetworkMetric';
/**
 * The one resource of the cluster: "Only one CRD can exist per cluster", named as in the doc's
 * examples and its clean-up command `kubectl delete ContainerNetworkMetric container-network-metric`
 * [AKS-MFILTER]. A fixed name (DESIGN: names are the contract), not a prop.
 */
export const CONTAINER_NETWORK_METRIC_NAME = 'container-network-metric';

/** `filters[].metric`: the Hubble metric the entry filters, as the doc lists them [AKS-MFILTER]. */
export const CONTAINER_NETWORK_METRIC_METRICS = ['dns', 'flow', 'tcp', 'drop'] as const;
export type ContainerNetworkMetricMetric = (typeof CONTAINER_NETWORK_METRIC_METRICS)[number];

/**
 * One include or exclude filter: the ContainerNetworkLog filter body (`name`, `from`, `to`,
 * `protocols`, `verdicts`, checked by the same rules) plus `reasons` for `drop` entries.
 */
export interface ContainerNetworkMetricFilterProps extends ContainerNetworkLogFilterProps {
  /**
   * Drop reasons (wire `reason`), e.g. `["Policy denied"]`; only in an entry with `metric: 'drop'`.
   * @default - all drop reasons
   */
  readonly reasons?: string[];
}

/** One entry of `spec.filters`: the filters of one metric. Needs `includeFilters` and/or `excludeFilters`. */
export interface ContainerNetworkMetricFilterSetProps {
  /** The metric to filter; each metric at most once per resource. */
  readonly metric: ContainerNetworkMetricMetric;
  /**
   * Flows to count (ORed); a flow is counted when it matches one of them and no exclude filter.
   * @default - every flow not excluded
   */
  readonly includeFilters?: ContainerNetworkMetricFilterProps[];
  /**
   * Flows not to count (ORed).
   * @default - nothing excluded
   */
  readonly excludeFilters?: ContainerNetworkMetricFilterProps[];
}

/** The cluster's ContainerNetworkMetric (its name is fixed: {@link CONTAINER_NETWORK_METRIC_NAME}). */
export interface ContainerNetworkMetricProps {
  /** At least one entry, one per metric (wire `spec.filters`). */
  readonly filters: ContainerNetworkMetricFilterSetProps[];
}

export interface ContainerNetworkMetricFilterModel extends ContainerNetworkLogFilterModel {
  readonly reasons?: string[];
}

export interface ContainerNetworkMetricFilterSetModel {
  readonly metric: ContainerNetworkMetricMetric;
  readonly includeFilters?: ContainerNetworkMetricFilterModel[];
  readonly excludeFilters?: ContainerNetworkMetricFilterModel[];
}

export interface ContainerNetworkMetricModel {
  readonly filters: ContainerNetworkMetricFilterSetModel[];
}

const join = (path: string, key: string) => (path === ROOT ? key : `${path}.${key}`);
const FILTER_KEYS = ['name', 'from', 'to', 'protocols', 'verdicts', 'reasons'];
type ListKey = 'includeFilters' | 'excludeFilters';

/** A drop reason as free text: non-empty, no surrounding white space. */
function checkReason(path: string, value: unknown): string {
  return checkString(path, value, { pattern: /^\S(.*\S)?$/, patternText: 'a drop reason such as "Policy denied" (no leading or trailing spaces)' });
}

/**
 * `*` in a namespacedPod value, checked before the shared ContainerNetworkLog checks so that the
 * message can say what to write instead (the doc's own examples use `ns/*` and `ns/prefix*`).
 */
function checkNoWildcards(path: string, endpoint: unknown): void {
  if (!isPlainObject(endpoint) || !Array.isArray(endpoint.namespacedPods)) return;
  endpoint.namespacedPods.forEach((value, i) => {
    if (typeof value !== 'string' || !value.includes('*')) return;
    const [namespace, prefix, ...rest] = value.split('/');
    const glob = prefix !== undefined && rest.length === 0 && prefix.indexOf('*') === prefix.length - 1;
    let hint: string | undefined;
    if (glob && prefix === '*') {
      hint = `To select the whole namespace, use labelSelector: { matchLabels: { "k8s.io/namespace": "${namespace}" } } as the AKS examples do`;
    } else if (glob) {
      hint = `Write "${namespace}/${prefix.slice(0, -1)}": it already selects every pod whose name starts with "${prefix.slice(0, -1)}"`;
    }
    throw new ValidationError(
      `${join(path, 'namespacedPods')}[${i}]`,
      value,
      'expected "namespace/podNamePrefix" without "*" (values are pod name prefixes; Hubble has no wildcards)',
      hint,
    );
  });
}

function resolveFilter(path: string, value: unknown, metric: ContainerNetworkMetricMetric, list: ListKey): ContainerNetworkMetricFilterModel {
  const f = checkProps<ContainerNetworkMetricFilterProps>(path, value, FILTER_KEYS);
  if (f.from === undefined && f.to === undefined && f.protocols === undefined && f.verdicts === undefined && f.reasons === undefined) {
    const what = list === 'excludeFilters' ? 'as an exclude filter it removes the whole metric' : 'as an include filter it makes the other filters pointless';
    throw new ValidationError(
      path,
      value,
      `expected at least one of from, to, protocols, verdicts${metric === 'drop' ? ', reasons' : ''} (a filter without conditions matches every flow: ${what})`,
      `To match every flow on purpose, write verdicts: ${metric === 'drop' ? '["dropped"]' : '["forwarded", "dropped"]'}`,
    );
  }
  if (f.reasons !== undefined && metric !== 'drop') {
    throw new ValidationError(
      join(path, 'reasons'),
      f.reasons,
      `expected no reasons in a "${metric}" entry (drop reasons are published for the "drop" metric only)`,
      'Put the filter in the entry with metric "drop"',
    );
  }
  checkNoWildcards(join(path, 'from'), f.from);
  checkNoWildcards(join(path, 'to'), f.to);
  const body = resolveFlowLogFilterBody(path, f);
  const forwarded = metric === 'drop' ? (body.verdicts ?? []).indexOf('forwarded') : -1;
  if (forwarded >= 0) {
    throw new ValidationError(
      `${join(path, 'verdicts')}[${forwarded}]`,
      'forwarded',
      'expected only "dropped" in a "drop" entry (the drop metric counts dropped flows only: a condition on forwarded flows matches nothing)',
      'Leave verdicts out: every flow of the drop metric is dropped',
    );
  }
  const reasons = f.reasons === undefined ? undefined : checkStringList(join(path, 'reasons'), f.reasons, checkReason, { minItems: 1 });
  return { ...body, ...(reasons !== undefined ? { reasons } : {}) };
}

/** The filters' conditions, without the name: equal keys mean the same flows. */
const conditions = (f: ContainerNetworkMetricFilterModel) => JSON.stringify({ ...f, name: undefined });

function resolveList(path: string, value: unknown, metric: ContainerNetworkMetricMetric, list: ListKey): ContainerNetworkMetricFilterModel[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new ValidationError(path, value, `expected a non-empty array of filters (leave ${list} out instead of an empty array)`);
  }
  const filters: ContainerNetworkMetricFilterModel[] = [];
  value.forEach((item, i) => {
    const filter = resolveFilter(`${path}[${i}]`, item, metric, list);
    filters.forEach((other, j) => {
      if (conditions(other) === conditions(filter)) {
        throw new ValidationError(`${path}[${i}]`, item, `expected conditions different from ${path}[${j}] (the filters of a list are ORed: a repeat adds nothing)`);
      }
    });
    filters.push(filter);
  });
  return filters;
}

function resolveFilterSet(path: string, value: unknown): ContainerNetworkMetricFilterSetModel {
  const s = checkProps<ContainerNetworkMetricFilterSetProps>(path, value, ['metric', 'includeFilters', 'excludeFilters']);
  const metric = checkEnum(join(path, 'metric'), s.metric, CONTAINER_NETWORK_METRIC_METRICS);
  if (s.includeFilters === undefined && s.excludeFilters === undefined) {
    throw new ValidationError(path, value, 'expected includeFilters and/or excludeFilters (an entry without filters filters nothing)');
  }
  const ip = join(path, 'includeFilters');
  const ep = join(path, 'excludeFilters');
  const includeFilters = s.includeFilters === undefined ? undefined : resolveList(ip, s.includeFilters, metric, 'includeFilters');
  const excludeFilters = s.excludeFilters === undefined ? undefined : resolveList(ep, s.excludeFilters, metric, 'excludeFilters');
  const named = [...(includeFilters ?? []).map((f, i) => [f, `${ip}[${i}]`] as const), ...(excludeFilters ?? []).map((f, i) => [f, `${ep}[${i}]`] as const)];
  named.forEach(([f, at], k) => {
    const first = f.name === undefined ? k : named.findIndex(([g]) => g.name === f.name);
    if (first < k) throw new ValidationError(`${at}.name`, f.name, `expected a name not used by ${named[first][1]} (filter names are unique within an entry)`);
  });
  (excludeFilters ?? []).forEach((f, i) => {
    const j = (includeFilters ?? []).findIndex((g) => conditions(g) === conditions(f));
    if (j >= 0) {
      throw new ValidationError(
        `${ep}[${i}]`,
        s.excludeFilters![i],
        `expected conditions different from ${ip}[${j}] (an exclude filter equal to an include filter removes every flow that filter adds)`,
        'Remove one of the two (the AKS doc warns against conflicting include and exclude filters)',
      );
    }
  });
  return { metric, ...(includeFilters ? { includeFilters } : {}), ...(excludeFilters ? { excludeFilters } : {}) };
}

/**
 * Validates ContainerNetworkMetric props into a model. `path` prefixes every error path (e.g.
 * `networkObservability.containerNetworkMetric`; {@link ROOT} for bare prop names).
 */
export function resolveContainerNetworkMetric(path: string, props: unknown): ContainerNetworkMetricModel {
  const p = checkProps<ContainerNetworkMetricProps>(path, props, ['filters']);
  const fp = join(path, 'filters');
  if (!Array.isArray(p.filters) || p.filters.length === 0) {
    throw new ValidationError(
      fp,
      p.filters,
      'expected a non-empty array of { metric, includeFilters?, excludeFilters? } (the resource needs at least one entry)',
      'Without a ContainerNetworkMetric every metric is collected unfiltered: leave the resource out for that',
    );
  }
  const filters: ContainerNetworkMetricFilterSetModel[] = [];
  p.filters.forEach((item, i) => {
    const set = resolveFilterSet(`${fp}[${i}]`, item);
    const j = filters.findIndex((other) => other.metric === set.metric);
    if (j >= 0) {
      throw new ValidationError(
        `${fp}[${i}].metric`,
        set.metric,
        `expected a metric not used by ${fp}[${j}] (one entry per metric: two would be ambiguous)`,
        `Merge them: one entry for "${set.metric}" with all its include filters in includeFilters and all its exclude filters in excludeFilters`,
      );
    }
    filters.push(set);
  });
  return { filters };
}
