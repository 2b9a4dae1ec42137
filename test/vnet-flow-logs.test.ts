/**
 * VNet flow logs: the model (watcher derivation, flow-log name, where it is deployed), the rendered
 * `Microsoft.Network/networkWatchers/flowLogs` against the ARM JSON schema, and one error-message test
 * per validation rule with a registry of the model's throw sites.
 */
import { validateArmResource, validateArmTemplate } from './support/arm-schema';
import { testRejectedRows, testThrowSiteRegistry, testUniqueRowNames } from './support/throw-sites';
import { ClusterModel, resolveCluster } from '../src/model/cluster';
import { makeToken } from '../src/model/tokens';
import { VnetFlowLogModel, VnetFlowLogProps, resolveVnetFlowLog, vnetFlowLogName } from '../src/model/vnet-flow-logs';
import { toArmResource, toArmTemplate } from '../src/render/arm-template';
import { FLOW_LOG_API_VERSION, FLOW_LOG_TYPE, PARAM_TA_WORKSPACE_CUSTOMER_ID, renderVnetFlowLog } from '../src/render/vnet-flow-logs';

type Obj = Record<string, any>;

const SUB_ID = '11111111-2222-4333-8444-555555555555';
const SUB = `/subscriptions/${SUB_ID}`;
const SUB2 = '/subscriptions/99999999-2222-4333-8444-555555555555';
const VNET = `${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/aks-vnet`;
const STORAGE = `${SUB}/resourceGroups/rg-logs/providers/Microsoft.Storage/storageAccounts/flowlogs01`;
const LAW = `${SUB2}/resourceGroups/rg-mon/providers/Microsoft.OperationalInsights/workspaces/law1`;
const CUSTOMER_ID = '0f0e0d0c-0b0a-4908-8706-050403020100';
const WATCHER_RG = `${SUB}/resourceGroups/NetworkWatcherRG`;
const AKS_ID = `${SUB}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks1`;

const PATH = 'networkObservability.vnetFlowLogs';
const AKS_CLUSTER: Obj = { name: 'aks1', region: 'westeurope', distribution: 'aks', resourceId: AKS_ID };
const ARC_CLUSTER: Obj = { name: 'arc1', region: 'eastus', distribution: 'k3s' };

const base = (extra: Obj = {}): Obj => ({ virtualNetworkId: VNET, region: 'westeurope', storageAccountId: STORAGE, retentionDays: 30, ...extra });
const ta = (workspace: Obj, extra: Obj = {}): Obj => base({ trafficAnalytics: { workspace, ...extra } });

function cluster(props: Obj = AKS_CLUSTER): ClusterModel {
  return resolveCluster('cluster', props);
}
function model(props: Obj, clusterProps: Obj = AKS_CLUSTER): VnetFlowLogModel {
  return resolveVnetFlowLog(PATH, props, cluster(clusterProps));
}
function render(props: Obj, clusterProps: Obj = AKS_CLUSTER) {
  const c = cluster(clusterProps);
  return renderVnetFlowLog(resolveVnetFlowLog(PATH, props, c), c);
}

describe('rendered flow log', () => {
  test('defaults: every field', () => {
    const r = render(base());
    const name = vnetFlowLogName(VNET, 'aks-vnet');
    expect(r.parameters).toEqual([]);
    expect(r.deployment).toEqual({ subscriptionId: SUB_ID, resourceGroup: 'NetworkWatcherRG' });
    expect(r.resources).toEqual([
      {
        logicalId: 'vnet-flow-log',
        type: 'Microsoft.Network/networkWatchers/flowLogs',
        apiVersion: '2025-07-01',
        name: `NetworkWatcher_westeurope/${name}`,
        location: 'westeurope',
        tags: {},
        properties: {
          targetResourceId: VNET,
          storageId: STORAGE,
          enabled: true,
          retentionPolicy: { days: 30, enabled: true },
          format: { type: 'JSON', version: 2 },
        },
      },
    ]);
    expect(FLOW_LOG_TYPE).toBe('Microsoft.Network/networkWatchers/flowLogs');
    expect(FLOW_LOG_API_VERSION).toBe('2025-07-01');
  });

  test('retention 0 keeps the records forever: the policy is off, as the service reports it', () => {
    expect(render(base({ retentionDays: 0 })).resources[0].properties.retentionPolicy).toEqual({ days: 0, enabled: false });
    expect(render(base({ retentionDays: 365 })).resources[0].properties.retentionPolicy).toEqual({ days: 365, enabled: true });
  });

  test('enabled: false, formatVersion 2, tags', () => {
    const r = render(base({ enabled: false, formatVersion: 2, tags: { team: 'net' } })).resources[0];
    expect(r.properties.enabled).toBe(false);
    expect(r.properties.format).toEqual({ type: 'JSON', version: 2 });
    expect(r.tags).toEqual({ team: 'net' });
  });

  test('traffic analytics with a customer ID', () => {
    const r = render(ta({ resourceId: LAW, region: 'North Europe', customerId: CUSTOMER_ID }, { intervalMinutes: 10 }));
    expect(r.parameters).toEqual([]);
    expect(r.resources[0].properties.flowAnalyticsConfiguration).toEqual({
      networkWatcherFlowAnalyticsConfiguration: {
        enabled: true,
        workspaceId: CUSTOMER_ID,
        workspaceRegion: 'northeurope',
        workspaceResourceId: LAW,
        trafficAnalyticsInterval: 10,
      },
    });
  });

  test('traffic analytics without a customer ID: an ARM parameter; interval 60 by default', () => {
    const r = render(ta({ resourceId: LAW, region: 'westeurope' }));
    expect(r.parameters.map((p) => p.name)).toEqual([PARAM_TA_WORKSPACE_CUSTOMER_ID]);
    expect(r.parameters[0].description).toMatch(/aks1/);
    const cfg = (r.resources[0].properties.flowAnalyticsConfiguration as Obj).networkWatcherFlowAnalyticsConfiguration;
    expect(cfg.workspaceId).toEqual({ $param: PARAM_TA_WORKSPACE_CUSTOMER_ID });
    expect(cfg.trafficAnalyticsInterval).toBe(60);
    const arm = toArmResource(r.resources[0]) as Obj;
    expect(arm.properties.flowAnalyticsConfiguration.networkWatcherFlowAnalyticsConfiguration.workspaceId).toBe(`[parameters('${PARAM_TA_WORKSPACE_CUSTOMER_ID}')]`);
  });

  test('deferred storage, workspace and customer IDs are copied as they are', () => {
    const workspace = { resourceId: makeToken(1), region: 'westeurope', customerId: makeToken(2) };
    const r = render(base({ storageAccountId: makeToken(0), trafficAnalytics: { workspace } }));
    const p = r.resources[0].properties as Obj;
    expect(p.storageId).toBe(makeToken(0));
    const cfg = p.flowAnalyticsConfiguration.networkWatcherFlowAnalyticsConfiguration;
    expect(cfg).toMatchObject({ workspaceResourceId: makeToken(1), workspaceId: makeToken(2) });
    expect(r.parameters).toEqual([]);
  });
});

describe('ARM schema (2025-07-01 Microsoft.Network.NRP.json networkWatchers_flowLogs)', () => {
  test.each([
    ['defaults', base()],
    ['retention 0, disabled, tags', base({ retentionDays: 0, enabled: false, tags: { a: 'b' } })],
    ['traffic analytics with customer ID', ta({ resourceId: LAW, region: 'westeurope', customerId: CUSTOMER_ID }, { intervalMinutes: 10 })],
    ['traffic analytics with parameter', ta({ resourceId: LAW, region: 'westeurope' })],
  ])('%s: the resource and a template of it are valid', (_name, props) => {
    const r = render(props);
    expect(r.resources.flatMap((x) => validateArmResource(toArmResource(x)))).toEqual([]);
    expect(validateArmTemplate(toArmTemplate('test', r.resources, r.parameters, {}))).toEqual([]);
  });

  test('the validator rejects a broken flow log (so the test above can fail)', () => {
    const arm = toArmResource(render(base()).resources[0]) as Obj;
    const broken = { ...arm, properties: { ...arm.properties, format: { type: 'CSV', version: 2 }, retentionDays: 3 } };
    delete broken.properties.storageId;
    const errors = validateArmResource(broken);
    expect(errors.join('\n')).toMatch(/storageId/);
    expect(errors.join('\n')).toMatch(/retentionDays/);
    expect(errors.length).toBeGreaterThanOrEqual(2);
  });
});

describe('network watcher and deployment group', () => {
  test('derived: NetworkWatcher_<region> in NetworkWatcherRG of the network\'s subscription', () => {
    const m = model(base({ region: 'West Europe' }));
    expect(m.watcher).toEqual({
      subscriptionId: SUB_ID,
      resourceGroup: 'NetworkWatcherRG',
      type: 'Microsoft.Network/networkWatchers',
      name: 'NetworkWatcher_westeurope',
      resourceId: `${WATCHER_RG}/providers/Microsoft.Network/networkWatchers/NetworkWatcher_westeurope`,
      derived: true,
    });
    expect(m.deployment).toEqual({ subscriptionId: SUB_ID, resourceGroup: 'NetworkWatcherRG' });
    expect(m.inClusterResourceGroup).toBe(false);
  });

  test('given: its group is the deployment group; in the cluster\'s group it can join the cluster\'s template', () => {
    const id = `${SUB}/resourceGroups/RG-AKS/providers/Microsoft.Network/networkWatchers/my-watcher`;
    const m = model(base({ networkWatcher: { resourceId: id } }));
    expect(m.watcher).toMatchObject({ name: 'my-watcher', resourceGroup: 'RG-AKS', resourceId: id, derived: false });
    expect(m.inClusterResourceGroup).toBe(true);
    expect(render(base({ networkWatcher: { resourceId: id } })).resources[0].name).toBe(`my-watcher/${m.flowLogName}`);
  });

  test('an automatic watcher name of the right region is accepted in any case', () => {
    const id = `${WATCHER_RG}/providers/Microsoft.Network/networkWatchers/networkwatcher_WestEurope`;
    expect(model(base({ networkWatcher: { resourceId: id } })).watcher.name).toBe('networkwatcher_WestEurope');
  });

  test('without a literal cluster ID the placement relative to the cluster is unknown', () => {
    expect(model(base({ region: 'eastus' }), ARC_CLUSTER).inClusterResourceGroup).toBeUndefined();
    expect('inClusterResourceGroup' in model(base({ region: 'eastus' }), ARC_CLUSTER)).toBe(false);
  });

  test('an Arc cluster\'s network may be in another region', () => {
    expect(model(base({ region: 'westeurope' }), ARC_CLUSTER).watcher.name).toBe('NetworkWatcher_westeurope');
  });
});

describe('flow log name', () => {
  test('<vnet>-flowlog-<6 hex of the lower-cased ID>: stable across letter case, distinct per network', () => {
    const n = vnetFlowLogName(VNET, 'aks-vnet');
    expect(n).toMatch(/^aks-vnet-flowlog-[0-9a-f]{6}$/);
    expect(model(base({ virtualNetworkId: VNET.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/') })).flowLogName.toLowerCase()).toBe(n.toLowerCase());
    expect(model(base()).flowLogName).toBe(n);
    const other = VNET.replace('rg-net', 'rg-net2');
    expect(vnetFlowLogName(other, 'aks-vnet')).not.toBe(n);
  });

  test('a 64-character network name gives a name of at most 80 characters that ends with a letter or digit', () => {
    const long = `v${'x'.repeat(62)}_`;
    const m = model(base({ virtualNetworkId: VNET.replace('aks-vnet', long) }));
    expect(m.flowLogName.length).toBe(79);
    expect(m.flowLogName).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,78}[A-Za-z0-9_]$/);
  });
});

// =================================================================================================
// Validation: one row per rule (the path named and the message), plus a registry of throw sites
// =================================================================================================

/** Each `throw new ValidationError(` of src/model/vnet-flow-logs.ts, by a snippet unique in that file. */
const SITES = {
  vnetToken: 'the flow log\'s name and its network watcher are derived from it',
  vnetName: 'expected a virtual network name of 2-64',
  aksRegion: 'an AKS cluster\'s virtual network is in the cluster\'s region',
  storageName: 'expected a storage account name of 3-24',
  retention: 'days the records are kept; 0 keeps them forever',
  formatVersion: 'expected 2 (JSON format version 2',
  watcherName: 'expected a network watcher name of 1-80',
  watcherSubscription: 'a watcher serves its own subscription',
  watcherRegion: 'the flow log\'s watcher is in the network\'s region',
  taWorkspaceMissing: 'expected the Log Analytics workspace of traffic analytics',
  taInterval: 'expected 10 or 60 (minutes between traffic analytics runs)',
} as const;
type SiteId = keyof typeof SITES;

interface Row {
  readonly name: string;
  /** Registered throw site of src/model/vnet-flow-logs.ts reached by the row, if any. */
  readonly site?: SiteId;
  readonly props: Obj;
  readonly cluster?: Obj;
  readonly path: string;
  readonly message: RegExp;
}

const W = `${PATH}.networkWatcher.resourceId`;
const TW = `${PATH}.trafficAnalytics.workspace`;
const watcher = (id: string): Obj => base({ networkWatcher: { resourceId: id } });

const REJECTED: Row[] = [
  // props
  { name: 'unknown prop', props: base({ retentionDay: 3 }), path: `${PATH}.retentionDay`, message: /unknown prop.*Did you mean "retentionDays"/ },
  { name: 'props not an object', props: [] as unknown as Obj, path: PATH, message: /expected an object/ },
  // virtual network
  { name: 'no virtual network', props: base({ virtualNetworkId: undefined }), path: `${PATH}.virtualNetworkId`, message: /expected a string/ },
  { name: 'deferred virtual network ID', site: 'vnetToken', props: base({ virtualNetworkId: makeToken(0) }), path: `${PATH}.virtualNetworkId`, message: /literal ID/ },
  { name: 'subnet instead of network', props: base({ virtualNetworkId: `${VNET}/subnets/nodes` }), path: `${PATH}.virtualNetworkId`, message: /ARM resource ID like/ },
  { name: 'NSG instead of network', props: base({ virtualNetworkId: VNET.replace('virtualNetworks', 'networkSecurityGroups') }), path: `${PATH}.virtualNetworkId`, message: /Microsoft\.Network\/virtualNetworks/ },
  { name: 'network name ending with "-"', site: 'vnetName', props: base({ virtualNetworkId: VNET.replace('aks-vnet', 'aks-vnet-') }), path: `${PATH}.virtualNetworkId`, message: /2-64/ },
  { name: 'network name of 65 characters', site: 'vnetName', props: base({ virtualNetworkId: VNET.replace('aks-vnet', 'v'.repeat(65)) }), path: `${PATH}.virtualNetworkId`, message: /2-64/ },
  // region
  { name: 'no region', props: base({ region: undefined }), path: `${PATH}.region`, message: /Azure region/ },
  { name: 'unknown region', props: base({ region: 'westeurop' }), path: `${PATH}.region`, message: /Did you mean "westeurope"/ },
  { name: 'AKS network in another region', site: 'aksRegion', props: base({ region: 'northeurope' }), path: `${PATH}.region`, message: /cluster's region "westeurope"/ },
  // watcher
  { name: 'watcher not an object', props: base({ networkWatcher: 'NetworkWatcher_westeurope' }), path: `${PATH}.networkWatcher`, message: /expected an object/ },
  { name: 'watcher of another type', props: watcher(VNET), path: W, message: /Microsoft\.Network\/networkWatchers/ },
  { name: 'watcher name ending with "."', site: 'watcherName', props: watcher(`${WATCHER_RG}/providers/Microsoft.Network/networkWatchers/nw.`), path: W, message: /1-80/ },
  { name: 'watcher in another subscription', site: 'watcherSubscription', props: watcher(`${SUB2}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_westeurope`), path: W, message: /virtual network's subscription/ },
  { name: 'automatic watcher of another region', site: 'watcherRegion', props: watcher(`${WATCHER_RG}/providers/Microsoft.Network/networkWatchers/NetworkWatcher_eastus`), path: W, message: /NetworkWatcher_westeurope/ },
  // storage
  { name: 'no storage account', props: base({ storageAccountId: undefined }), path: `${PATH}.storageAccountId`, message: /expected a string/ },
  { name: 'storage ID of another type', props: base({ storageAccountId: LAW }), path: `${PATH}.storageAccountId`, message: /Microsoft\.Storage\/storageAccounts/ },
  { name: 'storage name with capitals', site: 'storageName', props: base({ storageAccountId: STORAGE.replace('flowlogs01', 'FlowLogs01') }), path: `${PATH}.storageAccountId`, message: /3-24 lower-case/ },
  // retention and format
  { name: 'no retention', site: 'retention', props: base({ retentionDays: undefined }), path: `${PATH}.retentionDays`, message: /0 to 365.*forever/ },
  { name: 'retention 366', site: 'retention', props: base({ retentionDays: 366 }), path: `${PATH}.retentionDays`, message: /0 to 365/ },
  { name: 'retention -1', site: 'retention', props: base({ retentionDays: -1 }), path: `${PATH}.retentionDays`, message: /0 to 365/ },
  { name: 'retention 1.5', site: 'retention', props: base({ retentionDays: 1.5 }), path: `${PATH}.retentionDays`, message: /integer/ },
  { name: 'format version 1', site: 'formatVersion', props: base({ formatVersion: 1 }), path: `${PATH}.formatVersion`, message: /expected 2/ },
  { name: 'format version "2"', site: 'formatVersion', props: base({ formatVersion: '2' }), path: `${PATH}.formatVersion`, message: /expected 2/ },
  // enabled, tags
  { name: 'enabled not a boolean', props: base({ enabled: 'yes' }), path: `${PATH}.enabled`, message: /true or false/ },
  { name: 'tag name with a slash', props: base({ tags: { 'a/b': 'v' } }), path: `${PATH}.tags`, message: /tag name without/ },
  // traffic analytics
  { name: 'traffic analytics without workspace', site: 'taWorkspaceMissing', props: base({ trafficAnalytics: {} }), path: TW, message: /Log Analytics workspace/ },
  { name: 'unknown traffic analytics prop', props: base({ trafficAnalytics: { workspace: { resourceId: LAW, region: 'westeurope' }, interval: 10 } }), path: `${PATH}.trafficAnalytics.interval`, message: /unknown prop/ },
  { name: 'workspace of another type', props: ta({ resourceId: STORAGE, region: 'westeurope' }), path: `${TW}.resourceId`, message: /Microsoft\.OperationalInsights\/workspaces/ },
  { name: 'workspace without region', props: ta({ resourceId: LAW }), path: `${TW}.region`, message: /Azure region/ },
  { name: 'customer ID not a GUID', props: ta({ resourceId: LAW, region: 'westeurope', customerId: 'law1' }), path: `${TW}.customerId`, message: /GUID/ },
  { name: 'workspace ID in the customer ID', props: ta({ resourceId: LAW, region: 'westeurope', customerId: LAW }), path: `${TW}.customerId`, message: /customer ID/ },
  { name: 'interval 30', site: 'taInterval', props: ta({ resourceId: LAW, region: 'westeurope' }, { intervalMinutes: 30 }), path: `${PATH}.trafficAnalytics.intervalMinutes`, message: /10 or 60/ },
  { name: 'interval "10"', site: 'taInterval', props: ta({ resourceId: LAW, region: 'westeurope' }, { intervalMinutes: '10' }), path: `${PATH}.trafficAnalytics.intervalMinutes`, message: /10 or 60/ },
];

describe('validation: every rule names the prop and says what is allowed', () => {
  testRejectedRows(REJECTED, (row) => model(row.props, row.cluster ?? AKS_CLUSTER));

  test.each([
    ['retention 0', base({ retentionDays: 0 })],
    ['retention 365', base({ retentionDays: 365 })],
    ['network name of 2 characters', base({ virtualNetworkId: VNET.replace('aks-vnet', 'v1') })],
    ['network name ending with "_"', base({ virtualNetworkId: VNET.replace('aks-vnet', 'vnet_') })],
    ['watcher of 80 characters', watcher(`${WATCHER_RG}/providers/Microsoft.Network/networkWatchers/${'w'.repeat(80)}`)],
    ['watcher subscription in another case', watcher(`${SUB.toUpperCase()}/resourceGroups/x/providers/Microsoft.Network/networkWatchers/nw`)],
    ['deferred storage ID', base({ storageAccountId: makeToken(0) })],
    ['interval 10', ta({ resourceId: LAW, region: 'westeurope' }, { intervalMinutes: 10 })],
    ['50 tags', base({ tags: Object.fromEntries([...Array(50).keys()].map((i) => [`t${i}`, 'v'])) })],
  ])('accepted: %s', (_name, props) => {
    expect(() => model(props)).not.toThrow();
  });

  testThrowSiteRegistry('vnet-flow-logs.ts', SITES, REJECTED.map((r) => r.site));

  testUniqueRowNames(REJECTED.map((r) => r.name));
});

describe('typing', () => {
  test('formatVersion and intervalMinutes are closed sets (compile-time check)', () => {
    const ok: VnetFlowLogProps = { virtualNetworkId: VNET, region: 'westeurope', storageAccountId: STORAGE, retentionDays: 0, formatVersion: 2 };
    // @ts-expect-error: only version 2
    const bad: VnetFlowLogProps = { ...ok, formatVersion: 1 };
    // @ts-expect-error: only 10 or 60
    const badInterval: VnetFlowLogProps = { ...ok, trafficAnalytics: { workspace: { resourceId: LAW, region: 'westeurope' }, intervalMinutes: 30 } };
    expect([ok, bad, badInterval]).toHaveLength(3);
  });
});
