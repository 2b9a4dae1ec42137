/**
 * The two examples: the cdk8s app synthesized to a temporary directory, and the Pulumi program run
 * under Pulumi mocks (twice: with the default configuration and with `platformWorkspaceId` set).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as pulumiModule from '@pulumi/pulumi';
import * as YAML from 'yaml';
import { buildFleetApp } from '../examples/cdk8s/main';
import { FLEET, PLATFORM_WORKSPACE_ID } from '../examples/fleet';
import { PulumiMocks, RegisteredResource, installPulumiMocks, promiseOf } from './support/pulumi-mocks';
import { allKubernetesObjects, renderMonitoringStack } from 'azure-monitor-k8s';
import { synthWithArmTemplates } from 'azure-monitor-k8s/cdk8s';

const CLUSTERS = Object.keys(FLEET);
/** Every Kubernetes object of the fleet, as the engine-neutral renderer computes it. */
const EXPECTED_OBJECT_COUNT = CLUSTERS.reduce((n, c) => n + allKubernetesObjects(renderMonitoringStack(FLEET[c])).length, 0);
const DCR_TYPE = 'Microsoft.Insights/dataCollectionRules';

interface ManifestObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { name: string; namespace?: string };
  readonly data?: Record<string, string>;
}

interface ArmTemplateJson {
  readonly resources: Array<{ type: string; name: string; location?: string; properties: Record<string, unknown> }>;
}

/** The Container Insights rule of a cluster (`MSCI-<workspace region>-<cluster>`). */
function containerInsightsRule(template: ArmTemplateJson, cluster: string): ArmTemplateJson['resources'][number] {
  const rules = template.resources.filter((r) => r.type === DCR_TYPE && r.name.startsWith('MSCI-') && r.name.endsWith(`-${cluster}`) && !r.name.startsWith('MSCI-multi-tenancy-'));
  expect(rules).toHaveLength(1);
  return rules[0];
}

function workspaceOf(rule: ArmTemplateJson['resources'][number]): unknown {
  const properties = rule.properties as { destinations: { logAnalytics: Array<{ workspaceResourceId: unknown }> } };
  return properties.destinations.logAnalytics[0].workspaceResourceId;
}

/** The workspace a fleet cluster's rule must point at: the one the stack creates, or the platform's. */
function expectedWorkspace(cluster: string, platform: string): string {
  const created = FLEET[cluster].containerInsights?.logAnalyticsWorkspace.create;
  return created ? `[resourceId('Microsoft.OperationalInsights/workspaces', '${created.name}')]` : platform;
}

describe('cdk8s example', () => {
  let outdir: string;
  let written: string[];

  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'azmk8s-examples-'));
    written = synthWithArmTemplates(buildFleetApp(outdir));
  });
  afterAll(() => {
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  // Clusters whose stack needs settings on the AKS cluster resource (ACNS, flow-log ingestion).
  const WITH_SETTINGS = CLUSTERS.filter((c) => renderMonitoringStack(FLEET[c]).clusterSettings !== undefined);

  test('writes one manifest and one ARM template per cluster, a cluster settings fragment where needed, and nothing else', () => {
    expect(WITH_SETTINGS).toEqual(['aks-prod-weu', 'aks-payments-weu']);
    const extra = WITH_SETTINGS.map((c) => `${c}-monitoring.cluster-settings.json`);
    const expected = [...CLUSTERS.flatMap((c) => [`${c}.k8s.yaml`, `${c}-monitoring.arm.json`]), ...extra].sort();
    expect(fs.readdirSync(outdir).sort()).toEqual(expected);
    expect(written.map((f) => path.relative(outdir, f)).sort()).toEqual([...CLUSTERS.map((c) => `${c}-monitoring.arm.json`), ...extra].sort());
  });

  test('the cluster settings fragment turns on ACNS observability and flow-log ingestion on the AKS cluster (and the add-ons: onboarding)', () => {
    const fragment = JSON.parse(fs.readFileSync(path.join(outdir, 'aks-payments-weu-monitoring.cluster-settings.json'), 'utf8'));
    expect(fragment.resource).toMatchObject({
      type: 'Microsoft.ContainerService/managedClusters',
      name: 'aks-payments-weu',
      properties: {
        networkProfile: { advancedNetworking: { enabled: true, observability: { enabled: true } } },
        addonProfiles: { omsagent: { enabled: true, config: { useAADAuth: 'true', enableContainerNetworkLogs: 'True' } } },
        azureMonitorProfile: { metrics: { enabled: true } },
      },
    });
    // The monitoring add-on, ACNS with flow logs, the metrics add-on.
    expect(fragment.cliCommands).toHaveLength(3);
  });

  test('acceptance: the OpenShift and K3s clusters carry the agent workloads from manifests; the others leave them to the add-on or extension', () => {
    const load = (cluster: string) => YAML.parseAllDocuments(fs.readFileSync(path.join(outdir, `${cluster}.k8s.yaml`), 'utf8')).map((d) => d.toJS() as any);
    const workloads = (objects: any[]) => objects.filter((o) => o.kind === 'DaemonSet' || o.kind === 'Deployment').map((o) => o.metadata.name).sort();
    const agents = ['ama-logs', 'ama-logs-rs', 'ama-metrics', 'ama-metrics-ksm', 'ama-metrics-node', 'ama-metrics-operator-targets'];

    const ocp = load('ocp-plant-01');
    expect(workloads(ocp)).toEqual(agents);
    expect(ocp.filter((o) => o.kind === 'SecurityContextConstraints').map((o) => o.metadata.name).sort()).toEqual(['ama-logs-scc', 'ama-metrics-ksm-scc', 'ama-metrics-scc']);
    for (const o of ocp.filter((x) => x.kind === 'DaemonSet' || x.kind === 'Deployment')) {
      for (const c of o.spec.template.spec.containers) expect(c.image).toMatch(/^registry\.plant-01\.example\.com\/mcr\//);
    }

    const k3s = load('k3s-store-042');
    expect(workloads(k3s)).toEqual(agents);
    const node = k3s.find((o) => o.kind === 'DaemonSet' && o.metadata.name === 'ama-metrics-node');
    expect(node.spec.template.spec.tolerations).toContainEqual({ key: 'pos.example.com/dedicated', operator: 'Exists', effect: 'NoSchedule' });
    const rs = k3s.find((o) => o.kind === 'Deployment' && o.metadata.name === 'ama-metrics');
    expect(rs.spec.template.spec.containers[0].resources.limits).toEqual({ cpu: '2', memory: '4Gi' });
    expect(k3s.filter((o) => o.kind === 'SecurityContextConstraints')).toEqual([]);

    for (const cluster of ['aks-prod-weu', 'aksee-line-7', 'aks-payments-weu']) expect(workloads(load(cluster))).toEqual([]);
    // The edge cluster gets its metrics extension from the template (the default mode).
    const edge = JSON.parse(fs.readFileSync(path.join(outdir, 'aksee-line-7-monitoring.arm.json'), 'utf8')) as ArmTemplateJson;
    expect(edge.resources.filter((r) => r.type === 'Microsoft.KubernetesConfiguration/extensions').map((r) => r.name)).toEqual(['azuremonitor-metrics']);
  });

  test.each(CLUSTERS)('%s: the manifest holds the agent ConfigMap', (cluster) => {
    const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(outdir, `${cluster}.k8s.yaml`), 'utf8'));
    for (const d of docs) expect(d.errors).toEqual([]);
    const objects = docs.map((d) => d.toJS() as ManifestObject);
    const configMaps = objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.name === 'container-azm-ms-agentconfig');
    expect(configMaps).toHaveLength(1);
    expect(configMaps[0].apiVersion).toBe('v1');
    expect(configMaps[0].metadata.namespace).toBe('kube-system');
    expect(configMaps[0].data?.['schema-version']).toBe('v1');
    // ... and exactly the objects the stack renders (metrics ConfigMaps, monitors, ...).
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(
      allKubernetesObjects(renderMonitoringStack(FLEET[cluster])).map((o) => `${o.kind}/${o.metadata.name}`).sort(),
    );
  });

  test('Windows recording rules only where windows-exporter is scraped (AKS with Windows nodes, not the Arc edge cluster)', () => {
    const groups = (c: string): string[] => renderMonitoringStack(FLEET[c]).armTemplate.resources
      .filter((r) => r.type === 'Microsoft.AlertsManagement/prometheusRuleGroups')
      .map((r) => String(r.name));
    expect(groups('aks-prod-weu')).toContain('NodeRecordingRulesRuleGroup-Win-aks-prod-weu');
    expect(groups('aksee-line-7').filter((n) => n.includes('-Win'))).toEqual([]);
  });

  test.each(CLUSTERS)('%s: the ARM template is JSON with the cluster\'s data collection rule', (cluster) => {
    const template = JSON.parse(fs.readFileSync(path.join(outdir, `${cluster}-monitoring.arm.json`), 'utf8')) as ArmTemplateJson;
    const rule = containerInsightsRule(template, cluster);
    const region = FLEET[cluster].containerInsights?.logAnalyticsWorkspace.region ?? FLEET[cluster].cluster.region;
    expect(rule.name).toBe(`MSCI-${region}-${cluster}`);
    expect(workspaceOf(rule)).toBe(expectedWorkspace(cluster, PLATFORM_WORKSPACE_ID));
    expect(template.resources.some((r) => r.type === 'Microsoft.Insights/dataCollectionRuleAssociations' && r.name === 'ContainerInsightsExtension')).toBe(true);
  });
});

describe('Pulumi example', () => {
  const programDir = path.resolve(__dirname, '..', 'examples', 'pulumi');
  const AMBIENT_KUBECONFIG = process.env.KUBECONFIG || undefined;
  const project = (YAML.parse(fs.readFileSync(path.join(programDir, 'Pulumi.yaml'), 'utf8')) as { name: string }).name;

  /** What examples/pulumi/index.ts exports. */
  interface ProgramExports {
    readonly stacks: Record<string, pulumiModule.Resource>;
    readonly armTemplates: Record<string, pulumiModule.Output<string>>;
    readonly dataCollectionRules: Record<string, pulumiModule.Output<unknown> | undefined>;
  }

  interface ProgramRun {
    readonly mocks: PulumiMocks;
    readonly armTemplates: Record<string, ArmTemplateJson>;
    readonly dataCollectionRules: Record<string, unknown>;
  }

  /**
   * Runs examples/pulumi/index.ts in a fresh module registry (it creates its resources when imported,
   * so the mocks and the configuration go in first), waits for every registration, resolves the exports.
   */
  async function runProgram(config: Record<string, string>): Promise<ProgramRun> {
    let mocks: PulumiMocks | undefined;
    let program: ProgramExports | undefined;
    jest.isolateModules(() => {
      mocks = installPulumiMocks({ project, stack: 'dev', config });
      // The mocks must sit on the SDK instance the program gets in this registry.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      expect(require('@pulumi/pulumi')).toBe(mocks.pulumi);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      program = require('../examples/pulumi/index') as ProgramExports;
    });
    if (!mocks || !program) throw new Error('the program did not load');
    for (const s of Object.values(program.stacks)) await promiseOf(s.urn);
    const armTemplates: Record<string, ArmTemplateJson> = {};
    for (const [c, t] of Object.entries(program.armTemplates)) armTemplates[c] = JSON.parse(await promiseOf(t)) as ArmTemplateJson;
    const dataCollectionRules: Record<string, unknown> = {};
    for (const [c, r] of Object.entries(program.dataCollectionRules)) dataCollectionRules[c] = r === undefined ? undefined : await promiseOf(r);
    // Registrations of the stacks' children finish after the components'; the objects' URNs say when.
    await waitFor(() => kubernetesChildren(mocks!).every((r) => r.urn !== undefined) && kubernetesChildren(mocks!).length >= EXPECTED_OBJECT_COUNT);
    return { mocks, armTemplates, dataCollectionRules };
  }

  /** Kubernetes objects registered by the program (everything but providers). */
  function kubernetesChildren(m: PulumiMocks): RegisteredResource[] {
    return m.resources.filter((r) => r.type.startsWith('kubernetes:'));
  }

  async function waitFor(condition: () => boolean): Promise<void> {
    for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    if (!condition()) throw new Error('timed out waiting for registrations');
  }

  describe('with the default configuration', () => {
    let run: ProgramRun;
    beforeAll(async () => {
      run = await runProgram({});
    });

    test('creates one MonitoringStack component and one Kubernetes provider per cluster', () => {
      const components = run.mocks.ofType('azure-monitor-k8s:index:MonitoringStack');
      expect(components.map((r) => r.name).sort()).toEqual([...CLUSTERS].sort());
      expect(components.every((r) => !r.custom)).toBe(true);
      const providers = run.mocks.ofType('pulumi:providers:kubernetes');
      expect(providers.map((r) => r.name).sort()).toEqual(CLUSTERS.map((c) => `k8s-${c}`).sort());
      // No kubeconfig configured: the providers use the ambient one (the SDK copies $KUBECONFIG, if set, into the inputs).
      for (const p of providers) expect(p.inputs.kubeconfig).toBe(AMBIENT_KUBECONFIG);
    });

    test.each(CLUSTERS)('%s: every object of the stack is its child and is applied through its cluster\'s provider', (cluster) => {
      const component = run.mocks.get('azure-monitor-k8s:index:MonitoringStack', cluster);
      const provider = run.mocks.get('pulumi:providers:kubernetes', `k8s-${cluster}`);
      const children = run.mocks.childrenOf(component.urn!).filter((r: RegisteredResource) => r.type.startsWith('kubernetes:'));
      const names = (rs: RegisteredResource[]) => rs.map((r) => `${String(r.inputs.kind)}/${(r.inputs.metadata as { name: string }).name}`).sort();
      const expected = allKubernetesObjects(renderMonitoringStack(FLEET[cluster])).map((o) => `${o.kind}/${o.metadata.name}`).sort();
      expect(names(children)).toEqual(expected);
      expect(expected).toEqual(expect.arrayContaining(['ConfigMap/container-azm-ms-agentconfig', 'ConfigMap/ama-metrics-settings-configmap']));
      // The engine gets the provider as a reference `<urn>::<id>`.
      for (const child of children) expect(child.provider).toBe(`${provider.urn}::k8s-${cluster}-id`);
    });

    test('every Kubernetes object of the program is accounted for', () => {
      expect(kubernetesChildren(run.mocks)).toHaveLength(EXPECTED_OBJECT_COUNT);
    });

    test.each(CLUSTERS)('%s: the exported ARM template is JSON with the cluster\'s rule, into the fleet workspace', (cluster) => {
      const template = run.armTemplates[cluster];
      const rule = containerInsightsRule(template, cluster);
      expect(workspaceOf(rule)).toBe(expectedWorkspace(cluster, PLATFORM_WORKSPACE_ID));
      expect(JSON.stringify(template)).not.toContain('${azmk8s-deferred:');
      expect(run.dataCollectionRules[cluster]).toMatchObject({ type: DCR_TYPE, name: rule.name, location: rule.location });
    });
  });

  describe('with platformWorkspaceId and a kubeconfig configured', () => {
    const OTHER_WORKSPACE = '/subscriptions/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/resourceGroups/rg-platform/providers/Microsoft.OperationalInsights/workspaces/law-from-platform-stack';
    const KUBECONFIG_CLUSTER = CLUSTERS[CLUSTERS.length - 1];
    let run: ProgramRun;
    beforeAll(async () => {
      run = await runProgram({
        [`${project}:platformWorkspaceId`]: OTHER_WORKSPACE,
        [`${project}:kubeconfig-${KUBECONFIG_CLUSTER}`]: 'apiVersion: v1\nkind: Config\n',
      });
    });

    test.each(CLUSTERS)('%s: the ARM template sends the data to the configured workspace', (cluster) => {
      const rule = containerInsightsRule(run.armTemplates[cluster], cluster);
      expect(workspaceOf(rule)).toBe(expectedWorkspace(cluster, OTHER_WORKSPACE));
      // A cluster whose stack creates its workspace keeps it; the others take the configured one.
      const configured = expectedWorkspace(cluster, OTHER_WORKSPACE) === OTHER_WORKSPACE;
      expect(JSON.stringify(run.armTemplates[cluster]).includes(OTHER_WORKSPACE)).toBe(configured);
    });

    test('the program ran afresh: one stack and one provider per cluster, nothing left from the first run', () => {
      expect(run.mocks.ofType('azure-monitor-k8s:index:MonitoringStack')).toHaveLength(CLUSTERS.length);
      expect(run.mocks.ofType('pulumi:providers:kubernetes')).toHaveLength(CLUSTERS.length);
      expect(kubernetesChildren(run.mocks)).toHaveLength(EXPECTED_OBJECT_COUNT);
    });

    test('the configured kubeconfig goes to that cluster\'s provider only', () => {
      for (const c of CLUSTERS) {
        const provider = run.mocks.get('pulumi:providers:kubernetes', `k8s-${c}`);
        // The example reads the kubeconfig with getSecret: it reaches the provider as a secret value.
        if (c === KUBECONFIG_CLUSTER) expect(provider.inputs.kubeconfig).toMatchObject({ value: 'apiVersion: v1\nkind: Config\n' });
        else expect(provider.inputs.kubeconfig).toBe(AMBIENT_KUBECONFIG);
      }
    });
  });
});
