import { COMMON_LABELS, KubeObject } from './kube';
import { ROOT } from '../model/check';
import {
  CONTAINER_NETWORK_LOG_API_VERSION,
  CONTAINER_NETWORK_LOG_KIND,
  ContainerNetworkLogFilterModel,
  ContainerNetworkLogModel,
  FlowLogEndpointModel,
  FlowLogLabelSelectorModel,
  resolveContainerNetworkLog,
} from '../model/container-network-logs';

/**
 * Renders a ContainerNetworkLog (NOTES-network-observability §2.2–2.3):
 * - cluster-scoped: no `metadata.namespace` [AKS-CNL-HOWTO, TSG-CNL];
 * - `spec.includefilters` in lower case, as the published template and `kubectl describe` spell it
 *   (prose writes `includeFilters`; NOTES §2.3, §8.2);
 * - wire names `namespacedPod`, `labelSelector`, `ip`, `protocol`, `verdict` (singular, lists);
 * - fields the user left out are left out (omitted = all, NOTES §2.3); nothing else is emitted.
 */
export function renderContainerNetworkLog(model: ContainerNetworkLogModel): KubeObject {
  return {
    apiVersion: CONTAINER_NETWORK_LOG_API_VERSION,
    kind: CONTAINER_NETWORK_LOG_KIND,
    metadata: { name: model.name, labels: { ...COMMON_LABELS } },
    spec: { includefilters: model.filters.map(renderFlowLogFilter) },
  };
}

/** Validates props (errors name `path`-prefixed prop paths) and renders them. */
export function containerNetworkLogObject(props: unknown, path: string = ROOT): KubeObject {
  return renderContainerNetworkLog(resolveContainerNetworkLog(path, props));
}

/**
 * One filter in its wire form (`name`, `from`, `to`, `protocol`, `verdict`; only what is set) — shared
 * with the ContainerNetworkMetric filters, whose body is the same (NOTES §2.6 [AKS-MFILTER]).
 */
export function renderFlowLogFilter(f: ContainerNetworkLogFilterModel): Record<string, unknown> {
  return {
    ...(f.name !== undefined ? { name: f.name } : {}),
    ...(f.from ? { from: renderEndpoint(f.from) } : {}),
    ...(f.to ? { to: renderEndpoint(f.to) } : {}),
    ...(f.protocols ? { protocol: [...f.protocols] } : {}),
    ...(f.verdicts ? { verdict: [...f.verdicts] } : {}),
  };
}

function renderEndpoint(e: FlowLogEndpointModel): Record<string, unknown> {
  const selector = e.labelSelector;
  return {
    ...(e.namespacedPods ? { namespacedPod: [...e.namespacedPods] } : {}),
    ...(selector
      ? {
        labelSelector: {
          ...(selector.matchLabels ? { matchLabels: { ...selector.matchLabels } } : {}),
          ...(selector.matchExpressions ? { matchExpressions: selector.matchExpressions.map(renderRequirement) } : {}),
        },
      }
      : {}),
    ...(e.ips ? { ip: [...e.ips] } : {}),
  };
}

function renderRequirement(r: NonNullable<FlowLogLabelSelectorModel['matchExpressions']>[number]): Record<string, unknown> {
  return { key: r.key, operator: r.operator, ...(r.values ? { values: [...r.values] } : {}) };
}
