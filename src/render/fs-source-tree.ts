import { readdir, readFile, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { SourceEntry, SourceTree } from './source-tree.js';

/**
 * A SourceTree over a directory on disk, for rendering a local checkout (`ferry render`).
 * Paths are repo-relative POSIX paths under `root`; `stat` follows symlinks.
 */
export function fsSourceTree(root: string): SourceTree {
  const abs = (path: string): string => join(root, ...clean(path).split('/'));
  return {
    async list(dir) {
      const entries = await readdir(abs(dir), { withFileTypes: true });
      return entries.map((e) => ({
        name: e.name,
        path: posix.join(clean(dir), e.name).replace(/^\.\//u, ''),
        type: e.isDirectory() ? 'dir' : e.isSymbolicLink() ? 'symlink' : 'file',
      }));
    },
    read: (path) => readFile(abs(path), 'utf8'),
    readBytes: (path) => readFile(abs(path)),
    async stat(path): Promise<SourceEntry | undefined> {
      const s = await stat(abs(path)).catch(() => undefined);
      if (s === undefined) return undefined;
      return {
        name: posix.basename(clean(path)),
        path: clean(path),
        type: s.isDirectory() ? 'dir' : 'file',
      };
    },
  };
}

function clean(path: string): string {
  const normalized = posix.normalize(path.replace(/^\/+/u, '') || '.');
  return normalized === '.' ? '' : normalized.replace(/\/+$/u, '');
}
