import { RenderError } from '../../../model/errors.js';
import { deepCopy } from '../sprig/convert.js';
import { isGoMap } from '../template/go-value.js';
import type { Chart, ChartDependency } from './chart.js';
import {
  coalesceTables,
  coalesceValues,
  pathValue,
  tableAt,
  type Values,
  type Warn,
} from './coalesce.js';

/**
 * Helm's ProcessDependencies: applies aliases, drops subcharts disabled by `condition` or
 * `tags` (conditions win), recursively, then imports values from children into parents
 * (`import-values`). Returns a new chart tree; the input is not modified.
 */
export function processDependencies(chart: Chart, user: Values, warn: Warn): Chart {
  const enabled = processEnabled(chart, user, '', warn);
  return processImports(enabled, warn);
}

function withName(chart: Chart, name: string): Chart {
  return { ...chart, metadata: { ...chart.metadata, name } };
}

function processEnabled(chart: Chart, values: Values, path: string, warn: Warn): Chart {
  const reqs: ChartDependency[] = (chart.metadata.dependencies ?? []).map((r) => ({ ...r }));
  if (reqs.length === 0 && chart.dependencies.length === 0) return chart;
  const deps: Chart[] = chart.dependencies.filter(
    (existing) => !reqs.some((r) => r.name === existing.metadata.name),
  );
  for (const req of reqs) {
    const found = chart.dependencies.find((c) => c.metadata.name === req.name);
    if (found === undefined) {
      throw new RenderError(`found in Chart.yaml, but missing in charts/ directory: ${req.name}`, {
        data: { chart: chart.metadata.name, dependency: req.name },
      });
    }
    deps.push(req.alias ? withName(found, req.alias) : found);
    if (req.alias) req.name = req.alias;
  }
  const withDeps: Chart = {
    ...chart,
    dependencies: deps,
    metadata: { ...chart.metadata, dependencies: reqs },
  };
  const cvals = coalesceValues(withDeps, values, warn);

  const tags = tableAt(cvals, 'tags') ?? {};
  for (const req of reqs) {
    req.enabled = true;
    let hasTrue = false;
    let hasFalse = false;
    for (const tag of req.tags ?? []) {
      const v = tags[tag];
      if (v === true) hasTrue = true;
      else if (v === false) hasFalse = true;
    }
    if (!hasTrue && hasFalse) req.enabled = false;
    for (const cond of (req.condition ?? '')
      .split(',')
      .map((c) => c.trim())
      .filter((c) => c !== '')) {
      const v = pathValue(cvals, `${path}${cond}`);
      if (typeof v === 'boolean') {
        req.enabled = v;
        break;
      }
      if (v !== undefined)
        warn(
          `Warning: Condition path '${path}${cond}' for chart ${req.name} returned non-bool value`,
        );
    }
  }
  const disabled = new Set(reqs.filter((r) => r.enabled === false).map((r) => r.name));
  const kept = deps
    .filter((d) => !disabled.has(d.metadata.name))
    .map((d) => processEnabled(d, cvals, `${path}${d.metadata.name}.`, warn));
  return {
    ...chart,
    dependencies: kept,
    metadata: { ...chart.metadata, dependencies: reqs.filter((r) => r.enabled !== false) },
  };
}

/** Builds `{a: {b: table}}` for the path `a.b`; `.` is the root. */
function pathToMap(path: string, table: Values): Values {
  if (path === '.' || path === '') return deepCopy(table);
  const parts = path.split('.').filter((p) => p !== '');
  let out: Values = deepCopy(table);
  for (const p of parts.reverse()) out = { [p]: out };
  return out;
}

function processImports(chart: Chart, warn: Warn): Chart {
  const deps = chart.dependencies.map((d) => processImports(d, warn));
  const updated: Chart = { ...chart, dependencies: deps };
  const reqs = chart.metadata.dependencies ?? [];
  if (!reqs.some((r) => (r['import-values'] ?? []).length > 0)) return updated;
  const cvals = coalesceValues(updated, {}, warn);
  let imported: Values = {};
  for (const r of reqs) {
    for (const iv of r['import-values'] ?? []) {
      let child: string;
      let parent: string;
      if (typeof iv === 'string') {
        child = `exports.${iv}`;
        parent = '.';
      } else if (isGoMap(iv)) {
        child = String(iv.child);
        parent = String(iv.parent);
      } else continue;
      const table = tableAt(cvals, `${r.name}.${child}`);
      if (table === undefined) {
        warn(`Warning: ImportValues missing table from chart ${r.name}: ${child}`);
        continue;
      }
      imported = coalesceTables(imported, pathToMap(parent, table), '', warn, true);
      // Later imports do not override earlier ones in MergeTables; keep Helm's order.
    }
  }
  updated.values = coalesceTables(deepCopy(cvals), imported, '', warn, true);
  return updated;
}
