import { ValidationError } from '../errors';
import { DNS_SUBDOMAIN, ROOT, checkBoolean, checkEnum, checkInt, checkLabelKey, checkLabelValue, checkNamespaceName, checkProps, checkString, checkStringList, isPlainObject } from './check';
import { checkRe2 } from './re2';

// =================================================================================================
// PodMonitor / ServiceMonitor custom resources of Managed Prometheus (group azmonitoring.coreos.com).
//
// Facts: shared/reference/NOTES-managed-prometheus.md §3 and the CRDs in
// shared/reference/managed-prometheus/crds/ (PC@39583fd: templates/ama-metrics-{pod,service}monitor-crd.yaml).
// The CRD schema is prometheus-operator v0.84.0's with another group; the target allocator (TA) reads
// the CRs with prometheus-operator code (v0.92 libraries, NOTES §3 item 4), which skips a whole
// monitor when one endpoint is invalid (prometheus-operator/prometheus-operator:
// pkg/prometheus/resource_selector.go, checkPodMonitor/checkServiceMonitor and LabelConfigValidator):
// every rule of that check is enforced here too, so a monitor we render is never silently skipped.
// Prometheus' own config validation is the other reference; test/monitors.test.ts runs promtool on
// what we render and on what we reject.
//
// The props are a typed subset of the CRD. Left out on purpose:
//  - fields added after v0.84 (`scrapeNativeHistograms`, `serviceDiscoveryRole`): the structural schema
//    would prune them (NOTES §3 item 4); they get a dedicated error;
//  - `labelLimit`, `labelNameLengthLimit`, `labelValueLengthLimit`: always rendered with the values the
//    product requires (NOTES §3 "Behavioural rules");
//  - `scrapeClass`: prometheus-operator rejects a monitor whose class its Prometheus configuration does
//    not define (validateScrapeClass), and the TA's configuration sets only the monitor selectors
//    (NOTES §1, configuration-reader main.go) — our reading: no class can be valid;
//  - credentials other than Secret key references: literal secrets never go into a manifest; TLS/CA
//    material from ConfigMaps cannot be read (the ClusterRole `ama-metrics-reader` grants no
//    ConfigMaps, NOTES §2.10); file paths (`caFile`, `bearerTokenFile`, ...) and the deprecated
//    `bearerTokenSecret` and PodMonitor `targetPort` have typed replacements;
//  - `oauth2`, `proxyConnectHeader`, `proxyFromEnvironment`, `trackTimestampsStaleness`, native
//    histogram and protocol settings, `attachMetadata`, `selectorMechanism`, `filterRunning`.
// =================================================================================================

/** API version of both kinds (NOTES §3). */
export const MONITOR_API_VERSION = 'azmonitoring.coreos.com/v1';

/**
 * The limits every monitor must carry "so that they are not dropped during processing"
 * (PC@39583fd:otelcollector/customresources/pod-monitor-template.yaml; NOTES §3). They equal the
 * ingestion limits: a target exceeding them fails its whole scrape instead of being ingested partly.
 */
export const MONITOR_LABEL_LIMITS = Object.freeze({ labelLimit: 63, labelNameLengthLimit: 511, labelValueLengthLimit: 1023 });

/** Label put on every rendered object by the library; users may not set it (render/kube.ts COMMON_LABELS). */
const RESERVED_LABEL = 'app.kubernetes.io/managed-by';

// -------------------------------------------------------------------------------------------------
// Props
// -------------------------------------------------------------------------------------------------

/**
 * A key of a Secret in the monitor's own namespace (prometheus-operator reads referenced Secrets
 * from the namespace of the monitor: resource_selector.go passes `GetNamespace()` to its store). On
 * Kubernetes >= 1.37 the agent can read Secrets only in the namespaces listed in
 * `secrets_access_namespaces` of its settings ConfigMap, with a Role and RoleBinding for
 * `kube-system/ama-metrics-serviceaccount` there (NOTES §2.10, §4.2.4).
 *
 * Decision: the older docs (MicrosoftDocs/azure-monitor-docs@69704f9, prometheus-metrics-scrape-configuration.md)
 * want TLS material in Secret `kube-system/ama-metrics-mtls-secret` and the monitor in kube-system;
 * the newer sources (basic-auth test fixture PC@39583fd, NOTES §2.10 secret-restriction-changes.md)
 * read Secrets of any namespace the agent may access. The newest source wins: any Secret name, read
 * from the monitor's namespace; put the monitor in kube-system to use `ama-metrics-mtls-secret`.
 */
export interface SecretKeyRef {
  /** Name of the Secret. */
  readonly name: string;
  /** Key in the Secret's data. */
  readonly key: string;
}

/** One requirement of a label selector (Kubernetes `LabelSelectorRequirement`). */
export interface LabelSelectorRequirementProps {
  /** The label key. */
  readonly key: string;
  /** How the key relates to `values`. */
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  /**
   * Values for `In`/`NotIn` (at least one); must be absent for `Exists`/`DoesNotExist`.
   * @default - none
   */
  readonly values?: string[];
}

/** Which pods (PodMonitor) or Services (ServiceMonitor) are selected, by their labels. `{}` selects all. */
export interface MonitorSelectorProps {
  /**
   * Labels that must all be present with these values.
   * @default - none
   */
  readonly matchLabels?: Record<string, string>;
  /**
   * Further requirements, all of which must hold.
   * @default - none
   */
  readonly matchExpressions?: LabelSelectorRequirementProps[];
}

/** Where the selected pods/Services may live. Exactly one of `any` and `matchNames`. */
export interface MonitorNamespaceSelectorProps {
  /**
   * `true`: every namespace.
   * @default - not set
   */
  readonly any?: boolean;
  /**
   * These namespaces only.
   * @default - not set
   */
  readonly matchNames?: string[];
}

/** Relabeling actions (the CRD's lower-case spellings; the capitalised aliases mean the same). */
export const MONITOR_RELABEL_ACTIONS = [
  'replace', 'keep', 'drop', 'hashmod', 'labelmap', 'labeldrop', 'labelkeep', 'lowercase', 'uppercase', 'keepequal', 'dropequal',
] as const;
export type MonitorRelabelAction = (typeof MONITOR_RELABEL_ACTIONS)[number];

/** One relabeling rule (`relabelings[]` before the scrape, `metricRelabelings[]` after it). Field names as in the CRD. */
export interface RelabelingProps {
  /**
   * Labels whose values are joined with `separator` and matched against `regex`.
   * Required by every action except `replace`, `labelmap`, `labeldrop` and `labelkeep`.
   * @default - none
   */
  readonly sourceLabels?: string[];
  /**
   * Separator of the joined source label values.
   * @default ";" (Prometheus)
   */
  readonly separator?: string;
  /**
   * Label written by `replace` (may use `$1`-style references), `hashmod`, `lowercase`, `uppercase`;
   * compared by `keepequal`/`dropequal`.
   * @default - none
   */
  readonly targetLabel?: string;
  /**
   * RE2 regular expression, anchored at both ends by Prometheus.
   * @default "(.*)" (Prometheus)
   */
  readonly regex?: string;
  /**
   * Modulus of `hashmod` (required there, only there).
   * @default - none
   */
  readonly modulus?: number;
  /**
   * Replacement for `replace` and `labelmap` (may use `$1`-style references).
   * @default "$1" (Prometheus)
   */
  readonly replacement?: string;
  /**
   * What to do.
   * @default "replace" (Prometheus)
   */
  readonly action?: MonitorRelabelAction;
}

export const TLS_VERSIONS = ['TLS10', 'TLS11', 'TLS12', 'TLS13'] as const;
export type TlsVersion = (typeof TLS_VERSIONS)[number];

/** TLS settings of an `https` endpoint (`tlsConfig`); certificates and keys only from Secrets. */
export interface MonitorTlsProps {
  /**
   * CA certificate to verify the target with (rendered as `ca.secret`).
   * @default - the system's CAs
   */
  readonly ca?: SecretKeyRef;
  /**
   * Client certificate (rendered as `cert.secret`); requires `keySecret`.
   * @default - no client certificate
   */
  readonly cert?: SecretKeyRef;
  /**
   * Client key; requires `cert`.
   * @default - no client key
   */
  readonly keySecret?: SecretKeyRef;
  /**
   * Server name to verify the certificate against (and to send as SNI).
   * @default - the target's host
   */
  readonly serverName?: string;
  /**
   * Skip verification of the target's certificate.
   * @default false
   */
  readonly insecureSkipVerify?: boolean;
  /**
   * Lowest TLS version accepted.
   * @default - Prometheus' default (TLS12)
   */
  readonly minVersion?: TlsVersion;
  /**
   * Highest TLS version accepted.
   * @default - no maximum
   */
  readonly maxVersion?: TlsVersion;
}

/** HTTP basic authentication from a Secret. */
export interface MonitorBasicAuthProps {
  readonly username: SecretKeyRef;
  readonly password: SecretKeyRef;
}

/** `Authorization` header with credentials from a Secret. */
export interface MonitorAuthorizationProps {
  /**
   * Authentication scheme (not `Basic`: use `basicAuth`).
   * @default "Bearer" (Prometheus)
   */
  readonly type?: string;
  /** The credentials. */
  readonly credentials: SecretKeyRef;
}

/** What PodMonitor and ServiceMonitor endpoints share. */
export interface MonitorEndpointCommonProps {
  /**
   * HTTP path of the metrics (query parameters go into `params`).
   * @default "/metrics" (Prometheus)
   */
  readonly path?: string;
  /**
   * URL scheme; `https` is required for `tlsConfig`.
   * @default "http" (Prometheus)
   */
  readonly scheme?: 'http' | 'https';
  /**
   * Scrape interval, a Prometheus duration such as `30s` or `1m30s`.
   * @default - the agent's global `scrape_interval` (which `ama-metrics-prometheus-config` can set)
   */
  readonly interval?: string;
  /**
   * Scrape timeout, at most `interval`; requires `interval` (the global interval cannot be checked here).
   * @default - the global timeout (at most the interval)
   */
  readonly scrapeTimeout?: string;
  /**
   * Keep the target's labels when they clash with the server-side ones.
   * @default false
   */
  readonly honorLabels?: boolean;
  /**
   * Keep the timestamps the target exposes.
   * @default true (Prometheus)
   */
  readonly honorTimestamps?: boolean;
  /**
   * URL query parameters, each with at least one value.
   * @default - none
   */
  readonly params?: Record<string, string[]>;
  /**
   * Relabeling of targets before the scrape.
   * @default - none
   */
  readonly relabelings?: RelabelingProps[];
  /**
   * Relabeling of samples after the scrape.
   * @default - none
   */
  readonly metricRelabelings?: RelabelingProps[];
  /**
   * TLS settings (needs `scheme: "https"`).
   * @default - none
   */
  readonly tlsConfig?: MonitorTlsProps;
  /**
   * Basic authentication (not together with `authorization`).
   * @default - none
   */
  readonly basicAuth?: MonitorBasicAuthProps;
  /**
   * `Authorization` header (not together with `basicAuth`).
   * @default - none
   */
  readonly authorization?: MonitorAuthorizationProps;
  /**
   * HTTP(S) or SOCKS5 proxy, `http://host:port` (no credentials in the URL).
   * @default - no proxy
   */
  readonly proxyUrl?: string;
  /**
   * Comma-separated hosts, domains and CIDRs that bypass `proxyUrl`.
   * @default - none
   */
  readonly noProxy?: string;
}

/** A PodMonitor endpoint (`podMetricsEndpoints[]`). */
export interface PodMetricsEndpointProps extends MonitorEndpointCommonProps {
  /**
   * Name of the container port to scrape. Not together with `portNumber`. (The docs say a named port is
   * required, but the product's own reference PodMonitors have endpoints without one: allowed.)
   * @default - see `portNumber`; without both, every declared container port of the selected pods is scraped
   */
  readonly port?: string;
  /**
   * Number of the container port to scrape (1-65535). Not together with `port`.
   * @default - see `port`
   */
  readonly portNumber?: number;
}

/** A ServiceMonitor endpoint (`endpoints[]`). */
export interface ServiceMonitorEndpointProps extends MonitorEndpointCommonProps {
  /**
   * Name of the Service port to scrape. Not together with `targetPort`.
   * @default - see `targetPort`; without both, every port of the selected Services is scraped
   */
  readonly port?: string;
  /**
   * The pods' port behind the Service: a number (1-65535) or a container port name. Not together with `port`.
   * @default - see `port`
   */
  readonly targetPort?: number | string;
}

/** What PodMonitor and ServiceMonitor props share. */
export interface MonitorCommonProps {
  /** `metadata.name` (a DNS subdomain, at most 253 characters). */
  readonly name: string;
  /**
   * `metadata.namespace`. Without `namespaceSelector` the monitor selects only in this namespace, and
   * the Secrets it references are read from it.
   */
  readonly namespace: string;
  /**
   * Extra labels of the monitor (the agent discovers monitors whatever their labels).
   * @default - only the library's `app.kubernetes.io/managed-by` label
   */
  readonly labels?: Record<string, string>;
  /** Label selector of the pods (PodMonitor) or Services (ServiceMonitor). `{}` selects all of them. */
  readonly selector: MonitorSelectorProps;
  /**
   * Namespaces to select in.
   * @default - the monitor's own namespace
   */
  readonly namespaceSelector?: MonitorNamespaceSelectorProps;
  /**
   * Label of the pod (PodMonitor) or Service (ServiceMonitor) whose value becomes the `job` label.
   * @default - the job is named after the monitor
   */
  readonly jobLabel?: string;
  /**
   * Pod labels copied onto every series.
   * @default - none
   */
  readonly podTargetLabels?: string[];
  /**
   * Per-scrape limit of samples; a scrape above it fails.
   * @default - no limit
   */
  readonly sampleLimit?: number;
  /**
   * Limit of targets of this monitor; above it, all its targets fail.
   * @default - no limit
   */
  readonly targetLimit?: number;
}

/** A PodMonitor: scrapes pods selected by label. */
export interface PodMonitorProps extends MonitorCommonProps {
  /** The endpoints to scrape on each selected pod (at least one). */
  readonly endpoints: PodMetricsEndpointProps[];
}

/** A ServiceMonitor: scrapes the endpoints of Services selected by label. */
export interface ServiceMonitorProps extends MonitorCommonProps {
  /** The endpoints to scrape behind each selected Service (at least one). */
  readonly endpoints: ServiceMonitorEndpointProps[];
  /**
   * Service labels copied onto every series.
   * @default - none
   */
  readonly targetLabels?: string[];
}

// -------------------------------------------------------------------------------------------------
// The validated model (plain data, already in the CRD's field names where they coincide)
// -------------------------------------------------------------------------------------------------

export type MonitorKind = 'PodMonitor' | 'ServiceMonitor';

export interface LabelSelectorModel {
  readonly matchLabels?: Record<string, string>;
  readonly matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

export type NamespaceSelectorModel = { readonly any: true } | { readonly matchNames: string[] };

export interface RelabelingModel {
  readonly sourceLabels?: string[];
  readonly separator?: string;
  readonly targetLabel?: string;
  readonly regex?: string;
  readonly modulus?: number;
  readonly replacement?: string;
  /** As given (absent means "replace"). */
  readonly action?: MonitorRelabelAction;
}

export interface MonitorEndpointModel {
  readonly port?: string;
  /** PodMonitor only. */
  readonly portNumber?: number;
  /** ServiceMonitor only. */
  readonly targetPort?: number | string;
  readonly path?: string;
  readonly scheme?: 'http' | 'https';
  readonly interval?: string;
  readonly scrapeTimeout?: string;
  readonly honorLabels?: boolean;
  readonly honorTimestamps?: boolean;
  readonly params?: Record<string, string[]>;
  readonly relabelings?: RelabelingModel[];
  readonly metricRelabelings?: RelabelingModel[];
  readonly tlsConfig?: MonitorTlsProps;
  readonly basicAuth?: MonitorBasicAuthProps;
  readonly authorization?: MonitorAuthorizationProps;
  readonly proxyUrl?: string;
  readonly noProxy?: string;
}

export interface MonitorModel {
  readonly kind: MonitorKind;
  readonly name: string;
  readonly namespace: string;
  /** User labels (the renderer adds the library's own). */
  readonly labels: Record<string, string>;
  readonly selector: LabelSelectorModel;
  readonly namespaceSelector?: NamespaceSelectorModel;
  readonly endpoints: MonitorEndpointModel[];
  readonly jobLabel?: string;
  readonly podTargetLabels?: string[];
  /** ServiceMonitor only. */
  readonly targetLabels?: string[];
  readonly sampleLimit?: number;
  readonly targetLimit?: number;
}

export interface PodMonitorModel extends MonitorModel {
  readonly kind: 'PodMonitor';
}

export interface ServiceMonitorModel extends MonitorModel {
  readonly kind: 'ServiceMonitor';
}

// -------------------------------------------------------------------------------------------------
// Kubernetes syntax rules (k8s.io/apimachinery validation)
// -------------------------------------------------------------------------------------------------

/** IANA_SVC_NAME: what a container port name must be (at most 15 characters, a letter, no "--"). */
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

function checkDnsSubdomain(path: string, value: unknown, what: string): string {
  return checkString(path, value, {
    pattern: DNS_SUBDOMAIN,
    maxLength: 253,
    patternText: `${what} (a DNS subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit)`,
  });
}

function checkLabelMap(path: string, value: unknown, opts: { reserved?: string } = {}): Record<string, string> {
  if (!isPlainObject(value)) throw new ValidationError(path, value, 'expected an object of label keys to label values');
  const keys = Object.keys(value);
  if (keys.length === 0) throw new ValidationError(path, value, 'expected at least one label (leave the prop out instead of an empty object)');
  const out: Record<string, string> = {};
  for (const key of keys) {
    checkLabelKey(`${path}[${JSON.stringify(key)}]`, key);
    if (key === opts.reserved) throw new ValidationError(`${path}[${JSON.stringify(key)}]`, value[key], 'this label is set by the library on every object it renders; remove it');
    out[key] = checkLabelValue(`${path}[${JSON.stringify(key)}]`, value[key]);
  }
  return out;
}

/** A container port name (IANA_SVC_NAME), as Kubernetes validates `containers[].ports[].name`. */
export function checkContainerPortName(path: string, value: unknown): string {
  const s = checkString(path, value, {
    maxLength: 15,
    pattern: IANA_SVC_NAME,
    patternText: 'a container port name (at most 15 lower-case letters, digits and "-", starting and ending with a letter or digit)',
  });
  if (!/[a-z]/.test(s) || s.includes('--')) {
    throw new ValidationError(path, value, 'expected a container port name: it must contain a letter and no "--" (IANA service name rules)');
  }
  return s;
}

function checkServicePortName(path: string, value: unknown): string {
  return checkString(path, value, {
    maxLength: 63,
    pattern: DNS_LABEL,
    patternText: 'a Service port name (lower-case letters, digits and "-", starting and ending with a letter or digit)',
  });
}

function checkSecretKeyRef(path: string, value: unknown): SecretKeyRef {
  const r = checkProps<SecretKeyRef>(path, value, ['name', 'key']);
  if (r.name === undefined) throw new ValidationError(`${path}.name`, undefined, 'expected the name of a Secret in the monitor\'s namespace');
  if (r.key === undefined) throw new ValidationError(`${path}.key`, undefined, 'expected a key of the Secret\'s data');
  return {
    name: checkDnsSubdomain(`${path}.name`, r.name, 'a Secret name'),
    key: checkString(`${path}.key`, r.key, { maxLength: 253, pattern: SECRET_KEY, patternText: 'a Secret data key (letters, digits, "-", "_" and ".")' }),
  };
}

// -------------------------------------------------------------------------------------------------
// Prometheus syntax rules
// -------------------------------------------------------------------------------------------------

/** Prometheus (legacy) label name; also the CRD's pattern for `sourceLabels` items. */
const PROM_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** A relabel target that may use `$1`/`${name}` references (prometheus-operator `relabelTarget`). */
const RELABEL_TARGET = /^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$/;
/** The CRD's duration pattern (monitoringv1.Duration). */
const CRD_DURATION = /^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/;
const UNIT_MS: Array<[number, number]> = [
  [3, 365 * 24 * 3600_000], [5, 7 * 24 * 3600_000], [7, 24 * 3600_000], [9, 3600_000], [11, 60_000], [13, 1000], [15, 1],
];
/** Go time.Duration holds at most 2^63-1 ns; Prometheus rejects longer durations. */
const MAX_DURATION_MS = 9_223_372_036_854;

function checkPromLabelName(path: string, value: unknown): string {
  return checkString(path, value, { pattern: PROM_LABEL_NAME, patternText: 'a Prometheus label name (letters, digits and "_", not starting with a digit)' });
}

/**
 * A Prometheus duration as the CRD accepts it (`1m30s`, units y w d h m s ms in this order), and
 * longer than zero: `0` would make Prometheus fall back to the global setting silently.
 * Returns the duration in milliseconds.
 */
export function checkMonitorDuration(path: string, value: unknown): number {
  const s = checkString(path, value);
  const m = CRD_DURATION.exec(s);
  const ms = m ? UNIT_MS.reduce((sum, [group, unit]) => sum + (m[group] === undefined ? 0 : Number(m[group]) * unit), 0) : NaN;
  if (!m || !(ms > 0) || ms > MAX_DURATION_MS) {
    throw new ValidationError(path, value, 'expected a Prometheus duration longer than 0 such as "30s", "1m30s" or "500ms" (units y, w, d, h, m, s, ms, largest first)');
  }
  return ms;
}

/**
 * A relabel regex: valid Go RE2 as Prometheus compiles it (`^(?:<regex>)$`), and also on its own: a
 * regex that compiles only thanks to the wrapping (`a)|(b`) would change Prometheus' anchoring, so it is
 * rejected.
 */
function checkRegex(path: string, value: unknown): string {
  // An empty regex is dropped by prometheus-operator, and Prometheus then uses its default "(.*)".
  const s = checkString(path, value);
  const error = checkRe2(s, { standalone: true });
  if (typeof error === 'string') {
    throw new ValidationError(path, value, `expected an RE2 regular expression (Go syntax, as Prometheus compiles it anchored as ^(?:...)$); ${error}`);
  }
  return s;
}

// -------------------------------------------------------------------------------------------------
// Validation
// -------------------------------------------------------------------------------------------------

/** Fields newer than the v0.84 CRD schema: the API server would prune them (NOTES §3 item 4). */
const NEWER_THAN_CRD: Record<string, string> = {
  scrapeNativeHistograms: 'spec.scrapeNativeHistograms',
  serviceDiscoveryRole: 'spec.serviceDiscoveryRole',
};

function checkNotNewerField(path: string, props: object): void {
  for (const key of Object.keys(NEWER_THAN_CRD)) {
    const value = (props as Record<string, unknown>)[key];
    if (value === undefined) continue;
    throw new ValidationError(
      `${path === ROOT ? '' : `${path}.`}${key}`,
      value,
      `${NEWER_THAN_CRD[key]} is not in the azmonitoring.coreos.com CRD (frozen at prometheus-operator v0.84.0): the API server would prune it or reject the object`,
    );
  }
}

const join = (path: string, key: string) => (path === ROOT ? key : `${path}.${key}`);

function resolveSelector(path: string, value: unknown): LabelSelectorModel {
  const s = checkProps<MonitorSelectorProps>(path, value, ['matchLabels', 'matchExpressions']);
  const matchLabels = s.matchLabels === undefined ? undefined : checkLabelMap(`${path}.matchLabels`, s.matchLabels);
  let matchExpressions: LabelSelectorModel['matchExpressions'];
  if (s.matchExpressions !== undefined) {
    if (!Array.isArray(s.matchExpressions) || s.matchExpressions.length === 0) {
      throw new ValidationError(`${path}.matchExpressions`, s.matchExpressions, 'expected a non-empty array of { key, operator, values? } (leave the prop out instead of an empty array)');
    }
    matchExpressions = s.matchExpressions.map((item, i) => {
      const p = `${path}.matchExpressions[${i}]`;
      const r = checkProps<LabelSelectorRequirementProps>(p, item, ['key', 'operator', 'values']);
      const key = checkLabelKey(`${p}.key`, r.key);
      const operator = checkEnum(`${p}.operator`, r.operator, ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const);
      if (operator === 'In' || operator === 'NotIn') {
        if (r.values === undefined) throw new ValidationError(`${p}.values`, undefined, `expected at least one value for operator ${operator}`);
        const values = checkStringList(`${p}.values`, r.values, checkLabelValue, { minItems: 1 });
        return { key, operator, values };
      }
      if (r.values !== undefined) throw new ValidationError(`${p}.values`, r.values, `expected no values for operator ${operator}`);
      return { key, operator };
    });
  }
  return { ...(matchLabels ? { matchLabels } : {}), ...(matchExpressions ? { matchExpressions } : {}) };
}

function resolveNamespaceSelector(path: string, value: unknown): NamespaceSelectorModel {
  const n = checkProps<MonitorNamespaceSelectorProps>(path, value, ['any', 'matchNames']);
  if (n.any !== undefined) {
    if (checkBoolean(`${path}.any`, n.any) === false) {
      throw new ValidationError(`${path}.any`, false, 'expected true; false is the default (the monitor\'s own namespace), so leave namespaceSelector out');
    }
    if (n.matchNames !== undefined) {
      throw new ValidationError(`${path}.matchNames`, n.matchNames, 'expected either any: true or matchNames, not both (any wins and the names would be ignored)');
    }
    return { any: true };
  }
  if (n.matchNames === undefined) {
    throw new ValidationError(path, value, 'expected { any: true } or { matchNames: [...] }; leave namespaceSelector out for the monitor\'s own namespace');
  }
  return { matchNames: checkStringList(`${path}.matchNames`, n.matchNames, checkNamespaceName, { minItems: 1 }) };
}

const RELABELING_KEYS = ['sourceLabels', 'separator', 'targetLabel', 'regex', 'modulus', 'replacement', 'action'] as const;
type RelabelField = Exclude<(typeof RELABELING_KEYS)[number], 'action'>;

/**
 * Which fields each action reads (Prometheus model/relabel). A field an action does not read would be
 * silently ignored, so it is rejected; prometheus-operator itself rejects several of these cases
 * (resource_selector.go LabelConfigValidator), the rest are rejected here for the same reason.
 */
const ACTION_FIELDS: Record<MonitorRelabelAction, { uses: RelabelField[]; requires: RelabelField[] }> = {
  replace: { uses: ['sourceLabels', 'separator', 'regex', 'targetLabel', 'replacement'], requires: ['targetLabel'] },
  keep: { uses: ['sourceLabels', 'separator', 'regex'], requires: ['sourceLabels'] },
  drop: { uses: ['sourceLabels', 'separator', 'regex'], requires: ['sourceLabels'] },
  hashmod: { uses: ['sourceLabels', 'separator', 'targetLabel', 'modulus'], requires: ['sourceLabels', 'targetLabel', 'modulus'] },
  labelmap: { uses: ['regex', 'replacement'], requires: [] },
  // With the default regex "(.*)", labeldrop would drop every label and labelkeep keep them all.
  labeldrop: { uses: ['regex'], requires: ['regex'] },
  labelkeep: { uses: ['regex'], requires: ['regex'] },
  lowercase: { uses: ['sourceLabels', 'separator', 'targetLabel'], requires: ['sourceLabels', 'targetLabel'] },
  uppercase: { uses: ['sourceLabels', 'separator', 'targetLabel'], requires: ['sourceLabels', 'targetLabel'] },
  keepequal: { uses: ['sourceLabels', 'targetLabel'], requires: ['sourceLabels', 'targetLabel'] },
  dropequal: { uses: ['sourceLabels', 'targetLabel'], requires: ['sourceLabels', 'targetLabel'] },
};

function resolveRelabeling(path: string, value: unknown): RelabelingModel {
  const r = checkProps<RelabelingProps>(path, value, RELABELING_KEYS);
  const action = r.action === undefined ? undefined : checkEnum(`${path}.action`, r.action, MONITOR_RELABEL_ACTIONS);
  const effective: MonitorRelabelAction = action ?? 'replace';
  const rule = ACTION_FIELDS[effective];
  for (const field of RELABELING_KEYS) {
    if (field === 'action') continue;
    const v = r[field];
    if (v !== undefined && !rule.uses.includes(field)) {
      throw new ValidationError(`${path}.${field}`, v, `action "${effective}" does not use ${field} (it would be ignored); it uses ${rule.uses.join(', ') || 'nothing else'}`);
    }
    if (v === undefined && rule.requires.includes(field)) {
      throw new ValidationError(`${path}.${field}`, undefined, `action "${effective}" needs ${field}`);
    }
  }
  const sourceLabels = r.sourceLabels === undefined ? undefined : checkStringList(`${path}.sourceLabels`, r.sourceLabels, checkPromLabelName, { minItems: 1 });
  const separator = r.separator === undefined ? undefined : checkString(`${path}.separator`, r.separator, { minLength: 0 });
  let targetLabel: string | undefined;
  if (r.targetLabel !== undefined) {
    targetLabel = effective === 'replace'
      ? checkString(`${path}.targetLabel`, r.targetLabel, { pattern: RELABEL_TARGET, patternText: 'a Prometheus label name, optionally built with $1 or ${name} references' })
      : checkPromLabelName(`${path}.targetLabel`, r.targetLabel);
  }
  const regex = r.regex === undefined ? undefined : checkRegex(`${path}.regex`, r.regex);
  const modulus = r.modulus === undefined ? undefined : checkInt(`${path}.modulus`, r.modulus, 1);
  let replacement: string | undefined;
  if (r.replacement !== undefined) {
    replacement = effective === 'labelmap'
      ? checkString(`${path}.replacement`, r.replacement, { pattern: RELABEL_TARGET, patternText: 'a label name template such as "$1" or "app_${1}"' })
      : checkString(`${path}.replacement`, r.replacement, { minLength: 0 });
  }
  return {
    ...(sourceLabels ? { sourceLabels } : {}),
    ...(separator !== undefined ? { separator } : {}),
    ...(targetLabel !== undefined ? { targetLabel } : {}),
    ...(regex !== undefined ? { regex } : {}),
    ...(modulus !== undefined ? { modulus } : {}),
    ...(replacement !== undefined ? { replacement } : {}),
    ...(action !== undefined ? { action } : {}),
  };
}

function resolveRelabelings(path: string, value: unknown): RelabelingModel[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new ValidationError(path, value, 'expected a non-empty array of relabeling rules (leave the prop out instead of an empty array)');
  }
  return value.map((item, i) => resolveRelabeling(`${path}[${i}]`, item));
}

const SERVER_NAME = /^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*$/;

function resolveTls(path: string, value: unknown): MonitorTlsProps {
  const t = checkProps<MonitorTlsProps>(path, value, ['ca', 'cert', 'keySecret', 'serverName', 'insecureSkipVerify', 'minVersion', 'maxVersion']);
  if (Object.values(t).every((v) => v === undefined)) {
    throw new ValidationError(path, value, 'expected at least one TLS setting (scheme: "https" alone verifies the target with the system\'s CAs)');
  }
  const ca = t.ca === undefined ? undefined : checkSecretKeyRef(`${path}.ca`, t.ca);
  const cert = t.cert === undefined ? undefined : checkSecretKeyRef(`${path}.cert`, t.cert);
  const keySecret = t.keySecret === undefined ? undefined : checkSecretKeyRef(`${path}.keySecret`, t.keySecret);
  // prometheus-operator SafeTLSConfig.Validate: a client certificate needs its key and the reverse.
  if (cert && !keySecret) throw new ValidationError(`${path}.keySecret`, undefined, 'expected the client key for the client certificate in cert');
  if (keySecret && !cert) throw new ValidationError(`${path}.cert`, undefined, 'expected the client certificate for the client key in keySecret');
  const serverName = t.serverName === undefined
    ? undefined
    : checkString(`${path}.serverName`, t.serverName, { maxLength: 253, pattern: SERVER_NAME, patternText: 'a DNS host name' });
  const insecureSkipVerify = t.insecureSkipVerify === undefined ? undefined : checkBoolean(`${path}.insecureSkipVerify`, t.insecureSkipVerify);
  if (insecureSkipVerify && ca) {
    throw new ValidationError(`${path}.ca`, t.ca, 'a CA is not used when insecureSkipVerify is true; remove one of them');
  }
  const minVersion = t.minVersion === undefined ? undefined : checkEnum(`${path}.minVersion`, t.minVersion, TLS_VERSIONS);
  const maxVersion = t.maxVersion === undefined ? undefined : checkEnum(`${path}.maxVersion`, t.maxVersion, TLS_VERSIONS);
  if (minVersion && maxVersion && TLS_VERSIONS.indexOf(maxVersion) < TLS_VERSIONS.indexOf(minVersion)) {
    throw new ValidationError(`${path}.maxVersion`, maxVersion, `expected a version not below minVersion ${minVersion}`);
  }
  return {
    ...(ca ? { ca } : {}),
    ...(cert ? { cert } : {}),
    ...(keySecret ? { keySecret } : {}),
    ...(serverName !== undefined ? { serverName } : {}),
    ...(insecureSkipVerify !== undefined ? { insecureSkipVerify } : {}),
    ...(minVersion ? { minVersion } : {}),
    ...(maxVersion ? { maxVersion } : {}),
  };
}

/** An HTTP auth scheme token (RFC 9110). */
const AUTH_SCHEME = /^[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*$/;

function resolveProxyUrl(path: string, value: unknown): string {
  const s = checkString(path, value, { pattern: /^(http|https|socks5):\/\/.+$/, patternText: 'a proxy URL such as "http://proxy.example:3128" (schemes http, https, socks5)' });
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    throw new ValidationError(path, value, 'expected a valid URL such as "http://proxy.example:3128"');
  }
  if (url.username !== '' || url.password !== '') {
    throw new ValidationError(path, '<redacted>', 'expected no credentials in the proxy URL: they would be stored in the manifest in clear text');
  }
  if (url.hostname === '') throw new ValidationError(path, value, 'expected a host in the proxy URL');
  return s;
}

export const POD_ENDPOINT_KEYS = [
  'port', 'portNumber', 'path', 'scheme', 'interval', 'scrapeTimeout', 'honorLabels', 'honorTimestamps', 'params', 'relabelings',
  'metricRelabelings', 'tlsConfig', 'basicAuth', 'authorization', 'proxyUrl', 'noProxy',
] as const;
export const SERVICE_ENDPOINT_KEYS = [...POD_ENDPOINT_KEYS.filter((k) => k !== 'portNumber'), 'targetPort'] as const;

/** Deprecated or file-based CRD fields with a typed replacement: named in the error. */
const ENDPOINT_REPLACEMENTS: Record<string, string> = {
  bearerTokenSecret: 'authorization: { credentials: { name, key } } (bearerTokenSecret is deprecated)',
  bearerTokenFile: 'authorization: { credentials: { name, key } } (files are not read from Secrets you control)',
};

function resolveEndpoint(path: string, value: unknown, kind: MonitorKind): MonitorEndpointModel {
  if (isPlainObject(value)) {
    for (const [key, replacement] of Object.entries(ENDPOINT_REPLACEMENTS)) {
      if (value[key] !== undefined) throw new ValidationError(`${path}.${key}`, value[key], `not supported; use ${replacement}`);
    }
    if (kind === 'PodMonitor' && value.targetPort !== undefined) {
      throw new ValidationError(`${path}.targetPort`, value.targetPort, 'targetPort is deprecated for PodMonitors; use port (a container port name) or portNumber');
    }
  }
  const e = checkProps<PodMetricsEndpointProps & ServiceMonitorEndpointProps>(path, value, kind === 'PodMonitor' ? POD_ENDPOINT_KEYS : SERVICE_ENDPOINT_KEYS);
  const out: Record<string, unknown> = {};

  if (kind === 'PodMonitor') {
    if (e.port !== undefined) out.port = checkContainerPortName(`${path}.port`, e.port);
    if (e.portNumber !== undefined) out.portNumber = checkInt(`${path}.portNumber`, e.portNumber, 1, 65535);
    if (e.port !== undefined && e.portNumber !== undefined) {
      throw new ValidationError(`${path}.portNumber`, e.portNumber, 'expected either port or portNumber, not both (port wins and portNumber would be ignored)');
    }
  } else {
    if (e.port !== undefined) out.port = checkServicePortName(`${path}.port`, e.port);
    if (e.targetPort !== undefined) {
      out.targetPort = typeof e.targetPort === 'number' ? checkInt(`${path}.targetPort`, e.targetPort, 1, 65535) : checkContainerPortName(`${path}.targetPort`, e.targetPort);
    }
    if (e.port !== undefined && e.targetPort !== undefined) {
      throw new ValidationError(`${path}.targetPort`, e.targetPort, 'expected either port or targetPort, not both (port wins and targetPort would be ignored)');
    }
  }

  if (e.path !== undefined) {
    out.path = checkString(`${path}.path`, e.path, {
      pattern: /^\/[^\s?#]*$/,
      patternText: 'an HTTP path starting with "/", without spaces, "?" or "#" (query parameters go into params)',
    });
  }
  if (e.scheme !== undefined) out.scheme = checkEnum(`${path}.scheme`, e.scheme, ['http', 'https'] as const);
  const intervalMs = e.interval === undefined ? undefined : checkMonitorDuration(`${path}.interval`, e.interval);
  if (e.interval !== undefined) out.interval = e.interval;
  if (e.scrapeTimeout !== undefined) {
    const timeoutMs = checkMonitorDuration(`${path}.scrapeTimeout`, e.scrapeTimeout);
    if (intervalMs === undefined) {
      throw new ValidationError(
        `${path}.interval`,
        undefined,
        'expected an interval with scrapeTimeout: the timeout must not exceed the interval, and the global interval (ama-metrics-prometheus-config) cannot be checked here',
      );
    }
    if (timeoutMs > intervalMs) {
      throw new ValidationError(`${path}.scrapeTimeout`, e.scrapeTimeout, `expected at most the interval (${String(e.interval)}); prometheus-operator rejects the whole monitor otherwise`);
    }
    out.scrapeTimeout = e.scrapeTimeout;
  }
  if (e.honorLabels !== undefined) out.honorLabels = checkBoolean(`${path}.honorLabels`, e.honorLabels);
  if (e.honorTimestamps !== undefined) out.honorTimestamps = checkBoolean(`${path}.honorTimestamps`, e.honorTimestamps);
  if (e.params !== undefined) {
    if (!isPlainObject(e.params) || Object.keys(e.params).length === 0) {
      throw new ValidationError(`${path}.params`, e.params, 'expected a non-empty object of parameter names to lists of values');
    }
    const params: Record<string, string[]> = {};
    for (const [key, values] of Object.entries(e.params)) {
      const p = `${path}.params[${JSON.stringify(key)}]`;
      checkString(p, key, { pattern: /^\S+$/, patternText: 'a parameter name without spaces' });
      params[key] = checkStringList(p, values, (ip, item) => checkString(ip, item, { minLength: 0 }), { minItems: 1 });
    }
    out.params = params;
  }
  if (e.relabelings !== undefined) out.relabelings = resolveRelabelings(`${path}.relabelings`, e.relabelings);
  if (e.metricRelabelings !== undefined) out.metricRelabelings = resolveRelabelings(`${path}.metricRelabelings`, e.metricRelabelings);
  if (e.tlsConfig !== undefined) {
    out.tlsConfig = resolveTls(`${path}.tlsConfig`, e.tlsConfig);
    if (out.scheme !== 'https') {
      throw new ValidationError(`${path}.scheme`, e.scheme, 'expected "https" with tlsConfig: Prometheus uses the TLS settings only for https targets');
    }
  }
  if (e.basicAuth !== undefined) {
    const b = checkProps<MonitorBasicAuthProps>(`${path}.basicAuth`, e.basicAuth, ['username', 'password']);
    if (b.username === undefined) throw new ValidationError(`${path}.basicAuth.username`, undefined, 'expected the Secret key holding the user name');
    if (b.password === undefined) throw new ValidationError(`${path}.basicAuth.password`, undefined, 'expected the Secret key holding the password');
    out.basicAuth = { username: checkSecretKeyRef(`${path}.basicAuth.username`, b.username), password: checkSecretKeyRef(`${path}.basicAuth.password`, b.password) };
  }
  if (e.authorization !== undefined) {
    const a = checkProps<MonitorAuthorizationProps>(`${path}.authorization`, e.authorization, ['type', 'credentials']);
    if (out.basicAuth) {
      throw new ValidationError(`${path}.authorization`, e.authorization, 'expected either basicAuth or authorization, not both (Prometheus rejects the scrape configuration)');
    }
    let type: string | undefined;
    if (a.type !== undefined) {
      type = checkString(`${path}.authorization.type`, a.type, { pattern: AUTH_SCHEME, patternText: 'an HTTP authentication scheme such as "Bearer"' });
      if (type.toLowerCase() === 'basic') throw new ValidationError(`${path}.authorization.type`, a.type, 'expected a scheme other than Basic; use basicAuth for basic authentication');
    }
    if (a.credentials === undefined) throw new ValidationError(`${path}.authorization.credentials`, undefined, 'expected the Secret key holding the credentials');
    out.authorization = { ...(type !== undefined ? { type } : {}), credentials: checkSecretKeyRef(`${path}.authorization.credentials`, a.credentials) };
  }
  if (e.proxyUrl !== undefined) out.proxyUrl = resolveProxyUrl(`${path}.proxyUrl`, e.proxyUrl);
  if (e.noProxy !== undefined) {
    const s = checkString(`${path}.noProxy`, e.noProxy, { pattern: /^[^\s,]+(,[^\s,]+)*$/, patternText: 'comma-separated hosts, domains or CIDRs without spaces' });
    if (out.proxyUrl === undefined) throw new ValidationError(`${path}.proxyUrl`, undefined, 'expected a proxy URL with noProxy (Prometheus rejects noProxy without one)');
    out.noProxy = s;
  }
  return out as MonitorEndpointModel;
}

/** Two endpoints scraping the same URL would ingest every series twice. */
function endpointIdentity(e: MonitorEndpointModel): string {
  return JSON.stringify([e.port, e.portNumber, e.targetPort, e.path ?? '/metrics', e.scheme ?? 'http', e.params ?? {}]);
}

export function resolveEndpoints(path: string, value: unknown, kind: MonitorKind): MonitorEndpointModel[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new ValidationError(path, value, 'expected at least one endpoint: a monitor without endpoints scrapes nothing');
  }
  const seen = new Map<string, number>();
  return value.map((item, i) => {
    const e = resolveEndpoint(`${path}[${i}]`, item, kind);
    const id = endpointIdentity(e);
    const previous = seen.get(id);
    if (previous !== undefined) {
      throw new ValidationError(`${path}[${i}]`, item, `expected a different port, path, scheme or params than ${path}[${previous}]: both would scrape the same URL and ingest every series twice`);
    }
    seen.set(id, i);
    return e;
  });
}

const COMMON_KEYS = ['name', 'namespace', 'labels', 'selector', 'namespaceSelector', 'endpoints', 'jobLabel', 'podTargetLabels', 'sampleLimit', 'targetLimit'] as const;
export const POD_MONITOR_PROPS_KEYS = COMMON_KEYS;
export const SERVICE_MONITOR_PROPS_KEYS = [...COMMON_KEYS, 'targetLabels'] as const;

/** The monitor-level fields that are neither identity nor selection (shared with the factories' options). */
function resolveMonitorSettings(path: string, p: Partial<ServiceMonitorProps>, kind: MonitorKind) {
  const labelList = (key: 'podTargetLabels' | 'targetLabels') =>
    p[key] === undefined ? undefined : checkStringList(join(path, key), p[key], checkLabelKey, { minItems: 1 });
  return {
    labels: p.labels === undefined ? {} : checkLabelMap(join(path, 'labels'), p.labels, { reserved: RESERVED_LABEL }),
    jobLabel: p.jobLabel === undefined ? undefined : checkLabelKey(join(path, 'jobLabel'), p.jobLabel),
    podTargetLabels: labelList('podTargetLabels'),
    targetLabels: kind === 'ServiceMonitor' ? labelList('targetLabels') : undefined,
    sampleLimit: p.sampleLimit === undefined ? undefined : checkInt(join(path, 'sampleLimit'), p.sampleLimit, 1),
    targetLimit: p.targetLimit === undefined ? undefined : checkInt(join(path, 'targetLimit'), p.targetLimit, 1),
  };
}

function resolveMonitor(kind: MonitorKind, path: string, props: unknown): MonitorModel {
  if (isPlainObject(props)) checkNotNewerField(path, props);
  const p = checkProps<ServiceMonitorProps>(path, props, kind === 'PodMonitor' ? POD_MONITOR_PROPS_KEYS : SERVICE_MONITOR_PROPS_KEYS);
  if (p.name === undefined) throw new ValidationError(join(path, 'name'), undefined, `expected the ${kind}'s name`);
  const name = checkDnsSubdomain(join(path, 'name'), p.name, `a ${kind} name`);
  if (p.namespace === undefined) {
    throw new ValidationError(join(path, 'namespace'), undefined, `expected the ${kind}'s namespace (it selects in this namespace unless namespaceSelector says otherwise)`);
  }
  const namespace = checkNamespaceName(join(path, 'namespace'), p.namespace);
  if (p.selector === undefined) {
    throw new ValidationError(join(path, 'selector'), undefined, `expected a label selector of the ${kind === 'PodMonitor' ? 'pods' : 'Services'} ({} selects all of them)`);
  }
  const selector = resolveSelector(join(path, 'selector'), p.selector);
  const namespaceSelector = p.namespaceSelector === undefined ? undefined : resolveNamespaceSelector(join(path, 'namespaceSelector'), p.namespaceSelector);
  const endpoints = resolveEndpoints(join(path, 'endpoints'), p.endpoints, kind);
  const settings = resolveMonitorSettings(path, p, kind);
  const optional = Object.fromEntries(Object.entries(settings).filter(([k, v]) => k !== 'labels' && v !== undefined));
  return { kind, name, namespace, labels: settings.labels, selector, ...(namespaceSelector ? { namespaceSelector } : {}), endpoints, ...optional };
}

/** Validates PodMonitor props (`path` is the prefix of every error path, e.g. `managedPrometheus.podMonitors[0]`). */
export function resolvePodMonitor(path: string, props: unknown): PodMonitorModel {
  return resolveMonitor('PodMonitor', path, props) as PodMonitorModel;
}

/** Validates ServiceMonitor props. */
export function resolveServiceMonitor(path: string, props: unknown): ServiceMonitorModel {
  return resolveMonitor('ServiceMonitor', path, props) as ServiceMonitorModel;
}

/**
 * The Secrets a monitor reads, as `namespace/name` (sorted, unique). On Kubernetes >= 1.37 their
 * namespaces must be listed in `secrets_access_namespaces` and granted to the agent (NOTES §2.10).
 */
export function monitorSecretReferences(model: MonitorModel): string[] {
  const names = new Set<string>();
  for (const e of model.endpoints) {
    const tls = e.tlsConfig;
    const refs = [tls?.ca, tls?.cert, tls?.keySecret, e.basicAuth?.username, e.basicAuth?.password, e.authorization?.credentials];
    for (const ref of refs) {
      if (ref) names.add(`${model.namespace}/${ref.name}`);
    }
  }
  return [...names].sort();
}

// -------------------------------------------------------------------------------------------------
// Factories: monitors derived from a workload or a Service. The engines read the objects (cdk8s-plus
// constructs, Pulumi resources) into the plain descriptions below; everything else happens here.
// -------------------------------------------------------------------------------------------------

/** What a monitor factory needs to know about a workload (Deployment, StatefulSet, DaemonSet, ...). */
export interface WorkloadDescription {
  /** How errors name the workload's fields, e.g. `workload` or `deployment`. */
  readonly path: string;
  /** `metadata.name`, if known. */
  readonly name?: string;
  /** `metadata.namespace`, if set. */
  readonly namespace?: string;
  /** `spec.selector.matchLabels`. */
  readonly matchLabels?: Record<string, string>;
  /** `spec.selector.matchExpressions`. */
  readonly matchExpressions?: LabelSelectorRequirementProps[];
  /** Ports of all (init) containers of the pod template; undefined if unknown. */
  readonly containerPorts?: Array<{ readonly name?: string; readonly containerPort?: number }>;
}

/** What a monitor factory needs to know about a Service. */
export interface ServiceDescription {
  readonly path: string;
  readonly name?: string;
  readonly namespace?: string;
  /** `metadata.labels`: the ServiceMonitor selects the Service by them. */
  readonly labels?: Record<string, string>;
  /** `spec.ports`; undefined if unknown. */
  readonly ports?: Array<{ readonly name?: string; readonly port?: number }>;
}

/** Options of the monitor factories: one endpoint on a named port, plus monitor settings. */
export interface MonitorFactoryOptionsBase extends MonitorEndpointCommonProps {
  /**
   * `metadata.name` of the monitor.
   * @default - the workload's or Service's name
   */
  readonly name?: string;
  /**
   * Namespace of the monitor. When it differs from the target's, the monitor selects in the target's
   * namespace through `namespaceSelector`.
   * @default - the workload's or Service's namespace
   */
  readonly namespace?: string;
  /** @default - see {@link MonitorCommonProps.labels} */
  readonly labels?: Record<string, string>;
  /** @default - see {@link MonitorCommonProps.jobLabel} */
  readonly jobLabel?: string;
  /** @default - none */
  readonly podTargetLabels?: string[];
  /** @default - no limit */
  readonly sampleLimit?: number;
  /** @default - no limit */
  readonly targetLimit?: number;
}

/** Options of `PodMonitor.fromWorkload` / `fromDeployment`. */
export interface WorkloadPodMonitorOptions extends MonitorFactoryOptionsBase {
  /** Name of the container port to scrape; it must be declared on one of the workload's containers. */
  readonly port: string;
}

/** Options of `ServiceMonitor.fromService`. */
export interface ServiceMonitorOptions extends MonitorFactoryOptionsBase {
  /** Name of the Service port to scrape; it must be one of the Service's ports. */
  readonly port: string;
  /** @default - none */
  readonly targetLabels?: string[];
}

const FACTORY_KEYS = ['name', 'namespace', 'labels', 'jobLabel', 'podTargetLabels', 'sampleLimit', 'targetLimit'] as const;

interface CheckedFactoryOptions {
  readonly monitor: Record<string, unknown>;
  readonly endpoint: Record<string, unknown>;
}

function checkFactoryOptions(path: string, options: unknown, kind: MonitorKind): CheckedFactoryOptions {
  const endpointKeys = (kind === 'PodMonitor' ? POD_ENDPOINT_KEYS : SERVICE_ENDPOINT_KEYS).filter((k) => k !== 'portNumber' && k !== 'targetPort');
  const monitorKeys = kind === 'PodMonitor' ? FACTORY_KEYS : [...FACTORY_KEYS, 'targetLabels'];
  const o = checkProps<Record<string, unknown>>(path, options, [...monitorKeys, ...endpointKeys]);
  if (o.port === undefined) throw new ValidationError(`${path}.port`, undefined, `expected the name of the ${kind === 'PodMonitor' ? 'container' : 'Service'} port to scrape`);
  const endpoint = Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== undefined && (endpointKeys as readonly string[]).includes(k)));
  const monitor = Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== undefined && (monitorKeys as readonly string[]).includes(k)));
  // Validate everything the target does not decide now, with the options' own paths.
  resolveEndpoint(path, endpoint, kind);
  if (monitor.name !== undefined) checkDnsSubdomain(`${path}.name`, monitor.name, `a ${kind} name`);
  if (monitor.namespace !== undefined) checkNamespaceName(`${path}.namespace`, monitor.namespace);
  resolveMonitorSettings(path, monitor as Partial<ServiceMonitorProps>, kind);
  return { monitor, endpoint };
}

/** Checks factory options before the target is known (Pulumi: at construction, before outputs resolve). */
export function checkWorkloadPodMonitorOptions(path: string, options: unknown): void {
  checkFactoryOptions(path, options, 'PodMonitor');
}

/** Checks ServiceMonitor factory options before the Service is known. */
export function checkServiceMonitorOptions(path: string, options: unknown): void {
  checkFactoryOptions(path, options, 'ServiceMonitor');
}

/** Identity and namespace selection of a monitor placed next to (or away from) its target. */
function placement(path: string, target: { path: string; name?: string; namespace?: string }, monitor: Record<string, unknown>, kind: MonitorKind) {
  const name = (monitor.name as string | undefined) ?? target.name;
  if (name === undefined) throw new ValidationError(`${path}.name`, undefined, `expected a name for the ${kind}: ${target.path} has no name yet`);
  const namespace = (monitor.namespace as string | undefined) ?? target.namespace;
  if (namespace === undefined) {
    throw new ValidationError(
      `${target.path}.metadata.namespace`,
      undefined,
      `expected a namespace: set it on ${target.path} (or its chart), or pass ${path}.namespace where it will run`,
    );
  }
  const namespaceSelector = target.namespace !== undefined && target.namespace !== namespace ? { matchNames: [target.namespace] } : undefined;
  return { name, namespace, ...(namespaceSelector ? { namespaceSelector } : {}) };
}

/**
 * PodMonitor props for a workload: its pod selector, its namespace and one endpoint on a named
 * container port (checked against the containers when they are known).
 */
export function podMonitorPropsForWorkload(workload: WorkloadDescription, options: unknown, path = 'options'): PodMonitorProps {
  const { monitor, endpoint } = checkFactoryOptions(path, options, 'PodMonitor');
  const hasLabels = workload.matchLabels !== undefined && Object.keys(workload.matchLabels).length > 0;
  const hasExpressions = workload.matchExpressions !== undefined && workload.matchExpressions.length > 0;
  if (!hasLabels && !hasExpressions) {
    throw new ValidationError(`${workload.path}.spec.selector`, workload.matchLabels ?? {}, 'expected a workload that selects its pods by label: an empty selector would make the PodMonitor scrape every pod of the namespace');
  }
  if (workload.containerPorts !== undefined) {
    const names = workload.containerPorts.map((p) => p.name).filter((n): n is string => n !== undefined);
    if (!names.includes(endpoint.port as string)) {
      throw new ValidationError(
        `${path}.port`,
        endpoint.port,
        `expected a named port of ${workload.path}'s containers (${names.length ? names.map((n) => JSON.stringify(n)).join(', ') : 'it declares no named ports'})`,
        'Name the container port (ports: [{ number, name }]) and create the monitor after the containers.',
      );
    }
  }
  return {
    ...placement(path, workload, monitor, 'PodMonitor'),
    ...(monitor.labels !== undefined ? { labels: monitor.labels as Record<string, string> } : {}),
    selector: {
      ...(hasLabels ? { matchLabels: { ...workload.matchLabels } } : {}),
      ...(hasExpressions
        ? { matchExpressions: workload.matchExpressions!.map((e) => ({ ...e, ...(e.values ? { values: [...e.values] } : {}) })) }
        : {}),
    },
    endpoints: [endpoint as PodMetricsEndpointProps],
    ...Object.fromEntries(Object.entries(monitor).filter(([k]) => !['name', 'namespace', 'labels'].includes(k))),
  } as PodMonitorProps;
}

/**
 * ServiceMonitor props for a Service: selects it by all its labels (a ServiceMonitor selects
 * Services, not pods), in its namespace, with one endpoint on a named Service port.
 */
export function serviceMonitorPropsForService(service: ServiceDescription, options: unknown, path = 'options'): ServiceMonitorProps {
  const { monitor, endpoint } = checkFactoryOptions(path, options, 'ServiceMonitor');
  if (service.labels === undefined || Object.keys(service.labels).length === 0) {
    throw new ValidationError(
      `${service.path}.metadata.labels`,
      service.labels ?? {},
      'expected labels on the Service: a ServiceMonitor selects Services by their labels',
      'Add a label such as app: <name> to the Service\'s metadata.',
    );
  }
  if (service.ports !== undefined) {
    const names = service.ports.map((p) => p.name).filter((n): n is string => n !== undefined && n !== '');
    if (!names.includes(endpoint.port as string)) {
      throw new ValidationError(
        `${path}.port`,
        endpoint.port,
        `expected a named port of ${service.path} (${names.length ? names.map((n) => JSON.stringify(n)).join(', ') : 'it has no named ports'})`,
        'Name the Service port (a ServiceMonitor refers to Service ports by name) and create the monitor after binding it.',
      );
    }
  }
  return {
    ...placement(path, service, monitor, 'ServiceMonitor'),
    ...(monitor.labels !== undefined ? { labels: monitor.labels as Record<string, string> } : {}),
    selector: { matchLabels: { ...service.labels } },
    endpoints: [endpoint as ServiceMonitorEndpointProps],
    ...Object.fromEntries(Object.entries(monitor).filter(([k]) => !['name', 'namespace', 'labels'].includes(k))),
  } as ServiceMonitorProps;
}
