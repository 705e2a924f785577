import { isPlainObject, jsonEqual } from '../../kube/object.js';
import { MERGED_SCALAR_LISTS, PATCH_MERGE_KEYS } from '../../kube/patch-merge-keys.js';

/**
 * Strategic merge patch as Kustomize (kyaml's merge2) applies it. Unlike the API server,
 * merged lists come out in the patch's order, followed by the original items the patch
 * did not mention. Lists merge on the built-in patch merge key for their field, else on
 * a key every item has (`mountPath`, `devicePath`, `ip`, `type`, `topologyKey`, `name`,
 * `containerPort`), else they are replaced. Directives: `$patch: delete|replace|merge`
 * on maps and list items, `null` to delete a field.
 */
export function strategicMerge(
  target: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> | undefined {
  if (patch['$patch'] === 'delete') return undefined;
  return mergeMap(target, patch);
}

const INFERRED_KEYS = [
  'mountPath',
  'devicePath',
  'ip',
  'type',
  'topologyKey',
  'name',
  'containerPort',
];

function mergeMap(
  target: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  if (patch['$patch'] === 'replace') return stripDirectives(patch) as Record<string, unknown>;
  const result: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    if (value === null) {
      delete result[key];
    } else if (isPlainObject(value)) {
      if (value['$patch'] === 'delete') delete result[key];
      else {
        const current = result[key];
        result[key] = mergeMap(isPlainObject(current) ? current : {}, value);
      }
    } else if (Array.isArray(value)) {
      result[key] = mergeList(key, result[key], value);
    } else {
      result[key] = value;
    }
  }
  return result;
}

function mergeKeyFor(field: string, items: readonly unknown[]): string | undefined {
  const maps = items.filter(isPlainObject);
  if (maps.length === 0 || maps.length !== items.length) return undefined;
  if (field === 'ports') return maps.every((m) => 'containerPort' in m) ? 'containerPort' : 'port';
  const known = PATCH_MERGE_KEYS[field];
  if (known !== undefined) return known;
  return INFERRED_KEYS.find((key) => maps.every((m) => key in m));
}

function mergeList(field: string, target: unknown, patch: unknown[]): unknown[] {
  const current = Array.isArray(target) ? target : [];
  if (patch.some((item) => isPlainObject(item) && item['$patch'] === 'replace')) {
    return patch
      .filter((item) => !(isPlainObject(item) && item['$patch'] === 'replace'))
      .map(stripDirectives);
  }
  if (MERGED_SCALAR_LISTS.has(field)) {
    const out = [...patch];
    for (const item of current) if (!out.some((v) => jsonEqual(v, item))) out.push(item);
    return out;
  }
  const key = mergeKeyFor(field, [...patch, ...current]);
  if (key === undefined) return patch.map(stripDirectives);
  const used = new Set<number>();
  const out: unknown[] = [];
  for (const item of patch as Record<string, unknown>[]) {
    const index = current.findIndex(
      (existing, i) =>
        !used.has(i) && isPlainObject(existing) && jsonEqual(existing[key], item[key]),
    );
    if (index >= 0) used.add(index);
    if (item['$patch'] === 'delete') continue;
    out.push(
      index >= 0
        ? mergeMap(current[index] as Record<string, unknown>, item)
        : stripDirectives(item),
    );
  }
  current.forEach((item, i) => {
    if (!used.has(i)) out.push(item);
  });
  return out;
}

function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith('$') || child === null) continue;
    out[key] = stripDirectives(child);
  }
  return out;
}
