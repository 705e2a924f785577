import {
  DEFAULT_SOURCE_LIMITS,
  fileTooLargeMessage,
  resolveSourceLimits,
  tooManyFilesMessage,
  type SourceLimits,
} from '../model/source-limits.js';
import { repoError, REPO_ERROR_REASON, type RepoErrorContext } from './repo-errors.js';

/** How much of a commit one render may read. */
export type TreeLimits = SourceLimits;

export const DEFAULT_TREE_LIMITS = DEFAULT_SOURCE_LIMITS;

export const resolveTreeLimits = resolveSourceLimits;

/** Counts the files one tree reads and refuses those over the limits, naming limit and path. */
export class TreeBudget {
  private readonly files = new Set<string>();
  private readonly limits: Required<TreeLimits>;

  constructor(limits: TreeLimits = {}) {
    this.limits = resolveTreeLimits(limits);
  }

  /** Throws when reading one more file, `path`, would go over the file count limit. */
  countFile(path: string, where: RepoErrorContext): void {
    if (this.files.has(path)) return;
    if (this.files.size >= this.limits.maxFiles) {
      throw repoError(
        REPO_ERROR_REASON.limitExceeded,
        tooManyFilesMessage(path, this.limits.maxFiles, 'raise it with --repo-max-files'),
        { ...where, path },
      );
    }
    this.files.add(path);
  }

  /** Throws when a file of `bytes` bytes at `path` is over the file size limit. */
  checkSize(path: string, bytes: number, where: RepoErrorContext): void {
    if (bytes <= this.limits.maxFileBytes) return;
    throw repoError(
      REPO_ERROR_REASON.limitExceeded,
      fileTooLargeMessage(
        path,
        bytes,
        this.limits.maxFileBytes,
        'raise it with --repo-max-file-size',
      ),
      { ...where, path },
    );
  }
}
