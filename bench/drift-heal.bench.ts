import type { KubeObject } from '../src/kube/object.js';
import type { BenchArgs, Figure } from './harness.js';
import { allSynced, appNames, massSyncRepo } from './mass-sync.bench.js';
import { percentile } from './support/percentiles.js';
import { startScaleEnv, timeUntil } from './support/scale-env.js';

/**
 * drift-heal: patch a managed ConfigMap as kubectl would and time until Ferry reverts it,
 * with kubectl's own round trip for the same patch as the baseline.
 */
export async function driftHealBench(args: BenchArgs): Promise<Figure[]> {
  const apps = Math.min(args.apps ?? 20, 200);
  const rounds = 40;
  const env = await startScaleEnv(massSyncRepo(apps));
  try {
    await env.startEngine(['--poll-interval', '10m']);
    await env.createApps(appNames(apps), (name) => `apps/${name}`);
    await timeUntil(() => allSynced(env, apps), 10 * 60_000, 250);
    const heal: number[] = [];
    const patchOnly: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const ref: KubeObject = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `cm-${i % apps}`, namespace: 'bench' },
      };
      const start = performance.now();
      await env.client.mergePatch(ref, { data: { owner: `drift-${i}` } });
      patchOnly.push(performance.now() - start);
      await timeUntil(
        async () => {
          const live = (await env.client.get(ref)) as { data?: { owner?: string } } | undefined;
          return live?.data?.owner === `cm-${i % apps}`;
        },
        60_000,
        5,
      );
      heal.push(performance.now() - start);
      // Let the app settle as Synced, so the next drift starts a fresh self-heal (no backoff).
      await timeUntil(() => allSynced(env, apps), 60_000, 20);
    }
    const p50 = percentile(heal, 50);
    return [
      {
        metric: `drift healed, p50 over ${rounds} drifts`,
        value: p50,
        unit: 'ms',
        target: '<= 500',
        baseline: {
          name: 'the drifting patch itself (p50)',
          value: percentile(patchOnly, 50),
          ratio: p50 / percentile(patchOnly, 50),
        },
      },
      { metric: 'drift healed, p99', value: percentile(heal, 99), unit: 'ms' },
    ];
  } finally {
    await env.stop();
  }
}
