/* eslint-disable @typescript-eslint/no-require-imports -- each @pulumi/kubernetes module is loaded on first use (the SDK is large) */
import * as pulumi from '@pulumi/pulumi';
import { isNamespacePatch } from '../render/agents/admission';
import { KubeObject } from '../render/kube';

type Ctor = new (name: string, args: Record<string, unknown>, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/**
 * Typed `@pulumi/kubernetes` classes by apiVersion/kind. Modules are loaded on first use, so a stack
 * only loads what it registers (the SDK is large). Adding a kind is adding a row.
 */
const KINDS: Record<string, () => Ctor> = {
  'v1/ConfigMap': () => require('@pulumi/kubernetes/core/v1').ConfigMap,
  'v1/Secret': () => require('@pulumi/kubernetes/core/v1').Secret,
  'v1/ServiceAccount': () => require('@pulumi/kubernetes/core/v1').ServiceAccount,
  'v1/Service': () => require('@pulumi/kubernetes/core/v1').Service,
  'v1/Namespace': () => require('@pulumi/kubernetes/core/v1').Namespace,
  'apps/v1/DaemonSet': () => require('@pulumi/kubernetes/apps/v1').DaemonSet,
  'apps/v1/Deployment': () => require('@pulumi/kubernetes/apps/v1').Deployment,
  'rbac.authorization.k8s.io/v1/ClusterRole': () => require('@pulumi/kubernetes/rbac/v1').ClusterRole,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': () => require('@pulumi/kubernetes/rbac/v1').ClusterRoleBinding,
  'scheduling.k8s.io/v1/PriorityClass': () => require('@pulumi/kubernetes/scheduling/v1').PriorityClass,
  'autoscaling/v2/HorizontalPodAutoscaler': () => require('@pulumi/kubernetes/autoscaling/v2').HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': () => require('@pulumi/kubernetes/policy/v1').PodDisruptionBudget,
  'apiextensions.k8s.io/v1/CustomResourceDefinition': () => require('@pulumi/kubernetes/apiextensions/v1').CustomResourceDefinition,
};


/**
 * Registers one rendered object as a typed resource (custom resources as `apiextensions.CustomResource`).
 * The object is passed as-is: `metadata.name` is set, so Pulumi adds no random suffix.
 */
export function registerKubernetesObject(name: string, obj: KubeObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  const { apiVersion, kind, ...rest } = obj;
  // kube-system exists on every cluster: the stack only adds labels to it (Pod Security Admission), so it
  // is a server-side-apply patch, never created or deleted.
  if (isNamespacePatch(obj)) {
    const { NamespacePatch } = require('@pulumi/kubernetes/core/v1');
    return new NamespacePatch(name, rest, opts);
  }
  const loader = KINDS[`${apiVersion}/${kind}`];
  if (loader) return new (loader())(name, rest, opts);
  if (apiVersion.includes('.') && !apiVersion.endsWith('.k8s.io/v1')) {
    const { CustomResource } = require('@pulumi/kubernetes/apiextensions');
    return new CustomResource(name, { apiVersion, kind, ...rest }, opts);
  }
  throw new Error(`internal: no @pulumi/kubernetes class registered for ${apiVersion}/${kind}`);
}
