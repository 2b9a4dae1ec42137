import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { resolveAzureForms } from '../model/azure-forms';
import { ClusterProps } from '../model/cluster';
import { ContainerInsightsProps } from '../model/container-insights';
import { ArmTemplate, DeployedAzureResource } from '../render/arm-template';
import { ArmClusterSettings, toArmClusterSettings } from '../render/cluster-settings';
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
  /** The Azure Service Operator resources (form `azureForms.aso`), as cdk8s ApiObjects. */
  public readonly asoApiObjects: ApiObject[];

  protected constructor(scope: Construct, id: string, rendered: RenderedStack) {
    super(scope, id);
    this.rendered = rendered;
    this.apiObjects = rendered.kubernetesObjects.map((o: KubeObject) => new ApiObject(this, `${o.kind}-${o.metadata.namespace ?? 'cluster'}-${o.metadata.name}`, { ...o }));
    // The ASO form: custom resources for the cluster where Azure Service Operator runs (own construct
    // IDs: an ASO object and an in-cluster object may share kind, namespace and name).
    this.asoApiObjects = (rendered.aso?.objects ?? []).map(
      (o: KubeObject) => new ApiObject(this, `aso-${o.apiVersion}-${o.kind}-${o.metadata.namespace ?? 'cluster'}-${o.metadata.name}`, { ...o }),
    );
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

  /**
   * Settings the AKS cluster resource needs (ACNS, the flow-log add-on switch) in ARM form: `resource`,
   * a fragment `{type, apiVersion, name, properties}` to merge into the cluster's own definition (never
   * deployed on its own: it would reset the rest of the cluster), the template `parameters` it uses,
   * and the `cliCommands` alternative. Undefined when the stack needs none.
   */
  public get clusterSettings(): ArmClusterSettings | undefined {
    return this.rendered.clusterSettings && toArmClusterSettings(this.rendered.clusterSettings);
  }

  /** File name of the cluster settings fragment written by {@link synthWithArmTemplates}. */
  public get clusterSettingsFileName(): string {
    return `${Chart.of(this).node.id}-${this.node.id}.cluster-settings.json`;
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
    // cdk8s cannot create @pulumi/azure-native resources: refuse that form before rendering.
    if (props !== null && typeof props === 'object') resolveAzureForms('azureForms', props.azureForms, 'cdk8s');
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
 * manifests, in `app.outdir`, and the cluster settings fragment of stacks that need one
 * (`<chart>-<construct>.cluster-settings.json`). Returns the paths written. Stacks without Azure
 * resources get no template.
 */
export function synthWithArmTemplates(app: App): string[] {
  app.synth();
  const written: string[] = [];
  const write = (file: string, value: unknown) => {
    fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
    written.push(file);
  };
  for (const c of app.node.findAll()) {
    if (!(c instanceof RenderedStackConstruct)) continue;
    // The template holds the resources of the ARM form (or, with `azureForms.arm: false`, only those
    // another form cannot express); no file when it is empty.
    if (c.armTemplate.resources.length > 0) write(path.join(app.outdir, c.armTemplateFileName), c.armTemplate);
    const settings = c.clusterSettings;
    if (settings) write(path.join(app.outdir, c.clusterSettingsFileName), settings);
  }
  return written;
}
