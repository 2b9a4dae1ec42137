/**
 * The example fleet: one shared baseline, per-cluster overrides. Both examples (cdk8s and Pulumi)
 * build their stacks from this file, so the two engines show the same fleet.
 */
import type { ContainerInsightsProps, ManagedPrometheusProps, MonitoringStackProps } from 'azure-monitor-k8s';

const SUBSCRIPTION = '/subscriptions/6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

/** ARM ID of an Arc-enabled (connected) cluster of the example subscription. */
const arcClusterId = (group: string, name: string) => `${SUBSCRIPTION}/resourceGroups/${group}/providers/Microsoft.Kubernetes/connectedClusters/${name}`;

/** The platform team's Log Analytics workspace. */
export const PLATFORM_WORKSPACE_ID = `${SUBSCRIPTION}/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-platform-weu`;

/** What every cluster gets unless it says otherwise. */
export const BASELINE: ContainerInsightsProps = {
  logAnalyticsWorkspace: { resourceId: PLATFORM_WORKSPACE_ID, region: 'westeurope' },
  dataCollection: { preset: 'cost-optimized' },
  logCollection: {
    stdout: { excludeNamespaces: ['kube-system', 'gatekeeper-system', 'azure-arc'] },
    stderr: { excludeNamespaces: ['kube-system', 'gatekeeper-system', 'azure-arc'] },
    filterUsingAnnotations: true,
    kubernetesMetadata: { enabled: true, includeFields: ['podLabels', 'image'] },
  },
  alertableMetricThresholds: { containerCpuPercentage: 90, containerMemoryWorkingSetPercentage: 90 },
  tags: { 'owner': 'platform-team', 'cost-center': 'cc-4711' },
};

/** The platform workspace's customer ID (its "Workspace ID" GUID), which the Arc extension needs. */
export const PLATFORM_WORKSPACE_CUSTOMER_ID = '3c9d2e1f-8a7b-4c6d-9e0f-1a2b3c4d5e6f';

/** The platform team's Azure Monitor workspace (Prometheus metrics) and its on-call action group. */
export const PLATFORM_AMW_ID = `${SUBSCRIPTION}/resourceGroups/rg-monitoring/providers/Microsoft.Monitor/accounts/amw-platform-weu`;
export const ONCALL_ACTION_GROUP_ID = `${SUBSCRIPTION}/resourceGroups/rg-monitoring/providers/Microsoft.Insights/actionGroups/ag-platform-oncall`;

/** Metrics baseline: the recommended alerts, one custom job, one PodMonitor, one ServiceMonitor. */
export const METRICS_BASELINE: ManagedPrometheusProps = {
  azureMonitorWorkspace: { resourceId: PLATFORM_AMW_ID, region: 'westeurope' },
  settings: { podAnnotations: { namespaceRegex: 'apps|payments-.*' } },
  recommendedAlerts: { enabled: true, actionGroupIds: [ONCALL_ACTION_GROUP_ID], overrides: { KubePodCrashLooping: { severity: 2 } } },
  scrapeConfigs: {
    cluster: [
      {
        jobName: 'ingress-nginx',
        scrapeInterval: '30s',
        kubernetesSdConfigs: [{ role: 'pod', namespaces: ['ingress-nginx'] }],
        relabelings: [
          { sourceLabels: ['__meta_kubernetes_pod_label_app_kubernetes_io_name'], regex: 'ingress-nginx', action: 'keep' },
          { sourceLabels: ['__meta_kubernetes_pod_container_port_name'], regex: 'metrics', action: 'keep' },
        ],
      },
    ],
  },
  podMonitors: [
    {
      name: 'orders-api',
      namespace: 'apps',
      selector: { matchLabels: { 'app.kubernetes.io/name': 'orders-api' } },
      endpoints: [{ port: 'metrics', interval: '30s' }],
    },
  ],
  serviceMonitors: [
    {
      name: 'catalog',
      namespace: 'apps',
      selector: { matchLabels: { 'app.kubernetes.io/name': 'catalog' } },
      endpoints: [{ port: 'http-metrics', path: '/metrics' }],
    },
  ],
};

/**
 * Every cluster's Azure resources in two deployable forms here: the ARM template and Azure Service
 * Operator resources (namespace `azure-monitor` of the cluster where ASO runs). The Pulumi example adds
 * the third, `@pulumi/azure-native` resources.
 */
const FORMS = { aso: { namespace: 'azure-monitor' } };

const CLUSTERS: Record<string, MonitoringStackProps> = {
  // AKS production: high log scale, multiline stack traces, Syslog and one log tenant with its own workspace.
  'aks-prod-weu': {
    cluster: {
      name: 'aks-prod-weu',
      region: 'westeurope',
      distribution: 'aks',
      resourceId: `${SUBSCRIPTION}/resourceGroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod-weu`,
      nodes: { windows: true, arm64: true },
    },
    containerInsights: {
      ...BASELINE,
      highLogScale: true,
      dataCollection: { preset: 'standard' },
      syslog: { facilities: ['auth', 'authpriv', 'daemon', 'kern'], logLevels: ['Warning', 'Error', 'Critical', 'Alert', 'Emergency'] },
      logCollection: { ...BASELINE.logCollection, multiline: { enabled: true, languages: ['java', 'dotnet'] } },
      multiTenancy: {
        tenants: [
          {
            name: 'payments',
            namespaces: ['payments-api', 'payments-batch'],
            logAnalyticsWorkspace: {
              resourceId: `${SUBSCRIPTION}/resourceGroups/rg-payments/providers/Microsoft.OperationalInsights/workspaces/law-payments`,
              region: 'westeurope',
            },
            transformKql: "source | where LogLevel in ('CRITICAL', 'ERROR', 'WARNING')",
          },
        ],
      },
    },
    // The stack also onboards the agents: the add-on settings go into the cluster settings fragment.
    onboarding: {},
    // AKS: control-plane metrics from the managed control plane, Windows recording rules for the Windows pool.
    managedPrometheus: {
      ...METRICS_BASELINE,
      settings: { ...METRICS_BASELINE.settings, clusterAlias: 'aks-prod-weu', controlPlane: { targets: { apiserver: true, etcd: true, kubeScheduler: true } } },
    },
  },
  // OpenShift in a plant, Arc-enabled: the standard preset, everything else from the baseline.
  'ocp-plant-01': {
    cluster: {
      name: 'ocp-plant-01',
      region: 'germanywestcentral',
      distribution: 'openshift',
      resourceId: arcClusterId('rg-arc-plants', 'ocp-plant-01'),
    },
    containerInsights: { ...BASELINE, dataCollection: { preset: 'standard' } },
    // The plant is air-gapped and applies reviewed manifests through GitOps: the agents are rendered as
    // workloads (with the OpenShift SecurityContextConstraints derived from them), pulled from the plant's
    // mirror of mcr.microsoft.com.
    agents: { mode: 'manifests', images: { registry: 'registry.plant-01.example.com/mcr' } },
    // The agents' ama-logs-secret carries the workspace's customer ID (no key: managed identity).
    onboarding: { logAnalyticsWorkspaceCustomerId: PLATFORM_WORKSPACE_CUSTOMER_ID },
    // OpenShift: the API server is scraped in-cluster.
    managedPrometheus: { ...METRICS_BASELINE, settings: { ...METRICS_BASELINE.settings, targets: { apiserver: true } } },
  },
  // K3s in a store on ARM64 boxes: only logs and events, collected every 5 minutes.
  'k3s-store-042': {
    cluster: {
      name: 'k3s-store-042',
      region: 'westeurope',
      distribution: 'k3s',
      resourceId: arcClusterId('rg-arc-stores', 'k3s-store-042'),
      nodes: { arm64: true },
    },
    containerInsights: {
      ...BASELINE,
      dataCollection: { preset: 'logs-and-events', interval: '5m' },
      agentSettings: { mdsd: { uploadFrequencySeconds: 120 } },
    },
    // The stores' GitOps repository carries the agent workloads: small boxes get smaller metrics
    // collectors, and the point-of-sale nodes' taint is tolerated so they are monitored too.
    agents: {
      mode: 'manifests',
      resources: { 'ama-metrics': { limits: { cpu: '2', memory: '4Gi' } }, 'ama-metrics-ksm': { limits: { memory: '1Gi' } } },
      tolerations: [{ key: 'pos.example.com/dedicated', operator: 'Exists', effect: 'NoSchedule' }],
    },
    onboarding: { logAnalyticsWorkspaceCustomerId: PLATFORM_WORKSPACE_CUSTOMER_ID },
    // Store boxes: a node-local exporter on every node, scraped by the DaemonSet.
    managedPrometheus: {
      ...METRICS_BASELINE,
      scrapeConfigs: {
        ...METRICS_BASELINE.scrapeConfigs,
        node: [
          {
            jobName: 'pos-exporter',
            staticConfigs: [{ targets: ['$NODE_IP:9400'] }],
            relabelings: [{ action: 'replace', targetLabel: 'instance', replacement: '$NODE_NAME' }],
          },
        ],
      },
    },
    // The stores run open-source Retina (flannel, no ACNS): Retina's network metrics, with pod context
    // for drops and DNS in the point-of-sale namespace.
    networkObservability: {
      retina: {
        metricsConfiguration: {
          contextOptions: [
            { metricName: 'drop_count', sourceLabels: ['ip', 'podname', 'port'], additionalLabels: ['direction'] },
            { metricName: 'dns_request_count', sourceLabels: ['podname'], destinationLabels: ['ip'] },
          ],
          namespaces: { include: ['pos'] },
        },
      },
      metrics: {},
    },
  },
  // AKS Edge Essentials on a production line, with a Windows node whose logs need legacy auth on Arc:
  // we keep managed identity and monitor the Linux node.
  'aksee-line-7': {
    cluster: {
      name: 'aksee-line-7',
      region: 'northeurope',
      distribution: 'aks-edge-essentials-k3s',
      resourceId: arcClusterId('rg-arc-edge', 'aksee-line-7'),
      nodes: { windows: true },
    },
    // The line has its own workspace, created with the stack (90 days, a 5 GB daily cap).
    containerInsights: {
      ...BASELINE,
      logAnalyticsWorkspace: { region: 'northeurope', create: { name: 'law-aksee-line-7', retentionInDays: 90, dailyQuotaGb: 5 } },
      windowsNodeLogs: false,
      collectKubeSystemPvMetrics: true,
    },
    managedPrometheus: METRICS_BASELINE,
    // The Arc extensions (the default mode): the metrics extension now; the Container Insights extension
    // needs the new workspace's customer ID, known after the first deployment (then set
    // onboarding.logAnalyticsWorkspaceCustomerId and drop containerInsights: false).
    onboarding: { containerInsights: false },
  },
  // AKS with Azure CNI powered by Cilium and ACNS: container network logs of the payments namespaces
  // into Log Analytics (throttled, with an alert when the throttle drops records), Cilium/Hubble
  // network metrics with a DNS filter, and the VNet flow log of the cluster's network.
  'aks-payments-weu': {
    cluster: {
      name: 'aks-payments-weu',
      region: 'westeurope',
      distribution: 'aks',
      resourceId: `${SUBSCRIPTION}/resourceGroups/rg-aks-payments/providers/Microsoft.ContainerService/managedClusters/aks-payments-weu`,
      kubernetesVersion: '1.33',
      networkDataplane: 'cilium',
    },
    containerInsights: { ...BASELINE, highLogScale: true },
    managedPrometheus: METRICS_BASELINE,
    networkObservability: {
      acns: true,
      containerNetworkLogs: {
        resources: [
          {
            name: 'payments-flows',
            filters: [
              { name: 'payments-dropped', from: { labelSelector: { matchLabels: { 'k8s.io/namespace': 'payments-api' } } }, verdicts: ['dropped'] },
              { name: 'payments-egress-dns', from: { namespacedPods: ['payments-api/checkout-'] }, protocols: ['dns'] },
            ],
          },
        ],
        throttling: { rate: 2000 },
        lossAlert: { actionGroupIds: [ONCALL_ACTION_GROUP_ID] },
      },
      metrics: { filter: { filters: [{ metric: 'dns', excludeFilters: [{ from: { namespacedPods: ['kube-system/coredns-'] } }] }] } },
      vnetFlowLog: {
        virtualNetworkId: `${SUBSCRIPTION}/resourceGroups/rg-aks-payments-net/providers/Microsoft.Network/virtualNetworks/vnet-aks-payments`,
        region: 'westeurope',
        storageAccountId: `${SUBSCRIPTION}/resourceGroups/rg-monitoring/providers/Microsoft.Storage/storageAccounts/stflowlogsweu`,
        retentionDays: 30,
        trafficAnalytics: {
          workspace: { resourceId: PLATFORM_WORKSPACE_ID, region: 'westeurope', customerId: PLATFORM_WORKSPACE_CUSTOMER_ID },
          intervalMinutes: 10,
        },
      },
    },
  },
};

/** The fleet: every cluster with the forms above. */
export const FLEET: Record<string, MonitoringStackProps> = Object.fromEntries(
  Object.entries(CLUSTERS).map(([name, props]) => [name, { ...props, azureForms: FORMS }]),
);
