import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { RepoCache } from '../src/repo/repo-cache.js';
import { packedObjects } from '../test/support/git-cli.js';
import { fastImportCommits, fastImportRepo } from '../test/support/fast-import.js';
import {
  GIT_CORE_DIR,
  startGitHttpServer,
  type GitHttpServer,
} from '../test/support/git-http-server.js';
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
/** A repository whose history outweighs its tree: a long-lived config repo. */
const DEEP_FILES = 300;
const DEEP_COMMITS = 20_000;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

const median = (samples: number[]): number => percentile(samples, 50);
const ratio = (a: number, b: number) => a / b;

const configMap = (name: string, revision: number): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata: {revision: "${revision}"}\n`;

/** Time, bytes received and objects kept by one first resolve on an empty cache. */
interface ColdResolve {
  ms: number;
  bytes: number;
  objects: number;
}

async function coldResolve(
  server: GitHttpServer,
  repo: string,
  cacheDir: string,
  revision: string,
): Promise<ColdResolve> {
  const cache = new RepoCache({ cacheDir });
  const before = server.fetchBytes(repo);
  const ms = await timed(() => cache.resolveRevision(`${server.url}/${repo}`, revision));
  const [clone] = await readdir(cacheDir);
  return {
    ms,
    bytes: server.fetchBytes(repo) - before,
    objects: await packedObjects(path.join(cacheDir, clone!)),
  };
}

/**
 * isomorphic-git (through Ferry's RepoCache) against the `git` CLI on the same repository
 * served over local HTTP by `git http-backend`: a first clone, a fetch of one new commit, a
 * poll that finds nothing new (one ref advertisement), and first resolves in a repository of
 * long history: of the branch, of an old commit's SHA and of its abbreviation.
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

    const isoClone: ColdResolve[] = [];
    const cliClone: number[] = [];
    let cacheDir = '';
    let mirror = '';
    let cliCloneBytes = 0;
    for (let i = 0; i < CLONES; i++) {
      cacheDir = await scratch('iso');
      isoClone.push(await coldResolve(server, 'bench.git', cacheDir, 'main'));
      mirror = path.join(await scratch('cli'), 'mirror.git');
      const before = server.fetchBytes('bench.git');
      cliClone.push(await timed(() => git(['clone', '--mirror', '--quiet', url, mirror])));
      cliCloneBytes = server.fetchBytes('bench.git') - before;
    }
    const cliObjects = await packedObjects(mirror);
    const cache = new RepoCache({ cacheDir });

    const isoFetch: number[] = [];
    const isoFetchBytes: number[] = [];
    const cliFetch: number[] = [];
    const cliFetchBytes: number[] = [];
    for (let i = 0; i < FETCHES; i++) {
      await fastImportCommits(bareDir, [{ path: 'apps/new.yaml', text: configMap('new', i) }]);
      let before = server.fetchBytes('bench.git');
      isoFetch.push(await timed(() => cache.resolveRevision(url, 'main')));
      isoFetchBytes.push(server.fetchBytes('bench.git') - before);
      before = server.fetchBytes('bench.git');
      cliFetch.push(await timed(() => git(['fetch', '--quiet', 'origin'], mirror)));
      cliFetchBytes.push(server.fetchBytes('bench.git') - before);
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

    const deep = await deepRepoFigures(server, root, scratch);
    const repo = `${FILES} files, ${COMMITS} commits`;
    const cloneMs = median(isoClone.map((c) => c.ms));
    const cloneBytes = median(isoClone.map((c) => c.bytes));
    return [
      {
        metric: `clone over local HTTP (${repo}, median of ${CLONES})`,
        value: cloneMs,
        unit: 'ms',
        baseline: {
          name: 'git clone --mirror',
          value: median(cliClone),
          ratio: ratio(cloneMs, median(cliClone)),
        },
      },
      {
        metric: `bytes received by that clone`,
        value: cloneBytes,
        unit: 'bytes',
        baseline: {
          name: 'git clone --mirror',
          value: cliCloneBytes,
          ratio: ratio(cloneBytes, cliCloneBytes),
        },
      },
      {
        metric: `objects kept by that clone`,
        value: isoClone[0]!.objects,
        unit: 'objects',
        baseline: {
          name: 'git clone --mirror',
          value: cliObjects,
          ratio: ratio(isoClone[0]!.objects, cliObjects),
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
        metric: `bytes received by that fetch (median of ${FETCHES})`,
        value: median(isoFetchBytes),
        unit: 'bytes',
        baseline: {
          name: 'git fetch',
          value: median(cliFetchBytes),
          ratio: ratio(median(isoFetchBytes), median(cliFetchBytes)),
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
      ...deep,
    ];
  } finally {
    await server.stop();
    await rm(root, { recursive: true, force: true });
  }
}

/** First resolves on an empty cache in a repository of {@link DEEP_COMMITS} commits. */
async function deepRepoFigures(
  server: GitHttpServer,
  root: string,
  scratch: (name: string) => Promise<string>,
): Promise<Figure[]> {
  const bareDir = path.join(root, 'deep.git');
  const files: Record<string, string> = {};
  for (let i = 0; i < DEEP_FILES; i++) files[`apps/cm-${i}.yaml`] = configMap(`cm-${i}`, 0);
  const changes = Array.from({ length: DEEP_COMMITS - 1 }, (_, i) => ({
    path: `apps/cm-${i % DEEP_FILES}.yaml`,
    text: configMap(`cm-${i % DEEP_FILES}`, i + 1),
  }));
  await fastImportRepo(bareDir, { files, changes });
  const { stdout } = await run(GIT, ['rev-parse', 'main~5000'], { cwd: bareDir, env: GIT_ENV });
  const old = stdout.trim();

  const repo = `${DEEP_FILES} files, ${DEEP_COMMITS} commits`;
  const cases: [string, string][] = [
    [`first resolve of the branch (${repo})`, 'main'],
    ['first resolve of a full SHA 5000 commits back', old],
    ['first resolve of an abbreviated SHA 5000 commits back', old.slice(0, 10)],
  ];
  const figures: Figure[] = [];
  for (const [metric, revision] of cases) {
    const cold = await coldResolve(server, 'deep.git', await scratch('deep'), revision);
    figures.push(
      { metric, value: cold.ms, unit: 'ms' },
      { metric: `  bytes received`, value: cold.bytes, unit: 'bytes' },
      { metric: `  objects kept`, value: cold.objects, unit: 'objects' },
    );
  }
  return figures;
}
