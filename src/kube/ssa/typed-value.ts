import { isPlainObject, jsonEqual } from '../object.js';
import {
  listTypeOf,
  propertySchema,
  resolveSchema,
  type OpenApiSchema,
  type SchemaResolver,
} from '../openapi/schema.js';
import { FieldSet, formatPath, PathElement } from './field-set.js';

/** A value that does not fit the structure its schema gives it (such as a list item without its key). */
export class StructureError extends Error {
  readonly code = 'STRUCTURE_INVALID';
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(path === '' ? message : `${path}: ${message}`);
    this.name = 'StructureError';
  }
}

/** A schema position: the schema that describes a value (undefined when unknown) and how to follow refs. */
export interface Typed {
  schema: OpenApiSchema | undefined;
  resolve: SchemaResolver;
}

export type Shape =
  | { kind: 'scalar' }
  | { kind: 'map'; atomic: boolean }
  | { kind: 'list'; type: 'atomic' | 'set' | 'map'; keys: string[] };

/** How a value at a schema position is walked: from the schema, else deduced from the value. */
export function shapeOf(
  t: Typed,
  value: unknown,
): { shape: Shape; schema: OpenApiSchema | undefined } {
  const schema = resolveSchema(t.schema, t.resolve);
  if (Array.isArray(value) || schema?.type === 'array') {
    if (!Array.isArray(value)) return { shape: { kind: 'scalar' }, schema };
    return { shape: { kind: 'list', ...listTypeOf(schema) }, schema };
  }
  if (isPlainObject(value)) {
    if (schema?.['x-kubernetes-int-or-string'] === true)
      return { shape: { kind: 'scalar' }, schema };
    return {
      shape: { kind: 'map', atomic: schema?.['x-kubernetes-map-type'] === 'atomic' },
      schema,
    };
  }
  return { shape: { kind: 'scalar' }, schema };
}

function childOf(t: Typed, schema: OpenApiSchema | undefined, field: string): Typed {
  return { schema: propertySchema(schema, field), resolve: t.resolve };
}

function itemsOf(t: Typed, schema: OpenApiSchema | undefined): Typed {
  return { schema: schema?.items, resolve: t.resolve };
}

/** The path element of one list item: by key for map lists, by value for sets, else by index. */
export function itemElement(
  shape: Extract<Shape, { kind: 'list' }>,
  items: Typed,
  item: unknown,
  index: number,
  path: readonly string[],
): string {
  if (shape.type === 'set') return PathElement.value(item);
  if (shape.type !== 'map') return PathElement.index(index);
  if (!isPlainObject(item))
    throw new StructureError('associative list with keys may only contain maps', formatPath(path));
  const itemSchema = resolveSchema(items.schema, items.resolve);
  const fields: Record<string, unknown> = {};
  for (const key of shape.keys) {
    let value = item[key];
    if (value === undefined)
      value = resolveSchema(itemSchema?.properties?.[key], items.resolve)?.default;
    if (value === undefined)
      throw new StructureError(
        `associative list with keys has an element that omits key field "${key}" (and doesn't have default value)`,
        formatPath(path),
      );
    fields[key] = value;
  }
  return PathElement.key(fields);
}

/**
 * The fields a value sets, as server-side apply counts them: every leaf, every list item,
 * and maps that are empty or not declared fields of their parent.
 */
export function fieldSetOf(value: unknown, t: Typed): FieldSet {
  const set = new FieldSet();
  walkSet(value, t, [], set);
  return set;
}

function walkSet(value: unknown, t: Typed, path: string[], set: FieldSet): void {
  const { shape, schema } = shapeOf(t, value);
  if (
    shape.kind === 'scalar' ||
    (shape.kind === 'map' && shape.atomic) ||
    (shape.kind === 'list' && shape.type === 'atomic')
  ) {
    set.insert(path);
    return;
  }
  if (shape.kind === 'list') {
    const items = itemsOf(t, schema);
    (value as unknown[]).forEach((item, i) => {
      const childPath = [...path, itemElement(shape, items, item, i, path)];
      walkSet(item, items, childPath, set);
      set.insert(childPath);
    });
    return;
  }
  const map = value as Record<string, unknown>;
  for (const [key, child] of Object.entries(map)) {
    const childPath = [...path, PathElement.field(key)];
    walkSet(child, childOf(t, schema, key), childPath, set);
    const declared = schema?.properties?.[key] !== undefined;
    if (child === null || (isPlainObject(child) && Object.keys(child).length === 0) || !declared)
      set.insert(childPath);
  }
}

/** What changed between two values, as path sets. */
export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

export function compareValues(before: unknown, after: unknown, t: Typed): Comparison {
  const c: Comparison = {
    added: new FieldSet(),
    modified: new FieldSet(),
    removed: new FieldSet(),
  };
  walkCompare(before, after, t, [], c);
  return c;
}

function walkCompare(lhs: unknown, rhs: unknown, t: Typed, path: string[], c: Comparison): void {
  // One value on both sides (a write that shares what it left alone) holds no change.
  if (lhs === rhs) return;
  const probe = rhs === undefined ? lhs : rhs;
  const { shape, schema } = shapeOf(t, probe);
  const sameKind =
    lhs === undefined ||
    rhs === undefined ||
    (Array.isArray(lhs) === Array.isArray(rhs) && isPlainObject(lhs) === isPlainObject(rhs));
  const leaf =
    !sameKind ||
    shape.kind === 'scalar' ||
    (shape.kind === 'map' && shape.atomic) ||
    (shape.kind === 'list' && shape.type === 'atomic');
  if (leaf) {
    if (lhs === undefined) c.added.insert(path);
    else if (rhs === undefined) c.removed.insert(path);
    else if (!jsonEqual(lhs, rhs)) c.modified.insert(path);
    return;
  }
  const itemHook = (childPath: string[], l: unknown, r: unknown): void => {
    if (l === undefined) c.added.insert(childPath);
    else if (r === undefined) c.removed.insert(childPath);
  };
  if (shape.kind === 'list') {
    const items = itemsOf(t, schema);
    const left = keyed(lhs, shape, items, path);
    const right = keyed(rhs, shape, items, path);
    for (const [element, l] of left) {
      const r = right.get(element);
      walkCompare(l, r, items, [...path, element], c);
      itemHook([...path, element], l, r);
    }
    for (const [element, r] of right) {
      if (left.has(element)) continue;
      walkCompare(undefined, r, items, [...path, element], c);
      itemHook([...path, element], undefined, r);
    }
    return;
  }
  const left = isPlainObject(lhs) ? lhs : {};
  const right = isPlainObject(rhs) ? rhs : {};
  for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
    const childPath = [...path, PathElement.field(key)];
    walkCompare(left[key], right[key], childOf(t, schema, key), childPath, c);
    itemHook(childPath, left[key], right[key]);
  }
}

function keyed(
  value: unknown,
  shape: Extract<Shape, { kind: 'list' }>,
  items: Typed,
  path: readonly string[],
): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!Array.isArray(value)) return out;
  value.forEach((item, i) => out.set(itemElement(shape, items, item, i, path), item));
  return out;
}
