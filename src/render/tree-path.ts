import { posix } from 'node:path';
import { RenderError } from '../model/errors.js';

/**
 * Normalises an application path to the tree's form: repo-relative POSIX, `''` for the root,
 * no leading `./` or `/`. A path that climbs out of the repository is a RenderError.
 */
export function normalizeAppPath(path: string | undefined): string {
  const raw = (path ?? '').replace(/^\/+/u, '');
  const normalized = posix.normalize(raw === '' ? '.' : raw).replace(/\/+$/u, '');
  if (normalized === '..' || normalized.startsWith('../')) {
    throw new RenderError(`path "${path ?? ''}" points outside the repository`, {
      data: { path },
    });
  }
  return normalized === '.' ? '' : normalized;
}

/** `child` relative to `parent`, both normalised tree paths. */
export function relativeTo(parent: string, child: string): string {
  return parent === '' ? child : child.slice(parent.length + 1);
}
