import { isPlainObject } from '../kube/object.js';
import { equivalentScalars, isEmptyContainer } from './equivalence.js';

/** The name of each item, when every item is an object with a distinct string `name`. */
function namesOf(items: unknown[]): string[] | undefined {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (!isPlainObject(item) || typeof item['name'] !== 'string' || seen.has(item['name']))
      return undefined;
    seen.add(item['name']);
    names.push(item['name']);
  }
  return names;
}

function byName(items: unknown[] | undefined, name: string): unknown {
  return items?.find((item) => isPlainObject(item) && item['name'] === name);
}

function predictList(last: unknown, desired: unknown[], live: unknown[], key: string): unknown[] {
  const lastList = Array.isArray(last) ? last : undefined;
  const desiredNames = namesOf(desired);
  if (desiredNames !== undefined && namesOf(live) !== undefined) {
    return desired.map((item, i) =>
      predict(byName(lastList, desiredNames[i]!), item, byName(live, desiredNames[i]!), key, key),
    );
  }
  if (desired.length === live.length) {
    return desired.map((item, i) => predict(lastList?.[i], item, live[i], key, key));
  }
  return desired;
}

/**
 * What live will look like once the desired object is applied, client-side-apply style:
 * desired fields overlay live ones; a field the last apply set (per `last`) but desired
 * dropped is removed; fields only the server or other writers set stay. Lists of named items
 * are matched by name, other lists item by item when their lengths match, so server defaults
 * inside items are kept. Scalars written differently but equal (`1000m`, `1`) keep live's form,
 * and an empty map or list stands for a missing one.
 *
 * The result shares unchanged subtrees with `desired` and `live`; neither is modified.
 */
export function predict(
  last: unknown,
  desired: unknown,
  live: unknown,
  key = '',
  parentKey = '',
): unknown {
  if (isPlainObject(desired) && isPlainObject(live)) {
    const lastMap = isPlainObject(last) ? last : undefined;
    const result: Record<string, unknown> = { ...live };
    if (lastMap !== undefined) {
      for (const k in lastMap) {
        if (!(k in desired) && !isEmptyContainer(live[k])) delete result[k];
      }
    }
    for (const k in desired) {
      const value = desired[k];
      if (value === null || value === undefined) {
        delete result[k];
      } else if (live[k] === undefined && isEmptyContainer(value)) {
        continue;
      } else {
        result[k] = predict(lastMap?.[k], value, live[k], k, key);
      }
    }
    return result;
  }
  if (Array.isArray(desired) && Array.isArray(live)) return predictList(last, desired, live, key);
  if (desired !== live && live !== undefined && equivalentScalars(desired, live, key, parentKey)) {
    return live;
  }
  return desired;
}
