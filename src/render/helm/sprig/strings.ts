import { goQuote } from '../template/go-float.js';
import { sprint } from '../template/go-fmt.js';
import { byteSlice, utf8Length } from '../template/go-value.js';
import { argInt, argString, def, sliceString, type FuncMap } from '../template/funcs.js';
import { strslice, strval, toInt64 } from './convert.js';

const isSpace = (c: string): boolean => /\s/u.test(c);

/** strings.Title: upper-cases the first letter of each word. */
export function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    out += isSeparator(prev) ? ch.toUpperCase() : ch;
    prev = ch;
  }
  return out;
}

function isSeparator(c: string): boolean {
  if (/[\p{L}\p{Nd}_]/u.test(c)) return false;
  if (c.charCodeAt(0) < 0x80) return true;
  return isSpace(c);
}

function untitle(s: string): string {
  let prevSpace = true;
  let out = '';
  for (const ch of s) {
    out += prevSpace ? ch.toLowerCase() : ch;
    prevSpace = isSpace(ch);
  }
  return out;
}

function swapcase(s: string): string {
  let out = '';
  for (const ch of s) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    out += ch === upper && ch !== lower ? lower : ch === lower && ch !== upper ? upper : ch;
  }
  return out;
}

/** Words split the way huandu/xstrings does for case conversion. */
function caseWords(s: string): string[] {
  const words: string[] = [];
  let cur = '';
  const chars = [...s];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (/[\s_\-.]/u.test(c)) {
      if (cur) words.push(cur);
      cur = '';
      continue;
    }
    const isUpper = c !== c.toLowerCase();
    const prev = chars[i - 1] ?? '';
    const next = chars[i + 1] ?? '';
    const prevLower = prev !== '' && prev === prev.toLowerCase() && prev !== prev.toUpperCase();
    const prevDigit = /\d/u.test(prev);
    const prevUpper = prev !== '' && prev !== prev.toLowerCase();
    const nextLower = next !== '' && next === next.toLowerCase() && next !== next.toUpperCase();
    if (cur && isUpper && (prevLower || prevDigit || (prevUpper && nextLower))) {
      words.push(cur);
      cur = '';
    }
    cur += c;
  }
  if (cur) words.push(cur);
  return words;
}

function snakecase(s: string, sep = '_'): string {
  return caseWords(s)
    .map((w) => w.toLowerCase())
    .join(sep);
}

function camelcase(s: string): string {
  // xstrings.ToCamelCase: split on '_' only, capitalise each part.
  return s
    .split('_')
    .filter((p) => p !== '')
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');
}

/** goutils.WrapCustom with newline and no long-word breaking. */
export function wrap(s: string, width: number, nl = '\n', wrapLong = false): string {
  const w = width < 1 ? 1 : width;
  const lines = s.split('\n');
  return lines
    .map((line) => {
      let out = '';
      let rest = line;
      while (utf8Length(rest) > w) {
        if (rest[0] === ' ') {
          rest = rest.slice(1);
          continue;
        }
        let sp = rest.lastIndexOf(' ', w);
        if (sp <= 0) {
          if (wrapLong) sp = w;
          else {
            sp = rest.indexOf(' ', w);
            if (sp < 0) break;
          }
          out += rest.slice(0, sp) + nl;
          rest = rest.slice(sp).replace(/^ /u, '');
          continue;
        }
        out += rest.slice(0, sp) + nl;
        rest = rest.slice(sp + 1);
      }
      return out + rest;
    })
    .join('\n');
}

function abbrev(width: number, s: string): string {
  if (width < 4 || utf8Length(s) <= width) return s;
  return `${byteSlice(s, 0, width - 3)}...`;
}

function abbrevboth(left: number, right: number, s: string): string {
  if (right < 4 || (left > 0 && right < 7)) return s;
  const len = s.length;
  if (len <= right) return s;
  let offset = Math.min(left, len);
  if (len - offset < right - 3) offset = len - (right - 3);
  if (offset <= 4) return `${s.slice(0, right - 3)}...`;
  if (right < 7) return s;
  if (offset + right - 3 < len) return `...${abbrev(right - 3, s.slice(offset))}`;
  return `...${s.slice(len - (right - 3))}`;
}

function substr(start: number, end: number, s: string): string {
  const len = utf8Length(s);
  if (start < 0) return sliceString(s, 0, end);
  if (end < 0 || end > len) return sliceString(s, start, len);
  return sliceString(s, start, end);
}

function trunc(c: number, s: string): string {
  const len = utf8Length(s);
  if (c < 0 && len + c > 0) return byteSlice(s, len + c);
  if (c >= 0 && len > c) return byteSlice(s, 0, c);
  return s;
}

function trimCutset(s: string, cutset: string, left: boolean, right: boolean): string {
  const set = new Set(cutset);
  const chars = [...s];
  let a = 0;
  let b = chars.length;
  if (left) while (a < b && set.has(chars[a]!)) a++;
  if (right) while (b > a && set.has(chars[b - 1]!)) b--;
  return chars.slice(a, b).join('');
}

/** Go's strings.Split semantics (an empty separator splits into UTF-8 characters). */
export function goSplit(s: string, sep: string, n = -1): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const chars = [...s];
    if (n < 0 || n >= chars.length) return chars;
    return [...chars.slice(0, n - 1), chars.slice(n - 1).join('')];
  }
  const parts = s.split(sep);
  if (n < 0 || parts.length <= n) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

function splitMap(parts: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  parts.forEach((p, i) => (out[`_${i}`] = p));
  return out;
}

/** Sprig's string functions. `random` yields floats in [0, 1). */
export function stringFuncs(random: () => number): FuncMap {
  const pick = (n: number, alphabet: string): string => {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(random() * alphabet.length)];
    return out;
  };
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const digits = '0123456789';
  const ascii = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).join('');
  return {
    trim: def(1, 1, (a) => argString(a[0]).trim()),
    trimAll: def(2, 2, (a) => trimCutset(argString(a[1]), argString(a[0]), true, true)),
    trimPrefix: def(2, 2, (a) => {
      const [p, s] = [argString(a[0]), argString(a[1])];
      return s.startsWith(p) ? s.slice(p.length) : s;
    }),
    trimSuffix: def(2, 2, (a) => {
      const [p, s] = [argString(a[0]), argString(a[1])];
      return p !== '' && s.endsWith(p) ? s.slice(0, -p.length) : s;
    }),
    upper: def(1, 1, (a) => argString(a[0]).toUpperCase()),
    lower: def(1, 1, (a) => argString(a[0]).toLowerCase()),
    title: def(1, 1, (a) => title(argString(a[0]))),
    untitle: def(1, 1, (a) => untitle(argString(a[0]))),
    repeat: def(2, 2, (a) => argString(a[1]).repeat(Math.max(argInt(a[0]), 0))),
    substr: def(3, 3, (a) => substr(argInt(a[0]), argInt(a[1]), argString(a[2]))),
    nospace: def(1, 1, (a) => argString(a[0]).replace(/\s/gu, '')),
    trunc: def(2, 2, (a) => trunc(argInt(a[0]), argString(a[1]))),
    abbrev: def(2, 2, (a) => abbrev(argInt(a[0]), argString(a[1]))),
    abbrevboth: def(3, 3, (a) => abbrevboth(argInt(a[0]), argInt(a[1]), argString(a[2]))),
    initials: def(1, 1, (a) =>
      argString(a[0])
        .split(/\s+/u)
        .filter((w) => w !== '')
        .map((w) => [...w][0])
        .join(''),
    ),
    randAlphaNum: def(1, 1, (a) => pick(argInt(a[0]), letters + digits)),
    randAlpha: def(1, 1, (a) => pick(argInt(a[0]), letters)),
    randAscii: def(1, 1, (a) => pick(argInt(a[0]), ascii)),
    randNumeric: def(1, 1, (a) => pick(argInt(a[0]), digits)),
    wrap: def(2, 2, (a) => wrap(argString(a[1]), argInt(a[0]))),
    wrapWith: def(3, 3, (a) => wrap(argString(a[2]), argInt(a[0]), argString(a[1]), true)),
    contains: def(2, 2, (a) => argString(a[1]).includes(argString(a[0]))),
    hasPrefix: def(2, 2, (a) => argString(a[1]).startsWith(argString(a[0]))),
    hasSuffix: def(2, 2, (a) => argString(a[1]).endsWith(argString(a[0]))),
    quote: def(0, Infinity, (a) =>
      a
        .filter((x) => x !== null && x !== undefined)
        .map((x) => goQuote(strval(x)))
        .join(' '),
    ),
    squote: def(0, Infinity, (a) =>
      a
        .filter((x) => x !== null && x !== undefined)
        .map((x) => `'${strval(x)}'`)
        .join(' '),
    ),
    cat: def(0, Infinity, (a) => {
      const v = a.filter((x) => x !== null && x !== undefined);
      return v.map((x) => sprint([x])).join(' ');
    }),
    indent: def(2, 2, (a) => {
      const pad = ' '.repeat(Math.max(argInt(a[0]), 0));
      return pad + argString(a[1]).replaceAll('\n', `\n${pad}`);
    }),
    nindent: def(2, 2, (a) => {
      const pad = ' '.repeat(Math.max(argInt(a[0]), 0));
      return `\n${pad}${argString(a[1]).replaceAll('\n', `\n${pad}`)}`;
    }),
    replace: def(3, 3, (a) => {
      const [o, n, s] = [argString(a[0]), argString(a[1]), argString(a[2])];
      if (o === '') return [...s].map((c) => n + c).join('') + n;
      return s.replaceAll(o, n);
    }),
    plural: def(3, 3, (a) => (argInt(a[2]) === 1 ? argString(a[0]) : argString(a[1]))),
    snakecase: def(1, 1, (a) => snakecase(argString(a[0]))),
    camelcase: def(1, 1, (a) => camelcase(argString(a[0]))),
    kebabcase: def(1, 1, (a) => snakecase(argString(a[0]), '-')),
    swapcase: def(1, 1, (a) => swapcase(argString(a[0]))),
    shuffle: def(1, 1, (a) => {
      const chars = [...argString(a[0])];
      for (let i = chars.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [chars[i], chars[j]] = [chars[j]!, chars[i]!];
      }
      return chars.join('');
    }),
    splitList: def(2, 2, (a) => goSplit(argString(a[1]), argString(a[0]))),
    split: def(2, 2, (a) => splitMap(goSplit(argString(a[1]), argString(a[0])))),
    splitn: def(3, 3, (a) => splitMap(goSplit(argString(a[2]), argString(a[0]), argInt(a[1])))),
    join: def(2, 2, (a) => strslice(a[1]).join(argString(a[0]))),
    sortAlpha: def(1, 1, (a) => strslice(a[0]).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))),
    toString: def(1, 1, (a) => strval(a[0])),
    toStrings: def(1, 1, (a) => strslice(a[0])),
    atoi: def(1, 1, (a) => {
      const s = argString(a[0]);
      return /^[+-]?\d+$/u.test(s) ? BigInt(s) : 0n;
    }),
    seq: def(0, Infinity, (a) => seq(a.map((x) => Number(toInt64(x))))),
  };
}

/** Sprig's `seq`, like the Unix tool: seq LAST, seq FIRST LAST, seq FIRST STEP LAST. */
function seq(p: number[]): string {
  let [start, step, end] = [1, 1, 0];
  if (p.length === 0) return '';
  if (p.length === 1) end = p[0]!;
  else if (p.length === 2) {
    [start, end] = [p[0]!, p[1]!];
    step = end < start ? -1 : 1;
  } else if (p.length === 3) [start, step, end] = [p[0]!, p[1]!, p[2]!];
  else return '';
  if (p.length === 1 && end < 1) {
    start = 1;
    step = -1;
  }
  if (step === 0 || (end < start && step > 0) || (end > start && step < 0)) return '';
  const out: number[] = [];
  for (let v = start; step > 0 ? v <= end : v >= end; v += step) out.push(v);
  return out.join(' ');
}
