import { createHash } from 'crypto';
import { AzureParameterSpec, AzureResource, AzureValue, idOrParam, ref, truncateName } from './azure';
import { logAnalyticsWorkspaceIdValue, renderLogAnalyticsWorkspace } from './workspaces';
import { ClusterModel } from '../model/cluster';
import { ContainerInsightsModel, TenantModel } from '../model/container-insights';

/**
 * Azure side of Container Insights (NOTES-container-insights §3): the data collection rule
 * `MSCI-<region>-<cluster>`, the ingestion endpoint for high log scale mode, the association
 * `ContainerInsightsExtension` on the cluster, and one ContainerLogV2Extension rule per log tenant.
 *
 * API version: 2024-03-11 for DCR/DCE/DCRA, the newest stable version in the notes
 * (NOTES-azure-resources §1); the product's templates use 2022-06-01 (2023-03-11 for
 * multi-tenancy), and every field we write exists in those too.
 */
export const DCR_TYPE = 'Microsoft.Insights/dataCollectionRules';
export const DCE_TYPE = 'Microsoft.Insights/dataCollectionEndpoints';
export const DCRA_TYPE = 'Microsoft.Insights/dataCollectionRuleAssociations';
export const INSIGHTS_API_VERSION = '2024-03-11';

/** Fixed by the product: the agent finds its rule through an association of exactly this name. */
export const CI_ASSOCIATION_NAME = 'ContainerInsightsExtension';

/** Destination name inside the rule (the templates' `ciworkspace`; the CLIs use `la-workspace`, both valid). */
const DESTINATION = 'ciworkspace';

/** ARM template parameter names for IDs the stack may not know. */
export const PARAM_CLUSTER_ID = 'clusterResourceId';
export const PARAM_WORKSPACE_ID = 'logAnalyticsWorkspaceResourceId';

/**
 * ARM parameter of a tenant's workspace ID. ARM compares parameter names case-insensitively, so the
 * tenant name is kept as is ("-" becomes "_", which tenant names cannot contain): distinct tenants
 * always get distinct parameters.
 */
export function tenantWorkspaceParam(tenant: string): string {
  return `tenant_${tenant.replace(/-/g, '_')}_workspaceResourceId`;
}

/** `MSCI-<workspaceRegion>-<cluster>`, at most 64 characters (existingClusterOnboarding.json `dcrName`). */
export function dcrName(workspaceRegion: string, cluster: string): string {
  return truncateName(`MSCI-${workspaceRegion}-${cluster}`, 64);
}

/** `MSCI-ingest-<workspaceRegion>-<cluster>`, cut to 43 then 42 if it ends with "-" (`ingestionDCE`). */
export function ingestionDceName(workspaceRegion: string, cluster: string): string {
  return truncateName(`MSCI-ingest-${workspaceRegion}-${cluster}`, 43);
}

/**
 * Tenant rule name. The product's template names it `MSCI-multi-tenancy-<region>-<uniqueString(workspaceId)>`;
 * `uniqueString` is an ARM-only hash (and the Terraform sample uses sha1 instead, so the product's
 * own tools disagree), and a Pulumi input ID is unknown at preview. We name it from the tenant's
 * own stable name plus region and cluster, so names are known when the stack is written and do not
 * change when a workspace moves. The tenant name (at most 20 characters) comes first so that the
 * 64-character cut can only shorten the cluster part: two tenants of one cluster never collide. When
 * the cluster part has to be cut, it keeps a short hash of the whole cluster name, so two clusters of
 * one resource group whose names share a long prefix do not collide either. Agents do not read this name.
 */
export function tenantDcrName(workspaceRegion: string, cluster: string, tenant: string): string {
  const full = `MSCI-multi-tenancy-${tenant}-${workspaceRegion}-${cluster}`;
  if (full.length <= 64) return full;
  const hash = createHash('sha256').update(cluster).digest('hex').substring(0, 8);
  const prefix = truncateName(`MSCI-multi-tenancy-${tenant}-${workspaceRegion}-${cluster}`, 64 - hash.length - 1);
  return `${prefix}-${hash}`;
}

/** The association of a tenant rule: the product's `ContainerLogV2Extension-<suffix>`, suffixed by the tenant name. */
export function tenantAssociationName(tenant: string): string {
  return `ContainerLogV2Extension-${tenant}`;
}

export interface ContainerInsightsAzure {
  readonly resources: AzureResource[];
  readonly parameters: AzureParameterSpec[];
}

function clusterScope(cluster: ClusterModel): AzureValue {
  return idOrParam(cluster.resourceId, PARAM_CLUSTER_ID);
}

/** The ARM parameter for the cluster ID (when not given): defaults to the cluster of that name in the deployment's group. */
export function clusterIdParameter(cluster: ClusterModel): AzureParameterSpec {
  return {
    name: PARAM_CLUSTER_ID,
    description: `ARM resource ID of cluster ${cluster.name} (${cluster.profile.clusterResourceType}).`,
    defaultValue: `[resourceId('${cluster.profile.clusterResourceType}', '${cluster.name}')]`,
  };
}

function ingestionDce(region: string, cluster: ClusterModel, tags: Record<string, string>): AzureResource {
  return {
    logicalId: `dce-ingest-${region}`,
    type: DCE_TYPE,
    apiVersion: INSIGHTS_API_VERSION,
    name: ingestionDceName(region, cluster.name),
    location: region,
    kind: 'Linux',
    tags,
    properties: { networkAcls: { publicNetworkAccess: 'Enabled' } },
  };
}

function tenantResources(
  t: TenantModel,
  cluster: ClusterModel,
  tags: Record<string, string>,
  dceByRegion: Map<string, AzureResource>,
): AzureResource[] {
  const out: AzureResource[] = [];
  let dce = dceByRegion.get(t.workspace.region);
  if (!dce) {
    dce = ingestionDce(t.workspace.region, cluster, tags);
    dceByRegion.set(t.workspace.region, dce);
    out.push(dce);
  }
  const name = tenantDcrName(t.workspace.region, cluster.name, t.name);
  const stream = 'Microsoft-ContainerLogV2-HighScale';
  out.push({
    logicalId: `dcr-tenant-${t.name}`,
    type: DCR_TYPE,
    apiVersion: INSIGHTS_API_VERSION,
    name,
    location: t.workspace.region,
    kind: 'Linux',
    tags,
    properties: {
      dataSources: {
        extensions: [
          {
            name: 'ContainerLogV2Extension',
            extensionName: 'ContainerLogV2Extension',
            streams: [stream],
            extensionSettings: { dataCollectionSettings: { namespaces: t.namespaces } },
          },
        ],
      },
      destinations: { logAnalytics: [{ name: DESTINATION, workspaceResourceId: idOrParam(t.workspace.resourceId, tenantWorkspaceParam(t.name)) }] },
      dataFlows: [{ streams: [stream], destinations: [DESTINATION], ...(t.transformKql ? { transformKql: t.transformKql } : {}) }],
      // A ContainerLogV2Extension rule needs the ingestion endpoint (DP:Documentation/DCR/ContainerLogV2Extension.json).
      dataCollectionEndpointId: ref(DCE_TYPE, dce.name),
    },
  });
  out.push({
    logicalId: `dcra-tenant-${t.name}`,
    type: DCRA_TYPE,
    apiVersion: INSIGHTS_API_VERSION,
    name: tenantAssociationName(t.name),
    scope: clusterScope(cluster),
    properties: {
      description: `Routes the container logs of namespaces ${t.namespaces.join(', ')} of cluster ${cluster.name} to tenant ${t.name}.`,
      dataCollectionRuleId: ref(DCR_TYPE, name),
    },
  });
  return out;
}

/**
 * The Azure resources of Container Insights: the workspace when the stack creates it (first), then
 * the rules. With `workspace-key` auth the agent reads no rule, so there is only the created workspace.
 */
export function renderContainerInsightsAzure(ci: ContainerInsightsModel, cluster: ClusterModel): ContainerInsightsAzure {
  const workspace = ci.workspace.create ? [renderLogAnalyticsWorkspace(ci.workspace.create, ci.tags)] : [];
  if (ci.authentication !== 'managed-identity') return { resources: workspace, parameters: [] };
  const resources: AzureResource[] = [...workspace];
  const parameters: AzureParameterSpec[] = [];
  if (cluster.resourceId === undefined) parameters.push(clusterIdParameter(cluster));
  if (ci.workspace.create === undefined && ci.workspace.resourceId === undefined) {
    parameters.push({ name: PARAM_WORKSPACE_ID, description: `ARM resource ID of the Log Analytics workspace receiving the Container Insights data of ${cluster.name}.` });
  }

  const region = ci.workspace.region;
  const tags = ci.tags;
  const dceByRegion = new Map<string, AzureResource>();
  const needsDce = ci.streams.includes('Microsoft-ContainerLogV2-HighScale');
  if (needsDce) {
    const dce = ingestionDce(region, cluster, tags);
    dceByRegion.set(region, dce);
    resources.push(dce);
  }

  const extensionSettings: Record<string, AzureValue> = {
    interval: ci.interval,
    namespaceFilteringMode: ci.namespaceFilteringMode,
    ...(ci.namespaces ? { namespaces: ci.namespaces } : {}),
    enableContainerLogV2: ci.containerLogV2,
  };
  const dataSources: Record<string, AzureValue> = {
    extensions: [
      {
        name: 'ContainerInsightsExtension',
        extensionName: 'ContainerInsights',
        streams: ci.streams,
        extensionSettings: { dataCollectionSettings: extensionSettings },
      },
    ],
  };
  const dataFlows: AzureValue[] = [{ streams: ci.streams, destinations: [DESTINATION] }];
  if (ci.syslog) {
    dataSources.syslog = [
      { name: 'sysLogsDataSource', streams: ['Microsoft-Syslog'], facilityNames: ci.syslog.facilities, logLevels: ci.syslog.logLevels },
    ];
    dataFlows.push({ streams: ['Microsoft-Syslog'], destinations: [DESTINATION] });
  }
  const ruleName = dcrName(region, cluster.name);
  resources.push({
    logicalId: 'dcr',
    type: DCR_TYPE,
    apiVersion: INSIGHTS_API_VERSION,
    name: ruleName,
    location: region,
    kind: 'Linux',
    tags,
    properties: {
      dataSources,
      destinations: { logAnalytics: [{ name: DESTINATION, workspaceResourceId: logAnalyticsWorkspaceIdValue(ci.workspace, PARAM_WORKSPACE_ID) }] },
      dataFlows,
      ...(needsDce ? { dataCollectionEndpointId: ref(DCE_TYPE, ingestionDceName(region, cluster.name)) } : {}),
    },
  });
  resources.push({
    logicalId: 'dcra',
    type: DCRA_TYPE,
    apiVersion: INSIGHTS_API_VERSION,
    name: CI_ASSOCIATION_NAME,
    scope: clusterScope(cluster),
    properties: {
      description: `Container Insights data collection of cluster ${cluster.name}. Deleting this association stops the collection.`,
      dataCollectionRuleId: ref(DCR_TYPE, ruleName),
    },
  });

  for (const t of ci.multiTenancy?.tenants ?? []) {
    if (t.workspace.resourceId === undefined) {
      parameters.push({ name: tenantWorkspaceParam(t.name), description: `ARM resource ID of the Log Analytics workspace of log tenant ${t.name}.` });
    }
    resources.push(...tenantResources(t, cluster, tags, dceByRegion));
  }
  checkUniqueNames(resources);
  return { resources, parameters };
}

/** Truncation could make two names equal; that would silently merge two resources. */
function checkUniqueNames(resources: AzureResource[]): void {
  const seen = new Map<string, string>();
  for (const r of resources) {
    const key = `${r.type}|${typeof r.scope === 'string' ? r.scope : JSON.stringify(r.scope ?? '')}|${r.name.toLowerCase()}`;
    const prev = seen.get(key);
    if (prev) {
      throw new Error(`internal: resources ${prev} and ${r.logicalId} would both be named ${r.name}`);
    }
    seen.set(key, r.logicalId);
  }
}
