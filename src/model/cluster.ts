import { ValidationError } from '../errors';
import { checkBoolean, checkEnum, checkProps, checkString } from './check';
import { DISTRIBUTIONS, Distribution, DistributionProfile, MANAGED_CLUSTER_TYPE, profileOf } from './distribution';
import { normalizeRegion } from './regions';
import { isToken } from './tokens';

/** Facts about the cluster's nodes that change what the agents need. */
export interface NodeFacts {
  /**
   * The cluster has Windows nodes.
   * @default false
   */
  readonly windows?: boolean;
  /**
   * The cluster has ARM64 nodes.
   * @default false
   */
  readonly arm64?: boolean;
}

/** The cluster a monitoring stack is for. */
export interface ClusterProps {
  /** The cluster's name: the ARM resource name of the managed or connected cluster. */
  readonly name: string;
  /**
   * ARM resource ID of the cluster: `/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ContainerService/managedClusters/<name>`
   * for AKS, `.../Microsoft.Kubernetes/connectedClusters/<name>` for an Arc-enabled cluster.
   *
   * @default - the ARM template takes it as parameter `clusterResourceId`, defaulting to the cluster
   * of that name in the deployment's resource group.
   */
  readonly resourceId?: string;
  /** Azure region of the cluster resource, e.g. `westeurope` ("West Europe" is accepted and normalized). */
  readonly region: string;
  /** The Kubernetes distribution. */
  readonly distribution: Distribution;
  /**
   * Facts about the nodes.
   * @default - Linux amd64 nodes only
   */
  readonly nodes?: NodeFacts;
  /**
   * Kubernetes version of the cluster, `<major>.<minor>` or `<major>.<minor>.<patch>` (e.g. `1.33` or
   * `1.33.2`). Only read by features with a version gate (container network logs need 1.33, metric
   * filtering 1.32); those features require it, since guessing would hide the gate.
   * @default - unknown
   */
  readonly kubernetesVersion?: string;
  /**
   * The network data plane: `cilium` for Azure CNI powered by Cilium (AKS `networkProfile.networkDataplane`),
   * `azure` for AKS's other data plane. Only read by network observability (flow logs and Cilium
   * metrics need Cilium; without Cilium the metrics come from Retina). Arc-enabled clusters have no
   * AKS data plane: there only `cilium` (Cilium as the CNI) may be given.
   * @default - unknown
   */
  readonly networkDataplane?: NetworkDataplane;
}

/** AKS `networkProfile.networkDataplane` values (ARM 2026-05-01 Microsoft.ContainerService.Aks.json). */
export const NETWORK_DATAPLANES = ['azure', 'cilium'] as const;
export type NetworkDataplane = (typeof NETWORK_DATAPLANES)[number];

/** A parsed Kubernetes version. */
export interface KubernetesVersion {
  readonly text: string;
  readonly major: number;
  readonly minor: number;
}

/** A validated cluster. */
export interface ClusterModel {
  readonly name: string;
  /** The resource ID as given (may be a deferred token), or undefined. */
  readonly resourceId?: string;
  readonly subscriptionId?: string;
  readonly resourceGroup?: string;
  readonly region: string;
  readonly distribution: Distribution;
  readonly profile: DistributionProfile;
  readonly windowsNodes: boolean;
  readonly arm64Nodes: boolean;
  readonly kubernetesVersion?: KubernetesVersion;
  readonly networkDataplane?: NetworkDataplane;
}

/** `1.33`, `1.33.2`: what `az aks show --query kubernetesVersion` prints (no `v`, no build suffix). */
const KUBERNETES_VERSION = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*))?$/;

/** True when the version is at least `major.minor`. */
export function versionAtLeast(v: KubernetesVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

/** AKS and connected cluster names: 1-63 characters, letters, digits, `-` and `_`, alphanumeric at both ends. */
const CLUSTER_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$/;

const RESOURCE_ID =
  /^\/subscriptions\/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\/resourceGroups\/([-\w._()]{1,90})\/providers\/([A-Za-z0-9.]+)\/([A-Za-z0-9]+)\/([^/]+)$/i;

/** A parsed top-level ARM resource ID. */
export interface ParsedResourceId {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  /** `Namespace/type`, as written in the ID. */
  readonly type: string;
  readonly name: string;
}

/** Parses `/subscriptions/<guid>/resourceGroups/<rg>/providers/<Ns>/<type>/<name>`, or throws a ValidationError. */
export function parseResourceId(path: string, value: unknown, expectedType: string): ParsedResourceId {
  const s = checkString(path, value);
  const m = RESOURCE_ID.exec(s);
  const shape = `an ARM resource ID like /subscriptions/<subscription-guid>/resourceGroups/<group>/providers/${expectedType}/<name>`;
  if (!m) throw new ValidationError(path, value, `expected ${shape}`);
  const type = `${m[3]}/${m[4]}`;
  if (type.toLowerCase() !== expectedType.toLowerCase()) {
    throw new ValidationError(path, value, `expected a resource of type ${expectedType} (got ${type})`);
  }
  return { subscriptionId: m[1], resourceGroup: m[2], type, name: m[5] };
}

/**
 * Checks a cluster resource ID against the distribution (the type must be the one its profile
 * says, the name must be the cluster's). Exported so engines can check a deferred ID once resolved.
 */
export function checkClusterResourceId(path: string, value: unknown, name: string, profile: DistributionProfile): ParsedResourceId {
  let id: ParsedResourceId;
  try {
    id = parseResourceId(path, value, profile.clusterResourceType);
  } catch (e) {
    if (e instanceof ValidationError && /expected a resource of type/.test(e.message)) {
      const aks = profile.onboarding === 'aks-addon';
      throw new ValidationError(
        path,
        value,
        `${e.allowed} because distribution "${profile.distribution}" is ${aks ? 'an AKS managed cluster' : 'an Arc-enabled connected cluster'}`,
        aks ? 'An Arc-enabled cluster needs one of the Arc distributions (e.g. "generic").' : 'An AKS cluster is distribution "aks".',
      );
    }
    throw e;
  }
  if (id.name.toLowerCase() !== name.toLowerCase()) {
    throw new ValidationError(path, value, `expected the ID of cluster "${name}" (cluster.name); the ID names "${id.name}"`);
  }
  return id;
}

export const CLUSTER_PROPS_KEYS = ['name', 'resourceId', 'region', 'distribution', 'nodes', 'kubernetesVersion', 'networkDataplane'] as const;

/** Validates cluster props. `path` is where they sit in the user's props (e.g. `cluster`). */
export function resolveCluster(path: string, props: unknown): ClusterModel {
  const p = checkProps<ClusterProps>(path, props, CLUSTER_PROPS_KEYS);
  const name = checkString(`${path}.name`, p.name, {
    pattern: CLUSTER_NAME,
    patternText: 'a cluster name of 1-63 letters, digits, "-" or "_", starting and ending with a letter or digit',
  });
  const distribution = checkEnum(`${path}.distribution`, p.distribution, DISTRIBUTIONS);
  const profile = profileOf(distribution);
  const region = normalizeRegion(`${path}.region`, p.region);

  const parsed =
    p.resourceId !== undefined && !isToken(p.resourceId) ? checkClusterResourceId(`${path}.resourceId`, p.resourceId, name, profile) : undefined;

  const nodes = p.nodes === undefined ? {} : checkProps<NodeFacts>(`${path}.nodes`, p.nodes, ['windows', 'arm64']);
  const windowsNodes = nodes.windows === undefined ? false : checkBoolean(`${path}.nodes.windows`, nodes.windows);
  const arm64Nodes = nodes.arm64 === undefined ? false : checkBoolean(`${path}.nodes.arm64`, nodes.arm64);
  if (windowsNodes && !profile.windowsNodes) {
    throw new ValidationError(`${path}.nodes.windows`, true, `${profile.displayName} has no Windows nodes; set it to false or leave it out`);
  }
  if (arm64Nodes && !profile.arm64Nodes) {
    throw new ValidationError(`${path}.nodes.arm64`, true, `the agents do not support ARM64 nodes on ${profile.displayName}; set it to false or leave it out`);
  }

  let kubernetesVersion: KubernetesVersion | undefined;
  if (p.kubernetesVersion !== undefined) {
    const text = checkString(`${path}.kubernetesVersion`, p.kubernetesVersion, {
      pattern: KUBERNETES_VERSION,
      patternText: 'a Kubernetes version such as "1.33" or "1.33.2"',
    });
    const m = KUBERNETES_VERSION.exec(text)!;
    kubernetesVersion = { text, major: Number(m[1]), minor: Number(m[2]) };
    if (kubernetesVersion.major !== 1) {
      throw new ValidationError(`${path}.kubernetesVersion`, text, 'expected a Kubernetes 1.x version such as "1.33"');
    }
  }
  const networkDataplane = p.networkDataplane === undefined ? undefined : checkEnum(`${path}.networkDataplane`, p.networkDataplane, NETWORK_DATAPLANES);
  if (networkDataplane === 'azure' && profile.clusterResourceType !== MANAGED_CLUSTER_TYPE) {
    throw new ValidationError(
      `${path}.networkDataplane`,
      networkDataplane,
      `expected "cilium" or nothing: "azure" is an AKS data plane and ${profile.displayName} is not AKS`,
      'Leave it out when the cluster does not run Cilium.',
    );
  }

  return {
    name,
    resourceId: p.resourceId,
    subscriptionId: parsed?.subscriptionId,
    resourceGroup: parsed?.resourceGroup,
    region,
    distribution,
    profile,
    windowsNodes,
    arm64Nodes,
    ...(kubernetesVersion ? { kubernetesVersion } : {}),
    ...(networkDataplane ? { networkDataplane } : {}),
  };
}
