import { posix } from 'node:path';
import { describeError, RenderError } from '../../model/errors.js';
import { KUSTOMIZATION_FILES } from '../source-type.js';
import type { RenderWarning } from '../render-result.js';
import type { SourceTree } from '../source-tree.js';

/** Where a kustomization lives, for reading the files its generators name. */
export interface KustomizationSite {
  tree: SourceTree;
  /** The kustomization file's tree path. */
  file: string;
  /** Its directory's tree path. */
  dir: string;
  warnings: RenderWarning[];
}

/**
 * Resolves `ref` from a kustomization in `dir` to a tree path. A path that climbs out
 * of the repository is an error naming the kustomization that asked for it.
 */
export function resolveRef(kustFile: string, dir: string, ref: string): string {
  const joined = posix.normalize(posix.join(dir === '' ? '.' : dir, ref));
  const path = joined.replace(/\/+$/u, '');
  if (path === '..' || path.startsWith('../') || ref.startsWith('/')) {
    throw new RenderError(`${kustFile}: "${ref}" points outside the repository`, {
      data: { file: kustFile, path: ref },
    });
  }
  return path === '.' ? '' : path;
}

/** Kustomize's default load restriction: files must lie in or below the kustomization's directory. */
export function assertWithin(kustFile: string, dir: string, path: string, ref: string): void {
  if (dir === '' || path === dir || path.startsWith(`${dir}/`)) return;
  throw new RenderError(
    `${kustFile}: file "${ref}" is not in or below the kustomization directory ${dir}`,
    { data: { file: kustFile, path: ref } },
  );
}

/**
 * Resolves a file `ref` of the kustomization at `site` to a tree path, under Kustomize's
 * default load restriction (see {@link resolveRef} and {@link assertWithin}).
 */
export function resolveFileRef(site: KustomizationSite, ref: string): string {
  const path = resolveRef(site.file, site.dir, ref);
  assertWithin(site.file, site.dir, path, ref);
  return path;
}

/**
 * Reads the file `ref` of the kustomization at `site` names, as {@link resolveFileRef} finds
 * it. One that is missing or a directory is an error naming `label` (e.g. "openapi schema").
 */
export async function readFileRef(
  site: KustomizationSite,
  ref: string,
  label: string,
): Promise<{ path: string; text: string }> {
  const path = resolveFileRef(site, ref);
  const entry = await site.tree.stat(path);
  if (entry === undefined || entry.type === 'dir') {
    const what = entry === undefined ? 'does not exist' : 'is a directory, not a file';
    throw new RenderError(`${site.file}: ${label} "${ref}" ${what} (${path || '.'})`, {
      data: { file: site.file, path: ref },
    });
  }
  return { path, text: await readTreeFile(site.tree, site.file, path) };
}

export async function readTreeFile(
  tree: SourceTree,
  kustFile: string,
  path: string,
): Promise<string> {
  try {
    return await tree.read(path);
  } catch (cause) {
    throw new RenderError(`${kustFile}: cannot read ${path}: ${describeError(cause)}`, {
      cause,
      data: { file: kustFile, path },
    });
  }
}

/** The kustomization file in `dir`, or `undefined` when there is none; several is an error. */
export async function findKustomizationFile(
  tree: SourceTree,
  dir: string,
): Promise<string | undefined> {
  const candidates = KUSTOMIZATION_FILES.map((name) => (dir === '' ? name : `${dir}/${name}`));
  const found: string[] = [];
  for (const file of candidates) {
    const entry = await tree.stat(file);
    if (entry !== undefined && entry.type !== 'dir') found.push(file);
  }
  if (found.length > 1) {
    throw new RenderError(
      `found multiple kustomization files in ${dir || '.'}: ${found.join(', ')}`,
      {
        data: { path: dir, files: found },
      },
    );
  }
  return found[0];
}
