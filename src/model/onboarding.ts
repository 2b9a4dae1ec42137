import { ValidationError } from '../errors';
import { AgentMode } from './agents';
import { checkBoolean, checkProps } from './check';
import { ClusterModel } from './cluster';
import { ContainerInsightsModel } from './container-insights';
import { ManagedPrometheusModel } from './managed-prometheus';
import { NetworkObservabilityModel } from './network-observability';
import { isToken } from './tokens';
import { checkWorkspaceCustomerId } from './vnet-flow-logs';

/**
 * Onboarding: which agents the stack puts onto the cluster (NOTES-container-insights §4,
 * NOTES-managed-prometheus §6); `agents.mode` says how. In mode `addon` (AKS) the managed cluster's own
 * settings switch them on (the `omsagent` add-on, `azureMonitorProfile.metrics`), which the stack gives as
 * a fragment to merge into the cluster's definition; in mode `arc-extension` they are
 * `Microsoft.KubernetesConfiguration/extensions` resources, which the stack's template deploys; in mode
 * `manifests` the stack emits the agent workloads themselves.
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
   * Onboard the Container Insights agent: the `omsagent` add-on in the AKS cluster settings fragment (and
   * its CLI command), the extension `azuremonitor-containers` in the template, or the `ama-logs` workloads,
   * per `agents.mode`. `false` when you onboard the agent yourself (portal, CLI, Azure Policy); the stack
   * still renders the agent's ConfigMap and data collection resources. Only with `containerInsights`.
   * @default true
   */
  readonly containerInsights?: boolean;
  /**
   * Onboard the Managed Prometheus agent: `azureMonitorProfile.metrics` in the AKS cluster settings
   * fragment (and its CLI command), the extension `azuremonitor-metrics` in the template, or the
   * `ama-metrics` workloads, per `agents.mode`. `false` when you onboard it yourself. Only with `managedPrometheus`.
   * @default true
   */
  readonly managedPrometheus?: boolean;
  /**
   * The customer ID (the "Workspace ID" GUID, `az monitor log-analytics workspace show --query customerId`)
   * of the Container Insights workspace, for the agents that need it with managed identity: the Arc
   * extension's chart renders no agent without it (protected setting `amalogs.secret.wsid`,
   * NOTES-container-insights §1.9, §5 item 5), and in mode `manifests` it is the `WSID` of the
   * `ama-logs-secret` the stack renders (a Kubernetes object has no template parameters, so it is
   * required there). Not in mode `addon`, where the add-on reads the workspace itself.
   * @default - mode arc-extension: the ARM template parameter `logAnalyticsWorkspaceCustomerId`
   */
  readonly logAnalyticsWorkspaceCustomerId?: string;
}

/** What the stack onboards, resolved. */
export interface OnboardingModel {
  /** How: the agents' mode. */
  readonly mode: AgentMode;
  /** The Container Insights agent is onboarded by the stack (the stack has Container Insights and did not opt out). */
  readonly containerInsights: boolean;
  /** The Managed Prometheus agent is onboarded by the stack. */
  readonly managedPrometheus: boolean;
  /** Arc extension or manifests, Container Insights onboarded: the workspace's customer ID (literal GUID or deferred token), or undefined (ARM parameter). */
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
 * Validates the onboarding props against the stack's parts and the agents' mode. `props` may be
 * undefined (everything the stack has is onboarded).
 */
export function resolveOnboarding(path: string, props: unknown, cluster: ClusterModel, input: OnboardingInput, mode: AgentMode): OnboardingModel {
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
  // Without onboarding props, the add-on and extension modes onboard what the stack can onboard without
  // asking for more (the default since agents.mode; before, onboarding was opt-in). A Container Insights
  // agent with legacy workspace-key auth, with Syslog on an Arc cluster, or on an Arc cluster whose
  // workspace the stack creates (no customer ID before the first deployment) is left to the user, as
  // before: those stacks keep rendering without an error. Asking for it explicitly gives the error.
  const ciDefaultOff =
    props === undefined && mode !== 'manifests' && ci !== undefined &&
    (ci.model.authentication !== 'managed-identity' ||
      (mode === 'arc-extension' && (ci.model.syslog !== undefined || ci.model.workspace.create !== undefined)));
  const containerInsights = ciDefaultOff ? false : feature('containerInsights', ci !== undefined);
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
  if (flowLogs && mode === 'manifests') {
    // The add-on switch (enableContainerNetworkLogs) is what makes AKS set up the Hubble flow-log export
    // the agent reads (/var/log/acns/hubble, NOTES-container-insights §1.5: mounted "only when
    // isRetinaFlowLogsEnabled"); agents from manifests have no such switch. And agent 3.1.24, whose
    // manifests the library renders, has no flow-log pipeline at all: `AZMON_RETINA_FLOW_LOGS_ENABLED` and
    // the hubble mount exist only in newer AKS templates (NOTES-container-insights §1.5/§1.6, DP@309c92cb;
    // NOTES-network-observability §3.2). Emitting the agent without them would drop the flow logs silently.
    throw new ValidationError(
      'agents.mode',
      mode,
      `expected "addon" with container network logs (${flowLogs.path}): they are switched on in the omsagent add-on's configuration ` +
        '(enableContainerNetworkLogs), which agents from manifests do not have',
    );
  }

  if (ci && containerInsights) {
    if (ci.model.authentication !== 'managed-identity' && mode !== 'manifests') {
      throw new ValidationError(
        `${ci.path}.authentication`,
        ci.model.authentication,
        'expected "managed-identity" for the onboarding the stack renders: legacy workspace-key onboarding needs the workspace\'s shared key, ' +
          'which the stack never carries, and the ContainerInsights solution in the workspace, which only the CLI creates',
        `Onboard the agent yourself (${mode === 'addon'
          ? 'az aks enable-addons --addon monitoring --enable-msi-auth-for-monitoring false ...'
          : 'az k8s-extension create --extension-type Microsoft.AzureMonitor.Containers --configuration-settings amalogs.useAADAuth=false ...'}) ` +
          'and set onboarding.containerInsights: false, use agents.mode "manifests" with agents.workspaceKeySecret, or use managed identity.',
      );
    }
    // The Arc chart does not support Syslog: its values say "Syslog collection on Arc K8s clusters requires
    // additional config dependencies on the node and is currently not supported" (reference
    // container-insights/azuremonitor-containers-values.yaml, `amalogs.syslog`). The DCR's syslog data
    // source would then collect nothing. The same holds for agents from manifests on those clusters. On
    // AKS Syslog needs nothing more than the DCR (AZCLI `ensure_container_insights_for_monitoring`: "If
    // syslog data is to be collected set aad_route == True and enable_syslog == True", which only changes
    // the rule) and the agent's syslog port and socket, which the manifests carry.
    if (ci.model.syslog && profile.onboarding === 'arc-extension') {
      throw new ValidationError(
        `${ci.path}.syslog`,
        '(Syslog collection)',
        `expected no Syslog on ${profile.displayName}: the Container Insights agent does not support Syslog collection on Arc-enabled clusters ` +
          '(its chart leaves amalogs.syslog.enabled off: "currently not supported")',
        'Remove syslog (and the "syslog" preset).',
      );
    }
  }

  // Who needs the customer ID: the Arc extension (any auth it renders: managed identity), and the
  // manifests' ama-logs-secret with managed identity (with workspace-key the user's Secret holds it).
  const needsCustomerId =
    ci !== undefined && containerInsights &&
    (mode === 'arc-extension' || (mode === 'manifests' && ci.model.authentication === 'managed-identity'));
  let workspaceCustomerId: string | undefined;
  const idPath = `${path}.logAnalyticsWorkspaceCustomerId`;
  if (p.logAnalyticsWorkspaceCustomerId !== undefined) {
    if (!needsCustomerId) {
      throw new ValidationError(
        idPath,
        p.logAnalyticsWorkspaceCustomerId,
        mode === 'addon'
          ? 'expected nothing in agents mode "addon": only the Arc extension and the manifests take the workspace\'s customer ID (the add-on reads the workspace itself)'
          : !containerInsights
            ? 'expected nothing: the stack does not onboard the Container Insights agent, which is what takes it'
            : 'expected nothing with workspace-key authentication: the agent reads the customer ID from your Secret (agents.workspaceKeySecret, key WSID)',
      );
    }
    workspaceCustomerId = isToken(p.logAnalyticsWorkspaceCustomerId)
      ? p.logAnalyticsWorkspaceCustomerId
      : checkWorkspaceCustomerId(idPath, p.logAnalyticsWorkspaceCustomerId);
  } else if (needsCustomerId && (ci.model.workspace.create || mode === 'manifests')) {
    // The stack's forms have no value for "an attribute of a resource of the same deployment" (ARM
    // `reference(...).customerId`), and a template parameter cannot be filled before the workspace exists;
    // a Kubernetes object has no template parameters at all.
    throw new ValidationError(
      idPath,
      undefined,
      ci.model.workspace.create
        ? 'expected the customer ID of the workspace the stack creates: the Container Insights agent needs it ' +
          `(${mode === 'manifests' ? 'WSID of ama-logs-secret' : 'amalogs.secret.wsid'}), and the workspace has none before it is deployed`
        : 'expected the customer ID of the Container Insights workspace: in agents mode "manifests" it is the WSID of the ama-logs-secret ' +
          'the stack renders, and a Kubernetes object cannot take a template parameter',
      ci.model.workspace.create
        ? 'Deploy once with onboarding.containerInsights: false, then set this to the new workspace\'s customer ID.'
        : 'az monitor log-analytics workspace show --ids <workspace resource ID> --query customerId -o tsv',
    );
  }

  return { mode, containerInsights, managedPrometheus, ...(workspaceCustomerId !== undefined ? { workspaceCustomerId } : {}) };
}
