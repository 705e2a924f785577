/** Go literal syntax: quoted strings, character constants and numbers, as text/template reads them. */

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

/** Unquotes a Go interpreted (`"…"`), raw (`` `…` ``) or rune (`'…'`) literal; undefined when invalid. */
export function goUnquote(quoted: string): string | undefined {
  const q = quoted[0];
  if (quoted.length < 2 || quoted[quoted.length - 1] !== q) return undefined;
  const body = quoted.slice(1, -1);
  if (q === '`') return body.replace(/\r/gu, '');
  if (q !== '"' && q !== "'") return undefined;
  let out = '';
  const bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length > 0) {
      out += Buffer.from(bytes).toString('utf8');
      bytes.length = 0;
    }
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      if (c === q) return undefined;
      flush();
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) return undefined;
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      if ((e === "'" && q === '"') || (e === '"' && q === "'")) return undefined;
      flush();
      out += simple;
      continue;
    }
    if (e === 'x' || (e >= '0' && e <= '7')) {
      const len = e === 'x' ? 2 : 3;
      const digits = e === 'x' ? body.slice(i + 1, i + 3) : body.slice(i, i + 3);
      const re = e === 'x' ? /^[0-9a-fA-F]{2}$/u : /^[0-7]{3}$/u;
      if (!re.test(digits)) return undefined;
      const value = parseInt(digits, e === 'x' ? 16 : 8);
      if (value > 255) return undefined;
      bytes.push(value);
      i += e === 'x' ? len : len - 1;
      continue;
    }
    if (e === 'u' || e === 'U') {
      const len = e === 'u' ? 4 : 8;
      const digits = body.slice(i + 1, i + 1 + len);
      if (!/^[0-9a-fA-F]+$/u.test(digits) || digits.length !== len) return undefined;
      const cp = parseInt(digits, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) return undefined;
      flush();
      out += String.fromCodePoint(cp);
      i += len;
      continue;
    }
    return undefined;
  }
  flush();
  if (q === "'" && [...out].length !== 1) return undefined;
  return out;
}

/**
 * Parses a number constant the way text/template does: integers (decimal, 0x, 0o, 0b,
 * legacy octal, underscores) become bigints; constants spelled with `.`, `e` or `p`
 * become floats. Returns an error message when the text is not a valid number.
 */
export function parseNumber(text: string): bigint | number | string {
  if (text.endsWith('i')) return `complex numbers are not supported: ${JSON.stringify(text)}`;
  const isHex = /^[+-]?0[xX]/u.test(text);
  const floatSpelling = isHex ? /[.pP]/u.test(text) : /[.eE]/u.test(text);
  const clean = text.replace(/_/gu, '');
  if (!floatSpelling) {
    const sign = clean.startsWith('-') ? -1n : 1n;
    let digits = clean.replace(/^[+-]/u, '');
    if (/^0[0-7]+$/u.test(digits)) digits = `0o${digits.slice(1)}`;
    else if (/^0\d/u.test(digits)) return `bad number syntax: ${JSON.stringify(text)}`;
    try {
      const value = sign * BigInt(digits);
      if (value > 0xffffffffffffffffn || value < -(2n ** 63n)) {
        return `integer overflow: ${JSON.stringify(text)}`;
      }
      // uint64 values above int64 cannot be represented as Go's int; keep them as floats.
      if (value > 2n ** 63n - 1n) return Number(value);
      return value;
    } catch {
      return `bad number syntax: ${JSON.stringify(text)}`;
    }
  }
  const value = isHex ? parseHexFloat(clean) : Number(clean);
  if (Number.isNaN(value)) return `bad number syntax: ${JSON.stringify(text)}`;
  return value;
}

function parseHexFloat(text: string): number {
  const m = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/u.exec(text);
  if (m === null) return NaN;
  const mantissa = parseInt(`${m[2] ?? ''}${m[3] ?? ''}` || '0', 16);
  const exp = Number(m[4]) - 4 * (m[3]?.length ?? 0);
  return (m[1] === '-' ? -1 : 1) * mantissa * 2 ** exp;
}
