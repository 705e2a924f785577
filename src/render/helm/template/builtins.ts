import { sprint, sprintf, sprintln } from './go-fmt.js';
import { goEq, goLe, goLt } from './go-compare.js';
import {
  ArgError,
  byteSlice,
  FuncError,
  goLength,
  isGoMap,
  isTrue,
  typeName,
  utf8Length,
} from './go-value.js';
import { argString, def, type FuncMap } from './funcs.js';

/** Go's `evalArgs` for html/js/urlquery: one string stays as is, anything else is Sprint-ed. */
function evalArgs(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args);
}

export function htmlEscape(s: string): string {
  return s.replace(/[<>&'"\0]/gu, (c) => HTML_ESCAPES[c]!);
}

const HTML_ESCAPES: Record<string, string> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  "'": '&#39;',
  '"': '&#34;',
  '\0': '\uFFFD',
};

export function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '\\':
        out += '\\\\';
        break;
      case "'":
        out += "\\'";
        break;
      case '"':
        out += '\\"';
        break;
      case '<':
        out += '\\u003C';
        break;
      case '>':
        out += '\\u003E';
        break;
      case '&':
        out += '\\u0026';
        break;
      case '=':
        out += '\\u003D';
        break;
      case '`':
        out += '\\u0060';
        break;
      default:
        if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(ch))) {
          out += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
        } else out += ch;
    }
  }
  return out;
}

export function queryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/u.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function indexArg(v: unknown, cap: number): number {
  if (v === undefined || v === null) throw new FuncError('cannot index slice/array with nil');
  if (typeof v !== 'bigint')
    throw new FuncError(`cannot index slice/array with type ${typeName(v)}`);
  const x = Number(v);
  if (x < 0 || x > cap) throw new FuncError(`index out of range: ${x}`);
  return x;
}

function goIndex(args: unknown[]): unknown {
  let item = args[0];
  if (item === undefined) throw new FuncError('index of untyped nil');
  for (const index of args.slice(1)) {
    if (item === null || item === undefined) throw new FuncError('index of nil pointer');
    if (typeof item === 'string') {
      const x = indexArg(index, utf8Length(item) - 1);
      item = BigInt(Buffer.from(item, 'utf8')[x]!);
    } else if (Array.isArray(item)) {
      if (item.length === 0 && typeof index === 'bigint')
        throw new FuncError(`index out of range: ${index}`);
      item = item[indexArg(index, item.length - 1)];
    } else if (isGoMap(item)) {
      if (typeof index !== 'string') {
        if (index === undefined || index === null)
          throw new FuncError('value is nil; should be of type string');
        throw new FuncError(`value has type ${typeName(index)}; should be string`);
      }
      item = Object.hasOwn(item, index) ? item[index] : null;
    } else {
      throw new FuncError(`can't index item of type ${typeName(item)}`);
    }
  }
  return item;
}

function goSlice(args: unknown[]): unknown {
  const item = args[0];
  if (item === undefined || item === null) throw new FuncError('slice of untyped nil');
  const idx = args.slice(1);
  if (idx.length > 3) throw new FuncError(`too many slice indexes: ${idx.length}`);
  if (typeof item === 'string') {
    if (idx.length === 3) throw new FuncError('cannot 3-index slice a string');
    const len = utf8Length(item);
    const i = idx.map((x) => indexArg(x, len));
    const start = i[0] ?? 0;
    const end = i[1] ?? len;
    if (start > end) throw new FuncError(`invalid slice index: ${start} > ${end}`);
    return byteSlice(item, start, end);
  }
  if (!Array.isArray(item)) throw new FuncError(`can't slice item of type ${typeName(item)}`);
  const i = idx.map((x) => indexArg(x, item.length));
  const start = i[0] ?? 0;
  const end = i[1] ?? item.length;
  if (start > end) throw new FuncError(`invalid slice index: ${start} > ${end}`);
  return item.slice(start, end);
}

function goLen(args: unknown[]): bigint {
  const v = args[0];
  if (v === null || v === undefined) throw new FuncError('len of nil pointer');
  const n = goLength(v);
  if (n === undefined) throw new FuncError(`len of type ${typeName(v)}`);
  return BigInt(n);
}

function goCall(args: unknown[]): unknown {
  const fn = args[0];
  if (fn === undefined || fn === null) throw new FuncError('call of nil');
  if (typeof fn !== 'function') throw new FuncError(`non-function of type ${typeName(fn)}`);
  return (fn as (...a: unknown[]) => unknown)(...args.slice(1));
}

/** text/template's predefined functions, except `and` and `or`, which the executor short-circuits. */
export function builtinFuncs(): FuncMap {
  return {
    not: def(1, 1, (a) => !isTrue(a[0])),
    len: def(1, 1, goLen),
    index: def(1, Infinity, goIndex),
    slice: def(1, Infinity, goSlice),
    print: def(0, Infinity, (a) => sprint(a)),
    printf: def(1, Infinity, (a) => sprintf(argString(a[0]), a.slice(1))),
    println: def(0, Infinity, (a) => sprintln(a)),
    html: def(0, Infinity, (a) => htmlEscape(evalArgs(a))),
    js: def(0, Infinity, (a) => jsEscape(evalArgs(a))),
    urlquery: def(0, Infinity, (a) => queryEscape(evalArgs(a))),
    call: def(1, Infinity, goCall),
    eq: def(1, Infinity, (a) => goEq(a[0], a.slice(1))),
    ne: def(2, 2, (a) => !goEq(a[0], [a[1]])),
    lt: def(2, 2, (a) => goLt(a[0], a[1])),
    le: def(2, 2, (a) => goLe(a[0], a[1])),
    gt: def(2, 2, (a) => !goLe(a[0], a[1])),
    ge: def(2, 2, (a) => !goLt(a[0], a[1])),
  };
}

/** Names the executor handles itself. */
export const LAZY_BUILTINS = new Set(['and', 'or']);

export { ArgError };
