import { isPlainObject } from '../../kube/object.js';
import type { ResId } from './resource.js';

/**
 * Where a transformer acts: a slash-separated path (`\/` escapes a slash inside a key,
 * `[]` marks a list, and lists are walked item by item either way) in objects of a kind.
 */
export interface FieldSpec {
  group?: string;
  version?: string;
  kind?: string;
  path: string;
  /** Create missing maps along the path. */
  create?: boolean;
}

/** Whether a group/version/kind pattern (empty parts match anything) selects an id. */
export function gvkMatches(
  pattern: { group?: string; version?: string; kind?: string },
  id: Pick<ResId, 'group' | 'version' | 'kind'>,
): boolean {
  if (pattern.group && pattern.group !== id.group) return false;
  if (pattern.version && pattern.version !== id.version) return false;
  if (pattern.kind && pattern.kind !== id.kind) return false;
  return true;
}

const splitCache = new Map<string, readonly string[]>();

export function splitFieldPath(path: string): readonly string[] {
  let cached = splitCache.get(path);
  if (cached === undefined) {
    cached = splitUncached(path);
    splitCache.set(path, cached);
  }
  return cached;
}

function splitUncached(path: string): string[] {
  const segments: string[] = [];
  let current = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i]!;
    if (c === '\\' && path[i + 1] === '/') {
      current += '/';
      i++;
    } else if (c === '/') {
      segments.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  segments.push(current);
  return segments.map((s) => (s.endsWith('[]') ? s.slice(0, -2) : s)).filter((s) => s !== '');
}

/**
 * Calls `visit(parent, key)` for every place the path reaches in `root`: `parent[key]` is
 * the field (present, or absent when `create` is set). Lists along the way are walked item
 * by item; with `create`, missing maps before the last segment are created.
 */
export function visitFieldPath(
  root: Record<string, unknown>,
  path: string | readonly string[],
  create: boolean,
  visit: (parent: Record<string, unknown>, key: string) => void,
): void {
  const segments = typeof path === 'string' ? splitFieldPath(path) : path;
  walk(root, segments, 0, create, visit);
}

function walk(
  parent: Record<string, unknown>,
  segments: readonly string[],
  index: number,
  create: boolean,
  visit: (parent: Record<string, unknown>, key: string) => void,
): void {
  const key = segments[index];
  if (key === undefined) return;
  if (index === segments.length - 1) {
    if (key in parent || create) visit(parent, key);
    return;
  }
  let child = parent[key];
  if (child === undefined || child === null) {
    if (!create) return;
    child = {};
    parent[key] = child;
  }
  if (Array.isArray(child)) {
    for (const item of child) {
      if (isPlainObject(item)) walk(item, segments, index + 1, create, visit);
    }
  } else if (isPlainObject(child)) {
    walk(child, segments, index + 1, create, visit);
  }
}

/** Sets `value` under `key` in the map at the path (creating the map when allowed). */
export function setInMapAt(
  root: Record<string, unknown>,
  spec: FieldSpec,
  entries: Readonly<Record<string, string>>,
): void {
  visitFieldPath(root, spec.path, spec.create === true, (parent, field) => {
    let map = parent[field];
    if (map === undefined || map === null) {
      if (spec.create !== true) return;
      map = {};
      parent[field] = map;
    }
    if (!isPlainObject(map)) return;
    Object.assign(map, entries);
  });
}
