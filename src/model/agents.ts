import { ValidationError } from '../errors';
import { checkEnum, checkLabelKey, checkLabelValue, checkProps, checkString, isPlainObject } from './check';
import { ClusterModel } from './cluster';
import { Toleration } from './distribution';
import { isToken } from './tokens';

/**
 * Who runs the agents (`ama-logs`, `ama-metrics`) on the cluster:
 * - `addon`: AKS runs them as add-ons (the `omsagent` add-on and `azureMonitorProfile.metrics`, switched
 *   on in the cluster settings fragment). AKS only. The stack emits no agent workloads.
 * - `arc-extension`: the Arc cluster extensions `azuremonitor-containers` / `azuremonitor-metrics` run
 *   them; the stack renders the extension resources with their configuration settings (ARM form and the
 *   other Azure forms). Arc-enabled distributions only.
 * - `manifests`: the stack emits the agent workloads themselves (ServiceAccounts, RBAC, DaemonSets,
 *   Deployments, kube-state-metrics, the target allocator, HPA/PDB, and the admission objects the
 *   distribution needs), for GitOps review, mirrored or air-gapped registries and pinned versions.
 */
export const AGENT_MODES = ['addon', 'arc-extension', 'manifests'] as const;
export type AgentMode = (typeof AGENT_MODES)[number];

/**
 * The images the agents run, each a repository under the registry and a default tag. Defaults are the
 * versions whose manifests the library reproduces field for field:
 * - Container Insights 3.1.24: the pinned baseline of the reference manifest and chart
 *   (reference/container-insights/SOURCES.md; NOTES-container-insights §1.2). Newer agent versions
 *   (3.1.35 in the unified chart) add env and mounts this library does not render, so we do not default to them.
 * - Managed Prometheus 7.1.0 (`7.1.0-main-07-07-2026-548e23dc`, RELEASENOTES of the pinned commit,
 *   NOTES-managed-prometheus §2.3) with its `-win`, `-targetallocator` and `-cfg` variants.
 * - kube-state-metrics `v2.19.0-4` and the AKS token adapter `master.260209.2` (values-template of the same commit).
 * - Arc `msi-adapter` `1.29.3`: the version both charts pin for OpenShift (NOTES-container-insights §1.2,
 *   NOTES-managed-prometheus §2.3); on other Arc clusters the platform injects its own copy, which
 *   manifests cannot receive, so the pinned one is used everywhere.
 */
export const AGENT_IMAGES = {
  'ama-logs': { repository: 'azuremonitor/containerinsights/ciprod', tag: '3.1.24' },
  'ama-logs-windows': { repository: 'azuremonitor/containerinsights/ciprod', tag: 'win-3.1.24' },
  'prometheus-collector': { repository: 'azuremonitor/containerinsights/ciprod/prometheus-collector/images', tag: '7.1.0-main-07-07-2026-548e23dc' },
  'prometheus-collector-windows': {
    repository: 'azuremonitor/containerinsights/ciprod/prometheus-collector/images',
    tag: '7.1.0-main-07-07-2026-548e23dc-win',
  },
  'target-allocator': {
    repository: 'azuremonitor/containerinsights/ciprod/prometheus-collector/images',
    tag: '7.1.0-main-07-07-2026-548e23dc-targetallocator',
  },
  'config-reader': { repository: 'azuremonitor/containerinsights/ciprod/prometheus-collector/images', tag: '7.1.0-main-07-07-2026-548e23dc-cfg' },
  'kube-state-metrics': { repository: 'oss/v2/kubernetes/kube-state-metrics', tag: 'v2.19.0-4' },
  'addon-token-adapter': { repository: 'aks/msi/addon-token-adapter', tag: 'master.260209.2' },
  'msi-adapter': { repository: 'azurearck8s/msi-adapter', tag: '1.29.3' },
} as const;
export type AgentImage = keyof typeof AGENT_IMAGES;
export const AGENT_IMAGE_NAMES = Object.keys(AGENT_IMAGES) as AgentImage[];

/** The registry every default image lives in (NOTES-container-insights §1.2 `mcr_repository_base`). */
export const DEFAULT_REGISTRY = 'mcr.microsoft.com';

/** CPU and memory of a container, as Kubernetes quantities. */
export interface ResourceQuantities {
  /** CPU, e.g. `"150m"` or `"1"`. */
  readonly cpu?: string;
  /** Memory, e.g. `"500Mi"` or `"1Gi"`. */
  readonly memory?: string;
}

/** Requests and limits of one container; what is left out keeps the upstream default. */
export interface ContainerResourcesProps {
  /** @default - upstream's requests for this container on this kind of cluster */
  readonly requests?: ResourceQuantities;
  /** @default - upstream's limits for this container on this kind of cluster */
  readonly limits?: ResourceQuantities;
}

/** A resolved container's resources (only the fields upstream or the user set). */
export interface ContainerResources {
  readonly requests?: { readonly cpu?: string; readonly memory?: string };
  readonly limits?: { readonly cpu?: string; readonly memory?: string };
}

/**
 * The agent containers whose resources can be set, by workload and container:
 * `ama-logs` (Linux DaemonSet, main container), `ama-logs-prometheus` (its Prometheus sidecar),
 * `ama-logs-rs` (the cluster-level Deployment), `ama-logs-windows`, `ama-metrics` (Deployment),
 * `ama-metrics-node`, `ama-metrics-win-node`, `ama-metrics-ksm`, `ama-metrics-operator-targets` (target
 * allocator) and `ama-metrics-config-reader` (its config-reader sidecar). The identity sidecars keep
 * upstream's sizes.
 */
export const AGENT_CONTAINERS = [
  'ama-logs',
  'ama-logs-prometheus',
  'ama-logs-rs',
  'ama-logs-windows',
  'ama-metrics',
  'ama-metrics-node',
  'ama-metrics-win-node',
  'ama-metrics-ksm',
  'ama-metrics-operator-targets',
  'ama-metrics-config-reader',
] as const;
export type AgentContainer = (typeof AGENT_CONTAINERS)[number];

/** Images to pull. */
export interface AgentImagesProps {
  /**
   * Registry (host, optional port and path prefix) that replaces `mcr.microsoft.com` in every image:
   * a mirror or pull-through cache (`myregistry.azurecr.io/mcr`), an air-gapped registry, or a sovereign
   * cloud's MCR (`mcr.azk8s.cn` for Azure China). The repository paths stay upstream's, so mirror them as they are.
   * @default "mcr.microsoft.com"
   */
  readonly registry?: string;
  /**
   * Tags to pin per image (`ama-logs`, `ama-logs-windows`, `prometheus-collector`,
   * `prometheus-collector-windows`, `target-allocator`, `config-reader`, `kube-state-metrics`,
   * `addon-token-adapter`, `msi-adapter`), or a digest (`sha256:...`). Moving an agent to another version
   * than the default is on you: its manifests are those of the default version.
   * @default - the versions in AGENT_IMAGES
   */
  readonly tags?: Partial<Record<AgentImage, string>>;
}

/** The agent workloads, and who runs them. */
export interface AgentsProps {
  /**
   * Who runs the agents: `addon` (AKS), `arc-extension` (Arc-enabled clusters) or `manifests` (the stack
   * emits the workloads). Which agents there are follows the stack (`containerInsights` → `ama-logs`,
   * `managedPrometheus` → `ama-metrics`) and `onboarding.containerInsights` / `onboarding.managedPrometheus`.
   * @default - "addon" on AKS, "arc-extension" on Arc-enabled distributions
   */
  readonly mode?: AgentMode;
  /**
   * `manifests` only: images, from another registry or pinned to other tags.
   * @default - upstream images from mcr.microsoft.com
   */
  readonly images?: AgentImagesProps;
  /**
   * `manifests` only: requests and limits per agent container, merged over upstream's (AKS's values on
   * AKS, the Arc charts' on Arc-enabled clusters).
   * @default - upstream's
   */
  readonly resources?: Partial<Record<AgentContainer, ContainerResourcesProps>>;
  /**
   * `manifests` only: tolerations added to every agent pod, after the distribution's defaults (e.g. your
   * own dedicated-node taints).
   * @default - none
   */
  readonly tolerations?: Toleration[];
  /**
   * `manifests` only: a node selector for every agent pod (e.g. to monitor some node pools only).
   * `kubernetes.io/os` and `kubernetes.io/arch` are not allowed: the agents choose the OS themselves
   * (Linux and Windows workloads), and their images are multi-arch.
   * @default - none
   */
  readonly nodeSelector?: Record<string, string>;
  /**
   * `manifests` only: the PriorityClass of every agent pod.
   * @default - upstream's: `system-node-critical` (the AKS add-ons, ama-metrics on Arc), `system-cluster-critical`
   * for the target allocator, and on Arc-enabled clusters the `ama-logs` PriorityClass (value 10) the Arc chart creates
   */
  readonly priorityClassName?: string;
  /**
   * `manifests` on AKS with managed identity: the client ID of the user-assigned identity whose token the
   * token adapter serves (`USER_ASSIGNED_IDENTITY_CLIENT_ID`, the add-on's `OmsAgent.identityClientID`).
   * @default "" (the identity of the token Secret)
   */
  readonly identityClientId?: string;
  /**
   * `manifests` with `containerInsights.authentication: "workspace-key"` (legacy): the name of a Secret in
   * kube-system you create with the keys `WSID` (workspace customer ID) and `KEY` (its shared key), and
   * optionally `DOMAIN` and `PROXY`. The stack only refers to it: it never carries the key.
   * @default - required with workspace-key authentication
   */
  readonly workspaceKeySecret?: string;
}

/** What `manifests` mode renders, resolved. */
export interface AgentManifestsModel {
  /** Full image references by image. */
  readonly images: Readonly<Record<AgentImage, string>>;
  /** The user's resource overrides (merged over the defaults by the renderers, which know upstream's values). */
  readonly resources: Readonly<Partial<Record<AgentContainer, ContainerResources>>>;
  readonly extraTolerations: readonly Toleration[];
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly priorityClassName?: string;
  readonly identityClientId: string;
  readonly workspaceKeySecret?: string;
}

export interface AgentsModel {
  readonly mode: AgentMode;
  /** Present in `manifests` mode. */
  readonly manifests?: AgentManifestsModel;
}

export const AGENTS_PROPS_KEYS = [
  'mode',
  'images',
  'resources',
  'tolerations',
  'nodeSelector',
  'priorityClassName',
  'identityClientId',
  'workspaceKeySecret',
] as const;

/** What the agents model reads from the rest of the stack. */
export interface AgentsInput {
  /** Container Insights' authentication, with the path of its props, when the stack has it. */
  readonly containerInsightsAuth?: { readonly value: 'managed-identity' | 'workspace-key'; readonly path: string };
}

/**
 * Registry host (a DNS name or IPv4, optional port) and an optional path of lower-case repository
 * components (the distribution spec's repository grammar).
 */
const REGISTRY = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*)(?::[0-9]{1,5})?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
/** An OCI tag (at most 128 characters) or a digest. */
const TAG = /^(?:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|sha256:[a-f0-9]{64})$/;
/** A Kubernetes CPU quantity: whole or decimal cores, or millicores. */
const CPU = /^(?:[0-9]+(?:\.[0-9]+)?|[0-9]+m)$/;
/** A Kubernetes memory quantity with a binary or decimal suffix, or plain bytes. */
const MEMORY = /^[0-9]+(?:\.[0-9]+)?(?:Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const MEMORY_FACTORS: Record<string, number> = {
  '': 1,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
  'Ki': 2 ** 10,
  'Mi': 2 ** 20,
  'Gi': 2 ** 30,
  'Ti': 2 ** 40,
  'Pi': 2 ** 50,
  'Ei': 2 ** 60,
};

/** A CPU quantity in millicores. */
export function cpuMillis(q: string): number {
  return q.endsWith('m') ? Number(q.slice(0, -1)) : Number(q) * 1000;
}

/** A memory quantity in bytes. */
export function memoryBytes(q: string): number {
  const m = /^([0-9.]+)([A-Za-z]*)$/.exec(q)!;
  return Number(m[1]) * MEMORY_FACTORS[m[2]];
}

/** A managed identity's client ID (a GUID). Exported so engines can check a deferred one once resolved. */
export function checkClientId(path: string, value: unknown): string {
  return checkString(path, value, { pattern: GUID, patternText: 'a client ID (GUID) of a user-assigned managed identity' });
}

function checkQuantities(path: string, value: unknown): { cpu?: string; memory?: string } {
  const q = checkProps<ResourceQuantities>(path, value, ['cpu', 'memory']);
  const out: { cpu?: string; memory?: string } = {};
  if (q.cpu !== undefined) {
    out.cpu = checkString(`${path}.cpu`, q.cpu, { pattern: CPU, patternText: 'a CPU quantity such as "150m", "0.5" or "2"' });
    if (cpuMillis(out.cpu) <= 0) throw new ValidationError(`${path}.cpu`, q.cpu, 'expected more than zero CPU');
  }
  if (q.memory !== undefined) {
    out.memory = checkString(`${path}.memory`, q.memory, { pattern: MEMORY, patternText: 'a memory quantity such as "500Mi" or "1Gi"' });
    if (memoryBytes(out.memory) <= 0) throw new ValidationError(`${path}.memory`, q.memory, 'expected more than zero memory');
  }
  return out;
}

function checkContainerResources(path: string, value: unknown): ContainerResources {
  const r = checkProps<ContainerResourcesProps>(path, value, ['requests', 'limits']);
  return {
    ...(r.requests !== undefined ? { requests: checkQuantities(`${path}.requests`, r.requests) } : {}),
    ...(r.limits !== undefined ? { limits: checkQuantities(`${path}.limits`, r.limits) } : {}),
  };
}

/**
 * Checks that requests do not exceed limits once the user's values are merged over the defaults
 * (the API server rejects such a pod template). Renderers call it with the merged values.
 */
export function checkRequestsWithinLimits(path: string, merged: ContainerResources): void {
  const req = merged.requests ?? {};
  const lim = merged.limits ?? {};
  if (req.cpu !== undefined && lim.cpu !== undefined && cpuMillis(req.cpu) > cpuMillis(lim.cpu)) {
    throw new ValidationError(`${path}.requests.cpu`, req.cpu, `expected at most the CPU limit (${lim.cpu}); the API server rejects a request above its limit`);
  }
  if (req.memory !== undefined && lim.memory !== undefined && memoryBytes(req.memory) > memoryBytes(lim.memory)) {
    throw new ValidationError(
      `${path}.requests.memory`,
      req.memory,
      `expected at most the memory limit (${lim.memory}); the API server rejects a request above its limit`,
    );
  }
}

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

function checkToleration(path: string, value: unknown): Toleration {
  const t = checkProps<Toleration & { tolerationSeconds?: unknown }>(path, value, ['key', 'operator', 'value', 'effect']);
  const operator = t.operator === undefined ? 'Equal' : checkEnum(`${path}.operator`, t.operator, ['Exists', 'Equal'] as const);
  const key = t.key === undefined ? undefined : checkLabelKey(`${path}.key`, t.key);
  if (key === undefined && operator !== 'Exists') {
    throw new ValidationError(`${path}.operator`, t.operator, 'expected "Exists" when there is no key (an empty key matches every taint only with Exists)');
  }
  let v: string | undefined;
  if (t.value !== undefined) {
    if (operator === 'Exists') throw new ValidationError(`${path}.value`, t.value, 'expected no value with operator "Exists"');
    v = checkLabelValue(`${path}.value`, t.value);
  }
  const effect = t.effect === undefined ? undefined : checkEnum(`${path}.effect`, t.effect, EFFECTS);
  return { ...(key !== undefined ? { key } : {}), operator, ...(v !== undefined ? { value: v } : {}), ...(effect ? { effect } : {}) };
}

/**
 * Validates the agent props. Mode and distribution must fit (`addon` is AKS's, `arc-extension` the Arc
 * platform's); the `manifests`-only knobs are errors in the other modes, where the add-on or the
 * extension owns the workloads and would silently ignore them.
 */
export function resolveAgents(path: string, props: unknown, cluster: ClusterModel, input: AgentsInput): AgentsModel {
  const p = props === undefined ? {} : checkProps<AgentsProps>(path, props, AGENTS_PROPS_KEYS);
  const profile = cluster.profile;
  const defaultMode: AgentMode = profile.onboarding === 'aks-addon' ? 'addon' : 'arc-extension';
  const mode = p.mode === undefined ? defaultMode : checkEnum(`${path}.mode`, p.mode, AGENT_MODES);
  if (mode === 'addon' && profile.onboarding !== 'aks-addon') {
    throw new ValidationError(
      `${path}.mode`,
      mode,
      `expected "arc-extension" or "manifests" on ${profile.displayName}: add-ons are AKS's (the managed cluster runs them)`,
    );
  }
  if (mode === 'arc-extension' && profile.onboarding !== 'arc-extension') {
    throw new ValidationError(
      `${path}.mode`,
      mode,
      `expected "addon" or "manifests" on ${profile.displayName}: cluster extensions are for Arc-enabled (connected) clusters`,
    );
  }

  if (mode !== 'manifests') {
    for (const key of AGENTS_PROPS_KEYS) {
      if (key === 'mode' || p[key] === undefined) continue;
      throw new ValidationError(
        `${path}.${key}`,
        p[key],
        `expected nothing in mode "${mode}": the ${mode === 'addon' ? 'add-on' : 'extension'} owns the agent workloads and would ignore it; ` +
          'it applies to mode "manifests"',
      );
    }
    return { mode };
  }

  // --- manifests ---
  if (cluster.resourceId === undefined) {
    throw new ValidationError(
      'cluster.resourceId',
      undefined,
      'expected the cluster\'s ARM resource ID in agents mode "manifests": the agents carry it (AKS_RESOURCE_ID, CLUSTER) to tag their data, ' +
        'and a Kubernetes object cannot take a template parameter',
    );
  }
  const images = resolveImages(`${path}.images`, p.images);
  const resources: Partial<Record<AgentContainer, ContainerResources>> = {};
  if (p.resources !== undefined) {
    const r = checkProps<Record<string, unknown>>(`${path}.resources`, p.resources, AGENT_CONTAINERS);
    for (const c of AGENT_CONTAINERS) {
      if (r[c] !== undefined) resources[c] = checkContainerResources(`${path}.resources.${c}`, r[c]);
    }
  }

  let extraTolerations: Toleration[] = [];
  if (p.tolerations !== undefined) {
    if (!Array.isArray(p.tolerations)) throw new ValidationError(`${path}.tolerations`, p.tolerations, 'expected an array of tolerations');
    extraTolerations = p.tolerations.map((t, i) => checkToleration(`${path}.tolerations[${i}]`, t));
  }

  const nodeSelector: Record<string, string> = {};
  if (p.nodeSelector !== undefined) {
    if (!isPlainObject(p.nodeSelector)) throw new ValidationError(`${path}.nodeSelector`, p.nodeSelector, 'expected an object of label keys to values');
    for (const [k, v] of Object.entries(p.nodeSelector)) {
      if (v === undefined) continue;
      const key = checkLabelKey(`${path}.nodeSelector`, k);
      if (key === 'kubernetes.io/os' || key === 'kubernetes.io/arch') {
        throw new ValidationError(
          `${path}.nodeSelector.${key}`,
          v,
          `expected no ${key} selector: the agents select the OS themselves (a Linux and a Windows DaemonSet) and their images are multi-arch`,
          key === 'kubernetes.io/os' ? 'Set cluster.nodes.windows to say whether there are Windows nodes.' : undefined,
        );
      }
      nodeSelector[key] = checkLabelValue(`${path}.nodeSelector.${key}`, v);
    }
  }

  const priorityClassName = p.priorityClassName === undefined ? undefined : checkString(`${path}.priorityClassName`, p.priorityClassName, {
    maxLength: 253,
    pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    patternText: 'a PriorityClass name (a DNS subdomain: lower-case letters, digits, "-" and ".")',
  });

  let identityClientId = '';
  if (p.identityClientId !== undefined) {
    const ci = input.containerInsightsAuth;
    if (profile.onboarding !== 'aks-addon') {
      throw new ValidationError(
        `${path}.identityClientId`,
        p.identityClientId,
        `expected nothing on ${profile.displayName}: on Arc-enabled clusters the agents authenticate as the connected cluster's identity, which has no client ID to give`,
      );
    }
    if (ci?.value === 'workspace-key') {
      throw new ValidationError(`${path}.identityClientId`, p.identityClientId, `expected nothing with ${ci.path}: "workspace-key" (the agents use no managed identity)`);
    }
    identityClientId = isToken(p.identityClientId) ? p.identityClientId : checkClientId(`${path}.identityClientId`, p.identityClientId);
  }

  let workspaceKeySecret: string | undefined;
  const auth = input.containerInsightsAuth;
  if (p.workspaceKeySecret !== undefined) {
    if (auth?.value !== 'workspace-key') {
      throw new ValidationError(
        `${path}.workspaceKeySecret`,
        p.workspaceKeySecret,
        auth === undefined
          ? 'expected nothing: the stack has no containerInsights, so there is no logs agent to give a key'
          : `expected nothing with ${auth.path}: "${auth.value}" (managed identity needs no key); it is for "workspace-key"`,
      );
    }
    workspaceKeySecret = checkString(`${path}.workspaceKeySecret`, p.workspaceKeySecret, {
      maxLength: 253,
      pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
      patternText: 'a Secret name (a DNS subdomain: lower-case letters, digits, "-" and ".")',
    });
  } else if (auth?.value === 'workspace-key') {
    throw new ValidationError(
      `${path}.workspaceKeySecret`,
      undefined,
      `expected the name of a Secret in kube-system with the keys WSID and KEY, because ${auth.path} is "workspace-key": ` +
        'the stack never carries the workspace key, so the agent reads it from a Secret you create',
      'kubectl -n kube-system create secret generic ama-logs-secret --from-literal=WSID=<workspace customer ID> --from-literal=KEY=<shared key>',
    );
  }

  return {
    mode,
    manifests: {
      images,
      resources,
      extraTolerations,
      nodeSelector,
      ...(priorityClassName !== undefined ? { priorityClassName } : {}),
      identityClientId,
      ...(workspaceKeySecret !== undefined ? { workspaceKeySecret } : {}),
    },
  };
}

function resolveImages(path: string, props: unknown): Record<AgentImage, string> {
  const p = props === undefined ? {} : checkProps<AgentImagesProps>(path, props, ['registry', 'tags']);
  const registry = p.registry === undefined ? DEFAULT_REGISTRY : checkString(`${path}.registry`, p.registry, {
    maxLength: 255,
    pattern: REGISTRY,
    patternText: 'a registry host with optional port and path, without scheme or trailing "/" (e.g. "myregistry.azurecr.io/mcr")',
  });
  const tags: Partial<Record<AgentImage, string>> = {};
  if (p.tags !== undefined) {
    const t = checkProps<Record<string, unknown>>(`${path}.tags`, p.tags, AGENT_IMAGE_NAMES);
    for (const name of AGENT_IMAGE_NAMES) {
      if (t[name] !== undefined) {
        tags[name] = checkString(`${path}.tags.${name}`, t[name], { pattern: TAG, patternText: 'an image tag (letters, digits, "_", "." and "-", at most 128) or a digest "sha256:<64 hex>"' });
      }
    }
  }
  const out = {} as Record<AgentImage, string>;
  for (const name of AGENT_IMAGE_NAMES) {
    const tag = tags[name] ?? AGENT_IMAGES[name].tag;
    out[name] = `${registry}/${AGENT_IMAGES[name].repository}${tag.startsWith('sha256:') ? '@' : ':'}${tag}`;
  }
  return out;
}
