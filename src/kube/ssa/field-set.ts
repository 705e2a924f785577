import { isPlainObject } from '../object.js';

/**
 * A set of field paths, stored as the tree that the `FieldsV1` encoding of managedFields
 * spells out. Path elements are strings in that encoding: `f:<field>`,
 * `k:{"name":"web"}` (a list item by key), `v:"x"` (a set item) and `i:0` (an index).
 * A node is a member of the set itself when `member` is true.
 */
export class FieldSet {
  member = false;
  readonly children = new Map<string, FieldSet>();

  static fromFieldsV1(encoded: unknown): FieldSet {
    const set = new FieldSet();
    if (!isPlainObject(encoded)) return set;
    for (const [key, child] of Object.entries(encoded)) {
      if (key === '.') set.member = true;
      else set.children.set(key, FieldSet.fromFieldsV1(child));
    }
    if (set.children.size === 0 && !('.' in encoded)) set.member = true;
    return set;
  }

  /** The FieldsV1 JSON object of this set. */
  toFieldsV1(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (this.member && this.children.size > 0) out['.'] = {};
    for (const key of [...this.children.keys()].sort())
      out[key] = this.children.get(key)!.toFieldsV1();
    return out;
  }

  isEmpty(): boolean {
    return !this.member && this.children.size === 0;
  }

  equals(other: FieldSet): boolean {
    if (this.member !== other.member || this.children.size !== other.children.size) return false;
    for (const [key, child] of this.children) {
      const otherChild = other.children.get(key);
      if (otherChild === undefined || !child.equals(otherChild)) return false;
    }
    return true;
  }

  insert(path: readonly string[]): void {
    if (path.length === 0) this.member = true;
    else this.child(path[0]!).insert(path.slice(1));
  }

  has(path: readonly string[]): boolean {
    const node = this.lookup(path);
    return node?.member === true;
  }

  /** Whether the path or anything below it is in the set. */
  hasPrefix(path: readonly string[]): boolean {
    const node = this.lookup(path);
    return node !== undefined && !node.isEmpty();
  }

  lookup(path: readonly string[]): FieldSet | undefined {
    if (path.length === 0) return this;
    return this.children.get(path[0]!)?.lookup(path.slice(1));
  }

  union(other: FieldSet): FieldSet {
    const out = this.copy();
    out.addAll(other);
    return out;
  }

  /** Members of this set that are not members of `other`. */
  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.member = this.member && !other.member;
    for (const [key, child] of this.children) {
      const otherChild = other.children.get(key);
      const rest = otherChild === undefined ? child.copy() : child.difference(otherChild);
      if (!rest.isEmpty()) out.children.set(key, rest);
    }
    return out;
  }

  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.member = this.member && other.member;
    for (const [key, child] of this.children) {
      const otherChild = other.children.get(key);
      if (otherChild === undefined) continue;
      const both = child.intersection(otherChild);
      if (!both.isEmpty()) out.children.set(key, both);
    }
    return out;
  }

  /** Every member path, parents before children, children in key order. */
  paths(prefix: string[] = []): string[][] {
    const out: string[][] = [];
    if (this.member) out.push(prefix);
    for (const key of [...this.children.keys()].sort())
      out.push(...this.children.get(key)!.paths([...prefix, key]));
    return out;
  }

  copy(): FieldSet {
    const out = new FieldSet();
    out.member = this.member;
    for (const [key, child] of this.children) out.children.set(key, child.copy());
    return out;
  }

  private addAll(other: FieldSet): void {
    if (other.member) this.member = true;
    for (const [key, child] of other.children) this.child(key).addAll(child);
  }

  private child(element: string): FieldSet {
    let node = this.children.get(element);
    if (node === undefined) {
      node = new FieldSet();
      this.children.set(element, node);
    }
    return node;
  }
}

/** `f:spec` for a field, `k:{...}` for a keyed item (keys sorted), `v:...` for a set value. */
export const PathElement = {
  field: (name: string): string => `f:${name}`,
  key: (fields: Record<string, unknown>): string => {
    const sorted: Record<string, unknown> = {};
    for (const name of Object.keys(fields).sort()) sorted[name] = fields[name];
    return `k:${JSON.stringify(sorted)}`;
  },
  value: (value: unknown): string => `v:${JSON.stringify(value)}`,
  index: (i: number): string => `i:${i}`,
};

/**
 * A path as the API server prints it in conflict messages:
 * `.spec.template.spec.containers[name="web"].image`, `[containerPort=80,protocol="TCP"]`.
 */
export function formatPath(path: readonly string[]): string {
  return path
    .map((element) => {
      const rest = element.slice(2);
      if (element.startsWith('f:')) return `.${rest}`;
      if (element.startsWith('i:')) return `[${rest}]`;
      if (element.startsWith('v:')) return `[=${rest}]`;
      const fields = JSON.parse(rest) as Record<string, unknown>;
      return `[${Object.entries(fields)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',')}]`;
    })
    .join('');
}
