import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diskUsage } from '../../src/repo/cache-collector.js';
import { RepoCache, type RepoCacheOptions } from '../../src/repo/repo-cache.js';
import { cacheDirName } from '../../src/repo/repo-url.js';
import { startGitHttpServer, type GitHttpServer } from '../support/git-http-server.js';
import { ServedRepo } from '../support/served-repo.js';
import { waitFor } from '../support/wait-for.js';

const MINUTE = 60_000;

let root: string;
let server: GitHttpServer;
const urls: Record<string, string> = {};
/** The disk size of one clone; the three repositories are alike. */
let cloneBytes: number;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ferry-git-gc-'));
  server = await startGitHttpServer({ root });
  for (const name of ['alpha', 'beta', 'gamma', 'delta']) {
    // Random text does not compress away, so each clone takes about the same room.
    const payload = randomBytes(96 * 1024).toString('hex');
    const repo = await ServedRepo.create(root, name, {
      'app/cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\n`,
      'payload.txt': payload,
    });
    urls[name] = `${server.url}/${repo.name}`;
  }
  const probeDir = await mkdtemp(join(tmpdir(), 'ferry-repo-cache-'));
  await new RepoCache({ cacheDir: probeDir }).resolveRevision(urls['alpha']!, 'main');
  cloneBytes = await diskUsage(probeDir);
});

afterAll(async () => {
  await server.stop();
  await rm(root, { recursive: true, force: true });
});

/** A cache whose clock the test moves, and the directory of each repository's clone. */
async function clockedCache(
  options: Omit<RepoCacheOptions, 'cacheDir' | 'now'>,
  cacheDir?: string,
): Promise<{ cache: RepoCache; dir: string; advance(ms: number): void; clone(n: string): string }> {
  let offset = 0;
  const dir = cacheDir ?? (await mkdtemp(join(tmpdir(), 'ferry-repo-cache-')));
  const cache = new RepoCache({
    cacheDir: dir,
    now: () => new Date(Date.now() + offset),
    cacheCollectIntervalMs: 60 * MINUTE,
    ...options,
  });
  return {
    cache,
    dir,
    advance: (ms) => (offset += ms),
    clone: (name) => join(dir, cacheDirName(urls[name]!)),
  };
}

describe('the clone directory under its size bound', () => {
  it('removes the least recently used clones that are not in use, and fetches them again', async () => {
    const { cache, dir, advance, clone } = await clockedCache({
      maxCacheBytes: Math.floor(cloneBytes * 2.5),
      cacheIdleMs: 5 * MINUTE,
    });
    await cache.resolveRevision(urls['alpha']!, 'main');
    await cache.resolveRevision(urls['beta']!, 'main');
    await cache.resolveRevision(urls['gamma']!, 'main');
    expect(server.fetchCount('alpha.git')).toBeGreaterThanOrEqual(1);
    const alphaFetches = server.fetchCount('alpha.git');

    // Under the bound nothing goes, however old.
    advance(10 * MINUTE);
    await cache.resolveRevision(urls['gamma']!, 'main');
    let report = await cache.collectGarbage();
    expect(report.totalBytes).toBeGreaterThan(cloneBytes * 2.5);
    expect(report.removed.map((r) => r.name)).toEqual([cacheDirName(urls['alpha']!)]);
    expect(report.overBound).toBe(false);
    expect(existsSync(clone('alpha'))).toBe(false);
    expect(existsSync(clone('beta'))).toBe(true);
    expect(existsSync(clone('gamma'))).toBe(true);

    // A removed repository is cloned again when an app needs it.
    const sha = await cache.resolveRevision(urls['alpha']!, 'main');
    expect(await (await cache.openCommit(urls['alpha']!, sha)).read('app/cm.yaml')).toContain(
      'name: alpha',
    );
    expect(server.fetchCount('alpha.git')).toBe(alphaFetches + 1);

    // beta is now the only clone that is idle.
    report = await cache.collectGarbage();
    expect(report.removed.map((r) => r.name)).toEqual([cacheDirName(urls['beta']!)]);
    expect(await diskUsage(dir)).toBeLessThanOrEqual(cloneBytes * 2.5);
  });

  it('keeps clones in use even over the bound, and reads last use from disk after a restart', async () => {
    const first = await clockedCache({ maxCacheBytes: 1, cacheIdleMs: 5 * MINUTE });
    await first.cache.resolveRevision(urls['beta']!, 'main');
    await first.cache.resolveRevision(urls['alpha']!, 'main');
    const report = await first.cache.collectGarbage();
    expect(report.removed).toEqual([]);
    expect(report.overBound).toBe(true);

    // A new process knows only what the disk says; later, both are idle, oldest first.
    const restarted = await clockedCache({ maxCacheBytes: 1, cacheIdleMs: 5 * MINUTE }, first.dir);
    expect((await restarted.cache.collectGarbage()).removed).toEqual([]);
    restarted.advance(10 * MINUTE);
    const later = await restarted.cache.collectGarbage();
    expect(later.removed.map((r) => r.name)).toEqual([
      cacheDirName(urls['beta']!),
      cacheDirName(urls['alpha']!),
    ]);
    expect(later.keptBytes).toBe(0);
  });

  it('collects by itself at the first use after a restart, with nothing to fetch', async () => {
    const first = await clockedCache({ maxCacheBytes: Math.floor(cloneBytes * 1.5) });
    await first.cache.resolveRevision(urls['gamma']!, 'main');
    await first.cache.resolveRevision(urls['beta']!, 'main');
    const fetches = server.fetchCount('beta.git');

    const restarted = await clockedCache(
      { maxCacheBytes: Math.floor(cloneBytes * 1.5), cacheIdleMs: 5 * MINUTE },
      first.dir,
    );
    restarted.advance(10 * MINUTE);
    await restarted.cache.resolveRevision(urls['beta']!, 'main');
    expect(server.fetchCount('beta.git')).toBe(fetches);
    await waitFor('the idle clone to be removed', () =>
      existsSync(restarted.clone('gamma')) ? undefined : true,
    );
    expect(existsSync(restarted.clone('beta'))).toBe(true);
  });

  it('collects by itself after a fetch, never the clone being fetched', async () => {
    const { cache, advance, clone } = await clockedCache({
      maxCacheBytes: Math.floor(cloneBytes * 1.5),
      cacheIdleMs: 5 * MINUTE,
      cacheCollectIntervalMs: 0,
    });
    await cache.resolveRevision(urls['alpha']!, 'main');
    advance(10 * MINUTE);
    await cache.resolveRevision(urls['delta']!, 'main');
    await waitFor('the idle clone to be removed', () =>
      existsSync(clone('alpha')) ? undefined : true,
    );
    expect(existsSync(clone('delta'))).toBe(true);
  });
});
