/**
 * How Go values appear to templates here:
 * - `undefined`: Go's invalid reflect.Value (a missing value), printed `<no value>`
 * - `null`: a nil interface / pointer / map, printed `<nil>`
 * - `bigint`: Go ints (int and int64 alike); `number`: float64
 * - `string`, `boolean`; arrays are `[]interface {}`; plain objects `map[string]interface {}`
 * - {@link GoStruct}: a struct or pointer with fields and methods (`.Chart`, `.Files`, …)
 * - {@link GoTime}: a `time.Time`
 * - functions: Go funcs, for `call`
 */

export type GoMethod = (...args: unknown[]) => unknown;

/** A Go struct (or pointer to struct) with exported fields and methods. */
export class GoStruct {
  constructor(
    /** Go's type name, e.g. `*chart.Metadata`; a leading `*` marks a pointer. */
    readonly goType: string,
    readonly fields: Record<string, unknown>,
    readonly methods: Record<string, GoMethod> = {},
  ) {}

  /** The `String()` method's result, when the type has one. */
  stringer(): string | undefined {
    const m = this.methods['String'];
    return m === undefined ? undefined : String(m());
  }
}

/** A `time.Time`: an instant plus the UTC offset (minutes) and zone name it is shown in. */
export class GoTime {
  constructor(
    readonly ms: number,
    readonly offsetMinutes = 0,
    readonly zone = 'UTC',
    /** Nanoseconds within the millisecond. */
    readonly extraNanos = 0,
  ) {}
}

export type GoMap = Record<string, unknown>;

export function isGoMap(v: unknown): v is GoMap {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Go's sort order for map keys (byte-wise for ASCII, which is what charts use). */
export function sortedKeys(m: GoMap): string[] {
  return Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Go's `%T` for a value. */
export function typeName(v: unknown): string {
  if (v === undefined || v === null) return '<nil>';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float64';
    case 'function':
      return 'func(...interface {}) (interface {}, error)';
  }
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof GoStruct) return v.goType;
  if (v instanceof GoTime) return 'time.Time';
  if (v instanceof Uint8Array) return '[]uint8';
  return 'map[string]interface {}';
}

/** Go's reflect Kind name for a value (`kindOf` in Sprig). */
export function kindName(v: unknown): string {
  if (v === undefined || v === null) return 'invalid';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float64';
    case 'function':
      return 'func';
  }
  if (Array.isArray(v) || v instanceof Uint8Array) return 'slice';
  if (v instanceof GoStruct) return v.goType.startsWith('*') ? 'ptr' : 'struct';
  if (v instanceof GoTime) return 'struct';
  return 'map';
}

/** text/template's truth: false, 0, nil, and empty strings, slices and maps are false. */
export function isTrue(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  switch (typeof v) {
    case 'string':
      return v.length > 0;
    case 'boolean':
      return v;
    case 'bigint':
      return v !== 0n;
    case 'number':
      return v !== 0;
    case 'function':
      return true;
  }
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Uint8Array) return v.length > 0;
  if (v instanceof GoStruct || v instanceof GoTime) return true;
  return Object.keys(v as object).length > 0;
}

/** The length Go's `len` reports: bytes for strings, elements for slices and maps. */
export function goLength(v: unknown): number | undefined {
  if (typeof v === 'string') return utf8Length(v);
  if (Array.isArray(v) || v instanceof Uint8Array) return v.length;
  if (isGoMap(v)) return Object.keys(v).length;
  return undefined;
}

// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/u;

export function utf8Length(s: string): number {
  return ASCII.test(s) ? s.length : Buffer.byteLength(s, 'utf8');
}

export function isAscii(s: string): boolean {
  return ASCII.test(s);
}

/** Byte-wise slicing of a string, as Go's `s[a:b]`. */
export function byteSlice(s: string, start: number, end?: number): string {
  if (ASCII.test(s)) return s.slice(start, end);
  return Buffer.from(s, 'utf8').subarray(start, end).toString('utf8');
}

/** An error raised by a template function; the executor prefixes `error calling NAME: `. */
export class FuncError extends Error {}

/** An error raised while converting an argument; reported without the `error calling` prefix. */
export class ArgError extends Error {}
