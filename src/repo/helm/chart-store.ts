import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
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
  /** Where downloaded chart archives are kept, one file per chart and version. */
  cacheDir: string;
  /** Credentials per repository URL, as for Git. @defaultValue none */
  credentials?: CredentialsLookup;
  /** @defaultValue Date.now */
  now?: () => number;
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

/**
 * Charts from Helm repositories and OCI registries: resolves a version or range to one
 * version, and downloads that version's archive once. A chart version never changes, so
 * archives are kept on disk under `cacheDir` and served from there afterwards; the lists of
 * versions are fetched again when older than the caller allows.
 */
export class ChartStore {
  private readonly http: Required<ChartHttpOptions>;
  private readonly oci: OciRegistryClient;
  private readonly listings = new Map<string, Listing>();
  private readonly downloads = new Map<string, Promise<Uint8Array>>();
  private readonly credentials: CredentialsLookup;
  private readonly now: () => number;

  constructor(private readonly options: ChartStoreOptions) {
    this.http = resolveChartHttpOptions(options);
    this.oci = new OciRegistryClient(this.http);
    this.credentials = options.credentials ?? (() => undefined);
    this.now = options.now ?? Date.now;
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
    const file = this.cacheFile(location, request.version);
    const running = this.downloads.get(file);
    if (running !== undefined) return running;
    const promise = this.readOrFetch(location, request, file).finally(() =>
      this.downloads.delete(file),
    );
    this.downloads.set(file, promise);
    return promise;
  }

  /** Resolves and downloads: what chart dependencies need. */
  async fetchChart(request: ChartRequest): Promise<{ version: string; archive: Uint8Array }> {
    const version = await this.resolveVersion(request, { maxAgeMs: 60_000 });
    return { version, archive: await this.download({ ...request, version }) };
  }

  private async readOrFetch(
    location: ChartLocation,
    request: ChartRequest & { version: string },
    file: string,
  ): Promise<Uint8Array> {
    const cached = await readFile(file).catch(() => undefined);
    if (cached !== undefined) return new Uint8Array(cached);
    const credentials = await this.credentials(request.repoURL);
    const bytes =
      location.kind === 'oci'
        ? await this.oci.pull(location, request.version, credentials)
        : await this.fetchFromIndex(location, request, credentials);
    await mkdir(dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.part`;
    await writeFile(partial, bytes);
    await rename(partial, file);
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

  private cacheFile(location: ChartLocation, version: string): string {
    const where =
      location.kind === 'http' ? location.repoURL : `oci://${location.host}/${location.name}`;
    const hash = createHash('sha256').update(where).digest('hex').slice(0, 16);
    const safe = `${location.chart}-${version}`.replace(/[^A-Za-z0-9._+-]/gu, '_');
    return join(this.options.cacheDir, hash, `${safe}.tgz`);
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
