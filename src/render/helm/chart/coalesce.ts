import { deepCopy } from '../sprig/convert.js';
import { isGoMap } from '../template/go-value.js';
import type { Chart } from './chart.js';

export type Values = Record<string, unknown>;

/** Collects Helm's coalescing warnings (e.g. a table overwritten by a scalar). */
export type Warn = (message: string) => void;

const GLOBAL = 'global';

/**
 * Helm's CoalesceValues: user values over the chart's defaults, recursively for enabled
 * subcharts (under their name or alias), with `global` flowing down. A user `null`
 * deletes the default it overrides.
 */
export function coalesceValues(
  chart: Chart,
  user: Values | undefined,
  warn: Warn = () => {},
): Values {
  const dest = deepCopy(user ?? {});
  return coalesce(chart, dest, chart.metadata.name, warn);
}

function coalesce(chart: Chart, dest: Values, prefix: string, warn: Warn): Values {
  coalesceChartDefaults(chart, dest, prefix, warn);
  for (const sub of chart.dependencies) {
    const name = sub.metadata.name;
    let sv = dest[name];
    if (sv === undefined || sv === null) {
      sv = {};
      dest[name] = sv;
    } else if (!isGoMap(sv)) {
      warn(`type mismatch on ${name}: ${String(sv)}`);
      continue;
    }
    coalesceGlobals(sv as Values, dest, `${prefix}.${name}`, warn);
    dest[name] = coalesce(sub, sv as Values, `${prefix}.${name}`, warn);
  }
  return dest;
}

function coalesceChartDefaults(chart: Chart, v: Values, prefix: string, warn: Warn): void {
  const defaults = deepCopy(chart.values);
  for (const [key, val] of Object.entries(defaults)) {
    if (Object.hasOwn(v, key)) {
      const value = v[key];
      if (value === null) {
        delete v[key];
      } else if (isGoMap(value)) {
        if (isGoMap(val)) coalesceTables(value, val, `${prefix}.${key}`, warn, false);
        else if (val !== null) warn(`warning: skipped value for ${prefix}.${key}: Not a table.`);
      }
    } else {
      v[key] = val;
    }
  }
}

/** Fills `dst` from `src` where `dst` has nothing; `dst` wins. Without `merge`, a null in dst deletes. */
export function coalesceTables(
  dst: Values,
  src: Values,
  prefix: string,
  warn: Warn,
  merge: boolean,
): Values {
  for (const [key, val] of Object.entries(src)) {
    const has = Object.hasOwn(dst, key);
    const dv = dst[key];
    if (has && !merge && dv === null) {
      delete dst[key];
    } else if (!has) {
      dst[key] = val;
    } else if (isGoMap(val)) {
      if (isGoMap(dv)) coalesceTables(dv, val, `${prefix}.${key}`, warn, merge);
      else
        warn(
          `warning: cannot overwrite table with non table for ${prefix}.${key} (${String(val)})`,
        );
    } else if (isGoMap(dv) && val !== null) {
      warn(
        `warning: destination for ${prefix}.${key} is a table. Ignoring non-table value (${String(val)})`,
      );
    }
  }
  return dst;
}

function coalesceGlobals(dest: Values, src: Values, prefix: string, warn: Warn): void {
  const dg: Values = isGoMap(dest[GLOBAL]) ? (dest[GLOBAL] as Values) : {};
  const sg: Values = isGoMap(src[GLOBAL]) ? (src[GLOBAL] as Values) : {};
  for (const [key, val] of Object.entries(sg)) {
    if (isGoMap(val)) {
      const vv = deepCopy(val);
      const destv = dg[key];
      if (destv === undefined) dg[key] = vv;
      else if (!isGoMap(destv))
        warn(`Conflict: cannot merge map onto non-map for ${JSON.stringify(key)}. Skipping.`);
      else {
        coalesceTables(vv, destv, `${prefix}.${key}`, warn, true);
        dg[key] = vv;
      }
    } else if (isGoMap(dg[key])) {
      warn(`key ${key} is table. Skipping`);
    } else {
      dg[key] = val;
    }
  }
  dest[GLOBAL] = dg;
}

/** Helm's CLI `mergeMaps`: later values files win, maps merge deeply, nulls are kept. */
export function mergeMaps(a: Values, b: Values): Values {
  const out: Values = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    out[k] = isGoMap(v) && isGoMap(cur) ? mergeMaps(cur, v) : v;
  }
  return out;
}

/** Helm's Values.PathValue: a non-table value at a dotted path, or undefined. */
export function pathValue(values: Values, path: string): unknown {
  const parts = path.split('.');
  let cur: unknown = values;
  for (let i = 0; i < parts.length; i++) {
    if (!isGoMap(cur) || !Object.hasOwn(cur, parts[i]!)) return undefined;
    cur = cur[parts[i]!];
  }
  return isGoMap(cur) ? undefined : cur;
}

/** Helm's Values.Table: the table at a dotted path, or undefined. */
export function tableAt(values: Values, path: string): Values | undefined {
  let cur: unknown = values;
  for (const part of path.split('.')) {
    if (!isGoMap(cur) || !Object.hasOwn(cur, part)) return undefined;
    cur = cur[part];
  }
  return isGoMap(cur) ? cur : undefined;
}
