/** A Kubernetes object in its wire shape, as both engines register it. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly [field: string]: unknown;
}

/** Labels on every object the library renders (never on selectors: they would make selectors change with our version). */
export const COMMON_LABELS: Readonly<Record<string, string>> = {
  'app.kubernetes.io/managed-by': 'azure-monitor-k8s',
};

/** A stable key for an object: apiVersion/kind/namespace/name. Two objects with the same key are a conflict. */
export function objectKey(o: KubeObject): string {
  return `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}
