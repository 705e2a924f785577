import { isPlainObject, jsonEqual } from '../../kube/object.js';

export type JsonMap = Record<string, unknown>;

/** Marks a field the server allocates (a clusterIP, a nodePort): desired adopts live's value. */
export const ALLOCATED = Symbol('allocated');

/**
 * Sets `target[key]` when the manifest left it out and live holds the API default there, so
 * an omitted defaulted field reads as in sync. A live value other than the default is left
 * for the three-way comparison to judge. `ALLOCATED` adopts whatever live holds.
 */
export function fill(
  target: JsonMap,
  live: JsonMap | undefined,
  key: string,
  value: unknown,
): void {
  if (live === undefined || target[key] !== undefined) return;
  const current = live[key];
  if (current === undefined) return;
  if (value === ALLOCATED || jsonEqual(current, value)) target[key] = structuredClone(current);
}

/** `fill` for several keys. */
export function fillAll(target: JsonMap, live: JsonMap | undefined, values: JsonMap): void {
  if (live === undefined) return;
  for (const key in values) fill(target, live, key, values[key]);
}

export function mapAt(obj: JsonMap | undefined, key: string): JsonMap | undefined {
  const value = obj?.[key];
  return isPlainObject(value) ? value : undefined;
}

export function listAt(obj: JsonMap | undefined, key: string): JsonMap[] {
  const value = obj?.[key];
  return Array.isArray(value) ? (value.filter(isPlainObject) as JsonMap[]) : [];
}

/**
 * Pairs each desired item with its live counterpart: by `keys` (the first that both carry),
 * else by position when the lists are the same length.
 */
export function pairItems(
  desired: JsonMap[],
  live: JsonMap[],
  keys: readonly string[],
): [JsonMap, JsonMap | undefined][] {
  return desired.map((item, i) => {
    for (const key of keys) {
      if (item[key] === undefined) continue;
      const match = live.find((l) => jsonEqual(l[key], item[key]));
      if (match !== undefined) return [item, match];
    }
    return [item, desired.length === live.length ? live[i] : undefined];
  });
}

/** Applies `fn` to `obj[key]` and its live counterpart when both are objects; creates nothing. */
export function within(
  obj: JsonMap | undefined,
  live: JsonMap | undefined,
  key: string,
  fn: (target: JsonMap, liveValue: JsonMap | undefined) => void,
): void {
  const target = mapAt(obj, key);
  if (target !== undefined) fn(target, mapAt(live, key));
}
