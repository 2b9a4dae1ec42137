/**
 * The embedded rule data (src/model/prometheus-rules-data.ts) against the reference files, and the
 * product's default groups as rendered against the product's ARM templates and promtool.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { checkRulesWithPromtool, isoToPromDuration, promtoolTest, toPrometheusRuleFile } from './support/promtool-rules';
import { REFERENCE_DIR } from './support/reference';
import { GENERATED_FILE, RECOMMENDED_ALERTS_YAML, RECORDING_RULES_YAML, generateRulesDataModule } from '../scripts/generate-prometheus-rules-data';
import { resolveCluster } from '../src/model/cluster';
import { findThreshold, recommendedAlertThresholds, replaceThreshold, resolvePrometheusAzure } from '../src/model/prometheus-azure';
import { RECOMMENDED_ALERT_GROUPS, RECOMMENDED_ALERT_NAMES, RECORDING_RULE_GROUPS } from '../src/model/prometheus-rules-data';
import { AzureResource } from '../src/render/azure';
import { RULE_GROUP_TYPE, renderPrometheusAzure } from '../src/render/prometheus-azure';

const MP = path.join(REFERENCE_DIR, 'managed-prometheus');
const readJson = (rel: string) => JSON.parse(fs.readFileSync(path.join(MP, rel), 'utf8'));
const recordingYaml = parse(fs.readFileSync(RECORDING_RULES_YAML, 'utf8')) as { groups: any[] };
const alertsYaml = parse(fs.readFileSync(RECOMMENDED_ALERTS_YAML, 'utf8')) as { groups: any[] };

const SUB = '/subscriptions/11111111-2222-4333-8444-555555555555';
const AMW = `${SUB}/resourceGroups/rg-mon/providers/Microsoft.Monitor/accounts/amw1`;
const AKS = `${SUB}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-win`;
const AG = `${SUB}/resourceGroups/rg-mon/providers/Microsoft.Insights/actionGroups/oncall`;

/** Everything the product defines, rendered for a cluster with Windows nodes. */
function renderAll(extra: Record<string, unknown> = {}): AzureResource[] {
  const cluster = resolveCluster('cluster', { name: 'aks-win', region: 'westeurope', distribution: 'aks', resourceId: AKS, nodes: { windows: true } });
  const model = resolvePrometheusAzure(
    'managedPrometheus.azure',
    { azureMonitorWorkspace: { resourceId: AMW, region: 'westeurope' }, recommendedAlerts: { enabled: true, actionGroupIds: [AG] }, ...extra },
    cluster,
  );
  return renderPrometheusAzure(model, cluster).resources;
}
const ruleGroups = (resources: AzureResource[]) => resources.filter((r) => r.type === RULE_GROUP_TYPE) as any[];

// -------------------------------------------------------------------------------------------------
// A tiny evaluator for the product templates' name/description expressions
// -------------------------------------------------------------------------------------------------

/** Evaluates `[concat(...)]`, `[variables('x')]` and string literals; `clusterName` is supplied. */
function evalArm(value: string, variables: Record<string, string>, clusterName: string): string {
  if (!value.startsWith('[')) return value;
  const src = value.slice(1, -1);
  let i = 0;
  const ws = () => {
    while (/\s/.test(src[i] ?? '')) i++;
  };
  const expr = (): string => {
    ws();
    if (src[i] === "'") {
      const end = src.indexOf("'", i + 1);
      const s = src.substring(i + 1, end);
      i = end + 1;
      return s;
    }
    const m = /^[A-Za-z]+/.exec(src.substring(i))!;
    const fn = m[0].toLowerCase();
    i += m[0].length;
    ws();
    i++; // (
    const args: string[] = [];
    ws();
    while (src[i] !== ')') {
      args.push(expr());
      ws();
      if (src[i] === ',') i++;
      ws();
    }
    i++; // )
    if (fn === 'concat') return args.join('');
    if (fn === 'variables') return args[0] === 'clusterName' ? clusterName : evalArm(variables[args[0]], variables, clusterName);
    if (fn === 'parameters' && args[0] === 'clusterName') return clusterName;
    throw new Error(`unsupported function ${fn} in ${value}`);
  };
  return expr();
}

// -------------------------------------------------------------------------------------------------

describe('the embedded data is the reference data', () => {
  test('the committed data file is the generator output (regenerate with scripts/generate-prometheus-rules-data.ts)', () => {
    expect(fs.readFileSync(GENERATED_FILE, 'utf8')).toBe(generateRulesDataModule());
  });

  test('recording groups equal recording-rules.derived.yaml (names, descriptions, intervals, every rule)', () => {
    expect(RECORDING_RULE_GROUPS.map((g) => g.nameTemplate)).toEqual(recordingYaml.groups.map((g) => g.name));
    for (const [i, g] of recordingYaml.groups.entries()) {
      const d = RECORDING_RULE_GROUPS[i];
      expect({ name: d.nameTemplate, description: d.description, interval: d.interval, rules: d.rules }).toEqual({
        name: g.name,
        description: g.description,
        interval: g.interval,
        rules: g.rules,
      });
    }
  });

  test('alert groups equal recommended-alerts.derived.yaml (every field but the actions placeholder)', () => {
    expect(RECOMMENDED_ALERT_GROUPS.map((g) => g.nameTemplate)).toEqual(alertsYaml.groups.map((g) => g.name));
    for (const [i, g] of alertsYaml.groups.entries()) {
      const d = RECOMMENDED_ALERT_GROUPS[i];
      const expected = g.rules.map(({ actions, enabled, ...rest }: any) => {
        expect([actions, enabled]).toEqual([['{actionGroupResourceId}'], true]);
        return rest;
      });
      expect({ name: d.nameTemplate, description: d.description, interval: d.interval, rules: d.rules }).toEqual({
        name: g.name,
        description: g.description,
        interval: g.interval,
        rules: expected,
      });
    }
  });

  test('group and rule counts are the product\'s (NOTES-managed-prometheus §5.6)', () => {
    expect(Object.fromEntries(RECORDING_RULE_GROUPS.map((g) => [g.key, g.rules.length]))).toEqual({
      'node': 11,
      'kubernetes': 19,
      'node-windows': 15,
      'node-and-kubernetes-windows': 17,
      'ux': 18,
      'ux-windows': 8,
    });
    expect(Object.fromEntries(RECOMMENDED_ALERT_GROUPS.map((g) => [g.key, g.rules.length]))).toEqual({ cluster: 11, node: 3, pod: 16 });
    expect(RECOMMENDED_ALERT_NAMES).toHaveLength(30);
  });
});

describe('rendered default groups equal the product\'s ARM templates', () => {
  const rendered = ruleGroups(renderAll());

  /** Our group of the same name as ARM group `a` of template `t`; its description and interval equal the template's. */
  function ourGroupFor(a: any, t: any): any {
    const name = evalArm(a.name, t.variables, 'aks-win');
    const ours = rendered.find((r) => r.name === name);
    expect({ name, found: ours !== undefined }).toEqual({ name, found: true });
    expect(ours.properties.description).toBe(evalArm(a.properties.description, t.variables, 'aks-win'));
    expect(ours.properties.interval).toBe(a.properties.interval);
    return ours;
  }

  test('all six recording groups equal AddonArmTemplate.FullAzureMonitorMetricsProfile.json (names, descriptions, rules)', () => {
    const t = readJson('arm/AddonArmTemplate.FullAzureMonitorMetricsProfile.json');
    const arm = t.resources.filter((r: any) => r.type === RULE_GROUP_TYPE);
    expect(arm).toHaveLength(6);
    for (const a of arm) {
      const ours = ourGroupFor(a, t);
      expect(ours.properties.rules).toEqual(a.properties.rules);
      expect(ours.properties.scopes).toEqual([AMW, AKS]); // the template's [azureMonitorWorkspaceResourceId, clusterResourceId]
      expect(ours.location).toBe('westeurope');
    }
    expect(rendered.map((r) => r.name)).toContain('UXRecordingRulesRuleGroup - aks-win');
    expect(rendered.map((r) => r.name)).toContain('UXRecordingRulesRuleGroup-Win - aks-win');
  });

  test('the four groups of DefaultRecordingRules.arm.json and the two of WindowsRecordingRules.json have the same rules', () => {
    for (const file of ['rules/DefaultRecordingRules.arm.json', 'arm/WindowsRecordingRules.json']) {
      const t = readJson(file);
      for (const a of t.resources.filter((r: any) => r.type === RULE_GROUP_TYPE)) {
        const name = evalArm(a.name, t.variables, 'aks-win');
        const ours = rendered.find((r) => r.name === name);
        expect({ file, name, rules: ours?.properties.rules }).toEqual({ file, name, rules: a.properties.rules });
      }
    }
  });

  test('the three alert groups equal recommendedMetricAlerts.arm.json, actions included', () => {
    const t = readJson('rules/recommendedMetricAlerts.arm.json');
    const arm = t.resources.filter((r: any) => r.type === RULE_GROUP_TYPE);
    expect(arm).toHaveLength(3);
    for (const a of arm) {
      const ours = ourGroupFor(a, t);
      const expected = a.properties.rules.map((r: any) => ({ ...r, actions: r.actions.map(() => ({ actionGroupId: AG })) }));
      expect(ours.properties.rules).toEqual(expected);
      expect(ours.properties.scopes).toEqual([AMW, AKS]);
    }
  });
});

describe('promtool check rules', () => {
  promtoolTest('every default recording group and recommended alert group passes', () => {
    const groups = ruleGroups(renderAll());
    expect(groups).toHaveLength(9);
    const result = checkRulesWithPromtool(groups);
    expect({ ok: result.ok, output: result.output }).toEqual({ ok: true, output: expect.stringContaining('SUCCESS: 118 rules found') });
  });

  promtoolTest('every threshold override passes (raised, lowered, zero, negative, fractional, exponent)', () => {
    const thresholds = recommendedAlertThresholds();
    const names = RECOMMENDED_ALERT_NAMES.filter((n) => thresholds[n].ok);
    for (const value of [2.5, 0, -3, 0.001, 1e21]) {
      const overrides = Object.fromEntries(names.map((n) => [n, { threshold: value }]));
      const groups = ruleGroups(renderAll({ recordingRules: { linux: false, windows: false }, recommendedAlerts: { enabled: true, overrides } }));
      const result = checkRulesWithPromtool(groups);
      expect({ value, ok: result.ok, output: result.output }).toEqual({ value, ok: true, output: expect.stringContaining('SUCCESS: 30 rules found') });
    }
  });

  promtoolTest('the check can fail: a broken expression is reported', () => {
    const broken = [{ name: 'g', properties: { interval: 'PT1M', rules: [{ record: 'a:b', expression: 'sum(rate(x[5m])' }] } }];
    const result = checkRulesWithPromtool(broken);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/unclosed|parse error|unexpected/i);
  });
});

describe('the Prometheus rule file conversion', () => {
  test('ISO-8601 durations become Prometheus durations', () => {
    expect(['PT1M', 'PT10M', 'PT05M', 'PT360M', 'PT1H30M', 'PT0M', 'P1DT2H', 'PT30S'].map(isoToPromDuration)).toEqual([
      '1m', '10m', '5m', '360m', '1h30m', '0s', '1d2h', '30s',
    ]);
    expect(() => isoToPromDuration('5m')).toThrow(/not an ISO-8601 duration/);
    expect(() => isoToPromDuration('PT')).toThrow(/not an ISO-8601 duration/);
  });

  test('Azure-only fields are dropped, the rest renamed', () => {
    const file = toPrometheusRuleFile([
      {
        name: 'g',
        properties: {
          interval: 'PT05M',
          scopes: ['x'],
          clusterName: 'c',
          rules: [
            { alert: 'A', expression: 'up == 0', for: 'PT10M', severity: 3, enabled: false, labels: { l: 'v' }, annotations: { d: 'x' }, resolveConfiguration: {}, actions: [] },
            { record: 'r:x', expression: 'sum(up)' },
          ],
        },
      },
    ]);
    expect(file).toEqual({
      groups: [{ name: 'g', interval: '5m', rules: [{ alert: 'A', expr: 'up == 0', for: '10m', labels: { l: 'v' }, annotations: { d: 'x' } }, { record: 'r:x', expr: 'sum(up)' }] }],
    });
  });
});

describe('thresholds of the recommended alerts', () => {
  test('exactly these alerts have a single threshold (operator and product value)', () => {
    const t = recommendedAlertThresholds();
    const withThreshold = Object.fromEntries(
      Object.entries(t).flatMap(([n, s]) => (s.ok ? [[n, `${s.operator} ${s.value}`]] : [])),
    );
    expect(withThreshold).toEqual({
      KubeCPUQuotaOvercommit: '> 1.5',
      KubeMemoryQuotaOvercommit: '> 1.5',
      KubeContainerOOMKilledCount: '> 0',
      KubeClientErrors: '> 0.01',
      KubePersistentVolumeInodesFillingUp: '< 0.03',
      KubePersistentVolumeErrors: '> 0',
      KubeContainerWaiting: '> 0',
      KubeDaemonSetNotScheduled: '> 0',
      KubeDaemonSetMisScheduled: '> 0',
      KubeNodeReadinessFlapping: '> 2',
      KubeNodeDiskUsageHigh: '> 80',
      KubePodCrashLooping: '>= 1',
      KubeJobStale: '> 0',
      KubePodContainerRestart: '> 0',
      KubePodFailedState: '> 0',
      KubePodNotReadyByController: '> 0',
      KubeJobFailed: '> 0',
      KubeContainerAverageCPUHigh: '> 0.95',
      KubeContainerAverageMemoryHigh: '> 0.95',
      KubeletPodStartUpLatencyHigh: '> 60',
      KubePVUsageHigh: '> 0.8',
    });
  });

  test('the others say why', () => {
    const t = recommendedAlertThresholds();
    const reasons = Object.fromEntries(Object.entries(t).flatMap(([n, s]) => (s.ok ? [] : [[n, s.reason]])));
    expect(Object.keys(reasons).sort()).toEqual([
      'KubeDeploymentReplicasMismatch', 'KubeHpaMaxedOut', 'KubeHpaReplicasMismatch', 'KubeNodeUnreachable', 'KubePersistentVolumeFillingUp',
      'KubePodReadyStateLow', 'KubeQuotaAlmostFull', 'KubeStatefulSetGenerationMismatch', 'KubeStatefulSetReplicasMismatch',
    ]);
    expect(reasons.KubePersistentVolumeFillingUp).toMatch(/5 comparisons/);
    expect(reasons.KubeNodeUnreachable).toMatch(/equality test \(==\)/);
    expect(reasons.KubePodReadyStateLow).toMatch(/2 comparisons/);
  });

  test('the lexer ignores matchers, strings and durations; the right operand must be the whole number', () => {
    expect(findThreshold('x{a=">5", b!="<"} > 3')).toMatchObject({ ok: true, operator: '>', value: 3 });
    expect(findThreshold('rate(x[5m]) >= bool 0.5')).toMatchObject({ ok: true, operator: '>=', value: 0.5 });
    expect(findThreshold('(x > 1e3) and y')).toMatchObject({ ok: true, value: 1000 });
    expect(findThreshold('x > 5 * 2')).toMatchObject({ ok: false, reason: expect.stringMatching(/part of a larger expression/) });
    expect(findThreshold('x > y')).toMatchObject({ ok: false, reason: expect.stringMatching(/series or an expression/) });
    expect(findThreshold('x > -1')).toMatchObject({ ok: false });
    expect(findThreshold('sum(x')).toMatchObject({ ok: false, reason: expect.stringMatching(/does not parse/) });
    expect(findThreshold('sum(x)')).toMatchObject({ ok: false, reason: expect.stringMatching(/no comparison/) });
  });

  test('replacing touches only the number', () => {
    const expr = 'a{x="1"} / b  >.95';
    const site = findThreshold(expr);
    if (!site.ok) throw new Error(site.reason);
    expect(replaceThreshold(expr, site, 0.5)).toBe('a{x="1"} / b  >0.5');
    expect(replaceThreshold(expr, site, -2)).toBe('a{x="1"} / b  > -2');
  });
});
