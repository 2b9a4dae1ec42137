/**
 * PodMonitor / ServiceMonitor through both engines: the cdk8s constructs and the Pulumi components
 * wrap the same rendered object (byte-identical for the same props), and the factories that derive a
 * monitor from a workload or a Service work in both and agree.
 */
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { validateCustomResource } from './support/crd-schema';
import { CHILD_PRELUDE, ChildOutcome, runChildProgram, srcModule } from './support/pulumi-child';
import { installPulumiMocks, promiseOf } from './support/pulumi-mocks';
import { REFERENCE_DIR } from './support/reference';
import { PodMonitor as Cdk8sPodMonitor, ServiceMonitor as Cdk8sServiceMonitor } from '../src/cdk8s';
import { ValidationError } from '../src/errors';
import { PodMonitorProps, ServiceMonitorProps } from '../src/model/monitors';
import {
  POD_MONITOR_TYPE,
  PodMonitor as PulumiPodMonitor,
  SERVICE_MONITOR_TYPE,
  ServiceMonitor as PulumiServiceMonitor,
} from '../src/pulumi';
import { caught } from './support/caught';
import { KubeObject } from '../src/render/kube';
import { podMonitorObject, serviceMonitorObject } from '../src/render/monitors';

// Before any resource exists: every component below registers through these mocks. The
// @pulumi/kubernetes modules are loaded after, on the same @pulumi/pulumi instance.
const mocks = installPulumiMocks({ project: 'azure-monitor-k8s-monitors', stack: 'monitors' });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const appsV1: typeof import('@pulumi/kubernetes/apps/v1') = require('@pulumi/kubernetes/apps/v1');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const coreV1: typeof import('@pulumi/kubernetes/core/v1') = require('@pulumi/kubernetes/core/v1');

type Obj = Record<string, unknown>;

const CRD_DIR = path.join(REFERENCE_DIR, 'managed-prometheus', 'crds');
const CR_TYPE = (kind: string) => `kubernetes:azmonitoring.coreos.com/v1:${kind}`;

function crdErrors(obj: KubeObject): string[] {
  return validateCustomResource(obj, path.join(CRD_DIR, obj.kind === 'PodMonitor' ? 'podmonitors.azmonitoring.coreos.com.yaml' : 'servicemonitors.azmonitoring.coreos.com.yaml'));
}

/** JSON with the keys of every object sorted, recursively; arrays keep their order. */
function canonicalJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Obj)[k])]));
    return v;
  };
  return JSON.stringify(sort(value));
}


// --- prop sets --------------------------------------------------------------------------------------

const POD_CASES: Array<[string, PodMonitorProps]> = [
  ['minimal', { name: 'web', namespace: 'shop', selector: { matchLabels: { app: 'web' } }, endpoints: [{ port: 'metrics' }] }],
  [
    'full',
    {
      name: 'web-metrics',
      namespace: 'shop',
      labels: { team: 'platform' },
      selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] },
      namespaceSelector: { any: true },
      jobLabel: 'app',
      podTargetLabels: ['app'],
      sampleLimit: 1000,
      targetLimit: 10,
      endpoints: [
        {
          port: 'metrics',
          interval: '30s',
          scrapeTimeout: '10s',
          params: { 'collect[]': ['cpu'] },
          relabelings: [{ action: 'keep', sourceLabels: ['__meta_kubernetes_pod_phase'], regex: 'Running' }],
          metricRelabelings: [{ action: 'labeldrop', regex: 'id' }],
        },
        {
          portNumber: 8443,
          scheme: 'https',
          tlsConfig: { ca: { name: 't', key: 'ca.crt' }, cert: { name: 't', key: 'tls.crt' }, keySecret: { name: 't', key: 'tls.key' } },
          authorization: { credentials: { name: 'tok', key: 'token' } },
          proxyUrl: 'http://proxy:3128',
          noProxy: '.svc',
        },
      ],
    },
  ],
];

const SERVICE_CASES: Array<[string, ServiceMonitorProps]> = [
  ['minimal', { name: 'api', namespace: 'shop', selector: { matchLabels: { app: 'api' } }, endpoints: [{ port: 'http' }] }],
  [
    'full',
    {
      name: 'api',
      namespace: 'monitoring',
      selector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] },
      namespaceSelector: { matchNames: ['shop'] },
      targetLabels: ['app'],
      endpoints: [
        { port: 'http', basicAuth: { username: { name: 'b', key: 'u' }, password: { name: 'b', key: 'p' } }, honorLabels: true },
        { targetPort: 9102, path: '/stats/prometheus', honorTimestamps: false },
        { targetPort: 'admin', scheme: 'https', tlsConfig: { insecureSkipVerify: true } },
      ],
    },
  ],
];

// --- engines ----------------------------------------------------------------------------------------

function cdk8sObjects(build: (chart: Chart) => void, namespace?: string): Obj[] {
  const chart = Testing.chart();
  if (namespace) {
    // A chart namespace is applied to every object without one: use a chart created with it.
    const app = Testing.app();
    const c = new Chart(app, 'test', { namespace });
    build(c);
    return Testing.synth(c) as Obj[];
  }
  build(chart);
  return Testing.synth(chart) as Obj[];
}

let pulumiCount = 0;
async function pulumiObject(component: PulumiPodMonitor | PulumiServiceMonitor): Promise<{ inputs: Obj; componentType: string; parentOk: boolean }> {
  const urn = await promiseOf(component.urn);
  const resourceUrn = await promiseOf(component.resource.urn);
  const children = mocks.childrenOf(urn);
  const record = mocks.byUrn(resourceUrn);
  if (!record) throw new Error(`resource ${resourceUrn} was not recorded`);
  return { inputs: record.inputs, componentType: mocks.byUrn(urn)!.type, parentOk: children.length === 1 && children[0] === record };
}

// -------------------------------------------------------------------------------------------------
// cdk8s
// -------------------------------------------------------------------------------------------------

describe('cdk8s constructs', () => {
  test.each(POD_CASES)('PodMonitor (%s) synthesizes the rendered object unchanged', (_name, props) => {
    let construct: Cdk8sPodMonitor | undefined;
    const out = cdk8sObjects((chart) => {
      construct = new Cdk8sPodMonitor(chart, 'pm', props);
    });
    expect(out).toEqual([JSON.parse(JSON.stringify(podMonitorObject(props)))]);
    expect(construct!.object).toEqual(podMonitorObject(props));
    expect(crdErrors(out[0] as unknown as KubeObject)).toEqual([]);
  });

  test.each(SERVICE_CASES)('ServiceMonitor (%s) synthesizes the rendered object unchanged', (_name, props) => {
    const out = cdk8sObjects((chart) => new Cdk8sServiceMonitor(chart, 'sm', props));
    expect(out).toEqual([JSON.parse(JSON.stringify(serviceMonitorObject(props)))]);
  });

  test('bad props fail when the construct is created', () => {
    const chart = Testing.chart();
    const e = caught(() => new Cdk8sPodMonitor(chart, 'bad', { ...POD_CASES[0][1], endpoints: [{ port: 'metrics', interval: '30 s' }] })) as ValidationError;
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.path).toBe('endpoints[0].interval');
  });

  describe('PodMonitor.fromWorkload', () => {
    const workloads: Array<[string, (chart: Chart) => kplus.Workload]> = [
      ['Deployment', (c) => new kplus.Deployment(c, 'web', { containers: [{ image: 'web:1', ports: [{ number: 8080, name: 'http' }, { number: 9090, name: 'metrics' }] }] })],
      ['StatefulSet', (c) => new kplus.StatefulSet(c, 'web', { containers: [{ image: 'web:1', ports: [{ number: 9090, name: 'metrics' }] }] })],
      ['DaemonSet', (c) => new kplus.DaemonSet(c, 'web', { containers: [{ image: 'web:1', ports: [{ number: 9090, name: 'metrics' }] }] })],
      [
        'Deployment with the port on a sidecar (init) container',
        (c) => new kplus.Deployment(c, 'web', {
          containers: [{ image: 'web:1' }],
          initContainers: [{ image: 'exporter:1', restartPolicy: kplus.ContainerRestartPolicy.ALWAYS, ports: [{ number: 9090, name: 'metrics' }] }],
        }),
      ],
    ];

    test.each(workloads)('%s: selects the workload\'s pods in its namespace on the named port', (_kind, make) => {
      let workload: kplus.Workload | undefined;
      let monitor: Cdk8sPodMonitor | undefined;
      const out = cdk8sObjects((chart) => {
        workload = make(chart);
        monitor = Cdk8sPodMonitor.fromWorkload(chart, 'web-monitor', workload, { port: 'metrics', interval: '15s' });
      }, 'shop');
      const pm = out.find((o) => o.kind === 'PodMonitor') as unknown as KubeObject;
      const synthWorkload = out.find((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind as string)) as { metadata: { name: string }; spec: { selector: Obj; template: { metadata: { labels: Record<string, string> } } } };
      expect(crdErrors(pm)).toEqual([]);
      expect(pm.metadata).toMatchObject({ name: workload!.name, namespace: 'shop' });
      expect(pm.metadata.name).toBe(synthWorkload.metadata.name);
      // The monitor's selector is the workload's own, and the pod template carries those labels.
      const selector = (pm.spec as { selector: { matchLabels: Record<string, string> } }).selector;
      expect(selector).toEqual(synthWorkload.spec.selector);
      expect(synthWorkload.spec.template.metadata.labels).toMatchObject(selector.matchLabels);
      expect((pm.spec as Obj).podMetricsEndpoints).toEqual([{ port: 'metrics', interval: '15s' }]);
      expect(monitor!.object).toEqual(pm);
    });

    test('explicit name and namespace: the monitor selects in the workload\'s namespace', () => {
      const out = cdk8sObjects((chart) => {
        const web = new kplus.Deployment(chart, 'web', { containers: [{ image: 'web:1', ports: [{ number: 9090, name: 'metrics' }] }] });
        Cdk8sPodMonitor.fromWorkload(chart, 'm', web, { port: 'metrics', name: 'web-pods', namespace: 'monitoring' });
      }, 'shop');
      const pm = out.find((o) => o.kind === 'PodMonitor') as { metadata: Obj; spec: Obj };
      expect(pm.metadata).toMatchObject({ name: 'web-pods', namespace: 'monitoring' });
      expect(pm.spec.namespaceSelector).toEqual({ matchNames: ['shop'] });
    });

    test('errors: unknown port, no namespace, no selector', () => {
      const inShop = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
      const web = new kplus.Deployment(inShop, 'web', { containers: [{ image: 'web:1', ports: [{ number: 9090, name: 'metrics' }, { number: 8080 }] }] });
      const port = caught(() => Cdk8sPodMonitor.fromWorkload(inShop, 'a', web, { port: 'prom' })) as ValidationError;
      expect(port).toBeInstanceOf(ValidationError);
      expect(port.path).toBe('options.port');
      expect(port.message).toContain('expected a named port of workload\'s containers ("metrics")');

      const noNamespace = Testing.chart();
      const other = new kplus.Deployment(noNamespace, 'web', { containers: [{ image: 'web:1', ports: [{ number: 9090, name: 'metrics' }] }] });
      expect((caught(() => Cdk8sPodMonitor.fromWorkload(noNamespace, 'b', other, { port: 'metrics' })) as ValidationError).path).toBe('workload.metadata.namespace');
      expect(() => Cdk8sPodMonitor.fromWorkload(noNamespace, 'c', other, { port: 'metrics', namespace: 'apps' })).not.toThrow();

      const unselected = new kplus.Deployment(inShop, 'bare', { select: false, containers: [{ image: 'web:1', ports: [{ number: 9090, name: 'metrics' }] }] });
      expect((caught(() => Cdk8sPodMonitor.fromWorkload(inShop, 'd', unselected, { port: 'metrics' })) as ValidationError).path).toBe('workload.spec.selector');

      const options = caught(() => Cdk8sPodMonitor.fromWorkload(inShop, 'e', web, { port: 'metrics', scrapeTimeout: '10s' })) as ValidationError;
      expect(options.path).toBe('options.interval');
    });
  });

  describe('ServiceMonitor.fromService', () => {
    test('selects the Service by its labels, in its namespace, on the named port', () => {
      const out = cdk8sObjects((chart) => {
        const web = new kplus.Deployment(chart, 'web', { containers: [{ image: 'web:1', ports: [{ number: 8080, name: 'http' }, { number: 9090, name: 'metrics' }] }] });
        const service = web.exposeViaService({ name: 'web', ports: [{ port: 80, targetPort: 8080, name: 'http' }, { port: 9090, name: 'metrics' }] });
        service.metadata.addLabel('app', 'web');
        Cdk8sServiceMonitor.fromService(chart, 'web-monitor', service, { port: 'metrics', targetLabels: ['app'] });
      }, 'shop');
      const sm = out.find((o) => o.kind === 'ServiceMonitor') as unknown as KubeObject;
      const service = out.find((o) => o.kind === 'Service') as { metadata: { labels: Record<string, string>; name: string } };
      expect(crdErrors(sm)).toEqual([]);
      expect(sm.metadata).toMatchObject({ name: 'web', namespace: 'shop' });
      expect(sm.spec).toMatchObject({ selector: { matchLabels: service.metadata.labels }, endpoints: [{ port: 'metrics' }], targetLabels: ['app'] });
    });

    test('errors: a Service without labels, a port that is not there', () => {
      const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
      const bare = new kplus.Service(chart, 'bare', { ports: [{ port: 9090, name: 'metrics' }] });
      const labels = caught(() => Cdk8sServiceMonitor.fromService(chart, 'a', bare, { port: 'metrics' })) as ValidationError;
      expect(labels).toBeInstanceOf(ValidationError);
      expect(labels.path).toBe('service.metadata.labels');
      expect(labels.message).toContain('a ServiceMonitor selects Services by their labels');

      const labelled = new kplus.Service(chart, 'labelled', { metadata: { labels: { app: 'x' } }, ports: [{ port: 80 }] });
      const port = caught(() => Cdk8sServiceMonitor.fromService(chart, 'b', labelled, { port: 'http' })) as ValidationError;
      expect(port.path).toBe('options.port');
      expect(port.message).toContain('it has no named ports');
    });
  });
});

// -------------------------------------------------------------------------------------------------
// Pulumi
// -------------------------------------------------------------------------------------------------

describe('Pulumi components', () => {
  test('a PodMonitor registers one CustomResource child whose inputs are the rendered object', async () => {
    const props = POD_CASES[1][1];
    const monitor = new PulumiPodMonitor('pm-full', props);
    const { inputs, componentType, parentOk } = await pulumiObject(monitor);
    expect(componentType).toBe(POD_MONITOR_TYPE);
    expect(parentOk).toBe(true);
    expect(mocks.byUrn(await promiseOf(monitor.resource.urn))!.type).toBe(CR_TYPE('PodMonitor'));
    expect(inputs).toEqual(JSON.parse(JSON.stringify(podMonitorObject(props))));
    expect(await promiseOf(monitor.object)).toEqual(podMonitorObject(props));
  });

  test('a ServiceMonitor likewise', async () => {
    const props = SERVICE_CASES[1][1];
    const monitor = new PulumiServiceMonitor('sm-full', props);
    const { inputs, componentType } = await pulumiObject(monitor);
    expect(componentType).toBe(SERVICE_MONITOR_TYPE);
    expect(mocks.byUrn(await promiseOf(monitor.resource.urn))!.type).toBe(CR_TYPE('ServiceMonitor'));
    expect(inputs).toEqual(JSON.parse(JSON.stringify(serviceMonitorObject(props))));
  });

  test('bad plain props throw when the component is created', () => {
    const e = caught(() => new PulumiServiceMonitor('sm-bad', { ...SERVICE_CASES[0][1], endpoints: [] })) as ValidationError;
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.path).toBe('endpoints');
  });

  test('props may be an output: rendered once resolved, to the same object', async () => {
    const props = POD_CASES[0][1];
    const monitor = new PulumiPodMonitor('pm-output', pulumi.output(props));
    const { inputs } = await pulumiObject(monitor);
    expect(inputs).toEqual(JSON.parse(JSON.stringify(podMonitorObject(props))));
  });

  test('PodMonitor.fromDeployment reads the selector, namespace and ports from the Deployment\'s outputs', async () => {
    const deployment = new appsV1.Deployment('web', {
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1', ports: [{ containerPort: 9090, name: 'metrics' }] }] } },
      },
    });
    const monitor = PulumiPodMonitor.fromDeployment('web-monitor', deployment, { port: 'metrics', interval: '30s' });
    const { inputs } = await pulumiObject(monitor);
    expect(inputs).toEqual(
      JSON.parse(JSON.stringify(podMonitorObject({ name: 'web', namespace: 'shop', selector: { matchLabels: { app: 'web' } }, endpoints: [{ port: 'metrics', interval: '30s' }] }))),
    );
  });

  test('PodMonitor.fromWorkload takes StatefulSets and DaemonSets', async () => {
    const spec = {
      selector: { matchLabels: { app: 'db' }, matchExpressions: [{ key: 'role', operator: 'In', values: ['primary'] }] },
      template: { metadata: { labels: { app: 'db', role: 'primary' } }, spec: { containers: [{ name: 'db', image: 'db:1', ports: [{ containerPort: 9187, name: 'exporter' }] }] } },
    };
    const sts = new appsV1.StatefulSet('db', { metadata: { name: 'db', namespace: 'data' }, spec: { ...spec, serviceName: 'db' } });
    const ds = new appsV1.DaemonSet('agent', { metadata: { name: 'agent', namespace: 'data' }, spec });
    for (const [workload, name] of [[sts, 'db'], [ds, 'agent']] as const) {
      const { inputs } = await pulumiObject(PulumiPodMonitor.fromWorkload(`${name}-monitor`, workload, { port: 'exporter' }));
      expect(inputs).toMatchObject({ metadata: { name, namespace: 'data' }, spec: { selector: spec.selector, podMetricsEndpoints: [{ port: 'exporter' }] } });
    }
  });

  test('ServiceMonitor.fromService reads the labels, namespace and ports from the Service\'s outputs', async () => {
    const service = new coreV1.Service('api', {
      metadata: { name: 'api', namespace: 'shop', labels: { app: 'api' } },
      spec: { selector: { app: 'api' }, ports: [{ name: 'http', port: 80 }, { name: 'metrics', port: 9090 }] },
    });
    const monitor = PulumiServiceMonitor.fromService('api-monitor', service, { port: 'metrics' });
    const { inputs } = await pulumiObject(monitor);
    expect(inputs).toEqual(JSON.parse(JSON.stringify(serviceMonitorObject({ name: 'api', namespace: 'shop', selector: { matchLabels: { app: 'api' } }, endpoints: [{ port: 'metrics' }] }))));
  });

  test('factory options are validated when the component is created, before any output resolves', () => {
    const service = new coreV1.Service('api-sync', { metadata: { name: 'api', namespace: 'shop', labels: { app: 'api' } }, spec: { ports: [{ name: 'metrics', port: 9090 }] } });
    const e = caught(() => PulumiServiceMonitor.fromService('api-sync-monitor', service, { port: 'metrics', interval: '30' })) as ValidationError;
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.path).toBe('options.interval');
    expect((caught(() => PulumiServiceMonitor.fromService('api-sync-2', service, {} as never)) as ValidationError).path).toBe('options.port');
  });
});

/**
 * What is read from outputs is validated once they resolve: a failure rejects the monitor's outputs
 * (and fails `pulumi up`). The SDK reports such a failure as an unhandled rejection on purpose, which
 * fails any Jest test, so these programs run in a child Node process, as `pulumi up` would (the same
 * approach as test/pulumi.test.ts).
 */
describe('Pulumi factories validate what they read once it resolves', () => {
  const program = `
    ${CHILD_PRELUDE}
    const apps = require('@pulumi/kubernetes/apps/v1');
    const core = require('@pulumi/kubernetes/core/v1');
    const { PodMonitor, ServiceMonitor } = require(${srcModule('pulumi', 'index.ts')});
    const template = (ports) => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1', ports }] } });
    (async () => {
      const monitors = {
        unknownPort: PodMonitor.fromDeployment('m1', new apps.Deployment('d1', {
          metadata: { name: 'web', namespace: 'shop' },
          spec: { selector: { matchLabels: { app: 'web' } }, template: template([{ containerPort: 9090, name: 'http' }]) },
        }), { port: 'metrics' }),
        noNamespace: PodMonitor.fromDeployment('m2', new apps.Deployment('d2', {
          metadata: { name: 'web' },
          spec: { selector: { matchLabels: { app: 'web' } }, template: template([{ containerPort: 9090, name: 'metrics' }]) },
        }), { port: 'metrics' }),
        serviceWithoutLabels: ServiceMonitor.fromService('m3', new core.Service('s3', {
          metadata: { name: 'api', namespace: 'shop' }, spec: { ports: [{ name: 'metrics', port: 9090 }] },
        }), { port: 'metrics' }),
        good: PodMonitor.fromDeployment('m4', new apps.Deployment('d4', {
          metadata: { name: 'web', namespace: 'shop' },
          spec: { selector: { matchLabels: { app: 'web' } }, template: template([{ containerPort: 9090, name: 'metrics' }]) },
        }), { port: 'metrics' }),
      };
      const outcomes = {};
      for (const [name, m] of Object.entries(monitors)) outcomes[name] = await outcome(m.object);
      await new Promise((r) => setTimeout(r, 200));
      process.stdout.write(JSON.stringify({ outcomes, unhandled }));
    })();
  `;

  let report: { outcomes: Record<string, ChildOutcome>; unhandled: Array<{ path?: string; message: string }> };
  beforeAll(() => {
    // The process exits non-zero, as `pulumi up` would: the monitors whose props failed are never
    // registered (the SDK reports their pending registrations as leaked promises). Its report is on stdout.
    report = runChildProgram(program);
  }, 70_000);

  test('a port the containers do not declare', () => {
    expect(report.outcomes.unknownPort).toMatchObject({ rejected: true, isValidationError: true, path: 'options.port' });
    expect(report.outcomes.unknownPort.message).toContain('expected a named port of deployment\'s containers ("http")');
  });

  test('a Deployment without namespace (and no namespace option)', () => {
    expect(report.outcomes.noNamespace).toMatchObject({ rejected: true, isValidationError: true, path: 'deployment.metadata.namespace' });
  });

  test('a Service without labels', () => {
    expect(report.outcomes.serviceWithoutLabels).toMatchObject({ rejected: true, isValidationError: true, path: 'service.metadata.labels' });
  });

  test('a correct workload resolves, and the only unhandled rejections (what fails `pulumi up`) are those errors', () => {
    expect(report.outcomes.good).toEqual({ rejected: false });
    expect([...new Set(report.unhandled.map((u) => u.path))].sort()).toEqual(['deployment.metadata.namespace', 'options.port', 'service.metadata.labels']);
  });
});

// -------------------------------------------------------------------------------------------------
// Parity
// -------------------------------------------------------------------------------------------------

describe('cdk8s and Pulumi produce identical custom resources', () => {
  test.each([...POD_CASES.map(([n, p]) => [`PodMonitor ${n}`, 'pod', p] as const), ...SERVICE_CASES.map(([n, p]) => [`ServiceMonitor ${n}`, 'service', p] as const)])(
    '%s',
    async (_name, kind, props) => {
      const cdk8s = cdk8sObjects((chart) => (kind === 'pod' ? new Cdk8sPodMonitor(chart, 'm', props as PodMonitorProps) : new Cdk8sServiceMonitor(chart, 'm', props as ServiceMonitorProps)));
      const component = kind === 'pod' ? new PulumiPodMonitor(`parity-${++pulumiCount}`, props as PodMonitorProps) : new PulumiServiceMonitor(`parity-${++pulumiCount}`, props as ServiceMonitorProps);
      const { inputs } = await pulumiObject(component);
      expect(cdk8s).toHaveLength(1);
      expect(canonicalJson(inputs)).toBe(canonicalJson(cdk8s[0]));
      expect(canonicalJson(inputs)).toBe(canonicalJson(kind === 'pod' ? podMonitorObject(props) : serviceMonitorObject(props)));
    },
  );

  test('the workload factories agree for the same Deployment', async () => {
    const cdk8s = cdk8sObjects((chart) => {
      const web = new kplus.Deployment(chart, 'web', {
        metadata: { name: 'web' },
        select: false,
        podMetadata: { labels: { app: 'web' } },
        containers: [{ image: 'web:1', ports: [{ number: 9090, name: 'metrics' }] }],
      });
      web.select(kplus.LabelSelector.of({ labels: { app: 'web' } }));
      Cdk8sPodMonitor.fromWorkload(chart, 'web-monitor', web, { port: 'metrics', interval: '30s', podTargetLabels: ['app'] });
    }, 'shop').find((o) => o.kind === 'PodMonitor');

    const deployment = new appsV1.Deployment('parity-web', {
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1', ports: [{ containerPort: 9090, name: 'metrics' }] }] } },
      },
    });
    const { inputs } = await pulumiObject(PulumiPodMonitor.fromDeployment('parity-web-monitor', deployment, { port: 'metrics', interval: '30s', podTargetLabels: ['app'] }));
    expect(cdk8s).toBeDefined();
    expect(canonicalJson(inputs)).toBe(canonicalJson(cdk8s));
  });

  test('the Service factories agree for the same Service', async () => {
    const cdk8s = cdk8sObjects((chart) => {
      const service = new kplus.Service(chart, 'api', { metadata: { name: 'api', labels: { app: 'api' } }, ports: [{ port: 9090, name: 'metrics' }] });
      Cdk8sServiceMonitor.fromService(chart, 'api-monitor', service, { port: 'metrics', name: 'api-metrics', namespace: 'monitoring' });
    }, 'shop').find((o) => o.kind === 'ServiceMonitor');

    const service = new coreV1.Service('parity-api', { metadata: { name: 'api', namespace: 'shop', labels: { app: 'api' } }, spec: { ports: [{ port: 9090, name: 'metrics' }] } });
    const { inputs } = await pulumiObject(PulumiServiceMonitor.fromService('parity-api-monitor', service, { port: 'metrics', name: 'api-metrics', namespace: 'monitoring' }));
    expect(inputs).toMatchObject({ metadata: { name: 'api-metrics', namespace: 'monitoring' }, spec: { namespaceSelector: { matchNames: ['shop'] } } });
    expect(canonicalJson(inputs)).toBe(canonicalJson(cdk8s));
  });

  test('canonical JSON ignores key order and nothing else', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }] } })).toBe('{"a":{"d":[2,{"e":0,"f":1}]},"b":1}');
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
  });
});
