/**
 * Checks Azure Prometheus rule groups (`Microsoft.AlertsManagement/prometheusRuleGroups`, ARM form or
 * the neutral AzureResource form) with `promtool check rules` (Debian package `prometheus`).
 *
 * The ARM groups are converted to a Prometheus rule file: `expression` -> `expr`, ISO-8601 durations
 * (`PT1M`, `PT10M`, `PT05M`, `PT1H30M`) -> Prometheus durations (`1m`, `10m`, `5m`, `1h30m`), and the
 * Azure-only fields (`severity`, `enabled`, `resolveConfiguration`, `actions`, and the group's
 * `scopes`, `clusterName`, `description`, `enabled`) are dropped. Disabled rules and groups are
 * checked too: Azure validates them as well.
 *
 * Without promtool the tests that need it fail under CI (`process.env.CI` set) and are skipped with a
 * console message elsewhere: use {@link promtoolTest} (= testWithPromtool of ./promtool) instead of `test`.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { promtoolPath, testWithPromtool } from './promtool';

/** `PT1H30M`, `PT05M`, `P1DT2H`, `PT30S` -> `1h30m`, `5m`, `1d2h`, `30s`; throws on anything else. */
export function isoToPromDuration(iso: string): string {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  if (!m || iso === 'P' || iso.endsWith('T')) throw new Error(`not an ISO-8601 duration this converter knows: ${JSON.stringify(iso)}`);
  const parts: string[] = [];
  const units = ['d', 'h', 'm', 's'];
  for (let i = 0; i < 4; i++) {
    const v = m[i + 1] === undefined ? 0 : Number(m[i + 1]);
    if (v > 0) parts.push(`${v}${units[i]}`);
  }
  return parts.length === 0 ? '0s' : parts.join('');
}

/** A rule group in either form: `{ name, properties: { interval, rules } }`. */
export interface RuleGroupLike {
  readonly name: string;
  readonly properties: { readonly interval?: unknown; readonly rules?: unknown; readonly [key: string]: unknown };
}

/** A Prometheus rule file (as an object) from ARM rule groups. */
export function toPrometheusRuleFile(groups: readonly RuleGroupLike[]): { groups: Array<Record<string, unknown>> } {
  return {
    groups: groups.map((g) => {
      const rules = g.properties.rules as Array<Record<string, unknown>>;
      if (!Array.isArray(rules)) throw new Error(`${g.name}: properties.rules is not an array`);
      return {
        name: g.name,
        ...(typeof g.properties.interval === 'string' ? { interval: isoToPromDuration(g.properties.interval) } : {}),
        rules: rules.map((r) => {
          const out: Record<string, unknown> = {};
          if (r.record !== undefined) out.record = r.record;
          if (r.alert !== undefined) out.alert = r.alert;
          out.expr = r.expression;
          if (typeof r.for === 'string') out.for = isoToPromDuration(r.for);
          if (r.labels !== undefined) out.labels = r.labels;
          if (r.annotations !== undefined) out.annotations = r.annotations;
          return out;
        }),
      };
    }),
  };
}

export interface PromtoolResult {
  readonly ok: boolean;
  /** promtool's stdout and stderr. */
  readonly output: string;
  /** The rule file that was checked (YAML). */
  readonly file: string;
}

/** Runs `promtool check rules` on the groups; never throws for a failed check (see `ok`). */
export function checkRulesWithPromtool(groups: readonly RuleGroupLike[]): PromtoolResult {
  const exe = promtoolPath();
  if (!exe) throw new Error('promtool is not installed (Debian package "prometheus")');
  const file = stringify(toPrometheusRuleFile(groups), { lineWidth: 0 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promtool-rules-'));
  const filePath = path.join(dir, 'rules.yaml');
  fs.writeFileSync(filePath, file);
  try {
    const output = execFileSync(exe, ['check', 'rules', filePath], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { ok: true, output, file };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` || err.message, file };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `test` when promtool is installed; fails under CI without it; skipped with a message elsewhere. */
export const promtoolTest = (name: string, fn: () => void): void => testWithPromtool(name, fn);

