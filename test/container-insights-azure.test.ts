import { FLEET } from '../examples/fleet';
import {
  ContainerInsightsProps,
  MonitoringStackProps,
  armLiteral,
  dcrName,
  ingestionDceName,
  renderMonitoringStack,
  tenantDcrName,
  truncateName,
} from '../src';
import { validateArmTemplate } from './support/arm-schema';

const SUB = '/subscriptions/11111111-2222-4333-8444-555555555555';
const AKS_ID = `${SUB}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks1`;
const WS = `${SUB}/resourceGroups/rg-mon/providers/Microsoft.OperationalInsights/workspaces/law1`;
const WS_B = `${SUB}/resourceGroups/rg-b/providers/Microsoft.OperationalInsights/workspaces/law-b`;

function aks(ci: Partial<ContainerInsightsProps> = {}, cluster: Partial<MonitoringStackProps['cluster']> = {}) {
  return renderMonitoringStack({
    cluster: { name: 'aks1', region: 'westeurope', distribution: 'aks', resourceId: AKS_ID, ...cluster },
    containerInsights: { logAnalyticsWorkspace: { resourceId: WS, region: 'westeurope' }, ...ci },
  });
}

function byType(stack: ReturnType<typeof aks>, type: string) {
  return stack.armTemplate.resources.filter((r) => r.type === type) as any[];
}

const DCR = 'Microsoft.Insights/dataCollectionRules';
const DCE = 'Microsoft.Insights/dataCollectionEndpoints';
const DCRA = 'Microsoft.Insights/dataCollectionRuleAssociations';

describe('names follow the product rules', () => {
  test('DCR: MSCI-<workspaceRegion>-<cluster>, cut to 64, trailing "-" dropped', () => {
    expect(dcrName('westeurope', 'aks1')).toBe('MSCI-westeurope-aks1');
    const long = 'a'.repeat(63);
    expect(dcrName('westeurope', long)).toHaveLength(64);
    // cut lands on a "-": the dash goes
    const cluster = `${'b'.repeat(47)}-x`; // MSCI-westeurope- is 16 chars; 16 + 47 = 63, char 64 is "-"
    expect(dcrName('westeurope', cluster)).toBe(`MSCI-westeurope-${'b'.repeat(47)}`);
  });

  test('DCE: MSCI-ingest-<region>-<cluster>, cut to 43, then 42 if it ends with "-"', () => {
    expect(ingestionDceName('westeurope', 'aks1')).toBe('MSCI-ingest-westeurope-aks1');
    expect(ingestionDceName('westeurope', 'c'.repeat(40))).toHaveLength(43);
    const cluster = `${'d'.repeat(19)}-rest`; // MSCI-ingest-westeurope- is 23 chars; 23 + 19 = 42; char 43 is "-"
    expect(ingestionDceName('westeurope', cluster)).toBe(`MSCI-ingest-westeurope-${'d'.repeat(19)}`);
    expect(truncateName('abc-', 4)).toBe('abc');
  });

  test('tenant rule names keep the tenant whole even for the longest cluster names', () => {
    const n1 = tenantDcrName('australiasoutheast', 'x'.repeat(63), 'team-a');
    const n2 = tenantDcrName('australiasoutheast', 'x'.repeat(63), 'team-b');
    expect(n1).not.toBe(n2);
    expect(n1).toHaveLength(64);
    expect(n1).toMatch(/^MSCI-multi-tenancy-team-a-australiasoutheast-x+-[0-9a-f]{8}$/);
    expect(tenantDcrName('westeurope', 'aks1', 'team-a')).toBe('MSCI-multi-tenancy-team-a-westeurope-aks1');
  });

  test('tenant rule names of two clusters with a long common prefix differ (one resource group, one fleet)', () => {
    const a = tenantDcrName('germanywestcentral', 'payments-prod-germany-aks-01', 'platform-observabil');
    const b = tenantDcrName('germanywestcentral', 'payments-prod-germany-aks-02', 'platform-observabil');
    expect(a).not.toBe(b);
    expect(a.length).toBeLessThanOrEqual(64);
    expect(b.length).toBeLessThanOrEqual(64);
  });

  test('the region in names is normalized ("West Europe" -> westeurope)', () => {
    const s = aks({ logAnalyticsWorkspace: { resourceId: WS, region: 'West Europe' } });
    expect(byType(s, DCR)[0].name).toBe('MSCI-westeurope-aks1');
  });
});

describe('data collection rule', () => {
  test('default: the logs-and-events preset, 1m, no namespace filter, ContainerLogV2', () => {
    const s = aks();
    const [dcr] = byType(s, DCR);
    const ext = dcr.properties.dataSources.extensions[0];
    expect(ext).toMatchObject({ name: 'ContainerInsightsExtension', extensionName: 'ContainerInsights' });
    expect(ext.streams).toEqual(['Microsoft-ContainerLogV2', 'Microsoft-KubeEvents', 'Microsoft-KubePodInventory']);
    expect(ext.extensionSettings.dataCollectionSettings).toEqual({ interval: '1m', namespaceFilteringMode: 'Off', enableContainerLogV2: true });
    expect(dcr.properties.dataFlows).toEqual([{ streams: ext.streams, destinations: ['ciworkspace'] }]);
    expect(dcr.properties.destinations.logAnalytics).toEqual([{ name: 'ciworkspace', workspaceResourceId: WS }]);
    expect(dcr.properties.dataCollectionEndpointId).toBeUndefined();
    expect(byType(s, DCE)).toHaveLength(0);
    expect(dcr.properties.dataSources.syslog).toBeUndefined();
  });

  test('cost-optimized: 5m and the three system namespaces excluded, all standard streams', () => {
    const ext = byType(aks({ dataCollection: { preset: 'cost-optimized' } }), DCR)[0].properties.dataSources.extensions[0];
    expect(ext.extensionSettings.dataCollectionSettings).toEqual({
      interval: '5m',
      namespaceFilteringMode: 'Exclude',
      namespaces: ['kube-system', 'gatekeeper-system', 'azure-arc'],
      enableContainerLogV2: true,
    });
    expect(ext.streams).toHaveLength(11);
    expect(ext.streams).not.toContain('Microsoft-ContainerLog');
  });

  test('explicit props override the preset', () => {
    const ext = byType(aks({ dataCollection: { preset: 'cost-optimized', interval: '10m', namespaceFilteringMode: 'Include', namespaces: ['apps'] } }), DCR)[0]
      .properties.dataSources.extensions[0];
    expect(ext.extensionSettings.dataCollectionSettings).toMatchObject({ interval: '10m', namespaceFilteringMode: 'Include', namespaces: ['apps'] });
  });

  test('groups: performance and persistent volumes, de-duplicated in a stable order', () => {
    const ext = byType(aks({ dataCollection: { collect: ['persistent-volumes', 'performance'] } }), DCR)[0].properties.dataSources.extensions[0];
    expect(ext.streams).toEqual(['Microsoft-KubePVInventory', 'Microsoft-InsightsMetrics', 'Microsoft-Perf']);
  });

  test('ContainerLogV2 off: the v1 stream, enableContainerLogV2 false, and no v2 schema in the ConfigMap', () => {
    const s = aks({ containerLogV2: false });
    const ext = byType(s, DCR)[0].properties.dataSources.extensions[0];
    expect(ext.streams[0]).toBe('Microsoft-ContainerLog');
    expect(ext.extensionSettings.dataCollectionSettings.enableContainerLogV2).toBe(false);
    expect((s.kubernetesObjects[0].data as Record<string, string>)['log-data-collection-settings']).not.toContain('containerlog_schema_version');
  });

  test('Syslog: a syslog data source and its own data flow', () => {
    const [dcr] = byType(aks({ syslog: { facilities: ['kern'], logLevels: ['Error'] } }), DCR);
    expect(dcr.properties.dataSources.syslog).toEqual([
      { name: 'sysLogsDataSource', streams: ['Microsoft-Syslog'], facilityNames: ['kern'], logLevels: ['Error'] },
    ]);
    expect(dcr.properties.dataFlows[1]).toEqual({ streams: ['Microsoft-Syslog'], destinations: ['ciworkspace'] });
    const preset = byType(aks({ dataCollection: { preset: 'syslog' } }), DCR)[0];
    expect(preset.properties.dataSources.syslog[0].facilityNames).toHaveLength(20);
    expect(preset.properties.dataSources.syslog[0].logLevels).toHaveLength(8);
  });

  test('high log scale: the -HighScale stream instead of ContainerLogV2, an ingestion DCE, dependsOn', () => {
    const s = aks({ highLogScale: true });
    const [dcr] = byType(s, DCR);
    const streams = dcr.properties.dataSources.extensions[0].streams;
    expect(streams).toContain('Microsoft-ContainerLogV2-HighScale');
    expect(streams).not.toContain('Microsoft-ContainerLogV2');
    const [dce] = byType(s, DCE);
    expect(dce).toMatchObject({ name: 'MSCI-ingest-westeurope-aks1', location: 'westeurope', kind: 'Linux', properties: { networkAcls: { publicNetworkAccess: 'Enabled' } } });
    const dceRef = "[resourceId('Microsoft.Insights/dataCollectionEndpoints', 'MSCI-ingest-westeurope-aks1')]";
    expect(dcr.properties.dataCollectionEndpointId).toBe(dceRef);
    expect(dcr.dependsOn).toEqual([dceRef]);
  });

  test('the DCR lives in the workspace region, the association on the cluster', () => {
    const s = aks({ logAnalyticsWorkspace: { resourceId: WS, region: 'northeurope' } });
    const [dcr] = byType(s, DCR);
    expect(dcr).toMatchObject({ name: 'MSCI-northeurope-aks1', location: 'northeurope' });
    const [dcra] = byType(s, DCRA);
    expect(dcra).toMatchObject({
      name: 'ContainerInsightsExtension',
      scope: AKS_ID,
      properties: { dataCollectionRuleId: "[resourceId('Microsoft.Insights/dataCollectionRules', 'MSCI-northeurope-aks1')]" },
    });
    expect(dcra.location).toBeUndefined();
  });

  test('tags go on the rule and the endpoint, not on the association', () => {
    const s = aks({ highLogScale: true, tags: { env: 'prod' } });
    expect(byType(s, DCR)[0].tags).toEqual({ env: 'prod' });
    expect(byType(s, DCE)[0].tags).toEqual({ env: 'prod' });
    expect(byType(s, DCRA)[0].tags).toBeUndefined();
  });

  test('workspace-key auth renders no Azure resources (the agent reads no rule then)', () => {
    const s = aks({ authentication: 'workspace-key' });
    expect(s.azureResources).toEqual([]);
    expect(s.armTemplate.resources).toEqual([]);
    expect(s.kubernetesObjects).toHaveLength(1);
  });
});

describe('unknown IDs become template parameters', () => {
  test('workspace and cluster IDs', () => {
    const s = renderMonitoringStack({
      cluster: { name: 'k3s-a', region: 'eastus', distribution: 'k3s' },
      containerInsights: { logAnalyticsWorkspace: { region: 'eastus' } },
      onboarding: { containerInsights: false },
    });
    expect(s.armTemplate.parameters).toEqual({
      clusterResourceId: {
        type: 'string',
        defaultValue: "[resourceId('Microsoft.Kubernetes/connectedClusters', 'k3s-a')]",
        metadata: { description: expect.stringContaining('k3s-a') },
      },
      logAnalyticsWorkspaceResourceId: { type: 'string', metadata: { description: expect.any(String) } },
    });
    const dcr = s.armTemplate.resources.find((r) => r.type === DCR) as any;
    expect(dcr.properties.destinations.logAnalytics[0].workspaceResourceId).toBe("[parameters('logAnalyticsWorkspaceResourceId')]");
    expect(dcr.location).toBe('eastus');
    const dcra = s.armTemplate.resources.find((r) => r.type === DCRA) as any;
    expect(dcra.scope).toBe("[parameters('clusterResourceId')]");
    expect(validateArmTemplate(s.armTemplate)).toEqual([]);
  });
});

describe('multi-tenant logging', () => {
  const tenants: ContainerInsightsProps['multiTenancy'] = {
    tenants: [
      { name: 'team-a', namespaces: ['a1', 'a2'], logAnalyticsWorkspace: { resourceId: WS_B, region: 'westeurope' }, transformKql: "source | where LogLevel == 'ERROR'" },
      { name: 'team-b', namespaces: ['b1'], logAnalyticsWorkspace: { region: 'swedencentral' } },
    ],
  };
  const s = aks({ highLogScale: true, multiTenancy: tenants });

  test('one ContainerLogV2Extension rule and association per tenant', () => {
    const rules = byType(s, DCR).filter((r) => r.properties.dataSources.extensions[0].extensionName === 'ContainerLogV2Extension');
    expect(rules.map((r) => r.name)).toEqual(['MSCI-multi-tenancy-team-a-westeurope-aks1', 'MSCI-multi-tenancy-team-b-swedencentral-aks1']);
    expect(rules[0].properties.dataSources.extensions[0]).toEqual({
      name: 'ContainerLogV2Extension',
      extensionName: 'ContainerLogV2Extension',
      streams: ['Microsoft-ContainerLogV2-HighScale'],
      extensionSettings: { dataCollectionSettings: { namespaces: ['a1', 'a2'] } },
    });
    expect(rules[0].properties.dataFlows).toEqual([
      { streams: ['Microsoft-ContainerLogV2-HighScale'], destinations: ['ciworkspace'], transformKql: "source | where LogLevel == 'ERROR'" },
    ]);
    expect(rules[0].properties.destinations.logAnalytics[0].workspaceResourceId).toBe(WS_B);
    expect(rules[1].properties.destinations.logAnalytics[0].workspaceResourceId).toBe("[parameters('tenant_team_b_workspaceResourceId')]");
    const assocs = byType(s, DCRA).map((r) => r.name);
    expect(assocs).toEqual(['ContainerInsightsExtension', 'ContainerLogV2Extension-team-a', 'ContainerLogV2Extension-team-b']);
  });

  test('one ingestion endpoint per region, shared by the rules of that region', () => {
    expect(byType(s, DCE).map((r) => r.name)).toEqual(['MSCI-ingest-westeurope-aks1', 'MSCI-ingest-swedencentral-aks1']);
    const teamA = byType(s, DCR).find((r) => r.name.includes('team-a'));
    expect(teamA.properties.dataCollectionEndpointId).toContain('MSCI-ingest-westeurope-aks1');
  });

  test('the ConfigMap turns multi-tenancy on', () => {
    expect((s.kubernetesObjects[0].data as any)['log-data-collection-settings']).toContain('[log_collection_settings.multi_tenancy]\nenabled = true');
  });

  test('valid against the ARM schemas', () => {
    expect(validateArmTemplate(s.armTemplate)).toEqual([]);
  });
});

describe('ARM literal strings', () => {
  test('a literal starting with "[" is escaped so ARM does not evaluate it', () => {
    expect(armLiteral('[x]')).toBe('[[x]');
    expect(armLiteral('x[')).toBe('x[');
    const s = aks({ highLogScale: true, multiTenancy: { tenants: [{ name: 't', namespaces: ['n'], logAnalyticsWorkspace: { resourceId: WS_B, region: 'westeurope' }, transformKql: '[bracketed] | take 1]' }] } });
    const rule = byType(s, DCR).find((r) => r.name.includes('-t-'));
    expect(rule.properties.dataFlows[0].transformKql).toBe('[[bracketed] | take 1]');
  });
});

describe('no rename on an unrelated change', () => {
  /** Type/name of every Azure resource and apiVersion/kind/namespace/name of every Kubernetes object. */
  function identities(s: ReturnType<typeof aks>): string[] {
    return [
      ...s.armTemplate.resources.map((r) => `${r.type}/${r.name}`),
      ...s.kubernetesObjects.map((o) => `${o.apiVersion}/${o.kind}/${o.metadata.namespace}/${o.metadata.name}`),
    ];
  }

  test('settings that do not name anything leave every name as it is', () => {
    const base = identities(aks({ highLogScale: true }));
    const variants: Array<Partial<ContainerInsightsProps>> = [
      { highLogScale: true, dataCollection: { preset: 'cost-optimized' } },
      { highLogScale: true, dataCollection: { interval: '15m', collect: ['performance', 'logs-and-events'] } },
      { highLogScale: true, syslog: true, tags: { env: 'prod' } },
      { highLogScale: true, logCollection: { multiline: { enabled: true } }, agentSettings: { chunk: { podsChunkSize: 300 } } },
      { highLogScale: true, logAnalyticsWorkspace: { resourceId: WS_B, region: 'westeurope' } },
      { highLogScale: true, alertableMetricThresholds: { pvUsagePercentage: 80 }, configVersion: 'v2' },
    ];
    for (const v of variants) expect(identities(aks(v))).toEqual(base);
  });

  test('adding a tenant adds resources and renames none', () => {
    const before = identities(aks({ highLogScale: true }));
    const after = identities(
      aks({ highLogScale: true, multiTenancy: { tenants: [{ name: 'team-a', namespaces: ['a'], logAnalyticsWorkspace: { resourceId: WS_B, region: 'westeurope' } }] } }),
    );
    expect(after).toEqual(expect.arrayContaining(before));
    // ... and a tenant's names do not depend on its namespaces or workspace
    const moved = identities(
      aks({ highLogScale: true, multiTenancy: { tenants: [{ name: 'team-a', namespaces: ['a', 'b'], logAnalyticsWorkspace: { resourceId: WS, region: 'westeurope' } }] } }),
    );
    expect(moved).toEqual(after);
  });
});

describe('ARM parameter names', () => {
  test('tenants whose names differ only in dash placement get distinct parameters (ARM ignores case)', () => {
    const s = aks({
      highLogScale: true,
      multiTenancy: {
        tenants: [
          { name: 'a-bc', namespaces: ['n1'], logAnalyticsWorkspace: { region: 'westeurope' } },
          { name: 'ab-c', namespaces: ['n2'], logAnalyticsWorkspace: { region: 'westeurope' } },
        ],
      },
    });
    const names = Object.keys(s.armTemplate.parameters);
    expect(names).toEqual(['tenant_a_bc_workspaceResourceId', 'tenant_ab_c_workspaceResourceId']);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    expect(validateArmTemplate(s.armTemplate)).toEqual([]);
  });
});

describe('a fleet shares resource groups without name clashes', () => {
  test('the example fleet: every (resource group, type, name) is unique across clusters', () => {
    const seen = new Map<string, string>();
    for (const [cluster, props] of Object.entries(FLEET)) {
      const s = renderMonitoringStack(props);
      const group = s.cluster.resourceGroup ?? '(deployment group)';
      for (const r of s.azureResources) {
        const key = `${group}|${r.type}|${typeof r.scope === 'string' ? r.scope : ''}|${r.name.toLowerCase()}`;
        expect({ key, clash: seen.get(key) }).toEqual({ key, clash: undefined });
        seen.set(key, cluster);
      }
    }
  });
});
