/**
 * ContainerNetworkMetric (acn.azure.com/v1alpha1): props, validation, rendering and our own CRD.
 *
 * - crds/containernetworkmetrics.acn.azure.com.yaml is a valid, structural apiextensions.k8s.io/v1
 *   CRD that encodes the rules of src/model/container-network-metric.ts that a schema can express.
 * - Every rendered object validates against it (Ajv, plus the list-type rules Ajv does not see).
 * - The published examples (shared/reference/network-observability/aks-docs-examples/
 *   containernetworkmetric-{1..6}.yaml): #2 and #4 validate, are expressed with the props and render
 *   equal; #1 (invalid YAML), #3 (mis-indented), #5 (`kube-system/`) and #6 (`*`) do not, and each
 *   test says exactly why and renders the repaired or rewritten example equal instead.
 * - Each validation rule has a row with its error message; a registry of the `throw new
 *   ValidationError(` sites of src/model/container-network-metric.ts (and of the shared
 *   ContainerNetworkLog checks it reaches) and a meta-test keep it complete.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { parse } from 'yaml';
import { ValidationError } from '../src/errors';
import { DOC_SAMPLE_FILTER } from './support/acns-doc-sample';
import { caught } from './support/caught';
import { validateCustomResource } from './support/crd-schema';
import { listTypeErrors, structuralErrors } from './support/crd-structural';
import { validateKubernetesObject } from './support/k8s-schema';
import { REFERENCE_DIR } from './support/reference';
import { rejectedRow, RejectedRow, testRejectedRows, testThrowSiteRegistry, testUniqueRowNames, ThrowSite } from './support/throw-sites';
import {
  CONTAINER_NETWORK_METRIC_METRICS,
  CONTAINER_NETWORK_METRIC_NAME,
  ContainerNetworkMetricFilterProps,
  ContainerNetworkMetricProps,
  resolveContainerNetworkMetric,
} from '../src/model/container-network-metric';
import { containerNetworkMetricObject, renderContainerNetworkMetric } from '../src/render/container-network-metric';
import { COMMON_LABELS, KubeObject } from '../src/render/kube';

type Obj = Record<string, any>;

const CRD_PATH = path.resolve(__dirname, '../crds/containernetworkmetrics.acn.azure.com.yaml');
const CRD = parse(fs.readFileSync(CRD_PATH, 'utf8'));
const SCHEMA = CRD.spec.versions[0].schema.openAPIV3Schema;
const EXAMPLES = path.join(REFERENCE_DIR, 'network-observability/aks-docs-examples');
const exampleText = (n: number) => fs.readFileSync(path.join(EXAMPLES, `containernetworkmetric-${n}.yaml`), 'utf8');
const example = (n: number) => parse(exampleText(n));

const MIN: ContainerNetworkMetricProps = { filters: [{ metric: 'drop', excludeFilters: [{ from: { namespacedPods: ['kube-system/coredns-'] } }] }] };
const render = (props: unknown): KubeObject => containerNetworkMetricObject(props);
/** Ajv against the CRD's schema, plus the x-kubernetes-list-type rules (unique sets, unique map keys). */
const crdErrors = (obj: unknown) => [...validateCustomResource(obj, CRD_PATH), ...listTypeErrors(SCHEMA, obj)];
const expectValid = (obj: unknown) => expect(crdErrors(obj)).toEqual([]);
/** The published object with our labels: what we render for it. */
const asRendered = (ref: Obj) => ({ ...ref, metadata: { ...ref.metadata, labels: COMMON_LABELS } });

// -------------------------------------------------------------------------------------------------
// The CRD
// -------------------------------------------------------------------------------------------------

describe('crds/containernetworkmetrics.acn.azure.com.yaml', () => {
  const version = CRD.spec.versions[0];
  const entry = SCHEMA.properties.spec.properties.filters.items;
  const filter = entry.properties.includeFilters.items;
  const endpoint = filter.properties.from;

  test('is a valid apiextensions.k8s.io/v1 CustomResourceDefinition', () => {
    expect(validateKubernetesObject(CRD)).toEqual([]);
  });

  test('is structural: types everywhere, value validations only on specified fields, well-formed list types', () => {
    expect(structuralErrors(SCHEMA, 'openAPIV3Schema', true)).toEqual([]);
  });

  test.each<[string, Obj, string[]]>([
    ['a type in a value validation', { type: 'object', properties: { a: { type: 'string' } }, anyOf: [{ type: 'object' }] }, ['x.anyOf[0]: type is not allowed in a value validation']],
    ['a field only in a value validation', { type: 'object', properties: { a: { type: 'string' } }, allOf: [{ anyOf: [{ required: ['b'], properties: { b: { enum: ['c'] } } }] }] },
      ['x.allOf[0].anyOf[0].b: not specified in the structural schema']],
    ['a list-type set of objects', { 'type': 'array', 'x-kubernetes-list-type': 'set', 'items': { type: 'object' } }, ['x: a list-type set needs scalar items']],
    ['a list-type map key that is not required', { 'type': 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['k'], 'items': { type: 'object', properties: { k: { type: 'string' } } } },
      ['x: map key k must be required or defaulted']],
  ])('the structural check can fail: %s', (_name, schema, errors) => {
    expect(structuralErrors(schema, 'x')).toEqual(errors);
  });

  test('identity: acn.azure.com ContainerNetworkMetric v1alpha1, cluster-scoped, status subresource (NOTES §2.6, ACN-RBAC)', () => {
    expect(CRD.metadata.name).toBe('containernetworkmetrics.acn.azure.com');
    expect(CRD.spec).toMatchObject({
      group: 'acn.azure.com',
      scope: 'Cluster',
      names: { kind: 'ContainerNetworkMetric', plural: 'containernetworkmetrics', singular: 'containernetworkmetric' },
    });
    expect(CRD.spec.versions.map((v: Obj) => [v.name, v.served, v.storage])).toEqual([['v1alpha1', true, true]]);
    expect(version.subresources).toEqual({ status: {} });
    // The operator writes containernetworkmetrics/status (ACN-RBAC), but its fields are unpublished.
    expect(SCHEMA.properties.status).toMatchObject({ 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true });
    expect(SCHEMA.properties.status.properties).toBeUndefined();
  });

  test('the doc\'s fields and nothing invented (AKS-MFILTER)', () => {
    expect(Object.keys(SCHEMA.properties).sort()).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
    expect(SCHEMA.properties.spec).toMatchObject({ required: ['filters'] });
    expect(Object.keys(SCHEMA.properties.spec.properties)).toEqual(['filters']);
    expect(SCHEMA.properties.spec.properties.filters).toMatchObject({
      'minItems': 1,
      'maxItems': CONTAINER_NETWORK_METRIC_METRICS.length,
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['metric'],
    });
    expect(entry.required).toEqual(['metric']);
    expect(Object.keys(entry.properties)).toEqual(['metric', 'includeFilters', 'excludeFilters']);
    expect(entry.properties.metric.enum).toEqual([...CONTAINER_NETWORK_METRIC_METRICS]);
    expect(entry.properties.excludeFilters.items).toEqual(filter);
    expect(Object.keys(filter.properties)).toEqual(['name', 'from', 'to', 'protocol', 'verdict', 'reason']);
    expect(filter.properties.to).toEqual(endpoint);
    expect(Object.keys(endpoint.properties)).toEqual(['namespacedPod', 'labelSelector', 'ip']);
    expect(filter.properties.protocol.items.enum).toEqual(['tcp', 'udp', 'dns']);
    expect(filter.properties.verdict.items.enum).toEqual(['forwarded', 'dropped']);
  });

  test('the same filter body as our ContainerNetworkLog CRD, apart from reason and the stricter checks', () => {
    const cnl = parse(fs.readFileSync(path.resolve(__dirname, '../crds/containernetworklogs.acn.azure.com.yaml'), 'utf8'));
    const cnlFilter = cnl.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.includefilters.items;
    const shape = (node: any): any => (node?.type === 'object' ? Object.fromEntries(Object.entries(node.properties ?? {}).map(([k, v]) => [k, shape(v)]))
      : node?.type === 'array' ? [shape(node.items)] : node?.type);
    const { reason, ...body } = shape(filter);
    expect(body).toEqual(shape(cnlFilter));
    expect(reason).toEqual(['string']);
  });

  test('the CEL rule pins the fixed name (CEL is not evaluated by Ajv: checked here by hand)', () => {
    expect(SCHEMA['x-kubernetes-validations']).toEqual([{ rule: `self.metadata.name == '${CONTAINER_NETWORK_METRIC_NAME}'`, message: expect.any(String) }]);
    expect(render(MIN).metadata.name).toBe(CONTAINER_NETWORK_METRIC_NAME);
  });

  const base = (): Obj => ({
    apiVersion: 'acn.azure.com/v1alpha1',
    kind: 'ContainerNetworkMetric',
    metadata: { name: 'container-network-metric' },
    spec: { filters: [{ metric: 'flow', includeFilters: [{ protocol: ['tcp'] }] }] },
  });
  const f0 = (o: Obj) => o.spec.filters[0];
  test.each<[string, (o: Obj) => void, RegExp]>([
    ['no spec', (o) => delete o.spec, /must have required property 'spec'/],
    ['no filters', (o) => (o.spec = {}), /must have required property 'filters'/],
    ['empty filters', (o) => (o.spec.filters = []), /spec\/filters must NOT have fewer than 1 items/],
    ['the older TSG shape (spec.includeFilters)', (o) => (o.spec = { includeFilters: [{ protocol: ['tcp'] }] }), /unknown field \/spec\/includeFilters/],
    ['ContainerNetworkLog\'s lower-case includefilters', (o) => (f0(o).includefilters = f0(o).includeFilters), /unknown field \/spec\/filters\/0\/includefilters/],
    ['no metric', (o) => delete f0(o).metric, /must have required property 'metric'/],
    ['metric http', (o) => (f0(o).metric = 'http'), /metric must be equal to one of the allowed values/],
    ['the same metric twice', (o) => o.spec.filters.push({ metric: 'flow', excludeFilters: [{ protocol: ['udp'] }] }), /duplicate key \["flow"\] in a list-type map/],
    ['an entry without filters', (o) => delete f0(o).includeFilters, /filters\/0 must have required property 'includeFilters'/],
    ['an empty includeFilters', (o) => (f0(o).includeFilters = []), /includeFilters must NOT have fewer than 1 items/],
    ['a filter with a name only', (o) => (f0(o).includeFilters = [{ name: 'all' }]), /includeFilters\/0 must have required property 'from'/],
    ['reason in a flow entry', (o) => (f0(o).includeFilters[0].reason = ['Policy denied']), /includeFilters\/0 must NOT be valid/],
    ['verdict forwarded in a drop entry', (o) => (o.spec.filters[0] = { metric: 'drop', excludeFilters: [{ verdict: ['forwarded'] }] }),
      /excludeFilters\/0\/verdict\/0 must be equal to one of the allowed values/],
    ['a repeated protocol', (o) => (f0(o).includeFilters[0].protocol = ['tcp', 'tcp']), /protocol\/1: duplicate value "tcp" in a list-type set/],
    ['an empty endpoint', (o) => (f0(o).includeFilters[0].from = {}), /from must NOT have fewer than 1 properties/],
    ['namespacedPod "ns/"', (o) => (f0(o).includeFilters[0].from = { namespacedPod: ['kube-system/'] }), /namespacedPod\/0 must match pattern/],
    ['namespacedPod "ns/*"', (o) => (f0(o).includeFilters[0].from = { namespacedPod: ['kube-system/*'] }), /namespacedPod\/0 must match pattern/],
    ['an empty labelSelector', (o) => (f0(o).includeFilters[0].to = { labelSelector: {} }), /labelSelector must NOT have fewer than 1 properties/],
    ['In without values', (o) => (f0(o).includeFilters[0].to = { labelSelector: { matchExpressions: [{ key: 'a', operator: 'In' }] } }),
      /matchExpressions\/0 must have required property 'values'/],
    ['Exists with values', (o) => (f0(o).includeFilters[0].to = { labelSelector: { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['b'] }] } }),
      /matchExpressions\/0 must NOT be valid/],
    ['a label value with a space', (o) => (f0(o).includeFilters[0].to = { labelSelector: { matchLabels: { a: 'b c' } } }), /matchLabels\/a must match pattern/],
    ['a reason with a trailing space', (o) => (o.spec.filters[0] = { metric: 'drop', includeFilters: [{ reason: ['Policy denied '] }] }), /reason\/0 must match pattern/],
    ['a namespace', (o) => (o.metadata.namespace = 'kube-system'), /namespace/],
  ])('the CRD rejects %s', (_name, mutate, message) => {
    const o = base();
    expectValid(o);
    mutate(o);
    expect(crdErrors(o).join('\n')).toMatch(message);
  });

  test('the CRD accepts reason and verdict dropped in a drop entry, and any status', () => {
    expectValid({ ...base(), spec: { filters: [{ metric: 'drop', includeFilters: [{ reason: ['Policy denied'], verdict: ['dropped'] }] }] }, status: { anything: 1 } });
  });
});

// -------------------------------------------------------------------------------------------------
// Reference examples (AKS-MFILTER)
// -------------------------------------------------------------------------------------------------

/** `kube-system/` and `kube-system/*` as the model's hint rewrites them. */
const KUBE_SYSTEM = { labelSelector: { matchLabels: { 'k8s.io/namespace': 'kube-system' } } };

describe('reference examples (aks-docs-examples/containernetworkmetric-N.yaml)', () => {
  test('#2 (dns, exclude kube-system/coredns) validates and renders equal from props', () => {
    const ref = example(2);
    expectValid(ref);
    expect(render({ filters: [{ metric: 'dns', excludeFilters: [{ from: { namespacedPods: ['kube-system/coredns'] } }] }] })).toEqual(asRendered(ref));
  });

  test('#4 (flow, include two label selectors, exclude default/test) validates and renders equal from props', () => {
    const ref = example(4);
    expectValid(ref);
    const props: ContainerNetworkMetricProps = {
      filters: [{
        metric: 'flow',
        includeFilters: [{ from: { labelSelector: { matchLabels: { tier: 'frontend' } } } }, { to: { labelSelector: { matchLabels: { tier: 'backend' } } } }],
        excludeFilters: [{ from: { namespacedPods: ['default/test'] } }],
      }],
    };
    expect(render(props)).toEqual(asRendered(ref));
  });

  test('#1 is invalid YAML as published; with its two typos fixed it validates and renders equal from props', () => {
    const text = exampleText(1);
    expect(() => parse(text)).toThrow(); // `name: : container-network-metric`
    // The two fixes: the doubled ":" and the second entry's missing "- " (as published, `metric` is a duplicate key).
    expect(text.split('name: : ').length).toBe(2);
    expect(text.split('\n    metric: dns\n').length).toBe(2);
    const ref = parse(text.replace('name: : ', 'name: ').replace('\n    metric: dns\n', '\n  - metric: dns\n'));
    expectValid(ref);
    const sample: ContainerNetworkMetricFilterProps = DOC_SAMPLE_FILTER;
    const props: ContainerNetworkMetricProps = {
      filters: [
        { metric: 'flow', includeFilters: [sample] },
        {
          metric: 'dns',
          excludeFilters: [{
            name: 'sample-filter', // the same name in another entry is fine: names are unique per entry
            from: { namespacedPods: ['sample-namespace/sample-pod'], labelSelector: { matchLabels: { 'app': 'frontend', 'k8s.io/namespace': 'sample-namespace' } } },
          }],
        },
      ],
    };
    expect(render(props)).toEqual(asRendered(ref));
  });

  test('#3 is mis-indented as published (from: null, labelSelector beside it): our CRD rejects it; as intended it validates and renders equal', () => {
    const ref = example(3);
    expect(ref.spec.filters[0].includeFilters[0]).toEqual({ from: null, labelSelector: { matchLabels: { tier: 'frontend' } } });
    const errors = crdErrors(ref).join('\n');
    expect(errors).toMatch(/includeFilters\/0\/from must be object/);
    expect(errors).toMatch(/unknown field \/spec\/filters\/0\/includeFilters\/0\/labelSelector/);
    // The props cannot express it either: `from: null` is not an endpoint.
    expect((caught(() => render({ filters: [{ metric: 'tcp', includeFilters: [{ from: null }] }] })) as ValidationError).path).toBe('filters[0].includeFilters[0].from');
    const intended = { ...ref, spec: { filters: [{ ...ref.spec.filters[0], includeFilters: [{ from: { labelSelector: { matchLabels: { tier: 'frontend' } } } }] }] } };
    expectValid(intended);
    const props: ContainerNetworkMetricProps = {
      filters: [{
        metric: 'tcp',
        includeFilters: [{ from: { labelSelector: { matchLabels: { tier: 'frontend' } } } }],
        excludeFilters: [{ to: { namespacedPods: ['kube-system/metrics-server'] } }],
      }],
    };
    expect(render(props)).toEqual(asRendered(intended));
  });

  test('#5 uses "kube-system/" (whole namespace), which ContainerNetworkLog rules reject: the error says what to write, and that renders valid', () => {
    const ref = example(5);
    expect(crdErrors(ref).join('\n')).toMatch(/namespacedPod\/0 must match pattern/);
    const e = caught(() => render({ filters: [{ metric: 'drop', excludeFilters: [{ from: { namespacedPods: ['kube-system/'] } }] }] })) as ValidationError;
    expect(e.path).toBe('filters[0].excludeFilters[0].from.namespacedPods[0]');
    expect(e.message).toMatch(/To select a whole namespace, use labelSelector: \{ matchLabels: \{ "k8s\.io\/namespace": "kube-system" \} \}/);
    const rewritten = { ...ref, spec: { filters: [{ metric: 'drop', excludeFilters: [{ from: KUBE_SYSTEM }] }] } };
    expectValid(rewritten);
    expect(render({ filters: [{ metric: 'drop', excludeFilters: [{ from: KUBE_SYSTEM }] }] })).toEqual(asRendered(rewritten));
  });

  test('#6 uses "*" (not a Hubble wildcard): the errors say what to write; rewritten so, it validates and renders equal (reason in drop is kept)', () => {
    const ref = example(6);
    expect(crdErrors(ref)).toHaveLength(2);
    const pods = (metric: string, value: string) =>
      caught(() => render({ filters: [{ metric, excludeFilters: [{ from: { namespacedPods: [value] } }] }] })) as ValidationError;
    expect(pods('dns', 'kube-system/*').message).toMatch(/To select the whole namespace, use labelSelector: \{ matchLabels: \{ "k8s\.io\/namespace": "kube-system" \} \}/);
    expect(pods('flow', 'default/debug-*').message).toMatch(/Write "default\/debug-": it already selects every pod whose name starts with "debug-"$/);
    const rewritten = parse(exampleText(6).replace('namespacedPod: ["kube-system/*"]', 'labelSelector: {matchLabels: {k8s.io/namespace: kube-system}}')
      .replace('"default/debug-*"', '"default/debug-"'));
    expectValid(rewritten);
    const props: ContainerNetworkMetricProps = {
      filters: [
        { metric: 'dns', includeFilters: [{ protocols: ['dns'] }], excludeFilters: [{ from: KUBE_SYSTEM }] },
        { metric: 'tcp', includeFilters: [{ protocols: ['tcp'] }, { from: { labelSelector: { matchLabels: { environment: 'production' } } } }] },
        { metric: 'flow', excludeFilters: [{ from: { namespacedPods: ['default/debug-'] } }] },
        { metric: 'drop', includeFilters: [{ reasons: ['Policy denied', 'Invalid'] }] },
      ],
    };
    expect(render(props)).toEqual(asRendered(rewritten));
  });
});

// -------------------------------------------------------------------------------------------------
// Rendering
// -------------------------------------------------------------------------------------------------

describe('rendering', () => {
  test('minimal: fixed name, cluster-scoped, common labels, camel-case lists, only what was set', () => {
    const o = render(MIN);
    expectValid(o);
    expect(o).toEqual({
      apiVersion: 'acn.azure.com/v1alpha1',
      kind: 'ContainerNetworkMetric',
      metadata: { name: 'container-network-metric', labels: { 'app.kubernetes.io/managed-by': 'azure-monitor-k8s' } },
      spec: { filters: [{ metric: 'drop', excludeFilters: [{ from: { namespacedPod: ['kube-system/coredns-'] } }] }] },
    });
    expect(o.metadata.namespace).toBeUndefined();
  });

  test('wire names: namespacedPod, labelSelector, ip, protocol, verdict, reason; entries and keys in order', () => {
    const o = render({
      filters: [
        {
          metric: 'drop',
          excludeFilters: [{ name: 'noise', to: { ips: ['fd00::/8'] }, protocols: ['udp'], verdicts: ['dropped'], reasons: ['Policy denied'] }],
          includeFilters: [{ from: { labelSelector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] } } }],
        },
        { metric: 'flow', includeFilters: [{ from: { namespacedPods: ['pets/order-service-'] } }] },
      ],
    });
    expectValid(o);
    expect(JSON.stringify(o.spec)).toBe(JSON.stringify({
      filters: [
        {
          metric: 'drop',
          includeFilters: [{ from: { labelSelector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] } } }],
          excludeFilters: [{ name: 'noise', to: { ip: ['fd00::/8'] }, protocol: ['udp'], verdict: ['dropped'], reason: ['Policy denied'] }],
        },
        { metric: 'flow', includeFilters: [{ from: { namespacedPod: ['pets/order-service-'] } }] },
      ],
    }));
  });

  test('the model does not share arrays with the props', () => {
    const props = { filters: [{ metric: 'drop', includeFilters: [{ reasons: ['Policy denied'] }] }] };
    const o = render(props) as any;
    o.spec.filters[0].includeFilters[0].reason.push('Invalid');
    expect(props.filters[0].includeFilters[0].reasons).toEqual(['Policy denied']);
  });

  test('renderContainerNetworkMetric renders a resolved model; the path prefix leads every error path', () => {
    expect(renderContainerNetworkMetric(resolveContainerNetworkMetric('x', MIN))).toEqual(render(MIN));
    const at = 'networkObservability.containerNetworkMetric';
    const e = caught(() => resolveContainerNetworkMetric(at, { filters: [{ metric: 'dns', includeFilters: [{ from: { ips: ['10.0.0.1/8'] } }] }] })) as ValidationError;
    expect(e.path).toBe(`${at}.filters[0].includeFilters[0].from.ips[0]`);
    expect((caught(() => resolveContainerNetworkMetric(at, { ...MIN, name: 'x' })) as ValidationError).path).toBe(`${at}.name`);
  });

  test('random valid props render objects our CRD accepts', () => {
    const label = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
    const endpoint = fc.record(
      {
        namespacedPods: fc.uniqueArray(fc.tuple(label, label).map(([a, b]) => `${a}/${b}-`), { minLength: 1, maxLength: 2 }),
        labelSelector: fc.record({ matchLabels: fc.dictionary(label, label, { minKeys: 1, maxKeys: 2 }) }),
        ips: fc.uniqueArray(fc.ipV4(), { minLength: 1, maxLength: 2 }),
      },
      { requiredKeys: ['ips'] },
    );
    const filterArb = (drop: boolean) => fc.record(
      {
        from: endpoint,
        to: endpoint,
        protocols: fc.subarray(['tcp', 'udp', 'dns'], { minLength: 1 }),
        verdicts: drop ? fc.constant(['dropped']) : fc.subarray(['forwarded', 'dropped'], { minLength: 1 }),
        ...(drop ? { reasons: fc.uniqueArray(fc.constantFrom('Policy denied', 'Invalid', 'Stale or unroutable IP'), { minLength: 1 }) } : {}),
      },
      { requiredKeys: ['from'] },
    );
    const setArb = (metric: string) => fc.record(
      {
        metric: fc.constant(metric),
        includeFilters: fc.array(filterArb(metric === 'drop'), { minLength: 1, maxLength: 2 }),
        excludeFilters: fc.array(filterArb(metric === 'drop'), { minLength: 1, maxLength: 2 }),
      },
      { requiredKeys: ['metric', 'excludeFilters'] },
    );
    const setsArb = fc.shuffledSubarray([...CONTAINER_NETWORK_METRIC_METRICS], { minLength: 1 }).chain((metrics) => fc.tuple(...metrics.map(setArb)));
    fc.assert(
      fc.property(setsArb, (sets) => {
        // Equal conditions within an entry are rejected on purpose (repeat, conflict); skip those draws.
        const keys = sets.map((s: Obj) => [...(s.includeFilters ?? []), ...(s.excludeFilters ?? [])].map((f) => JSON.stringify(f)));
        fc.pre(keys.every((k) => new Set(k).size === k.length));
        const named = sets.map((s: Obj) => ({ ...s, excludeFilters: s.excludeFilters.map((f: Obj, i: number) => ({ name: `f${i}`, ...f })) }));
        expect(crdErrors(render({ filters: named }))).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});

// -------------------------------------------------------------------------------------------------
// Validation: one row per rule
// -------------------------------------------------------------------------------------------------

const CNL = 'container-network-logs.ts';
/**
 * Every `throw new ValidationError(` of src/model/container-network-metric.ts, and the shared
 * ContainerNetworkLog filter checks it reaches (their own registry is in container-network-logs.test.ts).
 */
const SITES = {
  filtersEmpty: "'expected a non-empty array of { metric, includeFilters?",
  metricRepeat: '`expected a metric not used by',
  setEmpty: "'expected includeFilters and/or excludeFilters",
  listEmpty: '`expected a non-empty array of filters (leave',
  filterEmpty: '`expected at least one of from, to, protocols, verdicts',
  reasonNotDrop: '`expected no reasons in a',
  wildcard: '\'expected "namespace/podNamePrefix" without "*"',
  forwardedInDrop: '\'expected only "dropped" in a "drop" entry',
  filterRepeat: '`expected conditions different from ${path}',
  nameRepeat: '`expected a name not used by ${named',
  conflict: '`expected conditions different from ${ip}',
  // Shared: the filter body checks of src/model/container-network-logs.ts and check.ts.
  labelKey: { snippet: "'expected a Kubernetes label key:", file: 'check.ts' },
  selectorEmpty: { snippet: "'expected matchLabels and/or matchExpressions", file: CNL },
  matchLabelsType: { snippet: "'expected an object of label keys to label values'", file: CNL },
  matchLabelsEmpty: { snippet: "'expected at least one label (leave matchLabels out", file: CNL },
  matchExpressionsEmpty: { snippet: "'expected a non-empty array of { key, operator", file: CNL },
  valuesMissing: { snippet: '`expected at least one value for operator', file: CNL },
  valuesForbidden: { snippet: '`expected no values for operator', file: CNL },
  namespacedPodFormat: { snippet: '\'expected "namespace/podNamePrefix":', file: CNL },
  namespacedPodNamespace: { snippet: "'expected a Kubernetes namespace name before", file: CNL },
  namespacedPodEmptyPrefix: { snippet: "'expected the start of the pod names after", file: CNL },
  namespacedPodPrefix: { snippet: "'expected a pod name prefix after", file: CNL },
  ipSyntax: { snippet: "'expected an IPv4 or IPv6 address or CIDR", file: CNL },
  ipMapped: { snippet: "'expected an IPv4 address in IPv4 form", file: CNL },
  ipPrefixLength: { snippet: '`expected a prefix length from 0 to', file: CNL },
  ipHostBits: { snippet: "'expected no address bits set beyond", file: CNL },
  ipDuplicate: { snippet: '`expected no duplicates in the list (the same addresses', file: CNL },
  endpointEmpty: { snippet: "'expected at least one of namespacedPods", file: CNL },
} satisfies Record<string, ThrowSite>;
type SiteId = keyof typeof SITES;

type Row = RejectedRow<SiteId>;
const row = rejectedRow<SiteId>;
const one = (entry: Obj): Obj => ({ filters: [entry] });
const inc = (metric: string, ...includeFilters: unknown[]): Obj => one({ metric, includeFilters });
const exc = (metric: string, ...excludeFilters: unknown[]): Obj => one({ metric, excludeFilters });
const from = (endpoint: Obj): Obj => inc('flow', { from: endpoint });
const pods = (...namespacedPods: unknown[]): Obj => exc('dns', { to: { namespacedPods } });
const sel = (labelSelector: unknown): Obj => from({ labelSelector });
const ips = (...list: unknown[]): Obj => from({ ips: list });
const I0 = 'filters[0].includeFilters[0]';
const E0 = 'filters[0].excludeFilters[0]';
const DNS = { protocols: ['dns'] };

const REJECTED: Row[] = [
  // --- resource ---
  row('props not an object', 'check', 'x', 'props', /^props: got "x"; expected an object$/),
  row('name is not a prop (the name is fixed)', 'check', { ...MIN, name: 'my-metrics' }, 'name', /got "my-metrics"; unknown prop; allowed props: filters$/),
  row('wire-style spec.includeFilters (the older TSG shape)', 'check', { includeFilters: [DNS] }, 'includeFilters', /unknown prop; allowed props: filters$/),
  row('filters missing', 'filtersEmpty', {}, 'filters',
    /got undefined; expected a non-empty array of \{ metric, includeFilters\?, excludeFilters\? \} \(the resource needs at least one entry\)\. Without a ContainerNetworkMetric every metric is collected unfiltered: leave the resource out for that$/),
  row('filters empty', 'filtersEmpty', { filters: [] }, 'filters', /got \[\]; expected a non-empty array of \{ metric/),
  row('filters not an array', 'filtersEmpty', { filters: { metric: 'dns' } }, 'filters', /expected a non-empty array of \{ metric/),

  // --- entries ---
  row('entry not an object', 'check', { filters: ['dns'] }, 'filters[0]', /got "dns"; expected an object$/),
  row('entry key in ContainerNetworkLog spelling', 'check', one({ metric: 'dns', includefilters: [DNS] }), 'filters[0].includefilters', /unknown prop; .*Did you mean "includeFilters"\?$/),
  row('metric missing', 'check', one({ includeFilters: [DNS] }), 'filters[0].metric', /got undefined; expected one of "dns", "flow", "tcp", "drop"$/),
  row('metric unknown', 'check', one({ metric: 'icmpv6', includeFilters: [DNS] }), 'filters[0].metric', /got "icmpv6"; expected one of "dns", "flow", "tcp", "drop"$/),
  row('metric as a Prometheus name', 'check', one({ metric: 'hubble_drop_total', includeFilters: [DNS] }), 'filters[0].metric', /expected one of/),
  row('metric in upper case', 'check', one({ metric: 'DNS', includeFilters: [DNS] }), 'filters[0].metric', /Did you mean "dns"\?$/),
  row('entry without filters', 'setEmpty', one({ metric: 'tcp' }), 'filters[0]', /got \{"metric":"tcp"\}; expected includeFilters and\/or excludeFilters \(an entry without filters filters nothing\)$/),
  row('includeFilters empty', 'listEmpty', one({ metric: 'tcp', includeFilters: [] }), 'filters[0].includeFilters',
    /got \[\]; expected a non-empty array of filters \(leave includeFilters out instead of an empty array\)$/),
  row('excludeFilters not an array', 'listEmpty', one({ metric: 'tcp', includeFilters: [DNS], excludeFilters: DNS }), 'filters[0].excludeFilters', /leave excludeFilters out/),
  row('the same metric twice', 'metricRepeat', { filters: [{ metric: 'dns', includeFilters: [DNS] }, { metric: 'dns', excludeFilters: [{ verdicts: ['dropped'] }] }] }, 'filters[1].metric',
    /got "dns"; expected a metric not used by filters\[0\] \(one entry per metric: two would be ambiguous\)\. Merge them: one entry for "dns" with all its include filters/),

  // --- filters ---
  row('filter not an object', 'check', inc('dns', 'all'), I0, /got "all"; expected an object$/),
  row('wire name protocol instead of protocols', 'check', inc('dns', { protocol: ['dns'] }), `${I0}.protocol`, /unknown prop; allowed props of .*Did you mean "protocols"\?$/),
  row('wire name reason instead of reasons', 'check', inc('drop', { reason: ['Invalid'] }), `${I0}.reason`, /Did you mean "reasons"\?$/),
  row('include filter without conditions', 'filterEmpty', inc('flow', { name: 'all' }), I0,
    /expected at least one of from, to, protocols, verdicts \(a filter without conditions matches every flow: as an include filter it makes the other filters pointless\)\. To match every flow on purpose, write verdicts: \["forwarded", "dropped"\]$/),
  row('exclude filter without conditions (drop)', 'filterEmpty', exc('drop', {}), E0,
    /got \{\}; expected at least one of from, to, protocols, verdicts, reasons \(.*: as an exclude filter it removes the whole metric\)\. To match every flow on purpose, write verdicts: \["dropped"\]$/),
  row('reasons in a flow entry', 'reasonNotDrop', inc('flow', { reasons: ['Policy denied'] }), `${I0}.reasons`,
    /got \["Policy denied"\]; expected no reasons in a "flow" entry \(drop reasons are published for the "drop" metric only\)\. Put the filter in the entry with metric "drop"$/),
  row('reasons empty', 'check', inc('drop', { reasons: [] }), `${I0}.reasons`, /expected at least 1 item/),
  row('reason with surrounding spaces', 'check', inc('drop', { reasons: [' Policy denied'] }), `${I0}.reasons[0]`, /got " Policy denied"; expected a drop reason such as "Policy denied" \(no leading or trailing spaces\)$/),
  row('reason empty', 'check', inc('drop', { reasons: [''] }), `${I0}.reasons[0]`, /expected a string of at least 1 character/),
  row('reason not a string', 'check', inc('drop', { reasons: [133] }), `${I0}.reasons[0]`, /got 133; expected a string$/),
  row('reasons repeat', 'check', inc('drop', { reasons: ['Invalid', 'Invalid'] }), `${I0}.reasons[1]`, /expected no duplicates in the list$/),
  row('verdict forwarded in a drop entry', 'forwardedInDrop', exc('drop', { verdicts: ['dropped', 'forwarded'] }), `${E0}.verdicts[1]`,
    /got "forwarded"; expected only "dropped" in a "drop" entry \(the drop metric counts dropped flows only: .*\)\. Leave verdicts out: every flow of the drop metric is dropped$/),
  row('verdict not known', 'check', inc('flow', { verdicts: ['error'] }), `${I0}.verdicts[0]`, /got "error"; expected one of "forwarded", "dropped"$/),
  row('protocol not known', 'check', inc('flow', { protocols: ['icmpv6'] }), `${I0}.protocols[0]`, /got "icmpv6"; expected one of "tcp", "udp", "dns"$/),
  row('filter name invalid', 'check', inc('flow', { name: 'Egress Filter', ...DNS }), `${I0}.name`, /got "Egress Filter"; expected a filter name/),
  row('filter conditions repeat in a list', 'filterRepeat', exc('dns', { name: 'a', ...DNS }, { name: 'b', ...DNS }), 'filters[0].excludeFilters[1]',
    /expected conditions different from filters\[0\]\.excludeFilters\[0\] \(the filters of a list are ORed: a repeat adds nothing\)$/),
  row('filter names repeat across the lists of an entry', 'nameRepeat', one({ metric: 'tcp', includeFilters: [{ name: 'a', ...DNS }], excludeFilters: [{ name: 'a', protocols: ['udp'] }] }),
    `${E0}.name`, /got "a"; expected a name not used by filters\[0\]\.includeFilters\[0\] \(filter names are unique within an entry\)$/),
  row('an exclude filter equal to an include filter', 'conflict', one({ metric: 'tcp', includeFilters: [{ protocols: ['udp'] }, DNS], excludeFilters: [{ name: 'x', ...DNS }] }), E0,
    /expected conditions different from filters\[0\]\.includeFilters\[1\] \(an exclude filter equal to an include filter removes every flow that filter adds\)\. Remove one of the two/),

  // --- endpoints (the ContainerNetworkLog checks) ---
  row('endpoint empty', 'endpointEmpty', from({}), `${I0}.from`, /got \{\}; expected at least one of namespacedPods, labelSelector, ips/),
  row('endpoint wire names', 'check', inc('flow', { to: { namespacedPod: ['a/b'] } }), `${I0}.to.namespacedPod`, /Did you mean "namespacedPods"\?$/),
  row('namespacedPod "ns/*" (doc example 6)', 'wildcard', pods('kube-system/*'), `${E0}.to.namespacedPods[0]`,
    /got "kube-system\/\*"; expected "namespace\/podNamePrefix" without "\*" \(values are pod name prefixes; Hubble has no wildcards\)\. To select the whole namespace, use labelSelector: \{ matchLabels: \{ "k8s\.io\/namespace": "kube-system" \} \}/),
  row('namespacedPod "ns/prefix*" (doc example 6)', 'wildcard', pods('default/a', 'default/debug-*'), `${E0}.to.namespacedPods[1]`,
    /got "default\/debug-\*"; .*without "\*".*\. Write "default\/debug-": it already selects every pod whose name starts with "debug-"$/),
  row('namespacedPod "*" elsewhere: no rewrite to offer', 'wildcard', pods('*/web'), `${E0}.to.namespacedPods[0]`, /without "\*" \(values are pod name prefixes; Hubble has no wildcards\)$/),
  row('namespacedPod "ns/" (doc example 5)', 'namespacedPodEmptyPrefix', pods('kube-system/'), `${E0}.to.namespacedPods[0]`,
    /got "kube-system\/"; expected the start of the pod names after "\/"\. To select a whole namespace, use labelSelector: \{ matchLabels: \{ "k8s\.io\/namespace": "kube-system" \} \}/),
  row('namespacedPod without "/"', 'namespacedPodFormat', pods('coredns'), `${E0}.to.namespacedPods[0]`, /expected "namespace\/podNamePrefix": a namespace name/),
  row('namespacedPod namespace invalid', 'namespacedPodNamespace', pods('Kube-System/coredns'), `${E0}.to.namespacedPods[0]`, /expected a Kubernetes namespace name before "\/"/),
  row('namespacedPod prefix invalid', 'namespacedPodPrefix', pods('pets/Web'), `${E0}.to.namespacedPods[0]`, /expected a pod name prefix after "\/"/),
  row('labelSelector empty', 'selectorEmpty', sel({}), `${I0}.from.labelSelector`, /expected matchLabels and\/or matchExpressions/),
  row('matchLabels not an object', 'matchLabelsType', sel({ matchLabels: ['app'] }), `${I0}.from.labelSelector.matchLabels`, /expected an object of label keys to label values$/),
  row('matchLabels empty', 'matchLabelsEmpty', sel({ matchLabels: {} }), `${I0}.from.labelSelector.matchLabels`, /expected at least one label/),
  row('label key invalid', 'labelKey', sel({ matchLabels: { 'app name': 'x' } }), `${I0}.from.labelSelector.matchLabels["app name"]`, /expected a Kubernetes label key/),
  row('matchExpressions empty', 'matchExpressionsEmpty', sel({ matchExpressions: [] }), `${I0}.from.labelSelector.matchExpressions`, /expected a non-empty array of \{ key, operator/),
  row('In without values', 'valuesMissing', sel({ matchExpressions: [{ key: 'tier', operator: 'In' }] }), `${I0}.from.labelSelector.matchExpressions[0].values`,
    /expected at least one value for operator In$/),
  row('Exists with values', 'valuesForbidden', sel({ matchExpressions: [{ key: 'tier', operator: 'Exists', values: ['a'] }] }), `${I0}.from.labelSelector.matchExpressions[0].values`,
    /expected no values for operator Exists$/),
  row('ip syntax', 'ipSyntax', ips('10.0.0.01'), `${I0}.from.ips[0]`, /expected an IPv4 or IPv6 address or CIDR/),
  row('IPv4-mapped IPv6', 'ipMapped', ips('::ffff:10.0.0.1'), `${I0}.from.ips[0]`, /IPv4-mapped/),
  row('IPv4 prefix above 32', 'ipPrefixLength', ips('10.0.0.0/33'), `${I0}.from.ips[0]`, /expected a prefix length from 0 to 32/),
  row('host bits set', 'ipHostBits', ips('10.0.0.1/8'), `${I0}.from.ips[0]`, /Did you mean "10\.0\.0\.0\/8" \(the network\) or "10\.0\.0\.1" \(the one address\)\?$/),
  row('ips repeat in another spelling', 'ipDuplicate', ips('10.0.0.1', '10.0.0.1/32'), `${I0}.from.ips[1]`, /the same addresses as filters\[0\]\.includeFilters\[0\]\.from\.ips\[0\]/),
];

const ACCEPTED: Array<[string, unknown]> = [
  ['undefined optional props are absent props', { filters: [{ metric: 'dns', includeFilters: [{ ...DNS, name: undefined, reasons: undefined }], excludeFilters: undefined }] }],
  ['all four metrics, in any order', { filters: ['tcp', 'drop', 'flow', 'dns'].map((metric) => ({ metric, excludeFilters: [{ verdicts: ['dropped'] }] })) }],
  ['the same filter in two entries, with the same name', { filters: ['dns', 'flow'].map((metric) => ({ metric, includeFilters: [{ name: 'a', ...DNS }] })) }],
  ['unnamed filters may be many', inc('tcp', { protocols: ['tcp'] }, { verdicts: ['dropped'] })],
  ['an include and an exclude filter that overlap but differ', one({ metric: 'flow', includeFilters: [{ protocols: ['tcp', 'udp'] }], excludeFilters: [{ protocols: ['udp'] }] })],
  ['verdicts ["dropped"] and reasons in a drop entry', exc('drop', { verdicts: ['dropped'], reasons: ['Policy denied', 'Invalid'] })],
  ['verdict forwarded outside a drop entry', inc('tcp', { verdicts: ['forwarded'] })],
  ['a pod prefix and the label selector for a whole namespace', exc('dns', { from: { namespacedPods: ['kube-system/coredns-'] } }, { to: KUBE_SYSTEM })],
];

describe('validation errors', () => {
  testRejectedRows(REJECTED, (r) => render(r.props));

  test.each(ACCEPTED)('accepted: %s', (_name, props) => {
    expectValid(render(props));
  });

  testUniqueRowNames([...REJECTED.map((r) => r.name), ...ACCEPTED.map(([n]) => n)]);
});

describe('every throw site of src/model/container-network-metric.ts has a row', () => {
  testThrowSiteRegistry('container-network-metric.ts', SITES, REJECTED.map((r) => r.site));
});
