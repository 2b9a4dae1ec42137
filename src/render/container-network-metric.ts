import { renderFlowLogFilter } from './container-network-logs';
import { COMMON_LABELS, KubeObject } from './kube';
import { ROOT } from '../model/check';
import {
  CONTAINER_NETWORK_METRIC_API_VERSION,
  CONTAINER_NETWORK_METRIC_KIND,
  CONTAINER_NETWORK_METRIC_NAME,
  ContainerNetworkMetricFilterModel,
  ContainerNetworkMetricFilterSetModel,
  ContainerNetworkMetricModel,
  resolveContainerNetworkMetric,
} from '../model/container-network-metric';

/**
 * Renders the cluster's ContainerNetworkMetric (NOTES-network-observability §2.6 [AKS-MFILTER]):
 * - cluster-scoped, one per cluster: no `metadata.namespace`, the fixed name `container-network-metric`;
 * - `spec.filters[]` of `{ metric, includeFilters?, excludeFilters? }` — camel case, as the doc's
 *   examples and field table spell them (unlike ContainerNetworkLog's `includefilters`, NOTES §8.2);
 * - filter bodies exactly as ContainerNetworkLog's (`name`, `from`/`to` with `namespacedPod`,
 *   `labelSelector`, `ip`; `protocol`, `verdict`), plus `reason` in `drop` entries;
 * - entries and filters in the order given; fields left out stay out; nothing else is emitted.
 */
export function renderContainerNetworkMetric(model: ContainerNetworkMetricModel): KubeObject {
  return {
    apiVersion: CONTAINER_NETWORK_METRIC_API_VERSION,
    kind: CONTAINER_NETWORK_METRIC_KIND,
    metadata: { name: CONTAINER_NETWORK_METRIC_NAME, labels: { ...COMMON_LABELS } },
    spec: { filters: model.filters.map(renderFilterSet) },
  };
}

/** Validates props (errors name `path`-prefixed prop paths) and renders them. */
export function containerNetworkMetricObject(props: unknown, path: string = ROOT): KubeObject {
  return renderContainerNetworkMetric(resolveContainerNetworkMetric(path, props));
}

function renderFilterSet(s: ContainerNetworkMetricFilterSetModel): Record<string, unknown> {
  return {
    metric: s.metric,
    ...(s.includeFilters ? { includeFilters: s.includeFilters.map(renderFilter) } : {}),
    ...(s.excludeFilters ? { excludeFilters: s.excludeFilters.map(renderFilter) } : {}),
  };
}

function renderFilter(f: ContainerNetworkMetricFilterModel): Record<string, unknown> {
  return { ...renderFlowLogFilter(f), ...(f.reasons ? { reason: [...f.reasons] } : {}) };
}
