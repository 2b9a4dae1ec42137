import { stringify } from 'yaml';
import { COMMON_LABELS, KubeObject } from './kube';
import {
  FORCED_LABEL_LIMITS,
  KubernetesSdModel,
  RelabelRuleModel,
  SCRAPE_CONFIGMAP_NAMES,
  ScrapeConfigMapKind,
  ScrapeConfigsModel,
  ScrapeGlobalModel,
  ScrapeJobModel,
} from '../model/scrape-config';

/** Fixed by the agent (NOTES-managed-prometheus §4.1): namespace and the one data key (names: SCRAPE_CONFIGMAP_NAMES). */
export const SCRAPE_CONFIGMAP_NAMESPACE = 'kube-system';
export const PROMETHEUS_CONFIG_DATA_KEY = 'prometheus-config';

/** A YAML mapping whose key order is the order of insertion (Prometheus' documentation order). */
type YamlMap = Record<string, unknown>;

/** Leaves out undefined entries so that a key the user did not set is not written. */
function compact(entries: YamlMap): YamlMap {
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
}

/**
 * The text of `regex` / `replacement` to write so that Prometheus runs `value` (NOTES §4.3, see the
 * `$` rules in model/scrape-config.ts): the agent collapses `$$` to `$` and then doubles every `$`,
 * and the OpenTelemetry loader halves them again, so a value without `$$` arrives unchanged and is
 * written as is (`$1` stays `$1`, as in the product's examples). A value with `$$` (a literal `$` to
 * Prometheus) would lose one `$` of each pair: we double every `$` of it, which the agent's collapse
 * turns back into the value. `$NODE_IP` / `$NODE_NAME` survive either form (the agent substitutes them
 * after doubling).
 */
export function agentRelabelText(value: string): string {
  return value.includes('$$') ? value.split('$').join('$$') : value;
}

function relabelRule(r: RelabelRuleModel): YamlMap {
  return compact({
    source_labels: r.sourceLabels,
    separator: r.separator,
    regex: r.regex === undefined ? undefined : agentRelabelText(r.regex),
    modulus: r.modulus,
    target_label: r.targetLabel,
    replacement: r.replacement === undefined ? undefined : agentRelabelText(r.replacement),
    // Always written, also for the default "replace": the rendered rule says what it does.
    action: r.action,
  });
}

function kubernetesSd(sd: KubernetesSdModel): YamlMap {
  return compact({
    role: sd.role,
    namespaces: sd.namespaces ? { names: sd.namespaces } : undefined,
    selectors: sd.selectors?.map((s) => compact({ role: s.role, label: s.label, field: s.field })),
  });
}

/** One `scrape_configs` entry, keys in Prometheus' documentation order, snake_case as Prometheus reads them. */
export function renderScrapeJob(job: ScrapeJobModel): YamlMap {
  const bearer = job.authorization?.type === 'Bearer';
  return compact({
    job_name: job.jobName,
    scrape_interval: job.scrapeInterval,
    scrape_timeout: job.scrapeTimeout,
    metrics_path: job.metricsPath,
    scheme: job.scheme,
    params: job.params,
    honor_labels: job.honorLabels,
    honor_timestamps: job.honorTimestamps,
    sample_limit: job.sampleLimit,
    target_limit: job.targetLimit,
    // The agent forces these on every custom job (NOTES §4.3); written so that what we render runs.
    ...FORCED_LABEL_LIMITS,
    basic_auth: job.basicAuth ? { username: job.basicAuth.username, password_file: job.basicAuth.passwordFile } : undefined,
    // Bearer tokens in the documented form (`bearer_token_file`, NOTES §4.3); other schemes as `authorization`.
    authorization: job.authorization && !bearer ? { type: job.authorization.type, credentials_file: job.authorization.credentialsFile } : undefined,
    bearer_token_file: job.authorization && bearer ? job.authorization.credentialsFile : undefined,
    tls_config: job.tls
      ? compact({
        ca_file: job.tls.caFile,
        cert_file: job.tls.certFile,
        key_file: job.tls.keyFile,
        server_name: job.tls.serverName,
        insecure_skip_verify: job.tls.insecureSkipVerify,
      })
      : undefined,
    kubernetes_sd_configs: job.kubernetesSdConfigs.length ? job.kubernetesSdConfigs.map(kubernetesSd) : undefined,
    static_configs: job.staticConfigs.length ? job.staticConfigs.map((g) => compact({ targets: g.targets, labels: g.labels })) : undefined,
    relabel_configs: job.relabelings.length ? job.relabelings.map(relabelRule) : undefined,
    metric_relabel_configs: job.metricRelabelings.length ? job.metricRelabelings.map(relabelRule) : undefined,
  });
}

/** A Prometheus configuration document (`global` and/or `scrape_configs`) as plain data. */
export function renderPrometheusConfig(global: ScrapeGlobalModel | undefined, jobs: readonly ScrapeJobModel[]): YamlMap {
  return compact({
    global: global
      ? compact({ scrape_interval: global.scrapeInterval, scrape_timeout: global.scrapeTimeout, external_labels: global.externalLabels })
      : undefined,
    scrape_configs: jobs.length ? jobs.map(renderScrapeJob) : undefined,
  });
}

/**
 * YAML text of a Prometheus configuration. The agent reads it with Go's yaml.v2, a YAML 1.1 parser:
 * we serialize as YAML 1.1 so that strings such as `on`, `yes` or `1:20` are quoted (YAML 1.2 would
 * write them plain and the agent would read a boolean or a number). No line folding: long regexes stay
 * on one line.
 */
export function prometheusConfigYaml(doc: YamlMap): string {
  return stringify(doc, { version: '1.1', lineWidth: 0 });
}

/**
 * Renders the custom scrape-config ConfigMaps (NOTES §4.1, §4.3): each in `kube-system` with the
 * single data key `prometheus-config`. A ConfigMap is rendered only when it has content: the cluster
 * one for cluster jobs or global settings (global alone is useful: it applies to PodMonitor and
 * ServiceMonitor jobs, NOTES §3), the node ones for their jobs. `global` goes to the cluster
 * ConfigMap only (see ScrapeGlobalProps).
 */
export function renderScrapeConfigMaps(model: ScrapeConfigsModel): KubeObject[] {
  const docs: Array<[ScrapeConfigMapKind, YamlMap]> = [
    ['cluster', renderPrometheusConfig(model.global, model.cluster)],
    ['node', renderPrometheusConfig(undefined, model.node)],
    ['nodeWindows', renderPrometheusConfig(undefined, model.nodeWindows)],
  ];
  return docs
    .filter(([, doc]) => Object.keys(doc).length > 0)
    .map(([kind, doc]) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: SCRAPE_CONFIGMAP_NAMES[kind], namespace: SCRAPE_CONFIGMAP_NAMESPACE, labels: { ...COMMON_LABELS } },
      data: { [PROMETHEUS_CONFIG_DATA_KEY]: prometheusConfigYaml(doc) },
    }));
}
