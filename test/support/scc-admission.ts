/**
 * Small, independent evaluators of what admission does to a pod, for tests:
 *
 * - {@link sccAdmits}: OpenShift SecurityContextConstraints admission of one pod by one SCC, written from
 *   the behaviour of OpenShift's SCC provider (apiserver-library-go `sccmatching`): the SCC first
 *   *defaults* the pod (fsGroup/supplemental groups/SELinux/seccomp at pod level; runAsUser, SELinux,
 *   capabilities, read-only root and privilege escalation per container), then validates it. The checks:
 *   access (users/groups), host PID/network/IPC, volume types (with OpenShift's allowance of the
 *   projected service-account-token volume wherever `secret` is allowed), fsGroup / supplementalGroups /
 *   SELinux / runAsUser strategies, privileged, read-only root, privilege escalation, capabilities
 *   (allowed/default adds, required drops, `*`), seccomp profiles, sysctls (safe set only, unless
 *   allowed), host ports (host networking makes every container port one, as the API defaults it); and
 *   the SCC's own consistency (hostPath vs `allowHostDirVolumePlugin`, a capability both allowed and
 *   required dropped, strategies without their ids). The defaulted pod is then checked with
 *   {@link securityViolations} (Kubernetes rejects e.g. a privileged container the SCC defaulted to
 *   `allowPrivilegeEscalation: false`).
 *   Not modelled: the `runAsNonRoot` marker OpenShift sets for non-root uids (it never rejects),
 *   flex volume drivers, AppArmor, user namespaces.
 * - {@link sccMutations}: what that defaulting changed (an SCC derived exactly from its pods changes none).
 * - {@link securityViolations}: the security invariants over any pod spec.
 * - {@link podSecurityViolations}: the Pod Security Standards `baseline` / `restricted` checks
 *   (what Pod Security Admission enforces), for pods on distributions that enforce them.
 */

export interface IdRange {
  readonly min?: number;
  readonly max?: number;
}

/** The fields of a SecurityContextConstraints this module reads (wire names). */
export interface Scc {
  readonly metadata?: { readonly name?: string };
  readonly allowPrivilegedContainer?: boolean;
  readonly allowPrivilegeEscalation?: boolean | null;
  readonly defaultAllowPrivilegeEscalation?: boolean | null;
  readonly allowHostDirVolumePlugin?: boolean;
  readonly allowHostIPC?: boolean;
  readonly allowHostNetwork?: boolean;
  readonly allowHostPID?: boolean;
  readonly allowHostPorts?: boolean;
  readonly allowedCapabilities?: readonly string[] | null;
  readonly defaultAddCapabilities?: readonly string[] | null;
  readonly requiredDropCapabilities?: readonly string[] | null;
  readonly readOnlyRootFilesystem?: boolean;
  readonly runAsUser?: { readonly type?: string; readonly uid?: number; readonly uidRangeMin?: number; readonly uidRangeMax?: number } | null;
  readonly seLinuxContext?: { readonly type?: string; readonly seLinuxOptions?: SeLinux } | null;
  readonly fsGroup?: { readonly type?: string; readonly ranges?: readonly IdRange[] } | null;
  readonly supplementalGroups?: { readonly type?: string; readonly ranges?: readonly IdRange[] } | null;
  readonly seccompProfiles?: readonly string[] | null;
  readonly allowedUnsafeSysctls?: readonly string[] | null;
  readonly forbiddenSysctls?: readonly string[] | null;
  readonly volumes?: readonly string[] | null;
  readonly users?: readonly string[] | null;
  readonly groups?: readonly string[] | null;
}

export interface SeLinux {
  user?: string;
  role?: string;
  type?: string;
  level?: string;
}

interface Seccomp {
  type: string;
  localhostProfile?: string;
}

interface ContainerSc {
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  runAsUser?: number;
  runAsNonRoot?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
  seLinuxOptions?: SeLinux;
  seccompProfile?: Seccomp;
  procMount?: string;
  windowsOptions?: { hostProcess?: boolean };
}

interface PodSc {
  runAsUser?: number;
  runAsNonRoot?: boolean;
  fsGroup?: number;
  supplementalGroups?: number[];
  seLinuxOptions?: SeLinux;
  seccompProfile?: Seccomp;
  sysctls?: { name: string; value: string }[];
  windowsOptions?: { hostProcess?: boolean };
}

interface Container {
  name: string;
  securityContext?: ContainerSc;
  ports?: { containerPort: number; hostPort?: number }[];
}

/** The fields of a PodSpec this module reads (wire names). */
export interface PodSpecLike {
  serviceAccountName?: string;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  securityContext?: PodSc;
  containers: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  volumes?: Record<string, any>[];
  os?: { name?: string };
}

/** What namespaced strategies (`MustRunAsRange`, `MustRunAs` without ids) take from the namespace's annotations. */
export interface NamespaceAllocation {
  /** `openshift.io/sa.scc.uid-range`, e.g. 1000040000/10000 → [1000040000, 1000049999]. */
  readonly uidRange: readonly [number, number];
  /** `openshift.io/sa.scc.supplemental-groups`: fsGroup and supplemental group range. */
  readonly groupRange: readonly [number, number];
  /** `openshift.io/sa.scc.mcs`, e.g. `s0:c7,c4`. */
  readonly mcsLevel: string;
}

/** Kubernetes' safe sysctls (allowed unless forbidden). */
const SAFE_SYSCTLS = [
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
];

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

function containersOf(spec: PodSpecLike): Container[] {
  return [...(spec.initContainers ?? []), ...spec.containers, ...(spec.ephemeralContainers ?? [])];
}

/** A volume's type: its one source field. */
export function volumeTypeOf(v: Record<string, any>): string {
  const keys = Object.keys(v).filter((k) => k !== 'name');
  if (keys.length !== 1) throw new Error(`volume ${v.name} has ${keys.length} sources`);
  return keys[0];
}

/** OpenShift allows a projected volume where `secret` is allowed if it only holds what a bound service-account token volume does. */
function isServiceAccountTokenProjection(v: Record<string, any>): boolean {
  const sources: Record<string, any>[] = v.projected?.sources ?? [];
  return sources.every((s) => {
    if (s.serviceAccountToken) return true;
    if (s.configMap) return s.configMap.name === 'kube-root-ca.crt';
    if (s.downwardAPI) return (s.downwardAPI.items ?? []).every((i: any) => i.fieldRef?.fieldPath === 'metadata.namespace');
    return false;
  });
}

function seccompName(p: Seccomp | undefined): string {
  if (!p) return '';
  if (p.type === 'RuntimeDefault') return 'runtime/default';
  if (p.type === 'Unconfined') return 'unconfined';
  if (p.type === 'Localhost') return `localhost/${p.localhostProfile ?? ''}`;
  return '';
}

function seccompField(name: string): Seccomp | undefined {
  if (name === 'runtime/default' || name === 'docker/default') return { type: 'RuntimeDefault' };
  if (name === 'unconfined') return { type: 'Unconfined' };
  if (name.startsWith('localhost/')) return { type: 'Localhost', localhostProfile: name.slice('localhost/'.length) };
  return undefined;
}

const sameLevel = (a = '', b = ''): boolean => {
  if (a === b) return true;
  const [as, ac] = a.split(/:(.*)/s);
  const [bs, bc] = b.split(/:(.*)/s);
  if (ac === undefined || bc === undefined || as !== bs) return false;
  return ac.split(',').sort().join(',') === bc.split(',').sort().join(',');
};

function normalizeUser(serviceAccount: string): { user: string; namespace: string; name: string } {
  const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(serviceAccount) ?? /^([^/]+)\/([^/]+)$/.exec(serviceAccount);
  if (!m) throw new Error(`service account "${serviceAccount}": expected "<namespace>/<name>" or "system:serviceaccount:<namespace>:<name>"`);
  return { user: `system:serviceaccount:${m[1]}:${m[2]}`, namespace: m[1], name: m[2] };
}

interface Result {
  readonly violations: string[];
  readonly mutations: string[];
  readonly pod: PodSpecLike;
}

function applyScc(scc: Scc, podSpec: PodSpecLike, serviceAccount: string, ns?: NamespaceAllocation): Result {
  const v: string[] = [];
  const mutations: string[] = [];
  const pod = clone(podSpec);
  const sa = normalizeUser(serviceAccount);

  // --- access and the SCC's own consistency ---
  const users = scc.users ?? [];
  const groups = scc.groups ?? [];
  const saGroups = ['system:serviceaccounts', `system:serviceaccounts:${sa.namespace}`, 'system:authenticated'];
  if (!users.includes(sa.user) && !groups.some((g) => saGroups.includes(g))) v.push(`${sa.user} may not use this SCC (users/groups)`);
  if ((pod.serviceAccountName ?? 'default') !== sa.name) v.push(`the pod runs as service account ${pod.serviceAccountName ?? 'default'}, not ${sa.name}`);
  const volumes = scc.volumes ?? [];
  const allowsAllVolumes = volumes.includes('*');
  if ((volumes.includes('hostPath') || allowsAllVolumes) !== (scc.allowHostDirVolumePlugin === true)) {
    v.push('SCC: allowHostDirVolumePlugin disagrees with volumes (OpenShift keeps them in step)');
  }
  const allowedCaps = scc.allowedCapabilities ?? [];
  const defaultAdd = scc.defaultAddCapabilities ?? [];
  const requiredDrop = scc.requiredDropCapabilities ?? [];
  for (const c of requiredDrop) {
    if (allowedCaps.includes(c) || defaultAdd.includes(c)) v.push(`SCC: capability ${c} is both allowed/default-added and required to be dropped`);
  }

  // Kubernetes defaulting before admission: host networking makes every container port a host port.
  if (pod.hostNetwork) for (const c of containersOf(pod)) for (const p of c.ports ?? []) p.hostPort ??= p.containerPort;

  // --- strategies, resolved ---
  const ru = scc.runAsUser ?? {};
  let uidRange: [number, number] | undefined;
  let fixedUid: number | undefined;
  switch (ru.type) {
    case 'RunAsAny':
    case 'MustRunAsNonRoot':
      break;
    case 'MustRunAs':
      if (ru.uid === undefined) v.push('SCC: runAsUser MustRunAs needs a uid');
      fixedUid = ru.uid;
      break;
    case 'MustRunAsRange':
      if (ru.uidRangeMin !== undefined && ru.uidRangeMax !== undefined) uidRange = [ru.uidRangeMin, ru.uidRangeMax];
      else if (ns) uidRange = [ns.uidRange[0], ns.uidRange[1]];
      else v.push('SCC: runAsUser MustRunAsRange needs a uid range (SCC or namespace allocation)');
      break;
    default:
      v.push(`SCC: unknown runAsUser strategy ${String(ru.type)}`);
  }
  const groupRanges = (field: 'fsGroup' | 'supplementalGroups'): IdRange[] | undefined => {
    const s = scc[field] ?? {};
    if (s.type === 'RunAsAny') return undefined;
    if (s.type !== 'MustRunAs') {
      v.push(`SCC: unknown ${field} strategy ${String(s.type)}`);
      return undefined;
    }
    if (s.ranges && s.ranges.length > 0) return [...s.ranges];
    if (ns) return [{ min: ns.groupRange[0], max: ns.groupRange[1] }];
    v.push(`SCC: ${field} MustRunAs needs ranges (SCC or namespace allocation)`);
    return [];
  };
  const fsRanges = groupRanges('fsGroup');
  const supRanges = groupRanges('supplementalGroups');
  const se = scc.seLinuxContext ?? {};
  let seOpts: SeLinux | undefined;
  if (se.type === 'MustRunAs') {
    if (se.seLinuxOptions) seOpts = { ...se.seLinuxOptions };
    else if (ns) seOpts = { level: ns.mcsLevel };
    else v.push('SCC: seLinuxContext MustRunAs needs seLinuxOptions (SCC or namespace allocation)');
  } else if (se.type !== 'RunAsAny') {
    v.push(`SCC: unknown seLinuxContext strategy ${String(se.type)}`);
  }
  const seccompAllowed = (scc.seccompProfiles ?? []).filter((p) => p !== '*');
  const seccompAny = (scc.seccompProfiles ?? []).includes('*');
  const runtimeDefaultAllowed = seccompAllowed.some((p) => p === 'runtime/default' || p === 'docker/default');

  // --- pod: default, then validate ---
  pod.securityContext ??= {};
  const psc = pod.securityContext;
  if (fsRanges && fsRanges.length > 0 && psc.fsGroup === undefined) {
    psc.fsGroup = fsRanges[0].min;
    mutations.push(`pod fsGroup := ${psc.fsGroup}`);
  }
  if (supRanges && supRanges.length > 0 && !(psc.supplementalGroups ?? []).length) {
    psc.supplementalGroups = [supRanges[0].min!];
    mutations.push(`pod supplementalGroups := [${psc.supplementalGroups[0]}]`);
  }
  if (seOpts && psc.seLinuxOptions === undefined) {
    psc.seLinuxOptions = { ...seOpts };
    mutations.push('pod seLinuxOptions := SCC options');
  }
  if (psc.seccompProfile === undefined && seccompAllowed.length > 0) {
    const f = seccompField(seccompAllowed[0]);
    if (f) {
      psc.seccompProfile = f;
      mutations.push(`pod seccompProfile := ${seccompAllowed[0]}`);
    }
  }

  if (pod.hostPID && !scc.allowHostPID) v.push('hostPID: Host PID is not allowed to be used');
  if (pod.hostNetwork && !scc.allowHostNetwork) v.push('hostNetwork: Host network is not allowed to be used');
  if (pod.hostIPC && !scc.allowHostIPC) v.push('hostIPC: Host IPC is not allowed to be used');
  const checkSeLinux = (where: string, o: SeLinux | undefined): void => {
    if (!seOpts) return;
    if (!o) {
      v.push(`${where} seLinuxOptions: required`);
      return;
    }
    if (!sameLevel(seOpts.level, o.level)) v.push(`${where} seLinuxOptions.level must be ${seOpts.level ?? ''}`);
    for (const k of ['role', 'type', 'user'] as const) if ((o[k] ?? '') !== (seOpts[k] ?? '')) v.push(`${where} seLinuxOptions.${k} must be ${seOpts[k] ?? ''}`);
  };
  checkSeLinux('pod', psc.seLinuxOptions);
  const checkGroups = (field: string, ranges: IdRange[] | undefined, ids: number[]): void => {
    if (!ranges) return;
    if (ids.length === 0 && ranges.length > 0) v.push(`${field}: unable to validate empty groups against required ranges`);
    for (const id of ids) if (!ranges.some((r) => id >= (r.min ?? 0) && id <= (r.max ?? 0))) v.push(`${field}: ${id} is not an allowed group`);
  };
  checkGroups('fsGroup', fsRanges, psc.fsGroup === undefined ? [] : [psc.fsGroup]);
  checkGroups('supplementalGroups', supRanges, psc.supplementalGroups ?? []);
  const checkSeccomp = (where: string, profile: string): void => {
    if (seccompAny) return;
    if (seccompAllowed.length === 0) {
      if (profile !== '') v.push(`${where}: seccomp may not be set`);
      return;
    }
    if (seccompAllowed.includes(profile)) return;
    if (runtimeDefaultAllowed && (profile === 'runtime/default' || profile === 'docker/default')) return;
    v.push(`${where}: seccomp profile "${profile}" is not allowed (${seccompAllowed.join(', ')})`);
  };
  checkSeccomp('pod', seccompName(psc.seccompProfile));
  const unsafeAllowed = scc.allowedUnsafeSysctls ?? [];
  const forbidden = scc.forbiddenSysctls ?? [];
  const matches = (pattern: string, name: string): boolean =>
    pattern === '*' || (pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name);
  for (const s of psc.sysctls ?? []) {
    if (forbidden.some((f) => matches(f, s.name))) v.push(`sysctl ${s.name} is forbidden`);
    else if (!SAFE_SYSCTLS.includes(s.name) && !unsafeAllowed.some((a) => matches(a, s.name))) v.push(`unsafe sysctl ${s.name} is not allowed`);
  }
  if (!allowsAllVolumes) {
    for (const vol of pod.volumes ?? []) {
      const type = volumeTypeOf(vol);
      const ok = volumes.includes(type) || (type === 'projected' && volumes.includes('secret') && isServiceAccountTokenProjection(vol));
      if (!ok) v.push(`volume ${vol.name}: ${type} volumes are not allowed to be used`);
    }
  }

  // --- containers: default, then validate ---
  for (const c of containersOf(pod)) {
    c.securityContext ??= {};
    const sc = c.securityContext;
    const where = `container ${c.name}`;
    const effUid = (): number | undefined => sc.runAsUser ?? psc.runAsUser;
    if (effUid() === undefined) {
      const uid = fixedUid ?? uidRange?.[0];
      if (uid !== undefined) {
        sc.runAsUser = uid;
        mutations.push(`${where} runAsUser := ${uid}`);
      }
    }
    if (seOpts && (sc.seLinuxOptions ?? psc.seLinuxOptions) === undefined) {
      sc.seLinuxOptions = { ...seOpts };
      mutations.push(`${where} seLinuxOptions := SCC options`);
    }
    const add = new Set(sc.capabilities?.add ?? []);
    const drop = new Set(sc.capabilities?.drop ?? []);
    const newAdd = defaultAdd.filter((x) => !drop.has(x) && !add.has(x));
    const newDrop = requiredDrop.filter((x) => !drop.has(x));
    if (newAdd.length || newDrop.length) {
      sc.capabilities = { add: [...add, ...newAdd].sort(), drop: [...drop, ...newDrop].sort() };
      mutations.push(`${where} capabilities +add [${newAdd.join(',')}] +drop [${newDrop.join(',')}]`);
    }
    if (scc.readOnlyRootFilesystem && sc.readOnlyRootFilesystem === undefined) {
      sc.readOnlyRootFilesystem = true;
      mutations.push(`${where} readOnlyRootFilesystem := true`);
    }
    const privileged = sc.privileged === true;
    const sysAdmin = (sc.capabilities?.add ?? []).includes('CAP_SYS_ADMIN');
    if (scc.defaultAllowPrivilegeEscalation != null && sc.allowPrivilegeEscalation === undefined && !privileged && !sysAdmin) {
      sc.allowPrivilegeEscalation = scc.defaultAllowPrivilegeEscalation;
      mutations.push(`${where} allowPrivilegeEscalation := ${sc.allowPrivilegeEscalation}`);
    }
    if (scc.allowPrivilegeEscalation === false && sc.allowPrivilegeEscalation === undefined) {
      sc.allowPrivilegeEscalation = false;
      mutations.push(`${where} allowPrivilegeEscalation := false`);
    }

    if (privileged && !scc.allowPrivilegedContainer) v.push(`${where}: Privileged containers are not allowed`);
    if (scc.readOnlyRootFilesystem && sc.readOnlyRootFilesystem !== true) v.push(`${where}: ReadOnlyRootFilesystem must be set to true`);
    if (scc.allowPrivilegeEscalation === false && sc.allowPrivilegeEscalation !== false) v.push(`${where}: Allowing privilege escalation for containers is not allowed`);
    const uid = effUid();
    if (fixedUid !== undefined && uid !== fixedUid) v.push(`${where}: runAsUser ${uid ?? '(unset)'} must be ${fixedUid}`);
    if (uidRange && (uid === undefined || uid < uidRange[0] || uid > uidRange[1])) v.push(`${where}: runAsUser ${uid ?? '(unset)'} must be in [${uidRange[0]}, ${uidRange[1]}]`);
    if (ru.type === 'MustRunAsNonRoot' && (uid === 0 || (uid === undefined && (sc.runAsNonRoot ?? psc.runAsNonRoot) !== true))) {
      v.push(`${where}: must run as non-root`);
    }
    checkSeLinux(where, sc.seLinuxOptions ?? psc.seLinuxOptions);
    const caps = sc.capabilities;
    if (!caps) {
      if (defaultAdd.length > 0 || requiredDrop.length > 0) v.push(`${where}: required capabilities are not set on the securityContext`);
    } else if (!allowedCaps.includes('*')) {
      for (const cap of caps.add ?? []) if (!defaultAdd.includes(cap) && !allowedCaps.includes(cap)) v.push(`${where}: capability ${cap} may not be added`);
      for (const cap of requiredDrop) if (!(caps.drop ?? []).includes(cap)) v.push(`${where}: ${cap} is required to be dropped but was not found`);
    }
    checkSeccomp(where, seccompName(sc.seccompProfile ?? psc.seccompProfile));
    if (!scc.allowHostPorts) for (const p of c.ports ?? []) if ((p.hostPort ?? 0) > 0) v.push(`${where}: Host ports are not allowed to be used (${p.hostPort})`);
  }

  v.push(...securityViolations(pod).map((s) => `after the SCC's defaults: ${s}`));
  return { violations: v, mutations, pod };
}

/**
 * Violations of SCC `scc` admitting a pod with `podSpec` that runs as `serviceAccount`
 * (`<namespace>/<name>` or `system:serviceaccount:<namespace>:<name>`); empty when admitted.
 * `namespace` supplies what namespaced strategies (restricted-v2's MustRunAsRange, ...) take from it.
 */
export function sccAdmits(scc: Scc, podSpec: PodSpecLike, serviceAccount: string, namespace?: NamespaceAllocation): string[] {
  return applyScc(scc, podSpec, serviceAccount, namespace).violations;
}

/** What admission by `scc` would change in the pod (its defaults); empty when it takes the pod as it is. */
export function sccMutations(scc: Scc, podSpec: PodSpecLike, serviceAccount: string, namespace?: NamespaceAllocation): string[] {
  return applyScc(scc, podSpec, serviceAccount, namespace).mutations;
}

/**
 * The security invariants over any pod spec (containers, init and ephemeral containers): no container
 * both `privileged: true` and `allowPrivilegeEscalation: false` (the API server rejects it, and it hides
 * that the container is all-powerful), and none adding SYS_ADMIN with `allowPrivilegeEscalation: false`
 * (same rule of the API server).
 */
export function securityViolations(podSpec: PodSpecLike): string[] {
  const v: string[] = [];
  for (const c of containersOf(podSpec)) {
    const sc = c.securityContext ?? {};
    if (sc.allowPrivilegeEscalation !== false) continue;
    if (sc.privileged === true) v.push(`container ${c.name}: privileged: true with allowPrivilegeEscalation: false`);
    if ((sc.capabilities?.add ?? []).some((cap) => cap === 'CAP_SYS_ADMIN' || cap === 'SYS_ADMIN')) {
      v.push(`container ${c.name}: adds SYS_ADMIN with allowPrivilegeEscalation: false`);
    }
  }
  return v;
}

const BASELINE_CAPS = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'];
const BASELINE_SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];
const RESTRICTED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

/**
 * Violations of the Pod Security Standards at `level` (the checks Pod Security Admission enforces; the
 * Linux-only restricted checks are skipped for `spec.os.name: windows` pods, as PSA does).
 */
export function podSecurityViolations(podSpec: PodSpecLike, level: 'baseline' | 'restricted'): string[] {
  const v: string[] = [];
  const psc = podSpec.securityContext ?? {};
  const cs = containersOf(podSpec);
  if (podSpec.hostNetwork || podSpec.hostPID || podSpec.hostIPC) v.push('host namespaces');
  if (psc.windowsOptions?.hostProcess || cs.some((c) => c.securityContext?.windowsOptions?.hostProcess)) v.push('hostProcess');
  for (const vol of podSpec.volumes ?? []) if (vol.hostPath) v.push(`hostPath volume ${vol.name}`);
  const seLinuxOk = (o?: SeLinux): boolean => !o || (BASELINE_SELINUX_TYPES.includes(o.type ?? '') && !o.user && !o.role);
  if (!seLinuxOk(psc.seLinuxOptions)) v.push('pod seLinuxOptions');
  if (seccompName(psc.seccompProfile) === 'unconfined') v.push('pod seccomp Unconfined');
  for (const s of psc.sysctls ?? []) if (!SAFE_SYSCTLS.includes(s.name)) v.push(`sysctl ${s.name}`);
  for (const c of cs) {
    const sc = c.securityContext ?? {};
    if (sc.privileged) v.push(`container ${c.name}: privileged`);
    for (const cap of sc.capabilities?.add ?? []) if (!BASELINE_CAPS.includes(cap)) v.push(`container ${c.name}: capability ${cap}`);
    for (const p of c.ports ?? []) if ((p.hostPort ?? 0) > 0) v.push(`container ${c.name}: hostPort ${p.hostPort}`);
    if (!seLinuxOk(sc.seLinuxOptions)) v.push(`container ${c.name}: seLinuxOptions`);
    if (sc.procMount !== undefined && sc.procMount !== 'Default') v.push(`container ${c.name}: procMount`);
    if (seccompName(sc.seccompProfile) === 'unconfined') v.push(`container ${c.name}: seccomp Unconfined`);
  }
  if (level === 'baseline') return v;

  const windows = podSpec.os?.name === 'windows';
  for (const vol of podSpec.volumes ?? []) {
    const type = volumeTypeOf(vol);
    if (!RESTRICTED_VOLUMES.includes(type) && type !== 'hostPath') v.push(`${type} volume ${vol.name}`);
  }
  if (psc.runAsUser === 0) v.push('pod runAsUser 0');
  for (const c of cs) {
    const sc = c.securityContext ?? {};
    const where = `container ${c.name}`;
    if (!windows && sc.allowPrivilegeEscalation !== false) v.push(`${where}: allowPrivilegeEscalation != false`);
    if ((sc.runAsNonRoot ?? psc.runAsNonRoot) !== true) v.push(`${where}: runAsNonRoot != true`);
    if (sc.runAsUser === 0) v.push(`${where}: runAsUser 0`);
    const seccomp = sc.seccompProfile ?? psc.seccompProfile;
    if (!windows && !(seccomp && (seccomp.type === 'RuntimeDefault' || seccomp.type === 'Localhost'))) v.push(`${where}: seccomp not RuntimeDefault/Localhost`);
    if (!windows) {
      if (!(sc.capabilities?.drop ?? []).includes('ALL')) v.push(`${where}: capabilities do not drop ALL`);
      for (const cap of sc.capabilities?.add ?? []) if (cap !== 'NET_BIND_SERVICE') v.push(`${where}: adds ${cap}`);
    }
  }
  return v;
}

/**
 * OpenShift's `restricted-v2` SCC (4.11+; granted to every authenticated user), for checking whether a
 * pod needs an SCC of its own. Its namespaced strategies take their ids from {@link EXAMPLE_KUBE_SYSTEM_ALLOCATION}
 * or another allocation passed to {@link sccAdmits}.
 */
export const RESTRICTED_V2: Scc = {
  metadata: { name: 'restricted-v2' },
  allowHostDirVolumePlugin: false,
  allowHostIPC: false,
  allowHostNetwork: false,
  allowHostPID: false,
  allowHostPorts: false,
  allowPrivilegeEscalation: false,
  allowPrivilegedContainer: false,
  allowedCapabilities: ['NET_BIND_SERVICE'],
  defaultAddCapabilities: null,
  fsGroup: { type: 'MustRunAs' },
  readOnlyRootFilesystem: false,
  requiredDropCapabilities: ['ALL'],
  runAsUser: { type: 'MustRunAsRange' },
  seLinuxContext: { type: 'MustRunAs' },
  seccompProfiles: ['runtime/default'],
  supplementalGroups: { type: 'RunAsAny' },
  users: [],
  groups: ['system:authenticated'],
  volumes: ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'],
};

/** A namespace allocation as OpenShift's namespace controller writes it (example values). */
export const EXAMPLE_KUBE_SYSTEM_ALLOCATION: NamespaceAllocation = {
  uidRange: [1000040000, 1000049999],
  groupRange: [1000040000, 1000049999],
  mcsLevel: 's0:c6,c5',
};
