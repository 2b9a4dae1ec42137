import { AzureParameterSpec, AzureResource, AzureValue, idOrParam } from './azure';
import { ClusterModel } from '../model/cluster';
import { VnetFlowLogModel } from '../model/vnet-flow-logs';

/**
 * The VNet flow log resource (NOTES-network-observability §7 [NO §7]; NOTES-azure-resources §3.10).
 *
 * API version 2025-07-01: the newest stable version with a published ARM schema (NOTES-azure-resources
 * §1 row 10); the notes also list 2022-01-01, 2023-09-01, 2024-05-01 and 2025-05-01, and every field
 * written here exists in all of them. `recordTypes`, `enabledFilteringCriteria` and `identity` are not
 * written (all traffic is logged; the storage account is reached without a managed identity).
 *
 * WHERE IT IS DEPLOYED. The ARM name is `<watcher>/<flowLog>` (a child resource written at the top
 * level of a template): ARM creates it under the watcher of that name in the DEPLOYMENT's resource
 * group. The watcher is an existing resource (never created here), normally `NetworkWatcher_<region>`
 * in `NetworkWatcherRG`, which is not the cluster's group where the stack's template is deployed.
 * Decision: the resource returned here must be deployed to `model.deployment` (the watcher's
 * subscription and group), returned again as {@link VnetFlowLogAzure.deployment}:
 *  - ARM: put it in the cluster's template only when `model.inClusterResourceGroup` is true; otherwise
 *    write it as its own template to be deployed with `az deployment group create -g <deployment.resourceGroup>`
 *    (or wrap it in a nested `Microsoft.Resources/deployments` with `subscriptionId`/`resourceGroup`).
 *    In the cluster's template it would fail (no watcher of that name in that group: parent not found);
 *  - Pulumi azure-native `network.FlowLog`: `resourceGroupName` = deployment.resourceGroup,
 *    `networkWatcherName`, `flowLogName` (the two name segments);
 *  - ASO `NetworkWatchersFlowLog`: owner `armId` = the watcher ID (`model.watcher.resourceId`).
 */
export const FLOW_LOG_TYPE = 'Microsoft.Network/networkWatchers/flowLogs';
export const FLOW_LOG_API_VERSION = '2025-07-01';

/** ARM parameter for the traffic analytics workspace's customer ID (GUID) when it is not given. */
export const PARAM_TA_WORKSPACE_CUSTOMER_ID = 'trafficAnalyticsWorkspaceCustomerId';

export interface VnetFlowLogAzure {
  readonly resources: AzureResource[];
  readonly parameters: AzureParameterSpec[];
  /** The subscription and resource group the resources must be deployed to (the watcher's). */
  readonly deployment: { readonly subscriptionId: string; readonly resourceGroup: string };
}

/** The flow log of the cluster's virtual network (`Microsoft.Network/networkWatchers/flowLogs`). */
export function renderVnetFlowLog(model: VnetFlowLogModel, cluster: ClusterModel): VnetFlowLogAzure {
  const parameters: AzureParameterSpec[] = [];
  const properties: { [key: string]: AzureValue } = {
    targetResourceId: model.virtualNetwork.resourceId,
    storageId: model.storageAccountId,
    enabled: model.enabled,
    // 0 days keeps the records forever [NO §7]. `enabled` follows the days: `{days: 0, enabled: false}`
    // is how the service reports "no retention" (SPEC-FL response), so a re-read shows no drift.
    retentionPolicy: { days: model.retentionDays, enabled: model.retentionDays > 0 },
    format: { type: 'JSON', version: model.formatVersion },
  };
  const ta = model.trafficAnalytics;
  if (ta) {
    if (ta.customerId === undefined) {
      parameters.push({
        name: PARAM_TA_WORKSPACE_CUSTOMER_ID,
        description: `Customer ID (the "Workspace ID" GUID) of the Log Analytics workspace receiving traffic analytics of the VNet flow log of cluster ${cluster.name}.`,
      });
    }
    properties.flowAnalyticsConfiguration = {
      networkWatcherFlowAnalyticsConfiguration: {
        enabled: true,
        workspaceId: idOrParam(ta.customerId, PARAM_TA_WORKSPACE_CUSTOMER_ID),
        workspaceRegion: ta.workspaceRegion,
        workspaceResourceId: ta.workspaceResourceId,
        trafficAnalyticsInterval: ta.intervalMinutes,
      },
    };
  }
  const resource: AzureResource = {
    logicalId: 'vnet-flow-log',
    type: FLOW_LOG_TYPE,
    apiVersion: FLOW_LOG_API_VERSION,
    name: `${model.watcher.name}/${model.flowLogName}`,
    location: model.region,
    tags: { ...model.tags },
    properties,
  };
  return { resources: [resource], parameters, deployment: { ...model.deployment } };
}
