import { createHash } from 'crypto';
import { ValidationError } from '../errors';
import { checkBoolean, checkProps, checkString, checkTags } from './check';
import { ClusterModel, ParsedResourceId, parseResourceId } from './cluster';
import { MANAGED_CLUSTER_TYPE } from './distribution';
import { normalizeRegion } from './regions';
import { isToken } from './tokens';

// =================================================================================================
// VNet flow logs for the cluster's egress (network observability, issue 4): one
// `Microsoft.Network/networkWatchers/flowLogs` on the cluster's virtual network, written to a storage
// account and optionally analysed by traffic analytics in a Log Analytics workspace.
// Facts: shared/reference/NOTES-network-observability.md §7 (tags [NO §7], with its source keys
// NW-MANAGE, NW-VNETFL, QS-FL, SPEC-FL, BT-NET-2505) and NOTES-azure-resources.md §1 row 10, §3.10
// ([AR §3.10]); ARM schema 2025-07-01/Microsoft.Network.NRP.json `networkWatchers_flowLogs`.
//
// Where the flow log lives: it is a child of the region's network watcher, and a child resource is
// created in its parent's resource group. Azure creates one watcher per subscription and region,
// `NetworkWatcher_<region>` in resource group `NetworkWatcherRG`, when the first virtual network of
// that region is created [NO §7, AR §3.10]. This module never creates the watcher: it must exist
// (it is referenced as an existing resource); a second watcher of the region could not be created.
// The model carries the watcher's subscription and group (`deployment`) so each engine can place
// the flow log there: Pulumi's `resourceGroupName`, ASO's owner `armId`, and for ARM a template
// deployed to that group (see render/vnet-flow-logs.ts: it is NOT part of the cluster's template
// unless `inClusterResourceGroup` is true).
// =================================================================================================

/** The network watcher that owns the flow log. */
export interface NetworkWatcherRef {
  /**
   * ARM resource ID of the watcher (`/subscriptions/.../providers/Microsoft.Network/networkWatchers/<name>`).
   * Must be in the virtual network's subscription; a watcher named `NetworkWatcher_<region>` must
   * name the virtual network's region.
   * @default - the watcher Azure creates automatically: `NetworkWatcher_<region>` in resource group
   * `NetworkWatcherRG` of the virtual network's subscription
   */
  readonly resourceId?: string;
}

/** The Log Analytics workspace of traffic analytics. */
export interface TrafficAnalyticsWorkspaceRef {
  /** ARM resource ID (`/subscriptions/.../providers/Microsoft.OperationalInsights/workspaces/<name>`). */
  readonly resourceId: string;
  /** Region of the workspace (ARM `workspaceRegion`), e.g. `westeurope`. */
  readonly region: string;
  /**
   * The workspace's customer ID (its "Workspace ID" GUID; ARM `workspaceId`).
   * @default - the ARM template takes it as parameter `trafficAnalyticsWorkspaceCustomerId`
   */
  readonly customerId?: string;
}

/** Traffic analytics on the flow logs (billed separately from the flow logs [NO §7]). */
export interface TrafficAnalyticsProps {
  /** Where traffic analytics writes its results. */
  readonly workspace: TrafficAnalyticsWorkspaceRef;
  /**
   * How often traffic analytics processes the logs, in minutes: 10 or 60 [NO §7].
   * @default 60 (the portal's default)
   */
  readonly intervalMinutes?: 10 | 60;
}

/** VNet flow logs of the cluster's virtual network. */
export interface VnetFlowLogProps {
  /**
   * ARM resource ID of the cluster's virtual network
   * (`/subscriptions/.../providers/Microsoft.Network/virtualNetworks/<name>`). Must be a literal: the
   * flow log's name and the default watcher are derived from it.
   */
  readonly virtualNetworkId: string;
  /**
   * Region of the virtual network (e.g. `westeurope`): the flow log and its watcher are in this
   * region [NO §7]. For an AKS cluster it must be the cluster's region.
   */
  readonly region: string;
  /**
   * The network watcher of the region.
   * @default - `NetworkWatcher_<region>` in `NetworkWatcherRG` of the virtual network's subscription
   */
  readonly networkWatcher?: NetworkWatcherRef;
  /**
   * ARM resource ID of the storage account receiving the records (`Microsoft.Storage/storageAccounts`).
   * The service requires a standard (not premium) account in the virtual network's region and Entra
   * tenant; retention needs a general-purpose v2 account [NO §7]. Neither can be checked here.
   */
  readonly storageAccountId: string;
  /**
   * Days the records are kept in the storage account, 0 to 365; 0 keeps them forever [NO §7, QS-FL].
   */
  readonly retentionDays: number;
  /**
   * The record format version (ARM `format.version`, type `JSON`). Only 2, the version of the VNet
   * flow-log examples [NO §7].
   * @default 2
   */
  readonly formatVersion?: 2;
  /**
   * Whether the flow log records (`false` keeps the resource but stops logging).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Traffic analytics on the logs.
   * @default - none
   */
  readonly trafficAnalytics?: TrafficAnalyticsProps;
  /**
   * Tags of the flow log resource.
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

/** A validated VNet flow log. */
export interface VnetFlowLogModel {
  /** The virtual network ID as given, and its parts. */
  readonly virtualNetwork: ParsedResourceId & { readonly resourceId: string };
  readonly region: string;
  readonly watcher: ParsedResourceId & {
    readonly resourceId: string;
    /** True when derived (`NetworkWatcher_<region>` in `NetworkWatcherRG`), false when given. */
    readonly derived: boolean;
  };
  /** The flow log's own name (the second segment of the ARM name `<watcher>/<flowLog>`). */
  readonly flowLogName: string;
  /** Where the flow log is created: the watcher's subscription and resource group. */
  readonly deployment: { readonly subscriptionId: string; readonly resourceGroup: string };
  /**
   * Whether `deployment` is the cluster's subscription and resource group (where the stack's ARM
   * template is deployed); undefined when the cluster ID is not a literal.
   */
  readonly inClusterResourceGroup?: boolean;
  /** Literal ID or deferred token. */
  readonly storageAccountId: string;
  readonly retentionDays: number;
  readonly formatVersion: 2;
  readonly enabled: boolean;
  readonly trafficAnalytics?: {
    /** Literal ID or deferred token. */
    readonly workspaceResourceId: string;
    readonly workspaceRegion: string;
    /** A GUID, a deferred token, or undefined (ARM parameter). */
    readonly customerId?: string;
    readonly intervalMinutes: 10 | 60;
  };
  readonly tags: Record<string, string>;
}

export const VNET_TYPE = 'Microsoft.Network/virtualNetworks';
export const NETWORK_WATCHER_TYPE = 'Microsoft.Network/networkWatchers';
export const STORAGE_ACCOUNT_TYPE = 'Microsoft.Storage/storageAccounts';
export { LOG_ANALYTICS_WORKSPACE_RESOURCE_TYPE as LOG_ANALYTICS_WORKSPACE_TYPE } from './workspaces';
import { LOG_ANALYTICS_WORKSPACE_RESOURCE_TYPE } from './workspaces';

/** The group and name of the watchers Azure creates itself [NO §7, AR §3.10]. */
export const DEFAULT_WATCHER_GROUP = 'NetworkWatcherRG';
export function defaultWatcherName(region: string): string {
  return `NetworkWatcher_${region}`;
}

/** Virtual network names: 2-64 letters, digits, "_", "." and "-", starting with a letter or digit, ending with a letter, digit or "_". */
const VNET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}[A-Za-z0-9_]$/;
/** Network watcher and flow log names: 1-80 letters, digits, "_", "." and "-", starting with a letter or digit, ending with a letter, digit or "_". */
const NETWORK_CHILD_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/;
/** Storage account names: 3-24 lower-case letters and digits. */
const STORAGE_NAME = /^[a-z0-9]{3,24}$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const INTERVALS = [10, 60] as const;

/**
 * The flow log's name: `<vnetName>-flowlog-<6 hex>`, the hex being the start of the SHA-256 of the
 * lower-cased virtual network ID. A watcher holds the flow logs of a whole subscription and region,
 * so the virtual network's name alone could collide (two networks of one name in two resource
 * groups); the hash makes the name unique per network and keeps it stable (ARM IDs are compared
 * case-insensitively, hence the lower-casing). With a valid network name (at most 64 characters,
 * see VNET_NAME) the result has at most 79 characters, starts with a letter or digit and ends with
 * a hex digit, so it always satisfies NETWORK_CHILD_NAME (1-80). Changing a network's letter case
 * keeps the name.
 */
export function vnetFlowLogName(virtualNetworkId: string, vnetName: string): string {
  const hash = createHash('sha256').update(virtualNetworkId.toLowerCase(), 'utf8').digest('hex').substring(0, 6);
  return `${vnetName}-flowlog-${hash}`;
}

export const VNET_FLOW_LOG_KEYS = [
  'virtualNetworkId', 'region', 'networkWatcher', 'storageAccountId', 'retentionDays', 'formatVersion', 'enabled', 'trafficAnalytics', 'tags',
] as const;

/** A storage account ID. Exported so engines can check a deferred one once resolved. */
export function checkStorageAccountId(path: string, value: unknown): void {
  const storage = parseResourceId(path, value, STORAGE_ACCOUNT_TYPE);
  if (!STORAGE_NAME.test(storage.name)) {
    throw new ValidationError(path, storage.name, 'expected a storage account name of 3-24 lower-case letters and digits');
  }
}

/** A workspace's customer ID (GUID). Exported so engines can check a deferred one once resolved. */
export function checkWorkspaceCustomerId(path: string, value: unknown): string {
  return checkString(path, value, { pattern: GUID, patternText: 'the workspace\'s customer ID (a GUID, its "Workspace ID")' });
}

/** Validates the VNet flow log props. `path` is where they sit in the user's props. */
export function resolveVnetFlowLog(path: string, props: unknown, cluster: ClusterModel): VnetFlowLogModel {
  const p = checkProps<VnetFlowLogProps>(path, props, VNET_FLOW_LOG_KEYS);

  const vnetPath = `${path}.virtualNetworkId`;
  if (isToken(p.virtualNetworkId)) {
    throw new ValidationError(vnetPath, '(deferred value)', "expected a literal ID: the flow log's name and its network watcher are derived from it");
  }
  const vnet = parseResourceId(vnetPath, p.virtualNetworkId, VNET_TYPE);
  if (!VNET_NAME.test(vnet.name)) {
    throw new ValidationError(vnetPath, vnet.name, 'expected a virtual network name of 2-64 letters, digits, "_", "." or "-", starting with a letter or digit and ending with a letter, digit or "_"');
  }

  const region = normalizeRegion(`${path}.region`, p.region);
  // Choice (not in the notes): an AKS cluster's nodes are in subnets of a network of the cluster's
  // region, so another region cannot be the cluster's network. Arc clusters can be anywhere.
  if (cluster.profile.clusterResourceType === MANAGED_CLUSTER_TYPE && region !== cluster.region) {
    throw new ValidationError(`${path}.region`, p.region, `expected the cluster's region "${cluster.region}": an AKS cluster's virtual network is in the cluster's region`);
  }

  const watcher = resolveWatcher(`${path}.networkWatcher`, p.networkWatcher, vnet, region);
  const deployment = { subscriptionId: watcher.subscriptionId, resourceGroup: watcher.resourceGroup };
  const inClusterResourceGroup = cluster.subscriptionId === undefined || cluster.resourceGroup === undefined
    ? undefined
    : cluster.subscriptionId.toLowerCase() === deployment.subscriptionId.toLowerCase()
      && cluster.resourceGroup.toLowerCase() === deployment.resourceGroup.toLowerCase();

  if (!isToken(p.storageAccountId)) checkStorageAccountId(`${path}.storageAccountId`, p.storageAccountId);

  const retentionDays = p.retentionDays;
  if (typeof retentionDays !== 'number' || !Number.isSafeInteger(retentionDays) || retentionDays < 0 || retentionDays > 365) {
    throw new ValidationError(`${path}.retentionDays`, retentionDays, 'expected an integer from 0 to 365 (days the records are kept; 0 keeps them forever)');
  }

  if (p.formatVersion !== undefined && p.formatVersion !== 2) {
    throw new ValidationError(`${path}.formatVersion`, p.formatVersion, 'expected 2 (JSON format version 2, the version of VNet flow logs); leave it out for 2');
  }

  const enabled = p.enabled === undefined ? true : checkBoolean(`${path}.enabled`, p.enabled);
  const trafficAnalytics = p.trafficAnalytics === undefined ? undefined : resolveTrafficAnalytics(`${path}.trafficAnalytics`, p.trafficAnalytics);

  return {
    virtualNetwork: { ...vnet, resourceId: p.virtualNetworkId },
    region,
    watcher,
    flowLogName: vnetFlowLogName(p.virtualNetworkId, vnet.name),
    deployment,
    ...(inClusterResourceGroup !== undefined ? { inClusterResourceGroup } : {}),
    storageAccountId: p.storageAccountId,
    retentionDays,
    formatVersion: 2,
    enabled,
    ...(trafficAnalytics ? { trafficAnalytics } : {}),
    tags: checkTags(`${path}.tags`, p.tags),
  };
}

/**
 * The watcher: given, or the one Azure creates. A watcher serves the resources of its own
 * subscription and region (the CLI and portal look it up by the target's subscription and region;
 * the notes say "same region as the VNet" [NO §7]), so a given one must be in the network's
 * subscription. Its region cannot be read from an ID, but the automatic name `NetworkWatcher_<region>`
 * states it, so such a name must state the network's region.
 */
function resolveWatcher(path: string, value: unknown, vnet: ParsedResourceId, region: string): VnetFlowLogModel['watcher'] {
  const w = value === undefined ? {} : checkProps<NetworkWatcherRef>(path, value, ['resourceId']);
  if (w.resourceId === undefined) {
    const name = defaultWatcherName(region);
    const resourceId = `/subscriptions/${vnet.subscriptionId}/resourceGroups/${DEFAULT_WATCHER_GROUP}/providers/${NETWORK_WATCHER_TYPE}/${name}`;
    return { subscriptionId: vnet.subscriptionId, resourceGroup: DEFAULT_WATCHER_GROUP, type: NETWORK_WATCHER_TYPE, name, resourceId, derived: true };
  }
  const idPath = `${path}.resourceId`;
  const parsed = parseResourceId(idPath, w.resourceId, NETWORK_WATCHER_TYPE);
  if (!NETWORK_CHILD_NAME.test(parsed.name)) {
    throw new ValidationError(idPath, parsed.name, 'expected a network watcher name of 1-80 letters, digits, "_", "." or "-", starting with a letter or digit and ending with a letter, digit or "_"');
  }
  if (parsed.subscriptionId.toLowerCase() !== vnet.subscriptionId.toLowerCase()) {
    throw new ValidationError(idPath, parsed.subscriptionId, `expected a watcher in the virtual network's subscription ${vnet.subscriptionId}: a watcher serves its own subscription`);
  }
  const auto = /^NetworkWatcher_(.+)$/i.exec(parsed.name);
  if (auto && auto[1].toLowerCase() !== region) {
    throw new ValidationError(idPath, parsed.name, `expected the watcher of the virtual network's region, ${defaultWatcherName(region)}: the flow log's watcher is in the network's region`);
  }
  return { ...parsed, resourceId: w.resourceId, derived: false };
}

function resolveTrafficAnalytics(path: string, value: unknown): NonNullable<VnetFlowLogModel['trafficAnalytics']> {
  const t = checkProps<TrafficAnalyticsProps>(path, value, ['workspace', 'intervalMinutes']);
  const wsPath = `${path}.workspace`;
  if (t.workspace === undefined) {
    throw new ValidationError(wsPath, undefined, 'expected the Log Analytics workspace of traffic analytics ({ resourceId, region, customerId? })');
  }
  const w = checkProps<TrafficAnalyticsWorkspaceRef>(wsPath, t.workspace, ['resourceId', 'region', 'customerId']);
  if (!isToken(w.resourceId)) parseResourceId(`${wsPath}.resourceId`, w.resourceId, LOG_ANALYTICS_WORKSPACE_RESOURCE_TYPE);
  const workspaceRegion = normalizeRegion(`${wsPath}.region`, w.region);
  const customerId = w.customerId === undefined || isToken(w.customerId)
    ? w.customerId
    : checkWorkspaceCustomerId(`${wsPath}.customerId`, w.customerId);
  const intervalMinutes = t.intervalMinutes === undefined ? 60 : t.intervalMinutes;
  if (!(INTERVALS as readonly unknown[]).includes(intervalMinutes)) {
    throw new ValidationError(`${path}.intervalMinutes`, intervalMinutes, 'expected 10 or 60 (minutes between traffic analytics runs)');
  }
  return {
    workspaceResourceId: w.resourceId,
    workspaceRegion,
    ...(customerId !== undefined ? { customerId } : {}),
    intervalMinutes,
  };
}
