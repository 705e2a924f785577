import { formatValue } from '../template/go-fmt.js';
import { GoStruct, GoTime, isGoMap } from '../template/go-value.js';

/** Sprig's `strval`: strings as they are, anything else as `%v`. */
export function strval(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  if (v instanceof Error) return v.message;
  return formatValue(v);
}

/** spf13/cast's ToInt64: numbers truncate, strings parse (0x, 0o, 0b too), failures give 0. */
export function toInt64(v: unknown): bigint {
  switch (typeof v) {
    case 'bigint':
      return v;
    case 'number':
      return Number.isFinite(v) ? BigInt(Math.trunc(v)) : 0n;
    case 'boolean':
      return v ? 1n : 0n;
    case 'string': {
      const s = v.replace(/\.0*$/u, '');
      if (!/^[+-]?(0[xX][0-9a-fA-F_]+|0[oO]?[0-7_]+|0[bB][01_]+|[0-9][0-9_]*)$/u.test(s)) return 0n;
      const neg = s.startsWith('-');
      let body = s.replace(/^[+-]/u, '').replace(/_/gu, '');
      if (/^0[0-7]+$/u.test(body)) body = `0o${body.slice(1)}`;
      try {
        const n = BigInt(body);
        return neg ? -n : n;
      } catch {
        return 0n;
      }
    }
    default:
      return 0n;
  }
}

/** spf13/cast's ToFloat64. */
export function toFloat64(v: unknown): number {
  switch (typeof v) {
    case 'bigint':
      return Number(v);
    case 'number':
      return v;
    case 'boolean':
      return v ? 1 : 0;
    case 'string': {
      const t = v.trim();
      if (
        t === '' ||
        !/^[+-]?(\d[\d_]*\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|[Ii]nf(inity)?|NaN)$/u.test(t)
      )
        return 0;
      if (/^[+-]?[Ii]nf/u.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
      return Number(t.replace(/_/gu, ''));
    }
    default:
      return 0;
  }
}

/** Sprig's `strslice`: a list of strings from any list (nil elements dropped) or one value. */
export function strslice(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((e) => e !== null && e !== undefined).map(strval);
  if (v === null || v === undefined) return [];
  return [strval(v)];
}

/** Sprig's `empty`. */
export function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  switch (typeof v) {
    case 'string':
      return v.length === 0;
    case 'boolean':
      return !v;
    case 'bigint':
      return v === 0n;
    case 'number':
      return v === 0;
    case 'function':
      return false;
  }
  if (Array.isArray(v) || v instanceof Uint8Array) return v.length === 0;
  if (v instanceof GoStruct) return false;
  if (v instanceof GoTime) return false;
  if (isGoMap(v)) return Object.keys(v).length === 0;
  return false;
}

/** reflect.DeepEqual over template values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b) return false;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isGoMap(a) && isGoMap(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** A deep copy of maps and lists; other values are shared (they are immutable here). */
export function deepCopy<T>(v: T): T {
  if (Array.isArray(v)) return v.map(deepCopy) as T;
  if (isGoMap(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = deepCopy(x);
    return out as T;
  }
  return v;
}
