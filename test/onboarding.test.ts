/**
 * Onboarding: the AKS cluster settings fragment (`addonProfiles.omsagent`, `azureMonitorProfile.metrics`
 * beside ACNS) and the Arc `Microsoft.KubernetesConfiguration/extensions` of Container Insights and
 * Managed Prometheus. Field assertions per distribution (profile cells), exact configuration keys and
 * values, the CLI commands, the fragments against the 2026-05-01 AKS schema definitions, the extensions'
 * `properties` against `ExtensionProperties` of 2025-03-01, and one error-message test per rule of
 * src/model/onboarding.ts with its throw-site registry.
 *
 * The stack does not call the onboarding yet (the lead wires it): `onboard()` below does what
 * src/stack.ts will do, from the models resolved as the stack resolves them.
 */
import { validateArmDefinition } from './support/arm-definition';
import { validateArmResource, validateArmTemplate } from './support/arm-schema';
import { rejectedRow, testRejectedRows, testThrowSiteRegistry, testUniqueRowNames } from './support/throw-sites';
import { resolveCluster } from '../src/model/cluster';
import { resolveContainerInsights } from '../src/model/container-insights';
import { DISTRIBUTIONS, MANAGED_CLUSTER_TYPE, profileOf } from '../src/model/distribution';
import { resolveManagedPrometheus } from '../src/model/managed-prometheus';
import { containerInsightsNetworkInput, resolveNetworkObservability, withNetworkPrometheus } from '../src/model/network-observability';
import { resolveOnboarding } from '../src/model/onboarding';
import { makeToken } from '../src/model/tokens';
import {
  CI_EXTENSION_NAME,
  CI_EXTENSION_TYPE,
  EXTENSION_API_VERSION,
  EXTENSION_TYPE,
  METRICS_EXTENSION_NAME,
  METRICS_EXTENSION_TYPE,
  PARAM_WORKSPACE_CUSTOMER_ID,
  ksmAllowList,
  renderArcExtensions,
} from '../src/render/arc-extensions';
import { toArmResource, toArmTemplate } from '../src/render/arm-template';
import { CLUSTER_SETTINGS_API_VERSION, renderClusterSettings, toArmClusterSettings } from '../src/render/cluster-settings';
import { PARAM_CLUSTER_ID, PARAM_WORKSPACE_ID } from '../src/render/container-insights-azure';

type Obj = Record<string, any>;

const SUB_ID = '11111111-2222-4333-8444-555555555555';
const SUB = `/subscriptions/${SUB_ID}`;
const LAW = `${SUB}/resourceGroups/rg-mon/providers/Microsoft.OperationalInsights/workspaces/law1`;
const AMW = `${SUB}/resourceGroups/rg-mon/providers/Microsoft.Monitor/accounts/amw1`;
const CUSTOMER_ID = '0f0e0d0c-0b0a-4908-8706-050403020100';
const AKS_SCHEMA = { apiVersion: '2026-05-01', file: 'Microsoft.ContainerService.Aks.json' } as const;
const KC_SCHEMA = { apiVersion: '2025-03-01', file: 'Microsoft.KubernetesConfiguration.json' } as const;

/** A cluster of `distribution`, with its ARM ID unless `resourceId: undefined` is given. */
function clusterOf(distribution: string, extra: Obj = {}): Obj {
  const p = profileOf(distribution as never);
  const provider = p.clusterResourceType === MANAGED_CLUSTER_TYPE ? 'Microsoft.ContainerService/managedClusters' : 'Microsoft.Kubernetes/connectedClusters';
  return { name: 'c1', region: 'westeurope', distribution, resourceId: `${SUB}/resourceGroups/rg-c1/providers/${provider}/c1`, ...extra };
}
const AKS = clusterOf('aks');
const ARC = clusterOf('k3s');
const CI: Obj = { logAnalyticsWorkspace: { resourceId: LAW, region: 'westeurope' } };
const MP: Obj = { azureMonitorWorkspace: { resourceId: AMW, region: 'westeurope' } };
const KSM: Obj = {
  labelsAllowList: { pods: ['app', 'app.kubernetes.io/name'], namespaces: ['*'] },
  annotationsAllowList: { pods: ['kubernetes.io/team'] },
};

/**
 * The stack's models, resolved as src/stack.ts does (network first, then the parts it feeds), without
 * the stack's own onboarding step, so these tests hold before and after the stack calls it.
 */
function models(stack: Obj) {
  const cluster = resolveCluster('cluster', stack.cluster);
  const network = stack.networkObservability === undefined ? undefined : resolveNetworkObservability('networkObservability', stack.networkObservability, cluster, {
    containerInsights: stack.containerInsights !== undefined,
    managedPrometheus: stack.managedPrometheus !== undefined,
  });
  const ci = stack.containerInsights === undefined
    ? undefined
    : resolveContainerInsights('containerInsights', stack.containerInsights, cluster, containerInsightsNetworkInput(network));
  const mp = stack.managedPrometheus === undefined
    ? undefined
    : resolveManagedPrometheus('managedPrometheus', withNetworkPrometheus('managedPrometheus', stack.managedPrometheus, network), cluster);
  return { cluster, network, ci, mp };
}

/**
 * What src/stack.ts does: resolve the onboarding against the stack's parts and the agents' mode (the
 * distribution's default unless `stack.agents.mode` is given) and render both forms.
 */
function onboard(stack: Obj, onboarding?: unknown) {
  const { cluster, network, ci, mp } = models(stack);
  const mode = stack.agents?.mode ?? (cluster.profile.onboarding === 'aks-addon' ? 'addon' : 'arc-extension');
  const model = resolveOnboarding('onboarding', onboarding, cluster, {
    ...(ci ? { containerInsights: { model: ci, path: 'containerInsights' } } : {}),
    ...(mp ? { managedPrometheus: mp } : {}),
    ...(network ? { networkObservability: network } : {}),
  }, mode);
  return {
    model,
    settings: renderClusterSettings(cluster, network, ci, mp, model),
    arc: renderArcExtensions(cluster, ci, mp, model),
  };
}
const armExtensions = (o: ReturnType<typeof onboard>): Obj[] => o.arc.resources.map(toArmResource) as Obj[];
const byName = (o: ReturnType<typeof onboard>, name: string): Obj => {
  const found = armExtensions(o).filter((x) => x.name === name);
  expect(found).toHaveLength(1);
  return found[0];
};

// =================================================================================================
// AKS: the cluster settings fragment
// =================================================================================================

describe('AKS cluster settings', () => {
  const full = onboard({ cluster: AKS, containerInsights: CI, managedPrometheus: { ...MP, settings: { ksmConfig: KSM } } });
  const settings = full.settings!;
  const arm = toArmClusterSettings(settings) as Obj;

  test('the omsagent add-on with managed identity and the metrics profile with the KSM allow lists and the control plane', () => {
    expect(arm.resource).toEqual({
      type: 'Microsoft.ContainerService/managedClusters',
      apiVersion: CLUSTER_SETTINGS_API_VERSION,
      name: 'c1',
      properties: {
        addonProfiles: { omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: LAW, useAADAuth: 'true' } } },
        azureMonitorProfile: {
          metrics: {
            enabled: true,
            kubeStateMetrics: {
              metricLabelsAllowlist: 'pods=[app,app.kubernetes.io/name],namespaces=[*]',
              metricAnnotationsAllowList: 'pods=[kubernetes.io/team]',
            },
            controlPlane: { enabled: true },
          },
        },
      },
    });
    expect(arm.parameters).toBeUndefined();
    expect(full.arc).toEqual({ resources: [], parameters: [] });
  });

  test('against the 2026-05-01 AKS schema: ManagedClusterAddonProfile, ManagedClusterAzureMonitorProfile, and as a managed cluster', () => {
    const p = arm.resource.properties;
    expect(validateArmDefinition(p.addonProfiles.omsagent, AKS_SCHEMA.apiVersion, AKS_SCHEMA.file, 'ManagedClusterAddonProfile')).toEqual([]);
    expect(validateArmDefinition(p.azureMonitorProfile, AKS_SCHEMA.apiVersion, AKS_SCHEMA.file, 'ManagedClusterAzureMonitorProfile')).toEqual([]);
    expect(validateArmResource(arm.resource)).toEqual([]);
  });

  test('the schema check can fail: the two allow-list keys differ in case, metrics.enabled is required', () => {
    const swapped = { metrics: { kubeStateMetrics: { metricLabelsAllowList: '', metricAnnotationsAllowlist: '' }, controlPlane: { enabled: 'yes' } } };
    const errors = validateArmDefinition(swapped, AKS_SCHEMA.apiVersion, AKS_SCHEMA.file, 'ManagedClusterAzureMonitorProfile').join('\n');
    expect(errors).toMatch(/unknown property \/metrics\/kubeStateMetrics\/metricLabelsAllowList/);
    expect(errors).toMatch(/unknown property \/metrics\/kubeStateMetrics\/metricAnnotationsAllowlist/);
    expect(errors).toMatch(/must have required property 'enabled'/);
    expect(errors).toMatch(/\/metrics\/controlPlane\/enabled must be boolean/);
    const addon = validateArmDefinition({ enabled: true, config: { useAADAuth: true } }, AKS_SCHEMA.apiVersion, AKS_SCHEMA.file, 'ManagedClusterAddonProfile');
    expect(addon.join('\n')).toMatch(/\/config\/useAADAuth must be string/);
  });

  test('the CLI commands: the add-on first, then the metrics add-on with its flags (shell-quoted allow lists)', () => {
    const id = AKS.resourceId;
    expect(settings.cliCommands).toEqual([
      `az aks enable-addons --addon monitoring --ids ${id} --workspace-resource-id ${LAW}`,
      `az aks update --ids ${id} --enable-azure-monitor-metrics --azure-monitor-workspace-resource-id ${AMW} ` +
        "--ksm-metric-labels-allow-list 'pods=[app,app.kubernetes.io/name],namespaces=[*]' " +
        "--ksm-metric-annotations-allow-list 'pods=[kubernetes.io/team]' --enable-control-plane-metrics",
    ]);
    expect(arm.cliCommands).toEqual(settings.cliCommands);
  });

  test('no allow lists: both keys are empty strings (the product\'s defaults), no CLI flags', () => {
    const s = onboard({ cluster: AKS, managedPrometheus: MP }).settings!;
    const kubeStateMetrics = { metricLabelsAllowlist: '', metricAnnotationsAllowList: '' };
    expect(s.properties).toEqual({ azureMonitorProfile: { metrics: { enabled: true, kubeStateMetrics, controlPlane: { enabled: true } } } });
    expect(s.cliCommands).toEqual([
      `az aks update --ids ${AKS.resourceId} --enable-azure-monitor-metrics --azure-monitor-workspace-resource-id ${AMW} --enable-control-plane-metrics`,
    ]);
  });

  test('every control-plane target off: controlPlane.enabled false and --disable-control-plane-metrics', () => {
    const withTargets = (targets: Obj) => onboard({ cluster: AKS, managedPrometheus: { ...MP, settings: { controlPlane: { targets } } } }).settings!;
    const s = withTargets({ apiserver: false, etcd: false });
    expect((s.properties as Obj).azureMonitorProfile.metrics.controlPlane).toEqual({ enabled: false });
    expect(s.cliCommands[0]).toMatch(/ --disable-control-plane-metrics$/);
    // One target on is enough.
    const one = withTargets({ apiserver: false, etcd: false, kubeScheduler: true });
    expect((one.properties as Obj).azureMonitorProfile.metrics.controlPlane).toEqual({ enabled: true });
  });

  test('with ACNS and flow logs: the add-on keeps the flow-log switch, the commands keep their order (add-on, ACNS, metrics)', () => {
    const cilium = clusterOf('aks', { kubernetesVersion: '1.33', networkDataplane: 'cilium' });
    const o = onboard({
      cluster: cilium,
      containerInsights: { ...CI, highLogScale: true },
      managedPrometheus: MP,
      networkObservability: { acns: true, containerNetworkLogs: { resources: [{ name: 'drops', filters: [{ verdicts: ['dropped'] }] }] } },
    });
    const p = o.settings!.properties as Obj;
    expect(p.networkProfile).toEqual({ advancedNetworking: { enabled: true, observability: { enabled: true } } });
    expect(p.addonProfiles.omsagent.config).toEqual({ logAnalyticsWorkspaceResourceID: LAW, useAADAuth: 'true', enableContainerNetworkLogs: 'True' });
    expect(p.azureMonitorProfile.metrics.enabled).toBe(true);
    expect(o.settings!.cliCommands.map((c) => c.split(' --ids')[0] + c.replace(/^.*--ids \S+/, ''))).toEqual([
      `az aks enable-addons --addon monitoring --workspace-resource-id ${LAW}`,
      'az aks update --enable-acns --enable-container-network-logs',
      `az aks update --enable-azure-monitor-metrics --azure-monitor-workspace-resource-id ${AMW} --enable-control-plane-metrics`,
    ]);
  });

  test('unknown IDs: the workspace ID is a parameter of the fragment, the commands have placeholders', () => {
    const o = onboard({ cluster: { ...AKS, resourceId: undefined }, containerInsights: { logAnalyticsWorkspace: { region: 'westeurope' } }, managedPrometheus: { azureMonitorWorkspace: { region: 'westeurope' } } });
    const a = toArmClusterSettings(o.settings!) as Obj;
    expect(a.resource.properties.addonProfiles.omsagent.config.logAnalyticsWorkspaceResourceID).toBe(`[parameters('${PARAM_WORKSPACE_ID}')]`);
    expect(Object.keys(a.parameters)).toEqual([PARAM_WORKSPACE_ID]);
    expect(o.settings!.cliCommands).toEqual([
      'az aks enable-addons --addon monitoring --resource-group <resource-group> --name c1 --workspace-resource-id <workspace-resource-id>',
      'az aks update --resource-group <resource-group> --name c1 --enable-azure-monitor-metrics --azure-monitor-workspace-resource-id <azure-monitor-workspace-resource-id> --enable-control-plane-metrics',
    ]);
  });

  test('workspaces the stack creates: the fragment and the commands take their IDs (they live in the cluster\'s group)', () => {
    const o = onboard({
      cluster: AKS,
      containerInsights: { logAnalyticsWorkspace: { region: 'westeurope', create: { name: 'law-new' } } },
      managedPrometheus: { azureMonitorWorkspace: { region: 'westeurope', create: { name: 'amw-new' } } },
    });
    const created = `${SUB}/resourceGroups/rg-c1/providers/Microsoft.OperationalInsights/workspaces/law-new`;
    expect((o.settings!.properties as Obj).addonProfiles.omsagent.config.logAnalyticsWorkspaceResourceID).toBe(created);
    expect(o.settings!.parameters).toEqual([]);
    expect(o.settings!.cliCommands[0]).toContain(`--workspace-resource-id ${created}`);
    expect(o.settings!.cliCommands[1]).toContain(`--azure-monitor-workspace-resource-id ${SUB}/resourceGroups/rg-c1/providers/Microsoft.Monitor/accounts/amw-new`);
  });

  test('opting out: no add-on, no metrics profile; nothing left means no fragment', () => {
    const stack = { cluster: AKS, containerInsights: CI, managedPrometheus: MP };
    expect(Object.keys(onboard(stack, { containerInsights: false }).settings!.properties)).toEqual(['azureMonitorProfile']);
    expect(Object.keys(onboard(stack, { managedPrometheus: false }).settings!.properties)).toEqual(['addonProfiles']);
    expect(onboard(stack, { containerInsights: false, managedPrometheus: false }).settings).toBeUndefined();
    // workspace-key auth is fine when the stack does not onboard the agent.
    expect(onboard({ cluster: AKS, containerInsights: { ...CI, authentication: 'workspace-key' } }, { containerInsights: false }).settings).toBeUndefined();
  });

  test('without an onboarding model only what network observability needs is rendered (the call of src/stack.ts before onboarding)', () => {
    const m = models({ cluster: AKS, containerInsights: CI, managedPrometheus: MP });
    expect(renderClusterSettings(m.cluster, m.network, m.ci, m.mp)).toBeUndefined();
  });
});

// =================================================================================================
// Defaults: without onboarding props, the mode's agents are onboarded (the default since agents.mode)
// =================================================================================================

describe('defaults and modes', () => {
  test('AKS, no props: the add-on and the metrics profile in the fragment', () => {
    const o = onboard({ cluster: AKS, containerInsights: CI, managedPrometheus: MP });
    expect(o.model).toEqual({ mode: 'addon', containerInsights: true, managedPrometheus: true });
    expect(Object.keys(o.settings!.properties)).toEqual(['addonProfiles', 'azureMonitorProfile']);
  });

  test('Arc, no props: both extensions, the customer ID a template parameter', () => {
    const o = onboard({ cluster: ARC, containerInsights: CI, managedPrometheus: MP });
    expect(o.model).toEqual({ mode: 'arc-extension', containerInsights: true, managedPrometheus: true });
    expect(armExtensions(o).map((x) => x.name)).toEqual([CI_EXTENSION_NAME, METRICS_EXTENSION_NAME]);
    expect(o.arc.parameters.map((x) => x.name)).toContain(PARAM_WORKSPACE_CUSTOMER_ID);
  });

  test('no props: what the stack cannot onboard is left to the user, as before, without an error', () => {
    const key = { ...CI, authentication: 'workspace-key' };
    expect(onboard({ cluster: AKS, containerInsights: key, managedPrometheus: MP }).model)
      .toMatchObject({ containerInsights: false, managedPrometheus: true });
    expect(onboard({ cluster: ARC, containerInsights: key }).arc.resources).toEqual([]);
    expect(onboard({ cluster: ARC, containerInsights: { ...CI, syslog: true } }).model.containerInsights).toBe(false);
    const created = { logAnalyticsWorkspace: { region: 'westeurope', create: { name: 'law-new' } } };
    const createdArc = onboard({ cluster: ARC, containerInsights: created, managedPrometheus: MP });
    expect(createdArc.arc.resources.map((x) => x.name)).toEqual([METRICS_EXTENSION_NAME]);
    // Asked for explicitly, each is an error (the validation rows below).
  });

  test('manifests: no add-on settings, no extensions; the customer ID goes to the model', () => {
    const aks = onboard({ cluster: AKS, containerInsights: CI, managedPrometheus: MP, agents: { mode: 'manifests' } }, { logAnalyticsWorkspaceCustomerId: CUSTOMER_ID });
    expect(aks.model).toEqual({ mode: 'manifests', containerInsights: true, managedPrometheus: true, workspaceCustomerId: CUSTOMER_ID });
    expect(aks.settings).toBeUndefined();
    expect(aks.arc.resources).toEqual([]);
    const arc = onboard({ cluster: ARC, containerInsights: CI, managedPrometheus: MP, agents: { mode: 'manifests' } }, { logAnalyticsWorkspaceCustomerId: CUSTOMER_ID });
    expect(arc.arc).toEqual({ resources: [], parameters: [] });
    // workspace-key: allowed in manifests mode (the user's Secret holds the key), no customer ID needed.
    const key = onboard({ cluster: ARC, containerInsights: { ...CI, authentication: 'workspace-key' }, agents: { mode: 'manifests' } });
    expect(key.model).toEqual({ mode: 'manifests', containerInsights: true, managedPrometheus: false });
  });
});

// =================================================================================================
// Arc: the extensions
// =================================================================================================

describe('Arc extensions', () => {
  const o = onboard(
    { cluster: ARC, containerInsights: { ...CI, highLogScale: true }, managedPrometheus: { ...MP, settings: { ksmConfig: KSM } } },
    { logAnalyticsWorkspaceCustomerId: CUSTOMER_ID },
  );

  test('Container Insights: azuremonitor-containers, managed identity, exact settings (strings), the workspace ID as protected setting', () => {
    expect(byName(o, CI_EXTENSION_NAME)).toEqual({
      type: EXTENSION_TYPE,
      apiVersion: EXTENSION_API_VERSION,
      name: 'azuremonitor-containers',
      scope: ARC.resourceId,
      identity: { type: 'SystemAssigned' },
      properties: {
        extensionType: 'Microsoft.AzureMonitor.Containers',
        autoUpgradeMinorVersion: true,
        releaseTrain: 'Stable',
        scope: { cluster: { releaseNamespace: 'azuremonitor-containers' } },
        configurationSettings: {
          'logAnalyticsWorkspaceResourceID': LAW,
          'amalogs.useAADAuth': 'true',
          'amalogs.enableHighLogScaleMode': 'true',
        },
        configurationProtectedSettings: { 'amalogs.secret.wsid': CUSTOMER_ID, 'amalogs.secret.key': '<not_used>' },
      },
    });
    expect(o.arc.parameters).toEqual([]);
    expect(o.settings).toBeUndefined();
  });

  test('Managed Prometheus: azuremonitor-metrics in kube-system, the chart\'s ...AllowList keys', () => {
    expect(byName(o, METRICS_EXTENSION_NAME)).toEqual({
      type: EXTENSION_TYPE,
      apiVersion: EXTENSION_API_VERSION,
      name: 'azuremonitor-metrics',
      scope: ARC.resourceId,
      identity: { type: 'SystemAssigned' },
      properties: {
        extensionType: 'Microsoft.AzureMonitor.Containers.Metrics',
        autoUpgradeMinorVersion: true,
        releaseTrain: 'Stable',
        scope: { cluster: { releaseNamespace: 'kube-system' } },
        configurationSettings: {
          'AzureMonitorMetrics.KubeStateMetrics.MetricLabelsAllowList': 'pods=[app,app.kubernetes.io/name],namespaces=[*]',
          'AzureMonitorMetrics.KubeStateMetrics.MetricAnnotationsAllowList': 'pods=[kubernetes.io/team]',
        },
      },
    });
  });

  test('every setting value is a string and every key is one the notes document', () => {
    const documented = new Set([
      'logAnalyticsWorkspaceResourceID', 'amalogs.useAADAuth', 'amalogs.enableHighLogScaleMode', 'amalogs.logsettings.custommountpath',
      'amalogs.secret.wsid', 'amalogs.secret.key',
      'AzureMonitorMetrics.KubeStateMetrics.MetricLabelsAllowList', 'AzureMonitorMetrics.KubeStateMetrics.MetricAnnotationsAllowList',
    ]);
    for (const x of armExtensions(o)) {
      for (const map of [x.properties.configurationSettings, x.properties.configurationProtectedSettings ?? {}]) {
        for (const [k, v] of Object.entries(map)) {
          expect({ k, documented: documented.has(k), type: typeof v }).toEqual({ k, documented: true, type: 'string' });
        }
      }
    }
  });

  test('properties against ExtensionProperties (2025-03-01, and the Pulumi and ASO versions); the resources and a template of them', () => {
    for (const x of armExtensions(o)) {
      expect(validateArmDefinition(x.properties, KC_SCHEMA.apiVersion, KC_SCHEMA.file, 'ExtensionProperties')).toEqual([]);
      // Pulumi azure-native's default 2023-05-01 and ASO's v1api20241101 have every field written.
      for (const v of ['2023-05-01', '2024-11-01']) expect(validateArmDefinition(x.properties, v, KC_SCHEMA.file, 'ExtensionProperties')).toEqual([]);
      expect(validateArmResource(x)).toEqual([]);
    }
    expect(validateArmTemplate(toArmTemplate('arc', o.arc.resources, o.arc.parameters, {}))).toEqual([]);
  });

  test('the extension check can fail: a boolean setting, the templates\' `Cluster` casing, a lower-case identity type', () => {
    const bad = JSON.parse(JSON.stringify(byName(o, CI_EXTENSION_NAME))) as Obj;
    bad.properties.configurationSettings['amalogs.useAADAuth'] = true;
    bad.properties.scope = { Cluster: { releaseNamespace: 'azuremonitor-containers' } };
    bad.identity.type = 'systemassigned';
    bad.location = 'westeurope';
    const errors = validateArmResource(bad).join('\n');
    expect(errors).toMatch(/configurationSettings\/amalogs\.useAADAuth must be string/);
    expect(errors).toMatch(/unknown property \/properties\/scope\/Cluster/);
    expect(errors).toMatch(/\/identity\/type must be equal to one of the allowed values/);
    expect(errors).toMatch(/unknown property \/location/);
  });

  test('unknown IDs: cluster, workspace and customer ID are template parameters, declared once each', () => {
    const u = onboard({ cluster: { ...ARC, resourceId: undefined }, containerInsights: { logAnalyticsWorkspace: { region: 'westeurope' } }, managedPrometheus: { azureMonitorWorkspace: { region: 'westeurope' } } });
    expect(u.arc.parameters.map((p) => p.name)).toEqual([PARAM_CLUSTER_ID, PARAM_WORKSPACE_ID, PARAM_WORKSPACE_CUSTOMER_ID]);
    const ci = byName(u, CI_EXTENSION_NAME);
    expect(ci.scope).toBe(`[parameters('${PARAM_CLUSTER_ID}')]`);
    expect(ci.properties.configurationSettings.logAnalyticsWorkspaceResourceID).toBe(`[parameters('${PARAM_WORKSPACE_ID}')]`);
    expect(ci.properties.configurationProtectedSettings['amalogs.secret.wsid']).toBe(`[parameters('${PARAM_WORKSPACE_CUSTOMER_ID}')]`);
    expect(ci.properties.configurationSettings['amalogs.enableHighLogScaleMode']).toBe('false');
    expect(byName(u, METRICS_EXTENSION_NAME).scope).toBe(`[parameters('${PARAM_CLUSTER_ID}')]`);
    expect(validateArmTemplate(toArmTemplate('arc', u.arc.resources, u.arc.parameters, {}))).toEqual([]);
  });

  test('a deferred customer ID is copied as is (the engine substitutes and checks it)', () => {
    const token = makeToken(7);
    const d = onboard({ cluster: ARC, containerInsights: CI }, { logAnalyticsWorkspaceCustomerId: token });
    expect(d.model.workspaceCustomerId).toBe(token);
    expect(byName(d, CI_EXTENSION_NAME).properties.configurationProtectedSettings['amalogs.secret.wsid']).toBe(token);
  });

  test('a workspace the stack creates: the setting references it (the extension depends on it)', () => {
    const c = onboard({ cluster: ARC, containerInsights: { logAnalyticsWorkspace: { region: 'westeurope', create: { name: 'law-new' } } } }, { logAnalyticsWorkspaceCustomerId: CUSTOMER_ID });
    const ci = byName(c, CI_EXTENSION_NAME);
    expect(ci.properties.configurationSettings.logAnalyticsWorkspaceResourceID).toBe("[resourceId('Microsoft.OperationalInsights/workspaces', 'law-new')]");
    expect(ci.dependsOn).toEqual(["[resourceId('Microsoft.OperationalInsights/workspaces', 'law-new')]"]);
    expect(c.arc.parameters).toEqual([]);
  });

  test('opting out leaves the other extension; only what is asked for', () => {
    const stack = { cluster: ARC, containerInsights: CI, managedPrometheus: MP };
    expect(onboard(stack, { containerInsights: false }).arc.resources.map((r) => r.name)).toEqual([METRICS_EXTENSION_NAME]);
    const ciOnly = onboard(stack, { managedPrometheus: false, logAnalyticsWorkspaceCustomerId: CUSTOMER_ID });
    expect(ciOnly.arc.resources.map((r) => r.name)).toEqual([CI_EXTENSION_NAME]);
    expect(onboard({ cluster: ARC, managedPrometheus: MP }).arc.resources.map((r) => r.name)).toEqual([METRICS_EXTENSION_NAME]);
    expect(onboard(stack, { containerInsights: false, managedPrometheus: false }).arc).toEqual({ resources: [], parameters: [] });
  });

  test('ksmAllowList: resources in the order given, "" for none', () => {
    expect(ksmAllowList(undefined)).toBe('');
    expect(ksmAllowList({ namespaces: ['a', 'b/c'], pods: ['*'] })).toBe('namespaces=[a,b/c],pods=[*]');
  });
});

// =================================================================================================
// Per distribution: the profile's `onboarding` cell decides the form
// =================================================================================================

describe.each(DISTRIBUTIONS.map((d) => [d] as const))('%s', (distribution) => {
  const profile = profileOf(distribution);
  const onboarding = profile.onboarding === 'arc-extension' ? { logAnalyticsWorkspaceCustomerId: CUSTOMER_ID } : undefined;
  const o = onboard({ cluster: clusterOf(distribution), containerInsights: CI, managedPrometheus: MP }, onboarding);

  if (profile.onboarding === 'aks-addon') {
    test('AKS add-ons in the cluster settings fragment, no extension', () => {
      expect(o.arc.resources).toEqual([]);
      const p = o.settings!.properties as Obj;
      expect(p.addonProfiles.omsagent).toMatchObject({ enabled: true, config: { useAADAuth: 'true' } });
      expect(p.azureMonitorProfile.metrics).toMatchObject({ enabled: true });
      // The managed control plane has the control-plane switch.
      expect(p.azureMonitorProfile.metrics.controlPlane !== undefined).toBe(profile.managedControlPlane);
    });
  } else {
    test('both extensions on the connected cluster, no cluster settings', () => {
      expect(o.settings).toBeUndefined();
      const xs = armExtensions(o);
      expect(xs.map((x) => [x.name, x.properties.extensionType, x.scope])).toEqual([
        [CI_EXTENSION_NAME, CI_EXTENSION_TYPE, clusterOf(distribution).resourceId],
        [METRICS_EXTENSION_NAME, METRICS_EXTENSION_TYPE, clusterOf(distribution).resourceId],
      ]);
      expect(clusterOf(distribution).resourceId).toContain(`/providers/${profile.clusterResourceType}/`);
      for (const x of xs) expect(validateArmResource(x)).toEqual([]);
    });

    test('the custom log mount path exactly where the profile has extra log host paths', () => {
      const extra = profile.logHostPaths.filter((p) => !['/var/log', '/var/lib/docker/containers'].includes(p));
      const settings = byName(o, CI_EXTENSION_NAME).properties.configurationSettings;
      expect(settings['amalogs.logsettings.custommountpath']).toBe(extra.length === 1 ? extra[0] : undefined);
    });
  }
});

// =================================================================================================
// Validation: one row per rule, a registry of the throw sites of src/model/onboarding.ts
// =================================================================================================

/** Each `throw new ValidationError(` of src/model/onboarding.ts, by a snippet unique in the file. */
const SITES = {
  featureMissing: 'so there is no agent to onboard',
  flowLogsNeedAddon: '(enableContainerNetworkLogs), which is part of',
  flowLogsManifests: 'expected "addon" with container network logs',
  workspaceKey: 'expected "managed-identity" for the onboarding the stack renders',
  syslogArc: 'expected no Syslog on ${profile.displayName}',
  customerIdPlace: 'idPath,\n        p.logAnalyticsWorkspaceCustomerId,',
  customerIdMissing: 'idPath,\n      undefined,',
} as const;
type SiteId = keyof typeof SITES;

interface Case {
  readonly stack: Obj;
  readonly onboarding?: unknown;
}
const c = (stack: Obj, onboarding?: unknown): Case => ({ stack, onboarding });
const CILIUM = clusterOf('aks', { kubernetesVersion: '1.33', networkDataplane: 'cilium' });
const FLOW_LOGS = { acns: true, containerNetworkLogs: { resources: [{ name: 'drops', filters: [{ verdicts: ['dropped'] }] }] } };

const REJECTED = [
  rejectedRow<SiteId>('onboarding not an object', 'check', c({ cluster: AKS, containerInsights: CI }, true), 'onboarding', /got true; expected an object$/),
  rejectedRow<SiteId>('unknown onboarding prop', 'check', c({ cluster: AKS, containerInsights: CI }, { containerinsights: false }), 'onboarding.containerinsights',
    /unknown prop; allowed props of onboarding: containerInsights, managedPrometheus, logAnalyticsWorkspaceCustomerId\. Did you mean "containerInsights"\?$/),
  rejectedRow<SiteId>('containerInsights not a boolean', 'check', c({ cluster: AKS, containerInsights: CI }, { containerInsights: 'no' }), 'onboarding.containerInsights', /got "no"; expected true or false$/),
  rejectedRow<SiteId>('containerInsights onboarding without containerInsights', 'featureMissing', c({ cluster: AKS, managedPrometheus: MP }, { containerInsights: true }),
    'onboarding.containerInsights', /got true; expected nothing: the stack has no containerInsights, so there is no agent to onboard$/),
  rejectedRow<SiteId>('managedPrometheus opt-out without managedPrometheus', 'featureMissing', c({ cluster: ARC, containerInsights: CI }, { managedPrometheus: false }),
    'onboarding.managedPrometheus', /got false; expected nothing: the stack has no managedPrometheus/),
  rejectedRow<SiteId>('flow logs without the add-on', 'flowLogsNeedAddon',
    c({ cluster: CILIUM, containerInsights: { ...CI, highLogScale: true }, networkObservability: FLOW_LOGS }, { containerInsights: false }),
    'onboarding.containerInsights', /got false; expected true or nothing: container network logs \(networkObservability\.containerNetworkLogs\) are switched on in the omsagent add-on's configuration/),
  rejectedRow<SiteId>('flow logs with agents from manifests', 'flowLogsManifests',
    c({ cluster: CILIUM, containerInsights: { ...CI, highLogScale: true }, networkObservability: FLOW_LOGS, agents: { mode: 'manifests' } }, { logAnalyticsWorkspaceCustomerId: CUSTOMER_ID }),
    'agents.mode', /got "manifests"; expected "addon" with container network logs \(networkObservability\.containerNetworkLogs\)/),
  rejectedRow<SiteId>('workspace-key onboarding on AKS', 'workspaceKey', c({ cluster: AKS, containerInsights: { ...CI, authentication: 'workspace-key' } }, {}),
    'containerInsights.authentication', /got "workspace-key"; expected "managed-identity" for the onboarding the stack renders: .*az aks enable-addons --addon monitoring --enable-msi-auth-for-monitoring false .* set onboarding\.containerInsights: false, use agents\.mode "manifests"/),
  rejectedRow<SiteId>('workspace-key onboarding on Arc (Windows node logs)', 'workspaceKey',
    c({ cluster: clusterOf('generic', { nodes: { windows: true } }), containerInsights: { ...CI, authentication: 'workspace-key' } }, { containerInsights: true }),
    'containerInsights.authentication', /needs the workspace's shared key, which the stack never carries.*az k8s-extension create --extension-type Microsoft\.AzureMonitor\.Containers --configuration-settings amalogs\.useAADAuth=false/),
  rejectedRow<SiteId>('Syslog on Arc', 'syslogArc', c({ cluster: ARC, containerInsights: { ...CI, syslog: true } }, { logAnalyticsWorkspaceCustomerId: CUSTOMER_ID }),
    'containerInsights.syslog', /got "\(Syslog collection\)"; expected no Syslog on K3s: the Container Insights agent does not support Syslog collection on Arc-enabled clusters/),
  rejectedRow<SiteId>('the syslog preset on Arc', 'syslogArc', c({ cluster: clusterOf('openshift'), containerInsights: { ...CI, dataCollection: { preset: 'syslog' } } }, {}),
    'containerInsights.syslog', /expected no Syslog on Red Hat OpenShift 4\.x/),
  rejectedRow<SiteId>('Syslog on Arc with agents from manifests', 'syslogArc',
    c({ cluster: ARC, containerInsights: { ...CI, syslog: true }, agents: { mode: 'manifests' } }, { logAnalyticsWorkspaceCustomerId: CUSTOMER_ID }),
    'containerInsights.syslog', /expected no Syslog on K3s/),
  rejectedRow<SiteId>('customer ID on AKS', 'customerIdPlace', c({ cluster: AKS, containerInsights: CI }, { logAnalyticsWorkspaceCustomerId: CUSTOMER_ID }),
    'onboarding.logAnalyticsWorkspaceCustomerId', /expected nothing in agents mode "addon": only the Arc extension and the manifests take the workspace's customer ID/),
  rejectedRow<SiteId>('customer ID without the Container Insights extension', 'customerIdPlace',
    c({ cluster: ARC, containerInsights: CI }, { containerInsights: false, logAnalyticsWorkspaceCustomerId: CUSTOMER_ID }),
    'onboarding.logAnalyticsWorkspaceCustomerId', /expected nothing: the stack does not onboard the Container Insights agent, which is what takes it$/),
  rejectedRow<SiteId>('customer ID with workspace-key manifests', 'customerIdPlace',
    c({ cluster: ARC, containerInsights: { ...CI, authentication: 'workspace-key' }, agents: { mode: 'manifests' } }, { logAnalyticsWorkspaceCustomerId: CUSTOMER_ID }),
    'onboarding.logAnalyticsWorkspaceCustomerId', /expected nothing with workspace-key authentication: the agent reads the customer ID from your Secret/),
  rejectedRow<SiteId>('customer ID not a GUID', 'check', c({ cluster: ARC, containerInsights: CI }, { logAnalyticsWorkspaceCustomerId: 'law1' }),
    'onboarding.logAnalyticsWorkspaceCustomerId', /got "law1"; expected the workspace's customer ID \(a GUID/),
  rejectedRow<SiteId>('a created workspace on Arc without its customer ID', 'customerIdMissing',
    c({ cluster: ARC, containerInsights: { logAnalyticsWorkspace: { region: 'westeurope', create: { name: 'law-new' } } } }, {}),
    'onboarding.logAnalyticsWorkspaceCustomerId', /got undefined; expected the customer ID of the workspace the stack creates.*amalogs\.secret\.wsid.*Deploy once with onboarding\.containerInsights: false/),
  rejectedRow<SiteId>('manifests with managed identity and no customer ID', 'customerIdMissing',
    c({ cluster: AKS, containerInsights: CI, agents: { mode: 'manifests' } }),
    'onboarding.logAnalyticsWorkspaceCustomerId', /got undefined; expected the customer ID of the Container Insights workspace: in agents mode "manifests" it is the WSID of the ama-logs-secret/),
];

describe('validation', () => {
  testUniqueRowNames(REJECTED.map((r) => r.name));
  testRejectedRows(REJECTED, (row) => onboard((row.props as Case).stack, (row.props as Case).onboarding));
  testThrowSiteRegistry('onboarding.ts', SITES, REJECTED.map((r) => r.site));

  test.each([
    ['workspace-key without onboarding the agent', c({ cluster: ARC, containerInsights: { ...CI, authentication: 'workspace-key' } }, { containerInsights: false })],
    ['Syslog on AKS (the rule is enough)', c({ cluster: AKS, containerInsights: { ...CI, syslog: true } })],
    ['Syslog on Arc when the agent is onboarded elsewhere', c({ cluster: ARC, containerInsights: { ...CI, syslog: true } }, { containerInsights: false })],
    ['a stack without agents', c({ cluster: ARC }, {})],
  ])('accepted: %s', (_name, k) => {
    expect(() => onboard(k.stack, k.onboarding)).not.toThrow();
  });
});
