/**
 * Validation of built-in Kubernetes manifests (ConfigMap, DaemonSet, ClusterRole, ...) for tests.
 *
 * Three checks run on every object, each covering what the others cannot:
 *
 *  1. Types, required fields and enums — Kubernetes **1.27.1** OpenAPI, through the JSON schemas compiled into
 *     `kubernetes-models@4.4.2` (`new Model(obj).validate()`). These schemas do NOT reject unknown fields.
 *  2. Unknown fields — Kubernetes **1.28** field names, through the L1 classes of `cdk8s-plus-28` (`k8s.KubeXxx`,
 *     generated from the 1.28 OpenAPI). Their `toJson_KubeXxxProps` serializers copy only the fields the schema
 *     knows, so we round-trip the manifest (minus apiVersion/kind) through the serializer and report every path that
 *     is missing or changed afterwards as "unknown field <path> (not in Kubernetes 1.28 schema)".
 *     Why two versions: no Kubernetes 1.28 JSON-schema package is available offline in this project; the newest
 *     schema we have is kubernetes-models' 1.27.1, and the only 1.28 source is cdk8s-plus-28's generated code,
 *     which carries field names (and nesting) but no validation rules. A field added in 1.28 therefore passes
 *     check 2 but is not type-checked by check 1.
 *  3. Metadata — `metadata.name` present and a DNS-1123 subdomain (DNS-1123 label for Namespace, DNS-1035 label for
 *     Service, as the API server requires), `metadata.namespace` set for namespaced kinds and absent for
 *     cluster-scoped ones, label/annotation keys and label values well-formed.
 *
 * Props names vs wire names: the cdk8s L1 props are camel-cased and differ from the wire names for a few fields
 * (e.g. PodSpec hostIPC/hostPID/setHostnameAsFQDN -> hostIpc/hostPid/setHostnameAsFqdn, ContainerPort hostIP,
 * ServiceSpec clusterIP/loadBalancerIP, SessionAffinityConfig clientIP, Volume downwardAPI/scaleIO, PolicyRule
 * nonResourceURLs -> nonResourceUrLs, JSONSchemaProps $ref/x-kubernetes-*). The round trip therefore does not feed
 * the wire object to the serializer directly but through a read-only Proxy: when the serializer asks for a props
 * name that the object lacks, the proxy answers with the wire key that has the same letters and digits ignoring case
 * and punctuation. The serializer writes the canonical wire name back, so a wire key spelled any other way than
 * the schema's (e.g. `hostIp` on the wire) is still reported as unknown. Primitives are boxed so that the
 * serializer's `.value` (IntOrString, Quantity) and `.toISOString()` (Date) accessors work on plain JSON values.
 *
 * Custom resources (API groups not built into Kubernetes) are out of scope here: validate them against their CRD
 * with `validateCustomResource` (crd-schema.ts), or pass the CRD files to `expectValidKubernetesObjects`.
 */
import { k8s } from 'cdk8s-plus-28';
import { findCrd, validateCustomResource } from './crd-schema';
import { checkObjectMeta, describeObject, NameRule, splitApiVersion } from './k8s-metadata';

export { validateCustomResource } from './crd-schema';

/** A kubernetes-models class: `new Model(data).validate()` throws an Ajv ValidationError. */
type ModelClass = new (data: any) => { validate(): void };

interface KindRow {
  /** Loads the kubernetes-models class (Kubernetes 1.27.1 JSON schema). */
  readonly model: () => ModelClass;
  /** Name of the cdk8s-plus-28 `k8s` L1 class (Kubernetes 1.28 field names). */
  readonly l1: string;
  /** Namespaced kind (true) or cluster-scoped (false). */
  readonly namespaced: boolean;
  /** Name rule of the API server for this kind (default: DNS-1123 subdomain). */
  readonly nameRule?: NameRule;
}

/* eslint-disable @typescript-eslint/no-require-imports */
/** Supported built-in kinds, keyed by "apiVersion/Kind". Adding a kind is adding a row. */
const KINDS: Record<string, KindRow> = {
  'v1/ConfigMap': { model: () => require('kubernetes-models/v1/ConfigMap').ConfigMap, l1: 'KubeConfigMap', namespaced: true },
  'v1/Secret': { model: () => require('kubernetes-models/v1/Secret').Secret, l1: 'KubeSecret', namespaced: true },
  'v1/ServiceAccount': { model: () => require('kubernetes-models/v1/ServiceAccount').ServiceAccount, l1: 'KubeServiceAccount', namespaced: true },
  'v1/Service': { model: () => require('kubernetes-models/v1/Service').Service, l1: 'KubeService', namespaced: true, nameRule: 'dns1035-label' },
  'v1/Namespace': { model: () => require('kubernetes-models/v1/Namespace').Namespace, l1: 'KubeNamespace', namespaced: false, nameRule: 'dns1123-label' },
  'v1/Pod': { model: () => require('kubernetes-models/v1/Pod').Pod, l1: 'KubePod', namespaced: true },
  'v1/PersistentVolumeClaim': { model: () => require('kubernetes-models/v1/PersistentVolumeClaim').PersistentVolumeClaim, l1: 'KubePersistentVolumeClaim', namespaced: true },
  'apps/v1/DaemonSet': { model: () => require('kubernetes-models/apps/v1/DaemonSet').DaemonSet, l1: 'KubeDaemonSet', namespaced: true },
  'apps/v1/Deployment': { model: () => require('kubernetes-models/apps/v1/Deployment').Deployment, l1: 'KubeDeployment', namespaced: true },
  'apps/v1/StatefulSet': { model: () => require('kubernetes-models/apps/v1/StatefulSet').StatefulSet, l1: 'KubeStatefulSet', namespaced: true },
  'batch/v1/Job': { model: () => require('kubernetes-models/batch/v1/Job').Job, l1: 'KubeJob', namespaced: true },
  'batch/v1/CronJob': { model: () => require('kubernetes-models/batch/v1/CronJob').CronJob, l1: 'KubeCronJob', namespaced: true },
  'rbac.authorization.k8s.io/v1/ClusterRole': { model: () => require('kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole').ClusterRole, l1: 'KubeClusterRole', namespaced: false },
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': { model: () => require('kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding').ClusterRoleBinding, l1: 'KubeClusterRoleBinding', namespaced: false },
  'rbac.authorization.k8s.io/v1/Role': { model: () => require('kubernetes-models/rbac.authorization.k8s.io/v1/Role').Role, l1: 'KubeRole', namespaced: true },
  'rbac.authorization.k8s.io/v1/RoleBinding': { model: () => require('kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding').RoleBinding, l1: 'KubeRoleBinding', namespaced: true },
  'scheduling.k8s.io/v1/PriorityClass': { model: () => require('kubernetes-models/scheduling.k8s.io/v1/PriorityClass').PriorityClass, l1: 'KubePriorityClass', namespaced: false },
  'autoscaling/v2/HorizontalPodAutoscaler': { model: () => require('kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler').HorizontalPodAutoscaler, l1: 'KubeHorizontalPodAutoscalerV2', namespaced: true },
  'policy/v1/PodDisruptionBudget': { model: () => require('kubernetes-models/policy/v1/PodDisruptionBudget').PodDisruptionBudget, l1: 'KubePodDisruptionBudget', namespaced: true },
  'networking.k8s.io/v1/NetworkPolicy': { model: () => require('kubernetes-models/networking.k8s.io/v1/NetworkPolicy').NetworkPolicy, l1: 'KubeNetworkPolicy', namespaced: true },
  'apiextensions.k8s.io/v1/CustomResourceDefinition': {
    model: () => require('kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition').CustomResourceDefinition,
    l1: 'KubeCustomResourceDefinition',
    namespaced: false,
  },
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** The "apiVersion/Kind" keys this module can validate. */
export const SUPPORTED_KUBERNETES_KINDS: readonly string[] = Object.keys(KINDS);

const l1Exports = k8s as unknown as Record<string, any>;

/**
 * Self-check of the KINDS table: every row's kubernetes-models class and cdk8s-plus-28 L1 class exist and carry the
 * row's apiVersion/kind, and the L1 serializer exists. Returns the problems found (empty = table is consistent).
 */
export function verifyKindTable(): string[] {
  const problems: string[] = [];
  for (const [key, row] of Object.entries(KINDS)) {
    let model: any;
    try {
      model = row.model();
    } catch (err: any) {
      problems.push(`${key}: kubernetes-models class cannot be loaded: ${err?.message ?? String(err)}`);
    }
    if (model && `${model.apiVersion}/${model.kind}` !== key) {
      problems.push(`${key}: kubernetes-models class is ${model.apiVersion}/${model.kind}`);
    }
    const gvk = l1Exports[row.l1]?.GVK;
    if (!gvk || `${gvk.apiVersion}/${gvk.kind}` !== key) {
      problems.push(`${key}: cdk8s-plus-28 k8s.${row.l1} is ${gvk ? `${gvk.apiVersion}/${gvk.kind}` : 'missing'}`);
    }
    if (typeof l1Exports[`toJson_${row.l1}Props`] !== 'function') {
      problems.push(`${key}: cdk8s-plus-28 has no toJson_${row.l1}Props`);
    }
  }
  return problems;
}

let builtInGroupsCache: Set<string> | undefined;
/**
 * API groups built into Kubernetes 1.28: every group of a cdk8s-plus-28 L1 class, plus the legacy "extensions".
 * Anything else (e.g. azmonitoring.coreos.com, gateway.networking.k8s.io) is a custom resource.
 */
function builtInGroups(): Set<string> {
  if (!builtInGroupsCache) {
    builtInGroupsCache = new Set(['', 'extensions']);
    for (const value of Object.values(l1Exports)) {
      const apiVersion = value?.GVK?.apiVersion;
      if (typeof apiVersion === 'string') {
        builtInGroupsCache.add(splitApiVersion(apiVersion).group);
      }
    }
  }
  return builtInGroupsCache;
}

/** True if the object's API group is built into Kubernetes (i.e. not served by a CRD). */
export function isBuiltInKind(obj: any): boolean {
  return typeof obj?.apiVersion === 'string' && builtInGroups().has(splitApiVersion(obj.apiVersion).group);
}

// ---------------------------------------------------------------------------------------------------------------
// Check 1: kubernetes-models (1.27.1) JSON schema
// ---------------------------------------------------------------------------------------------------------------

function checkWithKubernetesModels(row: KindRow, obj: any): string[] {
  const Model = row.model();
  // status is reported by the round-trip check; its schema errors would only be noise.
  const { status: _status, ...withoutStatus } = obj;
  try {
    new Model(withoutStatus).validate();
    return [];
  } catch (err: any) {
    if (!Array.isArray(err?.errors)) {
      return [`/ kubernetes-models validation failed: ${err?.message ?? String(err)}`];
    }
    return err.errors.map((e: any) => {
      const at = e.instancePath || '/';
      const allowed = e.keyword === 'enum' && Array.isArray(e.params?.allowedValues)
        ? ` (${e.params.allowedValues.map((v: unknown) => JSON.stringify(v)).join(', ')})`
        : '';
      return `${at} ${e.message ?? e.keyword}${allowed} (Kubernetes 1.27.1 schema)`;
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Check 2: round trip through the cdk8s-plus-28 (1.28) L1 serializer
// ---------------------------------------------------------------------------------------------------------------

/** A boxed JSON primitive, so the generated serializers' `x?.value` / `x?.toISOString()` accessors work. */
class Boxed {
  constructor(readonly value: unknown) {}
  toISOString(): unknown {
    return this.value;
  }
}

const normalizeName = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');
const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;

const proxyHandler: ProxyHandler<any> = {
  get(target, prop, receiver) {
    if (typeof prop !== 'string') {
      return Reflect.get(target, prop, receiver);
    }
    if (Array.isArray(target)) {
      return ARRAY_INDEX.test(prop) ? wrap(target[Number(prop)]) : Reflect.get(target, prop, receiver);
    }
    if (Object.prototype.hasOwnProperty.call(target, prop)) {
      return wrap(target[prop]);
    }
    // The serializer asks for a props name (e.g. "hostIpc"); answer with the wire key ("hostIPC").
    const wanted = normalizeName(prop);
    const alias = Object.keys(target).find((k) => normalizeName(k) === wanted);
    return alias !== undefined ? wrap(target[alias]) : Reflect.get(target, prop, receiver);
  },
  set() {
    throw new Error('the round-trip input is read-only');
  },
};

function wrap(value: unknown): unknown {
  if (value === undefined || value === null) {
    return value;
  }
  return typeof value === 'object' ? new Proxy(value, proxyHandler) : new Boxed(value);
}

/** Deep copy that turns serializer output (Boxed values, proxies of input objects) back into plain JSON. */
function unbox(value: unknown): unknown {
  if (value instanceof Boxed) {
    return value.value;
  }
  if (Array.isArray(value)) {
    return Array.from({ length: value.length }, (_, i) => unbox(value[i]));
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const v = unbox((value as Record<string, unknown>)[key]);
      if (v !== undefined) {
        out[key] = v;
      }
    }
    return out;
  }
  return value;
}

/** Deep copy without null/undefined members (Kubernetes treats them as unset; the serializers crash on null). */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(withoutNulls);
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== null && v !== undefined) {
        out[k] = withoutNulls(v);
      }
    }
    return out;
  }
  return value;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function compareRoundTrip(original: unknown, roundTripped: unknown, at: string, errors: string[]): void {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(original) && isObject(roundTripped)) {
    for (const key of Object.keys(original)) {
      const child = `${at}/${escapePointer(key)}`;
      if (!(key in roundTripped)) {
        errors.push(`unknown field ${child} (not in Kubernetes 1.28 schema)`);
      } else {
        compareRoundTrip(original[key], roundTripped[key], child, errors);
      }
    }
    return;
  }
  if (Array.isArray(original) && Array.isArray(roundTripped)) {
    original.forEach((item, i) => {
      const child = `${at}/${i}`;
      if (i >= roundTripped.length) {
        errors.push(`unknown field ${child} (not in Kubernetes 1.28 schema)`);
      } else {
        compareRoundTrip(item, roundTripped[i], child, errors);
      }
    });
    return;
  }
  if (original !== roundTripped) {
    errors.push(`unknown field ${at || '/'} (not in Kubernetes 1.28 schema: the value ${JSON.stringify(original)} ` +
      `did not survive the round trip, got ${JSON.stringify(roundTripped)}; wrong type?)`);
  }
}

function checkRoundTrip(row: KindRow, obj: any): string[] {
  const serialize = l1Exports[`toJson_${row.l1}Props`];
  if (typeof serialize !== 'function') {
    return [`/ cdk8s-plus-28 has no toJson_${row.l1}Props serializer: fix the k8s-schema.ts row for ${obj.apiVersion}/${obj.kind}`];
  }
  const { apiVersion: _apiVersion, kind: _kind, status, ...props } = withoutNulls(obj) as Record<string, unknown>;
  const errors: string[] = [];
  if (status !== undefined) {
    errors.push('/status must not be set in a manifest (it is written by the cluster)');
  }
  let roundTripped: unknown;
  try {
    roundTripped = unbox(serialize(wrap(props)));
  } catch (err: any) {
    return [...errors, `/ the Kubernetes 1.28 serializer (${row.l1}) failed, probably on a value of the wrong type: ${err?.message ?? String(err)}`];
  }
  compareRoundTrip(props, roundTripped, '', errors);
  return errors;
}

// ---------------------------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------------------------

/**
 * Validates one built-in Kubernetes object (plain JSON, or anything with a `toJson()` such as a cdk8s ApiObject).
 * Returns human-readable errors of the form "Kind/name: <json pointer> <problem>"; an empty array means valid.
 */
export function validateKubernetesObject(obj: any): string[] {
  if (obj !== null && typeof obj === 'object' && typeof obj.toJson === 'function') {
    obj = obj.toJson();
  }
  const prefix = `${describeObject(obj)}: `;
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    return [`${prefix}/ must be an object, got ${JSON.stringify(obj)}`];
  }
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
    return [`${prefix}/ apiVersion and kind are required strings`];
  }
  const { group } = splitApiVersion(obj.apiVersion);
  if (!builtInGroups().has(group)) {
    return [`${prefix}/ ${obj.apiVersion} ${obj.kind} is a custom resource (API group "${group}" is not built into Kubernetes): ` +
      'validate it against its CRD with validateCustomResource(obj, crdYamlPath) from test/support/crd-schema.ts'];
  }
  const row = KINDS[`${obj.apiVersion}/${obj.kind}`];
  if (!row) {
    return [`${prefix}/ no schema for ${obj.apiVersion} ${obj.kind}: add a row to KINDS in test/support/k8s-schema.ts`];
  }
  return [
    ...checkObjectMeta(obj, { namespaced: row.namespaced, nameRule: row.nameRule }),
    ...checkWithKubernetesModels(row, obj),
    ...checkRoundTrip(row, obj),
  ].map((e) => prefix + e);
}

export interface ExpectValidOptions {
  /**
   * CRD YAML files used to validate custom resources among `objs` (matched by group and kind). Without a matching
   * CRD, a custom resource is an error.
   */
  readonly crds?: readonly string[];
}

/** All errors of all objects (built-in kinds, plus custom resources when their CRD is given). */
export function validateKubernetesObjects(objs: readonly any[], options: ExpectValidOptions = {}): string[] {
  const errors: string[] = [];
  objs.forEach((raw, index) => {
    const obj = raw !== null && typeof raw === 'object' && typeof raw.toJson === 'function' ? raw.toJson() : raw;
    const crd = options.crds && !isBuiltInKind(obj) ? findCrd(obj, options.crds) : undefined;
    const objErrors = crd ? validateCustomResource(obj, crd.file) : validateKubernetesObject(obj);
    errors.push(...objErrors.map((e) => `[${index}] ${e}`));
  });
  return errors;
}

/** Throws (failing the current jest test) with every error of every object, one per line. */
export function expectValidKubernetesObjects(objs: readonly any[], options: ExpectValidOptions = {}): void {
  const errors = validateKubernetesObjects(objs, options);
  if (errors.length > 0) {
    throw new Error(`${errors.length} Kubernetes validation error(s) in ${objs.length} object(s):\n  - ${errors.join('\n  - ')}`);
  }
}
