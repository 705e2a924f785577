/**
 * The read-only view of one commit's files that rendering needs. The repo room's
 * commit trees satisfy it structurally, so render never imports repo's implementation.
 *
 * Paths are repo-relative POSIX paths; `''` and `'.'` name the repository root.
 */
export interface SourceTree {
  /** The entries of a directory, in any order. Rejects when `dir` is missing or not a directory. */
  list(dir: string): Promise<SourceEntry[]>;
  /** A file's text (UTF-8), following symlinks that stay inside the tree. */
  read(path: string): Promise<string>;
  /**
   * A file's bytes, for binary files such as packaged Helm subcharts (`charts/*.tgz`).
   * Optional: a tree without it cannot offer binary files.
   */
  readBytes?(path: string): Promise<Uint8Array>;
  /** The entry at `path`, or `undefined` when nothing is there. */
  stat(path: string): Promise<SourceEntry | undefined>;
}

export const SOURCE_ENTRY_TYPE = {
  file: 'file',
  dir: 'dir',
  symlink: 'symlink',
} as const;

export type SourceEntryType = (typeof SOURCE_ENTRY_TYPE)[keyof typeof SOURCE_ENTRY_TYPE];

export interface SourceEntry {
  /** The last path segment. */
  name: string;
  /** The repo-relative POSIX path, without a leading `./` or `/`. */
  path: string;
  type: SourceEntryType;
}
