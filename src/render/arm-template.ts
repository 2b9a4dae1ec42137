import { AzureParameterSpec, AzureResource, AzureValue, isParam, isRef, mapLeaves, refsIn } from './azure';

/** A deployable ARM template (resource-group scope). */
export interface ArmTemplate {
  readonly $schema: string;
  readonly contentVersion: string;
  readonly metadata: { readonly description: string; readonly generator: string };
  readonly parameters: Record<string, { type: 'string'; defaultValue?: string; metadata: { description: string } }>;
  readonly resources: Array<Record<string, unknown>>;
  readonly outputs: Record<string, { type: 'string'; value: string }>;
}

export const ARM_TEMPLATE_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

/**
 * ARM evaluates a string that starts with "[" and ends with "]" as an expression; such a literal is
 * escaped by doubling the opening bracket ("[[...]"). Any other string is taken literally.
 */
export function armLiteral(s: string): string {
  return s.startsWith('[') && s.endsWith(']') ? `[${s}` : s;
}

function armExpressionOfRef(type: string, name: string): string {
  return `[resourceId('${type}', '${name}')]`;
}

/** Converts one neutral value to its ARM form (refs and params become template expressions). */
export function toArmValue(v: AzureValue): unknown {
  return mapLeaves(v, (leaf) => {
    if (isRef(leaf)) return armExpressionOfRef(leaf.$ref.type, leaf.$ref.name);
    if (isParam(leaf)) return `[parameters('${leaf.$param}')]`;
    if (typeof leaf === 'string') return armLiteral(leaf);
    return leaf;
  });
}

/** The ARM resource object: `{type, apiVersion, name, location?, kind?, tags?, scope?, dependsOn?, properties}`. */
export function toArmResource(r: AzureResource): Record<string, unknown> {
  const deps = [...new Set([...refsIn(r.properties), ...refsIn(r.scope)].map((x) => armExpressionOfRef(x.$ref.type, x.$ref.name)))];
  return {
    type: r.type,
    apiVersion: r.apiVersion,
    name: r.name,
    ...(r.scope !== undefined ? { scope: toArmValue(r.scope) } : {}),
    ...(r.location !== undefined ? { location: r.location } : {}),
    ...(r.kind !== undefined ? { kind: r.kind } : {}),
    ...(r.sku !== undefined ? { sku: toArmValue(r.sku) } : {}),
    ...(r.identity !== undefined ? { identity: toArmValue(r.identity) } : {}),
    ...(r.tags !== undefined && Object.keys(r.tags).length > 0 ? { tags: toArmValue(r.tags as AzureValue) } : {}),
    ...(deps.length > 0 ? { dependsOn: deps } : {}),
    properties: toArmValue(r.properties),
  };
}

/** A template deploying `resources` into the cluster's resource group, with `outputs` naming resource IDs. */
export function toArmTemplate(
  description: string,
  resources: readonly AzureResource[],
  parameters: readonly AzureParameterSpec[],
  outputs: Record<string, AzureResource>,
  nestedDeployments: ReadonlyArray<Record<string, unknown>> = [],
): ArmTemplate {
  const params: ArmTemplate['parameters'] = {};
  for (const p of parameters) {
    params[p.name] = { type: 'string', ...(p.defaultValue !== undefined ? { defaultValue: p.defaultValue } : {}), metadata: { description: p.description } };
  }
  const outs: ArmTemplate['outputs'] = {};
  for (const [name, r] of Object.entries(outputs)) {
    outs[name] = {
      type: 'string',
      value: r.scope === undefined ? armExpressionOfRef(r.type, r.name) : `[extensionResourceId(${scopeExpression(r.scope)}, '${r.type}', '${r.name}')]`,
    };
  }
  return {
    $schema: ARM_TEMPLATE_SCHEMA,
    contentVersion: '1.0.0.0',
    metadata: { description, generator: 'azure-monitor-k8s' },
    parameters: params,
    resources: [...resources.map(toArmResource), ...nestedDeployments],
    outputs: outs,
  };
}

function scopeExpression(scope: AzureValue): string {
  if (isParam(scope)) return `parameters('${scope.$param}')`;
  if (typeof scope === 'string') return `'${scope}'`;
  throw new Error('internal: unsupported scope value');
}

/** A resource as deployed: its ARM shape with references to sibling resources as full resource IDs. */
export interface DeployedAzureResource {
  readonly type: string;
  readonly apiVersion: string;
  readonly name: string;
  readonly location?: string;
  readonly properties: unknown;
}

/** `/subscriptions/<s>/resourceGroups/<g>` of a resource ID. */
export function resourceGroupIdOf(resourceId: string): string {
  return resourceId.split('/').slice(0, 5).join('/');
}

/**
 * A resource of the stack as it will exist once the template is deployed to `resourceGroupId` (the
 * cluster's group): sibling references become full resource IDs. Without the group they stay ARM
 * `resourceId()` expressions; unknown IDs stay `parameters()` expressions.
 */
export function toDeployedResource(r: AzureResource, resourceGroupId?: string): DeployedAzureResource {
  const properties = mapLeaves(r.properties, (leaf) => {
    if (isRef(leaf)) {
      const { type, name } = leaf.$ref;
      return resourceGroupId ? `${resourceGroupId}/providers/${type}/${name}` : armExpressionOfRef(type, name);
    }
    if (isParam(leaf)) return `[parameters('${leaf.$param}')]`;
    return leaf;
  });
  return { type: r.type, apiVersion: r.apiVersion, name: r.name, ...(r.location !== undefined ? { location: r.location } : {}), properties };
}

/**
 * API version of `Microsoft.Resources/deployments` (nested deployments). The product's onboarding
 * templates use 2017-05-10 (container-insights/dcr/*-existingClusterOnboarding.json); 2022-09-01 is a
 * stable version with the same envelope (`subscriptionId`, `resourceGroup`, `properties.mode`,
 * `expressionEvaluationOptions`, `parameters`, `template`). The reference folder has no schema for it.
 */
export const DEPLOYMENTS_API_VERSION = '2022-09-01';

/** Where a nested deployment goes. */
export interface DeploymentTarget {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
}

/**
 * A nested deployment of `resources` into another resource group (and subscription) from the stack's
 * template, so one `az deployment group create` deploys everything. Inner expression scope: the inner
 * template declares its own parameters, passed through from the outer template's of the same names.
 */
export function toNestedDeployment(
  name: string,
  target: DeploymentTarget,
  description: string,
  resources: readonly AzureResource[],
  parameters: readonly AzureParameterSpec[],
): Record<string, unknown> {
  const template = toArmTemplate(description, resources, parameters, {});
  return {
    type: 'Microsoft.Resources/deployments',
    apiVersion: DEPLOYMENTS_API_VERSION,
    name,
    subscriptionId: target.subscriptionId,
    resourceGroup: target.resourceGroup,
    properties: {
      mode: 'Incremental',
      expressionEvaluationOptions: { scope: 'inner' },
      parameters: Object.fromEntries(parameters.map((p) => [p.name, { value: `[parameters('${p.name}')]` }])),
      template,
    },
  };
}
