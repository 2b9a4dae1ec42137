/**
 * Retina MetricsConfiguration (retina.sh/v1alpha1): props, validation, rendering.
 *
 * - Every rendered object validates against the REFERENCE CRD (Retina's own, verbatim in
 *   shared/reference/network-observability/retina) and the metadata rules of the Kubernetes helper; the
 *   CRD's `x-kubernetes-list-type: set` lists (which the Ajv translation drops) are checked for repeats here.
 * - The reference sample validates against the CRD but Retina's operator rejects it [RET-VAL]: each of
 *   its three problems gets our error, and the corrected sample renders equal. Retina's documented
 *   example [RET-DOC-MC] renders equal as is.
 * - Each validation rule has a row with its error message; a registry of the `throw new
 *   ValidationError(` sites of src/model/retina-metrics.ts and a meta-test keep it complete.
 * - Go durations (`ttl`) follow `time.ParseDuration`; a property test checks that whatever renders
 *   passes the CRD and an oracle of Retina's operator validation.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { parse } from 'yaml';
import { ValidationError } from '../src/errors';
import { caught } from './support/caught';
import { validateCustomResource } from './support/crd-schema';
import { expectValidKubernetesObjects, validateKubernetesObject } from './support/k8s-schema';
import { REFERENCE_DIR } from './support/reference';
import { rejectedRow, RejectedRow, testRejectedRows, testThrowSiteRegistry, testUniqueRowNames } from './support/throw-sites';
import {
  RETINA_ACCEPTED_METRIC_NAMES,
  RETINA_CONTEXT_LABELS,
  RETINA_METRIC_NAMES,
  RETINA_METRICS_CONFIGURATION_DEFAULT_NAME,
  RETINA_POD_LEVEL_METRICS,
  RetinaMetricsConfigurationProps,
  parseGoDuration,
  resolveRetinaMetricsConfiguration,
} from '../src/model/retina-metrics';
import { COMMON_LABELS, KubeObject } from '../src/render/kube';
import { renderRetinaMetricsConfiguration, retinaMetricsConfigurationObject } from '../src/render/retina-metrics';

type Obj = Record<string, any>;

const RETINA_DIR = path.join(REFERENCE_DIR, 'network-observability/retina');
const CRD_PATH = path.join(RETINA_DIR, 'retina.sh_metricsconfigurations.yaml');
const CRD = parse(fs.readFileSync(CRD_PATH, 'utf8'));
const SCHEMA = CRD.spec.versions[0].schema.openAPIV3Schema;
const SAMPLE = parse(fs.readFileSync(path.join(RETINA_DIR, 'sample-metricsconfiguration.yaml'), 'utf8'));
const NOTES = fs.readFileSync(path.join(REFERENCE_DIR, 'NOTES-network-observability.md'), 'utf8');

const MIN: RetinaMetricsConfigurationProps = { contextOptions: [{ metricName: 'drop_count' }], namespaces: { include: ['default'] } };
const render = (props: unknown): KubeObject => retinaMetricsConfigurationObject(props);

/** Every `x-kubernetes-list-type: set` list of `value` (per `schema`) that holds a repeat, as JSON pointers. */
function setRepeats(schema: any, value: any, at = ''): string[] {
  const found: string[] = [];
  if (schema?.['x-kubernetes-list-type'] === 'set' && Array.isArray(value)) {
    const keys = value.map((v) => JSON.stringify(v));
    if (new Set(keys).size !== keys.length) found.push(at || '/');
  }
  if (Array.isArray(value) && schema?.items) value.forEach((v, i) => found.push(...setRepeats(schema.items, v, `${at}/${i}`)));
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && schema?.properties) {
    for (const [k, v] of Object.entries(value)) found.push(...setRepeats(schema.properties[k], v, `${at}/${k}`));
  }
  return found;
}

/** The API server's view: the CRD schema, its set lists, and the metadata rules. */
const crdErrors = (obj: unknown): string[] => [...validateCustomResource(obj, CRD_PATH), ...setRepeats(SCHEMA, obj).map((p) => `${p}: duplicate value in a set`)];
const expectValid = (obj: unknown) => {
  expect(crdErrors(obj)).toEqual([]);
  expectValidKubernetesObjects([obj], { crds: [CRD_PATH] });
};

/**
 * An oracle of what Retina's operator checks before it writes `Accepted` [RET-VAL, NOTES §4.4]:
 * non-empty contextOptions, accepted metric names, a TTL that parses and is >= 0, exactly one of
 * include/exclude. Written from the notes, independently of the model.
 */
function operatorRejects(obj: Obj): string | undefined {
  const spec = obj.spec ?? {};
  if (!Array.isArray(spec.contextOptions) || spec.contextOptions.length === 0) return 'context options is empty';
  for (const o of spec.contextOptions) {
    if (!(RETINA_ACCEPTED_METRIC_NAMES as readonly string[]).includes(o.metricName)) return `${o.metricName} is not a valid metric`;
    if (o.ttl !== undefined && o.ttl !== '') {
      const ns = parseGoDuration(o.ttl);
      if (typeof ns !== 'bigint') return 'invalid TTL format';
      if (ns < 0n) return 'TTL cannot be negative';
    }
  }
  const n = spec.namespaces ?? {};
  if ((n.include === undefined) === (n.exclude === undefined)) return 'include and exclude are both nil / both not nil';
  return undefined;
}

// -------------------------------------------------------------------------------------------------
// The reference CRD and the notes
// -------------------------------------------------------------------------------------------------

describe('the reference CRD (retina.sh_metricsconfigurations.yaml)', () => {
  const spec = SCHEMA.properties.spec;
  const option = spec.properties.contextOptions.items;

  test('is a valid apiextensions.k8s.io/v1 CustomResourceDefinition', () => {
    expect(validateKubernetesObject(CRD)).toEqual([]);
  });

  test('identity: retina.sh MetricsConfiguration v1alpha1, cluster-scoped, status subresource (NOTES §4.4)', () => {
    expect(CRD.metadata.name).toBe('metricsconfigurations.retina.sh');
    expect(CRD.spec).toMatchObject({
      group: 'retina.sh',
      scope: 'Cluster',
      names: { kind: 'MetricsConfiguration', plural: 'metricsconfigurations', singular: 'metricsconfiguration', categories: ['retina'] },
    });
    expect(CRD.spec.versions.map((v: Obj) => [v.name, v.served, v.storage])).toEqual([['v1alpha1', true, true]]);
    expect(CRD.spec.versions[0].subresources).toEqual({ status: {} });
  });

  test('the wire names we render are exactly the CRD fields (camel case)', () => {
    expect(spec.required).toEqual(['contextOptions', 'namespaces']);
    expect(Object.keys(spec.properties).sort()).toEqual(['contextOptions', 'namespaces']);
    expect(Object.keys(option.properties).sort()).toEqual(['additionalLabels', 'destinationLabels', 'metricName', 'sourceLabels', 'ttl']);
    expect(option.required).toEqual(['metricName']);
    expect(Object.keys(spec.properties.namespaces.properties).sort()).toEqual(['exclude', 'include']);
  });

  test('its set lists are the three label lists and the two namespace lists', () => {
    const sets: string[] = [];
    const walk = (node: any, at: string) => {
      if (node?.['x-kubernetes-list-type'] === 'set') sets.push(at);
      for (const [k, v] of Object.entries(node?.properties ?? {})) walk(v, `${at}.${k}`);
      if (node?.items) walk(node.items, `${at}[]`);
    };
    walk(spec, 'spec');
    expect(sets.sort()).toEqual([
      'spec.contextOptions[].additionalLabels',
      'spec.contextOptions[].destinationLabels',
      'spec.contextOptions[].sourceLabels',
      'spec.namespaces.exclude',
      'spec.namespaces.include',
    ]);
  });

  test('the set check can fail', () => {
    const o = render(MIN) as Obj;
    o.spec.namespaces.include = ['a', 'a'];
    o.spec.contextOptions[0].sourceLabels = ['ip', 'ip'];
    expect(setRepeats(SCHEMA, o).sort()).toEqual(['/spec/contextOptions/0/sourceLabels', '/spec/namespaces/include']);
  });

  test.each<[string, (o: Obj) => void, RegExp]>([
    ['a namespace', (o) => (o.metadata.namespace = 'kube-system'), /namespace/],
    ['no namespaces', (o) => delete o.spec.namespaces, /must have required property 'namespaces'/],
    ['no metricName', (o) => (o.spec.contextOptions[0] = { sourceLabels: ['ip'] }), /must have required property 'metricName'/],
    ['snake-case context_options', (o) => (o.spec.context_options = []), /unknown field \/spec\/context_options/],
    ['a label list that is not a list', (o) => (o.spec.contextOptions[0].sourceLabels = 'ip'), /sourceLabels must be array/],
  ])('the CRD rejects %s', (_name, mutate, message) => {
    const o = render(MIN) as Obj;
    expectValid(o);
    mutate(o);
    expect(crdErrors(o).join('\n')).toMatch(message);
  });

  test('the accepted metric names are those of the notes (§4.4 metricName row, RET-VAL), in order', () => {
    const row = NOTES.split('\n').find((l) => l.startsWith('| `.metricName`'));
    expect(row).toBeDefined();
    const names = [...row!.split('"advanced" metric:')[1].matchAll(/`([a-z_]+)`/g)].map((m) => m[1]);
    expect(names).toEqual([...RETINA_ACCEPTED_METRIC_NAMES]);
    expect(names).toHaveLength(18);
  });

  test('the pod-level metrics are eleven of the accepted names; the seven others are node-level only', () => {
    expect(RETINA_METRIC_NAMES).toHaveLength(11);
    for (const n of RETINA_METRIC_NAMES) expect(RETINA_ACCEPTED_METRIC_NAMES).toContain(n);
    expect(RETINA_ACCEPTED_METRIC_NAMES.filter((n) => !(RETINA_METRIC_NAMES as string[]).includes(n))).toEqual([
      'node_connectivity_status', 'node_connectivity_latency_seconds', 'tcp_state', 'tcp_connection_remote', 'tcp_connection_stats',
      'ip_connection_stats', 'udp_connection_stats',
    ]);
    for (const prom of Object.values(RETINA_POD_LEVEL_METRICS)) expect(prom).toMatch(/^adv_[a-z_]+$/);
  });
});

// -------------------------------------------------------------------------------------------------
// Reference examples
// -------------------------------------------------------------------------------------------------

/** Retina's documented example (microsoft/retina@532c5aa2:docs/05-Concepts/CRDs/MetricsConfiguration.md, RET-DOC-MC). */
const DOC_EXAMPLE = {
  apiVersion: 'retina.sh/v1alpha1',
  kind: 'MetricsConfiguration',
  metadata: { name: 'metricsconfigcrd' },
  spec: {
    contextOptions: [
      { metricName: 'drop_count', sourceLabels: ['ip', 'podname', 'port'], additionalLabels: ['direction'] },
      { metricName: 'forward_count', sourceLabels: ['ip', 'podname', 'port'], additionalLabels: ['direction'] },
    ],
    namespaces: { include: ['default', 'kube-system'] },
  },
};

describe('reference examples', () => {
  test('the documented example renders equal from props, under our default name', () => {
    expect(crdErrors(DOC_EXAMPLE)).toEqual([]);
    const props: RetinaMetricsConfigurationProps = {
      contextOptions: [
        { metricName: 'drop_count', sourceLabels: ['ip', 'podname', 'port'], additionalLabels: ['direction'] },
        { metricName: 'forward_count', sourceLabels: ['ip', 'podname', 'port'], additionalLabels: ['direction'] },
      ],
      namespaces: { include: ['default', 'kube-system'] },
    };
    const rendered = render(props);
    expectValid(rendered);
    expect(rendered).toEqual({ ...DOC_EXAMPLE, metadata: { ...DOC_EXAMPLE.metadata, labels: COMMON_LABELS } });
    expect(operatorRejects(rendered)).toBeUndefined();
  });

  test('sample-metricsconfiguration.yaml passes the CRD, but Retina rejects it (RET-VAL): both include and exclude, metric requests_total', () => {
    expect(crdErrors(SAMPLE)).toEqual([]);
    expect(operatorRejects(SAMPLE)).toBe('requests_total is not a valid metric');
    expect(operatorRejects({ spec: { ...SAMPLE.spec, contextOptions: [{ metricName: 'forward_count' }] } })).toMatch(/both not nil/);
  });

  test('the sample cannot be expressed: each of its three problems is an error; the corrected sample renders equal', () => {
    const asProps = (spec: Obj): Obj => ({
      name: 'sample-metricsconfig',
      contextOptions: spec.contextOptions.map((o: Obj) => ({ ...o })),
      namespaces: spec.namespaces,
    });
    const copy = (v: unknown) => JSON.parse(JSON.stringify(v));
    const spec = copy(SAMPLE.spec);
    const e1 = caught(() => render(asProps(spec))) as ValidationError;
    expect([e1.path, e1.message]).toEqual(['contextOptions[0].metricName', expect.stringMatching(/got "requests_total"; expected one of "drop_count"/)]);

    spec.contextOptions[0].metricName = 'forward_count';
    const e2 = caught(() => render(asProps(spec))) as ValidationError;
    expect([e2.path, e2.message]).toEqual(['contextOptions[0].sourceLabels[0]', expect.stringMatching(/got "source"; expected one of "ip", "namespace"/)]);

    spec.contextOptions[0].sourceLabels = ['podname'];
    const e3 = caught(() => render(asProps(spec))) as ValidationError;
    expect([e3.path, e3.message]).toEqual(['namespaces', expect.stringMatching(/expected exactly one of include, exclude/)]);

    delete spec.namespaces.exclude;
    const rendered = render(asProps(spec));
    expectValid(rendered);
    const corrected = copy(SAMPLE);
    corrected.spec = spec;
    expect(rendered).toEqual({ ...corrected, metadata: { ...corrected.metadata, labels: COMMON_LABELS } });
    expect(operatorRejects(rendered)).toBeUndefined();
  });
});

// -------------------------------------------------------------------------------------------------
// Rendering
// -------------------------------------------------------------------------------------------------

describe('rendering', () => {
  test('minimal: default name, cluster-scoped, common labels, only what was set', () => {
    const o = render(MIN);
    expectValid(o);
    expect(o).toEqual({
      apiVersion: 'retina.sh/v1alpha1',
      kind: 'MetricsConfiguration',
      metadata: { name: 'metricsconfigcrd', labels: { 'app.kubernetes.io/managed-by': 'azure-monitor-k8s' } },
      spec: { contextOptions: [{ metricName: 'drop_count' }], namespaces: { include: ['default'] } },
    });
    expect(o.metadata.name).toBe(RETINA_METRICS_CONFIGURATION_DEFAULT_NAME);
    expect(o.metadata.namespace).toBeUndefined();
  });

  test('every field: exclude, destination labels, ttl, a given name; field order as in the CRD docs', () => {
    const o = render({
      name: 'retina.metrics',
      contextOptions: [
        { metricName: 'forward_bytes', sourceLabels: ['workload', 'zone'], destinationLabels: ['ip', 'service', 'namespace'], additionalLabels: ['direction'], ttl: '1h30m' },
        { metricName: 'dns_response_count', destinationLabels: ['podname'], ttl: '0' },
        { metricName: 'node_apiserver_latency' },
      ],
      namespaces: { exclude: ['kube-system', 'gatekeeper-system'] },
    });
    expectValid(o);
    expect(o.metadata.name).toBe('retina.metrics');
    expect(o.spec).toEqual({
      contextOptions: [
        { metricName: 'forward_bytes', sourceLabels: ['workload', 'zone'], destinationLabels: ['ip', 'service', 'namespace'], additionalLabels: ['direction'], ttl: '1h30m' },
        { metricName: 'dns_response_count', destinationLabels: ['podname'], ttl: '0' },
        { metricName: 'node_apiserver_latency' },
      ],
      namespaces: { exclude: ['kube-system', 'gatekeeper-system'] },
    });
    expect(Object.keys((o.spec as Obj).contextOptions[0])).toEqual(['metricName', 'sourceLabels', 'destinationLabels', 'additionalLabels', 'ttl']);
  });

  test('all eleven pod-level metrics in one resource', () => {
    const o = render({ contextOptions: RETINA_METRIC_NAMES.map((metricName) => ({ metricName })), namespaces: { exclude: ['kube-system'] } });
    expectValid(o);
    expect((o.spec as Obj).contextOptions.map((c: Obj) => c.metricName)).toEqual(RETINA_METRIC_NAMES);
    expect(operatorRejects(o)).toBeUndefined();
  });

  test('the object does not share arrays with the props', () => {
    const props = { contextOptions: [{ metricName: 'drop_count', sourceLabels: ['ip'] }], namespaces: { include: ['default'] } };
    const o = render(props) as Obj;
    o.spec.contextOptions[0].sourceLabels.push('port');
    o.spec.namespaces.include.push('x');
    expect(props).toEqual({ contextOptions: [{ metricName: 'drop_count', sourceLabels: ['ip'] }], namespaces: { include: ['default'] } });
  });

  test('renderRetinaMetricsConfiguration renders a resolved model', () => {
    expect(renderRetinaMetricsConfiguration(resolveRetinaMetricsConfiguration('x', MIN))).toEqual(render(MIN));
  });

  test('fast-check: valid props render objects the CRD and Retina\'s operator accept', () => {
    const labels = fc.subarray([...RETINA_CONTEXT_LABELS], { minLength: 1 });
    const ttl = fc.oneof(fc.constant('0'), fc.tuple(fc.integer({ min: 1, max: 9999 }), fc.constantFrom('ms', 's', 'm', 'h')).map(([n, u]) => `${n}${u}`));
    const ns = fc.uniqueArray(fc.stringMatching(/^[a-z]([-a-z0-9]{0,10}[a-z0-9])?$/), { minLength: 1, maxLength: 4 });
    const option = (metricName: string) => {
      if (metricName.startsWith('node_apiserver')) return fc.constant({ metricName });
      const direction = ['drop_count', 'drop_bytes', 'forward_count', 'forward_bytes'].includes(metricName);
      return fc.record(
        { metricName: fc.constant(metricName), sourceLabels: labels, destinationLabels: labels, ttl, ...(direction ? { additionalLabels: fc.constant(['direction']) } : {}) },
        { requiredKeys: ['metricName'] },
      );
    };
    const props = fc.record({
      contextOptions: fc.shuffledSubarray([...RETINA_METRIC_NAMES], { minLength: 1 }).chain((names) => fc.tuple(...names.map(option))),
      namespaces: fc.oneof(ns.map((include) => ({ include })), ns.map((exclude) => ({ exclude }))),
    });
    fc.assert(
      fc.property(props, (p) => {
        const o = render(p);
        expect(crdErrors(o)).toEqual([]);
        expect(operatorRejects(o)).toBeUndefined();
      }),
      { numRuns: 150, seed: 20261121 },
    );
  });

  test('fast-check: arbitrary props either throw a ValidationError or render an object the CRD and Retina accept', () => {
    // Mostly valid pieces, with some of every kind of mistake mixed in; optional props mostly absent.
    const rarely = <T>(valid: fc.Arbitrary<T>, ...wrong: unknown[]) => fc.oneof({ weight: 12, arbitrary: valid }, fc.constantFrom(...wrong));
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, arb);
    const set = (valid: readonly string[]) =>
      rarely(fc.uniqueArray(fc.constantFrom(...valid), { minLength: 1, maxLength: 3 }), [], [valid[0], valid[0]], ['IP'], ['pod'], ['x y'], [''], ['constructor'], valid[0]);
    const anyOption = fc.record({
      metricName: rarely(fc.constantFrom(...RETINA_ACCEPTED_METRIC_NAMES), 'requests_total', 'Drop_Count', 'toString', 7),
      sourceLabels: maybe(set(RETINA_CONTEXT_LABELS)),
      destinationLabels: maybe(set(RETINA_CONTEXT_LABELS)),
      additionalLabels: maybe(set(['direction'])),
      ttl: maybe(rarely(fc.constantFrom('0', '-0', '5m', '1.5h', '300ms'), '-1s', '24', '', '1d', '1constructor', 10)),
    });
    const names = fc.oneof({ weight: 9, arbitrary: set(['default', 'kube-system', 'apps']) }, fc.constantFrom(['Default'], ['-x']));
    const props = fc.record({
      name: maybe(rarely(fc.constantFrom('a', 'retina.metrics'), 'Bad_Name', '')),
      contextOptions: rarely(fc.array(anyOption, { minLength: 1, maxLength: 3 }), [], {}),
      namespaces: rarely(fc.oneof(names.map((include) => ({ include })), names.map((exclude) => ({ exclude }))), {}, { include: ['a'], exclude: ['b'] }, ['a']),
    });
    let rendered = 0;
    fc.assert(
      fc.property(props, (p) => {
        const e = caught(() => render(p));
        if (e !== undefined) {
          expect(e).toBeInstanceOf(ValidationError);
          return;
        }
        rendered++;
        const o = render(p);
        expect(crdErrors(o)).toEqual([]);
        expect(operatorRejects(o)).toBeUndefined();
      }),
      { numRuns: 500, seed: 20261121 },
    );
    expect(rendered).toBeGreaterThan(50);
  });
});

// -------------------------------------------------------------------------------------------------
// Go durations
// -------------------------------------------------------------------------------------------------

describe('parseGoDuration (time.ParseDuration)', () => {
  test.each<[string, bigint]>([
    ['0', 0n], ['-0', 0n], ['+0', 0n], ['0s', 0n], ['0.0s', 0n], ['00s', 0n],
    ['24h', 86_400_000_000_000n], ['1h30m', 5_400_000_000_000n], ['1.5h', 5_400_000_000_000n], ['30s', 30_000_000_000n],
    ['300ms', 300_000_000n], ['1\u00b5s', 1000n], ['1\u03bcs', 1000n], ['1us', 1000n], ['7ns', 7n], ['.5s', 500_000_000n], ['1.s', 1_000_000_000n],
    ['1.0000000001s', 1_000_000_000n], ['-24h', -86_400_000_000_000n], ['+5m', 300_000_000_000n], ['1m1m', 120_000_000_000n],
    ['2562047h47m16.854775807s', 2n ** 63n - 1n], ['-2562047h47m16.854775808s', -(2n ** 63n)],
  ])('%j is %s ns', (text, ns) => expect(parseGoDuration(text)).toBe(ns));

  test.each(['', '-', '24', '1', '1 h', ' 1h', '1h ', '1d', '1w', '1H', '1e3s', '.s', '.', 's', '1..5s', '1.5.5s', '--1s', '+-1s', '1h-30m', '0x10s', '1,5s', '∞'])(
    '%j is not a Go duration',
    (text) => expect(parseGoDuration(text)).toBe('syntax'),
  );

  test.each(['2562047h47m16.854775808s', '3000000h', '99999999999999999999ns', '9223372036854775808ns'])('%j overflows', (text) => {
    expect(parseGoDuration(text)).toBe('overflow');
  });
});

// -------------------------------------------------------------------------------------------------
// Validation: one row per rule
// -------------------------------------------------------------------------------------------------

/** Every `throw new ValidationError(` of src/model/retina-metrics.ts, by a unique snippet of its source. */
const SITES = {
  metricNodeLevel: '`expected a metric with a pod-level variant',
  metricUnknown: '`expected one of ${RETINA_METRIC_NAMES',
  contextLabel: '`expected one of ${RETINA_CONTEXT_LABELS',
  additionalLabel: '`expected one of ${RETINA_ADDITIONAL_LABELS',
  ttlSyntax: "'expected a Go duration:",
  ttlOverflow: "'expected a duration Go can hold",
  ttlNegative: "'expected a duration >= 0",
  apiServerExtra: '`expected no ${key} for ${metricName}',
  additionalWithoutDirection: '`expected no additionalLabels for',
  namespacesOneOf: "'expected exactly one of include, exclude",
  contextOptionsEmpty: "'expected a non-empty array of { metricName",
  metricRepeat: '`expected a metric not already configured',
  namespacesMissing: "'expected { include: [...] } or { exclude: [...] }",
} as const;
type SiteId = keyof typeof SITES;

type Row = RejectedRow<SiteId>;
const row = rejectedRow<SiteId>;
const opts = (...contextOptions: unknown[]): Obj => ({ contextOptions, namespaces: { include: ['default'] } });
const opt = (o: Obj): Obj => opts({ metricName: 'drop_count', ...o });
const nss = (namespaces: unknown): Obj => ({ contextOptions: MIN.contextOptions, namespaces });
const C0 = 'contextOptions[0]';
const METRICS = RETINA_METRIC_NAMES.map((n) => `"${n}"`).join(', ');

const REJECTED: Row[] = [
  // --- resource ---
  row('props not an object', 'check', ['drop_count'], 'props', /^props: got \["drop_count"\]; expected an object$/),
  row('unknown prop, with a suggestion', 'check', { ...MIN, contextOption: [] }, 'contextOption',
    /unknown prop; allowed props: name, contextOptions, namespaces\. Did you mean "contextOptions"\?$/),
  row('wire name spec', 'check', { spec: {} }, 'spec', /unknown prop; allowed props: name, contextOptions, namespaces$/),
  row('name not a DNS subdomain', 'check', { ...MIN, name: 'Retina_Metrics' }, 'name', /got "Retina_Metrics"; expected a MetricsConfiguration name \(a DNS subdomain/),
  row('name empty', 'check', { ...MIN, name: '' }, 'name', /got ""; expected a string of at least 1 character\(s\)$/),
  row('name too long', 'check', { ...MIN, name: 'm'.repeat(254) }, 'name', /expected at most 253 characters \(got 254\)$/),
  row('contextOptions missing', 'contextOptionsEmpty', { namespaces: { include: ['default'] } }, 'contextOptions', /got undefined; expected a non-empty array of \{ metricName, \.\.\. \}/),
  row('contextOptions empty', 'contextOptionsEmpty', opts(), 'contextOptions',
    /got \[\]; expected a non-empty array of \{ metricName, \.\.\. \} \(Retina marks a MetricsConfiguration without context options Errored\)$/),
  row('contextOptions not an array', 'contextOptionsEmpty', { ...MIN, contextOptions: { metricName: 'drop_count' } }, 'contextOptions', /expected a non-empty array/),
  row('namespaces missing', 'namespacesMissing', { contextOptions: MIN.contextOptions }, 'namespaces',
    /got undefined; expected \{ include: \[\.\.\.\] \} or \{ exclude: \[\.\.\.\] \} \(the CRD requires namespaces\)$/),

  // --- context options: metric names ---
  row('context option not an object', 'check', opts('drop_count'), C0, /got "drop_count"; expected an object$/),
  row('context option unknown prop', 'check', opt({ sourceLabel: ['ip'] }), `${C0}.sourceLabel`, /allowed props of contextOptions\[0\]: .*Did you mean "sourceLabels"\?$/),
  row('metricName missing', 'check', opts({ sourceLabels: ['ip'] }), `${C0}.metricName`, /got undefined; expected a string$/),
  row('metricName not accepted by Retina (the sample)', 'metricUnknown', opt({ metricName: 'requests_total' }), `${C0}.metricName`,
    new RegExp(`got "requests_total"; expected one of ${METRICS.replace(/[()]/g, '\\$&')} \\(Retina marks any other metric Errored\\)$`)),
  row('metricName typo', 'metricUnknown', opt({ metricName: 'drop_counts' }), `${C0}.metricName`, /Errored\)\. Did you mean "drop_count"\?$/),
  row('metricName in upper case', 'metricUnknown', opt({ metricName: 'DROP_COUNT' }), `${C0}.metricName`, /Did you mean "drop_count"\?$/),
  row('metricName as exported to Prometheus', 'metricUnknown', opt({ metricName: 'networkobservability_adv_tcpflags_count' }), `${C0}.metricName`,
    /Did you mean "tcp_flag_gauges"\?$/),
  row('metricName as adv_ metric', 'metricUnknown', opt({ metricName: 'adv_node_apiserver_tcp_handshake_latency' }), `${C0}.metricName`,
    /Did you mean "node_apiserver_handshake_latency"\?$/),
  row('metricName node-level only (tcp_state)', 'metricNodeLevel', opt({ metricName: 'tcp_state' }), `${C0}.metricName`,
    /got "tcp_state"; expected a metric with a pod-level variant \(drop_count, .*node_apiserver_no_response\)\. tcp_state is a basic node-level metric: Retina accepts it here but the agent adds nothing for it/),
  row('metricName node-level only (node_connectivity_status)', 'metricNodeLevel', opt({ metricName: 'node_connectivity_status' }), `${C0}.metricName`,
    /node_connectivity_status is a basic node-level metric/),
  row('metricName not a string', 'check', opt({ metricName: 1 }), `${C0}.metricName`, /got 1; expected a string$/),
  row('metric repeated', 'metricRepeat', opts({ metricName: 'dns_request_count' }, { metricName: 'drop_count' }, { metricName: 'dns_request_count', ttl: '5m' }),
    'contextOptions[2].metricName', /got "dns_request_count"; expected a metric not already configured by contextOptions\[0\] \(Retina keeps one entry per metric: this one would replace it\)$/),

  // --- context options: labels ---
  row('sourceLabels empty', 'check', opt({ sourceLabels: [] }), `${C0}.sourceLabels`, /got \[\]; expected at least 1 item\(s\)$/),
  row('sourceLabels not an array', 'check', opt({ sourceLabels: 'ip' }), `${C0}.sourceLabels`, /got "ip"; expected an array of strings$/),
  row('source label unknown (the sample)', 'contextLabel', opt({ sourceLabels: ['source'] }), `${C0}.sourceLabels[0]`,
    /got "source"; expected one of "ip", "namespace", "podname", "workload", "service", "port", "zone" \(Retina skips any other option without a word\)$/),
  row('source label pod', 'contextLabel', opt({ sourceLabels: ['ip', 'pod'] }), `${C0}.sourceLabels[1]`, /Did you mean "podname"\?$/),
  row('source label ns', 'contextLabel', opt({ sourceLabels: ['ns'] }), `${C0}.sourceLabels[0]`, /Did you mean "namespace"\?$/),
  row('source label workload_name', 'contextLabel', opt({ sourceLabels: ['workload_name'] }), `${C0}.sourceLabels[0]`, /Did you mean "workload"\?$/),
  row('source label in upper case', 'contextLabel', opt({ sourceLabels: ['IP'] }), `${C0}.sourceLabels[0]`, /got "IP"; .*Did you mean "ip"\?$/),
  row('source label typo', 'contextLabel', opt({ sourceLabels: ['zones'] }), `${C0}.sourceLabels[0]`, /Did you mean "zone"\?$/),
  row('direction as a source label', 'contextLabel', opt({ sourceLabels: ['direction'] }), `${C0}.sourceLabels[0]`, /without a word\)\. direction is an additionalLabels value$/),
  row('source label named like an Object.prototype member', 'contextLabel', opt({ sourceLabels: ['constructor'] }), `${C0}.sourceLabels[0]`,
    /got "constructor"; expected one of "ip", .* \(Retina skips any other option without a word\)$/),
  row('source label not a string', 'check', opt({ sourceLabels: [1] }), `${C0}.sourceLabels[0]`, /got 1; expected a string$/),
  row('destination labels repeat', 'check', opt({ destinationLabels: ['ip', 'port', 'ip'] }), `${C0}.destinationLabels[2]`, /got "ip"; expected no duplicates in the list$/),
  row('destination label unknown', 'contextLabel', opt({ destinationLabels: ['node'] }), `${C0}.destinationLabels[0]`, /got "node"; expected one of "ip"/),
  row('additional label unknown', 'additionalLabel', opt({ additionalLabels: ['reason'] }), `${C0}.additionalLabels[0]`,
    /got "reason"; expected one of "direction" \(the only additional label Retina documents\)$/),
  row('context option as additional label', 'additionalLabel', opt({ additionalLabels: ['podname'] }), `${C0}.additionalLabels[0]`,
    /documents\)\. podname is a sourceLabels\/destinationLabels option$/),
  row('additional labels repeat', 'check', opt({ additionalLabels: ['direction', 'direction'] }), `${C0}.additionalLabels[1]`, /expected no duplicates in the list$/),
  row('additional labels empty', 'check', opt({ additionalLabels: [] }), `${C0}.additionalLabels`, /expected at least 1 item\(s\)$/),
  row('direction on a metric without it', 'additionalWithoutDirection', opts({ metricName: 'dns_request_count', additionalLabels: ['direction'] }), `${C0}.additionalLabels`,
    /got \["direction"\]; expected no additionalLabels for dns_request_count: only drop_count, drop_bytes, forward_count, forward_bytes have a direction label \(Retina ignores it\)$/),
  row('source labels on an API-server metric', 'apiServerExtra', opts({ metricName: 'node_apiserver_latency', sourceLabels: ['ip'] }), `${C0}.sourceLabels`,
    /got \["ip"\]; expected no sourceLabels for node_apiserver_latency: the API-server metrics have no context labels and never expire \(Retina ignores it\)$/),
  row('destination labels on an API-server metric', 'apiServerExtra', opts({ metricName: 'node_apiserver_no_response', destinationLabels: ['ip'] }), `${C0}.destinationLabels`,
    /expected no destinationLabels for node_apiserver_no_response/),
  row('additional labels on an API-server metric', 'apiServerExtra', opts({ metricName: 'node_apiserver_handshake_latency', additionalLabels: ['direction'] }), `${C0}.additionalLabels`,
    /expected no additionalLabels for node_apiserver_handshake_latency: the API-server metrics/),
  row('ttl on an API-server metric', 'apiServerExtra', opts({ metricName: 'node_apiserver_latency', ttl: '5m' }), `${C0}.ttl`, /got "5m"; expected no ttl for node_apiserver_latency/),

  // --- context options: ttl ---
  row('ttl not a string', 'check', opt({ ttl: 300 }), `${C0}.ttl`, /got 300; expected a string$/),
  row('ttl empty', 'check', opt({ ttl: '' }), `${C0}.ttl`, /got ""; expected a string of at least 1 character/),
  row('ttl without a unit (Retina\'s own invalid example)', 'ttlSyntax', opt({ ttl: '24' }), `${C0}.ttl`,
    /got "24"; expected a Go duration: numbers each followed by a unit ns, us, ms, s, m or h, without spaces, such as "30s", "5m", "1h30m", or "0" for never$/),
  row('ttl with an Object.prototype name as unit', 'ttlSyntax', opt({ ttl: '1constructor' }), `${C0}.ttl`, /got "1constructor"; expected a Go duration/),
  row('ttl in days', 'ttlSyntax', opt({ ttl: '1d' }), `${C0}.ttl`, /expected a Go duration/),
  row('ttl with a space', 'ttlSyntax', opt({ ttl: '1h 30m' }), `${C0}.ttl`, /expected a Go duration/),
  row('ttl in upper case', 'ttlSyntax', opt({ ttl: '5M' }), `${C0}.ttl`, /expected a Go duration/),
  row('ttl negative (Retina\'s own invalid example)', 'ttlNegative', opt({ ttl: '-24h' }), `${C0}.ttl`,
    /got "-24h"; expected a duration >= 0 \(Retina rejects a negative TTL; "0" keeps series forever\)$/),
  row('ttl of minus one nanosecond', 'ttlNegative', opt({ ttl: '-1ns' }), `${C0}.ttl`, /got "-1ns"; expected a duration >= 0/),
  row('ttl beyond Go\'s limit', 'ttlOverflow', opt({ ttl: '3000000h' }), `${C0}.ttl`, /got "3000000h"; expected a duration Go can hold \(at most 2562047h47m16\.854775807s\)$/),

  // --- namespaces ---
  row('namespaces with include and exclude (the sample)', 'namespacesOneOf', nss({ include: ['default'], exclude: ['kube-system'] }), 'namespaces',
    /got \{"include":\["default"\],"exclude":\["kube-system"\]\}; expected exactly one of include, exclude \(Retina marks a MetricsConfiguration with both, or neither, Errored\)$/),
  row('namespaces with neither', 'namespacesOneOf', nss({}), 'namespaces', /got \{\}; expected exactly one of include, exclude/),
  row('namespaces not an object', 'check', nss(['default']), 'namespaces', /got \["default"\]; expected an object$/),
  row('namespaces unknown prop', 'check', nss({ includes: ['default'] }), 'namespaces.includes', /Did you mean "include"\?$/),
  row('include empty', 'check', nss({ include: [] }), 'namespaces.include', /got \[\]; expected at least 1 item\(s\)$/),
  row('exclude empty', 'check', nss({ exclude: [] }), 'namespaces.exclude', /expected at least 1 item\(s\)$/),
  row('include not a namespace name', 'check', nss({ include: ['default', 'Kube_System'] }), 'namespaces.include[1]', /got "Kube_System"; expected a Kubernetes namespace name/),
  row('include namespace too long', 'check', nss({ include: ['n'.repeat(64)] }), 'namespaces.include[0]', /expected at most 63 characters/),
  row('exclude repeats', 'check', nss({ exclude: ['kube-system', 'kube-system'] }), 'namespaces.exclude[1]', /expected no duplicates in the list$/),
  row('exclude wildcard', 'check', nss({ exclude: ['kube-*'] }), 'namespaces.exclude[0]', /got "kube-\*"; expected a Kubernetes namespace name/),
];

const ACCEPTED: Array<[string, unknown]> = [
  ['undefined optional props are absent props', { name: undefined, contextOptions: [{ metricName: 'drop_count', sourceLabels: undefined, ttl: undefined }], namespaces: { include: ['default'], exclude: undefined } }],
  ['ttl "0" (never expire), "-0", "+5m", fractions and µs', opts(
    { metricName: 'drop_count', ttl: '0' }, { metricName: 'drop_bytes', ttl: '-0' }, { metricName: 'forward_count', ttl: '+5m' },
    { metricName: 'forward_bytes', ttl: '1.5h' }, { metricName: 'dns_request_count', ttl: '250\u00b5s' }, { metricName: 'dns_response_count', ttl: '2562047h47m16.854775807s' },
  )],
  ['every context option, as source and destination', opt({ sourceLabels: [...RETINA_CONTEXT_LABELS], destinationLabels: [...RETINA_CONTEXT_LABELS].reverse() })],
  ['the same label in source and destination', opt({ sourceLabels: ['ip'], destinationLabels: ['ip'] })],
  ['the three API-server metrics, bare', opts({ metricName: 'node_apiserver_latency' }, { metricName: 'node_apiserver_handshake_latency' }, { metricName: 'node_apiserver_no_response' })],
  ['a 63-character namespace, a 253-character name', { ...nss({ exclude: ['n'.repeat(63)] }), name: `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}` }],
];

describe('validation errors', () => {
  testRejectedRows(REJECTED, (r) => render(r.props));

  test.each(ACCEPTED)('accepted: %s', (_name, props) => {
    const o = render(props);
    expectValid(o);
    expect(operatorRejects(o)).toBeUndefined();
  });

  test('the path prefix given by the caller leads every error path', () => {
    const e = caught(() => resolveRetinaMetricsConfiguration('networkObservability.retinaMetrics', opt({ ttl: '-1s' }))) as ValidationError;
    expect(e.path).toBe('networkObservability.retinaMetrics.contextOptions[0].ttl');
    const u = caught(() => resolveRetinaMetricsConfiguration('networkObservability.retinaMetrics', { ...MIN, enabled: true })) as ValidationError;
    expect(u.path).toBe('networkObservability.retinaMetrics.enabled');
    const n = caught(() => resolveRetinaMetricsConfiguration('networkObservability.retinaMetrics', nss({}))) as ValidationError;
    expect(n.path).toBe('networkObservability.retinaMetrics.namespaces');
  });

  testUniqueRowNames([...REJECTED.map((r) => r.name), ...ACCEPTED.map(([n]) => n)]);
});

describe('every throw site of src/model/retina-metrics.ts has a row', () => {
  testThrowSiteRegistry('retina-metrics.ts', SITES, REJECTED.map((r) => r.site));
});
