import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { repoError, REPO_ERROR_REASON } from './repo-errors.js';

/**
 * The git directory of a local repository, read in place: `<path>/.git` for a working tree
 * (or the directory a `.git` file points to, for worktrees), `<path>` itself when bare.
 */
export async function findLocalGitdir(path: string, repoURL: string): Promise<string> {
  const dotGit = join(path, '.git');
  const dotGitKind = await kindOf(dotGit);
  if (dotGitKind === 'dir') return dotGit;
  if (dotGitKind === 'file') {
    const pointer = /^gitdir:\s*(.+)$/mu.exec(await readFile(dotGit, 'utf8'))?.[1]?.trim();
    if (pointer !== undefined) return isAbsolute(pointer) ? pointer : resolve(path, pointer);
  }
  if (
    (await kindOf(join(path, 'HEAD'))) === 'file' &&
    (await kindOf(join(path, 'objects'))) === 'dir'
  ) {
    return path;
  }
  const exists = (await kindOf(path)) !== undefined;
  throw repoError(
    REPO_ERROR_REASON.repoNotFound,
    exists ? `not a git repository: ${repoURL}` : `repository not found: ${repoURL}`,
    { repoURL },
  );
}

async function kindOf(path: string): Promise<'dir' | 'file' | undefined> {
  try {
    const s = await stat(path);
    return s.isDirectory() ? 'dir' : 'file';
  } catch {
    return undefined;
  }
}
