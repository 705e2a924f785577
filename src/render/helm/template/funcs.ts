import { ArgError, byteSlice, isGoMap, typeName, utf8Length } from './go-value.js';

export type GoFunc = (args: unknown[]) => unknown;

/** A template function with Go's arity: `max` is Infinity for variadic functions. */
export interface FuncDef {
  fn: GoFunc;
  min: number;
  max: number;
}

export type FuncMap = Record<string, FuncDef>;

/** Declares a function taking between `min` and `max` arguments. */
export function def(min: number, max: number, fn: GoFunc): FuncDef {
  return { fn, min, max };
}

// Argument conversions, worded like text/template's "wrong type for value" errors. ----------

export function wrongType(expected: string, v: unknown): ArgError {
  return new ArgError(`wrong type for value; expected ${expected}; got ${typeName(v)}`);
}

export function argString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  throw wrongType('string', v);
}

export function argInt(v: unknown): number {
  if (typeof v === 'bigint') return Number(v);
  if (v === undefined || v === null) return 0;
  throw wrongType('int', v);
}

export function argBool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (v === undefined || v === null) return false;
  throw wrongType('bool', v);
}

export function argList(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v === undefined || v === null) return [];
  throw wrongType('[]interface {}', v);
}

export function argMap(v: unknown): Record<string, unknown> {
  if (isGoMap(v)) return v;
  if (v === undefined || v === null) return {};
  throw wrongType('map[string]interface {}', v);
}

/** Go's byte-wise `s[a:b]` with bounds checks like a runtime panic would report. */
export function sliceString(s: string, start: number, end: number): string {
  const len = utf8Length(s);
  if (start < 0 || end > len || start > end) {
    throw new ArgError(
      `runtime error: slice bounds out of range [${start}:${end}] with length ${len}`,
    );
  }
  return byteSlice(s, start, end);
}
