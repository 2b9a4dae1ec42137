import { ksmAllowList } from './arc-extensions';
import { toArmValue } from './arm-template';
import { AzureParameterSpec, AzureValue, idOrParam } from './azure';
import { PARAM_WORKSPACE_ID } from './container-insights-azure';
import { ClusterModel } from '../model/cluster';
import { ContainerInsightsModel } from '../model/container-insights';
import { MANAGED_CLUSTER_TYPE } from '../model/distribution';
import { ManagedPrometheusModel } from '../model/managed-prometheus';
import { NetworkObservabilityModel } from '../model/network-observability';
import { OnboardingModel } from '../model/onboarding';

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
 *
 * Onboarding (NOTES-container-insights §4.1, NOTES-managed-prometheus §6.1, NOTES-azure-resources §3.8):
 * the `omsagent` add-on with managed identity, and `azureMonitorProfile.metrics` with the KSM allow lists
 * and (2026-05-01) the control-plane switch. The product's metrics template PUTs a partial cluster with
 * non-schema keys (`mode`, `id`) in a nested deployment; that pattern is not copied (NOTES-managed-prometheus §6.1).
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
   * The equivalent Azure CLI commands, in order (`<resource-group>` / `<...-resource-id>` to fill in
   * where the stack does not know them): the monitoring add-on first (NOTES-network-observability §3.1:
   * `az aks enable-addons -a monitoring`, then `az aks update`), then ACNS, then the metrics add-on.
   * Run them BEFORE deploying the stack's template: `enable-addons` and `--enable-azure-monitor-metrics`
   * write their own rules and associations (`MSCI-...`, `MSProm-...`, `ContainerInsightsMetricsExtension`,
   * the recording rule groups), which the template then replaces in place (same names). `enable-addons`
   * refuses a cluster that already has the add-on (disable it first to change its workspace). With a
   * workspace the stack creates, the commands need it to exist: deploy the template, run the commands,
   * then deploy the template again.
   */
  readonly cliCommands: string[];
}

/**
 * The AKS cluster settings the stack needs, or undefined when it needs none or the cluster is not AKS.
 *
 * - `networkProfile.advancedNetworking` when network observability asks for ACNS;
 * - `addonProfiles.omsagent` when the stack onboards Container Insights (`onboarding.containerInsights`)
 *   or ingests container network logs (the add-on's `enableContainerNetworkLogs` switch);
 * - `azureMonitorProfile.metrics` when the stack onboards Managed Prometheus.
 *
 * `onboarding` (from `resolveOnboarding`, which has rejected workspace-key onboarding) says which agents
 * the stack onboards; without it, none: only what network observability needs is rendered.
 */
export function renderClusterSettings(
  cluster: ClusterModel,
  network: NetworkObservabilityModel | undefined,
  ci: ContainerInsightsModel | undefined,
  mp?: ManagedPrometheusModel,
  onboarding?: OnboardingModel,
): ClusterSettings | undefined {
  if (cluster.profile.onboarding !== 'aks-addon' || cluster.profile.clusterResourceType !== MANAGED_CLUSTER_TYPE) return undefined;
  const acns = network?.acns === true;
  const flowLogs = network?.containerNetworkLogs !== undefined && ci !== undefined;
  // Mode "manifests" never reaches here with flow logs (resolveOnboarding rejects them), and its agents are
  // the stack's own: the add-on and the metrics profile stay off, or AKS would run a second set.
  const addonMode = onboarding === undefined || onboarding.mode === 'addon';
  const addon = ci !== undefined && (flowLogs || (addonMode && onboarding?.containerInsights === true));
  const metrics = mp !== undefined && addonMode && onboarding?.managedPrometheus === true;
  if (!acns && !addon && !metrics) return undefined;

  const properties: { [key: string]: AzureValue } = {};
  const parameters: AzureParameterSpec[] = [];
  // `--ids <cluster ID>` when the ID is known (a deferred one is substituted by the engine), else the
  // group to fill in: the commands are instructions, never run by the stack.
  const target = cluster.resourceId !== undefined ? `--ids ${cluster.resourceId}` : `--resource-group <resource-group> --name ${cluster.name}`;
  const cliCommands: string[] = [];

  if (acns) {
    // `enabled: true` would also turn on ACNS security on Cilium unless disabled (schema description of
    // AdvancedNetworking.enabled); that part is the cluster owner's: not written here.
    properties.networkProfile = { advancedNetworking: { enabled: true, observability: { enabled: true } } };
  }

  if (addon && ci) {
    if (ci.authentication !== 'managed-identity') throw new Error('internal: workspace-key onboarding reached the renderer (resolveOnboarding rejects it)');
    // The fragment lives outside the stack's template: a workspace the stack creates is given by its ID
    // (known with the cluster's ID: it is created in the cluster's group), never by a reference.
    const workspaceId = ci.workspace.resourceId ?? ci.workspace.create?.resourceId;
    if (workspaceId === undefined) {
      parameters.push({ name: PARAM_WORKSPACE_ID, description: 'Resource ID of the Log Analytics workspace receiving Container Insights data.' });
    }
    // `useAADAuth: "true"`: the managed-identity (DCR) path; anything else is legacy auth
    // (NOTES-container-insights §4.1). All config values are strings (map of strings in the schema).
    properties.addonProfiles = {
      omsagent: {
        enabled: true,
        config: {
          logAnalyticsWorkspaceResourceID: idOrParam(workspaceId, PARAM_WORKSPACE_ID),
          useAADAuth: 'true',
          ...(flowLogs ? { enableContainerNetworkLogs: 'True' } : {}),
        },
      },
    };
    // Managed identity is the CLI's default (`--enable-msi-auth-for-monitoring`); Syslog and high log
    // scale are settings of the rule and the agent ConfigMap, which the stack renders.
    cliCommands.push(`az aks enable-addons --addon monitoring ${target} --workspace-resource-id ${workspaceId ?? '<workspace-resource-id>'}`);
  }

  if (acns) cliCommands.push(`az aks update ${target} --enable-acns${flowLogs ? ' --enable-container-network-logs' : ''}`);

  if (metrics && mp) {
    const ksm = mp.settings.ksmConfig;
    const labels = ksmAllowList(ksm?.labelsAllowList);
    const annotations = ksmAllowList(ksm?.annotationsAllowList);
    // Note the casing: `metricLabelsAllowlist` but `metricAnnotationsAllowList` (2026-05-01 schema,
    // ManagedClusterAzureMonitorProfileKubeStateMetrics; NOTES-managed-prometheus §6.1, §7 item 9).
    // Both always, "" for none (as the product's template), so a list removed from the props is removed.
    const metricsProfile: { [key: string]: AzureValue } = {
      enabled: true,
      kubeStateMetrics: { metricLabelsAllowlist: labels, metricAnnotationsAllowList: annotations },
    };
    const flags = [`--enable-azure-monitor-metrics --azure-monitor-workspace-resource-id ${mp.azure.workspace.resourceId ?? mp.azure.workspace.create?.resourceId ?? '<azure-monitor-workspace-resource-id>'}`];
    if (labels !== '') flags.push(`--ksm-metric-labels-allow-list '${labels}'`);
    if (annotations !== '') flags.push(`--ksm-metric-annotations-allow-list '${annotations}'`);
    const controlPlane = mp.settings.controlPlane;
    if (controlPlane) {
      // `metrics.controlPlane.enabled` (2026-05-01; NOTES-azure-resources §3.8), default disabled: the
      // managed control-plane targets of the settings ConfigMap (`controlplane-metrics`) are collected
      // only with it. On exactly when one of those targets is on (apiserver and etcd by default).
      // CLI: `--enable-control-plane-metrics` / `--disable-control-plane-metrics` (Azure/azure-cli#33537).
      const on = Object.values(controlPlane.targets).some((t) => t.enabled);
      metricsProfile.controlPlane = { enabled: on };
      flags.push(on ? '--enable-control-plane-metrics' : '--disable-control-plane-metrics');
    }
    properties.azureMonitorProfile = { metrics: metricsProfile };
    cliCommands.push(`az aks update ${target} ${flags.join(' ')}`);
  }

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
