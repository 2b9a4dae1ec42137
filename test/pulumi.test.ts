/**
 * The Pulumi MonitoringStack under Pulumi mocks: what it registers, and what its outputs resolve to,
 * with resource IDs given as plain strings and as `pulumi.Input<string>`.
 */
import * as pulumi from '@pulumi/pulumi';
import { FLEET } from '../examples/fleet';
import { CHILD_PRELUDE, ChildOutcome, runChildProgram, srcModule } from './support/pulumi-child';
import { RegisteredResource, installPulumiMocks, promiseOf, revealSecrets } from './support/pulumi-mocks';
import { MonitoringStackProps, ValidationError, renderMonitoringStack } from 'azure-monitor-k8s';
import { MONITORING_STACK_TYPE, MonitoringStack, MonitoringStackArgs } from 'azure-monitor-k8s/pulumi';

// Before any resource exists: every MonitoringStack below registers through these mocks.
const mocks = installPulumiMocks({ project: 'azure-monitor-k8s-test', stack: 'unit' });

const SUBSCRIPTION = '/subscriptions/0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d';
const CLUSTER_GROUP = `${SUBSCRIPTION}/resourceGroups/rg-aks-test`;
const WORKSPACE_ID = `${SUBSCRIPTION}/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/law-test`;
const OTHER_WORKSPACE_ID = `${SUBSCRIPTION}/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/law-other`;
const DEFERRED_TOKEN = '${azmk8s-deferred:';

const CONFIGMAP_TYPE = 'kubernetes:core/v1:ConfigMap';
const DCR_TYPE = 'Microsoft.Insights/dataCollectionRules';
const DCE_TYPE = 'Microsoft.Insights/dataCollectionEndpoints';
const DCRA_TYPE = 'Microsoft.Insights/dataCollectionRuleAssociations';

function clusterId(name: string): string {
  return `${CLUSTER_GROUP}/providers/Microsoft.ContainerService/managedClusters/${name}`;
}

/** An AKS cluster in westeurope with Container Insights into a workspace in the same region. */
function aksProps(name: string, opts: { highLogScale?: boolean; clusterResourceId?: boolean } = {}): MonitoringStackProps {
  return {
    cluster: {
      name,
      region: 'westeurope',
      distribution: 'aks',
      ...(opts.clusterResourceId === false ? {} : { resourceId: clusterId(name) }),
    },
    containerInsights: {
      logAnalyticsWorkspace: { resourceId: WORKSPACE_ID, region: 'westeurope' },
      highLogScale: opts.highLogScale ?? true,
      dataCollection: { preset: 'standard' },
      tags: { owner: 'platform-team' },
    },
  };
}

/** Args of `props` with the cluster and workspace IDs replaced by the given inputs. */
function withInputIds(props: MonitoringStackProps, cluster: pulumi.Input<string>, workspace: pulumi.Input<string>): MonitoringStackArgs {
  const ci = props.containerInsights!;
  return {
    cluster: { ...props.cluster, resourceId: cluster },
    containerInsights: { ...ci, logAnalyticsWorkspace: { ...ci.logAnalyticsWorkspace, resourceId: workspace } },
  };
}

/**
 * Stands for the resource that owns a workspace (e.g. an azure-native Workspace): its `armId` output
 * is known only once the resource is registered. (`declare`: the field must not shadow the output the
 * base constructor defines.)
 */
class FakeWorkspace extends pulumi.CustomResource {
  declare public readonly armId: pulumi.Output<string>;
  constructor(name: string, armId: string) {
    super('test:index:Workspace', name, { armId }, {});
  }
}

/** Waits until the component and all its Kubernetes resources are registered; returns the component's record. */
async function registered(stack: MonitoringStack): Promise<RegisteredResource> {
  const urn = await promiseOf(stack.urn);
  for (const r of Object.values(stack.kubernetesResources)) await promiseOf(r.urn);
  const record = mocks.byUrn(urn);
  if (!record) throw new Error(`component ${urn} was not recorded`);
  return record;
}

type Json = Record<string, unknown>;
function armResources(template: string): Json[] {
  return (JSON.parse(template) as { resources: Json[] }).resources;
}
function resourceOf(resources: Json[], type: string): Json[] {
  return resources.filter((r) => r.type === type);
}

describe('Kubernetes objects', () => {
  test('the agent ConfigMap is registered with its fixed name in kube-system, as a child of the component', async () => {
    const props = aksProps('aks-cm');
    const stack = new MonitoringStack('aks-cm', props);
    const component = await registered(stack);

    expect(MONITORING_STACK_TYPE).toBe('azure-monitor-k8s:index:MonitoringStack');
    expect(component).toMatchObject({ type: 'azure-monitor-k8s:index:MonitoringStack', name: 'aks-cm', custom: false });

    const children = mocks.childrenOf(component.urn!);
    const configMaps = children.filter((r) => r.type === CONFIGMAP_TYPE);
    expect(configMaps).toHaveLength(1);
    const cm = configMaps[0];
    expect(cm.custom).toBe(true);
    expect(cm.parent).toBe(component.urn);
    // The agent reads exactly this name: no auto-naming suffix.
    expect(cm.inputs.apiVersion).toBe('v1');
    expect(cm.inputs.kind).toBe('ConfigMap');
    const metadata = cm.inputs.metadata as Json;
    expect(metadata.name).toBe('container-azm-ms-agentconfig');
    expect(metadata.namespace).toBe('kube-system');

    const data = cm.inputs.data as Record<string, string>;
    expect(data['schema-version']).toBe('v1');
    expect(Object.keys(data)).toEqual(expect.arrayContaining(['schema-version', 'log-data-collection-settings', 'agent-settings']));
    expect(data['agent-settings']).toContain('[agent_settings.high_log_scale]');
    // The data is what the engine-neutral renderer produced, key for key.
    const rendered = renderMonitoringStack(props).kubernetesObjects.find((o) => o.kind === 'ConfigMap')!;
    expect(Object.keys(data).sort()).toEqual(Object.keys(rendered.data as Json).sort());
    expect(data).toEqual(rendered.data);

    // The component exposes the resource under <kind>/<namespace>/<name>.
    const exposed = stack.kubernetesResources['ConfigMap/kube-system/container-azm-ms-agentconfig'];
    expect(exposed).toBeDefined();
    expect(await promiseOf(exposed.urn)).toBe(cm.urn);
    expect(Object.keys(stack.kubernetesResources)).toEqual(['ConfigMap/kube-system/container-azm-ms-agentconfig']);
  });
});

describe('armTemplate', () => {
  test('is valid JSON whose resources are the DCR, DCE and the association', async () => {
    const stack = new MonitoringStack('aks-arm', aksProps('aks-arm'));
    const text = await promiseOf(stack.armTemplate);
    const template = JSON.parse(text) as Json;
    expect(template.$schema).toBe('https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#');
    const resources = armResources(text);

    const dcrs = resourceOf(resources, DCR_TYPE);
    expect(dcrs.map((r) => r.name)).toEqual(['MSCI-westeurope-aks-arm']);
    expect(dcrs[0].location).toBe('westeurope');
    const dcras = resourceOf(resources, DCRA_TYPE);
    expect(dcras.map((r) => r.name)).toEqual(['ContainerInsightsExtension']);
    expect(dcras[0].scope).toBe(clusterId('aks-arm'));
    expect(resourceOf(resources, DCE_TYPE).map((r) => r.name)).toEqual(['MSCI-ingest-westeurope-aks-arm']);
    expect(resources).toHaveLength(3);

    // Plain-string IDs: the template is the engine-neutral one, byte for byte.
    expect(text).toBe(JSON.stringify(renderMonitoringStack(aksProps('aks-arm')).armTemplate, null, 2));
  });

  test('resource IDs given as outputs are substituted at the leaves once resolved', async () => {
    const workspace = new FakeWorkspace('law-test', WORKSPACE_ID);
    const props = aksProps('aks-inputs');
    const stack = new MonitoringStack('aks-inputs', withInputIds(props, pulumi.output(clusterId('aks-inputs')), workspace.armId));
    await registered(stack);

    // Before resolution the IDs are placeholders, but the resources and their names are already known.
    const placeholder = JSON.stringify(stack.rendered.armTemplate);
    expect(placeholder).toContain(DEFERRED_TOKEN);
    expect(placeholder).not.toContain(WORKSPACE_ID);
    expect(stack.rendered.azureResources.map((r) => r.name)).toEqual(renderMonitoringStack(props).azureResources.map((r) => r.name));
    expect(Object.keys(stack.kubernetesResources)).toEqual(['ConfigMap/kube-system/container-azm-ms-agentconfig']);

    const text = await promiseOf(stack.armTemplate);
    expect(text).not.toContain(DEFERRED_TOKEN);
    expect(text).toContain(clusterId('aks-inputs'));
    expect(text).toContain(WORKSPACE_ID);
    const resources = armResources(text);
    const dcr = resourceOf(resources, DCR_TYPE)[0];
    expect(dcr.name).toBe('MSCI-westeurope-aks-inputs');
    expect((dcr.properties as { destinations: { logAnalytics: Json[] } }).destinations.logAnalytics[0].workspaceResourceId).toBe(WORKSPACE_ID);
    const dcra = resourceOf(resources, DCRA_TYPE)[0];
    expect(dcra.name).toBe('ContainerInsightsExtension');
    expect(dcra.scope).toBe(clusterId('aks-inputs'));
    // Resolved, it is the template the same IDs give as plain strings (no parameters left for them).
    expect(text).toBe(JSON.stringify(renderMonitoringStack(props).armTemplate, null, 2));
    expect((JSON.parse(text) as { parameters: Json }).parameters).toEqual({});
  });

  test('a log tenant\'s workspace ID may be an output too', async () => {
    const props = FLEET['aks-prod-weu'];
    const ci = props.containerInsights!;
    const tenants = ci.multiTenancy!.tenants;
    const tenantWorkspace = new FakeWorkspace('law-payments', tenants[0].logAnalyticsWorkspace.resourceId!);
    const args: MonitoringStackArgs = {
      cluster: { ...props.cluster, resourceId: pulumi.output(props.cluster.resourceId!) },
      containerInsights: {
        ...ci,
        logAnalyticsWorkspace: { ...ci.logAnalyticsWorkspace, resourceId: pulumi.output(ci.logAnalyticsWorkspace.resourceId!) },
        multiTenancy: {
          tenants: [{ ...tenants[0], logAnalyticsWorkspace: { ...tenants[0].logAnalyticsWorkspace, resourceId: tenantWorkspace.armId } }],
        },
      },
      managedPrometheus: props.managedPrometheus,
    };
    const stack = new MonitoringStack('aks-prod-weu', args);
    expect(JSON.stringify(stack.rendered.armTemplate)).toContain(DEFERRED_TOKEN);
    const text = await promiseOf(stack.armTemplate);
    expect(text).not.toContain(DEFERRED_TOKEN);
    expect(text).toBe(JSON.stringify(renderMonitoringStack(props).armTemplate, null, 2));
  });

  test('a plain-string ID of the wrong type fails when the component is created', () => {
    const props = aksProps('aks-sync-bad');
    expect(() => new MonitoringStack('aks-sync-bad', { ...props, cluster: { ...props.cluster, resourceId: WORKSPACE_ID } })).toThrow(ValidationError);
    expect(() => new MonitoringStack('aks-sync-bad-2', { ...props, cluster: { ...props.cluster, resourceId: WORKSPACE_ID } })).toThrow(/cluster\.resourceId/);
  });
});

describe('Managed Prometheus', () => {
  test('the workspace and action group IDs may be outputs; the CRs and metrics ConfigMaps are registered as typed children', async () => {
    const props = FLEET['aks-prod-weu'];
    const mp = props.managedPrometheus!;
    const amw = new FakeWorkspace('amw-out', mp.azureMonitorWorkspace.resourceId!);
    const args: MonitoringStackArgs = {
      cluster: props.cluster,
      managedPrometheus: {
        ...mp,
        azureMonitorWorkspace: { ...mp.azureMonitorWorkspace, resourceId: amw.armId },
        recommendedAlerts: { ...mp.recommendedAlerts!, actionGroupIds: mp.recommendedAlerts!.actionGroupIds!.map((id) => pulumi.output(id)) },
      },
    };
    const stack = new MonitoringStack('aks-prom-outputs', args);
    expect(JSON.stringify(stack.rendered.armTemplate)).toContain(DEFERRED_TOKEN);
    const text = await promiseOf(stack.armTemplate);
    expect(text).not.toContain(DEFERRED_TOKEN);
    // Resolved, it is the template the plain IDs give.
    expect(text).toBe(JSON.stringify(renderMonitoringStack({ cluster: props.cluster, managedPrometheus: mp }).armTemplate, null, 2));
    const template = JSON.parse(text) as { resources: Array<{ type: string; name: string; properties: Json }> };
    const dcr = template.resources.find((r) => r.type === DCR_TYPE && r.name.startsWith('MSProm-'))!;
    expect(JSON.stringify(dcr.properties)).toContain(mp.azureMonitorWorkspace.resourceId!);

    for (const r of Object.values(stack.kubernetesResources)) await promiseOf(r.urn);
    const urn = await promiseOf(stack.urn);
    const children = mocks.resources.filter((r: RegisteredResource) => r.parent === urn).map((r) => r.type).sort();
    expect(children).toEqual(expect.arrayContaining([
      'kubernetes:azmonitoring.coreos.com/v1:PodMonitor',
      'kubernetes:azmonitoring.coreos.com/v1:ServiceMonitor',
      'kubernetes:core/v1:ConfigMap',
    ]));
    const names = mocks.resources
      .filter((r: RegisteredResource) => r.parent === urn && r.type === CONFIGMAP_TYPE)
      .map((r) => (r.inputs.metadata as { name: string }).name);
    expect(names.sort()).toEqual(['ama-metrics-prometheus-config', 'ama-metrics-settings-configmap']);
  });
});

describe('dataCollectionRule', () => {
  test('has name, location and properties, with the ingestion endpoint as a full ID in the cluster resource group', async () => {
    const workspace = new FakeWorkspace('law-dcr', WORKSPACE_ID);
    const stack = new MonitoringStack('aks-dcr', withInputIds(aksProps('aks-dcr'), pulumi.output(clusterId('aks-dcr')), workspace.armId));
    expect(stack.dataCollectionRule).toBeDefined();
    const dcr = await promiseOf(stack.dataCollectionRule!);

    expect(dcr.type).toBe(DCR_TYPE);
    expect(dcr.name).toBe('MSCI-westeurope-aks-dcr');
    expect(dcr.location).toBe('westeurope');
    const properties = dcr.properties as {
      dataCollectionEndpointId: string;
      destinations: { logAnalytics: Json[] };
      dataSources: Json;
      dataFlows: Json[];
    };
    expect(properties.dataCollectionEndpointId).toBe(`${CLUSTER_GROUP}/providers/${DCE_TYPE}/MSCI-ingest-westeurope-aks-dcr`);
    expect(properties.destinations.logAnalytics[0].workspaceResourceId).toBe(WORKSPACE_ID);
    expect(properties.dataSources).toBeDefined();
    expect(properties.dataFlows.length).toBeGreaterThan(0);
    expect(JSON.stringify(dcr)).not.toContain(DEFERRED_TOKEN);
  });

  test('has no endpoint without high log scale', async () => {
    const stack = new MonitoringStack('aks-dcr-plain', aksProps('aks-dcr-plain', { highLogScale: false }));
    const dcr = await promiseOf(stack.dataCollectionRule!);
    expect(dcr.name).toBe('MSCI-westeurope-aks-dcr-plain');
    expect(dcr.properties).not.toHaveProperty('dataCollectionEndpointId');
  });

  test('refers to the endpoint by an ARM expression when the cluster ID (and so its group) is not given', async () => {
    const stack = new MonitoringStack('aks-dcr-noid', aksProps('aks-dcr-noid', { clusterResourceId: false }));
    const dcr = await promiseOf(stack.dataCollectionRule!);
    expect((dcr.properties as Json).dataCollectionEndpointId).toBe(`[resourceId('${DCE_TYPE}', 'MSCI-ingest-westeurope-aks-dcr-noid')]`);
  });
});

/**
 * A resolved ID that fails validation makes the outputs reject. The SDK also reports such a failure as
 * an unhandled rejection on purpose (runtime/resource.ts `runAsyncResourceOp`: that is how `pulumi up`
 * fails), and from internal promises a test cannot reach (pulumi/pulumi#16665). Jest fails any test in
 * which an unhandled rejection happens, so these programs run in a child Node process, as `pulumi up`
 * would run them; it reports how each output ended and every unhandled rejection it saw.
 */
describe('resolved IDs are validated', () => {
  interface ChildReport {
    readonly outcomes: Record<string, { armTemplate: ChildOutcome; dataCollectionRule: ChildOutcome; resourcesRegistered: string[] }>;
    readonly unhandled: Array<{ path?: string; message: string }>;
  }

  const childProgram = `
    ${CHILD_PRELUDE}
    const { MonitoringStack } = require(${srcModule('pulumi', 'index.ts')});
    const cases = JSON.parse(process.argv[1]);
    (async () => {
      const outcomes = {};
      for (const c of cases) {
        const args = {
          cluster: { ...c.props.cluster, resourceId: pulumi.output(c.clusterId) },
          containerInsights: { ...c.props.containerInsights, logAnalyticsWorkspace: { resourceId: pulumi.output(c.workspaceId), region: 'westeurope' } },
        };
        const stack = new MonitoringStack(c.name, args);
        outcomes[c.name] = { armTemplate: await outcome(stack.armTemplate), dataCollectionRule: await outcome(stack.dataCollectionRule) };
      }
      await new Promise((r) => setTimeout(r, 200));
      for (const c of cases) outcomes[c.name].resourcesRegistered = registered.filter((x) => x.endsWith('/' + c.name) || x.includes('/' + c.name + '-'));
      process.stdout.write(JSON.stringify({ outcomes, unhandled }));
    })();
  `;

  let report: ChildReport;
  beforeAll(() => {
    const cases = [
      // A workspace ID where the cluster ID belongs.
      { name: 'aks-bad-cluster', props: aksProps('aks-bad-cluster'), clusterId: WORKSPACE_ID, workspaceId: WORKSPACE_ID },
      // A cluster ID where the workspace ID belongs.
      { name: 'aks-bad-workspace', props: aksProps('aks-bad-workspace'), clusterId: clusterId('aks-bad-workspace'), workspaceId: clusterId('aks-bad-workspace') },
      // The ID of another cluster.
      { name: 'aks-other-cluster', props: aksProps('aks-other-cluster'), clusterId: clusterId('aks-someone-else'), workspaceId: OTHER_WORKSPACE_ID },
      // Control: both right.
      { name: 'aks-good', props: aksProps('aks-good'), clusterId: clusterId('aks-good'), workspaceId: OTHER_WORKSPACE_ID },
    ];
    report = runChildProgram<ChildReport>(childProgram, [JSON.stringify(cases)], 30_000);
  }, 40_000);

  test('a workspace ID given as the cluster ID rejects the armTemplate with a ValidationError on cluster.resourceId', () => {
    const { armTemplate, dataCollectionRule } = report.outcomes['aks-bad-cluster'];
    expect(armTemplate).toMatchObject({ rejected: true, isValidationError: true, path: 'cluster.resourceId' });
    expect(armTemplate.message).toContain('cluster.resourceId');
    expect(armTemplate.message).toContain('Microsoft.ContainerService/managedClusters');
    expect(dataCollectionRule).toMatchObject({ rejected: true, isValidationError: true, path: 'cluster.resourceId' });
  });

  test('a cluster ID given as the workspace ID rejects with the workspace path', () => {
    const { armTemplate } = report.outcomes['aks-bad-workspace'];
    expect(armTemplate).toMatchObject({ rejected: true, isValidationError: true, path: 'containerInsights.logAnalyticsWorkspace.resourceId' });
    expect(armTemplate.message).toContain('containerInsights.logAnalyticsWorkspace.resourceId');
  });

  test('the ID of another cluster is rejected', () => {
    const { armTemplate } = report.outcomes['aks-other-cluster'];
    expect(armTemplate).toMatchObject({ rejected: true, isValidationError: true, path: 'cluster.resourceId' });
    expect(armTemplate.message).toContain('aks-someone-else');
  });

  test('correct IDs resolve, and the Kubernetes objects are registered whatever the IDs', () => {
    expect(report.outcomes['aks-good'].armTemplate).toEqual({ rejected: false });
    expect(report.outcomes['aks-good'].dataCollectionRule).toEqual({ rejected: false });
    for (const name of Object.keys(report.outcomes)) {
      expect(report.outcomes[name].resourcesRegistered).toEqual(
        expect.arrayContaining([`${MONITORING_STACK_TYPE}/${name}`, `${CONFIGMAP_TYPE}/${name}-configmap-kube-system-container-azm-ms-agentconfig`]),
      );
    }
  });

  test('the only unhandled rejections (what fails `pulumi up`) are those validation errors', () => {
    expect(report.unhandled.length).toBeGreaterThan(0);
    const paths = new Set(report.unhandled.map((u) => u.path));
    expect([...paths].sort()).toEqual(['cluster.resourceId', 'containerInsights.logAnalyticsWorkspace.resourceId']);
  });
});

describe('agents from manifests', () => {
  const TKG_ID = `${SUBSCRIPTION}/resourceGroups/rg-tkg/providers/Microsoft.Kubernetes/connectedClusters/tkg-agents`;
  const CUSTOMER_ID = '0f0e0d0c-0b0a-4908-8706-050403020100';

  test('CRDs registered before the custom resources of their group; typed HPA, PDB and CRD classes; kube-system labels as a NamespacePatch', async () => {
    const stack = new MonitoringStack('tkg-agents', {
      cluster: { name: 'tkg-agents', region: 'westeurope', distribution: 'vmware-tkg', resourceId: TKG_ID },
      managedPrometheus: {
        azureMonitorWorkspace: { resourceId: `${SUBSCRIPTION}/resourceGroups/rg-m/providers/Microsoft.Monitor/accounts/amw`, region: 'westeurope' },
        podMonitors: [{ name: 'web', namespace: 'apps', selector: { matchLabels: { app: 'web' } }, endpoints: [{ port: 'metrics' }] }],
      },
      agents: { mode: 'manifests' },
    });
    const urn = (await registered(stack)).urn;
    const children = mocks.resources.filter((r: RegisteredResource) => r.parent === urn);
    const types = children.map((r) => r.type);
    expect(types).toEqual(expect.arrayContaining([
      'kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition',
      'kubernetes:autoscaling/v2:HorizontalPodAutoscaler',
      'kubernetes:policy/v1:PodDisruptionBudget',
      'kubernetes:core/v1:NamespacePatch',
    ]));
    expect(types).not.toContain('kubernetes:core/v1:Namespace');
    const patch = children.find((r) => r.type === 'kubernetes:core/v1:NamespacePatch')!;
    expect(patch.inputs.metadata).toEqual({ name: 'kube-system', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } });
    // Registration order: both CRDs before the PodMonitor (which also depends on them).
    const crdIndexes = types.flatMap((t, i) => (t.endsWith(':CustomResourceDefinition') ? [i] : []));
    expect(crdIndexes).toHaveLength(2);
    expect(Math.max(...crdIndexes)).toBeLessThan(types.indexOf('kubernetes:azmonitoring.coreos.com/v1:PodMonitor'));
  });

  test('the cluster ID and the workspace customer ID may be outputs: substituted in the agent objects once known', async () => {
    const stack = new MonitoringStack('tkg-deferred', {
      cluster: { name: 'tkg-agents', region: 'westeurope', distribution: 'vmware-tkg', resourceId: pulumi.output(TKG_ID) },
      containerInsights: { logAnalyticsWorkspace: { resourceId: WORKSPACE_ID, region: 'westeurope' } },
      agents: { mode: 'manifests' },
      onboarding: { logAnalyticsWorkspaceCustomerId: pulumi.output(CUSTOMER_ID) },
    });
    expect(JSON.stringify(stack.rendered.kubernetesObjects)).toContain(DEFERRED_TOKEN);
    const urn = (await registered(stack)).urn;
    const children = mocks.resources.filter((r: RegisteredResource) => r.parent === urn);
    expect(JSON.stringify(children.map((r) => r.inputs))).not.toContain(DEFERRED_TOKEN);
    const ds = children.find((r) => r.type === 'kubernetes:apps/v1:DaemonSet' && (r.inputs.metadata as { name: string }).name === 'ama-logs')!;
    const env = (ds.inputs.spec as any).template.spec.containers.find((c: { name: string }) => c.name === 'ama-logs').env as Array<{ name: string; value?: string }>;
    expect(env.find((e) => e.name === 'AKS_RESOURCE_ID')!.value).toBe(TKG_ID);
    const secret = children.find((r) => r.type === 'kubernetes:core/v1:Secret')!;
    expect(JSON.stringify(revealSecrets(secret.inputs))).toContain(CUSTOMER_ID);
  });

});
