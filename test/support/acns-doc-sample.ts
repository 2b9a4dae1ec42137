import { ContainerNetworkLogFilterProps } from '../../src/model/container-network-logs';

/**
 * The filter of the published ContainerNetworkLog template (shared/reference/network-observability/
 * aks-docs-examples/containernetworklog-1.yaml) as props; the ContainerNetworkMetric doc's first
 * example repeats it (containernetworkmetric-1.yaml).
 */
export const DOC_SAMPLE_FILTER: ContainerNetworkLogFilterProps = {
  name: 'sample-filter',
  from: {
    namespacedPods: ['sample-namespace/sample-pod'],
    labelSelector: {
      matchLabels: { 'app': 'frontend', 'k8s.io/namespace': 'sample-namespace' },
      matchExpressions: [{ key: 'environment', operator: 'In', values: ['production', 'staging'] }],
    },
    ips: ['192.168.1.10', '10.0.0.1'],
  },
  to: {
    namespacedPods: ['sample-namespace2/sample-pod2'],
    labelSelector: {
      matchLabels: { 'app': 'backend', 'k8s.io/namespace': 'sample-namespace2' },
      matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['dev'] }],
    },
    ips: ['192.168.1.20', '10.0.1.1'],
  },
  protocols: ['tcp', 'udp', 'dns'],
  verdicts: ['forwarded', 'dropped'],
};
