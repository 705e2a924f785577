import { FuncError } from '../template/go-value.js';
import { argInt, argString, def, type FuncMap } from '../template/funcs.js';

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const cache = new Map<string, RegExp>();

/** Compiles a Go RE2 expression as a JavaScript RegExp (global), translating the syntax that differs. */
export function goRegExp(expr: string): RegExp {
  const hit = cache.get(expr);
  if (hit !== undefined) {
    hit.lastIndex = 0;
    return hit;
  }
  let src = expr;
  let flags = 'g';
  const lead = /^\(\?([imsU]+)\)/u.exec(src);
  if (lead !== null) {
    src = src.slice(lead[0].length);
    for (const f of lead[1]!) if (f !== 'U' && !flags.includes(f)) flags += f;
  }
  src = src
    .replace(/\(\?P</gu, '(?<')
    .replace(/\\A/gu, '^')
    .replace(/\\z/gu, '$(?![\\s\\S])')
    .replace(/\[:(\^?)(\w+):\]/gu, (all, neg: string, name: string) => {
      const cls = POSIX[name];
      return cls === undefined ? all : neg ? `^${cls}` : cls;
    });
  let re: RegExp;
  try {
    re = new RegExp(src, `${flags}u`);
  } catch {
    try {
      re = new RegExp(src, flags);
    } catch (err) {
      throw new FuncError(`error parsing regexp: ${(err as Error).message}: \`${expr}\``);
    }
  }
  if (cache.size > 500) cache.clear();
  cache.set(expr, re);
  return re;
}

/** Go's Regexp.Expand template syntax: `$1`, `${1}`, `$name`, `${name}`, `$$`. */
function expand(template: string, m: RegExpExecArray): string {
  return template.replace(
    /\$(\$|\{(\w+)\}|(\w+))/gu,
    (_, all: string, braced?: string, bare?: string) => {
      if (all === '$') return '$';
      const name = braced ?? bare!;
      if (/^\d+$/u.test(name)) return m[Number(name)] ?? '';
      return m.groups?.[name] ?? '';
    },
  );
}

function findAll(re: RegExp, s: string, n: number): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  let prevEnd = -1;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    if (m[0] === '') {
      re.lastIndex++;
      if (m.index === prevEnd) continue;
    }
    out.push(m);
    prevEnd = m.index + m[0].length;
    if (n >= 0 && out.length >= n) break;
  }
  return out;
}

function replaceAll(re: RegExp, s: string, repl: (m: RegExpExecArray) => string): string {
  let out = '';
  let last = 0;
  for (const m of findAll(re, s, -1)) {
    out += s.slice(last, m.index) + repl(m);
    last = m.index + m[0].length;
  }
  return out + s.slice(last);
}

function split(re: RegExp, s: string, n: number): string[] {
  if (n === 0) return [];
  if (re.source !== '(?:)' && s === '') return [''];
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of findAll(re, s, n)) {
    if (n > 0 && out.length === n - 1) break;
    end = m.index;
    if (m.index + m[0].length !== 0) out.push(s.slice(beg, end));
    beg = m.index + m[0].length;
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

/** Sprig's regular-expression functions (and their `must` twins). */
export function regexFuncs(): FuncMap {
  const fns: FuncMap = {
    regexMatch: def(2, 2, (a) => {
      const re = goRegExp(argString(a[0]));
      return findAll(re, argString(a[1]), 1).length > 0;
    }),
    regexFindAll: def(3, 3, (a) =>
      findAll(goRegExp(argString(a[0])), argString(a[1]), argInt(a[2])).map((m) => m[0]),
    ),
    regexFind: def(
      2,
      2,
      (a) => findAll(goRegExp(argString(a[0])), argString(a[1]), 1)[0]?.[0] ?? '',
    ),
    regexReplaceAll: def(3, 3, (a) => {
      const repl = argString(a[2]);
      return replaceAll(goRegExp(argString(a[0])), argString(a[1]), (m) => expand(repl, m));
    }),
    regexReplaceAllLiteral: def(3, 3, (a) => {
      const repl = argString(a[2]);
      return replaceAll(goRegExp(argString(a[0])), argString(a[1]), () => repl);
    }),
    regexSplit: def(3, 3, (a) => split(goRegExp(argString(a[0])), argString(a[1]), argInt(a[2]))),
    regexQuoteMeta: def(1, 1, (a) => argString(a[0]).replace(/[\\.+*?()|[\]{}^$]/gu, '\\$&')),
  };
  for (const name of [
    'regexMatch',
    'regexFindAll',
    'regexFind',
    'regexReplaceAll',
    'regexReplaceAllLiteral',
    'regexSplit',
  ]) {
    fns[`must${name[0]!.toUpperCase()}${name.slice(1)}`] = fns[name]!;
  }
  return fns;
}
