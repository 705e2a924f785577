import { repoError, REPO_ERROR_REASON, type RepoErrorContext } from './repo-errors.js';

/** How much of a commit one render may read. */
export interface TreeLimits {
  /**
   * The most distinct files one commit tree may read (one tree is opened per render).
   * @defaultValue 10000
   */
  maxFiles?: number;
  /**
   * The largest file, in bytes, a commit tree reads.
   * @defaultValue 16 MiB
   */
  maxFileBytes?: number;
}

export const DEFAULT_TREE_LIMITS: Required<TreeLimits> = {
  maxFiles: 10_000,
  maxFileBytes: 16 * 2 ** 20,
};

export function resolveTreeLimits(limits: TreeLimits = {}): Required<TreeLimits> {
  return {
    maxFiles: limits.maxFiles ?? DEFAULT_TREE_LIMITS.maxFiles,
    maxFileBytes: limits.maxFileBytes ?? DEFAULT_TREE_LIMITS.maxFileBytes,
  };
}

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
        `too many files: reading ${path} would go over the limit of ${this.limits.maxFiles} ` +
          'files per render (maxFiles; raise it with --repo-max-files)',
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
      `file ${path} is ${formatBytes(bytes)}, over the limit of ` +
        `${formatBytes(this.limits.maxFileBytes)} per file (maxFileBytes; raise it with ` +
        '--repo-max-file-size)',
      { ...where, path },
    );
  }
}

/** `1536` → `1.5 KiB`, `16777216` → `16 MiB`. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${text} ${units[unit]}`;
}
