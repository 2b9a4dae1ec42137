import { AzureResource, AzureValue, idOrParam, ref } from './azure';
import {
  AZURE_MONITOR_WORKSPACE_RESOURCE_TYPE,
  AzureMonitorWorkspaceCreateModel,
  LOG_ANALYTICS_WORKSPACE_RESOURCE_TYPE,
  LogAnalyticsWorkspaceCreateModel,
} from '../model/workspaces';

/**
 * The workspaces the stack creates, as Azure resources of the cluster's resource group.
 *
 * API versions:
 * - Log Analytics `2025-07-01`, the newest stable version (NOTES-azure-resources §1 row 1). Every
 *   field written here (`sku`, `retentionInDays`, `workspaceCapping`, `publicNetworkAccessFor*`)
 *   exists with the same values in 2023-09-01 (Pulumi azure-native 3.28's default) and in the ASO
 *   `Workspace` kind; `SecuredByPerimeter`, new in 2025-07-01, is refused by the model for that reason.
 * - Azure Monitor workspace `2025-10-03`, the newest stable version (NOTES-azure-resources §1 row 2 and
 *   §3.2), as the issue asks ("the newest stable API versions from the notes"). The body written here,
 *   `properties.publicNetworkAccess`, is also exactly what 2023-04-03 accepts (Pulumi's default and the
 *   only ASO `Account` version), so the three forms describe the same resource; nothing of 2025-10-03's
 *   additions (`identity`, `metrics.enableAccessUsingResourcePermissions`, child types) is used.
 *   `publicNetworkAccess` is writable in both ARM schemas and in the ASO spec (NOTES-azure-resources
 *   §3.2); NOTES-managed-prometheus §5.1 lists it as read-only from an older bicep-types generation:
 *   the newer sources win (DESIGN.md).
 */
export const LOG_ANALYTICS_WORKSPACE_API_VERSION = '2025-07-01';
export const AZURE_MONITOR_WORKSPACE_API_VERSION = '2025-10-03';

/** Logical IDs of the created workspaces (the stack's outputs name them). */
export const LOG_ANALYTICS_WORKSPACE_LOGICAL_ID = 'log-analytics-workspace';
export const AZURE_MONITOR_WORKSPACE_LOGICAL_ID = 'azure-monitor-workspace';

/**
 * A Log Analytics workspace to create. Every setting the stack manages is written explicitly
 * (including the defaults: 30 days, no cap, public access on), so a deployment always restores them.
 * `tags` are the feature's tags when the workspace has none of its own.
 */
export function renderLogAnalyticsWorkspace(m: LogAnalyticsWorkspaceCreateModel, featureTags: Readonly<Record<string, string>>): AzureResource {
  return {
    logicalId: LOG_ANALYTICS_WORKSPACE_LOGICAL_ID,
    type: LOG_ANALYTICS_WORKSPACE_RESOURCE_TYPE,
    apiVersion: LOG_ANALYTICS_WORKSPACE_API_VERSION,
    name: m.name,
    location: m.region,
    tags: { ...(m.tags ?? featureTags) },
    properties: {
      // The SKU of a workspace is inside `properties` (not ARM's top-level `sku`).
      sku: { name: m.sku, ...(m.capacityReservationLevel !== undefined ? { capacityReservationLevel: m.capacityReservationLevel } : {}) },
      retentionInDays: m.retentionInDays,
      workspaceCapping: { dailyQuotaGb: m.dailyQuotaGb },
      publicNetworkAccessForIngestion: m.publicNetworkAccessForIngestion,
      publicNetworkAccessForQuery: m.publicNetworkAccessForQuery,
    },
  };
}

/** An Azure Monitor workspace to create (`properties` is required by the 2023-04-03 schema and always sent). */
export function renderAzureMonitorWorkspace(m: AzureMonitorWorkspaceCreateModel, featureTags: Readonly<Record<string, string>>): AzureResource {
  return {
    logicalId: AZURE_MONITOR_WORKSPACE_LOGICAL_ID,
    type: AZURE_MONITOR_WORKSPACE_RESOURCE_TYPE,
    apiVersion: AZURE_MONITOR_WORKSPACE_API_VERSION,
    name: m.name,
    location: m.region,
    tags: { ...(m.tags ?? featureTags) },
    properties: { publicNetworkAccess: m.publicNetworkAccess },
  };
}

/** A workspace as the models hold it: created by the stack, or an existing one by ID (literal, deferred, or unknown). */
export interface WorkspaceValueSource {
  readonly resourceId?: string;
  readonly create?: { readonly name: string };
}

/**
 * Where a workspace ID goes (a rule's destination, a rule group's scope, ...): a reference to the
 * created workspace (ARM: `resourceId()` plus dependsOn), else the given ID, else a template parameter.
 */
export function logAnalyticsWorkspaceIdValue(ws: WorkspaceValueSource, paramName: string): AzureValue {
  return ws.create ? ref(LOG_ANALYTICS_WORKSPACE_RESOURCE_TYPE, ws.create.name) : idOrParam(ws.resourceId, paramName);
}

/** As {@link logAnalyticsWorkspaceIdValue}, for an Azure Monitor workspace. */
export function azureMonitorWorkspaceIdValue(ws: WorkspaceValueSource, paramName: string): AzureValue {
  return ws.create ? ref(AZURE_MONITOR_WORKSPACE_RESOURCE_TYPE, ws.create.name) : idOrParam(ws.resourceId, paramName);
}
