import * as fs from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import git, { type HttpClient } from 'isomorphic-git';
import nodeHttp from 'isomorphic-git/http/node';
import { CacheCollector, type CacheCollection } from './cache-collector.js';
import { fetchCommit, fetchHistory, refsAt, type FetchRemote } from './clone-fetch.js';
import { GitCommitTree, type CommitTree } from './commit-tree.js';
import {
  authHeaders,
  secretsOf,
  type CredentialsLookup,
  type RepoCredentials,
} from './credentials.js';
import { findLocalGitdir } from './local-gitdir.js';
import { resolveLocalRevision } from './local-revision.js';
import {
  expandShortSha,
  openObjectStore,
  readCommitAt,
  type CommitInfo,
  type ObjectStore,
} from './object-store.js';
import {
  errorCode,
  repoError,
  REPO_ERROR_REASON,
  toRepoError,
  type RepoErrorContext,
} from './repo-errors.js';
import { cacheDirName, parseRepoURL, REPO_TRANSPORT, type ParsedRepoURL } from './repo-url.js';
import {
  describeRevision,
  isFullSha,
  matchRemoteRef,
  parseRevision,
  revisionNotFoundMessage,
  type RemoteRef,
  type RevisionSpec,
} from './revision.js';
import { withThinPack } from './thin-pack.js';
import { resolveTreeLimits, type TreeLimits } from './tree-limits.js';

export interface RepoCacheOptions {
  /** Where clones of remote repositories live, one bare repository per URL. */
  cacheDir: string;
  /**
   * The clock for fetch timestamps.
   * @defaultValue `() => new Date()`
   */
  now?: () => Date;
  /**
   * isomorphic-git's HTTP client.
   * @defaultValue `isomorphic-git/http/node`
   */
  http?: HttpClient;
  /**
   * Credentials per repository URL (without credentials). Credentials written into the URL
   * itself win over these.
   * @defaultValue no credentials
   */
  credentials?: CredentialsLookup;
  /**
   * How long a request to a Git server may stay silent before it fails as a network error.
   * Passed to the HTTP client as `fetchOptions.timeout` (the default Node client honours it).
   * @defaultValue 60000
   */
  idleTimeoutMs?: number;
  /**
   * How many files, and how large, one opened commit tree may read.
   * @defaultValue {@link DEFAULT_TREE_LIMITS}
   */
  treeLimits?: TreeLimits;
  /**
   * How many bytes the clones under `cacheDir` may take. Past it, the least recently used
   * clones that are not in use are removed (a removed clone is fetched again when needed).
   * @defaultValue 2 GiB
   */
  maxCacheBytes?: number;
  /**
   * A clone used more recently than this counts as in use and is never removed.
   * @defaultValue 10 minutes
   */
  cacheIdleMs?: number;
  /**
   * The least time between two automatic collections, which follow fetches.
   * @defaultValue 60000
   */
  cacheCollectIntervalMs?: number;
  /**
   * Told of each collection of the clone directory, for logs.
   * @defaultValue nothing is told
   */
  onCacheCollected?: (collection: CacheCollection) => void;
}

export function resolveRepoCacheOptions(options: RepoCacheOptions): Required<RepoCacheOptions> {
  return {
    cacheDir: options.cacheDir,
    now: options.now ?? (() => new Date()),
    http: options.http ?? nodeHttp,
    credentials: options.credentials ?? (() => undefined),
    idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
    treeLimits: resolveTreeLimits(options.treeLimits),
    maxCacheBytes: options.maxCacheBytes ?? 2 * 2 ** 30,
    cacheIdleMs: options.cacheIdleMs ?? 10 * 60_000,
    cacheCollectIntervalMs: options.cacheCollectIntervalMs ?? 60_000,
    onCacheCollected: options.onCacheCollected ?? (() => undefined),
  };
}

/** What the cache knows about one repository. */
export interface RepoStatus {
  repoURL: string;
  /** How many fetches this process made. */
  fetches: number;
  lastFetchedAt?: Date;
}

interface RepoHandle {
  parsed: ParsedRepoURL;
  /** The clone's directory name under `cacheDir`, for remote repositories. */
  cloneName?: string;
  /** Resolved once; for local repositories it depends on what is on disk. */
  store?: ObjectStore;
  /** The fetch in flight; others wait for it before starting theirs. */
  fetching?: Promise<void>;
  /** The server answered that it cannot fetch shallow: fetch the full history from it. */
  shallowRefused?: boolean;
  fetches: number;
  lastFetchedAt?: Date;
}

/**
 * Git repositories as Ferry reads them: resolves revisions to commit SHAs and opens
 * read-only per-commit trees.
 *
 * Remote (`http(s)://`) repositories are cloned bare under `cacheDir` and fetched only when
 * the server's refs (one `ls-remote`) name a commit we do not have; at most one fetch per
 * repository runs at a time. A fetch brings the one commit wanted without its history (depth
 * 1) where it can; abbreviated SHAs, and commits a server will not hand out alone, bring the
 * full history. Local paths and `file://` URLs are read in place.
 */
export class RepoCache {
  private readonly options: Required<RepoCacheOptions>;
  private readonly handles = new Map<string, RepoHandle>();

  private readonly http: HttpClient;
  private readonly collector: CacheCollector;

  constructor(options: RepoCacheOptions) {
    this.options = resolveRepoCacheOptions(options);
    this.http = withThinPack(withIdleTimeout(this.options.http, this.options.idleTimeoutMs));
    this.collector = new CacheCollector({
      cacheDir: this.options.cacheDir,
      maxBytes: this.options.maxCacheBytes,
      idleMs: this.options.cacheIdleMs,
      intervalMs: this.options.cacheCollectIntervalMs,
      now: () => this.options.now().getTime(),
      onCollected: this.options.onCacheCollected,
      onRemoved: (name) => this.forgetClone(name),
    });
  }

  /**
   * The full SHA of the commit `targetRevision` names: a branch, a tag (annotated tags are
   * peeled), the highest tag a semver range matches, a full or abbreviated SHA, or `HEAD` /
   * empty for the default branch.
   */
  async resolveRevision(repoURL: string, targetRevision?: string): Promise<string> {
    const handle = this.handle(repoURL);
    const context = { repoURL: handle.parsed.url, revision: describeRevision(targetRevision) };
    return this.guard(handle, context, async (credentials) => {
      const spec = parseRevision(targetRevision);
      const sha =
        handle.parsed.transport === REPO_TRANSPORT.local
          ? await resolveLocalRevision(await this.store(handle), spec)
          : await this.resolveRemote(handle, spec, credentials);
      if (sha === undefined) {
        throw repoError(
          REPO_ERROR_REASON.revisionNotFound,
          revisionNotFoundMessage(spec, context.revision, context.repoURL),
          context,
        );
      }
      return sha;
    });
  }

  /** A read-only view of the files of commit `sha` (a full SHA, from resolveRevision). */
  async openCommit(repoURL: string, sha: string): Promise<CommitTree> {
    const handle = this.handle(repoURL);
    const context: RepoErrorContext = { repoURL: handle.parsed.url, revision: sha };
    if (!isFullSha(sha.toLowerCase())) {
      throw repoError(
        REPO_ERROR_REASON.revisionNotFound,
        `openCommit needs a full 40-digit commit SHA, got "${sha}"`,
        context,
      );
    }
    return this.guard(handle, context, async (credentials) => {
      const oid = sha.toLowerCase();
      let commit = await this.readCommit(handle, oid);
      if (commit === undefined && handle.parsed.transport === REPO_TRANSPORT.http) {
        // Normally resolveRevision fetched it; after a restart, the clone may lag behind.
        await this.fetchCommit(handle, oid, await this.lsRemote(handle, credentials), credentials);
        commit = await this.readCommit(handle, oid);
      }
      if (commit === undefined) {
        throw repoError(
          REPO_ERROR_REASON.revisionNotFound,
          `commit ${oid} not found in ${handle.parsed.url}`,
          context,
        );
      }
      const store = await this.store(handle);
      const url = handle.parsed.url;
      return new GitCommitTree({
        store,
        repoURL: url,
        sha: commit.oid,
        tree: commit.tree,
        limits: this.options.treeLimits,
      });
    });
  }

  /**
   * Removes the least recently used clones that are not in use until the clone directory
   * fits in `maxCacheBytes`. Runs by itself after fetches; callable at any time.
   */
  collectGarbage(): Promise<CacheCollection> {
    return this.collector.collect();
  }

  /** Fetch counters for one repository (for metrics and the dashboard). */
  status(repoURL: string): RepoStatus {
    const handle = this.handle(repoURL);
    const status: RepoStatus = { repoURL: handle.parsed.url, fetches: handle.fetches };
    if (handle.lastFetchedAt !== undefined) status.lastFetchedAt = handle.lastFetchedAt;
    return status;
  }

  private async resolveRemote(
    handle: RepoHandle,
    spec: RevisionSpec,
    credentials: RepoCredentials | undefined,
  ): Promise<string | undefined> {
    // A pinned commit we already have needs no network at all.
    if (spec.kind === 'sha') {
      const have = await this.readCommit(handle, spec.sha);
      if (have !== undefined) return have.oid;
    }
    const refs = await this.lsRemote(handle, credentials);
    const oid = matchRemoteRef(refs, spec);
    if (oid !== undefined) {
      await this.fetchCommit(handle, oid, refs, credentials);
      return (await this.readCommit(handle, oid))?.oid;
    }
    if (spec.kind === 'name' && spec.shortSha !== undefined) {
      // Only the full history can say what an abbreviation stands for, unless we have it.
      const expand = () => this.expandOid(handle, spec.shortSha!);
      await this.fetchOnce(
        handle,
        async () => (await expand()) !== undefined,
        credentials,
        (store, remote) => fetchHistory(store, remote, refs),
      );
      const full = await expand();
      return full === undefined ? undefined : (await this.readCommit(handle, full))?.oid;
    }
    return undefined;
  }

  /**
   * Makes sure commit `oid` is here. It comes alone (depth 1) when the server hands it out so,
   * as it does a ref's tip; otherwise, with the full history.
   */
  private async fetchCommit(
    handle: RepoHandle,
    oid: string,
    refs: RemoteRef[],
    credentials: RepoCredentials | undefined,
  ): Promise<void> {
    const here = async () => (await this.readCommit(handle, oid)) !== undefined;
    if (handle.shallowRefused !== true) {
      try {
        await this.fetchOnce(handle, here, credentials, (store, remote) =>
          fetchCommit(store, remote, { oid, refs }),
        );
      } catch (err) {
        // A server may refuse shallow fetches, or commits that no ref points at.
        if (errorCode(err) === 'RemoteCapabilityError') handle.shallowRefused = true;
        else if (refsAt(refs, oid).length > 0) throw err;
      }
    }
    await this.fetchOnce(handle, here, credentials, (store, remote) =>
      fetchHistory(store, remote, refs),
    );
  }

  /**
   * Runs `fetch` unless `done()` holds. One fetch per repository runs at a time: a caller
   * waits for the one in flight, which may bring what it needs, before starting its own.
   */
  private async fetchOnce(
    handle: RepoHandle,
    done: () => Promise<boolean>,
    credentials: RepoCredentials | undefined,
    fetch: (store: ObjectStore, remote: FetchRemote) => Promise<void>,
  ): Promise<void> {
    for (;;) {
      if (await done()) return;
      if (handle.fetching === undefined) break;
      await handle.fetching.catch(() => undefined);
    }
    handle.fetching = this.runFetch(handle, credentials, fetch).finally(() => {
      handle.fetching = undefined;
    });
    await handle.fetching;
  }

  private async runFetch(
    handle: RepoHandle,
    credentials: RepoCredentials | undefined,
    fetch: (store: ObjectStore, remote: FetchRemote) => Promise<void>,
  ): Promise<void> {
    const store = await this.store(handle);
    await this.ensureCloneDir(store.gitdir, handle.parsed.url);
    await fetch(store, {
      http: this.http,
      url: handle.parsed.url,
      headers: authHeaders(credentials),
    });
    handle.fetches++;
    handle.lastFetchedAt = this.options.now();
    this.collector.collectSoon();
  }

  private async lsRemote(
    handle: RepoHandle,
    credentials: RepoCredentials | undefined,
  ): Promise<RemoteRef[]> {
    return git.listServerRefs({
      http: this.http,
      url: handle.parsed.url,
      protocolVersion: 1,
      symrefs: true,
      peelTags: true,
      headers: authHeaders(credentials),
    });
  }

  private async ensureCloneDir(gitdir: string, url: string): Promise<void> {
    if (fs.existsSync(join(gitdir, 'config'))) return;
    await mkdir(gitdir, { recursive: true });
    await git.init({ fs, bare: true, dir: gitdir, gitdir });
    await git.addRemote({ fs, gitdir, remote: 'origin', url, force: true });
  }

  /** The commit `oid` names (peeling annotated tags), or `undefined` when we lack it. */
  private async readCommit(handle: RepoHandle, oid: string): Promise<CommitInfo | undefined> {
    const store = await this.store(handle);
    if (!this.hasObjects(handle, store)) return undefined;
    return readCommitAt(store, oid);
  }

  private async expandOid(handle: RepoHandle, short: string): Promise<string | undefined> {
    const store = await this.store(handle);
    if (!this.hasObjects(handle, store)) return undefined;
    return expandShortSha(store, short);
  }

  /** Whether there is a repository to read yet (a remote one is created by its first fetch). */
  private hasObjects(handle: RepoHandle, store: ObjectStore): boolean {
    if (handle.parsed.transport === REPO_TRANSPORT.local) return true;
    return fs.existsSync(join(store.gitdir, 'config'));
  }

  private handle(repoURL: string): RepoHandle {
    const parsed = parseRepoURL(repoURL);
    const key = parsed.localPath ?? parsed.url;
    let handle = this.handles.get(key);
    if (handle === undefined) {
      handle = { parsed, fetches: 0 };
      if (parsed.localPath === undefined) handle.cloneName = cacheDirName(parsed.url);
      this.handles.set(key, handle);
    }
    return handle;
  }

  private async store(handle: RepoHandle): Promise<ObjectStore> {
    if (handle.store === undefined) {
      const { parsed } = handle;
      const gitdir =
        parsed.localPath === undefined
          ? join(this.options.cacheDir, cacheDirName(parsed.url))
          : await findLocalGitdir(parsed.localPath, parsed.url);
      handle.store = openObjectStore(gitdir);
    }
    return handle.store;
  }

  /** Runs `work` with the repository's credentials; whatever it throws becomes a RepoError. */
  private async guard<T>(
    handle: RepoHandle,
    context: RepoErrorContext,
    work: (credentials: RepoCredentials | undefined) => Promise<T>,
  ): Promise<T> {
    let credentials: RepoCredentials | undefined;
    const clone = handle.cloneName;
    // The clone is in use meanwhile: the collector neither removes it nor races with it.
    if (clone !== undefined) await this.collector.acquire(clone);
    try {
      credentials = await this.credentialsFor(handle);
      return await work(credentials);
    } catch (err) {
      throw toRepoError(err, context, secretsOf(credentials));
    } finally {
      if (clone !== undefined) this.collector.release(clone);
    }
  }

  /** After the collector removed a clone: what was read from it goes too. */
  private forgetClone(name: string): void {
    for (const handle of this.handles.values()) {
      if (handle.cloneName === name) handle.store = undefined;
    }
  }

  private async credentialsFor(handle: RepoHandle): Promise<RepoCredentials | undefined> {
    if (handle.parsed.transport !== REPO_TRANSPORT.http) return undefined;
    return handle.parsed.credentials ?? (await this.options.credentials(handle.parsed.url));
  }
}

function withIdleTimeout(http: HttpClient, timeout: number): HttpClient {
  return {
    request: (req) =>
      http.request({ ...req, fetchOptions: { timeout, ...(req.fetchOptions as object) } }),
  };
}
