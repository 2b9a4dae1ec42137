import { ValidationError } from '../errors';
import { checkProps } from './check';
import { ClusterModel } from './cluster';
import { PodMonitorModel, PodMonitorProps, ServiceMonitorModel, ServiceMonitorProps, resolvePodMonitor, resolveServiceMonitor } from './monitors';
import { PROMETHEUS_AZURE_PROPS_KEYS, PrometheusAzureModel, PrometheusAzureProps, resolvePrometheusAzure } from './prometheus-azure';
import { PrometheusSettingsModel, PrometheusSettingsProps, resolvePrometheusSettings } from './prometheus-settings';
import { DEFAULT_JOB_NAMES, ScrapeConfigsModel, ScrapeConfigsProps, resolveScrapeConfigs } from './scrape-config';

/**
 * Managed Prometheus for one cluster (NOTES-managed-prometheus): the agent's settings ConfigMap,
 * custom scrape jobs, PodMonitors/ServiceMonitors, and on the Azure side the Azure Monitor
 * workspace's DCE/DCR/association, recording and alert rule groups and the Grafana role.
 */
export interface ManagedPrometheusProps extends PrometheusAzureProps {
  /**
   * `ama-metrics-settings-configmap`: default targets, keep lists, intervals, cluster alias, ...
   * @default - the agent's defaults for this distribution (the ConfigMap is always written, to pin them)
   */
  readonly settings?: PrometheusSettingsProps;
  /**
   * Custom scrape jobs: `ama-metrics-prometheus-config` (cluster), `-node` and `-node-windows`.
   * @default - none
   */
  readonly scrapeConfigs?: ScrapeConfigsProps;
  /** PodMonitors (`azmonitoring.coreos.com/v1`). @default - none */
  readonly podMonitors?: PodMonitorProps[];
  /** ServiceMonitors (`azmonitoring.coreos.com/v1`). @default - none */
  readonly serviceMonitors?: ServiceMonitorProps[];
}

export interface ManagedPrometheusModel {
  readonly settings: PrometheusSettingsModel;
  readonly scrapeConfigs: ScrapeConfigsModel;
  readonly podMonitors: PodMonitorModel[];
  readonly serviceMonitors: ServiceMonitorModel[];
  readonly azure: PrometheusAzureModel;
}

const OWN_KEYS = ['settings', 'scrapeConfigs', 'podMonitors', 'serviceMonitors'] as const;
export const MANAGED_PROMETHEUS_PROPS_KEYS = [...PROMETHEUS_AZURE_PROPS_KEYS, ...OWN_KEYS] as const;

function resolveList<T>(path: string, value: unknown, each: (p: string, v: unknown) => T): T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ValidationError(path, value, 'expected an array');
  return value.map((v, i) => each(`${path}[${i}]`, v));
}

/** Validates the Managed Prometheus props of a cluster; each part validates its own props. */
export function resolveManagedPrometheus(path: string, props: unknown, cluster: ClusterModel): ManagedPrometheusModel {
  const p = checkProps<ManagedPrometheusProps>(path, props, MANAGED_PROMETHEUS_PROPS_KEYS);
  const settings = resolvePrometheusSettings(`${path}.settings`, p.settings, cluster);
  const scrapeConfigs = resolveScrapeConfigs(`${path}.scrapeConfigs`, p.scrapeConfigs ?? {}, cluster, DEFAULT_JOB_NAMES);
  const podMonitors = resolveList(`${path}.podMonitors`, p.podMonitors, resolvePodMonitor);
  const serviceMonitors = resolveList(`${path}.serviceMonitors`, p.serviceMonitors, resolveServiceMonitor);
  // Two monitors of one kind with the same namespace/name would be one object: the second would win.
  for (const [kind, list, key] of [['PodMonitor', podMonitors, 'podMonitors'], ['ServiceMonitor', serviceMonitors, 'serviceMonitors']] as const) {
    const seen = new Set<string>();
    list.forEach((m, i) => {
      const id = `${m.namespace}/${m.name}`;
      if (seen.has(id)) throw new ValidationError(`${path}.${key}[${i}].name`, m.name, `expected a ${kind} name unique in its namespace; ${id} is already defined`);
      seen.add(id);
    });
  }
  // The Azure part takes its own keys only (its checkProps rejects anything else).
  const azureProps: Record<string, unknown> = {};
  for (const k of PROMETHEUS_AZURE_PROPS_KEYS) if (p[k] !== undefined) azureProps[k] = p[k];
  if (p.azureMonitorWorkspace === undefined) {
    throw new ValidationError(`${path}.azureMonitorWorkspace`, undefined, 'expected the Azure Monitor workspace that receives the metrics ({ resourceId, region })');
  }
  // Rule groups must use the `cluster` label the agent writes: the alias when one is set.
  const azure = resolvePrometheusAzure(path, azureProps, cluster, {
    clusterAlias: settings.clusterAlias,
    windowsExporterScraped: settings.targets.windowsexporter.enabled,
  });
  return { settings, scrapeConfigs, podMonitors, serviceMonitors, azure };
}
