import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'smol-toml';
import {
  DISTRIBUTIONS,
  DISTRIBUTION_PROFILES,
  Distribution,
  MANAGED_CLUSTER_TYPE,
  CONNECTED_CLUSTER_TYPE,
  MonitoringStackProps,
  renderMonitoringStack,
} from '../src';
import { validateArmTemplate } from './support/arm-schema';
import { expectValidKubernetesObjects } from './support/k8s-schema';
import { REFERENCE_DIR } from './support/reference';

const SUB = '/subscriptions/11111111-2222-4333-8444-555555555555';
const WORKSPACE = `${SUB}/resourceGroups/rg-mon/providers/Microsoft.OperationalInsights/workspaces/law-fleet`;
const AMW = `${SUB}/resourceGroups/rg-mon/providers/Microsoft.Monitor/accounts/amw-fleet`;
const ACTION_GROUP = `${SUB}/resourceGroups/rg-mon/providers/Microsoft.Insights/actionGroups/ag-fleet`;

/** One representative stack per distribution: the same Container Insights settings everywhere. */
function propsFor(distribution: Distribution): MonitoringStackProps {
  const profile = DISTRIBUTION_PROFILES[distribution];
  const name = `c-${distribution}`;
  const type = profile.clusterResourceType;
  return {
    cluster: {
      name,
      region: 'eastus2',
      distribution,
      resourceId: `${SUB}/resourceGroups/rg-${distribution}/providers/${type}/${name}`,
    },
    containerInsights: {
      logAnalyticsWorkspace: { resourceId: WORKSPACE, region: 'eastus2' },
      dataCollection: { preset: 'standard' },
      logCollection: { stdout: { excludeNamespaces: ['kube-system'] }, collectAllKubeEvents: true },
      agentSettings: { chunk: { podsChunkSize: 500 } },
    },
    managedPrometheus: {
      azureMonitorWorkspace: { resourceId: AMW, region: 'eastus2' },
      scrapeConfigs: { cluster: [{ jobName: 'web', staticConfigs: [{ targets: ['web.apps.svc.cluster.local:9090'] }] }] },
      serviceMonitors: [{ name: 'web', namespace: 'apps', selector: { matchLabels: { app: 'web' } }, endpoints: [{ port: 'metrics' }] }],
      recommendedAlerts: { enabled: true, actionGroupIds: [ACTION_GROUP] },
    },
  };
}

const CRDS = ['podmonitors', 'servicemonitors'].map((n) => path.join(REFERENCE_DIR, 'managed-prometheus/crds', `${n}.azmonitoring.coreos.com.yaml`));

describe.each(DISTRIBUTIONS)('distribution %s', (distribution) => {
  const profile = DISTRIBUTION_PROFILES[distribution];
  const stack = renderMonitoringStack(propsFor(distribution));

  test('snapshot of everything the stack renders', () => {
    // Rule bodies are the product's own (tested equal to the reference in prometheus-rules.test.ts):
    // the snapshot keeps their count, so it stays reviewable.
    const arm = {
      ...stack.armTemplate,
      resources: stack.armTemplate.resources.map((r) =>
        r.type === 'Microsoft.AlertsManagement/prometheusRuleGroups'
          ? { ...r, properties: { ...(r.properties as object), rules: `${((r.properties as { rules: unknown[] }).rules).length} rules` } }
          : r,
      ),
    };
    expect({ kubernetes: stack.kubernetesObjects, arm }).toMatchSnapshot();
  });

  test('the Kubernetes objects: fixed names in kube-system, the ServiceMonitor in its namespace', () => {
    expect(stack.kubernetesObjects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'ConfigMap/kube-system/container-azm-ms-agentconfig',
      'ConfigMap/kube-system/ama-metrics-settings-configmap',
      'ConfigMap/kube-system/ama-metrics-prometheus-config',
      'ServiceMonitor/apps/web',
    ]);
  });

  test('the metrics settings: control-plane section only with a managed control plane', () => {
    const settings = stack.kubernetesObjects.find((o) => o.metadata.name === 'ama-metrics-settings-configmap')!;
    const data = settings.data as Record<string, string>;
    expect(data['schema-version']).toBe('v2');
    expect('controlplane-metrics' in data).toBe(profile.managedControlPlane);
    expect(data['cluster-metrics']).toContain('default-targets-scrape-enabled: |-');
  });

  test('the agent ConfigMap: fixed name and namespace, schema v1, settings parse back', () => {
    const cm = stack.kubernetesObjects[0];
    expect(cm.kind).toBe('ConfigMap');
    expect(cm.metadata.name).toBe('container-azm-ms-agentconfig');
    expect(cm.metadata.namespace).toBe('kube-system');
    const data = cm.data as Record<string, string>;
    expect(data['schema-version']).toBe('v1');
    const logs = parse(data['log-data-collection-settings']) as any;
    expect(logs.log_collection_settings.stdout).toEqual({ enabled: true, exclude_namespaces: ['kube-system'] });
    expect(logs.log_collection_settings.collect_all_kube_events).toEqual({ enabled: true });
  });

  test('every Kubernetes object is valid against the Kubernetes schema (custom resources against their CRDs)', () => {
    expectValidKubernetesObjects(stack.kubernetesObjects, { crds: CRDS });
  });

  test('Managed Prometheus resources: MSProm rule and endpoint in the workspace region, recording and alert groups', () => {
    const names = stack.armTemplate.resources.map((r) => `${r.type}/${r.name}`);
    expect(names).toEqual(expect.arrayContaining([
      `Microsoft.Insights/dataCollectionEndpoints/MSProm-eastus2-c-${distribution}`,
      `Microsoft.Insights/dataCollectionRules/MSProm-eastus2-c-${distribution}`,
      `Microsoft.AlertsManagement/prometheusRuleGroups/NodeRecordingRulesRuleGroup-c-${distribution}`,
      `Microsoft.AlertsManagement/prometheusRuleGroups/KubernetesAlert-RecommendedMetricAlertsc-${distribution}-Pod-level`,
    ]));
  });

  test('the ARM template is valid against the ARM schemas', () => {
    expect(validateArmTemplate(stack.armTemplate)).toEqual([]);
  });

  test('the association targets the cluster type of the distribution', () => {
    const dcra = stack.armTemplate.resources.find((r) => r.name === 'ContainerInsightsExtension')!;
    expect(dcra.type).toBe('Microsoft.Insights/dataCollectionRuleAssociations');
    expect(String(dcra.scope)).toContain(`/providers/${profile.clusterResourceType}/`);
    const dcr = stack.armTemplate.resources.find((r) => r.type === 'Microsoft.Insights/dataCollectionRules')!;
    expect(dcr.name).toBe(`MSCI-eastus2-c-${distribution}`);
    expect(dcr.location).toBe('eastus2');
    expect(dcr.kind).toBe('Linux');
  });
});

describe('the profile table', () => {
  test('has one row per distribution, keyed by its own name', () => {
    for (const d of DISTRIBUTIONS) expect(DISTRIBUTION_PROFILES[d].distribution).toBe(d);
    expect(DISTRIBUTIONS).toHaveLength(12);
  });

  test('AKS is the only add-on distribution with a managed control plane; all others are Arc connected clusters', () => {
    for (const d of DISTRIBUTIONS) {
      const p = DISTRIBUTION_PROFILES[d];
      if (d === 'aks') {
        expect(p).toMatchObject({ onboarding: 'aks-addon', clusterResourceType: MANAGED_CLUSTER_TYPE, managedControlPlane: true, controlPlaneTargets: [] });
      } else {
        expect(p).toMatchObject({ onboarding: 'arc-extension', clusterResourceType: CONNECTED_CLUSTER_TYPE, managedControlPlane: false });
        expect(p.controlPlaneTargets).toContain('apiserver');
        expect(p.arcDistribution).toBeDefined();
      }
    }
  });

  test('admission objects: SCCs only on OpenShift, privileged PSA label on TKG', () => {
    expect(DISTRIBUTIONS.filter((d) => DISTRIBUTION_PROFILES[d].needsOpenShiftScc)).toEqual(['openshift']);
    expect(DISTRIBUTIONS.filter((d) => DISTRIBUTION_PROFILES[d].privilegedIdentityAdapter)).toEqual(['openshift']);
    expect(DISTRIBUTION_PROFILES['vmware-tkg'].podSecurityLabels).toEqual({ 'pod-security.kubernetes.io/enforce': 'privileged' });
    expect(DISTRIBUTIONS.filter((d) => Object.keys(DISTRIBUTION_PROFILES[d].podSecurityLabels).length > 0)).toEqual(['vmware-tkg']);
  });

  test('container network flow logs are possible on AKS only', () => {
    expect(DISTRIBUTIONS.filter((d) => DISTRIBUTION_PROFILES[d].containerNetworkLogs)).toEqual(['aks']);
  });

  test('host paths: AKS adds /mnt mounts, Azure Stack Edge its custom mount, everyone reads /var/log', () => {
    for (const d of DISTRIBUTIONS) expect(DISTRIBUTION_PROFILES[d].logHostPaths).toContain('/var/log');
    expect(DISTRIBUTION_PROFILES.aks.logHostPaths).toEqual(expect.arrayContaining(['/mnt/docker', '/mnt/containers']));
    expect(DISTRIBUTION_PROFILES['azure-stack-edge'].logHostPaths).toContain('/home/data/docker');
    expect(DISTRIBUTION_PROFILES.canonical.kubeletRootDir).toBe('/var/lib/kubelet');
  });

  test('tolerations: AKS tolerates everything, Arc the control-plane taints, OpenShift also infra', () => {
    expect(DISTRIBUTION_PROFILES.aks.defaultTolerations).toContainEqual({ key: 'CriticalAddonsOnly', operator: 'Exists' });
    expect(DISTRIBUTION_PROFILES.k3s.defaultTolerations).toContainEqual({ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' });
    expect(DISTRIBUTION_PROFILES.k3s.defaultTolerations.some((t) => t.key === undefined)).toBe(false);
    expect(DISTRIBUTION_PROFILES.openshift.defaultTolerations.map((t) => t.key)).toContain('node-role.kubernetes.io/infra');
  });

  test('AKS Edge Essentials does not mount the Ubuntu CA directory', () => {
    expect(DISTRIBUTIONS.filter((d) => !DISTRIBUTION_PROFILES[d].mountUbuntuCaDir).sort()).toEqual(['aks-edge-essentials-k3s', 'aks-edge-essentials-k8s']);
  });
});

describe('the README distribution table matches the profile table', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const rows = new Map<string, string[]>();
  for (const line of readme.split('\n')) {
    const m = /^\| `([a-z0-9-]+)` \|(.*)\|$/.exec(line);
    if (m) rows.set(m[1], m[2].split('|').map((c) => c.trim()));
  }

  test.each(DISTRIBUTIONS)('%s', (d) => {
    const p = DISTRIBUTION_PROFILES[d];
    const row = rows.get(d);
    expect(row).toBeDefined();
    const [mode, resource, runtime, windows, arm64, admission, controlPlane, flowLogs] = row!;
    expect(mode).toBe(p.onboarding === 'aks-addon' ? '`addon`' : '`arc-extension`');
    expect(resource).toBe(p.clusterResourceType.split('/')[1]);
    expect(runtime).toBe(p.containerRuntime);
    expect(windows).toBe(p.windowsNodes ? 'yes' : 'no');
    expect(arm64).toBe(p.arm64Nodes ? 'yes' : 'no');
    expect(admission.includes('SecurityContextConstraints')).toBe(p.needsOpenShiftScc);
    expect(admission.includes('PSA')).toBe(Object.keys(p.podSecurityLabels).length > 0);
    const expectedCp = p.managedControlPlane ? 'managed (none in-cluster)' : p.controlPlaneTargets.length === 4 ? 'all four' : p.controlPlaneTargets.join(', ');
    expect(controlPlane).toBe(expectedCp);
    expect(flowLogs).toBe(p.containerNetworkLogs ? 'yes' : 'no');
  });
});

describe('default Prometheus targets that find nothing on a distribution', () => {
  const enable = (distribution: Distribution, target: 'coredns' | 'kubeproxy') => () =>
    renderMonitoringStack({
      cluster: { name: 'c1', region: 'westeurope', distribution },
      managedPrometheus: { azureMonitorWorkspace: { region: 'westeurope' }, settings: { targets: { [target]: true } } },
    });

  test('the profile names them: CoreDNS on OpenShift, kube-proxy where it is no pod', () => {
    const missing = (t: 'coredns' | 'kubeproxy') => DISTRIBUTIONS.filter((d) => DISTRIBUTION_PROFILES[d].missingDefaultTargets[t] !== undefined).sort();
    expect(missing('coredns')).toEqual(['openshift']);
    expect(missing('kubeproxy')).toEqual(['aks-edge-essentials-k3s', 'canonical', 'k3s', 'openshift', 'rancher-rke']);
  });

  test('switching one on is a ValidationError that says what to do instead', () => {
    expect(enable('openshift', 'coredns')).toThrow(/^managedPrometheus\.settings\.targets\.coredns: got true; Red Hat OpenShift 4\.x: CoreDNS runs in openshift-dns/);
    expect(enable('k3s', 'kubeproxy')).toThrow(/K3s: kube-proxy runs inside the k3s process.*node scrape job/);
    expect(enable('aks', 'kubeproxy')).not.toThrow();
    expect(enable('cluster-api-azure', 'coredns')).not.toThrow();
  });
});

describe('network observability snapshots', () => {
  const VNET = `${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-a`;
  const STORAGE = `${SUB}/resourceGroups/rg-mon/providers/Microsoft.Storage/storageAccounts/stflows`;
  const NET_CRDS = [
    ...CRDS,
    path.join(__dirname, '../crds/containernetworklogs.acn.azure.com.yaml'),
    path.join(__dirname, '../crds/containernetworkmetrics.acn.azure.com.yaml'),
    path.join(REFERENCE_DIR, 'network-observability/retina/retina.sh_metricsconfigurations.yaml'),
  ];
  const base = propsFor(Distribution.AKS);
  const CASES: Record<string, MonitoringStackProps> = {
    'AKS with Cilium and ACNS: flow logs, loss alert, Hubble/Cilium metrics with a filter, VNet flow log': {
      ...base,
      cluster: { ...base.cluster, kubernetesVersion: '1.33', networkDataplane: 'cilium' },
      containerInsights: { ...base.containerInsights!, highLogScale: true },
      networkObservability: {
        acns: true,
        containerNetworkLogs: {
          resources: [{ name: 'drops', filters: [{ verdicts: ['dropped'] }, { from: { namespacedPods: ['apps/web-'] }, protocols: ['dns'] }] }],
          lossAlert: { actionGroupIds: [ACTION_GROUP] },
        },
        metrics: { filter: { filters: [{ metric: 'flow', includeFilters: [{ from: { labelSelector: { matchLabels: { 'k8s.io/namespace': 'apps' } } } }] }] } },
        vnetFlowLog: { virtualNetworkId: VNET, region: 'eastus2', storageAccountId: STORAGE, retentionDays: 14 },
      },
    },
    'AKS without Cilium, ACNS: Retina and Hubble metrics': {
      ...base,
      cluster: { ...base.cluster, networkDataplane: 'azure' },
      networkObservability: { acns: true, metrics: {} },
    },
    'K3s with open-source Retina: Retina metrics and its MetricsConfiguration': {
      ...propsFor(Distribution.K3S),
      networkObservability: {
        retina: { metricsConfiguration: { contextOptions: [{ metricName: 'forward_count', sourceLabels: ['podname'] }], namespaces: { exclude: ['kube-system'] } } },
        metrics: {},
      },
    },
  };

  describe.each(Object.entries(CASES))('%s', (_name, props) => {
    const stack = renderMonitoringStack(props);
    const targets = (): Record<string, string> => {
      const settings = stack.kubernetesObjects.find((o) => o.metadata.name === 'ama-metrics-settings-configmap')!;
      const text = (settings.data as Record<string, string>)['cluster-metrics'];
      return Object.fromEntries([...text.matchAll(/^\s+(networkobservability\w+) = (\w+)$/gm)].map((m) => [m[1], m[2]]));
    };

    test('snapshot', () => {
      const arm = {
        ...stack.armTemplate,
        resources: stack.armTemplate.resources.map((r) =>
          r.type === 'Microsoft.AlertsManagement/prometheusRuleGroups' && !String(r.name).startsWith('container-network-log-loss')
            ? { ...r, properties: { ...(r.properties as object), rules: `${((r.properties as { rules: unknown[] }).rules).length} rules` } }
            : r,
        ),
      };
      expect({ kubernetes: stack.kubernetesObjects, arm, clusterSettings: stack.clusterSettings ?? null }).toMatchSnapshot();
    });

    test('valid: Kubernetes objects (custom resources against their CRDs) and the ARM template', () => {
      expectValidKubernetesObjects(stack.kubernetesObjects, { crds: NET_CRDS });
      expect(validateArmTemplate(stack.armTemplate)).toEqual([]);
    });

    test('the network targets follow the data plane', () => {
      const n = props.networkObservability!;
      const dataplane = props.cluster.networkDataplane;
      const expected = n.retina
        ? { networkobservabilityRetina: 'true', networkobservabilityHubble: 'false', networkobservabilityCilium: 'false' }
        : dataplane === 'cilium'
          ? { networkobservabilityRetina: 'false', networkobservabilityHubble: 'true', networkobservabilityCilium: 'true' }
          : { networkobservabilityRetina: 'true', networkobservabilityHubble: 'true', networkobservabilityCilium: 'false' };
      expect(targets()).toEqual(expected);
    });

    test('custom resources: flow-log filters, metric filter and Retina configuration exactly where asked', () => {
      const kinds = stack.kubernetesObjects.map((o) => o.kind);
      const n = props.networkObservability!;
      expect(kinds.filter((k) => k === 'ContainerNetworkLog')).toHaveLength(n.containerNetworkLogs?.resources.length ?? 0);
      expect(kinds.includes('ContainerNetworkMetric')).toBe(n.metrics?.filter !== undefined);
      expect(kinds.includes('MetricsConfiguration')).toBe(n.retina?.metricsConfiguration !== undefined);
      expect(stack.clusterSettings !== undefined).toBe(n.acns === true);
    });
  });
});
