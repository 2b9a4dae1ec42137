/**
 * Admission objects for the agent workloads (src/render/agents/admission.ts): OpenShift SCCs derived
 * from the pod specs they admit, the Pod Security labels of kube-system where the distribution enforces
 * `restricted`, nothing elsewhere.
 *
 * The workloads here are fixtures written after the upstream manifests (NOTES-container-insights §1.3–1.5,
 * NOTES-managed-prometheus §2.4–2.9; their identity sidecar is the real one from common.ts), so the
 * derivation is tested independently of the agent renderers; the last block runs it over their output.
 */
import * as path from 'path';
import { validateCustomResource } from './support/crd-schema';
import { expectValidKubernetesObjects, validateKubernetesObject } from './support/k8s-schema';
import { REFERENCE_DIR } from './support/reference';
import {
  EXAMPLE_KUBE_SYSTEM_ALLOCATION,
  PodSpecLike,
  RESTRICTED_V2,
  Scc,
  podSecurityViolations,
  sccAdmits,
  sccMutations,
  securityViolations,
} from './support/scc-admission';
import { AgentManifestsModel, resolveAgents } from '../src/model/agents';
import { ClusterModel, resolveCluster } from '../src/model/cluster';
import { resolveContainerInsights } from '../src/model/container-insights';
import { DISTRIBUTIONS, Distribution, profileOf } from '../src/model/distribution';
import { resolveManagedPrometheus } from '../src/model/managed-prometheus';
import { isNamespacePatch, renderAdmissionObjects, SCC_API_VERSION, SCC_KIND } from '../src/render/agents/admission';
import { renderLogsAgent } from '../src/render/agents/ama-logs';
import { renderMetricsAgent } from '../src/render/agents/ama-metrics';
import { identitySidecar } from '../src/render/agents/common';
import { COMMON_LABELS, KubeObject } from '../src/render/kube';

type Obj = Record<string, any>;

const SCC_CRD = path.join(REFERENCE_DIR, 'openshift/securitycontextconstraints.crd.yaml');
const SUB = '/subscriptions/00000000-0000-4000-8000-000000000001';
const LAW = `${SUB}/resourceGroups/rg-mon/providers/Microsoft.OperationalInsights/workspaces/law1`;
const AMW = `${SUB}/resourceGroups/rg-mon/providers/Microsoft.Monitor/accounts/amw1`;

/** A cluster of `distribution` with its ARM ID (manifests mode needs it). */
function cluster(distribution: Distribution, windows = false): ClusterModel {
  const type = profileOf(distribution).clusterResourceType;
  const resourceId = `${SUB}/resourceGroups/rg-c1/providers/${type}/c1`;
  return resolveCluster('cluster', { name: 'c1', region: 'westeurope', distribution, nodes: { windows }, resourceId });
}

function manifests(c: ClusterModel): AgentManifestsModel {
  return resolveAgents('agents', { mode: 'manifests' }, c, {}).manifests!;
}

// --- fixtures after the upstream manifests -----------------------------------------------------------

const hostPath = (name: string, p: string): Obj => ({ name, hostPath: { path: p } });
const configMap = (name: string, cm: string): Obj => ({ name, configMap: { name: cm, optional: true } });
const secret = (name: string, s: string, optional = false): Obj => ({ name, secret: { secretName: s, ...(optional ? { optional } : {}) } });
/** The explicit service-account token volume of the Arc chart and the dev manifest (NOTES-container-insights §1.3). */
const KUBE_API_ACCESS: Obj = {
  name: 'kube-api-access',
  projected: {
    sources: [
      { serviceAccountToken: { path: 'token', expirationSeconds: 3600 } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ],
  },
};
/** The logs agent containers: privileged, drop ALL, add DAC_OVERRIDE (NOTES-container-insights §1.4). */
const LOGS_SECURITY = { privileged: true, capabilities: { drop: ['ALL'], add: ['DAC_OVERRIDE'] } };
/** The metrics collector: not privileged, drop ALL, add DAC_OVERRIDE (NOTES-managed-prometheus §2.4). */
const COLLECTOR_SECURITY = { privileged: false, capabilities: { drop: ['ALL'], add: ['DAC_OVERRIDE'] } };

function workload(kind: 'DaemonSet' | 'Deployment', name: string, labels: Record<string, string>, spec: Obj): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace: 'kube-system', labels: { ...COMMON_LABELS } },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec } },
  };
}

interface FixtureOptions {
  /** The logs agent listens for syslog on host port 28330 (NOTES-container-insights §1.4 "Ports"). */
  readonly syslog?: boolean;
}

/** ama-logs DaemonSet, ama-logs-rs Deployment and (Windows nodes) ama-logs-windows DaemonSet. */
function logsWorkloads(c: ClusterModel, m: AgentManifestsModel, o: FixtureOptions = {}): KubeObject[] {
  const image = m.images['ama-logs'];
  const ds = workload('DaemonSet', 'ama-logs', { component: 'ama-logs-agent', tier: 'node' }, {
    serviceAccountName: 'ama-logs',
    containers: [
      identitySidecar(c, m, 'logs-node'),
      {
        name: 'ama-logs',
        image,
        securityContext: LOGS_SECURITY,
        ports: [
          { containerPort: 25225, protocol: 'TCP' },
          { containerPort: 25224, protocol: 'UDP' },
          ...(o.syslog ? [{ name: 'syslog', containerPort: 28330, hostPort: 28330, protocol: 'TCP' }] : []),
        ],
        volumeMounts: [{ name: 'host-root', mountPath: '/hostfs', readOnly: true }],
      },
      { name: 'ama-logs-prometheus', image, securityContext: LOGS_SECURITY },
    ],
    volumes: [
      KUBE_API_ACCESS,
      { name: 'mdsd-prometheus-sock', emptyDir: {} },
      hostPath('host-root', '/'),
      ...c.profile.logHostPaths.map((p, i) => hostPath(`host-log-${i}`, p)),
      hostPath('azure-json-path', '/etc/kubernetes'),
      secret('ama-logs-secret', 'ama-logs-secret'),
      configMap('settings-vol-config', 'container-azm-ms-agentconfig'),
    ],
  });
  const rs = workload('Deployment', 'ama-logs-rs', { rsName: 'ama-logs-rs' }, {
    serviceAccountName: 'ama-logs',
    containers: [identitySidecar(c, m, 'logs-cluster'), { name: 'ama-logs', image, securityContext: LOGS_SECURITY }],
    volumes: [
      KUBE_API_ACCESS,
      hostPath('host-log', '/var/log'),
      secret('ama-logs-secret', 'ama-logs-secret'),
      { name: 'ama-logs-rs-config', configMap: { name: 'ama-logs-rs-config' } },
      configMap('settings-vol-config', 'container-azm-ms-agentconfig'),
    ],
  });
  // Windows: not privileged, drop ALL add DAC_OVERRIDE; legacy auth on Arc (no identity sidecar).
  const win = workload('DaemonSet', 'ama-logs-windows', { component: 'ama-logs-agent-windows', tier: 'node-win' }, {
    serviceAccountName: 'ama-logs',
    nodeSelector: { 'kubernetes.io/os': 'windows' },
    containers: [{ name: 'ama-logs-windows', image: m.images['ama-logs-windows'], securityContext: { capabilities: { drop: ['ALL'], add: ['DAC_OVERRIDE'] } } }],
    volumes: [
      hostPath('docker-windows-containers', 'C:\\ProgramData\\docker\\containers'),
      hostPath('docker-windows-kuberenetes-container-logs', 'C:\\var'),
      secret('ama-logs-secret', 'ama-logs-secret'),
      configMap('settings-vol-config', 'container-azm-ms-agentconfig'),
    ],
  });
  return [ds, rs, ...(c.windowsNodes ? [win] : [])];
}

/** ama-metrics Deployment, ama-metrics-node DaemonSet, the target allocator and kube-state-metrics. */
function metricsWorkloads(c: ClusterModel, m: AgentManifestsModel): KubeObject[] {
  const collector = (extraVolumes: Obj[] = []): Obj => ({
    serviceAccountName: 'ama-metrics-serviceaccount',
    containers: [identitySidecar(c, m, 'metrics'), { name: 'prometheus-collector', image: m.images['prometheus-collector'], securityContext: COLLECTOR_SECURITY }],
    volumes: [
      configMap('settings-vol-config', 'ama-metrics-settings-configmap'),
      configMap('prometheus-config-vol', 'ama-metrics-prometheus-config'),
      secret('ama-metrics-tls-secret-volume', 'ama-metrics-mtls-secret', true),
      hostPath('host-log-containers', '/var/log/containers'),
      hostPath('host-log-pods', '/var/log/pods'),
      ...extraVolumes,
    ],
  });
  const rs = workload('Deployment', 'ama-metrics', { rsName: 'ama-metrics' }, collector([secret('ama-metrics-proxy-cert', 'ama-metrics-proxy-cert', true)]));
  const ds = workload('DaemonSet', 'ama-metrics-node', { dsName: 'ama-metrics-node' }, collector());
  const ta = workload('Deployment', 'ama-metrics-operator-targets', { rsName: 'ama-metrics-operator-targets' }, {
    serviceAccountName: 'ama-metrics-serviceaccount',
    containers: [
      { name: 'targetallocator', image: m.images['target-allocator'], securityContext: { capabilities: { drop: ['ALL'] } } },
      // Arc adds DAC_OVERRIDE to the config reader (NOTES-managed-prometheus §2.7).
      { name: 'config-reader', image: m.images['config-reader'], securityContext: { capabilities: { drop: ['ALL'], add: ['DAC_OVERRIDE'] } } },
    ],
    volumes: [{ name: 'ta-config-shared', emptyDir: {} }, secret('server-tls', 'ama-metrics-operator-targets-server-tls-secret', true)],
  });
  const ksm = workload('Deployment', 'ama-metrics-ksm', { 'app.kubernetes.io/name': 'ama-metrics-ksm' }, {
    serviceAccountName: 'ama-metrics-ksm',
    hostNetwork: false,
    securityContext: { fsGroup: 65534, runAsGroup: 65534, runAsUser: 65534 },
    containers: [{
      name: 'ama-metrics-ksm',
      image: m.images['kube-state-metrics'],
      securityContext: { capabilities: { drop: ['ALL'] } },
      ports: [{ containerPort: 8080, name: 'http' }],
    }],
    volumes: [configMap('settings-vol-config', 'ama-metrics-settings-configmap')],
  });
  return [rs, ds, ta, ksm];
}

function agentWorkloads(c: ClusterModel, o: FixtureOptions = {}): KubeObject[] {
  const m = manifests(c);
  return [...logsWorkloads(c, m, o), ...metricsWorkloads(c, m)];
}

// --- helpers -----------------------------------------------------------------------------------------

interface Pod {
  readonly source: string;
  readonly serviceAccount: string;
  readonly spec: PodSpecLike;
}

function podsOf(workloads: readonly KubeObject[]): Pod[] {
  return workloads
    .filter((w) => w.kind === 'DaemonSet' || w.kind === 'Deployment')
    .map((w) => {
      const spec = (w as Obj).spec.template.spec as PodSpecLike;
      return { source: `${w.kind}/${w.metadata.name}`, serviceAccount: `${w.metadata.namespace}/${spec.serviceAccountName ?? 'default'}`, spec };
    });
}

const sccs = (objs: readonly KubeObject[]): Obj[] => objs.filter((o) => o.kind === SCC_KIND) as Obj[];
const sccFor = (objs: readonly KubeObject[], name: string): Obj => {
  const s = sccs(objs).find((o) => o.metadata.name === name);
  if (!s) throw new Error(`no SCC ${name} among ${sccs(objs).map((o) => o.metadata.name).join(', ')}`);
  return s;
};
const accountOf = (scc: Obj): string => (scc.users[0] as string).replace(/^system:serviceaccount:([^:]+):/, '$1/');

/** Every pod of `workloads` that runs as the SCC's account, with what admission would do to it. */
function admission(scc: Obj, workloads: readonly KubeObject[]): { source: string; violations: string[]; mutations: string[] }[] {
  return podsOf(workloads)
    .filter((p) => p.serviceAccount === accountOf(scc))
    .map((p) => ({
      source: p.source,
      violations: sccAdmits(scc as Scc, p.spec, p.serviceAccount),
      mutations: sccMutations(scc as Scc, p.spec, p.serviceAccount),
    }));
}

/** The SCC with one permission taken away (or one constraint added), and what was changed. */
function tightenings(scc: Obj): { change: string; scc: Obj }[] {
  const out: { change: string; scc: Obj }[] = [];
  const variant = (change: string, patch: Obj): void => {
    out.push({ change, scc: { ...scc, ...patch } });
  };
  if (scc.allowPrivilegedContainer) variant('allowPrivilegedContainer: false', { allowPrivilegedContainer: false });
  if (scc.allowPrivilegeEscalation !== false) variant('allowPrivilegeEscalation: false', { allowPrivilegeEscalation: false });
  for (const f of ['allowHostNetwork', 'allowHostPID', 'allowHostIPC', 'allowHostPorts']) if (scc[f]) variant(`${f}: false`, { [f]: false });
  for (const cap of scc.allowedCapabilities) variant(`without capability ${cap}`, { allowedCapabilities: scc.allowedCapabilities.filter((c: string) => c !== cap) });
  for (const cap of ['ALL', 'NET_ADMIN', 'DAC_OVERRIDE', 'NET_RAW']) {
    if (!scc.requiredDropCapabilities.includes(cap) && !scc.allowedCapabilities.includes(cap)) {
      variant(`requiredDropCapabilities + ${cap}`, { requiredDropCapabilities: [...scc.requiredDropCapabilities, cap] });
    }
  }
  for (const vol of scc.volumes.filter((v: string) => v !== 'none')) {
    variant(`without volume type ${vol}`, {
      volumes: scc.volumes.filter((v: string) => v !== vol),
      allowHostDirVolumePlugin: vol === 'hostPath' ? false : scc.allowHostDirVolumePlugin,
    });
  }
  if (!scc.readOnlyRootFilesystem) variant('readOnlyRootFilesystem: true', { readOnlyRootFilesystem: true });
  if (scc.runAsUser.type === 'RunAsAny') variant('runAsUser MustRunAsNonRoot', { runAsUser: { type: 'MustRunAsNonRoot' } });
  if (scc.runAsUser.type === 'MustRunAs') variant('another uid', { runAsUser: { type: 'MustRunAs', uid: scc.runAsUser.uid + 1 } });
  if (scc.fsGroup.type === 'RunAsAny') variant('fsGroup MustRunAs 1000', { fsGroup: { type: 'MustRunAs', ranges: [{ min: 1000, max: 1000 }] } });
  if (scc.fsGroup.type === 'MustRunAs') variant('another fsGroup', { fsGroup: { type: 'MustRunAs', ranges: [{ min: 1000, max: 1000 }] } });
  if (scc.seLinuxContext.type === 'RunAsAny') variant('seLinuxContext MustRunAs', { seLinuxContext: { type: 'MustRunAs', seLinuxOptions: { level: 's0:c1,c0' } } });
  if (scc.supplementalGroups.type === 'RunAsAny') {
    variant('supplementalGroups MustRunAs', { supplementalGroups: { type: 'MustRunAs', ranges: [{ min: 1000, max: 1000 }] } });
  }
  if (scc.seccompProfiles === undefined) variant('seccompProfiles [runtime/default]', { seccompProfiles: ['runtime/default'] });
  return out;
}

// --- which objects, per distribution -------------------------------------------------------------------

describe('which admission objects each distribution gets', () => {
  test.each(DISTRIBUTIONS)('%s: SCCs iff needsOpenShiftScc, the kube-system Namespace iff podSecurityLabels', (d) => {
    const c = cluster(d);
    const objs = renderAdmissionObjects(c, agentWorkloads(c));
    const p = profileOf(d);
    const expected = [
      ...(Object.keys(p.podSecurityLabels).length > 0 ? ['v1/Namespace/kube-system'] : []),
      ...(p.needsOpenShiftScc ? ['ama-logs-scc', 'ama-metrics-ksm-scc', 'ama-metrics-scc'].map((n) => `${SCC_API_VERSION}/${SCC_KIND}/${n}`) : []),
    ];
    expect(objs.map((o) => `${o.apiVersion}/${o.kind}/${o.metadata.name}`)).toEqual(expected);
  });

  test('the rows that need something: OpenShift (SCCs) and VMware TKG (Pod Security labels) only', () => {
    expect(DISTRIBUTIONS.filter((d) => profileOf(d).needsOpenShiftScc)).toEqual(['openshift']);
    expect(DISTRIBUTIONS.filter((d) => Object.keys(profileOf(d).podSecurityLabels).length > 0)).toEqual(['vmware-tkg']);
  });

  test('no workloads: nothing but the namespace labels', () => {
    expect(renderAdmissionObjects(cluster('openshift'), [])).toEqual([]);
    expect(renderAdmissionObjects(cluster('vmware-tkg'), []).map((o) => o.kind)).toEqual(['Namespace']);
  });

  test('the fixtures themselves are valid Kubernetes objects and keep the security invariant', () => {
    for (const d of ['aks', 'openshift', 'k3s'] as const) {
      const w = agentWorkloads(cluster(d, d !== 'k3s'), { syslog: true });
      expectValidKubernetesObjects(w);
      for (const p of podsOf(w)) expect({ source: p.source, violations: securityViolations(p.spec) }).toEqual({ source: p.source, violations: [] });
    }
  });
});

// --- Pod Security Admission ---------------------------------------------------------------------------

describe('Pod Security Admission (VMware TKG)', () => {
  const tkg = cluster('vmware-tkg', true);
  const workloads = agentWorkloads(tkg);
  const [ns] = renderAdmissionObjects(tkg, workloads);

  test('a kube-system Namespace carrying exactly the profile labels: a patch of the existing namespace', () => {
    expect(ns).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'kube-system', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } },
    });
    // Not ours to own: no managed-by label, so label-selected pruning can never pick kube-system.
    expect(Object.keys(ns.metadata.labels ?? {})).not.toContain('app.kubernetes.io/managed-by');
    expect(isNamespacePatch(ns)).toBe(true);
    expect(validateKubernetesObject(ns)).toEqual([]);
  });

  test('the label is needed: agent pods violate baseline (privileged, hostPath) and restricted', () => {
    const pods = podsOf(workloads);
    const logs = pods.find((p) => p.source === 'DaemonSet/ama-logs')!;
    const baseline = podSecurityViolations(logs.spec, 'baseline');
    expect(baseline).toEqual(expect.arrayContaining(['container ama-logs: privileged', 'hostPath volume host-root']));
    expect(pods.find((p) => p.source === 'DaemonSet/ama-metrics-node')!.spec.volumes!.some((v) => v.hostPath)).toBe(true);
    expect(podSecurityViolations(pods.find((p) => p.source === 'DaemonSet/ama-metrics-node')!.spec, 'baseline')).toContain('hostPath volume host-log-containers');
    // Even kube-state-metrics, which passes baseline, fails restricted (no runAsNonRoot, no seccomp profile).
    const ksm = pods.find((p) => p.source === 'Deployment/ama-metrics-ksm')!;
    expect(podSecurityViolations(ksm.spec, 'baseline')).toEqual([]);
    expect(podSecurityViolations(ksm.spec, 'restricted')).toEqual(
      expect.arrayContaining(['container ama-metrics-ksm: runAsNonRoot != true', 'container ama-metrics-ksm: seccomp not RuntimeDefault/Localhost']),
    );
    for (const p of pods) expect({ source: p.source, restricted: podSecurityViolations(p.spec, 'restricted').length > 0 }).toEqual({ source: p.source, restricted: true });
    // So `baseline` would not do either: the label must be `privileged`.
    expect(pods.filter((p) => podSecurityViolations(p.spec, 'baseline').length > 0).length).toBeGreaterThan(0);
  });

  test('the Pod Security checker accepts a restricted pod (it can pass, not only fail)', () => {
    const spec: PodSpecLike = {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: 'app', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } } }],
      volumes: [{ name: 'cfg', configMap: { name: 'x' } }],
    };
    expect(podSecurityViolations(spec, 'restricted')).toEqual([]);
  });
});

// --- OpenShift SCCs ------------------------------------------------------------------------------------

describe('OpenShift SCCs derived from the pods they admit', () => {
  const ocp = cluster('openshift', true);
  const workloads = agentWorkloads(ocp);
  const objs = renderAdmissionObjects(ocp, workloads);
  const meta = (name: string, sa: string, sources: string): Obj => ({
    name,
    labels: COMMON_LABELS,
    annotations: { 'kubernetes.io/description': `Admits the pods of kube-system/${sa} (${sources}); derived from their pod specs by azure-monitor-k8s.` },
  });
  const HOST_FLAGS = { allowHostIPC: false, allowHostNetwork: false, allowHostPID: false, allowHostPorts: false };

  test('ama-logs-scc (upstream name, SA kube-system/ama-logs): privileged, hostPath, DAC_OVERRIDE, RunAsAny', () => {
    expect(sccFor(objs, 'ama-logs-scc')).toEqual({
      apiVersion: 'security.openshift.io/v1',
      kind: 'SecurityContextConstraints',
      metadata: meta('ama-logs-scc', 'ama-logs', 'DaemonSet/ama-logs, Deployment/ama-logs-rs, DaemonSet/ama-logs-windows'),
      allowPrivilegedContainer: true,
      allowPrivilegeEscalation: true,
      allowHostDirVolumePlugin: true,
      ...HOST_FLAGS,
      // The OpenShift msi-adapter is privileged without capabilities (common.ts); the agents add DAC_OVERRIDE.
      allowedCapabilities: ['DAC_OVERRIDE'],
      defaultAddCapabilities: [],
      requiredDropCapabilities: [], // the msi-adapter drops nothing
      readOnlyRootFilesystem: false,
      runAsUser: { type: 'RunAsAny' },
      seLinuxContext: { type: 'RunAsAny' },
      fsGroup: { type: 'RunAsAny' },
      supplementalGroups: { type: 'RunAsAny' },
      volumes: ['configMap', 'emptyDir', 'hostPath', 'projected', 'secret'],
      users: ['system:serviceaccount:kube-system:ama-logs'],
      groups: [],
      priority: 0,
    });
  });

  test('ama-metrics-scc (upstream name, SA kube-system/ama-metrics-serviceaccount)', () => {
    expect(sccFor(objs, 'ama-metrics-scc')).toEqual({
      apiVersion: 'security.openshift.io/v1',
      kind: 'SecurityContextConstraints',
      metadata: meta('ama-metrics-scc', 'ama-metrics-serviceaccount', 'Deployment/ama-metrics, DaemonSet/ama-metrics-node, Deployment/ama-metrics-operator-targets'),
      allowPrivilegedContainer: true, // the msi-adapter
      allowPrivilegeEscalation: true,
      allowHostDirVolumePlugin: true,
      ...HOST_FLAGS,
      allowedCapabilities: ['DAC_OVERRIDE'],
      defaultAddCapabilities: [],
      requiredDropCapabilities: [],
      readOnlyRootFilesystem: false,
      runAsUser: { type: 'RunAsAny' },
      seLinuxContext: { type: 'RunAsAny' },
      fsGroup: { type: 'RunAsAny' },
      supplementalGroups: { type: 'RunAsAny' },
      volumes: ['configMap', 'emptyDir', 'hostPath', 'secret'],
      users: ['system:serviceaccount:kube-system:ama-metrics-serviceaccount'],
      groups: [],
      priority: 0,
    });
  });

  test('ama-metrics-ksm-scc: KSM fixes uid and fsGroup 65534, which restricted-v2 rejects; its SCC pins exactly those', () => {
    expect(sccFor(objs, 'ama-metrics-ksm-scc')).toEqual({
      apiVersion: 'security.openshift.io/v1',
      kind: 'SecurityContextConstraints',
      metadata: meta('ama-metrics-ksm-scc', 'ama-metrics-ksm', 'Deployment/ama-metrics-ksm'),
      allowPrivilegedContainer: false,
      allowPrivilegeEscalation: true, // KSM leaves it unset
      allowHostDirVolumePlugin: false,
      ...HOST_FLAGS,
      allowedCapabilities: [],
      defaultAddCapabilities: [],
      requiredDropCapabilities: ['ALL'],
      readOnlyRootFilesystem: false,
      runAsUser: { type: 'MustRunAs', uid: 65534 },
      seLinuxContext: { type: 'RunAsAny' },
      fsGroup: { type: 'MustRunAs', ranges: [{ min: 65534, max: 65534 }] },
      supplementalGroups: { type: 'RunAsAny' },
      volumes: ['configMap'],
      users: ['system:serviceaccount:kube-system:ama-metrics-ksm'],
      groups: [],
      priority: 0,
    });
    const ksm = podsOf(workloads).find((p) => p.source === 'Deployment/ama-metrics-ksm')!;
    expect(sccAdmits(RESTRICTED_V2, ksm.spec, ksm.serviceAccount, EXAMPLE_KUBE_SYSTEM_ALLOCATION)).toEqual([
      'fsGroup: 65534 is not an allowed group',
      'container ama-metrics-ksm: runAsUser 65534 must be in [1000040000, 1000049999]',
    ]);
  });

  test('every SCC is valid against the SCC CRD; the check rejects a broken one', () => {
    for (const s of sccs(objs)) expect(validateCustomResource(s, SCC_CRD)).toEqual([]);
    const { priority: _p, ...noPriority } = sccFor(objs, 'ama-logs-scc');
    expect(validateCustomResource(noPriority, SCC_CRD).join('\n')).toMatch(/must have required property 'priority'/);
    expect(validateCustomResource({ ...sccFor(objs, 'ama-logs-scc'), allowedCapabilities: 'NET_ADMIN' }, SCC_CRD).join('\n')).toMatch(/allowedCapabilities must be array/);
    expect(validateCustomResource({ ...sccFor(objs, 'ama-logs-scc'), metadata: { name: 'x', namespace: 'kube-system' } }, SCC_CRD)).not.toEqual([]);
  });

  test('every agent pod is admitted by the SCC of its service account, as it is (the SCC changes nothing)', () => {
    const withSyslog = agentWorkloads(ocp, { syslog: true });
    for (const w of [workloads, withSyslog]) {
      const derived = renderAdmissionObjects(ocp, w);
      for (const s of sccs(derived)) {
        const results = admission(s, w);
        expect(results.length).toBeGreaterThan(0);
        for (const r of results) expect(r).toEqual({ source: r.source, violations: [], mutations: [] });
      }
    }
  });

  test('each SCC admits nothing wider: every permission taken away rejects or changes one of its pods', () => {
    for (const s of sccs(objs)) {
      for (const t of tightenings(s)) {
        const results = admission(t.scc, workloads);
        const affected = results.filter((r) => r.violations.length > 0 || r.mutations.length > 0);
        // The one exception is OpenShift's own: a projected volume that only holds the service-account
        // token passes wherever `secret` does; the SCC still lists the types the pods use, exactly.
        if (t.change === 'without volume type projected') {
          expect(affected).toEqual([]);
          continue;
        }
        const key = { scc: s.metadata.name, change: t.change };
        expect({ ...key, affected: affected.length > 0 }).toEqual({ ...key, affected: true });
      }
    }
  });

  test('e.g. without DAC_OVERRIDE the agents are rejected; without privileged the msi-adapter and the agents', () => {
    const logs = sccFor(objs, 'ama-logs-scc');
    const noDac = admission({ ...logs, allowedCapabilities: [] }, workloads).find((r) => r.source === 'DaemonSet/ama-logs')!;
    expect(noDac.violations).toEqual(['container ama-logs: capability DAC_OVERRIDE may not be added', 'container ama-logs-prometheus: capability DAC_OVERRIDE may not be added']);
    const noPriv = admission({ ...logs, allowPrivilegedContainer: false }, workloads).find((r) => r.source === 'DaemonSet/ama-logs')!;
    expect(noPriv.violations).toEqual([
      'container msi-adapter: Privileged containers are not allowed',
      'container ama-logs: Privileged containers are not allowed',
      'container ama-logs-prometheus: Privileged containers are not allowed',
    ]);
    // Privilege escalation off: the SCC would default the privileged containers to false, which Kubernetes rejects.
    const noEsc = admission({ ...logs, allowPrivilegeEscalation: false }, workloads).find((r) => r.source === 'Deployment/ama-logs-rs')!;
    expect(noEsc.violations).toEqual([
      "after the SCC's defaults: container msi-adapter: privileged: true with allowPrivilegeEscalation: false",
      "after the SCC's defaults: container ama-logs: privileged: true with allowPrivilegeEscalation: false",
    ]);
  });

  test('an unprivileged NET_ADMIN/NET_RAW identity sidecar: its capabilities are derived, and without NET_ADMIN the pod is rejected', () => {
    // The Arc msi-adapter of non-OpenShift clusters (common.ts), run under an OpenShift profile.
    const k3s = cluster('k3s');
    const w = logsWorkloads(k3s, manifests(k3s));
    const [scc] = renderAdmissionObjects(ocp, w) as Obj[];
    expect(scc.metadata.name).toBe('ama-logs-scc');
    expect(scc.allowedCapabilities).toEqual(['DAC_OVERRIDE', 'NET_ADMIN', 'NET_RAW']);
    for (const r of admission(scc, w)) expect(r.violations).toEqual([]);
    const rejected = admission({ ...scc, allowedCapabilities: ['DAC_OVERRIDE', 'NET_RAW'] }, w);
    expect(rejected.map((r) => r.violations)).toEqual([['container msi-adapter: capability NET_ADMIN may not be added'], ['container msi-adapter: capability NET_ADMIN may not be added']]);
  });

  test('host ports: the syslog host port of ama-logs makes allowHostPorts true, and only then', () => {
    expect(sccFor(objs, 'ama-logs-scc').allowHostPorts).toBe(false);
    const withSyslog = renderAdmissionObjects(ocp, agentWorkloads(ocp, { syslog: true }));
    expect(sccFor(withSyslog, 'ama-logs-scc').allowHostPorts).toBe(true);
    expect(sccFor(withSyslog, 'ama-metrics-scc').allowHostPorts).toBe(false);
  });

  test("upstream's own ama-logs-scc would not admit the pods it is for (emptyDir, DAC_OVERRIDE): why ours is derived", () => {
    const upstream: Scc = {
      allowPrivilegedContainer: true,
      allowPrivilegeEscalation: true,
      allowHostDirVolumePlugin: true,
      allowedCapabilities: ['NET_ADMIN', 'NET_RAW'],
      readOnlyRootFilesystem: false,
      runAsUser: { type: 'RunAsAny' },
      seLinuxContext: { type: 'RunAsAny' },
      fsGroup: { type: 'RunAsAny' },
      supplementalGroups: { type: 'RunAsAny' },
      volumes: ['hostPath', 'configMap', 'secret'],
      users: ['system:serviceaccount:kube-system:ama-logs'],
    };
    const ds = podsOf(workloads).find((p) => p.source === 'DaemonSet/ama-logs')!;
    expect(sccAdmits(upstream, ds.spec, ds.serviceAccount)).toEqual([
      'volume mdsd-prometheus-sock: emptyDir volumes are not allowed to be used',
      'container ama-logs: capability DAC_OVERRIDE may not be added',
      'container ama-logs-prometheus: capability DAC_OVERRIDE may not be added',
    ]);
  });

  test('an SCC is only rendered for accounts whose pods restricted-v2 rejects, and the two evaluations agree', () => {
    const plain = workload('Deployment', 'plain', { app: 'plain' }, {
      serviceAccountName: 'plain',
      containers: [{ name: 'app', image: 'example.com/app:1', securityContext: { capabilities: { drop: ['ALL'] } } }],
      volumes: [{ name: 'tmp', emptyDir: {} }, KUBE_API_ACCESS],
    });
    const all = [...workloads, plain];
    const derived = renderAdmissionObjects(ocp, all);
    const withScc = new Set(sccs(derived).map(accountOf));
    const accounts = new Set(podsOf(all).map((p) => p.serviceAccount));
    for (const account of accounts) {
      const rejected = podsOf(all)
        .filter((p) => p.serviceAccount === account)
        .some((p) => sccAdmits(RESTRICTED_V2, p.spec, account, EXAMPLE_KUBE_SYSTEM_ALLOCATION).length > 0);
      expect({ account, scc: withScc.has(account) }).toEqual({ account, scc: rejected });
    }
    expect(withScc.has('kube-system/plain')).toBe(false);
    expect(sccAdmits(RESTRICTED_V2, podsOf([plain])[0].spec, 'kube-system/plain', EXAMPLE_KUBE_SYSTEM_ALLOCATION)).toEqual([]);
  });

  test('pods fixing SELinux options, supplemental groups, seccomp and host networking: fixed strategies, admitted unchanged', () => {
    const seLinuxOptions = { type: 'spc_t', level: 's0' };
    const pinned = workload('DaemonSet', 'pinned', { app: 'pinned' }, {
      serviceAccountName: 'pinned',
      hostNetwork: true,
      securityContext: { seLinuxOptions, supplementalGroups: [2000, 1000], seccompProfile: { type: 'RuntimeDefault' }, runAsUser: 1001 },
      containers: [
        { name: 'a', image: 'example.com/a:1', ports: [{ containerPort: 9100 }], securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true } },
      ],
    });
    const [scc] = renderAdmissionObjects(ocp, [pinned]) as Obj[];
    expect(scc).toMatchObject({
      metadata: { name: 'pinned-scc' },
      allowHostNetwork: true,
      allowHostPorts: true, // host networking makes 9100 a host port
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsUser: { type: 'MustRunAs', uid: 1001 },
      seLinuxContext: { type: 'MustRunAs', seLinuxOptions },
      supplementalGroups: { type: 'MustRunAs', ranges: [{ min: 1000, max: 1000 }, { min: 2000, max: 2000 }] },
      fsGroup: { type: 'RunAsAny' },
      seccompProfiles: ['runtime/default'],
      volumes: ['none'],
      allowHostDirVolumePlugin: false,
    });
    expect(validateCustomResource(scc, SCC_CRD)).toEqual([]);
    expect(admission(scc, [pinned])).toEqual([{ source: 'DaemonSet/pinned', violations: [], mutations: [] }]);
    for (const t of tightenings(scc)) {
      if (t.change.startsWith('requiredDropCapabilities')) continue; // a drop the SCC adds changes the pod, counted below
      const affected = admission(t.scc, [pinned]).filter((r) => r.violations.length > 0 || r.mutations.length > 0);
      expect({ change: t.change, affected: affected.length }).toEqual({ change: t.change, affected: 1 });
    }
    // Another SELinux type is rejected.
    expect(admission({ ...scc, seLinuxContext: { type: 'MustRunAs', seLinuxOptions: { type: 'container_t', level: 's0' } } }, [pinned])[0].violations)
      .toEqual(['pod seLinuxOptions.type must be container_t', 'container a seLinuxOptions.type must be container_t']);
  });

  test('settings the derivation does not model are internal errors, not silently wrong SCCs', () => {
    const base = { serviceAccountName: 'x', containers: [{ name: 'a', image: 'example.com/a:1', securityContext: { privileged: true } }] };
    const sysctls = workload('Deployment', 'x', { app: 'x' }, { ...base, securityContext: { sysctls: [{ name: 'net.core.somaxconn', value: '1024' }] } });
    expect(() => renderAdmissionObjects(ocp, [sysctls])).toThrow(/sysctls/);
    const mixed = [
      workload('Deployment', 'x', { app: 'x' }, { ...base, securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }),
      workload('Deployment', 'y', { app: 'y' }, base),
    ];
    expect(() => renderAdmissionObjects(ocp, mixed)).toThrow(/seccomp/);
    const clash = [workload('Deployment', 'x', { app: 'x' }, base), { ...workload('Deployment', 'y', { app: 'y' }, base), metadata: { name: 'y', namespace: 'other' } }];
    expect(() => renderAdmissionObjects(ocp, clash)).toThrow(/would share the SCC name x-scc/);
  });
});

// --- the evaluator itself ----------------------------------------------------------------------------------

describe('the SCC evaluator (test/support/scc-admission.ts)', () => {
  const plain: PodSpecLike = {
    serviceAccountName: 'plain',
    containers: [{ name: 'app', securityContext: {} }],
    volumes: [{ name: 'tmp', emptyDir: {} }],
  };

  test('restricted-v2 defaults a plain pod as OpenShift does (uid and fsGroup from the namespace, drop ALL, seccomp, no escalation) and admits it', () => {
    expect(sccAdmits(RESTRICTED_V2, plain, 'kube-system/plain', EXAMPLE_KUBE_SYSTEM_ALLOCATION)).toEqual([]);
    expect(sccMutations(RESTRICTED_V2, plain, 'kube-system/plain', EXAMPLE_KUBE_SYSTEM_ALLOCATION)).toEqual([
      'pod fsGroup := 1000040000',
      'pod seLinuxOptions := SCC options',
      'pod seccompProfile := runtime/default',
      'container app runAsUser := 1000040000',
      'container app capabilities +add [] +drop [ALL]',
      'container app allowPrivilegeEscalation := false',
    ]);
  });

  test('only the SCC\'s users may use it, for pods of that service account', () => {
    const scc: Scc = { ...RESTRICTED_V2, groups: [], users: ['system:serviceaccount:kube-system:ama-logs'] };
    expect(sccAdmits(scc, plain, 'kube-system/plain', EXAMPLE_KUBE_SYSTEM_ALLOCATION)).toEqual(['system:serviceaccount:kube-system:plain may not use this SCC (users/groups)']);
    expect(sccAdmits(scc, plain, 'kube-system/ama-logs', EXAMPLE_KUBE_SYSTEM_ALLOCATION)).toEqual(['the pod runs as service account plain, not ama-logs']);
  });

  test('an inconsistent SCC is reported', () => {
    const scc: Scc = { ...RESTRICTED_V2, volumes: ['hostPath'], allowHostDirVolumePlugin: false, requiredDropCapabilities: ['NET_BIND_SERVICE'] };
    expect(sccAdmits(scc, { ...plain, volumes: [] }, 'kube-system/plain', EXAMPLE_KUBE_SYSTEM_ALLOCATION)).toEqual([
      'SCC: allowHostDirVolumePlugin disagrees with volumes (OpenShift keeps them in step)',
      'SCC: capability NET_BIND_SERVICE is both allowed/default-added and required to be dropped',
    ]);
  });
});

// --- the security invariant ------------------------------------------------------------------------------

describe('securityViolations', () => {
  test('flags a container both privileged and allowPrivilegeEscalation: false (and SYS_ADMIN with it)', () => {
    expect(securityViolations({ containers: [{ name: 'a', securityContext: { privileged: true, allowPrivilegeEscalation: false } }] }))
      .toEqual(['container a: privileged: true with allowPrivilegeEscalation: false']);
    expect(securityViolations({ initContainers: [{ name: 'i', securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['SYS_ADMIN'] } } }], containers: [] }))
      .toEqual(['container i: adds SYS_ADMIN with allowPrivilegeEscalation: false']);
    expect(securityViolations({ containers: [{ name: 'a', securityContext: { privileged: true } }] })).toEqual([]);
  });
});

// --- over the real renderers ---------------------------------------------------------------------------

describe('over the agent renderers (OpenShift)', () => {
  const variants: [string, boolean, Obj][] = [
    ['Linux only', false, {}],
    ['Linux, syslog', false, { syslog: true }],
    ['Linux + Windows, workspace key', true, { authentication: 'workspace-key', windowsNodeLogs: true }],
  ];
  test.each(variants)('%s: every agent pod admitted unchanged by its SCC, every SCC tight and valid', (_label, windows, ciExtra) => {
    const c = cluster('openshift', windows);
    const ci = resolveContainerInsights('containerInsights', { logAnalyticsWorkspace: { resourceId: LAW, region: 'westeurope' }, ...ciExtra }, c);
    const mp = resolveManagedPrometheus('managedPrometheus', { azureMonitorWorkspace: { resourceId: AMW, region: 'westeurope' } }, c);
    const agents = resolveAgents('agents', {
      mode: 'manifests',
      ...(ciExtra.authentication === 'workspace-key' ? { workspaceKeySecret: 'my-workspace-key' } : {}),
    }, c, { containerInsightsAuth: { value: ci.authentication, path: 'containerInsights.authentication' } }).manifests!;
    const workloads = [
      ...renderLogsAgent(c, ci, agents, { workspaceCustomerId: '0f0e0d0c-0b0a-4908-8706-050403020100' }),
      ...renderMetricsAgent(c, mp, agents),
    ];
    const objs = renderAdmissionObjects(c, workloads);
    expect(sccs(objs).map((s) => s.metadata.name)).toEqual(['ama-logs-scc', 'ama-metrics-ksm-scc', 'ama-metrics-scc']);
    if (windows) expect(sccFor(objs, 'ama-logs-scc').metadata.annotations['kubernetes.io/description']).toMatch(/DaemonSet\/ama-logs-windows/);
    for (const s of sccs(objs)) expect(validateCustomResource(s, SCC_CRD)).toEqual([]);

    // Every pod of the agents is admitted, by restricted-v2 or by the SCC of its account, unchanged.
    const pods = podsOf(workloads);
    expect(pods.length).toBeGreaterThanOrEqual(4);
    for (const p of pods) {
      expect({ source: p.source, violations: securityViolations(p.spec) }).toEqual({ source: p.source, violations: [] });
      const scc = sccs(objs).find((s) => accountOf(s) === p.serviceAccount);
      if (!scc) {
        expect({ source: p.source, restrictedV2: sccAdmits(RESTRICTED_V2, p.spec, p.serviceAccount, EXAMPLE_KUBE_SYSTEM_ALLOCATION) })
          .toEqual({ source: p.source, restrictedV2: [] });
        continue;
      }
      const violations = sccAdmits(scc as Scc, p.spec, p.serviceAccount);
      const mutations = sccMutations(scc as Scc, p.spec, p.serviceAccount);
      expect({ source: p.source, violations, mutations }).toEqual({ source: p.source, violations: [], mutations: [] });
    }
    // And nothing wider.
    for (const s of sccs(objs)) {
      for (const t of tightenings(s)) {
        if (t.change === 'without volume type projected') continue; // see the fixture test
        const affected = admission(t.scc, workloads).filter((r) => r.violations.length > 0 || r.mutations.length > 0);
        const key = { scc: s.metadata.name, change: t.change };
        expect({ ...key, affected: affected.length > 0 }).toEqual({ ...key, affected: true });
      }
    }
  });
});
