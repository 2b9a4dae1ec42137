import { AzureParameterSpec, AzureResource, AzureValue, idOrParam } from './azure';
import { PARAM_CLUSTER_ID, PARAM_WORKSPACE_ID, clusterIdParameter } from './container-insights-azure';
import { logAnalyticsWorkspaceIdValue } from './workspaces';
import { ClusterModel } from '../model/cluster';
import { ContainerInsightsModel } from '../model/container-insights';
import { ManagedPrometheusModel } from '../model/managed-prometheus';
import { OnboardingModel } from '../model/onboarding';
import { KsmConfigModel } from '../model/prometheus-settings';

/**
 * The Arc-enabled cluster's agents as `Microsoft.KubernetesConfiguration/extensions` resources
 * (NOTES-container-insights §4.2, NOTES-managed-prometheus §6.2, NOTES-azure-resources §3.9): extension
 * resources of the connected cluster, deployed by the stack's template (unlike the AKS settings, they
 * are whole resources of their own).
 *
 * API version 2025-03-01: the newest stable version with a published schema (NOTES-azure-resources §1
 * row 9; the product's templates use 2021-09-01, and every field written here exists there too). The
 * schema file has no resource-level entry; `properties` is `#/definitions/ExtensionProperties`, whose
 * casing we follow where the product's templates differ (`scope.cluster`, not `scope.Cluster`;
 * identity type `SystemAssigned`, not `systemassigned`: ARM compares both case-insensitively). Every
 * field written exists in 2023-05-01 (Pulumi azure-native's default) and 2024-11-01 (ASO v1api20241101) too.
 *
 * Names are the CLI's: `az k8s-extension create` forces `azuremonitor-containers` for Container
 * Insights (CLIEXT: "container-insights only supports one instance"), and the docs and the product's
 * template name the metrics extension `azuremonitor-metrics`. A cluster onboarded with the CLI is thus
 * updated in place, never given a second extension of the same type (which the platform refuses for
 * single-instance types).
 *
 * Not rendered: `dependsOn` from the extension to the data collection rule associations (the product's
 * templates deploy the extension after them). The agent retries until its association exists.
 */
export const EXTENSION_TYPE = 'Microsoft.KubernetesConfiguration/extensions';
export const EXTENSION_API_VERSION = '2025-03-01';

export const CI_EXTENSION_NAME = 'azuremonitor-containers';
export const CI_EXTENSION_TYPE = 'Microsoft.AzureMonitor.Containers';
/** The CLI forces this release namespace for Container Insights (CLIEXT; the product's template too). */
const CI_RELEASE_NAMESPACE = 'azuremonitor-containers';

export const METRICS_EXTENSION_NAME = 'azuremonitor-metrics';
export const METRICS_EXTENSION_TYPE = 'Microsoft.AzureMonitor.Containers.Metrics';
/** ArcArmTemplate FullAzureMonitorMetricsProfile.json: `scope.Cluster.releaseNamespace: kube-system`. */
const METRICS_RELEASE_NAMESPACE = 'kube-system';

/** `releaseTrain` of both extensions: the CLI's default and the product's ARM templates (the Arc Bicep's `Dev` is not for users, NOTES-managed-prometheus §7 item 8). */
const RELEASE_TRAIN = 'Stable';

/** ARM template parameter for the Container Insights workspace's customer ID when `onboarding.logAnalyticsWorkspaceCustomerId` is not given. */
export const PARAM_WORKSPACE_CUSTOMER_ID = 'logAnalyticsWorkspaceCustomerId';

/**
 * What the CLI writes as `amalogs.secret.key` with managed identity ("workspace key not used in case of
 * AAD MSI auth", CLIEXT). The chart renders nothing while the key is its placeholder
 * `<your_workspace_key>` (NOTES-container-insights §1.9), so some value is needed; this one is no secret.
 */
export const UNUSED_WORKSPACE_KEY = '<not_used>';

/**
 * Every configuration key written, exactly as the charts read them (Helm keys are case-sensitive;
 * NOTES-container-insights §4.2, NOTES-managed-prometheus §6.2 and §7 item 9). The values are STRINGS
 * ("true"/"false"): the schema allows only strings, and Arc hands them to Helm, which parses them.
 */
export const CI_SETTINGS = {
  /** Not `loganalyticsworkspaceresourceid`: only the CLI fixes that casing up. */
  workspaceId: 'logAnalyticsWorkspaceResourceID',
  /** The chart's default is false (legacy); the CLI writes "true" when absent. */
  useAADAuth: 'amalogs.useAADAuth',
  highLogScale: 'amalogs.enableHighLogScaleMode',
  /** Azure Stack Edge <= 2318 keeps container logs there (symlinked into /var/log). */
  customMountPath: 'amalogs.logsettings.custommountpath',
} as const;

export const CI_PROTECTED_SETTINGS = {
  workspaceCustomerId: 'amalogs.secret.wsid',
  workspaceKey: 'amalogs.secret.key',
} as const;

export const METRICS_SETTINGS = {
  /** `...AllowList`: the docs' `MetricLabelsAllowlist` is not what the chart reads (NOTES-managed-prometheus §6.2, §7 item 9). */
  labelsAllowList: 'AzureMonitorMetrics.KubeStateMetrics.MetricLabelsAllowList',
  annotationsAllowList: 'AzureMonitorMetrics.KubeStateMetrics.MetricAnnotationsAllowList',
} as const;

/** Log directories every Linux node agent reads anyway (the chart's own mounts); anything else in the profile is a custom mount. */
const CHART_LOG_PATHS: readonly string[] = ['/var/log', '/var/lib/docker/containers'];

/**
 * kube-state-metrics' allow-list flag value (`--metric-labels-allowlist` / `--metric-annotations-allowlist`,
 * NOTES-managed-prometheus §2.9, §6.1): `pods=[app,team],namespaces=[*]`, resources in the order given;
 * `''` (the flag's default, nothing extra) without a list. Both the AKS profile and the Arc extension
 * take this string. The lists come from `managedPrometheus.settings.ksmConfig`, the one place the stack
 * declares them: the onboarding options then say what the `ksm-config` file says (the file overrides
 * them per resource, NOTES-managed-prometheus §4.2.8), so the two never disagree.
 */
export function ksmAllowList(list: KsmConfigModel['labelsAllowList']): string {
  return Object.entries(list ?? {}).map(([resource, keys]) => `${resource}=[${keys.join(',')}]`).join(',');
}

export interface ArcExtensions {
  readonly resources: AzureResource[];
  readonly parameters: AzureParameterSpec[];
}

function extension(
  cluster: ClusterModel,
  logicalId: string,
  name: string,
  extensionType: string,
  releaseNamespace: string,
  settings: { [key: string]: AzureValue },
  protectedSettings?: { [key: string]: AzureValue },
): AzureResource {
  return {
    logicalId,
    type: EXTENSION_TYPE,
    apiVersion: EXTENSION_API_VERSION,
    name,
    // The extension's identity is what the agent authenticates with (AzureExtensionIdentity, NOTES-managed-prometheus §2.2).
    identity: { type: 'SystemAssigned' },
    scope: idOrParam(cluster.resourceId, PARAM_CLUSTER_ID),
    properties: {
      extensionType,
      autoUpgradeMinorVersion: true,
      releaseTrain: RELEASE_TRAIN,
      scope: { cluster: { releaseNamespace } },
      configurationSettings: settings,
      ...(protectedSettings ? { configurationProtectedSettings: protectedSettings } : {}),
    },
  };
}

/**
 * The extensions of an Arc-enabled cluster, or none (AKS: see cluster-settings.ts). `onboarding` says
 * which agents the stack onboards (`resolveOnboarding`, which has rejected what the extensions cannot
 * express: workspace-key auth, Syslog).
 */
export function renderArcExtensions(
  cluster: ClusterModel,
  ci: ContainerInsightsModel | undefined,
  mp: ManagedPrometheusModel | undefined,
  onboarding: OnboardingModel,
): ArcExtensions {
  const resources: AzureResource[] = [];
  const parameters: AzureParameterSpec[] = [];
  if (cluster.profile.onboarding !== 'arc-extension' || onboarding.mode !== 'arc-extension') return { resources, parameters };
  const wantCi = ci !== undefined && onboarding.containerInsights;
  const wantMp = mp !== undefined && onboarding.managedPrometheus;
  if ((wantCi || wantMp) && cluster.resourceId === undefined) parameters.push(clusterIdParameter(cluster));

  if (wantCi) {
    if (ci.authentication !== 'managed-identity') throw new Error('internal: workspace-key onboarding reached the renderer (resolveOnboarding rejects it)');
    if (ci.workspace.create === undefined && ci.workspace.resourceId === undefined) {
      parameters.push({ name: PARAM_WORKSPACE_ID, description: `ARM resource ID of the Log Analytics workspace receiving the Container Insights data of ${cluster.name}.` });
    }
    if (onboarding.workspaceCustomerId === undefined) {
      parameters.push({
        name: PARAM_WORKSPACE_CUSTOMER_ID,
        description: `Customer ID (the "Workspace ID" GUID) of the Log Analytics workspace receiving the Container Insights data of ${cluster.name}.`,
      });
    }
    const customMounts = cluster.profile.logHostPaths.filter((p) => !CHART_LOG_PATHS.includes(p));
    if (customMounts.length > 1) throw new Error(`internal: the chart takes one custom log mount path, the profile has ${customMounts.join(', ')}`);
    const settings: { [key: string]: AzureValue } = {
      // A workspace the stack creates is a reference (the extension then depends on it).
      [CI_SETTINGS.workspaceId]: logAnalyticsWorkspaceIdValue(ci.workspace, PARAM_WORKSPACE_ID),
      [CI_SETTINGS.useAADAuth]: 'true',
      // Always written, so a later deployment without high log scale turns it off again (chart default "false").
      [CI_SETTINGS.highLogScale]: ci.highLogScale ? 'true' : 'false',
      ...(customMounts.length === 1 ? { [CI_SETTINGS.customMountPath]: customMounts[0] } : {}),
    };
    // `amalogs.*` only, as the product's ARM template; the CLI also writes `omsagent.*` aliases for old charts.
    // Windows node logs: with managed identity on Arc the chart renders no Windows DaemonSet, and the
    // Container Insights model has already required windowsNodeLogs: false there.
    resources.push(extension(cluster, 'ci-extension', CI_EXTENSION_NAME, CI_EXTENSION_TYPE, CI_RELEASE_NAMESPACE, settings, {
      [CI_PROTECTED_SETTINGS.workspaceCustomerId]: idOrParam(onboarding.workspaceCustomerId, PARAM_WORKSPACE_CUSTOMER_ID),
      [CI_PROTECTED_SETTINGS.workspaceKey]: UNUSED_WORKSPACE_KEY,
    }));
  }

  if (wantMp) {
    const ksm = mp.settings.ksmConfig;
    // Both keys always (as the product's template, whose parameters default to ""), so removing a list
    // from the props removes it from the extension. `azure-monitor-workspace-resource-id` is not written:
    // only `az k8s-extension` reads it, to create the DCE/DCR/association this stack renders itself
    // (NOTES-managed-prometheus §6.2); the chart ignores it.
    resources.push(extension(cluster, 'prometheus-extension', METRICS_EXTENSION_NAME, METRICS_EXTENSION_TYPE, METRICS_RELEASE_NAMESPACE, {
      [METRICS_SETTINGS.labelsAllowList]: ksmAllowList(ksm?.labelsAllowList),
      [METRICS_SETTINGS.annotationsAllowList]: ksmAllowList(ksm?.annotationsAllowList),
    }));
  }
  return { resources, parameters };
}
