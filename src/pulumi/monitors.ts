/* eslint-disable @typescript-eslint/no-require-imports -- @pulumi/kubernetes is loaded on first use (the SDK is large), as in kubernetes.ts */
// Types only: the resources passed to the factories are created by the caller's own SDK instance.
import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { registerKubernetesObject } from './kubernetes';
import {
  MONITOR_API_VERSION,
  MonitorKind,
  PodMonitorProps,
  ServiceMonitorOptions,
  ServiceMonitorProps,
  WorkloadDescription,
  WorkloadPodMonitorOptions,
  checkServiceMonitorOptions,
  checkWorkloadPodMonitorOptions,
  podMonitorPropsForWorkload,
  serviceMonitorPropsForService,
} from '../model/monitors';
import { KubeObject } from '../render/kube';
import { podMonitorObject, serviceMonitorObject } from '../render/monitors';

export { PodMonitorProps, ServiceMonitorProps, WorkloadPodMonitorOptions, ServiceMonitorOptions };

/** Pulumi type tokens of the components. */
export const POD_MONITOR_TYPE = 'azure-monitor-k8s:index:PodMonitor';
export const SERVICE_MONITOR_TYPE = 'azure-monitor-k8s:index:ServiceMonitor';

type ComponentOptions = pulumi.ComponentResourceOptions;

/** A workload whose pods a PodMonitor can select. */
export type PulumiWorkload = k8s.apps.v1.Deployment | k8s.apps.v1.StatefulSet | k8s.apps.v1.DaemonSet;

/**
 * Shared by both components: registers the rendered custom resource as an
 * `apiextensions.CustomResource` child. Props known now are validated now (a `ValidationError` is
 * thrown by the constructor); props that are outputs of other resources are validated once they
 * resolve, and a failure then fails the resource (and `pulumi up`). This layer decides nothing.
 */
abstract class MonitorComponent extends pulumi.ComponentResource {
  /** The rendered custom resource (the same object the cdk8s construct synthesizes). */
  public readonly object: pulumi.Output<KubeObject>;
  /** The registered custom resource. */
  public readonly resource: pulumi.CustomResource;

  protected constructor(
    type: string,
    kind: MonitorKind,
    name: string,
    source: KubeObject | pulumi.Output<KubeObject>,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(type, name, {}, opts);
    if (pulumi.Output.isInstance(source)) {
      const { CustomResource } = require('@pulumi/kubernetes/apiextensions');
      this.resource = new CustomResource(
        name,
        { apiVersion: MONITOR_API_VERSION, kind, metadata: source.apply((o) => o.metadata), spec: source.apply((o) => o.spec) },
        { parent: this },
      ) as pulumi.CustomResource;
      this.object = source;
    } else {
      this.resource = registerKubernetesObject(name, source, { parent: this });
      this.object = pulumi.output(source) as unknown as pulumi.Output<KubeObject>;
    }
    this.registerOutputs({ object: this.object });
  }
}

/** Renders props now when they are plain data, or once they resolve when they are an output. */
function renderWhenKnown<P>(props: pulumi.Input<P>, render: (p: P) => KubeObject): KubeObject | pulumi.Output<KubeObject> {
  if (pulumi.Output.isInstance(props) || props instanceof Promise) return pulumi.output(props as pulumi.Input<P>).apply((p) => render(p as P));
  return render(props as P);
}

function workloadDescription(path: string, metadata: k8s.types.output.meta.v1.ObjectMeta, spec: WorkloadSpec | undefined): WorkloadDescription {
  const podSpec = spec?.template?.spec;
  const containers = [...(podSpec?.containers ?? []), ...(podSpec?.initContainers ?? [])];
  return {
    path,
    name: metadata?.name,
    namespace: metadata?.namespace || undefined,
    matchLabels: spec?.selector?.matchLabels,
    matchExpressions: spec?.selector?.matchExpressions?.map((e) => ({ key: e.key, operator: e.operator as 'In', ...(e.values ? { values: e.values } : {}) })),
    containerPorts: containers.flatMap((c) => (c.ports ?? []).map((p) => ({ name: p.name || undefined, containerPort: p.containerPort }))),
  };
}

type WorkloadSpec = k8s.types.output.apps.v1.DeploymentSpec | k8s.types.output.apps.v1.StatefulSetSpec | k8s.types.output.apps.v1.DaemonSetSpec;

/** A Managed Prometheus PodMonitor (`azmonitoring.coreos.com/v1`) as a Pulumi component. */
export class PodMonitor extends MonitorComponent {
  /**
   * A PodMonitor for the pods of a Deployment, StatefulSet or DaemonSet: its `spec.selector`, its
   * namespace and one endpoint on a named container port, read from the resource's outputs. The
   * options are validated now, what is read from the workload once its outputs resolve.
   */
  public static fromWorkload(name: string, workload: PulumiWorkload, options: WorkloadPodMonitorOptions, opts?: ComponentOptions): PodMonitor {
    return PodMonitor.forWorkload('workload', name, workload, options, opts);
  }

  /** {@link fromWorkload} for a Deployment (errors name it `deployment`). */
  public static fromDeployment(
    name: string,
    deployment: k8s.apps.v1.Deployment,
    options: WorkloadPodMonitorOptions,
    opts?: ComponentOptions,
  ): PodMonitor {
    return PodMonitor.forWorkload('deployment', name, deployment, options, opts);
  }

  private static forWorkload(
    path: string,
    name: string,
    workload: PulumiWorkload,
    options: WorkloadPodMonitorOptions,
    opts?: ComponentOptions,
  ): PodMonitor {
    checkWorkloadPodMonitorOptions('options', options);
    const spec = workload.spec as pulumi.Output<WorkloadSpec>;
    const props = pulumi
      .all([workload.metadata, spec])
      .apply(([metadata, s]) => podMonitorPropsForWorkload(workloadDescription(path, metadata, s), options));
    return new PodMonitor(name, props, opts);
  }

  /** `props` may be an output (e.g. computed from other resources); it is then validated once resolved. */
  constructor(name: string, props: pulumi.Input<PodMonitorProps>, opts?: pulumi.ComponentResourceOptions) {
    super(POD_MONITOR_TYPE, 'PodMonitor', name, renderWhenKnown(props, (p) => podMonitorObject(p)), opts);
  }
}

/** A Managed Prometheus ServiceMonitor (`azmonitoring.coreos.com/v1`) as a Pulumi component. */
export class ServiceMonitor extends MonitorComponent {
  /**
   * A ServiceMonitor for a Service: selects it by its labels (which it must have), in its namespace,
   * with one endpoint on a named Service port, read from the resource's outputs. The options are
   * validated now, what is read from the Service once its outputs resolve.
   */
  public static fromService(name: string, service: k8s.core.v1.Service, options: ServiceMonitorOptions, opts?: ComponentOptions): ServiceMonitor {
    checkServiceMonitorOptions('options', options);
    const props = pulumi.all([service.metadata, service.spec]).apply(([metadata, spec]) =>
      serviceMonitorPropsForService(
        {
          path: 'service',
          name: metadata?.name,
          namespace: metadata?.namespace || undefined,
          labels: metadata?.labels,
          ports: (spec?.ports ?? []).map((p) => ({ name: p.name || undefined, port: p.port })),
        },
        options,
      ),
    );
    return new ServiceMonitor(name, props, opts);
  }

  /** `props` may be an output (e.g. computed from other resources); it is then validated once resolved. */
  constructor(name: string, props: pulumi.Input<ServiceMonitorProps>, opts?: pulumi.ComponentResourceOptions) {
    super(SERVICE_MONITOR_TYPE, 'ServiceMonitor', name, renderWhenKnown(props, (p) => serviceMonitorObject(p)), opts);
  }
}
