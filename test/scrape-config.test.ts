/**
 * Custom Prometheus scrape jobs (`ama-metrics-prometheus-config`, `-node`, `-node-windows`):
 * model (validation) and render (ConfigMaps with a YAML Prometheus config under `prometheus-config`).
 *
 * What is checked, and against what:
 *  - every rendered config passes `promtool check config` (test/support/promtool.ts applies the agent's
 *    `$` rewriting and node variables first, and explains what it does with credential files and
 *    Kubernetes SD on Debian's build);
 *  - the parsed-back YAML (as YAML 1.1, like the agent's Go parser) has exactly the Prometheus keys and
 *    values, field by field; the ConfigMaps are valid Kubernetes objects;
 *  - the product's own example configs (shared/reference/managed-prometheus/configmaps) are expressible
 *    and render to what Prometheus runs from the example (after the agent's rewriting), or are rejected
 *    for a reason the test names;
 *  - relabel regexes are checked with the shared RE2 checker (its promtool-checked tables are in
 *    test/re2.test.ts); the rejected rows below pin the messages;
 *  - every `throw new ValidationError(` of src/model/scrape-config.ts has a rejected row here (a meta-test
 *    counts them), with the prop path and the message.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { parse as parseYaml, stringify } from 'yaml';
import { ValidationError, describeValue } from '../src/errors';
import { caught } from './support/caught';
import { expectValidKubernetesObjects } from './support/k8s-schema';
import {
  SAMPLE_NODE_IP,
  SAMPLE_NODE_NAME,
  agentEffectiveRelabelValue,
  agentEffectiveTarget,
  checkPrometheusConfig,
  checkPrometheusConfigs,
  promtoolCapabilities,
  testWithPromtool,
} from './support/promtool';
import { REFERENCE_DIR } from './support/reference';
import { testThrowSiteRegistry, testUniqueRowNames } from './support/throw-sites';
import { ClusterModel, resolveCluster } from '../src/model/cluster';
import {
  DEFAULT_JOB_NAMES,
  FORCED_LABEL_LIMITS,
  MTLS_MOUNT_DIR,
  SCRAPE_CONFIGMAP_NAMES,
  ScrapeConfigsModel,
  ScrapeConfigsProps,
  ScrapeJobProps,
  fieldSelectorError,
  labelSelectorError,
  parsePrometheusDuration,
  resolveScrapeConfigs,
  templateRefs,
} from '../src/model/scrape-config';
import { KubeObject } from '../src/render/kube';
import { agentRelabelText, renderScrapeConfigMaps } from '../src/render/prometheus-scrape-configmaps';

// -------------------------------------------------------------------------------------------------
// Fixtures and helpers
// -------------------------------------------------------------------------------------------------

type Obj = Record<string, any>;

const PATH = 'managedPrometheus.scrapeConfigs';
const AKS_WINDOWS = resolveCluster('cluster', { name: 'aks1', region: 'westeurope', distribution: 'aks', nodes: { windows: true } });
const AKS_LINUX = resolveCluster('cluster', { name: 'aks1', region: 'westeurope', distribution: 'aks' });
const ARC_WINDOWS = resolveCluster('cluster', { name: 'arc1', region: 'westeurope', distribution: 'generic', nodes: { windows: true } });

const resolve = (props: unknown, cluster: ClusterModel = AKS_WINDOWS, reserved: string[] = []): ScrapeConfigsModel =>
  resolveScrapeConfigs(PATH, props, cluster, reserved);
const render = (props: unknown, cluster: ClusterModel = AKS_WINDOWS): KubeObject[] => renderScrapeConfigMaps(resolve(props, cluster));

/** The `prometheus-config` text of the rendered ConfigMap `name` (undefined when not rendered). */
function configText(objs: KubeObject[], name: string): string | undefined {
  const cm = objs.find((o) => o.metadata.name === name);
  return cm === undefined ? undefined : (cm.data as Record<string, string>)['prometheus-config'];
}

/** Parses as the agent does: YAML 1.1 (Go yaml.v2), so `on`/`yes` plain scalars would become booleans. */
const parse11 = (text: string): Obj => parseYaml(text, { version: '1.1' });

const CLUSTER_CM = SCRAPE_CONFIGMAP_NAMES.cluster;
const NODE_CM = SCRAPE_CONFIGMAP_NAMES.node;
const WINDOWS_CM = SCRAPE_CONFIGMAP_NAMES.nodeWindows;
const LIMITS = { label_limit: 63, label_name_length_limit: 511, label_value_length_limit: 1023 };

/** A props object with every feature: each prop and each relabel action at least once, every SD role. */
const FULL: ScrapeConfigsProps = {
  global: { scrapeInterval: '30s', scrapeTimeout: '20s', externalLabels: { environment: 'prod', canary: 'on' } },
  cluster: [
    {
      jobName: 'app-pods',
      scrapeInterval: '15s',
      scrapeTimeout: '10s',
      metricsPath: '/metrics/prometheus',
      scheme: 'https',
      params: { 'format': ['prometheus'], 'collect[]': ['cpu', 'memory'] },
      honorLabels: true,
      honorTimestamps: false,
      sampleLimit: 50000,
      targetLimit: 200,
      kubernetesSdConfigs: [
        { role: 'pod', namespaces: ['team-a', 'team-b'], selectors: [{ role: 'pod', label: 'app in (web,api),!legacy', field: 'status.phase=Running' }] },
      ],
      tls: { caSecretKey: 'ca.crt', certSecretKey: 'client.crt', keySecretKey: 'client.key', serverName: 'app.team-a.svc', insecureSkipVerify: false },
      basicAuth: { username: 'scraper', passwordSecretKey: 'scraper-password' },
      relabelings: [
        { action: 'keep', sourceLabels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'], regex: 'true' },
        { action: 'drop', sourceLabels: ['__meta_kubernetes_pod_phase', '__meta_kubernetes_pod_ready'], separator: '/', regex: 'Succeeded/.*|Failed/.*' },
        {
          sourceLabels: ['__address__', '__meta_kubernetes_pod_annotation_prometheus_io_port'],
          regex: '([^:]+)(?::\\d+)?;(\\d+)',
          replacement: '$1:$2',
          targetLabel: '__address__',
        },
        { action: 'labelmap', regex: '__meta_kubernetes_pod_label_(.+)', replacement: 'pod_label_${1}' },
        { action: 'hashmod', sourceLabels: ['__address__'], modulus: 4, targetLabel: '__tmp_hash' },
        { action: 'keepequal', sourceLabels: ['__meta_kubernetes_namespace'], targetLabel: '__tmp_namespace' },
        { action: 'dropequal', sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: '__tmp_excluded_node' },
        { action: 'lowercase', sourceLabels: ['__meta_kubernetes_pod_label_team'], targetLabel: 'team' },
        { action: 'uppercase', sourceLabels: ['__meta_kubernetes_pod_label_tier'], targetLabel: 'tier' },
        { sourceLabels: ['__meta_kubernetes_pod_name'], regex: '(?P<app>[a-z-]+)-[a-z0-9]+-[a-z0-9]{5}', replacement: '$app', targetLabel: 'app' },
        { action: 'replace', sourceLabels: ['__meta_kubernetes_pod_label_price'], regex: '(.*)', replacement: 'USD$$${1}', targetLabel: 'price' },
        { targetLabel: 'scraped_by', replacement: 'azure-monitor' },
      ],
      metricRelabelings: [
        { action: 'labeldrop', regex: 'pod_template_hash|controller_revision_hash' },
        { action: 'labelkeep', regex: '__name__|namespace|pod|container|team|tier|app|job|instance|le|quantile' },
        { action: 'drop', sourceLabels: ['__name__'], regex: 'go_gc_.*' },
      ],
    },
    {
      jobName: 'static-services',
      staticConfigs: [
        { targets: ['web.team-a.svc.cluster.local:8080', '10.0.0.5:9100'], labels: { team: 'a', yes: 'no' } },
        { targets: ['[fd00::1]:9100', 'metrics.example.com'] },
      ],
      authorization: { credentialsSecretKey: 'bearer-token' },
    },
    {
      jobName: 'service-endpoints',
      scheme: 'https',
      tls: { serviceAccountCa: true },
      authorization: { type: 'Token', credentialsSecretKey: 'api-token' },
      kubernetesSdConfigs: [
        {
          role: 'endpoints',
          selectors: [{ role: 'service', label: 'monitored=true' }, { role: 'endpoints', field: 'metadata.name!=kubernetes' }, { role: 'pod', label: 'app' }],
        },
        { role: 'endpointslice', namespaces: ['ingress-nginx'], selectors: [{ role: 'endpointslice', label: 'kubernetes.io/service-name=ingress-nginx-controller' }] },
        { role: 'service' },
        { role: 'node', selectors: [{ role: 'node', label: 'kubernetes.io/os=linux' }] },
        { role: 'ingress', namespaces: ['web'] },
      ],
    },
  ],
  node: [
    {
      jobName: 'node-app',
      scrapeInterval: '30s',
      staticConfigs: [{ targets: ['$NODE_IP:9256'], labels: { source: 'process-exporter' } }],
      relabelings: [
        { sourceLabels: ['__address__'], replacement: '$NODE_NAME', targetLabel: 'instance' },
        { action: 'keep', sourceLabels: ['__address__'], regex: '$NODE_IP:.*' },
      ],
      metricRelabelings: [{ sourceLabels: ['node'], regex: '(.*)', replacement: '${1}@$NODE_NAME', targetLabel: 'node' }],
    },
    {
      jobName: 'kubelet-resource',
      scheme: 'https',
      metricsPath: '/metrics/resource',
      tls: { serviceAccountCa: true, insecureSkipVerify: true },
      authorization: { serviceAccountToken: true },
      staticConfigs: [{ targets: ['$NODE_IP:10250'] }],
    },
  ],
  nodeWindows: [
    { jobName: 'windows-app', staticConfigs: [{ targets: ['$NODE_IP:9182'] }], relabelings: [{ replacement: '$NODE_NAME', targetLabel: 'instance' }] },
  ],
};

/** Smaller variants that must render and pass promtool too. */
const VARIANTS: Record<string, ScrapeConfigsProps> = {
  'global only (for PodMonitor/ServiceMonitor jobs)': { global: { externalLabels: { team: 'platform' } } },
  'global interval only': { global: { scrapeInterval: '15s' } },
  'one cluster job, no global': { cluster: [{ jobName: 'x', staticConfigs: [{ targets: ['x.default.svc:80'] }] }] },
  'node job with $$ in the replacement': {
    node: [{ jobName: 'n', staticConfigs: [{ targets: ['$$NODE_IP:9100'] }], relabelings: [{ replacement: 'cost$$', targetLabel: 'currency' }] }],
  },
  'timeout equal to the interval': { cluster: [{ jobName: 'eq', scrapeInterval: '10s', scrapeTimeout: '10s', staticConfigs: [{ targets: ['a:1'] }] }] },
  'short interval, default timeout': { cluster: [{ jobName: 'short', scrapeInterval: '5s', staticConfigs: [{ targets: ['a:1'] }] }] },
};

// -------------------------------------------------------------------------------------------------
// Rendering: objects, keys, values
// -------------------------------------------------------------------------------------------------

describe('rendered ConfigMaps', () => {
  const objs = render(FULL);

  test('three ConfigMaps in kube-system, each with the single data key prometheus-config, valid Kubernetes objects', () => {
    expect(objs.map((o) => o.metadata.name)).toEqual([CLUSTER_CM, NODE_CM, WINDOWS_CM]);
    expect(SCRAPE_CONFIGMAP_NAMES).toEqual({
      cluster: 'ama-metrics-prometheus-config',
      node: 'ama-metrics-prometheus-config-node',
      nodeWindows: 'ama-metrics-prometheus-config-node-windows',
    });
    for (const o of objs) {
      expect(o.apiVersion).toBe('v1');
      expect(o.kind).toBe('ConfigMap');
      expect(o.metadata.namespace).toBe('kube-system');
      expect(o.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'azure-monitor-k8s' });
      expect(Object.keys(o.data as object)).toEqual(['prometheus-config']);
    }
    expectValidKubernetesObjects(objs);
    expectValidKubernetesObjects(Object.values(VARIANTS).flatMap((v) => render(v)));
  });

  test('the cluster config parses back (YAML 1.1) to exactly the Prometheus keys and values', () => {
    expect(parse11(configText(objs, CLUSTER_CM)!)).toEqual({
      global: { scrape_interval: '30s', scrape_timeout: '20s', external_labels: { environment: 'prod', canary: 'on' } },
      scrape_configs: [
        {
          job_name: 'app-pods',
          scrape_interval: '15s',
          scrape_timeout: '10s',
          metrics_path: '/metrics/prometheus',
          scheme: 'https',
          params: { 'format': ['prometheus'], 'collect[]': ['cpu', 'memory'] },
          honor_labels: true,
          honor_timestamps: false,
          sample_limit: 50000,
          target_limit: 200,
          ...LIMITS,
          basic_auth: { username: 'scraper', password_file: '/etc/prometheus/certs/scraper-password' },
          tls_config: {
            ca_file: '/etc/prometheus/certs/ca.crt',
            cert_file: '/etc/prometheus/certs/client.crt',
            key_file: '/etc/prometheus/certs/client.key',
            server_name: 'app.team-a.svc',
            insecure_skip_verify: false,
          },
          kubernetes_sd_configs: [
            { role: 'pod', namespaces: { names: ['team-a', 'team-b'] }, selectors: [{ role: 'pod', label: 'app in (web,api),!legacy', field: 'status.phase=Running' }] },
          ],
          relabel_configs: [
            { source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'], regex: 'true', action: 'keep' },
            { source_labels: ['__meta_kubernetes_pod_phase', '__meta_kubernetes_pod_ready'], separator: '/', regex: 'Succeeded/.*|Failed/.*', action: 'drop' },
            {
              source_labels: ['__address__', '__meta_kubernetes_pod_annotation_prometheus_io_port'],
              regex: '([^:]+)(?::\\d+)?;(\\d+)',
              target_label: '__address__',
              replacement: '$1:$2',
              action: 'replace',
            },
            { regex: '__meta_kubernetes_pod_label_(.+)', replacement: 'pod_label_${1}', action: 'labelmap' },
            { source_labels: ['__address__'], modulus: 4, target_label: '__tmp_hash', action: 'hashmod' },
            { source_labels: ['__meta_kubernetes_namespace'], target_label: '__tmp_namespace', action: 'keepequal' },
            { source_labels: ['__meta_kubernetes_pod_node_name'], target_label: '__tmp_excluded_node', action: 'dropequal' },
            { source_labels: ['__meta_kubernetes_pod_label_team'], target_label: 'team', action: 'lowercase' },
            { source_labels: ['__meta_kubernetes_pod_label_tier'], target_label: 'tier', action: 'uppercase' },
            { source_labels: ['__meta_kubernetes_pod_name'], regex: '(?P<app>[a-z-]+)-[a-z0-9]+-[a-z0-9]{5}', target_label: 'app', replacement: '$app', action: 'replace' },
            // A value with "$$" is written with every "$" doubled: the agent collapses it back (see the $ tests).
            { source_labels: ['__meta_kubernetes_pod_label_price'], regex: '(.*)', target_label: 'price', replacement: 'USD$$$$$${1}', action: 'replace' },
            { target_label: 'scraped_by', replacement: 'azure-monitor', action: 'replace' },
          ],
          metric_relabel_configs: [
            { regex: 'pod_template_hash|controller_revision_hash', action: 'labeldrop' },
            { regex: '__name__|namespace|pod|container|team|tier|app|job|instance|le|quantile', action: 'labelkeep' },
            { source_labels: ['__name__'], regex: 'go_gc_.*', action: 'drop' },
          ],
        },
        {
          job_name: 'static-services',
          ...LIMITS,
          bearer_token_file: '/etc/prometheus/certs/bearer-token',
          static_configs: [
            { targets: ['web.team-a.svc.cluster.local:8080', '10.0.0.5:9100'], labels: { team: 'a', yes: 'no' } },
            { targets: ['[fd00::1]:9100', 'metrics.example.com'] },
          ],
        },
        {
          job_name: 'service-endpoints',
          scheme: 'https',
          ...LIMITS,
          authorization: { type: 'Token', credentials_file: '/etc/prometheus/certs/api-token' },
          tls_config: { ca_file: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt' },
          kubernetes_sd_configs: [
            {
              role: 'endpoints',
              selectors: [
                { role: 'service', label: 'monitored=true' },
                { role: 'endpoints', field: 'metadata.name!=kubernetes' },
                { role: 'pod', label: 'app' },
              ],
            },
            { role: 'endpointslice', namespaces: { names: ['ingress-nginx'] }, selectors: [{ role: 'endpointslice', label: 'kubernetes.io/service-name=ingress-nginx-controller' }] },
            { role: 'service' },
            { role: 'node', selectors: [{ role: 'node', label: 'kubernetes.io/os=linux' }] },
            { role: 'ingress', namespaces: { names: ['web'] } },
          ],
        },
      ],
    });
  });

  test('the node and Windows configs parse back exactly; they carry no global section', () => {
    expect(parse11(configText(objs, NODE_CM)!)).toEqual({
      scrape_configs: [
        {
          job_name: 'node-app',
          scrape_interval: '30s',
          ...LIMITS,
          static_configs: [{ targets: ['$NODE_IP:9256'], labels: { source: 'process-exporter' } }],
          relabel_configs: [
            { source_labels: ['__address__'], target_label: 'instance', replacement: '$NODE_NAME', action: 'replace' },
            { source_labels: ['__address__'], regex: '$NODE_IP:.*', action: 'keep' },
          ],
          metric_relabel_configs: [{ source_labels: ['node'], regex: '(.*)', target_label: 'node', replacement: '${1}@$NODE_NAME', action: 'replace' }],
        },
        {
          job_name: 'kubelet-resource',
          metrics_path: '/metrics/resource',
          scheme: 'https',
          ...LIMITS,
          bearer_token_file: '/var/run/secrets/kubernetes.io/serviceaccount/token',
          tls_config: { ca_file: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt', insecure_skip_verify: true },
          static_configs: [{ targets: ['$NODE_IP:10250'] }],
        },
      ],
    });
    expect(parse11(configText(objs, WINDOWS_CM)!)).toEqual({
      scrape_configs: [
        {
          job_name: 'windows-app',
          ...LIMITS,
          static_configs: [{ targets: ['$NODE_IP:9182'] }],
          relabel_configs: [{ target_label: 'instance', replacement: '$NODE_NAME', action: 'replace' }],
        },
      ],
    });
  });

  test('YAML 1.1: strings that a YAML 1.1 parser would read as booleans are quoted', () => {
    const text = configText(objs, CLUSTER_CM)!;
    expect(text).toContain('canary: "on"');
    expect(text).toContain('"yes": "no"');
    // The model keeps the user's values; YAML 1.2 would write them plain and yaml.v2 would read booleans.
    const plain = stringify({ canary: 'on' });
    expect(parse11(plain)).toEqual({ canary: true });
  });

  test('every job carries the label limits the agent forces (63/511/1023)', () => {
    expect(FORCED_LABEL_LIMITS).toEqual(LIMITS);
    for (const name of [CLUSTER_CM, NODE_CM, WINDOWS_CM]) {
      for (const job of parse11(configText(objs, name)!).scrape_configs) expect(job).toMatchObject(LIMITS);
    }
  });

  test('only ConfigMaps with content are rendered', () => {
    expect(render(undefined)).toEqual([]);
    expect(render({})).toEqual([]);
    expect(render({ global: {}, cluster: [], node: [], nodeWindows: [] })).toEqual([]);
    const globalOnly = render({ global: { externalLabels: { team: 'platform' } } });
    expect(globalOnly.map((o) => o.metadata.name)).toEqual([CLUSTER_CM]);
    // A global section always states the interval: without it the agent substitutes an empty one into its defaults.
    expect(parse11(configText(globalOnly, CLUSTER_CM)!)).toEqual({ global: { scrape_interval: '1m', external_labels: { team: 'platform' } } });
    const nodeOnly = render({ node: [{ jobName: 'n', staticConfigs: [{ targets: ['$NODE_IP:1'] }] }] });
    expect(nodeOnly.map((o) => o.metadata.name)).toEqual([NODE_CM]);
  });

  test('the model lists the keys of ama-metrics-mtls-secret the jobs read', () => {
    expect(resolve(FULL).mtlsSecretKeys).toEqual(['api-token', 'bearer-token', 'ca.crt', 'client.crt', 'client.key', 'scraper-password']);
    expect(MTLS_MOUNT_DIR).toBe('/etc/prometheus/certs');
  });

  test('unrelated props do not change a job\'s rendering (stable output)', () => {
    const a = render(FULL);
    const b = render({ ...FULL, nodeWindows: [] });
    expect(configText(b, CLUSTER_CM)).toBe(configText(a, CLUSTER_CM));
    expect(configText(b, WINDOWS_CM)).toBeUndefined();
  });
});

// -------------------------------------------------------------------------------------------------
// promtool
// -------------------------------------------------------------------------------------------------

describe('promtool check config', () => {
  testWithPromtool('every rendered config of every fixture passes', () => {
    const texts: Array<[string, string]> = [];
    for (const [name, props] of [['FULL', FULL] as const, ...Object.entries(VARIANTS)]) {
      for (const o of render(props)) texts.push([`${name} / ${o.metadata.name}`, (o.data as Record<string, string>)['prometheus-config']]);
    }
    const results = checkPrometheusConfigs(texts.map(([, t]) => t));
    const failures = results.map((r, i) => ({ config: texts[i][0], ok: r.ok, output: r.output })).filter((r) => !r.ok);
    expect(failures).toEqual([]);
    expect(results.length).toBe(texts.length);
  });

  testWithPromtool('the check can fail: promtool rejects a timeout longer than the interval, and a client cert without key', () => {
    const bad = checkPrometheusConfig('scrape_configs:\n- job_name: x\n  scrape_interval: 10s\n  scrape_timeout: 20s\n  static_configs:\n  - targets: ["a:1"]\n');
    expect(bad.ok).toBe(false);
    expect(bad.output).toMatch(/scrape timeout greater than scrape interval/);
    const noKey = checkPrometheusConfig(`scrape_configs:\n- job_name: x\n  scheme: https\n  tls_config:\n    cert_file: ${MTLS_MOUNT_DIR}/c\n  static_configs:\n  - targets: ["a:1"]\n`);
    expect(noKey.ok).toBe(false);
    expect(noKey.output).toMatch(/client cert file .* specified without client key file/);
  });

  testWithPromtool('the helper applies the agent\'s $ rules and node variables, materializes credential files, and reports stripped Kubernetes SD', () => {
    const [cluster, node] = render(FULL).map((o) => checkPrometheusConfig((o.data as Record<string, string>)['prometheus-config']));
    expect(cluster.checkedText).toContain('replacement: USD$$${1}');
    expect(cluster.checkedText).not.toContain(MTLS_MOUNT_DIR);
    expect(cluster.kubernetesSdStripped).toBe(!promtoolCapabilities().kubernetesSd);
    expect(node.checkedText).toContain(`- ${SAMPLE_NODE_IP}:9256`);
    expect(node.checkedText).toContain(`replacement: ${SAMPLE_NODE_NAME}`);
    expect(node.checkedText).toContain(`replacement: \${1}@${SAMPLE_NODE_NAME}`);
    expect(node.kubernetesSdStripped).toBe(false);
  });
});

// -------------------------------------------------------------------------------------------------
// `$` handling: what Prometheus finally reads is what the props say
// -------------------------------------------------------------------------------------------------

describe('$ in regex and replacement (NOTES §4.3)', () => {
  const NODE = { ip: SAMPLE_NODE_IP, name: SAMPLE_NODE_NAME };

  /** What Prometheus should read: `$NODE_X` after an odd run of `$` (or a single `$`) is the node's value; all else as written. */
  function intended(value: string): string {
    return value.replace(/(\$+)(NODE_IP|NODE_NAME)/g, (_m, run: string, v: string) =>
      run.length % 2 === 1 ? run.slice(1) + (v === 'NODE_IP' ? NODE.ip : NODE.name) : `${run}${v}`);
  }

  test.each([
    ['$1', '$1'],
    ['${1}_x', '${1}_x'],
    ['$$1', '$$$$1'],
    ['a$', 'a$'],
    ['(ttle$)', '(ttle$)'],
    ['USD$$${1}', 'USD$$$$$${1}'],
    ['$NODE_NAME', '$NODE_NAME'],
    ['${1}@$NODE_NAME', '${1}@$NODE_NAME'],
  ])('%s is written as %s and read back by Prometheus as written', (value, written) => {
    expect(agentRelabelText(value)).toBe(written);
    expect(agentEffectiveRelabelValue(written, NODE)).toBe(intended(value));
  });

  test('property: for any value (no even run of $ before a node variable) Prometheus reads the value', () => {
    const piece = fc.constantFrom('$', '$', '$$', '1', 'a', '{', '}', '_', 'NODE_IP', 'NODE_NAME', ':', '.');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }).map((a) => a.join('')), (value) => {
        fc.pre(!/(?<!\$)(\$\$)+(NODE_IP|NODE_NAME)/.test(value));
        expect(agentEffectiveRelabelValue(agentRelabelText(value), NODE)).toBe(intended(value));
      }),
      { numRuns: 300 },
    );
  });

  test('targets: $NODE_IP and $$NODE_IP both become the node IP (the agent\'s rule)', () => {
    expect(agentEffectiveTarget('$NODE_IP:9100', NODE)).toBe(`${NODE.ip}:9100`);
    expect(agentEffectiveTarget('$$NODE_IP:9100', NODE)).toBe(`${NODE.ip}:9100`);
    expect(agentEffectiveTarget('$NODE_NAME:9100', NODE)).toBe(`${NODE.name}:9100`);
  });
});

// -------------------------------------------------------------------------------------------------
// The product's example ConfigMaps
// -------------------------------------------------------------------------------------------------

const EXAMPLES = path.join(REFERENCE_DIR, 'managed-prometheus/configmaps');

function examplePrometheusConfig(file: string): Obj {
  const cm = parse11(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));
  return parse11(cm.data['prometheus-config']);
}

/** The agent's first step on regex/replacement (collapse `$$`): the value in Prometheus semantics. */
const collapse = (v: string) => v.split('$$').join('$');

function ruleToProps(r: Obj): Obj {
  const map: Record<string, string> = {
    action: 'action', source_labels: 'sourceLabels', separator: 'separator', regex: 'regex', modulus: 'modulus', target_label: 'targetLabel', replacement: 'replacement',
  };
  const out: Obj = {};
  for (const [k, v] of Object.entries(r)) {
    if (!(k in map)) throw new Error(`unmapped relabel key ${k}`);
    out[map[k]] = k === 'regex' || k === 'replacement' ? collapse(String(v)) : v;
  }
  return out;
}

/** Converts a Prometheus scrape job of an example (agent semantics) into our props. */
function jobToProps(job: Obj): ScrapeJobProps {
  const out: Obj = {};
  const fileProp = (file: string, secretProp: string, saProp: string): Obj => {
    if (file.startsWith('/var/run/secrets/kubernetes.io/serviceaccount/')) return { [saProp]: true };
    if (file.startsWith(`${MTLS_MOUNT_DIR}/`)) return { [secretProp]: file.slice(MTLS_MOUNT_DIR.length + 1) };
    throw new Error(`file ${file} is neither a service-account file nor under ${MTLS_MOUNT_DIR}`);
  };
  for (const [k, v] of Object.entries(job)) {
    switch (k) {
      case 'job_name': out.jobName = v; break;
      case 'scrape_interval': out.scrapeInterval = v; break;
      case 'scrape_timeout': out.scrapeTimeout = v; break;
      case 'metrics_path': out.metricsPath = v; break;
      case 'scheme': out.scheme = v; break;
      case 'label_limit': case 'label_name_length_limit': case 'label_value_length_limit': break; // forced by the agent
      case 'kubernetes_sd_configs': out.kubernetesSdConfigs = v.map((sd: Obj) => ({ role: sd.role })); break;
      case 'static_configs': out.staticConfigs = v; break;
      case 'relabel_configs': out.relabelings = v.map(ruleToProps); break;
      case 'metric_relabel_configs': out.metricRelabelings = v.map(ruleToProps); break;
      case 'tls_config':
        out.tls = {
          ...(v.ca_file ? fileProp(v.ca_file, 'caSecretKey', 'serviceAccountCa') : {}),
          ...(v.insecure_skip_verify !== undefined ? { insecureSkipVerify: v.insecure_skip_verify } : {}),
        };
        break;
      case 'bearer_token_file': out.authorization = fileProp(v, 'credentialsSecretKey', 'serviceAccountToken'); break;
      default: throw new Error(`unmapped job key ${k}`);
    }
  }
  return out as ScrapeJobProps;
}

/** A job as Prometheus runs it: the agent's rewriting applied, its forced limits set, the default action explicit. */
function asRun(job: Obj): Obj {
  const rule = (r: Obj) => {
    const o: Obj = { ...r, action: r.action ?? 'replace' };
    for (const k of ['regex', 'replacement']) if (o[k] !== undefined) o[k] = agentEffectiveRelabelValue(String(o[k]));
    return o;
  };
  const o: Obj = { ...job, ...LIMITS };
  if (o.relabel_configs) o.relabel_configs = o.relabel_configs.map(rule);
  if (o.metric_relabel_configs) o.metric_relabel_configs = o.metric_relabel_configs.map(rule);
  if (o.static_configs) {
    o.static_configs = o.static_configs.map((g: Obj) => ({ ...g, targets: g.targets.map((t: string) => agentEffectiveTarget(t)) }));
  }
  return o;
}

/** Renders one example job through our props into the ConfigMap of `kind` and returns it as run. */
function renderExampleJob(job: Obj, kind: 'cluster' | 'node' | 'nodeWindows'): Obj {
  const objs = render({ [kind]: [jobToProps(job)] });
  return asRun(parse11(configText(objs, SCRAPE_CONFIGMAP_NAMES[kind])!).scrape_configs[0]);
}

/** Removes fields (paths like `relabel_configs[1].regex` or `relabel_configs[2]`) from a copy of a job. */
function without(job: Obj, paths: string[]): Obj {
  const copy = JSON.parse(JSON.stringify(job));
  // Longest index first so that removing list items does not shift later ones.
  for (const p of [...paths].sort().reverse()) {
    const m = /^(\w+)\[(\d+)\](?:\.(\w+))?$/.exec(p)!;
    if (m[3]) delete copy[m[1]][Number(m[2])][m[3]];
    else copy[m[1]].splice(Number(m[2]), 1);
  }
  return copy;
}

function rejection(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('the product\'s example custom configs (shared/reference/managed-prometheus/configmaps)', () => {
  const allActions = examplePrometheusConfig('examples/ama-metrics-prometheus-config-configmap-all-actions.yaml');
  const jobs = Object.fromEntries((allActions.scrape_configs as Obj[]).map((j) => [j.job_name, j]));

  test.each(['job-keepequal', 'job-dropequal', 'job-labeldrop', 'job-labelkeep'])('all-actions %s is expressible as is and renders what the example runs', (name) => {
    expect(renderExampleJob(jobs[name], 'cluster')).toEqual(asRun(jobs[name]));
  });

  /** Jobs that set fields Prometheus ignores for their action: rejected; without those fields they render equivalently. */
  const IGNORED: Record<string, { readonly error: [string, RegExp]; readonly strip: string[] }> = {
    'job-lowercase': {
      error: ['relabelings[1].regex', /expected no regex with action "lowercase": Prometheus ignores it there/],
      strip: ['relabel_configs[1].regex', 'metric_relabel_configs[0].regex', 'metric_relabel_configs[0].separator'],
    },
    'job-uppercase': {
      error: ['relabelings[1].regex', /expected no regex with action "uppercase"/],
      strip: ['relabel_configs[1].regex', 'metric_relabel_configs[0].regex', 'metric_relabel_configs[0].separator'],
    },
    'job-keep': {
      error: ['metricRelabelings[0].targetLabel', /expected no targetLabel with action "keep"/],
      strip: ['metric_relabel_configs[0].separator', 'metric_relabel_configs[0].replacement', 'metric_relabel_configs[0].target_label'],
    },
    'job-drop': {
      error: ['metricRelabelings[0].targetLabel', /expected no targetLabel with action "drop"/],
      strip: ['metric_relabel_configs[0].separator', 'metric_relabel_configs[0].replacement', 'metric_relabel_configs[0].target_label'],
    },
    'job-hashmod': {
      error: ['relabelings[1].regex', /expected no regex with action "hashmod"/],
      strip: ['relabel_configs[1].regex', 'metric_relabel_configs[0].regex', 'metric_relabel_configs[0].replacement', 'metric_relabel_configs[0].separator'],
    },
  };

  test.each(Object.keys(IGNORED))('all-actions %s: rejected for a field Prometheus ignores; equivalent without the ignored fields', (name) => {
    const { error, strip } = IGNORED[name];
    const e = rejection(() => resolve({ cluster: [jobToProps(jobs[name])] }));
    expect(e.path).toBe(`${PATH}.cluster[0].${error[0]}`);
    expect(e.message).toMatch(error[1]);
    const stripped = without(jobs[name], strip);
    expect(renderExampleJob(stripped, 'cluster')).toEqual(asRun(stripped));
  });

  test('all-actions job-replace and job-labelmap: rejected, their replacements refer to groups their regexes do not have', () => {
    const replace = rejection(() => resolve({ cluster: [jobToProps(jobs['job-replace'])] }));
    expect(replace.path).toBe(`${PATH}.cluster[0].relabelings[1].replacement`);
    expect(replace.message).toMatch(/"\$1" refers to capture group 1, but the regex has 0 group\(s\); Prometheus would substitute an empty string/);
    const labelmap = rejection(() => resolve({ cluster: [jobToProps(without(jobs['job-labelmap'], ['relabel_configs[1].source_labels', 'relabel_configs[1].target_label']))] }));
    expect(labelmap.path).toBe(`${PATH}.cluster[0].relabelings[1].replacement`);
    expect(labelmap.message).toMatch(/refers to capture group 1, but the regex has 0 group/);
  });

  test('with-error: the invalid action is rejected; the other jobs are expressible and render what the example runs', () => {
    const cfg = examplePrometheusConfig('examples/ama-metrics-prometheus-config-configmap-with-error.yaml');
    const [refApp, winRefApp, appPods] = cfg.scrape_configs as Obj[];
    const e = rejection(() => resolve({ cluster: [jobToProps(refApp)] }));
    expect(e.path).toBe(`${PATH}.cluster[0].relabelings[2].action`);
    expect(e.message).toMatch(/got "replace-with-error"; expected one of "replace", "keep"/);
    const fixed = without(refApp, ['relabel_configs[2]']);
    expect(renderExampleJob(fixed, 'cluster')).toEqual(asRun(fixed));
    expect(renderExampleJob(winRefApp, 'cluster')).toEqual(asRun(winRefApp));
    expect(renderExampleJob(appPods, 'cluster')).toEqual(asRun(appPods)); // "$$1:$$2" in the example, "$1:$2" in our props
    expect(jobToProps(appPods).relabelings![2].replacement).toBe('$1:$2');
  });

  test('node-configmap-errors: the invalid action is rejected; without it the job renders what the example runs ($$NODE_NAME is $NODE_NAME to the agent)', () => {
    const cfg = examplePrometheusConfig('examples/ama-metrics-prometheus-config-node-configmap-errors.yaml');
    const job = cfg.scrape_configs[0];
    const e = rejection(() => resolve({ node: [jobToProps(job)] }));
    expect(e.path).toBe(`${PATH}.node[0].relabelings[2].action`);
    expect(e.message).toMatch(/got "replaced-errors"/);
    const fixed = without(job, ['relabel_configs[2]']);
    expect(renderExampleJob(fixed, 'node')).toEqual(asRun(fixed));
  });

  test('node-windows template: $OS_TYPE is rejected (the agent substitutes only $NODE_IP/$NODE_NAME); the rest renders what the template runs', () => {
    const cfg = examplePrometheusConfig('ama-metrics-prometheus-config-node-windows-configmap.yaml');
    const job = cfg.scrape_configs[0];
    const e = rejection(() => resolve({ nodeWindows: [jobToProps(job)] }));
    expect(e.path).toBe(`${PATH}.nodeWindows[0].relabelings[2].replacement`);
    expect(e.message).toMatch(/"\$OS_TYPE" refers to a capture group named "OS_TYPE".*The agent substitutes only \$NODE_IP and \$NODE_NAME/);
    const fixed = without(job, ['relabel_configs[2]']);
    expect(renderExampleJob(fixed, 'nodeWindows')).toEqual(asRun(fixed));
    expect(jobToProps(fixed)).toMatchObject({
      tls: { serviceAccountCa: true, insecureSkipVerify: true },
      authorization: { serviceAccountToken: true },
    });
  });

  testWithPromtool('the examples themselves: all-actions passes promtool, with-custom-global does not (external_labels outside global)', () => {
    const raw = (file: string) => parse11(fs.readFileSync(path.join(EXAMPLES, file), 'utf8')).data['prometheus-config'] as string;
    const [allActionsResult, customGlobal] = checkPrometheusConfigs([
      raw('examples/ama-metrics-prometheus-config-configmap-all-actions.yaml'),
      raw('examples/ama-metrics-prometheus-config-configmap-with-custom-global.yaml'),
    ]);
    expect(allActionsResult.ok).toBe(true);
    expect(customGlobal.ok).toBe(false);
    expect(customGlobal.output).toMatch(/field external_labels not found/);
  });
});

// -------------------------------------------------------------------------------------------------
// Facts as data
// -------------------------------------------------------------------------------------------------

test('DEFAULT_JOB_NAMES are exactly the job_name values of the default scrape jobs', () => {
  const dir = path.join(REFERENCE_DIR, 'managed-prometheus/default-scrape-jobs');
  const names = new Set<string>();
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.yml'))) {
    const doc = parse11(fs.readFileSync(path.join(dir, f), 'utf8'));
    for (const job of doc?.scrape_configs ?? []) names.add(job.job_name);
  }
  expect([...DEFAULT_JOB_NAMES].sort()).toEqual([...names].sort());
  expect(DEFAULT_JOB_NAMES.length).toBe(28);
});

// -------------------------------------------------------------------------------------------------
// Syntax checkers
// -------------------------------------------------------------------------------------------------

test('replacement references as Go reads them', () => {
  expect(templateRefs('$1 ${2} $name ${name}x $$3 $1x $ $- ${ $01')).toEqual([
    { text: '$1', num: 1 },
    { text: '${2}', num: 2 },
    { text: '$name', name: 'name' },
    { text: '${name}', name: 'name' },
    { text: '$1x', name: '1x' },
    { text: '$01', name: '01' },
  ]);
});

test.each([
  ['1ms', 1], ['15s', 15000], ['1m30s', 90000], ['2h', 7_200_000], ['1d', 86_400_000], ['1w', 604_800_000], ['1y', 31_536_000_000],
  ['1y2w3d4h5m6s7ms', 31_536_000_000 + 2 * 604_800_000 + 3 * 86_400_000 + 4 * 3_600_000 + 5 * 60_000 + 6000 + 7],
])('duration %s = %d ms', (text, ms) => {
  expect(parsePrometheusDuration(text)).toBe(ms);
});

test.each(['0', '0s', '', '1.5s', '30', '1h1d', '1S', ' 1s', '-1s', '1m1m', '300000000y'])('not a duration: %j', (text) => {
  expect(parsePrometheusDuration(text)).toBeUndefined();
});

test.each([
  'app', '!app', 'app=web', 'app==web', 'app!=web', 'app in (a,b)', 'app notin (a)', 'tier in (a, b), env=prod', 'example.com/app=x', 'a=', 'gen>5', 'app in (a,)',
])('label selector %j is valid', (sel) => {
  expect(labelSelectorError(sel)).toBeUndefined();
});

test.each(['', 'app in ()', '=web', 'app=we b', 'app in (a', 'Example.COM/app=x', 'a'.repeat(64), 'app=a$b', '!app=x', 'a,,b', 'gen>x'])('label selector %j is invalid', (sel) => {
  expect(labelSelectorError(sel)).toEqual(expect.any(String));
});

test.each(['status.phase=Running', 'metadata.name!=kubernetes,spec.nodeName=node1', 'metadata.name==a\\,b', 'a=', 'a=b\\=c'])('field selector %j is valid', (sel) => {
  expect(fieldSelectorError(sel)).toBeUndefined();
});

test.each(['status.phase', 'a=b=c', '=x', 'a=b\\x', 'a b=c'])('field selector %j is invalid', (sel) => {
  expect(fieldSelectorError(sel)).toEqual(expect.any(String));
});

// -------------------------------------------------------------------------------------------------
// Validation: every throw site, with path and message
// -------------------------------------------------------------------------------------------------


/** Every `throw new ValidationError(` of src/model/scrape-config.ts, by a snippet unique in the file. */
const SITES = {
  noDollar: 'which interprets "$"',
  duration: 'expected a Prometheus duration greater than 0',
  labelMapType: "'expected an object of label names to values'",
  labelMapEmpty: 'expected at least one label (leave the prop out for none)',
  secretKeyDots: '"." and names starting with ".." are not valid keys',
  inlineSecret: 'a ConfigMap must not hold secrets',
  targetNodeVarInCluster: 'expected no $NODE_IP/$NODE_NAME in a cluster job',
  targetDollar: 'expected no "$" in a target other than',
  targetNeedsNodeVar: 'expected a target using $NODE_IP or $NODE_NAME',
  targetShape: 'expected "host:port" or "host"',
  staticEmpty: 'expected a non-empty array of { targets, labels? }',
  sdInNode: 'expected no service discovery in',
  sdEmpty: 'expected a non-empty array of { role, namespaces?, selectors? }',
  sdNodeNamespaces: 'expected no namespaces with role "node"',
  selectorsEmpty: 'expected a non-empty array of { role, label?, field? }',
  selectorRole: 'role supports only those selectors',
  selectorDup: 'duplicated selector role',
  selectorEmpty: 'expected a label and/or field selector',
  labelSelector: 'expected a Kubernetes label selector such as',
  fieldSelector: 'expected a Kubernetes field selector such as',
  re2: 'expected an RE2 regular expression',
  nodeVarInClusterRelabel: 'in a cluster job: the agent substitutes it with the node',
  ambiguousDollar: 'but the agent still substitutes the node variable after it',
  references: 'expected references to groups the regex',
  ignoredField: 'Prometheus ignores it there',
  requiredField: '`expected ${f}: action',
  separator: 'expected no separator with fewer than two sourceLabels',
  labelmapReplacement: 'that may contain group references such as',
  relabelEmpty: "'expected a non-empty array of relabel rules'",
  caBoth: 'expected either caSecretKey or serviceAccountCa, not both',
  certKeyPair: 'expected certSecretKey and keySecretKey together',
  tlsEmpty: 'expected at least one TLS setting',
  authBasic: 'expected a scheme other than Basic',
  authExactlyOne: 'expected exactly one of credentialsSecretKey',
  usernameColon: 'expected no ":" (HTTP basic authentication',
  passwordMissing: 'holding the password`',
  params: 'expected an object of parameter names to non-empty arrays of values',
  jobTimeout: 'Prometheus rejects a timeout longer than the interval',
  noTargets: "'expected targets: staticConfigs and/or kubernetesSdConfigs",
  tlsHttp: 'Prometheus uses TLS settings only for https targets',
  authAndBasic: 'expected either authorization or basicAuth, not both',
  saTokenHttp: 'it would be sent in clear text',
  globalTimeout: 'expected at most the global scrape interval',
  unsupportedSection: 'in its custom ConfigMaps and then ignores the whole ConfigMap',
  listType: "'expected an array of scrape jobs'",
  windowsNoNodes: 'expected no Windows jobs: the cluster has no Windows nodes',
  windowsArc: 'exists only with the AKS add-on',
  reservedName: 'expected a name other than those of the agent',
  duplicateName: 'expected job names to be unique across the three ConfigMaps',
} as const;
type SiteId = keyof typeof SITES;

/** Sites no props reach, with the reason (none today). */
const UNREACHABLE: Partial<Record<SiteId, string>> = {};

interface Rejected {
  readonly name: string;
  readonly site: SiteId | 'check';
  readonly props: unknown;
  readonly path: string;
  readonly message: RegExp;
  readonly cluster?: ClusterModel;
  readonly reserved?: string[];
}

const job = (extra: Obj = {}): Obj => ({ jobName: 'j', staticConfigs: [{ targets: ['svc.ns:80'] }], ...extra });
const nodeJob = (extra: Obj = {}): Obj => ({ jobName: 'n', staticConfigs: [{ targets: ['$NODE_IP:9100'] }], ...extra });
const c = (extra: Obj = {}): Obj => ({ cluster: [job(extra)] });
const n = (extra: Obj = {}): Obj => ({ node: [nodeJob(extra)] });
const rule = (r: Obj): Obj => c({ relabelings: [r] });
const nrule = (r: Obj): Obj => n({ relabelings: [r] });
const J = `${PATH}.cluster[0]`;
const N = `${PATH}.node[0]`;
const r = (name: string, site: SiteId | 'check', props: unknown, errPath: string, message: RegExp, extra: Partial<Rejected> = {}): Rejected =>
  ({ name, site, props, path: errPath, message, ...extra });

const REJECTED: Rejected[] = [
  // --- top level, lists, names ---
  r('remote_write cannot be expressed', 'unsupportedSection', { remoteWrite: [{ url: 'https://x' }] }, `${PATH}.remoteWrite`, /not supported: the agent rejects remote_write in its custom ConfigMaps and then ignores the whole ConfigMap/),
  r('rule_files cannot be expressed', 'unsupportedSection', { ruleFiles: ['a.yml'] }, `${PATH}.ruleFiles`, /rejects rule_files/),
  r('alerting cannot be expressed', 'unsupportedSection', { alerting: {} }, `${PATH}.alerting`, /rejects alerting/),
  r('remote_read cannot be expressed', 'unsupportedSection', { remoteRead: [] }, `${PATH}.remoteRead`, /rejects remote_read/),
  r('unknown top-level prop', 'check', { clusterJobs: [] }, `${PATH}.clusterJobs`, /unknown prop; allowed props of managedPrometheus\.scrapeConfigs: global, cluster, node, nodeWindows/),
  r('jobs not an array', 'listType', { cluster: {} }, `${PATH}.cluster`, /expected an array of scrape jobs/),
  r('job name of a default job', 'reservedName', c({ jobName: 'kubelet' }), `${J}.jobName`, /got "kubelet"; expected a name other than those of the agent's default jobs/),
  r('job name reserved by the caller', 'reservedName', c({ jobName: 'taken' }), `${J}.jobName`, /expected a name the stack does not already use/, { reserved: ['taken'] }),
  r('duplicate job name across ConfigMaps', 'duplicateName', { cluster: [job({ jobName: 'x' })], node: [nodeJob({ jobName: 'x' })] }, `${N}.jobName`, /unique across the three ConfigMaps; managedPrometheus\.scrapeConfigs\.cluster\[0\]\.jobName has it too/),
  r('duplicate job name in one list', 'duplicateName', { cluster: [job(), job()] }, `${PATH}.cluster[1].jobName`, /unique across the three ConfigMaps/),
  r('empty job name', 'check', c({ jobName: '' }), `${J}.jobName`, /expected a string of at least 1 character/),
  r('job name with a space', 'check', c({ jobName: 'my job' }), `${J}.jobName`, /expected a job name of letters, digits/),
  r('job name with a slash', 'check', c({ jobName: 'a/b' }), `${J}.jobName`, /expected a job name/),
  r('unknown job prop (file SD)', 'check', c({ fileSdConfigs: [] }), `${J}.fileSdConfigs`, /unknown prop; allowed props of .*jobName/),
  // --- windows ---
  r('Windows jobs without Windows nodes', 'windowsNoNodes', { nodeWindows: [nodeJob()] }, `${PATH}.nodeWindows`, /expected no Windows jobs: the cluster has no Windows nodes/, { cluster: AKS_LINUX }),
  r('Windows jobs on Arc (no Windows agent)', 'windowsArc', { nodeWindows: [nodeJob()] }, `${PATH}.nodeWindows`, /ama-metrics-win-node\) exists only with the AKS add-on/, { cluster: ARC_WINDOWS }),
  // --- durations ---
  r('interval not a duration', 'duration', c({ scrapeInterval: '30' }), `${J}.scrapeInterval`, /got "30"; expected a Prometheus duration greater than 0/),
  r('interval zero', 'duration', c({ scrapeInterval: '0s' }), `${J}.scrapeInterval`, /expected a Prometheus duration greater than 0/),
  r('interval units out of order', 'duration', c({ scrapeInterval: '30s1m' }), `${J}.scrapeInterval`, /largest first/),
  r('timeout longer than the job interval', 'jobTimeout', c({ scrapeInterval: '10s', scrapeTimeout: '15s' }), `${J}.scrapeTimeout`, /expected at most the job's interval \(scrapeInterval\)/),
  r('timeout longer than the global interval', 'jobTimeout', { global: { scrapeInterval: '10s' }, cluster: [job({ scrapeTimeout: '11s' })] }, `${J}.scrapeTimeout`, /the global scrape interval/),
  r('timeout longer than the default 1m interval', 'jobTimeout', c({ scrapeTimeout: '2m' }), `${J}.scrapeTimeout`, /the global scrape interval/),
  r('node timeout longer than the node default 1m', 'jobTimeout', { global: { scrapeInterval: '5m' }, node: [nodeJob({ scrapeTimeout: '2m' })] }, `${N}.scrapeTimeout`, /the default interval of ama-metrics-prometheus-config-node \(1m\)/),
  r('global timeout longer than the global interval', 'globalTimeout', { global: { scrapeInterval: '10s', scrapeTimeout: '20s' } }, `${PATH}.global.scrapeTimeout`, /expected at most the global scrape interval \(10s\)/),
  r('global timeout longer than the default 1m', 'globalTimeout', { global: { scrapeTimeout: '2m' } }, `${PATH}.global.scrapeTimeout`, /global scrape interval \(1m\)/),
  r('global evaluation interval', 'check', { global: { evaluationInterval: '1m' } }, `${PATH}.global.evaluationInterval`, /unknown prop/),
  // --- labels ---
  r('external label with an invalid name', 'check', { global: { externalLabels: { 'my-label': 'x' } } }, `${PATH}.global.externalLabels.my-label`, /expected a Prometheus label name/),
  r('external label with an empty value', 'check', { global: { externalLabels: { a: '' } } }, `${PATH}.global.externalLabels.a`, /at least 1 character/),
  r('external labels not an object', 'labelMapType', { global: { externalLabels: ['a'] } }, `${PATH}.global.externalLabels`, /expected an object of label names to values/),
  r('external labels empty', 'labelMapEmpty', { global: { externalLabels: {} } }, `${PATH}.global.externalLabels`, /expected at least one label/),
  r('external label value with $', 'noDollar', { global: { externalLabels: { a: '$HOME' } } }, `${PATH}.global.externalLabels.a`, /expected no "\$": outside relabel regex\/replacement/),
  r('static label with a digit first', 'check', c({ staticConfigs: [{ targets: ['a:1'], labels: { '1x': 'y' } }] }), `${J}.staticConfigs[0].labels.1x`, /label name/),
  // --- scalar job props ---
  r('metrics path without /', 'check', c({ metricsPath: 'metrics' }), `${J}.metricsPath`, /a URL path starting with "\/"/),
  r('metrics path with a query', 'check', c({ metricsPath: '/metrics?x=1' }), `${J}.metricsPath`, /query parameters go in params/),
  r('metrics path with $', 'noDollar', c({ metricsPath: '/$x' }), `${J}.metricsPath`, /expected no "\$"/),
  r('scheme ftp', 'check', c({ scheme: 'ftp' }), `${J}.scheme`, /expected one of "http", "https"/),
  r('params not an object', 'params', c({ params: ['a'] }), `${J}.params`, /expected an object of parameter names/),
  r('params empty', 'params', c({ params: {} }), `${J}.params`, /expected an object of parameter names/),
  r('params value not a list', 'check', c({ params: { a: 'b' } }), `${J}.params.a`, /expected an array of strings/),
  r('sample limit 0', 'check', c({ sampleLimit: 0 }), `${J}.sampleLimit`, /expected an integer >= 1/),
  r('target limit fractional', 'check', c({ targetLimit: 1.5 }), `${J}.targetLimit`, /expected an integer >= 1/),
  r('honorLabels as a string', 'check', c({ honorLabels: 'true' }), `${J}.honorLabels`, /expected true or false/),
  // --- targets ---
  r('job without targets', 'noTargets', { cluster: [{ jobName: 'x' }] }, J, /expected targets: staticConfigs and\/or kubernetesSdConfigs/),
  r('node job without targets', 'noTargets', { node: [{ jobName: 'x' }] }, N, /expected targets: staticConfigs with \$NODE_IP\/\$NODE_NAME/),
  r('static configs empty', 'staticEmpty', c({ staticConfigs: [] }), `${J}.staticConfigs`, /expected a non-empty array of \{ targets, labels\? \}/),
  r('static targets empty', 'check', c({ staticConfigs: [{ targets: [] }] }), `${J}.staticConfigs[0].targets`, /at least 1 item/),
  r('target with a scheme', 'targetShape', c({ staticConfigs: [{ targets: ['http://a:80'] }] }), `${J}.staticConfigs[0].targets[0]`, /expected "host:port" or "host"/),
  r('target with a path', 'targetShape', c({ staticConfigs: [{ targets: ['a:80/metrics'] }] }), `${J}.staticConfigs[0].targets[0]`, /no scheme or path/),
  r('target port out of range', 'targetShape', c({ staticConfigs: [{ targets: ['a:70000'] }] }), `${J}.staticConfigs[0].targets[0]`, /port 1-65535/),
  r('node variable in a cluster target', 'targetNodeVarInCluster', c({ staticConfigs: [{ targets: ['$NODE_IP:9100'] }] }), `${J}.staticConfigs[0].targets[0]`, /expected no \$NODE_IP\/\$NODE_NAME in a cluster job/),
  r('other $ in a node target', 'targetDollar', n({ staticConfigs: [{ targets: ['$NODE_IP:$PORT'] }] }), `${N}.staticConfigs[0].targets[0]`, /expected no "\$" in a target other than/),
  r('$ in a cluster target', 'targetDollar', c({ staticConfigs: [{ targets: ['$HOST:80'] }] }), `${J}.staticConfigs[0].targets[0]`, /expected no "\$" in a target/),
  r('fixed target in a node job', 'targetNeedsNodeVar', n({ staticConfigs: [{ targets: ['localhost:9100'] }] }), `${N}.staticConfigs[0].targets[0]`, /scraped once per node/),
  // --- Kubernetes SD ---
  r('SD in a node job', 'sdInNode', n({ kubernetesSdConfigs: [{ role: 'pod' }] }), `${N}.kubernetesSdConfigs[0]`, /expected no service discovery in ama-metrics-prometheus-config-node unless the job keeps only its own node's targets: the agent on every node would discover.*Add the relabeling \{ action: "keep", sourceLabels: \["__meta_kubernetes_pod_node_name"\], regex: "\$NODE_NAME" \}/),
  r('SD in a Windows job', 'sdInNode', { nodeWindows: [nodeJob({ kubernetesSdConfigs: [{ role: 'node' }] })] }, `${PATH}.nodeWindows[0].kubernetesSdConfigs[0]`, /-node-windows unless.*__meta_kubernetes_node_name/),
  r('SD in a node job keeping another node label', 'sdInNode', n({ kubernetesSdConfigs: [{ role: 'pod' }], relabelings: [{ action: 'keep', sourceLabels: ['__meta_kubernetes_node_name'], regex: '$NODE_NAME' }] }), `${N}.kubernetesSdConfigs[0]`, /unless the job keeps only its own node's targets/),
  r('SD in a node job keeping by another regex', 'sdInNode', n({ kubernetesSdConfigs: [{ role: 'pod' }], relabelings: [{ action: 'keep', sourceLabels: ['__meta_kubernetes_pod_node_name'], regex: 'node-1' }] }), `${N}.kubernetesSdConfigs[0]`, /unless the job keeps/),
  r(
    'SD in a node job whose keep follows a rewrite of the node label',
    'sdInNode',
    n({
      kubernetesSdConfigs: [{ role: 'pod' }],
      relabelings: [
        { action: 'replace', targetLabel: '__meta_kubernetes_pod_node_name', replacement: '$NODE_NAME' },
        { action: 'keep', sourceLabels: ['__meta_kubernetes_pod_node_name'], regex: '$NODE_NAME' },
      ],
    }),
    `${N}.kubernetesSdConfigs[0]`,
    /unless the job keeps only its own node's targets/,
  ),
  r(
    'SD in a node job with a labelmap next to the keep',
    'sdInNode',
    n({
      kubernetesSdConfigs: [{ role: 'pod' }],
      relabelings: [
        { action: 'keep', sourceLabels: ['__meta_kubernetes_pod_node_name'], regex: '$NODE_NAME' },
        { action: 'labelmap', regex: '__meta_kubernetes_pod_label_(.+)' },
      ],
    }),
    `${N}.kubernetesSdConfigs[0]`,
    /unless the job keeps only its own node's targets/,
  ),
  r('service SD in a node job (no node label)', 'sdInNode', n({ kubernetesSdConfigs: [{ role: 'service' }], relabelings: [{ action: 'keep', sourceLabels: ['__meta_kubernetes_pod_node_name'], regex: '$NODE_NAME' }] }), `${N}.kubernetesSdConfigs[0]`, /Role "service" targets have no node/),
  r('SD list empty', 'sdEmpty', c({ kubernetesSdConfigs: [] }), `${J}.kubernetesSdConfigs`, /non-empty array of \{ role, namespaces\?, selectors\? \}/),
  r('SD role unknown', 'check', c({ kubernetesSdConfigs: [{ role: 'pods' }] }), `${J}.kubernetesSdConfigs[0].role`, /Did you mean "pod"\?/),
  r('SD node role with namespaces', 'sdNodeNamespaces', c({ kubernetesSdConfigs: [{ role: 'node', namespaces: ['a'] }] }), `${J}.kubernetesSdConfigs[0].namespaces`, /nodes are not namespaced/),
  r('SD namespace invalid', 'check', c({ kubernetesSdConfigs: [{ role: 'pod', namespaces: ['Team_A'] }] }), `${J}.kubernetesSdConfigs[0].namespaces[0]`, /Kubernetes namespace name/),
  r('SD api server (not expressible)', 'check', c({ kubernetesSdConfigs: [{ role: 'pod', apiServer: 'https://x' }] }), `${J}.kubernetesSdConfigs[0].apiServer`, /unknown prop/),
  r('selectors empty', 'selectorsEmpty', c({ kubernetesSdConfigs: [{ role: 'pod', selectors: [] }] }), `${J}.kubernetesSdConfigs[0].selectors`, /non-empty array of \{ role, label\?, field\? \}/),
  r('selector role not allowed for pod', 'selectorRole', c({ kubernetesSdConfigs: [{ role: 'pod', selectors: [{ role: 'service', label: 'a' }] }] }), `${J}.kubernetesSdConfigs[0].selectors[0].role`, /expected "pod": the pod role supports only those selectors/),
  r('selector role not allowed for endpoints', 'selectorRole', c({ kubernetesSdConfigs: [{ role: 'endpoints', selectors: [{ role: 'node', label: 'a' }] }] }), `${J}.kubernetesSdConfigs[0].selectors[0].role`, /"pod", "service", "endpoints"/),
  r('selector role twice', 'selectorDup', c({ kubernetesSdConfigs: [{ role: 'pod', selectors: [{ role: 'pod', label: 'a' }, { role: 'pod', field: 'b=c' }] }] }), `${J}.kubernetesSdConfigs[0].selectors[1].role`, /duplicated selector role/),
  r('selector without label or field', 'selectorEmpty', c({ kubernetesSdConfigs: [{ role: 'pod', selectors: [{ role: 'pod' }] }] }), `${J}.kubernetesSdConfigs[0].selectors[0]`, /an empty selector selects everything/),
  r('label selector syntax', 'labelSelector', c({ kubernetesSdConfigs: [{ role: 'pod', selectors: [{ role: 'pod', label: 'app in ()' }] }] }), `${J}.kubernetesSdConfigs[0].selectors[0].label`, /label selector such as .*must not be empty/),
  r('field selector syntax', 'fieldSelector', c({ kubernetesSdConfigs: [{ role: 'pod', selectors: [{ role: 'pod', field: 'status.phase' }] }] }), `${J}.kubernetesSdConfigs[0].selectors[0].field`, /field selector such as .*is not key=value/),
  r('$ in a field selector', 'noDollar', c({ kubernetesSdConfigs: [{ role: 'pod', selectors: [{ role: 'pod', field: 'spec.nodeName=$NODE_NAME' }] }] }), `${J}.kubernetesSdConfigs[0].selectors[0].field`, /expected no "\$"/),
  // --- relabel rules ---
  r('relabel list empty', 'relabelEmpty', c({ relabelings: [] }), `${J}.relabelings`, /expected a non-empty array of relabel rules/),
  r('metric relabel list empty', 'relabelEmpty', c({ metricRelabelings: [] }), `${J}.metricRelabelings`, /non-empty array of relabel rules/),
  r('unknown action', 'check', rule({ action: 'replace-with-error', targetLabel: 'a' }), `${J}.relabelings[0].action`, /expected one of "replace", "keep", "drop", "keepequal", "dropequal", "hashmod", "labelmap", "labeldrop", "labelkeep", "lowercase", "uppercase"/),
  r('replace without targetLabel', 'requiredField', rule({ sourceLabels: ['a'] }), `${J}.relabelings[0].targetLabel`, /expected targetLabel: action "replace" requires targetLabel/),
  r('keep without regex', 'requiredField', rule({ action: 'keep', sourceLabels: ['a'] }), `${J}.relabelings[0].regex`, /action "keep" requires sourceLabels, regex \(the default "\(\.\*\)" matches everything\)/),
  r('drop without sourceLabels', 'requiredField', rule({ action: 'drop', regex: 'x' }), `${J}.relabelings[0].sourceLabels`, /action "drop" requires sourceLabels, regex/),
  r('hashmod without modulus', 'requiredField', rule({ action: 'hashmod', sourceLabels: ['a'], targetLabel: 'b' }), `${J}.relabelings[0].modulus`, /hashmod" requires sourceLabels, targetLabel, modulus/),
  r('labelmap without regex', 'requiredField', rule({ action: 'labelmap' }), `${J}.relabelings[0].regex`, /labelmap" requires regex/),
  r('keepequal without targetLabel', 'requiredField', rule({ action: 'keepequal', sourceLabels: ['a'] }), `${J}.relabelings[0].targetLabel`, /keepequal" requires sourceLabels, targetLabel/),
  r('lowercase without sourceLabels', 'requiredField', rule({ action: 'lowercase', targetLabel: 'a' }), `${J}.relabelings[0].sourceLabels`, /lowercase" requires/),
  r('labeldrop with sourceLabels', 'ignoredField', rule({ action: 'labeldrop', sourceLabels: ['a'], regex: 'x' }), `${J}.relabelings[0].sourceLabels`, /expected no sourceLabels with action "labeldrop": Prometheus ignores it there \(labeldrop uses regex\)/),
  r('labelkeep with replacement', 'ignoredField', rule({ action: 'labelkeep', regex: 'x', replacement: 'y' }), `${J}.relabelings[0].replacement`, /labelkeep/),
  r('keep with targetLabel', 'ignoredField', rule({ action: 'keep', sourceLabels: ['a'], regex: 'x', targetLabel: 'b' }), `${J}.relabelings[0].targetLabel`, /keep uses sourceLabels, separator, regex/),
  r('replace with modulus', 'ignoredField', rule({ sourceLabels: ['a'], targetLabel: 'b', modulus: 2 }), `${J}.relabelings[0].modulus`, /action "replace"/),
  r('lowercase with replacement', 'ignoredField', rule({ action: 'lowercase', sourceLabels: ['a'], targetLabel: 'b', replacement: 'x' }), `${J}.relabelings[0].replacement`, /lowercase/),
  r('keepequal with regex', 'ignoredField', rule({ action: 'keepequal', sourceLabels: ['a'], targetLabel: 'b', regex: 'x' }), `${J}.relabelings[0].regex`, /keepequal/),
  r('hashmod with regex', 'ignoredField', rule({ action: 'hashmod', sourceLabels: ['a'], targetLabel: 'b', modulus: 2, regex: 'x' }), `${J}.relabelings[0].regex`, /hashmod/),
  r('labelmap with targetLabel', 'ignoredField', rule({ action: 'labelmap', regex: '(.*)', targetLabel: 'b' }), `${J}.relabelings[0].targetLabel`, /labelmap uses regex, replacement/),
  r('separator with one source label', 'separator', rule({ sourceLabels: ['a'], separator: ',', targetLabel: 'b' }), `${J}.relabelings[0].separator`, /fewer than two sourceLabels/),
  r('separator with $', 'noDollar', rule({ sourceLabels: ['a', 'b'], separator: '$', targetLabel: 'c' }), `${J}.relabelings[0].separator`, /expected no "\$"/),
  r('source label invalid', 'check', rule({ sourceLabels: ['a-b'], targetLabel: 'c' }), `${J}.relabelings[0].sourceLabels[0]`, /Prometheus label name/),
  r('target label invalid', 'check', rule({ sourceLabels: ['a'], targetLabel: '1a' }), `${J}.relabelings[0].targetLabel`, /Prometheus label name/),
  r('target label with $1', 'noDollar', rule({ sourceLabels: ['a'], regex: '(.*)', targetLabel: 'x_$1' }), `${J}.relabelings[0].targetLabel`, /expected no "\$"/),
  r('modulus 0', 'check', rule({ action: 'hashmod', sourceLabels: ['a'], targetLabel: 'b', modulus: 0 }), `${J}.relabelings[0].modulus`, /integer >= 1/),
  r('regex with lookahead', 're2', rule({ action: 'keep', sourceLabels: ['a'], regex: 'foo(?=bar)' }), `${J}.relabelings[0].regex`, /expected an RE2 regular expression .*\(RE2 has no lookaround assertions\)/),
  r('regex with lookbehind', 're2', rule({ action: 'keep', sourceLabels: ['a'], regex: '(?<!x)y' }), `${J}.relabelings[0].regex`, /no lookaround/),
  r('regex with backreference', 're2', rule({ action: 'keep', sourceLabels: ['a'], regex: '(a)\\1' }), `${J}.relabelings[0].regex`, /invalid escape sequence: `\\1` \(RE2 has no backreferences\)/),
  r('regex with (?<name>)', 're2', rule({ action: 'keep', sourceLabels: ['a'], regex: '(?<n>a)' }), `${J}.relabelings[0].regex`, /write named groups as \(\?P<name>\.\.\.\)/),
  r('regex with possessive quantifier', 're2', rule({ action: 'keep', sourceLabels: ['a'], regex: 'a++' }), `${J}.relabelings[0].regex`, /invalid nested repetition operator/),
  r('metric relabel regex unbalanced', 're2', c({ metricRelabelings: [{ action: 'drop', sourceLabels: ['__name__'], regex: 'go_(gc' }] }), `${J}.metricRelabelings[0].regex`, /missing closing \)/),
  r('replacement refers to a missing group', 'references', rule({ sourceLabels: ['a'], regex: '(x)', replacement: '$2', targetLabel: 'b' }), `${J}.relabelings[0].replacement`, /"\$2" refers to capture group 2, but the regex has 1 group/),
  r('replacement $1x is one name', 'references', rule({ sourceLabels: ['a'], regex: '(x)', replacement: '$1x', targetLabel: 'b' }), `${J}.relabelings[0].replacement`, /Prometheus reads "\$1x" as one group name: write \$\{1\}x\./),
  r('default replacement without a group in the regex', 'references', rule({ sourceLabels: ['a'], regex: 'x', targetLabel: 'b' }), `${J}.relabelings[0].replacement`, /got undefined; .*the default replacement "\$1" refers to capture group 1, but the regex has 0 group/),
  r('named reference to a missing name', 'references', rule({ sourceLabels: ['a'], regex: '(?P<a>x)', replacement: '$b', targetLabel: 'b' }), `${J}.relabelings[0].replacement`, /named "b".*\(named: a\)/),
  r('labelmap replacement not a label name', 'labelmapReplacement', rule({ action: 'labelmap', regex: '(.*)', replacement: 'a-$1' }), `${J}.relabelings[0].replacement`, /labelmap/),
  r('$NODE_IP in a cluster regex', 'nodeVarInClusterRelabel', rule({ action: 'keep', sourceLabels: ['a'], regex: '$NODE_IP' }), `${J}.relabelings[0].regex`, /expected no \$NODE_IP in a cluster job: the agent substitutes it/),
  r('$NODE_NAME in a cluster replacement', 'nodeVarInClusterRelabel', rule({ replacement: '$NODE_NAME', targetLabel: 'n' }), `${J}.relabelings[0].replacement`, /expected no \$NODE_NAME in a cluster job/),
  r('$$NODE_NAME in a node replacement (ambiguous)', 'ambiguousDollar', nrule({ replacement: '$$NODE_NAME', targetLabel: 'n' }), `${N}.relabelings[0].replacement`, /expected no "\$\$NODE_NAME": Prometheus reads "\$\$" as a literal "\$"/),
  r('$OS_TYPE in a node replacement', 'references', nrule({ replacement: '$OS_TYPE', targetLabel: 'os' }), `${N}.relabelings[0].replacement`, /The agent substitutes only \$NODE_IP and \$NODE_NAME/),
  // --- TLS and authentication ---
  r('inline basic auth password', 'inlineSecret', c({ basicAuth: { username: 'u', password: 'hunter2' } }), `${J}.basicAuth.password`, /got "<redacted>"; not supported: a ConfigMap must not hold secrets.*Put the value into Secret ama-metrics-mtls-secret in kube-system and set passwordSecretKey to its key/),
  r('basic auth password file path', 'inlineSecret', c({ basicAuth: { username: 'u', passwordFile: '/etc/passwd' } }), `${J}.basicAuth.passwordFile`, /got "\/etc\/passwd"; not supported/),
  r('inline bearer token', 'inlineSecret', c({ bearerToken: 'abc' }), `${J}.bearerToken`, /<redacted>.*set authorization\.credentialsSecretKey/),
  r('bearer token file path', 'inlineSecret', c({ bearerTokenFile: '/x' }), `${J}.bearerTokenFile`, /not supported/),
  r('inline authorization credentials', 'inlineSecret', c({ authorization: { credentials: 'abc' } }), `${J}.authorization.credentials`, /<redacted>/),
  r('inline TLS key', 'inlineSecret', c({ scheme: 'https', tls: { key: '-----BEGIN' } }), `${J}.tls.key`, /<redacted>.*keySecretKey/),
  r('TLS CA file path', 'inlineSecret', c({ scheme: 'https', tls: { caFile: '/etc/ssl/ca.pem' } }), `${J}.tls.caFile`, /caSecretKey/),
  r('secret key with a slash', 'check', c({ basicAuth: { username: 'u', passwordSecretKey: 'a/b' } }), `${J}.basicAuth.passwordSecretKey`, /a key of Secret ama-metrics-mtls-secret/),
  r('secret key ..', 'secretKeyDots', c({ basicAuth: { username: 'u', passwordSecretKey: '..x' } }), `${J}.basicAuth.passwordSecretKey`, /names starting with "\.\." are not valid keys/),
  r('basic auth without password key', 'passwordMissing', c({ basicAuth: { username: 'u' } }), `${J}.basicAuth.passwordSecretKey`, /expected the key of Secret ama-metrics-mtls-secret holding the password/),
  r('basic auth username with colon', 'usernameColon', c({ basicAuth: { username: 'a:b', passwordSecretKey: 'p' } }), `${J}.basicAuth.username`, /expected no ":"/),
  r('basic auth username with $', 'noDollar', c({ basicAuth: { username: '$USER', passwordSecretKey: 'p' } }), `${J}.basicAuth.username`, /expected no "\$"/),
  r('authorization and basic auth', 'authAndBasic', c({ authorization: { credentialsSecretKey: 't' }, basicAuth: { username: 'u', passwordSecretKey: 'p' } }), `${J}.basicAuth`, /either authorization or basicAuth, not both/),
  r('authorization type Basic', 'authBasic', c({ authorization: { type: 'basic', credentialsSecretKey: 't' } }), `${J}.authorization.type`, /other than Basic.*Use basicAuth/),
  r('authorization without credentials', 'authExactlyOne', c({ authorization: {} }), `${J}.authorization`, /expected exactly one of credentialsSecretKey/),
  r('authorization with both credential sources', 'authExactlyOne', c({ scheme: 'https', authorization: { credentialsSecretKey: 't', serviceAccountToken: true } }), `${J}.authorization`, /exactly one/),
  r('service-account token over http', 'saTokenHttp', c({ authorization: { serviceAccountToken: true } }), `${J}.authorization.serviceAccountToken`, /sent in clear text/),
  r('TLS with http and no __scheme__ relabeling', 'tlsHttp', c({ tls: { insecureSkipVerify: true } }), `${J}.tls`, /expected scheme "https" \(or a relabeling that sets __scheme__\)/),
  r('TLS empty', 'tlsEmpty', c({ scheme: 'https', tls: {} }), `${J}.tls`, /expected at least one TLS setting/),
  r('TLS CA twice', 'caBoth', c({ scheme: 'https', tls: { caSecretKey: 'ca', serviceAccountCa: true } }), `${J}.tls.caSecretKey`, /either caSecretKey or serviceAccountCa/),
  r('TLS cert without key', 'certKeyPair', c({ scheme: 'https', tls: { certSecretKey: 'c' } }), `${J}.tls.keySecretKey`, /certSecretKey and keySecretKey together/),
  r('TLS server name invalid', 'check', c({ scheme: 'https', tls: { serverName: 'a b' } }), `${J}.tls.serverName`, /a DNS name/),
];


describe('rejected inputs: ValidationError with the prop path and a message naming value and rule', () => {
  test.each(REJECTED.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const err = caught(() => resolve(row.props, row.cluster ?? AKS_WINDOWS, row.reserved ?? []));
    expect(err).toBeInstanceOf(ValidationError);
    const e = err as ValidationError;
    expect({ path: e.path, message: e.message }).toEqual({ path: row.path, message: expect.stringMatching(row.message) });
    expect(e.message.startsWith(`${e.path}: got ${describeValue(e.value)}; ${e.allowed}`)).toBe(true);
  });
});

/** Inputs at the edge of a rule that must be accepted. */
const ACCEPTED: Array<[string, unknown, ClusterModel?]> = [
  ['TLS with http when a relabeling sets __scheme__', c({ tls: { insecureSkipVerify: true }, relabelings: [{ sourceLabels: ['a'], regex: '(https?)', targetLabel: '__scheme__' }] })],
  ['timeout equal to the interval', c({ scrapeInterval: '30s', scrapeTimeout: '30s' })],
  ['interval shorter than the default timeout (Prometheus clamps the timeout)', c({ scrapeInterval: '5s' })],
  ['node job with $$NODE_IP target (the agent accepts both forms)', n({ staticConfigs: [{ targets: ['$$NODE_IP:9100'] }] })],
  [
    'node job discovering pods kept to its own node (the product\'s ama-logs-daemonset pattern)',
    { node: [{ jobName: 'own-node-pods', kubernetesSdConfigs: [{ role: 'pod' }], relabelings: [{ action: 'keep', sourceLabels: ['__meta_kubernetes_pod_node_name'], regex: '$NODE_NAME' }] }] },
  ],
  [
    'Windows node job discovering endpoints kept to its own node',
    { nodeWindows: [{ jobName: 'own-node-eps', kubernetesSdConfigs: [{ role: 'endpoints' }], relabelings: [{ action: 'keep', sourceLabels: ['__meta_kubernetes_endpoint_node_name'], regex: '$NODE_NAME' }] }] },
  ],
  ['odd run of $ before a node variable', nrule({ replacement: 'x$$$NODE_NAME', targetLabel: 'a' })],
  ['$0 (the whole match) is always defined', rule({ sourceLabels: ['a'], regex: 'x', replacement: '$0', targetLabel: 'b' })],
  ['literal $ not followed by a name', rule({ sourceLabels: ['a'], regex: 'x', replacement: 'cost: 5$', targetLabel: 'b' })],
  ['empty replacement deletes the label', rule({ sourceLabels: ['a'], regex: 'x', replacement: '', targetLabel: 'b' })],
  ['separator with two source labels', rule({ sourceLabels: ['a', 'b'], separator: '', regex: '(.*)', targetLabel: 'c' })],
  ['serviceAccountCa false with a CA key', c({ scheme: 'https', tls: { caSecretKey: 'ca', serviceAccountCa: false } })],
  ['Windows jobs on AKS with Windows nodes', { nodeWindows: [nodeJob()] }],
  ['a job name equal to a default job name with different case', c({ jobName: 'Kubelet' })],
  ['empty nodeWindows list on a Linux-only cluster', { nodeWindows: [] }, AKS_LINUX],
  ['service-account token over https', c({ scheme: 'https', authorization: { serviceAccountToken: true } })],
];

describe('accepted edge inputs', () => {
  // Rows as objects: a test function with more parameters than the row has values would be taken for a `done` callback.
  test.each(ACCEPTED.map(([name, props, cluster]) => ({ name, props, cluster })))('$name', ({ props, cluster }) => {
    expect(() => resolve(props, cluster ?? AKS_WINDOWS)).not.toThrow();
  });
});

describe('every throw site has a row', () => {

  testThrowSiteRegistry('scrape-config.ts', SITES, REJECTED.map((row) => row.site), UNREACHABLE);

  testUniqueRowNames([...REJECTED.map((row) => row.name), ...ACCEPTED.map(([name]) => name)]);
});
