/**
 * azure-monitor-k8s — the engine-neutral API: typed props, their validation, and rendering to plain
 * Kubernetes objects and Azure resources. No engine is imported here; the cdk8s constructs live in
 * `azure-monitor-k8s/cdk8s` and the Pulumi components in `azure-monitor-k8s/pulumi`.
 */
export * from './errors';
export * from './model/distribution';
export * from './model/regions';
export * from './model/cluster';
export * from './model/container-insights';
export * from './model/tokens';
export * from './render/kube';
export * from './render/azure';
export * from './render/arm-template';
export * from './render/container-insights-configmap';
export * from './render/container-insights-azure';
export * from './stack';
export * from './model/managed-prometheus';
export * from './model/prometheus-settings';
export * from './model/scrape-config';
export * from './model/monitors';
export * from './model/prometheus-azure';
export * from './render/prometheus-settings-configmap';
export * from './render/prometheus-scrape-configmaps';
export * from './render/monitors';
export * from './render/prometheus-azure';
export * from './model/re2';
export * from './model/container-network-logs';
export * from './render/container-network-logs';
export * from './model/vnet-flow-logs';
export * from './render/vnet-flow-logs';
export * from './model/container-network-metric';
export * from './render/container-network-metric';
export * from './model/retina-metrics';
export * from './render/retina-metrics';
export * from './model/network-observability';
export * from './render/cluster-settings';
export * from './model/workspaces';
export * from './render/workspaces';
export * from './render/aso';
export * from './model/onboarding';
export * from './render/arc-extensions';
export * from './model/agents';
export { renderLogsAgent } from './render/agents/ama-logs';
export { renderMetricsAgent, renderAzmonitoringCrds } from './render/agents/ama-metrics';
export { renderAdmissionObjects } from './render/agents/admission';
