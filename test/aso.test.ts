/**
 * The Azure Service Operator form of the stack's Azure resources (src/render/aso.ts):
 *  - every object of the example fleet (and of fixtures for the kinds the fleet does not render yet) validated:
 *    against the JSON schemas / CRD of the reference folder where they exist, against our schemas written from
 *    ASO's generated type listings otherwise (test/support/aso-schema.ts), and the validator shown to reject
 *    broken objects;
 *  - field-level checks per kind against NOTES-azure-resources §3.x, and the shape of our objects compared
 *    with the ASO samples (aso-samples/);
 *  - what ASO cannot express: template parameters and fields without an ASO field (AsoFormError), kinds
 *    without an ASO kind (ARM fallback);
 *  - the way back: `asoToNeutral(toAso(r))` equals `neutralOfArm(r)` for every resource.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { MonitoringStackProps, renderMonitoringStack } from '../src';
import { ASO_SAMPLE_DIR, ASO_SCHEMAS, asoSchemaOf, validateAsoObject } from './support/aso-schema';
import { caught } from './support/caught';
import { checkName } from './support/k8s-metadata';
import { validateKubernetesObjects } from './support/k8s-schema';
import { FLEET, ONCALL_ACTION_GROUP_ID, PLATFORM_AMW_ID, PLATFORM_WORKSPACE_ID } from '../examples/fleet';
import { AZURE_MONITOR_WORKSPACE_RESOURCE_TYPE, LOG_ANALYTICS_WORKSPACE_RESOURCE_TYPE } from '../src/model/workspaces';
import { resourceGroupIdOf } from '../src/render/arm-template';
import {
  ASO_KINDS,
  ASO_MIN_VERSION,
  ASO_MIN_VERSION_ANNOTATION,
  AsoContext,
  AsoFormError,
  AsoObject,
  AsoResult,
  K8S_EXTENSION_TYPE,
  armIdOfAsoObject,
  asoKindOf,
  asoObjectName,
  asoToNeutral,
  neutralOfArm,
  toAsoObjects,
} from '../src/render/aso';
import { AzureResource, param, ref } from '../src/render/azure';
import { DCE_TYPE, DCR_TYPE } from '../src/render/container-insights-azure';
import { GRAFANA_TYPE, ROLE_ASSIGNMENT_TYPE } from '../src/render/prometheus-azure';

type Obj = Record<string, any>;
type Stack = ReturnType<typeof renderMonitoringStack>;

const NS = 'azure-monitor';
const SUB_ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const SUB = `/subscriptions/${SUB_ID}`;

function contextOf(stack: Stack, extra: Partial<AsoContext> = {}): AsoContext {
  const clusterId = stack.cluster.resourceId!;
  return {
    namespace: NS,
    resourceGroupArmId: resourceGroupIdOf(clusterId),
    clusterArmId: clusterId,
    clusterName: stack.cluster.name,
    external: stack.externalAzureResources.map((x) => ({ target: x.target, resources: x.resources })),
    ...extra,
  };
}

const stacks: Record<string, Stack> = Object.fromEntries(Object.entries(FLEET).map(([name, props]) => [name, renderMonitoringStack(props)]));
const results: Record<string, AsoResult> = Object.fromEntries(
  Object.entries(stacks).map(([name, s]) => [name, toAsoObjects(s.azureResources, contextOf(s))]),
);

const byAzureName = (objects: readonly AsoObject[], kind: string, azureName: string): AsoObject => {
  const found = objects.filter((o) => o.kind === kind && o.spec.azureName === azureName);
  if (found.length !== 1) throw new Error(`${found.length} ${kind} objects named ${azureName}`);
  return found[0];
};

// ---------------------------------------------------------------------------------------------------------------
// Fixtures for kinds the fleet does not render (yet): shapes from NOTES-azure-resources §3.1/3.2/3.7/3.9 and
// NOTES-container-insights §4.2.
// ---------------------------------------------------------------------------------------------------------------

const RG = `${SUB}/resourceGroups/rg-aks1`;
const ARC_ID = `${SUB}/resourceGroups/rg-aks1/providers/Microsoft.Kubernetes/connectedClusters/arc1`;
const GRAFANA_ID = `${RG}/providers/Microsoft.Dashboard/grafana/graf1`;
const PRINCIPAL = '0f0e0d0c-0b0a-4908-8706-050403020100';

const LAW: AzureResource = {
  logicalId: 'law',
  type: LOG_ANALYTICS_WORKSPACE_RESOURCE_TYPE,
  apiVersion: '2025-07-01',
  name: 'law-arc1',
  location: 'westeurope',
  tags: { owner: 'platform' },
  properties: {
    sku: { name: 'PerGB2018' },
    retentionInDays: 30,
    workspaceCapping: { dailyQuotaGb: 5 },
    publicNetworkAccessForIngestion: 'Enabled',
    publicNetworkAccessForQuery: 'Disabled',
    features: { enableLogAccessUsingOnlyResourcePermissions: true },
  },
};
const AMW: AzureResource = {
  logicalId: 'amw',
  type: AZURE_MONITOR_WORKSPACE_RESOURCE_TYPE,
  apiVersion: '2025-10-03',
  name: 'amw-arc1',
  location: 'westeurope',
  tags: { owner: 'platform' },
  properties: { publicNetworkAccess: 'Enabled' },
};
const DCR_TO_STACK_WORKSPACES: AzureResource = {
  logicalId: 'dcr',
  type: DCR_TYPE,
  apiVersion: '2024-03-11',
  name: 'MSCI-westeurope-arc1',
  location: 'westeurope',
  kind: 'Linux',
  properties: {
    dataSources: { extensions: [{ name: 'ContainerInsightsExtension', extensionName: 'ContainerInsights', streams: ['Microsoft-ContainerLogV2'] }] },
    destinations: {
      logAnalytics: [{ name: 'ciworkspace', workspaceResourceId: ref(LOG_ANALYTICS_WORKSPACE_RESOURCE_TYPE, 'law-arc1') }],
      monitoringAccounts: [{ name: 'MonitoringAccount1', accountResourceId: ref(AZURE_MONITOR_WORKSPACE_RESOURCE_TYPE, 'amw-arc1') }],
    },
    dataFlows: [{ streams: ['Microsoft-ContainerLogV2'], destinations: ['ciworkspace'] }],
  },
};
/** As src/render/arc-extensions.ts writes them: the workspace the stack creates is a ref() inside a string map. */
const EXTENSION: AzureResource = {
  logicalId: 'ci-extension',
  type: K8S_EXTENSION_TYPE,
  apiVersion: '2025-03-01',
  name: 'azuremonitor-containers',
  scope: param('clusterResourceId'),
  identity: { type: 'SystemAssigned' },
  properties: {
    extensionType: 'Microsoft.AzureMonitor.Containers',
    autoUpgradeMinorVersion: true,
    releaseTrain: 'Stable',
    scope: { cluster: { releaseNamespace: 'azuremonitor-containers' } },
    configurationSettings: {
      'logAnalyticsWorkspaceResourceID': ref(LOG_ANALYTICS_WORKSPACE_RESOURCE_TYPE, 'law-arc1'),
      'amalogs.useAADAuth': 'true',
      'amalogs.enableHighLogScaleMode': 'false',
    },
    configurationProtectedSettings: { 'amalogs.secret.wsid': '3c9d2e1f-8a7b-4c6d-9e0f-1a2b3c4d5e6f', 'amalogs.secret.key': '<not_used>' },
  },
};
const METRICS_EXTENSION: AzureResource = {
  logicalId: 'prometheus-extension',
  type: K8S_EXTENSION_TYPE,
  apiVersion: '2025-03-01',
  name: 'azuremonitor-metrics',
  scope: param('clusterResourceId'),
  identity: { type: 'SystemAssigned' },
  properties: {
    extensionType: 'Microsoft.AzureMonitor.Containers.Metrics',
    autoUpgradeMinorVersion: true,
    releaseTrain: 'Stable',
    scope: { cluster: { releaseNamespace: 'kube-system' } },
    configurationSettings: {
      'AzureMonitorMetrics.KubeStateMetrics.MetricLabelsAllowList': 'pods=[app]',
      'AzureMonitorMetrics.KubeStateMetrics.MetricAnnotationsAllowList': '',
    },
  },
};
const GRAFANA: AzureResource = {
  logicalId: 'prometheus-grafana',
  type: GRAFANA_TYPE,
  apiVersion: '2025-08-01',
  name: 'graf1',
  location: 'westeurope',
  sku: { name: 'Standard' },
  identity: { type: 'SystemAssigned' },
  properties: { grafanaIntegrations: { azureMonitorWorkspaceIntegrations: [{ azureMonitorWorkspaceResourceId: ref(AZURE_MONITOR_WORKSPACE_RESOURCE_TYPE, 'amw-arc1') }] } },
};
/** Grafana reads the stack's workspace: scope = a resource with an ASO kind. */
const ROLE_ON_STACK_AMW: AzureResource = {
  logicalId: 'grafana-role',
  type: ROLE_ASSIGNMENT_TYPE,
  apiVersion: '2022-04-01',
  name: '7b6d4a52-52b8-5e37-9b4d-2a1f0c3e8d11',
  scope: ref(AZURE_MONITOR_WORKSPACE_RESOURCE_TYPE, 'amw-arc1'),
  properties: {
    roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/b0d8363b-8ddd-447d-831f-62ca05bff136`,
    principalId: PRINCIPAL,
    principalType: 'ServicePrincipal',
    description: 'Grafana reads the workspace',
  },
};
/** A user gets "Grafana Admin" on a Grafana the stack deploys with the ARM form: scope = a fallback resource. */
const ROLE_ON_GRAFANA: AzureResource = {
  ...ROLE_ON_STACK_AMW,
  logicalId: 'grafana-admin',
  name: '2c4e6a8b-0d1f-5a3c-8e5b-7d9f1b3c5e7a',
  scope: ref(GRAFANA_TYPE, 'graf1'),
  properties: { ...ROLE_ON_STACK_AMW.properties, roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/22926164-76b3-42b3-bc55-97df8dab3e41` },
};
const FIXTURES: AzureResource[] = [LAW, AMW, DCR_TO_STACK_WORKSPACES, EXTENSION, METRICS_EXTENSION, GRAFANA, ROLE_ON_STACK_AMW, ROLE_ON_GRAFANA];
const FIXTURE_CONTEXT: AsoContext = { namespace: NS, resourceGroupArmId: RG, clusterArmId: ARC_ID };
const fixtures = (): AsoResult => toAsoObjects(FIXTURES, FIXTURE_CONTEXT);

// ---------------------------------------------------------------------------------------------------------------

describe('every object validates', () => {
  test.each(Object.keys(FLEET))('fleet cluster %s', (cluster) => {
    const r = results[cluster];
    expect(r.objects.length).toBeGreaterThan(0);
    expect(r.objects.flatMap(validateAsoObject)).toEqual([]);
    expect(r.armFallback).toEqual([]);
  });

  test('the fixtures (Workspace, Account, Extension, RoleAssignment, a DCR referring to them)', () => {
    const r = fixtures();
    expect(r.objects.map((o) => o.kind).sort()).toEqual(
      ['Account', 'DataCollectionRule', 'Extension', 'Extension', 'RoleAssignment', 'RoleAssignment', 'Workspace'],
    );
    expect(r.objects.flatMap(validateAsoObject)).toEqual([]);
  });

  test('the fleet and the fixtures together use every ASO kind of the table, and every kind has a schema', () => {
    const kinds = new Set([...Object.values(results).flatMap((r) => r.objects), ...fixtures().objects].map((o) => `${o.apiVersion} ${o.kind}`));
    expect([...kinds].sort()).toEqual(ASO_KINDS.map((k) => `${k.group}/${k.version} ${k.kind}`).sort());
    for (const k of ASO_KINDS) expect(asoSchemaOf({ apiVersion: `${k.group}/${k.version}`, kind: k.kind })).toBeDefined();
  });

  test('metadata: names are DNS-1123 labels, unique per kind; the namespace, labels and the minimum ASO version are set', () => {
    for (const r of [...Object.values(results), fixtures()]) {
      const seen = new Set<string>();
      for (const o of r.objects) {
        expect(checkName(o.metadata.name, 'dns1123-label')).toBeUndefined();
        const key = `${o.apiVersion}/${o.kind}/${o.metadata.name}`;
        expect(seen.has(key)).toBe(false);
        seen.add(key);
        expect(o.metadata.namespace).toBe(NS);
        expect(o.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'azure-monitor-k8s' });
        expect(o.metadata.annotations).toEqual({ [ASO_MIN_VERSION_ANNOTATION]: '2.20.0' });
        expect(o.spec.azureName).toEqual(expect.any(String));
      }
      expect(r.minAsoVersion).toBe(ASO_MIN_VERSION);
    }
  });

  test('crdPattern names exactly the groups used', () => {
    expect(results['aks-prod-weu'].crdPattern).toBe('alertsmanagement.azure.com/*;insights.azure.com/*');
    // The flow log comes from the external group.
    expect(results['aks-payments-weu'].crdPattern).toBe('alertsmanagement.azure.com/*;insights.azure.com/*;network.azure.com/*');
    expect(toAsoObjects(stacks['aks-payments-weu'].azureResources, { ...contextOf(stacks['aks-payments-weu']), external: undefined }).crdPattern)
      .toBe('alertsmanagement.azure.com/*;insights.azure.com/*');
    expect(fixtures().crdPattern).toBe(
      'authorization.azure.com/*;insights.azure.com/*;kubernetesconfiguration.azure.com/*;monitor.azure.com/*;operationalinsights.azure.com/*',
    );
  });
});

describe('the validator rejects broken objects', () => {
  const dcr = () => structuredClone(byAzureName(results['aks-prod-weu'].objects, 'DataCollectionRule', 'MSCI-westeurope-aks-prod-weu')) as Obj;
  const prg = () => structuredClone(results['aks-prod-weu'].objects.find((o) => o.kind === 'PrometheusRuleGroup')!) as Obj;
  const fixture = (kind: string) => structuredClone(fixtures().objects.find((o) => o.kind === kind)!) as Obj;

  test.each([
    ['DCR: ARM field name instead of the reference', dcr, (o: Obj) => { o.spec.dataCollectionEndpointId = 'x'; }, 'unknown field /spec/dataCollectionEndpointId'],
    ['DCR: unknown nested field', dcr, (o: Obj) => { o.spec.destinations.logAnalytics[0].workspaceResourceId = 'x'; }, 'workspaceResourceId'],
    ['DCR: wrong enum', dcr, (o: Obj) => { o.spec.kind = 'Mac'; }, 'must be equal to one of the allowed values'],
    ['DCR: no owner', dcr, (o: Obj) => { delete o.spec.owner; }, "must have required property 'owner'"],
    ['DCR: armId and name both', dcr, (o: Obj) => { o.spec.owner.name = 'rg'; }, 'armId is mutually exclusive with name'],
    ['DCR: syslog facility', dcr, (o: Obj) => { o.spec.dataSources.syslog[0].facilityNames.push('kernel'); }, 'allowed values'],
    ['PRG: unknown field', prg, (o: Obj) => { o.spec.scopes = []; }, 'unknown field /spec/scopes'],
    ['PRG: bad armId', prg, (o: Obj) => { o.spec.scopesReferences[0].armId = 'not-an-id'; }, 'must match pattern'],
    ['PRG: incomplete object reference', prg, (o: Obj) => { o.spec.scopesReferences[0] = { name: 'amw' }; }, 'needs group, kind and name'],
    ['Account: unknown field', () => fixture('Account'), (o: Obj) => { o.spec.identity = { type: 'SystemAssigned' }; }, 'unknown field /spec/identity'],
    ['Workspace: bad name', () => fixture('Workspace'), (o: Obj) => { o.spec.azureName = 'a_b'; }, 'must match pattern'],
    ['Workspace: metadata name', () => fixture('Workspace'), (o: Obj) => { o.metadata.name = 'Law'; }, 'DNS-1123'],
    ['RoleAssignment: no role', () => fixture('RoleAssignment'), (o: Obj) => { delete o.spec.roleDefinitionReference; }, 'roleDefinitionReference'],
    ['Extension: settings values', () => fixture('Extension'), (o: Obj) => { o.spec.configurationSettings.x = true; }, 'must be string'],
    ['Extension (CRD too): unknown field', () => fixture('Extension'), (o: Obj) => { o.spec.location = 'westeurope'; }, 'ASO v2.16.0 CRD'],
    ['DCRA: owner of the wrong shape', () => structuredClone(results['aks-prod-weu'].objects.find((o) => o.kind === 'DataCollectionRuleAssociation')!) as Obj,
      (o: Obj) => { o.spec.location = 'westeurope'; }, 'unknown field /spec/location'],
    ['flow log: storageId is not a field', () => structuredClone(results['aks-payments-weu'].objects.find((o) => o.kind === 'NetworkWatchersFlowLog')!) as Obj,
      (o: Obj) => { o.spec.storageId = o.spec.storageReference.armId; delete o.spec.storageReference; }, "must have required property 'storageReference'"],
    ['unknown version', dcr, (o: Obj) => { o.apiVersion = 'insights.azure.com/v1api20230311'; }, 'no schema for'],
  ])('%s', (_name, make, mutate, expected) => {
    const o = make();
    expect(validateAsoObject(o)).toEqual([]);
    mutate(o);
    const errors = validateAsoObject(o);
    expect(errors.join('\n')).toContain(expected);
  });
});

describe('field by field (NOTES-azure-resources §3.x)', () => {
  const prod = results['aks-prod-weu'].objects;
  const prodStack = stacks['aks-prod-weu'];
  const clusterId = prodStack.cluster.resourceId!;
  const rg = resourceGroupIdOf(clusterId);

  test('Container Insights DCR (§3.4): flattened properties, envelope, references', () => {
    const arm = prodStack.azureResources.find((r) => r.logicalId === 'dcr')!;
    const o = byAzureName(prod, 'DataCollectionRule', 'MSCI-westeurope-aks-prod-weu');
    const dce = byAzureName(prod, 'DataCollectionEndpoint', 'MSCI-ingest-westeurope-aks-prod-weu');
    expect(o.apiVersion).toBe('insights.azure.com/v1api20240311');
    expect(o.metadata.name).toBe('msci-westeurope-aks-prod-weu');
    expect(o.spec).toEqual({
      azureName: 'MSCI-westeurope-aks-prod-weu',
      owner: { armId: rg },
      location: 'westeurope',
      tags: arm.tags,
      kind: 'Linux',
      dataSources: arm.properties.dataSources,
      destinations: { logAnalytics: [{ name: 'ciworkspace', workspaceResourceReference: { armId: PLATFORM_WORKSPACE_ID } }] },
      dataFlows: arm.properties.dataFlows,
      dataCollectionEndpointReference: { group: 'insights.azure.com', kind: 'DataCollectionEndpoint', name: dce.metadata.name },
    });
    // Custom streams pass through unchanged (the reason for ASO >= 2.20, NOTES §2.4).
    expect(JSON.stringify(o.spec.dataFlows)).toContain('Microsoft-ContainerLogV2-HighScale');
  });

  test('Managed Prometheus DCR: monitoringAccounts[].accountResourceReference (§3.4)', () => {
    const o = byAzureName(prod, 'DataCollectionRule', 'MSProm-westeurope-aks-prod-weu');
    expect(o.spec.destinations).toEqual({ monitoringAccounts: [{ accountResourceReference: { armId: PLATFORM_AMW_ID }, name: 'MonitoringAccount1' }] });
    expect(o.spec.dataSources).toEqual({ prometheusForwarder: [{ name: 'PrometheusDataSource', streams: ['Microsoft-PrometheusMetrics'], labelIncludeFilter: {} }] });
    expect(o.spec.dataCollectionEndpointReference).toEqual({ group: 'insights.azure.com', kind: 'DataCollectionEndpoint', name: 'msprom-westeurope-aks-prod-weu' });
  });

  test('DCE (§3.3): kind, networkAcls; the Prometheus DCE sends empty properties', () => {
    expect(byAzureName(prod, 'DataCollectionEndpoint', 'MSCI-ingest-westeurope-aks-prod-weu').spec).toEqual({
      azureName: 'MSCI-ingest-westeurope-aks-prod-weu',
      owner: { armId: rg },
      location: 'westeurope',
      tags: { 'owner': 'platform-team', 'cost-center': 'cc-4711' },
      kind: 'Linux',
      networkAcls: { publicNetworkAccess: 'Enabled' },
    });
    expect(Object.keys(byAzureName(prod, 'DataCollectionEndpoint', 'MSProm-westeurope-aks-prod-weu').spec).sort())
      .toEqual(['azureName', 'kind', 'location', 'owner']);
  });

  test('DCRA (§3.5): extension resource owned by the cluster by armId, fixed azureName, no location', () => {
    const o = byAzureName(prod, 'DataCollectionRuleAssociation', 'ContainerInsightsExtension');
    expect(o.metadata.name).toBe('aks-prod-weu-containerinsightsextension');
    expect(o.spec).toEqual({
      azureName: 'ContainerInsightsExtension',
      owner: { armId: clusterId },
      description: expect.stringContaining('aks-prod-weu'),
      dataCollectionRuleReference: { group: 'insights.azure.com', kind: 'DataCollectionRule', name: 'msci-westeurope-aks-prod-weu' },
    });
    const tenant = byAzureName(prod, 'DataCollectionRuleAssociation', 'ContainerLogV2Extension-payments');
    expect((tenant.spec.dataCollectionRuleReference as Obj).name).toBe('msci-multi-tenancy-payments-westeurope-aks-prod-weu');
    expect(byAzureName(prod, 'DataCollectionRuleAssociation', 'ContainerInsightsMetricsExtension').spec.dataCollectionRuleReference)
      .toEqual({ group: 'insights.azure.com', kind: 'DataCollectionRule', name: 'msprom-westeurope-aks-prod-weu' });
  });

  test('the same association name of two clusters gives two object names (a fleet can share a namespace)', () => {
    const names = Object.values(results).flatMap((r) => r.objects.filter((o) => o.kind === 'DataCollectionRuleAssociation').map((o) => o.metadata.name));
    expect(new Set(names).size).toBe(names.length);
  });

  test('rule group (§3.6): scopesReferences, actions[].actionGroupReference, rules otherwise unchanged', () => {
    const arm = prodStack.azureResources.find((r) => r.name === 'KubernetesAlert-RecommendedMetricAlertsaks-prod-weu-Pod-level')!;
    const o = byAzureName(prod, 'PrometheusRuleGroup', arm.name);
    expect(o.apiVersion).toBe('alertsmanagement.azure.com/v1api20230301');
    expect(o.spec.scopesReferences).toEqual([{ armId: PLATFORM_AMW_ID }, { armId: clusterId }]);
    expect(o.spec.scopes).toBeUndefined();
    const armRules = arm.properties.rules as Obj[];
    expect(o.spec.rules).toHaveLength(armRules.length);
    (o.spec.rules as Obj[]).forEach((rule, i) => {
      const { actions, ...rest } = rule;
      const { actions: armActions, ...armRest } = armRules[i];
      expect(rest).toEqual(armRest);
      const expected = (armActions as Obj[]).map((a) => ({
        actionGroupReference: { armId: a.actionGroupId },
        ...(a.actionProperties ? { actionProperties: a.actionProperties } : {}),
      }));
      expect(actions).toEqual(expected);
      expect(actions).toContainEqual(expect.objectContaining({ actionGroupReference: { armId: ONCALL_ACTION_GROUP_ID } }));
    });
    expect(o.spec).toEqual(expect.objectContaining({ location: 'westeurope', clusterName: arm.properties.clusterName, interval: 'PT1M', enabled: true }));
    const { scopes, rules, ...others } = arm.properties;
    expect(scopes).toBeDefined();
    expect(rules).toBeDefined();
    expect(o.spec).toEqual(expect.objectContaining(others));
  });

  test('a rule group name with spaces keeps its azureName; the object name is sanitized with a hash', () => {
    const o = byAzureName(prod, 'PrometheusRuleGroup', 'UXRecordingRulesRuleGroup - aks-prod-weu');
    expect(o.metadata.name).toMatch(/^uxrecordingrulesrulegroup-aks-prod-weu-[0-9a-f]{8}$/);
    expect(o.metadata.name).toBe(asoObjectName('UXRecordingRulesRuleGroup - aks-prod-weu'));
  });

  test('VNet flow log (§3.10): owner = the watcher by armId, child name, storageReference/targetResourceReference/workspaceResourceReference', () => {
    const s = stacks['aks-payments-weu'];
    const ext = s.externalAzureResources[0];
    const arm = ext.resources[0];
    const o = results['aks-payments-weu'].objects.find((x) => x.kind === 'NetworkWatchersFlowLog')!;
    const armProps = arm.properties as Obj;
    const [watcher, flowLogName] = arm.name.split('/');
    expect(o.apiVersion).toBe('network.azure.com/v1api20241001');
    expect(o.metadata.name).toBe(flowLogName);
    expect(o.spec).toEqual({
      azureName: flowLogName,
      owner: { armId: `/subscriptions/${ext.target.subscriptionId}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/${watcher}` },
      location: 'westeurope',
      targetResourceReference: { armId: armProps.targetResourceId },
      storageReference: { armId: armProps.storageId },
      enabled: true,
      retentionPolicy: { days: 30, enabled: true },
      format: { type: 'JSON', version: 2 },
      flowAnalyticsConfiguration: {
        networkWatcherFlowAnalyticsConfiguration: {
          enabled: true,
          // The customer ID (a GUID, not a resource ID) stays a string.
          workspaceId: '3c9d2e1f-8a7b-4c6d-9e0f-1a2b3c4d5e6f',
          workspaceRegion: 'westeurope',
          workspaceResourceReference: { armId: PLATFORM_WORKSPACE_ID },
          trafficAnalyticsInterval: 10,
        },
      },
    });
    expect(armIdOfAsoObject(o)).toBe(`/subscriptions/${SUB_ID}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/${watcher}/flowLogs/${flowLogName}`);
  });

  test('Log Analytics workspace (§3.1) as operationalinsights v1api20210601', () => {
    const o = fixtures().objects.find((x) => x.kind === 'Workspace')!;
    expect(o.apiVersion).toBe('operationalinsights.azure.com/v1api20210601');
    expect(o.spec).toEqual({
      azureName: 'law-arc1',
      owner: { armId: RG },
      location: 'westeurope',
      tags: { owner: 'platform' },
      ...LAW.properties,
    });
  });

  test('Azure Monitor workspace (§3.2): monitor.azure.com Account', () => {
    const o = fixtures().objects.find((x) => x.kind === 'Account')!;
    expect(o.apiVersion).toBe('monitor.azure.com/v1api20230403');
    expect(o.spec).toEqual({ azureName: 'amw-arc1', owner: { armId: RG }, location: 'westeurope', tags: { owner: 'platform' }, publicNetworkAccess: 'Enabled' });
  });

  test('references to stack resources with an ASO kind are object references (same namespace)', () => {
    const o = fixtures().objects.find((x) => x.kind === 'DataCollectionRule')!;
    expect(o.spec.destinations).toEqual({
      logAnalytics: [{ name: 'ciworkspace', workspaceResourceReference: { group: 'operationalinsights.azure.com', kind: 'Workspace', name: 'law-arc1' } }],
      monitoringAccounts: [{ name: 'MonitoringAccount1', accountResourceReference: { group: 'monitor.azure.com', kind: 'Account', name: 'amw-arc1' } }],
    });
  });

  test('role assignment (§3.7): owner = the scope, GUID azureName, roleDefinitionReference, principalId', () => {
    const [onAmw, onGrafana] = fixtures().objects.filter((x) => x.kind === 'RoleAssignment');
    expect(onAmw.apiVersion).toBe('authorization.azure.com/v1api20220401');
    expect(onAmw.metadata.name).toBe(`amw-arc1-${ROLE_ON_STACK_AMW.name}`);
    expect(onAmw.spec).toEqual({
      azureName: ROLE_ON_STACK_AMW.name,
      owner: { group: 'monitor.azure.com', kind: 'Account', name: 'amw-arc1' },
      roleDefinitionReference: { armId: ROLE_ON_STACK_AMW.properties.roleDefinitionId },
      principalId: PRINCIPAL,
      principalType: 'ServicePrincipal',
      description: 'Grafana reads the workspace',
    });
    // Grafana has no ASO kind: the owner is its ID in the resource group the ARM form deploys it to.
    expect(onGrafana.spec.owner).toEqual({ armId: GRAFANA_ID });
  });

  test('Arc extension (§3.9): owner = the connected cluster (clusterArmId for the parameter), protected settings in a Secret', () => {
    const r = fixtures();
    const o = r.objects.find((x) => x.spec.azureName === 'azuremonitor-containers')!;
    expect(o.apiVersion).toBe('kubernetesconfiguration.azure.com/v1api20241101');
    expect(o.metadata.name).toBe('arc1-azuremonitor-containers');
    expect(o.spec).toEqual({
      azureName: 'azuremonitor-containers',
      owner: { armId: ARC_ID },
      identity: { type: 'SystemAssigned' },
      extensionType: 'Microsoft.AzureMonitor.Containers',
      autoUpgradeMinorVersion: true,
      releaseTrain: 'Stable',
      scope: { cluster: { releaseNamespace: 'azuremonitor-containers' } },
      configurationSettings: {
        // A string field cannot hold an ASO reference: the ID the ARM form's resourceId() gives it.
        'logAnalyticsWorkspaceResourceID': `${RG}/providers/Microsoft.OperationalInsights/workspaces/law-arc1`,
        'amalogs.useAADAuth': 'true',
        'amalogs.enableHighLogScaleMode': 'false',
      },
      configurationProtectedSettings: { name: 'arc1-azuremonitor-containers-protected-settings' },
    });
    const metrics = r.objects.find((x) => x.spec.azureName === 'azuremonitor-metrics')!;
    expect(metrics.metadata.name).toBe('arc1-azuremonitor-metrics');
    expect(metrics.spec.configurationProtectedSettings).toBeUndefined();
    expect(metrics.spec.configurationSettings).toEqual(METRICS_EXTENSION.properties.configurationSettings);
    expect(r.secrets).toEqual([{
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'arc1-azuremonitor-containers-protected-settings', namespace: NS, labels: { 'app.kubernetes.io/managed-by': 'azure-monitor-k8s' } },
      type: 'Opaque',
      stringData: EXTENSION.properties.configurationProtectedSettings,
    }]);
    expect(validateKubernetesObjects(r.secrets)).toEqual([]);
    const withoutValues: AzureResource = { ...EXTENSION, properties: { ...EXTENSION.properties, configurationProtectedSettings: {} } };
    const noProtected = toAsoObjects([LAW, withoutValues], FIXTURE_CONTEXT);
    expect(noProtected.secrets).toEqual([]);
    expect(noProtected.objects[1].spec.configurationProtectedSettings).toBeUndefined();
  });

  test('a deferred cluster ID: owners carry the token, object names come from clusterName', () => {
    const token = '${azmk8s-deferred:0}';
    const dcra: AzureResource = { ...stacks['aks-prod-weu'].azureResources.find((r) => r.logicalId === 'dcra')!, scope: token };
    const dcr = stacks['aks-prod-weu'].azureResources.find((r) => r.logicalId === 'dcr')!;
    const dce = stacks['aks-prod-weu'].azureResources.find((r) => r.logicalId === 'dce-ingest-westeurope')!;
    const ctx: AsoContext = { namespace: NS, resourceGroupArmId: '${azmk8s-deferred:1}', clusterArmId: token, clusterName: 'aks-prod-weu' };
    const r = toAsoObjects([dce, dcr, dcra], ctx);
    const o = r.objects.find((x) => x.kind === 'DataCollectionRuleAssociation')!;
    expect(o.metadata.name).toBe('aks-prod-weu-containerinsightsextension');
    expect(o.spec.owner).toEqual({ armId: token });
    expect(r.objects[0].spec.owner).toEqual({ armId: '${azmk8s-deferred:1}' });
    expect(() => toAsoObjects([dce, dcr, dcra], { ...ctx, clusterName: undefined, resourceGroupArmId: RG })).toThrow(/give AsoContext.clusterName/);
  });

  test('deferred engine tokens in literal IDs are copied as they are', () => {
    const token = '${azmk8s-deferred:3}';
    const dcr: AzureResource = { ...DCR_TO_STACK_WORKSPACES, properties: { ...DCR_TO_STACK_WORKSPACES.properties, destinations: { logAnalytics: [{ name: 'ws', workspaceResourceId: token }] } } };
    expect(toAsoObjects([dcr], FIXTURE_CONTEXT).objects[0].spec.destinations).toEqual({ logAnalytics: [{ name: 'ws', workspaceResourceReference: { armId: token } }] });
  });
});

describe('object names', () => {
  test.each([
    ['msci-westeurope-aks1', 'msci-westeurope-aks1'],
    ['MSCI-westeurope-aks1', 'msci-westeurope-aks1'],
    ['ContainerInsightsExtension', 'containerinsightsextension'],
  ])('%s is only lower-cased', (armName, expected) => {
    expect(asoObjectName(armName)).toBe(expected);
  });

  test('replaced characters and cut names get a hash of the ARM name: distinct ARM names stay distinct', () => {
    const a = asoObjectName('NetworkWatcher_westeurope');
    const b = asoObjectName('NetworkWatcher-westeurope');
    expect(b).toBe('networkwatcher-westeurope');
    expect(a).toMatch(/^networkwatcher-westeurope-[0-9a-f]{8}$/);
    const long = `MSCI-multi-tenancy-payments-westeurope-${'x'.repeat(40)}`;
    expect(asoObjectName(long)).toHaveLength(63);
    expect(asoObjectName(long)).not.toBe(asoObjectName(`${long}y`));
    expect(asoObjectName('___')).toMatch(/^[0-9a-f]{8}$/);
    expect(asoObjectName('A_b')).toBe(asoObjectName('a_B'));
    for (const n of [a, long, '-x-', 'a.b', 'Ünïcode']) expect(checkName(asoObjectName(n), 'dns1123-label')).toBeUndefined();
  });
});

describe('what ASO cannot express', () => {
  const arcWithoutId: MonitoringStackProps = {
    cluster: { name: 'arc9', region: 'westeurope', distribution: 'k3s' },
    containerInsights: { logAnalyticsWorkspace: { resourceId: PLATFORM_WORKSPACE_ID, region: 'westeurope' } },
    // Without the extension, whose customer ID would be the first parameter met.
    onboarding: { containerInsights: false },
  };

  test('a template parameter is an AsoFormError naming the parameter', () => {
    const s = renderMonitoringStack(arcWithoutId);
    const e = caught(() => toAsoObjects(s.azureResources, { namespace: NS, resourceGroupArmId: RG }));
    expect(e).toBeInstanceOf(AsoFormError);
    expect(e).toMatchObject({ param: 'clusterResourceId', resource: "Microsoft.Insights/dataCollectionRuleAssociations 'ContainerInsightsExtension'" });
    expect((e as Error).message).toBe(
      "form 'aso' cannot express Microsoft.Insights/dataCollectionRuleAssociations 'ContainerInsightsExtension': needs a literal value for " +
      "ARM template parameter 'clusterResourceId' (Azure Service Operator resources take no template parameters)",
    );
  });

  test('... unless the cluster ID is given in the context', () => {
    const s = renderMonitoringStack(arcWithoutId);
    const r = toAsoObjects(s.azureResources, { namespace: NS, resourceGroupArmId: RG, clusterArmId: ARC_ID });
    expect(r.objects.find((o) => o.kind === 'DataCollectionRuleAssociation')!.spec.owner).toEqual({ armId: ARC_ID });
    expect(r.objects.flatMap(validateAsoObject)).toEqual([]);
  });

  test('an unknown workspace ID (parameter) is an AsoFormError', () => {
    const s = renderMonitoringStack({
      cluster: { ...arcWithoutId.cluster, resourceId: ARC_ID.replace(/arc1$/, 'arc9') },
      containerInsights: { logAnalyticsWorkspace: { region: 'westeurope' } },
    });
    expect(caught(() => toAsoObjects(s.azureResources, contextOf(s)))).toMatchObject({ name: 'AsoFormError', param: 'logAnalyticsWorkspaceResourceId' });
  });

  test('an unknown Grafana principal (parameter) is an AsoFormError; Grafana itself falls back to ARM', () => {
    const grafanaId = `${SUB}/resourceGroups/rg-aks-prod/providers/Microsoft.Dashboard/grafana/graf-prod`;
    const props: MonitoringStackProps = {
      ...FLEET['aks-prod-weu'],
      azureForms: undefined, // the ARM form: the parameter stays, and this test converts it itself
      managedPrometheus: { ...FLEET['aks-prod-weu'].managedPrometheus!, grafana: { resourceId: grafanaId, manageResource: { location: 'westeurope' } } },
    };
    const s = renderMonitoringStack(props);
    expect(caught(() => toAsoObjects(s.azureResources, contextOf(s)))).toMatchObject({ name: 'AsoFormError', param: 'grafanaPrincipalId' });

    const withPrincipal = renderMonitoringStack({ ...props, managedPrometheus: { ...props.managedPrometheus!, grafana: { resourceId: grafanaId, principalId: PRINCIPAL, manageResource: { location: 'westeurope' } } } });
    const r = toAsoObjects(withPrincipal.azureResources, contextOf(withPrincipal));
    expect(r.armFallback).toEqual([{ resource: withPrincipal.azureResources.find((x) => x.type === GRAFANA_TYPE), reason: expect.stringContaining('Azure/azure-service-operator#4518') }]);
    expect(r.armFallback[0].reason).toContain('deploy it with the ARM form');
    const role = r.objects.find((o) => o.kind === 'RoleAssignment')!;
    expect(role.spec.owner).toEqual({ armId: PLATFORM_AMW_ID });
    expect(role.spec.principalId).toBe(PRINCIPAL);
    expect(r.objects.flatMap(validateAsoObject)).toEqual([]);
  });

  test('private link scopes fall back to ARM, in their own group when external', () => {
    const scope: AzureResource = { logicalId: 'ampls', type: 'Microsoft.Insights/privateLinkScopes', apiVersion: '2021-09-01', name: 'ampls1', location: 'global', properties: { accessModeSettings: { ingestionAccessMode: 'PrivateOnly', queryAccessMode: 'Open' } } };
    const target = { subscriptionId: SUB_ID, resourceGroup: 'rg-net' };
    const r = toAsoObjects([], { ...FIXTURE_CONTEXT, external: [{ target, resources: [scope] }] });
    expect(r.objects).toEqual([]);
    expect(r.armFallback).toEqual([{ resource: scope, target, reason: expect.stringContaining('no Azure Monitor private link scope kind') }]);
  });

  test.each([
    ['an ARM field ASO\'s version lacks (flow log recordTypes)', () => {
      const fl = stacks['aks-payments-weu'].externalAzureResources[0];
      const res = { ...fl.resources[0], properties: { ...fl.resources[0].properties, recordTypes: 'B,E' } };
      return toAsoObjects([], { ...FIXTURE_CONTEXT, external: [{ target: fl.target, resources: [res] }] });
    }, 'property recordTypes has no field in ASO network.azure.com/v1api20241001 NetworkWatchersFlowLog'],
    ['a workspace identity (v20250701 only)', () => toAsoObjects([{ ...LAW, identity: { type: 'SystemAssigned' } }], FIXTURE_CONTEXT),
      'top-level identity has no field in ASO operationalinsights.azure.com/v1api20210601 Workspace'],
    ['a workspace replication (v20250701 only)', () => toAsoObjects([{ ...LAW, properties: { ...LAW.properties, replication: { enabled: true } } }], FIXTURE_CONTEXT),
      'property replication has no field'],
  ])('%s is an AsoFormError', (_name, run, message) => {
    const e = caught(run);
    expect(e).toBeInstanceOf(AsoFormError);
    expect((e as AsoFormError).param).toBeUndefined();
    expect((e as Error).message).toContain(message);
  });

  test('inconsistent input is a plain error (a bug, not the user\'s)', () => {
    expect(() => toAsoObjects([{ ...AMW, type: 'Microsoft.Insights/actionGroups' }], FIXTURE_CONTEXT)).toThrow(/internal: no Azure Service Operator mapping for ARM type Microsoft.Insights\/actionGroups/);
    expect(() => toAsoObjects([], { ...FIXTURE_CONTEXT, namespace: 'Azure Monitor' })).toThrow(/namespace must be a DNS-1123 label/);
    expect(() => toAsoObjects([], { ...FIXTURE_CONTEXT, resourceGroupArmId: `${RG}/providers/x/y/z` })).toThrow(/resourceGroupArmId/);
    expect(() => toAsoObjects([{ ...ROLE_ON_STACK_AMW, scope: ref(AZURE_MONITOR_WORKSPACE_RESOURCE_TYPE, 'elsewhere') }], FIXTURE_CONTEXT)).toThrow(/not in its resource group/);
    expect(() => toAsoObjects([AMW, { ...AMW, logicalId: 'amw2', name: 'AMW-ARC1' }], FIXTURE_CONTEXT)).toThrow(/would both be ASO Account amw-arc1/);
  });
});

describe('our objects have the shape of the ASO samples (aso-samples/)', () => {
  const samples = fs.readdirSync(ASO_SAMPLE_DIR).filter((f) => f.endsWith('.yaml')).map((f) => ({ file: f, obj: parseYaml(fs.readFileSync(path.join(ASO_SAMPLE_DIR, f), 'utf8')) as Obj }));
  const ours = [...Object.values(results).flatMap((r) => r.objects), ...fixtures().objects];

  /** The value's shape: types, object keys, and array items merged. */
  function shape(v: unknown): unknown {
    if (Array.isArray(v)) return v.length === 0 ? [] : [shape(v[0])];
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]));
    return typeof v;
  }
  /** Compares the shapes of the keys both have (recursively); references only need both to be references. */
  function sameShape(a: unknown, b: unknown, at: string, diffs: string[]): void {
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length > 0 && b.length > 0) sameShape(a[0], b[0], `${at}[]`, diffs);
      return;
    }
    if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && !Array.isArray(a) && !Array.isArray(b)) {
      const isRefShape = (x: object) => Object.keys(x).every((k) => ['armId', 'group', 'kind', 'name'].includes(k));
      if (at.endsWith('Reference') || at.endsWith('References[]') || at.endsWith('.owner')) {
        if (!isRefShape(a) || !isRefShape(b)) diffs.push(`${at}: not a reference`);
        return;
      }
      for (const k of Object.keys(a)) if (k in b) sameShape((a as Obj)[k], (b as Obj)[k], `${at}.${k}`, diffs);
      return;
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) diffs.push(`${at}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  }

  test('every sample except the v20250701 Workspace (no schema; we use v1api20210601) validates with our validator', () => {
    for (const { file, obj } of samples) {
      if (obj.apiVersion === 'operationalinsights.azure.com/v20250701') {
        expect(validateAsoObject(obj)[0]).toContain('no schema for');
        continue;
      }
      expect({ file, errors: validateAsoObject(obj) }).toEqual({ file, errors: [] });
    }
  });

  test.each(samples.map((s) => [s.file, s.obj] as const))('%s', (_file, sample) => {
    const mine = ours.filter((o) => o.kind === sample.kind);
    expect(mine.length).toBeGreaterThan(0);
    for (const o of mine) {
      if (sample.apiVersion !== 'operationalinsights.azure.com/v20250701') expect(o.apiVersion).toBe(sample.apiVersion);
      const diffs: string[] = [];
      sameShape(shape(o.spec), shape(sample.spec), 'spec', diffs);
      expect(diffs).toEqual([]);
    }
    // The reference fields the sample uses are spelled the same in ours.
    const sampleRefs = Object.keys(sample.spec).filter((k) => /References?$/.test(k));
    const ourKeys = new Set(mine.flatMap((o) => Object.keys(o.spec)));
    for (const k of sampleRefs) expect({ [k]: ourKeys.has(k) || sample.kind === 'DataCollectionRuleAssociation' }).toEqual({ [k]: true });
  });
});

describe('the way back: asoToNeutral(toAso(r)) equals neutralOfArm(r)', () => {
  test.each(Object.keys(FLEET))('fleet cluster %s: every resource, the external flow log included', (cluster) => {
    const s = stacks[cluster];
    const ctx = contextOf(s);
    const r = results[cluster];
    const fromAso = r.objects.map((o) => asoToNeutral(o, [...r.objects, ...r.secrets]));
    const fromArm = [
      ...s.azureResources.map((x) => neutralOfArm(x, { resourceGroupArmId: ctx.resourceGroupArmId, clusterArmId: ctx.clusterArmId })),
      ...s.externalAzureResources.flatMap((g) => g.resources.map((x) => neutralOfArm(x, { resourceGroupArmId: `/subscriptions/${g.target.subscriptionId}/resourceGroups/${g.target.resourceGroup}` }))),
    ];
    expect(fromAso).toEqual(fromArm);
  });

  test('the fixtures: object references, Secret-held protected settings, the cluster parameter resolved', () => {
    const r = fixtures();
    const converted = FIXTURES.filter((x) => asoKindOf(x.type) !== undefined);
    const fromAso = r.objects.map((o) => asoToNeutral(o, [...r.objects, ...r.secrets]));
    expect(fromAso).toEqual(converted.map((x) => neutralOfArm(x, { resourceGroupArmId: RG, clusterArmId: ARC_ID })));
    // Spot-check the canonical form itself.
    const dcr = fromAso.find((x) => x.type === DCR_TYPE)!;
    expect((dcr.properties.destinations as Obj).logAnalytics[0].workspaceResourceId).toBe(`${RG}/providers/${LOG_ANALYTICS_WORKSPACE_RESOURCE_TYPE}/law-arc1`);
    expect(fromAso.find((x) => x.type === K8S_EXTENSION_TYPE)!.envelope).toEqual({ scope: ARC_ID, identity: { type: 'SystemAssigned' } });
    expect(fromAso.find((x) => x.name === ROLE_ON_GRAFANA.name)!.envelope).toEqual({ scope: GRAFANA_ID });
  });

  test('user-assigned identities: ARM map keyed by ID <-> ASO list of references', () => {
    const uai = `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1`;
    const dce: AzureResource = { logicalId: 'dce', type: DCE_TYPE, apiVersion: '2024-03-11', name: 'dce1', location: 'westeurope', identity: { type: 'UserAssigned', userAssignedIdentities: { [uai]: {} } }, properties: {} };
    const r = toAsoObjects([dce], FIXTURE_CONTEXT);
    expect(r.objects[0].spec.identity).toEqual({ type: 'UserAssigned', userAssignedIdentities: [{ reference: { armId: uai } }] });
    expect(r.objects.flatMap(validateAsoObject)).toEqual([]);
    expect(asoToNeutral(r.objects[0])).toEqual(neutralOfArm(dce, { resourceGroupArmId: RG }));
  });

  test('the comparison can fail: a changed object no longer matches', () => {
    const r = results['aks-prod-weu'];
    const s = stacks['aks-prod-weu'];
    const ctx = contextOf(s);
    const expected = neutralOfArm(s.azureResources[1], { resourceGroupArmId: ctx.resourceGroupArmId, clusterArmId: ctx.clusterArmId });
    const changed = structuredClone(r.objects[1]);
    (changed.spec.destinations as Obj).logAnalytics[0].workspaceResourceReference = { armId: PLATFORM_AMW_ID };
    expect(asoToNeutral(r.objects[1], r.objects)).toEqual(expected);
    expect(asoToNeutral(changed, r.objects)).not.toEqual(expected);
    const renamed = structuredClone(r.objects[1]);
    renamed.spec.azureName = 'other';
    expect(asoToNeutral(renamed, r.objects)).not.toEqual(expected);
  });

  test('an object reference to an object that is not given cannot be resolved', () => {
    const r = results['aks-prod-weu'];
    const dcr = byAzureName(r.objects, 'DataCollectionRule', 'MSCI-westeurope-aks-prod-weu');
    expect(() => asoToNeutral(dcr)).toThrow(/names no object of the given ones/);
    expect(() => asoToNeutral(fixtures().objects.find((o) => o.kind === 'Extension')!, fixtures().objects)).toThrow(/Secret .* is not among the given objects/);
  });

  test('a kind\'s top-level (envelope) fields and property fields are disjoint: the way back is unambiguous', () => {
    for (const k of ASO_KINDS) expect(k.specKeys.filter((x) => (k.envelope as readonly string[]).includes(x))).toEqual([]);
  });

  test('a schema-listed kind table: every ASO_SCHEMAS entry is a kind we emit', () => {
    expect(ASO_SCHEMAS.map((s) => `${s.apiVersion} ${s.kind}`).sort()).toEqual(ASO_KINDS.map((k) => `${k.group}/${k.version} ${k.kind}`).sort());
  });
});
