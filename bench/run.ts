import { diffBench } from './diff.bench.js';
import { kustomizeBench } from './kustomize.bench.js';
import { controlPlaneBench } from './controlplane.bench.js';
import { dashboardBench } from './dashboard.bench.js';
import { driftHealBench } from './drift-heal.bench.js';
import { fluxLikeBench } from './flux-like.bench.js';
import { gitBench } from './git.bench.js';
import { helmBench } from './helm.bench.js';
import { massSyncBench } from './mass-sync.bench.js';
import { noopRefreshBench } from './noop-refresh.bench.js';
import { webhookLatencyBench } from './webhook-latency.bench.js';
import { report, type Benchmark, type BenchArgs } from './harness.js';

const BENCHMARKS: Record<string, Benchmark> = {
  diff: diffBench,
  kustomize: kustomizeBench,
  'mass-sync': massSyncBench,
  'webhook-latency': webhookLatencyBench,
  'drift-heal': driftHealBench,
  'flux-like': fluxLikeBench,
  'noop-refresh': noopRefreshBench,
  controlplane: controlPlaneBench,
  helm: helmBench,
  git: gitBench,
  dashboard: dashboardBench,
};

/** `npm run bench` runs everything; `npm run bench -- <name> [--apps N]` runs one. */
async function main(argv: string[]): Promise<void> {
  const args: BenchArgs = {};
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--apps') args.apps = Number(argv[++i]);
    else names.push(argv[i]!);
  }
  const selected = names.length === 0 ? Object.keys(BENCHMARKS) : names;
  for (const name of selected) {
    const bench = BENCHMARKS[name];
    if (bench === undefined)
      throw new Error(`no benchmark named ${name}; known: ${Object.keys(BENCHMARKS).join(', ')}`);
    await report(name, await bench(args));
  }
}

await main(process.argv.slice(2));
