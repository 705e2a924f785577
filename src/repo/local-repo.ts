import * as fs from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import git from 'isomorphic-git';
import { RepoError } from '../model/errors.js';
import { normalizeRepoPath } from './commit-tree.js';

/** Who commits in repositories Ferry creates itself (the demo, tests). */
export const LOCAL_AUTHOR = { name: 'Ferry', email: 'ferry@localhost' } as const;

export interface CommitOptions {
  /**
   * The clock that dates the commit.
   * @defaultValue `() => new Date()`
   */
  now?: () => Date;
  /**
   * The branch `initRepo` creates.
   * @defaultValue `'main'`
   */
  defaultBranch?: string;
}

export function resolveCommitOptions(options: CommitOptions = {}): Required<CommitOptions> {
  return { now: options.now ?? (() => new Date()), defaultBranch: options.defaultBranch ?? 'main' };
}

/** Changes for {@link commitFiles}: files to write (path → text) and paths to delete. */
export interface FileChanges {
  write?: Record<string, string>;
  remove?: string[];
}

/**
 * Creates a Git repository with a working tree at `dir` holding `files` (path → text)
 * and commits them. Returns the commit SHA.
 */
export async function initRepo(
  dir: string,
  files: Record<string, string>,
  message: string,
  options?: CommitOptions,
): Promise<string> {
  const { defaultBranch } = resolveCommitOptions(options);
  await mkdir(dir, { recursive: true });
  await git.init({ fs, dir, defaultBranch });
  return commitFiles(dir, { write: files }, message, options);
}

/**
 * Writes and removes files in the working tree at `dir`, stages exactly those paths and
 * commits them on the current branch. Returns the new commit SHA.
 */
export async function commitFiles(
  dir: string,
  changes: FileChanges,
  message: string,
  options?: CommitOptions,
): Promise<string> {
  const { now } = resolveCommitOptions(options);
  const written: string[] = [];
  for (const [path, text] of Object.entries(changes.write ?? {})) {
    const file = checkedPath(dir, path);
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), text);
    written.push(file);
  }
  // One add for every file: the index is read and written once, not once per file.
  if (written.length > 0) await git.add({ fs, dir, filepath: written });
  for (const path of changes.remove ?? []) {
    const file = checkedPath(dir, path);
    await rm(join(dir, file), { force: true, recursive: true });
    await git.remove({ fs, dir, filepath: file });
  }
  const date = now();
  const author = {
    ...LOCAL_AUTHOR,
    timestamp: Math.floor(date.getTime() / 1000),
    timezoneOffset: 0,
  };
  return git.commit({ fs, dir, message, author, committer: author });
}

function checkedPath(dir: string, path: string): string {
  const clean = normalizeRepoPath(path);
  if (clean === undefined || clean === '' || clean === '.git' || clean.startsWith('.git/')) {
    throw new RepoError(`cannot commit "${path}": not a file path inside the repository`, {
      data: { repoURL: dir, path },
    });
  }
  return clean;
}
