import { toArmValue } from './arm-template';
import { AzureParameterSpec, AzureValue, idOrParam } from './azure';
import { PARAM_WORKSPACE_ID } from './container-insights-azure';
import { ClusterModel } from '../model/cluster';
import { ContainerInsightsModel } from '../model/container-insights';
import { MANAGED_CLUSTER_TYPE } from '../model/distribution';
import { NetworkObservabilityModel } from '../model/network-observability';

/**
 * The AKS cluster's own settings that the stack needs, as a FRAGMENT of the managed cluster resource.
 *
 * ARM, ASO and Pulumi all declare the whole `managedClusters` object; none has a partial "monitoring
 * patch" resource (NOTES-azure-resources §3.8). A template that PUT only these properties would reset
 * the rest of the cluster, so the fragment is never part of the stack's deployable template: it is
 * merged by the user into the cluster's own definition (Bicep/ARM/Terraform), or applied with the CLI
 * commands in {@link ClusterSettings.cliCommands}.
 *
 * API version 2026-05-01: the newest stable version with a published schema (NOTES-azure-resources §1
 * row 8); `networkProfile.advancedNetworking` exists since the stable versions of 2024/2025 in this
 * shape (NOTES-network-observability §4.2 [BT-CS-2602]). The preview-only
 * `azureMonitorProfile.containerInsights.containerNetworkLogs` is not used (NOTES-network-observability §8.4):
 * flow-log ingestion is switched on with the `omsagent` add-on's `enableContainerNetworkLogs` key, the
 * current name (`az aks show` prints `"True"`; the Bicep's older `enableRetinaNetworkFlags` is not written)
 * [AKS-CNL-HOWTO, DP-BICEP].
 */
export const CLUSTER_SETTINGS_API_VERSION = '2026-05-01';

export interface ClusterSettings {
  readonly type: typeof MANAGED_CLUSTER_TYPE;
  readonly apiVersion: string;
  /** The cluster's name. */
  readonly name: string;
  /** The properties to merge into the cluster's `properties` (neutral form: may hold parameters). */
  readonly properties: { [key: string]: AzureValue };
  /** Parameters the properties use (ARM form: `[parameters('...')]`). */
  readonly parameters: AzureParameterSpec[];
  /**
   * The equivalent Azure CLI commands, in order (`<resource-group>` / `<workspace-resource-id>` to fill
   * in where the stack does not know them): the monitoring add-on first when flow logs are ingested
   * (NOTES-network-observability §3.1: `az aks enable-addons -a monitoring`, then `az aks update`).
   * Run them BEFORE deploying the stack's template: `enable-addons` writes its own
   * `MSCI-<region>-<cluster>` rule, which the template then replaces with the stack's.
   */
  readonly cliCommands: string[];
}

/** The cluster settings the stack needs, or undefined when it needs none (or the cluster is not AKS). */
export function renderClusterSettings(
  cluster: ClusterModel,
  network: NetworkObservabilityModel | undefined,
  ci: ContainerInsightsModel | undefined,
): ClusterSettings | undefined {
  if (!network?.acns || cluster.profile.clusterResourceType !== MANAGED_CLUSTER_TYPE) return undefined;
  const properties: { [key: string]: AzureValue } = {
    // `enabled: true` would also turn on ACNS security on Cilium unless disabled (schema description of
    // AdvancedNetworking.enabled); that part is the cluster owner's: not written here.
    networkProfile: { advancedNetworking: { enabled: true, observability: { enabled: true } } },
  };
  const parameters: AzureParameterSpec[] = [];
  // `--ids <cluster ID>` when the ID is known (a deferred one is substituted by the engine), else the
  // group to fill in: the commands are instructions, never run by the stack.
  const target = cluster.resourceId !== undefined ? `--ids ${cluster.resourceId}` : `--resource-group <resource-group> --name ${cluster.name}`;
  const cliCommands: string[] = [];
  const flags = ['--enable-acns'];
  if (network.containerNetworkLogs && ci) {
    if (ci.workspace.resourceId === undefined) {
      parameters.push({ name: PARAM_WORKSPACE_ID, description: 'Resource ID of the Log Analytics workspace receiving Container Insights data.' });
    }
    properties.addonProfiles = {
      omsagent: {
        enabled: true,
        config: {
          logAnalyticsWorkspaceResourceID: idOrParam(ci.workspace.resourceId, PARAM_WORKSPACE_ID),
          useAADAuth: 'true',
          enableContainerNetworkLogs: 'True',
        },
      },
    };
    cliCommands.push(`az aks enable-addons --addon monitoring ${target} --workspace-resource-id ${ci.workspace.resourceId ?? '<workspace-resource-id>'}`);
    flags.push('--enable-container-network-logs');
  }
  cliCommands.push(`az aks update ${target} ${flags.join(' ')}`);
  return {
    type: MANAGED_CLUSTER_TYPE,
    apiVersion: CLUSTER_SETTINGS_API_VERSION,
    name: cluster.name,
    properties,
    parameters,
    cliCommands,
  };
}

/** The fragment in ARM form, as written to `<chart>-<construct>.cluster-settings.json` and the Pulumi output. */
export interface ArmClusterSettings {
  /** `{type, apiVersion, name, properties}` to merge into the cluster's resource. */
  readonly resource: { readonly type: string; readonly apiVersion: string; readonly name: string; readonly properties: unknown };
  /** ARM parameter declarations the receiving template needs (only when the properties use parameters). */
  readonly parameters?: Record<string, { type: 'string'; metadata: { description: string } }>;
  /** The Azure CLI alternative, in order (see {@link ClusterSettings.cliCommands}). */
  readonly cliCommands: string[];
}

export function toArmClusterSettings(s: ClusterSettings): ArmClusterSettings {
  return {
    resource: { type: s.type, apiVersion: s.apiVersion, name: s.name, properties: toArmValue(s.properties) },
    ...(s.parameters.length > 0
      ? { parameters: Object.fromEntries(s.parameters.map((p) => [p.name, { type: 'string' as const, metadata: { description: p.description } }])) }
      : {}),
    cliCommands: [...s.cliCommands],
  };
}
