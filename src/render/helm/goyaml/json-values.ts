import { formatTime } from '../template/go-time.js';
import { GoStruct, GoTime } from '../template/go-value.js';

/** A value after sigs.k8s.io/yaml's JSON round trip, as go-yaml v2 then sees it. */
export type YamlNode =
  | { kind: 'null' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'int'; text: string }
  | { kind: 'float'; text: string }
  | { kind: 'str'; value: string }
  | { kind: 'seq'; items: YamlNode[] }
  | { kind: 'map'; entries: [string, YamlNode][] };

/** Why a value cannot be written: what `json.Marshal` refuses (NaN, ±Inf). */
export class UnsupportedValueError extends Error {}

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * What `json.Marshal` then go-yaml v2's decoder make of a template value: numbers that JSON
 * prints as integers come back as ints (when they fit 64 bits), other numbers as float64.
 * Map keys stay in insertion order here; the emitter sorts them.
 */
export function toYamlNode(value: unknown): YamlNode {
  return convert(value);
}

function convert(v: unknown): YamlNode {
  if (v === null || v === undefined) return { kind: 'null' };
  // Go's time.Time marshals to JSON as RFC 3339 with nanoseconds; structs as their fields.
  if (v instanceof GoTime) {
    return { kind: 'str', value: formatTime(v, '2006-01-02T15:04:05.999999999Z07:00') };
  }
  // Methods are not fields: JSON leaves them out.
  if (v instanceof GoStruct) {
    return convert(
      Object.fromEntries(Object.entries(v.fields).filter(([, x]) => typeof x !== 'function')),
    );
  }
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (typeof v === 'string') return { kind: 'str', value: wellFormed(v) };
  if (typeof v === 'bigint') return integer(v);
  if (typeof v === 'number') return number(v);
  if (v instanceof Uint8Array) return { kind: 'str', value: Buffer.from(v).toString('base64') };
  if (Array.isArray(v)) return { kind: 'seq', items: v.map(convert) };
  if (typeof v === 'object') {
    return {
      kind: 'map',
      entries: Object.entries(v as Record<string, unknown>).map(([k, x]) => [
        wellFormed(k),
        convert(x),
      ]),
    };
  }
  throw new UnsupportedValueError(`json: unsupported type: ${typeof v}`);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

/** JSON (Go's encoder) writes U+FFFD for what is not valid Unicode: here, lone surrogates. */
function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD');
}

function integer(n: bigint): YamlNode {
  if (n >= INT64_MIN && n <= UINT64_MAX) return { kind: 'int', text: n.toString() };
  return { kind: 'float', text: formatFloatG(Number(n)) };
}

function number(n: number): YamlNode {
  if (!Number.isFinite(n)) throw new UnsupportedValueError(`json: unsupported value: ${goName(n)}`);
  // encoding/json prints |n| < 1e21 without an exponent (shortest digits, then zeros, as
  // JavaScript does), so integral values read back as ints.
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return integer(BigInt(String(n)));
  return { kind: 'float', text: formatFloatG(n) };
}

function goName(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  return n > 0 ? '+Inf' : '-Inf';
}

/** Go's `strconv.FormatFloat(n, 'g', -1, 64)`: shortest digits, exponent form outside [1e-4, 1e6). */
export function formatFloatG(n: number): string {
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const [mantissa, expText] = n.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(n);
}
