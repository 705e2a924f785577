import { cloneJson, isPlainObject } from '../object.js';
import type { FieldSet } from './field-set.js';
import { itemElement, shapeOf, type Shape, type Typed } from './typed-value.js';

type ListShape = Extract<Shape, { kind: 'list' }>;

/**
 * Merges an applied configuration into the live object as server-side apply does: maps
 * merge field by field, associative lists and sets merge item by item, everything else
 * (scalars, atomic lists and maps) takes the configuration's value.
 */
export function mergeValues(live: unknown, config: unknown, t: Typed): unknown {
  if (config === undefined) return cloneJson(live);
  if (live === undefined || live === null || config === null) return cloneJson(config);
  const { shape, schema } = shapeOf(t, config);
  if (shape.kind === 'map' && !shape.atomic && isPlainObject(live)) {
    const out: Record<string, unknown> = { ...live };
    for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
      if (value === null) {
        delete out[key];
        continue;
      }
      out[key] = mergeValues(live[key], value, {
        schema: propertyOf(schema, key),
        resolve: t.resolve,
      });
    }
    return out;
  }
  if (shape.kind === 'list' && shape.type !== 'atomic' && Array.isArray(live)) {
    return mergeLists(live, config as unknown[], shape, {
      schema: schema?.items,
      resolve: t.resolve,
    });
  }
  return cloneJson(config);
}

function propertyOf(schema: Typed['schema'], key: string): Typed['schema'] {
  if (schema === undefined) return undefined;
  return (
    schema.properties?.[key] ??
    (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined)
  );
}

/** Structured-merge-diff's order: live items stay in place, configured items follow the configuration. */
function mergeLists(live: unknown[], config: unknown[], shape: ListShape, items: Typed): unknown[] {
  const lhs = live.map((item, i) => itemElement(shape, items, item, i, []));
  const rhs = config.map((item, i) => itemElement(shape, items, item, i, []));
  const inRhs = new Map(rhs.map((pe, i) => [pe, i]));
  const inLhs = new Map(lhs.map((pe, i) => [pe, i]));
  const out: unknown[] = [];
  const done = new Set<string>();
  let l = 0;
  let r = 0;
  while (l < lhs.length || r < rhs.length) {
    if (l < lhs.length && done.has(lhs[l]!)) {
      l++;
      continue;
    }
    if (l < lhs.length && r < rhs.length && lhs[l] === rhs[r]) {
      out.push(mergeValues(live[l], config[r], items));
      done.add(lhs[l]!);
      l++;
      r++;
      continue;
    }
    if (l < lhs.length && !inRhs.has(lhs[l]!)) {
      out.push(cloneJson(live[l]));
      done.add(lhs[l]!);
      l++;
      continue;
    }
    if (r < rhs.length) {
      const pe = rhs[r]!;
      if (!done.has(pe)) {
        const li = inLhs.get(pe);
        out.push(mergeValues(li === undefined ? undefined : live[li], config[r], items));
        done.add(pe);
      }
      r++;
      continue;
    }
    l++;
  }
  return out;
}

/** A copy of `value` without the member paths of `set`. */
export function removeFields(value: unknown, set: FieldSet, t: Typed): unknown {
  if (set.isEmpty() || value === undefined || value === null) return value;
  const { shape, schema } = shapeOf(t, value);
  if (shape.kind === 'map' && isPlainObject(value)) {
    const out: Record<string, unknown> = { ...value };
    for (const [element, child] of set.children) {
      if (!element.startsWith('f:')) continue;
      const key = element.slice(2);
      if (!(key in out)) continue;
      if (child.member) delete out[key];
      else
        out[key] = removeFields(out[key], child, {
          schema: propertyOf(schema, key),
          resolve: t.resolve,
        });
    }
    return out;
  }
  if (shape.kind === 'list' && shape.type !== 'atomic' && Array.isArray(value)) {
    const items: Typed = { schema: schema?.items, resolve: t.resolve };
    const out: unknown[] = [];
    value.forEach((item, i) => {
      const child = set.children.get(itemElement(shape, items, item, i, []));
      if (child === undefined) out.push(item);
      else if (!child.member) out.push(removeFields(item, child, items));
    });
    return out;
  }
  return value;
}
