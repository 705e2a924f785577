import { FuncError, typeName } from '../template/go-value.js';
import { argInt, def, type FuncDef, type FuncMap, type GoFunc } from '../template/funcs.js';
import { deepEqual, isEmpty } from './convert.js';

function list(v: unknown, fn: string): unknown[] {
  if (Array.isArray(v)) return v;
  throw new FuncError(`Cannot find ${fn} on type ${typeName(v)}`);
}

/** A sprig list function and its `must` twin (the plain one's panics surface as the same error). */
function pair(name: string, min: number, max: number, fn: GoFunc): Record<string, FuncDef> {
  const cap = name[0]!.toUpperCase() + name.slice(1);
  return { [name]: def(min, max, fn), [`must${cap}`]: def(min, max, fn) };
}

function uniq(l: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of l) if (!out.some((o) => deepEqual(o, v))) out.push(v);
  return out;
}

function sliceList(l: unknown[], idx: unknown[]): unknown[] {
  const start = idx.length > 0 ? argInt(idx[0]) : 0;
  const end = idx.length > 1 ? argInt(idx[1]) : l.length;
  if (start < 0 || end > l.length || start > end) {
    throw new FuncError(`runtime error: slice bounds out of range [${start}:${end}]`);
  }
  return l.slice(start, end);
}

/** Sprig's list functions. */
export function listFuncs(): FuncMap {
  return {
    list: def(0, Infinity, (a) => [...a]),
    ...pair('first', 1, 1, (a) => {
      const l = list(a[0], 'first');
      return l.length === 0 ? null : l[0];
    }),
    ...pair('last', 1, 1, (a) => {
      const l = list(a[0], 'last');
      return l.length === 0 ? null : l[l.length - 1];
    }),
    ...pair('rest', 1, 1, (a) => {
      const l = list(a[0], 'rest');
      return l.length === 0 ? null : l.slice(1);
    }),
    ...pair('initial', 1, 1, (a) => {
      const l = list(a[0], 'initial');
      return l.length === 0 ? null : l.slice(0, -1);
    }),
    ...pair('append', 2, 2, (a) => [...list(a[0], 'append'), a[1]]),
    ...pair('push', 2, 2, (a) => [...list(a[0], 'push'), a[1]]),
    ...pair('prepend', 2, 2, (a) => [a[1], ...list(a[0], 'prepend')]),
    concat: def(0, Infinity, (a) => a.flatMap((l) => list(l, 'concat'))),
    ...pair('reverse', 1, 1, (a) => [...list(a[0], 'reverse')].reverse()),
    ...pair('uniq', 1, 1, (a) => uniq(list(a[0], 'uniq'))),
    ...pair('without', 1, Infinity, (a) =>
      list(a[0], 'without').filter((v) => !a.slice(1).some((w) => deepEqual(v, w))),
    ),
    ...pair('has', 2, 2, (a) => {
      if (a[1] === null || a[1] === undefined) return false;
      return list(a[1], 'has').some((v) => deepEqual(v, a[0]));
    }),
    ...pair('compact', 1, 1, (a) => list(a[0], 'compact').filter((v) => !isEmpty(v))),
    ...pair('slice', 1, 3, (a) => sliceList(list(a[0], 'slice'), a.slice(1))),
    ...pair('chunk', 2, 2, (a) => {
      const size = argInt(a[0]);
      const l = list(a[1], 'chunk');
      const out: unknown[][] = [];
      for (let i = 0; i < l.length; i += Math.max(size, 1)) out.push(l.slice(i, i + size));
      return out;
    }),
  };
}
