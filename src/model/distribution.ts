/**
 * Kubernetes distributions and the one table of what differs between them.
 *
 * Components read a {@link DistributionProfile}; nothing else in the library branches on the
 * distribution. Adding a distribution is adding a row to {@link DISTRIBUTION_PROFILES}.
 *
 * Citation keys in the comments are those of `shared/reference/NOTES-anchors.md` §B.3
 * (e.g. [DP-vals], [AM-arc]) and `NOTES-container-insights.md` (DP, DP@xxxx). A value marked "~"
 * is inferred in the notes (consistent with the sources, not stated by them); we chose it and say so.
 */

/** The distributions the library knows. String values are stable: they appear in snapshots and docs. */
export const Distribution = {
  /** Azure Kubernetes Service (managed cluster, monitoring add-on). */
  AKS: 'aks',
  /** AKS on Azure Local (formerly Azure Stack HCI), Arc-enabled. */
  AKS_AZURE_LOCAL: 'aks-azure-local',
  /** AKS Edge Essentials, K3s flavour. */
  AKS_EDGE_ESSENTIALS_K3S: 'aks-edge-essentials-k3s',
  /** AKS Edge Essentials, K8s flavour. */
  AKS_EDGE_ESSENTIALS_K8S: 'aks-edge-essentials-k8s',
  /** Canonical Kubernetes / MicroK8s, Arc-enabled. */
  CANONICAL: 'canonical',
  /** Cluster API Provider Azure (kubeadm-based, self-managed control plane), Arc-enabled. */
  CLUSTER_API_AZURE: 'cluster-api-azure',
  /** Kubernetes on Azure Stack Edge, Arc-enabled. */
  AZURE_STACK_EDGE: 'azure-stack-edge',
  /** Red Hat OpenShift 4.x (incl. ARO), Arc-enabled. */
  OPENSHIFT: 'openshift',
  /** SUSE Rancher RKE, Arc-enabled. */
  RANCHER_RKE: 'rancher-rke',
  /** K3s, Arc-enabled. */
  K3S: 'k3s',
  /** VMware Tanzu Kubernetes Grid, Arc-enabled. */
  VMWARE_TKG: 'vmware-tkg',
  /** Any other CNCF-conformant cluster, Arc-enabled (Arc `--distribution generic`). */
  GENERIC: 'generic',
} as const;

export type Distribution = (typeof Distribution)[keyof typeof Distribution];

/** How Azure Monitor is installed on the cluster by default. */
export type Onboarding = 'aks-addon' | 'arc-extension';

/** ARM resource types a cluster can have. */
export const MANAGED_CLUSTER_TYPE = 'Microsoft.ContainerService/managedClusters';
export const CONNECTED_CLUSTER_TYPE = 'Microsoft.Kubernetes/connectedClusters';
export type ClusterResourceType = typeof MANAGED_CLUSTER_TYPE | typeof CONNECTED_CLUSTER_TYPE;

/** A Kubernetes toleration, in the wire shape. */
export interface Toleration {
  readonly key?: string;
  readonly operator: 'Exists' | 'Equal';
  readonly value?: string;
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** Control-plane components a scrape target could exist for. */
export type ControlPlaneComponent = 'apiserver' | 'etcd' | 'kube-controller-manager' | 'kube-scheduler';

/** What differs per distribution. Every field is data; components read it, nobody switches on the name. */
export interface DistributionProfile {
  readonly distribution: Distribution;
  readonly displayName: string;
  /** Value of `az connectedk8s connect --distribution` (Arc), or undefined for AKS. */
  readonly arcDistribution?: string;
  /** Default onboarding path. */
  readonly onboarding: Onboarding;
  /** The ARM resource type of the cluster (the DCR association's scope). */
  readonly clusterResourceType: ClusterResourceType;
  /**
   * Container runtime of the nodes. Informational: ama-logs detects the runtime itself from the
   * kubelet and picks its log parser ([DP-main]); node agents of other kinds may need it.
   */
  readonly containerRuntime: 'containerd' | 'cri-o' | 'docker';
  /** Host paths the logs agent must read container logs from (mounted by ama-logs). */
  readonly logHostPaths: readonly string[];
  /** Kubelet root directory on the nodes. */
  readonly kubeletRootDir: string;
  /** Tolerations the node agents need by default. */
  readonly defaultTolerations: readonly Toleration[];
  /** OpenShift SecurityContextConstraints must be created for the agents' service accounts. */
  readonly needsOpenShiftScc: boolean;
  /** Pod Security Admission labels the agents' namespace needs (the distribution enforces `restricted`). */
  readonly podSecurityLabels: Readonly<Record<string, string>>;
  /** The control plane is run by Azure (no in-cluster scraping of its components). */
  readonly managedControlPlane: boolean;
  /** Control-plane components that can be scraped from inside the cluster. */
  readonly controlPlaneTargets: readonly ControlPlaneComponent[];
  /** Windows nodes are possible on this distribution. */
  readonly windowsNodes: boolean;
  /**
   * Default Prometheus targets that find nothing on this distribution, with why and what to do
   * instead. The `coredns` and `kube-proxy` default jobs discover pods named `coredns-*` /
   * `kube-proxy-*` in kube-system (NOTES-managed-prometheus §4.2.3); where those components are not
   * pods, the job silently scrapes nothing.
   */
  readonly missingDefaultTargets: Readonly<Partial<Record<'coredns' | 'kubeproxy', string>>>;
  /** The metrics add-on runs its Windows DaemonSet `ama-metrics-win-node` (windows-exporter, Windows kube-proxy targets). */
  readonly windowsMetricsAgent: boolean;
  /** Container Insights collects Windows node logs with managed-identity auth. */
  readonly windowsLogsWithManagedIdentity: boolean;
  /** ARM64 nodes are possible and the agents run on them. */
  readonly arm64Nodes: boolean;
  /** Multi-tenant log routing (ContainerLogV2Extension rules) is supported. */
  readonly multiTenantLogs: boolean;
  /**
   * Advanced Container Networking Services (ACNS: container network metrics and logs) can be turned
   * on in the cluster resource (`networkProfile.advancedNetworking`).
   */
  readonly acns: boolean;
  /** Container network flow logs (ACNS, Cilium) are possible. */
  readonly containerNetworkLogs: boolean;
  /** Mount the Ubuntu CA directory into the agents (Arc charts turn it off for AKS Edge Essentials). */
  readonly mountUbuntuCaDir: boolean;
  /**
   * The Arc identity sidecar (`msi-adapter`) of agents from manifests runs privileged: the charts' OpenShift
   * variant is privileged (NOTES-container-insights §1.9, NOTES-managed-prometheus §2.4), the others have
   * NET_ADMIN/NET_RAW only. Irrelevant on AKS (its token adapter is never privileged).
   */
  readonly privilegedIdentityAdapter: boolean;
}

// --- shared cells -------------------------------------------------------------------------------

/** AKS add-on tolerations: CriticalAddonsOnly plus all three effects [DP-ds]; DP:kubernetes/ama-logs.yaml. */
const AKS_TOLERATIONS: readonly Toleration[] = [
  { key: 'CriticalAddonsOnly', operator: 'Exists' },
  { operator: 'Exists', effect: 'NoSchedule' },
  { operator: 'Exists', effect: 'NoExecute' },
  { operator: 'Exists', effect: 'PreferNoSchedule' },
];

/** Arc chart default: control-plane and master taints for each effect [DP-vals] (values.yaml `tolerations`). */
const ARC_TOLERATIONS: readonly Toleration[] = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'].flatMap(
  (key) => (['NoSchedule', 'NoExecute', 'PreferNoSchedule'] as const).map((effect) => ({ key, operator: 'Exists' as const, effect })),
);

/** Log directories every Linux node agent reads: /var/log (pods, containers) and Docker's json logs [DP-ds]. */
const BASE_LOG_PATHS = ['/var/log', '/var/lib/docker/containers'] as const;

/** Self-managed kubeadm-style control plane: all four components run as pods [KP-plat]. */
const ALL_CONTROL_PLANE: readonly ControlPlaneComponent[] = ['apiserver', 'etcd', 'kube-controller-manager', 'kube-scheduler'];

/** Self-managed control planes: the API server is always reachable through the `kubernetes` Service, whatever runs it. */
const APISERVER_ONLY: readonly ControlPlaneComponent[] = ['apiserver'];

const NO_LABELS: Readonly<Record<string, string>> = {};

/** Arc rows share these cells; each row overrides what differs. */
const ARC_DEFAULTS = {
  onboarding: 'arc-extension',
  clusterResourceType: CONNECTED_CLUSTER_TYPE,
  containerRuntime: 'containerd',
  logHostPaths: BASE_LOG_PATHS,
  kubeletRootDir: '/var/lib/kubelet', // ~ kubelet default [DD-vals]
  defaultTolerations: ARC_TOLERATIONS,
  needsOpenShiftScc: false,
  podSecurityLabels: NO_LABELS,
  managedControlPlane: false,
  // No ama-metrics-win-node on Arc: Windows nodes are scraped from the Linux ReplicaSet [AM-arc]; [PC-ds].
  windowsMetricsAgent: false,
  // Logs from Windows nodes on Arc need legacy (workspace key) auth [AM-arc]; rh-mobb/documentation#526.
  windowsLogsWithManagedIdentity: false,
  arm64Nodes: true, // "ARM64 nodes supported on Arc" [AM-arc]
  multiTenantLogs: false, // documented for the AKS add-on only (DOCS@0084cadf:container-insights-multitenant.md)
  missingDefaultTargets: {},
  acns: false, // an AKS managed-cluster setting [ACNS]; NOTES-network-observability §4.2 (BT-CS-2602)
  containerNetworkLogs: false, // flow logs are AKS + ACNS only [ACNS]
  mountUbuntuCaDir: true, // [PC-arc]
  privilegedIdentityAdapter: false, // values-template MSIAdapterYaml: NET_ADMIN, NET_RAW
} as const;

/** The profile table: one row per distribution. */
export const DISTRIBUTION_PROFILES: Readonly<Record<Distribution, DistributionProfile>> = {
  [Distribution.AKS]: {
    distribution: Distribution.AKS,
    displayName: 'Azure Kubernetes Service (AKS)',
    onboarding: 'aks-addon', // add-on `omsagent` [PC-arc]; NOTES-container-insights §4.1
    clusterResourceType: MANAGED_CLUSTER_TYPE,
    containerRuntime: 'containerd', // [AKS-cmp]
    logHostPaths: [...BASE_LOG_PATHS, '/mnt/docker', '/mnt/containers'], // AKS adds these mounts [DP-ds]
    kubeletRootDir: '/var/lib/kubelet', // ~ [DD-vals]
    defaultTolerations: AKS_TOLERATIONS,
    needsOpenShiftScc: false,
    podSecurityLabels: NO_LABELS, // none extra for the add-on [DP-ds]
    // No in-cluster control-plane targets: apiserver/etcd metrics come from the managed
    // `controlplane-metrics` feature instead [PC-set]; self-hosted scraping is unreliable [HC#3539].
    managedControlPlane: true,
    controlPlaneTargets: [],
    windowsNodes: true, // Windows DaemonSets for logs and metrics [PC-ds]
    windowsMetricsAgent: true, // ama-metrics-win-node, AKS only (NOTES-managed-prometheus §2.6, §2.12)
    windowsLogsWithManagedIdentity: true, // ama-logs-windows runs on AKS in AAD mode, DP@52883e8d
    arm64Nodes: true, // one multi-arch (amd64+arm64) image, DP:ReleaseNotes.md; ~ for ama-metrics
    multiTenantLogs: true, // DOCS@0084cadf:container-insights-multitenant.md
    missingDefaultTargets: {},
    acns: true, // networkProfile.advancedNetworking [ACNS]; NOTES-network-observability §4.2 (BT-CS-2602)
    containerNetworkLogs: true, // ACNS + Cilium [ACNS]
    mountUbuntuCaDir: true,
    privilegedIdentityAdapter: false, // addon-token-adapter: NET_ADMIN, NET_RAW only
  },
  [Distribution.AKS_AZURE_LOCAL]: {
    ...ARC_DEFAULTS,
    distribution: Distribution.AKS_AZURE_LOCAL,
    displayName: 'AKS on Azure Local',
    arcDistribution: 'aks_workload', // ~ AKS-hybrid value in the CLI enum [CLI-const]
    // ~ Current AKS Arc clusters are connectedClusters (the provisioned cluster is an extension resource
    // of it); the older template [DP-tmpl] targeted Microsoft.HybridContainerService/provisionedClusters.
    // Control plane VMs are run by the appliance [AKS-cmp]; only the API server is reachable from inside (~).
    controlPlaneTargets: APISERVER_ONLY,
    windowsNodes: true, // Windows Server 2019/2022 node pools [AKS-cmp]
  },
  [Distribution.AKS_EDGE_ESSENTIALS_K3S]: {
    ...ARC_DEFAULTS,
    distribution: Distribution.AKS_EDGE_ESSENTIALS_K3S,
    displayName: 'AKS Edge Essentials (K3s)',
    arcDistribution: 'aks_edge_k3s', // [CLI-distro]
    missingDefaultTargets: {
      kubeproxy: 'kube-proxy runs inside the k3s process, not as pods (~, like controller-manager and scheduler: k3s-io/k3s#1244); scrape its metrics port (10249) with a node scrape job ($NODE_IP:10249) if it is exposed',
    },
    controlPlaneTargets: APISERVER_ONLY, // K3s embeds controller-manager/scheduler in one process (k3s-io/k3s#1244)
    windowsNodes: true, // optional Windows node VM [AKSEE-nodes]
    mountUbuntuCaDir: false, // [PC-arc][DP-arc]
  },
  [Distribution.AKS_EDGE_ESSENTIALS_K8S]: {
    ...ARC_DEFAULTS,
    distribution: Distribution.AKS_EDGE_ESSENTIALS_K8S,
    displayName: 'AKS Edge Essentials (K8s)',
    arcDistribution: 'aks_edge_k8s', // [CLI-distro]
    controlPlaneTargets: ALL_CONTROL_PLANE, // ~ kubeadm-style control plane
    windowsNodes: true, // [AKSEE-nodes]
    mountUbuntuCaDir: false, // [PC-arc][DP-arc]
  },
  [Distribution.CANONICAL]: {
    ...ARC_DEFAULTS,
    distribution: Distribution.CANONICAL,
    displayName: 'Canonical Kubernetes',
    // The Arc value `canonical` is Canonical Kubernetes (the k8s snap) [CLI-list]; whether MicroK8s is
    // onboarded as `canonical` or `generic` is unverified [AM-arc], so this row describes the k8s snap.
    // A MicroK8s row would differ in kubelet root (/var/snap/microk8s/common/var/lib/kubelet
    // [MK8S-kubelet]) and control plane (one kubelite process, apiserver only [MK8S-args]).
    arcDistribution: 'canonical',
    missingDefaultTargets: {
      kubeproxy: 'Canonical Kubernetes runs kube-proxy as a snap service, not a pod (~ [CK8S-ports]); scrape it with a node scrape job ($NODE_IP:10249)',
    },
    kubeletRootDir: '/var/lib/kubelet', // bind of $SNAP_COMMON/var/lib/kubelet [CK8S-epa][CK8S-lib]
    // controller-manager 10257 and scheduler 10259 are exposed with authn/authz [CK8S-ports]; the
    // datastore is k8s-dqlite, not etcd (~), so there is no etcd target.
    controlPlaneTargets: ['apiserver', 'kube-controller-manager', 'kube-scheduler'],
    windowsNodes: false, // ~ no Windows workers in the snap
  },
  [Distribution.CLUSTER_API_AZURE]: {
    ...ARC_DEFAULTS,
    distribution: Distribution.CLUSTER_API_AZURE,
    displayName: 'Cluster API Provider Azure (CAPZ)',
    arcDistribution: 'capz', // [CLI-list]
    controlPlaneTargets: ALL_CONTROL_PLANE, // self-managed kubeadm [KP-plat]
    windowsNodes: true, // containerd + HostProcess flavour [CAPZ-win]
  },
  [Distribution.AZURE_STACK_EDGE]: {
    ...ARC_DEFAULTS,
    distribution: Distribution.AZURE_STACK_EDGE,
    displayName: 'Kubernetes on Azure Stack Edge',
    arcDistribution: 'generic', // ~ infrastructure `azure_stack_edge` [CLI-const]; no dedicated distribution value
    // Custom mount /home/data/docker (symlinked into /var/log) is required for ASE <= 2318 [AM-arc][DP-vals].
    logHostPaths: [...BASE_LOG_PATHS, '/home/data/docker'],
    controlPlaneTargets: APISERVER_ONLY, // ~ device-managed control plane
    windowsNodes: false, // ~
    arm64Nodes: false, // ~ x64 device hardware
  },
  [Distribution.OPENSHIFT]: {
    ...ARC_DEFAULTS,
    distribution: Distribution.OPENSHIFT,
    displayName: 'Red Hat OpenShift 4.x',
    arcDistribution: 'openshift', // [CLI-distro]
    containerRuntime: 'cri-o', // [OCP-ms][SPL-scc]
    missingDefaultTargets: {
      coredns: 'CoreDNS runs in openshift-dns (metrics on 9154 over TLS) [SPL-agent], not as kube-system/coredns pods; scrape it with a custom scrape job or a ServiceMonitor in openshift-dns',
      kubeproxy: 'OpenShift 4 networking (OVN-Kubernetes) runs no kube-proxy pods (~); there is nothing to scrape',
    },
    logHostPaths: [...BASE_LOG_PATHS], // /var/log/pods (+ /var/log/crio/pods under /var/log) [SPL-ds]
    // Arc defaults plus the infra role [DD-dist][SPL-vals].
    defaultTolerations: [
      ...ARC_TOLERATIONS,
      { key: 'node-role.kubernetes.io/infra', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node-role.kubernetes.io/infra', operator: 'Exists', effect: 'NoExecute' },
    ],
    needsOpenShiftScc: true, // [DP-scc][PC-scc]
    privilegedIdentityAdapter: true, // DP@1168c57f; …/templates/ama-metrics-deployment.yaml#L271-L323
    controlPlaneTargets: ALL_CONTROL_PLANE, // visible; etcd needs the etcd-metric-client secret [DD-vals]
    windowsNodes: true, // ~ via WMCO (openshift/openshift-docs#74918)
  },
  [Distribution.RANCHER_RKE]: {
    ...ARC_DEFAULTS,
    distribution: Distribution.RANCHER_RKE,
    // RKE1 (Arc `rancher_rke`). RKE2 clusters run embedded containerd with pod control planes and
    // differ in runtime and control-plane targets; onboard those as `generic` until they have a row.
    displayName: 'SUSE Rancher RKE',
    arcDistribution: 'rancher_rke', // [CLI-distro]
    containerRuntime: 'docker', // RKE1: Docker Engine + cri-dockerd [RKE1]
    missingDefaultTargets: {
      kubeproxy: 'RKE1 runs kube-proxy as a Docker container, not a pod (rancher/rancher#21173); scrape it with a node scrape job ($NODE_IP:10249)',
    },
    defaultTolerations: [
      ...ARC_TOLERATIONS,
      { key: 'node-role.kubernetes.io/controlplane', operator: 'Exists', effect: 'NoSchedule' }, // [DD-dist]
      { key: 'node-role.kubernetes.io/etcd', operator: 'Exists', effect: 'NoExecute' }, // [DD-dist]
    ],
    // RKE1 runs control-plane components as plain Docker containers: no Services to scrape (rancher/rancher#21173).
    controlPlaneTargets: APISERVER_ONLY,
    windowsNodes: true, // ~ Rancher supports Windows workers (RKE2 has Windows agents [RKE2-tree]; RKE1 unverified)
  },
  [Distribution.K3S]: {
    ...ARC_DEFAULTS,
    distribution: Distribution.K3S,
    displayName: 'K3s',
    arcDistribution: 'k3s', // [CLI-distro]
    missingDefaultTargets: {
      kubeproxy: 'kube-proxy runs inside the k3s process, not as pods (~, like controller-manager and scheduler: k3s-io/k3s#1244); scrape its metrics port (10249) with a node scrape job ($NODE_IP:10249) if it is exposed',
    },
    controlPlaneTargets: APISERVER_ONLY, // controller-manager/scheduler embedded (k3s-io/k3s#1244, #425)
    windowsNodes: false, // ~ K3s has no Windows agents
  },
  [Distribution.VMWARE_TKG]: {
    ...ARC_DEFAULTS,
    distribution: Distribution.VMWARE_TKG,
    displayName: 'VMware Tanzu Kubernetes Grid',
    arcDistribution: 'tkg', // [CLI-list]
    // TKR >= 1.26 enforces PSA `restricted` [TKG-psa]: the agents' namespace must be labelled privileged.
    podSecurityLabels: { 'pod-security.kubernetes.io/enforce': 'privileged' },
    controlPlaneTargets: ALL_CONTROL_PLANE, // ~ kubeadm-based clusters
    windowsNodes: true, // ~
  },
  [Distribution.GENERIC]: {
    ...ARC_DEFAULTS,
    distribution: Distribution.GENERIC,
    displayName: 'Generic (Arc-enabled) Kubernetes',
    arcDistribution: 'generic', // [CLI-distro]
    // Unknown control plane: only the API server (the `kubernetes` Service) is assumed to exist.
    controlPlaneTargets: APISERVER_ONLY,
    windowsNodes: true,
  },
};

/** All distribution identifiers, in table order. */
export const DISTRIBUTIONS: readonly Distribution[] = Object.keys(DISTRIBUTION_PROFILES) as Distribution[];

/** The profile of a distribution (the caller has validated the name). */
export function profileOf(distribution: Distribution): DistributionProfile {
  return DISTRIBUTION_PROFILES[distribution];
}
