import { ApiObject } from 'cdk8s';
// Types only: cdk8s-plus-28 is an optional peer, needed only by whoever passes its constructs.
import type * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  PodMonitorProps,
  ServiceMonitorOptions,
  ServiceMonitorProps,
  WorkloadPodMonitorOptions,
  podMonitorPropsForWorkload,
  serviceMonitorPropsForService,
} from '../model/monitors';
import { KubeObject } from '../render/kube';
import { podMonitorObject, serviceMonitorObject } from '../render/monitors';

export { PodMonitorProps, ServiceMonitorProps, WorkloadPodMonitorOptions, ServiceMonitorOptions };

/**
 * Shared by both monitor constructs: one ApiObject holding the rendered custom resource, passed
 * through unchanged (its name is set, so cdk8s adds no hash suffix). This layer decides nothing.
 */
abstract class MonitorConstruct extends Construct {
  /** The rendered custom resource (the same object the Pulumi component registers). */
  public readonly object: KubeObject;
  /** The custom resource as a cdk8s ApiObject. */
  public readonly apiObject: ApiObject;

  protected constructor(scope: Construct, id: string, object: KubeObject) {
    super(scope, id);
    this.object = object;
    this.apiObject = new ApiObject(this, 'Resource', { ...object });
  }
}

/**
 * A Managed Prometheus PodMonitor (`azmonitoring.coreos.com/v1`): the agent scrapes the selected pods.
 * Props are validated when the construct is created; bad input throws a `ValidationError`.
 */
export class PodMonitor extends MonitorConstruct {
  /**
   * A PodMonitor for the pods of a cdk8s-plus workload (Deployment, StatefulSet, DaemonSet, ...): its
   * pod selector, its namespace, and one endpoint on a named container port. Reads the workload as it
   * is now: create the monitor after its containers and ports.
   */
  public static fromWorkload(scope: Construct, id: string, workload: kplus.Workload, options: WorkloadPodMonitorOptions): PodMonitor {
    const containers = [...workload.containers, ...workload.initContainers];
    const props = podMonitorPropsForWorkload(
      {
        path: 'workload',
        name: workload.name,
        namespace: workload.metadata.namespace,
        matchLabels: workload.matchLabels,
        matchExpressions: workload.matchExpressions.map((e) => ({ key: e.key, operator: e.operator as 'In', values: e.values })),
        containerPorts: containers.flatMap((c) => c.ports.map((p) => ({ name: p.name, containerPort: p.number }))),
      },
      options,
    );
    return new PodMonitor(scope, id, props);
  }

  constructor(scope: Construct, id: string, props: PodMonitorProps) {
    super(scope, id, podMonitorObject(props));
  }
}

/**
 * A Managed Prometheus ServiceMonitor (`azmonitoring.coreos.com/v1`): the agent scrapes the endpoints
 * of the selected Services. Props are validated when the construct is created.
 */
export class ServiceMonitor extends MonitorConstruct {
  /**
   * A ServiceMonitor for a cdk8s-plus Service: selects it by its labels (which it must have), in its
   * namespace, with one endpoint on a named Service port. Reads the Service as it is now: create the
   * monitor after its labels and ports.
   */
  public static fromService(scope: Construct, id: string, service: kplus.Service, options: ServiceMonitorOptions): ServiceMonitor {
    const metadata = service.metadata.toJson() as { labels?: Record<string, string> };
    const props = serviceMonitorPropsForService(
      {
        path: 'service',
        name: service.name,
        namespace: service.metadata.namespace,
        labels: metadata.labels,
        ports: service.ports.map((p) => ({ name: p.name, port: p.port })),
      },
      options,
    );
    return new ServiceMonitor(scope, id, props);
  }

  constructor(scope: Construct, id: string, props: ServiceMonitorProps) {
    super(scope, id, serviceMonitorObject(props));
  }
}
