/**
 * The @pulumi/azure-native v3 form of the stack's Azure resources, under Pulumi mocks: classes and
 * type tokens, inputs (ARM properties flattened), parents and dependencies, IDs, parameters, deferred
 * tokens, external resource groups and subscriptions, the "cannot express" errors, the converter back
 * to ARM, and the optional-peer contract (nothing is loaded before the function is called).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { FLEET } from '../examples/fleet';
import { AzureResource, AzureValue, MonitoringStackProps, isParam, isRef, makeToken, mapLeaves, param, ref, renderMonitoringStack } from '../src';
import { caught } from './support/caught';
import { RegisteredResource, installPulumiMocks, promiseOf, revealSecrets } from './support/pulumi-mocks';
import { AZURE_NATIVE_CLASSES, AzureNativeContext, AzureNativeResult, azureNativeToArm, createAzureNativeResources } from '../src/pulumi/azure-native';

const mocks = installPulumiMocks({ project: 'azure-monitor-k8s-test', stack: 'azure-native' });

/** Dependencies (URNs) of every registration, by logical name: the monitor's requests carry them. */
interface DependencyRequest {
  getName(): string;
  getDependenciesList(): string[];
}
const dependencies = new Map<string, string[]>();
{
  const monitor = mocks.pulumi.runtime.getMonitor() as unknown as { registerResource(req: DependencyRequest, cb: unknown): unknown };
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    dependencies.set(req.getName(), req.getDependenciesList());
    return original(req, cb);
  };
}

const SUB = '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d';
const OTHER_SUB = '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a';
const WORKSPACE_ID = `/subscriptions/${SUB}/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/law-test`;
const PROVIDER_TYPE = 'pulumi:providers:azure-native';

/** The test's own reading of NOTES-azure-resources §1/§2.2/§3.x: class token, name arg and where the resource lives. */
const EXPECTED_CLASS: Record<string, { token: string; nameArg: string; placement: 'group' | 'extension' | 'arc' | 'flow-log'; scopeArg?: string }> = {
  'Microsoft.Insights/dataCollectionEndpoints': { token: 'azure-native:monitor:DataCollectionEndpoint', nameArg: 'dataCollectionEndpointName', placement: 'group' },
  'Microsoft.Insights/dataCollectionRules': { token: 'azure-native:monitor:DataCollectionRule', nameArg: 'dataCollectionRuleName', placement: 'group' },
  'Microsoft.Insights/dataCollectionRuleAssociations': {
    token: 'azure-native:monitor:DataCollectionRuleAssociation',
    nameArg: 'associationName',
    placement: 'extension',
    scopeArg: 'resourceUri',
  },
  'Microsoft.AlertsManagement/prometheusRuleGroups': { token: 'azure-native:alertsmanagement:PrometheusRuleGroup', nameArg: 'ruleGroupName', placement: 'group' },
  'Microsoft.Monitor/accounts': { token: 'azure-native:monitor:AzureMonitorWorkspace', nameArg: 'azureMonitorWorkspaceName', placement: 'group' },
  'Microsoft.OperationalInsights/workspaces': { token: 'azure-native:operationalinsights:Workspace', nameArg: 'workspaceName', placement: 'group' },
  'Microsoft.Authorization/roleAssignments': {
    token: 'azure-native:authorization:RoleAssignment',
    nameArg: 'roleAssignmentName',
    placement: 'extension',
    scopeArg: 'scope',
  },
  'Microsoft.Dashboard/grafana': { token: 'azure-native:dashboard:Grafana', nameArg: 'workspaceName', placement: 'group' },
  'Microsoft.KubernetesConfiguration/extensions': { token: 'azure-native:kubernetesconfiguration:Extension', nameArg: 'extensionName', placement: 'arc' },
  'Microsoft.Network/networkWatchers/flowLogs': { token: 'azure-native:network:FlowLog', nameArg: 'flowLogName', placement: 'flow-log' },
};

type Json = Record<string, unknown>;

let parents = 0;
function newParent(): pulumi.ComponentResource {
  parents += 1;
  return new pulumi.ComponentResource('test:index:Parent', `parent-${parents}`, {}, {});
}

/** Waits for every created resource; returns the parent's URN and the records of the created resources by logicalId. */
async function registeredOf(
  parent: pulumi.ComponentResource,
  result: AzureNativeResult,
): Promise<{ parentUrn: string; records: Record<string, RegisteredResource> }> {
  const parentUrn = await promiseOf(parent.urn);
  const records: Record<string, RegisteredResource> = {};
  for (const [logicalId, r] of Object.entries(result.resources)) {
    const urn = await promiseOf(r.urn);
    const record = mocks.byUrn(urn);
    if (!record) throw new Error(`${logicalId} was not recorded`);
    records[logicalId] = record;
  }
  return { parentUrn, records };
}

/**
 * The inputs a resource must be registered with, built from the neutral resource by the test's own
 * rules: the ARM properties flattened (Grafana's nested), the name and resource group args, the
 * envelope, refs as the mock ID of the referenced resource, params and tokens by their values.
 */
function expectedInputs(
  r: AzureResource,
  prefix: string,
  list: AzureResource[],
  group: string,
  values: Record<string, string> = {},
  deferred: string[] = [],
): Json {
  const leaf = (v: AzureValue): unknown =>
    mapLeaves(v, (x) => {
      if (isRef(x)) {
        const target = list.find((t) => t.type === x.$ref.type && t.name === x.$ref.name);
        if (!target) throw new Error(`test: no ${x.$ref.type} ${x.$ref.name}`);
        return `${prefix}-${target.logicalId}-id`;
      }
      if (isParam(x)) return values[x.$param];
      if (typeof x === 'string') return x.replace(/\$\{azmk8s-deferred:(\d+)\}/g, (_m, i: string) => deferred[Number(i)]);
      return x;
    });
  const cls = EXPECTED_CLASS[r.type];
  const out: Json = {};
  if (cls.placement === 'flow-log') {
    const [watcher, flowLog] = r.name.split('/');
    Object.assign(out, { resourceGroupName: group, networkWatcherName: watcher, flowLogName: flowLog });
  } else {
    out[cls.nameArg] = r.name;
  }
  if (cls.placement === 'group') out.resourceGroupName = group;
  if (cls.placement === 'extension') out[cls.scopeArg!] = leaf(r.scope!);
  if (cls.placement === 'arc') {
    const [, , , , rg, , rp, type, name] = (leaf(r.scope!) as string).split('/');
    Object.assign(out, { resourceGroupName: rg, clusterRp: rp, clusterResourceName: type, clusterName: name });
  }
  if (r.location !== undefined) out.location = r.location;
  if (r.kind !== undefined) out.kind = r.kind;
  if (r.tags !== undefined && Object.keys(r.tags).length > 0) out.tags = r.tags;
  if (r.sku !== undefined) out.sku = leaf(r.sku);
  if (r.identity !== undefined) out.identity = leaf(r.identity);
  if (r.type === 'Microsoft.Dashboard/grafana') out.properties = leaf(r.properties);
  else Object.assign(out, leaf(r.properties));
  return out;
}

function groupOf(resourceId: string): string {
  return resourceId.split('/')[4];
}

/**
 * The converter back to ARM gives the neutral resource again: type, name, envelope and properties,
 * with refs read as the IDs of the created resources (and the class's API version).
 */
const FLEET_SUBSCRIPTION = /^\/subscriptions\/([^/]+)/.exec(FLEET['aks-prod-weu'].cluster.resourceId!)![1];

function expectRoundTrip(record: RegisteredResource, r: AzureResource, prefix: string, list: AzureResource[]): void {
  // The Arc extension's scope (the connected cluster) is rebuilt from the subscription of the fleet.
  const back = azureNativeToArm(record.type, record.inputs, { subscriptionId: FLEET_SUBSCRIPTION });
  expect(back.type).toBe(r.type);
  expect(back.name).toBe(r.name);
  expect(back.apiVersion).toBe(AZURE_NATIVE_CLASSES[r.type].apiVersion);
  expect(back.location).toBe(r.location);
  expect(back.kind).toBe(r.kind);
  expect(back.tags).toEqual(r.tags !== undefined && Object.keys(r.tags).length > 0 ? r.tags : undefined);
  expect(back.scope).toEqual(r.scope);
  const idOf = (type: string, name: string) => `${prefix}-${list.find((t) => t.type === type && t.name === name)!.logicalId}-id`;
  expect(back.properties).toEqual(mapLeaves(r.properties, (x) => (isRef(x) ? idOf(x.$ref.type, x.$ref.name) : x)));
}

function contextOf(props: MonitoringStackProps, rendered = renderMonitoringStack(props)): AzureNativeContext {
  return {
    resourceGroupName: groupOf(props.cluster.resourceId!),
    clusterResourceId: props.cluster.resourceId,
    external: rendered.externalAzureResources.map((x) => ({ target: x.target, resources: x.resources })),
    parameters: {},
  };
}

describe('the example fleet', () => {
  test.each(Object.keys(FLEET))('%s: one azure-native resource per Azure resource, inputs = ARM properties flattened, children of the parent; and back', async (name) => {
    const props = FLEET[name];
    const rendered = renderMonitoringStack(props);
    expect(rendered.armParameters).toEqual([]);
    const parent = newParent();
    const context = contextOf(props, rendered);
    const result = createAzureNativeResources(parent, name, rendered.azureResources, context);
    const { parentUrn, records } = await registeredOf(parent, result);

    const all = [...rendered.azureResources, ...rendered.externalAzureResources.flatMap((x) => x.resources)];
    expect(Object.keys(result.resources).sort()).toEqual(all.map((r) => r.logicalId).sort());
    expect(mocks.childrenOf(parentUrn).filter((r) => r.type === PROVIDER_TYPE)).toEqual([]);
    for (const r of rendered.azureResources) {
      const record = records[r.logicalId];
      expect(record.type).toBe(EXPECTED_CLASS[r.type].token);
      expect(record.name).toBe(`${name}-${r.logicalId}`);
      expect(record.custom).toBe(true);
      expect(record.parent).toBe(parentUrn);
      expect(revealSecrets(record.inputs)).toEqual(expectedInputs(r, name, rendered.azureResources, groupOf(props.cluster.resourceId!)));
      expect(await promiseOf(result.ids[r.logicalId])).toBe(`${name}-${r.logicalId}-id`);
      expectRoundTrip(record, r, name, rendered.azureResources);
    }
    for (const x of rendered.externalAzureResources) {
      for (const r of x.resources) {
        expect(revealSecrets(records[r.logicalId].inputs)).toEqual(expectedInputs(r, name, x.resources, x.target.resourceGroup));
        expect(records[r.logicalId].parent).toBe(parentUrn);
        expectRoundTrip(records[r.logicalId], r, name, x.resources);
      }
    }
  });

  test('Container Insights and Managed Prometheus resources: the fields as the notes name them', async () => {
    const props = FLEET['aks-prod-weu'];
    const clusterId = props.cluster.resourceId!;
    const rendered = renderMonitoringStack(props);
    const parent = newParent();
    const result = createAzureNativeResources(parent, 'fields', rendered.azureResources, contextOf(props, rendered));
    const { records } = await registeredOf(parent, result);

    const dcr = records.dcr.inputs;
    expect(records.dcr.type).toBe('azure-native:monitor:DataCollectionRule');
    expect(dcr).toMatchObject({ resourceGroupName: 'rg-aks-prod', dataCollectionRuleName: 'MSCI-westeurope-aks-prod-weu', location: 'westeurope', kind: 'Linux' });
    expect(dcr.dataCollectionEndpointId).toBe('fields-dce-ingest-westeurope-id');
    expect((dcr.destinations as { logAnalytics: Json[] }).logAnalytics).toEqual([{ name: 'ciworkspace', workspaceResourceId: props.containerInsights!.logAnalyticsWorkspace.resourceId }]);
    expect(dcr).not.toHaveProperty('properties');

    const dcra = records.dcra.inputs;
    expect(dcra).toEqual({
      resourceUri: clusterId,
      associationName: 'ContainerInsightsExtension',
      dataCollectionRuleId: 'fields-dcr-id',
      description: expect.stringContaining('aks-prod-weu') as unknown,
    });

    const prometheusDcr = records['prometheus-dcr'].inputs;
    expect(prometheusDcr.dataSources).toEqual({ prometheusForwarder: [{ name: 'PrometheusDataSource', streams: ['Microsoft-PrometheusMetrics'], labelIncludeFilter: {} }] });
    expect(prometheusDcr.dataCollectionEndpointId).toBe('fields-prometheus-dce-id');
    expect(records['prometheus-dce'].inputs).toEqual({
      resourceGroupName: 'rg-aks-prod',
      dataCollectionEndpointName: 'MSProm-westeurope-aks-prod-weu',
      location: 'westeurope',
      kind: 'Linux',
    });
    // Its tags are empty: not sent (as the ARM form omits them).
    expect(rendered.azureResources.find((r) => r.logicalId === 'prometheus-dce')!.tags).toEqual({});

    const groups = Object.values(records).filter((r) => r.type === 'azure-native:alertsmanagement:PrometheusRuleGroup');
    expect(groups.length).toBeGreaterThan(0);
    for (const g of groups) {
      expect(g.inputs).toMatchObject({ resourceGroupName: 'rg-aks-prod', location: 'westeurope', enabled: true });
      expect(typeof g.inputs.ruleGroupName).toBe('string');
      expect(g.inputs.scopes).toEqual([FLEET['aks-prod-weu'].managedPrometheus!.azureMonitorWorkspace.resourceId, clusterId]);
      expect((g.inputs.rules as Json[]).length).toBeGreaterThan(0);
    }
  });

  test('dependencies: a referenced resource is registered first and the referencing one depends on it', async () => {
    const props = FLEET['aks-prod-weu'];
    const rendered = renderMonitoringStack(props);
    const parent = newParent();
    // Referencing resources first in the list: the order must still follow the refs.
    const reversed = [...rendered.azureResources].reverse();
    const result = createAzureNativeResources(parent, 'deps', reversed, contextOf(props, rendered));
    const { records } = await registeredOf(parent, result);
    const order = mocks.resources.map((r) => r.name);
    const pairs: Array<[string, string]> = [
      ['dcr', 'dce-ingest-westeurope'],
      ['dcra', 'dcr'],
      ['dcr-tenant-payments', 'dce-ingest-westeurope'],
      ['dcra-tenant-payments', 'dcr-tenant-payments'],
      ['prometheus-dcr', 'prometheus-dce'],
      ['prometheus-dcra', 'prometheus-dcr'],
    ];
    for (const [from, to] of pairs) {
      expect(order.indexOf(`deps-${to}`)).toBeLessThan(order.indexOf(`deps-${from}`));
      expect(dependencies.get(`deps-${from}`)).toContain(records[to].urn);
    }
    // A resource without refs depends on nothing of the list.
    expect(dependencies.get('deps-prometheus-dce')).toEqual([]);
  });

  test('the VNet flow log goes to its watcher\'s resource group, with the inherited provider in the cluster\'s subscription', async () => {
    const props = FLEET['aks-payments-weu'];
    const rendered = renderMonitoringStack(props);
    expect(rendered.externalAzureResources).toHaveLength(1);
    const parent = newParent();
    const result = createAzureNativeResources(parent, 'flow', rendered.azureResources, contextOf(props, rendered));
    const { records } = await registeredOf(parent, result);
    const flowLog = records['vnet-flow-log'];
    expect(flowLog.type).toBe('azure-native:network:FlowLog');
    expect(flowLog.inputs).toMatchObject({ resourceGroupName: 'NetworkWatcherRG', networkWatcherName: 'NetworkWatcher_westeurope', location: 'westeurope' });
    expect(flowLog.inputs.flowLogName).toBe(rendered.externalAzureResources[0].resources[0].name.split('/')[1]);
    expect(flowLog.inputs.targetResourceId).toBe(props.networkObservability!.vnetFlowLog!.virtualNetworkId);
    expect(flowLog.provider).toBeUndefined();
  });
});

describe('external targets in another subscription', () => {
  const flowLog = (): AzureResource => renderMonitoringStack(FLEET['aks-payments-weu']).externalAzureResources[0].resources[0];

  test('get one explicit provider per foreign subscription, a child of the parent', async () => {
    const parent = newParent();
    const result = createAzureNativeResources(parent, 'foreign', [], {
      resourceGroupName: 'rg-aks',
      clusterResourceId: `/subscriptions/${SUB}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks`,
      external: [{ target: { subscriptionId: OTHER_SUB, resourceGroup: 'NetworkWatcherRG' }, resources: [flowLog()] }],
      parameters: {},
    });
    const { parentUrn, records } = await registeredOf(parent, result);
    const providers = mocks.childrenOf(parentUrn).filter((r) => r.type === PROVIDER_TYPE);
    expect(providers.map((p) => p.name)).toEqual([`foreign-azure-native-${OTHER_SUB}`]);
    expect(providers[0].inputs.subscriptionId).toBe(OTHER_SUB);
    expect(records['vnet-flow-log'].provider).toMatch(new RegExp(`^${providers[0].urn!.replace(/[$]/g, '\\$')}::`));
    expect(records['vnet-flow-log'].inputs.resourceGroupName).toBe('NetworkWatcherRG');
  });

  test('a provider given for the subscription is used instead', async () => {
    const parent = newParent();
    const { Provider } = require('@pulumi/azure-native/provider') as { Provider: new (n: string, a: Json) => pulumi.ProviderResource }; // eslint-disable-line
    const mine = new Provider('mine', { subscriptionId: OTHER_SUB });
    const result = createAzureNativeResources(parent, 'given', [], {
      resourceGroupName: 'rg-aks',
      subscriptionId: SUB,
      external: [{ target: { subscriptionId: OTHER_SUB, resourceGroup: 'NetworkWatcherRG' }, resources: [flowLog()] }],
      providers: { [OTHER_SUB]: mine },
      parameters: {},
    });
    const { parentUrn, records } = await registeredOf(parent, result);
    expect(mocks.childrenOf(parentUrn).filter((r) => r.type === PROVIDER_TYPE)).toEqual([]);
    expect(records['vnet-flow-log'].provider).toMatch(new RegExp(`^${(await promiseOf(mine.urn)).replace(/[$]/g, '\\$')}::`));
  });

  test('an Arc extension on a cluster of another subscription gets that subscription\'s provider', async () => {
    const ext = otherResources()[4];
    const foreign = { ...ext, logicalId: 'ext-foreign', scope: (ext.scope as string).replace(SUB, OTHER_SUB) };
    const parent = newParent();
    const result = createAzureNativeResources(parent, 'ext-sub', [ext, foreign], { resourceGroupName: 'rg', subscriptionId: SUB, parameters: {} });
    const { parentUrn, records } = await registeredOf(parent, result);
    const providers = mocks.childrenOf(parentUrn).filter((r) => r.type === PROVIDER_TYPE);
    expect(providers.map((p) => p.inputs.subscriptionId)).toEqual([OTHER_SUB]);
    expect(records['ext-foreign'].provider).toMatch(new RegExp(`^${providers[0].urn!.replace(/[$]/g, '\\$')}::`));
    expect(records['arc-ci-extension'].provider).toBeUndefined();
  });

  test('when the cluster\'s subscription is unknown (an output), the external target gets a provider', async () => {
    const parent = newParent();
    const result = createAzureNativeResources(parent, 'unknown-sub', [], {
      resourceGroupName: 'rg-aks',
      clusterResourceId: pulumi.output(`/subscriptions/${SUB}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks`),
      external: [{ target: { subscriptionId: SUB, resourceGroup: 'NetworkWatcherRG' }, resources: [flowLog()] }],
      parameters: {},
    });
    const { parentUrn } = await registeredOf(parent, result);
    expect(mocks.childrenOf(parentUrn).filter((r) => r.type === PROVIDER_TYPE).map((p) => p.inputs.subscriptionId)).toEqual([SUB]);
  });
});

/** Resources no example renders yet: workspaces, Grafana and its role assignment, an Arc extension. */
function otherResources(): AzureResource[] {
  const amw = 'amw-test';
  return [
    {
      logicalId: 'law',
      type: 'Microsoft.OperationalInsights/workspaces',
      apiVersion: '2025-07-01',
      name: 'law-test',
      location: 'westeurope',
      tags: { owner: 'platform-team' },
      properties: { sku: { name: 'PerGB2018' }, retentionInDays: 30, workspaceCapping: { dailyQuotaGb: 5 }, publicNetworkAccessForIngestion: 'Enabled' },
    },
    { logicalId: 'amw', type: 'Microsoft.Monitor/accounts', apiVersion: '2023-04-03', name: amw, location: 'westeurope', properties: { publicNetworkAccess: 'Enabled' } },
    {
      logicalId: 'grafana',
      type: 'Microsoft.Dashboard/grafana',
      apiVersion: '2025-08-01',
      name: 'grafana-test',
      location: 'westeurope',
      sku: { name: 'Standard' },
      identity: { type: 'SystemAssigned' },
      properties: { grafanaMajorVersion: '11', grafanaIntegrations: { azureMonitorWorkspaceIntegrations: [{ azureMonitorWorkspaceResourceId: ref('Microsoft.Monitor/accounts', amw) }] } },
    },
    {
      // Referenced only through its scope: it must still wait for the workspace.
      logicalId: 'grafana-role',
      type: 'Microsoft.Authorization/roleAssignments',
      apiVersion: '2022-04-01',
      name: '3f2b8c1e-5d4a-5e6f-8a7b-9c0d1e2f3a4b',
      scope: ref('Microsoft.Monitor/accounts', amw),
      properties: {
        roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/b0d8363b-8ddd-447d-831f-62ca05bff136`,
        principalId: param('grafanaPrincipalId'),
        principalType: 'ServicePrincipal',
      },
    },
    {
      logicalId: 'arc-ci-extension',
      type: 'Microsoft.KubernetesConfiguration/extensions',
      apiVersion: '2025-03-01',
      name: 'azuremonitor-containers',
      scope: `/subscriptions/${SUB}/resourceGroups/rg-arc/providers/Microsoft.Kubernetes/connectedClusters/k3s-1`,
      identity: { type: 'SystemAssigned' },
      properties: {
        extensionType: 'Microsoft.AzureMonitor.Containers',
        autoUpgradeMinorVersion: true,
        releaseTrain: 'Stable',
        configurationSettings: { 'logAnalyticsWorkspaceResourceID': WORKSPACE_ID, 'amalogs.useAADAuth': 'true' },
      },
    },
  ];
}

describe('the other resource types', () => {
  test('workspaces, Grafana (properties nested), the role assignment (scope) and the Arc extension (cluster split from the scope)', async () => {
    const list = otherResources();
    const parent = newParent();
    const params = { grafanaPrincipalId: '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f' };
    const result = createAzureNativeResources(parent, 'other', list, { resourceGroupName: 'rg-mon', parameters: params });
    const { records } = await registeredOf(parent, result);
    for (const r of list) {
      expect(records[r.logicalId].type).toBe(EXPECTED_CLASS[r.type].token);
      expect(records[r.logicalId].inputs).toEqual(expectedInputs(r, 'other', list, 'rg-mon', params));
    }
    expect(records.law.inputs).toMatchObject({ workspaceName: 'law-test', sku: { name: 'PerGB2018' }, retentionInDays: 30, workspaceCapping: { dailyQuotaGb: 5 } });
    expect(records.grafana.inputs.properties).toEqual({ grafanaMajorVersion: '11', grafanaIntegrations: { azureMonitorWorkspaceIntegrations: [{ azureMonitorWorkspaceResourceId: 'other-amw-id' }] } });
    expect(records.grafana.inputs).toMatchObject({ sku: { name: 'Standard' }, identity: { type: 'SystemAssigned' }, workspaceName: 'grafana-test' });
    expect(records['grafana-role'].inputs).toMatchObject({ scope: 'other-amw-id', principalId: params.grafanaPrincipalId, roleAssignmentName: list[3].name });
    expect(records['arc-ci-extension'].inputs).toMatchObject({
      resourceGroupName: 'rg-arc',
      clusterRp: 'Microsoft.Kubernetes',
      clusterResourceName: 'connectedClusters',
      clusterName: 'k3s-1',
      extensionName: 'azuremonitor-containers',
      extensionType: 'Microsoft.AzureMonitor.Containers',
    });
    expect(dependencies.get('other-grafana-role')).toContain(records.amw.urn);
    expect(dependencies.get('other-grafana')).toContain(records.amw.urn);
    expect(dependencies.get('other-law')).toEqual([]);
  });

  test('an Arc extension\'s protected settings are secret; the converter back reads their values', async () => {
    const ext = otherResources()[4];
    const withSecret: AzureResource = { ...ext, properties: { ...ext.properties, configurationProtectedSettings: { 'amalogs.secret.wsid': 'c0ffee' } } };
    const parent = newParent();
    const list = [ext, { ...withSecret, logicalId: 'ext-secret', name: 'other' }];
    const result = createAzureNativeResources(parent, 'secret', list, { resourceGroupName: 'rg', parameters: {} });
    const { records } = await registeredOf(parent, result);
    type WithProtected = { configurationProtectedSettings: pulumi.Output<unknown> };
    const protectedOf = (id: string) => (result.resources[id] as unknown as WithProtected).configurationProtectedSettings;
    expect(await pulumi.isSecret(protectedOf('ext-secret'))).toBe(true);
    expect(await pulumi.isSecret(protectedOf('arc-ci-extension'))).toBe(false);
    expect(azureNativeToArm(records['ext-secret'].type, records['ext-secret'].inputs).properties).toEqual(withSecret.properties);
  });

  test('a role assignment without principalType is an error: azure-native would send "User"', () => {
    const role = otherResources()[3];
    const { principalType: _dropped, ...properties } = role.properties;
    const params = { parameters: { grafanaPrincipalId: 'p' }, resourceGroupName: 'rg' };
    expect(() => createAzureNativeResources(newParent(), 'role', [otherResources()[1], { ...role, properties }], params)).toThrow(
      /cannot express a missing properties\.principalType \(the class sends "User" when it is absent\) of Microsoft\.Authorization\/roleAssignments/,
    );
  });

  test('user-assigned identities: an ARM map becomes azure-native\'s list of IDs, and back', async () => {
    const id = `/subscriptions/${SUB}/resourceGroups/rg-mon/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai`;
    const dcr: AzureResource = {
      logicalId: 'dcr-uai',
      type: 'Microsoft.Insights/dataCollectionRules',
      apiVersion: '2024-03-11',
      name: 'dcr-uai',
      location: 'westeurope',
      identity: { type: 'UserAssigned', userAssignedIdentities: { [id]: {} } },
      properties: { description: 'x' },
    };
    const parent = newParent();
    const { records } = await registeredOf(parent, createAzureNativeResources(parent, 'uai', [dcr], { resourceGroupName: 'rg', parameters: {} }));
    expect(records['dcr-uai'].inputs.identity).toEqual({ type: 'UserAssigned', userAssignedIdentities: [id] });
    expect(azureNativeToArm(records['dcr-uai'].type, records['dcr-uai'].inputs).identity).toEqual(dcr.identity);
  });
});

describe('parameters and deferred tokens', () => {
  const noClusterId = (): MonitoringStackProps => {
    const p = FLEET['aks-payments-weu'];
    return { cluster: { ...p.cluster, resourceId: undefined }, containerInsights: p.containerInsights };
  };

  test('a parameter without value is an error naming it, and nothing is created', () => {
    const rendered = renderMonitoringStack(noClusterId());
    expect(rendered.armParameters.map((p) => p.name)).toEqual(['clusterResourceId']);
    const before = mocks.resources.length;
    const e = caught(() => createAzureNativeResources(newParent(), 'missing', rendered.azureResources, { resourceGroupName: 'rg', parameters: {} }));
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toMatch(/needs the value of parameter "clusterResourceId".*parameters\.clusterResourceId/);
    // The parent was registered (by the test), no azure-native resource.
    expect(mocks.resources.slice(before).filter((r) => r.type.startsWith('azure-native:'))).toEqual([]);
  });

  test('the cluster ID parameter comes from clusterResourceId or parameters', async () => {
    const rendered = renderMonitoringStack(noClusterId());
    const clusterId = FLEET['aks-payments-weu'].cluster.resourceId!;
    for (const [prefix, context] of [
      ['param-a', { resourceGroupName: 'rg', clusterResourceId: pulumi.output(clusterId), parameters: {} }],
      ['param-b', { resourceGroupName: 'rg', parameters: { clusterResourceId: clusterId } }],
    ] as const) {
      const parent = newParent();
      const { records } = await registeredOf(parent, createAzureNativeResources(parent, prefix, rendered.azureResources, context));
      expect(records.dcra.inputs.resourceUri).toBe(clusterId);
    }
  });

  test('deferred tokens are substituted with deferredValues; without them it is an error', async () => {
    const props: MonitoringStackProps = {
      cluster: { name: 'aks-tok', region: 'westeurope', distribution: 'aks', resourceId: makeToken(0) },
      containerInsights: { logAnalyticsWorkspace: { resourceId: makeToken(1), region: 'westeurope' } },
    };
    const rendered = renderMonitoringStack(props);
    expect(JSON.stringify(rendered.azureResources)).toContain('${azmk8s-deferred:1}');
    const clusterId = `/subscriptions/${SUB}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-tok`;
    expect(() => createAzureNativeResources(newParent(), 'tok-none', rendered.azureResources, { resourceGroupName: 'rg-aks', parameters: {} })).toThrow(
      /deferred token/,
    );
    const parent = newParent();
    const values = [clusterId, WORKSPACE_ID];
    const result = createAzureNativeResources(parent, 'tok', rendered.azureResources, {
      resourceGroupName: 'rg-aks',
      parameters: {},
      deferredValues: pulumi.output(values),
    });
    const { records } = await registeredOf(parent, result);
    expect(records.dcra.inputs.resourceUri).toBe(clusterId);
    expect(records.dcr.inputs).toEqual(expectedInputs(rendered.azureResources.find((r) => r.logicalId === 'dcr')!, 'tok', rendered.azureResources, 'rg-aks', {}, values));
    // URNs never depend on a token.
    expect(Object.values(records).map((r) => r.name).sort()).toEqual(rendered.azureResources.map((r) => `tok-${r.logicalId}`).sort());
  });
});

describe('what the form cannot express', () => {
  const base = (): AzureResource => otherResources()[0];

  test.each<[string, (r: AzureResource) => AzureResource, RegExp]>([
    [
      'a Log Analytics field of 2025-07-01 that 2023-09-01 lacks',
      (r) => ({ ...r, properties: { ...r.properties, replication: { enabled: true } } }),
      /form azure-native cannot express properties\.replication of Microsoft\.OperationalInsights\/workspaces "law-test" \(logicalId law\): .*operationalinsights\.Workspace uses API version 2023-09-01/,
    ],
    ['a nested unknown field', (r) => ({ ...r, properties: { ...r.properties, sku: { name: 'PerGB2018', tier: 'x' } } }), /cannot express properties\.sku\.tier of/],
    ['an envelope field the class has not (kind)', (r) => ({ ...r, kind: 'x' }), /cannot express kind of/],
    ['a scope on a resource-group resource', (r) => ({ ...r, scope: WORKSPACE_ID }), /cannot express scope of/],
    ['a property named like an envelope arg', (r) => ({ ...r, properties: { ...r.properties, workspaceName: 'x' } }), /cannot express properties\.workspaceName of/],
    ['a scalar where the class has an object', (r) => ({ ...r, properties: { ...r.properties, sku: 'PerGB2018' } }), /cannot express properties\.sku \(an object in azure-native/],
    ['an unknown type', (r) => ({ ...r, type: 'Microsoft.Insights/privateLinkScopes' }), /cannot express the resource type of Microsoft\.Insights\/privateLinkScopes .*no @pulumi\/azure-native class/],
    [
      'a DCR field of 2024-03-11 that 2022-06-01 lacks',
      () => ({ logicalId: 'd', type: 'Microsoft.Insights/dataCollectionRules', apiVersion: '2024-03-11', name: 'd', properties: { agentSettings: { logs: [] } } }),
      /cannot express properties\.agentSettings of .*monitor\.DataCollectionRule uses API version 2022-06-01 \(our ARM form writes 2024-03-11\)/,
    ],
    [
      'tags on an association',
      () => ({ logicalId: 'a', type: 'Microsoft.Insights/dataCollectionRuleAssociations', apiVersion: '2024-03-11', name: 'a', scope: WORKSPACE_ID, tags: { a: 'b' }, properties: {} }),
      /cannot express tags of/,
    ],
    [
      'an association without scope',
      () => ({ logicalId: 'a', type: 'Microsoft.Insights/dataCollectionRuleAssociations', apiVersion: '2024-03-11', name: 'a', properties: {} }),
      /cannot express a missing scope/,
    ],
    [
      'a flow log name without its watcher',
      () => ({ logicalId: 'f', type: 'Microsoft.Network/networkWatchers/flowLogs', apiVersion: '2025-07-01', name: 'fl', properties: {} }),
      /cannot express name "fl"/,
    ],
  ])('%s is an error before anything is created', (_label, change, message) => {
    // Sanity: the unchanged resource is accepted (so the error is the change's).
    expect(caught(() => createAzureNativeResources(newParent(), 'ok', [base()], { resourceGroupName: 'rg', parameters: {} }))).toBeUndefined();
    const before = mocks.resources.filter((r) => r.type.startsWith('azure-native:')).length;
    const e = caught(() => createAzureNativeResources(newParent(), 'bad', [change(base())], { resourceGroupName: 'rg', parameters: {} }));
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toMatch(message);
    expect(mocks.resources.filter((r) => r.type.startsWith('azure-native:')).length).toBe(before);
  });

  test('resources referencing each other in a cycle are an error before anything is created', () => {
    const dcr = (name: string, other: string): AzureResource => ({
      logicalId: name,
      type: 'Microsoft.Insights/dataCollectionRules',
      apiVersion: '2024-03-11',
      name,
      properties: { dataCollectionEndpointId: ref('Microsoft.Insights/dataCollectionRules', other) },
    });
    const before = mocks.resources.filter((r) => r.type.startsWith('azure-native:')).length;
    expect(() => createAzureNativeResources(newParent(), 'cycle', [dcr('a', 'b'), dcr('b', 'a')], { resourceGroupName: 'rg', parameters: {} })).toThrow(/in a cycle/);
    expect(mocks.resources.filter((r) => r.type.startsWith('azure-native:')).length).toBe(before);
  });

  test('a ref to a resource of another list (resource group) is an error, as in ARM', () => {
    const dcra: AzureResource = {
      logicalId: 'a',
      type: 'Microsoft.Insights/dataCollectionRuleAssociations',
      apiVersion: '2024-03-11',
      name: 'a',
      scope: WORKSPACE_ID,
      properties: { dataCollectionRuleId: ref('Microsoft.Insights/dataCollectionRules', 'elsewhere') },
    };
    expect(() => createAzureNativeResources(newParent(), 'ref', [dcra], { resourceGroupName: 'rg', parameters: {} })).toThrow(/is not resource of its resource group's list/);
  });
});

describe('azureNativeToArm: back to (type, name, properties)', () => {
  test('Grafana\'s nested properties, the Arc extension\'s scope (with the subscription), and unknown tokens', async () => {
    const list = otherResources();
    const parent = newParent();
    const params = { grafanaPrincipalId: '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f' };
    const { records } = await registeredOf(parent, createAzureNativeResources(parent, 'rt-other', list, { resourceGroupName: 'rg-mon', parameters: params }));
    const grafana = azureNativeToArm(records.grafana.type, records.grafana.inputs);
    expect(grafana).toMatchObject({ type: 'Microsoft.Dashboard/grafana', name: 'grafana-test', sku: { name: 'Standard' }, identity: { type: 'SystemAssigned' } });
    expect(grafana.properties.grafanaMajorVersion).toBe('11');
    const ext = records['arc-ci-extension'];
    expect(azureNativeToArm(ext.type, ext.inputs).scope).toBeUndefined();
    const withSub = azureNativeToArm(ext.type, ext.inputs, { subscriptionId: SUB });
    expect(withSub.scope).toBe(list[4].scope);
    expect(withSub.properties).toEqual(list[4].properties);
    expect(withSub.identity).toEqual({ type: 'SystemAssigned' });
    expect(() => azureNativeToArm('azure-native:insights:PrivateLinkScope', {})).toThrow(/not a type the azure-native form creates/);
  });
});

describe('the class table against @pulumi/azure-native 3.28', () => {
  test('every ARM type maps to the class and default API version the package declares', () => {
    const root = path.dirname(require.resolve('@pulumi/azure-native/package.json'));
    expect(Object.keys(AZURE_NATIVE_CLASSES).sort()).toEqual(Object.keys(EXPECTED_CLASS).sort());
    for (const [type, info] of Object.entries(AZURE_NATIVE_CLASSES)) {
      expect(info.token).toBe(EXPECTED_CLASS[type].token);
      const [, module, className] = info.token.split(':');
      const file = path.join(root, module, `${className[0].toLowerCase()}${className.slice(1)}.d.ts`);
      const header = /Uses Azure REST API version (\S+?)\./.exec(fs.readFileSync(file, 'utf8'));
      expect(`${type} ${header?.[1]}`).toBe(`${type} ${info.apiVersion}`);
    }
    // The notes' defaults (NOTES-azure-resources §1, §2.2).
    expect(AZURE_NATIVE_CLASSES['Microsoft.Insights/dataCollectionRules'].apiVersion).toBe('2022-06-01');
  });
});

describe('optional peer: @pulumi/azure-native is loaded only when the form is used', () => {
  const SOURCE = path.join(__dirname, '..', 'src', 'pulumi', 'azure-native.ts');

  test('the module has no top-level runtime import of @pulumi/azure-native', () => {
    const text = fs.readFileSync(SOURCE, 'utf8');
    const imports = [...text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)].map((m) => ({ typeOnly: m[1] !== undefined, from: m[2] }));
    const azure = imports.filter((i) => i.from.startsWith('@pulumi/azure-native'));
    expect(azure.length).toBeGreaterThan(0);
    expect(azure.filter((i) => !i.typeOnly)).toEqual([]);
    // Every require of the package sits inside a function (indented), never at the top level.
    const requires = text.split('\n').filter((l) => l.includes("require('@pulumi/azure-native"));
    expect(requires.length).toBeGreaterThan(0);
    for (const l of requires) expect(l).toMatch(/^\s+.*=>\s*require\(|^\s+version = /);
  });

  test('without the package the module still loads, and the function says to install it', () => {
    const missing = (m: string) => () => {
      throw Object.assign(new Error(`Cannot find module '${m}'\nRequire stack:\n- ${SOURCE}`), { code: 'MODULE_NOT_FOUND' });
    };
    jest.isolateModules(() => {
      jest.doMock('@pulumi/pulumi', () => ({})); // used inside the function only: a stub keeps this test fast
      for (const m of ['package.json', 'monitor', 'alertsmanagement', 'network', 'provider']) {
        jest.doMock(`@pulumi/azure-native/${m}`, missing(`@pulumi/azure-native/${m}`));
      }
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require('../src/pulumi/azure-native') as typeof import('../src/pulumi/azure-native');
      const e = caught(() => mod.createAzureNativeResources({} as pulumi.ComponentResource, 'x', [], { resourceGroupName: 'rg', parameters: {} }));
      expect((e as Error).message).toMatch(/needs @pulumi\/azure-native, which is not installed: install the optional peer dependency @pulumi\/azure-native \^3/);
    });
  });

  test('version 2 is refused with the same advice', () => {
    jest.isolateModules(() => {
      jest.doMock('@pulumi/pulumi', () => ({}));
      jest.doMock('@pulumi/azure-native/package.json', () => ({ version: '2.90.0' }));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require('../src/pulumi/azure-native') as typeof import('../src/pulumi/azure-native');
      expect(() => mod.createAzureNativeResources({} as pulumi.ComponentResource, 'x', [], { resourceGroupName: 'rg', parameters: {} })).toThrow(
        /needs @pulumi\/azure-native \^3\.28 .*found 2\.90\.0/,
      );
    });
  });
});
