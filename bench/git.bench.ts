import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { RepoCache } from '../src/repo/repo-cache.js';
import { fastImportCommits, fastImportRepo } from '../test/support/fast-import.js';
import { GIT_CORE_DIR, startGitHttpServer } from '../test/support/git-http-server.js';
import type { Figure } from './harness.js';
import { percentile } from './support/percentiles.js';

const run = promisify(execFile);
const GIT = `${GIT_CORE_DIR}/git`;
const GIT_ENV = {
  PATH: `${GIT_CORE_DIR}:/usr/bin:/bin`,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
};

const FILES = 2_000;
const COMMITS = 1_000;
const CLONES = 3;
const FETCHES = 5;
const POLLS = 30;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

const median = (samples: number[]): number => percentile(samples, 50);

const configMap = (name: string, revision: number): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata: {revision: "${revision}"}\n`;

/**
 * isomorphic-git (through Ferry's RepoCache) against the `git` CLI on the same repository
 * served over local HTTP by `git http-backend`: a full clone, a fetch of one new commit, and
 * a poll that finds nothing new (one ref advertisement).
 */
export async function gitBench(): Promise<Figure[]> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ferry-git-bench-'));
  const server = await startGitHttpServer({ root });
  try {
    const bareDir = path.join(root, 'bench.git');
    const files: Record<string, string> = {};
    for (let i = 0; i < FILES; i++) {
      files[`apps/group-${i % 50}/cm-${i}.yaml`] = configMap(`cm-${i}`, 0);
    }
    const changes = Array.from({ length: COMMITS - 1 }, (_, i) => ({
      path: `apps/group-0/cm-${(i % 40) * 50}.yaml`,
      text: configMap(`cm-${(i % 40) * 50}`, i + 1),
    }));
    await fastImportRepo(bareDir, { files, changes });
    const url = `${server.url}/bench.git`;
    const scratch = (name: string): Promise<string> => mkdtemp(path.join(root, `${name}-`));
    const git = (args: string[], cwd?: string) => run(GIT, args, { cwd, env: GIT_ENV });

    const isoClone: number[] = [];
    const cliClone: number[] = [];
    let cache = new RepoCache({ cacheDir: await scratch('iso') });
    let mirror = '';
    for (let i = 0; i < CLONES; i++) {
      cache = new RepoCache({ cacheDir: await scratch('iso') });
      const fresh = cache;
      isoClone.push(await timed(() => fresh.resolveRevision(url, 'main')));
      mirror = path.join(await scratch('cli'), 'mirror.git');
      cliClone.push(await timed(() => git(['clone', '--mirror', '--quiet', url, mirror])));
    }

    const isoFetch: number[] = [];
    const cliFetch: number[] = [];
    for (let i = 0; i < FETCHES; i++) {
      await fastImportCommits(bareDir, [{ path: 'apps/new.yaml', text: configMap('new', i) }]);
      isoFetch.push(await timed(() => cache.resolveRevision(url, 'main')));
      cliFetch.push(await timed(() => git(['fetch', '--quiet', 'origin'], mirror)));
    }

    const isoPoll: number[] = [];
    const cliPoll: number[] = [];
    const before = server.requests.length;
    for (let i = 0; i < POLLS; i++) {
      isoPoll.push(await timed(() => cache.resolveRevision(url, 'main')));
    }
    const requestsPerPoll = (server.requests.length - before) / POLLS;
    for (let i = 0; i < POLLS; i++) {
      cliPoll.push(await timed(() => git(['ls-remote', url, 'HEAD'])));
    }

    const ratio = (a: number, b: number) => a / b;
    const repo = `${FILES} files, ${COMMITS} commits`;
    return [
      {
        metric: `clone over local HTTP (${repo}, median of ${CLONES})`,
        value: median(isoClone),
        unit: 'ms',
        baseline: {
          name: 'git clone --mirror',
          value: median(cliClone),
          ratio: ratio(median(isoClone), median(cliClone)),
        },
      },
      {
        metric: `fetch of one new commit (median of ${FETCHES})`,
        value: median(isoFetch),
        unit: 'ms',
        baseline: {
          name: 'git fetch',
          value: median(cliFetch),
          ratio: ratio(median(isoFetch), median(cliFetch)),
        },
      },
      {
        metric: `no-change poll (median of ${POLLS})`,
        value: median(isoPoll),
        unit: 'ms',
        target: 'one ref advertisement, no fetch',
        baseline: {
          name: 'git ls-remote, spawned',
          value: median(cliPoll),
          ratio: ratio(median(isoPoll), median(cliPoll)),
        },
      },
      { metric: 'HTTP requests per no-change poll', value: requestsPerPoll, unit: 'requests' },
    ];
  } finally {
    await server.stop();
    await rm(root, { recursive: true, force: true });
  }
}
