import { isPlainObject, jsonEqual, type KubeObject } from '../kube/object.js';
import type { FieldPath } from './field-path.js';

/** One entry of `metadata.managedFields`. */
export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  subresource?: string;
  fieldsType?: string;
  fieldsV1?: Record<string, unknown>;
}

export function managedFieldsOf(obj: KubeObject): ManagedFieldsEntry[] {
  const entries = obj.metadata.managedFields;
  return Array.isArray(entries) ? (entries.filter(isPlainObject) as ManagedFieldsEntry[]) : [];
}

/** The index of the list item a `k:`/`v:`/`i:` key of fieldsV1 names, or -1. */
function itemIndex(key: string, list: unknown[]): number {
  const body = key.slice(2);
  if (key.startsWith('i:')) return Number(body);
  let wanted: unknown;
  try {
    wanted = JSON.parse(body) as unknown;
  } catch {
    return -1;
  }
  if (key.startsWith('v:')) return list.findIndex((item) => jsonEqual(item, wanted));
  if (!isPlainObject(wanted)) return -1;
  return list.findIndex(
    (item) =>
      isPlainObject(item) && Object.entries(wanted).every(([k, v]) => jsonEqual(item[k], v)),
  );
}

function isLeaf(node: Record<string, unknown>): boolean {
  for (const key in node) if (key !== '.') return false;
  return true;
}

/** Walks a fieldsV1 tree along `value`, calling `visit` with each owned leaf's path. */
function walk(
  node: Record<string, unknown>,
  value: unknown,
  path: (string | number)[],
  visit: (path: FieldPath) => void,
): void {
  for (const key in node) {
    const child = node[key];
    if (key === '.' || !isPlainObject(child)) continue;
    let nextPath: (string | number)[];
    let nextValue: unknown;
    if (key.startsWith('f:')) {
      const field = key.slice(2);
      nextPath = [...path, field];
      nextValue = isPlainObject(value) ? value[field] : undefined;
    } else if (Array.isArray(value)) {
      const index = itemIndex(key, value);
      if (index < 0 || index >= value.length) continue;
      nextPath = [...path, index];
      nextValue = value[index];
    } else {
      continue;
    }
    if (isLeaf(child)) visit(nextPath);
    else walk(child, nextValue, nextPath, visit);
  }
}

/** Paths of the leaf fields of `live` owned by the entries `select` picks. */
export function managedPaths(
  live: KubeObject,
  select: (entry: ManagedFieldsEntry) => boolean,
): FieldPath[] {
  const paths: FieldPath[] = [];
  for (const entry of managedFieldsOf(live)) {
    if (entry.fieldsV1 !== undefined && select(entry))
      walk(entry.fieldsV1, live, [], (p) => paths.push(p));
  }
  return paths;
}

/**
 * The fields `select`'s entries own, as an object shaped like `live` (lists keep live's length
 * and item names), for use as "what was last applied" when no last-applied annotation exists.
 * `undefined` when no entry is selected.
 */
export function managedSkeleton(
  live: KubeObject,
  select: (entry: ManagedFieldsEntry) => boolean,
): Record<string, unknown> | undefined {
  const paths = managedPaths(live, select);
  if (paths.length === 0) return undefined;
  const root: Record<string, unknown> = {};
  for (const path of paths) {
    let node: unknown = root;
    let source: unknown = live;
    path.forEach((key, i) => {
      source =
        isPlainObject(source) || Array.isArray(source)
          ? (source as Record<string, unknown>)[key]
          : undefined;
      const container = node as Record<string | number, unknown>;
      if (i === path.length - 1) {
        container[key] ??= true;
        return;
      }
      const nextKey = path[i + 1];
      if (container[key] === undefined) {
        container[key] =
          typeof nextKey === 'number'
            ? new Array((source as unknown[]).length).fill(undefined)
            : {};
      }
      const next = container[key];
      if (Array.isArray(next) && typeof nextKey === 'number' && next[nextKey] === undefined) {
        const item = (source as unknown[])[nextKey];
        next[nextKey] =
          isPlainObject(item) && typeof item['name'] === 'string' ? { name: item['name'] } : {};
      }
      node = next;
    });
  }
  return root;
}
