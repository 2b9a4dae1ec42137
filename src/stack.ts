import { ValidationError } from './errors';
import { checkProps } from './model/check';
import { ClusterModel, ClusterProps, resolveCluster } from './model/cluster';
import { ContainerInsightsModel, ContainerInsightsProps, resolveContainerInsights } from './model/container-insights';
import { ManagedPrometheusModel, ManagedPrometheusProps, resolveManagedPrometheus } from './model/managed-prometheus';
import { ArmTemplate, DeployedAzureResource, resourceGroupIdOf, toArmTemplate, toDeployedResource } from './render/arm-template';
import { AzureParameterSpec, AzureResource } from './render/azure';
import { renderContainerInsightsAzure } from './render/container-insights-azure';
import { renderAgentConfigMap } from './render/container-insights-configmap';
import { KubeObject, objectKey } from './render/kube';
import { renderPodMonitor, renderServiceMonitor } from './render/monitors';
import { renderPrometheusAzure } from './render/prometheus-azure';
import { renderScrapeConfigMaps } from './render/prometheus-scrape-configmaps';
import { renderPrometheusSettingsConfigMap } from './render/prometheus-settings-configmap';

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
}

/** The rendered stack: plain objects, identical whichever engine wraps them. */
export interface RenderedStack {
  readonly cluster: ClusterModel;
  readonly containerInsights?: ContainerInsightsModel;
  readonly managedPrometheus?: ManagedPrometheusModel;
  /** Kubernetes objects, in apply order. */
  readonly kubernetesObjects: KubeObject[];
  /** Azure resources in the engine-neutral form. */
  readonly azureResources: AzureResource[];
  /** Parameters the ARM template needs (IDs the props did not give). */
  readonly armParameters: AzureParameterSpec[];
  /** A deployable ARM template of the Azure resources (deploy it to the cluster's resource group). */
  readonly armTemplate: ArmTemplate;
}

const STACK_PROPS_KEYS = ['cluster', 'containerInsights', 'managedPrometheus'] as const;

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

  let containerInsights: ContainerInsightsModel | undefined;
  if (p.containerInsights !== undefined) {
    containerInsights = resolveContainerInsights('containerInsights', p.containerInsights, cluster);
    kubernetesObjects.push(renderAgentConfigMap(containerInsights));
    const azure = renderContainerInsightsAzure(containerInsights, cluster);
    addAzure(azure.resources, azure.parameters);
    const dcr = azure.resources.find((r) => r.logicalId === 'dcr');
    if (dcr) outputs.containerInsightsDataCollectionRuleId = dcr;
  }

  let managedPrometheus: ManagedPrometheusModel | undefined;
  if (p.managedPrometheus !== undefined) {
    managedPrometheus = resolveManagedPrometheus('managedPrometheus', p.managedPrometheus, cluster);
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
  }

  const seen = new Set<string>();
  for (const o of kubernetesObjects) {
    const key = objectKey(o);
    if (seen.has(key)) throw new Error(`internal: two objects render as ${key}`);
    seen.add(key);
  }

  const armTemplate = toArmTemplate(
    `Azure Monitor resources of cluster ${cluster.name} (${cluster.profile.displayName}). Deploy to the cluster's resource group.`,
    azureResources,
    armParameters,
    outputs,
  );
  return { cluster, containerInsights, managedPrometheus, kubernetesObjects, azureResources, armParameters, armTemplate };
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
