import { ValidationError } from '../errors';
import { checkBoolean, checkNamespaceName, checkProps } from './check';

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
}

export interface AsoFormProps {
  /** The namespace of the ASO resources (ASO resources cannot own across namespaces). */
  readonly namespace: string;
}

export interface AzureFormsModel {
  readonly arm: boolean;
  readonly aso?: { readonly namespace: string };
  readonly azureNative: boolean;
}

export const AZURE_FORMS_KEYS = ['arm', 'aso', 'azureNative'] as const;

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
  if (!arm && aso === undefined && !azureNative) {
    throw new ValidationError(path, props, 'expected at least one form (arm, aso or azureNative): with none, the Azure resources would not be emitted at all');
  }
  return { arm, ...(aso ? { aso } : {}), azureNative };
}
