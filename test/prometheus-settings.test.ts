/**
 * `kube-system/ama-metrics-settings-configmap` (schema v2): rendered from typed props, read back with a
 * parser written from the agent's documented rules (test/support/ama-settings-parser.ts,
 * NOTES-managed-prometheus §4.2.1), and pinned to the shipped v2 template and the upstream v2 fixtures.
 *
 * - The template-equivalent props render the template's sections, keys, values and lines exactly.
 * - Every key round-trips (explicit tables, then a seeded random walk over the props).
 * - Defaults per distribution (AKS, AKS with Windows nodes, Arc distributions).
 * - Every validation rule has an error-message row, and every `throw new ValidationError(` of the
 *   model is covered by a row (same registry technique as validation-errors.test.ts).
 * - Keep lists and the namespace regex go through the shared RE2 checker (its promtool-checked tables are
 *   in test/re2.test.ts); it accepts the product's own minimal-ingestion regexes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import {
  DEFAULT_V2_SECTION,
  Entries,
  ParsedSettings,
  parseLine,
  parseSettingsData,
  parseV1File,
  parseV2File,
  schemaOf,
  sectionsToObject,
  v2Value,
} from './support/ama-settings-parser';
import { caught } from './support/caught';
import { expectValidKubernetesObjects } from './support/k8s-schema';
import { REFERENCE_DIR } from './support/reference';
import { ValidationError } from '../src/errors';
import { testThrowSiteRegistry, testUniqueRowNames } from './support/throw-sites';
import { ClusterProps, resolveCluster } from '../src/model/cluster';
import { DISTRIBUTIONS, profileOf } from '../src/model/distribution';
import {
  CONTROL_PLANE_MINIMAL_KEEP_REGEX,
  CONTROL_PLANE_TARGET_KEYS,
  ControlPlaneTargetKey,
  DEFAULT_TARGET_KEYS,
  DefaultTargetKey,
  DefaultTargetsProps,
  KSM_RESOURCES,
  KeepListKey,
  MINIMAL_KEEP_REGEX,
  PrometheusSettingsModel,
  PrometheusSettingsProps,
  effectiveKeepRegex,
  hasWindowsMetricsAgent,
  normalizeClusterAlias,
  resolvePrometheusSettings,
  targetPropName,
} from '../src/model/prometheus-settings';
import { checkRe2 } from '../src/model/re2';
import { SECTION_ORDERS, renderPrometheusSettingsConfigMap } from '../src/render/prometheus-settings-configmap';

// -------------------------------------------------------------------------------------------------
// Fixtures and helpers
// -------------------------------------------------------------------------------------------------

const MP = path.join(REFERENCE_DIR, 'managed-prometheus');
const TEMPLATE_V2 = path.join(MP, 'configmaps/ama-metrics-settings-configmap.yaml');
const TEMPLATE_V1 = path.join(MP, 'configmaps/ama-metrics-settings-configmap-v1.yaml');
const FIXTURE_BASIC_AUTH = path.join(MP, 'configmaps/examples/ama-metrics-settings-configmap-basic-auth-v2.yaml');
const FIXTURE_PARTIAL = path.join(MP, 'configmaps/examples/ama-metrics-settings-configmap-partial-no-pcs-v2.yaml');
const MINIMAL_LISTS = path.join(MP, 'rules/minimal-ingestion-keep-lists.derived.yaml');

const PATH = 'managedPrometheus.settings';
const CM = 'cluster-metrics';
const CP = 'controlplane-metrics';
const PCS = 'prometheus-collector-settings';
const ENABLED = 'default-targets-scrape-enabled';
const KEEP = 'default-targets-metrics-keep-list';
const INTERVALS = 'default-targets-scrape-interval-settings';
const MINIMAL = 'minimal-ingestion-profile';
const PODS = 'pod-annotation-based-scraping';

const AKS: ClusterProps = { name: 'aks-prod-weu', region: 'westeurope', distribution: 'aks' };
const AKS_WIN: ClusterProps = { ...AKS, nodes: { windows: true } };
const ARC_WIN: ClusterProps = { name: 'arc1', region: 'westeurope', distribution: 'generic', nodes: { windows: true } };
const K3S: ClusterProps = { name: 'k3s1', region: 'westeurope', distribution: 'k3s' };
const OPENSHIFT: ClusterProps = { name: 'ocp1', region: 'westeurope', distribution: 'openshift' };

function model(props: unknown, cluster: ClusterProps = AKS): PrometheusSettingsModel {
  return resolvePrometheusSettings(PATH, props, resolveCluster('cluster', cluster));
}

function dataOf(props: unknown, cluster: ClusterProps = AKS): Record<string, string> {
  return renderPrometheusSettingsConfigMap(model(props, cluster)).data as Record<string, string>;
}

function parsed(props: unknown, cluster: ClusterProps = AKS): ParsedSettings {
  return parseSettingsData(dataOf(props, cluster));
}

function readYaml(file: string): { data: Record<string, string>; metadata: { name: string; namespace: string } } {
  return parseYaml(fs.readFileSync(file, 'utf8'));
}

/** The entries of one section as an object (values as the agent sees them). */
function sectionObject(p: ParsedSettings, file: string, section: string): Record<string, string> {
  return Object.fromEntries(p.v2.get(file)?.get(section) ?? []);
}


const KEEP_KEYS: readonly KeepListKey[] = SECTION_ORDERS.KEEP_LIST_ORDER;

// -------------------------------------------------------------------------------------------------
// The parser itself (documented rules, §4.2.1)
// -------------------------------------------------------------------------------------------------

describe('ama-settings-parser follows the documented line rules', () => {
  test('split at the first "=", trim, strip one pair of double quotes, keep single quotes, no unescaping', () => {
    expect(parseLine('  a = "x=y"  ')).toEqual(['a', 'x=y']);
    expect(parseLine('a="""')).toEqual(['a', '"']);
    expect(parseLine('a = \'x\'')).toEqual(['a', '\'x\'']);
    expect(parseLine('a = "x\\"y"')).toEqual(['a', 'x\\"y']);
    expect(parseLine('a = ""')).toEqual(['a', '']);
    expect(parseLine('a = "')).toEqual(['a', '"']);
    expect(parseLine('# a = b')).toBeUndefined();
    expect(parseLine('   ')).toBeUndefined();
    expect(parseLine('no equals sign')).toBeUndefined();
  });

  test('v2: headers end with exactly ": |-"; entries before any header go to prometheus-collector-settings', () => {
    const s = parseV2File(['x = 1', 'sec: |-', '  a = true', '  # c = 3', '', 'other: | -', 'b = "2"', 'sec2: |-  ', 'c = 3'].join('\n'));
    expect(sectionsToObject(s)).toEqual({
      [DEFAULT_V2_SECTION]: [['x', '1']],
      sec: [['a', 'true'], ['b', '2']], // "other: | -" is no header and has no "=": skipped
      sec2: [['c', '3']], // the line is trimmed before the test
    });
  });

  test('v1: one flat file', () => {
    expect(parseV1File('a = 1\n# b = 2\nminimalingestionprofile = true')).toEqual([['a', '1'], ['minimalingestionprofile', 'true']]);
  });

  test('schema-version: trimmed, spaces removed, 10 characters; missing means v1; others are invalid', () => {
    expect(schemaOf({})).toBe('v1');
    expect(schemaOf({ 'schema-version': '  ' })).toBe('v1');
    expect(schemaOf({ 'schema-version': ' v 2 ' })).toBe('v2');
    expect(schemaOf({ 'schema-version': 'v3' })).toBe('invalid');
    expect(parseSettingsData({ 'schema-version': 'v2', 'config-version': ' ver 12345678901 ' }).configVersion).toBe('ver1234567');
    expect(parseSettingsData({ 'schema-version': 'v2' }).configVersion).toBe('ver1');
  });

  test('v2 reads only cluster-metrics, prometheus-collector-settings (and controlplane-metrics for the AKS plugin)', () => {
    const p = parseSettingsData({ 'schema-version': 'v2', 'debug-mode': 'enabled = true', 'cluster-metrics': 'minimal-ingestion-profile: |-\n  enabled = false' });
    expect([...p.v2.keys()]).toEqual([CM]);
    expect(v2Value(p, CM, MINIMAL, 'enabled')).toBe('false');
  });

  test('the shipped v1 template parses as v1 (the parser is not v2-only)', () => {
    const p = parseSettingsData(readYaml(TEMPLATE_V1).data);
    expect(p.schema).toBe('v1');
    expect(Object.fromEntries(p.v1.get('default-targets-metrics-keep-list')!)).toMatchObject({ minimalingestionprofile: 'true', kubelet: '' });
  });
});

// -------------------------------------------------------------------------------------------------
// Layout pinned to the shipped template and fixtures
// -------------------------------------------------------------------------------------------------

describe('layout pinned to the shipped v2 template', () => {
  const template = readYaml(TEMPLATE_V2);
  /** The props that reproduce the template: its four targets that differ from the agent's defaults, and its config-version. */
  const TEMPLATE_PROPS: PrometheusSettingsProps = { configVersion: 'ver1', targets: { coredns: true, kubeproxy: true } };
  const ours = renderPrometheusSettingsConfigMap(model(TEMPLATE_PROPS, AKS_WIN));
  const data = ours.data as Record<string, string>;

  test('same name, namespace and data keys in the same order', () => {
    expect(ours.metadata.name).toBe(template.metadata.name);
    expect(ours.metadata.namespace).toBe(template.metadata.namespace);
    expect(Object.keys(data)).toEqual(Object.keys(template.data));
    expect(data['schema-version']).toBe('v2');
    expect(data['schema-version']).toBe(template.data['schema-version']);
  });

  test('same sections, keys and values, in the same order, as the agent reads them', () => {
    const theirs = parseSettingsData(template.data);
    const mine = parseSettingsData(data);
    expect(mine.schema).toBe('v2');
    expect(mine.configVersion).toBe(theirs.configVersion);
    for (const file of [CM, CP, PCS]) {
      expect({ file, sections: sectionsToObject(mine.v2.get(file)) }).toEqual({ file, sections: sectionsToObject(theirs.v2.get(file)) });
    }
  });

  test('same lines (the template\'s trailing spaces aside): headers "<name>: |-", entries indented by two spaces', () => {
    for (const file of [CM, CP, PCS]) {
      const expected = template.data[file].split('\n').map((l) => l.trimEnd());
      expect({ file, lines: data[file].split('\n') }).toEqual({ file, lines: expected });
    }
  });

  test('the template has no key we do not model, and we write no key it lacks (controlplane-istio aside: not modelled)', () => {
    const t = parseSettingsData(template.data);
    expect(sectionObject(t, CM, ENABLED)).toEqual(Object.fromEntries(DEFAULT_TARGET_KEYS.map((k) => [k, expect.any(String)])));
    expect(Object.keys(sectionObject(t, CM, KEEP)).sort()).toEqual([...KEEP_KEYS].sort());
    expect(Object.keys(sectionObject(t, CM, INTERVALS)).sort()).toEqual([...DEFAULT_TARGET_KEYS, 'podannotations'].sort());
    expect(Object.keys(sectionObject(t, CP, ENABLED))).toEqual([...CONTROL_PLANE_TARGET_KEYS]);
    expect(Object.keys(sectionObject(t, CP, KEEP))).toEqual([...CONTROL_PLANE_TARGET_KEYS]);
  });

  test('the renderer\'s section orders name every key exactly once', () => {
    expect([...SECTION_ORDERS.ENABLED_ORDER].sort()).toEqual([...DEFAULT_TARGET_KEYS].sort());
    expect([...SECTION_ORDERS.INTERVAL_ORDER].sort()).toEqual([...DEFAULT_TARGET_KEYS, 'podannotations'].sort());
    expect([...SECTION_ORDERS.KEEP_LIST_ORDER].sort()).toEqual([...DEFAULT_TARGET_KEYS.filter((k) => k !== 'prometheuscollectorhealth'), 'podannotations'].sort());
    expect([...SECTION_ORDERS.CONTROL_PLANE_ORDER].sort()).toEqual([...CONTROL_PLANE_TARGET_KEYS].sort());
  });
});

describe('upstream v2 fixtures', () => {
  test('basic-auth fixture: every key it sets reads back the same from the equivalent props', () => {
    const fixture = parseSettingsData(readYaml(FIXTURE_BASIC_AUTH).data);
    const mine = parsed({
      configVersion: 'ver1',
      targets: { coredns: true, kubeproxy: true },
      podAnnotations: { namespaceRegex: '.*' },
      controlPlane: { targets: { clusterAutoscaler: true, nodeAutoProvisioning: true, kubeScheduler: true, kubeControllerManager: true } },
      secretsAccessNamespaces: ['basic-auth-test'],
    }, AKS_WIN);
    let compared = 0;
    for (const [file, sections] of fixture.v2) {
      for (const [section, entries] of sections) {
        for (const [key, value] of entries) {
          expect({ file, section, key, value: v2Value(mine, file, section, key) }).toEqual({ file, section, key, value });
          compared++;
        }
      }
    }
    expect(compared).toBe(70); // 54 cluster-metrics + 13 controlplane-metrics + 3 collector settings
  });

  test('partial fixture (no prometheus-collector-settings): the parser treats the file as absent; our Arc rendering agrees on every key but Windows', () => {
    const fixture = parseSettingsData(readYaml(FIXTURE_PARTIAL).data);
    expect([...fixture.v2.keys()]).toEqual([CM]);
    expect(v2Value(fixture, CM, KEEP, 'kubestate')).toBe('kube_persistentvolumeclaim_info|kube_persistentvolume_capacity_bytes');
    expect(v2Value(fixture, CM, INTERVALS, 'kubestate')).toBe('59s');
    // The fixture enables apiserver (not on AKS: managed control plane) and the Windows targets (only on AKS):
    // no distribution allows both, so it is compared with an Arc cluster, and Windows stays off there.
    const mine = parsed({
      targets: { coredns: true, kubeproxy: true, apiserver: true, kubestate: { keepList: 'kube_persistentvolumeclaim_info|kube_persistentvolume_capacity_bytes', scrapeInterval: '59s' } },
    }, ARC_WIN);
    for (const [section, entries] of fixture.v2.get(CM)!) {
      for (const [key, value] of entries) {
        const expected = section === ENABLED && (key === 'windowsexporter' || key === 'windowskubeproxy') ? 'false' : value;
        expect({ section, key, value: v2Value(mine, CM, section, key) }).toEqual({ section, key, value: expected });
      }
    }
  });
});

// -------------------------------------------------------------------------------------------------
// Defaults per distribution
// -------------------------------------------------------------------------------------------------

/** The agent's parser defaults (NOTES §4.2.3), which we write unless the distribution decides. */
const AGENT_DEFAULTS: Record<DefaultTargetKey, string> = {
  'kubelet': 'true',
  'coredns': 'false',
  'cadvisor': 'true',
  'kubeproxy': 'false',
  'apiserver': 'false',
  'kubestate': 'true',
  'nodeexporter': 'true',
  'windowsexporter': 'false',
  'windowskubeproxy': 'false',
  'kappiebasic': 'true',
  'networkobservabilityRetina': 'true',
  'networkobservabilityHubble': 'true',
  'networkobservabilityCilium': 'true',
  'acstor-capacity-provisioner': 'true',
  'acstor-metrics-exporter': 'true',
  'local-csi-driver': 'true',
  'ztunnel': 'false',
  'istio-cni': 'false',
  'dcgmexporter': 'true',
  'prometheuscollectorhealth': 'false',
};

describe('defaults per distribution', () => {
  test('AKS without Windows nodes: the agent defaults, control-plane apiserver and etcd, minimal profile on, 30s, no keep lists', () => {
    const p = parsed(undefined, AKS);
    expect(sectionObject(p, CM, ENABLED)).toEqual(AGENT_DEFAULTS);
    expect(sectionObject(p, CM, PODS)).toEqual({ podannotationnamespaceregex: '' });
    expect(sectionObject(p, CM, KEEP)).toEqual(Object.fromEntries(KEEP_KEYS.map((k) => [k, ''])));
    expect(sectionObject(p, CM, MINIMAL)).toEqual({ enabled: 'true' });
    expect(new Set(Object.values(sectionObject(p, CM, INTERVALS)))).toEqual(new Set(['30s']));
    const cpOn = ['apiserver', 'etcd'];
    expect(sectionObject(p, CP, ENABLED)).toEqual(Object.fromEntries(CONTROL_PLANE_TARGET_KEYS.map((k) => [k, String(cpOn.includes(k))])));
    expect(sectionObject(p, CP, MINIMAL)).toEqual({ enabled: 'true' });
    expect(sectionObject(p, PCS, PCS)).toEqual({ 'cluster_alias': '', 'debug-mode': 'false', 'https_config': 'true', 'secrets_access_namespaces': '' });
    expect(p.configVersion).toBe('ver1'); // not written: the agent's default
    expect(dataOf(undefined, AKS)['config-version']).toBeUndefined();
  });

  test('AKS with Windows nodes: windowsexporter and windowskubeproxy on (the Windows DaemonSet exists)', () => {
    expect(sectionObject(parsed({}, AKS_WIN), CM, ENABLED)).toEqual({ ...AGENT_DEFAULTS, windowsexporter: 'true', windowskubeproxy: 'true' });
  });

  test('an Arc distribution with Windows nodes: Windows targets off (no Windows metrics agent), no controlplane-metrics', () => {
    const data = dataOf({}, ARC_WIN);
    expect(Object.keys(data)).toEqual(['schema-version', CM, PCS]);
    expect(sectionObject(parseSettingsData(data), CM, ENABLED)).toEqual(AGENT_DEFAULTS);
  });

  test.each(DISTRIBUTIONS)('%s: valid ConfigMap; controlplane-metrics exactly with a managed control plane; cluster label = name', (distribution) => {
    const cluster: ClusterProps = { name: 'c1', region: 'westeurope', distribution };
    const m = model(undefined, cluster);
    const cm = renderPrometheusSettingsConfigMap(m);
    expectValidKubernetesObjects([cm]);
    expect(CP in (cm.data as object)).toBe(profileOf(distribution).managedControlPlane);
    expect(m.clusterLabel).toBe('c1');
    expect(sectionObject(parseSettingsData(cm.data as Record<string, string>), CM, ENABLED)).toEqual(AGENT_DEFAULTS);
  });

  test('hasWindowsMetricsAgent reads the onboarding cell: AKS add-on only', () => {
    expect(DISTRIBUTIONS.filter((d) => hasWindowsMetricsAgent(profileOf(d)))).toEqual(['aks']);
  });

  test('a distribution with an in-cluster API server can scrape it', () => {
    expect(v2Value(parsed({ targets: { apiserver: { keepList: 'apiserver_request_total', scrapeInterval: '1m' } } }, OPENSHIFT), CM, ENABLED, 'apiserver')).toBe('true');
  });
});

// -------------------------------------------------------------------------------------------------
// Round trip of every key
// -------------------------------------------------------------------------------------------------

describe('every key round-trips through the agent\'s parser', () => {
  const props = Object.keys(AGENT_DEFAULTS).map((k) => targetPropName(k as DefaultTargetKey));

  test.each(props.filter((p) => p !== 'apiserver'))('targets.%s: on with its own keep list and interval, then off', (prop) => {
    const key = DEFAULT_TARGET_KEYS.find((k) => targetPropName(k) === prop)!;
    const health = key === 'prometheuscollectorhealth';
    const on = parsed({ targets: { [prop]: health ? { enabled: true, scrapeInterval: '17s' } : { enabled: true, keepList: `${prop}_metric_.*`, scrapeInterval: '17s' } } }, AKS_WIN);
    expect(v2Value(on, CM, ENABLED, key)).toBe('true');
    expect(v2Value(on, CM, INTERVALS, key)).toBe('17s');
    expect(v2Value(on, CM, KEEP, key)).toBe(health ? undefined : `${prop}_metric_.*`);
    // No other key moved.
    const others = (o: ParsedSettings, s: string) => Object.entries(sectionObject(o, CM, s)).filter(([k]) => k !== key);
    const base = parsed({}, AKS_WIN);
    expect(others(on, INTERVALS)).toEqual(others(base, INTERVALS));
    expect(others(on, KEEP)).toEqual(others(base, KEEP));
    const off = parsed({ targets: { [prop]: false } }, AKS_WIN);
    expect(v2Value(off, CM, ENABLED, key)).toBe('false');
    expect(others(off, ENABLED)).toEqual(others(base, ENABLED));
  });

  test('the object form switches a target on (coredns and control-plane kube-scheduler are off by default)', () => {
    const p = parsed({ targets: { coredns: { keepList: 'coredns_cache_.*' } }, controlPlane: { targets: { kubeScheduler: { keepList: 'scheduler_.*' } } } });
    expect([v2Value(p, CM, ENABLED, 'coredns'), v2Value(p, CM, KEEP, 'coredns')]).toEqual(['true', 'coredns_cache_.*']);
    expect([v2Value(p, CP, ENABLED, 'kube-scheduler'), v2Value(p, CP, KEEP, 'kube-scheduler')]).toEqual(['true', 'scheduler_.*']);
    expect(v2Value(parsed({ targets: { kubelet: { enabled: false } } }), CM, ENABLED, 'kubelet')).toBe('false');
  });

  test('targets.apiserver round-trips where it exists (OpenShift), and false is accepted on AKS', () => {
    const p = parsed({ targets: { apiserver: { keepList: 'apiserver_.*', scrapeInterval: '2m' } } }, OPENSHIFT);
    expect([v2Value(p, CM, ENABLED, 'apiserver'), v2Value(p, CM, KEEP, 'apiserver'), v2Value(p, CM, INTERVALS, 'apiserver')]).toEqual(['true', 'apiserver_.*', '2m']);
    expect(v2Value(parsed({ targets: { apiserver: false } }, AKS), CM, ENABLED, 'apiserver')).toBe('false');
  });

  test('pod annotations, minimal profile, default interval, collector settings, config-version', () => {
    const p = parsed({
      podAnnotations: { namespaces: ['team-a', 'team-b'], keepList: 'http_requests_total', scrapeInterval: '1m' },
      minimalIngestionProfile: false,
      scrapeInterval: '45s',
      clusterAlias: 'Prod WEU #1',
      debugMode: true,
      httpsConfig: false,
      secretsAccessNamespaces: ['apps', 'monitoring'],
      configVersion: 'v-2.1',
    });
    expect(sectionObject(p, CM, PODS)).toEqual({ podannotationnamespaceregex: 'team-a|team-b' });
    expect(v2Value(p, CM, KEEP, 'podannotations')).toBe('http_requests_total');
    expect(v2Value(p, CM, INTERVALS, 'podannotations')).toBe('1m');
    expect(v2Value(p, CM, INTERVALS, 'kubelet')).toBe('45s');
    expect(v2Value(p, CM, INTERVALS, 'prometheuscollectorhealth')).toBe('45s');
    expect(sectionObject(p, CM, MINIMAL)).toEqual({ enabled: 'false' });
    expect(sectionObject(p, PCS, PCS)).toEqual({ 'cluster_alias': 'Prod_WEU_1', 'debug-mode': 'true', 'https_config': 'false', 'secrets_access_namespaces': 'apps,monitoring' });
    expect(p.configVersion).toBe('v-2.1');
    expect(v2Value(parsed({ podAnnotations: { namespaceRegex: '(team|app)-.*' } }), CM, PODS, 'podannotationnamespaceregex')).toBe('(team|app)-.*');
  });

  test('control-plane targets: every key on and off, keep lists, minimal profile', () => {
    const on = Object.fromEntries(['apiserver', 'clusterAutoscaler', 'nodeAutoProvisioning', 'kubeScheduler', 'kubeControllerManager', 'etcd', 'istio']
      .map((prop) => [prop, { enabled: true, keepList: `${prop}_x` }]));
    const p = parsed({ controlPlane: { targets: on, minimalIngestionProfile: false } });
    expect(sectionObject(p, CP, ENABLED)).toEqual(Object.fromEntries(CONTROL_PLANE_TARGET_KEYS.map((k) => [k, 'true'])));
    expect(Object.values(sectionObject(p, CP, KEEP))).toEqual(Object.keys(on).map((prop) => `${prop}_x`));
    expect(sectionObject(p, CP, MINIMAL)).toEqual({ enabled: 'false' });
    const off = parsed({ controlPlane: { targets: Object.fromEntries(Object.keys(on).map((prop) => [prop, false])) } });
    expect(sectionObject(off, CP, ENABLED)).toEqual(Object.fromEntries(CONTROL_PLANE_TARGET_KEYS.map((k) => [k, 'false'])));
  });

  test('ksm-config is the YAML kube-state-metrics reads (labels_allow_list, annotations_allow_list)', () => {
    const data = dataOf({ ksmConfig: { labelsAllowList: { pods: ['app', 'app.kubernetes.io/name'], namespaces: ['*'] }, annotationsAllowList: { deployments: ['team'] } } });
    expect(parseYaml(data['ksm-config'])).toEqual({
      labels_allow_list: { pods: ['app', 'app.kubernetes.io/name'], namespaces: ['*'] },
      annotations_allow_list: { deployments: ['team'] },
    });
    expect(Object.keys(data).pop()).toBe('ksm-config');
    // Not parsed by the v2 agent (KSM reads the file itself).
    expect([...parseSettingsData(data).v2.keys()]).not.toContain('ksm-config');
  });

  /** A small deterministic PRNG (Park-Miller, exact in doubles) so the walk is reproducible. */
  function rng(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a * 48271) % 2147483647;
      return a / 2147483647;
    };
  }

  test('seeded random walk: 300 prop sets, every value of every section reads back as the model holds it', () => {
    const next = rng(42);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
    const REGEXES = ['kube_pod_.*', 'a|b', '(?i)node_cpu_.+', 'x{2,3}', '[[:alpha:]_]+', 'up', 'foo\\.bar'];
    const INTERVAL_POOL = ['15s', '30s', '1m', '1m30s', '2h', '500ms', '1d'];
    const clusters = [AKS, AKS_WIN, ARC_WIN, K3S, OPENSHIFT];
    /** A random setting of one target: absent, false, true, or an object with a keep list and interval. */
    const randomTarget = (key: DefaultTargetKey, available: boolean): unknown => {
      const r = next();
      if (r < 0.3) return undefined;
      if (r < 0.45 || !available) return false;
      if (r < 0.6) return true;
      return key === 'prometheuscollectorhealth'
        ? { scrapeInterval: pick(INTERVAL_POOL) }
        : { keepList: pick(REGEXES), scrapeInterval: pick(INTERVAL_POOL) };
    };
    for (let n = 0; n < 300; n++) {
      const resolved = resolveCluster('cluster', pick(clusters));
      const windowsOk = resolved.windowsNodes && hasWindowsMetricsAgent(resolved.profile);
      const targets: Record<string, unknown> = {};
      for (const key of DEFAULT_TARGET_KEYS) {
        const missing = (key === 'coredns' || key === 'kubeproxy') && resolved.profile.missingDefaultTargets[key] !== undefined;
        const available = key === 'apiserver' ? !resolved.profile.managedControlPlane : key.startsWith('windows') ? windowsOk : !missing;
        const v = randomTarget(key, available);
        if (v !== undefined) targets[targetPropName(key)] = v;
      }
      const given: Record<string, unknown> = { targets, minimalIngestionProfile: next() < 0.5, debugMode: next() < 0.5, httpsConfig: next() < 0.5 };
      if (next() < 0.5) given.podAnnotations = { namespaceRegex: pick(['.*', 'ns-.*', 'a|b']), keepList: pick(REGEXES), scrapeInterval: pick(INTERVAL_POOL) };
      if (next() < 0.5) given.scrapeInterval = pick(INTERVAL_POOL);
      if (next() < 0.5) given.clusterAlias = pick(['fleet-1', 'a.b.c', 'X']);
      if (resolved.profile.managedControlPlane && next() < 0.7) {
        given.controlPlane = { targets: { etcd: next() < 0.5, kubeScheduler: { keepList: pick(REGEXES) } }, minimalIngestionProfile: next() < 0.5 };
      }
      const m = resolvePrometheusSettings(PATH, given, resolved);
      const p = parseSettingsData(renderPrometheusSettingsConfigMap(m).data as Record<string, string>);
      const keepOf = (k: KeepListKey) => (k === 'podannotations' ? m.podAnnotations.keepList : m.targets[k].keepList);
      const intervalOf = (k: DefaultTargetKey | 'podannotations') => (k === 'podannotations' ? m.podAnnotations.scrapeInterval : m.targets[k].scrapeInterval);
      const expected: Record<string, Record<string, string>> = {
        [ENABLED]: Object.fromEntries(DEFAULT_TARGET_KEYS.map((k) => [k, String(m.targets[k].enabled)])),
        [KEEP]: Object.fromEntries(KEEP_KEYS.map((k) => [k, keepOf(k)])),
        [INTERVALS]: Object.fromEntries([...DEFAULT_TARGET_KEYS, 'podannotations' as const].map((k) => [k, intervalOf(k)])),
        [PODS]: { podannotationnamespaceregex: m.podAnnotations.namespaceRegex },
        [MINIMAL]: { enabled: String(m.minimalIngestionProfile) },
      };
      for (const [section, values] of Object.entries(expected)) {
        expect({ n, section, values: sectionObject(p, CM, section) }).toEqual({ n, section, values });
      }
      expect(sectionObject(p, PCS, PCS)).toEqual({
        'cluster_alias': m.clusterAlias,
        'debug-mode': String(m.debugMode),
        'https_config': String(m.httpsConfig),
        'secrets_access_namespaces': '',
      });
      if (m.controlPlane) {
        const cp = m.controlPlane;
        expect(sectionObject(p, CP, ENABLED)).toEqual(Object.fromEntries(CONTROL_PLANE_TARGET_KEYS.map((k) => [k, String(cp.targets[k].enabled)])));
        expect(sectionObject(p, CP, KEEP)).toEqual(Object.fromEntries(CONTROL_PLANE_TARGET_KEYS.map((k) => [k, cp.targets[k].keepList])));
      } else {
        expect(p.v2.has(CP)).toBe(false);
      }
      // And the model holds what was given.
      for (const [prop, v] of Object.entries(targets)) {
        const key = DEFAULT_TARGET_KEYS.find((k) => targetPropName(k) === prop)!;
        const o = (typeof v === 'object' ? v : {}) as { keepList?: string; scrapeInterval?: string };
        expect({ n, key, enabled: m.targets[key].enabled, keepList: m.targets[key].keepList, interval: m.targets[key].scrapeInterval }).toEqual({
          n, key, enabled: v !== false, keepList: o.keepList ?? '', interval: o.scrapeInterval ?? (given.scrapeInterval ?? '30s'),
        });
      }
    }
  });

  test('every line is "<header>: |-" or an indented "key = value" with a quoted string or a bare boolean', () => {
    const data = dataOf({
      targets: { kubestate: { keepList: 'kube_.*_labels|up' } },
      podAnnotations: { namespaceRegex: '.*' },
      clusterAlias: 'x',
      secretsAccessNamespaces: ['a'],
    }, AKS_WIN);
    for (const file of [CM, CP]) {
      for (const line of data[file].split('\n')) {
        expect({ file, line, ok: /^[a-z-]+: \|-$/.test(line) || /^ {2}[A-Za-z-]+ = ("[^"]*"|true|false)$/.test(line) }).toEqual({ file, line, ok: true });
      }
    }
    for (const line of data[PCS].split('\n')) expect({ line, ok: /^[a-z_-]+ = ("[^"]*"|true|false)$/.test(line) }).toEqual({ line, ok: true });
  });
});

// -------------------------------------------------------------------------------------------------
// Cluster alias and effective keep regexes
// -------------------------------------------------------------------------------------------------

describe('cluster label', () => {
  test.each([
    ['prod-weu', 'prod_weu'],
    ['--My  Cluster!!', 'My_Cluster'],
    ['a.b/c', 'a_b_c'],
    ['Plain123', 'Plain123'],
  ])('alias %j → %j (the agent\'s normalisation), also the cluster label', (alias, label) => {
    expect(normalizeClusterAlias(alias)).toBe(label);
    const m = model({ clusterAlias: alias });
    expect([m.clusterAlias, m.clusterLabel]).toEqual([label, label]);
  });

  test('without an alias the label is the cluster name as given (the agent uses the raw last segment of the ARM ID)', () => {
    expect(model({}, { ...AKS, name: 'My-Cluster_1' }).clusterLabel).toBe('My-Cluster_1');
  });
});

describe('effective keep regexes (§4.2.6)', () => {
  test('profile on: "<keep list>|<minimal>", with a leading "|" for an empty keep list; pod annotations get no minimal list', () => {
    const m = model({ targets: { kubestate: { keepList: 'kube_pv_.*' } }, podAnnotations: { namespaceRegex: '.*' } });
    expect(effectiveKeepRegex(m, 'kubestate')).toBe(`kube_pv_.*|${MINIMAL_KEEP_REGEX.kubestate}`);
    expect(effectiveKeepRegex(m, 'kubelet')).toBe(`|${MINIMAL_KEEP_REGEX.kubelet}`);
    expect(effectiveKeepRegex(m, 'podannotations')).toBeUndefined();
  });

  test('profile off: the keep list alone, or no filter', () => {
    const m = model({ minimalIngestionProfile: false, targets: { kubestate: { keepList: 'kube_pv_.*' } }, podAnnotations: { namespaceRegex: '.*', keepList: 'up' } });
    expect(effectiveKeepRegex(m, 'kubestate')).toBe('kube_pv_.*');
    expect(effectiveKeepRegex(m, 'kubelet')).toBeUndefined();
    expect(effectiveKeepRegex(m, 'podannotations')).toBe('up');
  });

  test('every effective regex is valid RE2 and keeps what it should', () => {
    const m = model({ targets: { kubestate: { keepList: 'kube_pv_.*' } } });
    for (const key of KEEP_KEYS) {
      const r = effectiveKeepRegex(m, key);
      if (r !== undefined) expect({ key, problem: problemOf(r) }).toEqual({ key, problem: undefined });
    }
    const anchored = new RegExp(`^(?:${effectiveKeepRegex(m, 'kubestate')})$`); // Prometheus anchors relabel regexes
    expect(['kube_pv_info', 'kube_pod_info', 'kube_node_info'].map((n) => anchored.test(n))).toEqual([true, true, true]);
    expect(anchored.test('go_gc_duration_seconds')).toBe(false);
  });
});

describe('minimal-ingestion data equals the derived reference file', () => {
  const ref = parseYaml(fs.readFileSync(MINIMAL_LISTS, 'utf8')) as {
    addon: Array<{ settingsKey: string; minimalIngestionRegex: string | null }>;
    controlplane: Array<{ goConstant: string; minimalIngestionRegex: string }>;
  };

  test('addon targets (controlplane-istio is not modelled; podannotations and prometheuscollectorhealth have none)', () => {
    const expected = Object.fromEntries(ref.addon
      .filter((r) => r.minimalIngestionRegex !== null && r.settingsKey !== 'controlplane-istio')
      .map((r) => [r.settingsKey, r.minimalIngestionRegex]));
    expect(MINIMAL_KEEP_REGEX).toEqual(expected);
    expect(Object.keys(MINIMAL_KEEP_REGEX).sort()).toEqual(KEEP_KEYS.filter((k) => k !== 'podannotations').sort());
  });

  test('control plane', () => {
    const byConstant: Record<string, ControlPlaneTargetKey> = {
      controlplaneKubeControllerManagerMinMac: 'kube-controller-manager',
      controlplaneKubeSchedulerMinMac: 'kube-scheduler',
      controlplaneApiserverMinMac: 'apiserver',
      controlplaneClusterAutoscalerMinMac: 'cluster-autoscaler',
      controlplaneNodeAutoProvisioningMinMac: 'node-auto-provisioning',
      controlplaneEtcdMinMac: 'etcd',
    };
    const expected = Object.fromEntries(ref.controlplane.map((r) => [byConstant[r.goConstant], r.minimalIngestionRegex]));
    expect(CONTROL_PLANE_MINIMAL_KEEP_REGEX).toEqual(expected);
  });
});

// -------------------------------------------------------------------------------------------------
// Go RE2 syntax
// -------------------------------------------------------------------------------------------------

/** Why the agent (alone) or Prometheus (wrapped) would reject a keep regex, or undefined. */
function problemOf(regex: string): string | undefined {
  const r = checkRe2(regex, { standalone: true });
  return typeof r === 'string' ? r : undefined;
}

describe('Go RE2 check', () => {
  test('accepts every minimal-ingestion regex of the product (real-world RE2)', () => {
    for (const [key, regex] of [...Object.entries(MINIMAL_KEEP_REGEX), ...Object.entries(CONTROL_PLANE_MINIMAL_KEEP_REGEX)]) {
      expect({ key, problem: problemOf(regex!) }).toEqual({ key, problem: undefined });
    }
  });
});

// -------------------------------------------------------------------------------------------------
// Validation errors: one row per rule
// -------------------------------------------------------------------------------------------------

/** Throw sites of src/model/prometheus-settings.ts, by a unique snippet of their source. */
const SITES = {
  settingEscapedQuote: 'expected no \\\\" : the agent does not unescape',
  settingQuoteOrControl: 'expected no double quote, line break or other control character',
  intervalFormat: 'expected a Prometheus duration such as',
  intervalZero: 'expected a duration above zero',
  regexWhitespace: 'expected no whitespace: ${what} contain none',
  regexSyntax: 'expected a Go RE2 regular expression: ${problem}',
  targetShape: 'expected true, false or { ${keys',
  targetOff: 'applies only to a scraped target, and this one has enabled: false',
  targetUnavailable: 'throw new ValidationError(tp, raw, reason)',
  podsBoth: 'expected either namespaces or namespaceRegex, not both',
  podsSingleQuote: 'expected no single quote (the agent strips surrounding quotes',
  podsNeither: 'expected namespaces or namespaceRegex: pod-annotation scraping',
  controlPlaneSelfManaged: 'has a self-managed control plane; the managed control-plane metrics',
  ksmListShape: 'expected a non-empty object of resource',
  ksmResource: 'expected a kube-state-metrics resource the add-on collects',
  ksmStarAndKeys: 'expected either ["*"] (all ${what}s) or a list of keys, not both',
  ksmEmpty: 'expected labelsAllowList or annotationsAllowList',
  aliasEmpty: 'expected at least one letter or digit',
  aliasLong: 'expected at most 1023 characters (the limit of a label value at ingestion)',
} as const;
type SiteId = keyof typeof SITES;

interface Row {
  readonly name: string;
  readonly site: SiteId | 'generic';
  readonly props: unknown;
  readonly cluster?: ClusterProps;
  readonly path: string;
  readonly message: RegExp;
}

const P = PATH;
const t = (targets: DefaultTargetsProps | Record<string, unknown>): unknown => ({ targets });
const REJECTED: Row[] = [
  // value rules
  { name: 'escaped quote in a keep list', site: 'settingEscapedQuote', props: t({ kubelet: { keepList: 'a\\"b' } }), path: `${P}.targets.kubelet.keepList`, message: /does not unescape/ },
  { name: 'quote in an alias', site: 'settingQuoteOrControl', props: { clusterAlias: 'a"b' }, path: `${P}.clusterAlias`, message: /expected no double quote, line break/ },
  { name: 'newline in a keep list', site: 'settingQuoteOrControl', props: t({ kubelet: { keepList: 'a\nb' } }), path: `${P}.targets.kubelet.keepList`, message: /line break/ },
  { name: 'interval not a duration', site: 'intervalFormat', props: { scrapeInterval: '30 s' }, path: `${P}.scrapeInterval`, message: /Prometheus duration.*falls back to 30s/ },
  { name: 'interval units out of order', site: 'intervalFormat', props: t({ kubelet: { scrapeInterval: '30s1m' } }), path: `${P}.targets.kubelet.scrapeInterval`, message: /in that order/ },
  { name: 'interval zero', site: 'intervalZero', props: t({ kubestate: { scrapeInterval: '0s' } }), path: `${P}.targets.kubestate.scrapeInterval`, message: /above zero/ },
  { name: 'interval "0"', site: 'intervalZero', props: { scrapeInterval: '0' }, path: `${P}.scrapeInterval`, message: /above zero/ },
  { name: 'interval empty', site: 'generic', props: { scrapeInterval: '' }, path: `${P}.scrapeInterval`, message: /at least 1 character/ },
  { name: 'whitespace in a keep list', site: 'regexWhitespace', props: t({ kubelet: { keepList: 'a | b' } }), path: `${P}.targets.kubelet.keepList`, message: /no whitespace: metric names contain none/ },
  { name: 'lookahead in a keep list', site: 'regexSyntax', props: t({ cadvisor: { keepList: '(?!container_).*' } }), path: `${P}.targets.cadvisor.keepList`, message: /Go RE2 regular expression: invalid or unsupported Perl syntax: `\(\?!` \(RE2 has no lookaround assertions\)\. One invalid regex makes the agent ignore every keep list/ },
  { name: 'backreference in a control-plane keep list', site: 'regexSyntax', props: { controlPlane: { targets: { etcd: { keepList: '(a)\\1' } } } }, path: `${P}.controlPlane.targets.etcd.keepList`, message: /no backreferences/ },
  { name: 'keep list the agent cannot compile on its own', site: 'regexSyntax', props: t({ kubelet: { keepList: 'a)|(b' } }), path: `${P}.targets.kubelet.keepList`, message: /regular expression: unexpected \): `a\)\|\(b`/ },
  { name: 'keep list with an unterminated \\Q (fine alone, not in Prometheus)', site: 'regexSyntax', props: t({ kubelet: { keepList: '\\Qkubelet_' } }), path: `${P}.targets.kubelet.keepList`, message: /missing closing \).*a \\Q without \\E/ },
  { name: 'invalid namespace regex', site: 'regexSyntax', props: { podAnnotations: { namespaceRegex: '(team' } }, path: `${P}.podAnnotations.namespaceRegex`, message: /Go RE2/ },
  { name: 'whitespace in a namespace regex', site: 'regexWhitespace', props: { podAnnotations: { namespaceRegex: 'a b' } }, path: `${P}.podAnnotations.namespaceRegex`, message: /namespace names contain none/ },
  { name: 'empty keep list', site: 'generic', props: t({ kubelet: { keepList: '' } }), path: `${P}.targets.kubelet.keepList`, message: /at least 1 character/ },
  // targets
  { name: 'target not boolean or object', site: 'targetShape', props: t({ kubelet: 'yes' }), path: `${P}.targets.kubelet`, message: /expected true, false or \{ enabled\?, keepList\?, scrapeInterval\? \}/ },
  { name: 'health target has no keep list', site: 'generic', props: t({ prometheuscollectorhealth: { keepList: 'up' } }), path: `${P}.targets.prometheuscollectorhealth.keepList`, message: /unknown prop; allowed props.*enabled, scrapeInterval$/ },
  { name: 'unknown target (agent spelling of a hyphenated key)', site: 'generic', props: t({ 'local-csi-driver': true }), path: `${P}.targets.local-csi-driver`, message: /unknown prop/ },
  { name: 'keep list on a target switched off', site: 'targetOff', props: t({ coredns: { enabled: false, keepList: 'coredns_.*' } }), path: `${P}.targets.coredns.keepList`, message: /this one has enabled: false; remove one of them/ },
  { name: 'interval on a target switched off', site: 'targetOff', props: t({ kubelet: { enabled: false, scrapeInterval: '1m' } }), path: `${P}.targets.kubelet.scrapeInterval`, message: /enabled: false/ },
  { name: 'control-plane keep list on a target switched off', site: 'targetOff', props: { controlPlane: { targets: { kubeScheduler: { enabled: false, keepList: 'x' } } } }, path: `${P}.controlPlane.targets.kubeScheduler.keepList`, message: /enabled: false/ },
  { name: 'enabled not boolean', site: 'generic', props: t({ kubelet: { enabled: 'yes' } }), path: `${P}.targets.kubelet.enabled`, message: /expected true or false/ },
  { name: 'apiserver on AKS', site: 'targetUnavailable', props: t({ apiserver: true }), path: `${P}.targets.apiserver`, message: /managed control plane.*use controlPlane\.targets\.apiserver/ },
  { name: 'apiserver object on AKS', site: 'targetUnavailable', props: t({ apiserver: { keepList: 'x' } }), path: `${P}.targets.apiserver`, message: /controlPlane\.targets\.apiserver/ },
  { name: 'Windows target without Windows nodes', site: 'targetUnavailable', props: t({ windowsexporter: true }), path: `${P}.targets.windowsexporter`, message: /no Windows nodes \(cluster\.nodes\.windows\)/ },
  { name: 'Windows target on Arc', site: 'targetUnavailable', props: t({ windowskubeproxy: { keepList: 'x' } }), cluster: ARC_WIN, path: `${P}.targets.windowskubeproxy`, message: /no Windows metrics agent.*custom scrape job/ },
  // pod annotations
  { name: 'namespaces and namespaceRegex', site: 'podsBoth', props: { podAnnotations: { namespaces: ['a'], namespaceRegex: 'a' } }, path: `${P}.podAnnotations.namespaceRegex`, message: /either namespaces or namespaceRegex/ },
  { name: 'single quote in a namespace regex', site: 'podsSingleQuote', props: { podAnnotations: { namespaceRegex: '\'a\'' } }, path: `${P}.podAnnotations.namespaceRegex`, message: /no single quote/ },
  { name: 'pod annotations without namespaces', site: 'podsNeither', props: { podAnnotations: { keepList: 'up' } }, path: `${P}.podAnnotations`, message: /on exactly when a namespace regex is set/ },
  { name: 'invalid namespace', site: 'generic', props: { podAnnotations: { namespaces: ['Team_A'] } }, path: `${P}.podAnnotations.namespaces[0]`, message: /Kubernetes namespace name/ },
  { name: 'empty namespaces', site: 'generic', props: { podAnnotations: { namespaces: [] } }, path: `${P}.podAnnotations.namespaces`, message: /at least 1 item/ },
  // control plane
  { name: 'control plane on K3s', site: 'controlPlaneSelfManaged', props: { controlPlane: {} }, cluster: K3S, path: `${P}.controlPlane`, message: /K3s has a self-managed control plane.*Instead use targets\.apiserver for the API server, and custom scrape jobs/ },
  { name: 'control plane on OpenShift', site: 'controlPlaneSelfManaged', props: { controlPlane: { targets: { etcd: true } } }, cluster: OPENSHIFT, path: `${P}.controlPlane`, message: /custom scrape jobs \(ama-metrics-prometheus-config\) for etcd, kube-controller-manager, kube-scheduler/ },
  { name: 'unknown control-plane target', site: 'generic', props: { controlPlane: { targets: { 'kube-scheduler': true } } }, path: `${P}.controlPlane.targets.kube-scheduler`, message: /unknown prop.*Did you mean "kubeScheduler"/ },
  // ksm-config
  { name: 'ksmConfig empty', site: 'ksmEmpty', props: { ksmConfig: {} }, path: `${P}.ksmConfig`, message: /expected labelsAllowList or annotationsAllowList/ },
  { name: 'allow list not an object', site: 'ksmListShape', props: { ksmConfig: { labelsAllowList: ['pods'] } }, path: `${P}.ksmConfig.labelsAllowList`, message: /non-empty object of resource → label keys/ },
  { name: 'allow list empty', site: 'ksmListShape', props: { ksmConfig: { annotationsAllowList: {} } }, path: `${P}.ksmConfig.annotationsAllowList`, message: /non-empty object of resource → annotation keys/ },
  { name: 'unknown KSM resource', site: 'ksmResource', props: { ksmConfig: { labelsAllowList: { pod: ['app'] } } }, path: `${P}.ksmConfig.labelsAllowList.pod`, message: /resource the add-on collects/ },
  { name: 'KSM "*" resource', site: 'ksmResource', props: { ksmConfig: { labelsAllowList: { '*': ['app'] } } }, path: `${P}.ksmConfig.labelsAllowList.*`, message: /List the resources one by one/ },
  { name: '"*" with keys', site: 'ksmStarAndKeys', props: { ksmConfig: { labelsAllowList: { pods: ['*', 'app'] } } }, path: `${P}.ksmConfig.labelsAllowList.pods`, message: /either \["\*"\] \(all labels\) or a list of keys/ },
  { name: 'invalid label key', site: 'generic', props: { ksmConfig: { labelsAllowList: { pods: ['-app'] } } }, path: `${P}.ksmConfig.labelsAllowList.pods[0]`, message: /Kubernetes label key/ },
  { name: 'empty label list', site: 'generic', props: { ksmConfig: { annotationsAllowList: { pods: [] } } }, path: `${P}.ksmConfig.annotationsAllowList.pods`, message: /at least 1 item/ },
  // collector settings and versions
  { name: 'alias without letters or digits', site: 'aliasEmpty', props: { clusterAlias: '-_-' }, path: `${P}.clusterAlias`, message: /at least one letter or digit/ },
  { name: 'alias too long', site: 'aliasLong', props: { clusterAlias: 'a'.repeat(1024) }, path: `${P}.clusterAlias`, message: /got "1024 characters"; expected at most 1023/ },
  { name: 'secrets namespace invalid', site: 'generic', props: { secretsAccessNamespaces: ['a,b'] }, path: `${P}.secretsAccessNamespaces[0]`, message: /Kubernetes namespace name/ },
  { name: 'secrets namespaces empty', site: 'generic', props: { secretsAccessNamespaces: [] }, path: `${P}.secretsAccessNamespaces`, message: /at least 1 item/ },
  { name: 'secrets namespaces duplicated', site: 'generic', props: { secretsAccessNamespaces: ['a', 'a'] }, path: `${P}.secretsAccessNamespaces[1]`, message: /no duplicates/ },
  { name: 'config-version too long', site: 'generic', props: { configVersion: 'v12345678901' }, path: `${P}.configVersion`, message: /at most 10 characters/ },
  { name: 'config-version with space', site: 'generic', props: { configVersion: 'v 1' }, path: `${P}.configVersion`, message: /without whitespace/ },
  { name: 'debugMode not boolean', site: 'generic', props: { debugMode: 'true' }, path: `${P}.debugMode`, message: /expected true or false/ },
  { name: 'unknown prop', site: 'generic', props: { minimalIngestionProfil: true }, path: `${P}.minimalIngestionProfil`, message: /unknown prop.*Did you mean "minimalIngestionProfile"/ },
  { name: 'props not an object', site: 'generic', props: 'all', path: P, message: /expected an object/ },
];

describe('validation errors', () => {
  test.each(REJECTED.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const e = caught(() => model(row.props, row.cluster ?? AKS));
    expect(e).toBeInstanceOf(ValidationError);
    const v = e as ValidationError;
    expect({ path: v.path, message: v.message }).toEqual({ path: row.path, message: expect.stringMatching(row.message) });
  });

  test('valid boundary values are accepted', () => {
    expect(() => model({ configVersion: 'v123456789', clusterAlias: 'a'.repeat(1023), scrapeInterval: '1ms' })).not.toThrow();
    expect(() => model({ targets: { windowsexporter: false, windowskubeproxy: { enabled: false } } }, ARC_WIN)).not.toThrow();
    expect(() => model({ ksmConfig: { labelsAllowList: Object.fromEntries(KSM_RESOURCES.map((r) => [r, ['example.com/team', 'app']])) } })).not.toThrow();
    expect(() => model({ ksmConfig: { annotationsAllowList: { pods: [`${'a'.repeat(63)}.example.com/${'b'.repeat(63)}`] } } })).not.toThrow();
    expect(() => model({ ksmConfig: { annotationsAllowList: { pods: [`x/${'b'.repeat(64)}`] } } })).toThrow(/Kubernetes annotation key/);
  });

  describe('every throw site of the model has a row', () => {

    testThrowSiteRegistry('prometheus-settings.ts', SITES, REJECTED.map((r) => r.site));

    testUniqueRowNames(REJECTED.map((r) => r.name));
  });
});

describe('the ConfigMap is a valid Kubernetes object in every shape', () => {
  test('with every optional key', () => {
    const cm = renderPrometheusSettingsConfigMap(model({
      configVersion: 'v2',
      clusterAlias: 'fleet',
      podAnnotations: { namespaceRegex: '.*' },
      ksmConfig: { labelsAllowList: { pods: ['app'] } },
      secretsAccessNamespaces: ['a', 'b'],
    }, AKS_WIN));
    expectValidKubernetesObjects([cm]);
    expect(cm.metadata).toEqual({ name: 'ama-metrics-settings-configmap', namespace: 'kube-system', labels: { 'app.kubernetes.io/managed-by': 'azure-monitor-k8s' } });
    expect(Object.keys(cm.data as object)).toEqual(['schema-version', 'config-version', CM, CP, PCS, 'ksm-config']);
  });

  test('an unquotable value reaching the renderer is an internal error, not output', () => {
    const m = model({});
    const broken = { ...m, podAnnotations: { ...m.podAnnotations, namespaceRegex: 'a"b' } };
    expect(() => renderPrometheusSettingsConfigMap(broken)).toThrow(/internal: unquotable/);
  });

  test('entries of every section are unique keys (the agent keeps only the last of duplicates)', () => {
    const p = parsed({}, AKS_WIN);
    for (const [file, sections] of p.v2) {
      for (const [section, entries] of sections) {
        const keys = (entries as Entries).map(([k]) => k);
        expect({ file, section, dups: keys.filter((k, i) => keys.indexOf(k) !== i) }).toEqual({ file, section, dups: [] });
      }
    }
  });
});
