import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { ValidationError } from '../src';
import { ContainerInsights, MonitoringStack, synthWithArmTemplates } from '../src/cdk8s';

const SUB = '/subscriptions/11111111-2222-4333-8444-555555555555';
const CLUSTER = { name: 'k3s-a', region: 'westeurope', distribution: 'k3s' as const, resourceId: `${SUB}/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/k3s-a` };
const WS = { resourceId: `${SUB}/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/w`, region: 'westeurope' };

describe('cdk8s constructs', () => {
  test('MonitoringStack puts the rendered objects in the chart unchanged, with fixed names', () => {
    const chart = Testing.chart();
    const stack = new MonitoringStack(chart, 'monitoring', { cluster: CLUSTER, containerInsights: { logAnalyticsWorkspace: WS } });
    const out = Testing.synth(chart);
    expect(out).toHaveLength(1);
    expect(out[0].metadata).toEqual({ name: 'container-azm-ms-agentconfig', namespace: 'kube-system', labels: { 'app.kubernetes.io/managed-by': 'azure-monitor-k8s' } });
    expect(out[0]).toEqual(JSON.parse(JSON.stringify(stack.rendered.kubernetesObjects[0])));
    expect(stack.apiObjects).toHaveLength(1);
    // The Arc extension too: mode arc-extension onboards the agent by default.
    expect(stack.armTemplate.resources.map((r) => r.name)).toEqual(['MSCI-westeurope-k3s-a', 'ContainerInsightsExtension', 'azuremonitor-containers']);
  });

  test('ContainerInsights alone renders the same as MonitoringStack with only Container Insights', () => {
    const a = Testing.chart();
    const b = Testing.chart();
    const alone = new ContainerInsights(a, 'ci', { cluster: CLUSTER, logAnalyticsWorkspace: WS, highLogScale: true });
    const full = new MonitoringStack(b, 'ci', { cluster: CLUSTER, containerInsights: { logAnalyticsWorkspace: WS, highLogScale: true } });
    expect(Testing.synth(a)).toEqual(Testing.synth(b));
    expect(alone.armTemplate).toEqual(full.armTemplate);
  });

  test('bad props fail when the construct is created, with a ValidationError naming the prop', () => {
    const chart = Testing.chart();
    expect(() => new MonitoringStack(chart, 'm', { cluster: { ...CLUSTER, region: 'westeurpe' }, containerInsights: { logAnalyticsWorkspace: WS } })).toThrow(
      /^cluster\.region: got "westeurpe"; .*Did you mean "westeurope"\?$/,
    );
    expect(() => new ContainerInsights(chart, 'c', { cluster: CLUSTER, logAnalyticsWorkspace: WS, highLogScale: true, authentication: 'workspace-key' })).toThrow(ValidationError);
  });

  test('synthWithArmTemplates writes the manifests and one ARM template per stack next to them', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'amk8s-'));
    const app = new App({ outdir });
    new MonitoringStack(new Chart(app, 'k3s-a'), 'monitoring', { cluster: CLUSTER, containerInsights: { logAnalyticsWorkspace: WS } });
    // workspace-key auth: no Azure resources, so no template file
    new MonitoringStack(new Chart(app, 'legacy'), 'monitoring', {
      cluster: { ...CLUSTER, name: 'legacy', resourceId: undefined },
      containerInsights: { logAnalyticsWorkspace: WS, authentication: 'workspace-key' },
    });
    const written = synthWithArmTemplates(app);
    expect(written).toEqual([path.join(outdir, 'k3s-a-monitoring.arm.json')]);
    expect(fs.readdirSync(outdir).sort()).toEqual(['k3s-a-monitoring.arm.json', 'k3s-a.k8s.yaml', 'legacy.k8s.yaml']);
    const template = JSON.parse(fs.readFileSync(written[0], 'utf8'));
    expect(template.resources[0].name).toBe('MSCI-westeurope-k3s-a');
  });
});
