/** cdk8s constructs of azure-monitor-k8s. Requires the optional peers `cdk8s` and `constructs`. */
export * from './monitoring-stack';
export * from './monitors';
