/**
 * The agent workloads of `agents.mode: "manifests"` through the whole stack, per distribution, Linux
 * only and Linux + Windows: snapshots (reviewed on purpose), and the fields that must differ per
 * distribution asserted next to them (host paths, tolerations, SCCs, Pod Security labels, Windows
 * workloads, identity wiring), every object against the Kubernetes schema and its CRD, the security
 * invariants, and that no rendered object carries a secret value.
 */
import * as path from 'path';
import { DISTRIBUTIONS, DISTRIBUTION_PROFILES, Distribution, MonitoringStackProps, RenderedStack, renderMonitoringStack } from '../src';
import { expectValidKubernetesObjects } from './support/k8s-schema';
import { REFERENCE_DIR } from './support/reference';
import { sccAdmits, securityViolations } from './support/scc-admission';
import { AGENT_IMAGES } from '../src/model/agents';
import { KubeObject } from '../src/render/kube';

type Obj = Record<string, any>;

const SUB = '/subscriptions/11111111-2222-4333-8444-555555555555';
const WORKSPACE = `${SUB}/resourceGroups/rg-mon/providers/Microsoft.OperationalInsights/workspaces/law-fleet`;
const AMW = `${SUB}/resourceGroups/rg-mon/providers/Microsoft.Monitor/accounts/amw-fleet`;
const CUSTOMER_ID = '0f0e0d0c-0b0a-4908-8706-050403020100';

const CRDS = [
  ...['podmonitors', 'servicemonitors'].map((n) => path.join(REFERENCE_DIR, 'managed-prometheus/crds', `${n}.azmonitoring.coreos.com.yaml`)),
  path.join(REFERENCE_DIR, 'openshift/securitycontextconstraints.crd.yaml'),
];

function propsFor(distribution: Distribution, windows: boolean): MonitoringStackProps {
  const profile = DISTRIBUTION_PROFILES[distribution];
  const name = `c-${distribution}`;
  const aks = profile.onboarding === 'aks-addon';
  return {
    cluster: {
      name,
      region: 'eastus2',
      distribution,
      resourceId: `${SUB}/resourceGroups/rg-${distribution}/providers/${profile.clusterResourceType}/${name}`,
      kubernetesVersion: '1.33',
      ...(windows ? { nodes: { windows: true } } : {}),
    },
    containerInsights: {
      logAnalyticsWorkspace: { resourceId: WORKSPACE, region: 'eastus2' },
      // Arc collects Windows node logs only with workspace-key auth: keep managed identity, Linux logs.
      ...(windows && !aks ? { windowsNodeLogs: false } : {}),
    },
    managedPrometheus: { azureMonitorWorkspace: { resourceId: AMW, region: 'eastus2' } },
    agents: { mode: 'manifests' },
    onboarding: { logAnalyticsWorkspaceCustomerId: CUSTOMER_ID },
  };
}

const CASES = DISTRIBUTIONS.flatMap((d) => [
  [d, false] as const,
  ...(DISTRIBUTION_PROFILES[d].windowsNodes ? [[d, true] as const] : []),
]);

const find = (s: RenderedStack, kind: string, name: string): Obj => {
  const o = s.kubernetesObjects.find((x) => x.kind === kind && x.metadata.name === name);
  expect({ kind, name, found: o !== undefined }).toEqual({ kind, name, found: true });
  return o as Obj;
};
const podSpecs = (objs: readonly KubeObject[]): Array<[string, Obj]> =>
  objs.filter((o) => o.kind === 'DaemonSet' || o.kind === 'Deployment').map((o) => [`${o.kind}/${o.metadata.name}`, (o as Obj).spec.template.spec]);

describe.each(CASES)('%s (Windows nodes: %s)', (distribution, windows) => {
  const profile = DISTRIBUTION_PROFILES[distribution];
  const aks = profile.onboarding === 'aks-addon';
  const stack = renderMonitoringStack(propsFor(distribution, windows));
  const objects = stack.kubernetesObjects;

  test('snapshot of the agent objects', () => {
    // The kube.conf of ama-logs-rs-config and the CRD schemas are upstream data tested equal to the
    // reference elsewhere (ama-logs.test.ts, ama-metrics.test.ts): the snapshot keeps their size.
    const agentObjects = objects
      .filter((o) => o.metadata.name.startsWith('ama-') || ['SecurityContextConstraints', 'Namespace', 'AzureClusterIdentityRequest', 'CustomResourceDefinition',
        'PriorityClass'].includes(o.kind) || o.metadata.name === 'amalogsclusterrolebinding' || o.metadata.name.startsWith('container-insights-'))
      .map((o) => (o.kind === 'CustomResourceDefinition' ? { kind: o.kind, name: o.metadata.name, bytes: JSON.stringify(o).length } : o))
      .map((o: Obj) => (o.kind === 'ConfigMap' && o.metadata?.name === 'ama-logs-rs-config' ? { ...o, data: { 'kube.conf': `${o.data['kube.conf'].length} characters` } } : o));
    expect(agentObjects).toMatchSnapshot();
  });

  test('every object is valid against the Kubernetes schema and its CRD (the Arc identity request has no public CRD: shape only)', () => {
    const identityRequests = objects.filter((o) => o.kind === 'AzureClusterIdentityRequest');
    expectValidKubernetesObjects(objects.filter((o) => o.kind !== 'AzureClusterIdentityRequest'), { crds: CRDS });
    for (const r of identityRequests) {
      expect(r).toEqual({
        apiVersion: 'clusterconfig.azure.com/v1beta1',
        kind: 'AzureClusterIdentityRequest',
        metadata: { name: expect.stringMatching(/^(container-insights|ama-metrics)-clusteridentityrequest$/), namespace: 'azure-arc', labels: expect.any(Object) },
        spec: { audience: 'https://monitor.azure.com/' },
      });
    }
    expect(identityRequests).toHaveLength(aks ? 0 : 2);
  });

  test('the workloads: Windows ones only where the cluster and the agents have them; nothing the add-on or extension would run too', () => {
    const workloads = objects.filter((o) => o.kind === 'DaemonSet' || o.kind === 'Deployment').map((o) => o.metadata.name).sort();
    const expected = ['ama-logs', 'ama-logs-rs', 'ama-metrics', 'ama-metrics-ksm', 'ama-metrics-node', 'ama-metrics-operator-targets'];
    if (windows && aks) expected.push('ama-logs-windows');
    if (windows && profile.windowsMetricsAgent) expected.push('ama-metrics-win-node');
    expect(workloads).toEqual(expected.sort());
    expect(stack.armTemplate.resources.filter((r) => r.type === 'Microsoft.KubernetesConfiguration/extensions')).toEqual([]);
    expect(stack.clusterSettings).toBeUndefined();
  });

  test('host paths: the distribution\'s log directories are mounted by ama-logs', () => {
    const ds = find(stack, 'DaemonSet', 'ama-logs');
    const hostPaths = ds.spec.template.spec.volumes.filter((v: Obj) => v.hostPath).map((v: Obj) => v.hostPath.path);
    expect(hostPaths).toEqual(expect.arrayContaining([...profile.logHostPaths, '/', '/etc/kubernetes']));
    // Only the distribution's extra directories: AKS's /mnt ones are not mounted elsewhere.
    for (const p of ['/mnt/docker', '/mnt/containers', '/home/data/docker']) expect(hostPaths.includes(p)).toBe(profile.logHostPaths.includes(p));
    const node = find(stack, 'DaemonSet', 'ama-metrics-node');
    expect(node.spec.template.spec.volumes.filter((v: Obj) => v.hostPath).map((v: Obj) => v.hostPath.path)).toEqual(
      expect.arrayContaining(['/var/log/containers', '/var/log/pods']),
    );
  });

  test('tolerations: the distribution\'s defaults on the node agents', () => {
    const ds = find(stack, 'DaemonSet', 'ama-logs');
    expect(ds.spec.template.spec.tolerations).toEqual(expect.arrayContaining(profile.defaultTolerations.map((t) => expect.objectContaining(t))));
    const node = find(stack, 'DaemonSet', 'ama-metrics-node');
    const keys = node.spec.template.spec.tolerations.map((t: Obj) => t.key);
    expect(keys).toContain('CriticalAddonsOnly');
    if (!aks) expect(keys).toEqual(expect.arrayContaining(['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master']));
  });

  test('admission objects: SCCs exactly on OpenShift, admitting every agent pod of their account; the PSA label where enforced', () => {
    const sccs = objects.filter((o) => o.kind === 'SecurityContextConstraints') as Obj[];
    expect(sccs.length > 0).toBe(profile.needsOpenShiftScc);
    if (profile.needsOpenShiftScc) {
      expect(sccs.map((s) => s.metadata.name).sort()).toEqual(['ama-logs-scc', 'ama-metrics-ksm-scc', 'ama-metrics-scc']);
      for (const o of objects.filter((x) => x.kind === 'DaemonSet' || x.kind === 'Deployment') as Obj[]) {
        const spec = o.spec.template.spec;
        const scc = sccs.find((s) => s.users.includes(`system:serviceaccount:kube-system:${spec.serviceAccountName}`));
        expect({ workload: o.metadata.name, scc: scc?.metadata.name ?? 'none' }).toEqual({ workload: o.metadata.name, scc: expect.stringMatching(/-scc$/) });
        expect({ workload: o.metadata.name, violations: sccAdmits(scc as never, spec, `kube-system/${spec.serviceAccountName}`) }).toEqual({ workload: o.metadata.name, violations: [] });
      }
    }
    const ns = objects.filter((o) => o.kind === 'Namespace');
    if (Object.keys(profile.podSecurityLabels).length > 0) {
      expect(ns).toEqual([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system', labels: profile.podSecurityLabels } }]);
      // Before the pods it admits.
      expect(objects.indexOf(ns[0])).toBeLessThan(objects.findIndex((o) => o.kind === 'DaemonSet'));
    } else {
      expect(ns).toEqual([]);
    }
  });

  test('security: no container privileged with allowPrivilegeEscalation false; privileged only for the logs agent (and the OpenShift adapter)', () => {
    for (const [workload, spec] of podSpecs(objects)) {
      expect({ workload, violations: securityViolations(spec as never) }).toEqual({ workload, violations: [] });
      for (const c of spec.containers as Obj[]) {
        const privileged = c.securityContext?.privileged === true;
        const allowed = (c.name === 'ama-logs' || c.name === 'ama-logs-prometheus') && !workload.endsWith('ama-logs-windows')
          || (c.name === 'msi-adapter' && profile.needsOpenShiftScc);
        if (privileged) expect({ workload, container: c.name, allowed }).toEqual({ workload, container: c.name, allowed: true });
      }
    }
  });

  test('identity: the platform\'s token adapter in every agent pod; the logs secret holds no secret value', () => {
    for (const [workload, spec] of podSpecs(objects)) {
      const names = (spec.containers as Obj[]).map((c) => c.name);
      if (workload === 'Deployment/ama-metrics-ksm' || workload === 'Deployment/ama-metrics-operator-targets') continue;
      const adapter = aks ? (workload.includes('win') ? 'addon-token-adapter-win' : 'addon-token-adapter') : (workload.startsWith('Deployment/ama-metrics') ||
        workload === 'DaemonSet/ama-metrics-node' ? expect.stringMatching(/msi-adapter$/) : 'msi-adapter');
      expect({ workload, adapter: names.find((n) => /adapter/.test(n)) }).toEqual({ workload, adapter });
    }
    const secrets = objects.filter((o) => o.kind === 'Secret') as Obj[];
    expect(secrets).toHaveLength(1);
    expect(secrets[0].stringData).toEqual({ WSID: CUSTOMER_ID, KEY: '<not_used>' });
    expect(secrets[0].data).toBeUndefined();
  });

  test('images: every container image is one of the pinned upstream images under mcr.microsoft.com', () => {
    const allowed = Object.values(AGENT_IMAGES).map((i) => `mcr.microsoft.com/${i.repository}:${i.tag}`);
    for (const [workload, spec] of podSpecs(objects)) {
      for (const c of [...(spec.initContainers ?? []), ...spec.containers] as Obj[]) {
        expect({ workload, container: c.name, image: allowed.includes(c.image) }).toEqual({ workload, container: c.name, image: true });
      }
    }
  });
});

describe('knobs through the stack', () => {
  test('registry, tolerations, node selector and priority reach every agent pod; resources the chosen container', () => {
    const p = propsFor('k3s', false);
    const stack = renderMonitoringStack({
      ...p,
      agents: {
        mode: 'manifests',
        images: { registry: 'mirror.example.com/mcr' },
        tolerations: [{ key: 'pos', operator: 'Exists', effect: 'NoSchedule' }],
        nodeSelector: { 'example.com/monitored': 'true' },
        priorityClassName: 'platform-critical',
        resources: { 'ama-metrics': { limits: { memory: '4Gi' } } },
      },
    });
    for (const [workload, spec] of podSpecs(stack.kubernetesObjects)) {
      expect({ workload, priority: spec.priorityClassName }).toEqual({ workload, priority: 'platform-critical' });
      expect({ workload, selector: spec.nodeSelector?.['example.com/monitored'] }).toEqual({ workload, selector: 'true' });
      expect({ workload, toleration: spec.tolerations.some((t: Obj) => t.key === 'pos') }).toEqual({ workload, toleration: true });
      for (const c of spec.containers as Obj[]) expect(c.image).toMatch(/^mirror\.example\.com\/mcr\//);
    }
    const rs = find(stack, 'Deployment', 'ama-metrics');
    expect(rs.spec.template.spec.containers.find((c: Obj) => c.name === 'prometheus-collector').resources.limits.memory).toBe('4Gi');
    // No Arc PriorityClass when the user names their own.
    expect(stack.kubernetesObjects.filter((o) => o.kind === 'PriorityClass')).toEqual([]);
  });

  test('workspace-key: the user\'s Secret is referenced, never rendered', () => {
    const p = propsFor('generic', true);
    const stack = renderMonitoringStack({
      ...p,
      containerInsights: { logAnalyticsWorkspace: { resourceId: WORKSPACE, region: 'eastus2' }, authentication: 'workspace-key', windowsNodeLogs: true },
      agents: { mode: 'manifests', workspaceKeySecret: 'ama-logs-key' },
      onboarding: undefined,
    });
    expect(stack.kubernetesObjects.filter((o) => o.kind === 'Secret')).toEqual([]);
    for (const name of ['ama-logs', 'ama-logs-windows']) {
      const vols = find(stack, 'DaemonSet', name).spec.template.spec.volumes as Obj[];
      expect(vols.filter((v) => v.secret?.secretName === 'ama-logs-key')).toHaveLength(1);
    }
  });

  test('onboarding.managedPrometheus: false leaves the metrics agent out (it is onboarded elsewhere)', () => {
    const stack = renderMonitoringStack({ ...propsFor('openshift', false), onboarding: { logAnalyticsWorkspaceCustomerId: CUSTOMER_ID, managedPrometheus: false } });
    expect(stack.kubernetesObjects.filter((o) => o.metadata.name.startsWith('ama-metrics-') && o.kind !== 'ConfigMap')).toEqual([]);
    expect(stack.kubernetesObjects.filter((o) => o.kind === 'SecurityContextConstraints').map((o) => o.metadata.name)).toEqual(['ama-logs-scc']);
  });
});
