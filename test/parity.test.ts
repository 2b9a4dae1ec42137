/**
 * One source of truth: for the same props, the cdk8s MonitoringStack and the Pulumi MonitoringStack
 * produce byte-identical Kubernetes objects and identical ARM templates.
 *
 * cdk8s side: the manifests `Testing.synth` returns. Pulumi side: the inputs the engine receives for
 * each Kubernetes resource the component registers (under mocks); @pulumi/kubernetes puts `apiVersion`
 * and `kind` into those inputs itself, so whole objects are compared.
 */
import { Testing } from 'cdk8s';
import { FLEET } from '../examples/fleet';
import { installPulumiMocks, promiseOf, revealSecrets } from './support/pulumi-mocks';
import {
  CONNECTED_CLUSTER_TYPE,
  DISTRIBUTIONS,
  DISTRIBUTION_PROFILES,
  Distribution,
  MANAGED_CLUSTER_TYPE,
  MonitoringStackProps,
  objectKey,
  KubeObject,
  allKubernetesObjects, renderMonitoringStack,
} from 'azure-monitor-k8s';
import { MonitoringStack as Cdk8sMonitoringStack } from 'azure-monitor-k8s/cdk8s';
import { MonitoringStack as PulumiMonitoringStack } from 'azure-monitor-k8s/pulumi';

const mocks = installPulumiMocks({ project: 'azure-monitor-k8s-parity', stack: 'parity' });

/** JSON with the keys of every object sorted, recursively; arrays keep their order. */
function canonicalJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) out[k] = sort((v as Record<string, unknown>)[k]);
      return out;
    }
    return v;
  };
  return JSON.stringify(sort(value));
}

/** The objects, ordered by apiVersion/kind/namespace/name, as one canonical JSON string. */
function canonicalObjects(objects: readonly unknown[]): string {
  const keyed = objects.map((o) => [objectKey(o as KubeObject), o] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return canonicalJson(keyed.map(([, o]) => o));
}

// --- prop sets --------------------------------------------------------------------------------------

const SUBSCRIPTION = '/subscriptions/3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f';
const WORKSPACE_ID = `${SUBSCRIPTION}/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-parity`;
const AMW_ID = `${SUBSCRIPTION}/resourceGroups/rg-monitoring/providers/Microsoft.Monitor/accounts/amw-parity`;
const ACTION_GROUP_ID = `${SUBSCRIPTION}/resourceGroups/rg-monitoring/providers/Microsoft.Insights/actionGroups/ag-parity`;
const REGIONS = ['westeurope', 'eastus', 'germanywestcentral'];
const PRESETS = ['logs-and-events', 'standard', 'cost-optimized', 'syslog'] as const;

/**
 * One prop set per distribution, varied by its index: with and without a cluster ID (AKS: a managed
 * cluster ID, the others a connected cluster ID), Windows and ARM64 nodes where the distribution has
 * them, high log scale, each preset, workspace region given or defaulted, log collection settings.
 */
function distributionCase(distribution: Distribution, i: number): MonitoringStackProps {
  const profile = DISTRIBUTION_PROFILES[distribution];
  const name = `${distribution}-c${i}`;
  const type = profile.clusterResourceType;
  if (type !== MANAGED_CLUSTER_TYPE && type !== CONNECTED_CLUSTER_TYPE) throw new Error(`unexpected cluster resource type ${type as string}`);
  const windows = profile.windowsNodes && i % 2 === 0;
  return {
    cluster: {
      name,
      region: REGIONS[i % REGIONS.length],
      distribution,
      ...(i % 3 === 2 ? {} : { resourceId: `${SUBSCRIPTION}/resourceGroups/rg-${name}/providers/${type}/${name}` }),
      nodes: { windows, arm64: profile.arm64Nodes && i % 2 === 1 },
    },
    containerInsights: {
      logAnalyticsWorkspace: { resourceId: WORKSPACE_ID, region: i % 2 === 1 ? 'westeurope' : 'northeurope' },
      dataCollection: { preset: PRESETS[i % PRESETS.length] },
      highLogScale: i % 2 === 0,
      ...(windows && !profile.windowsLogsWithManagedIdentity ? { windowsNodeLogs: false } : {}),
      ...(i % 3 === 0
        ? {
          logCollection: {
            stdout: { excludeNamespaces: ['kube-system', 'gatekeeper-system', `team-${i}`] },
            collectAllKubeEvents: true,
            kubernetesMetadata: { enabled: true },
          },
          alertableMetricThresholds: { pvUsagePercentage: 75 },
        }
        : {}),
      tags: { distribution },
    },
    // Managed Prometheus on every other case: settings, a custom job, a PodMonitor, recommended alerts.
    ...(i % 2 === 0
      ? {
        managedPrometheus: {
          azureMonitorWorkspace: { resourceId: AMW_ID, region: 'westeurope' },
          settings: { clusterAlias: `${name}-alias`, targets: { kubestate: { keepList: 'kube_pod_.*' } } },
          scrapeConfigs: { cluster: [{ jobName: `job-${i}`, staticConfigs: [{ targets: ['svc.apps.svc.cluster.local:8080'] }] }] },
          podMonitors: [{ name: 'web', namespace: 'apps', selector: { matchLabels: { app: 'web' } }, endpoints: [{ port: 'metrics' }] }],
          recommendedAlerts: { enabled: true, actionGroupIds: [ACTION_GROUP_ID] },
        },
      }
      : {}),
  };
}

const CASES: Array<[string, MonitoringStackProps]> = [
  ...Object.entries(FLEET).map(([cluster, props]) => [`fleet ${cluster}`, props] as [string, MonitoringStackProps]),
  ...DISTRIBUTIONS.map((d, i) => [`distribution ${d}`, distributionCase(d, i)] as [string, MonitoringStackProps]),
  [
    'workspace-key auth (no Azure resources), Windows node logs on Arc',
    {
      cluster: { name: 'generic-legacy', region: 'eastus', distribution: 'generic', nodes: { windows: true } },
      containerInsights: { logAnalyticsWorkspace: { resourceId: WORKSPACE_ID }, authentication: 'workspace-key', windowsNodeLogs: true },
    },
  ],
  ['no cluster ID and no workspace ID (ARM parameters)', { cluster: { name: 'aks-params', region: 'northeurope', distribution: 'aks' }, containerInsights: { logAnalyticsWorkspace: { region: 'northeurope' } } }],
  ['cluster only (nothing enabled)', { cluster: { name: 'k3s-bare', region: 'westeurope', distribution: 'k3s' } }],
  ...(['aks', 'vmware-tkg'] as const).map((distribution) => [
    `agents from manifests on ${distribution} with Windows nodes`,
    {
      cluster: {
        name: `${distribution}-agents`,
        region: 'westeurope',
        distribution,
        nodes: { windows: true },
        kubernetesVersion: '1.32',
        resourceId: distribution === 'aks'
          ? `${SUBSCRIPTION}/resourceGroups/rg-agents/providers/Microsoft.ContainerService/managedClusters/aks-agents`
          : `${SUBSCRIPTION}/resourceGroups/rg-agents/providers/Microsoft.Kubernetes/connectedClusters/vmware-tkg-agents`,
      },
      containerInsights: { logAnalyticsWorkspace: { resourceId: WORKSPACE_ID, region: 'westeurope' }, windowsNodeLogs: distribution === 'aks' },
      managedPrometheus: { azureMonitorWorkspace: { resourceId: AMW_ID, region: 'westeurope' } },
      agents: { mode: 'manifests', tolerations: [{ key: 'dedicated', operator: 'Exists' }] },
      onboarding: { logAnalyticsWorkspaceCustomerId: '0f0e0d0c-0b0a-4908-8706-050403020100' },
    },
  ] as [string, MonitoringStackProps]),
  [
    'AKS without Cilium: ACNS Retina/Hubble metrics, VNet flow log in the cluster\'s group',
    {
      cluster: { name: 'aks-retina', region: 'eastus', distribution: 'aks', networkDataplane: 'azure', resourceId: `${SUBSCRIPTION}/resourceGroups/rg-net/providers/Microsoft.ContainerService/managedClusters/aks-retina` },
      managedPrometheus: { azureMonitorWorkspace: { resourceId: AMW_ID, region: 'westeurope' }, settings: { targets: { networkobservabilityRetina: { keepList: 'networkobservability_tcp.*' } } } },
      networkObservability: {
        acns: true,
        metrics: {},
        vnetFlowLog: {
          virtualNetworkId: `${SUBSCRIPTION}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-retina`,
          region: 'eastus',
          networkWatcher: { resourceId: `${SUBSCRIPTION}/resourceGroups/rg-net/providers/Microsoft.Network/networkWatchers/nw-eastus` },
          storageAccountId: `${SUBSCRIPTION}/resourceGroups/rg-net/providers/Microsoft.Storage/storageAccounts/stretina`,
          retentionDays: 0,
        },
      },
    },
  ],
  [
    'AKS with Cilium: flow logs with throttling off, no cluster ID (ARM parameters)',
    {
      cluster: { name: 'aks-flows', region: 'northeurope', distribution: 'aks', networkDataplane: 'cilium', kubernetesVersion: '1.34.1' },
      containerInsights: { logAnalyticsWorkspace: { region: 'northeurope' }, highLogScale: true },
      networkObservability: {
        acns: true,
        containerNetworkLogs: { resources: [{ name: 'all-drops', filters: [{ verdicts: ['dropped'] }] }], throttling: { enabled: false } },
      },
    },
  ],
];

// --- the two engines --------------------------------------------------------------------------------

interface Side {
  objects: unknown[];
  armTemplate: string;
  clusterSettings: unknown;
}

function cdk8sSide(props: MonitoringStackProps): Side {
  const chart = Testing.chart();
  const stack = new Cdk8sMonitoringStack(chart, 'monitoring', props);
  return { objects: Testing.synth(chart), armTemplate: JSON.stringify(stack.armTemplate, null, 2), clusterSettings: stack.clusterSettings };
}

let pulumiStackCount = 0;
async function pulumiSide(props: MonitoringStackProps): Promise<Side> {
  const stack = new PulumiMonitoringStack(`parity-${++pulumiStackCount}`, props);
  const urn = await promiseOf(stack.urn);
  for (const r of [...Object.values(stack.kubernetesResources), ...Object.values(stack.asoResources)]) await promiseOf(r.urn);
  const children = mocks.childrenOf(urn);
  expect(children.every((c) => c.custom && c.type.startsWith('kubernetes:'))).toBe(true);
  expect(children).toHaveLength(Object.keys(stack.kubernetesResources).length + Object.keys(stack.asoResources).length);
  return {
    objects: children.map((c) => revealSecrets(c.inputs)),
    armTemplate: await promiseOf(stack.armTemplate),
    clusterSettings: stack.clusterSettings === undefined ? undefined : await promiseOf(stack.clusterSettings),
  };
}

describe.each(CASES)('%s', (_label, props) => {
  test('Kubernetes objects are byte-identical through cdk8s and Pulumi', async () => {
    const cdk8s = cdk8sSide(props);
    const pulumi = await pulumiSide(props);
    const rendered = allKubernetesObjects(renderMonitoringStack(props));

    expect(cdk8s.objects).toHaveLength(rendered.length);
    expect(pulumi.objects).toHaveLength(rendered.length);
    // Whole objects, apiVersion and kind included.
    for (const o of pulumi.objects) expect(o).toEqual(expect.objectContaining({ apiVersion: expect.any(String), kind: expect.any(String) }));
    expect(canonicalObjects(pulumi.objects)).toBe(canonicalObjects(cdk8s.objects));
    // And both are the engine-neutral objects, unchanged.
    expect(canonicalObjects(cdk8s.objects)).toBe(canonicalObjects(rendered));
  });

  test('ARM templates are identical JSON', async () => {
    const cdk8s = cdk8sSide(props);
    const pulumi = await pulumiSide(props);
    expect(pulumi.armTemplate).toBe(cdk8s.armTemplate);
    expect(JSON.parse(pulumi.armTemplate)).toEqual(renderMonitoringStack(props).armTemplate);
  });

  test('cluster settings fragments are identical', async () => {
    const cdk8s = cdk8sSide(props);
    const pulumi = await pulumiSide(props);
    expect(canonicalJson(pulumi.clusterSettings ?? null)).toBe(canonicalJson(cdk8s.clusterSettings ?? null));
    expect(cdk8s.clusterSettings === undefined).toBe(renderMonitoringStack(props).clusterSettings === undefined);
  });
});

test('canonical JSON ignores key order and nothing else', () => {
  expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
  expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
  expect(canonicalJson({ a: '1' })).not.toBe(canonicalJson({ a: 1 }));
  expect(canonicalObjects([{ apiVersion: 'v1', kind: 'B', metadata: { name: 'x' } }, { apiVersion: 'v1', kind: 'A', metadata: { name: 'x' } }])).toBe(
    canonicalObjects([{ kind: 'A', apiVersion: 'v1', metadata: { name: 'x' } }, { metadata: { name: 'x' }, kind: 'B', apiVersion: 'v1' }]),
  );
});

test('the cases cover every distribution, and the fleet', () => {
  const covered = new Set(CASES.map(([, p]) => p.cluster.distribution));
  expect([...covered].sort()).toEqual([...DISTRIBUTIONS].sort());
  expect(CASES.filter(([label]) => label.startsWith('fleet ')).map(([, p]) => p.cluster.name)).toEqual(Object.keys(FLEET));
  // Some case renders a Kubernetes object with non-empty data for every engine to compare.
  expect(CASES.filter(([, p]) => renderMonitoringStack(p).kubernetesObjects.length > 0).length).toBeGreaterThan(CASES.length - 2);
});
