import * as pulumi from '@pulumi/pulumi';
import { ValidationError } from '../errors';
import { createAzureNativeResources } from './azure-native';
import { registerKubernetesObject } from './kubernetes';
import { AgentsProps, checkClientId } from '../model/agents';
import { AzureFormsProps } from '../model/azure-forms';
import { ClusterProps, checkClusterResourceId, parseResourceId } from '../model/cluster';
import { ContainerInsightsProps, LogTenantProps, checkWorkspaceResourceId } from '../model/container-insights';
import { profileOf } from '../model/distribution';
import { ManagedPrometheusProps } from '../model/managed-prometheus';
import { NetworkObservabilityProps } from '../model/network-observability';
import { OnboardingProps } from '../model/onboarding';
import { checkPrincipalId } from '../model/prometheus-azure';
import { isToken, makeToken, substituteTokens } from '../model/tokens';
import { VnetFlowLogProps, checkStorageAccountId, checkWorkspaceCustomerId } from '../model/vnet-flow-logs';
import { CreateAzureMonitorWorkspaceProps, CreateLogAnalyticsWorkspaceProps } from '../model/workspaces';
import { ArmTemplate, DeployedAzureResource } from '../render/arm-template';
import { parametersUsedBy } from '../render/azure';
import { ArmClusterSettings, toArmClusterSettings } from '../render/cluster-settings';
import { PARAM_CLUSTER_ID } from '../render/container-insights-azure';
import { KubeObject } from '../render/kube';
import { MonitoringStackProps, RenderedStack, deployedDataCollectionRule, propOfParameter, renderMonitoringStack } from '../stack';

/** The Pulumi type token of {@link MonitoringStack}. */
export const MONITORING_STACK_TYPE = 'azure-monitor-k8s:index:MonitoringStack';

/** Cluster args: as {@link ClusterProps}, but the resource ID may be an output of another resource. */
export interface ClusterArgs extends Omit<ClusterProps, 'resourceId'> {
  readonly resourceId?: pulumi.Input<string>;
}

/** A Log Analytics workspace whose ID may be an output of another resource. */
export interface WorkspaceArgs {
  readonly resourceId?: pulumi.Input<string>;
  readonly region?: string;
  /** Create the workspace in the cluster's resource group instead (see `CreateLogAnalyticsWorkspaceProps`). */
  readonly create?: CreateLogAnalyticsWorkspaceProps;
}

export interface LogTenantArgs extends Omit<LogTenantProps, 'logAnalyticsWorkspace'> {
  readonly logAnalyticsWorkspace: WorkspaceArgs;
}

/** Container Insights args: as {@link ContainerInsightsProps}, with resource IDs as `pulumi.Input<string>`. */
export interface ContainerInsightsArgs extends Omit<ContainerInsightsProps, 'logAnalyticsWorkspace' | 'multiTenancy'> {
  readonly logAnalyticsWorkspace: WorkspaceArgs;
  readonly multiTenancy?: Omit<NonNullable<ContainerInsightsProps['multiTenancy']>, 'tenants'> & { readonly tenants: LogTenantArgs[] };
}

/**
 * Managed Prometheus args: as {@link ManagedPrometheusProps}, with the Azure Monitor workspace ID,
 * the action group IDs and Grafana's principal ID as `pulumi.Input<string>`.
 */
export interface ManagedPrometheusArgs extends Omit<ManagedPrometheusProps, 'azureMonitorWorkspace' | 'recommendedAlerts' | 'grafana'> {
  readonly azureMonitorWorkspace: {
    readonly resourceId?: pulumi.Input<string>;
    readonly region: string;
    readonly create?: CreateAzureMonitorWorkspaceProps;
  };
  readonly recommendedAlerts?: Omit<NonNullable<ManagedPrometheusProps['recommendedAlerts']>, 'actionGroupIds'> & {
    readonly actionGroupIds?: pulumi.Input<string>[];
  };
  readonly grafana?: Omit<NonNullable<ManagedPrometheusProps['grafana']>, 'principalId'> & { readonly principalId?: pulumi.Input<string> };
}

/**
 * VNet flow log args: as {@link VnetFlowLogProps}, with the storage account ID and the traffic analytics
 * workspace's resource and customer IDs as `pulumi.Input<string>` (the VNet ID must be literal: the
 * flow log's name and watcher are derived from it).
 */
export interface VnetFlowLogArgs extends Omit<VnetFlowLogProps, 'storageAccountId' | 'trafficAnalytics'> {
  readonly storageAccountId: pulumi.Input<string>;
  readonly trafficAnalytics?: Omit<NonNullable<VnetFlowLogProps['trafficAnalytics']>, 'workspace'> & {
    readonly workspace: { readonly resourceId: pulumi.Input<string>; readonly region: string; readonly customerId?: pulumi.Input<string> };
  };
}

/**
 * Network observability args: as {@link NetworkObservabilityProps}, with the VNet flow log's IDs and the
 * loss alert's action group IDs as inputs.
 */
export interface NetworkObservabilityArgs extends Omit<NetworkObservabilityProps, 'vnetFlowLog' | 'containerNetworkLogs'> {
  readonly vnetFlowLog?: VnetFlowLogArgs;
  readonly containerNetworkLogs?: Omit<NonNullable<NetworkObservabilityProps['containerNetworkLogs']>, 'lossAlert'> & {
    readonly lossAlert?: Omit<NonNullable<NonNullable<NetworkObservabilityProps['containerNetworkLogs']>['lossAlert']>, 'actionGroupIds'> & {
      readonly actionGroupIds?: pulumi.Input<string>[];
    };
  };
}

export interface MonitoringStackArgs {
  readonly cluster: ClusterArgs;
  readonly containerInsights?: ContainerInsightsArgs;
  readonly managedPrometheus?: ManagedPrometheusArgs;
  readonly networkObservability?: NetworkObservabilityArgs;
  /** As {@link MonitoringStackProps.agents}, with the AKS identity's client ID as an input. */
  readonly agents?: Omit<AgentsProps, 'identityClientId'> & { readonly identityClientId?: pulumi.Input<string> };
  /** As {@link MonitoringStackProps.onboarding}, with the workspace's customer ID as an input. */
  readonly onboarding?: Omit<OnboardingProps, 'logAnalyticsWorkspaceCustomerId'> & { readonly logAnalyticsWorkspaceCustomerId?: pulumi.Input<string> };
  /** As {@link MonitoringStackProps.azureForms}; `azureNative: true` creates the resources with `@pulumi/azure-native`. */
  readonly azureForms?: AzureFormsProps;
}

/** An Azure resource as exposed in outputs (see `toDeployedResource`). */
export type AzureResourceOutput = DeployedAzureResource;

interface Deferred {
  readonly input: pulumi.Input<string>;
  readonly path: string;
  readonly check: (value: string) => void;
}

/**
 * The Azure Monitor stack of one cluster as a Pulumi component.
 *
 * It renders the same objects as the cdk8s `MonitoringStack` (one source of truth), registers the
 * Kubernetes objects as typed `@pulumi/kubernetes` resources (children of this component), and exposes
 * the Azure side as outputs: {@link armTemplate} (a deployable ARM template, JSON) and
 * {@link dataCollectionRule}. Resource IDs may be outputs of other resources: they are rendered as
 * placeholders, so the set of resources and their names is known at preview, and substituted (and
 * validated) once known.
 */
export class MonitoringStack extends pulumi.ComponentResource {
  /** The rendered stack with placeholders for unknown IDs (plain data). */
  public readonly rendered: RenderedStack;
  /** The Kubernetes resources registered, keyed by `<kind>/<namespace>/<name>`. */
  public readonly kubernetesResources: Record<string, pulumi.CustomResource>;
  /** The ARM template of the Azure resources, as JSON text. */
  public readonly armTemplate: pulumi.Output<string>;
  /** The Container Insights data collection rule (undefined when Container Insights is off or uses workspace-key auth). */
  public readonly dataCollectionRule?: pulumi.Output<AzureResourceOutput>;
  /**
   * Settings the AKS cluster resource needs (ACNS, the flow-log add-on switch) in ARM form, to merge
   * into the cluster's own definition (undefined when none are needed).
   */
  public readonly clusterSettings?: pulumi.Output<ArmClusterSettings>;
  /** The Azure Service Operator resources registered (form `azureForms.aso`), keyed by `<apiVersion>/<kind>/<namespace>/<name>`. */
  public readonly asoResources: Record<string, pulumi.CustomResource>;
  /** The `@pulumi/azure-native` resources created (form `azureForms.azureNative`), keyed by logical ID. */
  public readonly azureNativeResources: Record<string, pulumi.CustomResource>;
  /** Their resource IDs, keyed by logical ID (empty without the azureNative form). */
  public readonly azureResourceIds: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: MonitoringStackArgs, opts?: pulumi.ComponentResourceOptions) {
    super(MONITORING_STACK_TYPE, name, {}, opts);

    const deferred: Deferred[] = [];
    const plainProps = deferInputs(args, deferred);
    this.rendered = renderMonitoringStack(plainProps);

    const resolved = pulumi.all(deferred.map((d) => d.input)).apply((values) => {
      values.forEach((v, i) => deferred[i].check(v));
      return values;
    });

    this.kubernetesResources = {};
    // CRDs the stack installs (manifests mode) are registered first, and every custom resource of their
    // group waits for them: Pulumi cannot create (or preview) an object of a kind the cluster does not know.
    const crds: Record<string, pulumi.CustomResource[]> = {};
    const ordered = [...this.rendered.kubernetesObjects].sort((a, b) => Number(isCrd(b)) - Number(isCrd(a)));
    for (const obj of ordered) {
      const key = `${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
      // Logical name: stack, kind, namespace ("cluster" for cluster-scoped objects) and name, so two
      // objects the renderer allows can never share a URN (a URN change would replace the resource).
      const logical = `${name}-${obj.kind.toLowerCase()}-${obj.metadata.namespace ?? 'cluster'}-${obj.metadata.name}`;
      const dependsOn = crds[obj.apiVersion.split('/')[0]] ?? [];
      const childOpts = { parent: this, ...(dependsOn.length ? { dependsOn } : {}) };
      const resource = registerKubernetesObject(logical, withResolvedTokens(obj, resolved), childOpts);
      this.kubernetesResources[key] = resource;
      if (isCrd(obj)) ((crds[(obj.spec as { group: string }).group] ??= [])).push(resource);
    }

    const template: ArmTemplate = this.rendered.armTemplate;
    this.armTemplate = resolved.apply((values) => JSON.stringify(substituteDeep(template, values), null, 2));

    if (deployedDataCollectionRule(this.rendered)) {
      const rendered = this.rendered;
      this.dataCollectionRule = resolved.apply((values) => {
        const clusterId = rendered.cluster.resourceId === undefined ? undefined : substituteTokens(rendered.cluster.resourceId, (i) => values[i]);
        return substituteDeep(deployedDataCollectionRule(rendered, clusterId), values) as AzureResourceOutput;
      });
    }

    this.asoResources = {};
    for (const obj of this.rendered.aso?.objects ?? []) {
      const key = `${obj.apiVersion}/${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
      const logical = `${name}-aso-${obj.kind.toLowerCase()}-${obj.metadata.namespace ?? 'cluster'}-${obj.metadata.name}`;
      this.asoResources[key] = registerKubernetesObject(logical, obj, { parent: this });
    }

    this.azureNativeResources = {};
    let ids: Record<string, pulumi.Output<string>> = {};
    if (this.rendered.azureForms.azureNative) {
      const rendered = this.rendered;
      // Every ID must be known: azure-native has no template parameters.
      const used = parametersUsedBy([...rendered.azureResources, ...rendered.externalAzureResources.flatMap((x) => x.resources)]);
      for (const param of used) {
        if (param === PARAM_CLUSTER_ID) continue;
        throw new ValidationError(propOfParameter(param), undefined, 'expected a value for the azureNative form: it has no template parameters');
      }
      const clusterId = resolved.apply((values) => substituteTokens(rendered.cluster.resourceId!, (i) => values[i]));
      const created = createAzureNativeResources(this, name, rendered.azureResources, {
        resourceGroupName: clusterId.apply((id) => id.split('/')[4]),
        clusterResourceId: clusterId,
        external: rendered.externalAzureResources.map((x) => ({ target: x.target, resources: x.resources })),
        parameters: { [PARAM_CLUSTER_ID]: clusterId },
        deferredValues: resolved,
      });
      this.azureNativeResources = created.resources;
      ids = created.ids;
    }
    this.azureResourceIds = pulumi.output(ids) as pulumi.Output<Record<string, string>>;

    const settings = this.rendered.clusterSettings;
    if (settings) {
      this.clusterSettings = resolved.apply((values) => substituteDeep(toArmClusterSettings(settings), values) as ArmClusterSettings);
    }

    this.registerOutputs({
      armTemplate: this.armTemplate,
      ...(this.dataCollectionRule ? { dataCollectionRule: this.dataCollectionRule } : {}),
      ...(this.clusterSettings ? { clusterSettings: this.clusterSettings } : {}),
      azureResourceIds: this.azureResourceIds,
    });
  }
}

const GRAFANA_PRINCIPAL_PATH = 'managedPrometheus.grafana.principalId';

/** Replaces each `pulumi.Input<string>` ID in the args by a token, remembering how to check it. */
function deferInputs(args: MonitoringStackArgs, deferred: Deferred[]): MonitoringStackProps {
  if (args === null || typeof args !== 'object') throw new ValidationError('props', args, 'expected { cluster, containerInsights?, managedPrometheus?, networkObservability?, onboarding?, azureForms? }');
  const defer = (path: string, v: pulumi.Input<string> | undefined, check: (value: string) => void): string | undefined => {
    if (v === undefined || (typeof v === 'string' && !isToken(v))) return v as string | undefined;
    deferred.push({ input: v, path, check });
    return makeToken(deferred.length - 1);
  };
  const c = args.cluster;
  const cluster: ClusterProps | undefined =
    c === undefined || c === null || typeof c !== 'object'
      ? (c as unknown as ClusterProps)
      : {
        ...c,
        resourceId: defer('cluster.resourceId', c.resourceId, (v) => {
          checkClusterResourceId('cluster.resourceId', v, c.name, profileOf(c.distribution));
        }),
      };
  const ci = args.containerInsights;
  let containerInsights: ContainerInsightsProps | undefined;
  if (ci !== undefined && ci !== null && typeof ci === 'object') {
    const ws = ci.logAnalyticsWorkspace;
    const wsPath = 'containerInsights.logAnalyticsWorkspace.resourceId';
    containerInsights = {
      ...ci,
      logAnalyticsWorkspace:
        ws && typeof ws === 'object' ? { ...ws, resourceId: defer(wsPath, ws.resourceId, (v) => checkWorkspaceResourceId(wsPath, v)) } : (ws as never),
      multiTenancy:
        ci.multiTenancy && Array.isArray(ci.multiTenancy.tenants)
          ? {
            ...ci.multiTenancy,
            tenants: ci.multiTenancy.tenants.map((t, i) => {
              const tp = `containerInsights.multiTenancy.tenants[${i}].logAnalyticsWorkspace.resourceId`;
              const tw = t?.logAnalyticsWorkspace;
              return tw && typeof tw === 'object'
                ? { ...t, logAnalyticsWorkspace: { ...tw, resourceId: defer(tp, tw.resourceId, (v) => checkWorkspaceResourceId(tp, v)) } }
                : (t as never);
            }),
          }
          : (ci.multiTenancy as never),
    };
  } else {
    containerInsights = ci as never;
  }
  const mp = args.managedPrometheus;
  let managedPrometheus: ManagedPrometheusProps | undefined;
  if (mp !== undefined && mp !== null && typeof mp === 'object') {
    const amw = mp.azureMonitorWorkspace;
    const amwPath = 'managedPrometheus.azureMonitorWorkspace.resourceId';
    const alerts = mp.recommendedAlerts;
    const grafana = mp.grafana;
    managedPrometheus = {
      ...mp,
      azureMonitorWorkspace:
        amw && typeof amw === 'object' ? { ...amw, resourceId: defer(amwPath, amw.resourceId, (v) => void parseResourceId(amwPath, v, 'Microsoft.Monitor/accounts')) } : (amw as never),
      ...(alerts && typeof alerts === 'object' && Array.isArray(alerts.actionGroupIds)
        ? {
          recommendedAlerts: {
            ...alerts,
            actionGroupIds: alerts.actionGroupIds.map((id, i) => {
              const ap = `managedPrometheus.recommendedAlerts.actionGroupIds[${i}]`;
              return defer(ap, id, (v) => void parseResourceId(ap, v, 'Microsoft.Insights/actionGroups')) as string;
            }),
          },
        }
        : { recommendedAlerts: alerts as never }),
      ...(grafana && typeof grafana === 'object'
        ? {
          grafana: {
            ...grafana,
            principalId: defer(GRAFANA_PRINCIPAL_PATH, grafana.principalId, (v) => void checkPrincipalId(GRAFANA_PRINCIPAL_PATH, v)),
          },
        }
        : { grafana: grafana as never }),
    };
  } else {
    managedPrometheus = mp as never;
  }
  const no = args.networkObservability;
  let networkObservability: NetworkObservabilityProps | undefined = no as never;
  const cnl = no !== null && typeof no === 'object' ? no.containerNetworkLogs : undefined;
  const loss = cnl !== null && typeof cnl === 'object' ? cnl.lossAlert : undefined;
  if (loss !== null && typeof loss === 'object' && Array.isArray(loss.actionGroupIds)) {
    networkObservability = {
      ...(networkObservability as NetworkObservabilityProps),
      containerNetworkLogs: {
        ...cnl,
        lossAlert: {
          ...loss,
          actionGroupIds: loss.actionGroupIds.map((id, i) => {
            const ap = `networkObservability.containerNetworkLogs.lossAlert.actionGroupIds[${i}]`;
            return defer(ap, id, (v) => void parseResourceId(ap, v, 'Microsoft.Insights/actionGroups')) as string;
          }),
        },
      },
    } as NetworkObservabilityProps;
  }
  const fl = no !== null && typeof no === 'object' ? no.vnetFlowLog : undefined;
  if (fl !== null && typeof fl === 'object') {
    const fp = 'networkObservability.vnetFlowLog';
    const ta = fl.trafficAnalytics;
    const ws = ta !== null && typeof ta === 'object' ? ta.workspace : undefined;
    networkObservability = {
      ...(networkObservability as NetworkObservabilityProps),
      vnetFlowLog: {
        ...fl,
        storageAccountId: defer(`${fp}.storageAccountId`, fl.storageAccountId, (v) => checkStorageAccountId(`${fp}.storageAccountId`, v)) as string,
        ...(ws !== null && typeof ws === 'object'
          ? {
            trafficAnalytics: {
              ...ta,
              workspace: {
                ...ws,
                resourceId: defer(`${fp}.trafficAnalytics.workspace.resourceId`, ws.resourceId, (v) =>
                  checkWorkspaceResourceId(`${fp}.trafficAnalytics.workspace.resourceId`, v),
                ) as string,
                customerId: defer(`${fp}.trafficAnalytics.workspace.customerId`, ws.customerId, (v) =>
                  void checkWorkspaceCustomerId(`${fp}.trafficAnalytics.workspace.customerId`, v),
                ),
              },
            },
          }
          : { trafficAnalytics: ta as never }),
      },
    } as NetworkObservabilityProps;
  }
  const ag = args.agents;
  const agents =
    ag !== null && typeof ag === 'object' && ag.identityClientId !== undefined
      ? { ...ag, identityClientId: defer('agents.identityClientId', ag.identityClientId, (v) => void checkClientId('agents.identityClientId', v)) }
      : ag;
  const ob = args.onboarding;
  const onboardingPath = 'onboarding.logAnalyticsWorkspaceCustomerId';
  const onboarding =
    ob !== null && typeof ob === 'object' && ob.logAnalyticsWorkspaceCustomerId !== undefined
      ? {
        ...ob,
        logAnalyticsWorkspaceCustomerId: defer(onboardingPath, ob.logAnalyticsWorkspaceCustomerId, (v) =>
          void checkWorkspaceCustomerId(onboardingPath, v)),
      }
      : ob;
  return {
    cluster: cluster as ClusterProps,
    ...(ci !== undefined ? { containerInsights } : {}),
    ...(mp !== undefined ? { managedPrometheus } : {}),
    ...(no !== undefined ? { networkObservability } : {}),
    ...(agents !== undefined ? { agents: agents as AgentsProps } : {}),
    ...(onboarding !== undefined ? { onboarding: onboarding as OnboardingProps } : {}),
    ...(args.azureForms !== undefined ? { azureForms: args.azureForms } : {}),
  };
}

function isCrd(o: KubeObject): boolean {
  return o.apiVersion === 'apiextensions.k8s.io/v1' && o.kind === 'CustomResourceDefinition';
}

function hasToken(v: unknown): boolean {
  if (typeof v === 'string') return isToken(v);
  if (Array.isArray(v)) return v.some(hasToken);
  if (v !== null && typeof v === 'object') return Object.values(v).some(hasToken);
  return false;
}

/**
 * The object with deferred values substituted: each top-level field holding a token becomes an output
 * (names never hold tokens, so the resource's identity is known at preview).
 */
function withResolvedTokens(obj: KubeObject, resolved: pulumi.Output<string[]>): KubeObject {
  if (!hasToken(obj)) return obj;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    out[k] = k !== 'apiVersion' && k !== 'kind' && k !== 'metadata' && hasToken(v) ? resolved.apply((values) => substituteDeep(v, values)) : v;
  }
  if (hasToken(obj.metadata)) throw new Error(`internal: a deferred value in the metadata of ${obj.kind} ${obj.metadata.name}`);
  return out as unknown as KubeObject;
}

/** Deep copy with every token in every string replaced by its resolved value. */
function substituteDeep(v: unknown, values: string[]): unknown {
  if (typeof v === 'string') return isToken(v) ? substituteTokens(v, (i) => values[i]) : v;
  if (Array.isArray(v)) return v.map((x) => substituteDeep(x, values));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = substituteDeep(x, values);
    return out;
  }
  return v;
}
