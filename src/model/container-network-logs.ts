import { DNS_SUBDOMAIN, ROOT, checkEnum, checkLabelKey, checkLabelValue, checkProps, checkString, checkStringList, isPlainObject } from './check';
import { ValidationError } from '../errors';

// ContainerNetworkLog (acn.azure.com/v1alpha1): the ACNS custom resource that selects which flows
// Hubble writes to the node's flow-log file (and, with `enableContainerNetworkLogs`, to the
// `ContainerNetworkLogs` table). Facts: shared/reference/NOTES-network-observability.md §1, §2, §8.
//
// No public CRD or Go type exists (the operator is the closed `retina-operator-enterprise`,
// NOTES §2.1, §8.1): the schema is the published template and field table [AKS-CNL-HOWTO,
// AKS-CNL-RENAME], which crds/containernetworklogs.acn.azure.com.yaml encodes. Where the operator's
// own validation is unknown we validate like Kubernetes and choose the strict side: a value we reject
// costs the user a rename, a value the operator marks FAILED (status.state, NOTES §2.4) is a silent
// loss of logs that synth cannot report.

/** The API version of the resource (NOTES §2.2 [AKS-CNL-HOWTO]). */
export const CONTAINER_NETWORK_LOG_API_VERSION = 'acn.azure.com/v1alpha1';
export const CONTAINER_NETWORK_LOG_KIND = 'ContainerNetworkLog';

/** `protocol` values, lower case as published (NOTES §2.3 [AKS-CNL-HOWTO]). */
export const CONTAINER_NETWORK_LOG_PROTOCOLS = ['tcp', 'udp', 'dns'] as const;
export type ContainerNetworkLogProtocol = (typeof CONTAINER_NETWORK_LOG_PROTOCOLS)[number];

/** `verdict` values, lower case as published; the operator upper-cases them for Hubble (NOTES §2.3, §2.5). */
export const CONTAINER_NETWORK_LOG_VERDICTS = ['forwarded', 'dropped'] as const;
export type ContainerNetworkLogVerdict = (typeof CONTAINER_NETWORK_LOG_VERDICTS)[number];

export const LABEL_SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;
export type LabelSelectorOperator = (typeof LABEL_SELECTOR_OPERATORS)[number];

/** One requirement of a Kubernetes label selector (`metav1.LabelSelectorRequirement`). */
export interface FlowLogLabelRequirementProps {
  /** The label key (`[prefix/]name`). */
  readonly key: string;
  /** How the label is compared. */
  readonly operator: LabelSelectorOperator;
  /**
   * The values: at least one for `In`/`NotIn`, none for `Exists`/`DoesNotExist`.
   * @default - none
   */
  readonly values?: string[];
}

/** A Kubernetes label selector (`metav1.LabelSelector`); its parts are ANDed (NOTES §2.3). */
export interface FlowLogLabelSelectorProps {
  /**
   * Labels that must all be present with these values. The AKS examples select a namespace with the
   * label `k8s.io/namespace` (NOTES §2.3).
   * @default - no label equality requirement
   */
  readonly matchLabels?: Record<string, string>;
  /**
   * Further requirements, all of which must hold.
   * @default - none
   */
  readonly matchExpressions?: FlowLogLabelRequirementProps[];
}

/** One side of a flow (`from` = source, `to` = destination). Its conditions are ANDed (NOTES §2.3). */
export interface FlowLogEndpointProps {
  /**
   * Pods as `namespace/podNamePrefix` (wire `namespacedPod`); values act as prefixes, e.g.
   * `pets/order-service-` (NOTES §2.3 [AKS-LABS]).
   * @default - no pod condition
   */
  readonly namespacedPods?: string[];
  /**
   * Pods by label (wire `labelSelector`).
   * @default - no label condition
   */
  readonly labelSelector?: FlowLogLabelSelectorProps;
  /**
   * IPv4/IPv6 addresses or CIDRs (wire `ip`), e.g. `10.0.0.1`, `10.0.0.0/8`, `fd00::/8`.
   * @default - no address condition
   */
  readonly ips?: string[];
}

/**
 * One include filter (wire `spec.includefilters[]`). Filters, and the filters of all
 * ContainerNetworkLogs of the cluster, are ORed (NOTES §2.2, §2.3).
 */
export interface ContainerNetworkLogFilterProps {
  /**
   * A label for the filter (a DNS-1123 label, unique within the resource).
   * @default - unnamed
   */
  readonly name?: string;
  /**
   * The source of the flow.
   * @default - any source
   */
  readonly from?: FlowLogEndpointProps;
  /**
   * The destination of the flow.
   * @default - any destination
   */
  readonly to?: FlowLogEndpointProps;
  /**
   * Protocols (wire `protocol`).
   * @default - all protocols
   */
  readonly protocols?: ContainerNetworkLogProtocol[];
  /**
   * Verdicts (wire `verdict`).
   * @default - all verdicts
   */
  readonly verdicts?: ContainerNetworkLogVerdict[];
}

/** A cluster-scoped ContainerNetworkLog resource. */
export interface ContainerNetworkLogProps {
  /** `metadata.name` (a DNS-1123 subdomain). */
  readonly name: string;
  /**
   * At least one filter (the CRD requires a non-empty `includefilters`, NOTES §2.3). Each filter
   * needs at least one of `from`, `to`, `protocols`, `verdicts` (see {@link resolveContainerNetworkLog}).
   */
  readonly filters: ContainerNetworkLogFilterProps[];
}

export interface FlowLogLabelSelectorModel {
  readonly matchLabels?: Record<string, string>;
  readonly matchExpressions?: Array<{ readonly key: string; readonly operator: LabelSelectorOperator; readonly values?: string[] }>;
}

export interface FlowLogEndpointModel {
  readonly namespacedPods?: string[];
  readonly labelSelector?: FlowLogLabelSelectorModel;
  readonly ips?: string[];
}

export interface ContainerNetworkLogFilterModel {
  readonly name?: string;
  readonly from?: FlowLogEndpointModel;
  readonly to?: FlowLogEndpointModel;
  readonly protocols?: ContainerNetworkLogProtocol[];
  readonly verdicts?: ContainerNetworkLogVerdict[];
}

export interface ContainerNetworkLogModel {
  readonly name: string;
  readonly filters: ContainerNetworkLogFilterModel[];
}

// -------------------------------------------------------------------------------------------------
// Kubernetes syntax (k8s.io/apimachinery validation)
// -------------------------------------------------------------------------------------------------

const DNS_LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** The start of a pod name (a DNS subdomain): it may end in "-" or ".", as `order-service-` does. */
const POD_NAME_PREFIX = /^[a-z0-9][-a-z0-9.]*$/;

const join = (path: string, key: string) => (path === ROOT ? key : `${path}.${key}`);

function resolveLabelSelector(path: string, value: unknown): FlowLogLabelSelectorModel {
  const s = checkProps<FlowLogLabelSelectorProps>(path, value, ['matchLabels', 'matchExpressions']);
  if (s.matchLabels === undefined && s.matchExpressions === undefined) {
    throw new ValidationError(path, value, 'expected matchLabels and/or matchExpressions (an empty selector selects everything: leave labelSelector out instead)');
  }
  let matchLabels: Record<string, string> | undefined;
  if (s.matchLabels !== undefined) {
    const p = join(path, 'matchLabels');
    if (!isPlainObject(s.matchLabels)) throw new ValidationError(p, s.matchLabels, 'expected an object of label keys to label values');
    const keys = Object.keys(s.matchLabels);
    if (keys.length === 0) throw new ValidationError(p, s.matchLabels, 'expected at least one label (leave matchLabels out instead of an empty object)');
    const labels = s.matchLabels as Record<string, unknown>;
    matchLabels = {};
    for (const key of keys) {
      const kp = `${p}[${JSON.stringify(key)}]`;
      checkLabelKey(kp, key);
      matchLabels[key] = checkLabelValue(kp, labels[key]);
    }
  }
  let matchExpressions: FlowLogLabelSelectorModel['matchExpressions'];
  if (s.matchExpressions !== undefined) {
    const p = join(path, 'matchExpressions');
    if (!Array.isArray(s.matchExpressions) || s.matchExpressions.length === 0) {
      throw new ValidationError(p, s.matchExpressions, 'expected a non-empty array of { key, operator, values? } (leave matchExpressions out instead of an empty array)');
    }
    matchExpressions = s.matchExpressions.map((item, i) => {
      const ip = `${p}[${i}]`;
      const r = checkProps<FlowLogLabelRequirementProps>(ip, item, ['key', 'operator', 'values']);
      const key = checkLabelKey(`${ip}.key`, r.key);
      const operator = checkEnum(`${ip}.operator`, r.operator, LABEL_SELECTOR_OPERATORS);
      // metav1 ValidateLabelSelectorRequirement: In/NotIn need values, Exists/DoesNotExist forbid them.
      if (operator === 'In' || operator === 'NotIn') {
        if (r.values === undefined) throw new ValidationError(`${ip}.values`, undefined, `expected at least one value for operator ${operator}`);
        return { key, operator, values: checkStringList(`${ip}.values`, r.values, checkLabelValue, { minItems: 1 }) };
      }
      if (r.values !== undefined) throw new ValidationError(`${ip}.values`, r.values, `expected no values for operator ${operator}`);
      return { key, operator };
    });
  }
  return { ...(matchLabels ? { matchLabels } : {}), ...(matchExpressions ? { matchExpressions } : {}) };
}

/**
 * `namespace/podNamePrefix`. The namespace part must be a namespace name; the prefix must be non-empty:
 * Hubble reads `ns/` as "the whole namespace" (NOTES §2.5, §5), but no ContainerNetworkLog example
 * uses that form and its translation by the operator is unpublished — the AKS examples select a
 * namespace with the label `k8s.io/namespace` instead (NOTES §2.3).
 */
function checkNamespacedPod(path: string, value: unknown): string {
  const s = checkString(path, value);
  const parts = s.split('/');
  if (parts.length !== 2) {
    throw new ValidationError(path, value, 'expected "namespace/podNamePrefix": a namespace name, "/", then the start of the pod names (e.g. "pets/order-service-")');
  }
  const [namespace, prefix] = parts;
  if (namespace.length > 63 || !DNS_LABEL_RE.test(namespace)) {
    throw new ValidationError(
      path,
      value,
      'expected a Kubernetes namespace name before "/" (at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit)',
    );
  }
  if (prefix === '') {
    throw new ValidationError(
      path,
      value,
      'expected the start of the pod names after "/"',
      `To select a whole namespace, use labelSelector: { matchLabels: { "k8s.io/namespace": "${namespace}" } } as the AKS examples do`,
    );
  }
  if (prefix.length > 253 || !POD_NAME_PREFIX.test(prefix)) {
    throw new ValidationError(
      path,
      value,
      'expected a pod name prefix after "/": at most 253 lower-case letters, digits, "-" and ".", starting with a letter or digit (pod names are DNS subdomains)',
    );
  }
  return s;
}

// -------------------------------------------------------------------------------------------------
// IP addresses and CIDRs
// -------------------------------------------------------------------------------------------------

const IPV4_OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
/** Dotted-quad without leading zeros (Go >= 1.17 and Kubernetes reject "010.0.0.1": ambiguous octal). */
const IPV4 = new RegExp(`^${IPV4_OCTET}(\\.${IPV4_OCTET}){3}$`);
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

function parseIpv4(s: string): number[] | undefined {
  return IPV4.test(s) ? s.split('.').map(Number) : undefined;
}

/** RFC 4291 text form: 8 groups, or fewer with one "::" standing for one or more zero groups; an IPv4 tail allowed. No zone. */
function parseIpv6(s: string): number[] | undefined {
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (text: string, last: boolean): number[] | undefined => {
    if (text === '') return [];
    const parts = text.split(':');
    const bytes: number[] = [];
    for (let i = 0; i < parts.length; i++) {
      const v4 = last && i === parts.length - 1 ? parseIpv4(parts[i]) : undefined;
      if (v4) {
        bytes.push(...v4);
      } else if (HEX_GROUP.test(parts[i])) {
        const n = parseInt(parts[i], 16);
        bytes.push(Math.floor(n / 256), n % 256);
      } else {
        return undefined;
      }
    }
    return bytes;
  };
  if (halves.length === 1) {
    const all = groups(s, true);
    return all && all.length === 16 ? all : undefined;
  }
  const head = groups(halves[0], false);
  const tail = groups(halves[1], true);
  if (!head || !tail || head.length + tail.length > 14) return undefined;
  return [...head, ...new Array<number>(16 - head.length - tail.length).fill(0), ...tail];
}

/**
 * An IPv4/IPv6 address or CIDR, validated as strictly as Kubernetes' newer IP/CIDR validation
 * (KEP-4858): no leading zeros, no zone, no IPv4-mapped IPv6 (a flow's IPv4 address never has that
 * form, so such a filter would match nothing), a prefix length within 0–32 / 0–128 in plain decimal,
 * and no address bits set beyond the prefix (`10.0.0.1/8` is ambiguous: was `10.0.0.0/8` or
 * `10.0.0.1/32` meant?). Returns the canonical key used to find duplicates.
 */
function checkIpOrCidr(path: string, value: unknown): { text: string; key: string } {
  const s = checkString(path, value);
  const slash = s.indexOf('/');
  const addressText = slash >= 0 ? s.slice(0, slash) : s;
  const bytes = parseIpv4(addressText) ?? (addressText.includes(':') ? parseIpv6(addressText) : undefined);
  if (!bytes) {
    throw new ValidationError(
      path,
      value,
      'expected an IPv4 or IPv6 address or CIDR, such as "10.0.0.1", "10.0.0.0/8", "fd00::1" or "fd00::/8" (no leading zeros, no zone)',
    );
  }
  const bits = bytes.length * 8;
  const version = bytes.length === 4 ? 'IPv4' : 'IPv6';
  if (bytes.length === 16 && bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    throw new ValidationError(path, value, 'expected an IPv4 address in IPv4 form, not as an IPv4-mapped IPv6 address (flows carry the IPv4 form)');
  }
  let prefix = bits;
  if (slash >= 0) {
    const prefixText = s.slice(slash + 1);
    prefix = /^(0|[1-9][0-9]{0,2})$/.test(prefixText) ? Number(prefixText) : -1;
    if (prefix < 0 || prefix > bits) {
      throw new ValidationError(path, value, `expected a prefix length from 0 to ${bits} (plain decimal) after "/" of an ${version} CIDR`);
    }
    const network = bytes.map((b, i) => {
      const hostBits = 8 - Math.max(0, Math.min(8, prefix - i * 8));
      return b - (b % 2 ** hostBits);
    });
    if (network.some((b, i) => b !== bytes[i])) {
      throw new ValidationError(
        path,
        value,
        'expected no address bits set beyond the prefix length',
        `Did you mean "${formatAddress(network)}/${prefix}" (the network) or "${addressText}" (the one address)?`,
      );
    }
  }
  return { text: s, key: `${bytes.join('.')}/${prefix}` };
}

function formatAddress(bytes: number[]): string {
  if (bytes.length === 4) return bytes.join('.');
  const groups = Array.from({ length: 8 }, (_, i) => (bytes[2 * i] * 256 + bytes[2 * i + 1]).toString(16));
  // RFC 5952: the longest run (>= 2) of zero groups becomes "::".
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLength) [best, bestLength] = [i, j - i];
    i = j > i ? j : i + 1;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLength).join(':')}`;
}

function checkIpList(path: string, value: unknown): string[] {
  const seen = new Map<string, number>();
  return checkStringList(path, value, (itemPath, item) => {
    const { text, key } = checkIpOrCidr(itemPath, item);
    const first = seen.get(key);
    if (first !== undefined) {
      throw new ValidationError(itemPath, item, `expected no duplicates in the list (the same addresses as ${path}[${first}])`);
    }
    seen.set(key, seen.size);
    return text;
  }, { minItems: 1 });
}

// -------------------------------------------------------------------------------------------------
// Resolve
// -------------------------------------------------------------------------------------------------

function resolveEndpoint(path: string, value: unknown): FlowLogEndpointModel {
  const e = checkProps<FlowLogEndpointProps>(path, value, ['namespacedPods', 'labelSelector', 'ips']);
  if (e.namespacedPods === undefined && e.labelSelector === undefined && e.ips === undefined) {
    throw new ValidationError(path, value, 'expected at least one of namespacedPods, labelSelector, ips (leave the endpoint out to match any)');
  }
  return {
    ...(e.namespacedPods !== undefined ? { namespacedPods: checkStringList(join(path, 'namespacedPods'), e.namespacedPods, checkNamespacedPod, { minItems: 1 }) } : {}),
    ...(e.labelSelector !== undefined ? { labelSelector: resolveLabelSelector(join(path, 'labelSelector'), e.labelSelector) } : {}),
    ...(e.ips !== undefined ? { ips: checkIpList(join(path, 'ips'), e.ips) } : {}),
  };
}

/**
 * A filter with none of from/to/protocols/verdicts is rejected (decision). The notes do not say the
 * operator refuses it (NOTES §8.1: its validation is unpublished), but it would log every flow of
 * every node into Log Analytics — the opposite of what a filter is for and a cost surprise — and its
 * translation to a Hubble filter is unpublished. Logging everything stays possible, stated
 * explicitly: `verdicts: ['forwarded', 'dropped']` (the only two verdicts the CR knows, NOTES §2.3).
 */
function resolveFilter(path: string, value: unknown): ContainerNetworkLogFilterModel {
  const f = checkProps<ContainerNetworkLogFilterProps>(path, value, ['name', 'from', 'to', 'protocols', 'verdicts']);
  if (f.from === undefined && f.to === undefined && f.protocols === undefined && f.verdicts === undefined) {
    throw new ValidationError(
      path,
      value,
      'expected at least one of from, to, protocols, verdicts (a filter without conditions logs every flow of the cluster)',
      'To log every flow on purpose, write verdicts: ["forwarded", "dropped"]',
    );
  }
  return resolveFlowLogFilterBody(path, f);
}

/**
 * The checks of one filter's fields (`name`, `from`, `to`, `protocols`, `verdicts`), in that order,
 * on an object whose keys the caller has already checked (checkProps) — shared with the
 * ContainerNetworkMetric filters, whose body is the same (NOTES §2.6 [AKS-MFILTER]). `path` is the
 * filter's prop path. Fields that are undefined are left out of the model.
 */
export function resolveFlowLogFilterBody(path: string, f: ContainerNetworkLogFilterProps): ContainerNetworkLogFilterModel {
  const name = f.name === undefined ? undefined : checkString(join(path, 'name'), f.name, {
    pattern: DNS_LABEL_RE,
    maxLength: 63,
    patternText: 'a filter name (lower-case letters, digits and "-", starting and ending with a letter or digit)',
  });
  return {
    ...(name !== undefined ? { name } : {}),
    ...(f.from !== undefined ? { from: resolveEndpoint(join(path, 'from'), f.from) } : {}),
    ...(f.to !== undefined ? { to: resolveEndpoint(join(path, 'to'), f.to) } : {}),
    ...(f.protocols !== undefined
      ? { protocols: checkStringList(join(path, 'protocols'), f.protocols, (p, v) => checkEnum(p, v, CONTAINER_NETWORK_LOG_PROTOCOLS), { minItems: 1 }) as ContainerNetworkLogProtocol[] }
      : {}),
    ...(f.verdicts !== undefined
      ? { verdicts: checkStringList(join(path, 'verdicts'), f.verdicts, (p, v) => checkEnum(p, v, CONTAINER_NETWORK_LOG_VERDICTS), { minItems: 1 }) as ContainerNetworkLogVerdict[] }
      : {}),
  };
}

/**
 * Validates ContainerNetworkLog props into a model. `path` prefixes every error path (e.g.
 * `networkObservability.containerNetworkLogs[0]`; {@link ROOT} for bare prop names).
 */
export function resolveContainerNetworkLog(path: string, props: unknown): ContainerNetworkLogModel {
  const p = checkProps<ContainerNetworkLogProps>(path, props, ['name', 'filters']);
  const name = checkString(join(path, 'name'), p.name, {
    pattern: DNS_SUBDOMAIN,
    maxLength: 253,
    patternText: 'a ContainerNetworkLog name (a DNS subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit)',
  });
  const fp = join(path, 'filters');
  if (!Array.isArray(p.filters) || p.filters.length === 0) {
    throw new ValidationError(fp, p.filters, 'expected a non-empty array of filters (the resource needs at least one include filter)');
  }
  const conditions = (f: ContainerNetworkLogFilterModel) => JSON.stringify({ ...f, name: undefined });
  const filters: ContainerNetworkLogFilterModel[] = [];
  p.filters.forEach((item, i) => {
    const filter = resolveFilter(`${fp}[${i}]`, item);
    filters.forEach((other, j) => {
      if (filter.name !== undefined && other.name === filter.name) {
        throw new ValidationError(`${fp}[${i}].name`, filter.name, `expected a name not used by ${fp}[${j}]`);
      }
      if (conditions(other) === conditions(filter)) {
        throw new ValidationError(`${fp}[${i}]`, item, `expected conditions different from ${fp}[${j}] (filters are ORed: a repeat adds nothing)`);
      }
    });
    filters.push(filter);
  });
  return { name, filters };
}
