import { readdir, readFile, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { RenderError } from '../model/errors.js';
import {
  fileTooLargeMessage,
  resolveSourceLimits,
  tooManyFilesMessage,
  type SourceLimits,
} from '../model/source-limits.js';
import type { SourceEntry, SourceTree } from './source-tree.js';

/**
 * A SourceTree over a directory on disk, for rendering a local checkout (`ferry render`).
 * Paths are repo-relative POSIX paths under `root`; `stat` follows symlinks. It reads at
 * most `limits.maxFiles` distinct files, each at most `limits.maxFileBytes` large.
 */
export function fsSourceTree(root: string, limits?: SourceLimits): SourceTree {
  const abs = (path: string): string => join(root, ...clean(path).split('/'));
  const { maxFiles, maxFileBytes } = resolveSourceLimits(limits);
  const read = new Set<string>();
  /** Counts the file and checks its size before it is read. */
  const admit = async (path: string): Promise<void> => {
    const file = clean(path);
    if (!read.has(file)) {
      if (read.size >= maxFiles) {
        throw new RenderError(tooManyFilesMessage(file, maxFiles), {
          data: { path: file, reason: 'limit-exceeded' },
        });
      }
      read.add(file);
    }
    const size = (await stat(abs(path)).catch(() => undefined))?.size ?? 0;
    if (size > maxFileBytes) {
      throw new RenderError(fileTooLargeMessage(file, size, maxFileBytes), {
        data: { path: file, reason: 'limit-exceeded' },
      });
    }
  };
  return {
    async list(dir) {
      const entries = await readdir(abs(dir), { withFileTypes: true });
      return entries.map((e) => ({
        name: e.name,
        path: posix.join(clean(dir), e.name).replace(/^\.\//u, ''),
        type: e.isDirectory() ? 'dir' : e.isSymbolicLink() ? 'symlink' : 'file',
      }));
    },
    async read(path) {
      await admit(path);
      return readFile(abs(path), 'utf8');
    },
    async readBytes(path) {
      await admit(path);
      return readFile(abs(path));
    },
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
