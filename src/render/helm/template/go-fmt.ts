import { formatFloat, goQuote, goQuoteRune } from './go-float.js';
import { GoStruct, GoTime, isGoMap, sortedKeys, typeName } from './go-value.js';
import { formatTime } from './go-time.js';

/** Parsed flags of one `%` verb. */
interface Spec {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width: number | undefined;
  prec: number | undefined;
}

const PLAIN: Spec = {
  plus: false,
  minus: false,
  sharp: false,
  space: false,
  zero: false,
  width: undefined,
  prec: undefined,
};

/** fmt.Sprint: operands are joined with a space when neither side is a string. */
export function sprint(args: readonly unknown[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatV(a, PLAIN);
  });
  return out;
}

/** fmt.Sprintln: operands always joined by spaces, then a newline. */
export function sprintln(args: readonly unknown[]): string {
  return `${args.map((a) => formatV(a, PLAIN)).join(' ')}\n`;
}

/** `%v` of one value. */
export function formatValue(v: unknown): string {
  return formatV(v, PLAIN);
}

/** fmt.Sprintf with Go's verbs, flags, widths, precisions and its `%!` error notations. */
export function sprintf(format: string, args: readonly unknown[]): string {
  let out = '';
  let argNum = 0;
  let i = 0;
  const n = format.length;
  while (i < n) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const spec: Spec = { ...PLAIN };
    for (; i < n; i++) {
      const c = format[i];
      if (c === '+') spec.plus = true;
      else if (c === '-') spec.minus = true;
      else if (c === '#') spec.sharp = true;
      else if (c === ' ') spec.space = true;
      else if (c === '0') spec.zero = !spec.minus;
      else break;
    }
    if (format[i] === '*') {
      i++;
      const w = args[argNum++];
      if (typeof w === 'bigint') {
        spec.width = Number(w < 0n ? -w : w);
        if (w < 0n) spec.minus = true;
      } else out += '%!(BADWIDTH)';
    } else {
      const m = /^\d+/u.exec(format.slice(i));
      if (m !== null) {
        spec.width = Number(m[0]);
        i += m[0].length;
      }
    }
    if (format[i] === '.') {
      i++;
      if (format[i] === '*') {
        i++;
        const p = args[argNum++];
        if (typeof p === 'bigint' && p >= 0n) spec.prec = Number(p);
        else out += '%!(BADPREC)';
      } else {
        const m = /^\d+/u.exec(format.slice(i));
        spec.prec = m === null ? 0 : Number(m[0]);
        i += m?.[0].length ?? 0;
      }
    }
    if (i >= n) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argNum >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatArg(args[argNum++], verb, spec);
  }
  if (argNum < args.length) {
    const extra = args
      .slice(argNum)
      .map((a) => (a == null ? '<nil>' : `${typeName(a)}=${formatV(a, PLAIN)}`));
    out += `%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}

function badVerb(v: unknown, verb: string): string {
  if (v === undefined || v === null) return `%!${verb}(<nil>)`;
  return `%!${verb}(${typeName(v)}=${formatV(v, PLAIN)})`;
}

function pad(s: string, spec: Spec, numeric = false): string {
  const width = spec.width ?? 0;
  const len = [...s].length;
  if (len >= width) return s;
  const fill = width - len;
  if (spec.minus) return s + ' '.repeat(fill);
  if (spec.zero && numeric) {
    const sign = /^[+\- ]/u.test(s) ? s[0]! : '';
    return sign + '0'.repeat(fill) + s.slice(sign.length);
  }
  if (spec.zero) return '0'.repeat(fill) + s;
  return ' '.repeat(fill) + s;
}

function formatArg(v: unknown, verb: string, spec: Spec): string {
  if (verb === 'T') return pad(typeName(v), spec);
  if (verb === 'v')
    return pad(formatV(v, spec), spec, typeof v === 'bigint' || typeof v === 'number');
  if (v === undefined || v === null) return badVerb(v, verb);
  switch (typeof v) {
    case 'boolean':
      return verb === 't' ? pad(String(v), spec) : badVerb(v, verb);
    case 'bigint':
      return formatInt(v, verb, spec);
    case 'number':
      return formatFloatVerb(v, verb, spec);
    case 'string':
      return formatString(v, verb, spec);
  }
  if (Array.isArray(v)) {
    if (
      verb === 's' ||
      verb === 'q' ||
      verb === 'd' ||
      verb === 'x' ||
      verb === 'X' ||
      'eEfFgG'.includes(verb)
    ) {
      return pad(
        `[${v.map((e) => formatArg(e, verb, { ...spec, width: undefined })).join(' ')}]`,
        spec,
      );
    }
    return badVerb(v, verb);
  }
  if (isGoMap(v)) {
    const inner = sortedKeys(v).map(
      (k) => `${formatArg(k, verb, PLAIN)}:${formatArg(v[k], verb, PLAIN)}`,
    );
    return pad(`map[${inner.join(' ')}]`, spec);
  }
  if (verb === 's') return pad(formatV(v, spec), spec);
  return badVerb(v, verb);
}

function formatInt(v: bigint, verb: string, spec: Spec): string {
  const neg = v < 0n;
  const abs = neg ? -v : v;
  let digits: string;
  let prefix = '';
  switch (verb) {
    case 'd':
      digits = abs.toString();
      break;
    case 'b':
      digits = abs.toString(2);
      break;
    case 'o':
      digits = abs.toString(8);
      if (spec.sharp) prefix = '0';
      break;
    case 'O':
      digits = abs.toString(8);
      prefix = '0o';
      break;
    case 'x':
      digits = abs.toString(16);
      if (spec.sharp) prefix = '0x';
      break;
    case 'X':
      digits = abs.toString(16).toUpperCase();
      if (spec.sharp) prefix = '0X';
      break;
    case 'c':
      return pad(String.fromCodePoint(Number(v)), spec);
    case 'q':
      return pad(goQuoteRune(Number(v)), spec);
    case 'U': {
      const hex = abs.toString(16).toUpperCase().padStart(4, '0');
      return pad(`U+${hex}`, spec);
    }
    default:
      if ('eEfFgG'.includes(verb)) return badVerb(v, verb);
      return badVerb(v, verb);
  }
  if (spec.prec !== undefined) {
    digits = spec.prec === 0 && abs === 0n ? '' : digits.padStart(spec.prec, '0');
  }
  const sign = neg ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  const body = prefix + digits;
  if (spec.zero && spec.prec === undefined && spec.width !== undefined && !spec.minus) {
    const fill = spec.width - sign.length - body.length;
    return sign + prefix + '0'.repeat(Math.max(fill, 0)) + digits;
  }
  return pad(sign + body, spec);
}

function formatFloatVerb(v: number, verb: string, spec: Spec): string {
  if (!'eEfFgG'.includes(verb)) return badVerb(v, verb);
  const prec = spec.prec ?? (verb === 'g' || verb === 'G' ? -1 : 6);
  let s = formatFloat(v, verb as 'e', prec);
  if (spec.plus && !s.startsWith('-') && !s.startsWith('+')) s = `+${s}`;
  else if (spec.space && !s.startsWith('-')) s = ` ${s}`;
  if (!Number.isFinite(v)) return pad(s, { ...spec, zero: false });
  return pad(s, spec, true);
}

function formatString(v: string, verb: string, spec: Spec): string {
  switch (verb) {
    case 's': {
      const s = spec.prec === undefined ? v : [...v].slice(0, spec.prec).join('');
      return pad(s, spec);
    }
    case 'q': {
      if (spec.sharp && !v.includes('`')) return pad(`\`${v}\``, spec);
      return pad(goQuote(v, spec.plus), spec);
    }
    case 'x':
    case 'X': {
      let hex = [...Buffer.from(v, 'utf8')]
        .map((b) => b.toString(16).padStart(2, '0'))
        .join(spec.space ? ' ' : '');
      if (verb === 'X') hex = hex.toUpperCase();
      return pad(hex, spec);
    }
    default:
      return badVerb(v, verb);
  }
}

/** `%v` (and `%+v`) of a value. */
function formatV(v: unknown, spec: Spec, depth = 0): string {
  if (v === undefined || v === null) return '<nil>';
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return String(v);
    case 'bigint':
      return v.toString();
    case 'number':
      return formatFloat(v, 'g', spec.prec ?? -1);
    case 'function':
      return '0x1';
  }
  if (Array.isArray(v)) return `[${v.map((e) => formatV(e, spec, depth + 1)).join(' ')}]`;
  if (v instanceof Uint8Array) return `[${[...v].join(' ')}]`;
  if (v instanceof GoTime) return formatTime(v, '2006-01-02 15:04:05.999999999 -0700 MST');
  if (v instanceof GoStruct) {
    const s = v.stringer();
    if (s !== undefined) return s;
    const fields = Object.entries(v.fields).map(([k, f]) =>
      spec.plus ? `${k}:${formatV(f, spec, depth + 1)}` : formatV(f, spec, depth + 1),
    );
    const body = `{${fields.join(' ')}}`;
    if (!v.goType.startsWith('*')) return body;
    return depth === 0 ? `&${body}` : '0xc000010000';
  }
  const m = v as Record<string, unknown>;
  return `map[${sortedKeys(m)
    .map((k) => `${k}:${formatV(m[k], spec, depth + 1)}`)
    .join(' ')}]`;
}
