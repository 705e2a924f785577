import { cloneJson, isPlainObject, jsonEqual } from './object.js';
import { MERGED_SCALAR_LISTS, PATCH_MERGE_KEYS } from './patch-merge-keys.js';

/**
 * Strategic merge patch as kubectl sends it, driven by a table of list merge keys instead
 * of the Go struct tags. Lists named here merge item by item on their key; other lists are
 * replaced, as with a JSON merge patch. Supported directives: `$patch: replace|delete|merge`,
 * `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>` and `$retainKeys`.
 */

const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';

export function applyStrategicMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return cloneJson(patch);
  return mergeMap(isPlainObject(target) ? target : {}, patch);
}

function mergeMap(
  target: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const directive = patch['$patch'];
  if (directive === 'replace') return stripDirectives(patch) as Record<string, unknown>;
  const result: Record<string, unknown> = { ...target };
  const orders: [string, unknown[]][] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch') continue;
    if (key === '$retainKeys') continue;
    if (key.startsWith(SET_ORDER)) {
      if (Array.isArray(value)) orders.push([key.slice(SET_ORDER.length), value]);
      continue;
    }
    if (key.startsWith(DELETE_PRIMITIVE)) {
      const field = key.slice(DELETE_PRIMITIVE.length);
      const current = result[field];
      if (Array.isArray(current) && Array.isArray(value)) {
        result[field] = current.filter((item) => !value.some((v) => jsonEqual(v, item)));
      }
      continue;
    }
    if (value === null) {
      delete result[key];
    } else if (isPlainObject(value)) {
      if (value['$patch'] === 'delete') delete result[key];
      else result[key] = mergeMap(isPlainObject(result[key]) ? result[key] : {}, value);
    } else if (Array.isArray(value)) {
      result[key] = mergeList(key, result[key], value);
    } else {
      result[key] = value;
    }
  }
  const retain = patch['$retainKeys'];
  if (Array.isArray(retain)) {
    for (const key of Object.keys(result)) if (!retain.includes(key)) delete result[key];
  }
  for (const [field, order] of orders) {
    const list = result[field];
    if (Array.isArray(list)) result[field] = applyOrder(field, list, order);
  }
  return result;
}

function mergeKeyFor(field: string, items: readonly unknown[]): string | undefined {
  if (field === 'ports') {
    const first = items.find(isPlainObject);
    if (first === undefined) return undefined;
    return 'containerPort' in first ? 'containerPort' : 'port';
  }
  return PATCH_MERGE_KEYS[field];
}

function mergeList(field: string, target: unknown, patch: unknown[]): unknown[] {
  const current = Array.isArray(target) ? target : [];
  if (patch.some((item) => isPlainObject(item) && item['$patch'] === 'replace')) {
    return patch
      .filter((item) => !(isPlainObject(item) && item['$patch'] === 'replace'))
      .map(stripDirectives);
  }
  if (MERGED_SCALAR_LISTS.has(field)) {
    const out = [...current];
    for (const item of patch) if (!out.some((v) => jsonEqual(v, item))) out.push(item);
    return out;
  }
  const key = mergeKeyFor(field, [...patch, ...current]);
  if (key === undefined || !patch.every(isPlainObject)) return patch.map(stripDirectives);
  const out: unknown[] = [...current];
  for (const item of patch as Record<string, unknown>[]) {
    const index = out.findIndex(
      (existing) => isPlainObject(existing) && jsonEqual(existing[key], item[key]),
    );
    if (item['$patch'] === 'delete') {
      if (index >= 0) out.splice(index, 1);
    } else if (index >= 0) {
      out[index] = mergeMap(out[index] as Record<string, unknown>, item);
    } else {
      out.push(stripDirectives(item));
    }
  }
  return out;
}

function applyOrder(field: string, list: unknown[], order: unknown[]): unknown[] {
  const key = mergeKeyFor(field, [...order, ...list]);
  const identity = (item: unknown): unknown =>
    key !== undefined && isPlainObject(item) ? item[key] : item;
  const ordered: unknown[] = [];
  for (const want of order) {
    const wantId = isPlainObject(want) && key !== undefined ? want[key] : want;
    const found = list.find((item) => jsonEqual(identity(item), wantId));
    if (found !== undefined) ordered.push(found);
  }
  for (const item of list) if (!ordered.includes(item)) ordered.push(item);
  return ordered;
}

function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith('$')) continue;
    if (child === null) continue;
    out[key] = stripDirectives(child);
  }
  return out;
}
