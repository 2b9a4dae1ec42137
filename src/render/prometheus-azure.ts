import { createHash } from 'crypto';
import { AzureParameterSpec, AzureResource, AzureValue, idOrParam, ref } from './azure';
import { DCE_TYPE, DCRA_TYPE, DCR_TYPE, INSIGHTS_API_VERSION, PARAM_CLUSTER_ID, clusterIdParameter } from './container-insights-azure';
import { azureMonitorWorkspaceIdValue, renderAzureMonitorWorkspace } from './workspaces';
import { ClusterModel } from '../model/cluster';
import { PrometheusAzureModel, PrometheusRuleGroupModel, PrometheusRuleModel } from '../model/prometheus-azure';

/**
 * Azure side of Managed Prometheus (NOTES-managed-prometheus §5, tags [MP §5.x]): the data
 * collection endpoint and rule `MSProm-<workspaceRegion>-<cluster>`, their association with the
 * cluster, the rule groups, the Grafana role assignment on the workspace, and (opt-in) the Grafana
 * resource carrying the workspace link.
 *
 * API versions: DCE/DCR/DCRA 2024-03-11, as Container Insights (the product's templates use
 * 2022-06-01; every field written here exists there too) [MP §5.8]; rule groups 2023-03-01 (the
 * only stable version); role assignments 2022-04-01 [MP §5.7]; Grafana 2025-08-01 (below).
 */
export const RULE_GROUP_TYPE = 'Microsoft.AlertsManagement/prometheusRuleGroups';
export const RULE_GROUP_API_VERSION = '2023-03-01';
export const ROLE_ASSIGNMENT_TYPE = 'Microsoft.Authorization/roleAssignments';
export const ROLE_ASSIGNMENT_API_VERSION = '2022-04-01';

/**
 * Azure Managed Grafana, written only with `grafana.manageResource`. The product's templates use
 * 2022-08-01 [MP §5.7]; 2025-08-01 is the newest stable version with a published ARM schema
 * (reference/azure-resources/arm-schemas), and every field written here exists in both.
 */
export const GRAFANA_TYPE = 'Microsoft.Dashboard/grafana';
export const GRAFANA_API_VERSION = '2025-08-01';

/** "Monitoring Data Reader": what the product's templates grant Grafana on the workspace [MP §5.7]. */
export const MONITORING_DATA_READER_ROLE = 'b0d8363b-8ddd-447d-831f-62ca05bff136';

/**
 * Association name. The product's ARM templates use `MSProm-<clusterLocation>-<cluster>` (never cut,
 * so it can exceed the 64-character limit the CLI states for DCRA names), the CLI the constant
 * `ContainerInsightsMetricsExtension` [MP §5.5]. We use the CLI's: it never needs cutting, and a
 * cluster onboarded with `az aks update --enable-azure-monitor-metrics` keeps one association
 * (updated in place) instead of getting a second one.
 */
export const PROMETHEUS_ASSOCIATION_NAME = 'ContainerInsightsMetricsExtension';

/** ARM parameter names for IDs the stack may not know (the first is the product templates' own name). */
export const PARAM_AMW_ID = 'azureMonitorWorkspaceResourceId';
export const PARAM_GRAFANA_PRINCIPAL_ID = 'grafanaPrincipalId';

/** Names inside the rule, exactly as every product template writes them [MP §5.3]. */
const DATA_SOURCE = 'PrometheusDataSource';
const DESTINATION = 'MonitoringAccount1';
const STREAM = 'Microsoft-PrometheusMetrics';

/**
 * Cuts `name` to `max` characters and trims every trailing character that is not a letter or digit;
 * for endpoints (`dropInvalid`) first drops every character other than letters, digits and "-"
 * (e.g. "_"). The CLI's `sanitize_name` ("All DC* object names should end only in alpha numeric",
 * "DCE remove underscore"); for names that need neither it equals the templates'
 * `substring(x, 0, min(n, length(x)))` [MP §5.5].
 */
export function sanitizeDcName(name: string, max: number, dropInvalid: boolean): string {
  let out = name.substring(0, max);
  if (dropInvalid) out = out.replace(/[^A-Za-z0-9-]/g, '');
  return out.replace(/[^A-Za-z0-9]+$/, '');
}

/** `MSProm-<workspaceRegion>-<cluster>`, at most 44 characters, letters, digits and "-" only [MP §5.5]. */
export function prometheusDceName(workspaceRegion: string, cluster: string): string {
  return sanitizeDcName(`MSProm-${workspaceRegion}-${cluster}`, 44, true);
}

/** `MSProm-<workspaceRegion>-<cluster>`, at most 64 characters [MP §5.5]. */
export function prometheusDcrName(workspaceRegion: string, cluster: string): string {
  return sanitizeDcName(`MSProm-${workspaceRegion}-${cluster}`, 64, false);
}

/**
 * A name-based (version 5, SHA-1) UUID as in RFC 4122 §4.3: the same namespace and name always give
 * the same UUID.
 */
export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new Error(`internal: namespace ${namespace} is not a UUID`);
  const bytes = createHash('sha1').update(ns).update(Buffer.from(name, 'utf8')).digest().subarray(0, 16);
  bytes[6] = (bytes[6] % 0x10) + 0x50; // version 5 in the high nibble
  bytes[8] = (bytes[8] % 0x40) + 0x80; // variant 10xx (RFC 4122)
  const hex = bytes.toString('hex');
  return `${hex.substring(0, 8)}-${hex.substring(8, 12)}-${hex.substring(12, 16)}-${hex.substring(16, 20)}-${hex.substring(20)}`;
}

/** The namespace of this library's role-assignment names (a fixed random UUID; changing it renames every assignment). */
export const ROLE_ASSIGNMENT_NAMESPACE = '5d0c1f8e-3b7a-4c52-9e61-0a8f2d4b7c39';

/**
 * The role assignment's name: a GUID from (scope, principal, role), stable and known when the stack
 * is written. Azure allows one assignment per (scope, principal, role) and a name is unique in the
 * tenant, so the name must depend on exactly these three. The principal is named by the Grafana
 * resource ID (its system-assigned identity is the principal) rather than by the principal ID, which
 * may only be known at deployment: the name stays the same whether the principal ID is given, a
 * template parameter or a deferred value. IDs are compared case-insensitively by Azure, so they are
 * lower-cased. (A re-created Grafana of the same ID has a new principal: delete the old assignment.)
 */
export function grafanaRoleAssignmentName(workspaceId: string, grafanaId: string, role: string = MONITORING_DATA_READER_ROLE): string {
  return uuidV5(ROLE_ASSIGNMENT_NAMESPACE, `${workspaceId.toLowerCase()}|${grafanaId.toLowerCase()}|${role.toLowerCase()}`);
}

export interface PrometheusAzure {
  readonly resources: AzureResource[];
  readonly parameters: AzureParameterSpec[];
}

/** A rule in the ARM shape (neutral values: plain strings, numbers, booleans). */
function ruleValue(r: PrometheusRuleModel): AzureValue {
  const out: Record<string, AzureValue> = {};
  if (r.record !== undefined) out.record = r.record;
  if (r.alert !== undefined) out.alert = r.alert;
  out.expression = r.expression;
  if (r.for !== undefined) out.for = r.for;
  if (r.annotations !== undefined) out.annotations = { ...r.annotations };
  if (r.labels !== undefined) out.labels = { ...r.labels };
  if (r.enabled !== undefined) out.enabled = r.enabled;
  if (r.severity !== undefined) out.severity = r.severity;
  if (r.resolveConfiguration !== undefined) out.resolveConfiguration = { ...r.resolveConfiguration };
  if (r.actions !== undefined) {
    out.actions = r.actions.map((a) => ({
      actionGroupId: a.actionGroupId,
      ...(a.actionProperties ? { actionProperties: { ...a.actionProperties } } : {}),
    }));
  }
  return out;
}

/** Logical IDs: fixed for the product's groups, the group name for the user's. */
function ruleGroupLogicalId(g: PrometheusRuleGroupModel): string {
  if (g.source === 'recording') return `prometheus-recording-${g.key}`;
  if (g.source === 'recommended-alerts') return `prometheus-alerts-${g.key}`;
  return `prometheus-rules-${g.key}`;
}

/**
 * The Azure resources of Managed Prometheus: DCE, DCR, DCRA, rule groups, and the Grafana role
 * assignment when asked for. Rule groups are scoped to the workspace and the cluster, evaluated for
 * series whose `cluster` label is the alias (or the cluster name), and live in the workspace region
 * as in every product template [MP §5.6].
 */
export function renderPrometheusAzure(model: PrometheusAzureModel, cluster: ClusterModel): PrometheusAzure {
  const parameters: AzureParameterSpec[] = [];
  if (cluster.resourceId === undefined) parameters.push(clusterIdParameter(cluster));
  const created = model.workspace.create;
  if (created === undefined && model.workspace.resourceId === undefined) {
    parameters.push({ name: PARAM_AMW_ID, description: `ARM resource ID of the Azure Monitor workspace receiving the Prometheus metrics of ${cluster.name}.` });
  }
  const region = model.workspace.region;
  const workspaceId = azureMonitorWorkspaceIdValue(model.workspace, PARAM_AMW_ID);
  const clusterId = idOrParam(cluster.resourceId, PARAM_CLUSTER_ID);
  const tags = { ...model.tags };
  const dceName = prometheusDceName(region, cluster.name);
  const dcrName = prometheusDcrName(region, cluster.name);

  const resources: AzureResource[] = [
    // The workspace the stack creates comes first; everything below references it.
    ...(created ? [renderAzureMonitorWorkspace(created, model.tags)] : []),
    {
      logicalId: 'prometheus-dce',
      type: DCE_TYPE,
      apiVersion: INSIGHTS_API_VERSION,
      name: dceName,
      location: region,
      kind: 'Linux',
      tags,
      // The product's templates send empty properties (public network access, the default) [MP §5.2].
      properties: {},
    },
    {
      logicalId: 'prometheus-dcr',
      type: DCR_TYPE,
      apiVersion: INSIGHTS_API_VERSION,
      name: dcrName,
      location: region,
      kind: 'Linux',
      tags,
      properties: {
        dataCollectionEndpointId: ref(DCE_TYPE, dceName),
        dataSources: { prometheusForwarder: [{ name: DATA_SOURCE, streams: [STREAM], labelIncludeFilter: {} }] },
        destinations: { monitoringAccounts: [{ accountResourceId: workspaceId, name: DESTINATION }] },
        dataFlows: [{ streams: [STREAM], destinations: [DESTINATION] }],
        description: 'DCR for Azure Monitor Metrics Profile (Managed Prometheus)',
      },
    },
    {
      logicalId: 'prometheus-dcra',
      type: DCRA_TYPE,
      apiVersion: INSIGHTS_API_VERSION,
      name: PROMETHEUS_ASSOCIATION_NAME,
      scope: clusterId,
      properties: {
        description: `Managed Prometheus data collection of cluster ${cluster.name}. Deleting this association stops the collection.`,
        dataCollectionRuleId: ref(DCR_TYPE, dcrName),
      },
    },
  ];

  for (const g of model.ruleGroups) {
    resources.push({
      logicalId: ruleGroupLogicalId(g),
      type: RULE_GROUP_TYPE,
      apiVersion: RULE_GROUP_API_VERSION,
      name: g.name,
      location: region,
      tags,
      properties: {
        ...(g.description !== undefined ? { description: g.description } : {}),
        scopes: [workspaceId, clusterId],
        enabled: g.enabled,
        clusterName: model.ruleClusterName,
        interval: g.interval,
        rules: g.rules.map(ruleValue),
      },
    });
  }

  if (model.grafana) {
    const ws = model.workspace.parsed;
    // A created workspace's ID is known from the cluster's group (the model refuses Grafana otherwise).
    const literalWorkspaceId = created ? created.resourceId : model.workspace.resourceId;
    if (ws === undefined || literalWorkspaceId === undefined) throw new Error('internal: a Grafana role assignment needs a literal workspace ID');
    if (model.grafana.principalId === undefined) {
      parameters.push({
        name: PARAM_GRAFANA_PRINCIPAL_ID,
        description: `Object ID of the system-assigned managed identity of Azure Managed Grafana ${model.grafana.parsed.name} (read access to the Azure Monitor workspace).`,
      });
    }
    const g = model.grafana.resource;
    if (g) {
      // The product's onboarding template's PUT [MP §5.7]: sku and location as given, and the linked
      // list re-sent in full (it replaces the existing one). `identity` as the product's Bicep: a PUT
      // without it could drop the system-assigned identity that the role assignment below names.
      // Placed before the role assignment. The assignment does not read the Grafana (its principal
      // ID is given or a parameter, never `reference()`), so ARM needs no dependsOn between them.
      const grafana: AzureResource = {
        logicalId: 'prometheus-grafana',
        type: GRAFANA_TYPE,
        apiVersion: GRAFANA_API_VERSION,
        name: model.grafana.parsed.name,
        location: g.location,
        ...(Object.keys(g.tags).length > 0 ? { tags: { ...g.tags } } : {}),
        sku: { name: g.sku },
        identity: { type: 'SystemAssigned' },
        properties: {
          ...(g.majorVersion !== undefined ? { grafanaMajorVersion: g.majorVersion } : {}),
          // The stack's own workspace is first; a created one is referenced, so the Grafana PUT waits for it.
          grafanaIntegrations: {
            azureMonitorWorkspaceIntegrations: g.linkedWorkspaceIds.map((id, i) => ({
              azureMonitorWorkspaceResourceId: i === 0 && created ? workspaceId : id,
            })),
          },
        },
      };
      resources.push(grafana);
    }
    resources.push({
      logicalId: 'prometheus-grafana-role',
      type: ROLE_ASSIGNMENT_TYPE,
      apiVersion: ROLE_ASSIGNMENT_API_VERSION,
      // Same name whether the workspace is created or referenced by this ID: switching keeps the assignment.
      name: grafanaRoleAssignmentName(literalWorkspaceId, model.grafana.resourceId),
      scope: created ? workspaceId : literalWorkspaceId,
      properties: {
        roleDefinitionId: `/subscriptions/${ws.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${MONITORING_DATA_READER_ROLE}`,
        principalId: idOrParam(model.grafana.principalId, PARAM_GRAFANA_PRINCIPAL_ID),
        // A managed identity is a service principal; saying so avoids failures while a new identity replicates.
        principalType: 'ServicePrincipal',
        description: `Azure Managed Grafana ${model.grafana.parsed.name} reads Prometheus metrics (Monitoring Data Reader).`,
      },
    });
  }
  checkUniqueNames(resources);
  return { resources, parameters };
}

/** Two resources of one type (and scope) with one name would silently merge. */
function checkUniqueNames(resources: AzureResource[]): void {
  const seen = new Map<string, string>();
  for (const r of resources) {
    const key = `${r.type}|${typeof r.scope === 'string' ? r.scope.toLowerCase() : JSON.stringify(r.scope ?? '')}|${r.name.toLowerCase()}`;
    const prev = seen.get(key);
    if (prev) throw new Error(`internal: resources ${prev} and ${r.logicalId} would both be named ${r.name}`);
    seen.set(key, r.logicalId);
  }
}
