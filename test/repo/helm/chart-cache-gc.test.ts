import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diskUsage } from '../../../src/repo/cache-collector.js';
import { ChartStore, type ChartStoreOptions } from '../../../src/repo/helm/chart-store.js';
import { configMapChart } from '../../support/chart-package.js';
import { startHelmRepoServer, type HelmRepoServer } from '../../support/helm-repo-server.js';
import { waitFor } from '../../support/wait-for.js';

const MINUTE = 60_000;
const VERSIONS = ['1.0.0', '1.1.0', '1.2.0', '1.3.0'];

let repo: HelmRepoServer;
/** The disk size of one cached version; the versions are alike. */
let versionBytes: number;

beforeAll(async () => {
  repo = await startHelmRepoServer();
  for (const version of VERSIONS) {
    // Random text does not compress away, so each archive takes about the same room.
    const payload = randomBytes(48 * 1024).toString('hex');
    repo.publish(
      'web',
      version,
      configMapChart('web', version, { templates: { 'files/payload.txt': payload } }),
    );
  }
  const probe = await clockedStore({});
  await probe.download('1.0.0');
  versionBytes = await diskUsage(probe.dir);
});

afterAll(async () => {
  await repo?.stop();
});

/** A store whose clock the test moves, and the directory of each version's archive. */
async function clockedStore(
  options: Omit<ChartStoreOptions, 'cacheDir' | 'now'>,
  cacheDir?: string,
): Promise<{
  store: ChartStore;
  dir: string;
  advance(ms: number): void;
  download(version: string): Promise<Uint8Array>;
  cached(): Promise<string[]>;
}> {
  let offset = 0;
  const dir = cacheDir ?? (await mkdtemp(join(tmpdir(), 'ferry-charts-')));
  const store = new ChartStore({
    cacheDir: dir,
    now: () => Date.now() + offset,
    cacheCollectIntervalMs: 60 * MINUTE,
    ...options,
  });
  return {
    store,
    dir,
    advance: (ms) => (offset += ms),
    download: (version) => store.download({ repoURL: repo.url, chart: 'web', version }),
    // The versions on disk, by the archive each directory holds.
    cached: async () => {
      const names = await readdir(dir).catch(() => []);
      const files = await Promise.all(names.map((n) => readdir(join(dir, n)).catch(() => [])));
      return files
        .flat()
        .filter((f) => f.endsWith('.tgz'))
        .map((f) => f.slice('web-'.length, -'.tgz'.length))
        .sort();
    },
  };
}

const downloads = (version: string): number =>
  repo.requests.filter((r) => r === `/charts/packages/web-${version}.tgz`).length;

describe('the chart archives under their size bound', () => {
  it('removes the least recently used versions not in use, and downloads them again', async () => {
    const { store, advance, download, cached } = await clockedStore({
      maxCacheBytes: Math.floor(versionBytes * 2.5),
      cacheIdleMs: 5 * MINUTE,
    });
    await download('1.0.0');
    await download('1.1.0');
    await download('1.2.0');
    expect(await cached()).toEqual(['1.0.0', '1.1.0', '1.2.0']);

    // Past the idle time, 1.1.0 is read again: 1.0.0 is now the least recently used.
    advance(10 * MINUTE);
    await download('1.1.0');
    advance(MINUTE);
    let report = await store.collectGarbage();
    expect(report.totalBytes).toBeGreaterThan(versionBytes * 2.5);
    expect(report.removed).toHaveLength(1);
    expect(report.removed[0]!.name).toMatch(/-web-1\.0\.0$/u);
    expect(report.overBound).toBe(false);
    expect(await cached()).toEqual(['1.1.0', '1.2.0']);

    // A removed version is downloaded again when a render needs it.
    const seen = downloads('1.0.0');
    const bytes = await download('1.0.0');
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    expect(downloads('1.0.0')).toBe(seen + 1);

    // 1.2.0 is now the only version that is idle.
    report = await store.collectGarbage();
    expect(report.removed.map((r) => r.name)).toEqual([expect.stringMatching(/-web-1\.2\.0$/u)]);
    expect(await cached()).toEqual(['1.0.0', '1.1.0']);
  });

  it('never removes a version being read, or used within the idle time', async () => {
    const { store, advance, download, cached } = await clockedStore({
      maxCacheBytes: 1,
      cacheIdleMs: 5 * MINUTE,
    });
    await download('1.0.0');
    let report = await store.collectGarbage();
    expect(report.removed).toEqual([]);
    expect(report.overBound).toBe(true);

    // Idle by the clock, but read by a render while the collection runs.
    advance(10 * MINUTE);
    const [bytes, during] = await Promise.all([download('1.0.0'), store.collectGarbage()]);
    expect(bytes.length).toBeGreaterThan(0);
    expect(during.removed).toEqual([]);
    expect(await cached()).toEqual(['1.0.0']);

    advance(10 * MINUTE);
    report = await store.collectGarbage();
    expect(report.removed).toHaveLength(1);
    expect(report.keptBytes).toBe(0);
    expect(await cached()).toEqual([]);
  });

  it('collects by itself after a download, and reads last use from disk after a restart', async () => {
    const first = await clockedStore({});
    await first.download('1.0.0');
    await first.download('1.1.0');

    // A new process on the same directory, with a bound that fits one version.
    const restarted = await clockedStore(
      {
        maxCacheBytes: Math.floor(versionBytes * 1.5),
        cacheIdleMs: 5 * MINUTE,
        cacheCollectIntervalMs: 0,
      },
      first.dir,
    );
    restarted.advance(10 * MINUTE);
    await restarted.download('1.3.0');
    await waitFor('the idle versions to be removed', async () => {
      const left = await restarted.cached();
      return left.length === 1 ? left : undefined;
    });
    expect(await restarted.cached()).toEqual(['1.3.0']);
  });

  it('removes what an older layout left, one directory per repository, when over the bound', async () => {
    const { store, dir, download, cached } = await clockedStore({
      maxCacheBytes: Math.floor(versionBytes * 1.5),
      cacheIdleMs: 5 * MINUTE,
    });
    const old = join(dir, '0123456789abcdef');
    await mkdir(old, { recursive: true });
    await writeFile(join(old, 'web-0.9.0.tgz'), randomBytes(64 * 1024));
    const hourAgo = new Date(Date.now() - 60 * MINUTE);
    await utimes(old, hourAgo, hourAgo);
    // The first use collects in the background; this one waits for it if it still runs.
    await download('1.2.0');
    await store.collectGarbage();
    expect(existsSync(old)).toBe(false);
    expect(await cached()).toEqual(['1.2.0']);
    await rm(dir, { recursive: true, force: true });
  });
});
