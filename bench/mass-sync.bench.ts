import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { BenchArgs, Figure } from './harness.js';
import { startScaleEnv, timeUntil, type ScaleEnv } from './support/scale-env.js';

const run = promisify(execFile);

const configMap = (name: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
data:
  owner: ${name}
`;

/** One directory per app, one ConfigMap each. */
export function massSyncRepo(apps: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < apps; i++) files[`apps/app-${i}/cm.yaml`] = configMap(`cm-${i}`);
  return files;
}

export const appNames = (apps: number): string[] =>
  Array.from({ length: apps }, (_, i) => `app-${i}`);

/** All apps Synced and Healthy, by Ferry's own count (which costs the control plane nothing). */
export async function allSynced(env: ScaleEnv, apps: number): Promise<boolean> {
  const summary = await env.summary();
  return (
    summary.total === apps && summary.sync['Synced'] === apps && summary.health['Healthy'] === apps
  );
}

/** `kubectl apply -f` of the same manifests into another namespace of the same control plane. */
export async function kubectlApplyMs(env: ScaleEnv, manifests: readonly string[]): Promise<number> {
  const file = path.join(env.dir, 'baseline.yaml');
  await writeFile(file, manifests.join('---\n'));
  await run('kubectl', ['--kubeconfig', env.kubeconfig, 'create', 'namespace', 'baseline']);
  const start = performance.now();
  await run('kubectl', ['--kubeconfig', env.kubeconfig, 'apply', '-n', 'baseline', '-f', file], {
    maxBuffer: 64 << 20,
  });
  return performance.now() - start;
}

/**
 * mass-sync: N apps of one ConfigMap each, in one repo, from a cold engine start until all
 * are Synced and Healthy; the baseline is kubectl apply of the same objects.
 */
export async function massSyncBench(args: BenchArgs): Promise<Figure[]> {
  const apps = args.apps ?? 1000;
  const env = await startScaleEnv(massSyncRepo(apps));
  try {
    const start = performance.now();
    await env.startEngine(['--poll-interval', '10m']);
    const started = performance.now();
    await env.createApps(appNames(apps), (name) => `apps/${name}`);
    const created = performance.now();
    try {
      await timeUntil(
        () => allSynced(env, apps),
        Number(process.env['FERRY_BENCH_TIMEOUT_MS'] ?? 30 * 60_000),
        250,
      );
    } catch (err) {
      process.stderr.write(env.engine!.output().slice(-4000));
      process.stderr.write(
        `\ngit requests: ${env.git.requests.length}\n${JSON.stringify(env.git.requests.slice(-5))}\n`,
      );
      throw err;
    }
    const ms = performance.now() - start;
    const engineRss = await env.engine!.peakRssMiB();
    const cpRss = await env.controlPlane.peakRssMiB();
    const baseline = await kubectlApplyMs(env, Object.values(massSyncRepo(apps)));
    return [
      {
        metric: `time to sync ${apps} apps from a cold start`,
        value: ms / 1000,
        unit: 's',
        target: apps >= 10_000 ? '<= 120' : `<= ${(120 * apps) / 10_000}`,
        baseline: {
          name: `kubectl apply -f of ${apps} ConfigMaps`,
          value: baseline / 1000,
          ratio: ms / baseline,
        },
      },
      { metric: 'apps synced per second', value: (apps * 1000) / ms, unit: 'apps/s' },
      { metric: 'of which engine start', value: (started - start) / 1000, unit: 's' },
      {
        metric: 'of which creating the Applications',
        value: (created - started) / 1000,
        unit: 's',
      },
      { metric: 'engine peak RSS', value: engineRss, unit: 'MiB' },
      { metric: 'control plane peak RSS', value: cpRss, unit: 'MiB' },
    ];
  } finally {
    await env.stop();
  }
}
