/**
 * PodMonitor / ServiceMonitor (azmonitoring.coreos.com/v1): props, validation and rendering.
 *
 * - Every rendered object is validated against the product's own CRD (test/support/crd-schema.ts),
 *   and its fields are asserted.
 * - The product's reference examples (shared/reference/managed-prometheus/crds/examples) can be
 *   expressed and render equal, plus the label limits we always add.
 * - Each validation rule has a row with its error message; a registry of the `throw new
 *   ValidationError(` sites of src/model/monitors.ts and a meta-test keep the table complete.
 * - The rendered endpoints are cross-checked with promtool (Prometheus' own config validation). Relabel
 *   regexes use the shared RE2 checker, whose promtool-checked tables are in test/re2.test.ts.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { ValidationError } from '../src/errors';
import { caught } from './support/caught';
import { validateCustomResource } from './support/crd-schema';
import { promtoolPath, testWithPromtool } from './support/promtool';
import { REFERENCE_DIR } from './support/reference';
import { testThrowSiteRegistry, testUniqueRowNames } from './support/throw-sites';
import {
  MONITOR_API_VERSION,
  MONITOR_LABEL_LIMITS,
  PodMonitorProps,
  MONITOR_RELABEL_ACTIONS,
  ServiceMonitorProps,
  WorkloadDescription,
  checkMonitorDuration,
  monitorSecretReferences,
  podMonitorPropsForWorkload,
  resolvePodMonitor,
  resolveServiceMonitor,
  serviceMonitorPropsForService,
} from '../src/model/monitors';
import { KubeObject } from '../src/render/kube';
import { podMonitorObject, renderMonitor, renderPodMonitor, renderServiceMonitor, serviceMonitorObject } from '../src/render/monitors';

type Obj = Record<string, unknown>;

const CRD_DIR = path.join(REFERENCE_DIR, 'managed-prometheus', 'crds');
const POD_CRD = path.join(CRD_DIR, 'podmonitors.azmonitoring.coreos.com.yaml');
const SERVICE_CRD = path.join(CRD_DIR, 'servicemonitors.azmonitoring.coreos.com.yaml');
const EXAMPLES = path.join(CRD_DIR, 'examples');

function crdOf(obj: KubeObject): string {
  return obj.kind === 'PodMonitor' ? POD_CRD : SERVICE_CRD;
}

/** CRD violations of a rendered object (empty when valid). */
function crdErrors(obj: KubeObject): string[] {
  return validateCustomResource(obj, crdOf(obj));
}

function example(file: string): Obj & { metadata: Obj; spec: Obj } {
  return parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));
}

/** The documents of an example file (some hold several, e.g. RBAC objects). */
function exampleDocuments(file: string): Obj[] {
  return parseAllDocuments(fs.readFileSync(path.join(EXAMPLES, file), 'utf8')).map((d) => d.toJS() as Obj);
}


// -------------------------------------------------------------------------------------------------
// Prop sets
// -------------------------------------------------------------------------------------------------

const MIN_POD: PodMonitorProps = { name: 'web', namespace: 'shop', selector: { matchLabels: { app: 'web' } }, endpoints: [{ port: 'metrics' }] };
const MIN_SERVICE: ServiceMonitorProps = { name: 'api', namespace: 'shop', selector: { matchLabels: { app: 'api' } }, endpoints: [{ port: 'http-metrics' }] };

const FULL_POD: PodMonitorProps = {
  name: 'web-metrics',
  namespace: 'shop',
  labels: { team: 'platform' },
  selector: {
    matchLabels: { 'app.kubernetes.io/name': 'web' },
    matchExpressions: [
      { key: 'tier', operator: 'In', values: ['frontend', 'backend'] },
      { key: 'canary', operator: 'DoesNotExist' },
    ],
  },
  namespaceSelector: { matchNames: ['shop', 'shop-staging'] },
  jobLabel: 'app.kubernetes.io/name',
  podTargetLabels: ['app.kubernetes.io/version', 'team'],
  sampleLimit: 50000,
  targetLimit: 100,
  endpoints: [
    {
      port: 'metrics',
      path: '/metrics',
      interval: '30s',
      scrapeTimeout: '10s',
      honorLabels: true,
      honorTimestamps: false,
      params: { 'collect[]': ['cpu', 'memory'] },
      relabelings: [
        { sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node' },
        { action: 'labeldrop', regex: 'pod_template_hash' },
      ],
      metricRelabelings: [{ sourceLabels: ['__name__'], action: 'drop', regex: 'go_gc_.*' }],
    },
    {
      portNumber: 8443,
      scheme: 'https',
      path: '/secure/metrics',
      interval: '1m',
      tlsConfig: {
        ca: { name: 'web-tls', key: 'ca.crt' },
        cert: { name: 'web-tls', key: 'tls.crt' },
        keySecret: { name: 'web-tls', key: 'tls.key' },
        serverName: 'web.shop.svc',
        minVersion: 'TLS12',
        maxVersion: 'TLS13',
      },
      authorization: { type: 'Bearer', credentials: { name: 'web-token', key: 'token' } },
      proxyUrl: 'http://proxy.shop.svc:3128',
      noProxy: '10.0.0.0/8,.svc',
    },
  ],
};

const FULL_SERVICE: ServiceMonitorProps = {
  name: 'api',
  namespace: 'shop',
  selector: { matchLabels: { app: 'api' } },
  namespaceSelector: { any: true },
  jobLabel: 'app',
  targetLabels: ['app'],
  podTargetLabels: ['version'],
  endpoints: [
    {
      port: 'http-metrics',
      interval: '15s',
      scrapeTimeout: '15s',
      basicAuth: { username: { name: 'api-basic', key: 'user' }, password: { name: 'api-basic', key: 'pass' } },
    },
    { targetPort: 9102, path: '/stats/prometheus', metricRelabelings: [{ sourceLabels: ['__name__'], action: 'keep', regex: 'envoy_(cluster|http)_.*' }] },
    { targetPort: 'admin', scheme: 'https', tlsConfig: { insecureSkipVerify: true, serverName: 'api.local' } },
  ],
};

/** One valid rule per relabeling action, in both relabelings and metricRelabelings. */
const EVERY_ACTION: PodMonitorProps['endpoints'][number]['relabelings'] = [
  { sourceLabels: ['__meta_kubernetes_pod_label_app', '__meta_kubernetes_pod_label_tier'], separator: '-', regex: '(.+)', targetLabel: 'app', replacement: '$1' },
  { action: 'replace', sourceLabels: ['__meta_kubernetes_namespace'], regex: '(.*)', targetLabel: 'ns_${1}', replacement: 'seen' },
  { action: 'replace', targetLabel: 'team', replacement: '' },
  { action: 'keep', sourceLabels: ['__meta_kubernetes_pod_phase'], regex: 'Running' },
  { action: 'drop', sourceLabels: ['__meta_kubernetes_pod_label_skip'], regex: 'true' },
  { action: 'hashmod', sourceLabels: ['__address__'], modulus: 4, targetLabel: '__tmp_hash' },
  { action: 'labelmap', regex: '__meta_kubernetes_pod_label_(.+)', replacement: 'k8s_$1' },
  { action: 'labeldrop', regex: '__meta_.*_uid' },
  { action: 'labelkeep', regex: '__.*|app|team|instance|job' },
  { action: 'lowercase', sourceLabels: ['__meta_kubernetes_pod_label_env'], targetLabel: 'env' },
  { action: 'uppercase', sourceLabels: ['__meta_kubernetes_pod_label_region'], separator: '/', targetLabel: 'region' },
  { action: 'keepequal', sourceLabels: ['__meta_kubernetes_pod_container_port_number'], targetLabel: '__tmp_port' },
  { action: 'dropequal', sourceLabels: ['__meta_kubernetes_pod_container_port_name'], targetLabel: '__tmp_name' },
];

const VALID_CASES: Array<[string, 'pod' | 'service', Obj]> = [
  ['minimal PodMonitor', 'pod', MIN_POD as unknown as Obj],
  ['minimal ServiceMonitor', 'service', MIN_SERVICE as unknown as Obj],
  ['full PodMonitor', 'pod', FULL_POD as unknown as Obj],
  ['full ServiceMonitor', 'service', FULL_SERVICE as unknown as Obj],
  ['every relabeling action', 'pod', { ...MIN_POD, endpoints: [{ port: 'metrics', relabelings: EVERY_ACTION, metricRelabelings: EVERY_ACTION }] }],
  ['empty selector (every pod of the namespace)', 'pod', { ...MIN_POD, selector: {} }],
  ['selector by expressions only', 'service', { ...MIN_SERVICE, selector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['legacy'] }, { key: 'scrape', operator: 'Exists' }] } }],
  ['endpoint without a port (all container ports)', 'pod', { ...MIN_POD, endpoints: [{}] }],
  ['several endpoints on one port with different paths', 'pod', { ...MIN_POD, endpoints: [{ port: 'metrics' }, { port: 'metrics', path: '/federate', params: { 'match[]': ['{job="x"}'] } }] }],
  ['durations with every unit', 'pod', { ...MIN_POD, endpoints: [{ port: 'metrics', interval: '1y2w3d4h5m6s7ms', scrapeTimeout: '1h' }] }],
  ['authorization with a custom scheme', 'service', { ...MIN_SERVICE, endpoints: [{ port: 'http', authorization: { type: 'Token', credentials: { name: 's', key: 'k' } } }] }],
  ['authorization with the default scheme', 'service', { ...MIN_SERVICE, endpoints: [{ port: 'http', authorization: { credentials: { name: 's', key: 'k' } } }] }],
  ['socks5 proxy', 'pod', { ...MIN_POD, endpoints: [{ port: 'metrics', proxyUrl: 'socks5://10.0.0.1:1080' }] }],
  ['long names', 'pod', { ...MIN_POD, name: `${'a'.repeat(200)}.b`, namespace: 'n'.repeat(63), labels: { [`${'p'.repeat(63)}.example/${'k'.repeat(63)}`]: 'v'.repeat(63) } }],
];

function render(kind: 'pod' | 'service', props: unknown): KubeObject {
  return kind === 'pod' ? podMonitorObject(props) : serviceMonitorObject(props);
}

// -------------------------------------------------------------------------------------------------
// Rendering
// -------------------------------------------------------------------------------------------------

describe('rendered objects are valid custom resources of the product\'s CRDs', () => {
  test.each(VALID_CASES)('%s', (_name, kind, props) => {
    const obj = render(kind, props);
    expect(crdErrors(obj)).toEqual([]);
    expect(obj.apiVersion).toBe('azmonitoring.coreos.com/v1');
    expect(obj.kind).toBe(kind === 'pod' ? 'PodMonitor' : 'ServiceMonitor');
    // The product's limits, always (NOTES §3).
    expect(obj.spec).toMatchObject({ labelLimit: 63, labelNameLengthLimit: 511, labelValueLengthLimit: 1023 });
    // Plain JSON data: nothing undefined, no class instances, nothing shared with the props.
    expect(JSON.parse(JSON.stringify(obj))).toEqual(obj);
    expect(render(kind, props)).toEqual(obj);
  });

  test('the validator can fail: a field the CRD does not know and a broken pattern are reported', () => {
    const obj = podMonitorObject(MIN_POD);
    const spec = obj.spec as Obj;
    const bad = { ...obj, spec: { ...spec, scrapeNativeHistograms: true, podMetricsEndpoints: [{ port: 'metrics', interval: '30 s' }] } };
    const errors = crdErrors(bad);
    expect(errors).toEqual(expect.arrayContaining([expect.stringContaining('unknown field /spec/scrapeNativeHistograms'), expect.stringContaining('/spec/podMetricsEndpoints/0/interval')]));
  });
});

describe('fields', () => {
  test('the full PodMonitor renders exactly these fields', () => {
    const obj = podMonitorObject(FULL_POD);
    expect(obj).toEqual({
      apiVersion: 'azmonitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: 'web-metrics', namespace: 'shop', labels: { 'team': 'platform', 'app.kubernetes.io/managed-by': 'azure-monitor-k8s' } },
      spec: {
        labelLimit: 63,
        labelNameLengthLimit: 511,
        labelValueLengthLimit: 1023,
        selector: {
          matchLabels: { 'app.kubernetes.io/name': 'web' },
          matchExpressions: [
            { key: 'tier', operator: 'In', values: ['frontend', 'backend'] },
            { key: 'canary', operator: 'DoesNotExist' },
          ],
        },
        namespaceSelector: { matchNames: ['shop', 'shop-staging'] },
        jobLabel: 'app.kubernetes.io/name',
        podTargetLabels: ['app.kubernetes.io/version', 'team'],
        sampleLimit: 50000,
        targetLimit: 100,
        podMetricsEndpoints: [
          {
            port: 'metrics',
            path: '/metrics',
            interval: '30s',
            scrapeTimeout: '10s',
            honorLabels: true,
            honorTimestamps: false,
            params: { 'collect[]': ['cpu', 'memory'] },
            relabelings: [
              { sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node' },
              { action: 'labeldrop', regex: 'pod_template_hash' },
            ],
            metricRelabelings: [{ sourceLabels: ['__name__'], action: 'drop', regex: 'go_gc_.*' }],
          },
          {
            portNumber: 8443,
            scheme: 'https',
            path: '/secure/metrics',
            interval: '1m',
            tlsConfig: {
              ca: { secret: { name: 'web-tls', key: 'ca.crt' } },
              cert: { secret: { name: 'web-tls', key: 'tls.crt' } },
              keySecret: { name: 'web-tls', key: 'tls.key' },
              serverName: 'web.shop.svc',
              minVersion: 'TLS12',
              maxVersion: 'TLS13',
            },
            authorization: { type: 'Bearer', credentials: { name: 'web-token', key: 'token' } },
            proxyUrl: 'http://proxy.shop.svc:3128',
            noProxy: '10.0.0.0/8,.svc',
          },
        ],
      },
    });
  });

  test('the full ServiceMonitor renders endpoints (not podMetricsEndpoints), targetLabels and targetPort as number or name', () => {
    const obj = serviceMonitorObject(FULL_SERVICE);
    const spec = obj.spec as Obj;
    expect(Object.keys(spec).sort()).toEqual(
      ['endpoints', 'jobLabel', 'labelLimit', 'labelNameLengthLimit', 'labelValueLengthLimit', 'namespaceSelector', 'podTargetLabels', 'selector', 'targetLabels'].sort(),
    );
    expect(spec.namespaceSelector).toEqual({ any: true });
    expect(spec.targetLabels).toEqual(['app']);
    expect(spec.endpoints).toEqual([
      {
        port: 'http-metrics',
        interval: '15s',
        scrapeTimeout: '15s',
        basicAuth: { username: { name: 'api-basic', key: 'user' }, password: { name: 'api-basic', key: 'pass' } },
      },
      { targetPort: 9102, path: '/stats/prometheus', metricRelabelings: [{ sourceLabels: ['__name__'], action: 'keep', regex: 'envoy_(cluster|http)_.*' }] },
      { targetPort: 'admin', scheme: 'https', tlsConfig: { insecureSkipVerify: true, serverName: 'api.local' } },
    ]);
  });

  test('only what is set is written: a minimal monitor has the limits, the selector and the endpoint', () => {
    expect(podMonitorObject(MIN_POD)).toEqual({
      apiVersion: MONITOR_API_VERSION,
      kind: 'PodMonitor',
      metadata: { name: 'web', namespace: 'shop', labels: { 'app.kubernetes.io/managed-by': 'azure-monitor-k8s' } },
      spec: { ...MONITOR_LABEL_LIMITS, selector: { matchLabels: { app: 'web' } }, podMetricsEndpoints: [{ port: 'metrics' }] },
    });
    expect((serviceMonitorObject(MIN_SERVICE).spec as Obj).endpoints).toEqual([{ port: 'http-metrics' }]);
    expect((podMonitorObject({ ...MIN_POD, selector: {} }).spec as Obj).selector).toEqual({});
  });

  test('relabeling fields keep the CRD\'s camelCase names and an unset action stays unset (Prometheus: replace)', () => {
    const obj = podMonitorObject({ ...MIN_POD, endpoints: [{ port: 'metrics', relabelings: EVERY_ACTION }] });
    const rendered = (obj.spec as { podMetricsEndpoints: Array<{ relabelings: Obj[] }> }).podMetricsEndpoints[0].relabelings;
    expect(rendered).toEqual(EVERY_ACTION);
    expect(rendered[0]).not.toHaveProperty('action');
    expect(new Set(rendered.map((r) => r.action ?? 'replace'))).toEqual(new Set(MONITOR_RELABEL_ACTIONS));
  });

  test('the renderers take the model: resolve once, render many', () => {
    const pm = resolvePodMonitor('managedPrometheus.podMonitors[0]', MIN_POD);
    const sm = resolveServiceMonitor('managedPrometheus.serviceMonitors[0]', MIN_SERVICE);
    expect(pm.kind).toBe('PodMonitor');
    expect(renderPodMonitor(pm)).toEqual(podMonitorObject(MIN_POD));
    expect(renderServiceMonitor(sm)).toEqual(serviceMonitorObject(MIN_SERVICE));
    expect(renderMonitor(sm)).toEqual(renderServiceMonitor(sm));
    // The model does not alias the props.
    const props = JSON.parse(JSON.stringify(FULL_POD));
    const obj = podMonitorObject(props);
    props.endpoints[0].relabelings[0].targetLabel = 'changed';
    props.selector.matchLabels['app.kubernetes.io/name'] = 'changed';
    expect(JSON.stringify(obj)).not.toContain('changed');
  });

  test('monitorSecretReferences lists every Secret a monitor reads, as namespace/name', () => {
    expect(monitorSecretReferences(resolvePodMonitor('p', FULL_POD))).toEqual(['shop/web-tls', 'shop/web-token']);
    expect(monitorSecretReferences(resolveServiceMonitor('s', FULL_SERVICE))).toEqual(['shop/api-basic']);
    expect(monitorSecretReferences(resolvePodMonitor('p', MIN_POD))).toEqual([]);
  });
});

// -------------------------------------------------------------------------------------------------
// The product's examples
// -------------------------------------------------------------------------------------------------

describe('the product\'s reference examples can be expressed and render equal (plus the label limits)', () => {
  const REFERENCE_RELABELINGS = [
    { sourceLabels: ['__meta_kubernetes_pod_label_app'], action: 'keep' as const, regex: 'prometheus-reference-app' },
    { sourceLabels: ['__meta_kubernetes_pod_node_name'], action: 'replace' as const, regex: '(\'$$NODE_NAME$$\')', targetLabel: 'instance' },
  ];
  const cases: Array<[string, 'pod' | 'service', Obj]> = [
    [
      'pod-monitor-reference-app.yaml',
      'pod',
      { name: 'prometheus-reference-app-job', namespace: 'default', selector: { matchLabels: { app: 'prometheus-reference-app' } }, endpoints: [{ relabelings: REFERENCE_RELABELINGS }] },
    ],
    [
      'pod-monitor-reference-app-mtls.yaml',
      'pod',
      {
        name: 'prometheus-reference-app-job',
        namespace: 'default',
        selector: { matchLabels: { app: 'prometheus-reference-app' } },
        endpoints: [
          {
            scheme: 'https',
            tlsConfig: {
              ca: { name: 'ama-metrics-mtls-secret', key: 'client-cert.pem' },
              cert: { name: 'ama-metrics-mtls-secret', key: 'client-cert.pem' },
              keySecret: { name: 'ama-metrics-mtls-secret', key: 'client-key.pem' },
              insecureSkipVerify: false,
            },
          },
          { relabelings: REFERENCE_RELABELINGS },
        ],
      },
    ],
    [
      'service-monitor-reference-app.yaml',
      'service',
      {
        name: 'prometheus-reference-app-monitor',
        namespace: 'default',
        selector: { matchLabels: { app: 'prometheus-reference-app' } },
        endpoints: ['weather-app', 'untyped-metrics', 'python-client'].map((port) => ({ port, interval: '30s', path: '/metrics', scheme: 'http' })),
      },
    ],
    [
      'servicemonitor-basic-auth.yaml',
      'service',
      {
        name: 'basic-auth-smon',
        namespace: 'basic-auth-test',
        namespaceSelector: { matchNames: ['basic-auth-test'] },
        selector: { matchLabels: { app: 'basic-auth-ref-app' } },
        endpoints: [
          {
            port: 'ba-metrics',
            path: '/httpsmetrics',
            basicAuth: { username: { name: 'basic-auth-creds', key: 'username' }, password: { name: 'basic-auth-creds', key: 'password' } },
          },
        ],
      },
    ],
  ];

  test.each(cases)('%s', (file, kind, props) => {
    const ref = example(file);
    const obj = render(kind, props);
    expect(obj.apiVersion).toBe(ref.apiVersion);
    expect(obj.kind).toBe(ref.kind);
    expect(obj.metadata.name).toBe(ref.metadata.name);
    if (ref.metadata.namespace !== undefined) expect(obj.metadata.namespace).toBe(ref.metadata.namespace);
    expect(obj.spec).toEqual({ ...ref.spec, ...MONITOR_LABEL_LIMITS });
    expect(crdErrors(obj)).toEqual([]);
    // The example itself passes the same validator (with a namespace, which kubectl would add).
    expect(validateCustomResource({ ...ref, metadata: { namespace: 'default', ...ref.metadata } }, crdOf(obj))).toEqual([]);
  });

  test('the limits are the templates\' values', () => {
    for (const file of ['pod-monitor-template.yaml', 'service-monitor-template.yaml']) {
      expect(example(file).spec).toEqual(MONITOR_LABEL_LIMITS);
    }
  });

  test('every example in the azmonitoring group is covered above', () => {
    const monitors = fs.readdirSync(EXAMPLES).filter((f) => exampleDocuments(f).some((d) => d?.apiVersion === MONITOR_API_VERSION) && !f.includes('template'));
    expect(monitors.sort()).toEqual(cases.map(([f]) => f).sort());
  });
});

describe('fields newer than the CRD (prometheus-operator v0.84) cannot be expressed', () => {
  test('the CRDs indeed lack them: the API server would prune them', () => {
    const pm = { ...podMonitorObject(MIN_POD) };
    const sm = { ...serviceMonitorObject(MIN_SERVICE) };
    expect(crdErrors({ ...pm, spec: { ...(pm.spec as Obj), scrapeNativeHistograms: true } })).toEqual([expect.stringContaining('unknown field /spec/scrapeNativeHistograms')]);
    expect(crdErrors({ ...sm, spec: { ...(sm.spec as Obj), serviceDiscoveryRole: 'EndpointSlice' } })).toEqual([expect.stringContaining('unknown field /spec/serviceDiscoveryRole')]);
  });

  test.each([
    ['pod', 'scrapeNativeHistograms', true],
    ['service', 'scrapeNativeHistograms', false],
    ['service', 'serviceDiscoveryRole', 'EndpointSlice'],
    ['pod', 'serviceDiscoveryRole', 'Endpoints'],
  ] as const)('%sMonitor %s is rejected with a dedicated message', (kind, key, value) => {
    const e = caught(() => render(kind, { ...(kind === 'pod' ? MIN_POD : MIN_SERVICE), [key]: value })) as ValidationError;
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.path).toBe(key);
    expect(e.message).toContain('is not in the azmonitoring.coreos.com CRD (frozen at prometheus-operator v0.84.0)');
  });

  test('the types do not have them either', () => {
    // @ts-expect-error scrapeNativeHistograms is not a prop
    const props: PodMonitorProps = { ...MIN_POD, scrapeNativeHistograms: true };
    expect(() => podMonitorObject(props)).toThrow(ValidationError);
  });
});

// -------------------------------------------------------------------------------------------------
// Validation: one row per rule
// -------------------------------------------------------------------------------------------------

interface Site {
  readonly snippet: string;
  /** Set when the site is in another model file (a shared rule). */
  readonly file?: string;
}

/** Every `throw new ValidationError(` of src/model/monitors.ts, by a unique snippet of its source. */
const SITES = {
  // Shared with other models: the site is in check.ts (counted there by validation-errors.test.ts).
  labelKey: { snippet: "'expected a Kubernetes label key:", file: 'check.ts' },
  labelMapType: { snippet: "'expected an object of label keys to label values'" },
  labelMapEmpty: { snippet: "'expected at least one label (leave the prop out" },
  reservedLabel: { snippet: "'this label is set by the library" },
  containerPortName: { snippet: 'it must contain a letter and no "--"' },
  secretName: { snippet: "'expected the name of a Secret in the monitor" },
  secretKey: { snippet: "'expected a key of the Secret" },
  duration: { snippet: "'expected a Prometheus duration longer than 0" },
  regex: { snippet: '`expected an RE2 regular expression' },
  newerField: { snippet: 'is not in the azmonitoring.coreos.com CRD' },
  matchExpressionsEmpty: { snippet: "'expected a non-empty array of { key, operator" },
  valuesMissing: { snippet: '`expected at least one value for operator' },
  valuesForbidden: { snippet: '`expected no values for operator' },
  anyFalse: { snippet: "'expected true; false is the default" },
  anyAndNames: { snippet: "'expected either any: true or matchNames" },
  namespaceSelectorEmpty: { snippet: "'expected { any: true } or { matchNames: [...] }" },
  relabelUnused: { snippet: 'does not use ${field} (it would be ignored)' },
  relabelNeeds: { snippet: 'needs ${field}`' },
  relabelingsEmpty: { snippet: "'expected a non-empty array of relabeling rules" },
  tlsEmpty: { snippet: "'expected at least one TLS setting" },
  tlsKeyMissing: { snippet: "'expected the client key for the client certificate in cert'" },
  tlsCertMissing: { snippet: "'expected the client certificate for the client key in keySecret'" },
  tlsCaSkipVerify: { snippet: "'a CA is not used when insecureSkipVerify is true" },
  tlsVersions: { snippet: '`expected a version not below minVersion' },
  proxyInvalid: { snippet: "'expected a valid URL such as" },
  proxyCredentials: { snippet: "'expected no credentials in the proxy URL" },
  proxyHost: { snippet: "'expected a host in the proxy URL'" },
  replacedField: { snippet: '`not supported; use ${replacement}`' },
  podTargetPort: { snippet: "'targetPort is deprecated for PodMonitors" },
  portAndPortNumber: { snippet: "'expected either port or portNumber, not both" },
  portAndTargetPort: { snippet: "'expected either port or targetPort, not both" },
  timeoutWithoutInterval: { snippet: "'expected an interval with scrapeTimeout" },
  timeoutAboveInterval: { snippet: '`expected at most the interval' },
  params: { snippet: "'expected a non-empty object of parameter names" },
  tlsNeedsHttps: { snippet: '\'expected "https" with tlsConfig' },
  basicAuthUser: { snippet: "'expected the Secret key holding the user name'" },
  basicAuthPassword: { snippet: "'expected the Secret key holding the password'" },
  basicAndAuthorization: { snippet: "'expected either basicAuth or authorization, not both" },
  authorizationBasic: { snippet: "'expected a scheme other than Basic" },
  authorizationCredentials: { snippet: "'expected the Secret key holding the credentials'" },
  noProxyWithoutProxy: { snippet: "'expected a proxy URL with noProxy" },
  endpointsEmpty: { snippet: "'expected at least one endpoint" },
  endpointsDuplicate: { snippet: '`expected a different port, path, scheme or params' },
  name: { snippet: "`expected the ${kind}'s name`" },
  namespace: { snippet: "`expected the ${kind}'s namespace" },
  selector: { snippet: '`expected a label selector of the' },
  factoryPort: { snippet: 'port to scrape`' },
  factoryName: { snippet: 'has no name yet`' },
  factoryNamespace: { snippet: '`expected a namespace: set it on' },
  workloadSelector: { snippet: "'expected a workload that selects its pods by label" },
  workloadPort: { snippet: "`expected a named port of ${workload.path}'s containers" },
  serviceLabels: { snippet: "'expected labels on the Service" },
  servicePort: { snippet: '`expected a named port of ${service.path} (' },
} satisfies Record<string, Site>;
type SiteId = keyof typeof SITES;

interface Row {
  readonly name: string;
  /** The throw site in src/model/monitors.ts, or `check` for the shared checkers of check.ts. */
  readonly site: SiteId | 'check';
  readonly run: () => unknown;
  readonly path: string;
  readonly message: RegExp;
}

const pod = (extra: Obj): Obj => ({ ...MIN_POD, ...extra });
const svc = (extra: Obj): Obj => ({ ...MIN_SERVICE, ...extra });
const podEp = (endpoint: Obj): Obj => pod({ endpoints: [{ port: 'metrics', ...endpoint }] });
const svcEp = (endpoint: Obj): Obj => svc({ endpoints: [{ port: 'http', ...endpoint }] });
const rule = (r: Obj): Obj => podEp({ relabelings: [r] });
const SECRET = { name: 's', key: 'k' };
const WORKLOAD: WorkloadDescription = {
  path: 'workload',
  name: 'web',
  namespace: 'shop',
  matchLabels: { app: 'web' },
  containerPorts: [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9090 }, { containerPort: 9999 }],
};
const SERVICE = { path: 'service', name: 'api', namespace: 'shop', labels: { app: 'api' }, ports: [{ name: 'http', port: 80 }, { name: 'metrics', port: 9090 }] };

const p = (name: string, site: Row['site'], props: Obj, at: string, message: RegExp): Row => ({ name, site, run: () => podMonitorObject(props), path: at, message });
const s = (name: string, site: Row['site'], props: Obj, at: string, message: RegExp): Row => ({ name, site, run: () => serviceMonitorObject(props), path: at, message });
const ep = (i: number) => `endpoints[${i}]`;

const REJECTED: Row[] = [
  // --- identity ---
  p('name missing', 'name', { ...MIN_POD, name: undefined }, 'name', /^name: got undefined; expected the PodMonitor's name$/),
  p('name not a DNS subdomain', 'check', pod({ name: 'Web_Metrics' }), 'name', /got "Web_Metrics"; expected a PodMonitor name \(a DNS subdomain/),
  s('name too long', 'check', svc({ name: 'a'.repeat(254) }), 'name', /expected at most 253 characters \(got 254\)/),
  p('namespace missing', 'namespace', { ...MIN_POD, namespace: undefined }, 'namespace', /expected the PodMonitor's namespace \(it selects in this namespace unless namespaceSelector says otherwise\)/),
  s('namespace invalid', 'check', svc({ namespace: 'Shop' }), 'namespace', /got "Shop"; expected a Kubernetes namespace name/),
  p('unknown prop, with a suggestion', 'check', pod({ endpoint: [] }), 'endpoint', /unknown prop; allowed props: .*Did you mean "endpoints"\?$/),
  s('PodMonitor-only props are unknown on a ServiceMonitor', 'check', svc({ endpoints: [{ portNumber: 80 }] }), `${ep(0)}.portNumber`, /unknown prop; allowed props of endpoints\[0\]/),
  p('ServiceMonitor-only props are unknown on a PodMonitor', 'check', pod({ targetLabels: ['app'] }), 'targetLabels', /unknown prop/),
  p('scrapeNativeHistograms', 'newerField', pod({ scrapeNativeHistograms: true }), 'scrapeNativeHistograms', /spec\.scrapeNativeHistograms is not in the azmonitoring\.coreos\.com CRD .* would prune it or reject the object$/),
  p('labels not an object', 'labelMapType', pod({ labels: ['team'] }), 'labels', /got \["team"\]; expected an object of label keys to label values$/),
  p('labels empty', 'labelMapEmpty', pod({ labels: {} }), 'labels', /got \{\}; expected at least one label/),
  p('label key invalid', 'labelKey', pod({ labels: { 'team name': 'x' } }), 'labels["team name"]', /got "team name"; expected a Kubernetes label key/),
  p('label key name part too long', 'labelKey', pod({ labels: { ['k'.repeat(64)]: 'x' } }), `labels["${'k'.repeat(64)}"]`, /expected a Kubernetes label key/),
  p('label value invalid', 'check', pod({ labels: { team: 'a b' } }), 'labels["team"]', /got "a b"; expected a Kubernetes label value/),
  p('managed-by label is reserved', 'reservedLabel', pod({ labels: { 'app.kubernetes.io/managed-by': 'helm' } }), 'labels["app.kubernetes.io/managed-by"]', /got "helm"; this label is set by the library/),

  // --- selection ---
  p('selector missing', 'selector', { ...MIN_POD, selector: undefined }, 'selector', /expected a label selector of the pods \(\{\} selects all of them\)$/),
  s('selector missing (ServiceMonitor)', 'selector', { ...MIN_SERVICE, selector: undefined }, 'selector', /expected a label selector of the Services/),
  p('matchLabels empty', 'labelMapEmpty', pod({ selector: { matchLabels: {} } }), 'selector.matchLabels', /expected at least one label/),
  p('matchLabels value invalid', 'check', pod({ selector: { matchLabels: { app: 'web/1' } } }), 'selector.matchLabels["app"]', /expected a Kubernetes label value/),
  p('matchExpressions empty', 'matchExpressionsEmpty', pod({ selector: { matchExpressions: [] } }), 'selector.matchExpressions', /expected a non-empty array of \{ key, operator, values\? \}/),
  p('matchExpressions operator', 'check', pod({ selector: { matchExpressions: [{ key: 'a', operator: 'in', values: ['x'] }] } }), 'selector.matchExpressions[0].operator', /expected one of "In", "NotIn", "Exists", "DoesNotExist". Did you mean "In"\?/),
  p('In without values', 'valuesMissing', pod({ selector: { matchExpressions: [{ key: 'a', operator: 'In' }] } }), 'selector.matchExpressions[0].values', /expected at least one value for operator In$/),
  p('NotIn with an empty list', 'check', pod({ selector: { matchExpressions: [{ key: 'a', operator: 'NotIn', values: [] }] } }), 'selector.matchExpressions[0].values', /expected at least 1 item/),
  p('Exists with values', 'valuesForbidden', pod({ selector: { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] } }), 'selector.matchExpressions[0].values', /expected no values for operator Exists$/),
  p('matchExpressions key', 'labelKey', pod({ selector: { matchExpressions: [{ key: '-a', operator: 'Exists' }] } }), 'selector.matchExpressions[0].key', /expected a Kubernetes label key/),
  p('namespaceSelector any: false', 'anyFalse', pod({ namespaceSelector: { any: false } }), 'namespaceSelector.any', /got false; expected true; false is the default/),
  p('namespaceSelector any with matchNames', 'anyAndNames', pod({ namespaceSelector: { any: true, matchNames: ['a'] } }), 'namespaceSelector.matchNames', /expected either any: true or matchNames, not both/),
  p('namespaceSelector empty', 'namespaceSelectorEmpty', pod({ namespaceSelector: {} }), 'namespaceSelector', /got \{\}; expected \{ any: true \} or \{ matchNames: \[\.\.\.\] \}/),
  p('namespaceSelector duplicate names', 'check', pod({ namespaceSelector: { matchNames: ['a', 'a'] } }), 'namespaceSelector.matchNames[1]', /expected no duplicates/),
  p('jobLabel invalid', 'labelKey', pod({ jobLabel: 'app name' }), 'jobLabel', /expected a Kubernetes label key/),
  p('podTargetLabels empty', 'check', pod({ podTargetLabels: [] }), 'podTargetLabels', /expected at least 1 item/),
  s('targetLabels invalid', 'labelKey', svc({ targetLabels: ['app', 'a/b/c'] }), 'targetLabels[1]', /expected a Kubernetes label key/),
  p('sampleLimit 0 (the default: no limit)', 'check', pod({ sampleLimit: 0 }), 'sampleLimit', /got 0; expected an integer >= 1/),
  s('targetLimit fractional', 'check', svc({ targetLimit: 1.5 }), 'targetLimit', /expected an integer >= 1/),

  // --- endpoints: ports ---
  p('no endpoints', 'endpointsEmpty', pod({ endpoints: [] }), 'endpoints', /got \[\]; expected at least one endpoint: a monitor without endpoints scrapes nothing$/),
  s('endpoints missing', 'endpointsEmpty', { ...MIN_SERVICE, endpoints: undefined }, 'endpoints', /expected at least one endpoint/),
  p('duplicate endpoints', 'endpointsDuplicate', pod({ endpoints: [{ port: 'metrics' }, { port: 'metrics', path: '/metrics', scheme: 'http' }] }), ep(1), /expected a different port, path, scheme or params than endpoints\[0\]/),
  p('container port name with digits only', 'containerPortName', podEp({ port: '9090' }), `${ep(0)}.port`, /got "9090"; expected a container port name: it must contain a letter/),
  p('container port name with --', 'containerPortName', podEp({ port: 'http--metrics' }), `${ep(0)}.port`, /no "--"/),
  p('container port name too long', 'check', podEp({ port: 'metrics-endpoint-1' }), `${ep(0)}.port`, /expected at most 15 characters/),
  p('portNumber out of range', 'check', pod({ endpoints: [{ portNumber: 70000 }] }), `${ep(0)}.portNumber`, /expected an integer from 1 to 65535/),
  p('port and portNumber', 'portAndPortNumber', podEp({ portNumber: 9090 }), `${ep(0)}.portNumber`, /expected either port or portNumber, not both \(port wins/),
  p('targetPort on a PodMonitor', 'podTargetPort', pod({ endpoints: [{ targetPort: 9090 }] }), `${ep(0)}.targetPort`, /targetPort is deprecated for PodMonitors; use port .* or portNumber$/),
  s('service port name invalid', 'check', svcEp({ port: 'HTTP' }), `${ep(0)}.port`, /expected a Service port name/),
  s('targetPort 0', 'check', svc({ endpoints: [{ targetPort: 0 }] }), `${ep(0)}.targetPort`, /expected an integer from 1 to 65535/),
  s('targetPort name invalid', 'containerPortName', svc({ endpoints: [{ targetPort: '8080' }] }), `${ep(0)}.targetPort`, /expected a container port name/),
  s('port and targetPort', 'portAndTargetPort', svcEp({ targetPort: 8080 }), `${ep(0)}.targetPort`, /expected either port or targetPort, not both/),

  // --- endpoints: HTTP ---
  p('path without a leading slash', 'check', podEp({ path: 'metrics' }), `${ep(0)}.path`, /expected an HTTP path starting with "\/"/),
  p('path with a query', 'check', podEp({ path: '/metrics?format=prometheus' }), `${ep(0)}.path`, /query parameters go into params/),
  p('scheme', 'check', podEp({ scheme: 'HTTPS' }), `${ep(0)}.scheme`, /expected one of "http", "https". Did you mean "https"\?/),
  p('params empty', 'params', podEp({ params: {} }), `${ep(0)}.params`, /expected a non-empty object of parameter names to lists of values$/),
  p('params value not a list', 'check', podEp({ params: { format: 'prometheus' } }), `${ep(0)}.params["format"]`, /expected an array of strings/),
  p('params empty list', 'check', podEp({ params: { format: [] } }), `${ep(0)}.params["format"]`, /expected at least 1 item/),
  p('honorLabels not a boolean', 'check', podEp({ honorLabels: 'true' }), `${ep(0)}.honorLabels`, /expected true or false/),
  p('bearerTokenSecret', 'replacedField', podEp({ bearerTokenSecret: SECRET }), `${ep(0)}.bearerTokenSecret`, /not supported; use authorization: \{ credentials: \{ name, key \} \} \(bearerTokenSecret is deprecated\)$/),
  s('bearerTokenFile', 'replacedField', svcEp({ bearerTokenFile: '/var/run/secrets/token' }), `${ep(0)}.bearerTokenFile`, /not supported; use authorization/),
  p('oauth2 is not in the subset', 'check', podEp({ oauth2: {} }), `${ep(0)}.oauth2`, /unknown prop/),

  // --- durations ---
  p('interval 0 (Prometheus would use the global interval)', 'duration', podEp({ interval: '0' }), `${ep(0)}.interval`, /got "0"; expected a Prometheus duration longer than 0/),
  p('interval with a space', 'duration', podEp({ interval: '30 s' }), `${ep(0)}.interval`, /expected a Prometheus duration/),
  p('interval with units out of order', 'duration', podEp({ interval: '30s1m' }), `${ep(0)}.interval`, /largest first/),
  p('interval fractional', 'duration', podEp({ interval: '1.5m' }), `${ep(0)}.interval`, /expected a Prometheus duration/),
  p('interval beyond Go\'s time.Duration', 'duration', podEp({ interval: '300y' }), `${ep(0)}.interval`, /expected a Prometheus duration/),
  p('interval empty (the CRD pattern allows it)', 'check', podEp({ interval: '' }), `${ep(0)}.interval`, /expected a string of at least 1 character/),
  p('scrapeTimeout without interval', 'timeoutWithoutInterval', podEp({ scrapeTimeout: '10s' }), `${ep(0)}.interval`, /expected an interval with scrapeTimeout/),
  p('scrapeTimeout above interval', 'timeoutAboveInterval', podEp({ interval: '30s', scrapeTimeout: '1m' }), `${ep(0)}.scrapeTimeout`, /got "1m"; expected at most the interval \(30s\)/),
  p('scrapeTimeout 1ms above interval', 'timeoutAboveInterval', podEp({ interval: '1m', scrapeTimeout: '1m1ms' }), `${ep(0)}.scrapeTimeout`, /expected at most the interval/),
  p('scrapeTimeout invalid', 'duration', podEp({ interval: '1m', scrapeTimeout: '10' }), `${ep(0)}.scrapeTimeout`, /expected a Prometheus duration/),

  // --- relabeling ---
  p('relabelings empty', 'relabelingsEmpty', podEp({ relabelings: [] }), `${ep(0)}.relabelings`, /expected a non-empty array of relabeling rules/),
  p('metricRelabelings not a list', 'relabelingsEmpty', podEp({ metricRelabelings: { action: 'drop' } }), `${ep(0)}.metricRelabelings`, /expected a non-empty array of relabeling rules/),
  p('action capitalised', 'check', rule({ action: 'Keep', sourceLabels: ['a'] }), `${ep(0)}.relabelings[0].action`, /Did you mean "keep"\?/),
  p('action unknown', 'check', rule({ action: 'rename', sourceLabels: ['a'] }), `${ep(0)}.relabelings[0].action`, /expected one of "replace", "keep"/),
  p('replace without targetLabel', 'relabelNeeds', rule({ sourceLabels: ['a'] }), `${ep(0)}.relabelings[0].targetLabel`, /action "replace" needs targetLabel$/),
  p('replace with modulus', 'relabelUnused', rule({ sourceLabels: ['a'], targetLabel: 'b', modulus: 2 }), `${ep(0)}.relabelings[0].modulus`, /action "replace" does not use modulus \(it would be ignored\)/),
  p('keep without sourceLabels', 'relabelNeeds', rule({ action: 'keep', regex: 'x' }), `${ep(0)}.relabelings[0].sourceLabels`, /action "keep" needs sourceLabels/),
  p('drop with targetLabel', 'relabelUnused', rule({ action: 'drop', sourceLabels: ['a'], targetLabel: 'b' }), `${ep(0)}.relabelings[0].targetLabel`, /action "drop" does not use targetLabel/),
  p('keep with replacement', 'relabelUnused', rule({ action: 'keep', sourceLabels: ['a'], replacement: 'x' }), `${ep(0)}.relabelings[0].replacement`, /does not use replacement/),
  p('hashmod without modulus', 'relabelNeeds', rule({ action: 'hashmod', sourceLabels: ['a'], targetLabel: 'b' }), `${ep(0)}.relabelings[0].modulus`, /action "hashmod" needs modulus/),
  p('hashmod modulus 0', 'check', rule({ action: 'hashmod', sourceLabels: ['a'], targetLabel: 'b', modulus: 0 }), `${ep(0)}.relabelings[0].modulus`, /expected an integer >= 1/),
  p('hashmod with regex', 'relabelUnused', rule({ action: 'hashmod', sourceLabels: ['a'], targetLabel: 'b', modulus: 2, regex: 'x' }), `${ep(0)}.relabelings[0].regex`, /does not use regex/),
  p('hashmod target with $1', 'check', rule({ action: 'hashmod', sourceLabels: ['a'], targetLabel: 'h_$1', modulus: 2 }), `${ep(0)}.relabelings[0].targetLabel`, /expected a Prometheus label name/),
  p('labelmap with sourceLabels', 'relabelUnused', rule({ action: 'labelmap', sourceLabels: ['a'], regex: 'x' }), `${ep(0)}.relabelings[0].sourceLabels`, /action "labelmap" does not use sourceLabels/),
  p('labelmap replacement not a label template', 'check', rule({ action: 'labelmap', regex: '(.+)', replacement: 'a-$1' }), `${ep(0)}.relabelings[0].replacement`, /expected a label name template/),
  p('labeldrop without regex (would drop every label)', 'relabelNeeds', rule({ action: 'labeldrop' }), `${ep(0)}.relabelings[0].regex`, /action "labeldrop" needs regex/),
  p('labelkeep with separator', 'relabelUnused', rule({ action: 'labelkeep', regex: 'a', separator: ',' }), `${ep(0)}.relabelings[0].separator`, /action "labelkeep" does not use separator/),
  p('lowercase with replacement', 'relabelUnused', rule({ action: 'lowercase', sourceLabels: ['a'], targetLabel: 'b', replacement: 'x' }), `${ep(0)}.relabelings[0].replacement`, /does not use replacement/),
  p('uppercase without targetLabel', 'relabelNeeds', rule({ action: 'uppercase', sourceLabels: ['a'] }), `${ep(0)}.relabelings[0].targetLabel`, /action "uppercase" needs targetLabel/),
  p('keepequal with regex', 'relabelUnused', rule({ action: 'keepequal', sourceLabels: ['a'], targetLabel: 'b', regex: 'x' }), `${ep(0)}.relabelings[0].regex`, /action "keepequal" does not use regex/),
  p('dropequal with separator', 'relabelUnused', rule({ action: 'dropequal', sourceLabels: ['a'], targetLabel: 'b', separator: ';' }), `${ep(0)}.relabelings[0].separator`, /does not use separator/),
  p('sourceLabels invalid label name', 'check', rule({ action: 'keep', sourceLabels: ['app-name'] }), `${ep(0)}.relabelings[0].sourceLabels[0]`, /expected a Prometheus label name/),
  p('sourceLabels empty', 'check', rule({ action: 'keep', sourceLabels: [] }), `${ep(0)}.relabelings[0].sourceLabels`, /expected at least 1 item/),
  p('targetLabel invalid', 'check', rule({ sourceLabels: ['a'], targetLabel: 'team-name' }), `${ep(0)}.relabelings[0].targetLabel`, /expected a Prometheus label name, optionally built with \$1/),
  p('regex with a look-ahead', 'regex', rule({ action: 'keep', sourceLabels: ['a'], regex: 'web(?=-prod)' }), `${ep(0)}.relabelings[0].regex`, /expected an RE2 regular expression .*invalid or unsupported Perl syntax: `\(\?=` \(RE2 has no lookaround assertions\)$/),
  p('regex with a back-reference', 'regex', rule({ action: 'keep', sourceLabels: ['a'], regex: '(a)\\1' }), `${ep(0)}.relabelings[0].regex`, /invalid escape sequence: `\\1`/),
  p('regex with a nested repetition', 'regex', rule({ action: 'drop', sourceLabels: ['a'], regex: 'a**' }), `${ep(0)}.relabelings[0].regex`, /invalid nested repetition operator: `\*\*`/),
  p('regex with an unterminated \\Q', 'regex', rule({ action: 'drop', sourceLabels: ['a'], regex: '\\Qa.b' }), `${ep(0)}.relabelings[0].regex`, /missing closing \)/),
  p('regex valid only inside Prometheus\' ^(?:...)$', 'regex', rule({ action: 'drop', sourceLabels: ['a'], regex: 'a)|(b' }), `${ep(0)}.relabelings[0].regex`, /unexpected \): `a\)\|\(b`/),
  p('regex with .NET named group', 'regex', rule({ action: 'drop', sourceLabels: ['a'], regex: '(?<x>a)' }), `${ep(0)}.relabelings[0].regex`, /write named groups as \(\?P<name>\.\.\.\)/),
  p('regex empty (the operator would drop it: "(.*)")', 'check', rule({ action: 'drop', sourceLabels: ['a'], regex: '' }), `${ep(0)}.relabelings[0].regex`, /expected a string of at least 1 character/),

  // --- TLS and authentication ---
  p('tlsConfig empty', 'tlsEmpty', podEp({ scheme: 'https', tlsConfig: {} }), `${ep(0)}.tlsConfig`, /expected at least one TLS setting/),
  p('tlsConfig with http', 'tlsNeedsHttps', podEp({ tlsConfig: { serverName: 'a' } }), `${ep(0)}.scheme`, /got undefined; expected "https" with tlsConfig/),
  p('tlsConfig with scheme http', 'tlsNeedsHttps', podEp({ scheme: 'http', tlsConfig: { serverName: 'a' } }), `${ep(0)}.scheme`, /got "http"; expected "https"/),
  p('cert without key', 'tlsKeyMissing', podEp({ scheme: 'https', tlsConfig: { cert: SECRET } }), `${ep(0)}.tlsConfig.keySecret`, /expected the client key for the client certificate in cert$/),
  p('key without cert', 'tlsCertMissing', podEp({ scheme: 'https', tlsConfig: { keySecret: SECRET } }), `${ep(0)}.tlsConfig.cert`, /expected the client certificate for the client key in keySecret$/),
  p('CA with insecureSkipVerify', 'tlsCaSkipVerify', podEp({ scheme: 'https', tlsConfig: { ca: SECRET, insecureSkipVerify: true } }), `${ep(0)}.tlsConfig.ca`, /a CA is not used when insecureSkipVerify is true/),
  p('CA from a ConfigMap', 'check', podEp({ scheme: 'https', tlsConfig: { ca: { configMap: SECRET } } }), `${ep(0)}.tlsConfig.ca.configMap`, /unknown prop; allowed props of .*: name, key/),
  p('caFile', 'check', svcEp({ scheme: 'https', tlsConfig: { caFile: '/etc/ca.crt' } }), `${ep(0)}.tlsConfig.caFile`, /unknown prop/),
  p('TLS version', 'check', podEp({ scheme: 'https', tlsConfig: { minVersion: 'TLS1.2' } }), `${ep(0)}.tlsConfig.minVersion`, /expected one of "TLS10", "TLS11", "TLS12", "TLS13"/),
  p('maxVersion below minVersion', 'tlsVersions', podEp({ scheme: 'https', tlsConfig: { minVersion: 'TLS13', maxVersion: 'TLS12' } }), `${ep(0)}.tlsConfig.maxVersion`, /got "TLS12"; expected a version not below minVersion TLS13$/),
  p('serverName invalid', 'check', podEp({ scheme: 'https', tlsConfig: { serverName: 'https://web' } }), `${ep(0)}.tlsConfig.serverName`, /expected a DNS host name/),
  p('secret name missing', 'secretName', podEp({ basicAuth: { username: { key: 'u' }, password: SECRET } }), `${ep(0)}.basicAuth.username.name`, /expected the name of a Secret in the monitor's namespace$/),
  p('secret key missing', 'secretKey', podEp({ basicAuth: { username: SECRET, password: { name: 's' } } }), `${ep(0)}.basicAuth.password.key`, /expected a key of the Secret's data$/),
  p('secret name invalid', 'check', podEp({ authorization: { credentials: { name: 'My_Secret', key: 'k' } } }), `${ep(0)}.authorization.credentials.name`, /expected a Secret name/),
  p('secret key invalid', 'check', podEp({ authorization: { credentials: { name: 's', key: 'a/b' } } }), `${ep(0)}.authorization.credentials.key`, /expected a Secret data key/),
  p('a literal password', 'check', podEp({ basicAuth: { username: SECRET, password: 'hunter2' } }), `${ep(0)}.basicAuth.password`, /expected an object/),
  p('basicAuth without username', 'basicAuthUser', podEp({ basicAuth: { password: SECRET } }), `${ep(0)}.basicAuth.username`, /expected the Secret key holding the user name$/),
  p('basicAuth without password', 'basicAuthPassword', podEp({ basicAuth: { username: SECRET } }), `${ep(0)}.basicAuth.password`, /expected the Secret key holding the password$/),
  p('basicAuth and authorization', 'basicAndAuthorization', podEp({ basicAuth: { username: SECRET, password: SECRET }, authorization: { credentials: SECRET } }), `${ep(0)}.authorization`, /expected either basicAuth or authorization/),
  p('authorization type Basic', 'authorizationBasic', podEp({ authorization: { type: 'basic', credentials: SECRET } }), `${ep(0)}.authorization.type`, /got "basic"; expected a scheme other than Basic; use basicAuth/),
  p('authorization type with a space', 'check', podEp({ authorization: { type: 'Bearer x', credentials: SECRET } }), `${ep(0)}.authorization.type`, /expected an HTTP authentication scheme/),
  p('authorization without credentials', 'authorizationCredentials', podEp({ authorization: { type: 'Bearer' } }), `${ep(0)}.authorization.credentials`, /expected the Secret key holding the credentials$/),

  // --- proxy ---
  p('proxyUrl scheme', 'check', podEp({ proxyUrl: 'ftp://proxy:21' }), `${ep(0)}.proxyUrl`, /expected a proxy URL such as "http:\/\/proxy.example:3128" \(schemes http, https, socks5\)/),
  p('proxyUrl unparsable', 'proxyInvalid', podEp({ proxyUrl: 'http://[::1' }), `${ep(0)}.proxyUrl`, /expected a valid URL such as/),
  p('proxyUrl with credentials (not echoed)', 'proxyCredentials', podEp({ proxyUrl: 'http://user:hunter2@proxy:3128' }), `${ep(0)}.proxyUrl`, /^endpoints\[0\]\.proxyUrl: got "<redacted>"; expected no credentials in the proxy URL/),
  p('proxyUrl without a host', 'proxyHost', podEp({ proxyUrl: 'socks5:///proxy' }), `${ep(0)}.proxyUrl`, /expected a host in the proxy URL$/),
  p('noProxy without proxyUrl', 'noProxyWithoutProxy', podEp({ noProxy: '.svc' }), `${ep(0)}.proxyUrl`, /expected a proxy URL with noProxy/),
  p('noProxy with spaces', 'check', podEp({ proxyUrl: 'http://p:1', noProxy: '.svc, .local' }), `${ep(0)}.noProxy`, /comma-separated hosts/),

  // --- factories ---
  {
    name: 'factory: port missing',
    site: 'factoryPort',
    run: () => podMonitorPropsForWorkload(WORKLOAD, {}),
    path: 'options.port',
    message: /expected the name of the container port to scrape$/,
  },
  {
    name: 'factory: ServiceMonitor port missing',
    site: 'factoryPort',
    run: () => serviceMonitorPropsForService(SERVICE, { interval: '30s' }),
    path: 'options.port',
    message: /expected the name of the Service port to scrape$/,
  },
  {
    name: 'factory: options are checked with their own paths',
    site: 'duration',
    run: () => podMonitorPropsForWorkload(WORKLOAD, { port: 'metrics', interval: '30' }),
    path: 'options.interval',
    message: /expected a Prometheus duration/,
  },
  {
    name: 'factory: portNumber is not an option',
    site: 'check',
    run: () => podMonitorPropsForWorkload(WORKLOAD, { port: 'metrics', portNumber: 9090 }),
    path: 'options.portNumber',
    message: /unknown prop; allowed props of options/,
  },
  {
    name: 'factory: a name is needed when the target has none',
    site: 'factoryName',
    run: () => podMonitorPropsForWorkload({ ...WORKLOAD, name: undefined }, { port: 'metrics' }),
    path: 'options.name',
    message: /expected a name for the PodMonitor: workload has no name yet$/,
  },
  {
    name: 'factory: a namespace is needed',
    site: 'factoryNamespace',
    run: () => podMonitorPropsForWorkload({ ...WORKLOAD, namespace: undefined }, { port: 'metrics' }),
    path: 'workload.metadata.namespace',
    message: /expected a namespace: set it on workload \(or its chart\), or pass options\.namespace where it will run$/,
  },
  {
    name: 'factory: a workload without a pod selector',
    site: 'workloadSelector',
    run: () => podMonitorPropsForWorkload({ ...WORKLOAD, matchLabels: {} }, { port: 'metrics' }),
    path: 'workload.spec.selector',
    message: /expected a workload that selects its pods by label/,
  },
  {
    name: 'factory: a port the containers do not declare',
    site: 'workloadPort',
    run: () => podMonitorPropsForWorkload(WORKLOAD, { port: 'prom' }),
    path: 'options.port',
    message: /got "prom"; expected a named port of workload's containers \("http", "metrics"\)\. Name the container port/,
  },
  {
    name: 'factory: containers without named ports',
    site: 'workloadPort',
    run: () => podMonitorPropsForWorkload({ ...WORKLOAD, containerPorts: [{ containerPort: 80 }] }, { port: 'metrics' }),
    path: 'options.port',
    message: /it declares no named ports/,
  },
  {
    name: 'factory: a Service without labels',
    site: 'serviceLabels',
    run: () => serviceMonitorPropsForService({ ...SERVICE, labels: undefined }, { port: 'metrics' }),
    path: 'service.metadata.labels',
    message: /got \{\}; expected labels on the Service: a ServiceMonitor selects Services by their labels\. Add a label/,
  },
  {
    name: 'factory: a Service port that does not exist',
    site: 'servicePort',
    run: () => serviceMonitorPropsForService(SERVICE, { port: 'admin' }),
    path: 'options.port',
    message: /expected a named port of service \("http", "metrics"\)\. Name the Service port/,
  },
  {
    name: 'factory: a Service with one unnamed port',
    site: 'servicePort',
    run: () => serviceMonitorPropsForService({ ...SERVICE, ports: [{ port: 80 }] }, { port: 'http' }),
    path: 'options.port',
    message: /it has no named ports/,
  },
];

/** Valid boundary values: each must NOT throw. */
const ACCEPTED: Array<[string, () => unknown]> = [
  ['scrapeTimeout equal to interval', () => podMonitorObject(podEp({ interval: '1m', scrapeTimeout: '60s' }))],
  ['interval of 1ms', () => podMonitorObject(podEp({ interval: '1ms' }))],
  ['interval of 292 years (the largest Go duration)', () => podMonitorObject(podEp({ interval: '292y' }))],
  ['empty separator and replacement', () => podMonitorObject(rule({ sourceLabels: ['a', 'b'], separator: '', targetLabel: 'c', replacement: '' }))],
  ['label value empty', () => podMonitorObject(pod({ selector: { matchLabels: { app: '' } } }))],
  ['container port name of 15 characters', () => podMonitorObject(podEp({ port: 'abcdefghijklmno' }))],
  ['portNumber 65535', () => podMonitorObject(pod({ endpoints: [{ portNumber: 65535 }] }))],
  ['insecureSkipVerify with serverName', () => podMonitorObject(podEp({ scheme: 'https', tlsConfig: { insecureSkipVerify: true, serverName: 'x' } }))],
  ['minVersion equal to maxVersion', () => podMonitorObject(podEp({ scheme: 'https', tlsConfig: { minVersion: 'TLS13', maxVersion: 'TLS13' } }))],
  ['authorization type in any case other than basic', () => podMonitorObject(podEp({ authorization: { type: 'bearer', credentials: SECRET } }))],
  ['same port with a different scheme', () => podMonitorObject(pod({ endpoints: [{ port: 'metrics' }, { port: 'metrics', scheme: 'https' }] }))],
  ['undefined optional props are absent props', () => podMonitorObject({ ...MIN_POD, labels: undefined, jobLabel: undefined, endpoints: [{ port: 'metrics', path: undefined }] })],
  ['factory port check skipped when ports are unknown', () => podMonitorPropsForWorkload({ ...WORKLOAD, containerPorts: undefined }, { port: 'anything' })],
];

describe('validation errors', () => {
  test.each(REJECTED.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const e = caught(row.run);
    expect(e).toBeInstanceOf(ValidationError);
    const error = e as ValidationError;
    expect(error.path).toBe(row.path);
    expect(error.message.startsWith(`${row.path}: got `)).toBe(true);
    expect(error.message).toMatch(row.message);
  });

  test.each(ACCEPTED)('accepted: %s', (_name, run) => {
    expect(run).not.toThrow();
  });

  test('the path prefix given by the caller leads every error path', () => {
    const e = caught(() => resolvePodMonitor('managedPrometheus.podMonitors[2]', podEp({ interval: '0' }))) as ValidationError;
    expect(e.path).toBe('managedPrometheus.podMonitors[2].endpoints[0].interval');
    const n = caught(() => resolveServiceMonitor('managedPrometheus.serviceMonitors[0]', { ...MIN_SERVICE, serviceDiscoveryRole: 'EndpointSlice' })) as ValidationError;
    expect(n.path).toBe('managedPrometheus.serviceMonitors[0].serviceDiscoveryRole');
  });

  testUniqueRowNames(REJECTED.map((r) => r.name));
});

describe('every throw site of src/model/monitors.ts has a row', () => {

  testThrowSiteRegistry('monitors.ts', SITES, REJECTED.map((r) => r.site));
});

// -------------------------------------------------------------------------------------------------
// Durations
// -------------------------------------------------------------------------------------------------

describe('durations', () => {
  test.each([
    ['30s', 30_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['1w', 604_800_000],
    ['1y', 31_536_000_000],
    ['2h45m', 9_900_000],
  ])('%s is %d ms', (text, ms) => {
    expect(checkMonitorDuration('d', text)).toBe(ms);
  });
});

// -------------------------------------------------------------------------------------------------
// promtool: Prometheus' config validation
// -------------------------------------------------------------------------------------------------

const PROMTOOL = promtoolPath();
/** A test that needs promtool: fails under CI without it, is skipped (with a message) elsewhere. */
const promtoolTest = (name: string, fn: () => void): void => testWithPromtool(name, fn, 60_000);

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'monitors-promtool-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

/** Runs `promtool check config`; returns undefined when valid, else promtool's output. */
function promtoolCheck(config: Obj): string | undefined {
  const file = path.join(TMP, `config-${Math.random().toString(36).slice(2)}.yml`);
  fs.writeFileSync(file, stringify(config));
  try {
    execFileSync(PROMTOOL!, ['check', 'config', file], { stdio: 'pipe', timeout: 20_000 });
    return undefined;
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer };
    return `${err.stdout?.toString() ?? ''}${err.stderr?.toString() ?? ''}`;
  }
}

/** A file standing for a Secret key (promtool checks that referenced files exist). */
function secretFile(ref: { name: string; key: string }): string {
  const file = path.join(TMP, `${ref.name}--${ref.key}`);
  if (!fs.existsSync(file)) fs.writeFileSync(file, 'x');
  return file;
}

const SNAKE: Record<string, string> = { sourceLabels: 'source_labels', targetLabel: 'target_label' };
function relabelConfig(r: Obj): Obj {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [SNAKE[k] ?? k, v]));
}

/**
 * The scrape jobs a rendered monitor stands for, as prometheus-operator would generate them (static
 * targets instead of Kubernetes discovery; the fields under test are the same). `no_proxy` is left
 * out: promtool 2.42 predates it.
 */
function scrapeJobs(obj: KubeObject): Obj[] {
  const spec = obj.spec as Obj & { podMetricsEndpoints?: Obj[]; endpoints?: Obj[] };
  const endpoints = (spec.podMetricsEndpoints ?? spec.endpoints)!;
  return endpoints.map((e, i) => {
    const tls = e.tlsConfig as Obj | undefined;
    const basic = e.basicAuth as { username: { name: string; key: string }; password: { name: string; key: string } } | undefined;
    const auth = e.authorization as { type?: string; credentials: { name: string; key: string } } | undefined;
    const job: Obj = {
      job_name: `${obj.kind}/${obj.metadata.namespace}/${obj.metadata.name}/${i}`,
      static_configs: [{ targets: ['127.0.0.1:9100'] }],
      metrics_path: e.path,
      scheme: e.scheme,
      scrape_interval: e.interval,
      scrape_timeout: e.scrapeTimeout,
      honor_labels: e.honorLabels,
      honor_timestamps: e.honorTimestamps,
      params: e.params,
      sample_limit: spec.sampleLimit,
      target_limit: spec.targetLimit,
      label_limit: spec.labelLimit,
      label_name_length_limit: spec.labelNameLengthLimit,
      label_value_length_limit: spec.labelValueLengthLimit,
      relabel_configs: (e.relabelings as Obj[] | undefined)?.map(relabelConfig),
      metric_relabel_configs: (e.metricRelabelings as Obj[] | undefined)?.map(relabelConfig),
      tls_config: tls && {
        ca_file: tls.ca ? secretFile((tls.ca as { secret: { name: string; key: string } }).secret) : undefined,
        cert_file: tls.cert ? secretFile((tls.cert as { secret: { name: string; key: string } }).secret) : undefined,
        key_file: tls.keySecret ? secretFile(tls.keySecret as { name: string; key: string }) : undefined,
        server_name: tls.serverName,
        insecure_skip_verify: tls.insecureSkipVerify,
        min_version: tls.minVersion,
        max_version: tls.maxVersion,
      },
      basic_auth: basic && { username: 'user', password_file: secretFile(basic.password) },
      authorization: auth && { type: auth.type, credentials_file: secretFile(auth.credentials) },
      proxy_url: e.proxyUrl,
    };
    return JSON.parse(JSON.stringify(job)) as Obj;
  });
}

describe('promtool', () => {
  promtoolTest('every valid case renders scrape jobs Prometheus accepts', () => {
    const jobs = VALID_CASES.flatMap(([, kind, props], i) => scrapeJobs(render(kind, props)).map((job) => ({ ...job, job_name: `case${i}/${String(job.job_name)}` })));
    expect(jobs.length).toBeGreaterThan(VALID_CASES.length);
    expect(promtoolCheck({ global: { scrape_interval: '30s' }, scrape_configs: jobs })).toBeUndefined();
  });

  promtoolTest('the check can fail: a broken job is reported', () => {
    expect(promtoolCheck({ scrape_configs: [{ job_name: 'x', static_configs: [{ targets: ['a:1'] }], scrape_interval: '10s', scrape_timeout: '20s' }] })).toMatch(/scrape timeout greater than scrape interval/);
  });

  /**
   * Rules we enforce that Prometheus enforces too: the CRD accepts these endpoints, the TA would pass
   * them on, and the scrape configuration would be rejected (or the monitor skipped).
   */
  const PROMETHEUS_REJECTS: Array<[string, Obj]> = [
    ['replace without targetLabel', { relabelings: [{ sourceLabels: ['a'] }] }],
    ['hashmod without modulus', { relabelings: [{ action: 'hashmod', sourceLabels: ['a'], targetLabel: 'b' }] }],
    ['uppercase without targetLabel', { relabelings: [{ action: 'uppercase', sourceLabels: ['a'] }] }],
    ['keepequal with a regex', { relabelings: [{ action: 'keepequal', sourceLabels: ['a'], targetLabel: 'b', regex: 'x' }] }],
    ['labeldrop with sourceLabels', { relabelings: [{ action: 'labeldrop', sourceLabels: ['a'], regex: 'x' }] }],
    ['a look-ahead', { relabelings: [{ action: 'keep', sourceLabels: ['a'], regex: 'a(?=b)' }] }],
    ['an invalid target label', { relabelings: [{ sourceLabels: ['a'], targetLabel: 'team-name' }] }],
    ['a labelmap replacement that is no label name', { relabelings: [{ action: 'labelmap', regex: '(.+)', replacement: 'a-$1' }] }],
    ['timeout above interval', { interval: '30s', scrapeTimeout: '1m' }],
    ['basicAuth and authorization', { basicAuth: { username: { name: 's', key: 'u' }, password: { name: 's', key: 'p' } }, authorization: { credentials: { name: 's', key: 't' } } }],
    ['authorization type Basic', { authorization: { type: 'Basic', credentials: { name: 's', key: 't' } } }],
    ['a client certificate without its key', { scheme: 'https', tlsConfig: { cert: { secret: { name: 's', key: 'c' } } } }],
    ['a duration with a space', { interval: '30 s' }],
  ];

  promtoolTest('what Prometheus rejects, the props reject too (same rule, before deployment)', () => {
    const report: string[] = [];
    for (const [name, endpoint] of PROMETHEUS_REJECTS) {
      // Rendered by hand, as a user could write the CR without this library.
      const obj: KubeObject = { ...podMonitorObject(MIN_POD), spec: { ...MONITOR_LABEL_LIMITS, selector: {}, podMetricsEndpoints: [{ port: 'metrics', ...endpoint }] } };
      const promtool = promtoolCheck({ scrape_configs: scrapeJobs(obj) });
      // Our props use flat Secret refs for TLS; translate the hand-written CR form back.
      const tls = endpoint.tlsConfig as { cert?: { secret: Obj } } | undefined;
      const props = podEp(tls ? { ...endpoint, tlsConfig: { ...tls, cert: tls.cert?.secret } } : endpoint);
      const ours = caught(() => podMonitorObject(props));
      report.push(`${name}: promtool ${promtool === undefined ? 'accepts' : 'rejects'}, props ${ours instanceof ValidationError ? 'reject' : 'accept'}`);
    }
    expect(report).toEqual(PROMETHEUS_REJECTS.map(([name]) => `${name}: promtool rejects, props reject`));
  });
});

// -------------------------------------------------------------------------------------------------
// Factories (engine-neutral part; the engines only describe their objects)
// -------------------------------------------------------------------------------------------------

describe('monitor props for a workload or a Service', () => {
  test('a workload\'s selector, namespace and name make the PodMonitor; the options make its endpoint', () => {
    const props = podMonitorPropsForWorkload(
      { ...WORKLOAD, matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] },
      { port: 'metrics', interval: '15s', podTargetLabels: ['app'], labels: { team: 'shop' } },
    );
    expect(props).toEqual({
      name: 'web',
      namespace: 'shop',
      labels: { team: 'shop' },
      selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] },
      endpoints: [{ port: 'metrics', interval: '15s' }],
      podTargetLabels: ['app'],
    });
    expect(crdErrors(podMonitorObject(props))).toEqual([]);
  });

  test('a monitor in another namespace selects the workload\'s namespace', () => {
    const props = podMonitorPropsForWorkload(WORKLOAD, { port: 'metrics', name: 'web-pods', namespace: 'monitoring' });
    expect(props).toMatchObject({ name: 'web-pods', namespace: 'monitoring', namespaceSelector: { matchNames: ['shop'] } });
    // Same namespace: no selector.
    expect(podMonitorPropsForWorkload(WORKLOAD, { port: 'metrics', namespace: 'shop' })).not.toHaveProperty('namespaceSelector');
    // A workload without namespace: the monitor goes where the caller says, and selects there.
    expect(podMonitorPropsForWorkload({ ...WORKLOAD, namespace: undefined }, { port: 'metrics', namespace: 'apps' })).toMatchObject({ namespace: 'apps' });
  });

  test('a Service is selected by all its labels, its port by name', () => {
    const props = serviceMonitorPropsForService({ ...SERVICE, labels: { 'app': 'api', 'app.kubernetes.io/part-of': 'shop' } }, { port: 'metrics', targetLabels: ['app'] });
    expect(props).toEqual({
      name: 'api',
      namespace: 'shop',
      selector: { matchLabels: { 'app': 'api', 'app.kubernetes.io/part-of': 'shop' } },
      endpoints: [{ port: 'metrics' }],
      targetLabels: ['app'],
    });
    expect(crdErrors(serviceMonitorObject(props))).toEqual([]);
  });

  test('the descriptions are copied, not aliased', () => {
    const matchLabels = { app: 'web' };
    const props = podMonitorPropsForWorkload({ ...WORKLOAD, matchLabels }, { port: 'metrics' });
    matchLabels.app = 'changed';
    expect(props.selector.matchLabels).toEqual({ app: 'web' });
  });
});

// -------------------------------------------------------------------------------------------------
// Property: whatever the props, either a ValidationError or a CRD-valid object
// -------------------------------------------------------------------------------------------------

describe('property', () => {
  const junk = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.integer({ min: -2, max: 70000 }),
    fc.string({ maxLength: 8 }),
    fc.boolean(),
    fc.constant([]),
    fc.constant({}),
  );
  /** Mostly a valid value, now and then junk. */
  const mostly = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 40, arbitrary: arb }, { weight: 1, arbitrary: junk });
  const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(mostly(arb), { nil: undefined, freq: 2 });
  const labelKey = fc.constantFrom('app', 'tier', 'app.kubernetes.io/name', 'example.com/team');
  const labelValue = fc.constantFrom('web', 'api', '', 'v1.2', 'a_b');
  const secret = fc.record({ name: fc.constantFrom('s', 'tls-secret', 'creds'), key: fc.constantFrom('k', 'ca.crt', 'tls.key') });
  // Interval and timeout: mostly consistent pairs, sometimes not.
  const timing = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom({}, { interval: '30s' }, { interval: '1m', scrapeTimeout: '30s' }, { interval: '15s', scrapeTimeout: '15s' }, { interval: '1m30s' }) },
    { weight: 1, arbitrary: fc.record({ interval: opt(fc.constantFrom('1ms', '5s', '0', '1h')), scrapeTimeout: opt(fc.constantFrom('10s', '2h')) }, { requiredKeys: [] }) },
  );
  const security = fc.oneof(
    { weight: 4, arbitrary: fc.constant({}) },
    { weight: 2, arbitrary: fc.record({ scheme: fc.constant('https'), tlsConfig: fc.oneof(fc.record({ ca: secret }), fc.record({ cert: secret, keySecret: secret }), fc.constant({ insecureSkipVerify: true, minVersion: 'TLS12' })) }) },
    { weight: 1, arbitrary: fc.record({ basicAuth: fc.record({ username: secret, password: secret }) }) },
    { weight: 1, arbitrary: fc.record({ authorization: fc.record({ type: opt(fc.constantFrom('Bearer', 'Token')), credentials: secret }, { requiredKeys: ['credentials'] }) }) },
    // Rarely invalid combinations.
    { weight: 1, arbitrary: fc.record({ scheme: opt(fc.constantFrom('http', 'https')), tlsConfig: opt(fc.record({ ca: opt(secret), cert: opt(secret), insecureSkipVerify: opt(fc.boolean()) }, { requiredKeys: [] })), basicAuth: opt(fc.record({ username: secret, password: secret })), authorization: opt(fc.record({ type: fc.constantFrom('Basic', 'Bearer'), credentials: secret })) }, { requiredKeys: [] }) },
  );
  const relabeling = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...(EVERY_ACTION as Obj[])) },
    {
      weight: 1,
      arbitrary: fc.record(
        {
          action: opt(fc.constantFrom(...MONITOR_RELABEL_ACTIONS)),
          sourceLabels: opt(fc.constant(['a'])),
          targetLabel: opt(fc.constantFrom('t', '${1}x')),
          regex: opt(fc.constantFrom('.*', 'a**', '(x)')),
          modulus: opt(fc.integer({ min: 0, max: 3 })),
          replacement: opt(fc.constantFrom('$1', '')),
        },
        { requiredKeys: [] },
      ),
    },
  );
  const endpoint = (kind: 'pod' | 'service') =>
    fc.record(
      {
        port: kind === 'pod'
          ? fc.oneof(fc.constantFrom({}, { port: 'metrics' }, { port: 'web-metrics' }, { portNumber: 9090 }), fc.record({ port: opt(fc.constantFrom('9090', 'metrics')), portNumber: opt(fc.integer({ min: 0, max: 70000 })) }, { requiredKeys: [] }))
          : fc.oneof(fc.constantFrom({}, { port: 'http' }, { targetPort: 9102 }, { targetPort: 'admin' }), fc.record({ port: opt(fc.constantFrom('HTTP', 'http')), targetPort: opt(fc.constantFrom(0, 'http')) }, { requiredKeys: [] })),
        timing,
        security,
        extra: fc.record(
          {
            path: opt(fc.constantFrom('/metrics', '/a/b', 'metrics')),
            honorLabels: opt(fc.boolean()),
            params: opt(fc.constant({ format: ['prometheus'] })),
            relabelings: opt(fc.array(relabeling, { minLength: 1, maxLength: 3 })),
            metricRelabelings: opt(fc.array(relabeling, { minLength: 1, maxLength: 2 })),
          },
          { requiredKeys: [] },
        ),
        proxy: fc.oneof({ weight: 5, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.record({ proxyUrl: opt(fc.constantFrom('http://proxy:3128', 'socks5://p:1080', 'http://u:p@proxy:1')), noProxy: opt(fc.constant('.svc')) }, { requiredKeys: [] }) }),
      },
    ).map(({ port, timing: t, security: sec, extra, proxy }) => ({ ...port, ...t, ...sec, ...extra, ...proxy }) as Obj);
  const props = (kind: 'pod' | 'service') =>
    fc.record(
      {
        name: mostly(fc.constantFrom('web', 'api-metrics', 'a.b')),
        namespace: mostly(fc.constantFrom('shop', 'default', 'kube-system')),
        labels: opt(fc.dictionary(labelKey, labelValue, { minKeys: 1, maxKeys: 2 })),
        selector: mostly(fc.record({ matchLabels: opt(fc.dictionary(labelKey, labelValue, { minKeys: 1, maxKeys: 3 })) }, { requiredKeys: [] })),
        namespaceSelector: opt(fc.constantFrom({ any: true }, { matchNames: ['a', 'b'] })),
        // Endpoints on distinct paths unless the generator chose one (then duplicates are possible, and rejected).
        endpoints: mostly(fc.array(endpoint(kind), { minLength: 1, maxLength: 3 }).map((eps) => eps.map((e, i) => ('path' in e ? e : { ...e, path: `/metrics/${i}` })))),
        jobLabel: opt(labelKey),
        podTargetLabels: opt(fc.uniqueArray(labelKey, { minLength: 1, maxLength: 2 })),
        ...(kind === 'service' ? { targetLabels: opt(fc.uniqueArray(labelKey, { minLength: 1, maxLength: 2 })) } : {}),
        sampleLimit: opt(fc.integer({ min: 0, max: 100000 })),
      },
      { requiredKeys: ['name', 'namespace', 'selector', 'endpoints'] },
    );

  test.each(['pod', 'service'] as const)('each generated %sMonitor props object is rejected with a ValidationError or renders a valid custom resource', (kind) => {
    let rendered = 0;
    let rejected = 0;
    fc.assert(
      fc.property(props(kind), (generated) => {
        let obj: KubeObject;
        try {
          obj = render(kind, generated);
        } catch (e) {
          if (!(e instanceof ValidationError)) throw e;
          expect(typeof e.path).toBe('string');
          rejected++;
          return;
        }
        rendered++;
        expect(crdErrors(obj)).toEqual([]);
        expect(JSON.parse(JSON.stringify(obj))).toEqual(obj);
      }),
      { numRuns: 300, seed: 20260720 },
    );
    // Both outcomes must be frequent for the property to say something.
    expect(rendered).toBeGreaterThan(60);
    expect(rejected).toBeGreaterThan(30);
  });
});
