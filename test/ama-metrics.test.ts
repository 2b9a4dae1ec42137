/**
 * The Managed Prometheus metrics agent in `manifests` mode (src/render/agents/ama-metrics.ts) against
 * NOTES-managed-prometheus §2 (the add-on chart at Azure/prometheus-collector@39583fd) and the reference
 * files:
 * - the embedded azmonitoring.coreos.com CRDs equal the reference files minus descriptions, are valid
 *   apiextensions.k8s.io/v1 CRDs with structural schemas, and accept the library's own PodMonitor and
 *   ServiceMonitor rendering;
 * - the object inventory and apply order per kind of cluster (AKS, Arc, OpenShift, with and without
 *   Windows), every object against the Kubernetes schema;
 * - field assertions for each workload (images, args, env in order, ports, probes, volumes and host paths,
 *   security contexts, resources, priority, update strategy, affinity, tolerations), AKS vs Arc (§2.12);
 * - RBAC: our rules are a subset of upstream's (§2.10, §2.9, encoded below as upstream's table);
 * - security rules, resource overrides and the other knobs, the Kubernetes-version gates.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { caught } from './support/caught';
import { validateCustomResource } from './support/crd-schema';
import { structuralErrors } from './support/crd-structural';
import { checkObjectMeta } from './support/k8s-metadata';
import { isBuiltInKind, validateKubernetesObjects } from './support/k8s-schema';
import { REFERENCE_DIR } from './support/reference';
import {
  GENERATED_CRDS_FILE,
  REFERENCE_CRD_FILES,
  generateCrdsDataModule,
  stripSchemaDescriptions,
} from '../scripts/generate-azmonitoring-crds';
import { ValidationError } from '../src/errors';
import { AGENT_IMAGES, resolveAgents } from '../src/model/agents';
import { resolveCluster } from '../src/model/cluster';
import { DISTRIBUTIONS, MANAGED_CLUSTER_TYPE, profileOf } from '../src/model/distribution';
import { resolveManagedPrometheus } from '../src/model/managed-prometheus';
import { makeToken } from '../src/model/tokens';
import { AMA_METRICS_DEFAULT_RESOURCES, KSM_COLLECTORS, renderAzmonitoringCrds, renderMetricsAgent } from '../src/render/agents/ama-metrics';
import { AZMONITORING_CRDS } from '../src/render/agents/azmonitoring-crds-data';
import { COMMON_LABELS, KubeObject } from '../src/render/kube';
import { podMonitorObject, serviceMonitorObject } from '../src/render/monitors';

type Obj = Record<string, any>;

// -------------------------------------------------------------------------------------------------
// Building the models
// -------------------------------------------------------------------------------------------------

const SUB = '/subscriptions/11111111-2222-4333-8444-555555555555';
const AMW = `${SUB}/resourceGroups/rg-mon/providers/Microsoft.Monitor/accounts/amw1`;

function clusterIdOf(distribution: string): string {
  const provider = profileOf(distribution as never).clusterResourceType === MANAGED_CLUSTER_TYPE
    ? 'Microsoft.ContainerService/managedClusters'
    : 'Microsoft.Kubernetes/connectedClusters';
  return `${SUB}/resourceGroups/rg-c1/providers/${provider}/c1`;
}

interface Case {
  readonly cluster?: Obj;
  readonly agents?: Obj;
  readonly settings?: Obj;
}

function models(distribution: string, c: Case = {}) {
  const cluster = resolveCluster('cluster', { name: 'c1', region: 'West Europe', distribution, resourceId: clusterIdOf(distribution), ...c.cluster });
  const mp = resolveManagedPrometheus('managedPrometheus', {
    azureMonitorWorkspace: { resourceId: AMW, region: 'westeurope' },
    ...(c.settings ? { settings: c.settings } : {}),
  }, cluster);
  const agents = resolveAgents('agents', { mode: 'manifests', ...c.agents }, cluster, {});
  return { cluster, mp, m: agents.manifests! };
}

function render(distribution: string, c: Case = {}): KubeObject[] {
  const { cluster, mp, m } = models(distribution, c);
  return renderMetricsAgent(cluster, mp, m);
}

function find(objs: KubeObject[], kind: string, name: string): Obj {
  const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind}/${name} in ${objs.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}`);
  return o as Obj;
}

const podSpec = (o: Obj): Obj => o.spec.template.spec;
function container(o: Obj, name: string): Obj {
  const c = [...(podSpec(o).containers ?? []), ...(podSpec(o).initContainers ?? [])].find((x: Obj) => x.name === name);
  if (!c) throw new Error(`no container ${name} in ${o.kind}/${o.metadata.name}`);
  return c;
}
/** The env of a container as [name, value or valueFrom] pairs, in order. */
const envOf = (c: Obj): Array<[string, unknown]> => c.env.map((e: Obj) => [e.name, e.value ?? e.valueFrom]);
const envValue = (c: Obj, name: string): unknown => c.env.find((e: Obj) => e.name === name)?.value;
const podSpecs = (objs: KubeObject[]): Array<[string, Obj]> =>
  objs.filter((o) => o.kind === 'Deployment' || o.kind === 'DaemonSet').map((o) => [`${o.kind}/${o.metadata.name}`, podSpec(o as Obj)]);

const AKS_WIN: Case = { cluster: { nodes: { windows: true } } };
const KSM_SETTINGS = { ksmConfig: { labelsAllowList: { pods: ['app', 'team'], namespaces: ['*'] }, annotationsAllowList: { pods: ['kubernetes.io/team'] } } };
const IMG = (repo: string, tag: string): string => `mcr.microsoft.com/${repo}:${tag}`;
const COLLECTOR_IMAGE = IMG(AGENT_IMAGES['prometheus-collector'].repository, AGENT_IMAGES['prometheus-collector'].tag);
const KSM_IMAGE = 'mcr.microsoft.com/oss/v2/kubernetes/kube-state-metrics:v2.19.0-4';
const TAG = '7.1.0-main-07-07-2026-548e23dc';

// -------------------------------------------------------------------------------------------------
// The embedded CRDs
// -------------------------------------------------------------------------------------------------

/** The test's own description stripper (independent of the generator's): schema keywords only, never property names. */
function withoutDescriptions(node: any, inMap = false): any {
  if (Array.isArray(node)) return node.map((n) => withoutDescriptions(n));
  if (node === null || typeof node !== 'object') return node;
  const out: Obj = {};
  for (const [k, v] of Object.entries(node)) {
    if (!inMap && k === 'description') continue;
    if (inMap) out[k] = withoutDescriptions(v);
    else if (k === 'default' || k === 'enum' || k === 'example') out[k] = v;
    else out[k] = withoutDescriptions(v, k === 'properties' || k === 'patternProperties');
  }
  return out;
}

function collect(node: any, key: string, into: unknown[] = []): unknown[] {
  if (Array.isArray(node)) {
    node.forEach((n) => collect(n, key, into));
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === key && typeof v !== 'object') into.push(v);
      collect(v, key, into);
    }
  }
  return into;
}

/**
 * Kubernetes lets an `x-kubernetes-int-or-string: true` node go without a type, with exactly
 * `anyOf: [{type: integer}, {type: string}]` (apiextensions structural-schema rules; controller-gen writes every
 * IntOrString so). test/support/crd-structural.ts does not know this exception, so such nodes are handed to it
 * typed (after checking they have exactly that shape); every other node is checked as it is.
 */
function withIntOrStringTyped(node: any): any {
  if (Array.isArray(node)) return node.map(withIntOrStringTyped);
  if (node === null || typeof node !== 'object') return node;
  const out: Obj = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === 'default' || k === 'enum' ? v : withIntOrStringTyped(v)]));
  if (node['x-kubernetes-int-or-string'] === true && node.type === undefined) {
    expect(node.anyOf).toEqual([{ type: 'integer' }, { type: 'string' }]);
    delete out.anyOf;
    out.type = 'string';
  }
  return out;
}

let crdDir: string;
let crdFile: string;
beforeAll(() => {
  crdDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ama-metrics-crds-'));
  crdFile = path.join(crdDir, 'azmonitoring-crds.yaml');
  fs.writeFileSync(crdFile, renderAzmonitoringCrds().map((o) => stringify(o)).join('---\n'));
});
afterAll(() => fs.rmSync(crdDir, { recursive: true, force: true }));

describe('azmonitoring.coreos.com CRDs', () => {
  test('the committed data file is the generator output (regenerate with scripts/generate-azmonitoring-crds.ts)', () => {
    expect(fs.readFileSync(GENERATED_CRDS_FILE, 'utf8')).toBe(generateCrdsDataModule());
  });

  test('the embedded CRDs equal the reference files minus descriptions (formats, patterns and enums carry over)', () => {
    expect(REFERENCE_CRD_FILES.map((f) => path.relative(REFERENCE_DIR, f))).toEqual([
      'managed-prometheus/crds/podmonitors.azmonitoring.coreos.com.yaml',
      'managed-prometheus/crds/servicemonitors.azmonitoring.coreos.com.yaml',
    ]);
    const reference = REFERENCE_CRD_FILES.map((f) => parse(fs.readFileSync(f, 'utf8')));
    expect(AZMONITORING_CRDS).toEqual(reference.map((r) => withoutDescriptions(r)));
    expect(collect(AZMONITORING_CRDS, 'description')).toEqual([]);
    for (const key of ['format', 'pattern', 'enum']) {
      expect(collect(AZMONITORING_CRDS, key)).toEqual(collect(reference, key));
    }
    expect(collect(AZMONITORING_CRDS, 'format').length).toBeGreaterThan(0);
    expect(collect(AZMONITORING_CRDS, 'pattern')).toContain('^(http|https|socks5)://.+$');
  });

  test('the stripper removes description keywords only: a property named description and default values stay', () => {
    const schema: any = {
      description: 'prose',
      type: 'object',
      properties: {
        description: { description: 'more prose', type: 'string' },
        list: { type: 'array', items: { description: 'x', type: 'string' } },
        either: { 'anyOf': [{ description: 'y', type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true },
        withDefault: { type: 'object', default: { description: 'data' }, additionalProperties: { description: 'z', type: 'string' } },
      },
    };
    expect(stripSchemaDescriptions(schema)).toEqual({
      type: 'object',
      properties: {
        description: { type: 'string' },
        list: { type: 'array', items: { type: 'string' } },
        either: { 'anyOf': [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true },
        withDefault: { type: 'object', default: { description: 'data' }, additionalProperties: { type: 'string' } },
      },
    });
    expect(withoutDescriptions(schema)).toEqual(stripSchemaDescriptions(schema));
  });

  test('the rendered CRDs are valid apiextensions.k8s.io/v1 CRDs with structural schemas, names as NOTES §3', () => {
    const crds = renderAzmonitoringCrds();
    expect(validateKubernetesObjects(crds)).toEqual([]);
    for (const crd of crds as Obj[]) {
      for (const v of crd.spec.versions) {
        expect(structuralErrors(withIntOrStringTyped(v.schema.openAPIV3Schema), `${crd.metadata.name}.${v.name}`, true)).toEqual([]);
      }
      expect(crd.metadata.labels).toEqual(COMMON_LABELS);
      expect(crd.metadata).not.toHaveProperty('creationTimestamp');
      expect(crd.metadata.annotations).toEqual({ 'controller-gen.kubebuilder.io/version': 'v0.18.0' });
    }
    const summary = (c: Obj) => [
      c.metadata.name, c.spec.group, c.spec.scope, c.spec.names, c.spec.versions.map((v: Obj) => [v.name, v.served, v.storage]),
    ];
    expect(crds.map(summary)).toEqual([
      ['podmonitors.azmonitoring.coreos.com', 'azmonitoring.coreos.com', 'Namespaced',
        { categories: ['prometheus-operator'], kind: 'PodMonitor', listKind: 'PodMonitorList', plural: 'podmonitors', shortNames: ['pmon'], singular: 'podmonitor' },
        [['v1', true, true]]],
      ['servicemonitors.azmonitoring.coreos.com', 'azmonitoring.coreos.com', 'Namespaced',
        { categories: ['prometheus-operator'], kind: 'ServiceMonitor', listKind: 'ServiceMonitorList', plural: 'servicemonitors', shortNames: ['smon'], singular: 'servicemonitor' },
        [['v1', true, true]]],
    ]);
    // The CRD validator can fail: a schema node without a type is not structural; a CRD with an unknown field is rejected.
    expect(structuralErrors({ type: 'object', properties: { a: {} } }, 'x', true)).toEqual(['x.a: no type']);
    const broken = { ...crds[0], spec: { ...(crds[0] as Obj).spec, preserveUnknownFields: 'yes' } };
    expect(validateKubernetesObjects([broken]).join('\n')).toMatch(/preserveUnknownFields/);
  });

  test('every render gets its own copy (mutating one does not change the next or the embedded data)', () => {
    const first = renderAzmonitoringCrds() as Obj[];
    first[0].spec.versions[0].schema.openAPIV3Schema.properties.spec.type = 'string';
    expect((renderAzmonitoringCrds() as Obj[])[0].spec.versions[0].schema.openAPIV3Schema.properties.spec.type).toBe('object');
    expect((AZMONITORING_CRDS[0].spec as Obj).versions[0].schema.openAPIV3Schema.properties.spec.type).toBe('object');
  });

  test('the library\'s PodMonitor and ServiceMonitor rendering validates against the embedded CRDs', () => {
    const pod = podMonitorObject({
      name: 'web',
      namespace: 'shop',
      selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend'] }] },
      namespaceSelector: { matchNames: ['shop'] },
      podTargetLabels: ['team'],
      sampleLimit: 1000,
      endpoints: [
        {
          port: 'metrics',
          interval: '30s',
          scrapeTimeout: '10s',
          relabelings: [{ sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node' }],
          metricRelabelings: [{ sourceLabels: ['__name__'], action: 'drop', regex: 'go_gc_.*' }],
        },
        {
          portNumber: 8443,
          scheme: 'https',
          tlsConfig: { ca: { name: 'web-tls', key: 'ca.crt' }, cert: { name: 'web-tls', key: 'tls.crt' }, keySecret: { name: 'web-tls', key: 'tls.key' } },
          authorization: { type: 'Bearer', credentials: { name: 'web-token', key: 'token' } },
        },
      ],
    });
    const svc = serviceMonitorObject({
      name: 'api',
      namespace: 'shop',
      selector: { matchLabels: { app: 'api' } },
      targetLabels: ['app'],
      endpoints: [
        { port: 'http-metrics', path: '/metrics', basicAuth: { username: { name: 'api-auth', key: 'user' }, password: { name: 'api-auth', key: 'pass' } } },
        { targetPort: 9102, honorLabels: true, proxyUrl: 'http://proxy.shop.svc:3128' },
      ],
    });
    for (const o of [pod, svc]) expect(validateCustomResource(o, crdFile)).toEqual([]);
    // ... and the embedded CRDs reject what the reference CRDs reject.
    const bad = { ...pod, spec: { ...(pod.spec as Obj), scrapeNativeHistograms: true, podMetricsEndpoints: [{ port: 'metrics', scheme: 'ftp' }] } };
    const errors = validateCustomResource(bad, crdFile).join('\n');
    expect(errors).toMatch(/unknown field \/spec\/scrapeNativeHistograms/);
    expect(errors).toMatch(/\/spec\/podMetricsEndpoints\/0\/scheme/);
  });
});

// -------------------------------------------------------------------------------------------------
// Inventory, order, labels, schema
// -------------------------------------------------------------------------------------------------

const CRDS = ['CustomResourceDefinition/podmonitors.azmonitoring.coreos.com', 'CustomResourceDefinition/servicemonitors.azmonitoring.coreos.com'];
const RBAC = [
  'ServiceAccount/ama-metrics-serviceaccount',
  'ClusterRole/ama-metrics-reader',
  'ClusterRoleBinding/ama-metrics-clusterrolebinding',
  'ServiceAccount/ama-metrics-ksm',
  'ClusterRole/ama-metrics-ksm',
  'ClusterRoleBinding/ama-metrics-ksm',
];
const WORKLOADS = [
  'Deployment/ama-metrics-ksm',
  'Service/ama-metrics-ksm',
  'Deployment/ama-metrics-operator-targets',
  'Service/ama-metrics-operator-targets',
  'Deployment/ama-metrics',
  'HorizontalPodAutoscaler/ama-metrics-hpa',
  'PodDisruptionBudget/ama-metrics-pdb',
  'DaemonSet/ama-metrics-node',
];
const inventory = (objs: KubeObject[]): string[] => objs.map((o) => `${o.kind}/${o.metadata.name}`);

describe('inventory and apply order (NOTES §2.2)', () => {
  test('AKS, Linux only', () => {
    expect(inventory(render('aks'))).toEqual([...CRDS, ...RBAC, ...WORKLOADS]);
  });
  test('AKS with Windows nodes adds ama-metrics-win-node', () => {
    expect(inventory(render('aks', AKS_WIN))).toEqual([...CRDS, ...RBAC, ...WORKLOADS, 'DaemonSet/ama-metrics-win-node']);
  });
  test('Arc: the identity request after the RBAC, and no Windows DaemonSet even with Windows nodes (§2.6, §2.12)', () => {
    for (const d of ['generic', 'openshift', 'aks-azure-local']) {
      expect(inventory(render(d, AKS_WIN))).toEqual([...CRDS, ...RBAC, 'AzureClusterIdentityRequest/ama-metrics-clusteridentityrequest', ...WORKLOADS]);
    }
    const cir = find(render('k3s'), 'AzureClusterIdentityRequest', 'ama-metrics-clusteridentityrequest');
    expect(cir).toEqual({
      apiVersion: 'clusterconfig.azure.com/v1beta1',
      kind: 'AzureClusterIdentityRequest',
      metadata: { name: 'ama-metrics-clusteridentityrequest', namespace: 'azure-arc', labels: COMMON_LABELS },
      spec: { audience: 'https://monitor.azure.com/' },
    });
    expect(checkObjectMeta(cir, { namespaced: true })).toEqual([]);
  });
  test('no node-exporter is rendered anywhere (AKS ships its own; the Arc dependent chart is out of scope)', () => {
    for (const d of DISTRIBUTIONS) expect(inventory(render(d)).filter((n) => /node-exporter/.test(n))).toEqual([]);
  });
});

describe('labels and schema of every object', () => {
  const ALL: Array<[string, Case]> = [
    ...DISTRIBUTIONS.map((d): [string, Case] => [d, {}]),
    ['aks', AKS_WIN],
    ['aks', { cluster: { kubernetesVersion: '1.26' }, settings: KSM_SETTINGS }],
    ['generic', { cluster: { kubernetesVersion: '1.37.1' }, settings: KSM_SETTINGS }],
  ];

  test.each(ALL)('%s %j: valid against the Kubernetes schema; CIR metadata valid', (d, c) => {
    const objs = render(d, c);
    expect(validateKubernetesObjects(objs.filter((o) => isBuiltInKind(o)))).toEqual([]);
    for (const o of objs.filter((x) => !isBuiltInKind(x))) {
      expect(o.kind).toBe('AzureClusterIdentityRequest');
      expect(checkObjectMeta(o, { namespaced: true })).toEqual([]);
    }
    // Plain JSON, deterministic.
    expect(JSON.parse(JSON.stringify(objs))).toEqual(objs);
    expect(render(d, c)).toEqual(objs);
  });

  test('the schema check can fail: an unknown container field and a wrong type are reported', () => {
    const ds = find(render('aks'), 'DaemonSet', 'ama-metrics-node');
    const broken = JSON.parse(JSON.stringify(ds));
    broken.spec.template.spec.containers[0].privilegedMode = true;
    broken.spec.template.spec.containers[0].livenessProbe.periodSeconds = 'often';
    const errors = validateKubernetesObjects([broken]).join('\n');
    expect(errors).toMatch(/unknown field \/spec\/template\/spec\/containers\/0\/privilegedMode/);
    expect(errors).toMatch(/periodSeconds/);
  });

  test('every volume mount names a volume of its pod, every volume is mounted, mount paths are unique per container', () => {
    for (const d of ['aks', 'k3s', 'aks-edge-essentials-k3s']) {
      for (const [where, spec] of podSpecs(render(d, d === 'aks' ? AKS_WIN : {}))) {
        const volumes = (spec.volumes ?? []).map((v: Obj) => v.name);
        const mounted = new Set<string>();
        for (const c of spec.containers as Obj[]) {
          const paths = (c.volumeMounts ?? []).map((v: Obj) => v.mountPath);
          expect([where, c.name, new Set(paths).size]).toEqual([where, c.name, paths.length]);
          for (const v of c.volumeMounts ?? []) {
            expect([where, c.name, v.name, volumes.includes(v.name), v.mountPath.startsWith('/')]).toEqual([where, c.name, v.name, true, true]);
            mounted.add(v.name);
          }
        }
        expect([where, volumes.filter((v: string) => !mounted.has(v))]).toEqual([where, []]);
      }
    }
  });

  test('COMMON_LABELS on every object, never in a selector or in pod template labels', () => {
    for (const d of ['aks', 'openshift']) {
      const objs = render(d, AKS_WIN);
      for (const o of objs as Obj[]) {
        expect(o.metadata.labels).toMatchObject(COMMON_LABELS);
        const json = JSON.stringify([o.spec?.selector, o.spec?.template?.metadata, o.spec?.template?.spec?.topologySpreadConstraints]);
        for (const k of Object.keys(COMMON_LABELS)) expect(json).not.toContain(k);
      }
      // Selectors select the pod template labels, and the Services and PDB select pods that exist.
      for (const o of objs.filter((x) => x.kind === 'Deployment' || x.kind === 'DaemonSet') as Obj[]) {
        expect(o.spec.template.metadata.labels).toMatchObject(o.spec.selector.matchLabels);
      }
      const podLabels = objs.filter((x) => x.kind === 'Deployment').map((x) => (x as Obj).spec.template.metadata.labels);
      for (const s of objs.filter((x) => x.kind === 'Service') as Obj[]) expect(podLabels.some((l) => Object.entries(s.spec.selector).every(([k, v]) => l[k] === v))).toBe(true);
      expect(podLabels).toContainEqual(expect.objectContaining(find(objs, 'PodDisruptionBudget', 'ama-metrics-pdb').spec.selector.matchLabels));
    }
  });

  test('upstream labels per object (§2.2, §2.4-§2.9)', () => {
    const objs = render('aks', AKS_WIN);
    const labels = (kind: string, name: string): Obj => {
      const { 'app.kubernetes.io/managed-by': _ours, ...rest } = find(objs, kind, name).metadata.labels;
      return rest;
    };
    expect(labels('Deployment', 'ama-metrics')).toEqual({
      'component': 'ama-metrics',
      'kubernetes.azure.com/managedby': 'aks',
      'app.kubernetes.io/name': 'ama-metrics',
      'app.kubernetes.io/version': TAG,
      'app.kubernetes.io/part-of': 'azure-monitor-metrics-addon',
      'app.kubernetes.io/component': 'ama-metrics-deployment',
    });
    expect(labels('DaemonSet', 'ama-metrics-node')).toMatchObject({ 'app.kubernetes.io/name': 'ama-metrics-node', 'app.kubernetes.io/component': 'ama-metrics-daemonset' });
    expect(labels('DaemonSet', 'ama-metrics-win-node')).toEqual({ 'component': 'ama-metrics', 'kubernetes.azure.com/managedby': 'aks' });
    expect(labels('Deployment', 'ama-metrics-operator-targets')).toEqual({ 'component': 'ama-metrics-operator-targets', 'kubernetes.azure.com/managedby': 'aks' });
    expect(labels('Service', 'ama-metrics-operator-targets')).toEqual({ 'component': 'ama-metrics-operator-targets', 'kubernetes.azure.com/managedby': 'aks' });
    expect(labels('HorizontalPodAutoscaler', 'ama-metrics-hpa')).toEqual({ 'component': 'ama-metrics-hpa', 'kubernetes.azure.com/managedby': 'aks' });
    expect(labels('PodDisruptionBudget', 'ama-metrics-pdb')).toEqual({ 'component': 'ama-metrics-pdb', 'kubernetes.azure.com/managedby': 'aks' });
    const ksm = {
      'app.kubernetes.io/component': 'ama-metrics',
      'app.kubernetes.io/name': 'ama-metrics-ksm',
      'app.kubernetes.io/part-of': 'ama-metrics-ksm',
      'app.kubernetes.io/version': '2.19.0',
      'helm.sh/chart': 'azure-monitor-metrics-addon-0.1.0',
    };
    for (const kind of ['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Service']) expect(labels(kind, 'ama-metrics-ksm')).toEqual(ksm);
    expect(labels('Deployment', 'ama-metrics-ksm')).toEqual({ ...ksm, 'kubernetes.azure.com/managedby': 'aks' });
    expect(find(objs, 'Deployment', 'ama-metrics-ksm').spec.template.metadata.labels).toEqual(ksm);
    // The workloads carry the managed-by label also on Arc (§2.2).
    const arc = render('k3s');
    for (const o of arc.filter((x) => ['Deployment', 'DaemonSet'].includes(x.kind)) as Obj[]) {
      expect(o.metadata.labels['kubernetes.azure.com/managedby']).toBe('aks');
      if (o.metadata.name !== 'ama-metrics-ksm') expect(o.spec.template.metadata.labels['kubernetes.azure.com/managedby']).toBe('aks');
    }
  });
});

// -------------------------------------------------------------------------------------------------
// The collector Deployment (§2.4)
// -------------------------------------------------------------------------------------------------

const FIELD = (fieldPath: string) => ({ fieldRef: { fieldPath } });
const LIMIT = (resource: string, divisor: string) => ({ resourceFieldRef: { containerName: 'prometheus-collector', resource, divisor } });
const POD_FACTS: Array<[string, unknown]> = [
  ['NODE_IP', FIELD('status.hostIP')],
  ['NODE_NAME', FIELD('spec.nodeName')],
  ['POD_NAME', FIELD('metadata.name')],
  ['POD_NAMESPACE', FIELD('metadata.namespace')],
  ['CONTAINER_CPU_LIMIT', LIMIT('limits.cpu', '1m')],
  ['CONTAINER_MEMORY_LIMIT', LIMIT('limits.memory', '1Mi')],
  ['KUBE_STATE_NAME', 'ama-metrics-ksm'],
  ['NODE_EXPORTER_NAME', ''],
];

describe('ama-metrics Deployment', () => {
  test('AKS: env in upstream order (§2.4)', () => {
    const rs = find(render('aks'), 'Deployment', 'ama-metrics');
    expect(envOf(container(rs, 'prometheus-collector'))).toEqual([
      ['CLUSTER', clusterIdOf('aks')],
      ['AKSREGION', 'westeurope'],
      ['MAC', 'true'],
      ['AZMON_COLLECT_ENV', 'false'],
      ['AZMON_OPERATOR_ENABLED', 'true'],
      ['AZMON_COLLECTOR_HPA_ENABLED', 'true'],
      ['customEnvironment', 'azurepubliccloud'],
      ['OMS_TLD', 'opinsights.azure.com'],
      ['CONTROLLER_TYPE', 'ReplicaSet'],
      ...POD_FACTS,
      ['NODE_EXPORTER_TARGETPORT', '19100'],
      ['KUBE_STATE_VERSION', KSM_IMAGE],
      ['OPERATOR_TARGETS_TA_IMG_VERSION', `${TAG}-targetallocator`],
      ['OPERATOR_TARGETS_CFG_READER_IMG_VERSION', `${TAG}-cfg`],
      ['OPERATOR_TARGETS_HTTPS_ENABLED', 'true'],
      ['ENDPOINT_FQDN', ''],
      ['NODE_EXPORTER_VERSION', ''],
      ['AGENT_VERSION', TAG],
      ['MODE', 'advanced'],
      ['WINMODE', 'advanced'],
      ['MINIMAL_INGESTION_PROFILE', 'true'],
      ['AMCS_CLIENT_INSTALL_ID_OVERRIDE', FIELD('metadata.uid')],
    ]);
  });

  test('Arc: node-exporter 9110/1.8.2, HPA flag false, the Arc telemetry variables from the profile (§2.1, §2.4)', () => {
    const env = (d: string) => new Map(envOf(container(find(render(d), 'Deployment', 'ama-metrics'), 'prometheus-collector')));
    const k3s = env('k3s');
    expect(k3s.get('CLUSTER')).toBe(clusterIdOf('k3s'));
    expect([k3s.get('NODE_EXPORTER_TARGETPORT'), k3s.get('NODE_EXPORTER_VERSION'), k3s.get('AZMON_COLLECTOR_HPA_ENABLED')]).toEqual(['9110', '1.8.2', 'false']);
    const names = [...k3s.keys()];
    expect(names.slice(names.indexOf('MINIMAL_INGESTION_PROFILE'))).toEqual([
      'MINIMAL_INGESTION_PROFILE', 'IS_ARC_EXTENSION', 'ARC_DISTRIBUTION', 'MOUNT_MARINER_CERTS', 'MOUNT_UBUNTU_CERTS', 'AMCS_CLIENT_INSTALL_ID_OVERRIDE',
    ]);
    expect([k3s.get('IS_ARC_EXTENSION'), k3s.get('ARC_DISTRIBUTION'), k3s.get('MOUNT_MARINER_CERTS'), k3s.get('MOUNT_UBUNTU_CERTS')]).toEqual(['true', 'k3s', 'true', 'true']);
    for (const d of DISTRIBUTIONS.filter((x) => profileOf(x).onboarding === 'arc-extension')) {
      expect(env(d).get('ARC_DISTRIBUTION')).toBe(profileOf(d).arcDistribution);
      expect(env(d).get('MOUNT_UBUNTU_CERTS')).toBe(String(profileOf(d).mountUbuntuCaDir));
    }
    expect(env('aks-edge-essentials-k3s').get('MOUNT_UBUNTU_CERTS')).toBe('false');
    expect(env('aks').has('IS_ARC_EXTENSION')).toBe(false);
  });

  test('container: image, resources, security context, probe; no replicas (the HPA owns them)', () => {
    const rs = find(render('aks'), 'Deployment', 'ama-metrics');
    const c = container(rs, 'prometheus-collector');
    expect(c.image).toBe(COLLECTOR_IMAGE);
    expect(c.imagePullPolicy).toBe('IfNotPresent');
    expect(c.resources).toEqual({ limits: { cpu: '7', memory: '14Gi' }, requests: { cpu: '150m', memory: '500Mi' } });
    expect(c.securityContext).toEqual({ privileged: false, capabilities: { drop: ['ALL'], add: ['DAC_OVERRIDE'] } });
    expect(c.livenessProbe).toEqual({ httpGet: { path: '/health', port: 8080 }, initialDelaySeconds: 120, periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 3 });
    expect(c).not.toHaveProperty('envFrom');
    expect(rs.spec).not.toHaveProperty('replicas');
    expect(rs.spec).toMatchObject({ revisionHistoryLimit: 2, strategy: { type: 'RollingUpdate' }, selector: { matchLabels: { rsName: 'ama-metrics' } } });
    expect(rs.spec.template.metadata).toEqual({
      labels: { 'rsName': 'ama-metrics', 'kubernetes.azure.com/managedby': 'aks' },
      annotations: { 'agentVersion': '0.0.0.1', 'schema-versions': 'v1', 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' },
    });
    expect(podSpec(rs)).toMatchObject({ priorityClassName: 'system-node-critical', serviceAccountName: 'ama-metrics-serviceaccount' });
    expect(podSpec(rs).containers.map((x: Obj) => x.name)).toEqual(['prometheus-collector', 'addon-token-adapter']);
  });

  test('volumes and mounts: AKS mounts both CA directories; Arc per profile; no proxy cert (not modelled)', () => {
    const volumes = (d: string) => {
      const rs = find(render(d), 'Deployment', 'ama-metrics');
      const mounts = Object.fromEntries(container(rs, 'prometheus-collector').volumeMounts.map((v: Obj) => [v.name, [v.mountPath, v.readOnly]]));
      return { volumes: podSpec(rs).volumes as Obj[], mounts };
    };
    const aks = volumes('aks');
    expect(aks.volumes).toEqual([
      { name: 'settings-vol-config', configMap: { name: 'ama-metrics-settings-configmap', optional: true } },
      { name: 'prometheus-config-vol', configMap: { name: 'ama-metrics-prometheus-config', optional: true } },
      { name: 'host-log-containers', hostPath: { path: '/var/log/containers' } },
      { name: 'host-log-pods', hostPath: { path: '/var/log/pods' } },
      { name: 'ama-metrics-tls-secret-volume', secret: { secretName: 'ama-metrics-mtls-secret', optional: true } },
      { name: 'ama-metrics-operator-targets-client-tls-secret-volume', secret: { secretName: 'ama-metrics-operator-targets-client-tls-secret', optional: true } },
      { name: 'anchors-mariner', hostPath: { path: '/etc/pki/ca-trust/source/anchors/', type: 'DirectoryOrCreate' } },
      { name: 'anchors-ubuntu', hostPath: { path: '/usr/local/share/ca-certificates/', type: 'DirectoryOrCreate' } },
    ]);
    expect(aks.mounts).toEqual({
      'settings-vol-config': ['/etc/config/settings', true],
      'prometheus-config-vol': ['/etc/config/settings/prometheus', true],
      'ama-metrics-tls-secret-volume': ['/etc/prometheus/certs', true],
      'ama-metrics-operator-targets-client-tls-secret-volume': ['/etc/operator-targets/client/certs', true],
      'host-log-containers': ['/var/log/containers', true],
      'host-log-pods': ['/var/log/pods', true],
      'anchors-mariner': ['/anchors/mariner', true],
      'anchors-ubuntu': ['/anchors/ubuntu', true],
    });
    expect(volumes('k3s')).toEqual(aks);
    const edge = volumes('aks-edge-essentials-k8s');
    expect(edge.volumes.map((v) => v.name)).not.toContain('anchors-ubuntu');
    expect(Object.keys(edge.mounts)).not.toContain('anchors-ubuntu');
    expect(edge.volumes.map((v) => v.name)).toContain('anchors-mariner');
  });

  test('scheduling: AKS affinity and tolerations; Arc drops the AKS node term and tolerates NoExecute plus the profile\'s control-plane taints', () => {
    const aks = podSpec(find(render('aks'), 'Deployment', 'ama-metrics'));
    expect(aks.affinity).toEqual({
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, preference: { matchExpressions: [{ key: 'kubernetes.azure.com/mode', operator: 'In', values: ['system'] }] } },
          { weight: 50, preference: { matchExpressions: [{ key: 'azuremonitor/metrics.replica.preferred', operator: 'In', values: ['true'] }] } },
        ],
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{
            matchExpressions: [
              { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
              { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] },
              { key: 'kubernetes.azure.com/cluster', operator: 'Exists' },
            ],
          }],
        },
      },
    });
    expect(aks.topologySpreadConstraints).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone'].map((topologyKey) => ({
      maxSkew: 1, topologyKey, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { rsName: 'ama-metrics' } },
    })));
    expect(aks.tolerations).toEqual([{ key: 'CriticalAddonsOnly', operator: 'Exists' }]);
    expect(aks).not.toHaveProperty('nodeSelector');

    const arc = podSpec(find(render('generic'), 'Deployment', 'ama-metrics'));
    expect(arc.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions.map((e: Obj) => e.key)).toEqual(['kubernetes.io/os', 'type']);
    const controlPlane = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'].flatMap((key) =>
      ['NoSchedule', 'NoExecute', 'PreferNoSchedule'].map((effect) => ({ key, operator: 'Exists', effect })));
    expect(arc.tolerations).toEqual([{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { operator: 'Exists', effect: 'NoExecute' }, ...controlPlane]);
    // OpenShift's profile adds its infra role.
    expect(podSpec(find(render('openshift'), 'Deployment', 'ama-metrics')).tolerations).toEqual(
      [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { operator: 'Exists', effect: 'NoExecute' }, ...profileOf('openshift').defaultTolerations]);
  });

  test('identity sidecar: AKS token adapter on 7777; Arc msi-adapter; privileged only on OpenShift (§2.4)', () => {
    const aks = container(find(render('aks'), 'Deployment', 'ama-metrics'), 'addon-token-adapter');
    expect(aks).toMatchObject({
      image: 'mcr.microsoft.com/aks/msi/addon-token-adapter:master.260209.2',
      args: [
        '--secret-namespace=kube-system',
        '--secret-name=aad-msi-auth-token',
        '--token-server-listening-port=7777',
        '--health-server-listening-port=9999',
        '--restart-pod-waiting-minutes-on-broken-connection=240',
      ],
      resources: { limits: { cpu: '500m', memory: '500Mi' }, requests: { cpu: '20m', memory: '30Mi' } },
      securityContext: { capabilities: { drop: ['ALL'], add: ['NET_ADMIN', 'NET_RAW'] } },
      livenessProbe: { httpGet: { path: '/healthz', port: 9999 }, initialDelaySeconds: 10, periodSeconds: 60 },
    });
    for (const [d, sc] of [['k3s', { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } }], ['openshift', { privileged: true }]] as const) {
      const rs = find(render(d), 'Deployment', 'ama-metrics');
      const names = podSpec(rs).containers.map((x: Obj) => x.name);
      const sidecar = podSpec(rs).containers[1];
      expect(names[0]).toBe('prometheus-collector');
      expect(sidecar.image).toBe('mcr.microsoft.com/azurearck8s/msi-adapter:1.29.3');
      expect(sidecar.securityContext).toEqual(sc);
    }
  });
});

// -------------------------------------------------------------------------------------------------
// The DaemonSets (§2.5, §2.6)
// -------------------------------------------------------------------------------------------------

describe('ama-metrics-node DaemonSet', () => {
  test('env: the collector\'s without the cluster-level variables, controller DaemonSet, app monitoring off (§2.5)', () => {
    const c = container(find(render('aks', { settings: KSM_SETTINGS }), 'DaemonSet', 'ama-metrics-node'), 'prometheus-collector');
    expect(envOf(c)).toEqual([
      ['CLUSTER', clusterIdOf('aks')],
      ['AKSREGION', 'westeurope'],
      ['MAC', 'true'],
      ['AZMON_COLLECT_ENV', 'false'],
      ['customEnvironment', 'azurepubliccloud'],
      ['OMS_TLD', 'opinsights.azure.com'],
      ['CONTROLLER_TYPE', 'DaemonSet'],
      ...POD_FACTS,
      ['NODE_EXPORTER_TARGETPORT', '19100'],
      ['KUBE_STATE_VERSION', KSM_IMAGE],
      ['NODE_EXPORTER_VERSION', ''],
      ['AGENT_VERSION', TAG],
      ['MODE', 'advanced'],
      ['WINMODE', 'advanced'],
      ['MINIMAL_INGESTION_PROFILE', 'true'],
      ['APPMONITORING_AUTOINSTRUMENTATION_ENABLED', 'false'],
      ['APPMONITORING_OPENTELEMETRYMETRICS_ENABLED', 'false'],
      ['APPMONITORING_OPENTELEMETRYMETRICS_PORT', '28333'],
      ['APPMONITORING_OPENTELEMETRYMETRICS_PORT_GRPC', '28334'],
      ['AMCS_CLIENT_INSTALL_ID_OVERRIDE', FIELD('metadata.uid')],
    ]);
    const arc = new Map(envOf(container(find(render('k3s'), 'DaemonSet', 'ama-metrics-node'), 'prometheus-collector')));
    expect([arc.get('NODE_EXPORTER_TARGETPORT'), arc.get('NODE_EXPORTER_VERSION'), arc.has('IS_ARC_EXTENSION')]).toEqual(['9110', '1.8.2', false]);
  });

  test('fields: update strategy, probe, resources, node ConfigMap, CA mounts, no TA certs, tolerations AKS vs Arc', () => {
    const ds = find(render('aks'), 'DaemonSet', 'ama-metrics-node');
    expect(ds.spec.selector).toEqual({ matchLabels: { dsName: 'ama-metrics-node' } });
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '50%' } });
    expect(ds.spec.template.metadata).toEqual({
      labels: { 'dsName': 'ama-metrics-node', 'kubernetes.azure.com/managedby': 'aks' },
      annotations: { 'agentVersion': '0.0.0.1', 'schema-versions': 'v1' },
    });
    const c = container(ds, 'prometheus-collector');
    expect(c.image).toBe(COLLECTOR_IMAGE);
    expect(c.resources).toEqual({ limits: { cpu: '200m', memory: '1Gi' }, requests: { cpu: '50m', memory: '150Mi' } });
    expect(c.securityContext).toEqual({ privileged: false, capabilities: { drop: ['ALL'], add: ['DAC_OVERRIDE'] } });
    expect(c.livenessProbe).toEqual({ httpGet: { path: '/health', port: 8080 }, initialDelaySeconds: 60, periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 3 });
    expect(podSpec(ds).volumes.find((v: Obj) => v.name === 'prometheus-config-vol')).toEqual({
      name: 'prometheus-config-vol', configMap: { name: 'ama-metrics-prometheus-config-node', optional: true },
    });
    expect(podSpec(ds).volumes.map((v: Obj) => v.name)).toEqual([
      'settings-vol-config', 'ama-metrics-tls-secret-volume', 'prometheus-config-vol', 'host-log-containers', 'host-log-pods', 'anchors-mariner', 'anchors-ubuntu',
    ]);
    expect(c.volumeMounts.map((v: Obj) => v.mountPath)).toEqual([
      '/etc/config/settings', '/etc/prometheus/certs', '/etc/config/settings/prometheus', '/var/log/containers', '/var/log/pods', '/anchors/mariner', '/anchors/ubuntu',
    ]);
    expect(podSpec(ds)).toMatchObject({ priorityClassName: 'system-node-critical', serviceAccountName: 'ama-metrics-serviceaccount' });
    expect(podSpec(ds).affinity.nodeAffinity).not.toHaveProperty('preferredDuringSchedulingIgnoredDuringExecution');
    const required = podSpec(ds).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
    expect(required.nodeSelectorTerms[0].matchExpressions.map((e: Obj) => e.key)).toEqual(['kubernetes.io/os', 'type', 'kubernetes.azure.com/cluster']);
    const base = [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { operator: 'Exists', effect: 'NoSchedule' }, { operator: 'Exists', effect: 'NoExecute' }];
    expect(podSpec(ds).tolerations).toEqual(base);
    expect(podSpec(find(render('rancher-rke'), 'DaemonSet', 'ama-metrics-node')).tolerations).toEqual([...base, ...profileOf('rancher-rke').defaultTolerations]);
    expect(podSpec(ds).containers.map((x: Obj) => x.name)).toEqual(['prometheus-collector', 'addon-token-adapter']);
    // No t-shirt-size DaemonSets (AKS Automatic is not modelled).
    expect(render('aks').filter((o) => o.kind === 'DaemonSet').map((o) => o.metadata.name)).toEqual(['ama-metrics-node']);
  });
});

describe('ama-metrics-win-node DaemonSet', () => {
  test('rendered only with Windows nodes on a distribution that runs it (AKS)', () => {
    expect(inventory(render('aks'))).not.toContain('DaemonSet/ama-metrics-win-node');
    for (const d of DISTRIBUTIONS.filter((x) => profileOf(x).windowsNodes)) {
      const has = inventory(render(d, AKS_WIN)).includes('DaemonSet/ama-metrics-win-node');
      expect([d, has]).toEqual([d, profileOf(d).windowsMetricsAgent]);
    }
  });

  test('fields (§2.6)', () => {
    const ds = find(render('aks', AKS_WIN), 'DaemonSet', 'ama-metrics-win-node');
    expect(ds.spec.selector).toEqual({ matchLabels: { dsName: 'ama-metrics-win-node' } });
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '50%' } });
    const c = container(ds, 'prometheus-collector');
    expect(c.image).toBe(`${COLLECTOR_IMAGE}-win`);
    expect(c.resources).toEqual({ limits: { cpu: '500m', memory: '1Gi' } });
    expect(c.livenessProbe).toEqual({ httpGet: { path: '/health', port: 8080 }, initialDelaySeconds: 300, periodSeconds: 60, timeoutSeconds: 60, failureThreshold: 3 });
    expect(envValue(c, 'CONTROLLER_TYPE')).toBe('DaemonSet');
    expect(envValue(c, 'NODE_EXPORTER_TARGETPORT')).toBe('19100');
    // The variable names the KSM image (upstream's chart slip leaves it ending in ":", §2.6).
    expect(envValue(c, 'KUBE_STATE_VERSION')).toBe(KSM_IMAGE);
    expect(podSpec(ds).volumes).toEqual([
      { name: 'settings-vol-config', configMap: { name: 'ama-metrics-settings-configmap', optional: true } },
      { name: 'prometheus-config-vol', configMap: { name: 'ama-metrics-prometheus-config-node-windows', optional: true } },
      { name: 'host-log-containers', hostPath: { path: '/var/log/containers' } },
      { name: 'host-log-pods', hostPath: { path: '/var/log/pods' } },
      { name: 'ama-metrics-tls-secret-volume', secret: { secretName: 'ama-metrics-mtls-secret', optional: true } },
    ]);
    expect(podSpec(ds).affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['windows'] }, { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] }] }],
        },
      },
    });
    expect(podSpec(ds).tolerations).toEqual([
      { key: 'CriticalAddonsOnly', operator: 'Exists' }, { operator: 'Exists', effect: 'NoExecute' }, { operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(podSpec(ds).priorityClassName).toBe('system-node-critical');
    expect(container(ds, 'addon-token-adapter-win')).toMatchObject({
      command: ['addon-token-adapter-win'],
      resources: { limits: { cpu: '250m', memory: '500Mi' }, requests: { cpu: '100m', memory: '100Mi' } },
      securityContext: { capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] } },
    });
  });
});

// -------------------------------------------------------------------------------------------------
// Target allocator (§2.7)
// -------------------------------------------------------------------------------------------------

describe('ama-metrics-operator-targets', () => {
  test('Deployment fields', () => {
    const ta = find(render('aks', { cluster: { kubernetesVersion: '1.33.2' } }), 'Deployment', 'ama-metrics-operator-targets');
    expect(ta.spec).toMatchObject({
      progressDeadlineSeconds: 600,
      replicas: 1,
      revisionHistoryLimit: 2,
      selector: { matchLabels: { 'rsName': 'ama-metrics-operator-targets', 'kubernetes.azure.com/managedby': 'aks' } },
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
    });
    expect(podSpec(ta)).toMatchObject({
      priorityClassName: 'system-cluster-critical',
      serviceAccountName: 'ama-metrics-serviceaccount',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }],
    });
    expect(podSpec(ta).affinity).toEqual(podSpec(find(render('aks'), 'Deployment', 'ama-metrics')).affinity);
    expect(podSpec(ta)).not.toHaveProperty('topologySpreadConstraints');
    const t = container(ta, 'targetallocator');
    expect(t).toMatchObject({
      args: ['--enable-prometheus-cr-watcher'],
      image: `${COLLECTOR_IMAGE}-targetallocator`,
      ports: [{ containerPort: 8081, name: 'health-ta' }, { containerPort: 8080, name: 'http' }, { containerPort: 8443, name: 'https' }],
      resources: { limits: { cpu: '5', memory: '8Gi' }, requests: { cpu: '10m', memory: '50Mi' } },
      securityContext: { capabilities: { drop: ['ALL'] } },
      livenessProbe: { httpGet: { path: '/health-ta', port: 8081 }, initialDelaySeconds: 60, periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 3 },
    });
    expect(envOf(t)).toEqual([
      ['OTELCOL_NAMESPACE', 'kube-system'],
      ['NODE_IP', FIELD('status.hostIP')],
      ['NODE_NAME', FIELD('spec.nodeName')],
      ['CLUSTER', clusterIdOf('aks')],
      ['PROMETHEUS_OPERATOR_V1_CUSTOM_GROUP', 'azmonitoring.coreos.com'],
      ['AGENT_VERSION', `${TAG}-targetallocator`],
    ]);
    expect(t.volumeMounts).toEqual([
      { mountPath: '/conf', name: 'ta-config-shared' },
      { mountPath: '/etc/operator-targets/server/certs', name: 'ama-metrics-operator-targets-server-tls-secret-volume', readOnly: true },
    ]);
    const r = container(ta, 'config-reader');
    expect(r).toMatchObject({
      image: `${COLLECTOR_IMAGE}-cfg`,
      ports: [{ containerPort: 8081, name: 'health' }],
      resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1m', memory: '10Mi' } },
      securityContext: { capabilities: { drop: ['ALL'] } },
      livenessProbe: { httpGet: { path: '/health', port: 8081 }, initialDelaySeconds: 120 },
    });
    expect(envOf(r)).toEqual([
      ['CLUSTER', clusterIdOf('aks')],
      ['AKSREGION', 'westeurope'],
      ['NODE_IP', FIELD('status.hostIP')],
      ['NODE_NAME', FIELD('spec.nodeName')],
      ['POD_NAME', FIELD('metadata.name')],
      ['POD_NAMESPACE', 'kube-system'],
      ['CONTAINER_TYPE', 'ConfigReaderSidecar'],
      ['MODE', 'advanced'],
      ['MAC', 'true'],
      ['AZMON_COLLECT_ENV', 'false'],
      ['KUBE_STATE_NAME', 'ama-metrics-ksm'],
      ['NODE_EXPORTER_NAME', ''],
      ['NODE_EXPORTER_TARGETPORT', '19100'],
      ['customEnvironment', 'azurepubliccloud'],
      ['WINMODE', ''],
      ['MINIMAL_INGESTION_PROFILE', 'true'],
      ['AGENT_VERSION', `${TAG}-cfg`],
      ['KUBE_VERSION', '1.33.2'],
      ['OPERATOR_TARGETS_HTTPS_ENABLED', 'true'],
    ]);
    expect(Object.fromEntries(r.volumeMounts.map((v: Obj) => [v.name, v.mountPath]))).toEqual({
      'settings-vol-config': '/etc/config/settings',
      'ama-metrics-tls-secret-volume': '/etc/prometheus/certs',
      'prometheus-config-vol': '/etc/config/settings/prometheus',
      'ta-config-shared': '/ta-configuration',
      'ama-metrics-operator-targets-client-tls-secret-volume': '/etc/operator-targets/client/certs',
      'ama-metrics-operator-targets-server-tls-secret-volume': '/etc/operator-targets/server/certs',
    });
    expect(podSpec(ta).volumes).toEqual([
      { name: 'settings-vol-config', configMap: { name: 'ama-metrics-settings-configmap', optional: true } },
      { name: 'prometheus-config-vol', configMap: { name: 'ama-metrics-prometheus-config', optional: true } },
      { name: 'ama-metrics-tls-secret-volume', secret: { secretName: 'ama-metrics-mtls-secret', optional: true } },
      { name: 'ta-config-shared', emptyDir: {} },
      { name: 'ama-metrics-operator-targets-client-tls-secret-volume', secret: { secretName: 'ama-metrics-operator-targets-client-tls-secret', optional: true } },
      { name: 'ama-metrics-operator-targets-server-tls-secret-volume', secret: { secretName: 'ama-metrics-operator-targets-server-tls-secret', optional: true } },
    ]);
  });

  test('KUBE_VERSION empty when the version is unknown; Arc: 9110, DAC_OVERRIDE on the reader, NoExecute/PreferNoSchedule tolerations', () => {
    expect(envValue(container(find(render('aks'), 'Deployment', 'ama-metrics-operator-targets'), 'config-reader'), 'KUBE_VERSION')).toBe('');
    const ta = find(render('k3s'), 'Deployment', 'ama-metrics-operator-targets');
    const r = container(ta, 'config-reader');
    expect(r.securityContext).toEqual({ capabilities: { drop: ['ALL'], add: ['DAC_OVERRIDE'] } });
    expect(container(ta, 'targetallocator').securityContext).toEqual({ capabilities: { drop: ['ALL'] } });
    expect(envValue(r, 'NODE_EXPORTER_TARGETPORT')).toBe('9110');
    expect(podSpec(ta).tolerations).toEqual([
      { key: 'CriticalAddonsOnly', operator: 'Exists' }, { operator: 'Exists', effect: 'NoExecute' }, { operator: 'Exists', effect: 'PreferNoSchedule' },
    ]);
  });

  test('Service (§2.7)', () => {
    const svc = find(render('aks'), 'Service', 'ama-metrics-operator-targets');
    expect(svc.spec).toEqual({
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [
        { name: 'targetallocation', port: 80, protocol: 'TCP', targetPort: 8080 },
        { name: 'targetallocation-https', port: 443, protocol: 'TCP', targetPort: 8443 },
      ],
      selector: { rsName: 'ama-metrics-operator-targets' },
      sessionAffinity: 'None',
      type: 'ClusterIP',
    });
  });
});

// -------------------------------------------------------------------------------------------------
// kube-state-metrics (§2.9)
// -------------------------------------------------------------------------------------------------

describe('ama-metrics-ksm', () => {
  const COLLECTORS = 'certificatesigningrequests,configmaps,cronjobs,daemonsets,deployments,endpoints,horizontalpodautoscalers,ingresses,jobs,leases,' +
    'limitranges,mutatingwebhookconfigurations,namespaces,networkpolicies,nodes,persistentvolumeclaims,persistentvolumes,poddisruptionbudgets,pods,' +
    'replicasets,replicationcontrollers,resourcequotas,secrets,services,statefulsets,storageclasses,validatingwebhookconfigurations,volumeattachments';

  test('args without and with allow lists from managedPrometheus.settings.ksmConfig; the collector env carries them too', () => {
    const plain = container(find(render('aks'), 'Deployment', 'ama-metrics-ksm'), 'ama-metrics-ksm');
    expect(plain.args).toEqual(['--port=8080', '--config=/etc/config/settings/ksm-config', '--continue-without-config=true', `--resources=${COLLECTORS}`, '--telemetry-port=8081']);
    const objs = render('aks', { settings: KSM_SETTINGS });
    const withLists = container(find(objs, 'Deployment', 'ama-metrics-ksm'), 'ama-metrics-ksm');
    expect(withLists.args).toEqual([
      '--port=8080',
      '--config=/etc/config/settings/ksm-config',
      '--continue-without-config=true',
      `--resources=${COLLECTORS}`,
      '--metric-labels-allowlist=pods=[app,team],namespaces=[*]',
      '--metric-annotations-allowlist=pods=[kubernetes.io/team]',
      '--telemetry-port=8081',
    ]);
    const rs = container(find(objs, 'Deployment', 'ama-metrics'), 'prometheus-collector');
    const names = envOf(rs).map(([n]) => n);
    expect(names.slice(names.indexOf('KUBE_STATE_VERSION'), names.indexOf('OPERATOR_TARGETS_TA_IMG_VERSION'))).toEqual([
      'KUBE_STATE_VERSION', 'KUBE_STATE_METRIC_LABELS_ALLOWLIST', 'KUBE_STATE_METRIC_ANNOTATIONS_ALLOWLIST',
    ]);
    expect([envValue(rs, 'KUBE_STATE_METRIC_LABELS_ALLOWLIST'), envValue(rs, 'KUBE_STATE_METRIC_ANNOTATIONS_ALLOWLIST')]).toEqual([
      'pods=[app,team],namespaces=[*]', 'pods=[kubernetes.io/team]',
    ]);
    // Only the labels list: only its flag.
    const labelsOnly = container(find(render('k3s', { settings: { ksmConfig: { labelsAllowList: { nodes: ['*'] } } } }), 'Deployment', 'ama-metrics-ksm'), 'ama-metrics-ksm');
    expect(labelsOnly.args.filter((a: string) => a.startsWith('--metric-'))).toEqual(['--metric-labels-allowlist=nodes=[*]']);
  });

  test('Deployment fields; AKS schedules by affinity, Arc by a Linux node selector', () => {
    const ksm = find(render('aks'), 'Deployment', 'ama-metrics-ksm');
    expect(ksm.spec).toMatchObject({ replicas: 1, revisionHistoryLimit: 2, selector: { matchLabels: { 'app.kubernetes.io/name': 'ama-metrics-ksm' } } });
    expect(ksm.spec.template.metadata.annotations).toEqual({ 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' });
    const spec = podSpec(ksm);
    expect(spec).toMatchObject({
      priorityClassName: 'system-node-critical',
      hostNetwork: false,
      serviceAccountName: 'ama-metrics-ksm',
      securityContext: { fsGroup: 65534, runAsGroup: 65534, runAsUser: 65534 },
      tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }],
      volumes: [{ name: 'settings-vol-config', configMap: { name: 'ama-metrics-settings-configmap', optional: true } }],
    });
    expect(spec).not.toHaveProperty('nodeSelector');
    expect(spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution).toEqual([
      { weight: 100, preference: { matchExpressions: [{ key: 'kubernetes.azure.com/mode', operator: 'In', values: ['system'] }] } },
    ]);
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions.map((e: Obj) => e.key))
      .toEqual(['kubernetes.io/os', 'type', 'kubernetes.azure.com/cluster']);
    const c = container(ksm, 'ama-metrics-ksm');
    expect(c).toMatchObject({
      image: KSM_IMAGE,
      imagePullPolicy: 'IfNotPresent',
      env: [{ name: 'AZMON_COLLECT_ENV', value: 'false' }],
      resources: { limits: { cpu: '1', memory: '5Gi' }, requests: { cpu: '5m', memory: '50Mi' } },
      securityContext: { capabilities: { drop: ['ALL'] } },
      volumeMounts: [{ mountPath: '/etc/config/settings', name: 'settings-vol-config', readOnly: true }],
      ports: [{ containerPort: 8080, name: 'http' }],
      livenessProbe: { httpGet: { path: '/livez', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 5, timeoutSeconds: 5 },
      readinessProbe: { httpGet: { path: '/readyz', port: 8081, scheme: 'HTTP' }, initialDelaySeconds: 5, timeoutSeconds: 5 },
    });
    const arc = podSpec(find(render('openshift'), 'Deployment', 'ama-metrics-ksm'));
    expect(arc.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(arc).not.toHaveProperty('affinity');
    expect(arc.tolerations).toEqual([{ operator: 'Exists', effect: 'NoExecute' }]);
  });

  test('Service and binding', () => {
    const objs = render('aks');
    expect(find(objs, 'Service', 'ama-metrics-ksm')).toMatchObject({
      metadata: { annotations: { 'prometheus.io/scrape': 'true' } },
      spec: { type: 'ClusterIP', ports: [{ name: 'http', protocol: 'TCP', port: 8080, targetPort: 8080 }], selector: { 'app.kubernetes.io/name': 'ama-metrics-ksm' } },
    });
    expect(find(objs, 'ClusterRoleBinding', 'ama-metrics-ksm')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'ama-metrics-ksm' },
      subjects: [{ kind: 'ServiceAccount', name: 'ama-metrics-ksm', namespace: 'kube-system' }],
    });
    expect(find(objs, 'ClusterRoleBinding', 'ama-metrics-clusterrolebinding')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'ama-metrics-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'ama-metrics-serviceaccount', namespace: 'kube-system' }],
    });
  });
});

// -------------------------------------------------------------------------------------------------
// HPA and PDB (§2.8): the Kubernetes-version gate
// -------------------------------------------------------------------------------------------------

describe('HPA and PDB', () => {
  const hpaMetric = (version?: string) => find(render('aks', version ? { cluster: { kubernetesVersion: version } } : {}), 'HorizontalPodAutoscaler', 'ama-metrics-hpa');
  const pdb = (version?: string) => find(render('aks', version ? { cluster: { kubernetesVersion: version } } : {}), 'PodDisruptionBudget', 'ama-metrics-pdb');
  const target = { type: 'AverageValue', averageValue: '5Gi' };

  test('>= 1.27 and unknown: ContainerResource metric and AlwaysAllow', () => {
    for (const v of ['1.27', '1.33.2', undefined]) {
      expect(hpaMetric(v).spec).toEqual({
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'ama-metrics' },
        minReplicas: 2,
        maxReplicas: 30,
        metrics: [{ type: 'ContainerResource', containerResource: { name: 'memory', container: 'prometheus-collector', target } }],
        behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Pods', value: 1, periodSeconds: 300 }] } },
      });
      expect(pdb(v).spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { rsName: 'ama-metrics' } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    }
  });

  test('< 1.27: Resource metric and no eviction policy; the HPA is rendered on Arc too', () => {
    expect(hpaMetric('1.26.5').spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'memory', target } }]);
    expect(pdb('1.26').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { rsName: 'ama-metrics' } } });
    expect(inventory(render('k3s'))).toContain('HorizontalPodAutoscaler/ama-metrics-hpa');
  });
});

// -------------------------------------------------------------------------------------------------
// RBAC against upstream (§2.10, §2.9)
// -------------------------------------------------------------------------------------------------

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}
type Condition = 'always' | 'arc' | 'secrets-below-1.37';

/** ClusterRole `ama-metrics-reader` as the chart writes it (NOTES §2.10), with each rule's condition. */
const UPSTREAM_READER: Array<[Condition, Rule]> = [
  ['always', { apiGroups: [''], resources: ['pods', 'nodes', 'nodes/stats', 'nodes/metrics', 'namespaces', 'services', 'endpoints', 'ingress'], verbs: ['list', 'get', 'watch'] }],
  ['always', { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['list', 'get', 'watch'] }],
  ['always', { apiGroups: [''], resources: ['secrets'], resourceNames: ['aad-msi-auth-token', 'ama-metrics-mtls-secret'], verbs: ['get', 'watch'] }],
  ['secrets-below-1.37', { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] }],
  ['always', {
    apiGroups: [''],
    resources: ['secrets'],
    resourceNames: ['ama-metrics-operator-targets-client-tls-secret', 'ama-metrics-operator-targets-server-tls-secret'],
    verbs: ['get', 'update'],
  }],
  ['always', { apiGroups: [''], resources: ['secrets'], verbs: ['create'] }],
  ['always', { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] }],
  ['always', { nonResourceURLs: ['/metrics'], verbs: ['get'] }],
  ['arc', { apiGroups: ['clusterconfig.azure.com'], resources: ['azureclusteridentityrequests', 'azureclusteridentityrequests/status'], verbs: ['get', 'update', 'list', 'create'] }],
  ['always', { apiGroups: ['azmonitoring.coreos.com'], resources: ['servicemonitors', 'podmonitors'], verbs: ['*'] }],
  ['always', { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch', 'get'] }],
];

/** ClusterRole `ama-metrics-ksm`: the chart's role template, one list/watch rule per default collector (§2.9). */
const UPSTREAM_KSM: Rule[] = ([
  ['certificatesigningrequests', 'certificates.k8s.io'], ['configmaps', ''], ['cronjobs', 'batch'], ['daemonsets', 'extensions,apps'],
  ['deployments', 'extensions,apps'], ['endpoints', ''], ['horizontalpodautoscalers', 'autoscaling'], ['ingresses', 'extensions,networking.k8s.io'],
  ['jobs', 'batch'], ['leases', 'coordination.k8s.io'], ['limitranges', ''], ['mutatingwebhookconfigurations', 'admissionregistration.k8s.io'],
  ['namespaces', ''], ['networkpolicies', 'networking.k8s.io'], ['nodes', ''], ['persistentvolumeclaims', ''], ['persistentvolumes', ''],
  ['poddisruptionbudgets', 'policy'], ['pods', ''], ['replicasets', 'extensions,apps'], ['replicationcontrollers', ''], ['resourcequotas', ''],
  ['secrets', ''], ['services', ''], ['statefulsets', 'apps'], ['storageclasses', 'storage.k8s.io'],
  ['validatingwebhookconfigurations', 'admissionregistration.k8s.io'], ['volumeattachments', 'storage.k8s.io'],
] as const).map(([resource, groups]) => ({ apiGroups: groups.split(','), resources: [resource], verbs: ['list', 'watch'] }));

const within = (ours: string[] | undefined, theirs: string[] | undefined): boolean =>
  ours === undefined ? theirs === undefined : theirs !== undefined && ours.every((x) => theirs.includes(x));

/** Rules of `ours` that no single upstream rule covers (empty = ours is no wider than upstream). */
function widerThan(ours: Rule[], upstream: Rule[]): Rule[] {
  const covers = (u: Rule, r: Rule): boolean =>
    within(r.apiGroups, u.apiGroups)
    && within(r.resources, u.resources)
    && within(r.nonResourceURLs, u.nonResourceURLs)
    // An upstream rule restricted to names covers only rules restricted to (some of) those names.
    && (u.resourceNames === undefined || (r.resourceNames !== undefined && within(r.resourceNames, u.resourceNames)))
    && (u.verbs.includes('*') || (!r.verbs.includes('*') && within(r.verbs, u.verbs)));
  return ours.filter((r) => !upstream.some((u) => covers(u, r)));
}

function upstreamReader(arc: boolean, secretsRule: boolean): Rule[] {
  return UPSTREAM_READER.filter(([c]) => c === 'always' || (c === 'arc' && arc) || (c === 'secrets-below-1.37' && secretsRule)).map(([, r]) => r);
}

describe('RBAC no wider than upstream', () => {
  const reader = (d: string, version?: string): Rule[] =>
    find(render(d, version ? { cluster: { kubernetesVersion: version } } : {}), 'ClusterRole', 'ama-metrics-reader').rules;

  test.each([
    ['aks', '1.33', false, true],
    ['aks', '1.36.4', false, true],
    ['aks', '1.37', false, false],
    ['aks', undefined, false, false],
    ['k3s', '1.30', true, true],
    ['openshift', undefined, true, false],
    ['generic', '1.38', true, false],
  ] as const)('%s %s: a subset of upstream\'s ama-metrics-reader; cluster-wide secrets: %s/%s', (d, version, arc, secrets) => {
    const rules = reader(d, version);
    expect(widerThan(rules, upstreamReader(arc, true))).toEqual([]);
    // Where the version is known and below 1.37, upstream has the rule and so do we; when unknown we do not grant it.
    const all = rules.some((r) => r.resources?.includes('secrets') && r.resourceNames === undefined && r.verbs.includes('list'));
    expect(all).toBe(secrets);
    // AKS: equal to upstream's rules for that version. Arc: the token Secret is not named (no AKS token there).
    if (!arc) {
      expect(rules).toEqual(upstreamReader(false, secrets));
    } else {
      expect(rules).toEqual(upstreamReader(true, secrets).map((r) =>
        r.resourceNames?.includes('aad-msi-auth-token') ? { ...r, resourceNames: ['ama-metrics-mtls-secret'] } : r));
    }
  });

  test('ama-metrics-ksm: exactly the chart\'s rule per default collector, and --resources names the same collectors', () => {
    const objs = render('aks');
    const rules = find(objs, 'ClusterRole', 'ama-metrics-ksm').rules as Rule[];
    expect(widerThan(rules, UPSTREAM_KSM)).toEqual([]);
    expect(rules).toEqual(UPSTREAM_KSM);
    expect(KSM_COLLECTORS.map(([r]) => r)).toEqual(UPSTREAM_KSM.map((r) => r.resources![0]));
    const arg = container(find(objs, 'Deployment', 'ama-metrics-ksm'), 'ama-metrics-ksm').args.find((a: string) => a.startsWith('--resources='));
    expect(arg.slice('--resources='.length).split(',')).toEqual(rules.map((r) => r.resources![0]));
  });

  test('the check can fail: a wider verb, resource, group, a dropped name restriction or a wildcard are reported', () => {
    const up = upstreamReader(false, false);
    const wider: Rule[] = [
      { apiGroups: [''], resources: ['pods'], verbs: ['list', 'delete'] },
      { apiGroups: [''], resources: ['pods', 'pods/exec'], verbs: ['get'] },
      { apiGroups: ['apps'], resources: ['ingresses'], verbs: ['get'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch'] },
      { apiGroups: [''], resources: ['events'], verbs: ['*'] },
      { nonResourceURLs: ['/metrics', '/debug'], verbs: ['get'] },
    ];
    expect(widerThan(wider, up)).toEqual(wider);
    expect(widerThan([{ apiGroups: [''], resources: ['secrets'], resourceNames: ['ama-metrics-mtls-secret'], verbs: ['get'] }], up)).toEqual([]);
  });

  test('bindings bind the service accounts the pods run as; no Role or Secret is rendered', () => {
    for (const d of ['aks', 'openshift']) {
      const objs = render(d, AKS_WIN);
      const sas = new Set(objs.filter((o) => o.kind === 'ServiceAccount').map((o) => o.metadata.name));
      for (const [, spec] of podSpecs(objs)) expect(sas.has(spec.serviceAccountName)).toBe(true);
      expect(objs.filter((o) => ['Role', 'RoleBinding', 'Secret'].includes(o.kind))).toEqual([]);
    }
  });
});

// -------------------------------------------------------------------------------------------------
// Security rules
// -------------------------------------------------------------------------------------------------

describe('security', () => {
  /** Capabilities per container as upstream (§2.4-§2.9); `privileged` where upstream is. */
  const EXPECTED_SC: Record<string, (arc: boolean, openshift: boolean) => Obj> = {
    'prometheus-collector': () => ({ privileged: false, capabilities: { drop: ['ALL'], add: ['DAC_OVERRIDE'] } }),
    'addon-token-adapter': () => ({ capabilities: { drop: ['ALL'], add: ['NET_ADMIN', 'NET_RAW'] } }),
    'addon-token-adapter-win': () => ({ capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] } }),
    'msi-adapter': (_arc, openshift) => (openshift ? { privileged: true } : { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } }),
    'targetallocator': () => ({ capabilities: { drop: ['ALL'] } }),
    'config-reader': (arc) => ({ capabilities: { drop: ['ALL'], ...(arc ? { add: ['DAC_OVERRIDE'] } : {}) } }),
    'ama-metrics-ksm': () => ({ capabilities: { drop: ['ALL'] } }),
  };

  test.each(DISTRIBUTIONS.map((d) => [d]))('%s: capabilities exactly upstream\'s; privileged only for OpenShift\'s msi-adapter; never privileged with allowPrivilegeEscalation false', (d) => {
    const p = profileOf(d);
    const objs = render(d, p.windowsNodes ? AKS_WIN : {});
    for (const [where, spec] of podSpecs(objs)) {
      for (const c of spec.containers as Obj[]) {
        const expected = EXPECTED_SC[c.name];
        expect([where, c.name, expected !== undefined]).toEqual([where, c.name, true]);
        expect(c.securityContext).toEqual(expected(p.onboarding === 'arc-extension', p.needsOpenShiftScc));
        expect(c.securityContext?.privileged === true && c.securityContext?.allowPrivilegeEscalation === false).toBe(false);
      }
      expect(spec.hostNetwork ?? false).toBe(false);
      expect(spec).not.toHaveProperty('hostPID');
    }
  });

  test('no secret values: no Secret objects, no env from Secrets, Secrets only referenced by name', () => {
    for (const d of ['aks', 'k3s']) {
      const objs = render(d, d === 'aks' ? AKS_WIN : {});
      expect(objs.filter((o) => o.kind === 'Secret')).toEqual([]);
      const json = JSON.stringify(objs);
      expect(json).not.toMatch(/secretKeyRef|envFrom|"data"|stringData/);
    }
  });

  test('host paths: only the log directories and the CA directories (§2.4)', () => {
    for (const d of DISTRIBUTIONS) {
      const hostPaths = (s: Obj): string[] => (s.volumes ?? []).filter((v: Obj) => v.hostPath).map((v: Obj) => v.hostPath.path);
      const paths = new Set(podSpecs(render(d)).flatMap(([, s]) => hostPaths(s)));
      const expected = ['/var/log/containers', '/var/log/pods', '/etc/pki/ca-trust/source/anchors/', ...(profileOf(d).mountUbuntuCaDir ? ['/usr/local/share/ca-certificates/'] : [])];
      expect([...paths].sort()).toEqual(expected.sort());
    }
  });
});

// -------------------------------------------------------------------------------------------------
// Knobs: resources, images, tolerations, node selector, priority, cluster ID
// -------------------------------------------------------------------------------------------------

describe('knobs', () => {
  test('resource overrides merge over upstream\'s per container; identity sidecars keep theirs', () => {
    const objs = render('aks', {
      ...AKS_WIN,
      agents: {
        resources: {
          'ama-metrics': { limits: { memory: '20Gi' } },
          'ama-metrics-node': { requests: { cpu: '100m' }, limits: { cpu: '500m' } },
          'ama-metrics-win-node': { requests: { memory: '200Mi' } },
          'ama-metrics-ksm': { requests: { memory: '100Mi' } },
          'ama-metrics-operator-targets': { limits: { cpu: '2' } },
          'ama-metrics-config-reader': { requests: { cpu: '5m' } },
        },
      },
    });
    const r = (kind: string, name: string, c: string) => container(find(objs, kind, name), c).resources;
    expect(r('Deployment', 'ama-metrics', 'prometheus-collector')).toEqual({ limits: { cpu: '7', memory: '20Gi' }, requests: { cpu: '150m', memory: '500Mi' } });
    expect(r('DaemonSet', 'ama-metrics-node', 'prometheus-collector')).toEqual({ limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '100m', memory: '150Mi' } });
    expect(r('DaemonSet', 'ama-metrics-win-node', 'prometheus-collector')).toEqual({ limits: { cpu: '500m', memory: '1Gi' }, requests: { memory: '200Mi' } });
    expect(r('Deployment', 'ama-metrics-ksm', 'ama-metrics-ksm')).toEqual({ limits: { cpu: '1', memory: '5Gi' }, requests: { cpu: '5m', memory: '100Mi' } });
    expect(r('Deployment', 'ama-metrics-operator-targets', 'targetallocator')).toEqual({ limits: { cpu: '2', memory: '8Gi' }, requests: { cpu: '10m', memory: '50Mi' } });
    expect(r('Deployment', 'ama-metrics-operator-targets', 'config-reader')).toEqual({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '5m', memory: '10Mi' } });
    expect(r('Deployment', 'ama-metrics', 'addon-token-adapter')).toEqual({ limits: { cpu: '500m', memory: '500Mi' }, requests: { cpu: '20m', memory: '30Mi' } });
    // The defaults table is upstream's (values-template).
    expect(AMA_METRICS_DEFAULT_RESOURCES).toEqual({
      'ama-metrics': { limits: { cpu: '7', memory: '14Gi' }, requests: { cpu: '150m', memory: '500Mi' } },
      'ama-metrics-node': { limits: { cpu: '200m', memory: '1Gi' }, requests: { cpu: '50m', memory: '150Mi' } },
      'ama-metrics-win-node': { limits: { cpu: '500m', memory: '1Gi' } },
      'ama-metrics-ksm': { limits: { cpu: '1', memory: '5Gi' }, requests: { cpu: '5m', memory: '50Mi' } },
      'ama-metrics-operator-targets': { limits: { cpu: '5', memory: '8Gi' }, requests: { cpu: '10m', memory: '50Mi' } },
      'ama-metrics-config-reader': { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1m', memory: '10Mi' } },
    });
  });

  test('a request above the merged limit is a ValidationError naming the prop', () => {
    const e = caught(() => render('aks', { agents: { resources: { 'ama-metrics-ksm': { requests: { memory: '6Gi' } } } } }));
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).message).toContain('agents.resources.ama-metrics-ksm.requests.memory');
    const e2 = caught(() => render('aks', { agents: { resources: { 'ama-metrics-node': { limits: { cpu: '10m' } } } } }));
    expect((e2 as ValidationError).message).toContain('agents.resources.ama-metrics-node.requests.cpu');
  });

  test('images: registry override and tag pinning reach every image and the version variables; a digest drops the version label', () => {
    const objs = render('aks', {
      ...AKS_WIN,
      agents: { images: { registry: 'myacr.azurecr.io/mcr', tags: { 'prometheus-collector': '7.2.0-main', 'target-allocator': '7.2.0-ta', 'kube-state-metrics': 'v2.20.1-1' } } },
    });
    const images = podSpecs(objs).flatMap(([, s]) => s.containers.map((c: Obj) => c.image));
    for (const image of images) expect(image.startsWith('myacr.azurecr.io/mcr/')).toBe(true);
    const rs = find(objs, 'Deployment', 'ama-metrics');
    const c = container(rs, 'prometheus-collector');
    expect(c.image).toBe('myacr.azurecr.io/mcr/azuremonitor/containerinsights/ciprod/prometheus-collector/images:7.2.0-main');
    expect([envValue(c, 'AGENT_VERSION'), envValue(c, 'OPERATOR_TARGETS_TA_IMG_VERSION'), envValue(c, 'KUBE_STATE_VERSION')]).toEqual([
      '7.2.0-main', '7.2.0-ta', 'myacr.azurecr.io/mcr/oss/v2/kubernetes/kube-state-metrics:v2.20.1-1',
    ]);
    expect(rs.metadata.labels['app.kubernetes.io/version']).toBe('7.2.0-main');
    expect(find(objs, 'Deployment', 'ama-metrics-ksm').metadata.labels['app.kubernetes.io/version']).toBe('2.20.1');
    const digest = `sha256:${'a'.repeat(64)}`;
    const pinned = render('aks', { agents: { images: { tags: { 'prometheus-collector': digest } } } });
    const pinnedRs = find(pinned, 'Deployment', 'ama-metrics');
    expect(container(pinnedRs, 'prometheus-collector').image).toBe(`mcr.microsoft.com/${AGENT_IMAGES['prometheus-collector'].repository}@${digest}`);
    expect(pinnedRs.metadata.labels).not.toHaveProperty('app.kubernetes.io/version');
    expect(envValue(container(pinnedRs, 'prometheus-collector'), 'AGENT_VERSION')).toBe(digest);
    expect(validateKubernetesObjects(pinned.filter((o) => isBuiltInKind(o)))).toEqual([]);
  });

  test('extra tolerations, node selector and priority class reach every pod (after upstream\'s, merged)', () => {
    const extra = { key: 'dedicated', operator: 'Equal', value: 'monitoring', effect: 'NoSchedule' };
    const objs = render('k3s', { agents: { tolerations: [extra, { key: 'CriticalAddonsOnly', operator: 'Exists' }], nodeSelector: { pool: 'infra' }, priorityClassName: 'monitoring-critical' } });
    const upstream = Object.fromEntries(podSpecs(render('k3s')).map(([w, s]) => [w, s.tolerations]));
    for (const [where, spec] of podSpecs(objs)) {
      // Upstream's first, then the user's, without duplicates (the KSM pod on Arc has no CriticalAddonsOnly of its own).
      const hasCritical = upstream[where].some((t: Obj) => t.key === 'CriticalAddonsOnly');
      expect([where, spec.tolerations]).toEqual([where, [...upstream[where], extra, ...(hasCritical ? [] : [{ key: 'CriticalAddonsOnly', operator: 'Exists' }])]]);
      expect([where, spec.nodeSelector.pool, spec.priorityClassName]).toEqual([where, 'infra', 'monitoring-critical']);
    }
    expect(podSpec(find(objs, 'Deployment', 'ama-metrics-ksm')).nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'pool': 'infra' });
    // Without the override: node-critical everywhere but the target allocator (cluster-critical).
    const priorities = Object.fromEntries(podSpecs(render('aks', AKS_WIN)).map(([w, s]) => [w, s.priorityClassName]));
    expect(priorities).toEqual({
      'Deployment/ama-metrics-ksm': 'system-node-critical',
      'Deployment/ama-metrics-operator-targets': 'system-cluster-critical',
      'Deployment/ama-metrics': 'system-node-critical',
      'DaemonSet/ama-metrics-node': 'system-node-critical',
      'DaemonSet/ama-metrics-win-node': 'system-node-critical',
    });
  });

  test('CLUSTER: the resource ID (also a deferred token); manifests mode requires one', () => {
    const clusterEnv = (objs: KubeObject[]) => [
      envValue(container(find(objs, 'Deployment', 'ama-metrics'), 'prometheus-collector'), 'CLUSTER'),
      envValue(container(find(objs, 'DaemonSet', 'ama-metrics-node'), 'prometheus-collector'), 'CLUSTER'),
      envValue(container(find(objs, 'Deployment', 'ama-metrics-operator-targets'), 'targetallocator'), 'CLUSTER'),
      envValue(container(find(objs, 'Deployment', 'ama-metrics-operator-targets'), 'config-reader'), 'CLUSTER'),
    ];
    expect(clusterEnv(render('aks', { cluster: { resourceId: makeToken(3) } }))).toEqual(Array(4).fill(makeToken(3)));
    expect(clusterEnv(render('k3s'))).toEqual(Array(4).fill(clusterIdOf('k3s')));
    const e = caught(() => render('k3s', { cluster: { resourceId: undefined } }));
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).message).toMatch(/^cluster\.resourceId: /);
  });
});
