import { readdir, readFile, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { SourceEntry, SourceTree } from '../../src/render/source-tree.js';

/** A SourceTree over a directory on disk, for rendering fixtures without Git. */
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
    async stat(path): Promise<SourceEntry | undefined> {
      // Like CommitTree.stat, this follows symlinks.
      const s = await stat(abs(path)).catch(() => undefined);
      if (s === undefined) return undefined;
      const type = s.isDirectory() ? 'dir' : 'file';
      return { name: posix.basename(clean(path)), path: clean(path), type };
    },
  };
}

/** A SourceTree over an in-memory map of path → text. */
export function memorySourceTree(files: Record<string, string>): SourceTree {
  const paths = Object.keys(files);
  const isDir = (dir: string): boolean => dir === '' || paths.some((p) => p.startsWith(`${dir}/`));
  return {
    list(dir) {
      const d = clean(dir);
      if (!isDir(d)) return Promise.reject(new Error(`no directory ${dir}`));
      const prefix = d === '' ? '' : `${d}/`;
      const names = new Set(
        paths.filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length).split('/')[0]!),
      );
      return Promise.resolve(
        [...names].map((name) => {
          const path = `${prefix}${name}`;
          return {
            name,
            path,
            type: files[path] === undefined ? ('dir' as const) : ('file' as const),
          };
        }),
      );
    },
    read(path) {
      const text = files[clean(path)];
      return text === undefined
        ? Promise.reject(new Error(`no file ${path}`))
        : Promise.resolve(text);
    },
    stat(path) {
      const p = clean(path);
      const name = posix.basename(p);
      if (files[p] !== undefined) return Promise.resolve({ name, path: p, type: 'file' as const });
      return Promise.resolve(isDir(p) ? { name, path: p, type: 'dir' as const } : undefined);
    },
  };
}

function clean(path: string): string {
  const normalized = posix.normalize(path.replace(/^\/+/u, '') || '.');
  return normalized === '.' ? '' : normalized.replace(/\/+$/u, '');
}
