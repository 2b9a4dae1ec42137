import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { parse } from 'yaml';
import { ARM_SCHEMA_ROOT, relaxedDcrStreamEnums, validateArmResource, validateArmTemplate } from './support/arm-schema';
import { loadCrds, validateCustomResource } from './support/crd-schema';
import {
  expectValidKubernetesObjects,
  SUPPORTED_KUBERNETES_KINDS,
  validateKubernetesObject,
  verifyKindTable,
} from './support/k8s-schema';
import { REFERENCE_DIR } from './support/reference';

const REFERENCE = REFERENCE_DIR;
const PROMETHEUS_CRDS = path.join(REFERENCE, 'managed-prometheus/crds');
const POD_MONITOR_CRD = path.join(PROMETHEUS_CRDS, 'podmonitors.azmonitoring.coreos.com.yaml');
const SERVICE_MONITOR_CRD = path.join(PROMETHEUS_CRDS, 'servicemonitors.azmonitoring.coreos.com.yaml');
const CLUSTER_ID = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks1';

function configMap(overrides: Record<string, unknown> = {}): any {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'container-azm-ms-agentconfig', namespace: 'kube-system', labels: { 'app.kubernetes.io/name': 'ama-logs' } },
    data: { 'schema-version': 'v1', 'config-version': 'ver1' },
    ...overrides,
  };
}

function daemonSet(): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'ama-logs', namespace: 'kube-system', labels: { component: 'ama-logs-agent' } },
    spec: {
      selector: { matchLabels: { dsName: 'ama-logs-ds' } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '50%' } },
      template: {
        metadata: { labels: { dsName: 'ama-logs-ds' }, annotations: { 'agentVersion': '3.1.0', 'schema-versions': 'v1' } },
        spec: {
          serviceAccountName: 'ama-logs',
          dnsConfig: { options: [{ name: 'ndots', value: '3' }] },
          // Wire names that differ from the cdk8s props names (hostPID/hostIpc, hostIP/hostIp, downwardAPI/downwardApi).
          hostPID: true,
          hostIPC: false,
          hostNetwork: false,
          priorityClassName: 'ama-logs',
          tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }],
          containers: [{
            name: 'ama-logs',
            image: 'mcr.microsoft.com/azuremonitor/containerinsights/ciprod:3.1.0',
            imagePullPolicy: 'IfNotPresent',
            resources: { limits: { cpu: '500m', memory: '750Mi' }, requests: { cpu: '75m', memory: '325Mi' } },
            env: [
              { name: 'AKS_CLUSTER_ID', value: CLUSTER_ID },
              { name: 'NODE_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
            ],
            ports: [{ containerPort: 25225, protocol: 'TCP', hostIP: '127.0.0.1' }],
            securityContext: { privileged: true, capabilities: { add: ['DAC_OVERRIDE'] } },
            livenessProbe: { exec: { command: ['/bin/bash', '-c', '/opt/livenessprobe.sh'] }, initialDelaySeconds: 60, periodSeconds: 60 },
            volumeMounts: [{ name: 'host-root', mountPath: '/hostfs', readOnly: true }, { name: 'podinfo', mountPath: '/etc/podinfo' }],
          }],
          volumes: [
            { name: 'host-root', hostPath: { path: '/' } },
            { name: 'podinfo', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
          ],
        },
      },
    },
  };
}

describe('k8s-schema: validateKubernetesObject', () => {
  test('the kind table is consistent with kubernetes-models and cdk8s-plus-28', () => {
    expect(verifyKindTable()).toEqual([]);
    for (const kind of [
      'v1/ConfigMap', 'v1/Secret', 'v1/ServiceAccount', 'v1/Service', 'v1/Namespace',
      'apps/v1/DaemonSet', 'apps/v1/Deployment',
      'rbac.authorization.k8s.io/v1/ClusterRole', 'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
      'rbac.authorization.k8s.io/v1/Role', 'rbac.authorization.k8s.io/v1/RoleBinding',
      'scheduling.k8s.io/v1/PriorityClass', 'autoscaling/v2/HorizontalPodAutoscaler', 'policy/v1/PodDisruptionBudget',
    ]) {
      expect(SUPPORTED_KUBERNETES_KINDS).toContain(kind);
    }
  });

  test('a valid ConfigMap passes', () => {
    expect(validateKubernetesObject(configMap())).toEqual([]);
  });

  test('a ConfigMap with a number in data fails (1.27.1 types)', () => {
    const errors = validateKubernetesObject(configMap({ data: { 'schema-version': 1 } }));
    expect(errors).toEqual([
      'ConfigMap/kube-system/container-azm-ms-agentconfig: /data/schema-version must be string (Kubernetes 1.27.1 schema)',
    ]);
  });

  test('a ConfigMap with an unknown top-level field fails (1.28 field names)', () => {
    const cm = configMap();
    cm.dta = cm.data;
    delete cm.data;
    expect(validateKubernetesObject(cm)).toEqual([
      'ConfigMap/kube-system/container-azm-ms-agentconfig: unknown field /dta (not in Kubernetes 1.28 schema)',
    ]);
  });

  test('a valid DaemonSet passes, including wire names that differ from the cdk8s props names', () => {
    expect(validateKubernetesObject(daemonSet())).toEqual([]);
  });

  test('a DaemonSet with an unknown container field fails', () => {
    const ds = daemonSet();
    ds.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    expect(validateKubernetesObject(ds)).toEqual([
      'DaemonSet/kube-system/ama-logs: unknown field /spec/template/spec/containers/0/imagePullPolicyy (not in Kubernetes 1.28 schema)',
    ]);
  });

  test('a props-style spelling on the wire (hostIp instead of hostIP) is an unknown field', () => {
    const ds = daemonSet();
    const port = ds.spec.template.spec.containers[0].ports[0];
    port.hostIp = port.hostIP;
    delete port.hostIP;
    expect(validateKubernetesObject(ds)).toEqual([
      'DaemonSet/kube-system/ama-logs: unknown field /spec/template/spec/containers/0/ports/0/hostIp (not in Kubernetes 1.28 schema)',
    ]);
  });

  test('wrong types and enum values are reported with their path', () => {
    const ds = daemonSet();
    ds.spec.template.spec.containers[0].imagePullPolicy = 'Sometimes';
    ds.spec.template.spec.containers[0].resources = 'big';
    const errors = validateKubernetesObject(ds);
    expect(errors).toContain('DaemonSet/kube-system/ama-logs: /spec/template/spec/containers/0/imagePullPolicy must be equal to one of the ' +
      'allowed values ("Always", "IfNotPresent", "Never") (Kubernetes 1.27.1 schema)');
    expect(errors).toContain('DaemonSet/kube-system/ama-logs: /spec/template/spec/containers/0/resources must be object (Kubernetes 1.27.1 schema)');
  });

  test('RBAC and Service wire names (nonResourceURLs, clusterIP) round-trip', () => {
    expect(validateKubernetesObject({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'ama-logs-reader' },
      rules: [
        { apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['list', 'get', 'watch'] },
        { nonResourceURLs: ['/metrics'], verbs: ['get'] },
      ],
    })).toEqual([]);
    expect(validateKubernetesObject({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'ama-metrics-ksm', namespace: 'kube-system' },
      spec: { clusterIP: 'None', selector: { app: 'ksm' }, ports: [{ name: 'http', port: 8080, targetPort: 'http' }] },
    })).toEqual([]);
  });

  test('metadata: name, namespace presence by scope', () => {
    expect(validateKubernetesObject(configMap({ metadata: { name: 'Bad_Name', namespace: 'kube-system' } }))).toEqual([
      'ConfigMap/kube-system/Bad_Name: /metadata/name must be a DNS-1123 subdomain (lower-case alphanumerics, \'-\' and \'.\', start and end alphanumeric, at most 253 characters), got "Bad_Name"',
    ]);
    expect(validateKubernetesObject(configMap({ metadata: { name: 'cm' } }))).toEqual([
      'ConfigMap/cm: /metadata/namespace is required: ConfigMap is a namespaced kind',
    ]);
    expect(validateKubernetesObject({ apiVersion: 'v1', kind: 'ConfigMap', data: {} })).toContain('ConfigMap/<no name>: /metadata is required (an object with at least a name)');
    expect(validateKubernetesObject({
      apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'ama-logs', namespace: 'kube-system' }, value: 1000,
    })).toEqual(['PriorityClass/kube-system/ama-logs: /metadata/namespace must not be set: PriorityClass is cluster-scoped']);
  });

  test('status in a manifest is reported', () => {
    expect(validateKubernetesObject({ ...daemonSet(), status: { numberReady: 1 } })).toEqual([
      'DaemonSet/kube-system/ama-logs: /status must not be set in a manifest (it is written by the cluster)',
    ]);
  });

  test('an unknown built-in kind and a custom resource are errors, never passes', () => {
    expect(validateKubernetesObject({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'e', namespace: 'default' } })).toEqual([
      'Endpoints/default/e: / no schema for v1 Endpoints: add a row to KINDS in test/support/k8s-schema.ts',
    ]);
    const [error] = validateKubernetesObject({ apiVersion: 'azmonitoring.coreos.com/v1', kind: 'PodMonitor', metadata: { name: 'p', namespace: 'default' } });
    expect(error).toMatch(/custom resource.*validateCustomResource/);
    // A CRD group under .k8s.io is still a custom resource.
    expect(validateKubernetesObject({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'g', namespace: 'default' } })[0])
      .toMatch(/custom resource/);
  });

  test('accepts cdk8s ApiObjects (uses toJson())', () => {
    const chart = Testing.chart();
    const cm = new k8s.KubeConfigMap(chart, 'cm', { metadata: { name: 'cm', namespace: 'kube-system' }, data: { a: 'b' } });
    expect(validateKubernetesObject(cm)).toEqual([]);
  });

  test('expectValidKubernetesObjects lists every error, and validates custom resources against given CRDs', () => {
    expect(() => expectValidKubernetesObjects([configMap(), daemonSet()])).not.toThrow();
    const bad = configMap({ data: { a: 1 }, dta: {} });
    expect(() => expectValidKubernetesObjects([configMap(), bad])).toThrow(
      /2 Kubernetes validation error\(s\) in 2 object\(s\):\n {2}- \[1\] ConfigMap\/kube-system\/container-azm-ms-agentconfig: \/data\/a must be string.*\n {2}- \[1\] .*unknown field \/dta/,
    );
    const podMonitor = { apiVersion: 'azmonitoring.coreos.com/v1', kind: 'PodMonitor', metadata: { name: 'p', namespace: 'kube-system' }, spec: { selector: {} } };
    expect(() => expectValidKubernetesObjects([podMonitor])).toThrow(/custom resource/);
    expect(() => expectValidKubernetesObjects([podMonitor], { crds: [SERVICE_MONITOR_CRD, POD_MONITOR_CRD] })).not.toThrow();
  });
});

describe('crd-schema: validateCustomResource', () => {
  function referencePodMonitor(): any {
    const pm = parse(fs.readFileSync(path.join(PROMETHEUS_CRDS, 'examples/pod-monitor-reference-app.yaml'), 'utf8'));
    pm.metadata.namespace = 'default';
    return pm;
  }

  test('the reference PodMonitor passes', () => {
    expect(validateCustomResource(referencePodMonitor(), POD_MONITOR_CRD)).toEqual([]);
  });

  test('unknown spec fields, wrong types and enum values fail', () => {
    const pm = referencePodMonitor();
    pm.spec.podMetricsEndpoint = pm.spec.podMetricsEndpoints;
    pm.spec.podMetricsEndpoints[0].interval = 30;
    pm.spec.podMetricsEndpoints[0].relabelings[0].action = 'nope';
    const errors = validateCustomResource(pm, POD_MONITOR_CRD);
    expect(errors).toContain('PodMonitor/default/prometheus-reference-app-job: unknown field /spec/podMetricsEndpoint ' +
      '(not in the podmonitors.azmonitoring.coreos.com v1 CRD schema; the API server would prune it)');
    expect(errors).toContain('PodMonitor/default/prometheus-reference-app-job: /spec/podMetricsEndpoints/0/interval must be string');
    expect(errors.some((e) => e.includes('/spec/podMetricsEndpoints/0/relabelings/0/action must be equal to one of the allowed values'))).toBe(true);
    expect(errors).toHaveLength(3);
  });

  test('a ServiceMonitor: valid passes, unknown endpoint field fails', () => {
    const sm = {
      apiVersion: 'azmonitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'ksm', namespace: 'kube-system' },
      spec: { selector: { matchLabels: { app: 'ksm' } }, endpoints: [{ port: 'http', interval: '30s', path: '/metrics' }] },
    };
    expect(validateCustomResource(sm, SERVICE_MONITOR_CRD)).toEqual([]);
    (sm.spec.endpoints[0] as any).scrapeIntervall = '30s';
    expect(validateCustomResource(sm, SERVICE_MONITOR_CRD)).toEqual([
      'ServiceMonitor/kube-system/ksm: unknown field /spec/endpoints/0/scrapeIntervall (not in the servicemonitors.azmonitoring.coreos.com v1 CRD schema; the API server would prune it)',
    ]);
  });

  test('version, kind and scope are checked', () => {
    const pm = referencePodMonitor();
    expect(validateCustomResource({ ...pm, apiVersion: 'azmonitoring.coreos.com/v2' }, POD_MONITOR_CRD)[0]).toMatch(/not a served version/);
    expect(validateCustomResource({ ...pm, kind: 'ServiceMonitor' }, POD_MONITOR_CRD)[0]).toMatch(/is not defined by/);
    expect(validateCustomResource({ ...pm, metadata: { name: pm.metadata.name } }, POD_MONITOR_CRD)).toEqual([
      'PodMonitor/prometheus-reference-app-job: /metadata/namespace is required: PodMonitor is a namespaced kind',
    ]);
    expect(loadCrds(POD_MONITOR_CRD).map((c) => `${c.group}/${c.kind} ${c.scope}`)).toEqual(['azmonitoring.coreos.com/PodMonitor Namespaced']);
  });
});

describe('arm-schema: validateArmResource', () => {
  function ciDcr(): any {
    const body = JSON.parse(fs.readFileSync(path.join(REFERENCE, 'container-insights/dcr/ci-extension-dcr-body.json'), 'utf8'));
    return { type: 'Microsoft.Insights/dataCollectionRules', apiVersion: '2024-03-11', name: 'MSCI-eastus-aks1', ...body, location: 'eastus' };
  }

  test('the reference Container Insights DCR passes with the relaxed streams', () => {
    expect(validateArmResource(ciDcr())).toEqual([]);
  });

  test('the streams relaxation is exactly the streams item enums, on an in-memory copy', () => {
    expect(relaxedDcrStreamEnums('2024-03-11')).toEqual([
      '#/definitions/DataFlow/properties/streams/oneOf/0/items/enum',
      '#/definitions/ExtensionDataSource/properties/streams/oneOf/0/items/enum',
      '#/definitions/OtelLogsDataSource/properties/streams/oneOf/0/items/enum',
      '#/definitions/OtelLogsDirectDataSource/properties/streams/oneOf/0/items/enum',
      '#/definitions/OtelTracesDataSource/properties/streams/oneOf/0/items/enum',
      '#/definitions/OtelTracesDirectDataSource/properties/streams/oneOf/0/items/enum',
      '#/definitions/PerfCounterDataSource/properties/streams/oneOf/0/items/enum',
      '#/definitions/PerformanceCountersOTelDataSource/properties/streams/oneOf/0/items/enum',
      '#/definitions/PrometheusForwarderDataSource/properties/streams/oneOf/0/items/enum',
      '#/definitions/SyslogDataSource/properties/streams/oneOf/0/items/enum',
      '#/definitions/WindowsEventLogDataSource/properties/streams/oneOf/0/items/enum',
    ]);
    const onDisk = JSON.parse(fs.readFileSync(path.join(ARM_SCHEMA_ROOT, '2024-03-11/Microsoft.Insights.json'), 'utf8'));
    expect(onDisk.definitions.DataFlow.properties.streams.oneOf[0].items.enum).toContain('Microsoft-Perf');
    // Streams must still be strings.
    const dcr = ciDcr();
    dcr.properties.dataFlows[0].streams.push(42);
    expect(validateArmResource(dcr)).toEqual([
      "Microsoft.Insights/dataCollectionRules@2024-03-11 'MSCI-eastus-aks1': /properties/dataFlows/0/streams/12 must be string",
    ]);
  });

  test('a number as dataFlows[0].destinations fails with one readable error', () => {
    const dcr = ciDcr();
    dcr.properties.dataFlows[0].destinations = 1;
    expect(validateArmResource(dcr)).toEqual([
      "Microsoft.Insights/dataCollectionRules@2024-03-11 'MSCI-eastus-aks1': /properties/dataFlows/0/destinations must be array",
    ]);
  });

  test('an invalid kind fails (2024-03-11 allows Linux | Windows)', () => {
    expect(validateArmResource({ ...ciDcr(), kind: 'Linux' })).toEqual([]);
    expect(validateArmResource({ ...ciDcr(), kind: 'AllPlatforms' })).toEqual([
      "Microsoft.Insights/dataCollectionRules@2024-03-11 'MSCI-eastus-aks1': /kind must be equal to one of the allowed values (\"Linux\", \"Windows\")",
    ]);
  });

  test('a misspelt property is reported as unknown (schemas do not set additionalProperties: false)', () => {
    const dcr = ciDcr();
    dcr.properties.dataFlows[0].destination = ['ciworkspace'];
    expect(validateArmResource(dcr)).toEqual([
      "Microsoft.Insights/dataCollectionRules@2024-03-11 'MSCI-eastus-aks1': unknown property /properties/dataFlows/0/destination (not in the 2024-03-11/Microsoft.Insights.json schema)",
    ]);
    expect(validateArmResource(dcr, { unknownProperties: false })).toEqual([]);
  });

  test('a DCRA with scope and dataCollectionRuleId passes', () => {
    expect(validateArmResource({
      type: 'Microsoft.Insights/dataCollectionRuleAssociations',
      apiVersion: '2024-03-11',
      name: 'ContainerInsightsExtension',
      scope: CLUSTER_ID,
      properties: { dataCollectionRuleId: "[resourceId('Microsoft.Insights/dataCollectionRules', 'MSCI-eastus-aks1')]" },
    })).toEqual([]);
  });

  test('an unknown type or an apiVersion without schema is an error', () => {
    expect(validateArmResource({ type: 'Microsoft.Foo/bars', apiVersion: '2024-03-11', name: 'x', properties: {} })).toEqual([
      "Microsoft.Foo/bars@2024-03-11 'x': / no schema for type Microsoft.Foo/bars (apiVersion 2024-03-11): not in ARM_TYPES of test/support/arm-schema.ts",
    ]);
    const [error] = validateArmResource({ type: 'Microsoft.Insights/dataCollectionRules', apiVersion: '2021-04-01', name: 'x', properties: {} });
    expect(error).toMatch(/no schema for Microsoft.Insights\/dataCollectionRules apiVersion 2021-04-01/);
    expect(validateArmResource({ type: 'Microsoft.Monitor/accounts', apiVersion: '2024-03-11', name: 'x', properties: {} })[0]).toMatch(/no schema/);
  });

  test('other stack resources validate', () => {
    expect(validateArmResource({
      type: 'Microsoft.Monitor/accounts', apiVersion: '2023-04-03', name: 'amw1', location: 'eastus', properties: {},
    })).toEqual([]);
    expect(validateArmResource({
      type: 'Microsoft.Authorization/roleAssignments',
      apiVersion: '2022-04-01',
      name: "[guid(resourceGroup().id, 'grafana')]",
      scope: CLUSTER_ID,
      properties: { principalId: "[parameters('principalId')]", roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/b0d8363b-8ddd-447d-831f-62ca05bff136', principalType: 'ServicePrincipal' },
    })).toEqual([]);
    // An expression in place of a patterned name cannot be checked and is not reported.
    expect(validateArmResource({
      type: 'Microsoft.Dashboard/grafana',
      apiVersion: '2024-10-01',
      name: "[parameters('grafanaName')]",
      location: 'eastus',
      sku: { name: 'Standard' },
      identity: { type: 'SystemAssigned' },
      properties: {},
    })).toEqual([]);
  });

  test('Arc extension: only properties (+identity/plan) are validated', () => {
    const extension = {
      type: 'Microsoft.KubernetesConfiguration/extensions',
      apiVersion: '2025-03-01',
      name: 'azuremonitor-containers',
      scope: CLUSTER_ID.replace('Microsoft.ContainerService/managedClusters', 'Microsoft.Kubernetes/connectedClusters'),
      identity: { type: 'SystemAssigned' },
      properties: { extensionType: 'Microsoft.AzureMonitor.Containers', autoUpgradeMinorVersion: true, configurationSettings: { 'amalogs.useAADAuth': 'true' } },
    };
    expect(validateArmResource(extension)).toEqual([]);
    expect(validateArmResource({ ...extension, properties: { ...extension.properties, autoUpgradeMode: 'always' } })).toEqual([
      "Microsoft.KubernetesConfiguration/extensions@2025-03-01 'azuremonitor-containers': /properties/autoUpgradeMode must be equal to one of the allowed values (\"none\", \"patch\", \"compatible\")",
    ]);
  });
});

describe('arm-schema: validateArmTemplate', () => {
  function template(): any {
    return {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      parameters: { location: { type: 'string' }, amwName: { type: 'string', defaultValue: 'amw1' } },
      resources: [{ type: 'Microsoft.Monitor/accounts', apiVersion: '2023-04-03', name: "[parameters('amwName')]", location: "[parameters('location')]", properties: {} }],
    };
  }

  test('a valid template passes', () => {
    expect(validateArmTemplate(template())).toEqual([]);
  });

  test('an undeclared parameter, an unused parameter and a bad resource are errors', () => {
    const t = template();
    t.resources[0].tags = { cluster: "[parameters('clusterName')]" };
    t.parameters.unused = { type: 'int' };
    t.resources.push({ type: 'Microsoft.Monitor/accounts', apiVersion: '2023-04-03', name: 'amw2' });
    expect(validateArmTemplate(t)).toEqual([
      "template: parameters('clusterName') is used but not declared in /parameters",
      "template: parameter 'unused' is declared but never used",
      "resources[1] Microsoft.Monitor/accounts@2023-04-03 'amw2': / must have required property 'location'",
      "resources[1] Microsoft.Monitor/accounts@2023-04-03 'amw2': / must have required property 'properties'",
    ]);
  });

  test('template shape is checked', () => {
    expect(validateArmTemplate({ resources: {} })).toEqual([
      'template: /$schema must be a deploymentTemplate.json schema URL, got undefined',
      'template: /contentVersion must be a version like "1.0.0.0", got undefined',
      'template: /resources must be an array',
    ]);
  });
});
