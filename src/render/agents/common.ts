/**
 * Pieces both agents' manifests share: resources merged over upstream's defaults, scheduling with the
 * user's extra tolerations and node selector, and the identity wiring (the token-adapter sidecar and the
 * objects it needs).
 *
 * Identity in `manifests` mode (the agents authenticate to Azure Monitor with a managed identity; their
 * data path asks IMDS-style for a token, which a sidecar with NET_ADMIN intercepts and answers):
 * - AKS: the add-on's `addon-token-adapter`, reading the Secret `kube-system/aad-msi-auth-token` that AKS
 *   keeps for the cluster's monitoring identity (NOTES-container-insights §1.4, NOTES-managed-prometheus
 *   §2.4; reference values-template `AADMsiTokenAdapterLinuxYaml`). The stack never writes that Secret: it
 *   holds a credential. Its RBAC rule (get/watch on that one Secret) is upstream's.
 * - Arc-enabled clusters: the Arc `msi-adapter` in cluster-identity mode, with an
 *   `AzureClusterIdentityRequest` (clusterconfig.azure.com/v1beta1, namespace azure-arc) per agent, the
 *   objects the charts render for connected clusters (NOTES-container-insights §1.1/§1.9,
 *   NOTES-managed-prometheus §2.2). Upstream's adapter in the extension model carries
 *   `CLUSTER_IDENTITY: "false"` plus the extension's ARM ID; without an extension there is no extension
 *   identity, so we choose `CLUSTER_IDENTITY: "true"` (the connected cluster's system-assigned identity,
 *   which the Arc agents' identity operator serves through AzureClusterIdentityRequest). This pairing is
 *   our inference from the two chart variants, not a documented recipe: the README says so.
 */
import { AgentContainer, AgentManifestsModel, ContainerResources, checkRequestsWithinLimits } from '../../model/agents';
import { ClusterModel } from '../../model/cluster';
import { Toleration } from '../../model/distribution';
import { COMMON_LABELS, KubeObject } from '../kube';

/** The namespace every agent object lives in (hard-coded upstream, even on Arc: NOTES-container-insights §1.1). */
export const AGENT_NAMESPACE = 'kube-system';

/** The Secret AKS keeps the monitoring identity's token material in (read by the AKS token adapter). */
export const AKS_TOKEN_SECRET = 'aad-msi-auth-token';

/** A container env var with a literal value. */
export const env = (name: string, value: string): Record<string, unknown> => ({ name, value });
/** A container env var from a pod field (`status.hostIP`, `spec.nodeName`, ...). */
export const fieldEnv = (name: string, fieldPath: string): Record<string, unknown> => ({ name, valueFrom: { fieldRef: { fieldPath } } });
/** A hostPath volume, with its type when upstream gives one. */
export const hostPathVolume = (name: string, path: string, type?: string): Record<string, unknown> =>
  ({ name, hostPath: { path, ...(type ? { type } : {}) } });

/** The cluster is an AKS managed cluster (else an Arc-enabled connected cluster). */
export function isAks(cluster: ClusterModel): boolean {
  return cluster.profile.onboarding === 'aks-addon';
}

/**
 * A container's resources: the user's values (`agents.resources.<container>`) over upstream's defaults,
 * field by field; requests above limits are rejected with the prop path.
 */
export function containerResources(m: AgentManifestsModel, container: AgentContainer, defaults: ContainerResources): ContainerResources {
  const user = m.resources[container] ?? {};
  const requests = { ...defaults.requests, ...user.requests };
  const limits = { ...defaults.limits, ...user.limits };
  const merged: ContainerResources = {
    ...(Object.keys(limits).length ? { limits } : {}),
    ...(Object.keys(requests).length ? { requests } : {}),
  };
  checkRequestsWithinLimits(`agents.resources.${container}`, merged);
  return merged;
}

/** Upstream's tolerations for a pod, then the user's extra ones (duplicates dropped). */
export function tolerationsWith(m: AgentManifestsModel, upstream: readonly Toleration[]): Toleration[] {
  const out: Toleration[] = [];
  const seen = new Set<string>();
  for (const t of [...upstream, ...m.extraTolerations]) {
    const key = JSON.stringify([t.key ?? '', t.operator, t.value ?? '', t.effect ?? '']);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(t);
  }
  return out;
}

/** The user's node selector merged over upstream's (upstream only ever selects the OS). */
export function nodeSelectorWith(m: AgentManifestsModel, upstream: Record<string, string> = {}): Record<string, string> | undefined {
  const merged = { ...upstream, ...m.nodeSelector };
  return Object.keys(merged).length ? merged : undefined;
}

/** The agent a sidecar serves: ports and sizes differ per agent upstream. */
export type IdentityAgent = 'logs-node' | 'logs-cluster' | 'logs-windows' | 'metrics' | 'metrics-windows';

/** Token server ports: 8888 for ama-logs, 7777 for ama-metrics (reference ama-logs.yaml; values-template). */
const TOKEN_PORT: Record<IdentityAgent, number> = {
  'logs-node': 8888,
  'logs-cluster': 8888,
  'logs-windows': 7777, // the reference manifest's Windows adapter listens on 7777
  'metrics': 7777,
  'metrics-windows': 7777,
};

/** AKS token adapter sizes (NOTES-container-insights §1.4; values-template msiTokenAdapterLinux/Win). */
const AKS_ADAPTER_RESOURCES: Record<IdentityAgent, ContainerResources> = {
  'logs-node': { limits: { cpu: '100m', memory: '100Mi' }, requests: { cpu: '20m', memory: '50Mi' } },
  'logs-cluster': { limits: { cpu: '500m', memory: '500Mi' }, requests: { cpu: '100m', memory: '100Mi' } },
  // Only limits are given upstream for the logs agent's Windows adapter; requests then default to them.
  'logs-windows': { limits: { cpu: '400m', memory: '400Mi' } },
  'metrics': { limits: { cpu: '500m', memory: '500Mi' }, requests: { cpu: '20m', memory: '30Mi' } },
  'metrics-windows': { limits: { cpu: '250m', memory: '500Mi' }, requests: { cpu: '100m', memory: '100Mi' } },
};

const HEALTH_PORT = 9999;

/**
 * The identity sidecar of an agent pod (always the first container, as upstream prepends it). Callers
 * add it only with managed identity (legacy workspace-key logs have none).
 */
export function identitySidecar(cluster: ClusterModel, m: AgentManifestsModel, agent: IdentityAgent): Record<string, unknown> {
  const windows = agent === 'logs-windows' || agent === 'metrics-windows';
  if (isAks(cluster)) {
    return {
      name: windows ? 'addon-token-adapter-win' : 'addon-token-adapter',
      command: [windows ? 'addon-token-adapter-win' : '/addon-token-adapter'],
      args: [
        `--secret-namespace=${AGENT_NAMESPACE}`,
        `--secret-name=${AKS_TOKEN_SECRET}`,
        `--token-server-listening-port=${TOKEN_PORT[agent]}`,
        `--health-server-listening-port=${HEALTH_PORT}`,
        '--restart-pod-waiting-minutes-on-broken-connection=240',
      ],
      image: m.images['addon-token-adapter'],
      imagePullPolicy: 'IfNotPresent',
      ...(windows ? {} : { env: [{ name: 'AZMON_COLLECT_ENV', value: 'false' }] }),
      livenessProbe: { httpGet: { path: '/healthz', port: HEALTH_PORT }, initialDelaySeconds: 10, periodSeconds: 60 },
      resources: AKS_ADAPTER_RESOURCES[agent],
      securityContext: { capabilities: { drop: ['ALL'], add: windows ? ['NET_ADMIN'] : ['NET_ADMIN', 'NET_RAW'] } },
    };
  }
  if (windows) throw new Error('internal: no Windows identity sidecar on Arc-enabled clusters (the model rejects Windows agents with managed identity there)');
  // Arc msi-adapter: upstream's OpenShift variant is privileged (SELinux and SCC keep an unprivileged
  // NET_ADMIN container from redirecting traffic there); elsewhere it has NET_ADMIN/NET_RAW only
  // (values-template MSIAdapterYaml). Sizes and probe are upstream's for both.
  const privileged = cluster.profile.privilegedIdentityAdapter;
  return {
    name: 'msi-adapter',
    image: m.images['msi-adapter'],
    imagePullPolicy: 'IfNotPresent',
    env: [
      { name: 'CLUSTER_IDENTITY', value: 'true' },
      { name: 'CLUSTER_TYPE', value: 'ConnectedClusters' },
      { name: 'MANAGED_IDENTITY_AUTH', value: 'true' },
      { name: 'TOKEN_NAMESPACE', value: 'azure-arc' },
      { name: 'MSI_ADAPTER_LISTENING_PORT', value: '8421' },
      { name: 'MSI_ADAPTER_LIVENESS_PORT', value: String(HEALTH_PORT) },
    ],
    livenessProbe: { httpGet: { path: '/healthz', port: HEALTH_PORT, scheme: 'HTTP' }, initialDelaySeconds: 10, periodSeconds: 15 },
    resources: { limits: { cpu: '50m', memory: '100Mi' }, requests: { cpu: '20m', memory: '50Mi' } },
    securityContext: privileged ? { privileged: true } : { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } },
  };
}

/** RBAC rule for the token Secret the AKS adapter reads (upstream: get, watch on that one name). */
export function tokenSecretRule(cluster: ClusterModel): Record<string, unknown>[] {
  return isAks(cluster) ? [{ apiGroups: [''], resources: ['secrets'], resourceNames: [AKS_TOKEN_SECRET], verbs: ['get', 'watch'] }] : [];
}

/**
 * RBAC for the Arc identity objects (the charts' rule for `azureclusteridentityrequests`; the metrics
 * chart grants get/update/list/create, the logs chart also patch/delete).
 */
export function clusterIdentityRules(cluster: ClusterModel, verbs: readonly string[]): Record<string, unknown>[] {
  return isAks(cluster)
    ? []
    : [{ apiGroups: ['clusterconfig.azure.com'], resources: ['azureclusteridentityrequests', 'azureclusteridentityrequests/status'], verbs: [...verbs] }];
}

/**
 * The AzureClusterIdentityRequest an agent's token is issued for (Arc only). Audience: Azure Monitor in
 * the public cloud (`https://monitor.azure.com/`); the library models no sovereign-cloud cluster yet.
 */
export function clusterIdentityRequest(cluster: ClusterModel, name: string): KubeObject[] {
  if (isAks(cluster)) return [];
  return [{
    apiVersion: 'clusterconfig.azure.com/v1beta1',
    kind: 'AzureClusterIdentityRequest',
    metadata: { name, namespace: 'azure-arc', labels: { ...COMMON_LABELS } },
    spec: { audience: 'https://monitor.azure.com/' },
  }];
}

/** Required node affinity terms shared by the agents: the OS, no virtual kubelet, and on AKS an AKS node. */
export function nodeAffinityTerms(cluster: ClusterModel, os: 'linux' | 'windows'): Record<string, unknown>[] {
  return [
    { key: 'kubernetes.io/os', operator: 'In', values: [os] },
    { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] },
    ...(isAks(cluster) ? [{ key: 'kubernetes.azure.com/cluster', operator: 'Exists' }] : []),
  ];
}
