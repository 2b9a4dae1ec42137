/**
 * Workspaces the stack creates (Log Analytics for Container Insights, Azure Monitor workspace for
 * Managed Prometheus): the rendered resources against the ARM JSON schemas (and the validator shown to
 * reject broken ones), the model's enums against the schemas' own, the references from the rules, rule
 * groups and Grafana to the created workspaces (resourceId() + dependsOn), the unchanged reference form,
 * and one error-message row per validation rule with the throw-site registry of src/model/workspaces.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MonitoringStackProps, RenderedStack, renderMonitoringStack } from '../src';
import { ARM_SCHEMA_ROOT, validateArmResource, validateArmTemplate } from './support/arm-schema';
import { testRejectedRows, testThrowSiteRegistry, testUniqueRowNames } from './support/throw-sites';
import { resolveCluster } from '../src/model/cluster';
import { makeToken } from '../src/model/tokens';
import {
  AZURE_MONITOR_WORKSPACE_RESOURCE_TYPE,
  CAPACITY_RESERVATION_LEVELS,
  LOG_ANALYTICS_SCHEMA_SKUS,
  LOG_ANALYTICS_SKUS,
  LOG_ANALYTICS_SKUS_NOT_CREATABLE,
  LOG_ANALYTICS_WORKSPACE_RESOURCE_TYPE,
  createdResourceId,
} from '../src/model/workspaces';
import { toArmResource, toDeployedResource } from '../src/render/arm-template';
import { AzureResource } from '../src/render/azure';
import { grafanaRoleAssignmentName } from '../src/render/prometheus-azure';
import {
  AZURE_MONITOR_WORKSPACE_API_VERSION,
  AZURE_MONITOR_WORKSPACE_LOGICAL_ID,
  LOG_ANALYTICS_WORKSPACE_API_VERSION,
  LOG_ANALYTICS_WORKSPACE_LOGICAL_ID,
  renderAzureMonitorWorkspace,
  renderLogAnalyticsWorkspace,
} from '../src/render/workspaces';

type Obj = Record<string, any>;

const SUB = '/subscriptions/11111111-2222-4333-8444-555555555555';
const RG = `${SUB}/resourceGroups/rg-aks`;
const AKS_ID = `${RG}/providers/Microsoft.ContainerService/managedClusters/aks1`;
const GRAFANA = `${SUB}/resourceGroups/rg-graf/providers/Microsoft.Dashboard/grafana/graf1`;
const GRAFANA_LOCAL = `${RG}/providers/Microsoft.Dashboard/grafana/graf1`;
const LAW_ID = `${SUB}/resourceGroups/rg-mon/providers/Microsoft.OperationalInsights/workspaces/law1`;
const AMW_ID = `${SUB}/resourceGroups/rg-mon/providers/Microsoft.Monitor/accounts/amw1`;

const AKS: Obj = { name: 'aks1', region: 'westeurope', distribution: 'aks', resourceId: AKS_ID };
const ARC: Obj = { name: 'arc1', region: 'eastus', distribution: 'k3s' };

const LAW_REF = `[resourceId('${LOG_ANALYTICS_WORKSPACE_RESOURCE_TYPE}', 'law-aks1')]`;
const AMW_REF = `[resourceId('${AZURE_MONITOR_WORKSPACE_RESOURCE_TYPE}', 'amw-aks1')]`;

const CI = 'containerInsights.logAnalyticsWorkspace';
const MP = 'managedPrometheus.azureMonitorWorkspace';

/** Container Insights with a created workspace (`create` merged into `{ name: 'law-aks1' }`). */
const ci = (create: Obj = {}, extra: Obj = {}, cluster: Obj = AKS): Obj => ({
  cluster,
  containerInsights: { logAnalyticsWorkspace: { region: 'westeurope', create: { name: 'law-aks1', ...create } }, ...extra },
});
/** Managed Prometheus with a created workspace (`create` merged into `{ name: 'amw-aks1' }`). */
const mp = (create: Obj = {}, extra: Obj = {}, cluster: Obj = AKS): Obj => ({
  cluster,
  managedPrometheus: { azureMonitorWorkspace: { region: 'westeurope', create: { name: 'amw-aks1', ...create } }, ...extra },
});

function render(props: Obj): RenderedStack {
  return renderMonitoringStack(props as MonitoringStackProps);
}

const byLogicalId = (s: RenderedStack, id: string): AzureResource | undefined => s.azureResources.find((r) => r.logicalId === id);
const armOf = (s: RenderedStack, type: string): Obj[] => s.armTemplate.resources.filter((r) => r.type === type) as Obj[];
const DCR = 'Microsoft.Insights/dataCollectionRules';

// -------------------------------------------------------------------------------------------------
// The schemas
// -------------------------------------------------------------------------------------------------

function schema(apiVersion: string, file: string): Obj {
  return JSON.parse(fs.readFileSync(path.join(ARM_SCHEMA_ROOT, apiVersion, file), 'utf8'));
}
/** The non-expression branch of a schema property (`oneOf [real, expression]`). */
const real = (prop: Obj): Obj => (prop.oneOf ? prop.oneOf[0] : prop);

describe('the model follows the ARM schemas', () => {
  const la2025 = schema('2025-07-01', 'Microsoft.OperationalInsights.json');
  const la2023 = schema('2023-09-01', 'Microsoft.OperationalInsights.json');

  test('SKUs: every schema SKU is either creatable or refused with a reason, in both schema versions', () => {
    for (const s of [la2025, la2023]) {
      const skus = real(s.definitions.WorkspaceSku.properties.name).enum;
      expect([...skus].sort()).toEqual([...LOG_ANALYTICS_SCHEMA_SKUS].sort());
    }
    expect([...LOG_ANALYTICS_SKUS, ...LOG_ANALYTICS_SKUS_NOT_CREATABLE.keys()].sort()).toEqual([...LOG_ANALYTICS_SCHEMA_SKUS].sort());
  });

  test('public network access: Enabled and Disabled exist in every schema version; SecuredByPerimeter only in 2025-07-01', () => {
    const access = (s: Obj, p: string) => real(s.definitions.WorkspaceProperties.properties[p]).enum;
    expect(access(la2023, 'publicNetworkAccessForIngestion')).toEqual(['Enabled', 'Disabled']);
    expect(access(la2023, 'publicNetworkAccessForQuery')).toEqual(['Enabled', 'Disabled']);
    expect(access(la2025, 'publicNetworkAccessForIngestion')).toEqual(['Enabled', 'Disabled', 'SecuredByPerimeter']);
    const amw2023 = schema('2023-04-03', 'Microsoft.Monitor.json').definitions.AzureMonitorWorkspaceResourceProperties.properties;
    const amw2025 = schema('2025-10-03', 'Microsoft.Monitor.json').definitions.AzureMonitorWorkspace.properties;
    expect(real(amw2023.publicNetworkAccess).enum).toEqual(['Enabled', 'Disabled']);
    expect(real(amw2025.publicNetworkAccess).enum).toEqual(['Enabled', 'Disabled']);
  });

  test('the commitment tiers are the ASO Workspace schema\'s enum', () => {
    const file = path.join(ARM_SCHEMA_ROOT, '../aso-crd-jsonschemas/operationalinsights.azure.com/workspace_v1api20210601.json');
    const aso = JSON.parse(fs.readFileSync(file, 'utf8'));
    const levels: number[] = aso.properties.spec.properties.sku.properties.capacityReservationLevel.enum;
    expect([...levels].sort((a, b) => a - b)).toEqual(CAPACITY_RESERVATION_LEVELS);
  });

  test('names: the schema patterns hold for the longest and shortest names the model accepts', () => {
    const laName = real(la2025.resourceDefinitions.workspaces.properties.name);
    const amwName = real(schema('2025-10-03', 'Microsoft.Monitor.json').resourceDefinitions.accounts.properties.name);
    for (const n of ['law1', 'a'.repeat(63), 'Law-2-X']) {
      expect(() => render(ci({ name: n }))).not.toThrow();
      expect({ n, ok: new RegExp(laName.pattern).test(n) && n.length >= laName.minLength && n.length <= laName.maxLength }).toEqual({ n, ok: true });
    }
    for (const n of ['amw1', 'a'.repeat(44), 'Amw-2-X']) {
      expect(() => render(mp({ name: n }))).not.toThrow();
      expect({ n, ok: new RegExp(amwName.pattern).test(n) }).toEqual({ n, ok: true });
    }
  });
});

// -------------------------------------------------------------------------------------------------
// Rendered resources
// -------------------------------------------------------------------------------------------------

describe('Log Analytics workspace', () => {
  test('defaults: PerGB2018, 30 days, no cap, public access on, the feature\'s tags; valid for the 2025-07-01 schema', () => {
    const s = render(ci({}, { tags: { team: 'platform' } }));
    const law = byLogicalId(s, LOG_ANALYTICS_WORKSPACE_LOGICAL_ID)!;
    expect(law).toEqual({
      logicalId: 'log-analytics-workspace',
      type: 'Microsoft.OperationalInsights/workspaces',
      apiVersion: '2025-07-01',
      name: 'law-aks1',
      location: 'westeurope',
      tags: { team: 'platform' },
      properties: {
        sku: { name: 'PerGB2018' },
        retentionInDays: 30,
        workspaceCapping: { dailyQuotaGb: -1 },
        publicNetworkAccessForIngestion: 'Enabled',
        publicNetworkAccessForQuery: 'Enabled',
      },
    });
    expect(LOG_ANALYTICS_WORKSPACE_API_VERSION).toBe('2025-07-01');
    expect(validateArmResource(toArmResource(law))).toEqual([]);
    expect(s.azureResources[0].logicalId).toBe('log-analytics-workspace');
  });

  test('every setting, its own tags replacing the feature\'s; valid for the schema', () => {
    const s = render(ci(
      {
        sku: 'CapacityReservation',
        capacityReservationLevel: 500,
        retentionInDays: 730,
        dailyQuotaGb: 12.5,
        publicNetworkAccessForIngestion: 'Disabled',
        publicNetworkAccessForQuery: 'Disabled',
        tags: { cost: 'logs' },
      },
      { tags: { team: 'platform' } },
    ));
    const law = byLogicalId(s, LOG_ANALYTICS_WORKSPACE_LOGICAL_ID)!;
    expect(law.tags).toEqual({ cost: 'logs' });
    expect(law.properties).toEqual({
      sku: { name: 'CapacityReservation', capacityReservationLevel: 500 },
      retentionInDays: 730,
      workspaceCapping: { dailyQuotaGb: 12.5 },
      publicNetworkAccessForIngestion: 'Disabled',
      publicNetworkAccessForQuery: 'Disabled',
    });
    expect(validateArmResource(toArmResource(law))).toEqual([]);
    // The tags of the rule stay the feature's.
    expect(byLogicalId(s, 'dcr')!.tags).toEqual({ team: 'platform' });
  });

  test('the validator can fail: a wrong SKU, a retention of the wrong type, an unknown property and a bad name are reported', () => {
    const law = toArmResource(byLogicalId(render(ci()), LOG_ANALYTICS_WORKSPACE_LOGICAL_ID)!) as Obj;
    const broken = (properties: Obj, extra: Obj = {}) => validateArmResource({ ...law, ...extra, properties: { ...law.properties, ...properties } }).join('\n');
    expect(broken({ sku: { name: 'Basic' } })).toMatch(/sku\/name.*allowed values/);
    expect(broken({ retentionInDays: '30' })).toMatch(/retentionInDays must be integer/);
    expect(broken({ retentionDays: 30 })).toMatch(/unknown property \/properties\/retentionDays/);
    expect(broken({}, { name: '-law' })).toMatch(/\/name must match pattern/);
    expect(broken({ publicNetworkAccessForIngestion: 'Off' })).toMatch(/publicNetworkAccessForIngestion/);
  });

  test('the rule\'s destination references the created workspace (resourceId() and dependsOn); no workspace parameter', () => {
    const s = render(ci());
    const [dcr] = armOf(s, DCR);
    expect(dcr.properties.destinations.logAnalytics).toEqual([{ name: 'ciworkspace', workspaceResourceId: LAW_REF }]);
    expect(dcr.dependsOn).toContain(LAW_REF);
    expect(Object.keys(s.armTemplate.parameters)).not.toContain('logAnalyticsWorkspaceResourceId');
    expect(validateArmTemplate(s.armTemplate)).toEqual([]);
    // Deployed to the cluster's group, the destination is the workspace's full ID there.
    const deployed = toDeployedResource(byLogicalId(s, 'dcr')!, RG) as Obj;
    expect(deployed.properties.destinations.logAnalytics[0].workspaceResourceId).toBe(`${RG}/providers/Microsoft.OperationalInsights/workspaces/law-aks1`);
    expect(s.containerInsights!.workspace.create!.resourceId).toBe(`${RG}/providers/Microsoft.OperationalInsights/workspaces/law-aks1`);
  });

  test('high log scale: the endpoint and rule are in the workspace\'s region, the rule references both', () => {
    const s = render({ cluster: AKS, containerInsights: { logAnalyticsWorkspace: { region: 'swedencentral', create: { name: 'law-aks1' } }, highLogScale: true } });
    expect(byLogicalId(s, LOG_ANALYTICS_WORKSPACE_LOGICAL_ID)!.location).toBe('swedencentral');
    const [dcr] = armOf(s, DCR);
    expect(dcr.location).toBe('swedencentral');
    expect(dcr.dependsOn).toEqual([LAW_REF, "[resourceId('Microsoft.Insights/dataCollectionEndpoints', 'MSCI-ingest-swedencentral-aks1')]"]);
    expect(validateArmTemplate(s.armTemplate)).toEqual([]);
  });

  test('workspace-key auth: the workspace is created, no rule (the agent reads none)', () => {
    const s = render({ cluster: ARC, containerInsights: { logAnalyticsWorkspace: { create: { name: 'law-arc1' } }, authentication: 'workspace-key' } });
    expect(s.azureResources.map((r) => r.logicalId)).toEqual(['log-analytics-workspace']);
    // Without a region the workspace-key form keeps its fallback, the cluster's region.
    expect(s.azureResources[0].location).toBe('eastus');
    // The cluster ID is not known: nor is the workspace's.
    expect(s.containerInsights!.workspace.create!.resourceId).toBeUndefined();
    expect(validateArmTemplate(s.armTemplate)).toEqual([]);
  });

  test('the reference form is unchanged: no workspace resource, the literal ID or the parameter', () => {
    const byId = render({ cluster: AKS, containerInsights: { logAnalyticsWorkspace: { resourceId: LAW_ID, region: 'westeurope' } } });
    expect(byLogicalId(byId, LOG_ANALYTICS_WORKSPACE_LOGICAL_ID)).toBeUndefined();
    expect(armOf(byId, DCR)[0].properties.destinations.logAnalytics[0].workspaceResourceId).toBe(LAW_ID);
    expect(armOf(byId, DCR)[0].dependsOn).toBeUndefined();
    const byParam = render({ cluster: AKS, containerInsights: { logAnalyticsWorkspace: { region: 'westeurope' } } });
    expect(armOf(byParam, DCR)[0].properties.destinations.logAnalytics[0].workspaceResourceId).toBe("[parameters('logAnalyticsWorkspaceResourceId')]");
    expect(byParam.containerInsights!.workspace.create).toBeUndefined();
  });

  test('tenants reference their workspaces; they cannot create one', () => {
    const props = ci({}, {
      highLogScale: true,
      multiTenancy: { tenants: [{ name: 'team-a', namespaces: ['a'], logAnalyticsWorkspace: { region: 'westeurope', create: { name: 'law-a' } } }] },
    });
    expect(() => render(props)).toThrow(/tenants\[0\]\.logAnalyticsWorkspace\.create: got .*unknown prop; allowed props of .*: resourceId, region$/);
  });
});

describe('Azure Monitor workspace', () => {
  test('defaults: public access on, the feature\'s tags, properties always sent; valid for 2025-10-03 and 2023-04-03', () => {
    const s = render(mp({}, { tags: { team: 'platform' } }));
    const amw = byLogicalId(s, AZURE_MONITOR_WORKSPACE_LOGICAL_ID)!;
    expect(amw).toEqual({
      logicalId: 'azure-monitor-workspace',
      type: 'Microsoft.Monitor/accounts',
      apiVersion: '2025-10-03',
      name: 'amw-aks1',
      location: 'westeurope',
      tags: { team: 'platform' },
      properties: { publicNetworkAccess: 'Enabled' },
    });
    expect(AZURE_MONITOR_WORKSPACE_API_VERSION).toBe('2025-10-03');
    expect(validateArmResource(toArmResource(amw))).toEqual([]);
    // The same body is valid for 2023-04-03 (Pulumi's default and the ASO Account version).
    expect(validateArmResource({ ...toArmResource(amw), apiVersion: '2023-04-03' })).toEqual([]);
    expect(s.azureResources.find((r) => r.logicalId.startsWith('prometheus-'))).toBeDefined();
    expect(s.azureResources.findIndex((r) => r.logicalId === 'azure-monitor-workspace')).toBeLessThan(s.azureResources.findIndex((r) => r.logicalId === 'prometheus-dcr'));
  });

  test('the validator can fail: a missing properties object (2023-04-03 requires it), an unknown value and a bad name', () => {
    const amw = toArmResource(byLogicalId(render(mp()), AZURE_MONITOR_WORKSPACE_LOGICAL_ID)!) as Obj;
    const { properties, ...withoutProperties } = amw;
    expect(properties).toBeDefined();
    expect(validateArmResource({ ...withoutProperties, apiVersion: '2023-04-03' }).join('\n')).toMatch(/properties/);
    expect(validateArmResource({ ...amw, properties: { publicNetworkAccess: 'SecuredByPerimeter' } }).join('\n')).toMatch(/allowed values/);
    expect(validateArmResource({ ...amw, name: 'amw-' }).join('\n')).toMatch(/\/name must match pattern/);
  });

  test('the rule, the rule groups and the endpoint\'s rule reference the created workspace; no workspace parameter', () => {
    const s = render(mp({ publicNetworkAccess: 'Disabled', tags: { cost: 'metrics' } }));
    const amw = byLogicalId(s, AZURE_MONITOR_WORKSPACE_LOGICAL_ID)!;
    expect(amw.properties).toEqual({ publicNetworkAccess: 'Disabled' });
    expect(amw.tags).toEqual({ cost: 'metrics' });
    const [dcr] = armOf(s, DCR);
    expect(dcr.properties.destinations.monitoringAccounts).toEqual([{ accountResourceId: AMW_REF, name: 'MonitoringAccount1' }]);
    expect(dcr.dependsOn).toContain(AMW_REF);
    const groups = armOf(s, 'Microsoft.AlertsManagement/prometheusRuleGroups');
    expect(groups.length).toBeGreaterThan(0);
    for (const g of groups) {
      expect(g.properties.scopes).toEqual([AMW_REF, AKS_ID]);
      expect(g.dependsOn).toEqual([AMW_REF]);
    }
    expect(Object.keys(s.armTemplate.parameters)).not.toContain('azureMonitorWorkspaceResourceId');
    expect(validateArmTemplate(s.armTemplate)).toEqual([]);
  });

  test('Grafana: the role assignment is scoped to the created workspace and keeps the name the workspace\'s ID gives', () => {
    const s = render(mp({}, { grafana: { resourceId: GRAFANA } }));
    const [role] = armOf(s, 'Microsoft.Authorization/roleAssignments');
    const id = `${RG}/providers/Microsoft.Monitor/accounts/amw-aks1`;
    expect(role.scope).toBe(AMW_REF);
    expect(role.dependsOn).toEqual([AMW_REF]);
    expect(role.name).toBe(grafanaRoleAssignmentName(id, GRAFANA));
    expect(role.properties.roleDefinitionId).toBe(`${SUB}/providers/Microsoft.Authorization/roleDefinitions/b0d8363b-8ddd-447d-831f-62ca05bff136`);
    // Switching from create to the reference of that very workspace keeps the assignment.
    const byId = render({ cluster: AKS, managedPrometheus: { azureMonitorWorkspace: { resourceId: id, region: 'westeurope' }, grafana: { resourceId: GRAFANA } } });
    expect(armOf(byId, 'Microsoft.Authorization/roleAssignments')[0].name).toBe(role.name);
    expect(s.managedPrometheus!.azure.grafana!.linkCommand).toContain('--monitor-sub-id 11111111-2222-4333-8444-555555555555 --monitor-rg-name rg-aks --monitor-name amw-aks1');
    expect(validateArmTemplate(s.armTemplate)).toEqual([]);
  });

  test('Grafana resource: the created workspace is linked by reference (the PUT waits for it), the others literally', () => {
    const other = `${SUB}/resourceGroups/rg-x/providers/Microsoft.Monitor/accounts/amw9`;
    const s = render(mp({}, { grafana: { resourceId: GRAFANA_LOCAL, manageResource: { location: 'westeurope', otherLinkedWorkspaceIds: [other] } } }));
    const [grafana] = armOf(s, 'Microsoft.Dashboard/grafana');
    expect(grafana.properties.grafanaIntegrations.azureMonitorWorkspaceIntegrations).toEqual([
      { azureMonitorWorkspaceResourceId: AMW_REF },
      { azureMonitorWorkspaceResourceId: other },
    ]);
    expect(grafana.dependsOn).toEqual([AMW_REF]);
    expect(validateArmTemplate(s.armTemplate)).toEqual([]);
  });

  test('the created workspace\'s own ID in otherLinkedWorkspaceIds is refused like a referenced one\'s', () => {
    const own = `${RG}/providers/Microsoft.Monitor/accounts/AMW-AKS1`;
    expect(() => render(mp({}, { grafana: { resourceId: GRAFANA_LOCAL, manageResource: { location: 'westeurope', otherLinkedWorkspaceIds: [own] } } })))
      .toThrow(/otherLinkedWorkspaceIds\[0\].*stack's own workspace/);
  });

  test('the reference form is unchanged: no workspace resource, the literal ID', () => {
    const s = render({ cluster: AKS, managedPrometheus: { azureMonitorWorkspace: { resourceId: AMW_ID, region: 'westeurope' } } });
    expect(byLogicalId(s, AZURE_MONITOR_WORKSPACE_LOGICAL_ID)).toBeUndefined();
    expect(armOf(s, DCR)[0].properties.destinations.monitoringAccounts[0].accountResourceId).toBe(AMW_ID);
  });
});

describe('both workspaces in one stack', () => {
  test('a full template with both created validates; the deployed IDs are in the cluster\'s group', () => {
    const s = render({ ...ci(), managedPrometheus: mp().managedPrometheus });
    expect(s.azureResources.filter((r) => r.logicalId.endsWith('-workspace')).map((r) => r.logicalId)).toEqual(['log-analytics-workspace', 'azure-monitor-workspace']);
    expect(validateArmTemplate(s.armTemplate)).toEqual([]);
    const cluster = resolveCluster('cluster', AKS);
    expect(createdResourceId(cluster, AZURE_MONITOR_WORKSPACE_RESOURCE_TYPE, 'amw-aks1')?.resourceId).toBe(`${RG}/providers/Microsoft.Monitor/accounts/amw-aks1`);
    expect(createdResourceId(resolveCluster('cluster', ARC), AZURE_MONITOR_WORKSPACE_RESOURCE_TYPE, 'x')).toBeUndefined();
  });

  test('the renderers are pure: the same model renders equal objects and the tags are copies', () => {
    const s = render(mp({ tags: { a: 'b' } }));
    const m = s.managedPrometheus!.azure.workspace.create!;
    const one = renderAzureMonitorWorkspace(m, {});
    expect(renderAzureMonitorWorkspace(m, {})).toEqual(one);
    expect(one.tags).not.toBe(m.tags);
    const l = render(ci()).containerInsights!.workspace.create!;
    const featureTags = { t: 'v' };
    expect(renderLogAnalyticsWorkspace(l, featureTags).tags).not.toBe(featureTags);
  });
});

// -------------------------------------------------------------------------------------------------
// Validation: one row per rule
// -------------------------------------------------------------------------------------------------

const SITES = {
  bothGiven: 'expected either resourceId (an existing workspace) or create',
  nameMissing: "'expected the name of the workspace to create'",
  perimeter: '"SecuredByPerimeter" needs a network security perimeter',
  skuNotCreatable: 'throw new ValidationError(`${cp}.sku`, c.sku,',
  capacityLevel: 'expected the commitment tier in GB per day',
  capacityWithoutSku: 'only applies with sku "CapacityReservation"',
  dailyQuota: 'expected a daily cap in GB above 0',
} as const;
type SiteId = keyof typeof SITES;

interface Row {
  readonly name: string;
  readonly site: SiteId | 'check';
  readonly props: Obj;
  readonly path: string;
  readonly message: RegExp;
}

const C = `${CI}.create`;
const M = `${MP}.create`;

const REJECTED: Row[] = [
  // reference or create
  { name: 'LA: resourceId and create', site: 'bothGiven', props: { cluster: AKS, containerInsights: { logAnalyticsWorkspace: { resourceId: LAW_ID, region: 'westeurope', create: { name: 'law-aks1' } } } }, path: `${CI}.resourceId`, message: /not both$/ },
  { name: 'AMW: resourceId and create', site: 'bothGiven', props: { cluster: AKS, managedPrometheus: { azureMonitorWorkspace: { resourceId: AMW_ID, region: 'westeurope', create: { name: 'amw-aks1' } } } }, path: `${MP}.resourceId`, message: /either resourceId \(an existing workspace\) or create/ },
  { name: 'LA: create without name', site: 'nameMissing', props: ci({ name: undefined, sku: 'PerGB2018' }), path: `${C}.name`, message: /got undefined; expected the name of the workspace to create$/ },
  { name: 'AMW: create without name', site: 'nameMissing', props: mp({ name: undefined }), path: `${M}.name`, message: /expected the name of the workspace to create$/ },
  { name: 'LA: create is not an object', site: 'check', props: { cluster: AKS, containerInsights: { logAnalyticsWorkspace: { region: 'westeurope', create: 'law-aks1' } } }, path: `${C}`, message: /expected an object$/ },
  { name: 'LA: create region (the region is the reference\'s)', site: 'check', props: ci({ region: 'westeurope' }), path: `${C}.region`, message: /unknown prop; allowed props of .*create: name, sku, capacityReservationLevel/ },
  { name: 'AMW: misspelt create prop', site: 'check', props: mp({ publicNetworkAcess: 'Enabled' }), path: `${M}.publicNetworkAcess`, message: /Did you mean "publicNetworkAccess"\?$/ },
  { name: 'AMW: created workspace without region', site: 'check', props: { cluster: AKS, managedPrometheus: { azureMonitorWorkspace: { create: { name: 'amw-aks1' } } } }, path: `${MP}.region`, message: /expected the workspace's Azure region/ },
  { name: 'LA: created workspace without region (managed identity)', site: 'check', props: { cluster: AKS, containerInsights: { logAnalyticsWorkspace: { create: { name: 'law-aks1' } } } }, path: `${CI}.region`, message: /expected the workspace's Azure region/ },
  // names
  { name: 'LA: name of 3 characters', site: 'check', props: ci({ name: 'law' }), path: `${C}.name`, message: /at least 4 character/ },
  { name: 'LA: name of 64 characters', site: 'check', props: ci({ name: 'l'.repeat(64) }), path: `${C}.name`, message: /at most 63 characters \(got 64\)/ },
  { name: 'LA: name ending with a dash', site: 'check', props: ci({ name: 'law-' }), path: `${C}.name`, message: /starting and ending with a letter or digit/ },
  { name: 'LA: name with an underscore', site: 'check', props: ci({ name: 'law_aks1' }), path: `${C}.name`, message: /letters, digits and "-"/ },
  { name: 'LA: deferred name', site: 'check', props: ci({ name: makeToken(0) }), path: `${C}.name`, message: /workspace name/ },
  { name: 'AMW: name of 45 characters', site: 'check', props: mp({ name: 'a'.repeat(45) }), path: `${M}.name`, message: /at most 44 characters \(got 45\)/ },
  { name: 'AMW: name of 3 characters', site: 'check', props: mp({ name: 'amw' }), path: `${M}.name`, message: /at least 4 character/ },
  { name: 'AMW: name starting with a dash', site: 'check', props: mp({ name: '-amw1' }), path: `${M}.name`, message: /starting and ending with a letter or digit/ },
  { name: 'AMW: name ending with a dot (the schema\'s [^-] would allow it)', site: 'check', props: mp({ name: 'amw1.' }), path: `${M}.name`, message: /starting and ending with a letter or digit/ },
  // SKU
  { name: 'LA: Free tier', site: 'skuNotCreatable', props: ci({ sku: 'Free' }), path: `${C}.sku`, message: /got "Free"; expected one of "PerGB2018", "CapacityReservation", "Standalone", "PerNode": .*Free Trial tier since July 1, 2022$/ },
  { name: 'LA: Standard tier', site: 'skuNotCreatable', props: ci({ sku: 'Standard' }), path: `${C}.sku`, message: /legacy Standard tier since October 1, 2016$/ },
  { name: 'LA: Premium tier', site: 'skuNotCreatable', props: ci({ sku: 'Premium' }), path: `${C}.sku`, message: /legacy Premium tier since October 1, 2016$/ },
  { name: 'LA: LACluster tier', site: 'skuNotCreatable', props: ci({ sku: 'LACluster' }), path: `${C}.sku`, message: /dedicated cluster; it cannot be chosen$/ },
  { name: 'LA: SKU in lower case', site: 'check', props: ci({ sku: 'pergb2018' }), path: `${C}.sku`, message: /Did you mean "PerGB2018"\?$/ },
  { name: 'LA: SKU named like an Object property', site: 'check', props: ci({ sku: 'constructor' }), path: `${C}.sku`, message: /expected one of "PerGB2018"/ },
  { name: 'LA: CapacityReservation without a level', site: 'capacityLevel', props: ci({ sku: 'CapacityReservation' }), path: `${C}.capacityReservationLevel`, message: /got undefined; expected the commitment tier .*one of 100, 200, 300, 400, 500, 1000, 2000, 5000$/ },
  { name: 'LA: CapacityReservation level not a tier', site: 'capacityLevel', props: ci({ sku: 'CapacityReservation', capacityReservationLevel: 150 }), path: `${C}.capacityReservationLevel`, message: /got 150; expected the commitment tier/ },
  { name: 'LA: CapacityReservation level as a string', site: 'capacityLevel', props: ci({ sku: 'CapacityReservation', capacityReservationLevel: '100' }), path: `${C}.capacityReservationLevel`, message: /got "100"/ },
  { name: 'LA: level without CapacityReservation', site: 'capacityWithoutSku', props: ci({ capacityReservationLevel: 100 }), path: `${C}.capacityReservationLevel`, message: /only applies with sku "CapacityReservation"/ },
  // retention and cap
  { name: 'LA: retention 29 days', site: 'check', props: ci({ retentionInDays: 29 }), path: `${C}.retentionInDays`, message: /integer from 30 to 730$/ },
  { name: 'LA: retention 731 days', site: 'check', props: ci({ retentionInDays: 731 }), path: `${C}.retentionInDays`, message: /integer from 30 to 730$/ },
  { name: 'LA: retention 4 days (a table setting, not the workspace\'s)', site: 'check', props: ci({ retentionInDays: 4 }), path: `${C}.retentionInDays`, message: /from 30 to 730/ },
  { name: 'LA: fractional retention', site: 'check', props: ci({ retentionInDays: 30.5 }), path: `${C}.retentionInDays`, message: /integer/ },
  { name: 'LA: daily cap 0', site: 'dailyQuota', props: ci({ dailyQuotaGb: 0 }), path: `${C}.dailyQuotaGb`, message: /got 0; expected a daily cap in GB above 0 \(e\.g\. 0\.5 or 100\), or -1 for no cap$/ },
  { name: 'LA: daily cap -2', site: 'dailyQuota', props: ci({ dailyQuotaGb: -2 }), path: `${C}.dailyQuotaGb`, message: /or -1 for no cap/ },
  { name: 'LA: daily cap as a string', site: 'dailyQuota', props: ci({ dailyQuotaGb: '10' }), path: `${C}.dailyQuotaGb`, message: /got "10"/ },
  { name: 'LA: daily cap infinite', site: 'dailyQuota', props: ci({ dailyQuotaGb: Infinity }), path: `${C}.dailyQuotaGb`, message: /got Infinity/ },
  // network access
  { name: 'LA: ingestion SecuredByPerimeter', site: 'perimeter', props: ci({ publicNetworkAccessForIngestion: 'SecuredByPerimeter' }), path: `${C}.publicNetworkAccessForIngestion`, message: /network security perimeter/ },
  { name: 'LA: query SecuredByPerimeter', site: 'perimeter', props: ci({ publicNetworkAccessForQuery: 'SecuredByPerimeter' }), path: `${C}.publicNetworkAccessForQuery`, message: /expected "Enabled" or "Disabled"/ },
  { name: 'AMW: SecuredByPerimeter', site: 'perimeter', props: mp({ publicNetworkAccess: 'SecuredByPerimeter' }), path: `${M}.publicNetworkAccess`, message: /network security perimeter/ },
  { name: 'LA: ingestion as a boolean', site: 'check', props: ci({ publicNetworkAccessForIngestion: false }), path: `${C}.publicNetworkAccessForIngestion`, message: /got false; expected one of "Enabled", "Disabled"$/ },
  { name: 'AMW: access in lower case', site: 'check', props: mp({ publicNetworkAccess: 'disabled' }), path: `${M}.publicNetworkAccess`, message: /Did you mean "Disabled"\?$/ },
  // tags
  { name: 'LA: 51 tags', site: 'check', props: ci({ tags: Object.fromEntries([...Array(51).keys()].map((i) => [`t${i}`, 'v'])) }), path: `${C}.tags`, message: /at most 50 tags/ },
  { name: 'AMW: tag value not a string', site: 'check', props: mp({ tags: { a: 1 } }), path: `${M}.tags.a`, message: /expected a string/ },
  { name: 'AMW: tag name with a percent sign', site: 'check', props: mp({ tags: { 'a%b': 'v' } }), path: `${M}.tags`, message: /tag name without/ },
];

const ACCEPTED: Array<[string, Obj]> = [
  ['LA: retention 30', ci({ retentionInDays: 30 })],
  ['LA: retention 730', ci({ retentionInDays: 730 })],
  ['LA: smallest daily cap', ci({ dailyQuotaGb: 0.001 })],
  ['LA: no cap, explicitly', ci({ dailyQuotaGb: -1 })],
  ['LA: the largest commitment tier', ci({ sku: 'CapacityReservation', capacityReservationLevel: 5000 })],
  ['LA: legacy tiers (eligible subscriptions only)', ci({ sku: 'Standalone' })],
  ['LA: Per Node', ci({ sku: 'PerNode' })],
  ['LA: empty tags (no tags, not the feature\'s)', ci({ tags: {} })],
  ['LA: both access settings disabled', ci({ publicNetworkAccessForIngestion: 'Disabled', publicNetworkAccessForQuery: 'Disabled' })],
  ['AMW: access disabled', mp({ publicNetworkAccess: 'Disabled' })],
  ['AMW: created, with a cluster without ID (no Grafana)', mp({}, {}, ARC)],
  ['LA: created, with a deferred cluster ID', ci({}, {}, { ...AKS, resourceId: makeToken(3) })],
];

describe('validation: every rule names the prop and says what is allowed', () => {
  testRejectedRows(REJECTED, (row) => render(row.props));

  test.each(ACCEPTED)('accepted: %s', (_name, props) => {
    expect(() => render(props)).not.toThrow();
  });

  test('empty own tags are no tags (they replace the feature\'s)', () => {
    const s = render(ci({ tags: {} }, { tags: { team: 'x' } }));
    expect(byLogicalId(s, LOG_ANALYTICS_WORKSPACE_LOGICAL_ID)!.tags).toEqual({});
    expect(toArmResource(byLogicalId(s, LOG_ANALYTICS_WORKSPACE_LOGICAL_ID)!).tags).toBeUndefined();
  });

  testThrowSiteRegistry('workspaces.ts', SITES, REJECTED.map((r) => r.site));

  testUniqueRowNames([...REJECTED.map((r) => r.name), ...ACCEPTED.map(([n]) => n)]);
});
