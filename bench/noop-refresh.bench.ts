import type { Application } from '../src/model/application.js';
import type { BenchArgs, Figure } from './harness.js';
import { allSynced, appNames, massSyncRepo } from './mass-sync.bench.js';
import { startScaleEnv, timeUntil, type ScaleEnv } from './support/scale-env.js';
import { BENCH_WEBHOOK_SECRET, sendGenericWebhook } from './support/webhook.js';

/** CPU seconds used so far by the engine, the control plane and this process (the observer). */
async function cpuOf(
  env: ScaleEnv,
): Promise<{ engine: number; controlPlane: number; observer: number }> {
  const { user, system } = process.cpuUsage();
  return {
    engine: await env.engine!.cpuSeconds(),
    controlPlane: await env.controlPlane.cpuSeconds(),
    observer: (user + system) / 1e6,
  };
}

/**
 * noop-refresh: with every app synced, one webhook for the repository (no new commit) makes
 * Ferry look at all N apps again; timed until every app records the new reconcile.
 */
export async function noopRefreshBench(args: BenchArgs): Promise<Figure[]> {
  const apps = args.apps ?? 1000;
  process.env['FERRY_WEBHOOK_SECRET'] = BENCH_WEBHOOK_SECRET;
  const env = await startScaleEnv(massSyncRepo(apps));
  try {
    const engine = await env.startEngine(['--poll-interval', '10m']);
    await env.createApps(appNames(apps), (name) => `apps/${name}`);
    await timeUntil(() => allSynced(env, apps), 30 * 60_000, 250);
    const url = /Dashboard: (\S+)/.exec(engine.output())![1]!;
    const before = new Date().toISOString();
    const refreshed = (a: Application) => (a.status?.reconciledAt ?? '') >= before;
    // The watch that observes the refresh is set up (one list of every app) before the clock starts.
    const watcher = await env.watchApps(apps, refreshed, 10 * 60_000);
    const cpuBefore = await cpuOf(env);
    const start = performance.now();
    await sendGenericWebhook(url, { repository: env.repoURL, revision: 'main' });
    await watcher.finished;
    const ms = performance.now() - start;
    const cpuAfter = await cpuOf(env);
    const perApp = (from: number, to: number) => ((to - from) * 1000) / apps;
    return [
      {
        metric: `refresh of ${apps} apps with no new commit`,
        value: ms / 1000,
        unit: 's',
        target: `<= ${(10 * apps) / 10_000}`,
      },
      { metric: 'apps refreshed per second', value: (apps * 1000) / ms, unit: 'apps/s' },
      // CPU per app does not depend on what else the machine runs, as the wall time does.
      {
        metric: 'engine CPU per app',
        value: perApp(cpuBefore.engine, cpuAfter.engine),
        unit: 'ms',
      },
      {
        metric: 'control plane CPU per app',
        value: perApp(cpuBefore.controlPlane, cpuAfter.controlPlane),
        unit: 'ms',
      },
      // The benchmark's own watch of every Application shares the machine with both.
      {
        metric: 'observer CPU per app',
        value: perApp(cpuBefore.observer, cpuAfter.observer),
        unit: 'ms',
      },
    ];
  } finally {
    await env.stop();
  }
}
