/**
 * The Container Insights logs agent (`ama-logs`) as manifests: what the AKS add-on or the Arc extension
 * would otherwise run, rendered for `agents.mode: "manifests"`.
 *
 * Baseline: the reference manifest of agent 3.1.24 (shared/reference/container-insights/ama-logs.yaml,
 * "the dev manifest", NOTES-container-insights §1), field for field, without its test-only parts
 * (`VALUE_*` placeholders, `ISTEST`). Where upstream differs between AKS and Arc (NOTES §1.3-§1.6), AKS's
 * values are rendered on AKS (`profile.onboarding === 'aks-addon'`) and the Arc chart's (3.1.24 values,
 * azuremonitor-containers-values.yaml) on Arc-enabled clusters. Distribution differences come from the
 * profile table only (log host paths, tolerations).
 *
 * Choices where the notes leave a question open are commented where they are made:
 * - selectors: `component: ama-logs-agent, tier: node` (dev/AKS) on every distribution, see {@link DS_SELECTOR};
 * - the Prometheus sidecar always runs, see {@link prometheusSidecar};
 * - RBAC `nodes/pods` vs `nodes/proxy`, see {@link clusterRole};
 * - no `container-hostname` volume, no CA anchors, see {@link linuxVolumes};
 * - container network logs in manifests mode are an error, see {@link renderLogsAgent}.
 * Not rendered, as in the reference manifest (commented out there): the multi-tenancy service
 * (`ama-logs-multitenancy` Deployment, Service, HPA; the model has no service mode: basic and advanced
 * multi-tenancy run in the DaemonSet) and the RS addon-resizer (VPA). No architecture selector: the image
 * is multi-arch (amd64, arm64; NOTES §1.2).
 */
import { AMA_LOGS_RS_KUBE_CONF } from './ama-logs-rs-config-data';
import {
  AGENT_NAMESPACE,
  AKS_TOKEN_SECRET,
  clusterIdentityRequest,
  clusterIdentityRules,
  containerResources,
  identitySidecar,
  isAks,
  nodeAffinityTerms,
  nodeSelectorWith,
  tokenSecretRule,
  tolerationsWith,
  env,
  fieldEnv,
  hostPathVolume,
} from './common';
import { AgentContainer, AgentManifestsModel, ContainerResources } from '../../model/agents';
import { ClusterModel, versionAtLeast } from '../../model/cluster';
import { ContainerInsightsModel } from '../../model/container-insights';
import { Toleration } from '../../model/distribution';
import { COMMON_LABELS, KubeObject } from '../kube';

/** Names the agent and its tooling expect (NOTES-container-insights §1.1). */
export const LOGS_SERVICE_ACCOUNT = 'ama-logs';
export const LOGS_CLUSTER_ROLE = 'ama-logs-reader';
export const LOGS_CLUSTER_ROLE_BINDING = 'amalogsclusterrolebinding';
export const LOGS_DAEMONSET = 'ama-logs';
export const LOGS_WINDOWS_DAEMONSET = 'ama-logs-windows';
export const LOGS_DEPLOYMENT = 'ama-logs-rs';
export const LOGS_RS_CONFIGMAP = 'ama-logs-rs-config';
/** The Secret the agent reads WSID (and, with workspace-key auth, KEY) from, mounted at /etc/ama-logs-secret. */
export const LOGS_SECRET = 'ama-logs-secret';
/** The Arc chart's PriorityClass (value `amalogs.priority`, default 10). */
export const LOGS_PRIORITY_CLASS = 'ama-logs';
export const LOGS_PRIORITY_VALUE = 10;
/** The AzureClusterIdentityRequest the Arc chart renders for connected clusters (NOTES §1.1, §1.9). */
export const LOGS_IDENTITY_REQUEST = 'container-insights-clusteridentityrequest';
/** The user's agent ConfigMap, mounted `optional: true` (NOTES §2.1). */
const AGENT_CONFIGMAP = 'container-azm-ms-agentconfig';
const OSM_CONFIGMAP = 'container-azm-ms-osmconfig';
const ADX_SECRET = 'ama-logs-adx-secret';

/**
 * What the Arc CLI writes as the workspace key with managed identity ("<not_used>", NOTES §1.8; the same
 * value as `UNUSED_WORKSPACE_KEY` of the Arc extension's protected settings). No secret.
 */
export const UNUSED_KEY = '<not_used>';

/** Syslog: the agent's container port and the host port rsyslog forwards to (NOTES §1.4, §1.6). */
const SYSLOG_PORT = 28330;

/** Pod annotations of every Linux pod (reference manifest; NOTES §1.3). */
const LINUX_POD_ANNOTATIONS: Readonly<Record<string, string>> = {
  'agentVersion': 'azure-mdsd-1.31.4',
  'dockerProviderVersion': '18.0.1-0',
  'schema-versions': 'v1',
  'kubernetes.azure.com/no-http-proxy-vars': 'true',
};
/** The Windows pod's: the Windows AMA version instead of mdsd's (values `winAgentVersion`). */
const WINDOWS_POD_ANNOTATIONS: Readonly<Record<string, string>> = { ...LINUX_POD_ANNOTATIONS, agentVersion: '46.17.2' };

/**
 * Selectors. The Arc chart selects both of its DaemonSets (Linux and Windows) with `dsName: ama-logs-ds`,
 * so their selectors overlap (NOTES §1.3); the dev manifest and AKS use distinct `component`/`tier` labels.
 * We use the dev/AKS labels on every distribution: overlapping selectors make the two controllers fight
 * over each other's pods.
 */
const DS_SELECTOR: Readonly<Record<string, string>> = { component: 'ama-logs-agent', tier: 'node' };
const WINDOWS_SELECTOR: Readonly<Record<string, string>> = { component: 'ama-logs-agent-windows', tier: 'node-win' };
const RS_SELECTOR: Readonly<Record<string, string>> = { rsName: 'ama-logs-rs' };

/**
 * Upstream requests and limits per container (NOTES-container-insights §1.4): AKS's add-on values on AKS
 * (`daemonSetSizingValues.singleSize`, `omsAgentDsCPULimitLinux`/`omsAgentDsMemoryLimitLinux`, RS limits
 * 1 / 1.5Gi, Windows burstable requests), the Arc chart's `amalogs.resources.*` elsewhere.
 */
export const LOGS_RESOURCE_DEFAULTS: Readonly<Record<'aks' | 'arc', Readonly<Record<LogsContainer, ContainerResources>>>> = {
  aks: {
    'ama-logs': { requests: { cpu: '75m', memory: '325Mi' }, limits: { cpu: '500m', memory: '1Gi' } },
    'ama-logs-prometheus': { requests: { cpu: '75m', memory: '225Mi' }, limits: { cpu: '500m', memory: '1Gi' } },
    'ama-logs-rs': { requests: { cpu: '150m', memory: '250Mi' }, limits: { cpu: '1', memory: '1.5Gi' } },
    // `isWindowsBurstableQoSEnabled` (default true): requests below the limits.
    'ama-logs-windows': { requests: { cpu: '100m', memory: '150Mi' }, limits: { cpu: '2', memory: '2Gi' } },
  },
  arc: {
    'ama-logs': { requests: { cpu: '75m', memory: '325Mi' }, limits: { cpu: '150m', memory: '750Mi' } },
    'ama-logs-prometheus': { requests: { cpu: '75m', memory: '225Mi' }, limits: { cpu: '500m', memory: '1Gi' } },
    'ama-logs-rs': { requests: { cpu: '150m', memory: '250Mi' }, limits: { cpu: '1', memory: '1Gi' } },
    'ama-logs-windows': { requests: { cpu: '500m', memory: '700Mi' }, limits: { cpu: '2', memory: '2Gi' } },
  },
};

/** The containers of this agent whose resources the user can set. */
export type LogsContainer = Extract<AgentContainer, 'ama-logs' | 'ama-logs-prometheus' | 'ama-logs-rs' | 'ama-logs-windows'>;

/**
 * Upstream's log directories on the node and the volume names the manifests give them (reference
 * manifest: `host-log`, `containerlog-path`, `-2`, `-3`). Any other directory of the profile is a custom
 * mount, named as the Arc chart names it (`custom-mount-path`, e.g. Azure Stack Edge's /home/data/docker).
 */
const LOG_PATH_VOLUMES: Readonly<Record<string, string>> = {
  '/var/log': 'host-log',
  '/var/lib/docker/containers': 'containerlog-path',
  '/mnt/docker': 'containerlog-path-2',
  '/mnt/containers': 'containerlog-path-3',
};

/** Options the lead's stack passes in. */
export interface LogsAgentOptions {
  /**
   * Customer ID (the "Workspace ID" GUID) of the Log Analytics workspace: the `WSID` of `ama-logs-secret`
   * with managed identity. Required then (the stack's model guarantees it).
   */
  readonly workspaceCustomerId?: string;
}

type Obj = Record<string, unknown>;

/** What every part below needs. */
interface Ctx {
  readonly cluster: ClusterModel;
  readonly ci: ContainerInsightsModel;
  readonly m: AgentManifestsModel;
  readonly aks: boolean;
  readonly managedIdentity: boolean;
  readonly syslog: boolean;
  /** The cluster's ARM resource ID (literal or deferred token). */
  readonly resourceId: string;
}

/**
 * The logs agent's objects, in apply order: ServiceAccount, ClusterRole, ClusterRoleBinding, (Arc) the
 * PriorityClass and the AzureClusterIdentityRequest, ConfigMap `ama-logs-rs-config`, (managed identity)
 * Secret `ama-logs-secret`, DaemonSet `ama-logs`, Deployment `ama-logs-rs` and, with Windows node logs,
 * DaemonSet `ama-logs-windows`.
 */
export function renderLogsAgent(cluster: ClusterModel, ci: ContainerInsightsModel, m: AgentManifestsModel, opts: LogsAgentOptions): KubeObject[] {
  if (cluster.resourceId === undefined) {
    throw new Error('internal: the logs agent manifests need cluster.resourceId (resolveAgents requires it in manifests mode)');
  }
  const ctx: Ctx = {
    cluster,
    resourceId: cluster.resourceId,
    ci,
    m,
    aks: isAks(cluster),
    managedIdentity: ci.authentication === 'managed-identity',
    syslog: ci.syslog !== undefined,
  };
  if (ci.networkFlowLogs !== undefined) {
    // resolveOnboarding rejects flow logs in manifests mode (the rule and its reasons live there).
    throw new Error('internal: container network logs reached the logs agent manifests (resolveOnboarding rejects them)');
  }
  if (ctx.managedIdentity && opts.workspaceCustomerId === undefined) {
    throw new Error('internal: the logs agent with managed identity needs the workspace customer ID (the stack model provides it)');
  }

  const objects: KubeObject[] = [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: LOGS_SERVICE_ACCOUNT, namespace: AGENT_NAMESPACE, labels: { ...COMMON_LABELS } },
    },
    clusterRole(ctx),
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: LOGS_CLUSTER_ROLE_BINDING, labels: { ...COMMON_LABELS } },
      subjects: [{ kind: 'ServiceAccount', name: LOGS_SERVICE_ACCOUNT, namespace: AGENT_NAMESPACE }],
      roleRef: { kind: 'ClusterRole', name: LOGS_CLUSTER_ROLE, apiGroup: 'rbac.authorization.k8s.io' },
    },
  ];
  if (!ctx.aks && m.priorityClassName === undefined) {
    objects.push({
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: LOGS_PRIORITY_CLASS, labels: { ...COMMON_LABELS } },
      value: LOGS_PRIORITY_VALUE,
      globalDefault: false,
      description: 'Scheduling priority of the Container Insights logs agent pods (ama-logs), so that they are not frozen out of a node.',
    });
  }
  if (ctx.managedIdentity) {
    for (const o of clusterIdentityRequest(cluster, LOGS_IDENTITY_REQUEST)) {
      objects.push({ ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, ...COMMON_LABELS } } });
    }
  }
  objects.push({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: LOGS_RS_CONFIGMAP, namespace: AGENT_NAMESPACE, labels: { ...COMMON_LABELS } },
    data: { 'kube.conf': AMA_LOGS_RS_KUBE_CONF },
  });
  if (ctx.managedIdentity) {
    // With managed identity the agent reads only WSID from the Secret; KEY holds the Arc CLI's placeholder
    // (NOTES §1.8). Neither is a secret. With workspace-key auth the user's own Secret is mounted instead
    // (m.workspaceKeySecret), and we render none: the stack never carries a key.
    objects.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: LOGS_SECRET, namespace: AGENT_NAMESPACE, labels: { ...COMMON_LABELS } },
      type: 'Opaque',
      stringData: { WSID: opts.workspaceCustomerId!, KEY: UNUSED_KEY },
    });
  }
  objects.push(linuxDaemonSet(ctx), deployment(ctx));
  if (cluster.windowsNodes && ci.windowsNodeLogs) objects.push(windowsDaemonSet(ctx));
  // The pod pieces above are shared constants: hand out copies, so no consumer can change one object through
  // another. A JSON round trip (plain data only), not structuredClone: that one builds its arrays in the
  // host realm, which `instanceof Array` checks in another realm (jest's sandbox, Pulumi's serializer) miss.
  return objects.map((o) => JSON.parse(JSON.stringify(o)) as KubeObject);
}

// --- RBAC -------------------------------------------------------------------------------------------

/**
 * ClusterRole `ama-logs-reader` (NOTES §1.7): upstream's rules, plus the identity rules of the mode:
 * - AKS with managed identity: get/watch on the token Secret the adapter reads;
 * - Arc with managed identity: the chart's rule on AzureClusterIdentityRequests and, as the chart renders it
 *   without an extension name (our case: there is no extension), get on the request's token Secret.
 *
 * The kubelet's `/pods` endpoint (the agent's runtime detection and pod inventory, NOTES-anchors §B.0)
 * is authorized as `nodes/pods` on Kubernetes >= 1.33 (fine-grained kubelet authorization), so the
 * unified chart grants `nodes/pods` instead of `nodes/proxy` there (NOTES §1.7). When the version is
 * unknown we keep `nodes/proxy`: it is what every older cluster needs, and newer kubelets still accept it.
 */
function clusterRole(ctx: Ctx): KubeObject {
  const v = ctx.cluster.kubernetesVersion;
  const kubeletPods = v !== undefined && versionAtLeast(v, 1, 33) ? 'nodes/pods' : 'nodes/proxy';
  const rules: Obj[] = [
    {
      apiGroups: [''],
      resources: ['pods', 'events', 'nodes', 'nodes/stats', 'nodes/metrics', 'nodes/spec', kubeletPods, 'namespaces', 'services', 'persistentvolumes'],
      verbs: ['list', 'get', 'watch'],
    },
    { apiGroups: ['apps', 'extensions', 'autoscaling'], resources: ['replicasets', 'deployments', 'horizontalpodautoscalers'], verbs: ['list'] },
  ];
  if (ctx.managedIdentity) {
    rules.push(...tokenSecretRule(ctx.cluster));
    rules.push(...clusterIdentityRules(ctx.cluster, ['get', 'create', 'patch', 'list', 'update', 'delete']));
    if (!ctx.aks) {
      rules.push({ apiGroups: [''], resources: ['secrets'], resourceNames: [`${LOGS_IDENTITY_REQUEST}-token`], verbs: ['get'] });
    }
  }
  rules.push({ nonResourceURLs: ['/metrics'], verbs: ['get'] });
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: LOGS_CLUSTER_ROLE, labels: { ...COMMON_LABELS } },
    rules,
  };
}

// --- shared pod pieces --------------------------------------------------------------------------------

const resourceEnv = (name: string, containerName: string, resource: string): Obj => ({
  name,
  valueFrom: { resourceFieldRef: { containerName, resource } },
});

/**
 * The cluster's identity for the agent: `AKS_RESOURCE_ID` (becomes the `customResourceId` of the data and
 * keys the agent's data collection rule lookup) and `AKS_REGION` (NOTES §1.6). The chart's fallback for
 * clusters without an Azure ID (`ACS_RESOURCE_NAME` = the cluster name, NOTES §1.9) is not used: with
 * managed identity the agent could not find its data collection rule, so resolveAgents requires
 * cluster.resourceId in manifests mode.
 */
function clusterIdentityEnv(ctx: Ctx): Obj[] {
  return [env('AKS_RESOURCE_ID', ctx.resourceId), env('AKS_REGION', ctx.cluster.region)];
}

/** Fluent-bit defaults the DaemonSets pass (NOTES §1.6; the ConfigMap's `[agent_settings.fbit_config]` overrides them). */
const FBIT_ENV: readonly Obj[] = [
  env('FBIT_SERVICE_FLUSH_INTERVAL', '15'),
  env('FBIT_TAIL_BUFFER_CHUNK_SIZE', '1'),
  env('FBIT_TAIL_BUFFER_MAX_SIZE', '1'),
];

/**
 * Feature switches AKS sets on its add-on (the reference manifest's values, NOTES §1.6 "AKS addon
 * toggles"): off, as there. The Arc chart sets none of them.
 */
const AKS_APPMONITORING_ENV: readonly Obj[] = [
  env('APPMONITORING_AUTOINSTRUMENTATION_ENABLED', 'false'),
  env('APPMONITORING_OPENTELEMETRYLOGS_ENABLED', 'false'),
  env('APPMONITORING_OPENTELEMETRYLOGS_PORT', '28331'),
];

/**
 * What the Arc chart sets instead: `IS_CUSTOM_CERT` (`Azure.proxySettings.isCustomCert`, false) and
 * `ENABLE_CUSTOM_METRICS` (`amalogs.enableCustomMetrics`, true). `CLUSTER_CLOUD_ENVIRONMENT` is the Arc
 * platform's `Azure.Cluster.Cloud`, which manifests do not receive; the library models the public cloud
 * only, so it is left out (as the audience of the identity request, common.ts).
 */
const ARC_ENV: readonly Obj[] = [env('IS_CUSTOM_CERT', 'false'), env('ENABLE_CUSTOM_METRICS', 'true')];

/** Managed identity (the agent then follows its data collection rule) or legacy workspace-key auth (NOTES §1.6). */
function usingMsiEnv(ctx: Ctx): Obj {
  return env('USING_AAD_MSI_AUTH', ctx.managedIdentity ? 'true' : 'false');
}

/** The identity env in the order the reference manifest has it in most containers. */
function authEnv(ctx: Ctx): Obj[] {
  return [env('USER_ASSIGNED_IDENTITY_CLIENT_ID', ctx.m.identityClientId), usingMsiEnv(ctx)];
}

const mount = (name: string, mountPath: string, readOnly?: boolean, extra: Obj = {}): Obj => ({
  name,
  mountPath,
  ...(readOnly ? { readOnly: true } : {}),
  ...extra,
});

/**
 * The time-bound service-account token, projected explicitly (dev manifest and Arc chart
 * `enableServiceAccountTimeBoundToken`, default true; NOTES §1.3). Kept on AKS too: the mount path is the
 * one automounting would use, so the agent sees the same files.
 */
const KUBE_API_ACCESS_VOLUME: Obj = {
  name: 'kube-api-access',
  projected: {
    sources: [
      { serviceAccountToken: { path: 'token', expirationSeconds: 3600 } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ],
  },
};
const KUBE_API_ACCESS_MOUNT = mount('kube-api-access', '/var/run/secrets/kubernetes.io/serviceaccount', true);


/** The agent's Secret: ours with managed identity, the user's (`agents.workspaceKeySecret`) with workspace-key auth. */
function secretVolume(ctx: Ctx): Obj {
  const secretName = ctx.managedIdentity ? LOGS_SECRET : ctx.m.workspaceKeySecret;
  if (secretName === undefined) throw new Error('internal: workspace-key auth without agents.workspaceKeySecret (resolveAgents requires it)');
  return { name: 'ama-logs-secret', secret: { secretName } };
}

const SETTINGS_VOLUME: Obj = { name: 'settings-vol-config', configMap: { name: AGENT_CONFIGMAP, optional: true } };
const ADX_VOLUME: Obj = { name: 'ama-logs-adx-secret', secret: { secretName: ADX_SECRET, optional: true } };
const OSM_VOLUME: Obj = { name: 'osm-settings-vol-config', configMap: { name: OSM_CONFIGMAP, optional: true } };

/** Security context of the Linux agent containers: privileged with DAC_OVERRIDE only, as upstream (NOTES §1.4). */
const LINUX_AGENT_SECURITY: Obj = { privileged: true, capabilities: { drop: ['ALL'], add: ['DAC_OVERRIDE'] } };

const LINUX_LIVENESS: Obj = {
  exec: { command: ['/bin/bash', '-c', '/opt/livenessprobe.sh'] },
  initialDelaySeconds: 60,
  periodSeconds: 60,
  timeoutSeconds: 15,
};

const AGENT_PORTS: readonly Obj[] = [
  { containerPort: 25225, protocol: 'TCP' },
  { containerPort: 25224, protocol: 'UDP' },
];

/** Upstream's priority: AKS add-ons `system-node-critical`; the Arc chart's `ama-logs` class (NOTES §1.3). */
function priorityClassName(ctx: Ctx, forDeployment: boolean): string | undefined {
  if (ctx.m.priorityClassName !== undefined) return ctx.m.priorityClassName;
  if (ctx.aks) return 'system-node-critical';
  return forDeployment ? undefined : LOGS_PRIORITY_CLASS; // the Arc chart gives its Deployment none
}

function resources(ctx: Ctx, container: LogsContainer): ContainerResources {
  return containerResources(ctx.m, container, LOGS_RESOURCE_DEFAULTS[ctx.aks ? 'aks' : 'arc'][container]);
}

/** DaemonSet update strategy: RollingUpdate; AKS at most half the nodes at once (NOTES §1.3). */
function daemonSetUpdateStrategy(ctx: Ctx): Obj {
  return ctx.aks ? { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '50%' } } : { type: 'RollingUpdate' };
}

const DNS_CONFIG: Obj = { options: [{ name: 'ndots', value: '3' }] };

function optional<T>(key: string, value: T | undefined): Obj {
  return value === undefined ? {} : { [key]: value };
}

// --- Linux DaemonSet ----------------------------------------------------------------------------------

/** Volume name and mount path of each log directory of the profile (see {@link LOG_PATH_VOLUMES}). */
function logPaths(ctx: Ctx): Array<{ name: string; path: string }> {
  let custom = 0;
  return ctx.cluster.profile.logHostPaths.map((path) => {
    const known = LOG_PATH_VOLUMES[path];
    if (known !== undefined) return { name: known, path };
    custom += 1;
    return { name: custom === 1 ? 'custom-mount-path' : `custom-mount-path-${custom}`, path };
  });
}

/**
 * Volumes of the Linux DaemonSet, in the reference manifest's order: the base set, the profile's log
 * directories, and `mdsd-sock` (the Syslog socket exchange) only with Syslog, as AKS (NOTES §1.5).
 * Left out on purpose:
 * - `container-hostname` (/etc/hostname): declared upstream but never mounted (NOTES §1.5); a hostPath
 *   volume nobody uses would only widen what admission has to allow.
 * - the CA anchors (`anchors-ubuntu`, `anchors-mariner`): upstream mounts them only in the USNat, USSec and
 *   Bleu clouds (NOTES §1.5), and the library models none of those.
 * - `acns-hubble`: see the container network logs check in {@link renderLogsAgent}.
 */
function linuxVolumes(ctx: Ctx): Obj[] {
  return [
    KUBE_API_ACCESS_VOLUME,
    { name: 'mdsd-prometheus-sock', emptyDir: {} },
    hostPathVolume('host-root', '/'),
    ...(ctx.syslog ? [hostPathVolume('mdsd-sock', '/var/run/mdsd-ci')] : []),
    ...logPaths(ctx).map((p) => hostPathVolume(p.name, p.path)),
    hostPathVolume('azure-json-path', '/etc/kubernetes'),
    secretVolume(ctx),
    SETTINGS_VOLUME,
    ADX_VOLUME,
    OSM_VOLUME,
  ];
}

function mainContainer(ctx: Ctx): Obj {
  const e: Obj[] = [
    resourceEnv('CONTAINER_MEMORY_LIMIT_IN_BYTES', 'ama-logs', 'limits.memory'),
    ...FBIT_ENV,
    ...(ctx.aks ? [env('AKS_CLUSTER_NAME', ctx.cluster.name)] : []),
    ...clusterIdentityEnv(ctx),
    ...(ctx.aks ? [env('EMIT_CACHE_TELEMETRY', 'false')] : []),
    env('CONTROLLER_TYPE', 'DaemonSet'),
    ...(ctx.syslog ? [env('SYSLOG_HOST_PORT', String(SYSLOG_PORT))] : []),
    // The chart's `amalogs.enableHighLogScaleMode`; the agent honours it only in the DaemonSet's main container (NOTES §2.3).
    ...(ctx.ci.highLogScale ? [env('ENABLE_HIGH_LOG_SCALE_MODE', 'true')] : []),
    ...(ctx.aks ? [env('AZMON_TELEGRAF_LIVENESSPROBE_ENABLED', 'false')] : []),
    fieldEnv('NODE_IP', 'status.hostIP'),
    env('USER_ASSIGNED_IDENTITY_CLIENT_ID', ctx.m.identityClientId),
    ...(ctx.aks ? [env('AZMON_CONTAINERLOGS_ONEAGENT_REGIONS', 'koreacentral,norwayeast,eastus2')] : []),
    usingMsiEnv(ctx),
    fieldEnv('HOSTNAME', 'spec.nodeName'),
    ...(ctx.aks ? [env('AZMON_RESOURCE_OPTIMIZATION_ENABLED', 'false'), ...AKS_APPMONITORING_ENV] : ARC_ENV),
  ];
  // Log directories are read only, except /var/log, where the agent keeps its own state (as upstream).
  const logMounts = logPaths(ctx).map((p) => mount(p.name, p.path, p.path !== '/var/log'));
  return {
    name: 'ama-logs',
    image: ctx.m.images['ama-logs'],
    imagePullPolicy: 'IfNotPresent',
    resources: resources(ctx, 'ama-logs'),
    env: e,
    securityContext: LINUX_AGENT_SECURITY,
    ports: [
      ...AGENT_PORTS,
      ...(ctx.syslog ? [{ name: 'syslog', containerPort: SYSLOG_PORT, hostPort: SYSLOG_PORT, protocol: 'TCP' }] : []),
    ],
    volumeMounts: [
      KUBE_API_ACCESS_MOUNT,
      mount('mdsd-prometheus-sock', '/var/run/mdsd-PrometheusSidecar'),
      mount('host-root', '/hostfs', true, { mountPropagation: 'HostToContainer' }),
      ...(ctx.syslog ? [mount('mdsd-sock', '/var/run/mdsd-ci')] : []),
      ...logMounts,
      mount('azure-json-path', '/etc/kubernetes/host'),
      mount('ama-logs-secret', '/etc/ama-logs-secret', true),
      mount('settings-vol-config', '/etc/config/settings', true),
      mount('ama-logs-adx-secret', '/etc/config/settings/adx', true),
    ],
    livenessProbe: LINUX_LIVENESS,
  };
}

/**
 * The Prometheus sidecar (`ama-logs-prometheus`): it scrapes the pods annotated `prometheus.io/scrape`
 * (`monitor_kubernetes_pods`) and the OSM metrics, and the Deployment is told so with
 * `SIDECAR_SCRAPING_ENABLED: "true"`. The dev manifest marks it "only in sidecar scraping mode"; that mode
 * is the Arc chart's `amalogs.sidecarscraping` (default true) and always on for the AKS add-on. The
 * Container Insights model has no such switch (its `prometheus` settings say what is scraped, not by which
 * container), so the sidecar runs as upstream ships it, on every distribution.
 */
function prometheusSidecar(ctx: Ctx): Obj {
  return {
    name: 'ama-logs-prometheus',
    image: ctx.m.images['ama-logs'],
    imagePullPolicy: 'IfNotPresent',
    resources: resources(ctx, 'ama-logs-prometheus'),
    env: [
      resourceEnv('CONTAINER_MEMORY_LIMIT_IN_BYTES', 'ama-logs-prometheus', 'limits.memory'),
      ...(ctx.aks ? [env('AKS_CLUSTER_NAME', ctx.cluster.name)] : []),
      // AKS_NODE_RESOURCE_GROUP (AKS): the node resource group is not part of the cluster model; left out.
      ...clusterIdentityEnv(ctx),
      env('CONTAINER_TYPE', 'PrometheusSidecar'),
      env('CONTROLLER_TYPE', 'DaemonSet'),
      // The sidecar gets the Syslog port on AKS only (NOTES §1.6).
      ...(ctx.aks && ctx.syslog ? [env('SYSLOG_HOST_PORT', String(SYSLOG_PORT))] : []),
      ...(ctx.aks ? [env('AZMON_TELEGRAF_LIVENESSPROBE_ENABLED', 'false')] : []),
      fieldEnv('NODE_IP', 'status.hostIP'),
      fieldEnv('HOSTNAME', 'spec.nodeName'),
      ...authEnv(ctx),
    ],
    securityContext: LINUX_AGENT_SECURITY,
    volumeMounts: [
      KUBE_API_ACCESS_MOUNT,
      ...(ctx.syslog ? [mount('mdsd-sock', '/var/run/mdsd-ci')] : []),
      mount('mdsd-prometheus-sock', '/var/run/mdsd-PrometheusSidecar'),
      mount('azure-json-path', '/etc/kubernetes/host'),
      mount('ama-logs-secret', '/etc/ama-logs-secret', true),
      mount('settings-vol-config', '/etc/config/settings', true),
      mount('osm-settings-vol-config', '/etc/config/osm-settings', true),
    ],
    livenessProbe: LINUX_LIVENESS,
  };
}

function linuxDaemonSet(ctx: Ctx): KubeObject {
  const { cluster, m } = ctx;
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: LOGS_DAEMONSET, namespace: AGENT_NAMESPACE, labels: { ...DS_SELECTOR, ...COMMON_LABELS } },
    spec: {
      updateStrategy: daemonSetUpdateStrategy(ctx),
      selector: { matchLabels: { ...DS_SELECTOR } },
      template: {
        metadata: { labels: { ...DS_SELECTOR }, annotations: { ...LINUX_POD_ANNOTATIONS } },
        spec: {
          serviceAccountName: LOGS_SERVICE_ACCOUNT,
          dnsConfig: DNS_CONFIG,
          ...optional('priorityClassName', priorityClassName(ctx, false)),
          containers: [
            ...(ctx.managedIdentity ? [identitySidecar(cluster, m, 'logs-node')] : []),
            mainContainer(ctx),
            prometheusSidecar(ctx),
          ],
          affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: nodeAffinityTerms(cluster, 'linux') }] } } },
          // The profile's cell: on AKS CriticalAddonsOnly and every effect (the add-on's), on Arc the chart's control-plane taints.
          tolerations: tolerationsWith(m, cluster.profile.defaultTolerations),
          ...optional('nodeSelector', nodeSelectorWith(m)),
          volumes: linuxVolumes(ctx),
        },
      },
    },
  };
}

// --- Deployment ama-logs-rs -----------------------------------------------------------------------------

/** AKS tolerates only CriticalAddonsOnly on its Deployment (NOTES §1.3); Arc tolerates as its DaemonSet. */
const AKS_RS_TOLERATIONS: readonly Toleration[] = [{ key: 'CriticalAddonsOnly', operator: 'Exists' }];

function deployment(ctx: Ctx): KubeObject {
  const { cluster, m } = ctx;
  const container: Obj = {
    name: 'ama-logs',
    image: m.images['ama-logs'],
    imagePullPolicy: 'IfNotPresent',
    resources: resources(ctx, 'ama-logs-rs'),
    env: [
      resourceEnv('CONTAINER_MEMORY_LIMIT_IN_BYTES', 'ama-logs', 'limits.memory'),
      resourceEnv('NUM_OF_FLUENTD_WORKERS', 'ama-logs', 'limits.cpu'),
      ...(ctx.aks ? [env('EMIT_CACHE_TELEMETRY', 'false')] : []),
      ...clusterIdentityEnv(ctx),
      env('CONTROLLER_TYPE', 'ReplicaSet'),
      fieldEnv('NODE_IP', 'status.hostIP'),
      fieldEnv('HOSTNAME', 'spec.nodeName'),
      env('USER_ASSIGNED_IDENTITY_CLIENT_ID', m.identityClientId),
      // The DaemonSet's sidecar scrapes the annotated pods (see prometheusSidecar).
      env('SIDECAR_SCRAPING_ENABLED', 'true'),
      usingMsiEnv(ctx),
      ...(ctx.aks
        ? [...AKS_APPMONITORING_ENV, env('AZMON_TELEGRAF_LIVENESSPROBE_ENABLED', 'false'), env('AZMON_WINDOWS_FLUENT_BIT_ENABLED', 'false')]
        : ARC_ENV),
    ],
    securityContext: LINUX_AGENT_SECURITY,
    // The AKS Deployment's extra `25227/TCP in-rs-tcp` port comes from a newer AKS template (DP@52883e8d), not agent 3.1.24.
    ports: [...AGENT_PORTS],
    volumeMounts: [
      KUBE_API_ACCESS_MOUNT,
      mount('host-log', '/var/log'),
      mount('azure-json-path', '/etc/kubernetes/host'),
      mount('ama-logs-secret', '/etc/ama-logs-secret', true),
      mount('ama-logs-rs-config', '/etc/config'),
      mount('settings-vol-config', '/etc/config/settings', true),
      mount('ama-logs-adx-secret', '/etc/config/settings/adx', true),
      mount('osm-settings-vol-config', '/etc/config/osm-settings', true),
    ],
    livenessProbe: LINUX_LIVENESS,
  };
  // Required: Linux, no virtual kubelet (and an AKS node on AKS); off the control plane where there is one
  // to schedule on (dev manifest and Arc chart `kubernetes.io/role NotIn [master]`, removed for AKS).
  const required = [...nodeAffinityTerms(cluster, 'linux'), ...(ctx.aks ? [] : [{ key: 'kubernetes.io/role', operator: 'NotIn', values: ['master'] }])];
  // Preferred: nodes with an ephemeral OS disk; on AKS also the system node pool (NOTES §1.3).
  const preferred = [
    ...(ctx.aks ? [{ weight: 100, preference: { matchExpressions: [{ key: 'kubernetes.azure.com/mode', operator: 'In', values: ['system'] }] } }] : []),
    { weight: 1, preference: { matchExpressions: [{ key: 'storageprofile', operator: 'NotIn', values: ['managed'] }] } },
  ];
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: LOGS_DEPLOYMENT, namespace: AGENT_NAMESPACE, labels: { ...DS_SELECTOR, ...COMMON_LABELS } },
    spec: {
      replicas: 1,
      ...(ctx.aks ? { revisionHistoryLimit: 2 } : {}),
      selector: { matchLabels: { ...RS_SELECTOR } },
      strategy: { type: 'RollingUpdate' },
      template: {
        metadata: {
          labels: { ...RS_SELECTOR },
          annotations: { ...LINUX_POD_ANNOTATIONS, ...(ctx.aks ? { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' } : {}) },
        },
        spec: {
          serviceAccountName: LOGS_SERVICE_ACCOUNT,
          ...optional('priorityClassName', priorityClassName(ctx, true)),
          containers: [...(ctx.managedIdentity ? [identitySidecar(cluster, m, 'logs-cluster')] : []), container],
          affinity: {
            nodeAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: preferred,
              requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: required }] },
            },
          },
          tolerations: tolerationsWith(m, ctx.aks ? AKS_RS_TOLERATIONS : cluster.profile.defaultTolerations),
          ...optional('nodeSelector', nodeSelectorWith(m)),
          // The dev manifest's set (no container log directories: the Deployment reads the API server, not
          // logs). The Arc chart also mounts /var/lib/docker/containers and the custom mount here, unused.
          volumes: [
            KUBE_API_ACCESS_VOLUME,
            hostPathVolume('host-log', '/var/log'),
            hostPathVolume('azure-json-path', '/etc/kubernetes'),
            secretVolume(ctx),
            { name: 'ama-logs-rs-config', configMap: { name: LOGS_RS_CONFIGMAP } },
            SETTINGS_VOLUME,
            ADX_VOLUME,
            OSM_VOLUME,
          ],
        },
      },
    },
  };
}

// --- Windows DaemonSet ------------------------------------------------------------------------------------

/**
 * `ama-logs-windows` (reference manifest's Windows section, NOTES §1.3-§1.5): not privileged, Windows host
 * paths, a slower liveness probe. With managed identity (AKS only: the Container Insights model rejects
 * Windows logs with managed identity where the profile says the product cannot) the token adapter runs
 * beside it, the agent reads the token Secret at C:\etc\IMDS-access-token and the probe also watches
 * MonAgentCore.exe (the reference's "MSI Auth Mode" lines). The Arc chart selects Windows nodes with a
 * node selector and mounts neither C:\k nor the ADX secret; AKS uses node affinity and mounts both.
 */
function windowsDaemonSet(ctx: Ctx): KubeObject {
  const { cluster, m, aks } = ctx;
  const mi = ctx.managedIdentity;
  if (mi && !aks) throw new Error('internal: Windows logs with managed identity on an Arc-enabled cluster (the Container Insights model rejects them)');
  const container: Obj = {
    name: 'ama-logs-windows',
    image: m.images['ama-logs-windows'],
    imagePullPolicy: 'IfNotPresent',
    resources: resources(ctx, 'ama-logs-windows'),
    securityContext: { capabilities: { drop: ['ALL'], add: ['DAC_OVERRIDE'] } },
    env: [
      resourceEnv('CONTAINER_MEMORY_LIMIT_IN_BYTES', 'ama-logs-windows', 'limits.memory'),
      ...FBIT_ENV,
      ...clusterIdentityEnv(ctx),
      env('CONTROLLER_TYPE', 'DaemonSet'),
      fieldEnv('HOSTNAME', 'spec.nodeName'),
      fieldEnv('PODNAME', 'metadata.name'),
      fieldEnv('NODE_IP', 'status.hostIP'),
      env('SIDECAR_SCRAPING_ENABLED', 'true'),
      ...authEnv(ctx),
      ...(aks ? [env('AZMON_WINDOWS_FLUENT_BIT_ENABLED', 'false'), ...AKS_APPMONITORING_ENV] : [env('ENABLE_CUSTOM_METRICS', 'true')]),
    ],
    volumeMounts: [
      mount('docker-windows-containers', 'C:\\ProgramData\\docker\\containers', true),
      // Read and write: the agent keeps its position files there.
      mount('docker-windows-kuberenetes-container-logs', 'C:\\var'),
      mount('settings-vol-config', 'C:\\etc\\config\\settings', true),
      mount('ama-logs-secret', 'C:\\etc\\ama-logs-secret', true),
      ...(aks ? [mount('ama-logs-adx-secret', 'C:\\etc\\config\\adx', true), mount('azure-json-path', 'C:\\etc\\kubernetes\\host', true)] : []),
      ...(mi ? [mount('imds-token', 'C:\\etc\\IMDS-access-token', true)] : []),
    ],
    livenessProbe: {
      exec: {
        command: [
          'cmd',
          '/c',
          'C:\\opt\\amalogswindows\\scripts\\cmd\\livenessprobe.exe',
          'fluent-bit.exe',
          'fluentdwinaks',
          'C:\\etc\\amalogswindows\\filesystemwatcher.txt',
          'C:\\etc\\amalogswindows\\renewcertificate.txt',
          ...(mi ? ['MonAgentCore.exe'] : []),
        ],
      },
      periodSeconds: 60,
      initialDelaySeconds: 180,
      timeoutSeconds: 15,
    },
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: LOGS_WINDOWS_DAEMONSET, namespace: AGENT_NAMESPACE, labels: { ...WINDOWS_SELECTOR, ...COMMON_LABELS } },
    spec: {
      updateStrategy: daemonSetUpdateStrategy(ctx),
      selector: { matchLabels: { ...WINDOWS_SELECTOR } },
      template: {
        metadata: { labels: { ...WINDOWS_SELECTOR }, annotations: { ...WINDOWS_POD_ANNOTATIONS } },
        spec: {
          serviceAccountName: LOGS_SERVICE_ACCOUNT,
          dnsConfig: DNS_CONFIG,
          ...optional('priorityClassName', priorityClassName(ctx, false)),
          containers: [...(mi ? [identitySidecar(cluster, m, 'logs-windows')] : []), container],
          ...(aks
            ? { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: nodeAffinityTerms(cluster, 'windows') }] } } } }
            : {}),
          tolerations: tolerationsWith(m, cluster.profile.defaultTolerations),
          ...optional('nodeSelector', nodeSelectorWith(m, aks ? {} : { 'kubernetes.io/os': 'windows' })),
          volumes: [
            hostPathVolume('docker-windows-kuberenetes-container-logs', 'C:\\var'),
            ...(aks ? [hostPathVolume('azure-json-path', 'C:\\k')] : []),
            hostPathVolume('docker-windows-containers', 'C:\\ProgramData\\docker\\containers', 'DirectoryOrCreate'),
            SETTINGS_VOLUME,
            secretVolume(ctx),
            ...(aks ? [ADX_VOLUME] : []),
            ...(mi ? [{ name: 'imds-token', secret: { secretName: AKS_TOKEN_SECRET } }] : []),
          ],
        },
      },
    },
  };
}
