import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CacheCollector, type CacheCollection } from '../cache-collector.js';
import {
  authHeaders,
  secretsOf,
  type CredentialsLookup,
  type RepoCredentials,
} from '../credentials.js';
import { REPO_ERROR_REASON, repoError } from '../repo-errors.js';
import {
  bodyBytes,
  httpGet,
  resolveChartHttpOptions,
  statusError,
  type ChartHttpOptions,
} from './chart-http.js';
import { chartLocation, describeChartLocation, type ChartLocation } from './chart-source-ref.js';
import { isVersionRange, pickChartVersion } from './chart-version.js';
import { fetchHelmRepoIndex, type HelmRepoIndex } from './helm-repo-index.js';
import { OciRegistryClient } from './oci-registry.js';

export interface ChartStoreOptions extends ChartHttpOptions {
  /** Where downloaded chart archives are kept, one directory per chart and version. */
  cacheDir: string;
  /** Credentials per repository URL, as for Git. @defaultValue none */
  credentials?: CredentialsLookup;
  /** @defaultValue Date.now */
  now?: () => number;
  /**
   * How many bytes the archives under `cacheDir` may take. Past it, the least recently used
   * chart versions that are not in use are removed (and downloaded again when needed).
   * @defaultValue 1 GiB
   */
  maxCacheBytes?: number;
  /**
   * A chart version used more recently than this counts as in use and is never removed.
   * @defaultValue 10 minutes
   */
  cacheIdleMs?: number;
  /**
   * The least time between two automatic collections, which follow downloads.
   * @defaultValue 60000
   */
  cacheCollectIntervalMs?: number;
  /**
   * Told of each collection of the archive directory, for logs.
   * @defaultValue nothing is told
   */
  onCacheCollected?: (collection: CacheCollection) => void;
}

/** What a chart request names: the repository, the chart, and a version or range. */
export interface ChartRequest {
  repoURL: string;
  chart?: string;
  /** An exact version or a semver range; empty means the newest release. */
  version?: string;
}

interface Listing {
  at: number;
  versions: Promise<string[]>;
  index?: Promise<HelmRepoIndex>;
}

/** Where one chart version is kept: its directory under `cacheDir`, and the archive in it. */
interface CacheEntry {
  name: string;
  file: string;
}

/**
 * Charts from Helm repositories and OCI registries: resolves a version or range to one
 * version, and downloads that version's archive once. A chart version never changes, so
 * archives are kept on disk under `cacheDir` and served from there afterwards; the lists of
 * versions are fetched again when older than the caller allows.
 *
 * The archives stay under a size bound as the Git clones do: past `maxCacheBytes`, the least
 * recently used versions go, never one being downloaded or read, nor one used within
 * `cacheIdleMs`. A render holds the whole archive in memory once `download` returns, so it
 * never reads a file that goes meanwhile.
 */
export class ChartStore {
  private readonly http: Required<ChartHttpOptions>;
  private readonly oci: OciRegistryClient;
  private readonly listings = new Map<string, Listing>();
  private readonly downloads = new Map<string, Promise<Uint8Array>>();
  private readonly credentials: CredentialsLookup;
  private readonly now: () => number;
  private readonly collector: CacheCollector;

  constructor(private readonly options: ChartStoreOptions) {
    this.http = resolveChartHttpOptions(options);
    this.oci = new OciRegistryClient(this.http);
    this.credentials = options.credentials ?? (() => undefined);
    this.now = options.now ?? Date.now;
    this.collector = new CacheCollector({
      cacheDir: options.cacheDir,
      maxBytes: options.maxCacheBytes ?? 2 ** 30,
      idleMs: options.cacheIdleMs ?? 10 * 60_000,
      intervalMs: options.cacheCollectIntervalMs ?? 60_000,
      now: () => this.now(),
      onCollected: options.onCacheCollected ?? (() => undefined),
      onRemoved: () => undefined,
    });
  }

  /**
   * The version `request.version` selects. An exact version is taken as written (its
   * download says when it does not exist); a range is matched against the versions the
   * repository lists now, or at most `maxAgeMs` ago.
   */
  async resolveVersion(
    request: ChartRequest,
    options: { maxAgeMs?: number } = {},
  ): Promise<string> {
    const location = chartLocation(request.repoURL, request.chart);
    const wanted = (request.version ?? '').trim();
    if (!isVersionRange(wanted) && wanted !== '') return wanted;
    const versions = await this.listing(location, request.repoURL, options.maxAgeMs ?? 0).versions;
    return this.pick(location, versions, wanted, request.repoURL);
  }

  /** The .tgz of one version of the chart, from the cache or the repository. */
  async download(request: ChartRequest & { version: string }): Promise<Uint8Array> {
    const location = chartLocation(request.repoURL, request.chart);
    const entry = this.cacheEntry(location, request.version);
    const running = this.downloads.get(entry.name);
    if (running !== undefined) return running;
    const promise = this.held(entry, () => this.readOrFetch(location, request, entry)).finally(() =>
      this.downloads.delete(entry.name),
    );
    this.downloads.set(entry.name, promise);
    return promise;
  }

  /**
   * Removes the least recently used chart versions that are not in use until the archives fit
   * in `maxCacheBytes`. Runs by itself after downloads; callable at any time.
   */
  collectGarbage(): Promise<CacheCollection> {
    return this.collector.collect();
  }

  /** Resolves and downloads: what chart dependencies need. */
  async fetchChart(request: ChartRequest): Promise<{ version: string; archive: Uint8Array }> {
    const version = await this.resolveVersion(request, { maxAgeMs: 60_000 });
    return { version, archive: await this.download({ ...request, version }) };
  }

  /** Runs `work` with the chart version marked in use: the collector leaves it alone. */
  private async held<T>(entry: CacheEntry, work: () => Promise<T>): Promise<T> {
    await this.collector.acquire(entry.name);
    try {
      return await work();
    } finally {
      this.collector.release(entry.name);
    }
  }

  private async readOrFetch(
    location: ChartLocation,
    request: ChartRequest & { version: string },
    entry: CacheEntry,
  ): Promise<Uint8Array> {
    const cached = await readFile(entry.file).catch(() => undefined);
    if (cached !== undefined) return new Uint8Array(cached);
    const credentials = await this.credentials(request.repoURL);
    const bytes =
      location.kind === 'oci'
        ? await this.oci.pull(location, request.version, credentials)
        : await this.fetchFromIndex(location, request, credentials);
    await mkdir(join(this.options.cacheDir, entry.name), { recursive: true });
    const partial = `${entry.file}.${process.pid}.${Math.random().toString(36).slice(2)}.part`;
    await writeFile(partial, bytes);
    await rename(partial, entry.file);
    this.collector.collectSoon();
    return bytes;
  }

  private async fetchFromIndex(
    location: Extract<ChartLocation, { kind: 'http' }>,
    request: ChartRequest & { version: string },
    credentials: RepoCredentials | undefined,
  ): Promise<Uint8Array> {
    const listing = this.listing(location, request.repoURL, 60_000);
    const versions = await listing.versions;
    const entries = (await listing.index!).get(location.chart) ?? [];
    const version = this.pick(location, versions, request.version, request.repoURL);
    const entry = entries.find((e) => e.version === version)!;
    const url = entry.urls[0];
    const context = { repoURL: location.repoURL, revision: version };
    if (url === undefined) {
      throw repoError(
        REPO_ERROR_REASON.server,
        `${describeChartLocation(location)} version ${version} has no download URL in index.yaml`,
        context,
      );
    }
    const sameOrigin = new URL(url).origin === new URL(location.repoURL).origin;
    const headers = sameOrigin ? authHeaders(credentials) : {};
    const response = await httpGet(url, headers, {
      ...this.http,
      context,
      secrets: secretsOf(credentials),
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw statusError(response, url, 'chart archive', context);
    }
    const bytes = await bodyBytes(response, url, context);
    if (entry.digest !== undefined) {
      const actual = createHash('sha256').update(bytes).digest('hex');
      if (actual !== entry.digest.replace(/^sha256:/u, '').toLowerCase()) {
        throw repoError(
          REPO_ERROR_REASON.server,
          `${url}: digest mismatch: index.yaml says ${entry.digest}, the download is ${actual}`,
          context,
        );
      }
    }
    return bytes;
  }

  private pick(
    location: ChartLocation,
    versions: string[],
    wanted: string,
    repoURL: string,
  ): string {
    const version = pickChartVersion(versions, wanted);
    if (version !== undefined) return version;
    const shown = versions.slice(0, 10).join(', ');
    throw repoError(
      REPO_ERROR_REASON.revisionNotFound,
      `${describeChartLocation(location)} has no version matching ${JSON.stringify(wanted || '*')}` +
        (versions.length === 0 ? '' : ` (available: ${shown}${versions.length > 10 ? ', …' : ''})`),
      { repoURL, revision: wanted },
    );
  }

  private listing(location: ChartLocation, repoURL: string, maxAgeMs: number): Listing {
    const key =
      location.kind === 'http' ? location.repoURL : `oci://${location.host}/${location.name}`;
    const cached = this.listings.get(key);
    const fresh = cached !== undefined && this.now() - cached.at <= maxAgeMs;
    const listing = fresh ? cached : this.list(location, repoURL);
    if (!fresh) {
      this.listings.set(key, listing);
      listing.versions.catch(() => {
        if (this.listings.get(key) === listing) this.listings.delete(key);
      });
    }
    if (location.kind === 'oci') return listing;
    // One index serves every chart of a repository; only the versions differ per chart.
    return { ...listing, versions: listing.index!.then((index) => chartVersions(index, location)) };
  }

  private list(location: ChartLocation, repoURL: string): Listing {
    const at = this.now();
    const credentials = Promise.resolve(this.credentials(repoURL));
    if (location.kind === 'oci') {
      return { at, versions: credentials.then((c) => this.oci.versions(location, c)) };
    }
    const index = credentials.then((c) =>
      fetchHelmRepoIndex(location.repoURL, authHeaders(c), { ...this.http, secrets: secretsOf(c) }),
    );
    return { at, index, versions: index.then(() => []) };
  }

  /**
   * `<cacheDir>/<hash of the repository>-<chart>-<version>/<chart>-<version>.tgz`: a directory
   * per version, the unit the collector removes, with its last-use mark beside the archive.
   */
  private cacheEntry(location: ChartLocation, version: string): CacheEntry {
    const where =
      location.kind === 'http' ? location.repoURL : `oci://${location.host}/${location.name}`;
    const hash = createHash('sha256').update(where).digest('hex').slice(0, 16);
    const safe = `${location.chart}-${version}`.replace(/[^A-Za-z0-9._+-]/gu, '_');
    const name = `${hash}-${safe}`;
    return { name, file: join(this.options.cacheDir, name, `${safe}.tgz`) };
  }
}

function chartVersions(
  index: HelmRepoIndex,
  location: Extract<ChartLocation, { kind: 'http' }>,
): string[] {
  const entries = index.get(location.chart);
  if (entries === undefined) {
    throw repoError(
      REPO_ERROR_REASON.pathNotFound,
      `chart ${location.chart} not found in Helm repository ${location.repoURL}`,
      { repoURL: location.repoURL, path: location.chart },
    );
  }
  return entries.map((e) => e.version);
}
