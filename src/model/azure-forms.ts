import { ValidationError } from '../errors';
import { checkBoolean, checkEnum, checkNamespaceName, checkProps } from './check';

/**
 * Which deployable forms of the stack's Azure resources are emitted (issue 5). All forms are
 * rendered from the same engine-neutral resources (src/render/azure.ts), so they describe the same
 * resources; a form that cannot express a resource is an error naming the prop to change, except where
 * a form has no kind at all for a resource (ASO: Managed Grafana, private link scopes), which then
 * stays in the ARM template.
 */
export interface AzureFormsProps {
  /**
   * The ARM template (`armTemplate`, written as `<chart>-<construct>.arm.json` by cdk8s): every
   * Azure resource of the stack. With `arm: false` the template holds only the resources another
   * chosen form cannot express (it is then not written when there are none).
   * @default true
   */
  readonly arm?: boolean;
  /**
   * Azure Service Operator v2 custom resources (ASO >= 2.20, for custom DCR streams), in this
   * namespace of the cluster where ASO runs: in the chart (cdk8s) or registered with the stack's
   * Kubernetes provider (Pulumi). Needs `cluster.resourceId` (the resources are owned by the cluster's
   * resource group and the cluster by ARM ID) and every ID literal (ASO has no template parameters).
   * @default - not emitted
   */
  readonly aso?: AsoFormProps;
  /**
   * `@pulumi/azure-native` v3 resources created by the Pulumi `MonitoringStack` (an optional peer
   * dependency: install `@pulumi/azure-native`). Pulumi only; needs `cluster.resourceId`.
   * @default false
   */
  readonly azureNative?: boolean;
  /**
   * API versions of the ARM form, per resource type (e.g. `{ 'Microsoft.Insights/dataCollectionRules':
   * '2022-06-01' }` where a policy pins the product templates' version). Only versions in which every
   * field the stack writes exists are accepted ({@link ARM_API_VERSIONS}).
   * @default - the newest stable version of each type (the last of its list)
   */
  readonly armApiVersions?: Record<string, string>;
}

/**
 * The ARM API versions the stack can write, per type, oldest first; the last is the default. Each
 * older one holds every field the stack writes: Insights 2022-06-01 (the product's own templates;
 * prometheusForwarder/monitoringAccounts exist there, NOTES-azure-resources §2.2) and 2023-03-11;
 * flow logs 2023-09-01/2024-05-01/2025-05-01 (NOTES-network-observability §7); Log Analytics 2023-09-01
 * and Azure Monitor 2023-04-03 (the Pulumi/ASO versions, src/render/workspaces.ts); Grafana 2024-10-01;
 * Arc extensions 2023-05-01/2024-11-01 (src/render/arc-extensions.ts).
 */
export const ARM_API_VERSIONS: Readonly<Record<string, readonly string[]>> = {
  'Microsoft.Insights/dataCollectionRules': ['2022-06-01', '2023-03-11', '2024-03-11'],
  'Microsoft.Insights/dataCollectionEndpoints': ['2022-06-01', '2023-03-11', '2024-03-11'],
  'Microsoft.Insights/dataCollectionRuleAssociations': ['2022-06-01', '2023-03-11', '2024-03-11'],
  'Microsoft.AlertsManagement/prometheusRuleGroups': ['2023-03-01'],
  'Microsoft.Authorization/roleAssignments': ['2022-04-01'],
  'Microsoft.Dashboard/grafana': ['2024-10-01', '2025-08-01'],
  'Microsoft.Network/networkWatchers/flowLogs': ['2023-09-01', '2024-05-01', '2025-05-01', '2025-07-01'],
  'Microsoft.OperationalInsights/workspaces': ['2023-09-01', '2025-07-01'],
  'Microsoft.Monitor/accounts': ['2023-04-03', '2025-10-03'],
  'Microsoft.KubernetesConfiguration/extensions': ['2023-05-01', '2024-11-01', '2025-03-01'],
};

export interface AsoFormProps {
  /** The namespace of the ASO resources (ASO resources cannot own across namespaces). */
  readonly namespace: string;
}

export interface AzureFormsModel {
  readonly arm: boolean;
  readonly aso?: { readonly namespace: string };
  readonly azureNative: boolean;
  /** Overridden ARM API versions, by type. */
  readonly armApiVersions: Readonly<Record<string, string>>;
}

export const AZURE_FORMS_KEYS = ['arm', 'aso', 'azureNative', 'armApiVersions'] as const;

/** Validates the form choice. `engine` is who renders it: the cdk8s constructs cannot create Pulumi resources. */
export function resolveAzureForms(path: string, props: unknown, engine: 'neutral' | 'cdk8s' | 'pulumi' = 'neutral'): AzureFormsModel {
  const p = props === undefined ? {} : checkProps<AzureFormsProps>(path, props, AZURE_FORMS_KEYS);
  const arm = p.arm === undefined ? true : checkBoolean(`${path}.arm`, p.arm);
  let aso: AzureFormsModel['aso'];
  if (p.aso !== undefined) {
    const a = checkProps<AsoFormProps>(`${path}.aso`, p.aso, ['namespace']);
    if (a.namespace === undefined) throw new ValidationError(`${path}.aso.namespace`, undefined, 'expected the namespace of the ASO resources');
    aso = { namespace: checkNamespaceName(`${path}.aso.namespace`, a.namespace) };
  }
  const azureNative = p.azureNative === undefined ? false : checkBoolean(`${path}.azureNative`, p.azureNative);
  if (azureNative && engine === 'cdk8s') {
    throw new ValidationError(`${path}.azureNative`, true, 'expected false or nothing: only the Pulumi MonitoringStack creates @pulumi/azure-native resources (use arm or aso with cdk8s)');
  }
  const armApiVersions: Record<string, string> = {};
  if (p.armApiVersions !== undefined) {
    const vp = `${path}.armApiVersions`;
    const given = checkProps<Record<string, unknown>>(vp, p.armApiVersions, Object.keys(ARM_API_VERSIONS));
    for (const [type, version] of Object.entries(given)) {
      if (version === undefined) continue;
      armApiVersions[type] = checkEnum(`${vp}.${type}`, version, ARM_API_VERSIONS[type]);
    }
  }
  if (!arm && aso === undefined && !azureNative) {
    throw new ValidationError(path, props, 'expected at least one form (arm, aso or azureNative): with none, the Azure resources would not be emitted at all');
  }
  return { arm, ...(aso ? { aso } : {}), azureNative, armApiVersions };
}
