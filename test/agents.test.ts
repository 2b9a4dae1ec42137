/**
 * The agents model (src/model/agents.ts): mode per distribution, the manifests-only knobs, images,
 * resources, tolerations, node selector, priority, identity client ID and the workspace-key Secret
 * reference; one error-message test per rule with its throw-site registry. The shared render helpers
 * (src/render/agents/common.ts) are tested here too. SITES lists each `throw new ValidationError(` of the model.
 */
import { rejectedRow, testRejectedRows, testThrowSiteRegistry, testUniqueRowNames } from './support/throw-sites';
import { AGENT_IMAGES, AGENT_IMAGE_NAMES, AgentsInput, cpuMillis, memoryBytes, resolveAgents } from '../src/model/agents';
import { resolveCluster } from '../src/model/cluster';
import { DISTRIBUTIONS, MANAGED_CLUSTER_TYPE, profileOf } from '../src/model/distribution';
import { makeToken } from '../src/model/tokens';
import { containerResources, identitySidecar, nodeAffinityTerms, nodeSelectorWith, tolerationsWith } from '../src/render/agents/common';

type Obj = Record<string, any>;

const SUB = '/subscriptions/11111111-2222-4333-8444-555555555555';
function clusterOf(distribution: string, extra: Obj = {}): Obj {
  const p = profileOf(distribution as never);
  const provider = p.clusterResourceType === MANAGED_CLUSTER_TYPE ? 'Microsoft.ContainerService/managedClusters' : 'Microsoft.Kubernetes/connectedClusters';
  return { name: 'c1', region: 'westeurope', distribution, resourceId: `${SUB}/resourceGroups/rg-c1/providers/${provider}/c1`, ...extra };
}
const MI: AgentsInput = { containerInsightsAuth: { value: 'managed-identity', path: 'containerInsights.authentication' } };
const KEY: AgentsInput = { containerInsightsAuth: { value: 'workspace-key', path: 'containerInsights.authentication' } };
const agents = (distribution: string, props: unknown, input: AgentsInput = MI, cluster: Obj = {}) =>
  resolveAgents('agents', props, resolveCluster('cluster', clusterOf(distribution, cluster)), input);
const manifests = (distribution: string, props: Obj = {}, input: AgentsInput = MI) => agents(distribution, { mode: 'manifests', ...props }, input).manifests!;

describe('mode', () => {
  test.each(DISTRIBUTIONS.map((d) => [d]))('%s: default from the profile, manifests always allowed', (d) => {
    const aks = profileOf(d).onboarding === 'aks-addon';
    expect(agents(d, undefined)).toEqual({ mode: aks ? 'addon' : 'arc-extension' });
    expect(agents(d, {})).toEqual({ mode: aks ? 'addon' : 'arc-extension' });
    expect(agents(d, { mode: 'manifests' }).mode).toBe('manifests');
    expect(() => agents(d, { mode: aks ? 'arc-extension' : 'addon' })).toThrow(/^agents\.mode: got "(arc-extension|addon)"; expected "(addon|arc-extension)" or "manifests" on /);
  });

  test('the manifests-only knobs are absent from the other modes\' models', () => {
    expect(agents('aks', { mode: 'addon' }).manifests).toBeUndefined();
    expect(agents('k3s', { mode: 'arc-extension' }).manifests).toBeUndefined();
  });
});

describe('manifests', () => {
  test('default images: upstream repositories and tags under mcr.microsoft.com', () => {
    const m = manifests('k3s');
    for (const name of AGENT_IMAGE_NAMES) expect(m.images[name]).toBe(`mcr.microsoft.com/${AGENT_IMAGES[name].repository}:${AGENT_IMAGES[name].tag}`);
    expect(m.images['ama-logs']).toBe('mcr.microsoft.com/azuremonitor/containerinsights/ciprod:3.1.24');
    expect(m.images['ama-logs-windows']).toBe('mcr.microsoft.com/azuremonitor/containerinsights/ciprod:win-3.1.24');
    expect(m.images['kube-state-metrics']).toBe('mcr.microsoft.com/oss/v2/kubernetes/kube-state-metrics:v2.19.0-4');
    expect(m.images['target-allocator']).toMatch(/prometheus-collector\/images:7\.1\.0-main-07-07-2026-548e23dc-targetallocator$/);
  });

  test('registry override keeps the repository paths; tags and digests pin per image', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const m = manifests('openshift', { images: { registry: 'registry.plant.local:5000/mcr', tags: { 'ama-logs': '3.1.25', 'msi-adapter': digest } } });
    expect(m.images['ama-logs']).toBe('registry.plant.local:5000/mcr/azuremonitor/containerinsights/ciprod:3.1.25');
    expect(m.images['ama-logs-windows']).toBe('registry.plant.local:5000/mcr/azuremonitor/containerinsights/ciprod:win-3.1.24');
    expect(m.images['msi-adapter']).toBe(`registry.plant.local:5000/mcr/azurearck8s/msi-adapter@${digest}`);
    expect(manifests('aks', { images: { registry: 'mcr.azk8s.cn' } }).images['addon-token-adapter']).toBe('mcr.azk8s.cn/aks/msi/addon-token-adapter:master.260209.2');
  });

  test('knobs resolved', () => {
    const m = manifests('aks', {
      resources: { 'ama-logs': { limits: { cpu: '1', memory: '2Gi' } } },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'monitoring', effect: 'NoSchedule' }, { operator: 'Exists' }],
      nodeSelector: { agentpool: 'system' },
      priorityClassName: 'platform-critical',
      identityClientId: '0f0e0d0c-0b0a-4908-8706-050403020100',
    });
    expect(m).toMatchObject({
      resources: { 'ama-logs': { limits: { cpu: '1', memory: '2Gi' } } },
      extraTolerations: [{ key: 'dedicated', operator: 'Equal', value: 'monitoring', effect: 'NoSchedule' }, { operator: 'Exists' }],
      nodeSelector: { agentpool: 'system' },
      priorityClassName: 'platform-critical',
      identityClientId: '0f0e0d0c-0b0a-4908-8706-050403020100',
    });
    expect(m.workspaceKeySecret).toBeUndefined();
    expect(manifests('aks').identityClientId).toBe('');
    expect(manifests('aks', { identityClientId: makeToken(0) }).identityClientId).toBe(makeToken(0));
    expect(manifests('k3s', { workspaceKeySecret: 'ama-logs-key' }, KEY).workspaceKeySecret).toBe('ama-logs-key');
  });

  test('quantities', () => {
    expect([cpuMillis('150m'), cpuMillis('1'), cpuMillis('0.5')]).toEqual([150, 1000, 500]);
    expect([memoryBytes('1Gi'), memoryBytes('500Mi'), memoryBytes('1G'), memoryBytes('1024')]).toEqual([2 ** 30, 500 * 2 ** 20, 1e9, 1024]);
  });
});

describe('shared render helpers', () => {
  const aks = resolveCluster('cluster', clusterOf('aks'));
  const ocp = resolveCluster('cluster', clusterOf('openshift'));
  const k3s = resolveCluster('cluster', clusterOf('k3s'));

  test('resources: user values over upstream field by field; requests above limits rejected', () => {
    const m = manifests('aks', { resources: { 'ama-logs': { limits: { memory: '2Gi' } }, 'ama-metrics': { requests: { cpu: '8' } } } });
    expect(containerResources(m, 'ama-logs', { limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '75m', memory: '325Mi' } })).toEqual({
      limits: { cpu: '500m', memory: '2Gi' },
      requests: { cpu: '75m', memory: '325Mi' },
    });
    expect(() => containerResources(m, 'ama-metrics', { limits: { cpu: '7', memory: '14Gi' }, requests: { cpu: '150m', memory: '500Mi' } })).toThrow(
      /^agents\.resources\.ama-metrics\.requests\.cpu: got "8"; expected at most the CPU limit \(7\); the API server rejects a request above its limit$/,
    );
    const mem = manifests('aks', { resources: { 'ama-logs-rs': { limits: { memory: '100Mi' } } } });
    expect(() => containerResources(mem, 'ama-logs-rs', { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '150m', memory: '250Mi' } })).toThrow(
      /^agents\.resources\.ama-logs-rs\.requests\.memory: got "250Mi"; expected at most the memory limit \(100Mi\)/,
    );
  });

  test('tolerations and node selector: upstream first, the user\'s added, duplicates dropped', () => {
    const m = manifests('aks', { tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }], nodeSelector: { pool: 'a' } });
    expect(tolerationsWith(m, [{ key: 'CriticalAddonsOnly', operator: 'Exists' }])).toEqual([
      { key: 'CriticalAddonsOnly', operator: 'Exists' },
      { key: 'gpu', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(nodeSelectorWith(m, { 'kubernetes.io/os': 'linux' })).toEqual({ 'kubernetes.io/os': 'linux', 'pool': 'a' });
    expect(nodeSelectorWith(manifests('aks'))).toBeUndefined();
  });

  test('identity sidecars: the AKS token adapter, the Arc msi-adapter (privileged only on OpenShift)', () => {
    const m = manifests('aks');
    const logs = identitySidecar(aks, m, 'logs-node') as Obj;
    expect(logs).toMatchObject({
      name: 'addon-token-adapter',
      command: ['/addon-token-adapter'],
      image: 'mcr.microsoft.com/aks/msi/addon-token-adapter:master.260209.2',
      securityContext: { capabilities: { drop: ['ALL'], add: ['NET_ADMIN', 'NET_RAW'] } },
    });
    expect(logs.args).toEqual([
      '--secret-namespace=kube-system',
      '--secret-name=aad-msi-auth-token',
      '--token-server-listening-port=8888',
      '--health-server-listening-port=9999',
      '--restart-pod-waiting-minutes-on-broken-connection=240',
    ]);
    expect((identitySidecar(aks, m, 'metrics') as Obj).args[2]).toBe('--token-server-listening-port=7777');
    expect(identitySidecar(aks, m, 'metrics-windows')).toMatchObject({ name: 'addon-token-adapter-win', command: ['addon-token-adapter-win'], securityContext: { capabilities: { add: ['NET_ADMIN'] } } });
    const arc = identitySidecar(k3s, manifests('k3s'), 'metrics') as Obj;
    expect(arc).toMatchObject({ name: 'msi-adapter', image: 'mcr.microsoft.com/azurearck8s/msi-adapter:1.29.3', securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } } });
    expect(arc.securityContext.privileged).toBeUndefined();
    expect(arc.env).toContainEqual({ name: 'CLUSTER_IDENTITY', value: 'true' });
    expect((identitySidecar(ocp, manifests('openshift'), 'logs-node') as Obj).securityContext).toEqual({ privileged: true });
    expect(() => identitySidecar(k3s, manifests('k3s'), 'logs-windows')).toThrow(/^internal: /);
  });

  test('node affinity: OS, no virtual kubelet, AKS nodes on AKS', () => {
    expect(nodeAffinityTerms(aks, 'windows').map((t) => t.key)).toEqual(['kubernetes.io/os', 'type', 'kubernetes.azure.com/cluster']);
    expect(nodeAffinityTerms(k3s, 'linux')).toEqual([
      { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
      { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] },
    ]);
  });
});

// =================================================================================================
// Validation
// =================================================================================================

const SITES = {
  addonOffAks: 'expected "arc-extension" or "manifests" on',
  extensionOnAks: 'expected "addon" or "manifests" on',
  knobOutsideManifests: 'owns the agent workloads and would ignore it',
  resourceIdNeeded: 'the agents carry it (AKS_RESOURCE_ID, CLUSTER)',
  zeroCpu: 'expected more than zero CPU',
  zeroMemory: 'expected more than zero memory',
  cpuOverLimit: 'expected at most the CPU limit',
  memoryOverLimit: 'expected at most the memory limit',
  tolerationsNotArray: 'expected an array of tolerations',
  tolerationNoKey: 'an empty key matches every taint only with Exists',
  tolerationValueWithExists: 'expected no value with operator "Exists"',
  nodeSelectorNotObject: 'expected an object of label keys to values',
  nodeSelectorOs: 'the agents select the OS themselves',
  clientIdOnArc: 'authenticate as the connected cluster\'s identity',
  clientIdWithKey: '(the agents use no managed identity)',
  keySecretUnneeded: 'managed identity needs no key',
  keySecretMissing: 'the stack never carries the workspace key, so the agent reads it from a Secret you create',
} as const;
type SiteId = keyof typeof SITES;

interface Case {
  readonly distribution: string;
  readonly props: unknown;
  readonly input?: AgentsInput;
  readonly cluster?: Obj;
}
const c = (distribution: string, props: unknown, input?: AgentsInput, cluster?: Obj): Case => ({ distribution, props, input, cluster });
const M = (extra: Obj) => ({ mode: 'manifests', ...extra });

const REJECTED = [
  rejectedRow<SiteId>('agents not an object', 'check', c('aks', 'manifests'), 'agents', /got "manifests"; expected an object$/),
  rejectedRow<SiteId>('unknown prop', 'check', c('aks', { mdoe: 'manifests' }), 'agents.mdoe', /unknown prop; allowed props of agents: mode, .*Did you mean "mode"\?$/),
  rejectedRow<SiteId>('unknown mode', 'check', c('aks', { mode: 'helm' }), 'agents.mode', /got "helm"; expected one of/),
  rejectedRow<SiteId>('addon on Arc', 'addonOffAks', c('openshift', { mode: 'addon' }), 'agents.mode',
    /got "addon"; expected "arc-extension" or "manifests" on Red Hat OpenShift 4\.x: add-ons are AKS's/),
  rejectedRow<SiteId>('extension on AKS', 'extensionOnAks', c('aks', { mode: 'arc-extension' }), 'agents.mode',
    /got "arc-extension"; expected "addon" or "manifests" on Azure Kubernetes Service \(AKS\): cluster extensions are for Arc-enabled/),
  rejectedRow<SiteId>('images in addon mode', 'knobOutsideManifests', c('aks', { images: { registry: 'r.example.com' } }), 'agents.images',
    /expected nothing in mode "addon": the add-on owns the agent workloads and would ignore it; it applies to mode "manifests"$/),
  rejectedRow<SiteId>('tolerations in extension mode', 'knobOutsideManifests', c('k3s', { mode: 'arc-extension', tolerations: [] }), 'agents.tolerations',
    /expected nothing in mode "arc-extension": the extension owns/),
  rejectedRow<SiteId>('manifests without the cluster resource ID', 'resourceIdNeeded', c('k3s', M({}), MI, { resourceId: undefined }), 'cluster.resourceId',
    /got undefined; expected the cluster's ARM resource ID in agents mode "manifests"/),
  rejectedRow<SiteId>('bad registry', 'check', c('aks', M({ images: { registry: 'https://r.example.com/' } })), 'agents.images.registry',
    /expected a registry host with optional port and path, without scheme or trailing "\/"/),
  rejectedRow<SiteId>('unknown image', 'check', c('aks', M({ images: { tags: { 'ama-log': '1' } } })), 'agents.images.tags.ama-log',
    /unknown prop; allowed props of agents\.images\.tags: ama-logs, .*Did you mean "ama-logs"\?$/),
  rejectedRow<SiteId>('bad tag', 'check', c('aks', M({ images: { tags: { 'ama-logs': 'latest!' } } })), 'agents.images.tags.ama-logs', /expected an image tag/),
  rejectedRow<SiteId>('unknown container', 'check', c('aks', M({ resources: { 'ama-logs-sidecar': {} } })), 'agents.resources.ama-logs-sidecar', /unknown prop; allowed props of agents\.resources/),
  rejectedRow<SiteId>('bad cpu', 'check', c('aks', M({ resources: { 'ama-logs': { limits: { cpu: '1 core' } } } })), 'agents.resources.ama-logs.limits.cpu',
    /expected a CPU quantity such as "150m", "0\.5" or "2"$/),
  rejectedRow<SiteId>('zero cpu', 'zeroCpu', c('aks', M({ resources: { 'ama-logs': { requests: { cpu: '0m' } } } })), 'agents.resources.ama-logs.requests.cpu', /expected more than zero CPU$/),
  rejectedRow<SiteId>('bad memory', 'check', c('aks', M({ resources: { 'ama-logs': { limits: { memory: '1GB' } } } })), 'agents.resources.ama-logs.limits.memory',
    /expected a memory quantity such as "500Mi" or "1Gi"$/),
  rejectedRow<SiteId>('zero memory', 'zeroMemory', c('aks', M({ resources: { 'ama-logs': { limits: { memory: '0Mi' } } } })), 'agents.resources.ama-logs.limits.memory', /more than zero memory$/),
  rejectedRow<SiteId>('tolerations not an array', 'tolerationsNotArray', c('aks', M({ tolerations: { key: 'a' } })), 'agents.tolerations', /expected an array of tolerations$/),
  rejectedRow<SiteId>('toleration without key and Equal', 'tolerationNoKey', c('aks', M({ tolerations: [{ effect: 'NoSchedule' }] })), 'agents.tolerations[0].operator',
    /got undefined; expected "Exists" when there is no key/),
  rejectedRow<SiteId>('toleration value with Exists', 'tolerationValueWithExists', c('aks', M({ tolerations: [{ key: 'a', operator: 'Exists', value: 'b' }] })),
    'agents.tolerations[0].value', /expected no value with operator "Exists"$/),
  rejectedRow<SiteId>('toleration seconds', 'check', c('aks', M({ tolerations: [{ key: 'a', operator: 'Exists', tolerationSeconds: 5 }] })),
    'agents.tolerations[0].tolerationSeconds', /unknown prop/),
  rejectedRow<SiteId>('toleration bad effect', 'check', c('aks', M({ tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoRun' }] })), 'agents.tolerations[0].effect', /expected one of/),
  rejectedRow<SiteId>('node selector not an object', 'nodeSelectorNotObject', c('aks', M({ nodeSelector: ['a'] })), 'agents.nodeSelector', /expected an object of label keys to values$/),
  rejectedRow<SiteId>('node selector on the OS', 'nodeSelectorOs', c('aks', M({ nodeSelector: { 'kubernetes.io/os': 'linux' } })), 'agents.nodeSelector.kubernetes.io/os',
    /got "linux"; expected no kubernetes\.io\/os selector: the agents select the OS themselves.*Set cluster\.nodes\.windows/),
  rejectedRow<SiteId>('node selector on the arch', 'nodeSelectorOs', c('aks', M({ nodeSelector: { 'kubernetes.io/arch': 'arm64' } })), 'agents.nodeSelector.kubernetes.io/arch',
    /their images are multi-arch$/),
  rejectedRow<SiteId>('node selector bad value', 'check', c('aks', M({ nodeSelector: { pool: 'a b' } })), 'agents.nodeSelector.pool', /expected a Kubernetes label value/),
  rejectedRow<SiteId>('priority class name', 'check', c('aks', M({ priorityClassName: 'System_Critical' })), 'agents.priorityClassName', /expected a PriorityClass name/),
  rejectedRow<SiteId>('client ID on Arc', 'clientIdOnArc', c('k3s', M({ identityClientId: '0f0e0d0c-0b0a-4908-8706-050403020100' })), 'agents.identityClientId',
    /expected nothing on K3s: on Arc-enabled clusters the agents authenticate as the connected cluster's identity/),
  rejectedRow<SiteId>('client ID with workspace-key', 'clientIdWithKey', c('aks', M({ identityClientId: '0f0e0d0c-0b0a-4908-8706-050403020100', workspaceKeySecret: 's' }), KEY),
    'agents.identityClientId', /expected nothing with containerInsights\.authentication: "workspace-key" \(the agents use no managed identity\)$/),
  rejectedRow<SiteId>('client ID not a GUID', 'check', c('aks', M({ identityClientId: 'omsagent' })), 'agents.identityClientId', /expected a client ID \(GUID\)/),
  rejectedRow<SiteId>('key Secret with managed identity', 'keySecretUnneeded', c('aks', M({ workspaceKeySecret: 'ama-logs-secret' })), 'agents.workspaceKeySecret',
    /expected nothing with containerInsights\.authentication: "managed-identity" \(managed identity needs no key\); it is for "workspace-key"$/),
  rejectedRow<SiteId>('key Secret without Container Insights', 'keySecretUnneeded', c('aks', M({ workspaceKeySecret: 'ama-logs-secret' }), {}), 'agents.workspaceKeySecret',
    /expected nothing: the stack has no containerInsights/),
  rejectedRow<SiteId>('workspace-key without the Secret', 'keySecretMissing', c('k3s', M({}), KEY), 'agents.workspaceKeySecret',
    /got undefined; expected the name of a Secret in kube-system with the keys WSID and KEY.*kubectl -n kube-system create secret generic/),
  rejectedRow<SiteId>('key Secret name', 'check', c('k3s', M({ workspaceKeySecret: 'Key_Secret' }), KEY), 'agents.workspaceKeySecret', /expected a Secret name/),
];

describe('validation', () => {
  testUniqueRowNames(REJECTED.map((r) => r.name));
  testRejectedRows(REJECTED, (row) => {
    const k = row.props as Case;
    return agents(k.distribution, k.props, k.input ?? MI, k.cluster ?? {});
  });
  testThrowSiteRegistry('agents.ts', SITES, REJECTED.map((r) => r.site), {
    memoryOverLimit: 'exercised through containerResources in "shared render helpers" (checkRequestsWithinLimits runs on merged values)',
    cpuOverLimit: 'exercised through containerResources in "shared render helpers"',
  });
});
