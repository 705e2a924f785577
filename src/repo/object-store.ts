import * as fs from 'node:fs';
import git from 'isomorphic-git';
import { ObjectMemo } from './object-memo.js';
import { repoError, REPO_ERROR_REASON } from './repo-errors.js';

export const TREE_ENTRY_TYPE = { file: 'file', dir: 'dir', symlink: 'symlink' } as const;
export type TreeEntryType = (typeof TREE_ENTRY_TYPE)[keyof typeof TREE_ENTRY_TYPE];

/** One entry of a Git tree; submodules and other modes are left out. */
export interface RawTreeEntry {
  name: string;
  oid: string;
  type: TreeEntryType;
}

const MODE_TYPE: Record<string, TreeEntryType> = {
  '040000': TREE_ENTRY_TYPE.dir,
  '100644': TREE_ENTRY_TYPE.file,
  '100755': TREE_ENTRY_TYPE.file,
  '100664': TREE_ENTRY_TYPE.file,
  '120000': TREE_ENTRY_TYPE.symlink,
};

/**
 * One repository's object database: its gitdir, isomorphic-git's pack cache, and the trees
 * and commits parsed so far, shared by every app and every render of the repository.
 */
export interface ObjectStore {
  gitdir: string;
  cache: object;
  trees: ObjectMemo<RawTreeEntry[]>;
  commits: ObjectMemo<CommitInfo>;
}

/** How many parsed trees one repository keeps in memory. */
const MEMO_TREES = 50_000;
const MEMO_COMMITS = 1_000;

export function openObjectStore(gitdir: string): ObjectStore {
  return {
    gitdir,
    cache: {},
    trees: new ObjectMemo(MEMO_TREES),
    commits: new ObjectMemo(MEMO_COMMITS),
  };
}

/** A tree's entries in Git's order, parsed once per repository and shared: do not change them. */
export function readTreeAt(store: ObjectStore, oid: string): Promise<RawTreeEntry[]> {
  return store.trees.get(oid, async () => {
    const { tree } = await git.readTree({ fs, gitdir: store.gitdir, oid, cache: store.cache });
    return tree.flatMap((e) => {
      const type = MODE_TYPE[e.mode];
      return type === undefined ? [] : [{ name: e.path, oid: e.oid, type }];
    });
  });
}

export interface CommitInfo {
  /** The commit SHA (annotated tags are peeled). */
  oid: string;
  /** The SHA of the commit's root tree. */
  tree: string;
}

/** The commit `oid` names, peeling annotated tags; `undefined` when the object is missing. */
export async function readCommitAt(
  store: ObjectStore,
  oid: string,
): Promise<CommitInfo | undefined> {
  try {
    return await store.commits.get(oid, async () => {
      const read = await git.readCommit({ fs, gitdir: store.gitdir, oid, cache: store.cache });
      return { oid: read.oid, tree: read.commit.tree };
    });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    if (codeOf(err) === 'ObjectTypeError') {
      throw repoError(REPO_ERROR_REASON.revisionNotFound, `${oid} is not a commit`, {
        revision: oid,
      });
    }
    throw err;
  }
}

/** The object a ref points at, or `undefined` when there is no such ref. */
export async function resolveRefAt(store: ObjectStore, ref: string): Promise<string | undefined> {
  try {
    return await git.resolveRef({ fs, gitdir: store.gitdir, ref });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** The full SHA an abbreviated one stands for, or `undefined`; ambiguity is an error. */
export async function expandShortSha(
  store: ObjectStore,
  short: string,
): Promise<string | undefined> {
  try {
    return await git.expandOid({ fs, gitdir: store.gitdir, oid: short, cache: store.cache });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    if (codeOf(err) === 'AmbiguousError') {
      throw repoError(
        REPO_ERROR_REASON.revisionNotFound,
        `abbreviated SHA "${short}" is ambiguous: use more digits`,
        { revision: short },
      );
    }
    throw err;
  }
}

function isNotFound(err: unknown): boolean {
  return codeOf(err) === 'NotFoundError';
}

function codeOf(err: unknown): unknown {
  return typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
}
