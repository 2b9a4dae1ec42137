/**
 * The Managed Prometheus metrics agent (`ama-metrics`) in `manifests` mode: every object the add-on chart
 * installs on this kind of cluster (NOTES-managed-prometheus §2.2), AKS's values on AKS and the Arc
 * chart's on Arc-enabled clusters (§2.1, §2.12), field for field where it matters.
 *
 * Version followed: the chart of Azure/prometheus-collector@39583fd as the notes describe it (agent
 * 7.1.0, KSM v2.19.0-4). Where the notes say nothing about a detail (the order of volumes and mounts,
 * some env positions), the order of older chart revisions of the same templates is kept; order carries no
 * meaning for those fields.
 *
 * Left out on purpose:
 * - The Arc chart's dependent chart `prometheus-node-exporter` (§2.2): out of scope for this library. AKS
 *   nodes run their own node-exporter on 19100; on Arc, `NODE_EXPORTER_TARGETPORT` stays the chart's 9110
 *   and expects a node-exporter there, which the user installs (e.g. the prometheus-node-exporter chart with
 *   service port 9110), else the `nodeexporter` target finds nothing.
 * - AKS Automatic t-shirt sizing (`ama-metrics-node-{xs,s,m,l,xl}`, §2.5): it needs `Azure.Cluster.Kind ==
 *   "automatic"`, a cluster kind the library does not model; the single `ama-metrics-node` DaemonSet with the
 *   single-size requests is rendered.
 * - The Arc proxy objects (`ama-metrics-proxy-config`/`-proxy-cert` Secrets, their `envFrom` and `/anchors/proxy`
 *   mount, §2.2, §2.4) and the mesh/endpoint FQDN extras (`MESH_MEMBER_METRICS_FQDN`, the projected token of
 *   `global.commonGlobals.endpointFQDN`): the library models no proxy and no such endpoint.
 * - `AzureExtensionIdentity`: there is no extension in manifests mode; the identity objects are those of
 *   src/render/agents/common.ts (an AzureClusterIdentityRequest on Arc).
 * - The OpenShift SecurityContextConstraints: derived from these pod specs by the admission-objects renderer.
 */
import { AZMONITORING_CRDS } from './azmonitoring-crds-data';
import {
  AGENT_NAMESPACE,
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
import { AgentManifestsModel, ContainerResources } from '../../model/agents';
import { ClusterModel, versionAtLeast } from '../../model/cluster';
import { Toleration } from '../../model/distribution';
import { ManagedPrometheusModel } from '../../model/managed-prometheus';
import { ksmAllowList } from '../arc-extensions';
import { COMMON_LABELS, KubeObject } from '../kube';

type Obj = Record<string, unknown>;

const SERVICE_ACCOUNT = 'ama-metrics-serviceaccount';
const KSM = 'ama-metrics-ksm';
const TA = 'ama-metrics-operator-targets';
const MANAGED_BY = { 'kubernetes.azure.com/managedby': 'aks' } as const;

/** Pod annotations of the collector pods (§2.2). */
const AGENT_ANNOTATIONS = { 'agentVersion': '0.0.0.1', 'schema-versions': 'v1' } as const;
const SAFE_TO_EVICT = { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' } as const;

/** Upstream resources (values-template `Rs*`, `Ds*`, `KubeStateMetrics.*`, `TargetAllocator*`, `CfgReader*`). */
export const AMA_METRICS_DEFAULT_RESOURCES = {
  'ama-metrics': { limits: { cpu: '7', memory: '14Gi' }, requests: { cpu: '150m', memory: '500Mi' } },
  'ama-metrics-node': { limits: { cpu: '200m', memory: '1Gi' }, requests: { cpu: '50m', memory: '150Mi' } },
  // Limits only upstream (DsCPULimitWindows / DsMemoryLimitWindows); requests then default to the limits.
  'ama-metrics-win-node': { limits: { cpu: '500m', memory: '1Gi' } },
  'ama-metrics-ksm': { limits: { cpu: '1', memory: '5Gi' }, requests: { cpu: '5m', memory: '50Mi' } },
  'ama-metrics-operator-targets': { limits: { cpu: '5', memory: '8Gi' }, requests: { cpu: '10m', memory: '50Mi' } },
  'ama-metrics-config-reader': { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1m', memory: '10Mi' } },
} as const satisfies Record<string, ContainerResources>;

/**
 * The chart's default KSM `Collectors` (values-template L13-L41, NOTES §2.9), each with the API groups its
 * ClusterRole rule names (the chart's `ama-metrics-ksm-role.yaml`: one `list, watch` rule per collector,
 * in this order, `extensions` kept beside `apps`/`networking.k8s.io` as upstream writes it).
 */
export const KSM_COLLECTORS: ReadonlyArray<readonly [resource: string, apiGroups: readonly string[]]> = [
  ['certificatesigningrequests', ['certificates.k8s.io']],
  ['configmaps', ['']],
  ['cronjobs', ['batch']],
  ['daemonsets', ['extensions', 'apps']],
  ['deployments', ['extensions', 'apps']],
  ['endpoints', ['']],
  ['horizontalpodautoscalers', ['autoscaling']],
  ['ingresses', ['extensions', 'networking.k8s.io']],
  ['jobs', ['batch']],
  ['leases', ['coordination.k8s.io']],
  ['limitranges', ['']],
  ['mutatingwebhookconfigurations', ['admissionregistration.k8s.io']],
  ['namespaces', ['']],
  ['networkpolicies', ['networking.k8s.io']],
  ['nodes', ['']],
  ['persistentvolumeclaims', ['']],
  ['persistentvolumes', ['']],
  ['poddisruptionbudgets', ['policy']],
  ['pods', ['']],
  ['replicasets', ['extensions', 'apps']],
  ['replicationcontrollers', ['']],
  ['resourcequotas', ['']],
  ['secrets', ['']],
  ['services', ['']],
  ['statefulsets', ['apps']],
  ['storageclasses', ['storage.k8s.io']],
  ['validatingwebhookconfigurations', ['admissionregistration.k8s.io']],
  ['volumeattachments', ['storage.k8s.io']],
];

/** What the collectors are told about node-exporter (§2.1): AKS ships its own on 19100, the Arc chart's listens on 9110. */
const NODE_EXPORTER = {
  aks: { targetPort: '19100', version: '' },
  arc: { targetPort: '9110', version: '1.8.2' },
} as const;

/** The CA directories the collectors mount (§2.4): Mariner/Azure Linux anchors and Ubuntu's certificates. */
const MARINER_ANCHORS = '/etc/pki/ca-trust/source/anchors/';
const UBUNTU_CERTS = '/usr/local/share/ca-certificates/';

const TA_CLIENT_TLS = 'ama-metrics-operator-targets-client-tls-secret';
const TA_SERVER_TLS = 'ama-metrics-operator-targets-server-tls-secret';
const MTLS_SECRET = 'ama-metrics-mtls-secret';

/**
 * Kubernetes minor version from which the chart drops the cluster-wide secrets rule (§2.10, `semverCompare
 * "<1.37.0"`): from then on, Pod/ServiceMonitor basicAuth/TLS secrets need a namespaced Role and
 * `secrets_access_namespaces` (§2.10, §4.2.4).
 */
const SECRETS_RULE_UNTIL_MINOR = 37;
/** ContainerResource HPA metrics and PDB `unhealthyPodEvictionPolicy` from 1.27 (§2.8). */
const HPA_CONTAINER_METRICS_MINOR = 27;

// -------------------------------------------------------------------------------------------------
// Small helpers
// -------------------------------------------------------------------------------------------------

/** The tag of an image reference (`sha256:...` for a digest). */
function tagOf(image: string): string {
  const at = image.indexOf('@');
  if (at >= 0) return image.slice(at + 1);
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? image.slice(colon + 1) : 'latest';
}

/**
 * `app.kubernetes.io/version` from a tag, as the chart's `trunc 63` (then trimmed to a valid label value);
 * nothing for a digest, which is no label value at all.
 */
function versionLabel(tag: string): Record<string, string> {
  if (tag.startsWith('sha256:')) return {};
  const v = tag.slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return v ? { 'app.kubernetes.io/version': v } : {};
}

function meta(name: string, labels: Record<string, string>, extra: Obj = {}, namespaced = true): KubeObject['metadata'] {
  return {
    name,
    ...(namespaced ? { namespace: AGENT_NAMESPACE } : {}),
    labels: { ...labels, ...COMMON_LABELS },
    ...extra,
  };
}

const limitEnv = (name: string, resource: string, divisor: string): Obj => ({
  name,
  valueFrom: { resourceFieldRef: { containerName: 'prometheus-collector', resource, divisor } },
});

const configMapVolume = (name: string, configMap: string): Obj => ({ name, configMap: { name: configMap, optional: true } });
const secretVolume = (name: string, secretName: string): Obj => ({ name, secret: { secretName, optional: true } });
const mount = (mountPath: string, name: string, readOnly = true): Obj => ({ mountPath, name, ...(readOnly ? { readOnly: true } : {}) });

function probe(path: string, port: number, initialDelaySeconds: number, periodSeconds: number, timeoutSeconds: number): Obj {
  return { httpGet: { path, port }, initialDelaySeconds, periodSeconds, timeoutSeconds, failureThreshold: 3 };
}

/** The required node affinity (every pod) and, for the cluster-level pods, upstream's preferences (§2.4). */
function affinity(cluster: ClusterModel, os: 'linux' | 'windows', preferSystemNodes: 'none' | 'system' | 'system-and-replica'): Obj {
  let required = nodeAffinityTerms(cluster, os);
  // The Windows DaemonSet requires only the OS and no virtual kubelet, also on AKS (§2.6).
  if (os === 'windows') required = required.filter((t) => t.key !== 'kubernetes.azure.com/cluster');
  const preferred = preferSystemNodes === 'none' ? [] : [
    { weight: 100, preference: { matchExpressions: [{ key: 'kubernetes.azure.com/mode', operator: 'In', values: ['system'] }] } },
    ...(preferSystemNodes === 'system-and-replica'
      ? [{ weight: 50, preference: { matchExpressions: [{ key: 'azuremonitor/metrics.replica.preferred', operator: 'In', values: ['true'] }] } }]
      : []),
  ];
  return {
    nodeAffinity: {
      ...(preferred.length ? { preferredDuringSchedulingIgnoredDuringExecution: preferred } : {}),
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: required }] },
    },
  };
}

const CRITICAL_ADDONS_ONLY: Toleration = { key: 'CriticalAddonsOnly', operator: 'Exists' };
const ALL_NO_SCHEDULE: Toleration = { operator: 'Exists', effect: 'NoSchedule' };
const ALL_NO_EXECUTE: Toleration = { operator: 'Exists', effect: 'NoExecute' };
const ALL_PREFER_NO_SCHEDULE: Toleration = { operator: 'Exists', effect: 'PreferNoSchedule' };

/**
 * Upstream's tolerations per workload (§2.4, §2.5, §2.7, §2.9; `tolerationsOnlyForControlPlane` is the
 * chart's default `false`). Where the Arc chart adds its `node-role.kubernetes.io/control-plane`/`master`
 * tolerations (the collector Deployment and DaemonSet), the distribution profile's `defaultTolerations` are
 * used instead: on every Arc row they are those six, plus what the distribution's own control-plane or infra
 * taints need (e.g. OpenShift's `infra` role), which the profile table exists to carry. On AKS the metrics
 * chart's own lists are used: they are narrower than the profile's node-agent default (no wildcard
 * `PreferNoSchedule`), so the profile cell is not read there.
 */
function tolerations(cluster: ClusterModel, workload: 'collector' | 'node' | 'windows' | 'ta' | 'ksm'): Toleration[] {
  const aks = isAks(cluster);
  const controlPlane = aks ? [] : cluster.profile.defaultTolerations;
  switch (workload) {
    case 'collector':
      return aks ? [CRITICAL_ADDONS_ONLY] : [CRITICAL_ADDONS_ONLY, ALL_NO_EXECUTE, ...controlPlane];
    case 'node':
      return [CRITICAL_ADDONS_ONLY, ALL_NO_SCHEDULE, ALL_NO_EXECUTE, ...controlPlane];
    case 'windows':
      return [CRITICAL_ADDONS_ONLY, ALL_NO_EXECUTE, ALL_NO_SCHEDULE];
    case 'ta':
      return aks ? [CRITICAL_ADDONS_ONLY] : [CRITICAL_ADDONS_ONLY, ALL_NO_EXECUTE, ALL_PREFER_NO_SCHEDULE];
    case 'ksm':
      return aks ? [CRITICAL_ADDONS_ONLY] : [ALL_NO_EXECUTE];
  }
}

interface UpstreamScheduling {
  readonly tolerations: Toleration[];
  readonly nodeSelector?: Record<string, string>;
  readonly priority: string;
}

/** The pod spec fields every agent pod shares: priority and scheduling, with the user's overrides and extras. */
function podScheduling(m: AgentManifestsModel, upstream: UpstreamScheduling): Obj {
  const nodeSelector = nodeSelectorWith(m, upstream.nodeSelector);
  return {
    priorityClassName: m.priorityClassName ?? upstream.priority,
    ...(nodeSelector ? { nodeSelector } : {}),
    tolerations: tolerationsWith(m, upstream.tolerations),
  };
}

/** The collectors' security context (§2.4): unprivileged, all capabilities dropped but DAC_OVERRIDE. */
const COLLECTOR_SECURITY_CONTEXT = { privileged: false, capabilities: { drop: ['ALL'], add: ['DAC_OVERRIDE'] } } as const;

// -------------------------------------------------------------------------------------------------
// The render context: values every object reads
// -------------------------------------------------------------------------------------------------

interface Ctx {
  readonly cluster: ClusterModel;
  readonly m: AgentManifestsModel;
  readonly aks: boolean;
  readonly collectorTag: string;
  /** `CLUSTER`: the cluster's ARM ID. */
  readonly clusterId: string;
  readonly ksmLabels: string;
  readonly ksmAnnotations: string;
}

/**
 * `CLUSTER`: the agent finds its data collection rules by this ID (MAC mode), and the `cluster` label is its last
 * segment unless a cluster alias is set (§2.11). Upstream always has it (the AKS RP or the Arc platform passes it);
 * the agents model requires `cluster.resourceId` in manifests mode, so a missing one here is a caller's bug.
 */
function clusterResourceId(cluster: ClusterModel): string {
  if (cluster.resourceId === undefined) throw new Error('internal: the metrics agent manifests need cluster.resourceId (resolveAgents requires it)');
  return cluster.resourceId;
}

function context(cluster: ClusterModel, mp: ManagedPrometheusModel, m: AgentManifestsModel): Ctx {
  const ksm = mp.settings.ksmConfig;
  return {
    cluster,
    m,
    aks: isAks(cluster),
    collectorTag: tagOf(m.images['prometheus-collector']),
    clusterId: clusterResourceId(cluster),
    ksmLabels: ksmAllowList(ksm?.labelsAllowList),
    ksmAnnotations: ksmAllowList(ksm?.annotationsAllowList),
  };
}

/** `customEnvironment` (§2.4): the cloud, lower-case. The library models the public cloud only. */
const CLOUD_ENVIRONMENT = 'azurepubliccloud';

/** The env the collector containers share up to `CONTROLLER_TYPE`, then the pod facts (§2.4). */
function collectorEnvHead(c: Ctx, controller: 'ReplicaSet' | 'DaemonSet', operatorVars: boolean): Obj[] {
  return [
    env('CLUSTER', c.clusterId),
    env('AKSREGION', c.cluster.region),
    env('MAC', 'true'),
    env('AZMON_COLLECT_ENV', 'false'),
    ...(operatorVars
      ? [
        env('AZMON_OPERATOR_ENABLED', 'true'),
        // The chart's derived `hpaEnabled` is false on Arc, so the variable says "false" there although the HPA
        // is rendered on Arc too (its template ORs CollectorHPAEnabled back in, §2.1, §2.8): as upstream.
        env('AZMON_COLLECTOR_HPA_ENABLED', c.aks ? 'true' : 'false'),
      ]
      : []),
    env('customEnvironment', CLOUD_ENVIRONMENT),
    env('OMS_TLD', 'opinsights.azure.com'),
    env('CONTROLLER_TYPE', controller),
    fieldEnv('NODE_IP', 'status.hostIP'),
    fieldEnv('NODE_NAME', 'spec.nodeName'),
    fieldEnv('POD_NAME', 'metadata.name'),
    fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
    limitEnv('CONTAINER_CPU_LIMIT', 'limits.cpu', '1m'),
    limitEnv('CONTAINER_MEMORY_LIMIT', 'limits.memory', '1Mi'),
    env('KUBE_STATE_NAME', KSM),
    env('NODE_EXPORTER_NAME', ''),
    env('NODE_EXPORTER_TARGETPORT', (c.aks ? NODE_EXPORTER.aks : NODE_EXPORTER.arc).targetPort),
    env('KUBE_STATE_VERSION', c.m.images['kube-state-metrics']),
  ];
}

/** `MODE`, `WINMODE`, `MINIMAL_INGESTION_PROFILE`: constants of every collector (§2.4). */
function collectorModes(): Obj[] {
  return [env('MODE', 'advanced'), env('WINMODE', 'advanced'), env('MINIMAL_INGESTION_PROFILE', 'true')];
}

/** The Arc telemetry variables of the collector Deployment (§2.4). */
function arcTelemetryEnv(c: Ctx): Obj[] {
  if (c.aks) return [];
  return [
    env('IS_ARC_EXTENSION', 'true'),
    env('ARC_DISTRIBUTION', c.cluster.profile.arcDistribution ?? ''),
    env('MOUNT_MARINER_CERTS', 'true'),
    env('MOUNT_UBUNTU_CERTS', String(c.cluster.profile.mountUbuntuCaDir)),
  ];
}

const INSTALL_ID = fieldEnv('AMCS_CLIENT_INSTALL_ID_OVERRIDE', 'metadata.uid');

/** The CA directories (§2.4): AKS mounts both; Arc the Mariner anchors and, per profile, Ubuntu's (off on AKS Edge Essentials). */
function caVolumes(c: Ctx): { volumes: Obj[]; mounts: Obj[] } {
  const ubuntu = c.aks || c.cluster.profile.mountUbuntuCaDir;
  return {
    volumes: [
      hostPathVolume('anchors-mariner', MARINER_ANCHORS, 'DirectoryOrCreate'),
      ...(ubuntu ? [hostPathVolume('anchors-ubuntu', UBUNTU_CERTS, 'DirectoryOrCreate')] : []),
    ],
    mounts: [mount('/anchors/mariner', 'anchors-mariner'), ...(ubuntu ? [mount('/anchors/ubuntu', 'anchors-ubuntu')] : [])],
  };
}

// -------------------------------------------------------------------------------------------------
// CRDs and RBAC
// -------------------------------------------------------------------------------------------------

/**
 * The azmonitoring.coreos.com CRDs, from the embedded reference copies. The chart applies them as they are;
 * we add the library's labels and drop `creationTimestamp: null` (a controller-gen artifact the API server
 * ignores and the Kubernetes schema types as a timestamp).
 */
export function renderAzmonitoringCrds(): KubeObject[] {
  return AZMONITORING_CRDS.map((crd) => {
    const copy = JSON.parse(JSON.stringify(crd)) as { apiVersion: string; kind: string; metadata: Obj; spec: Obj };
    const { creationTimestamp: _ts, ...metadata } = copy.metadata;
    return {
      apiVersion: copy.apiVersion,
      kind: copy.kind,
      metadata: { ...(metadata as { name: string }), labels: { ...COMMON_LABELS } },
      spec: copy.spec,
    };
  });
}

/** The rules of ClusterRole `ama-metrics-reader` (§2.10) on this cluster. */
function readerRules(c: Ctx): Obj[] {
  const version = c.cluster.kubernetesVersion;
  // Upstream grants get/list/watch on every Secret only below 1.37. With an unknown version we do NOT grant it
  // (the narrower choice): monitors with basicAuth/TLS secrets then need the namespaced Role and
  // `secrets_access_namespaces` setup of §2.10 whatever the version, or `cluster.kubernetesVersion`.
  const allSecrets = version !== undefined && !versionAtLeast(version, 1, SECRETS_RULE_UNTIL_MINOR);
  // Upstream has one rule for the token Secret and the user's mTLS Secret; the token Secret exists on AKS only,
  // so on Arc the rule names the mTLS Secret alone (narrower than upstream's, which names both everywhere).
  const tokenNames = tokenSecretRule(c.cluster).flatMap((r) => r.resourceNames as string[]);
  return [
    {
      apiGroups: [''],
      resources: ['pods', 'nodes', 'nodes/stats', 'nodes/metrics', 'namespaces', 'services', 'endpoints', 'ingress'],
      verbs: ['list', 'get', 'watch'],
    },
    { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['list', 'get', 'watch'] },
    { apiGroups: [''], resources: ['secrets'], resourceNames: [...tokenNames, MTLS_SECRET], verbs: ['get', 'watch'] },
    ...(allSecrets ? [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] }] : []),
    // OperatorTargetsHttpsEnabled (true): the config reader creates and rotates the target allocator's TLS Secrets.
    { apiGroups: [''], resources: ['secrets'], resourceNames: [TA_CLIENT_TLS, TA_SERVER_TLS], verbs: ['get', 'update'] },
    { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
    { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
    { nonResourceURLs: ['/metrics'], verbs: ['get'] },
    ...clusterIdentityRules(c.cluster, ['get', 'update', 'list', 'create']),
    { apiGroups: ['azmonitoring.coreos.com'], resources: ['servicemonitors', 'podmonitors'], verbs: ['*'] },
    { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch', 'get'] },
  ];
}

function serviceAccount(name: string, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(name, labels) };
}

function clusterRoleBinding(name: string, role: string, sa: string, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: meta(name, labels, {}, false),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ kind: 'ServiceAccount', name: sa, namespace: AGENT_NAMESPACE }],
  };
}

// -------------------------------------------------------------------------------------------------
// kube-state-metrics (§2.9)
// -------------------------------------------------------------------------------------------------

function ksmLabels(c: Ctx): Record<string, string> {
  // The chart hard-codes the KSM version its image carries (2.19.0 for v2.19.0-4); derived from the tag here so
  // that a pinned tag does not leave a stale label.
  const m = /^v?([0-9]+\.[0-9]+\.[0-9]+)/.exec(tagOf(c.m.images['kube-state-metrics']));
  return {
    'app.kubernetes.io/component': 'ama-metrics',
    'app.kubernetes.io/name': KSM,
    'app.kubernetes.io/part-of': KSM,
    ...(m ? { 'app.kubernetes.io/version': m[1] } : {}),
    'helm.sh/chart': 'azure-monitor-metrics-addon-0.1.0',
  };
}

function ksmObjects(c: Ctx): { rbac: KubeObject[]; workload: KubeObject[] } {
  const labels = ksmLabels(c);
  const role: KubeObject = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: meta(KSM, labels, {}, false),
    rules: KSM_COLLECTORS.map(([resource, apiGroups]) => ({ apiGroups: [...apiGroups], resources: [resource], verbs: ['list', 'watch'] })),
  };
  const args = [
    '--port=8080',
    '--config=/etc/config/settings/ksm-config',
    '--continue-without-config=true',
    `--resources=${KSM_COLLECTORS.map(([r]) => r).join(',')}`,
    ...(c.ksmLabels ? [`--metric-labels-allowlist=${c.ksmLabels}`] : []),
    ...(c.ksmAnnotations ? [`--metric-annotations-allowlist=${c.ksmAnnotations}`] : []),
    '--telemetry-port=8081',
  ];
  const deployment: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(KSM, { ...labels, ...MANAGED_BY }),
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': KSM } },
      replicas: 1,
      revisionHistoryLimit: 2,
      template: {
        metadata: { labels: { ...labels }, annotations: { ...SAFE_TO_EVICT } },
        spec: {
          ...podScheduling(c.m, {
            tolerations: tolerations(c.cluster, 'ksm'),
            // AKS schedules by affinity; the Arc chart by a Linux node selector only (§2.9).
            nodeSelector: c.aks ? undefined : { 'kubernetes.io/os': 'linux' },
            priority: 'system-node-critical',
          }),
          hostNetwork: false,
          serviceAccountName: KSM,
          securityContext: { fsGroup: 65534, runAsGroup: 65534, runAsUser: 65534 },
          dnsPolicy: 'ClusterFirst',
          containers: [{
            name: KSM,
            env: [env('AZMON_COLLECT_ENV', 'false')],
            args,
            image: c.m.images['kube-state-metrics'],
            imagePullPolicy: 'IfNotPresent',
            resources: containerResources(c.m, 'ama-metrics-ksm', AMA_METRICS_DEFAULT_RESOURCES['ama-metrics-ksm']),
            securityContext: { capabilities: { drop: ['ALL'] } },
            volumeMounts: [mount('/etc/config/settings', 'settings-vol-config')],
            ports: [{ containerPort: 8080, name: 'http' }],
            livenessProbe: { httpGet: { path: '/livez', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 5, timeoutSeconds: 5 },
            readinessProbe: { httpGet: { path: '/readyz', port: 8081, scheme: 'HTTP' }, initialDelaySeconds: 5, timeoutSeconds: 5 },
          }],
          ...(c.aks ? { affinity: affinity(c.cluster, 'linux', 'system') } : {}),
          volumes: [configMapVolume('settings-vol-config', 'ama-metrics-settings-configmap')],
        },
      },
    },
  };
  const service: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(KSM, labels, { annotations: { 'prometheus.io/scrape': 'true' } }),
    spec: {
      type: 'ClusterIP',
      ports: [{ name: 'http', protocol: 'TCP', port: 8080, targetPort: 8080 }],
      selector: { 'app.kubernetes.io/name': KSM },
    },
  };
  return { rbac: [serviceAccount(KSM, labels), role, clusterRoleBinding(KSM, KSM, KSM, labels)], workload: [deployment, service] };
}

// -------------------------------------------------------------------------------------------------
// Target allocator (§2.7)
// -------------------------------------------------------------------------------------------------

function targetAllocator(c: Ctx): KubeObject[] {
  const labels = { component: TA, ...MANAGED_BY };
  const taTag = tagOf(c.m.images['target-allocator']);
  const cfgTag = tagOf(c.m.images['config-reader']);
  const deployment: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(TA, labels),
    spec: {
      progressDeadlineSeconds: 600,
      replicas: 1,
      revisionHistoryLimit: 2,
      selector: { matchLabels: { rsName: TA, ...MANAGED_BY } },
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
      template: {
        metadata: { labels: { rsName: TA, ...MANAGED_BY }, annotations: { ...AGENT_ANNOTATIONS, ...SAFE_TO_EVICT } },
        spec: {
          ...podScheduling(c.m, { tolerations: tolerations(c.cluster, 'ta'), priority: 'system-cluster-critical' }),
          containers: [
            {
              name: 'targetallocator',
              args: ['--enable-prometheus-cr-watcher'],
              image: c.m.images['target-allocator'],
              imagePullPolicy: 'IfNotPresent',
              ports: [
                { containerPort: 8081, name: 'health-ta' },
                { containerPort: 8080, name: 'http' },
                { containerPort: 8443, name: 'https' },
              ],
              resources: containerResources(c.m, 'ama-metrics-operator-targets', AMA_METRICS_DEFAULT_RESOURCES['ama-metrics-operator-targets']),
              env: [
                env('OTELCOL_NAMESPACE', AGENT_NAMESPACE),
                fieldEnv('NODE_IP', 'status.hostIP'),
                fieldEnv('NODE_NAME', 'spec.nodeName'),
                env('CLUSTER', c.clusterId),
                env('PROMETHEUS_OPERATOR_V1_CUSTOM_GROUP', 'azmonitoring.coreos.com'),
                env('AGENT_VERSION', taTag),
              ],
              securityContext: { capabilities: { drop: ['ALL'] } },
              volumeMounts: [
                mount('/conf', 'ta-config-shared', false),
                mount('/etc/operator-targets/server/certs', 'ama-metrics-operator-targets-server-tls-secret-volume'),
              ],
              livenessProbe: probe('/health-ta', 8081, 60, 15, 5),
            },
            {
              name: 'config-reader',
              image: c.m.images['config-reader'],
              imagePullPolicy: 'IfNotPresent',
              ports: [{ containerPort: 8081, name: 'health' }],
              resources: containerResources(c.m, 'ama-metrics-config-reader', AMA_METRICS_DEFAULT_RESOURCES['ama-metrics-config-reader']),
              env: [
                env('CLUSTER', c.clusterId),
                env('AKSREGION', c.cluster.region),
                fieldEnv('NODE_IP', 'status.hostIP'),
                fieldEnv('NODE_NAME', 'spec.nodeName'),
                fieldEnv('POD_NAME', 'metadata.name'),
                env('POD_NAMESPACE', AGENT_NAMESPACE),
                env('CONTAINER_TYPE', 'ConfigReaderSidecar'),
                env('MODE', 'advanced'),
                env('MAC', 'true'),
                env('AZMON_COLLECT_ENV', 'false'),
                env('KUBE_STATE_NAME', KSM),
                env('NODE_EXPORTER_NAME', ''),
                env('NODE_EXPORTER_TARGETPORT', (c.aks ? NODE_EXPORTER.aks : NODE_EXPORTER.arc).targetPort),
                env('customEnvironment', CLOUD_ENVIRONMENT),
                env('WINMODE', ''),
                env('MINIMAL_INGESTION_PROFILE', 'true'),
                env('AGENT_VERSION', cfgTag),
                // Upstream: global.commonGlobals.Versions.Kubernetes. Unknown here, we write "" (what the chart
                // renders for an empty value) rather than guess a version: the reader then knows nothing of the
                // version, and the ClusterRole above does not grant cluster-wide secrets either.
                env('KUBE_VERSION', c.cluster.kubernetesVersion?.text ?? ''),
                env('OPERATOR_TARGETS_HTTPS_ENABLED', 'true'),
              ],
              volumeMounts: [
                mount('/etc/config/settings', 'settings-vol-config'),
                mount('/etc/prometheus/certs', 'ama-metrics-tls-secret-volume'),
                mount('/etc/config/settings/prometheus', 'prometheus-config-vol'),
                mount('/ta-configuration', 'ta-config-shared', false),
                mount('/etc/operator-targets/client/certs', 'ama-metrics-operator-targets-client-tls-secret-volume'),
                mount('/etc/operator-targets/server/certs', 'ama-metrics-operator-targets-server-tls-secret-volume'),
              ],
              // Arc adds DAC_OVERRIDE to the reader (§2.7).
              securityContext: { capabilities: { drop: ['ALL'], ...(c.aks ? {} : { add: ['DAC_OVERRIDE'] }) } },
              livenessProbe: probe('/health', 8081, 120, 15, 5),
            },
          ],
          dnsPolicy: 'ClusterFirst',
          serviceAccountName: SERVICE_ACCOUNT,
          terminationGracePeriodSeconds: 30,
          affinity: affinity(c.cluster, 'linux', 'system-and-replica'),
          volumes: [
            configMapVolume('settings-vol-config', 'ama-metrics-settings-configmap'),
            configMapVolume('prometheus-config-vol', 'ama-metrics-prometheus-config'),
            secretVolume('ama-metrics-tls-secret-volume', MTLS_SECRET),
            { name: 'ta-config-shared', emptyDir: {} },
            secretVolume('ama-metrics-operator-targets-client-tls-secret-volume', TA_CLIENT_TLS),
            secretVolume('ama-metrics-operator-targets-server-tls-secret-volume', TA_SERVER_TLS),
          ],
        },
      },
    },
  };
  const service: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(TA, labels),
    spec: {
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [
        { name: 'targetallocation', port: 80, protocol: 'TCP', targetPort: 8080 },
        { name: 'targetallocation-https', port: 443, protocol: 'TCP', targetPort: 8443 },
      ],
      selector: { rsName: TA },
      sessionAffinity: 'None',
      type: 'ClusterIP',
    },
  };
  return [deployment, service];
}

// -------------------------------------------------------------------------------------------------
// The collector Deployment, its HPA and PDB (§2.4, §2.8)
// -------------------------------------------------------------------------------------------------

function collectorDeployment(c: Ctx): KubeObject {
  const ca = caVolumes(c);
  const envList = [
    ...collectorEnvHead(c, 'ReplicaSet', true),
    ...(c.ksmLabels ? [env('KUBE_STATE_METRIC_LABELS_ALLOWLIST', c.ksmLabels)] : []),
    ...(c.ksmAnnotations ? [env('KUBE_STATE_METRIC_ANNOTATIONS_ALLOWLIST', c.ksmAnnotations)] : []),
    env('OPERATOR_TARGETS_TA_IMG_VERSION', tagOf(c.m.images['target-allocator'])),
    env('OPERATOR_TARGETS_CFG_READER_IMG_VERSION', tagOf(c.m.images['config-reader'])),
    env('OPERATOR_TARGETS_HTTPS_ENABLED', 'true'),
    env('ENDPOINT_FQDN', ''),
    env('NODE_EXPORTER_VERSION', (c.aks ? NODE_EXPORTER.aks : NODE_EXPORTER.arc).version),
    env('AGENT_VERSION', c.collectorTag),
    ...collectorModes(),
    ...arcTelemetryEnv(c),
    INSTALL_ID,
  ];
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta('ama-metrics', {
      'component': 'ama-metrics',
      ...MANAGED_BY,
      'app.kubernetes.io/name': 'ama-metrics',
      ...versionLabel(c.collectorTag),
      'app.kubernetes.io/part-of': 'azure-monitor-metrics-addon',
      'app.kubernetes.io/component': 'ama-metrics-deployment',
    }),
    spec: {
      // No `replicas`: the HPA below owns the count (minReplicas 2 = upstream's 2). Upstream keeps the HPA's
      // value with a Helm `lookup` (§2.4); a manifest that sets `replicas` would reset it on every server-side
      // apply (GitOps, Pulumi), fighting the HPA, so the field is left out, as Kubernetes advises for
      // HPA-managed workloads. A new Deployment starts with 1 replica until the HPA raises it to 2.
      revisionHistoryLimit: 2,
      selector: { matchLabels: { rsName: 'ama-metrics' } },
      strategy: { type: 'RollingUpdate' },
      template: {
        metadata: { labels: { rsName: 'ama-metrics', ...MANAGED_BY }, annotations: { ...AGENT_ANNOTATIONS, ...SAFE_TO_EVICT } },
        spec: {
          ...podScheduling(c.m, { tolerations: tolerations(c.cluster, 'collector'), priority: 'system-node-critical' }),
          serviceAccountName: SERVICE_ACCOUNT,
          containers: [
            {
              name: 'prometheus-collector',
              image: c.m.images['prometheus-collector'],
              imagePullPolicy: 'IfNotPresent',
              resources: containerResources(c.m, 'ama-metrics', AMA_METRICS_DEFAULT_RESOURCES['ama-metrics']),
              env: envList,
              securityContext: COLLECTOR_SECURITY_CONTEXT,
              volumeMounts: [
                mount('/etc/config/settings', 'settings-vol-config'),
                mount('/etc/prometheus/certs', 'ama-metrics-tls-secret-volume'),
                mount('/etc/operator-targets/client/certs', 'ama-metrics-operator-targets-client-tls-secret-volume'),
                mount('/etc/config/settings/prometheus', 'prometheus-config-vol'),
                mount('/var/log/containers', 'host-log-containers'),
                mount('/var/log/pods', 'host-log-pods'),
                ...ca.mounts,
              ],
              livenessProbe: probe('/health', 8080, 120, 15, 5),
            },
            // Upstream lists the identity sidecar after the collector (§2.4).
            identitySidecar(c.cluster, c.m, 'metrics'),
          ],
          affinity: affinity(c.cluster, 'linux', 'system-and-replica'),
          topologySpreadConstraints: ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'].map((topologyKey) => ({
            maxSkew: 1,
            topologyKey,
            whenUnsatisfiable: 'ScheduleAnyway',
            labelSelector: { matchLabels: { rsName: 'ama-metrics' } },
          })),
          volumes: [
            configMapVolume('settings-vol-config', 'ama-metrics-settings-configmap'),
            configMapVolume('prometheus-config-vol', 'ama-metrics-prometheus-config'),
            hostPathVolume('host-log-containers', '/var/log/containers'),
            hostPathVolume('host-log-pods', '/var/log/pods'),
            secretVolume('ama-metrics-tls-secret-volume', MTLS_SECRET),
            secretVolume('ama-metrics-operator-targets-client-tls-secret-volume', TA_CLIENT_TLS),
            ...ca.volumes,
          ],
        },
      },
    },
  };
}

/**
 * Kubernetes-version gates of the HPA metric and the PDB field (§2.8). With an unknown version we take the
 * >= 1.27 forms, as the chart does with its default `Versions.Kubernetes` (1.33.7): every Kubernetes version
 * still supported upstream and by AKS (LTS included) is >= 1.27, where both are on by default.
 */
function atLeast127(cluster: ClusterModel): boolean {
  return cluster.kubernetesVersion === undefined || versionAtLeast(cluster.kubernetesVersion, 1, HPA_CONTAINER_METRICS_MINOR);
}

function hpaAndPdb(c: Ctx): KubeObject[] {
  const target = { type: 'AverageValue', averageValue: '5Gi' };
  const metric = atLeast127(c.cluster)
    ? { type: 'ContainerResource', containerResource: { name: 'memory', container: 'prometheus-collector', target } }
    : { type: 'Resource', resource: { name: 'memory', target } };
  return [
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta('ama-metrics-hpa', { component: 'ama-metrics-hpa', ...MANAGED_BY }),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'ama-metrics' },
        // The chart's defaults (its helper keeps values a cluster already has within 2..30; docs say 12, §2.8).
        minReplicas: 2,
        maxReplicas: 30,
        metrics: [metric],
        behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Pods', value: 1, periodSeconds: 300 }] } },
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta('ama-metrics-pdb', { component: 'ama-metrics-pdb', ...MANAGED_BY }),
      spec: {
        maxUnavailable: 1,
        selector: { matchLabels: { rsName: 'ama-metrics' } },
        ...(atLeast127(c.cluster) ? { unhealthyPodEvictionPolicy: 'AlwaysAllow' } : {}),
      },
    },
  ];
}

// -------------------------------------------------------------------------------------------------
// The node DaemonSets (§2.5, §2.6)
// -------------------------------------------------------------------------------------------------

/** The DaemonSets' env: the collector's without the cluster-level variables, plus the app-monitoring ones (§2.5). */
function nodeEnv(c: Ctx): Obj[] {
  return [
    ...collectorEnvHead(c, 'DaemonSet', false),
    env('NODE_EXPORTER_VERSION', (c.aks ? NODE_EXPORTER.aks : NODE_EXPORTER.arc).version),
    env('AGENT_VERSION', c.collectorTag),
    ...collectorModes(),
    // AppmonitoringAgent.enabled / isOpenTelemetryMetricsEnabled default false; ports 28333/28334.
    env('APPMONITORING_AUTOINSTRUMENTATION_ENABLED', 'false'),
    env('APPMONITORING_OPENTELEMETRYMETRICS_ENABLED', 'false'),
    env('APPMONITORING_OPENTELEMETRYMETRICS_PORT', '28333'),
    env('APPMONITORING_OPENTELEMETRYMETRICS_PORT_GRPC', '28334'),
    INSTALL_ID,
  ];
}

function daemonSetShell(name: string, labels: Record<string, string>, podSpec: Obj): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta(name, labels),
    spec: {
      selector: { matchLabels: { dsName: name } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '50%' } },
      template: { metadata: { labels: { dsName: name, ...MANAGED_BY }, annotations: { ...AGENT_ANNOTATIONS } }, spec: podSpec },
    },
  };
}

function linuxDaemonSet(c: Ctx): KubeObject {
  const ca = caVolumes(c);
  return daemonSetShell('ama-metrics-node', {
    'component': 'ama-metrics',
    ...MANAGED_BY,
    'app.kubernetes.io/name': 'ama-metrics-node',
    ...versionLabel(c.collectorTag),
    'app.kubernetes.io/part-of': 'azure-monitor-metrics-addon',
    'app.kubernetes.io/component': 'ama-metrics-daemonset',
  }, {
    ...podScheduling(c.m, { tolerations: tolerations(c.cluster, 'node'), priority: 'system-node-critical' }),
    serviceAccountName: SERVICE_ACCOUNT,
    containers: [
      {
        name: 'prometheus-collector',
        image: c.m.images['prometheus-collector'],
        imagePullPolicy: 'IfNotPresent',
        // The single size of the chart (AKS Automatic's t-shirt sizes are not modelled).
        resources: containerResources(c.m, 'ama-metrics-node', AMA_METRICS_DEFAULT_RESOURCES['ama-metrics-node']),
        env: nodeEnv(c),
        securityContext: COLLECTOR_SECURITY_CONTEXT,
        volumeMounts: [
          mount('/etc/config/settings', 'settings-vol-config'),
          mount('/etc/prometheus/certs', 'ama-metrics-tls-secret-volume'),
          mount('/etc/config/settings/prometheus', 'prometheus-config-vol'),
          mount('/var/log/containers', 'host-log-containers'),
          mount('/var/log/pods', 'host-log-pods'),
          ...ca.mounts,
        ],
        livenessProbe: probe('/health', 8080, 60, 15, 5),
      },
      identitySidecar(c.cluster, c.m, 'metrics'),
    ],
    affinity: affinity(c.cluster, 'linux', 'none'),
    volumes: [
      configMapVolume('settings-vol-config', 'ama-metrics-settings-configmap'),
      secretVolume('ama-metrics-tls-secret-volume', MTLS_SECRET),
      configMapVolume('prometheus-config-vol', 'ama-metrics-prometheus-config-node'),
      hostPathVolume('host-log-containers', '/var/log/containers'),
      hostPathVolume('host-log-pods', '/var/log/pods'),
      ...ca.volumes,
    ],
  });
}

function windowsDaemonSet(c: Ctx): KubeObject {
  return daemonSetShell('ama-metrics-win-node', { component: 'ama-metrics', ...MANAGED_BY }, {
    ...podScheduling(c.m, { tolerations: tolerations(c.cluster, 'windows'), priority: 'system-node-critical' }),
    serviceAccountName: SERVICE_ACCOUNT,
    containers: [
      {
        name: 'prometheus-collector',
        image: c.m.images['prometheus-collector-windows'],
        imagePullPolicy: 'IfNotPresent',
        resources: containerResources(c.m, 'ama-metrics-win-node', AMA_METRICS_DEFAULT_RESOURCES['ama-metrics-win-node']),
        // Like the Linux DaemonSet's. Upstream's KUBE_STATE_VERSION here reads an undefined KSM `ImageTagWin` and
        // ends in ":" (§2.6), a chart slip in a telemetry value; we write the KSM image the variable names.
        env: nodeEnv(c),
        securityContext: COLLECTOR_SECURITY_CONTEXT,
        volumeMounts: [
          mount('/etc/config/settings', 'settings-vol-config'),
          mount('/etc/config/settings/prometheus', 'prometheus-config-vol'),
          mount('/etc/prometheus/certs', 'ama-metrics-tls-secret-volume'),
          mount('/var/log/containers', 'host-log-containers'),
          mount('/var/log/pods', 'host-log-pods'),
        ],
        livenessProbe: probe('/health', 8080, 300, 60, 60),
      },
      identitySidecar(c.cluster, c.m, 'metrics-windows'),
    ],
    affinity: affinity(c.cluster, 'windows', 'none'),
    volumes: [
      configMapVolume('settings-vol-config', 'ama-metrics-settings-configmap'),
      configMapVolume('prometheus-config-vol', 'ama-metrics-prometheus-config-node-windows'),
      hostPathVolume('host-log-containers', '/var/log/containers'),
      hostPathVolume('host-log-pods', '/var/log/pods'),
      secretVolume('ama-metrics-tls-secret-volume', MTLS_SECRET),
    ],
  });
}

// -------------------------------------------------------------------------------------------------
// Entry point
// -------------------------------------------------------------------------------------------------

/**
 * Every object of the metrics agent on this cluster, in apply order: the CRDs, service accounts and RBAC
 * (and on Arc the identity request), then kube-state-metrics, the target allocator, the collector
 * Deployment with its HPA and PDB, and the node DaemonSets (the Windows one only where the cluster has
 * Windows nodes and the distribution runs it).
 */
export function renderMetricsAgent(cluster: ClusterModel, mp: ManagedPrometheusModel, m: AgentManifestsModel): KubeObject[] {
  const c = context(cluster, mp, m);
  const ksm = ksmObjects(c);
  const reader: KubeObject = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: meta('ama-metrics-reader', {}, {}, false),
    rules: readerRules(c),
  };
  return [
    ...renderAzmonitoringCrds(),
    serviceAccount(SERVICE_ACCOUNT),
    reader,
    clusterRoleBinding('ama-metrics-clusterrolebinding', 'ama-metrics-reader', SERVICE_ACCOUNT),
    ...ksm.rbac,
    // The helper's object carries no labels; ours go on every object.
    ...clusterIdentityRequest(cluster, 'ama-metrics-clusteridentityrequest').map((o) => ({
      ...o,
      metadata: { ...o.metadata, labels: { ...o.metadata.labels, ...COMMON_LABELS } },
    })),
    ...ksm.workload,
    ...targetAllocator(c),
    collectorDeployment(c),
    ...hpaAndPdb(c),
    linuxDaemonSet(c),
    ...(cluster.windowsNodes && cluster.profile.windowsMetricsAgent ? [windowsDaemonSet(c)] : []),
  ];
}
