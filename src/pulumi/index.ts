/** Pulumi components of azure-monitor-k8s. Requires the optional peers `@pulumi/pulumi` and `@pulumi/kubernetes`. */
export * from './monitoring-stack';
export { registerKubernetesObject } from './kubernetes';
export * from './monitors';
export * from './azure-native';
