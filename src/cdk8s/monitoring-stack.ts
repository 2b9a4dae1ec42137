import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterProps } from '../model/cluster';
import { ContainerInsightsProps } from '../model/container-insights';
import { ArmTemplate, DeployedAzureResource } from '../render/arm-template';
import { KubeObject } from '../render/kube';
import { MonitoringStackProps, RenderedStack, deployedDataCollectionRule, renderMonitoringStack } from '../stack';

export { MonitoringStackProps };

/**
 * Shared by the constructs of this module: wraps the rendered stack's objects as ApiObjects. The
 * objects are passed through unchanged (names are set, so cdk8s adds no hash suffix); this layer
 * decides nothing.
 */
abstract class RenderedStackConstruct extends Construct {
  /** Everything this stack consists of, as plain objects (the same as the Pulumi component's). */
  public readonly rendered: RenderedStack;
  /** The Kubernetes objects, as cdk8s ApiObjects. */
  public readonly apiObjects: ApiObject[];

  protected constructor(scope: Construct, id: string, rendered: RenderedStack) {
    super(scope, id);
    this.rendered = rendered;
    this.apiObjects = rendered.kubernetesObjects.map((o: KubeObject) => new ApiObject(this, `${o.kind}-${o.metadata.namespace ?? 'cluster'}-${o.metadata.name}`, { ...o }));
  }

  /** The ARM template of the stack's Azure resources (deploy it to the cluster's resource group). */
  public get armTemplate(): ArmTemplate {
    return this.rendered.armTemplate;
  }

  /** The Container Insights data collection rule as deployed (undefined without one). */
  public get dataCollectionRule(): DeployedAzureResource | undefined {
    return deployedDataCollectionRule(this.rendered);
  }

  /** File name of the ARM template written by {@link synthWithArmTemplates}: `<chart>-<construct>.arm.json`. */
  public get armTemplateFileName(): string {
    return `${Chart.of(this).node.id}-${this.node.id}.arm.json`;
  }
}

/**
 * The Azure Monitor stack of one cluster: Kubernetes objects in the chart, Azure resources as an
 * ARM template ({@link armTemplate}, written next to the manifests by {@link synthWithArmTemplates}).
 *
 * Props are validated when the construct is created; bad input throws a `ValidationError`.
 */
export class MonitoringStack extends RenderedStackConstruct {
  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, renderMonitoringStack(props));
  }
}

/** Props of {@link ContainerInsights}: the cluster plus the Container Insights settings. */
export interface ContainerInsightsConstructProps extends ContainerInsightsProps {
  /** The cluster being monitored. */
  readonly cluster: ClusterProps;
}

/** Container Insights alone (the agent ConfigMap, the data collection rule and its association). */
export class ContainerInsights extends RenderedStackConstruct {
  constructor(scope: Construct, id: string, props: ContainerInsightsConstructProps) {
    const { cluster, ...containerInsights } = props;
    super(scope, id, renderMonitoringStack({ cluster, containerInsights }));
  }
}

/**
 * Synthesizes the app (`app.synth()`), then writes the ARM template of every stack in it next to the
 * manifests, in `app.outdir`. Returns the paths of the templates written. Stacks without Azure
 * resources get no file.
 */
export function synthWithArmTemplates(app: App): string[] {
  app.synth();
  const written: string[] = [];
  for (const c of app.node.findAll()) {
    if (!(c instanceof RenderedStackConstruct) || c.rendered.azureResources.length === 0) continue;
    const file = path.join(app.outdir, c.armTemplateFileName);
    fs.writeFileSync(file, `${JSON.stringify(c.armTemplate, null, 2)}\n`);
    written.push(file);
  }
  return written;
}
