import { isPlainObject, jsonEqual } from '../../kube/object.js';
import { MERGED_SCALAR_LISTS, PATCH_MERGE_KEYS } from '../../kube/patch-merge-keys.js';

/** How one list merges, as the schema in effect says. */
export type ListMerge =
  /** The patch's list replaces the original. */
  | { type: 'replace' }
  /** A list of scalars merged as a set: the patch's items, then the original ones it lacks. */
  | { type: 'set' }
  /** Items merged on one key: the patch's items in its order, then the unmentioned originals. */
  | { type: 'keyed'; key: string }
  /** Items merged on several keys: new patch items first, then the originals, merged in place. */
  | { type: 'multiKeyed'; keys: string[] }
  /** A list Ferry cannot merge as Kustomize would; the reason names what is wrong. */
  | { type: 'unsupported'; reason: string };

/** What a strategic merge patch needs from a schema: how each list merges. */
export interface MergeSchema {
  /** The schema of a map's field, or `undefined` when it describes none. */
  field(name: string): MergeSchema | undefined;
  /** The schema of a list's items. */
  items(): MergeSchema | undefined;
  /** How the list this schema describes merges, given the items on both sides. */
  list(items: readonly unknown[]): ListMerge;
}

/** Finds the schema of a kind; a map the schema does not describe is looked up by its own type. */
export type SchemaLookup = (apiVersion: string, kind: string) => MergeSchema | undefined;

/** A strategic merge patch that Ferry does not apply because Kustomize's result is ill-defined. */
export class UnsupportedMergeError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/**
 * Strategic merge patch as Kustomize (kyaml's merge2) applies it. Unlike the API server,
 * merged lists come out in the patch's order, followed by the original items the patch
 * did not mention. How each list merges comes from the schema `lookup` finds for the
 * patched object's kind (or, below it, for a map with its own `apiVersion` and `kind`):
 * where no schema describes a list, it is replaced. Directives: `$patch:
 * delete|replace|merge` on maps and list items, `null` to delete a field.
 */
export function strategicMerge(
  target: Record<string, unknown>,
  patch: Record<string, unknown>,
  lookup: SchemaLookup,
): Record<string, unknown> | undefined {
  if (patch['$patch'] === 'delete') return undefined;
  return mergeMap(target, patch, { schema: undefined, lookup, path: [] });
}

/** Where a merge is: the schema there (if any), how to look kinds up, and the field path. */
interface At {
  schema: MergeSchema | undefined;
  lookup: SchemaLookup;
  path: readonly string[];
}

const atField = (at: At, key: string, schema: MergeSchema | undefined): At => ({
  schema,
  lookup: at.lookup,
  path: [...at.path, key],
});

function mergeMap(
  target: Record<string, unknown>,
  patch: Record<string, unknown>,
  at: At,
): Record<string, unknown> {
  if (patch['$patch'] === 'replace') return stripDirectives(patch) as Record<string, unknown>;
  const schema = at.schema ?? ownSchema(at.lookup, target) ?? ownSchema(at.lookup, patch);
  const result: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    if (value === null) {
      delete result[key];
    } else if (isPlainObject(value)) {
      if (value['$patch'] === 'delete') delete result[key];
      else {
        const current = result[key];
        const next = atField(at, key, schema?.field(key));
        result[key] = mergeMap(isPlainObject(current) ? current : {}, value, next);
      }
    } else if (Array.isArray(value)) {
      result[key] = mergeList(result[key], value, atField(at, key, schema?.field(key)));
    } else {
      result[key] = value;
    }
  }
  return result;
}

/** The schema of a map by its own `apiVersion` and `kind`, as kyaml finds one. */
function ownSchema(lookup: SchemaLookup, map: Record<string, unknown>): MergeSchema | undefined {
  const { apiVersion, kind } = map;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  if (apiVersion === '' || kind === '') return undefined;
  return lookup(apiVersion, kind);
}

function mergeList(target: unknown, patch: unknown[], at: At): unknown[] {
  const { schema, path } = at;
  const current = Array.isArray(target) ? target : [];
  if (patch.some((item) => isPlainObject(item) && item['$patch'] === 'replace')) {
    return patch
      .filter((item) => !(isPlainObject(item) && item['$patch'] === 'replace'))
      .map(stripDirectives);
  }
  const rule: ListMerge = schema?.list([...patch, ...current]) ?? { type: 'replace' };
  const items = schema?.items();
  switch (rule.type) {
    case 'replace':
      return patch.map(stripDirectives);
    case 'unsupported':
      throw new UnsupportedMergeError(path.join('.'), rule.reason);
    case 'set': {
      const out = [...patch];
      for (const item of current) if (!out.some((v) => jsonEqual(v, item))) out.push(item);
      return out;
    }
    case 'keyed':
      return mergeKeyed(current, patch, [rule.key], { ...at, schema: items });
    case 'multiKeyed':
      return mergeMultiKeyed(current, patch, rule.keys, { ...at, schema: items });
  }
}

const sameKeys = (keys: readonly string[], a: unknown, b: Record<string, unknown>): boolean =>
  isPlainObject(a) && keys.every((k) => jsonEqual(a[k], b[k]));

function mergeKeyed(
  current: readonly unknown[],
  patch: readonly unknown[],
  keys: readonly string[],
  items: At,
): unknown[] {
  const used = new Set<number>();
  const out: unknown[] = [];
  for (const item of patch as Record<string, unknown>[]) {
    const index = current.findIndex(
      (existing, i) => !used.has(i) && sameKeys(keys, existing, item),
    );
    if (index >= 0) used.add(index);
    if (item['$patch'] === 'delete') continue;
    out.push(
      index >= 0
        ? mergeMap(current[index] as Record<string, unknown>, item, items)
        : stripDirectives(item),
    );
  }
  current.forEach((item, i) => {
    if (!used.has(i)) out.push(item);
  });
  return out;
}

function mergeMultiKeyed(
  current: readonly unknown[],
  patch: readonly unknown[],
  keys: readonly string[],
  items: At,
): unknown[] {
  const merged: unknown[] = [...current];
  const added: unknown[] = [];
  const deleted = new Set<number>();
  for (const item of patch as Record<string, unknown>[]) {
    const index = current.findIndex((existing) => sameKeys(keys, existing, item));
    if (item['$patch'] === 'delete') {
      if (index >= 0) deleted.add(index);
    } else if (index >= 0) {
      merged[index] = mergeMap(merged[index] as Record<string, unknown>, item, items);
    } else {
      added.push(stripDirectives(item));
    }
  }
  return [...added, ...merged.filter((_, i) => !deleted.has(i))];
}

/**
 * Throws UnsupportedMergeError when a list anywhere in `obj` is one Ferry cannot merge.
 * kyaml walks every field of the patched object, not only those the patch names, so a
 * list the patch leaves alone still has to be well-formed for its schema.
 */
export function assertMergeable(
  obj: Record<string, unknown>,
  lookup: SchemaLookup,
  schema: MergeSchema | undefined,
): void {
  checkMap(obj, { schema, lookup, path: [] });
}

function checkMap(map: Record<string, unknown>, at: At): void {
  const schema = at.schema ?? ownSchema(at.lookup, map);
  for (const [key, value] of Object.entries(map)) {
    if (isPlainObject(value)) checkMap(value, atField(at, key, schema?.field(key)));
    else if (Array.isArray(value)) checkList(value, atField(at, key, schema?.field(key)));
  }
}

function checkList(list: readonly unknown[], at: At): void {
  const rule = at.schema?.list(list);
  if (rule?.type === 'unsupported') throw new UnsupportedMergeError(at.path.join('.'), rule.reason);
  const items = at.schema?.items();
  for (const item of list) if (isPlainObject(item)) checkMap(item, { ...at, schema: items });
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

/** Keys that every item of a list of a built-in kind may be merged on when no table names one. */
const INFERRED_KEYS = [
  'mountPath',
  'devicePath',
  'ip',
  'type',
  'topologyKey',
  'name',
  'containerPort',
];

/**
 * The built-in kinds' schema, approximated by field name: lists named in Ferry's table of
 * patch merge keys merge on their key, `finalizers` merges as a set, other lists of maps
 * merge on a key every item has, and the rest are replaced.
 */
export const BUILTIN_MERGE_SCHEMA: MergeSchema = builtinNode('');

function builtinNode(field: string): MergeSchema {
  return {
    field: (name) => builtinNode(name),
    items: () => BUILTIN_MERGE_SCHEMA,
    list(items) {
      if (MERGED_SCALAR_LISTS.has(field)) return { type: 'set' };
      const maps = items.filter(isPlainObject);
      if (maps.length === 0 || maps.length !== items.length) return { type: 'replace' };
      if (field === 'ports') {
        return {
          type: 'keyed',
          key: maps.every((m) => 'containerPort' in m) ? 'containerPort' : 'port',
        };
      }
      const key = PATCH_MERGE_KEYS[field] ?? INFERRED_KEYS.find((k) => maps.every((m) => k in m));
      return key === undefined ? { type: 'replace' } : { type: 'keyed', key };
    },
  };
}
