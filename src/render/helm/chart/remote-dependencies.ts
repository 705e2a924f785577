import { posix } from 'node:path';
import { describeError, RenderError } from '../../../model/errors.js';
import type { SourceTree } from '../../source-tree.js';
import { parseGoYaml } from '../yaml-codec.js';
import { archiveTree } from './archive-tree.js';
import type { Chart, ChartDependency } from './chart.js';
import { unpackChartArchive } from './chart-archive.js';
import type { ChartFetcher } from './chart-fetcher.js';
import { loadChart, type LoadWarning } from './load-chart.js';

/** Where dependencies come from when they are not in `charts/`. */
export interface DependencySources {
  tree: SourceTree;
  /** The network side; without it only `file://` dependencies can be resolved. */
  charts?: ChartFetcher;
  warnings: LoadWarning[];
}

/**
 * What `helm dependency build` would put into `charts/`: every dependency of Chart.yaml (or
 * requirements.yaml) that is not there yet is loaded from its `repository` — `file://` relative
 * to the chart, `https://` or `oci://` through the fetcher — at the version Chart.lock pins,
 * else the highest one the version range allows. Returns the chart with them added.
 */
export async function addMissingDependencies(
  chart: Chart,
  sources: DependencySources,
): Promise<Chart> {
  const wanted = chart.metadata.dependencies ?? [];
  const present = new Set(chart.dependencies.map((d) => d.metadata.name));
  const missing = wanted.filter(
    (d, i) =>
      !present.has(d.name) &&
      typeof d.repository === 'string' &&
      d.repository.trim() !== '' &&
      wanted.findIndex((o) => o.name === d.name) === i,
  );
  if (missing.length === 0) return chart;
  const locked = await lockedVersions(chart, sources.tree);
  const added = await Promise.all(
    missing.map((dep) => loadDependency(chart, dep, locked.get(lockKey(dep)), sources)),
  );
  return { ...chart, dependencies: [...chart.dependencies, ...added] };
}

async function loadDependency(
  parent: Chart,
  dep: ChartDependency,
  lockedVersion: string | undefined,
  sources: DependencySources,
): Promise<Chart> {
  const repository = dep.repository!.trim();
  const where = parent.sourcePath;
  const fail = (message: string, cause?: unknown): never => {
    throw new RenderError(`dependency ${dep.name} of chart ${parent.metadata.name}: ${message}`, {
      cause,
      data: { chart: parent.metadata.name, dependency: dep.name, repository, path: where },
    });
  };
  if (repository.startsWith('file://')) {
    const rel = repository.slice('file://'.length);
    const dir = posix.normalize(posix.join(where === '' ? '.' : where, rel)).replace(/\/+$/u, '');
    if (dir.startsWith('..') || posix.isAbsolute(dir)) {
      return fail(`${repository} points outside the repository`);
    }
    const entry = await sources.tree.stat(dir === '.' ? '' : dir);
    if (entry?.type !== 'dir') return fail(`${repository}: no chart directory at ${dir}`);
    const loaded = await loadChart(sources.tree, dir === '.' ? '' : dir, sources.warnings);
    return addMissingDependencies(loaded, sources);
  }
  if (!/^(https?|oci):\/\//iu.test(repository)) {
    return fail(
      `repository ${JSON.stringify(repository)} is a named repository (helm repo add); ` +
        'write its URL (https:// or oci://) instead, or vendor the chart in charts/',
    );
  }
  if (sources.charts === undefined) {
    return fail(`not found in charts/, and this renderer cannot fetch it from ${repository}`);
  }
  const version = lockedVersion ?? dep.version;
  let fetched;
  try {
    fetched = await sources.charts.fetchChart({
      repoURL: repository,
      chart: dep.name,
      ...(version === undefined ? {} : { version: String(version) }),
    });
  } catch (cause) {
    return fail(`cannot fetch it from ${repository}: ${describeError(cause)}`, cause);
  }
  const file = `${where === '' ? '' : `${where}/`}charts/${dep.name}-${fetched.version}.tgz`;
  const files = await unpackChartArchive(fetched.archive, file);
  const loaded = await loadChart(archiveTree(file, files), file, sources.warnings);
  if (loaded.metadata.name !== dep.name) {
    fail(`${repository} served chart ${loaded.metadata.name} instead`);
  }
  return loaded;
}

const lockKey = (dep: { name: string; repository?: string }): string =>
  `${dep.name}\n${(dep.repository ?? '').trim()}`;

/** Versions pinned by Chart.lock (or requirements.lock for apiVersion v1 charts). */
async function lockedVersions(chart: Chart, tree: SourceTree): Promise<Map<string, string>> {
  const name = chart.metadata.apiVersion === 'v1' ? 'requirements.lock' : 'Chart.lock';
  const path = chart.sourcePath === '' ? name : `${chart.sourcePath}/${name}`;
  const out = new Map<string, string>();
  const entry = await tree.stat(path);
  if (entry === undefined || entry.type === 'dir') return out;
  let lock: unknown;
  try {
    lock = parseGoYaml(await tree.read(path));
  } catch (cause) {
    throw new RenderError(`cannot parse ${path}: ${describeError(cause)}`, {
      cause,
      data: { file: path },
    });
  }
  const deps = (lock as { dependencies?: unknown } | null)?.dependencies;
  if (!Array.isArray(deps)) return out;
  for (const d of deps as { name?: unknown; repository?: unknown; version?: unknown }[]) {
    if (typeof d?.name !== 'string' || d.version === undefined || d.version === null) continue;
    out.set(lockKey({ name: d.name, repository: String(d.repository ?? '') }), String(d.version));
  }
  return out;
}
