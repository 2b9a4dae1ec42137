import * as fs from 'fs';
import * as path from 'path';

/**
 * The engine-neutral entry point (`azure-monitor-k8s`) must import no engine: a cdk8s user never
 * installs Pulumi and the reverse. The engine layers may import only their own engine.
 */
const SRC = path.join(__dirname, '..', 'src');

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|require\()\s*'([^']+)'/g)].map((m) => m[1]);
}

const ENGINES = /^(cdk8s|cdk8s-plus-28|constructs|@pulumi\/.*)(\/.*)?$/;

test.each(filesUnder(SRC).filter((f) => !f.includes(`${path.sep}cdk8s${path.sep}`) && !f.includes(`${path.sep}pulumi${path.sep}`)).map((f) => path.relative(SRC, f)))(
  'src/%s imports no engine',
  (rel) => {
    expect(importsOf(path.join(SRC, rel)).filter((i) => ENGINES.test(i))).toEqual([]);
  },
);

test('the cdk8s layer imports no Pulumi, the Pulumi layer no cdk8s', () => {
  for (const f of filesUnder(path.join(SRC, 'cdk8s'))) expect(importsOf(f).filter((i) => i.startsWith('@pulumi/'))).toEqual([]);
  for (const f of filesUnder(path.join(SRC, 'pulumi'))) expect(importsOf(f).filter((i) => /^(cdk8s|constructs)/.test(i))).toEqual([]);
});

test('the engine layers decide nothing: they import the renderer, not the models\' resolve functions', () => {
  for (const f of [...filesUnder(path.join(SRC, 'cdk8s')), ...filesUnder(path.join(SRC, 'pulumi'))]) {
    expect(fs.readFileSync(f, 'utf8')).not.toMatch(/resolveContainerInsights|resolveCluster|renderAgentConfigMap|renderContainerInsightsAzure/);
  }
});
