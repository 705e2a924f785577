import type { SourceEntry, SourceTree } from '../../source-tree.js';

/**
 * A read-only SourceTree over the unpacked files of a chart archive, mounted at `root` (the
 * archive's own path, e.g. `app/charts/redis-1.2.3.tgz`), so that the chart loader reads it
 * like a directory and its messages name files inside the archive.
 */
export function archiveTree(root: string, files: ReadonlyMap<string, Uint8Array>): SourceTree {
  const children = new Map<string, Map<string, SourceEntry>>();
  const add = (dir: string, entry: SourceEntry): void => {
    let names = children.get(dir);
    if (names === undefined) children.set(dir, (names = new Map()));
    if (!names.has(entry.name)) names.set(entry.name, entry);
  };
  for (const rel of files.keys()) {
    const parts = rel.split('/');
    for (let i = 0; i < parts.length; i++) {
      const dir = [root, ...parts.slice(0, i)].join('/');
      add(dir, {
        name: parts[i]!,
        path: `${dir}/${parts[i]!}`,
        type: i === parts.length - 1 ? 'file' : 'dir',
      });
    }
  }
  const fileAt = (path: string): Uint8Array | undefined =>
    path.startsWith(`${root}/`) ? files.get(path.slice(root.length + 1)) : undefined;
  const missing = (path: string): Promise<never> =>
    Promise.reject(new Error(`${path}: no such file in the chart archive`));
  return {
    list(dir) {
      const names = children.get(dir);
      return names === undefined ? missing(dir) : Promise.resolve([...names.values()]);
    },
    read(path) {
      const data = fileAt(path);
      return data === undefined ? missing(path) : Promise.resolve(new TextDecoder().decode(data));
    },
    readBytes(path) {
      const data = fileAt(path);
      return data === undefined ? missing(path) : Promise.resolve(data);
    },
    stat(path) {
      const name = path.slice(path.lastIndexOf('/') + 1);
      if (fileAt(path) !== undefined) return Promise.resolve({ name, path, type: 'file' });
      if (children.has(path)) return Promise.resolve({ name, path, type: 'dir' });
      return Promise.resolve(undefined);
    },
  };
}
