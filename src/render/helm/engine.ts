import { RenderError } from '../../model/errors.js';
import { capabilitiesObject, type KubeVersionInfo } from './capabilities.js';
import { isLibrary, type Chart } from './chart/chart.js';
import type { Values } from './chart/coalesce.js';
import { chartObject } from './chart-object.js';
import { filesObject } from './files.js';
import { helmDataFuncs, helmTemplateFuncs } from './helm-funcs.js';
import { sprigFuncs } from './sprig/index.js';
import { isGoMap } from './template/go-value.js';
import { TemplateSet } from './template/template-set.js';

export interface EngineOptions {
  releaseName: string;
  namespace: string;
  kubeVersion: KubeVersionInfo;
  apiVersions: readonly string[];
  /** Clock in milliseconds since the epoch, for `now` and friends. */
  now: () => number;
  /** Uniform randomness in [0, 1), for `randAlpha`, `uuidv4`, … */
  random: () => number;
}

interface Renderable {
  name: string;
  text: string;
  vals: Values;
  /** Whether the file is rendered as output (partials and library templates are not). */
  output: boolean;
}

/**
 * Helm's engine: parses every template of the chart and its subcharts into one set, then
 * executes each non-partial template with its chart's scoped values. Returns the output of
 * each template by name (`chart/templates/x.yaml`), with `<no value>` removed as Helm does.
 */
export function renderTemplates(
  chart: Chart,
  values: Values,
  options: EngineOptions,
): Map<string, string> {
  const release = {
    Name: options.releaseName,
    Namespace: options.namespace,
    IsUpgrade: false,
    IsInstall: true,
    Revision: 1n,
    Service: 'Helm',
  };
  const caps = capabilitiesObject(options.kubeVersion, options.apiVersions);
  const all: Renderable[] = [];
  collect(chart, values, chart.metadata.name, { release, caps }, all);

  let set = new TemplateSet({ missingKey: 'zero' });
  set.addFuncs(sprigFuncs({ now: options.now, random: options.random }));
  set.addFuncs(helmDataFuncs());
  set.addFuncs(helmTemplateFuncs(() => set));

  const ordered = [...all].sort((a, b) => byPathLen(b.name, a.name));
  for (const r of ordered) {
    try {
      set = set.parse(r.name, r.text);
    } catch (err) {
      throw cleanupParseError(r.name, err);
    }
  }
  const out = new Map<string, string>();
  for (const r of ordered) {
    if (!r.output) continue;
    try {
      out.set(r.name, set.execute(r.name, r.vals).replaceAll('<no value>', ''));
    } catch (err) {
      throw cleanupExecError(r.name, err);
    }
  }
  return out;
}

interface Shared {
  release: Record<string, unknown>;
  caps: unknown;
}

function collect(
  chart: Chart,
  values: Values,
  fullPath: string,
  shared: Shared,
  out: Renderable[],
): Values {
  const subcharts: Values = {};
  const top: Values = {
    Chart: chartObject(chart.metadata),
    Files: filesObject(chart.files),
    Release: shared.release,
    Capabilities: shared.caps,
    Values: values,
    Subcharts: subcharts,
  };
  for (const sub of chart.dependencies) {
    const sv = values[sub.metadata.name];
    subcharts[sub.metadata.name] = collect(
      sub,
      isGoMap(sv) ? sv : {},
      `${fullPath}/charts/${sub.metadata.name}`,
      shared,
      out,
    );
  }
  const library = isLibrary(chart);
  for (const t of chart.templates) {
    const base = t.name.slice(t.name.lastIndexOf('/') + 1);
    if (library && !base.startsWith('_')) continue;
    const name = `${fullPath}/${t.name}`;
    out.push({
      name,
      text: t.data,
      vals: { ...top, Template: { Name: name, BasePath: `${fullPath}/templates` } },
      output: !base.startsWith('_'),
    });
  }
  return top;
}

/** Helm's byPathLen: fewer `/` first, then lexical. */
function byPathLen(a: string, b: string): number {
  const ca = a.split('/').length;
  const cb = b.split('/').length;
  if (ca !== cb) return ca - cb;
  return a < b ? -1 : a > b ? 1 : 0;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function cleanupParseError(file: string, err: unknown): RenderError {
  const tokens = messageOf(err).split(': ');
  const message =
    tokens.length === 1
      ? `parse error in (${file}): ${messageOf(err)}`
      : `parse error at (${tokens[1]}): ${tokens[tokens.length - 1]}`;
  return new RenderError(message, { cause: err, data: { file } });
}

/**
 * Helm's cleanup of execution errors: a function's own error (`fail`, `required`, …) reads
 * `execution error at (file:line:col): message`; other errors keep Go's wording.
 */
function cleanupExecError(file: string, err: unknown): RenderError {
  const msg = messageOf(err);
  const m = /^template: (.+?): executing .+? at <.*?>: error calling \w+: ([\s\S]*)$/u.exec(msg);
  if (m === null) return new RenderError(msg, { cause: err, data: { file } });
  const inner = m[2]!.split(/error calling \w+: /u);
  return new RenderError(`execution error at (${m[1]}): ${inner[inner.length - 1]}`, {
    cause: err,
    data: { file, location: m[1] },
  });
}
