import { COMMON_LABELS, KubeObject } from './kube';
import { ROOT } from '../model/check';
import {
  MONITOR_API_VERSION,
  MONITOR_LABEL_LIMITS,
  MonitorEndpointModel,
  MonitorModel,
  PodMonitorModel,
  RelabelingModel,
  SecretKeyRef,
  ServiceMonitorModel,
  resolvePodMonitor,
  resolveServiceMonitor,
} from '../model/monitors';

/**
 * Renders a PodMonitor custom resource (`azmonitoring.coreos.com/v1`, NOTES-managed-prometheus §3).
 *
 * Only what the model holds is written (Prometheus' defaults stay implicit), plus the three label
 * limits the product requires on every monitor. Secret references become the CRD's
 * `SecretKeySelector`s; TLS CA and client certificate are always `{ secret: ... }` sources.
 */
export function renderPodMonitor(model: PodMonitorModel): KubeObject {
  return renderMonitor(model);
}

/** Renders a ServiceMonitor custom resource; see {@link renderPodMonitor}. */
export function renderServiceMonitor(model: ServiceMonitorModel): KubeObject {
  return renderMonitor(model);
}

/** Renders either kind. */
export function renderMonitor(model: MonitorModel): KubeObject {
  const spec: Record<string, unknown> = {
    ...MONITOR_LABEL_LIMITS,
    selector: {
      ...(model.selector.matchLabels ? { matchLabels: { ...model.selector.matchLabels } } : {}),
      ...(model.selector.matchExpressions
        ? {
          matchExpressions: model.selector.matchExpressions.map((e) => ({
            key: e.key,
            operator: e.operator,
            ...(e.values ? { values: [...e.values] } : {}),
          })),
        }
        : {}),
    },
  };
  if (model.namespaceSelector) {
    spec.namespaceSelector = 'any' in model.namespaceSelector ? { any: true } : { matchNames: [...model.namespaceSelector.matchNames] };
  }
  if (model.jobLabel !== undefined) spec.jobLabel = model.jobLabel;
  if (model.podTargetLabels) spec.podTargetLabels = [...model.podTargetLabels];
  if (model.kind === 'ServiceMonitor' && model.targetLabels) spec.targetLabels = [...model.targetLabels];
  if (model.sampleLimit !== undefined) spec.sampleLimit = model.sampleLimit;
  if (model.targetLimit !== undefined) spec.targetLimit = model.targetLimit;
  spec[model.kind === 'PodMonitor' ? 'podMetricsEndpoints' : 'endpoints'] = model.endpoints.map(renderEndpoint);

  return {
    apiVersion: MONITOR_API_VERSION,
    kind: model.kind,
    metadata: { name: model.name, namespace: model.namespace, labels: { ...model.labels, ...COMMON_LABELS } },
    spec,
  };
}

function secretKey(ref: SecretKeyRef): Record<string, string> {
  return { name: ref.name, key: ref.key };
}

function renderRelabeling(r: RelabelingModel): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (r.sourceLabels) out.sourceLabels = [...r.sourceLabels];
  if (r.separator !== undefined) out.separator = r.separator;
  if (r.targetLabel !== undefined) out.targetLabel = r.targetLabel;
  if (r.regex !== undefined) out.regex = r.regex;
  if (r.modulus !== undefined) out.modulus = r.modulus;
  if (r.replacement !== undefined) out.replacement = r.replacement;
  if (r.action !== undefined) out.action = r.action;
  return out;
}

function renderEndpoint(e: MonitorEndpointModel): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (e.port !== undefined) out.port = e.port;
  if (e.portNumber !== undefined) out.portNumber = e.portNumber;
  if (e.targetPort !== undefined) out.targetPort = e.targetPort;
  if (e.path !== undefined) out.path = e.path;
  if (e.scheme !== undefined) out.scheme = e.scheme;
  if (e.interval !== undefined) out.interval = e.interval;
  if (e.scrapeTimeout !== undefined) out.scrapeTimeout = e.scrapeTimeout;
  if (e.honorLabels !== undefined) out.honorLabels = e.honorLabels;
  if (e.honorTimestamps !== undefined) out.honorTimestamps = e.honorTimestamps;
  if (e.params) out.params = Object.fromEntries(Object.entries(e.params).map(([k, v]) => [k, [...v]]));
  if (e.relabelings) out.relabelings = e.relabelings.map(renderRelabeling);
  if (e.metricRelabelings) out.metricRelabelings = e.metricRelabelings.map(renderRelabeling);
  if (e.tlsConfig) {
    const t = e.tlsConfig;
    out.tlsConfig = {
      ...(t.ca ? { ca: { secret: secretKey(t.ca) } } : {}),
      ...(t.cert ? { cert: { secret: secretKey(t.cert) } } : {}),
      ...(t.keySecret ? { keySecret: secretKey(t.keySecret) } : {}),
      ...(t.serverName !== undefined ? { serverName: t.serverName } : {}),
      ...(t.insecureSkipVerify !== undefined ? { insecureSkipVerify: t.insecureSkipVerify } : {}),
      ...(t.minVersion ? { minVersion: t.minVersion } : {}),
      ...(t.maxVersion ? { maxVersion: t.maxVersion } : {}),
    };
  }
  if (e.basicAuth) out.basicAuth = { username: secretKey(e.basicAuth.username), password: secretKey(e.basicAuth.password) };
  if (e.authorization) {
    const { type, credentials } = e.authorization;
    out.authorization = { ...(type !== undefined ? { type } : {}), credentials: secretKey(credentials) };
  }
  if (e.proxyUrl !== undefined) out.proxyUrl = e.proxyUrl;
  if (e.noProxy !== undefined) out.noProxy = e.noProxy;
  return out;
}

/**
 * Validates PodMonitor props and renders them: what the engines call (they decide nothing). Error
 * paths start at `path` (bare prop names by default).
 */
export function podMonitorObject(props: unknown, path: string = ROOT): KubeObject {
  return renderPodMonitor(resolvePodMonitor(path, props));
}

/** Validates ServiceMonitor props and renders them; see {@link podMonitorObject}. */
export function serviceMonitorObject(props: unknown, path: string = ROOT): KubeObject {
  return renderServiceMonitor(resolveServiceMonitor(path, props));
}
