/**
 * Go's float64 formatting (strconv.FormatFloat), exact to the digit: shortest
 * round-trip digits come from JavaScript, fixed precisions are rounded half-to-even
 * on the exact binary value, as Go does.
 */

export type FloatFormat = 'e' | 'E' | 'f' | 'F' | 'g' | 'G';

interface Digits {
  /** Significant decimal digits, no leading zeros; '' for zero. */
  d: string;
  /** Decimal point position: value = 0.d × 10^dp. */
  dp: number;
}

/** The shortest digits that round-trip to `f` (f > 0 and finite). */
function shortest(f: number): Digits {
  const [mant, exp] = f.toExponential().split('e') as [string, string];
  const d = mant.replace('.', '').replace(/0+$/u, '');
  return { d, dp: Number(exp) + 1 };
}

/** The exact decimal expansion of a finite positive double. */
function exact(f: number): Digits {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, f);
  const bits = view.getBigUint64(0);
  const rawExp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & 0xfffffffffffffn;
  let exp: number;
  if (rawExp === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = rawExp - 1075;
  }
  let digits: string;
  let dp: number;
  if (exp >= 0) {
    digits = (mant << BigInt(exp)).toString();
    dp = digits.length;
  } else {
    digits = (mant * 5n ** BigInt(-exp)).toString();
    dp = digits.length + exp;
  }
  const trimmed = digits.replace(/^0+/u, '');
  dp -= digits.length - trimmed.length;
  return { d: trimmed.replace(/0+$/u, ''), dp };
}

/** Rounds exact digits to `n` significant digits, half to even (n may be ≤ 0). */
function roundTo(x: Digits, n: number): Digits {
  if (n < 0 || x.d.length <= n) return x;
  const keep = x.d.slice(0, n);
  const rest = x.d.slice(n);
  let up: boolean;
  if (rest[0]! > '5') up = true;
  else if (rest[0]! < '5') up = false;
  else if (/[1-9]/u.test(rest.slice(1))) up = true;
  else {
    const last = n > 0 ? Number(keep[n - 1]) : 0;
    up = last % 2 === 1;
  }
  if (!up) return { d: keep.replace(/0+$/u, ''), dp: x.dp };
  if (keep === '') return { d: '1', dp: x.dp + 1 };
  const bumped = (BigInt(keep) + 1n).toString();
  const dp = bumped.length > keep.length ? x.dp + 1 : x.dp;
  return { d: bumped.replace(/0+$/u, ''), dp };
}

function digitAt(x: Digits, i: number): string {
  return i >= 0 && i < x.d.length ? x.d[i]! : '0';
}

function fmtE(x: Digits, prec: number, e: 'e' | 'E'): string {
  let s = x.d === '' ? '0' : x.d[0]!;
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) s += digitAt(x, i);
  }
  const exp = x.d === '' ? 0 : x.dp - 1;
  const abs = Math.abs(exp);
  return `${s}${e}${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
}

function fmtF(x: Digits, prec: number): string {
  let s = '';
  if (x.dp > 0) {
    for (let i = 0; i < x.dp; i++) s += digitAt(x, i);
  } else s = '0';
  if (prec > 0) {
    s += '.';
    for (let i = 0; i < prec; i++) s += digitAt(x, x.dp + i);
  }
  return s;
}

/** strconv.FormatFloat(f, fmt, prec, 64); prec -1 means the shortest representation. */
export function formatFloat(f: number, fmt: FloatFormat, prec: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  const neg = f < 0 || Object.is(f, -0);
  const abs = Math.abs(f);
  return (neg ? '-' : '') + formatAbs(abs, fmt, prec);
}

function formatAbs(f: number, fmt: FloatFormat, prec: number): string {
  const isShortest = prec < 0;
  let digs: Digits;
  const zero: Digits = { d: '', dp: 0 };
  switch (fmt) {
    case 'e':
    case 'E': {
      digs = f === 0 ? zero : isShortest ? shortest(f) : roundTo(exact(f), prec + 1);
      return fmtE(digs, isShortest ? Math.max(digs.d.length - 1, 0) : prec, fmt);
    }
    case 'f':
    case 'F': {
      if (f === 0) digs = zero;
      else if (isShortest) digs = shortest(f);
      else {
        const x = exact(f);
        digs = roundTo(x, x.dp + prec);
      }
      return fmtF(digs, isShortest ? Math.max(digs.d.length - digs.dp, 0) : prec);
    }
    case 'g':
    case 'G': {
      let p = prec;
      if (f === 0) digs = zero;
      else if (isShortest) digs = shortest(f);
      else {
        if (p === 0) p = 1;
        digs = roundTo(exact(f), p);
      }
      if (isShortest) p = digs.d.length;
      let eprec = p;
      if (eprec > digs.d.length && digs.d.length >= digs.dp) eprec = digs.d.length;
      if (isShortest) eprec = 6;
      const exp = digs.d === '' ? 0 : digs.dp - 1;
      if (exp < -4 || exp >= eprec) {
        if (p > digs.d.length) p = digs.d.length;
        return fmtE(digs, Math.max(p - 1, 0), fmt === 'g' ? 'e' : 'E');
      }
      if (p > digs.dp) p = digs.d.length;
      return fmtF(digs, Math.max(p - digs.dp, 0));
    }
  }
}

/** Go's strconv.Quote: a double-quoted string with Go escapes. */
export function goQuote(s: string, asciiOnly = false): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else out += escapeRune(ch, cp, asciiOnly);
  }
  return `${out}"`;
}

/** Go's strconv.QuoteRune. */
export function goQuoteRune(cp: number): string {
  const ch = String.fromCodePoint(cp);
  if (ch === "'" || ch === '\\') return `'\\${ch}'`;
  return `'${escapeRune(ch, cp, false)}'`;
}

const CONTROL_ESCAPES: Record<number, string> = {
  7: '\\a',
  8: '\\b',
  12: '\\f',
  10: '\\n',
  13: '\\r',
  9: '\\t',
  11: '\\v',
};

function escapeRune(ch: string, cp: number, asciiOnly: boolean): string {
  if (cp >= 0x20 && cp < 0x7f) return ch;
  const control = CONTROL_ESCAPES[cp];
  if (control !== undefined) return control;
  if (cp < 0x20 || cp === 0x7f) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (!asciiOnly && isPrintable(ch)) return ch;
  if (cp === 0xfffd && ch !== '\ufffd') return '\\ufffd';
  if (cp < 0x10000) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\U${cp.toString(16).padStart(8, '0')}`;
}

const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Cn}\p{Zl}\p{Zp}]|[\p{Zs}]/u;

function isPrintable(ch: string): boolean {
  return !NON_PRINTABLE.test(ch);
}
