import { FuncError, isGoMap, typeName } from '../template/go-value.js';
import { def, type FuncMap } from '../template/funcs.js';
import { deepCopy, isEmpty, strval } from './convert.js';

type Dict = Record<string, unknown>;

function dict(v: unknown, fn: string): Dict {
  if (isGoMap(v)) return v;
  if (v === null || v === undefined) return {};
  throw new FuncError(
    `wrong type for value; expected map[string]interface {}; got ${typeName(v)} (${fn})`,
  );
}

/** mergo's deep merge of maps: without `overwrite`, only missing or empty keys are filled. */
export function mergeInto(dst: Dict, src: Dict, overwrite: boolean): Dict {
  for (const [k, sv] of Object.entries(src)) {
    const dv = dst[k];
    if (isGoMap(sv) && isGoMap(dv)) {
      mergeInto(dv, sv, overwrite);
      continue;
    }
    if (isGoMap(sv) && (dv === undefined || dv === null)) {
      dst[k] = deepCopy(sv);
      continue;
    }
    if (overwrite) {
      if (sv === null && isGoMap(dv)) continue;
      dst[k] = sv;
    } else if (!Object.hasOwn(dst, k) || isEmpty(dv)) {
      if (Array.isArray(sv) && Array.isArray(dv) && dv.length > 0) continue;
      dst[k] = sv;
    }
  }
  return dst;
}

/** Sprig's dictionary functions. */
export function dictFuncs(): FuncMap {
  return {
    dict: def(0, Infinity, (a) => {
      const out: Dict = {};
      for (let i = 0; i < a.length; i += 2) out[strval(a[i])] = i + 1 < a.length ? a[i + 1] : '';
      return out;
    }),
    get: def(2, 2, (a) => {
      const d = dict(a[0], 'get');
      const k = strval(a[1]);
      return Object.hasOwn(d, k) ? d[k] : '';
    }),
    set: def(3, 3, (a) => {
      const d = dict(a[0], 'set');
      d[strval(a[1])] = a[2];
      return d;
    }),
    unset: def(2, 2, (a) => {
      const d = dict(a[0], 'unset');
      delete d[strval(a[1])];
      return d;
    }),
    hasKey: def(2, 2, (a) => Object.hasOwn(dict(a[0], 'hasKey'), strval(a[1]))),
    pluck: def(1, Infinity, (a) => {
      const k = strval(a[0]);
      return a
        .slice(1)
        .map((d) => dict(d, 'pluck'))
        .filter((d) => Object.hasOwn(d, k))
        .map((d) => d[k]);
    }),
    dig: def(2, Infinity, (a) => {
      const d = dict(a[a.length - 1], 'dig');
      const dflt = a[a.length - 2];
      const keys = a.slice(0, -2).map(strval);
      let cur: unknown = d;
      for (const k of keys) {
        if (!isGoMap(cur) || !Object.hasOwn(cur, k)) return dflt;
        cur = cur[k];
      }
      return cur;
    }),
    merge: def(1, Infinity, (a) => {
      const dst = dict(a[0], 'merge');
      for (const s of a.slice(1)) mergeInto(dst, dict(s, 'merge'), false);
      return dst;
    }),
    mustMerge: def(1, Infinity, (a) => {
      const dst = dict(a[0], 'merge');
      for (const s of a.slice(1)) mergeInto(dst, dict(s, 'merge'), false);
      return dst;
    }),
    mergeOverwrite: def(1, Infinity, (a) => {
      const dst = dict(a[0], 'mergeOverwrite');
      for (const s of a.slice(1)) mergeInto(dst, dict(s, 'mergeOverwrite'), true);
      return dst;
    }),
    mustMergeOverwrite: def(1, Infinity, (a) => {
      const dst = dict(a[0], 'mergeOverwrite');
      for (const s of a.slice(1)) mergeInto(dst, dict(s, 'mergeOverwrite'), true);
      return dst;
    }),
    // Go's map order is random; sorted keys keep renders deterministic.
    keys: def(0, Infinity, (a) => a.flatMap((d) => Object.keys(dict(d, 'keys')).sort())),
    pick: def(1, Infinity, (a) => {
      const d = dict(a[0], 'pick');
      const out: Dict = {};
      for (const k of a.slice(1).map(strval)) if (Object.hasOwn(d, k)) out[k] = d[k];
      return out;
    }),
    omit: def(1, Infinity, (a) => {
      const d = dict(a[0], 'omit');
      const drop = new Set(a.slice(1).map(strval));
      const out: Dict = {};
      for (const [k, v] of Object.entries(d)) if (!drop.has(k)) out[k] = v;
      return out;
    }),
    values: def(1, 1, (a) => {
      const d = dict(a[0], 'values');
      return Object.keys(d)
        .sort()
        .map((k) => d[k]);
    }),
    deepCopy: def(1, 1, (a) => deepCopy(a[0])),
    mustDeepCopy: def(1, 1, (a) => {
      if (a[0] === null || a[0] === undefined) throw new FuncError('deepCopy: nil value');
      return deepCopy(a[0]);
    }),
  };
}
