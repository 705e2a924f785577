/**
 * Whether go-yaml v2 would read `s`, written as a plain scalar, back as the same string —
 * the test its encoder makes before writing a string without quotes. Strings that read as
 * booleans (YAML 1.1's yes/no/on/off too), null, numbers (0x1F, 0777, 1e3, 1_000, .5),
 * timestamps (2024-01-02) or base-60 floats (1:20) must be quoted.
 */
export function plainReadsAsString(s: string): boolean {
  return resolvesToString(s) && !BASE60_FLOAT.test(s);
}

const NOT_STRINGS = new Set([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'],
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'],
  ...['', '~', 'null', 'Null', 'NULL'],
  ...['.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'],
  ...['-.inf', '-.Inf', '-.INF', '<<'],
]);

/** The first characters after which go-yaml looks further; any other start is a string. */
const HINTED = /^[-+0-9yYnNtTfFoO~.]/u;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/u;
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/u;
const GO_DOT_FLOAT = /^\.[0-9](?:_?[0-9])*(?:[eE][-+]?[0-9](?:_?[0-9])*)?$/u;

function resolvesToString(s: string): boolean {
  if (s === '') return false;
  if (!HINTED.test(s)) return true;
  if (s !== '<<' && NOT_STRINGS.has(s)) return false;
  const first = s[0]!;
  if (first === '.') return !GO_DOT_FLOAT.test(s);
  if (first !== '+' && first !== '-' && (first < '0' || first > '9')) return true;
  if (isTimestamp(s)) return false;
  const plain = s.replace(/_/gu, '');
  if (parseGoInt(plain, true) !== undefined) return false;
  if (parseGoInt(plain, false) !== undefined) return false;
  if (YAML_STYLE_FLOAT.test(plain) && Number.isFinite(Number(plain))) return false;
  return true;
}

const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Go's `strconv.ParseInt(s, 0, 64)` (signed) or `ParseUint(s, 0, 64)`, or undefined. */
function parseGoInt(s: string, signed: boolean): bigint | undefined {
  let rest = s;
  let negative = false;
  if (signed && (rest[0] === '+' || rest[0] === '-')) {
    negative = rest[0] === '-';
    rest = rest.slice(1);
  }
  let digits: RegExp;
  let prefix = '';
  if (/^0[xX]/u.test(rest)) [digits, prefix, rest] = [/^[0-9a-fA-F]+$/u, '0x', rest.slice(2)];
  else if (/^0[bB]/u.test(rest)) [digits, prefix, rest] = [/^[01]+$/u, '0b', rest.slice(2)];
  else if (/^0[oO]/u.test(rest)) [digits, prefix, rest] = [/^[0-7]+$/u, '0o', rest.slice(2)];
  else if (/^0./u.test(rest)) [digits, prefix, rest] = [/^[0-7]+$/u, '0o', rest.slice(1)];
  else digits = /^[0-9]+$/u;
  if (!digits.test(rest)) return undefined;
  const magnitude = BigInt(`${prefix}${rest}`);
  if (!signed) return magnitude <= UINT64_MAX ? magnitude : undefined;
  const limit = negative ? INT64_MAX + 1n : INT64_MAX;
  return magnitude <= limit ? (negative ? -magnitude : magnitude) : undefined;
}

/** `YYYY-M-D`, optionally with `T`/`t`/` ` and `h:m:s[.frac]` and, for T/t, `Z` or ±hh:mm. */
const TIMESTAMP =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:([Tt ])(\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?(Z|[+-]\d{2}:\d{2})?)?$/u;

/** go-yaml v2's parseTimestamp: the formats it tries with Go's time.Parse. */
function isTimestamp(s: string): boolean {
  const m = TIMESTAMP.exec(s);
  if (m === null) return false;
  const [, year, month, day, sep, hour, minute, second, zone] = m;
  const y = Number(year);
  const mo = Number(month);
  const d = Number(day);
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(mo, y)) return false;
  if (sep === undefined) return true;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return false;
  if (sep === ' ') return zone === undefined;
  if (zone === undefined) return false;
  if (zone === 'Z') return true;
  return Number(zone.slice(1, 3)) <= 24 && Number(zone.slice(4, 6)) <= 60;
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
