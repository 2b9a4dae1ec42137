import { ValidationError } from './errors';
import { AgentsModel, AgentsProps, resolveAgents } from './model/agents';
import { AzureFormsModel, AzureFormsProps, resolveAzureForms } from './model/azure-forms';
import { checkProps } from './model/check';
import { ClusterModel, ClusterProps, resolveCluster } from './model/cluster';
import { ContainerInsightsModel, ContainerInsightsProps, resolveContainerInsights } from './model/container-insights';
import { ManagedPrometheusModel, ManagedPrometheusProps, resolveManagedPrometheus } from './model/managed-prometheus';
import {
  NetworkObservabilityModel,
  NetworkObservabilityProps,
  containerInsightsNetworkInput,
  resolveNetworkObservability,
  withNetworkPrometheus,
} from './model/network-observability';
import { OnboardingProps, resolveOnboarding } from './model/onboarding';
import { isToken } from './model/tokens';
import { renderAdmissionObjects } from './render/agents/admission';
import { renderLogsAgent } from './render/agents/ama-logs';
import { renderMetricsAgent } from './render/agents/ama-metrics';
import { PARAM_WORKSPACE_CUSTOMER_ID, renderArcExtensions } from './render/arc-extensions';
import {
  ArmTemplate,
  DeployedAzureResource,
  DeploymentTarget,
  resourceGroupIdOf,
  toArmTemplate,
  toDeployedResource,
  toNestedDeployment,
} from './render/arm-template';
import { AsoFormError, toAsoObjects } from './render/aso';
import { AzureParameterSpec, AzureResource, parametersUsedBy } from './render/azure';
import { ClusterSettings, renderClusterSettings } from './render/cluster-settings';
import { PARAM_CLUSTER_ID, PARAM_WORKSPACE_ID, renderContainerInsightsAzure } from './render/container-insights-azure';
import { renderAgentConfigMap } from './render/container-insights-configmap';
import { renderContainerNetworkLog } from './render/container-network-logs';
import { renderContainerNetworkMetric } from './render/container-network-metric';
import { KubeObject, objectKey } from './render/kube';
import { renderPodMonitor, renderServiceMonitor } from './render/monitors';
import { PARAM_AMW_ID, PARAM_GRAFANA_PRINCIPAL_ID, renderPrometheusAzure } from './render/prometheus-azure';
import { renderScrapeConfigMaps } from './render/prometheus-scrape-configmaps';
import { renderPrometheusSettingsConfigMap } from './render/prometheus-settings-configmap';
import { renderRetinaMetricsConfiguration } from './render/retina-metrics';
import { PARAM_TA_WORKSPACE_CUSTOMER_ID, renderVnetFlowLog } from './render/vnet-flow-logs';
import { AZURE_MONITOR_WORKSPACE_LOGICAL_ID, LOG_ANALYTICS_WORKSPACE_LOGICAL_ID } from './render/workspaces';

/** Everything one cluster's monitoring consists of. */
export interface MonitoringStackProps {
  /** The cluster being monitored. */
  readonly cluster: ClusterProps;
  /**
   * Container Insights: container logs, events and inventory into Log Analytics.
   * @default - not enabled
   */
  readonly containerInsights?: ContainerInsightsProps;
  /**
   * Managed Prometheus: metrics into an Azure Monitor workspace, with its settings, scrape jobs,
   * Pod/ServiceMonitors and rule groups.
   * @default - not enabled
   */
  readonly managedPrometheus?: ManagedPrometheusProps;
  /**
   * Network observability: ACNS, container network logs (with their ingestion, throttling and a loss
   * alert), container network metrics, open-source Retina's metrics configuration and the VNet flow log.
   * @default - none
   */
  readonly networkObservability?: NetworkObservabilityProps;
  /**
   * Who runs the agents (`addon`, `arc-extension` or `manifests`) and, in `manifests` mode, their images,
   * resources, tolerations, node selector and priority.
   * @default - mode "addon" on AKS, "arc-extension" on Arc-enabled distributions
   */
  readonly agents?: AgentsProps;
  /**
   * Which agents the stack onboards, per `agents.mode`: on AKS the `omsagent` add-on and
   * `azureMonitorProfile.metrics` in the cluster settings fragment (`clusterSettings`), on Arc-enabled
   * clusters the extensions `azuremonitor-containers` / `azuremonitor-metrics` in the template, in
   * `manifests` mode the agent workloads. `{ containerInsights: false, managedPrometheus: false }` when
   * the agents are onboarded outside the stack (CLI, portal, Azure Policy).
   * @default - every agent the stack has (see `OnboardingProps` for the Container Insights cases left to you)
   */
  readonly onboarding?: OnboardingProps;
  /**
   * Which deployable forms of the Azure resources to emit: the ARM template, Azure Service Operator
   * resources, `@pulumi/azure-native` resources (Pulumi).
   * @default - the ARM template only
   */
  readonly azureForms?: AzureFormsProps;
}

/** Azure resources that live in another resource group than the cluster's (deployed by a nested deployment). */
export interface ExternalAzureResources {
  /** Name of the nested deployment in the stack's template. */
  readonly deploymentName: string;
  readonly target: DeploymentTarget;
  readonly resources: AzureResource[];
  readonly parameters: AzureParameterSpec[];
}

/** The rendered stack: plain objects, identical whichever engine wraps them. */
export interface RenderedStack {
  readonly cluster: ClusterModel;
  readonly containerInsights?: ContainerInsightsModel;
  readonly managedPrometheus?: ManagedPrometheusModel;
  readonly networkObservability?: NetworkObservabilityModel;
  /** Who runs the agents, and what manifests mode renders. */
  readonly agents: AgentsModel;
  /** Kubernetes objects, in apply order. */
  readonly kubernetesObjects: KubeObject[];
  /** Azure resources of the cluster's resource group, in the engine-neutral form. */
  readonly azureResources: AzureResource[];
  /** Azure resources of other resource groups (the VNet flow log in its network watcher's group). */
  readonly externalAzureResources: ExternalAzureResources[];
  /**
   * Settings of the AKS cluster resource the stack needs (ACNS, the flow-log add-on switch), as a
   * fragment to merge into the cluster's own definition; never part of the template (see `ClusterSettings`).
   */
  readonly clusterSettings?: ClusterSettings;
  /** The chosen forms. */
  readonly azureForms: AzureFormsModel;
  /** The ASO form, when chosen. */
  readonly aso?: AsoForm;
  /** Parameters the ARM template needs (IDs the props did not give). */
  readonly armParameters: AzureParameterSpec[];
  /** A deployable ARM template of the Azure resources (deploy it to the cluster's resource group). */
  readonly armTemplate: ArmTemplate;
}

const STACK_PROPS_KEYS = ['cluster', 'containerInsights', 'managedPrometheus', 'networkObservability', 'agents', 'onboarding', 'azureForms'] as const;

/** The ASO form of the stack's Azure resources. */
export interface AsoForm {
  /** The ASO resources and the Secrets they read, in the chosen namespace. */
  readonly objects: KubeObject[];
  /** Resources ASO has no kind for: they stay in the ARM template, with the reason. */
  readonly armFallback: Array<{ readonly type: string; readonly name: string; readonly reason: string }>;
  /** The oldest ASO release that serves every object (also an annotation on each). */
  readonly minAsoVersion: string;
  /** The operator's `crdPattern` (Helm value) that installs the CRDs these objects need. */
  readonly crdPattern: string;
}

/** The prop that gives an ARM template parameter's value (for the forms that have no parameters). */
export function propOfParameter(name: string): string {
  const fixed: Record<string, string> = {
    [PARAM_CLUSTER_ID]: 'cluster.resourceId',
    [PARAM_WORKSPACE_ID]: 'containerInsights.logAnalyticsWorkspace.resourceId',
    [PARAM_AMW_ID]: 'managedPrometheus.azureMonitorWorkspace.resourceId',
    [PARAM_GRAFANA_PRINCIPAL_ID]: 'managedPrometheus.grafana.principalId',
    [PARAM_TA_WORKSPACE_CUSTOMER_ID]: 'networkObservability.vnetFlowLog.trafficAnalytics.workspace.customerId',
    [PARAM_WORKSPACE_CUSTOMER_ID]: 'onboarding.logAnalyticsWorkspaceCustomerId',
  };
  if (fixed[name] !== undefined) return fixed[name];
  const tenant = /^tenant_(.+)_workspaceResourceId$/.exec(name);
  if (tenant) return `containerInsights.multiTenancy.tenants[name=${tenant[1].replace(/_/g, '-')}].logAnalyticsWorkspace.resourceId`;
  return `(ARM parameter ${name})`;
}

/**
 * Validates the props and renders the stack. This is the one place where a stack is computed; the
 * cdk8s and Pulumi constructs only wrap its result. Throws {@link ValidationError} on bad input.
 */
export function renderMonitoringStack(props: MonitoringStackProps): RenderedStack {
  const p = checkProps<MonitoringStackProps>('props', props, STACK_PROPS_KEYS);
  if (p.cluster === undefined) throw new ValidationError('cluster', undefined, 'expected the cluster ({ name, region, distribution, ... })');
  const cluster = resolveCluster('cluster', p.cluster);

  const kubernetesObjects: KubeObject[] = [];
  const azureResources: AzureResource[] = [];
  const armParameters: AzureParameterSpec[] = [];
  const outputs: Record<string, AzureResource> = {};
  /** Parameters shared by several parts (the cluster ID) are declared once. */
  const addAzure = (resources: readonly AzureResource[], parameters: readonly AzureParameterSpec[]) => {
    azureResources.push(...resources);
    for (const param of parameters) if (!armParameters.some((x) => x.name === param.name)) armParameters.push(param);
  };

  // The network part first: it decides what Container Insights and Managed Prometheus must add.
  const networkObservability =
    p.networkObservability === undefined
      ? undefined
      : resolveNetworkObservability('networkObservability', p.networkObservability, cluster, {
        containerInsights: p.containerInsights !== undefined,
        managedPrometheus: p.managedPrometheus !== undefined,
      });

  let containerInsights: ContainerInsightsModel | undefined;
  if (p.containerInsights !== undefined) {
    containerInsights = resolveContainerInsights('containerInsights', p.containerInsights, cluster, containerInsightsNetworkInput(networkObservability));
    kubernetesObjects.push(renderAgentConfigMap(containerInsights));
    const azure = renderContainerInsightsAzure(containerInsights, cluster);
    addAzure(azure.resources, azure.parameters);
    const dcr = azure.resources.find((r) => r.logicalId === 'dcr');
    if (dcr) outputs.containerInsightsDataCollectionRuleId = dcr;
    const law = azure.resources.find((r) => r.logicalId === LOG_ANALYTICS_WORKSPACE_LOGICAL_ID);
    if (law) outputs.containerInsightsLogAnalyticsWorkspaceId = law;
  }

  let managedPrometheus: ManagedPrometheusModel | undefined;
  if (p.managedPrometheus !== undefined) {
    managedPrometheus = resolveManagedPrometheus('managedPrometheus', withNetworkPrometheus('managedPrometheus', p.managedPrometheus, networkObservability), cluster);
    kubernetesObjects.push(
      renderPrometheusSettingsConfigMap(managedPrometheus.settings),
      ...renderScrapeConfigMaps(managedPrometheus.scrapeConfigs),
      ...managedPrometheus.podMonitors.map(renderPodMonitor),
      ...managedPrometheus.serviceMonitors.map(renderServiceMonitor),
    );
    const azure = renderPrometheusAzure(managedPrometheus.azure, cluster);
    addAzure(azure.resources, azure.parameters);
    const dcr = azure.resources.find((r) => r.logicalId === 'prometheus-dcr');
    if (dcr) outputs.managedPrometheusDataCollectionRuleId = dcr;
    const amw = azure.resources.find((r) => r.logicalId === AZURE_MONITOR_WORKSPACE_LOGICAL_ID);
    if (amw) outputs.managedPrometheusAzureMonitorWorkspaceId = amw;
  }

  const externalAzureResources: ExternalAzureResources[] = [];
  if (networkObservability) {
    const n = networkObservability;
    kubernetesObjects.push(...(n.containerNetworkLogs?.resources ?? []).map(renderContainerNetworkLog));
    if (n.metrics?.filter) kubernetesObjects.push(renderContainerNetworkMetric(n.metrics.filter));
    if (n.retinaMetricsConfiguration) kubernetesObjects.push(renderRetinaMetricsConfiguration(n.retinaMetricsConfiguration));
    if (n.vnetFlowLog) {
      const flowLog = renderVnetFlowLog(n.vnetFlowLog, cluster);
      if (n.vnetFlowLog.inClusterResourceGroup === true) {
        addAzure(flowLog.resources, flowLog.parameters);
      } else {
        // The flow log must be created in its network watcher's group (NetworkWatcherRG by default):
        // a nested deployment from the stack's template, named after the flow log's VNet hash so two
        // stacks on one network write the same deployment (and the one flow log Azure allows).
        externalAzureResources.push({
          deploymentName: `vnet-flow-log-${n.vnetFlowLog.flowLogName.slice(-6)}`,
          target: flowLog.deployment,
          resources: flowLog.resources,
          parameters: flowLog.parameters,
        });
        for (const param of flowLog.parameters) if (!armParameters.some((x) => x.name === param.name)) armParameters.push(param);
      }
    }
  }
  const agents = resolveAgents('agents', p.agents, cluster, {
    ...(containerInsights ? { containerInsightsAuth: { value: containerInsights.authentication, path: 'containerInsights.authentication' } } : {}),
  });
  const onboarding = resolveOnboarding('onboarding', p.onboarding, cluster, {
    ...(containerInsights ? { containerInsights: { model: containerInsights, path: 'containerInsights' } } : {}),
    ...(managedPrometheus ? { managedPrometheus } : {}),
    ...(networkObservability ? { networkObservability } : {}),
  }, agents.mode);
  const arc = renderArcExtensions(cluster, containerInsights, managedPrometheus, onboarding);
  addAzure(arc.resources, arc.parameters);
  if (agents.manifests) {
    // The agent workloads come first: their CRDs before the PodMonitors/ServiceMonitors, the admission
    // objects (SCCs, the namespace's Pod Security labels) before the pods they admit.
    const workloads = [
      ...(containerInsights && onboarding.containerInsights
        ? renderLogsAgent(cluster, containerInsights, agents.manifests, { workspaceCustomerId: onboarding.workspaceCustomerId })
        : []),
      ...(managedPrometheus && onboarding.managedPrometheus ? renderMetricsAgent(cluster, managedPrometheus, agents.manifests) : []),
    ];
    kubernetesObjects.unshift(...renderAdmissionObjects(cluster, workloads), ...workloads);
  }
  const clusterSettings = renderClusterSettings(cluster, networkObservability, containerInsights, managedPrometheus, onboarding);

  const seen = new Set<string>();
  for (const o of kubernetesObjects) {
    const key = objectKey(o);
    if (seen.has(key)) throw new Error(`internal: two objects render as ${key}`);
    seen.add(key);
  }

  const azureForms = resolveAzureForms('azureForms', p.azureForms);
  if ((azureForms.aso || azureForms.azureNative) && (cluster.resourceId === undefined || (azureForms.aso && isToken(cluster.resourceId)))) {
    throw new ValidationError(
      'cluster.resourceId',
      cluster.resourceId === undefined ? undefined : '(deferred value)',
      `expected the cluster's literal resource ID: the ${azureForms.aso ? 'aso' : 'azureNative'} form places the resources in the cluster's resource group and attaches extension resources to the cluster by ID`,
    );
  }
  let aso: AsoForm | undefined;
  let armResources = azureResources;
  let armExternal = externalAzureResources;
  if (azureForms.aso) {
    let result;
    try {
      result = toAsoObjects(azureResources, {
        namespace: azureForms.aso.namespace,
        resourceGroupArmId: resourceGroupIdOf(cluster.resourceId!),
        clusterArmId: cluster.resourceId,
        clusterName: cluster.name,
        external: externalAzureResources.map((x) => ({ target: x.target, resources: x.resources })),
      });
    } catch (e) {
      if (!(e instanceof AsoFormError)) throw e;
      if (e.param !== undefined) {
        throw new ValidationError(propOfParameter(e.param), undefined, `expected a literal value for the aso form: ${e.resource} needs it and ASO has no template parameters`);
      }
      throw new ValidationError('azureForms.aso', azureForms.aso, `expected only resources ASO can express: ${e.message}`, 'Use the arm form for this stack.');
    }
    aso = {
      objects: [...result.objects, ...result.secrets],
      armFallback: result.armFallback.map((f) => ({ type: f.resource.type, name: f.resource.name, reason: f.reason })),
      minAsoVersion: result.minAsoVersion,
      crdPattern: result.crdPattern,
    };
    if (!azureForms.arm) {
      // The ARM template keeps only what ASO cannot express.
      const fallback = new Set(result.armFallback.filter((f) => f.target === undefined).map((f) => f.resource));
      armResources = azureResources.filter((r) => fallback.has(r));
      armExternal = [];
    }
  } else if (!azureForms.arm) {
    armResources = [];
    armExternal = [];
  }
  // The ARM form's API versions, overridable per type (the other forms have their own versions).
  const withVersion = (r: AzureResource): AzureResource =>
    azureForms.armApiVersions[r.type] === undefined ? r : { ...r, apiVersion: azureForms.armApiVersions[r.type] };
  armResources = armResources.map(withVersion);
  armExternal = armExternal.map((x) => ({ ...x, resources: x.resources.map(withVersion) }));
  const usedParameters = parametersUsedBy([...armResources, ...armExternal.flatMap((x) => x.resources)]);
  const templateParameters = azureForms.arm ? armParameters : armParameters.filter((x) => usedParameters.has(x.name));
  const templateOutputs = azureForms.arm ? outputs : {};

  const armTemplate = toArmTemplate(
    `Azure Monitor resources of cluster ${cluster.name} (${cluster.profile.displayName}). Deploy to the cluster's resource group.`,
    armResources,
    templateParameters,
    templateOutputs,
    armExternal.map((x) =>
      toNestedDeployment(x.deploymentName, x.target, `Resources of cluster ${cluster.name} in resource group ${x.target.resourceGroup}.`, x.resources, x.parameters),
    ),
  );
  return {
    cluster,
    containerInsights,
    managedPrometheus,
    ...(networkObservability ? { networkObservability } : {}),
    agents,
    kubernetesObjects,
    azureResources,
    externalAzureResources,
    ...(clusterSettings ? { clusterSettings } : {}),
    azureForms,
    ...(aso ? { aso } : {}),
    armParameters,
    armTemplate,
  };
}

/**
 * The Container Insights data collection rule as it will exist once deployed (sibling references as
 * full IDs in the cluster's resource group when `clusterResourceId` is known), or undefined when the
 * stack has none. Engines pass the cluster ID once it is resolved.
 */
export function deployedDataCollectionRule(
  stack: RenderedStack,
  clusterResourceId: string | undefined = stack.cluster.resourceId,
): DeployedAzureResource | undefined {
  const dcr = stack.azureResources.find((r) => r.logicalId === 'dcr');
  return dcr && toDeployedResource(dcr, clusterResourceId === undefined ? undefined : resourceGroupIdOf(clusterResourceId));
}

/** Every Kubernetes object the stack applies: the in-cluster objects and the ASO resources (form `aso`). */
export function allKubernetesObjects(stack: RenderedStack): KubeObject[] {
  return [...stack.kubernetesObjects, ...(stack.aso?.objects ?? [])];
}
