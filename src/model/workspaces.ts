import { ValidationError } from '../errors';
import { checkEnum, checkInt, checkProps, checkString, checkTags } from './check';
import { ClusterModel, ParsedResourceId } from './cluster';

// =================================================================================================
// Workspaces the stack creates: a Log Analytics workspace for Container Insights and an Azure
// Monitor workspace for Managed Prometheus. Referencing an existing workspace by ID stays in the
// feature models (container-insights.ts, prometheus-azure.ts); this module validates the `create`
// form those accept instead of `resourceId`.
//
// Facts: NOTES-azure-resources §3.1 (Log Analytics), §3.2 (Azure Monitor workspace) and the ARM
// schemas in shared/reference/azure-resources/arm-schemas (2025-07-01 and 2023-09-01
// Microsoft.OperationalInsights.json, 2023-04-03 and 2025-10-03 Microsoft.Monitor.json). Service
// limits the schemas do not carry are enforced below with their source:
//   [COST]  MicrosoftDocs/azure-monitor-docs@0488e07:articles/azure-monitor/logs/cost-logs.md
//           ("Legacy pricing tiers", "Standalone pricing tier", "Per Node pricing tier", "Standard
//           and Premium pricing tiers", "Dedicated clusters")
//   [RET]   MicrosoftDocs/azure-monitor-docs@10beb8f:articles/azure-monitor/logs/data-retention-configure.md
//   [AMW]   MicrosoftDocs/azure-monitor-docs@26899c5:articles/azure-monitor/metrics/azure-monitor-workspace-manage.md
// =================================================================================================

export const LOG_ANALYTICS_WORKSPACE_RESOURCE_TYPE = 'Microsoft.OperationalInsights/workspaces';
export const AZURE_MONITOR_WORKSPACE_RESOURCE_TYPE = 'Microsoft.Monitor/accounts';

/**
 * Pricing tiers a new Log Analytics workspace can have (`properties.sku.name`). The schema's enum
 * also lists Free, Standard, Premium and LACluster, which a new workspace cannot use
 * ({@link LOG_ANALYTICS_SKUS_NOT_CREATABLE}).
 */
export type LogAnalyticsSku = 'PerGB2018' | 'CapacityReservation' | 'Standalone' | 'PerNode';

/** `Enabled` or `Disabled` (the values of every schema version and of the ASO kinds). */
export type PublicNetworkAccess = 'Enabled' | 'Disabled';

/** The `sku.name` enum of Microsoft.OperationalInsights.json (2025-07-01 and 2023-09-01, identical). */
export const LOG_ANALYTICS_SCHEMA_SKUS = ['Free', 'Standard', 'Premium', 'PerNode', 'PerGB2018', 'Standalone', 'CapacityReservation', 'LACluster'] as const;

/** Schema SKUs a new workspace cannot be created with, and why [COST]. */
export const LOG_ANALYTICS_SKUS_NOT_CREATABLE: ReadonlyMap<string, string> = new Map([
  ['Free', 'new workspaces cannot use the legacy Free Trial tier since July 1, 2022'],
  ['Standard', 'new workspaces cannot use the legacy Standard tier since October 1, 2016'],
  ['Premium', 'new workspaces cannot use the legacy Premium tier since October 1, 2016'],
  ['LACluster', 'Azure sets this tier itself when the workspace is linked to a dedicated cluster; it cannot be chosen'],
]);

export const LOG_ANALYTICS_SKUS: readonly LogAnalyticsSku[] = ['PerGB2018', 'CapacityReservation', 'Standalone', 'PerNode'];

/**
 * Commitment tiers (GB per day) of the CapacityReservation SKU: the `capacityReservationLevel` enum of
 * the ASO `Workspace` schema (aso-crd-jsonschemas/operationalinsights.azure.com/workspace_v1api20210601.json),
 * the only list of them in the reference folder (the ARM schemas type it as any integer). The pricing
 * page has larger tiers too; they are not offered here until a schema lists them.
 */
export const CAPACITY_RESERVATION_LEVELS: readonly number[] = [100, 200, 300, 400, 500, 1000, 2000, 5000];

/**
 * Workspace-level retention: 30 to 730 days. The ARM schema types `retentionInDays` as any integer
 * ("allowed values are per pricing plan"); [COST] gives 30-730 for Standalone and Per Node, and
 * [RET] says the workspace default can be raised to two years (730). The 4-day minimum of [RET] is
 * the per-table setting (`tables/retentionInDays`), not the workspace's.
 */
export const RETENTION_MIN_DAYS = 30;
export const RETENTION_MAX_DAYS = 730;

/** Log Analytics workspace names: 4-63 letters, digits and "-", alphanumeric at both ends (schema 2025-07-01 `name`). */
const LOG_ANALYTICS_NAME = /^[A-Za-z0-9][A-Za-z0-9-]+[A-Za-z0-9]$/;

/**
 * Azure Monitor workspace names. The schema's pattern is `^(?!-)[a-zA-Z0-9-]+[^-]$` (2023-04-03 and
 * 2025-10-03) without a length; we also require a letter or digit at the end (the pattern's `[^-]`
 * would let any other character through there) and cap the length at 44: Azure creates a data
 * collection endpoint named like the workspace [AMW], and endpoint names have at most 44 characters
 * (the CLI's "DCE = 44", NOTES-managed-prometheus §5.5); the CLI cuts its own default workspace name
 * to 43 (NOTES-managed-prometheus §5.1). Decision: at least 4 characters, as for Log Analytics; no
 * published minimum was found, and a shorter name is refused rather than risked.
 */
const AZURE_MONITOR_NAME = /^[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]$/;
const AZURE_MONITOR_NAME_MAX = 44;

/**
 * A Log Analytics workspace created by the stack, in the cluster's resource group. Its region is the
 * reference's `region` (`containerInsights.logAnalyticsWorkspace.region`), where the rule goes too.
 */
export interface CreateLogAnalyticsWorkspaceProps {
  /**
   * Name of the workspace: 4-63 letters, digits and "-", starting and ending with a letter or digit;
   * unique in the resource group. Renaming creates another workspace (the old one and its data stay).
   */
  readonly name: string;
  /**
   * Pricing tier. `Standalone` and `PerNode` are legacy tiers that only subscriptions which had them
   * before April 2, 2018 (or an Enterprise Agreement from before February 1, 2019) can use;
   * `CapacityReservation` is a commitment tier (31-day commitment) and needs `capacityReservationLevel`.
   * @default "PerGB2018"
   */
  readonly sku?: LogAnalyticsSku;
  /**
   * Commitment tier in GB per day, only with `sku: "CapacityReservation"`: 100, 200, 300, 400, 500,
   * 1000, 2000 or 5000.
   * @default - none (required with CapacityReservation)
   */
  readonly capacityReservationLevel?: number;
  /**
   * Default retention of the workspace's tables, in days: 30 to 730.
   * @default 30
   */
  readonly retentionInDays?: number;
  /**
   * Daily ingestion cap in GB (`workspaceCapping.dailyQuotaGb`): a number above 0 (fractions allowed),
   * or -1 for no cap. When the cap is reached, collection stops until the workspace's daily reset: the
   * cluster is unmonitored for the rest of the day.
   * @default -1 (no cap)
   */
  readonly dailyQuotaGb?: number;
  /**
   * Ingestion over the public endpoints. `Disabled` stops every agent that does not reach the
   * workspace through an Azure Monitor Private Link Scope (AMPLS) with private endpoints: the logs
   * agent (ama-logs) cannot ingest otherwise. Configure the AMPLS (and its data collection endpoints)
   * before choosing `Disabled`; this stack does not create it.
   * @default "Enabled"
   */
  readonly publicNetworkAccessForIngestion?: PublicNetworkAccess;
  /**
   * Queries over the public endpoints (portal, API, workbooks). `Disabled` allows queries only through
   * an AMPLS's private endpoints.
   * @default "Enabled"
   */
  readonly publicNetworkAccessForQuery?: PublicNetworkAccess;
  /**
   * Tags of the workspace (they replace, not extend, the feature's tags).
   * @default - the feature's tags (`containerInsights.tags`)
   */
  readonly tags?: Record<string, string>;
}

/**
 * An Azure Monitor workspace created by the stack, in the cluster's resource group. Its region is the
 * reference's `region` (`managedPrometheus.azureMonitorWorkspace.region`), where the endpoint, rule and
 * rule groups go too.
 */
export interface CreateAzureMonitorWorkspaceProps {
  /**
   * Name of the workspace: 4-44 letters, digits and "-", starting and ending with a letter or digit;
   * unique in the resource group. Azure also creates a resource group
   * `MA_<name>_<region>_managed` with an endpoint and rule of this name. Renaming creates another workspace.
   */
  readonly name: string;
  /**
   * Public network access to the workspace. `Disabled` allows ingestion and queries only through
   * private endpoints: the metrics agent must reach its data collection endpoint through an Azure
   * Monitor Private Link Scope (AMPLS), and Managed Grafana needs a managed private endpoint. This
   * stack creates neither; configure them before choosing `Disabled`.
   * @default "Enabled"
   */
  readonly publicNetworkAccess?: PublicNetworkAccess;
  /**
   * Tags of the workspace (they replace, not extend, the feature's tags).
   * @default - the feature's tags (`managedPrometheus.tags`)
   */
  readonly tags?: Record<string, string>;
}

/** A validated Log Analytics workspace to create. */
export interface LogAnalyticsWorkspaceCreateModel {
  readonly name: string;
  readonly region: string;
  readonly sku: LogAnalyticsSku;
  readonly capacityReservationLevel?: number;
  readonly retentionInDays: number;
  /** -1 for no cap. */
  readonly dailyQuotaGb: number;
  readonly publicNetworkAccessForIngestion: PublicNetworkAccess;
  readonly publicNetworkAccessForQuery: PublicNetworkAccess;
  /** As given; undefined means the feature's tags. */
  readonly tags?: Readonly<Record<string, string>>;
  /** The workspace's ARM ID, when the cluster's subscription and resource group are known (it is created there). */
  readonly resourceId?: string;
  readonly parsed?: ParsedResourceId;
}

/** A validated Azure Monitor workspace to create. */
export interface AzureMonitorWorkspaceCreateModel {
  readonly name: string;
  readonly region: string;
  readonly publicNetworkAccess: PublicNetworkAccess;
  /** As given; undefined means the feature's tags. */
  readonly tags?: Readonly<Record<string, string>>;
  /** The workspace's ARM ID, when the cluster's subscription and resource group are known (it is created there). */
  readonly resourceId?: string;
  readonly parsed?: ParsedResourceId;
}

/** The reference-or-create object of a feature (`{ resourceId?, region, create? }`), already checked for unknown keys. */
export interface WorkspaceChoice {
  readonly resourceId?: unknown;
  readonly create?: unknown;
}

const LOG_ANALYTICS_CREATE_KEYS = [
  'name', 'sku', 'capacityReservationLevel', 'retentionInDays', 'dailyQuotaGb', 'publicNetworkAccessForIngestion', 'publicNetworkAccessForQuery', 'tags',
] as const;
const AZURE_MONITOR_CREATE_KEYS = ['name', 'publicNetworkAccess', 'tags'] as const;

/**
 * The ID a resource of the stack gets: the template is deployed to the cluster's resource group
 * (render/arm-template.ts), so it is known when the cluster ID is a literal.
 */
export function createdResourceId(cluster: ClusterModel, type: string, name: string): { resourceId: string; parsed: ParsedResourceId } | undefined {
  if (cluster.subscriptionId === undefined || cluster.resourceGroup === undefined) return undefined;
  return {
    resourceId: `/subscriptions/${cluster.subscriptionId}/resourceGroups/${cluster.resourceGroup}/providers/${type}/${name}`,
    parsed: { subscriptionId: cluster.subscriptionId, resourceGroup: cluster.resourceGroup, type, name },
  };
}

/** Exactly one of resourceId / create; the create object with its name present. */
function checkCreate(path: string, w: WorkspaceChoice, keys: readonly string[]): Record<string, unknown> {
  if (w.resourceId !== undefined) {
    throw new ValidationError(
      `${path}.resourceId`,
      w.resourceId,
      'expected either resourceId (an existing workspace) or create (a workspace the stack creates), not both',
    );
  }
  const create = checkProps<Record<string, unknown>>(`${path}.create`, w.create, keys);
  if (create.name === undefined) {
    throw new ValidationError(`${path}.create.name`, undefined, 'expected the name of the workspace to create');
  }
  return create;
}

/** `Enabled` or `Disabled`; `SecuredByPerimeter` (Log Analytics 2025-07-01 only) is refused with the reason. */
function checkPublicNetworkAccess(path: string, value: unknown): PublicNetworkAccess {
  if (value === 'SecuredByPerimeter') {
    // 2025-07-01 is the only schema version with it: Pulumi's default version (2023-09-01) and the ASO
    // Workspace kind (Enabled|Disabled) cannot express it, and the perimeter it needs is outside this stack.
    throw new ValidationError(
      path,
      value,
      'expected "Enabled" or "Disabled": "SecuredByPerimeter" needs a network security perimeter, which this stack does not manage, and not every form of the stack can express it',
    );
  }
  return checkEnum(path, value, ['Enabled', 'Disabled'] as const);
}

/**
 * Validates `<path>.create` of a Log Analytics workspace reference (`path` is the reference, e.g.
 * `containerInsights.logAnalyticsWorkspace`; `region` is its validated region). The workspace is
 * created in the cluster's resource group.
 */
export function resolveLogAnalyticsWorkspaceCreate(
  path: string,
  w: WorkspaceChoice,
  region: string,
  cluster: ClusterModel,
): LogAnalyticsWorkspaceCreateModel {
  const c = checkCreate(path, w, LOG_ANALYTICS_CREATE_KEYS);
  const cp = `${path}.create`;
  const name = checkString(`${cp}.name`, c.name, {
    minLength: 4,
    maxLength: 63,
    pattern: LOG_ANALYTICS_NAME,
    patternText: 'a workspace name of letters, digits and "-", starting and ending with a letter or digit',
  });
  const notCreatable = typeof c.sku === 'string' ? LOG_ANALYTICS_SKUS_NOT_CREATABLE.get(c.sku) : undefined;
  if (notCreatable !== undefined) {
    throw new ValidationError(`${cp}.sku`, c.sku, `expected one of ${LOG_ANALYTICS_SKUS.map((x) => JSON.stringify(x)).join(', ')}: ${notCreatable}`);
  }
  const sku = c.sku === undefined ? 'PerGB2018' : checkEnum(`${cp}.sku`, c.sku, LOG_ANALYTICS_SKUS);
  let capacityReservationLevel: number | undefined;
  if (sku === 'CapacityReservation') {
    const levels = CAPACITY_RESERVATION_LEVELS.join(', ');
    if (c.capacityReservationLevel === undefined || !CAPACITY_RESERVATION_LEVELS.includes(c.capacityReservationLevel as number)) {
      throw new ValidationError(`${cp}.capacityReservationLevel`, c.capacityReservationLevel, `expected the commitment tier in GB per day with sku "CapacityReservation": one of ${levels}`);
    }
    capacityReservationLevel = c.capacityReservationLevel as number;
  } else if (c.capacityReservationLevel !== undefined) {
    throw new ValidationError(`${cp}.capacityReservationLevel`, c.capacityReservationLevel, 'only applies with sku "CapacityReservation"; remove it or choose that sku');
  }
  const retentionInDays = c.retentionInDays === undefined ? RETENTION_MIN_DAYS : checkInt(`${cp}.retentionInDays`, c.retentionInDays, RETENTION_MIN_DAYS, RETENTION_MAX_DAYS);
  let dailyQuotaGb = -1;
  if (c.dailyQuotaGb !== undefined) {
    const q = c.dailyQuotaGb;
    if (typeof q !== 'number' || !Number.isFinite(q) || (q !== -1 && q <= 0)) {
      throw new ValidationError(`${cp}.dailyQuotaGb`, q, 'expected a daily cap in GB above 0 (e.g. 0.5 or 100), or -1 for no cap');
    }
    dailyQuotaGb = q;
  }
  const publicNetworkAccessForIngestion = c.publicNetworkAccessForIngestion === undefined
    ? 'Enabled'
    : checkPublicNetworkAccess(`${cp}.publicNetworkAccessForIngestion`, c.publicNetworkAccessForIngestion);
  const publicNetworkAccessForQuery = c.publicNetworkAccessForQuery === undefined
    ? 'Enabled'
    : checkPublicNetworkAccess(`${cp}.publicNetworkAccessForQuery`, c.publicNetworkAccessForQuery);
  const id = createdResourceId(cluster, LOG_ANALYTICS_WORKSPACE_RESOURCE_TYPE, name);
  return {
    name,
    region,
    sku,
    ...(capacityReservationLevel !== undefined ? { capacityReservationLevel } : {}),
    retentionInDays,
    dailyQuotaGb,
    publicNetworkAccessForIngestion,
    publicNetworkAccessForQuery,
    ...(c.tags !== undefined ? { tags: checkTags(`${cp}.tags`, c.tags) } : {}),
    ...(id ?? {}),
  };
}

/**
 * Validates `<path>.create` of an Azure Monitor workspace reference (`path` is the reference, e.g.
 * `managedPrometheus.azureMonitorWorkspace`; `region` is its validated region). The workspace is
 * created in the cluster's resource group.
 */
export function resolveAzureMonitorWorkspaceCreate(
  path: string,
  w: WorkspaceChoice,
  region: string,
  cluster: ClusterModel,
): AzureMonitorWorkspaceCreateModel {
  const c = checkCreate(path, w, AZURE_MONITOR_CREATE_KEYS);
  const cp = `${path}.create`;
  const name = checkString(`${cp}.name`, c.name, {
    minLength: 4,
    maxLength: AZURE_MONITOR_NAME_MAX,
    pattern: AZURE_MONITOR_NAME,
    patternText: 'a workspace name of letters, digits and "-", starting and ending with a letter or digit',
  });
  const publicNetworkAccess = c.publicNetworkAccess === undefined ? 'Enabled' : checkPublicNetworkAccess(`${cp}.publicNetworkAccess`, c.publicNetworkAccess);
  const id = createdResourceId(cluster, AZURE_MONITOR_WORKSPACE_RESOURCE_TYPE, name);
  return {
    name,
    region,
    publicNetworkAccess,
    ...(c.tags !== undefined ? { tags: checkTags(`${cp}.tags`, c.tags) } : {}),
    ...(id ?? {}),
  };
}
