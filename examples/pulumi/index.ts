/**
 * Pulumi example: the fleet's monitoring stacks. Each cluster's Kubernetes objects are applied
 * through a Kubernetes provider for that cluster (its kubeconfig from config `kubeconfig-<cluster>`,
 * or the ambient one), and the ARM templates are exported for `az deployment group create`.
 *
 * Run elsewhere with `pulumi up` (needs the Pulumi CLI and cluster access); the repository's tests run
 * this program under Pulumi mocks.
 */
import { Provider } from '@pulumi/kubernetes/provider';
import * as pulumi from '@pulumi/pulumi';
import { FLEET } from '../fleet';
import { MonitoringStack, MonitoringStackArgs } from 'azure-monitor-k8s/pulumi';

const config = new pulumi.Config();

/** Workspace IDs may come from another stack (e.g. the platform stack that created the workspace). */
const platformWorkspaceId = config.get('platformWorkspaceId');

export const stacks: Record<string, MonitoringStack> = {};
for (const [cluster, props] of Object.entries(FLEET)) {
  const kubeconfig = config.getSecret(`kubeconfig-${cluster}`);
  const provider = new Provider(`k8s-${cluster}`, kubeconfig ? { kubeconfig } : {});
  const args: MonitoringStackArgs = {
    ...props,
    // Clusters that create their own workspace keep it; the others may take the platform stack's.
    containerInsights: props.containerInsights && {
      ...props.containerInsights,
      logAnalyticsWorkspace: props.containerInsights.logAnalyticsWorkspace.create
        ? props.containerInsights.logAnalyticsWorkspace
        : {
          ...props.containerInsights.logAnalyticsWorkspace,
          resourceId: platformWorkspaceId ?? props.containerInsights.logAnalyticsWorkspace.resourceId,
        },
    },
  };
  // All three forms: the ARM template (exported), ASO resources and @pulumi/azure-native resources.
  const withNative: MonitoringStackArgs = { ...args, azureForms: { ...props.azureForms, azureNative: true } };
  stacks[cluster] = new MonitoringStack(cluster, withNative, { providers: { kubernetes: provider } });
}

/** Per cluster: the ARM template to deploy into the cluster's resource group. */
export const armTemplates = Object.fromEntries(Object.entries(stacks).map(([c, s]) => [c, s.armTemplate]));
/** Per cluster: the Container Insights data collection rule (name, location, properties). */
export const dataCollectionRules = Object.fromEntries(Object.entries(stacks).map(([c, s]) => [c, s.dataCollectionRule]));
/**
 * Per cluster that needs them: the settings to merge into the AKS cluster resource (ACNS, flow-log
 * ingestion), in ARM form.
 */
export const clusterSettings = Object.fromEntries(
  Object.entries(stacks).filter(([, s]) => s.clusterSettings !== undefined).map(([c, s]) => [c, s.clusterSettings]),
);
/** Per cluster: the IDs of the Azure resources created with @pulumi/azure-native, by logical ID. */
export const azureResourceIds = Object.fromEntries(Object.entries(stacks).map(([c, s]) => [c, s.azureResourceIds]));
