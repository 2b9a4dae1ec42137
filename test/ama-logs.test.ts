/**
 * The logs agent in `manifests` mode (src/render/agents/ama-logs.ts): objects and apply order, the
 * embedded fluentd configuration against the reference manifest, RBAC against the reference ClusterRole
 * (plus the conditional rules of NOTES-container-insights §1.7), host paths per distribution, Windows on/off,
 * managed identity vs workspace-key (no secret values; the user's Secret referenced, never rendered),
 * resources (upstream defaults per AKS/Arc, overrides, requests above limits), scheduling, security
 * contexts, and every object against the Kubernetes schema. Field-for-field comparisons with the reference
 * manifest (shared/reference/container-insights/ama-logs.yaml) where our AKS rendering must equal it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { caught } from './support/caught';
import { checkObjectMeta } from './support/k8s-metadata';
import { expectValidKubernetesObjects, validateKubernetesObjects } from './support/k8s-schema';
import { REFERENCE_DIR } from './support/reference';
import { GENERATED_FILE, generateRsConfigModule } from '../scripts/generate-ama-logs-rs-config';
import { ValidationError } from '../src/errors';
import { AgentsInput, resolveAgents } from '../src/model/agents';
import { resolveCluster } from '../src/model/cluster';
import { resolveContainerInsights } from '../src/model/container-insights';
import { DISTRIBUTIONS, MANAGED_CLUSTER_TYPE, profileOf } from '../src/model/distribution';
import { makeToken } from '../src/model/tokens';
import { LOGS_RESOURCE_DEFAULTS, UNUSED_KEY, renderLogsAgent } from '../src/render/agents/ama-logs';
import { AMA_LOGS_RS_KUBE_CONF } from '../src/render/agents/ama-logs-rs-config-data';
import { UNUSED_WORKSPACE_KEY } from '../src/render/arc-extensions';
import { COMMON_LABELS, KubeObject } from '../src/render/kube';
import { renderMonitoringStack } from '../src/stack';

type Obj = Record<string, any>;

const SUB = '/subscriptions/11111111-2222-4333-8444-555555555555';
const LAW = `${SUB}/resourceGroups/rg-mon/providers/Microsoft.OperationalInsights/workspaces/law1`;
const CUSTOMER_ID = '0f0e0d0c-0b0a-4908-8706-050403020100';
const CLIENT_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const REFERENCE_MANIFEST = path.join(REFERENCE_DIR, 'container-insights/ama-logs.yaml');

function clusterId(distribution: string): string {
  const provider = profileOf(distribution as never).clusterResourceType === MANAGED_CLUSTER_TYPE
    ? 'Microsoft.ContainerService/managedClusters'
    : 'Microsoft.Kubernetes/connectedClusters';
  return `${SUB}/resourceGroups/rg-c1/providers/${provider}/c1`;
}

interface Setup {
  readonly cluster?: Obj;
  /** Container Insights props beyond the workspace. */
  readonly ci?: Obj;
  /** Agents props beyond `mode: "manifests"`. */
  readonly agents?: Obj;
  /** null: no customer ID given. */
  readonly customerId?: string | null;
}

function models(distribution: string, s: Setup = {}) {
  const cluster = resolveCluster('cluster', { name: 'c1', region: 'westeurope', distribution, resourceId: clusterId(distribution), ...s.cluster });
  const ci = resolveContainerInsights('containerInsights', { logAnalyticsWorkspace: { resourceId: LAW, region: 'westeurope' }, ...s.ci }, cluster);
  const input: AgentsInput = { containerInsightsAuth: { value: ci.authentication, path: 'containerInsights.authentication' } };
  const m = resolveAgents('agents', { mode: 'manifests', ...s.agents }, cluster, input).manifests!;
  return { cluster, ci, m };
}

function render(distribution: string, s: Setup = {}): KubeObject[] {
  const { cluster, ci, m } = models(distribution, s);
  return renderLogsAgent(cluster, ci, m, s.customerId === null ? {} : { workspaceCustomerId: s.customerId ?? CUSTOMER_ID });
}

/** Workspace-key auth: the user's Secret is named in agents.workspaceKeySecret. */
const KEY_AUTH: Setup = { ci: { authentication: 'workspace-key' }, agents: { workspaceKeySecret: 'law-key' } };
const WINDOWS: Obj = { nodes: { windows: true } };

const ids = (objs: KubeObject[]) => objs.map((o) => `${o.kind}/${o.metadata.name}`);
function find(objs: KubeObject[], kind: string, name: string): Obj {
  const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind}/${name} in ${ids(objs).join(', ')}`);
  return o;
}
const ds = (objs: KubeObject[]) => find(objs, 'DaemonSet', 'ama-logs');
const rs = (objs: KubeObject[]) => find(objs, 'Deployment', 'ama-logs-rs');
const win = (objs: KubeObject[]) => find(objs, 'DaemonSet', 'ama-logs-windows');
const pod = (o: Obj): Obj => o.spec.template.spec;
function container(o: Obj, name: string): Obj {
  const c = pod(o).containers.find((x: Obj) => x.name === name);
  if (!c) throw new Error(`no container ${name} in ${o.metadata.name}`);
  return c;
}
const envNames = (c: Obj): string[] => (c.env ?? []).map((e: Obj) => e.name);
const envValue = (c: Obj, name: string): unknown => c.env.find((e: Obj) => e.name === name)?.value;
const hostPaths = (o: Obj): string[] => pod(o).volumes.filter((v: Obj) => v.hostPath).map((v: Obj) => v.hostPath.path);
const workloads = (objs: KubeObject[]): Obj[] => objs.filter((o) => o.kind === 'DaemonSet' || o.kind === 'Deployment');
const allContainers = (objs: KubeObject[]): Obj[] => workloads(objs).flatMap((w) => pod(w).containers);

// --- reference manifest ---------------------------------------------------------------------------

const referenceDocs: Obj[] = parseAllDocuments(fs.readFileSync(REFERENCE_MANIFEST, 'utf8'))
  .map((d) => d.toJS() as Obj | null)
  .filter((d): d is Obj => d !== null);
const reference = (kind: string, name: string): Obj => {
  const o = referenceDocs.find((d) => d.kind === kind && d.metadata?.name === name);
  if (!o) throw new Error(`reference has no ${kind}/${name}`);
  return o;
};

// --- every combination, for the checks that hold for all ---------------------------------------------

interface Case {
  readonly name: string;
  readonly distribution: string;
  readonly setup: Setup;
}
const CASES: Case[] = DISTRIBUTIONS.flatMap((d) => {
  const p = profileOf(d);
  const cases: Case[] = [
    { name: `${d} managed identity`, distribution: d, setup: {} },
    { name: `${d} workspace-key`, distribution: d, setup: KEY_AUTH },
    { name: `${d} syslog, high log scale, k8s 1.33`, distribution: d, setup: { ci: { syslog: true, highLogScale: true }, cluster: { kubernetesVersion: '1.33' } } },
  ];
  if (p.windowsNodes) {
    cases.push({ name: `${d} Windows, workspace-key`, distribution: d, setup: { ...KEY_AUTH, cluster: WINDOWS } });
    cases.push(p.windowsLogsWithManagedIdentity
      ? { name: `${d} Windows, managed identity`, distribution: d, setup: { cluster: WINDOWS } }
      : { name: `${d} Windows nodes without their logs`, distribution: d, setup: { cluster: WINDOWS, ci: { windowsNodeLogs: false } } });
  }
  return cases;
});
const rendered = CASES.map((c) => ({ ...c, objs: render(c.distribution, c.setup) }));

// =================================================================================================

describe('the embedded fluentd configuration (ama-logs-rs-config)', () => {
  test('the committed data file is the generator output (regenerate with scripts/generate-ama-logs-rs-config.ts)', () => {
    expect(fs.readFileSync(GENERATED_FILE, 'utf8')).toBe(generateRsConfigModule());
  });

  test('equals kube.conf of the reference manifest, and the ConfigMap carries it', () => {
    const ref = reference('ConfigMap', 'ama-logs-rs-config').data['kube.conf'];
    expect(typeof ref).toBe('string');
    expect(ref.length).toBeGreaterThan(1000);
    expect(AMA_LOGS_RS_KUBE_CONF).toBe(ref);
    const cm = find(render('aks'), 'ConfigMap', 'ama-logs-rs-config');
    expect(cm.data).toEqual({ 'kube.conf': ref });
    expect(pod(rs(render('aks'))).volumes).toContainEqual({ name: 'ama-logs-rs-config', configMap: { name: 'ama-logs-rs-config' } });
  });
});

describe('objects and apply order', () => {
  test('AKS, managed identity', () => {
    expect(ids(render('aks'))).toEqual([
      'ServiceAccount/ama-logs',
      'ClusterRole/ama-logs-reader',
      'ClusterRoleBinding/amalogsclusterrolebinding',
      'ConfigMap/ama-logs-rs-config',
      'Secret/ama-logs-secret',
      'DaemonSet/ama-logs',
      'Deployment/ama-logs-rs',
    ]);
    expect(ids(render('aks', { cluster: WINDOWS })).slice(-1)).toEqual(['DaemonSet/ama-logs-windows']);
  });

  test('Arc, managed identity: the PriorityClass and the AzureClusterIdentityRequest', () => {
    const objs = render('k3s');
    expect(ids(objs)).toEqual([
      'ServiceAccount/ama-logs',
      'ClusterRole/ama-logs-reader',
      'ClusterRoleBinding/amalogsclusterrolebinding',
      'PriorityClass/ama-logs',
      'AzureClusterIdentityRequest/container-insights-clusteridentityrequest',
      'ConfigMap/ama-logs-rs-config',
      'Secret/ama-logs-secret',
      'DaemonSet/ama-logs',
      'Deployment/ama-logs-rs',
    ]);
    expect(find(objs, 'PriorityClass', 'ama-logs')).toMatchObject({ apiVersion: 'scheduling.k8s.io/v1', value: 10, globalDefault: false });
    const request = find(objs, 'AzureClusterIdentityRequest', 'container-insights-clusteridentityrequest');
    expect(request).toMatchObject({
      apiVersion: 'clusterconfig.azure.com/v1beta1',
      metadata: { namespace: 'azure-arc', labels: COMMON_LABELS },
      spec: { audience: 'https://monitor.azure.com/' },
    });
    // No CRD of clusterconfig.azure.com in the reference folder: its metadata is checked as a namespaced object's.
    expect(checkObjectMeta(request, { namespaced: true })).toEqual([]);
  });

  test('Arc, workspace-key: no identity objects, no Secret', () => {
    expect(ids(render('generic', KEY_AUTH))).toEqual([
      'ServiceAccount/ama-logs',
      'ClusterRole/ama-logs-reader',
      'ClusterRoleBinding/amalogsclusterrolebinding',
      'PriorityClass/ama-logs',
      'ConfigMap/ama-logs-rs-config',
      'DaemonSet/ama-logs',
      'Deployment/ama-logs-rs',
    ]);
  });

  test.each(rendered.map((r) => [r.name, r] as const))('%s: kube-system, COMMON_LABELS on metadata only, selectors match pod labels', (_n, r) => {
    for (const o of r.objs) {
      expect(o.metadata.labels).toMatchObject(COMMON_LABELS);
      if (!['ClusterRole', 'ClusterRoleBinding', 'PriorityClass'].includes(o.kind)) {
        expect(o.metadata.namespace).toBe(o.kind === 'AzureClusterIdentityRequest' ? 'azure-arc' : 'kube-system');
      }
    }
    for (const w of workloads(r.objs)) {
      const selector = (w as Obj).spec.selector.matchLabels;
      const podLabels = (w as Obj).spec.template.metadata.labels;
      expect(podLabels).toEqual(selector);
      for (const key of Object.keys(COMMON_LABELS)) {
        expect(selector[key]).toBeUndefined();
        expect(podLabels[key]).toBeUndefined();
      }
      expect(pod(w).serviceAccountName).toBe('ama-logs');
    }
  });

  test('selectors: dev/AKS labels on every distribution (the Arc chart\'s shared dsName would overlap)', () => {
    for (const d of ['aks', 'generic']) {
      const objs = render(d, { ...KEY_AUTH, cluster: WINDOWS });
      expect(ds(objs).spec.selector.matchLabels).toEqual({ component: 'ama-logs-agent', tier: 'node' });
      expect(win(objs).spec.selector.matchLabels).toEqual({ component: 'ama-logs-agent-windows', tier: 'node-win' });
      expect(rs(objs).spec.selector.matchLabels).toEqual({ rsName: 'ama-logs-rs' });
      expect(rs(objs).metadata.labels).toMatchObject({ component: 'ama-logs-agent', tier: 'node' });
    }
  });

  test('returned objects are independent copies', () => {
    const objs = render('aks');
    container(ds(objs), 'ama-logs').securityContext.capabilities.add.push('SYS_ADMIN');
    expect(container(rs(objs), 'ama-logs').securityContext.capabilities.add).toEqual(['DAC_OVERRIDE']);
    expect(container(ds(render('aks')), 'ama-logs').securityContext.capabilities.add).toEqual(['DAC_OVERRIDE']);
  });
});

describe('Kubernetes schema', () => {
  test.each(rendered.map((r) => [r.name, r] as const))('%s: every built-in object is valid', (_n, r) => {
    expectValidKubernetesObjects(r.objs.filter((o) => o.kind !== 'AzureClusterIdentityRequest'));
  });

  test('the check rejects broken objects (wrong type, unknown field)', () => {
    const objs = render('aks');
    const broken = structuredClone(ds(objs));
    container(broken, 'ama-logs').ports[0].containerPort = 'twenty-five';
    pod(broken).volumes[2].hostPath.pathh = '/';
    const errors = validateKubernetesObjects([broken]).join('\n');
    expect(errors).toMatch(/containerPort/);
    expect(errors).toMatch(/unknown field .*pathh/);
  });
});

// --- RBAC ------------------------------------------------------------------------------------------

/** One permission: group/resource/verb/name, or a non-resource URL and verb. */
function atoms(rules: Obj[]): string[] {
  return rules.flatMap((r) =>
    r.nonResourceURLs
      ? r.nonResourceURLs.flatMap((u: string) => r.verbs.map((v: string) => `url ${u} ${v}`))
      : r.apiGroups.flatMap((g: string) =>
        r.resources.flatMap((res: string) => r.verbs.flatMap((v: string) => (r.resourceNames ?? ['*']).map((n: string) => `${g}/${res} ${v} ${n}`)))),
  );
}

/** The permissions of `rules` that no rule of `upstream` grants (a named one is granted by an unnamed rule too). */
function uncovered(rules: Obj[], upstream: Obj[]): string[] {
  const granted = new Set(atoms(upstream));
  return atoms(rules).filter((a) => !granted.has(a) && !granted.has(a.replace(/ [^ ]+$/, ' *')));
}

/**
 * The conditional rules of NOTES-container-insights §1.7 that the reference manifest does not hold
 * uncommented: `nodes/pods` instead of `nodes/proxy` on Kubernetes >= 1.33 (unified chart), the Arc chart's
 * identity-request rule and its token Secret (without extension name), and the AKS token Secret (the
 * reference's commented "MSI Auth Mode" rule).
 */
const CONDITIONAL_RULES: Obj[] = [
  { apiGroups: [''], resources: ['nodes/pods'], verbs: ['list', 'get', 'watch'] },
  {
    apiGroups: ['clusterconfig.azure.com'],
    resources: ['azureclusteridentityrequests', 'azureclusteridentityrequests/status'],
    verbs: ['get', 'create', 'patch', 'list', 'update', 'delete'],
  },
  { apiGroups: [''], resources: ['secrets'], resourceNames: ['container-insights-clusteridentityrequest-token'], verbs: ['get'] },
  { apiGroups: [''], resources: ['secrets'], resourceNames: ['aad-msi-auth-token'], verbs: ['get', 'watch'] },
];

describe('RBAC', () => {
  const referenceRules: Obj[] = reference('ClusterRole', 'ama-logs-reader').rules;
  const rulesOf = (objs: KubeObject[]): Obj[] => find(objs, 'ClusterRole', 'ama-logs-reader').rules;

  test('the reference ClusterRole is what we think it is', () => {
    expect(atoms(referenceRules)).toContain('/nodes/proxy get *');
    expect(atoms(referenceRules)).toContain('url /metrics get');
    expect(atoms(referenceRules).some((a) => a.startsWith('/secrets'))).toBe(false);
  });

  test.each(rendered.map((r) => [r.name, r] as const))('%s: no rule wider than upstream\'s', (_n, r) => {
    expect(uncovered(rulesOf(r.objs), [...referenceRules, ...CONDITIONAL_RULES])).toEqual([]);
  });

  test('the comparison catches a widened rule', () => {
    const widened = [...rulesOf(render('aks')), { apiGroups: [''], resources: ['secrets'], verbs: ['get'] }];
    expect(uncovered(widened, [...referenceRules, ...CONDITIONAL_RULES])).toEqual(['/secrets get *']);
    const moreVerbs = [{ apiGroups: [''], resources: ['pods'], verbs: ['list', 'delete'] }];
    expect(uncovered(moreVerbs, referenceRules)).toEqual(['/pods delete *']);
  });

  test('AKS with managed identity: upstream rules plus the token Secret, nodes/proxy when the version is unknown', () => {
    expect(rulesOf(render('aks'))).toEqual([
      referenceRules[0],
      referenceRules[1],
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['aad-msi-auth-token'], verbs: ['get', 'watch'] },
      referenceRules[2],
    ]);
    expect(rulesOf(render('aks', { cluster: { kubernetesVersion: '1.32.4' } }))[0].resources).toContain('nodes/proxy');
  });

  test('Kubernetes >= 1.33: nodes/pods instead of nodes/proxy', () => {
    const rule = rulesOf(render('aks', { cluster: { kubernetesVersion: '1.33' } }))[0];
    expect(rule.resources).toContain('nodes/pods');
    expect(rule.resources).not.toContain('nodes/proxy');
    expect(rule.resources.length).toBe(referenceRules[0].resources.length);
  });

  test('Arc with managed identity: the identity request rule and its token Secret; workspace-key: upstream only', () => {
    expect(rulesOf(render('openshift')).slice(2)).toEqual([
      {
        apiGroups: ['clusterconfig.azure.com'],
        resources: ['azureclusteridentityrequests', 'azureclusteridentityrequests/status'],
        verbs: ['get', 'create', 'patch', 'list', 'update', 'delete'],
      },
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['container-insights-clusteridentityrequest-token'], verbs: ['get'] },
      { nonResourceURLs: ['/metrics'], verbs: ['get'] },
    ]);
    expect(rulesOf(render('openshift', KEY_AUTH))).toEqual(referenceRules);
    expect(rulesOf(render('aks', KEY_AUTH))).toEqual(referenceRules);
  });

  test('the binding ties the ServiceAccount to the role', () => {
    expect(find(render('aks'), 'ClusterRoleBinding', 'amalogsclusterrolebinding')).toMatchObject({
      subjects: [{ kind: 'ServiceAccount', name: 'ama-logs', namespace: 'kube-system' }],
      roleRef: { kind: 'ClusterRole', name: 'ama-logs-reader', apiGroup: 'rbac.authorization.k8s.io' },
    });
  });
});

// --- field for field with the reference manifest (AKS, syslog on, as the reference) -------------------

describe('field for field with the reference manifest (AKS)', () => {
  const objs = render('aks', { ci: { syslog: true }, cluster: WINDOWS });
  const refDs = reference('DaemonSet', 'ama-logs');
  const refRs = reference('Deployment', 'ama-logs-rs');
  const refWin = reference('DaemonSet', 'ama-logs-windows');
  const refContainer = (o: Obj, name: string) => o.spec.template.spec.containers.find((c: Obj) => c.name === name);
  /** The reference's test-only env (ISTEST) and the one we cannot know (the node resource group). */
  const DROPPED = ['ISTEST', 'AKS_NODE_RESOURCE_GROUP'];

  test.each([
    ['ama-logs', 'ama-logs', ds, refDs],
    ['ama-logs-prometheus', 'ama-logs-prometheus', ds, refDs],
    ['ama-logs-rs', 'ama-logs', rs, refRs],
    ['ama-logs-windows', 'ama-logs-windows', win, refWin],
  ] as const)('%s: env names in order (USING_AAD_MSI_AUTH where the reference has it commented), fixed values equal', (_n, name, get, ref) => {
    const ours = container(get(objs), name);
    const theirs = refContainer(ref, name);
    const theirNames = envNames(theirs).filter((n) => !DROPPED.includes(n));
    expect(envNames(ours).filter((n) => n !== 'USING_AAD_MSI_AUTH')).toEqual(theirNames);
    expect(envValue(ours, 'USING_AAD_MSI_AUTH')).toBe('true');
    for (const e of theirs.env as Obj[]) {
      if (DROPPED.includes(e.name) || String(e.value).startsWith('VALUE_')) continue;
      expect(ours.env.find((x: Obj) => x.name === e.name)).toEqual(e);
    }
  });

  test.each([
    ['ama-logs', 'ama-logs', ds, refDs],
    ['ama-logs-prometheus', 'ama-logs-prometheus', ds, refDs],
    ['ama-logs-windows', 'ama-logs-windows', win, refWin],
  ] as const)('%s: mounts, probe, security context and ports equal', (_n, name, get, ref) => {
    const ours = container(get(objs), name);
    const theirs = refContainer(ref, name);
    // The reference's MSI lines are commented out; with managed identity we add exactly those.
    const mounts = name === 'ama-logs-windows' ? ours.volumeMounts.filter((v: Obj) => v.name !== 'imds-token') : ours.volumeMounts;
    expect(mounts).toEqual(theirs.volumeMounts);
    const probe = name === 'ama-logs-windows'
      ? { ...ours.livenessProbe, exec: { command: ours.livenessProbe.exec.command.filter((c: string) => c !== 'MonAgentCore.exe') } }
      : ours.livenessProbe;
    expect(probe).toEqual(theirs.livenessProbe);
    expect(ours.securityContext).toEqual(theirs.securityContext);
    expect(ours.ports).toEqual(theirs.ports);
    expect(ours.imagePullPolicy).toBe(theirs.imagePullPolicy);
    expect(ours.image).toBe(theirs.image);
  });

  test('ama-logs-rs: mounts (the ADX mount read-only, as the Arc chart), probe, security context and ports equal', () => {
    const ours = container(rs(objs), 'ama-logs');
    const theirs = refContainer(refRs, 'ama-logs');
    expect(ours.volumeMounts).toEqual(theirs.volumeMounts.map((v: Obj) => (v.name === 'ama-logs-adx-secret' ? { ...v, readOnly: true } : v)));
    expect(ours.livenessProbe).toEqual(theirs.livenessProbe);
    expect(ours.securityContext).toEqual(theirs.securityContext);
    expect(ours.ports).toEqual(theirs.ports);
  });

  test('volumes equal the reference\'s, without the never-mounted container-hostname', () => {
    const without = (o: Obj) => o.spec.template.spec.volumes.filter((v: Obj) => v.name !== 'container-hostname');
    expect(pod(ds(objs)).volumes).toEqual(without(refDs));
    expect(pod(rs(objs)).volumes).toEqual(without(refRs));
    // Windows: plus the token Secret the reference mounts in "MSI Auth Mode".
    expect(pod(win(objs)).volumes).toEqual([...without(refWin), { name: 'imds-token', secret: { secretName: 'aad-msi-auth-token' } }]);
  });

  test('pod annotations, DNS config, replicas and strategy', () => {
    expect(ds(objs).spec.template.metadata.annotations).toEqual(refDs.spec.template.metadata.annotations);
    expect(win(objs).spec.template.metadata.annotations).toEqual(refWin.spec.template.metadata.annotations);
    expect(rs(objs).spec.template.metadata.annotations).toEqual({
      ...refRs.spec.template.metadata.annotations,
      'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true',
    });
    expect(pod(ds(objs)).dnsConfig).toEqual(refDs.spec.template.spec.dnsConfig);
    expect(pod(win(objs)).dnsConfig).toEqual(refWin.spec.template.spec.dnsConfig);
    expect(pod(rs(objs)).dnsConfig).toBeUndefined();
    expect(rs(objs).spec).toMatchObject({ replicas: 1, strategy: { type: 'RollingUpdate' }, revisionHistoryLimit: 2 });
  });
});

// --- env ---------------------------------------------------------------------------------------------

describe('env', () => {
  test.each(rendered.map((r) => [r.name, r] as const))('%s: no placeholders, no test switches', (_n, r) => {
    expect(JSON.stringify(r.objs)).not.toMatch(/VALUE_|<your_/);
    for (const c of allContainers(r.objs)) expect(envNames(c)).not.toContain('ISTEST');
  });

  test('the cluster\'s resource ID and region in every agent container', () => {
    const objs = render('aks', { cluster: WINDOWS });
    for (const c of allContainers(objs).filter((x) => x.name.startsWith('ama-logs'))) {
      expect(envValue(c, 'AKS_RESOURCE_ID')).toBe(clusterId('aks'));
      expect(envValue(c, 'AKS_REGION')).toBe('westeurope');
      expect(envNames(c)).not.toContain('ACS_RESOURCE_NAME');
    }
    expect(envValue(container(ds(objs), 'ama-logs'), 'AKS_CLUSTER_NAME')).toBe('c1');
    expect(envNames(container(ds(render('k3s')), 'ama-logs'))).not.toContain('AKS_CLUSTER_NAME');
  });

  test('a deferred resource ID passes through; without one (the model requires it) an internal error', () => {
    expect(envValue(container(ds(render('aks', { cluster: { resourceId: makeToken(3) } })), 'ama-logs'), 'AKS_RESOURCE_ID')).toBe(makeToken(3));
    const { cluster, ci, m } = models('k3s');
    const e = caught(() => renderLogsAgent({ ...cluster, resourceId: undefined }, ci, m, { workspaceCustomerId: CUSTOMER_ID }));
    expect(e).not.toBeInstanceOf(ValidationError);
    expect((e as Error).message).toMatch(/^internal: .*cluster\.resourceId/);
    expect(JSON.stringify(render('k3s'))).not.toMatch(/ACS_RESOURCE_NAME/);
  });

  test('roles, identity client ID, auth mode', () => {
    const objs = render('aks', { agents: { identityClientId: CLIENT_ID }, cluster: WINDOWS });
    expect(envValue(container(ds(objs), 'ama-logs'), 'CONTROLLER_TYPE')).toBe('DaemonSet');
    expect(envValue(container(ds(objs), 'ama-logs-prometheus'), 'CONTAINER_TYPE')).toBe('PrometheusSidecar');
    expect(envValue(container(rs(objs), 'ama-logs'), 'CONTROLLER_TYPE')).toBe('ReplicaSet');
    expect(envValue(container(rs(objs), 'ama-logs'), 'SIDECAR_SCRAPING_ENABLED')).toBe('true');
    expect(container(rs(objs), 'ama-logs').env).toContainEqual({
      name: 'NUM_OF_FLUENTD_WORKERS',
      valueFrom: { resourceFieldRef: { containerName: 'ama-logs', resource: 'limits.cpu' } },
    });
    for (const c of allContainers(objs).filter((x) => x.name.startsWith('ama-logs'))) {
      expect(envValue(c, 'USER_ASSIGNED_IDENTITY_CLIENT_ID')).toBe(CLIENT_ID);
      expect(envValue(c, 'USING_AAD_MSI_AUTH')).toBe('true');
      expect(c.env).toContainEqual({ name: 'CONTAINER_MEMORY_LIMIT_IN_BYTES', valueFrom: { resourceFieldRef: { containerName: c.name, resource: 'limits.memory' } } });
    }
    for (const c of allContainers(render('aks', { ...KEY_AUTH, cluster: WINDOWS }))) {
      expect(envValue(c, 'USING_AAD_MSI_AUTH')).toBe('false');
      expect(envValue(c, 'USER_ASSIGNED_IDENTITY_CLIENT_ID')).toBe('');
    }
  });

  test('high log scale mode in the DaemonSet\'s main container only', () => {
    const objs = render('aks', { ci: { highLogScale: true } });
    expect(envValue(container(ds(objs), 'ama-logs'), 'ENABLE_HIGH_LOG_SCALE_MODE')).toBe('true');
    expect(envNames(container(ds(objs), 'ama-logs-prometheus'))).not.toContain('ENABLE_HIGH_LOG_SCALE_MODE');
    expect(envNames(container(rs(objs), 'ama-logs'))).not.toContain('ENABLE_HIGH_LOG_SCALE_MODE');
    expect(envNames(container(ds(render('aks')), 'ama-logs'))).not.toContain('ENABLE_HIGH_LOG_SCALE_MODE');
  });

  test('AKS add-on switches on AKS, the Arc chart\'s on Arc', () => {
    const aks = container(ds(render('aks')), 'ama-logs');
    expect(envValue(aks, 'AZMON_CONTAINERLOGS_ONEAGENT_REGIONS')).toBe('koreacentral,norwayeast,eastus2');
    expect(envNames(aks)).not.toContain('ENABLE_CUSTOM_METRICS');
    const arc = container(ds(render('k3s')), 'ama-logs');
    expect(envValue(arc, 'ENABLE_CUSTOM_METRICS')).toBe('true');
    expect(envValue(arc, 'IS_CUSTOM_CERT')).toBe('false');
    expect(envNames(arc).filter((n) => n.startsWith('APPMONITORING') || n.startsWith('AZMON_') || n === 'EMIT_CACHE_TELEMETRY')).toEqual([]);
  });
});

// --- host paths, Syslog -------------------------------------------------------------------------------

describe('host paths', () => {
  test.each([
    ['aks', ['/', '/var/log', '/var/lib/docker/containers', '/mnt/docker', '/mnt/containers', '/etc/kubernetes']],
    ['k3s', ['/', '/var/log', '/var/lib/docker/containers', '/etc/kubernetes']],
    ['azure-stack-edge', ['/', '/var/log', '/var/lib/docker/containers', '/home/data/docker', '/etc/kubernetes']],
    ['openshift', ['/', '/var/log', '/var/lib/docker/containers', '/etc/kubernetes']],
  ])('%s: the DaemonSet\'s host paths', (d, expected) => {
    const objs = render(d);
    expect(hostPaths(ds(objs))).toEqual(expected);
    expect(hostPaths(rs(objs))).toEqual(['/var/log', '/etc/kubernetes']);
  });

  test('Azure Stack Edge: the custom mount, read only, as the Arc chart names it', () => {
    const d = ds(render('azure-stack-edge'));
    expect(pod(d).volumes).toContainEqual({ name: 'custom-mount-path', hostPath: { path: '/home/data/docker' } });
    expect(container(d, 'ama-logs').volumeMounts).toContainEqual({ name: 'custom-mount-path', mountPath: '/home/data/docker', readOnly: true });
  });

  test.each(DISTRIBUTIONS.map((d) => [d]))('%s: every log directory of the profile is mounted at its own path, read only but /var/log', (d) => {
    const objs = render(d);
    const volumes: Obj[] = pod(ds(objs)).volumes;
    const mounts: Obj[] = container(ds(objs), 'ama-logs').volumeMounts;
    for (const p of profileOf(d).logHostPaths) {
      const v = volumes.find((x) => x.hostPath?.path === p)!;
      expect(v).toBeDefined();
      expect(mounts.find((x) => x.name === v.name)).toEqual({ name: v.name, mountPath: p, ...(p === '/var/log' ? {} : { readOnly: true }) });
    }
    expect(new Set(volumes.map((v) => v.name)).size).toBe(volumes.length);
    expect(hostPaths(ds(objs)).filter((p) => p.startsWith('/usr/local/share') || p.startsWith('/etc/pki'))).toEqual([]); // no sovereign-cloud anchors
  });

  test('Syslog: the mdsd socket, the port and its env only when on', () => {
    for (const d of ['aks', 'k3s']) {
      const off = render(d);
      expect(hostPaths(ds(off))).not.toContain('/var/run/mdsd-ci');
      expect(container(ds(off), 'ama-logs').ports).toEqual([{ containerPort: 25225, protocol: 'TCP' }, { containerPort: 25224, protocol: 'UDP' }]);
      expect(envNames(container(ds(off), 'ama-logs'))).not.toContain('SYSLOG_HOST_PORT');

      const on = render(d, { ci: { syslog: true } });
      expect(pod(ds(on)).volumes).toContainEqual({ name: 'mdsd-sock', hostPath: { path: '/var/run/mdsd-ci' } });
      expect(container(ds(on), 'ama-logs').ports).toContainEqual({ name: 'syslog', containerPort: 28330, hostPort: 28330, protocol: 'TCP' });
      expect(envValue(container(ds(on), 'ama-logs'), 'SYSLOG_HOST_PORT')).toBe('28330');
      expect(container(ds(on), 'ama-logs-prometheus').volumeMounts).toContainEqual({ name: 'mdsd-sock', mountPath: '/var/run/mdsd-ci' });
      expect(envValue(container(ds(on), 'ama-logs-prometheus'), 'SYSLOG_HOST_PORT')).toBe(d === 'aks' ? '28330' : undefined);
      expect(hostPaths(rs(on))).toEqual(['/var/log', '/etc/kubernetes']);
    }
  });
});

// --- Windows -------------------------------------------------------------------------------------------

describe('Windows', () => {
  test('only with Windows nodes and their logs', () => {
    expect(ids(render('aks'))).not.toContain('DaemonSet/ama-logs-windows');
    expect(ids(render('generic', { cluster: WINDOWS, ci: { windowsNodeLogs: false } }))).not.toContain('DaemonSet/ama-logs-windows');
    expect(ids(render('generic', { ...KEY_AUTH, cluster: WINDOWS }))).toContain('DaemonSet/ama-logs-windows');
  });

  test('AKS with managed identity: token adapter, node affinity, not privileged, Windows host paths', () => {
    const w = win(render('aks', { cluster: WINDOWS }));
    expect(pod(w).containers.map((c: Obj) => c.name)).toEqual(['addon-token-adapter-win', 'ama-logs-windows']);
    const c = container(w, 'ama-logs-windows');
    expect(c.image).toBe('mcr.microsoft.com/azuremonitor/containerinsights/ciprod:win-3.1.24');
    expect(c.securityContext).toEqual({ capabilities: { drop: ['ALL'], add: ['DAC_OVERRIDE'] } });
    expect(c.livenessProbe.exec.command.slice(-1)).toEqual(['MonAgentCore.exe']);
    expect(c.livenessProbe).toMatchObject({ initialDelaySeconds: 180, periodSeconds: 60, timeoutSeconds: 15 });
    expect(c.volumeMounts).toContainEqual({ name: 'imds-token', mountPath: 'C:\\etc\\IMDS-access-token', readOnly: true });
    expect(hostPaths(w)).toEqual(['C:\\var', 'C:\\k', 'C:\\ProgramData\\docker\\containers']);
    expect(pod(w).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions).toEqual([
      { key: 'kubernetes.io/os', operator: 'In', values: ['windows'] },
      { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] },
      { key: 'kubernetes.azure.com/cluster', operator: 'Exists' },
    ]);
    expect(pod(w).nodeSelector).toBeUndefined();
    expect(pod(w).priorityClassName).toBe('system-node-critical');
    expect(w.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '50%' } });
    expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '150Mi' }, limits: { cpu: '2', memory: '2Gi' } });
  });

  test('Arc with workspace-key: no sidecar, the chart\'s node selector and mounts, the user\'s Secret', () => {
    const w = win(render('generic', { ...KEY_AUTH, cluster: WINDOWS, agents: { ...KEY_AUTH.agents, nodeSelector: { pool: 'win' } } }));
    expect(pod(w).containers.map((c: Obj) => c.name)).toEqual(['ama-logs-windows']);
    const c = container(w, 'ama-logs-windows');
    expect(c.livenessProbe.exec.command).not.toContain('MonAgentCore.exe');
    expect(envValue(c, 'USING_AAD_MSI_AUTH')).toBe('false');
    expect(pod(w).affinity).toBeUndefined();
    expect(pod(w).nodeSelector).toEqual({ 'kubernetes.io/os': 'windows', 'pool': 'win' });
    expect(pod(w).priorityClassName).toBe('ama-logs');
    expect(hostPaths(w)).toEqual(['C:\\var', 'C:\\ProgramData\\docker\\containers']);
    expect(pod(w).volumes).toContainEqual({ name: 'ama-logs-secret', secret: { secretName: 'law-key' } });
    expect(c.resources).toEqual({ requests: { cpu: '500m', memory: '700Mi' }, limits: { cpu: '2', memory: '2Gi' } });
    expect(pod(w).tolerations).toEqual(profileOf('generic').defaultTolerations);
  });
});

// --- identity and secrets -------------------------------------------------------------------------------

describe('managed identity and workspace-key', () => {
  test('managed identity: our Secret holds the customer ID and "<not_used>" only', () => {
    const secret = find(render('aks'), 'Secret', 'ama-logs-secret');
    expect(secret).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'ama-logs-secret', namespace: 'kube-system', labels: { ...COMMON_LABELS } },
      type: 'Opaque',
      stringData: { WSID: CUSTOMER_ID, KEY: '<not_used>' },
    });
    expect(UNUSED_KEY).toBe(UNUSED_WORKSPACE_KEY);
    expect(find(render('aks', { customerId: makeToken(1) }), 'Secret', 'ama-logs-secret').stringData.WSID).toBe(makeToken(1));
  });

  test('managed identity without the customer ID is an internal error', () => {
    const e = caught(() => render('aks', { customerId: null }));
    expect(e).toBeInstanceOf(Error);
    expect(e).not.toBeInstanceOf(ValidationError);
    expect((e as Error).message).toMatch(/^internal: /);
  });

  test('workspace-key: no Secret rendered, the user\'s Secret mounted as ama-logs-secret, no identity sidecar', () => {
    for (const d of ['aks', 'openshift']) {
      const objs = render(d, { ...KEY_AUTH, cluster: profileOf(d as never).windowsNodes ? WINDOWS : {} });
      expect(objs.filter((o) => o.kind === 'Secret')).toEqual([]);
      for (const w of workloads(objs)) {
        expect(pod(w).volumes).toContainEqual({ name: 'ama-logs-secret', secret: { secretName: 'law-key' } });
        expect(pod(w).containers.map((c: Obj) => c.name).every((n: string) => n.startsWith('ama-logs'))).toBe(true);
      }
    }
  });

  test.each(rendered.map((r) => [r.name, r] as const))('%s: no secret values anywhere', (_n, r) => {
    for (const o of r.objs.filter((x) => x.kind === 'Secret')) {
      expect(o.data).toBeUndefined();
      expect(Object.keys(o.stringData as Obj).sort()).toEqual(['KEY', 'WSID']);
      expect((o.stringData as Obj).KEY).toBe('<not_used>');
      expect((o.stringData as Obj).WSID).toBe(CUSTOMER_ID);
    }
    for (const c of allContainers(r.objs)) {
      for (const e of c.env ?? []) expect(e.valueFrom?.secretKeyRef).toBeUndefined();
    }
    expect(JSON.stringify(r.objs)).not.toMatch(/"KEY":"(?!<not_used>)/);
  });

  test('AKS: the token adapters first, with the node and cluster sizes', () => {
    const objs = render('aks');
    expect(pod(ds(objs)).containers.map((c: Obj) => c.name)).toEqual(['addon-token-adapter', 'ama-logs', 'ama-logs-prometheus']);
    expect(pod(rs(objs)).containers.map((c: Obj) => c.name)).toEqual(['addon-token-adapter', 'ama-logs']);
    expect(container(ds(objs), 'addon-token-adapter').resources.limits).toEqual({ cpu: '100m', memory: '100Mi' });
    expect(container(rs(objs), 'addon-token-adapter').resources.limits).toEqual({ cpu: '500m', memory: '500Mi' });
    expect(container(ds(objs), 'addon-token-adapter').args).toContain('--token-server-listening-port=8888');
  });

  test('Arc: the msi-adapter first', () => {
    const objs = render('k3s');
    expect(pod(ds(objs)).containers.map((c: Obj) => c.name)).toEqual(['msi-adapter', 'ama-logs', 'ama-logs-prometheus']);
    expect(pod(rs(objs)).containers.map((c: Obj) => c.name)).toEqual(['msi-adapter', 'ama-logs']);
  });
});

// --- security ----------------------------------------------------------------------------------------------

describe('security contexts', () => {
  const AGENT = { privileged: true, capabilities: { drop: ['ALL'], add: ['DAC_OVERRIDE'] } };

  test.each(rendered.map((r) => [r.name, r] as const))('%s: privileged only where upstream is, capabilities as upstream', (_n, r) => {
    const openshift = profileOf(r.distribution as never).needsOpenShiftScc;
    for (const w of workloads(r.objs)) {
      for (const c of pod(w).containers as Obj[]) {
        const sc = c.securityContext ?? {};
        expect({ c: c.name, both: sc.privileged === true && sc.allowPrivilegeEscalation === false }).toEqual({ c: c.name, both: false });
        if (c.name === 'ama-logs' || c.name === 'ama-logs-prometheus') expect(sc).toEqual(AGENT);
        else if (c.name === 'ama-logs-windows') expect(sc).toEqual({ capabilities: { drop: ['ALL'], add: ['DAC_OVERRIDE'] } });
        else if (c.name === 'addon-token-adapter') expect(sc).toEqual({ capabilities: { drop: ['ALL'], add: ['NET_ADMIN', 'NET_RAW'] } });
        else if (c.name === 'addon-token-adapter-win') expect(sc).toEqual({ capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] } });
        else if (c.name === 'msi-adapter') expect(sc).toEqual(openshift ? { privileged: true } : { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } });
        else throw new Error(`unexpected container ${c.name}`);
      }
      expect(pod(w).hostNetwork).toBeUndefined();
      expect(pod(w).hostPID).toBeUndefined();
    }
  });
});

// --- resources -------------------------------------------------------------------------------------------------

describe('resources', () => {
  test('upstream defaults: AKS add-on values on AKS, the Arc chart\'s elsewhere', () => {
    const aks = render('aks');
    expect(container(ds(aks), 'ama-logs').resources).toEqual({ limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '75m', memory: '325Mi' } });
    expect(container(ds(aks), 'ama-logs-prometheus').resources).toEqual({ limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '75m', memory: '225Mi' } });
    expect(container(rs(aks), 'ama-logs').resources).toEqual({ limits: { cpu: '1', memory: '1.5Gi' }, requests: { cpu: '150m', memory: '250Mi' } });
    const arc = render('openshift');
    expect(container(ds(arc), 'ama-logs').resources).toEqual({ limits: { cpu: '150m', memory: '750Mi' }, requests: { cpu: '75m', memory: '325Mi' } });
    expect(container(ds(arc), 'ama-logs-prometheus').resources).toEqual({ limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '75m', memory: '225Mi' } });
    expect(container(rs(arc), 'ama-logs').resources).toEqual({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '150m', memory: '250Mi' } });
  });

  test('the Arc defaults are the chart values file\'s', () => {
    const values = parseAllDocuments(fs.readFileSync(path.join(REFERENCE_DIR, 'container-insights/azuremonitor-containers-values.yaml'), 'utf8'))[0].toJS().amalogs.resources;
    const quantities = (r: Obj) => JSON.parse(JSON.stringify(r, (_k, v) => (typeof v === 'number' ? String(v) : v)));
    expect(LOGS_RESOURCE_DEFAULTS.arc['ama-logs']).toEqual(quantities(values.daemonsetlinux));
    expect(LOGS_RESOURCE_DEFAULTS.arc['ama-logs-prometheus']).toEqual(quantities(values.daemonsetlinuxsidecar));
    expect(LOGS_RESOURCE_DEFAULTS.arc['ama-logs-rs']).toEqual(quantities(values.deployment));
    expect(LOGS_RESOURCE_DEFAULTS.arc['ama-logs-windows']).toEqual(quantities(values.daemonsetwindows));
  });

  test('user values merge over the defaults, field by field', () => {
    const objs = render('aks', {
      cluster: WINDOWS,
      agents: {
        resources: {
          'ama-logs': { limits: { memory: '2Gi' } },
          'ama-logs-prometheus': { requests: { cpu: '100m' } },
          'ama-logs-rs': { requests: { memory: '500Mi' }, limits: { cpu: '2' } },
          'ama-logs-windows': { requests: { cpu: '200m', memory: '300Mi' } },
        },
      },
    });
    expect(container(ds(objs), 'ama-logs').resources).toEqual({ limits: { cpu: '500m', memory: '2Gi' }, requests: { cpu: '75m', memory: '325Mi' } });
    expect(container(ds(objs), 'ama-logs-prometheus').resources.requests).toEqual({ cpu: '100m', memory: '225Mi' });
    expect(container(rs(objs), 'ama-logs').resources).toEqual({ limits: { cpu: '2', memory: '1.5Gi' }, requests: { cpu: '150m', memory: '500Mi' } });
    expect(container(win(objs), 'ama-logs-windows').resources.requests).toEqual({ cpu: '200m', memory: '300Mi' });
  });

  test('requests above the (merged) limits are rejected with the prop path', () => {
    const e = caught(() => render('aks', { agents: { resources: { 'ama-logs-rs': { requests: { cpu: '2' } } } } }));
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).path).toBe('agents.resources.ama-logs-rs.requests.cpu');
    // 800Mi fits AKS's 1Gi limit but not the Arc chart's 750Mi.
    const over = { agents: { resources: { 'ama-logs': { requests: { memory: '800Mi' } } } } };
    expect(container(ds(render('aks', over)), 'ama-logs').resources.requests.memory).toBe('800Mi');
    expect((caught(() => render('k3s', over)) as ValidationError).path).toBe('agents.resources.ama-logs.requests.memory');
  });
});

// --- scheduling ------------------------------------------------------------------------------------------------

describe('scheduling', () => {
  const required = (w: Obj) => pod(w).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions;
  const preferred = (w: Obj) => pod(w).affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution;

  test('priority: system-node-critical on AKS; the Arc chart\'s class on its DaemonSets; an override everywhere', () => {
    const aks = render('aks', { cluster: WINDOWS });
    for (const w of workloads(aks)) expect(pod(w).priorityClassName).toBe('system-node-critical');
    const arc = render('generic', { ...KEY_AUTH, cluster: WINDOWS });
    expect(pod(ds(arc)).priorityClassName).toBe('ama-logs');
    expect(pod(win(arc)).priorityClassName).toBe('ama-logs');
    expect(pod(rs(arc)).priorityClassName).toBeUndefined();
    const override = render('generic', { ...KEY_AUTH, cluster: WINDOWS, agents: { ...KEY_AUTH.agents, priorityClassName: 'platform-critical' } });
    for (const w of workloads(override)) expect(pod(w).priorityClassName).toBe('platform-critical');
    expect(override.filter((o) => o.kind === 'PriorityClass')).toEqual([]);
  });

  test('update strategy: AKS half the nodes at a time, Arc the default', () => {
    expect(ds(render('aks')).spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '50%' } });
    expect(ds(render('k3s')).spec.updateStrategy).toEqual({ type: 'RollingUpdate' });
    expect(rs(render('k3s')).spec.strategy).toEqual({ type: 'RollingUpdate' });
    expect(rs(render('k3s')).spec.revisionHistoryLimit).toBeUndefined();
  });

  test('affinity: AKS nodes only on AKS; the Deployment off the control plane on Arc and preferring system pools on AKS', () => {
    const aks = render('aks');
    expect(required(ds(aks))).toEqual([
      { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
      { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] },
      { key: 'kubernetes.azure.com/cluster', operator: 'Exists' },
    ]);
    expect(required(rs(aks))).toEqual(required(ds(aks)));
    expect(preferred(rs(aks))).toEqual([
      { weight: 100, preference: { matchExpressions: [{ key: 'kubernetes.azure.com/mode', operator: 'In', values: ['system'] }] } },
      { weight: 1, preference: { matchExpressions: [{ key: 'storageprofile', operator: 'NotIn', values: ['managed'] }] } },
    ]);
    const arc = render('k3s');
    const values = parseAllDocuments(fs.readFileSync(path.join(REFERENCE_DIR, 'container-insights/azuremonitor-containers-values.yaml'), 'utf8'))[0].toJS().amalogs;
    expect(pod(ds(arc)).affinity).toEqual(values.daemonset.affinity);
    expect(pod(rs(arc)).affinity).toEqual(values.deployment.affinity);
  });

  test('tolerations: the profile\'s, the AKS Deployment only CriticalAddonsOnly, the user\'s appended', () => {
    const aks = render('aks');
    expect(pod(ds(aks)).tolerations).toEqual(profileOf('aks').defaultTolerations);
    expect(pod(rs(aks)).tolerations).toEqual([{ key: 'CriticalAddonsOnly', operator: 'Exists' }]);
    const ocp = render('openshift');
    expect(pod(ds(ocp)).tolerations).toEqual(profileOf('openshift').defaultTolerations);
    expect(pod(rs(ocp)).tolerations).toEqual(profileOf('openshift').defaultTolerations);
    expect(pod(ds(ocp)).tolerations).toContainEqual({ key: 'node-role.kubernetes.io/infra', operator: 'Exists', effect: 'NoSchedule' });
    const extra = { key: 'dedicated', operator: 'Equal', value: 'monitoring', effect: 'NoSchedule' };
    const objs = render('aks', { cluster: WINDOWS, agents: { tolerations: [extra], nodeSelector: { agentpool: 'system' } } });
    for (const w of workloads(objs)) {
      expect(pod(w).tolerations.slice(-1)).toEqual([extra]);
      expect(pod(w).nodeSelector).toEqual({ agentpool: 'system' });
    }
    expect(pod(ds(aks)).nodeSelector).toBeUndefined();
  });

  test('images from a mirror, the tags pinned', () => {
    const objs = render('aks', { cluster: WINDOWS, agents: { images: { registry: 'mirror.example.com/mcr', tags: { 'ama-logs': '3.1.24-fix' } } } });
    for (const c of allContainers(objs)) expect(c.image).toMatch(/^mirror\.example\.com\/mcr\//);
    expect(container(ds(objs), 'ama-logs').image).toBe('mirror.example.com/mcr/azuremonitor/containerinsights/ciprod:3.1.24-fix');
    expect(container(ds(objs), 'ama-logs-prometheus').image).toBe('mirror.example.com/mcr/azuremonitor/containerinsights/ciprod:3.1.24-fix');
    expect(container(win(objs), 'ama-logs-windows').image).toBe('mirror.example.com/mcr/azuremonitor/containerinsights/ciprod:win-3.1.24');
  });
});

describe('unsupported', () => {
  test('container network logs: the 3.1.24 agent has no flow-log pipeline (the stack rejects them first)', () => {
    const { cluster, ci, m } = models('aks');
    const e = caught(() => renderLogsAgent(cluster, { ...ci, networkFlowLogs: { enabled: true } }, m, { workspaceCustomerId: CUSTOMER_ID }));
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toMatch(/^internal: container network logs reached the logs agent manifests/);
    // The user-facing error, naming the prop, comes from the stack (onboarding.test.ts has the row).
    const stack = caught(() => renderMonitoringStack({
      cluster: { name: 'c1', region: 'westeurope', distribution: 'aks', kubernetesVersion: '1.33', networkDataplane: 'cilium', resourceId: cluster.resourceId },
      containerInsights: { logAnalyticsWorkspace: { resourceId: LAW, region: 'westeurope' }, highLogScale: true },
      networkObservability: { acns: true, containerNetworkLogs: { resources: [{ name: 'drops', filters: [{ verdicts: ['dropped'] }] }] } },
      agents: { mode: 'manifests' },
      onboarding: { logAnalyticsWorkspaceCustomerId: CUSTOMER_ID },
    }));
    expect(stack).toBeInstanceOf(ValidationError);
    expect((stack as ValidationError).path).toBe('agents.mode');
    expect((stack as Error).message).toMatch(/^agents\.mode: got "manifests"; expected "addon" with container network logs/);
  });
});
