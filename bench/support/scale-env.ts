import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KubeClient } from '../../src/cluster/kube-client.js';
import type { Application } from '../../src/model/application.js';
import { startGitHttpServer, type GitHttpServer } from '../../test/support/git-http-server.js';
import { ServedRepo } from '../../test/support/served-repo.js';
import { spawnFerry, type FerryProcess } from './processes.js';

/**
 * A benchmark world on this machine: the embedded control plane and Ferry's engine as two
 * processes (so each one's memory is measured alone), and a Git repository over HTTP.
 */
export interface ScaleEnv {
  dir: string;
  git: GitHttpServer;
  repo: ServedRepo;
  repoURL: string;
  client: KubeClient;
  kubeconfig: string;
  controlPlane: FerryProcess;
  engine?: FerryProcess;
  startEngine(extra?: string[]): Promise<FerryProcess>;
  createApps(names: readonly string[], pathOf: (name: string) => string): Promise<void>;
  applications(): Promise<Application[]>;
  /**
   * Watches Applications (a list of thousands, over and over, would cost the control plane
   * more than the work being measured) and resolves once the watch is running, with a promise
   * that settles when every one of `count` apps satisfies `done`.
   */
  watchApps(
    count: number,
    done: (app: Application) => boolean,
    timeoutMs: number,
  ): Promise<{ finished: Promise<void> }>;
  /** Counts by sync and health status from Ferry's own API (served from its cache). */
  summary(): Promise<{
    total: number;
    sync: Record<string, number>;
    health: Record<string, number>;
  }>;
  stop(): Promise<void>;
}

export async function startScaleEnv(files: Record<string, string>): Promise<ScaleEnv> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ferry-bench-'));
  const repo = await ServedRepo.create(path.join(dir, 'git'), 'apps', files);
  const git: GitHttpServer = await startGitHttpServer({ root: path.join(dir, 'git') });
  const cpDir = path.join(dir, 'cp');
  const controlPlane = await spawnFerry(
    ['controlplane', '--port', '0', '--data-dir', cpDir],
    /kubeconfig: (\S+)/,
  );
  const kubeconfig = controlPlane.match[1]!;
  const client = KubeClient.fromFile(kubeconfig);
  const env: ScaleEnv = {
    dir,
    git,
    repo,
    repoURL: `${git.url}/${repo.name}`,
    client,
    kubeconfig,
    controlPlane,
    async startEngine(extra = []) {
      const args = [
        'serve',
        '--kubeconfig',
        kubeconfig,
        '--port',
        '0',
        '--data-dir',
        path.join(dir, 'engine'),
      ];
      env.engine = await spawnFerry(
        [...args, '--log-level', process.env['FERRY_BENCH_LOG'] ?? 'warn', ...extra],
        /Dashboard: (\S+)/,
      );
      return env.engine;
    },
    async createApps(names, pathOf) {
      const queue = [...names];
      const worker = async (): Promise<void> => {
        for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
          const app: Application = {
            apiVersion: 'ferry.dev/v1alpha1',
            kind: 'Application',
            metadata: { name, namespace: 'ferry' },
            spec: {
              source: { repoURL: env.repoURL, path: pathOf(name), targetRevision: 'main' },
              destination: { namespace: 'bench' },
              syncPolicy: { automated: { prune: true, selfHeal: true } },
            },
          };
          await client.create(app);
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
    },
    async summary() {
      const output = env.engine!.output();
      const url = /Dashboard: (\S+)/.exec(output)![1]!;
      const token = /\n\s+(ferry_\S+)/.exec(output)?.[1] ?? process.env['FERRY_ADMIN_TOKEN'];
      const res = await fetch(new URL('api/v1/applications?limit=1&view=summary', url), {
        headers: token === undefined ? {} : { Authorization: `Bearer ${token}` },
      });
      if (!res.ok) throw new Error(`summary: HTTP ${res.status}`);
      return (
        (await res.json()) as {
          summary: { total: number; sync: Record<string, number>; health: Record<string, number> };
        }
      ).summary;
    },
    async applications() {
      const info = await client.discovery.resourceInfo('ferry.dev/v1alpha1', 'Application');
      return (await client.list(info!, 'ferry')).items as Application[];
    },
    async watchApps(count, done, timeoutMs) {
      const info = await client.discovery.resourceInfo('ferry.dev/v1alpha1', 'Application');
      const met = new Set<string>();
      let finish: () => void = () => undefined;
      let fail: (err: unknown) => void = () => undefined;
      const finished = new Promise<void>((resolve, reject) => {
        finish = resolve;
        fail = reject;
      });
      const observe = (app: Application): void => {
        if (done(app)) met.add(app.metadata.name);
        else met.delete(app.metadata.name);
        if (met.size >= count) finish();
      };
      const listed = await client.list(info!, 'ferry');
      for (const app of listed.items as Application[]) observe(app);
      const watch = await client.watch(
        info!,
        listed.resourceVersion,
        (event) => observe(event.object as Application),
        (err) => fail(err ?? new Error('the Application watch ended')),
      );
      const timer = setTimeout(
        () => fail(new Error(`${met.size} of ${count} apps done after ${timeoutMs} ms`)),
        timeoutMs,
      );
      return {
        finished: finished.finally(() => {
          clearTimeout(timer);
          watch.abort();
        }),
      };
    },
    async stop() {
      client.close();
      await env.engine?.stop();
      await controlPlane.stop();
      await git.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } });
  return env;
}

/** Polls until `done` holds, returning the time it took in ms. */
export async function timeUntil(
  done: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 100,
): Promise<number> {
  const start = performance.now();
  while (!(await done())) {
    if (performance.now() - start > timeoutMs) throw new Error(`not done after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return performance.now() - start;
}

export const syncedAndHealthy = (app: Application): boolean =>
  app.status?.sync?.status === 'Synced' && app.status.health?.status === 'Healthy';
