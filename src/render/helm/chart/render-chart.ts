import { randomInt } from 'node:crypto';
import { RenderError } from '../../../model/errors.js';
import type { RenderResult, RenderWarning } from '../../render-result.js';
import { SOURCE_TYPE } from '../../source-type.js';
import type { SourceTree } from '../../source-tree.js';
import { normalizeAppPath } from '../../tree-path.js';
import { DEFAULT_KUBE_VERSION, parseKubeVersion } from '../capabilities.js';
import { renderTemplates } from '../engine.js';
import { isGoMap } from '../template/go-value.js';
import { parseGoYaml, parseGoYamlStream } from '../yaml-codec.js';
import { isLibrary, type Chart } from './chart.js';
import { coalesceValues, mergeMaps, type Values } from './coalesce.js';
import type { ChartFetcher } from './chart-fetcher.js';
import { processDependencies } from './dependencies.js';
import { loadChart } from './load-chart.js';
import { isTestHook, hookTypes, parseRendered, sortByKind, type Manifest } from './manifests.js';
import { addMissingDependencies } from './remote-dependencies.js';
import { applySet, escapeParameterValue, setValueAt } from './set-values.js';
import { validateValues } from './schema.js';

/** One `spec.source.helm.parameters` entry, applied like `--set` (or `--set-string`). */
export interface HelmParameter {
  name: string;
  value: string;
  forceString?: boolean;
}

/** One `spec.source.helm.fileParameters` entry, applied like `--set-file name=path`. */
export interface HelmFileParameter {
  name: string;
  path: string;
}

export interface HelmRenderOptions {
  /** @defaultValue the chart's name */
  releaseName?: string;
  /** @defaultValue `'default'` */
  namespace?: string;
  /** Values files, relative to the chart directory, applied in order. */
  valueFiles?: string[];
  /** Skip value files that do not exist instead of failing. @defaultValue false */
  ignoreMissingValueFiles?: boolean;
  /** A values YAML document, applied after the value files. */
  values?: string;
  /** Values as an object, applied after `values`. */
  valuesObject?: Record<string, unknown>;
  /** `--set` style parameters, applied after `valuesObject`. */
  parameters?: HelmParameter[];
  /**
   * `--set-file` style parameters, applied last: value `name` becomes the text of the file
   * at `path`, relative to the chart directory.
   */
  fileParameters?: HelmFileParameter[];
  /** Fetches dependencies not vendored in charts/; without it only `file://` ones resolve. */
  charts?: ChartFetcher;
  /** @defaultValue `v1.31.0` */
  kubeVersion?: string;
  /** Extra API versions for `.Capabilities.APIVersions.Has`, e.g. `monitoring.coreos.com/v1`. */
  apiVersions?: string[];
  /** Output the CRDs under crds/ first. @defaultValue false */
  includeCrds?: boolean;
  /** Leave out `helm.sh/hook: test` objects. @defaultValue false */
  skipTests?: boolean;
  /** Clock for `now`, in milliseconds since the epoch. @defaultValue Date.now */
  now?: () => number;
  /** Randomness in [0, 1) for `randAlpha`, `uuidv4`, … @defaultValue crypto-backed */
  random?: () => number;
}

/** Where each object came from: `chart/templates/x.yaml`, parallel to `objects`. */
export interface HelmRenderResult extends RenderResult {
  sources: string[];
  /** The rendered NOTES.txt of the chart, when it has one. */
  notes?: string;
}

type Optional = 'values' | 'valuesObject' | 'releaseName' | 'charts';
type Resolved = Required<Omit<HelmRenderOptions, Optional>> & Pick<HelmRenderOptions, Optional>;

export function resolveHelmRenderOptions(options: HelmRenderOptions = {}): Resolved {
  return {
    ...options,
    namespace: options.namespace ?? 'default',
    valueFiles: options.valueFiles ?? [],
    ignoreMissingValueFiles: options.ignoreMissingValueFiles ?? false,
    parameters: options.parameters ?? [],
    fileParameters: options.fileParameters ?? [],
    kubeVersion: options.kubeVersion ?? DEFAULT_KUBE_VERSION,
    apiVersions: options.apiVersions ?? [],
    includeCrds: options.includeCrds ?? false,
    skipTests: options.skipTests ?? false,
    now: options.now ?? Date.now,
    random: options.random ?? (() => randomInt(0, 2 ** 48) / 2 ** 48),
  };
}

/**
 * Renders the Helm chart at `path` of the tree as `helm template` would: values files,
 * values and parameters over the chart's defaults, dependencies by condition and tags,
 * schema validation, templates, then objects in Helm's install order (CRDs first when
 * asked, hooks last).
 */
export async function renderHelmChart(
  tree: SourceTree,
  path: string | undefined,
  options: HelmRenderOptions = {},
): Promise<HelmRenderResult> {
  const opts = resolveHelmRenderOptions(options);
  const chartPath = normalizeAppPath(path);
  const warnings: RenderWarning[] = [];
  const loaded = await addMissingDependencies(await loadChart(tree, chartPath, warnings), {
    tree,
    warnings,
    ...(opts.charts === undefined ? {} : { charts: opts.charts }),
  });
  if (isLibrary(loaded)) {
    throw new RenderError('library charts are not installable', {
      data: { path: chartPath, chart: loaded.metadata.name },
    });
  }
  const user = await userValues(tree, chartPath, opts);
  const warn = (message: string): void => {
    warnings.push({ file: `${chartPath ? `${chartPath}/` : ''}values.yaml`, message });
  };
  const chart = processDependencies(loaded, user, warn);
  const values = coalesceValues(chart, user, warn);
  validateValues(chart, values);

  const kubeVersion = parseKubeVersion(opts.kubeVersion);
  if (kubeVersion === undefined) {
    throw new RenderError(`invalid kube version ${JSON.stringify(opts.kubeVersion)}`, {
      data: { kubeVersion: opts.kubeVersion },
    });
  }
  const rendered = renderTemplates(chart, values, {
    releaseName: opts.releaseName ?? chart.metadata.name,
    namespace: opts.namespace,
    kubeVersion,
    apiVersions: opts.apiVersions,
    now: opts.now,
    random: opts.random,
  });
  const notesKey = `${chart.metadata.name}/templates/NOTES.txt`;
  const notes = rendered.get(notesKey);
  const manifests = parseRendered(rendered, warnings);
  const plain: Manifest[] = [];
  const hooks: Manifest[] = [];
  for (const m of manifests) {
    if (hookTypes(m.object).length === 0) plain.push(m);
    else if (!(opts.skipTests && isTestHook(m.object))) hooks.push(m);
  }
  const ordered = [
    ...(opts.includeCrds ? crds(chart, warnings) : []),
    ...sortByKind(plain),
    ...sortByKind(hooks),
  ];
  return {
    sourceType: SOURCE_TYPE.helm,
    objects: ordered.map((m) => m.object),
    sources: ordered.map((m) => m.source),
    warnings,
    ...(notes === undefined ? {} : { notes }),
  };
}

async function userValues(tree: SourceTree, chartPath: string, opts: Resolved): Promise<Values> {
  let user: Values = {};
  for (const file of opts.valueFiles) {
    const full = normalizeAppPath(chartPath === '' ? file : `${chartPath}/${file}`);
    const entry = await tree.stat(full);
    if (entry === undefined || entry.type === 'dir') {
      if (opts.ignoreMissingValueFiles) continue;
      throw new RenderError(`values file ${file} does not exist`, {
        data: { path: chartPath, file },
      });
    }
    user = mergeMaps(user, asValues(await tree.read(full), file));
  }
  if (opts.values !== undefined && opts.values.trim() !== '')
    user = mergeMaps(user, asValues(opts.values, 'values'));
  if (opts.valuesObject !== undefined) user = mergeMaps(user, opts.valuesObject);
  for (const p of opts.parameters) {
    applySet(user, `${p.name}=${escapeParameterValue(p.value)}`, p.forceString === true);
  }
  for (const p of opts.fileParameters) {
    const full = normalizeAppPath(chartPath === '' ? p.path : `${chartPath}/${p.path}`);
    const entry = await tree.stat(full);
    if (entry === undefined || entry.type === 'dir') {
      throw new RenderError(`file parameter ${p.name}: file ${p.path} does not exist`, {
        data: { path: chartPath, file: p.path, parameter: p.name },
      });
    }
    setValueAt(user, p.name, await tree.read(full));
  }
  return user;
}

function asValues(text: string, file: string): Values {
  let v: unknown;
  try {
    v = parseGoYaml(text);
  } catch (cause) {
    throw new RenderError(`failed to parse ${file}: ${(cause as Error).message}`, {
      cause,
      data: { file },
    });
  }
  if (v === null || v === undefined) return {};
  if (!isGoMap(v))
    throw new RenderError(`failed to parse ${file}: values must be a map`, { data: { file } });
  return v;
}

/** CRDs from crds/ of the chart and its enabled subcharts, as `helm template --include-crds` prints them. */
function crds(chart: Chart, warnings: RenderWarning[], prefix = chart.metadata.name): Manifest[] {
  const out: Manifest[] = [];
  for (const f of chart.files) {
    if (!f.name.startsWith('crds/') || !/\.(ya?ml|json)$/u.test(f.name)) continue;
    const source = `${prefix}/${f.name}`;
    for (const doc of parseGoYamlStream(f.data)) {
      if (doc === null || doc === undefined) continue;
      if (isGoMap(doc) && typeof doc['kind'] === 'string' && isGoMap(doc['metadata'])) {
        out.push({ source, object: doc as unknown as Manifest['object'] });
      } else warnings.push({ file: source, message: 'skipped: not a Kubernetes object' });
    }
  }
  for (const d of chart.dependencies)
    out.push(...crds(d, warnings, `${prefix}/charts/${d.metadata.name}`));
  return out;
}
