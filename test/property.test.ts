import * as path from 'path';
import * as fc from 'fast-check';
import { parse } from 'smol-toml';
import * as YAML from 'yaml';
import { DISTRIBUTIONS, DISTRIBUTION_PROFILES, ValidationError, renderMonitoringStack } from '../src';
import { validateArmTemplate } from './support/arm-schema';
import { validateKubernetesObjects } from './support/k8s-schema';
import { REFERENCE_DIR } from './support/reference';

const CRDS = [
  ...['podmonitors', 'servicemonitors'].map((n) => path.join(REFERENCE_DIR, 'managed-prometheus/crds', `${n}.azmonitoring.coreos.com.yaml`)),
  ...['containernetworklogs', 'containernetworkmetrics'].map((n) => path.join(__dirname, '../crds', `${n}.acn.azure.com.yaml`)),
  path.join(REFERENCE_DIR, 'network-observability/retina/retina.sh_metricsconfigurations.yaml'),
];

/**
 * Random props, mostly plausible and sometimes wrong in every way a user can be wrong: the library
 * either renders a stack or throws a ValidationError, never anything else.
 */

const SUB = '/subscriptions/11111111-2222-4333-8444-555555555555';

/** A value of a wrong type, for any prop. */
const junk = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.integer({ min: -5, max: 20000 }),
  fc.double({ noNaN: false }),
  fc.string({ maxLength: 12 }),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
);

/** Either a plausible value or junk (1 in 40: there are ~30 props, so most stacks stay valid). */
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 39, arbitrary: arb }, { weight: 1, arbitrary: junk });

/** Mostly `good`, sometimes `bad`. */
const mostly = <T>(good: T[], bad: T[]) =>
  fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...good) }, { weight: 1, arbitrary: fc.constantFrom(...bad) });

/** Absent in about 1 of `n` cases (fast-check's `freq`: nil with probability 1/n). */
const rare = <T>(arb: fc.Arbitrary<T>, n = 6) => fc.option(arb, { nil: undefined, freq: n });

const nsName = mostly(['kube-system', 'gatekeeper-system', 'apps', 'team-a', 'team-b', 'azure-arc'], ['Bad_NS']);
const nsList = fc.uniqueArray(nsName, { maxLength: 3 });
const bool = fc.boolean();
const smallInt = (min: number, max: number) => fc.integer({ min: min - 5, max: max + 5 });

const distribution = mostly<string>([...DISTRIBUTIONS], ['minikube']);
const region = mostly(['westeurope', 'East US', 'swedencentral'], ['westeurpe', 'mars']);

const cluster = fc.record(
  {
    name: maybe(mostly(['c1', 'x'.repeat(63)], ['-bad', 'a'.repeat(64)])),
    region: maybe(region),
    distribution: maybe(distribution),
    resourceId: fc.option(
      fc.tuple(mostly(['Microsoft.ContainerService/managedClusters', 'Microsoft.Kubernetes/connectedClusters'], ['Microsoft.Foo/bars']), mostly(['c1'], ['other'])).map(
        ([t, n]) => `${SUB}/resourceGroups/rg/providers/${t}/${n}`,
      ),
      { nil: undefined, freq: 2 },
    ),
    nodes: fc.option(fc.record({ windows: maybe(bool), arm64: maybe(bool) }, { requiredKeys: [] }), { nil: undefined }),
    kubernetesVersion: fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: mostly(['1.33', '1.34.2', '1.32', '1.31.9'], ['v1.33', '2.0']) }),
    // "azure" is an AKS data plane (rejected elsewhere): rarer than "cilium".
    networkDataplane: fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: mostly(['cilium', 'cilium', 'azure'], ['calico']) }),
  },
  { requiredKeys: ['name', 'region', 'distribution'] },
);

const stream = fc.record({ enabled: maybe(bool), excludeNamespaces: maybe(nsList), collectSystemPodLogs: maybe(fc.array(fc.constantFrom('kube-system:coredns', 'apps:web', 'azure-arc:x'), { maxLength: 2 })) }, { requiredKeys: [] });

const containerInsights = fc.record(
  {
    logAnalyticsWorkspace: maybe(fc.record({ resourceId: fc.option(fc.constant(`${SUB}/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/w`), { nil: undefined }), region: fc.option(region, { nil: undefined }) }, { requiredKeys: [] })),
    authentication: rare(fc.constantFrom('managed-identity', 'workspace-key')),
    containerLogV2: rare(bool, 3),
    highLogScale: maybe(bool),
    windowsNodeLogs: rare(bool),
    dataCollection: maybe(
      fc.record(
        {
          preset: maybe(fc.constantFrom('logs-and-events', 'standard', 'cost-optimized', 'syslog')),
          collect: rare(fc.uniqueArray(fc.constantFrom('all', 'performance', 'logs-and-events', 'workloads', 'persistent-volumes'), { maxLength: 3 })),
          streams: rare(fc.uniqueArray(fc.constantFrom('Microsoft-ContainerLog', 'Microsoft-ContainerLogV2', 'Microsoft-Perf', 'Microsoft-KubeEvents'), { maxLength: 3 })),
          interval: maybe(fc.constantFrom('1m', '5m', '30m', '31m', '60s')),
          namespaceFilteringMode: rare(fc.constantFrom('Off', 'Include', 'Exclude')),
          namespaces: rare(nsList),
        },
        { requiredKeys: [] },
      ),
    ),
    syslog: rare(fc.oneof(bool, fc.record({ facilities: maybe(fc.constantFrom(['kern'], ['auth', 'cron'], ['nope'])) }, { requiredKeys: [] }))),
    logCollection: maybe(
      fc.record(
        {
          stdout: maybe(stream),
          stderr: maybe(stream),
          environmentVariables: maybe(bool),
          enrichContainerLogs: rare(bool),
          collectAllKubeEvents: maybe(bool),
          multiline: maybe(fc.record({ enabled: maybe(bool), languages: maybe(fc.uniqueArray(fc.constantFrom('go', 'java', 'python', 'dotnet', 'rust'), { maxLength: 3 })) })),
          kubernetesMetadata: maybe(fc.record({ enabled: maybe(bool), includeFields: maybe(fc.uniqueArray(fc.constantFrom('podLabels', 'image', 'podlabels'), { maxLength: 2 })) })),
          filterUsingAnnotations: maybe(bool),
        },
        { requiredKeys: [] },
      ),
    ),
    multiTenancy: rare(
      fc.record(
        {
          tenants: fc.array(
            fc.record({ name: maybe(fc.constantFrom('t1', 't2', 'Bad Name')), namespaces: maybe(nsList), logAnalyticsWorkspace: maybe(fc.record({ region: fc.option(region, { nil: undefined }) }, { requiredKeys: [] })), pipeline: fc.option(fc.record({ throttleRate: maybe(smallInt(1, 10)) }, { requiredKeys: [] }), { nil: undefined }) }),
            { maxLength: 3 },
          ),
          advanced: fc.option(fc.record({ throttleRate: maybe(smallInt(1, 5000)), memBufLimit: maybe(fc.constantFrom('10m', '0m', 'big')) }, { requiredKeys: [] }), { nil: undefined }),
        },
        { requiredKeys: ['tenants'] },
      ),
    ),
    alertableMetricThresholds: maybe(
      fc.record(
        { containerCpuPercentage: maybe(fc.double({ min: -1, max: 120, noNaN: true })), jobCompletionMinutes: maybe(smallInt(1, 1000)) },
        { requiredKeys: [] },
      ),
    ),
    agentSettings: maybe(
      fc.record(
        {
          chunk: maybe(
            fc.record(
              {
                podsChunkSize: maybe(smallInt(10, 1500)),
                podsEmitStreamBatchSize: maybe(smallInt(50, 1500)),
                nodesChunkSize: maybe(smallInt(100, 400)),
              },
              { requiredKeys: [] },
            ),
          ),
          fluentBit: maybe(fc.record({ tailMemBufLimitMegabytes: maybe(smallInt(10, 100)), enableInternalMetrics: maybe(bool), tailIgnoreOlder: maybe(fc.constantFrom('5m', '1d', '5s')) }, { requiredKeys: [] })),
          mdsd: maybe(fc.record({ compressionLevel: maybe(smallInt(0, 9)) }, { requiredKeys: [] })),
          ignoreProxySettings: maybe(bool),
        },
        { requiredKeys: [] },
      ),
    ),
    tags: maybe(fc.dictionary(fc.constantFrom('env', 'team', 'a/b'), fc.string({ maxLength: 5 }), { maxKeys: 2 })),
    typoProp: fc.constant(undefined),
  },
  { requiredKeys: ['logAnalyticsWorkspace'] },
);

const promTarget = fc.oneof(bool, fc.record({ keepList: maybe(mostly(['kube_.*', 'up|scrape_.*'], ['(?=x)', 'a"b'])) }, { requiredKeys: [] }));
const scrapeJob = fc.record(
  {
    jobName: mostly(['app', 'app2', 'orders'], ['kubelet', '']),
    scrapeInterval: maybe(mostly(['30s', '1m'], ['5x'])),
    scrapeTimeout: rare(mostly(['10s'], ['2m'])),
    staticConfigs: fc.constant([{ targets: ['svc.apps.svc:8080'] }]),
    relabelings: rare(fc.constant([{ action: 'keep', sourceLabels: ['__address__'], regex: 'svc.*' }])),
  },
  { requiredKeys: ['jobName', 'staticConfigs'] },
);
const monitor = fc.record({
  name: mostly(['web', 'api'], ['Web!']),
  namespace: mostly(['apps'], ['-x']),
  selector: fc.constant({ matchLabels: { app: 'web' } }),
  endpoints: fc.constant([{ port: 'metrics' }]),
});
const managedPrometheus = fc.record(
  {
    azureMonitorWorkspace: maybe(fc.record({ region: region, resourceId: fc.option(fc.constant(`${SUB}/resourceGroups/rg/providers/Microsoft.Monitor/accounts/amw`), { nil: undefined }) })),
    settings: rare(
      fc.record(
        {
          clusterAlias: maybe(mostly(['prod-1', 'a b'], ['---'])),
          targets: maybe(fc.record({ kubestate: promTarget, coredns: promTarget, apiserver: maybe(bool) }, { requiredKeys: [] })),
          minimalIngestionProfile: maybe(bool),
        },
        { requiredKeys: [] },
      ),
      2,
    ),
    scrapeConfigs: rare(fc.record({ cluster: fc.array(scrapeJob, { maxLength: 2 }) }, { requiredKeys: [] }), 2),
    podMonitors: rare(fc.array(monitor, { maxLength: 2 }), 3),
    serviceMonitors: rare(fc.array(monitor, { maxLength: 1 }), 3),
    recordingRules: rare(fc.record({ windows: maybe(bool), ux: maybe(bool) }, { requiredKeys: [] })),
    recommendedAlerts: rare(fc.record({ enabled: bool, actionGroupIds: fc.constant([`${SUB}/resourceGroups/rg/providers/Microsoft.Insights/actionGroups/ag`]) })),
  },
  { requiredKeys: ['azureMonitorWorkspace'] },
);

const flowFilter = fc.record(
  {
    from: maybe(
      fc.record({ namespacedPods: maybe(mostly([['apps/web-'], ['kube-system/coredns-']], [['ns/']])), ips: maybe(mostly([['10.0.0.0/8'], ['fd00::/64']], [['10.0.0.1/8']])) }, { requiredKeys: [] }),
    ),
    protocols: maybe(mostly([['tcp'], ['dns', 'udp']], [['http']])),
    verdicts: maybe(mostly([['dropped'], ['dropped', 'forwarded']], [['denied']])),
  },
  { requiredKeys: ['verdicts'] },
);
const networkObservability = fc.record(
  {
    acns: maybe(bool),
    containerNetworkLogs: rare(
      fc.record(
        {
          resources: maybe(fc.uniqueArray(fc.record({ name: maybe(mostly(['drops', 'dns', 'egress'], ['Bad'])), filters: maybe(fc.array(flowFilter, { minLength: 1, maxLength: 2 })) }), { minLength: 1, maxLength: 2, selector: (r) => r.name })),
          throttling: maybe(fc.record({ enabled: maybe(bool), rate: maybe(smallInt(1, 25000)), interval: maybe(mostly(['1s', '30s', '0.5m'], ['1d', 's', '0.5s'])) }, { requiredKeys: [] })),
          lossAlert: rare(fc.record({ severity: maybe(smallInt(0, 4)) }, { requiredKeys: [] }), 2),
        },
        { requiredKeys: ['resources'] },
      ),
      3,
    ),
    metrics: rare(fc.record({ enabled: maybe(bool), filter: rare(fc.record({ filters: fc.constant([{ metric: 'dns', excludeFilters: [{ protocols: ['dns'] }] }]) }), 2) }, { requiredKeys: [] }), 2),
    retina: rare(fc.record({ metricsConfiguration: maybe(fc.record({ contextOptions: fc.constant([{ metricName: 'drop_count' }]), namespaces: fc.constant({ include: ['apps'] }) })) }, { requiredKeys: [] })),
    vnetFlowLog: rare(
      fc.record({
        virtualNetworkId: fc.constant(`${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet1`),
        region: region,
        storageAccountId: fc.constant(`${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1`),
        retentionDays: maybe(smallInt(0, 365)),
      }),
    ),
  },
  { requiredKeys: [] },
);

const stackProps = fc.record(
  {
    cluster: maybe(cluster),
    containerInsights: fc.option(containerInsights, { nil: undefined }),
    managedPrometheus: fc.option(managedPrometheus, { nil: undefined, freq: 2 }),
  },
  { requiredKeys: ['cluster'] },
);

/** A rendered stack is usable and valid. */
function expectUsable(stack: ReturnType<typeof renderMonitoringStack>): void {
  // A rendered stack is usable: the ConfigMap parses, the ARM template serializes.
  for (const o of stack.kubernetesObjects) {
    const data = o.data as Record<string, string>;
    if (o.metadata.name === 'container-azm-ms-agentconfig') {
      expect(data['schema-version']).toBe('v1');
      for (const [k, v] of Object.entries(data)) if (k !== 'schema-version' && k !== 'config-version') parse(v);
    } else if (o.metadata.name === 'ama-metrics-settings-configmap') {
      expect(data['schema-version']).toBe('v2');
    } else if (o.kind === 'ConfigMap') {
      expect(YAML.parse(data['prometheus-config'])).toBeInstanceOf(Object);
    }
  }
  // The stack is valid: every object against the Kubernetes schema, the template against the ARM schemas.
  expect(validateKubernetesObjects(stack.kubernetesObjects, { crds: CRDS })).toEqual([]);
  expect(validateArmTemplate(stack.armTemplate)).toEqual([]);
  const profile = DISTRIBUTION_PROFILES[stack.cluster.distribution];
  for (const r of stack.armTemplate.resources) {
    if (r.scope !== undefined && typeof r.scope === 'string' && r.scope.startsWith('/')) expect(r.scope).toContain(profile.clusterResourceType);
  }
}

test('random props: a rendered stack or a ValidationError, never another exception', () => {
  let rendered = 0;
  let renderedWithMetrics = 0;
  let rejected = 0;
  fc.assert(
    fc.property(stackProps, (props) => {
      let stack;
      try {
        stack = renderMonitoringStack(props as never);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        expect(e.path).toMatch(/^(props|cluster|containerInsights|managedPrometheus|networkObservability)/);
        rejected++;
        return;
      }
      rendered++;
      if (stack.managedPrometheus) renderedWithMetrics++;
      expectUsable(stack);
    }),
    { numRuns: 1000, seed: 20261121 },
  );
  // The generator must exercise both outcomes, or the property says little.
  expect(rendered).toBeGreaterThan(50);
  expect(renderedWithMetrics).toBeGreaterThan(10);
  expect(rejected).toBeGreaterThan(50);
});

/**
 * Network observability on clusters where it is mostly possible (AKS, a data plane and a version,
 * Container Insights with high log scale, usually Managed Prometheus): random network props render a
 * valid stack or throw a ValidationError.
 */
const networkStackProps = fc.record({
  cluster: fc.record({
    name: fc.constant('c1'),
    region: fc.constant('westeurope'),
    distribution: mostly(['aks'], ['k3s']),
    kubernetesVersion: mostly(['1.33', '1.34.2'], ['1.31', '1.32']),
    networkDataplane: mostly(['cilium', 'cilium', 'cilium', 'azure'], ['calico']),
  }),
  containerInsights: fc.record({ logAnalyticsWorkspace: fc.constant({ region: 'westeurope' }), highLogScale: mostly([true], [false]) }),
  managedPrometheus: fc.option(fc.constant({ azureMonitorWorkspace: { region: 'westeurope' } }), { nil: undefined, freq: 5 }),
  // Flow logs need ACNS and exclude open-source Retina: keep those combinations mostly consistent.
  networkObservability: networkObservability.map((n) =>
    n.containerNetworkLogs !== undefined
      ? { ...n, acns: true, retina: undefined }
      : n.retina !== undefined
        ? { ...n, acns: undefined }
        : { ...n, acns: true },
  ),
});

test('random network observability props: a rendered stack or a ValidationError', () => {
  let rendered = 0;
  let withLogs = 0;
  let rejected = 0;
  fc.assert(
    fc.property(networkStackProps, (props) => {
      let stack;
      try {
        stack = renderMonitoringStack(props as never);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        expect(e.path).toMatch(/^(cluster|containerInsights|managedPrometheus|networkObservability)/);
        rejected++;
        return;
      }
      rendered++;
      if (stack.networkObservability?.containerNetworkLogs) withLogs++;
      expectUsable(stack);
    }),
    { numRuns: 600, seed: 20261122 },
  );
  expect(rendered).toBeGreaterThan(30);
  expect(withLogs).toBeGreaterThan(10);
  expect(rejected).toBeGreaterThan(30);
});
