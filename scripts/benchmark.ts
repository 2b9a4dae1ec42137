/**
 * Benchmark: how fast and how lean synthesis is. Not a test (timings are never asserted); run it with
 * `npx projen bench` and compare runs on the same machine.
 *
 * Measures: the cost of importing the engine-neutral entry point, rendering N stacks of the example
 * fleet (time per stack and heap growth), and building the cdk8s fleet app.
 */
import * as os from 'os';
import { performance } from 'perf_hooks';

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

const t0 = performance.now();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const core = require('../src') as typeof import('../src');
const importMs = performance.now() - t0;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { FLEET } = require('../examples/fleet') as typeof import('../examples/fleet');
const fleet = Object.values(FLEET);

const iterations = Number(process.env.BENCH_ITERATIONS ?? 2000);
global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const t1 = performance.now();
let objects = 0;
for (let i = 0; i < iterations; i++) {
  const stack = core.renderMonitoringStack(fleet[i % fleet.length]);
  objects += stack.kubernetesObjects.length + stack.azureResources.length;
}
const renderMs = performance.now() - t1;
const heapAfter = process.memoryUsage().heapUsed;

const t2 = performance.now();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildFleetApp } = require('../examples/cdk8s/main') as typeof import('../examples/cdk8s/main');
const app = buildFleetApp(os.tmpdir());
app.synthYaml();
const cdk8sMs = performance.now() - t2;

console.log(JSON.stringify({
  importCoreMs: Number(importMs.toFixed(1)),
  renderedStacks: iterations,
  renderedObjects: objects,
  renderMsPerStack: Number((renderMs / iterations).toFixed(3)),
  heapGrowth: mb(heapAfter - heapBefore),
  cdk8sFleetSynthMs: Number(cdk8sMs.toFixed(1)),
  rss: mb(process.memoryUsage().rss),
}, null, 2));
