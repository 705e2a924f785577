import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChartStore } from '../../../src/repo/helm/chart-store.js';
import { configMapChart } from '../../support/chart-package.js';
import { startHelmRepoServer, type HelmRepoServer } from '../../support/helm-repo-server.js';
import {
  startOciRegistryServer,
  type OciRegistryServer,
} from '../../support/oci-registry-server.js';

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('ChartStore', () => {
  let dir: string;
  let repo: HelmRepoServer;
  let oci: OciRegistryServer;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ferry-charts-'));
    repo = await startHelmRepoServer();
    for (const v of ['1.0.0', '1.1.0', '1.2.0-rc.1', '2.0.0'])
      repo.publish('web', v, configMapChart('web', v));
    repo.publish('tampered', '1.0.0', configMapChart('tampered', '1.0.0'), {
      digest: 'ab'.repeat(32),
    });
    repo.publish('elsewhere', '1.0.0', configMapChart('elsewhere', '1.0.0'), { absoluteURL: true });
    oci = await startOciRegistryServer();
    for (const v of ['0.1.0', '0.2.0', '0.3.0+build.7'])
      oci.pushChart('charts/api', v, configMapChart('api', v));
  });

  afterAll(async () => {
    await repo?.stop();
    await oci?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const store = (sub: string): ChartStore => new ChartStore({ cacheDir: path.join(dir, sub) });

  it('resolves exact versions and semver ranges against index.yaml', async () => {
    const charts = store('resolve');
    const resolve = (version: string): Promise<string> =>
      charts.resolveVersion({ repoURL: repo.url, chart: 'web', version });
    expect(await resolve('1.*')).toBe('1.1.0');
    expect(await resolve('>=1 <2')).toBe('1.1.0');
    expect(await resolve('^1.2.0-rc.0')).toBe('1.2.0-rc.1');
    expect(await resolve('')).toBe('2.0.0');
    expect(await resolve('1.0.0')).toBe('1.0.0');
  });

  it('reuses a fresh index and fetches it again when asked for a newer one', async () => {
    const charts = store('reuse');
    const before = repo.requests.filter((r) => r.endsWith('index.yaml')).length;
    const request = { repoURL: repo.url, chart: 'web', version: '*' };
    await charts.resolveVersion(request, { maxAgeMs: 60_000 });
    await charts.resolveVersion(request, { maxAgeMs: 60_000 });
    expect(repo.requests.filter((r) => r.endsWith('index.yaml')).length).toBe(before + 1);
    await charts.resolveVersion(request, { maxAgeMs: 0 });
    expect(repo.requests.filter((r) => r.endsWith('index.yaml')).length).toBe(before + 2);
  });

  it('downloads an archive once, verifies its digest, and keeps it on disk', async () => {
    const charts = store('download');
    const bytes = await charts.download({ repoURL: repo.url, chart: 'web', version: '1.1.0' });
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    const downloads = (): number =>
      repo.requests.filter((r) => r === '/charts/packages/web-1.1.0.tgz').length;
    const seen = downloads();
    // A new store on the same directory serves it from disk.
    const again = await store('download').download({
      repoURL: repo.url,
      chart: 'web',
      version: '1.1.0',
    });
    expect(again).toEqual(bytes);
    expect(downloads()).toBe(seen);
    // One directory per version, holding the archive (and when it was last used).
    const [versionDir] = await readdir(path.join(dir, 'download'));
    expect(versionDir).toMatch(/^[0-9a-f]{16}-web-1\.1\.0$/u);
    expect(await readdir(path.join(dir, 'download', versionDir!))).toContain('web-1.1.0.tgz');
  });

  it('follows absolute download URLs', async () => {
    const fetched = await store('abs').fetchChart({ repoURL: repo.url, chart: 'elsewhere' });
    expect(fetched.version).toBe('1.0.0');
  });

  it.each<[string, Record<string, string>, RegExp]>([
    [
      'a missing chart',
      { chart: 'nope', version: '1.0.0' },
      /chart nope not found in Helm repository http/u,
    ],
    [
      'no matching version',
      { chart: 'web', version: '^3' },
      /chart web in http:\/\/127\.0\.0\.1:\d+\/charts has no version matching "\^3" \(available: 2\.0\.0, 1\.2\.0-rc\.1/u,
    ],
    [
      'an exact version that is not there',
      { chart: 'web', version: '9.9.9' },
      /no version matching "9\.9\.9"/u,
    ],
    [
      'a digest mismatch',
      { chart: 'tampered', version: '1.0.0' },
      /digest mismatch: index\.yaml says abab/u,
    ],
  ])('fails clearly on %s', async (_, request, message) => {
    const charts = store('errors');
    const err = await charts.fetchChart({ repoURL: repo.url, ...request }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'REPO_FAILED', message: expect.stringMatching(message) });
  });

  it('says which repository it cannot reach', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/charts`;
    const err = await store('down')
      .resolveVersion({ repoURL: url, chart: 'web', version: '1.*' })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toMatchObject({
      code: 'REPO_FAILED',
      data: { reason: 'network' },
      message: expect.stringContaining(`cannot reach ${url}/index.yaml`),
    });
  });

  it('sends the repository credentials, and says when they are refused', async () => {
    const locked = await startHelmRepoServer({ auth: { username: 'ci', password: 's3cret-pass' } });
    try {
      locked.publish('web', '1.0.0', configMapChart('web', '1.0.0'));
      const request = { repoURL: locked.url, chart: 'web', version: '1.x' };
      const charts = new ChartStore({
        cacheDir: path.join(dir, 'auth'),
        credentials: (url) =>
          url === locked.url ? { username: 'ci', password: 's3cret-pass' } : undefined,
      });
      expect((await charts.fetchChart(request)).version).toBe('1.0.0');
      const err = await store('noauth')
        .fetchChart(request)
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(err).toMatchObject({
        data: { reason: 'auth' },
        message: expect.stringContaining('authentication failed for'),
      });
    } finally {
      await locked.stop();
    }
  });

  it('pulls from an OCI registry with an anonymous bearer token', async () => {
    const charts = store('oci');
    const repoURL = `oci://${oci.host}/charts`;
    expect(await charts.resolveVersion({ repoURL, chart: 'api', version: '~0.2' })).toBe('0.2.0');
    const latest = await charts.fetchChart({ repoURL, chart: 'api' });
    expect(latest.version).toBe('0.3.0+build.7');
    expect([latest.archive[0], latest.archive[1]]).toEqual([0x1f, 0x8b]);
    // Argo CD's form: the registry host without a scheme.
    const argo = await charts.fetchChart({
      repoURL: `${oci.host}/charts`,
      chart: 'api',
      version: '0.1.0',
    });
    expect(argo.version).toBe('0.1.0');
    expect(oci.requests).toEqual(
      expect.arrayContaining([
        'GET /v2/charts/api/tags/list',
        'GET /token',
        'GET /v2/charts/api/manifests/0.3.0_build.7',
      ]),
    );
    const err = await charts.download({ repoURL, chart: 'api', version: '5.0.0' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({
      message: expect.stringMatching(/not found: http:\/\/127.*manifests\/5\.0\.0/u),
    });
  });
});
