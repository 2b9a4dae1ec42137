/**
 * Admission objects the agent workloads need on some distributions, derived from the workloads
 * themselves so that they cannot drift from the pods they admit:
 *
 * - OpenShift (`profile.needsOpenShiftScc`): one `security.openshift.io/v1` SecurityContextConstraints
 *   per service account whose pods need more than OpenShift's default `restricted-v2` SCC. Upstream
 *   renders `ama-logs-scc` (kube-system/ama-logs; the unified chart's single SCC,
 *   NOTES-container-insights §1.1) and `ama-metrics-scc` (kube-system/ama-metrics-serviceaccount,
 *   NOTES-managed-prometheus §2.2), both privileged, hostPath, RunAsAny everywhere
 *   (NOTES-anchors §B.2 [DP-scc][PC-scc]). We keep their names and derive every field from the pod
 *   specs instead of copying them: upstream's two SCCs list `volumes: [hostPath, configMap, secret]`
 *   and `allowedCapabilities: [NET_ADMIN, NET_RAW]`, yet the pods they are for also mount `emptyDir`
 *   and `projected` volumes and add `DAC_OVERRIDE` (NOTES-container-insights §1.4, §1.5;
 *   NOTES-managed-prometheus §2.4), which SCC admission checks for privileged containers too, so those
 *   SCCs alone would not admit their pods.
 * - Pod Security Admission (`profile.podSecurityLabels` non-empty, e.g. VMware TKG, which enforces
 *   `restricted` from TKR 1.26, NOTES-anchors §B.2 [TKG-psa]): the labels on the `kube-system`
 *   Namespace, where the agents must run (upstream hard-codes it, NOTES-container-insights §1.1).
 * - Nothing on other distributions.
 */
import { ClusterModel } from '../../model/cluster';
import { COMMON_LABELS, KubeObject } from '../kube';
import { AGENT_NAMESPACE } from './common';

export const SCC_API_VERSION = 'security.openshift.io/v1';
export const SCC_KIND = 'SecurityContextConstraints';

/** Upstream's SCC names, by `<namespace>/<service account>`; any other account's SCC is `<sa>-scc`. */
const UPSTREAM_SCC_NAMES: Readonly<Record<string, string>> = {
  'kube-system/ama-logs': 'ama-logs-scc', // DP@a08e1255:…/ama-logs-openshift-scc.yaml
  'kube-system/ama-metrics-serviceaccount': 'ama-metrics-scc', // PC-scc: …/templates/ama-metrics-scc.yaml
};

/**
 * What OpenShift's `restricted-v2` SCC (the one every authenticated user may use, OpenShift >= 4.11)
 * admits, as far as it matters for deciding whether an account needs an SCC of its own.
 */
const RESTRICTED_V2 = {
  volumes: ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'],
  allowedCapabilities: ['NET_BIND_SERVICE'],
  seccompProfiles: ['runtime/default'],
} as const;

/**
 * The admission objects for `workloads` on `cluster`, in apply order (before the workloads):
 * the `kube-system` Namespace with the Pod Security labels first, then the SCCs (by name).
 *
 * The Namespace object is a **patch, not a create**: `kube-system` exists on every cluster, and the
 * engines must apply this object as a merge of its labels into the existing namespace (server-side
 * apply or a patch), never create, replace or delete it (see {@link isNamespacePatch}). For the same
 * reason it carries only the Pod Security labels and not COMMON_LABELS: `kube-system` is not ours, and a
 * `managed-by` label on it would offer it to label-selected pruning (`kubectl apply --prune -l ...`).
 *
 * An SCC is rendered for a service account when one of its pods needs more than `restricted-v2`
 * (privilege, host access, a volume type or capability beyond it, or fixed uid/fsGroup/SELinux ids,
 * which restricted-v2 allocates per namespace). So kube-state-metrics (`ama-metrics-ksm`, uid and fsGroup
 * 65534, NOTES-managed-prometheus §2.9) gets `ama-metrics-ksm-scc`, a name upstream lacks: its chart has
 * no SCC for it, and restricted-v2's MustRunAsRange rejects uid 65534.
 *
 * SCC derivation (for each service account, over every pod template of `workloads` that runs as it,
 * containers and init containers, effective security context = container's over the pod's):
 * - `allowPrivilegedContainer`: some container is privileged.
 * - `allowPrivilegeEscalation`: false only when every container sets `allowPrivilegeEscalation: false`;
 *   otherwise true (SCC admission would default unset containers to false, changing them, and a
 *   privileged container must not run with it false).
 * - `allowedCapabilities`: the union of `capabilities.add`; `defaultAddCapabilities`: none;
 *   `requiredDropCapabilities`: the capabilities every container already drops (so admission adds no
 *   drop to any container; a container that drops nothing makes it empty).
 * - `volumes`: exactly the volume types the pods use (sorted; `["none"]` when there are none);
 *   `allowHostDirVolumePlugin` iff hostPath (OpenShift keeps the two in step).
 * - `allowHostNetwork`/`allowHostPID`/`allowHostIPC` from the pod specs; `allowHostPorts` iff a container
 *   port has a host port (with host networking every container port is one, as the API defaults it).
 * - `runAsUser`: `MustRunAs` the uid when every container's effective `runAsUser` is the same, else
 *   `RunAsAny` (root agents leave it unset). `fsGroup` / `supplementalGroups`: `MustRunAs` exactly the
 *   ids when every pod sets them, else `RunAsAny`. `seLinuxContext`: `MustRunAs` the options when every
 *   pod and container has the same ones, else `RunAsAny` (upstream's choice for the agents). Fixed
 *   strategies are only chosen when every pod already fixes the value, so admission never changes a pod.
 * - `seccompProfiles`: the profiles the pods set, or left out when none is set (an SCC without
 *   profiles lets the runtime default apply, as upstream's do). Pods that set profiles must all set a
 *   pod-level one (else the SCC would give them one).
 * - `readOnlyRootFilesystem`: true only when every container sets it.
 * - `users`: the service account; `groups`: none; `priority`: 0. The CRD requires the field; 0 is what
 *   OpenShift makes of an unset (null) priority, and a null would not survive cdk8s, which drops nulls.
 *
 * Throws (an internal error) on pod settings the derivation does not model (sysctls, procMount, mixed
 * seccomp settings). Pod-level `runAsGroup` is not constrained: the SCC API of the reference CRD has
 * no such strategy.
 */
export function renderAdmissionObjects(cluster: ClusterModel, workloads: readonly KubeObject[]): KubeObject[] {
  const out: KubeObject[] = [];
  const labels = cluster.profile.podSecurityLabels;
  if (Object.keys(labels).length > 0) {
    out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: AGENT_NAMESPACE, labels: { ...labels } } });
  }
  if (cluster.profile.needsOpenShiftScc) {
    out.push(...renderSccs(workloads));
  }
  return out;
}

/** True for the object {@link renderAdmissionObjects} renders as a patch of an existing namespace. */
export function isNamespacePatch(o: KubeObject): boolean {
  return o.apiVersion === 'v1' && o.kind === 'Namespace' && o.metadata.name === AGENT_NAMESPACE;
}

// --- pod specs --------------------------------------------------------------------------------------

interface SeLinuxOptions {
  readonly user?: string;
  readonly role?: string;
  readonly type?: string;
  readonly level?: string;
}

interface SeccompProfile {
  readonly type: string;
  readonly localhostProfile?: string;
}

interface ContainerSecurity {
  readonly privileged?: boolean;
  readonly allowPrivilegeEscalation?: boolean;
  readonly readOnlyRootFilesystem?: boolean;
  readonly runAsUser?: number;
  readonly capabilities?: { readonly add?: readonly string[]; readonly drop?: readonly string[] };
  readonly seLinuxOptions?: SeLinuxOptions;
  readonly seccompProfile?: SeccompProfile;
  readonly procMount?: string;
}

interface PodSecurity {
  readonly runAsUser?: number;
  readonly fsGroup?: number;
  readonly supplementalGroups?: readonly number[];
  readonly seLinuxOptions?: SeLinuxOptions;
  readonly seccompProfile?: SeccompProfile;
  readonly sysctls?: readonly unknown[];
}

interface Container {
  readonly name: string;
  readonly securityContext?: ContainerSecurity;
  readonly ports?: readonly { readonly containerPort: number; readonly hostPort?: number }[];
}

interface PodSpec {
  readonly serviceAccountName?: string;
  readonly hostNetwork?: boolean;
  readonly hostPID?: boolean;
  readonly hostIPC?: boolean;
  readonly securityContext?: PodSecurity;
  readonly containers: readonly Container[];
  readonly initContainers?: readonly Container[];
  readonly volumes?: readonly Record<string, unknown>[];
}

/** A pod template of a workload, with the account it runs as. */
interface PodTemplate {
  /** `Kind/name`, for messages and the SCC's description. */
  readonly source: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly spec: PodSpec;
}

/** Where each workload kind keeps its pod spec. */
const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  'v1/Pod': ['spec'],
  'apps/v1/DaemonSet': ['spec', 'template', 'spec'],
  'apps/v1/Deployment': ['spec', 'template', 'spec'],
  'apps/v1/StatefulSet': ['spec', 'template', 'spec'],
  'apps/v1/ReplicaSet': ['spec', 'template', 'spec'],
  'batch/v1/Job': ['spec', 'template', 'spec'],
  'batch/v1/CronJob': ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

function podTemplates(workloads: readonly KubeObject[]): PodTemplate[] {
  const out: PodTemplate[] = [];
  for (const w of workloads) {
    const path = POD_SPEC_PATHS[`${w.apiVersion}/${w.kind}`];
    if (!path) continue;
    let node: unknown = w;
    for (const key of path) node = (node as Record<string, unknown> | undefined)?.[key];
    const source = `${w.kind}/${w.metadata.name}`;
    if (typeof node !== 'object' || node === null || !Array.isArray((node as PodSpec).containers)) {
      throw new Error(`internal: ${source} has no pod spec at ${path.join('.')}`);
    }
    const spec = node as PodSpec;
    out.push({ source, namespace: w.metadata.namespace ?? 'default', serviceAccount: spec.serviceAccountName ?? 'default', spec });
  }
  return out;
}

function allContainers(spec: PodSpec): readonly Container[] {
  return [...(spec.initContainers ?? []), ...spec.containers];
}

/** A volume's type: the name of its one VolumeSource field (`hostPath`, `configMap`, ...), as SCCs name them. */
function volumeType(source: string, v: Record<string, unknown>): string {
  const keys = Object.keys(v).filter((k) => k !== 'name' && v[k] !== undefined);
  if (keys.length !== 1) throw new Error(`internal: ${source}: volume ${String(v.name)} has ${keys.length} sources`);
  return keys[0];
}

/** Host ports a container uses: its `hostPort`s, and with host networking every container port. */
function hostPorts(spec: PodSpec, c: Container): number[] {
  return (c.ports ?? []).map((p) => p.hostPort ?? (spec.hostNetwork ? p.containerPort : 0)).filter((p) => p > 0);
}

/** A seccomp profile as SCCs name it (`runtime/default`, `localhost/<file>`, `unconfined`). */
function seccompName(p: SeccompProfile): string {
  switch (p.type) {
    case 'RuntimeDefault':
      return 'runtime/default';
    case 'Unconfined':
      return 'unconfined';
    case 'Localhost':
      return `localhost/${p.localhostProfile ?? ''}`;
    default:
      throw new Error(`internal: unknown seccomp profile type ${p.type}`);
  }
}

function checkModelled(t: PodTemplate): void {
  if (t.spec.securityContext?.sysctls?.length) {
    throw new Error(`internal: ${t.source} sets sysctls, which the SCC derivation does not model`);
  }
  for (const c of allContainers(t.spec)) {
    const pm = c.securityContext?.procMount;
    if (pm !== undefined && pm !== 'Default') throw new Error(`internal: ${t.source} container ${c.name} sets procMount, which the SCC derivation does not model`);
  }
}

/**
 * Why a pod needs more than `restricted-v2` (empty when that SCC admits it). restricted-v2 assigns the
 * namespace's allocated uid range, fsGroup range and SELinux level; those are only known on the cluster
 * (and by default start at uid 1000000000), so a pod that fixes any of them needs its own SCC.
 */
function restrictedV2Excess(t: PodTemplate): string[] {
  const { spec } = t;
  const why: string[] = [];
  if (spec.hostNetwork) why.push('hostNetwork');
  if (spec.hostPID) why.push('hostPID');
  if (spec.hostIPC) why.push('hostIPC');
  for (const v of spec.volumes ?? []) {
    const type = volumeType(t.source, v);
    if (!(RESTRICTED_V2.volumes as readonly string[]).includes(type)) why.push(`${type} volume ${String(v.name)}`);
  }
  const pod = spec.securityContext ?? {};
  if (pod.fsGroup !== undefined) why.push(`fsGroup ${pod.fsGroup}`);
  if (pod.seLinuxOptions !== undefined) why.push('pod seLinuxOptions');
  for (const c of allContainers(spec)) {
    const sc = c.securityContext ?? {};
    if (sc.privileged) why.push(`privileged container ${c.name}`);
    if (sc.allowPrivilegeEscalation === true) why.push(`privilege escalation in ${c.name}`);
    for (const cap of sc.capabilities?.add ?? []) {
      if (!(RESTRICTED_V2.allowedCapabilities as readonly string[]).includes(cap)) why.push(`capability ${cap} in ${c.name}`);
    }
    const uid = sc.runAsUser ?? pod.runAsUser;
    if (uid !== undefined) why.push(`runAsUser ${uid} in ${c.name}`);
    if (sc.seLinuxOptions !== undefined) why.push(`seLinuxOptions in ${c.name}`);
    const seccomp = sc.seccompProfile ?? pod.seccompProfile;
    if (seccomp && !(RESTRICTED_V2.seccompProfiles as readonly string[]).includes(seccompName(seccomp))) why.push(`seccomp ${seccompName(seccomp)} in ${c.name}`);
    if (hostPorts(spec, c).length > 0) why.push(`host ports in ${c.name}`);
  }
  return why;
}

// --- SCCs -------------------------------------------------------------------------------------------

function renderSccs(workloads: readonly KubeObject[]): KubeObject[] {
  const byAccount = new Map<string, PodTemplate[]>();
  for (const t of podTemplates(workloads)) {
    checkModelled(t);
    const key = `${t.namespace}/${t.serviceAccount}`;
    byAccount.set(key, [...(byAccount.get(key) ?? []), t]);
  }
  const out: KubeObject[] = [];
  const names = new Map<string, string>();
  for (const [key, templates] of byAccount) {
    if (!templates.some((t) => restrictedV2Excess(t).length > 0)) continue;
    const { namespace, serviceAccount } = templates[0];
    const name = UPSTREAM_SCC_NAMES[key] ?? `${serviceAccount}-scc`;
    const clash = names.get(name);
    if (clash) throw new Error(`internal: service accounts ${clash} and ${key} would share the SCC name ${name}`);
    names.set(name, key);
    out.push(deriveScc(name, namespace, serviceAccount, templates));
  }
  // By name: the order of the workloads (a renderer's business) must not reorder the SCCs.
  return out.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
}

const sortedUnique = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

/** The one value every element has, or undefined when some element lacks it or they differ. */
function common<T>(values: readonly (T | undefined)[], same: (a: T, b: T) => boolean): T | undefined {
  if (values.length === 0 || values.some((v) => v === undefined)) return undefined;
  const first = values[0] as T;
  return values.every((v) => same(first, v as T)) ? first : undefined;
}

const sameSeLinux = (a: SeLinuxOptions, b: SeLinuxOptions): boolean =>
  (a.user ?? '') === (b.user ?? '') && (a.role ?? '') === (b.role ?? '') && (a.type ?? '') === (b.type ?? '') && (a.level ?? '') === (b.level ?? '');

/** Single-id ranges for a set of group ids. */
function idRanges(ids: Iterable<number>): { min: number; max: number }[] {
  return [...new Set(ids)].sort((a, b) => a - b).map((id) => ({ min: id, max: id }));
}

function deriveScc(name: string, namespace: string, serviceAccount: string, templates: readonly PodTemplate[]): KubeObject {
  const pods = templates.map((t) => t.spec);
  const containers = pods.flatMap((p) => allContainers(p).map((c) => ({ pod: p, c, sc: c.securityContext ?? {} })));

  const volumes = sortedUnique(templates.flatMap((t) => (t.spec.volumes ?? []).map((v) => volumeType(t.source, v))));
  const addCaps = sortedUnique(containers.flatMap(({ sc }) => sc.capabilities?.add ?? []));
  const dropSets = containers.map(({ sc }) => new Set(sc.capabilities?.drop ?? []));
  const requiredDrop = sortedUnique([...(dropSets[0] ?? [])].filter((cap) => dropSets.every((s) => s.has(cap))));

  const uid = common(containers.map(({ pod, sc }) => sc.runAsUser ?? pod.securityContext?.runAsUser), (a, b) => a === b);
  const fsGroups = pods.map((p) => p.securityContext?.fsGroup);
  const supplemental = pods.map((p) => p.securityContext?.supplementalGroups);
  const podSeLinux = common(pods.map((p) => p.securityContext?.seLinuxOptions), sameSeLinux);
  const seLinux = podSeLinux && common(containers.map(({ pod, sc }) => sc.seLinuxOptions ?? pod.securityContext?.seLinuxOptions), sameSeLinux);
  const seLinuxMatches = seLinux !== undefined && sameSeLinux(seLinux, podSeLinux!);
  const seccomp = sortedUnique([
    ...pods.flatMap((p) => (p.securityContext?.seccompProfile ? [seccompName(p.securityContext.seccompProfile)] : [])),
    ...containers.flatMap(({ sc }) => (sc.seccompProfile ? [seccompName(sc.seccompProfile)] : [])),
  ]);
  // An SCC that lists profiles gives a pod without a pod-level profile its first one: only list them
  // when no pod would be changed.
  if (seccomp.length > 0 && pods.some((p) => p.securityContext?.seccompProfile === undefined)) {
    throw new Error(`internal: ${name}: some pods of ${namespace}/${serviceAccount} set seccomp profiles and others have no pod-level profile`);
  }

  return {
    apiVersion: SCC_API_VERSION,
    kind: SCC_KIND,
    metadata: {
      name,
      labels: { ...COMMON_LABELS },
      annotations: {
        'kubernetes.io/description':
          `Admits the pods of ${namespace}/${serviceAccount} (${templates.map((t) => t.source).join(', ')}); ` +
          'derived from their pod specs by azure-monitor-k8s.',
      },
    },
    allowPrivilegedContainer: containers.some(({ sc }) => sc.privileged === true),
    allowPrivilegeEscalation: !containers.every(({ sc }) => sc.allowPrivilegeEscalation === false),
    allowHostDirVolumePlugin: volumes.includes('hostPath'),
    allowHostIPC: pods.some((p) => p.hostIPC === true),
    allowHostNetwork: pods.some((p) => p.hostNetwork === true),
    allowHostPID: pods.some((p) => p.hostPID === true),
    allowHostPorts: containers.some(({ pod, c }) => hostPorts(pod, c).length > 0),
    allowedCapabilities: addCaps,
    defaultAddCapabilities: [],
    requiredDropCapabilities: requiredDrop,
    readOnlyRootFilesystem: containers.every(({ sc }) => sc.readOnlyRootFilesystem === true),
    runAsUser: uid !== undefined ? { type: 'MustRunAs', uid } : { type: 'RunAsAny' },
    seLinuxContext: seLinuxMatches ? { type: 'MustRunAs', seLinuxOptions: { ...seLinux } } : { type: 'RunAsAny' },
    fsGroup: fsGroups.every((g) => g !== undefined) ? { type: 'MustRunAs', ranges: idRanges(fsGroups as number[]) } : { type: 'RunAsAny' },
    supplementalGroups: supplemental.every((g) => g !== undefined && g.length > 0)
      ? { type: 'MustRunAs', ranges: idRanges(supplemental.flatMap((g) => g!)) }
      : { type: 'RunAsAny' },
    ...(seccomp.length > 0 ? { seccompProfiles: seccomp } : {}),
    // An empty list would read as "unset", which OpenShift defaults to every volume type; "none" is its way to say none.
    volumes: volumes.length > 0 ? volumes : ['none'],
    users: [`system:serviceaccount:${namespace}:${serviceAccount}`],
    groups: [],
    priority: 0,
  };
}
