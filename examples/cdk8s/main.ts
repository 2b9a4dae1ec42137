/**
 * cdk8s example: the fleet, one chart per cluster. `npx projen synth:fleet` (or
 * `cdk8s synth --app "ts-node examples/cdk8s/main.ts"`) writes `dist/<cluster>.k8s.yaml` and, next
 * to it, `dist/<cluster>-monitoring.arm.json` (deploy it to the cluster's resource group) and, for
 * clusters whose stack needs settings on the AKS cluster resource (ACNS, flow-log ingestion),
 * `dist/<cluster>-monitoring.cluster-settings.json` (merge it into the cluster's definition).
 */
import { App, Chart } from 'cdk8s';
import { FLEET } from '../fleet';
import { MonitoringStack, synthWithArmTemplates } from 'azure-monitor-k8s/cdk8s';

export function buildFleetApp(outdir?: string): App {
  const app = new App(outdir ? { outdir } : undefined);
  for (const [cluster, props] of Object.entries(FLEET)) {
    const chart = new Chart(app, cluster);
    new MonitoringStack(chart, 'monitoring', props);
  }
  return app;
}

if (require.main === module) {
  synthWithArmTemplates(buildFleetApp());
}
