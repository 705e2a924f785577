import { posix } from 'node:path';
import * as fs from 'node:fs';
import git from 'isomorphic-git';
import {
  readTreeAt,
  TREE_ENTRY_TYPE,
  type ObjectStore,
  type RawTreeEntry,
  type TreeEntryType,
} from './object-store.js';
import { repoError, REPO_ERROR_REASON, toRepoError } from './repo-errors.js';
import { TreeBudget, type TreeLimits } from './tree-limits.js';

export { TREE_ENTRY_TYPE, type TreeEntryType };

export interface TreeEntry {
  name: string;
  /** Repo-relative POSIX path. */
  path: string;
  type: TreeEntryType;
}

/** An immutable, read-only view of one commit's files. Paths are repo-relative POSIX. */
export interface CommitTree {
  readonly repoURL: string;
  /** The full SHA of the commit. */
  readonly sha: string;
  /** Entries of a directory, in Git's order. Submodules are left out. */
  list(dir: string): Promise<TreeEntry[]>;
  /** A file's text (UTF-8), following symlinks that stay inside the tree. */
  read(path: string): Promise<string>;
  /** A file's bytes, following symlinks that stay inside the tree. */
  readBytes(path: string): Promise<Uint8Array>;
  /** The entry at `path` after following symlinks (like `fs.stat`), or `undefined`. */
  stat(path: string): Promise<TreeEntry | undefined>;
}

/** How many symlinks one path may pass through, as Linux's `MAXSYMLINKS`-like guard. */
const MAX_SYMLINK_HOPS = 40;

interface Resolved extends RawTreeEntry {
  path: string;
}

/**
 * Normalises a repo-relative path: `''` for the root, no leading `/` or `./`.
 * Returns `undefined` when the path climbs out of the repository.
 */
export function normalizeRepoPath(path: string): string | undefined {
  if (path.includes('\0')) return undefined;
  const raw = path.replace(/^\/+/u, '');
  const normalized = posix.normalize(raw === '' ? '.' : raw).replace(/\/+$/u, '');
  if (normalized === '..' || normalized.startsWith('../')) return undefined;
  return normalized === '.' ? '' : normalized;
}

export interface GitCommitTreeOptions {
  store: ObjectStore;
  /** The repository URL (without credentials), for messages. */
  repoURL: string;
  /** The commit's full SHA. */
  sha: string;
  /** The SHA of the commit's root tree. */
  tree: string;
  /**
   * How many files, and how large, this tree reads.
   * @defaultValue {@link DEFAULT_TREE_LIMITS}
   */
  limits?: TreeLimits;
}

/** A CommitTree over isomorphic-git's object database; it never touches a working tree. */
export class GitCommitTree implements CommitTree {
  readonly repoURL: string;
  readonly sha: string;
  private readonly store: ObjectStore;
  private readonly rootTree: string;
  private readonly budget: TreeBudget;

  constructor(options: GitCommitTreeOptions) {
    this.budget = new TreeBudget(options.limits);
    this.store = options.store;
    this.repoURL = options.repoURL;
    this.sha = options.sha;
    this.rootTree = options.tree;
  }

  async list(dir: string): Promise<TreeEntry[]> {
    const path = this.checkPath(dir);
    const entry = await this.guard(path, () => this.resolve(path, true));
    if (entry === undefined) throw this.notFound(path);
    if (entry.type !== TREE_ENTRY_TYPE.dir) {
      throw repoError(REPO_ERROR_REASON.pathNotFound, `not a directory: ${path}`, this.where(path));
    }
    const entries = await this.guard(path, () => this.entries(entry.oid));
    return entries.map((e) => ({ name: e.name, path: join(path, e.name), type: e.type }));
  }

  async read(path: string): Promise<string> {
    return new TextDecoder().decode(await this.readBytes(path));
  }

  async readBytes(path: string): Promise<Uint8Array> {
    const clean = this.checkPath(path);
    const entry = await this.guard(clean, () => this.resolve(clean, true));
    if (entry === undefined) throw this.notFound(clean);
    if (entry.type !== TREE_ENTRY_TYPE.file) {
      throw repoError(REPO_ERROR_REASON.pathNotFound, `not a file: ${clean}`, this.where(clean));
    }
    this.budget.countFile(clean, this.where(clean));
    const bytes = await this.guard(clean, () => this.blob(entry.oid));
    this.budget.checkSize(clean, bytes.byteLength, this.where(clean));
    return bytes;
  }

  async stat(path: string): Promise<TreeEntry | undefined> {
    const clean = this.checkPath(path);
    const entry = await this.guard(clean, () => this.resolve(clean, true));
    if (entry === undefined) return undefined;
    return { name: posix.basename(clean), path: clean, type: entry.type };
  }

  /** Walks `path` from the root, following symlinks inside the tree. */
  private async resolve(
    path: string,
    followLast: boolean,
    hops = 0,
  ): Promise<Resolved | undefined> {
    let current: Resolved = { name: '', path: '', oid: this.rootTree, type: TREE_ENTRY_TYPE.dir };
    const segments = path === '' ? [] : path.split('/');
    for (let i = 0; i < segments.length; i++) {
      if (current.type !== TREE_ENTRY_TYPE.dir) return undefined;
      const name = segments[i]!;
      const found = (await this.entries(current.oid)).find((e) => e.name === name);
      if (found === undefined) return undefined;
      const childPath = join(current.path, name);
      const isLast = i === segments.length - 1;
      if (found.type === TREE_ENTRY_TYPE.symlink && (!isLast || followLast)) {
        if (hops >= MAX_SYMLINK_HOPS) {
          throw repoError(
            REPO_ERROR_REASON.invalidPath,
            `too many symlinks in ${path}`,
            this.where(path),
          );
        }
        const target = new TextDecoder().decode(await this.blob(found.oid));
        const rest = segments.slice(i + 1).join('/');
        const next = target.startsWith('/')
          ? undefined
          : normalizeRepoPath(posix.join(posix.dirname(childPath), target, rest));
        if (next === undefined) {
          throw repoError(
            REPO_ERROR_REASON.invalidPath,
            `symlink ${childPath} points outside the repository`,
            this.where(path),
          );
        }
        return this.resolve(next, followLast, hops + 1);
      }
      current = { ...found, path: childPath };
    }
    return current;
  }

  private entries(treeOid: string): Promise<RawTreeEntry[]> {
    return readTreeAt(this.store, treeOid);
  }

  private async blob(oid: string): Promise<Uint8Array> {
    const { blob } = await git.readBlob({
      fs,
      gitdir: this.store.gitdir,
      oid,
      cache: this.store.cache,
    });
    return blob;
  }

  private checkPath(path: string): string {
    const clean = normalizeRepoPath(path);
    if (clean === undefined) {
      throw repoError(
        REPO_ERROR_REASON.invalidPath,
        `path "${path}" points outside the repository`,
        this.where(path),
      );
    }
    return clean;
  }

  private async guard<T>(path: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      throw toRepoError(err, this.where(path), []);
    }
  }

  private notFound(path: string): Error {
    return repoError(
      REPO_ERROR_REASON.pathNotFound,
      `${path || '.'} does not exist in ${this.repoURL} at ${this.sha.slice(0, 7)}`,
      this.where(path),
    );
  }

  private where(path: string): { repoURL: string; revision: string; path: string } {
    return { repoURL: this.repoURL, revision: this.sha, path };
  }
}

function join(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
