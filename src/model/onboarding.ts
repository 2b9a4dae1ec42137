import { ValidationError } from '../errors';
import { checkBoolean, checkProps } from './check';
import { ClusterModel } from './cluster';
import { ContainerInsightsModel } from './container-insights';
import { ManagedPrometheusModel } from './managed-prometheus';
import { NetworkObservabilityModel } from './network-observability';
import { isToken } from './tokens';
import { checkWorkspaceCustomerId } from './vnet-flow-logs';

/**
 * Onboarding: how the agents get onto the cluster (NOTES-container-insights §4, NOTES-managed-prometheus
 * §6). On AKS the managed cluster's own settings switch them on (the `omsagent` add-on,
 * `azureMonitorProfile.metrics`), which the stack gives as a fragment to merge into the cluster's
 * definition; on Arc-enabled clusters they are `Microsoft.KubernetesConfiguration/extensions` resources,
 * which the stack's template deploys. The distribution's profile (`onboarding`) says which.
 *
 * Only managed-identity onboarding is rendered. The legacy `workspace-key` mode would need the
 * workspace's shared key in the Arc extension's protected settings (the stack never carries a secret:
 * a template parameter ends up in the deployment history, and this project's template parameters are
 * plain strings) and, on AKS and Arc alike, the `ContainerInsights(<workspace>)` solution in the
 * workspace, which the CLIs create for that mode only (NOTES-container-insights §3.6 "Solution (legacy
 * auth only)"; AZCLI `ensure_container_insights_for_monitoring`: "Either adds the ContainerInsights
 * solution ... OR sets up a DCR"). The product has also retired legacy authentication. So a stack with
 * `workspace-key` must onboard that agent itself (the CLI reads the key and creates the solution) and
 * say so with `onboarding.containerInsights: false`.
 */
export interface OnboardingProps {
  /**
   * Onboard the Container Insights agent: on AKS the `omsagent` add-on in the cluster settings fragment
   * (and its CLI command), on Arc-enabled clusters the extension `azuremonitor-containers` in the
   * template. `false` when you onboard the agent yourself (portal, CLI, Azure Policy); the stack still
   * renders the agent's ConfigMap and data collection resources. Only with `containerInsights`.
   * @default true
   */
  readonly containerInsights?: boolean;
  /**
   * Onboard the Managed Prometheus agent: on AKS `azureMonitorProfile.metrics` in the cluster settings
   * fragment (and its CLI command), on Arc-enabled clusters the extension `azuremonitor-metrics` in the
   * template. `false` when you onboard it yourself. Only with `managedPrometheus`.
   * @default true
   */
  readonly managedPrometheus?: boolean;
  /**
   * Arc-enabled clusters: the customer ID (the "Workspace ID" GUID, `az monitor log-analytics workspace
   * show --query customerId`) of the Container Insights workspace. The extension's chart renders no
   * agent without it, even with managed identity (protected setting `amalogs.secret.wsid`,
   * NOTES-container-insights §1.9, §5 item 5). Not on AKS, where the add-on reads the workspace itself.
   * @default - the ARM template parameter `logAnalyticsWorkspaceCustomerId`
   */
  readonly logAnalyticsWorkspaceCustomerId?: string;
}

/** What the stack onboards, resolved. */
export interface OnboardingModel {
  /** The Container Insights agent is onboarded by the stack (the stack has Container Insights and did not opt out). */
  readonly containerInsights: boolean;
  /** The Managed Prometheus agent is onboarded by the stack. */
  readonly managedPrometheus: boolean;
  /** Arc, Container Insights onboarded: the workspace's customer ID (literal GUID or deferred token), or undefined (ARM parameter). */
  readonly workspaceCustomerId?: string;
}

/** The parts of the stack onboarding reads, with the path of the Container Insights props (for messages). */
export interface OnboardingInput {
  readonly containerInsights?: { readonly model: ContainerInsightsModel; readonly path: string };
  readonly managedPrometheus?: ManagedPrometheusModel;
  readonly networkObservability?: NetworkObservabilityModel;
}

export const ONBOARDING_PROPS_KEYS = ['containerInsights', 'managedPrometheus', 'logAnalyticsWorkspaceCustomerId'] as const;

/**
 * Validates the onboarding props against the stack's parts. `props` may be undefined (everything the
 * stack has is onboarded).
 */
export function resolveOnboarding(path: string, props: unknown, cluster: ClusterModel, input: OnboardingInput): OnboardingModel {
  const p = props === undefined ? {} : checkProps<OnboardingProps>(path, props, ONBOARDING_PROPS_KEYS);
  const profile = cluster.profile;

  const feature = (key: 'containerInsights' | 'managedPrometheus', present: boolean): boolean => {
    const given = p[key] === undefined ? undefined : checkBoolean(`${path}.${key}`, p[key]);
    if (given !== undefined && !present) {
      throw new ValidationError(`${path}.${key}`, given, `expected nothing: the stack has no ${key}, so there is no agent to onboard`);
    }
    return present && given !== false;
  };
  const ci = input.containerInsights;
  const containerInsights = feature('containerInsights', ci !== undefined);
  const managedPrometheus = feature('managedPrometheus', input.managedPrometheus !== undefined);

  const flowLogs = input.networkObservability?.containerNetworkLogs;
  if (flowLogs && ci && !containerInsights) {
    throw new ValidationError(
      `${path}.containerInsights`,
      false,
      `expected true or nothing: container network logs (${flowLogs.path}) are switched on in the omsagent add-on's configuration ` +
        '(enableContainerNetworkLogs), which is part of the agent\'s onboarding',
    );
  }

  if (ci && containerInsights) {
    if (ci.model.authentication !== 'managed-identity') {
      throw new ValidationError(
        `${ci.path}.authentication`,
        ci.model.authentication,
        'expected "managed-identity" for the onboarding the stack renders: legacy workspace-key onboarding needs the workspace\'s shared key, ' +
          'which the stack never carries, and the ContainerInsights solution in the workspace, which only the CLI creates',
        `Onboard the agent yourself (${profile.onboarding === 'aks-addon'
          ? 'az aks enable-addons --addon monitoring --enable-msi-auth-for-monitoring false ...'
          : 'az k8s-extension create --extension-type Microsoft.AzureMonitor.Containers --configuration-settings amalogs.useAADAuth=false ...'}) ` +
          'and set onboarding.containerInsights: false, or use managed identity.',
      );
    }
    // The Arc chart does not support Syslog: its values say "Syslog collection on Arc K8s clusters requires
    // additional config dependencies on the node and is currently not supported" (reference
    // container-insights/azuremonitor-containers-values.yaml, `amalogs.syslog`). The DCR's syslog data
    // source would then collect nothing. On AKS Syslog needs nothing more than the DCR (AZCLI
    // `ensure_container_insights_for_monitoring`: "If syslog data is to be collected set aad_route == True
    // and enable_syslog == True", which only changes the rule).
    if (ci.model.syslog && profile.onboarding === 'arc-extension') {
      throw new ValidationError(
        `${ci.path}.syslog`,
        '(Syslog collection)',
        `expected no Syslog on ${profile.displayName}: the Container Insights extension does not support Syslog collection on Arc-enabled clusters ` +
          '(its chart leaves amalogs.syslog.enabled off: "currently not supported")',
        'Remove syslog (and the "syslog" preset).',
      );
    }
  }

  let workspaceCustomerId: string | undefined;
  const idPath = `${path}.logAnalyticsWorkspaceCustomerId`;
  if (p.logAnalyticsWorkspaceCustomerId !== undefined) {
    if (profile.onboarding !== 'arc-extension' || !containerInsights) {
      throw new ValidationError(
        idPath,
        p.logAnalyticsWorkspaceCustomerId,
        profile.onboarding !== 'arc-extension'
          ? `expected nothing on ${profile.displayName}: only the Arc extension takes the workspace's customer ID (the add-on reads the workspace itself)`
          : 'expected nothing: it is a setting of the Container Insights extension, which the stack does not onboard',
      );
    }
    workspaceCustomerId = isToken(p.logAnalyticsWorkspaceCustomerId)
      ? p.logAnalyticsWorkspaceCustomerId
      : checkWorkspaceCustomerId(idPath, p.logAnalyticsWorkspaceCustomerId);
  } else if (ci?.model.workspace.create && containerInsights && profile.onboarding === 'arc-extension') {
    // The stack's forms have no value for "an attribute of a resource of the same deployment" (ARM
    // `reference(...).customerId`), and a template parameter cannot be filled before the workspace exists.
    throw new ValidationError(
      idPath,
      undefined,
      'expected the customer ID of the workspace the stack creates: the Container Insights extension needs it (amalogs.secret.wsid), ' +
        'and the workspace has none before it is deployed',
      'Deploy once with onboarding.containerInsights: false, then set this to the new workspace\'s customer ID.',
    );
  }

  return { containerInsights, managedPrometheus, ...(workspaceCustomerId !== undefined ? { workspaceCustomerId } : {}) };
}
