/**
 * The deployable forms of the Azure resources (issue 5): the choice on the stack, the ASO form in both
 * engines, the azure-native form in Pulumi, and the same resources in all three forms.
 *
 * Cross-form equivalence: each form is converted back to (type, name, properties) with references as
 * full ARM IDs — ARM through `neutralOfArm`, ASO through `asoToNeutral`, azure-native through
 * `azureNativeToArm` on the inputs Pulumi registered (mock IDs are real-looking ARM IDs) — and the
 * three are compared for every resource of the example fleet.
 */
import * as pulumi from '@pulumi/pulumi';
import { Testing } from 'cdk8s';
import { FLEET } from '../examples/fleet';
import { MonitoringStackProps, ValidationError, renderMonitoringStack } from '../src';
import { MonitoringStack as Cdk8sMonitoringStack } from '../src/cdk8s';
import { AZURE_FORMS_KEYS, resolveAzureForms } from '../src/model/azure-forms';
import { MonitoringStack as PulumiMonitoringStack } from '../src/pulumi';
import { validateArmTemplate } from './support/arm-schema';
import { caught } from './support/caught';
import { expectValidKubernetesObjects } from './support/k8s-schema';
import { rejectedRow, testRejectedRows, testThrowSiteRegistry, testUniqueRowNames } from './support/throw-sites';
import { AZURE_NATIVE_CLASSES, azureNativeToArm } from '../src/pulumi/azure-native';
import { resourceGroupIdOf } from '../src/render/arm-template';
import { asoToNeutral, neutralOfArm } from '../src/render/aso';

type Obj = Record<string, any>;

const NS = 'azure-resources';
const withForms = (props: MonitoringStackProps, azureForms: Obj): MonitoringStackProps => ({ ...props, azureForms } as MonitoringStackProps);
/** Fleet clusters whose IDs are all literal (every form can express them). */
const FORMABLE = Object.keys(FLEET).filter((c) => {
  try {
    renderMonitoringStack(withForms(FLEET[c], { aso: { namespace: NS } }));
    return true;
  } catch {
    return false;
  }
});

// -------------------------------------------------------------------------------------------------
// The choice
// -------------------------------------------------------------------------------------------------

/** Each `throw new ValidationError(` of src/model/azure-forms.ts, by a snippet unique in the file. */
const SITES = {
  asoNamespaceMissing: 'expected the namespace of the ASO resources',
  azureNativeCdk8s: 'only the Pulumi MonitoringStack creates @pulumi/azure-native resources',
  noForm: 'expected at least one form (arm, aso or azureNative)',
} as const;
type SiteId = keyof typeof SITES;
const row = rejectedRow<SiteId>;
const P = 'azureForms';
const REJECTED = [
  row('unknown form', 'check', { bicep: true }, `${P}.bicep`, /unknown prop; allowed props of azureForms: arm, aso, azureNative/),
  row('arm not a boolean', 'check', { arm: 'yes' }, `${P}.arm`, /expected true or false/),
  row('aso without a namespace', 'asoNamespaceMissing', { aso: {} }, `${P}.aso.namespace`, /got undefined; expected the namespace of the ASO resources$/),
  row('aso namespace invalid', 'check', { aso: { namespace: 'Azure_Resources' } }, `${P}.aso.namespace`, /Kubernetes namespace name/),
  row('no form at all', 'noForm', { arm: false }, P, /expected at least one form \(arm, aso or azureNative\)/),
  row(
    'API version of a type the stack does not write',
    'check',
    { armApiVersions: { 'Microsoft.Insights/dataCollectionRule': '2022-06-01' } },
    `${P}.armApiVersions.Microsoft.Insights/dataCollectionRule`,
    /unknown prop; allowed props of azureForms\.armApiVersions: .*Did you mean "Microsoft\.Insights\/dataCollectionRules"\?/,
  ),
  row(
    'API version that lacks fields the stack writes',
    'check',
    { armApiVersions: { 'Microsoft.Insights/dataCollectionRules': '2021-04-01' } },
    `${P}.armApiVersions.Microsoft.Insights/dataCollectionRules`,
    /got "2021-04-01"; expected one of "2022-06-01", "2023-03-11", "2024-03-11"/,
  ),
];

describe('the form choice', () => {
  testRejectedRows(REJECTED, (r) => resolveAzureForms(P, r.props));
  testThrowSiteRegistry('azure-forms.ts', SITES, [...REJECTED.map((r) => r.site), 'azureNativeCdk8s']);
  testUniqueRowNames(REJECTED.map((r) => r.name));

  test('defaults: the ARM template only', () => {
    expect(resolveAzureForms(P, undefined)).toEqual({ arm: true, azureNative: false, armApiVersions: {} });
    expect(AZURE_FORMS_KEYS).toEqual(['arm', 'aso', 'azureNative', 'armApiVersions']);
  });

  test('API versions overridable per type: the template uses them and validates against those versions\' schemas', () => {
    const versions = {
      'Microsoft.Insights/dataCollectionRules': '2022-06-01',
      'Microsoft.Insights/dataCollectionEndpoints': '2022-06-01',
      'Microsoft.Insights/dataCollectionRuleAssociations': '2023-03-11',
      'Microsoft.OperationalInsights/workspaces': '2023-09-01',
      'Microsoft.KubernetesConfiguration/extensions': '2024-11-01',
    };
    for (const cluster of ['aks-prod-weu', 'ocp-plant-01', 'aksee-line-7']) {
      const s = renderMonitoringStack(withForms(FLEET[cluster], { armApiVersions: versions }));
      for (const r of s.armTemplate.resources) {
        const expected = (versions as Record<string, string>)[String(r.type)];
        if (expected !== undefined) expect({ type: r.type, apiVersion: r.apiVersion }).toEqual({ type: r.type, apiVersion: expected });
      }
      expect(validateArmTemplate(s.armTemplate)).toEqual([]);
      // Only the ARM form changes.
      expect(s.azureResources).toEqual(renderMonitoringStack(FLEET[cluster]).azureResources);
    }
  });

  test('cdk8s refuses the azure-native form, naming the prop', () => {
    const e = caught(() => new Cdk8sMonitoringStack(Testing.chart(), 'm', withForms(FLEET['aks-prod-weu'], { azureNative: true }))) as ValidationError;
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.path).toBe('azureForms.azureNative');
    expect(e.message).toMatch(/only the Pulumi MonitoringStack creates @pulumi\/azure-native resources/);
  });

  test('the fleet: every cluster can be expressed in every form', () => {
    expect(FORMABLE).toEqual(Object.keys(FLEET));
  });
});

// -------------------------------------------------------------------------------------------------
// ASO through the stack and the engines
// -------------------------------------------------------------------------------------------------

describe('the aso form', () => {
  const props = withForms(FLEET['aks-prod-weu'], { aso: { namespace: NS } });
  const stack = renderMonitoringStack(props);

  test('objects in the namespace, annotated with the minimum ASO version; the ARM template stays complete with arm on', () => {
    expect(stack.aso!.objects.length).toBeGreaterThan(5);
    for (const o of stack.aso!.objects) {
      expect(o.metadata.namespace).toBe(NS);
    }
    expect(stack.aso!.minAsoVersion).toBe('2.20.0');
    expect(stack.armTemplate.resources.length).toBe(renderMonitoringStack(FLEET['aks-prod-weu']).armTemplate.resources.length);
  });

  test('valid object names; built-in kinds (the protected-settings Secrets) valid against the Kubernetes schema', () => {
    // The custom resources are validated against ASO's schemas in aso.test.ts.
    for (const o of stack.aso!.objects) expect(o.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
    expectValidKubernetesObjects(stack.aso!.objects.filter((o) => o.apiVersion === 'v1'));
  });

  test('arm: false keeps only what ASO cannot express (Managed Grafana) in the template', () => {
    const grafana = withForms(
      {
        ...FLEET['aks-prod-weu'],
        managedPrometheus: {
          ...FLEET['aks-prod-weu'].managedPrometheus!,
          grafana: {
            resourceId: `${resourceGroupIdOf(FLEET['aks-prod-weu'].cluster.resourceId!)}/providers/Microsoft.Dashboard/grafana/graf1`,
            principalId: '0d3f9a5e-8b7c-4d6e-9f1a-2b3c4d5e6f70',
            manageResource: { location: 'westeurope' },
          },
        },
      } as MonitoringStackProps,
      { arm: false, aso: { namespace: NS } },
    );
    const s = renderMonitoringStack(grafana);
    expect(s.aso!.armFallback.map((f) => f.type)).toEqual(['Microsoft.Dashboard/grafana']);
    expect(s.aso!.armFallback[0].reason).toMatch(/no .*kind|not support/i);
    expect(s.armTemplate.resources.map((r) => r.type)).toEqual(['Microsoft.Dashboard/grafana']);
    expect(validateArmTemplate(s.armTemplate)).toEqual([]);
    expect(s.armTemplate.outputs).toEqual({});
  });

  test('arm: false without fallbacks: an empty template, so cdk8s writes no file', () => {
    const s = renderMonitoringStack(withForms(FLEET['k3s-store-042'], { arm: false, aso: { namespace: NS } }));
    expect(s.armTemplate.resources).toEqual([]);
    expect(s.armTemplate.parameters).toEqual({});
  });

  test('cdk8s puts the ASO objects in the chart next to the in-cluster objects', () => {
    const chart = Testing.chart();
    new Cdk8sMonitoringStack(chart, 'monitoring', props);
    const synthesized = Testing.synth(chart);
    expect(synthesized).toHaveLength(stack.kubernetesObjects.length + stack.aso!.objects.length);
    expect(synthesized.filter((o: Obj) => o.metadata.namespace === NS)).toHaveLength(stack.aso!.objects.length);
  });
});

// -------------------------------------------------------------------------------------------------
// Pulumi: ASO and azure-native, and the cross-form equivalence
// -------------------------------------------------------------------------------------------------

interface Registered {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
}

const registered: Registered[] = [];
const ARM_TYPE_OF_TOKEN = new Map(Object.entries(AZURE_NATIVE_CLASSES).map(([type, c]) => [c.token, type]));

beforeAll(() => {
  void pulumi.runtime.setMocks(
    {
      newResource(args) {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> });
        let id = `${args.name}-id`;
        if (ARM_TYPE_OF_TOKEN.has(args.type)) {
          // A real-looking ARM ID, so references compare equal with the other forms' full IDs.
          const view = azureNativeToArm(args.type, args.inputs as Record<string, unknown>);
          const group = String((args.inputs as Obj).resourceGroupName);
          const sub = /^\/subscriptions\/([^/]+)/.exec(String(FLEET['aks-prod-weu'].cluster.resourceId))![1];
          id = `/subscriptions/${sub}/resourceGroups/${group}/providers/${view.type}/${view.name}`;
        }
        return { id, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    'project',
    'stack',
    false,
  );
});

const promiseOf = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((resolve) => o.apply((v) => resolve(v)));

/** (type, name, properties) of the ARM form, references as full IDs in the cluster's group. */
function armView(props: MonitoringStackProps): Map<string, { type: string; name: string; properties: unknown }> {
  const s = renderMonitoringStack(props);
  const where = { resourceGroupArmId: resourceGroupIdOf(s.cluster.resourceId!), clusterArmId: s.cluster.resourceId };
  const out = new Map<string, { type: string; name: string; properties: unknown }>();
  for (const r of s.azureResources) {
    const n = neutralOfArm(r, where);
    out.set(`${n.type}/${n.name}`.toLowerCase(), { type: n.type, name: n.name, properties: n.properties });
  }
  for (const x of s.externalAzureResources) {
    const w = { resourceGroupArmId: `/subscriptions/${x.target.subscriptionId}/resourceGroups/${x.target.resourceGroup}`, clusterArmId: s.cluster.resourceId };
    for (const r of x.resources) {
      const n = neutralOfArm(r, w);
      out.set(`${n.type}/${n.name}`.toLowerCase(), { type: n.type, name: n.name, properties: n.properties });
    }
  }
  return out;
}

describe.each(FORMABLE)('fleet cluster %s: the same resources in the three forms', (cluster) => {
  const props = withForms(FLEET[cluster], { aso: { namespace: NS }, azureNative: true });

  test('ASO objects convert back to the ARM form\'s (type, name, properties)', () => {
    const s = renderMonitoringStack(props);
    const arm = armView(props);
    const fallback = new Set(s.aso!.armFallback.map((f) => `${f.type}/${f.name}`.toLowerCase()));
    const seen = new Set<string>();
    for (const o of s.aso!.objects.filter((x) => x.kind !== 'Secret')) {
      const n = asoToNeutral(o, s.aso!.objects);
      const key = `${n.type}/${n.name}`.toLowerCase();
      expect({ key, resource: { type: n.type, name: n.name, properties: n.properties } }).toEqual({ key, resource: arm.get(key) });
      seen.add(key);
    }
    expect([...arm.keys()].filter((k) => !seen.has(k) && !fallback.has(k))).toEqual([]);
  });

  test('azure-native resources convert back to the ARM form\'s (type, name, properties), and ASO objects are registered', async () => {
    const before = registered.length;
    const stack = new PulumiMonitoringStack(`forms-${cluster}`, props);
    const ids = await promiseOf(stack.azureResourceIds);
    const mine = registered.slice(before);
    const arm = armView(FLEET[cluster]);
    const native = mine.filter((r) => ARM_TYPE_OF_TOKEN.has(r.type));
    expect(native).toHaveLength(arm.size);
    for (const r of native) {
      const view = azureNativeToArm(r.type, r.inputs);
      const key = `${view.type}/${view.name}`.toLowerCase();
      expect({ key, properties: view.properties }).toEqual({ key, properties: arm.get(key)?.properties });
    }
    expect(Object.keys(ids).sort()).toEqual(Object.keys(stack.azureNativeResources).sort());
    expect(Object.keys(stack.asoResources)).toHaveLength(renderMonitoringStack(props).aso!.objects.length);
  });
});
