import { isPlainObject } from '../kube/object.js';

/** A path into a JSON value: object keys and array indexes. */
export type FieldPath = readonly (string | number)[];

/** Parses an RFC 6901 JSON Pointer such as `/spec/template/spec/containers/0/image`. */
export function parseJsonPointer(pointer: string): FieldPath | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function formatJsonPointer(path: FieldPath): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function step(container: unknown, key: string | number): unknown {
  if (Array.isArray(container)) {
    const index = typeof key === 'number' ? key : /^\d+$/.test(key) ? Number(key) : -1;
    return index >= 0 ? container[index] : undefined;
  }
  return isPlainObject(container) ? container[String(key)] : undefined;
}

/** The value at `path`, or undefined when any step is missing. */
export function getAt(root: unknown, path: FieldPath): unknown {
  let current = root;
  for (const key of path) {
    current = step(current, key);
    if (current === undefined) return undefined;
  }
  return current;
}

/**
 * Makes `target` hold `value` at `path` (removing it when `value` is undefined), creating
 * objects on the way only when there is a value to set. Array indexes must already exist.
 */
export function putAt(target: unknown, path: FieldPath, value: unknown): void {
  if (path.length === 0) return;
  let current = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    let next = step(current, key);
    if (next === undefined) {
      if (value === undefined || !isPlainObject(current)) return;
      next = {};
      current[String(key)] = next;
    }
    current = next;
  }
  const last = path[path.length - 1]!;
  if (Array.isArray(current)) {
    const index = Number(last);
    if (Number.isInteger(index) && index >= 0 && index < current.length) {
      if (value === undefined) current.splice(index, 1);
      else current[index] = value;
    }
  } else if (isPlainObject(current)) {
    if (value === undefined) delete current[String(last)];
    else current[String(last)] = value;
  }
}
