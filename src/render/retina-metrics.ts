import { COMMON_LABELS, KubeObject } from './kube';
import { ROOT } from '../model/check';
import {
  RETINA_METRICS_CONFIGURATION_API_VERSION,
  RETINA_METRICS_CONFIGURATION_KIND,
  RetinaMetricContextOptionModel,
  RetinaMetricsConfigurationModel,
  resolveRetinaMetricsConfiguration,
} from '../model/retina-metrics';

/**
 * Renders Retina's MetricsConfiguration (NOTES-network-observability §4.4, RET-CRD-MC):
 * - cluster-scoped: no `metadata.namespace`;
 * - `spec.contextOptions[]` with the CRD's camel-case `metricName`, `sourceLabels`,
 *   `destinationLabels`, `additionalLabels`, `ttl`, and `spec.namespaces` with exactly one of
 *   `include`/`exclude`;
 * - fields the user left out are left out (Retina's Go types omit them too: `omitempty`); no `status`
 *   (the operator writes it).
 */
export function renderRetinaMetricsConfiguration(model: RetinaMetricsConfigurationModel): KubeObject {
  const ns = model.namespaces;
  return {
    apiVersion: RETINA_METRICS_CONFIGURATION_API_VERSION,
    kind: RETINA_METRICS_CONFIGURATION_KIND,
    metadata: { name: model.name, labels: { ...COMMON_LABELS } },
    spec: {
      contextOptions: model.contextOptions.map(renderContextOption),
      namespaces: ns.include !== undefined ? { include: [...ns.include] } : { exclude: [...ns.exclude] },
    },
  };
}

/** Validates props (errors name `path`-prefixed prop paths) and renders them. */
export function retinaMetricsConfigurationObject(props: unknown, path: string = ROOT): KubeObject {
  return renderRetinaMetricsConfiguration(resolveRetinaMetricsConfiguration(path, props));
}

function renderContextOption(o: RetinaMetricContextOptionModel): Record<string, unknown> {
  return {
    metricName: o.metricName,
    ...(o.sourceLabels ? { sourceLabels: [...o.sourceLabels] } : {}),
    ...(o.destinationLabels ? { destinationLabels: [...o.destinationLabels] } : {}),
    ...(o.additionalLabels ? { additionalLabels: [...o.additionalLabels] } : {}),
    ...(o.ttl !== undefined ? { ttl: o.ttl } : {}),
  };
}
