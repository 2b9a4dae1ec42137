/**
 * `promtool check config` for tests: checks a rendered custom scrape config the way the agent's
 * Prometheus would read it.
 *
 * promtool is the Debian package `prometheus` (2.42) at /usr/bin/promtool (or $PROMTOOL). What the
 * helper does before the check, and why:
 *
 *  1. The agent's `$` handling (NOTES-managed-prometheus §4.3; Azure/prometheus-collector@39583fd
 *     prom-config-validator-builder/main.go): in `regex` and `replacement` of (metric) relabel configs it
 *     collapses `$$` to `$`, doubles every `$`, and replaces `$$NODE_NAME` / `$$NODE_IP` by the node's
 *     values (via `${env:...}`); the OpenTelemetry config loader then turns `$$` back into `$`. In
 *     `static_configs.targets` it replaces `$$NODE_X` / `$NODE_X` by the values. The helper applies the
 *     same steps (its own implementation, independent of src/) with sample values (NODE_IP 10.240.0.4,
 *     NODE_NAME aks-nodepool1-12345678-vmss000000), so promtool checks what Prometheus really runs.
 *     The transformation edits scalar values in the parsed YAML document; every other byte of the
 *     rendered text is kept (yaml's Document round trip).
 *  2. Credential files: configs reference /etc/prometheus/certs/<key> (Secret ama-metrics-mtls-secret)
 *     and the pod's service-account files, which do not exist here. The helper creates empty files with
 *     those names in a temporary directory and rewrites the paths (a plain text substitution of the two
 *     directory prefixes) only for the check. With the files in place we run the *full* check (not
 *     `--syntax-only`, which promtool 2.42 supports but which skips the file checks, e.g. that a client
 *     certificate file exists); pass `{ syntaxOnly: true }` to skip them (used only if the flag exists,
 *     detected from `promtool check config --help`).
 *  3. Kubernetes SD: Debian builds Prometheus without Kubernetes support ("Kubernetes support has been
 *     completely removed", /usr/share/doc/prometheus/NEWS.Debian.gz, 1.5.0+ds-1), so its promtool fails
 *     with "field kubernetes_sd_configs not found in type config.ScrapeConfig". When a probe shows that,
 *     the helper removes `kubernetes_sd_configs` from each job before the check and says so in `output`
 *     (`kubernetesSdStripped`); the SD blocks are validated by the model (roles, selector roles, selector
 *     syntax). With an upstream promtool the blocks are checked as they are.
 *
 * Missing promtool: {@link promtoolOrSkip} throws when `process.env.CI` is set (CI must check every
 * config) and otherwise logs a message and returns false, so tests can skip.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Document, isMap, isScalar, isSeq, parseDocument, visit } from 'yaml';

export interface PromtoolResult {
  /** promtool accepted the config. */
  readonly ok: boolean;
  /** promtool's stdout and stderr, plus notes of the helper. */
  readonly output: string;
  /** The text promtool checked (after the agent's transformations and path rewrites). */
  readonly checkedText: string;
  /** `kubernetes_sd_configs` had to be removed for this promtool build. */
  readonly kubernetesSdStripped: boolean;
}

export interface PromtoolOptions {
  /** `--syntax-only` (if this promtool has it): no file checks. @default false */
  readonly syntaxOnly?: boolean;
}

/** Sample node values substituted for the check only. */
export const SAMPLE_NODE_IP = '10.240.0.4';
export const SAMPLE_NODE_NAME = 'aks-nodepool1-12345678-vmss000000';

const MTLS_DIR = '/etc/prometheus/certs/';
const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount/';

let located: string | null | undefined;

/** The promtool binary, or null. */
export function promtoolPath(): string | null {
  if (located !== undefined) return located;
  const candidates = [process.env.PROMTOOL, ...(process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, 'promtool'))];
  located = candidates.find((c): c is string => !!c && fs.existsSync(c)) ?? null;
  return located;
}

/**
 * True when promtool is available. Missing: throws under CI (`process.env.CI`), else logs why the
 * promtool tests are skipped and returns false.
 */
export function promtoolOrSkip(): boolean {
  if (promtoolPath()) return true;
  const msg = 'promtool not found (Debian package "prometheus", /usr/bin/promtool, or set PROMTOOL)';
  if (process.env.CI) throw new Error(`${msg}: CI must check every rendered Prometheus config`);
  // eslint-disable-next-line no-console
  console.warn(`${msg}: skipping the promtool checks`);
  return false;
}

let skipAnnounced = false;

/**
 * `test` when promtool is installed; otherwise a test that fails under CI, or `test.skip` (with one
 * console message) elsewhere.
 */
export function testWithPromtool(name: string, fn: () => void, timeout?: number): void {
  if (promtoolPath()) {
    test(name, fn, timeout);
  } else if (process.env.CI) {
    test(name, () => {
      promtoolOrSkip();
    });
  } else {
    if (!skipAnnounced) {
      skipAnnounced = true;
      promtoolOrSkip();
    }
    test.skip(name, fn);
  }
}

function run(args: string[]): { status: number | null; stdout: string; stderr: string; output: string } {
  const tool = promtoolPath();
  if (!tool) throw new Error('promtool not available');
  const r = spawnSync(tool, args, { encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  const stdout = r.stdout ?? '';
  const stderr = r.stderr ?? '';
  return { status: r.status, stdout, stderr, output: `${stdout}${stderr}` };
}

let capabilities: { syntaxOnly: boolean; kubernetesSd: boolean } | undefined;

/** What this promtool build supports (probed once). */
export function promtoolCapabilities(): { syntaxOnly: boolean; kubernetesSd: boolean } {
  if (capabilities) return capabilities;
  const help = run(['check', 'config', '--help']).output;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promtool-probe-'));
  try {
    const probe = path.join(dir, 'probe.yml');
    fs.writeFileSync(probe, 'scrape_configs:\n- job_name: probe\n  kubernetes_sd_configs:\n  - role: pod\n');
    const r = run(['check', 'config', probe]);
    capabilities = {
      syntaxOnly: help.includes('--syntax-only'),
      kubernetesSd: !/field kubernetes_sd_configs not found/.test(r.output),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return capabilities;
}

/**
 * The agent's rewriting of one relabel `regex`/`replacement` value, followed by the OpenTelemetry
 * loader's expansion: what Prometheus finally reads on a node with the sample IP and name.
 */
export function agentEffectiveRelabelValue(rendered: string, node = { ip: SAMPLE_NODE_IP, name: SAMPLE_NODE_NAME }): string {
  const collapsed = rendered.split('$$').join('$');
  const doubled = collapsed.split('$').join('$$');
  const withEnv = doubled.split('$$NODE_NAME').join('\u0000N\u0000').split('$$NODE_IP').join('\u0000I\u0000');
  // OpenTelemetry: `$$` -> `$`; `${env:X}` -> value (placeholders keep the values out of the unescaping).
  return withEnv.split('$$').join('$').split('\u0000N\u0000').join(node.name).split('\u0000I\u0000').join(node.ip);
}

/** The agent's rewriting of a static target, followed by the loader's expansion. */
export function agentEffectiveTarget(rendered: string, node = { ip: SAMPLE_NODE_IP, name: SAMPLE_NODE_NAME }): string {
  return rendered
    .split('$$NODE_NAME').join('$NODE_NAME')
    .split('$$NODE_IP').join('$NODE_IP')
    .split('$NODE_NAME').join(node.name)
    .split('$NODE_IP').join(node.ip);
}

/**
 * Applies the agent's transformations to a rendered `prometheus-config` text (scalars edited in place)
 * and optionally removes `kubernetes_sd_configs`. Returns the resulting text.
 */
export function agentView(yamlText: string, opts: { stripKubernetesSd?: boolean } = {}): string {
  const doc: Document = parseDocument(yamlText, { version: '1.1' });
  if (doc.errors.length) throw new Error(`rendered config is not valid YAML: ${doc.errors.map((e) => e.message).join('; ')}`);
  const jobs = doc.get('scrape_configs');
  if (isSeq(jobs)) {
    for (const job of jobs.items) {
      if (!isMap(job)) continue;
      for (const key of ['relabel_configs', 'metric_relabel_configs']) {
        const rules = job.get(key);
        if (!isSeq(rules)) continue;
        for (const rule of rules.items) {
          if (!isMap(rule)) continue;
          for (const field of ['regex', 'replacement']) {
            const node = rule.get(field, true);
            if (isScalar(node) && typeof node.value === 'string') node.value = agentEffectiveRelabelValue(node.value);
          }
        }
      }
      const statics = job.get('static_configs');
      if (isSeq(statics)) {
        visit(statics, {
          Pair(_k, pair) {
            if (!isScalar(pair.key) || pair.key.value !== 'targets' || !isSeq(pair.value)) return;
            for (const t of pair.value.items) if (isScalar(t) && typeof t.value === 'string') t.value = agentEffectiveTarget(t.value);
          },
        });
      }
      if (opts.stripKubernetesSd) job.delete('kubernetes_sd_configs');
    }
  }
  return doc.toString({ lineWidth: 0 });
}

/** Rewrites credential paths to files created under `dir`; returns the new text. */
function materializeFiles(text: string, dir: string): string {
  let out = text;
  for (const [prefix, sub] of [[MTLS_DIR, 'certs/'], [SA_DIR, 'serviceaccount/']] as const) {
    const target = path.join(dir, sub);
    const names = new Set<string>();
    const re = new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}([-._a-zA-Z0-9]+)`, 'g');
    for (const m of out.matchAll(re)) names.add(m[1]);
    if (names.size === 0) continue;
    fs.mkdirSync(target, { recursive: true });
    for (const n of names) fs.writeFileSync(path.join(target, n), '');
    out = out.split(prefix).join(target);
  }
  return out;
}

/**
 * Runs `promtool check config` on the files, one verdict per file. promtool prints "Checking <file>"
 * and, on success, " SUCCESS: <file> ..." to stdout; each failure is one "  FAILED: ..." entry on
 * stderr (possibly continued on more lines), in file order, and does not always name the file. So the
 * failed files (no SUCCESS line) take the FAILED entries in order; if the counts differ, every file is
 * checked on its own.
 */
function runChecks(flags: string[], files: string[]): Array<{ ok: boolean; output: string }> {
  const { stdout, stderr } = run(['check', 'config', ...flags, ...files]);
  const succeeded = files.map((f) => stdout.split('\n').some((l) => l.includes('SUCCESS') && l.includes(f)));
  const failures = stderr.split(/^(?=\s*FAILED: )/m).map((e) => e.trim()).filter((e) => e !== '');
  if (failures.length !== succeeded.filter((ok) => !ok).length) {
    if (files.length === 1) return [{ ok: false, output: `${stdout}${stderr}` }];
    return files.flatMap((f) => runChecks(flags, [f]));
  }
  let next = 0;
  return files.map((f, i) => {
    if (succeeded[i]) return { ok: true, output: stdout.split('\n').filter((l) => l.includes('SUCCESS') && l.includes(f)).join('\n') };
    return { ok: false, output: failures[next++] };
  });
}

/** Checks several rendered configs with one promtool run (one result per text, in order). */
export function checkPrometheusConfigs(yamlTexts: readonly string[], opts: PromtoolOptions = {}): PromtoolResult[] {
  const caps = promtoolCapabilities();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promtool-check-'));
  try {
    const files = yamlTexts.map((text, i) => {
      const hasSd = /^\s*kubernetes_sd_configs:/m.test(text);
      const strip = hasSd && !caps.kubernetesSd;
      const checkedText = materializeFiles(agentView(text, { stripKubernetesSd: strip }), dir);
      const file = path.join(dir, `config-${i}.yml`);
      fs.writeFileSync(file, checkedText);
      return { file, checkedText, strip };
    });
    const flags = opts.syntaxOnly && caps.syntaxOnly ? ['--syntax-only'] : [];
    const verdicts = runChecks(flags, files.map((f) => f.file));
    return files.map(({ checkedText, strip }, i) => {
      const note = strip ? '\n(note: kubernetes_sd_configs removed for the check: this promtool build has no Kubernetes SD)' : '';
      return { ok: verdicts[i].ok, output: verdicts[i].output.split(dir).join('<tmp>').trim() + note, checkedText, kubernetesSdStripped: strip };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Checks one rendered `prometheus-config` text. */
export function checkPrometheusConfig(yamlText: string, opts: PromtoolOptions = {}): PromtoolResult {
  return checkPrometheusConfigs([yamlText], opts)[0];
}
