/**
 * ContainerNetworkLog (acn.azure.com/v1alpha1): props, validation, rendering and our own CRD.
 *
 * - crds/containernetworklogs.acn.azure.com.yaml is a valid, structural apiextensions.k8s.io/v1 CRD
 *   that encodes exactly the rules of NOTES-network-observability §2.2–2.4 (no public CRD exists).
 * - Every rendered object validates against it; the published ContainerNetworkLog examples
 *   (shared/reference/network-observability/aks-docs-examples) validate too, can be expressed with the
 *   props and render equal.
 * - Each validation rule has a row with its error message; a registry of the `throw new
 *   ValidationError(` sites of src/model/container-network-logs.ts and a meta-test keep it complete.
 * - IP/CIDR syntax is cross-checked against Node's `net.isIP`.
 */
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import * as fc from 'fast-check';
import { parse } from 'yaml';
import { ValidationError } from '../src/errors';
import { DOC_SAMPLE_FILTER } from './support/acns-doc-sample';
import { caught } from './support/caught';
import { validateCustomResource } from './support/crd-schema';
import { structuralErrors } from './support/crd-structural';
import { validateKubernetesObject } from './support/k8s-schema';
import { REFERENCE_DIR } from './support/reference';
import { rejectedRow, RejectedRow, testRejectedRows, testThrowSiteRegistry, testUniqueRowNames } from './support/throw-sites';
import { ContainerNetworkLogProps, resolveContainerNetworkLog } from '../src/model/container-network-logs';
import { containerNetworkLogObject, renderContainerNetworkLog } from '../src/render/container-network-logs';
import { COMMON_LABELS, KubeObject } from '../src/render/kube';

type Obj = Record<string, unknown>;

const CRD_PATH = path.resolve(__dirname, '../crds/containernetworklogs.acn.azure.com.yaml');
const CRD = parse(fs.readFileSync(CRD_PATH, 'utf8'));
const EXAMPLES = path.join(REFERENCE_DIR, 'network-observability/aks-docs-examples');
const example = (file: string) => parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));

const MIN: ContainerNetworkLogProps = { name: 'drops', filters: [{ verdicts: ['dropped'] }] };
const render = (props: unknown): KubeObject => containerNetworkLogObject(props);
const expectValid = (obj: unknown) => expect(validateCustomResource(obj, CRD_PATH)).toEqual([]);

// -------------------------------------------------------------------------------------------------
// The CRD
// -------------------------------------------------------------------------------------------------

describe('crds/containernetworklogs.acn.azure.com.yaml', () => {
  const version = CRD.spec.versions[0];
  const schema = version.schema.openAPIV3Schema;
  const filter = schema.properties.spec.properties.includefilters.items;

  test('is a valid apiextensions.k8s.io/v1 CustomResourceDefinition', () => {
    expect(validateKubernetesObject(CRD)).toEqual([]);
  });

  test('is structural: every node has a type, no forbidden keywords', () => {
    expect(structuralErrors(schema, 'openAPIV3Schema', true)).toEqual([]);
  });

  test('the structural check can fail', () => {
    expect(structuralErrors({ type: 'object', properties: { a: { items: { type: 'string' } } } }, 'x', true)).toEqual(['x.a: no type']);
  });

  test('identity: acn.azure.com ContainerNetworkLog v1alpha1, cluster-scoped, status subresource (NOTES §2.2)', () => {
    expect(CRD.metadata.name).toBe('containernetworklogs.acn.azure.com');
    expect(CRD.spec).toMatchObject({
      group: 'acn.azure.com',
      scope: 'Cluster',
      names: { kind: 'ContainerNetworkLog', plural: 'containernetworklogs', singular: 'containernetworklog' },
    });
    expect(CRD.spec.versions.map((v: Obj) => [v.name, v.served, v.storage])).toEqual([['v1alpha1', true, true]]);
    expect(version.subresources).toEqual({ status: {} });
  });

  test('exactly the fields of the notes, nothing invented (NOTES §2.3, §2.4)', () => {
    expect(Object.keys(schema.properties).sort()).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
    expect(Object.keys(schema.properties.spec.properties)).toEqual(['includefilters']);
    expect(schema.properties.spec.required).toEqual(['includefilters']);
    expect(schema.properties.spec.properties.includefilters.minItems).toBe(1);
    expect(Object.keys(filter.properties).sort()).toEqual(['from', 'name', 'protocol', 'to', 'verdict']);
    expect(filter.required).toBeUndefined();
    const withoutDescription = ({ description: _d, ...rest }: Obj) => rest;
    expect(withoutDescription(filter.properties.from)).toEqual(withoutDescription(filter.properties.to));
    expect(Object.keys(filter.properties.from.properties).sort()).toEqual(['ip', 'labelSelector', 'namespacedPod']);
    expect(filter.properties.from.properties.namespacedPod.items.pattern).toBe('^.+$');
    expect(filter.properties.from.properties.labelSelector.properties.matchExpressions.items.properties.operator.enum).toEqual(['In', 'NotIn', 'Exists', 'DoesNotExist']);
    expect(filter.properties.protocol.items.enum).toEqual(['tcp', 'udp', 'dns']);
    expect(filter.properties.verdict.items.enum).toEqual(['forwarded', 'dropped']);
    expect(schema.properties.status.properties).toEqual({
      state: expect.objectContaining({ type: 'string', enum: ['CONFIGURED', 'FAILED'] }),
      timestamp: expect.objectContaining({ type: 'string', format: 'date-time' }),
    });
  });

  const base = () => ({ apiVersion: 'acn.azure.com/v1alpha1', kind: 'ContainerNetworkLog', metadata: { name: 'x' }, spec: { includefilters: [{ verdict: ['dropped'] }] } });
  test.each<[string, (o: any) => void, RegExp]>([
    ['no spec', (o) => delete o.spec, /must have required property 'spec'/],
    ['no includefilters', (o) => (o.spec = {}), /must have required property 'includefilters'/],
    ['empty includefilters', (o) => (o.spec.includefilters = []), /must NOT have fewer than 1 items/],
    ['camel-case includeFilters', (o) => (o.spec = { includeFilters: o.spec.includefilters }), /unknown field \/spec\/includeFilters/],
    ['protocol in upper case', (o) => (o.spec.includefilters[0].protocol = ['TCP']), /protocol\/0 must be equal to one of the allowed values/],
    ['verdict error', (o) => (o.spec.includefilters[0].verdict = ['error']), /verdict\/0 must be equal to one of the allowed values/],
    ['a port field', (o) => (o.spec.includefilters[0].port = [80]), /unknown field \/spec\/includefilters\/0\/port/],
    ['empty namespacedPod value', (o) => (o.spec.includefilters[0].from = { namespacedPod: [''] }), /namespacedPod\/0 must match pattern/],
    ['operator in lower case', (o) => (o.spec.includefilters[0].to = { labelSelector: { matchExpressions: [{ key: 'a', operator: 'in' }] } }), /operator must be equal to one/],
    ['a namespace', (o) => (o.metadata.namespace = 'default'), /namespace/],
    ['status state', (o) => (o.status = { state: 'Configured' }), /status\/state must be equal to one of the allowed values/],
  ])('the CRD rejects %s', (_name, mutate, message) => {
    const o = base();
    expectValid(o);
    mutate(o);
    expect(validateCustomResource(o, CRD_PATH).join('\n')).toMatch(message);
  });

  test('the CRD accepts a status as the operator writes it (NOTES §2.4)', () => {
    expectValid({ ...base(), status: { state: 'CONFIGURED', timestamp: '2025-05-01T11:24:48Z' } });
  });
});

// -------------------------------------------------------------------------------------------------
// Reference examples
// -------------------------------------------------------------------------------------------------

const SAMPLE_PROPS: ContainerNetworkLogProps = { name: 'sample-containernetworklog', filters: [DOC_SAMPLE_FILTER] };

const PETS = ['pets/order-service-', 'pets/product-service-', 'pets/rabbitmq', 'pets/store-front-', 'kube-system/core-dns-'];
const PETS_PROPS: ContainerNetworkLogProps = {
  name: 'testcnl',
  filters: [
    { name: 'egress-filter', from: { namespacedPods: PETS }, protocols: ['tcp', 'udp', 'dns'], verdicts: ['forwarded', 'dropped'] },
    {
      name: 'ingress-filter',
      to: { namespacedPods: ['pets/store-front-', 'pets/order-service-', 'pets/product-service-', 'pets/rabbitmq', 'kube-system/core-dns-'] },
      protocols: ['tcp', 'udp'],
      verdicts: ['forwarded', 'dropped'],
    },
  ],
};

describe('reference examples (aks-docs-examples)', () => {
  test.each<[string, ContainerNetworkLogProps]>([
    ['containernetworklog-1.yaml', SAMPLE_PROPS],
    ['aks-labs-pets-containernetworklog.yaml', PETS_PROPS],
  ])('%s validates against our CRD and renders equal from props', (file, props) => {
    const ref = example(file);
    expectValid(ref);
    const rendered = render(props);
    expectValid(rendered);
    expect(rendered).toEqual({ ...ref, metadata: { ...ref.metadata, labels: COMMON_LABELS } });
  });

  test('the pre-rename RetinaNetworkFlowLog example has the same spec shape, but its kind is not ours', () => {
    const legacy = example('retinanetworkflowlog-legacy-1.yaml');
    expect(legacy.spec).toEqual(example('containernetworklog-1.yaml').spec);
    expect(validateCustomResource(legacy, CRD_PATH).join('\n')).toMatch(/RetinaNetworkFlowLog is not defined by/);
  });
});

// -------------------------------------------------------------------------------------------------
// Rendering
// -------------------------------------------------------------------------------------------------

describe('rendering', () => {
  test('minimal: cluster-scoped, common labels, lower-case includefilters, only what was set', () => {
    const o = render(MIN);
    expectValid(o);
    expect(o).toEqual({
      apiVersion: 'acn.azure.com/v1alpha1',
      kind: 'ContainerNetworkLog',
      metadata: { name: 'drops', labels: { 'app.kubernetes.io/managed-by': 'azure-monitor-k8s' } },
      spec: { includefilters: [{ verdict: ['dropped'] }] },
    });
    expect(o.metadata.namespace).toBeUndefined();
  });

  test('wire names: namespacedPod, labelSelector, ip, protocol, verdict; Exists without values', () => {
    const o = render({
      name: 'dns.logs',
      filters: [
        { to: { labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'Exists' }, { key: 'tier', operator: 'DoesNotExist' }] } }, protocols: ['dns'] },
        { name: 'egress', from: { ips: ['fd00::/8', '10.0.0.0/8'] } },
      ],
    });
    expectValid(o);
    expect(o.spec).toEqual({
      includefilters: [
        { to: { labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'Exists' }, { key: 'tier', operator: 'DoesNotExist' }] } }, protocol: ['dns'] },
        { name: 'egress', from: { ip: ['fd00::/8', '10.0.0.0/8'] } },
      ],
    });
  });

  test('the model does not share arrays with the props', () => {
    const props = { name: 'x', filters: [{ protocols: ['tcp'] }] };
    const o = render(props) as any;
    o.spec.includefilters[0].protocol.push('udp');
    expect(props.filters[0].protocols).toEqual(['tcp']);
  });

  test('random valid props render objects our CRD accepts', () => {
    const label = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
    const endpoint = fc.record(
      {
        namespacedPods: fc.uniqueArray(fc.tuple(label, label).map(([a, b]) => `${a}/${b}-`), { minLength: 1, maxLength: 3 }),
        labelSelector: fc.record({ matchLabels: fc.dictionary(label, label, { minKeys: 1, maxKeys: 3 }) }),
        ips: fc.uniqueArray(fc.ipV4(), { minLength: 1, maxLength: 3 }),
      },
      { requiredKeys: ['ips'] },
    );
    const filterArb = fc.record(
      {
        from: endpoint,
        to: endpoint,
        protocols: fc.subarray(['tcp', 'udp', 'dns'], { minLength: 1 }),
        verdicts: fc.subarray(['forwarded', 'dropped'], { minLength: 1 }),
      },
      { requiredKeys: ['verdicts'] },
    );
    fc.assert(
      fc.property(fc.array(filterArb, { minLength: 1, maxLength: 4 }), (filters) => {
        const named = filters.map((f, i) => ({ name: `f${i}`, ...f }));
        // Equal conditions are rejected on purpose (filterRepeat); skip those draws.
        const keys = named.map(({ name: _n, ...c }) => JSON.stringify(c));
        fc.pre(new Set(keys).size === keys.length);
        expect(validateCustomResource(render({ name: 'random', filters: named }), CRD_PATH)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});

// -------------------------------------------------------------------------------------------------
// IP addresses and CIDRs
// -------------------------------------------------------------------------------------------------

/** ::ffff:0:0/96, per Node's own parser. */
const IPV4_MAPPED = new net.BlockList();
IPV4_MAPPED.addSubnet('::ffff:0:0', 96, 'ipv6');
const ipErr = (ip: string) => caught(() => render({ name: 'x', filters: [{ from: { ips: [ip] } }] }));

describe('IP addresses and CIDRs', () => {
  test.each([
    '0.0.0.0', '255.255.255.255', '10.0.0.1', '::', '::1', 'fd00::1', '2001:db8::8a2e:370:7334', '1:2:3:4:5:6:7:8', 'FD00::AB',
    '1:2:3:4:5:6:7::', '::2:3:4:5:6:7:8', '::1.2.3.4', '64:ff9b::192.0.2.33', '1:2:3:4:5:6:1.2.3.4',
  ])('address %s is accepted (and net.isIP agrees)', (ip) => {
    expect(net.isIP(ip)).not.toBe(0);
    expect(ipErr(ip)).toBeUndefined();
  });

  test.each([
    '010.0.0.1', '1.2.3', '1.2.3.4.5', '256.0.0.1', '1.2.3.-1', ' 10.0.0.1', '10.0.0.1 ', '1::2::3', ':1::2', '1::2:', '1:2:3:4:5:6:7:8:9',
    '1::2:3:4:5:6:7:8', '1:2:3:4:5:6:7:1.2.3.4', '00000::1', 'g::1', '1.2.3.4::', '::1.2.3', 'localhost', '',
  ])('address %j is rejected (and net.isIP agrees)', (ip) => {
    expect(net.isIP(ip)).toBe(0);
    expect(ipErr(ip)).toBeInstanceOf(ValidationError);
  });

  test('the IPv4-mapped oracle works', () => {
    expect([IPV4_MAPPED.check('::ffff:10.0.0.1', 'ipv6'), IPV4_MAPPED.check('0:0:0:0:0:FFFF:a00:1', 'ipv6'), IPV4_MAPPED.check('::10.0.0.1', 'ipv6')]).toEqual([true, true, false]);
  });

  test.each(['fe80::1%eth0', '::ffff:10.0.0.1', '::ffff:a00:1'])('%s is rejected although net.isIP accepts it (zone; IPv4-mapped)', (ip) => {
    expect(net.isIP(ip)).toBe(6);
    expect(ipErr(ip)).toBeInstanceOf(ValidationError);
  });

  test.each(['0.0.0.0/0', '10.0.0.0/8', '10.0.0.1/32', '192.168.128.0/17', '::/0', 'fd00::/8', '2001:db8::/32', '::1/128', '2001:db8:0:0:8000::/65'])(
    'CIDR %s is accepted',
    (cidr) => expect(ipErr(cidr)).toBeUndefined(),
  );

  test('fast-check: every IPv4 and (not IPv4-mapped) IPv6 address fast-check generates is accepted, as an address and as /32 or /128', () => {
    fc.assert(fc.property(fc.ipV4(), (ip) => ipErr(ip) === undefined && ipErr(`${ip}/32`) === undefined), { numRuns: 200 });
    fc.assert(
      fc.property(fc.ipV6().filter((ip) => !IPV4_MAPPED.check(ip, 'ipv6')), (ip) => {
        expect({ ip, err: ipErr(ip), isIP: net.isIP(ip) }).toEqual({ ip, err: undefined, isIP: 6 });
        expect(ipErr(`${ip}/128`)).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});

// -------------------------------------------------------------------------------------------------
// Validation: one row per rule
// -------------------------------------------------------------------------------------------------

/** Every `throw new ValidationError(` of src/model/container-network-logs.ts, by a unique snippet of its source. */
const SITES = {
  // Shared with other models: the site is in check.ts (counted there by validation-errors.test.ts).
  labelKey: { snippet: "'expected a Kubernetes label key:", file: 'check.ts' },
  selectorEmpty: { snippet: "'expected matchLabels and/or matchExpressions" },
  matchLabelsType: { snippet: "'expected an object of label keys to label values'" },
  matchLabelsEmpty: { snippet: "'expected at least one label (leave matchLabels out" },
  matchExpressionsEmpty: { snippet: "'expected a non-empty array of { key, operator" },
  valuesMissing: { snippet: '`expected at least one value for operator' },
  valuesForbidden: { snippet: '`expected no values for operator' },
  namespacedPodFormat: { snippet: '\'expected "namespace/podNamePrefix"' },
  namespacedPodNamespace: { snippet: "'expected a Kubernetes namespace name before" },
  namespacedPodEmptyPrefix: { snippet: "'expected the start of the pod names after" },
  namespacedPodPrefix: { snippet: "'expected a pod name prefix after" },
  ipSyntax: { snippet: "'expected an IPv4 or IPv6 address or CIDR" },
  ipMapped: { snippet: "'expected an IPv4 address in IPv4 form" },
  ipPrefixLength: { snippet: '`expected a prefix length from 0 to' },
  ipHostBits: { snippet: "'expected no address bits set beyond" },
  ipDuplicate: { snippet: '`expected no duplicates in the list (the same addresses' },
  endpointEmpty: { snippet: "'expected at least one of namespacedPods" },
  filterEmpty: { snippet: "'expected at least one of from, to, protocols, verdicts" },
  filtersEmpty: { snippet: "'expected a non-empty array of filters" },
  filterNameDuplicate: { snippet: '`expected a name not used by' },
  filterRepeat: { snippet: '`expected conditions different from' },
} satisfies Record<string, { snippet: string; file?: string }>;
type SiteId = keyof typeof SITES;

type Row = RejectedRow<SiteId>;
const row = rejectedRow<SiteId>;
const filt = (...filters: unknown[]): Obj => ({ name: 'x', filters });
const from = (endpoint: Obj): Obj => filt({ from: endpoint });
const sel = (labelSelector: unknown): Obj => from({ labelSelector });
const expr = (e: Obj): Obj => sel({ matchExpressions: [e] });
const pods = (...namespacedPods: unknown[]): Obj => filt({ to: { namespacedPods } });
const ips = (...list: unknown[]): Obj => from({ ips: list });
const F0 = 'filters[0]';

const REJECTED: Row[] = [
  // --- resource ---
  row('props not an object', 'check', 'x', 'props', /^props: got "x"; expected an object$/),
  row('unknown prop, with a suggestion', 'check', { ...MIN, filter: [] }, 'filter', /unknown prop; allowed props: name, filters\. Did you mean "filters"\?$/),
  row('name missing', 'check', { filters: MIN.filters }, 'name', /got undefined; expected a string$/),
  row('name not a DNS subdomain', 'check', { ...MIN, name: 'Flow_Logs' }, 'name', /got "Flow_Logs"; expected a ContainerNetworkLog name \(a DNS subdomain/),
  row('name too long', 'check', { ...MIN, name: 'a'.repeat(254) }, 'name', /expected at most 253 characters \(got 254\)/),
  row('filters missing', 'filtersEmpty', { name: 'x' }, 'filters', /got undefined; expected a non-empty array of filters/),
  row('filters empty', 'filtersEmpty', { name: 'x', filters: [] }, 'filters', /got \[\]; expected a non-empty array of filters \(the resource needs at least one include filter\)$/),
  row('filters not an array', 'filtersEmpty', { name: 'x', filters: { verdicts: ['dropped'] } }, 'filters', /expected a non-empty array of filters/),

  // --- filters ---
  row('filter not an object', 'check', filt('all'), F0, /got "all"; expected an object$/),
  row('filter with no condition', 'filterEmpty', filt({ name: 'all' }), F0,
    /expected at least one of from, to, protocols, verdicts \(a filter without conditions logs every flow of the cluster\)\. To log every flow on purpose, write verdicts: \["forwarded", "dropped"\]$/),
  row('wire name protocol instead of protocols', 'check', filt({ protocol: ['tcp'] }), `${F0}.protocol`, /unknown prop; allowed props of filters\[0\]: .*Did you mean "protocols"\?$/),
  row('filter name invalid', 'check', filt({ name: 'Egress Filter', verdicts: ['dropped'] }), `${F0}.name`, /got "Egress Filter"; expected a filter name/),
  row('filter name too long', 'check', filt({ name: 'f'.repeat(64), verdicts: ['dropped'] }), `${F0}.name`, /expected at most 63 characters/),
  row('filter names repeat', 'filterNameDuplicate', filt({ name: 'a', verdicts: ['dropped'] }, { name: 'a', protocols: ['dns'] }), 'filters[1].name',
    /got "a"; expected a name not used by filters\[0\]$/),
  row('filter conditions repeat (names differ)', 'filterRepeat', filt({ name: 'a', verdicts: ['dropped'] }, { name: 'b', verdicts: ['dropped'] }), 'filters[1]',
    /expected conditions different from filters\[0\] \(filters are ORed: a repeat adds nothing\)$/),
  row('protocol not known', 'check', filt({ protocols: ['icmp'] }), `${F0}.protocols[0]`, /got "icmp"; expected one of "tcp", "udp", "dns"/),
  row('protocol in upper case', 'check', filt({ protocols: ['TCP'] }), `${F0}.protocols[0]`, /got "TCP"; expected one of .*Did you mean "tcp"\?$/),
  row('protocols empty', 'check', filt({ protocols: [] }), `${F0}.protocols`, /expected at least 1 item/),
  row('protocols repeat', 'check', filt({ protocols: ['tcp', 'tcp'] }), `${F0}.protocols[1]`, /expected no duplicates in the list$/),
  row('verdict not known', 'check', filt({ verdicts: ['error'] }), `${F0}.verdicts[0]`, /got "error"; expected one of "forwarded", "dropped"$/),
  row('verdicts repeat', 'check', filt({ verdicts: ['dropped', 'dropped'] }), `${F0}.verdicts[1]`, /expected no duplicates/),

  // --- endpoints ---
  row('endpoint empty', 'endpointEmpty', from({}), `${F0}.from`, /got \{\}; expected at least one of namespacedPods, labelSelector, ips \(leave the endpoint out to match any\)$/),
  row('endpoint wire names', 'check', filt({ to: { ip: ['10.0.0.1'] } }), `${F0}.to.ip`, /unknown prop; .*Did you mean "ips"\?$/),
  row('namespacedPods empty', 'check', pods(), `${F0}.to.namespacedPods`, /expected at least 1 item/),
  row('namespacedPods repeat', 'check', pods('a/b', 'a/b'), `${F0}.to.namespacedPods[1]`, /expected no duplicates/),
  row('namespacedPod without "/"', 'namespacedPodFormat', pods('order-service'), `${F0}.to.namespacedPods[0]`,
    /got "order-service"; expected "namespace\/podNamePrefix": a namespace name, "\/", then the start of the pod names/),
  row('namespacedPod with two "/"', 'namespacedPodFormat', pods('a/b/c'), `${F0}.to.namespacedPods[0]`, /expected "namespace\/podNamePrefix"/),
  row('namespacedPod namespace invalid', 'namespacedPodNamespace', pods('Pets/web'), `${F0}.to.namespacedPods[0]`,
    /got "Pets\/web"; expected a Kubernetes namespace name before "\/"/),
  row('namespacedPod namespace empty', 'namespacedPodNamespace', pods('/web'), `${F0}.to.namespacedPods[0]`, /expected a Kubernetes namespace name/),
  row('namespacedPod namespace too long', 'namespacedPodNamespace', pods(`${'n'.repeat(64)}/web`), `${F0}.to.namespacedPods[0]`, /at most 63/),
  row('namespacedPod whole namespace', 'namespacedPodEmptyPrefix', pods('pets/'), `${F0}.to.namespacedPods[0]`,
    /got "pets\/"; expected the start of the pod names after "\/"\. To select a whole namespace, use labelSelector: \{ matchLabels: \{ "k8s\.io\/namespace": "pets" \} \}/),
  row('namespacedPod prefix invalid', 'namespacedPodPrefix', pods('pets/Web'), `${F0}.to.namespacedPods[0]`, /got "pets\/Web"; expected a pod name prefix after "\/"/),
  row('namespacedPod prefix starts with "-"', 'namespacedPodPrefix', pods('pets/-web'), `${F0}.to.namespacedPods[0]`, /expected a pod name prefix/),
  row('namespacedPod prefix wildcard', 'namespacedPodPrefix', pods('pets/web*'), `${F0}.to.namespacedPods[0]`, /expected a pod name prefix/),
  row('namespacedPod prefix too long', 'namespacedPodPrefix', pods(`pets/${'p'.repeat(254)}`), `${F0}.to.namespacedPods[0]`, /at most 253/),

  // --- label selectors ---
  row('labelSelector empty', 'selectorEmpty', sel({}), `${F0}.from.labelSelector`, /got \{\}; expected matchLabels and\/or matchExpressions \(an empty selector selects everything/),
  row('labelSelector unknown prop', 'check', sel({ matchLabel: { a: 'b' } }), `${F0}.from.labelSelector.matchLabel`, /Did you mean "matchLabels"\?$/),
  row('matchLabels not an object', 'matchLabelsType', sel({ matchLabels: ['app'] }), `${F0}.from.labelSelector.matchLabels`, /expected an object of label keys to label values$/),
  row('matchLabels empty', 'matchLabelsEmpty', sel({ matchLabels: {} }), `${F0}.from.labelSelector.matchLabels`, /got \{\}; expected at least one label/),
  row('label key invalid', 'labelKey', sel({ matchLabels: { 'app name': 'x' } }), `${F0}.from.labelSelector.matchLabels["app name"]`, /got "app name"; expected a Kubernetes label key/),
  row('label key prefix invalid', 'labelKey', sel({ matchLabels: { 'K8s.io/namespace': 'x' } }), `${F0}.from.labelSelector.matchLabels["K8s.io/namespace"]`, /expected a Kubernetes label key/),
  row('label key name too long', 'labelKey', sel({ matchLabels: { ['k'.repeat(64)]: 'x' } }), `${F0}.from.labelSelector.matchLabels["${'k'.repeat(64)}"]`, /label key/),
  row('label value invalid', 'check', sel({ matchLabels: { app: 'a b' } }), `${F0}.from.labelSelector.matchLabels["app"]`, /got "a b"; expected a Kubernetes label value/),
  row('label value too long', 'check', sel({ matchLabels: { app: 'v'.repeat(64) } }), `${F0}.from.labelSelector.matchLabels["app"]`, /expected at most 63 characters/),
  row('label value not a string', 'check', sel({ matchLabels: { app: 1 } }), `${F0}.from.labelSelector.matchLabels["app"]`, /got 1; expected a string$/),
  row('matchExpressions empty', 'matchExpressionsEmpty', sel({ matchExpressions: [] }), `${F0}.from.labelSelector.matchExpressions`, /got \[\]; expected a non-empty array of \{ key, operator, values\? \}/),
  row('matchExpressions key invalid', 'labelKey', expr({ key: '-tier', operator: 'Exists' }), `${F0}.from.labelSelector.matchExpressions[0].key`, /got "-tier"; expected a Kubernetes label key/),
  row('operator unknown', 'check', expr({ key: 'tier', operator: 'in', values: ['a'] }), `${F0}.from.labelSelector.matchExpressions[0].operator`, /got "in"; expected one of "In", "NotIn", "Exists", "DoesNotExist"\. Did you mean "In"\?$/),
  row('In without values', 'valuesMissing', expr({ key: 'tier', operator: 'In' }), `${F0}.from.labelSelector.matchExpressions[0].values`, /got undefined; expected at least one value for operator In$/),
  row('NotIn with empty values', 'check', expr({ key: 'tier', operator: 'NotIn', values: [] }), `${F0}.from.labelSelector.matchExpressions[0].values`, /expected at least 1 item/),
  row('Exists with values', 'valuesForbidden', expr({ key: 'tier', operator: 'Exists', values: ['a'] }), `${F0}.from.labelSelector.matchExpressions[0].values`, /got \["a"\]; expected no values for operator Exists$/),
  row('DoesNotExist with empty values', 'valuesForbidden', expr({ key: 'tier', operator: 'DoesNotExist', values: [] }), `${F0}.from.labelSelector.matchExpressions[0].values`, /expected no values for operator DoesNotExist$/),
  row('values repeat', 'check', expr({ key: 'tier', operator: 'In', values: ['a', 'a'] }), `${F0}.from.labelSelector.matchExpressions[0].values[1]`, /expected no duplicates/),
  row('values not label values', 'check', expr({ key: 'tier', operator: 'In', values: ['a/b'] }), `${F0}.from.labelSelector.matchExpressions[0].values[0]`, /expected a Kubernetes label value/),

  // --- IPs ---
  row('ips empty', 'check', ips(), `${F0}.from.ips`, /expected at least 1 item/),
  row('ip not a string', 'check', ips(10), `${F0}.from.ips[0]`, /got 10; expected a string$/),
  row('ip with leading zeros', 'ipSyntax', ips('10.0.0.01'), `${F0}.from.ips[0]`,
    /got "10\.0\.0\.01"; expected an IPv4 or IPv6 address or CIDR, such as "10\.0\.0\.1", "10\.0\.0\.0\/8", "fd00::1" or "fd00::\/8" \(no leading zeros, no zone\)$/),
  row('ip with a zone', 'ipSyntax', ips('fe80::1%eth0'), `${F0}.from.ips[0]`, /expected an IPv4 or IPv6 address or CIDR/),
  row('ip range', 'ipSyntax', ips('10.0.0.1-10.0.0.9'), `${F0}.from.ips[0]`, /expected an IPv4 or IPv6 address or CIDR/),
  row('ip host name', 'ipSyntax', ips('db.example.com'), `${F0}.from.ips[0]`, /expected an IPv4 or IPv6 address or CIDR/),
  row('IPv4-mapped IPv6', 'ipMapped', ips('::ffff:10.0.0.1'), `${F0}.from.ips[0]`, /expected an IPv4 address in IPv4 form, not as an IPv4-mapped IPv6 address/),
  row('IPv4-mapped IPv6 CIDR', 'ipMapped', ips('::ffff:0:0/96'), `${F0}.from.ips[0]`, /IPv4-mapped/),
  row('IPv4 prefix above 32', 'ipPrefixLength', ips('10.0.0.0/33'), `${F0}.from.ips[0]`, /got "10\.0\.0\.0\/33"; expected a prefix length from 0 to 32 \(plain decimal\) after "\/" of an IPv4 CIDR$/),
  row('IPv6 prefix above 128', 'ipPrefixLength', ips('fd00::/129'), `${F0}.from.ips[0]`, /expected a prefix length from 0 to 128 .* IPv6 CIDR$/),
  row('prefix with a leading zero', 'ipPrefixLength', ips('10.0.0.0/08'), `${F0}.from.ips[0]`, /expected a prefix length from 0 to 32/),
  row('prefix empty', 'ipPrefixLength', ips('10.0.0.0/'), `${F0}.from.ips[0]`, /expected a prefix length/),
  row('prefix negative', 'ipPrefixLength', ips('10.0.0.0/-1'), `${F0}.from.ips[0]`, /expected a prefix length/),
  row('two prefixes', 'ipPrefixLength', ips('10.0.0.0/8/8'), `${F0}.from.ips[0]`, /expected a prefix length/),
  row('IPv4 host bits set', 'ipHostBits', ips('10.0.0.1/8'), `${F0}.from.ips[0]`,
    /got "10\.0\.0\.1\/8"; expected no address bits set beyond the prefix length\. Did you mean "10\.0\.0\.0\/8" \(the network\) or "10\.0\.0\.1" \(the one address\)\?$/),
  row('IPv4 host bits set within an octet', 'ipHostBits', ips('192.168.129.0/17'), `${F0}.from.ips[0]`, /Did you mean "192\.168\.128\.0\/17"/),
  row('IPv6 host bits set', 'ipHostBits', ips('2001:db8::1/64'), `${F0}.from.ips[0]`, /Did you mean "2001:db8::\/64" \(the network\) or "2001:db8::1" \(the one address\)\?$/),
  row('IPv6 host bits, no zero run to compress', 'ipHostBits', ips('1:2:3:4:5:6:7:8/120'), `${F0}.from.ips[0]`, /Did you mean "1:2:3:4:5:6:7:0\/120"/),
  row('ips repeat', 'ipDuplicate', ips('10.0.0.1', '10.0.0.1'), `${F0}.from.ips[1]`, /got "10\.0\.0\.1"; expected no duplicates in the list \(the same addresses as filters\[0\]\.from\.ips\[0\]\)$/),
  row('ips repeat in another spelling', 'ipDuplicate', ips('fd00::1', 'FD00:0::1'), `${F0}.from.ips[1]`,
    /got "FD00:0::1"; expected no duplicates in the list \(the same addresses as filters\[0\]\.from\.ips\[0\]\)$/),
  row('an address and its /32', 'ipDuplicate', ips('10.0.0.0/8', '10.0.0.1', '10.0.0.1/32'), `${F0}.from.ips[2]`, /the same addresses as filters\[0\]\.from\.ips\[1\]/),
];

const ACCEPTED: Array<[string, unknown]> = [
  ['undefined optional props are absent props', { name: 'x', filters: [{ name: undefined, from: { ips: ['10.0.0.1'], labelSelector: undefined }, verdicts: ['dropped'] }] }],
  ['a filter name may repeat across resources, unnamed filters may be many', filt({ verdicts: ['dropped'] }, { protocols: ['dns'] })],
  ['protocols in another order are a different filter', filt({ protocols: ['tcp', 'udp'] }, { protocols: ['udp', 'tcp'] })],
  ['a label key with prefix, an empty label value', sel({ matchLabels: { 'k8s.io/namespace': 'pets', 'tier': '' } })],
  ['a pod prefix ending in "." or "-" and a 63-character namespace', pods(`${'n'.repeat(63)}/web.`, 'pets/web-')],
  ['a /0 and a /32', ips('0.0.0.0/0', '10.0.0.1/32')],
  ['an IPv4-compatible IPv6 address (not mapped)', ips('::10.0.0.1')],
];

describe('validation errors', () => {
  testRejectedRows(REJECTED, (r) => render(r.props));

  test.each(ACCEPTED)('accepted: %s', (_name, props) => {
    expectValid(render(props));
  });

  test('the path prefix given by the caller leads every error path', () => {
    const e = caught(() => resolveContainerNetworkLog('networkObservability.containerNetworkLogs[1]', ips('10.0.0.1/8'))) as ValidationError;
    expect(e.path).toBe('networkObservability.containerNetworkLogs[1].filters[0].from.ips[0]');
    const u = caught(() => resolveContainerNetworkLog('networkObservability.containerNetworkLogs[1]', { ...MIN, port: 80 })) as ValidationError;
    expect(u.path).toBe('networkObservability.containerNetworkLogs[1].port');
  });

  test('renderContainerNetworkLog renders a resolved model', () => {
    expect(renderContainerNetworkLog(resolveContainerNetworkLog('x', MIN))).toEqual(render(MIN));
  });

  testUniqueRowNames([...REJECTED.map((r) => r.name), ...ACCEPTED.map(([n]) => n)]);
});

describe('every throw site of src/model/container-network-logs.ts has a row', () => {

  testThrowSiteRegistry('container-network-logs.ts', SITES, REJECTED.map((r) => r.site));
});
