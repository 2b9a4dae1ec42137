import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { FLEET } from '../examples/fleet';
import { allKubernetesObjects, renderMonitoringStack } from '../src';

/**
 * The cdk8s example synthesized by the real cdk8s CLI, as `npx projen synth:fleet` does (which
 * compiles first; here the package's own name resolves to src/ through tsconfig-paths, so the test
 * needs no build).
 */
test('cdk8s synth of the example app writes one manifest and one ARM template per cluster (plus cluster settings where needed)', () => {
  const root = path.join(__dirname, '..');
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'amk8s-cli-'));
  const cli = path.join(root, 'node_modules', '.bin', 'cdk8s');
  // ts-node first, so tsconfig-paths (registered second) resolves to .ts files.
  const app = 'node -r ts-node/register/transpile-only -r tsconfig-paths/register examples/cdk8s/main.ts';
  execFileSync(cli, ['synth', '--no-check-upgrade', '--app', app, '--output', outdir], {
    cwd: root,
    env: { ...process.env, TS_NODE_PROJECT: 'test/tsconfig.json', PATH: `${path.join(root, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}` },
    stdio: 'pipe',
    timeout: 120_000,
  });
  const clusters = Object.keys(FLEET).sort();
  const settings = clusters.filter((c) => renderMonitoringStack(FLEET[c]).clusterSettings !== undefined).map((c) => `${c}-monitoring.cluster-settings.json`);
  expect(settings.length).toBeGreaterThan(0);
  expect(fs.readdirSync(outdir).sort()).toEqual([...clusters.flatMap((c) => [`${c}-monitoring.arm.json`, `${c}.k8s.yaml`]), ...settings].sort());
  for (const c of clusters) {
    const docs = parseAllDocuments(fs.readFileSync(path.join(outdir, `${c}.k8s.yaml`), 'utf8')).map((d) => d.toJSON());
    const expected = allKubernetesObjects(renderMonitoringStack(FLEET[c])).map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`);
    expect(docs.map((d) => `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`).sort()).toEqual([...expected].sort());
    expect(expected).toContain('ConfigMap/kube-system/container-azm-ms-agentconfig');
    expect(docs.find((d) => d.metadata.name === 'container-azm-ms-agentconfig').data['schema-version']).toBe('v1');
    const template = JSON.parse(fs.readFileSync(path.join(outdir, `${c}-monitoring.arm.json`), 'utf8'));
    expect(template.resources.some((r: { name: string }) => r.name.endsWith(`-${c}`))).toBe(true);
  }
});
