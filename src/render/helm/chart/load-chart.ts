import { describeError, RenderError } from '../../../model/errors.js';
import type { SourceTree } from '../../source-tree.js';
import type { ChartFile } from '../files.js';
import { parseGoYaml } from '../yaml-codec.js';
import { archiveTree } from './archive-tree.js';
import type { Chart, ChartDependency, ChartMetadata } from './chart.js';
import { unpackChartArchive } from './chart-archive.js';
import { isIgnored, parseHelmignore, type IgnoreRule } from './helmignore.js';

/** Things loading skipped rather than failed on, e.g. `.tgz` subcharts of a text-only tree. */
export interface LoadWarning {
  file: string;
  message: string;
}

/** Reads the chart at `dir` of the tree, with its subcharts under charts/, as Helm's loader does. */
export async function loadChart(
  tree: SourceTree,
  dir: string,
  warnings: LoadWarning[] = [],
): Promise<Chart> {
  const prefix = dir === '' ? '' : `${dir}/`;
  const ignoreText = await readOptional(tree, `${prefix}.helmignore`);
  const rules = parseHelmignore(ignoreText ?? '');
  const all = await listTree(tree, dir, '', rules);
  const files = new Map<string, string>();
  await Promise.all(
    all.files.map(async (rel) => {
      files.set(rel, await read(tree, `${prefix}${rel}`));
    }),
  );

  const chartYaml = files.get('Chart.yaml');
  if (chartYaml === undefined) {
    throw new RenderError(`Chart.yaml file is missing in ${dir || '.'}`, { data: { path: dir } });
  }
  const metadata = parseMetadata(chartYaml, `${prefix}Chart.yaml`);
  if (metadata.apiVersion === 'v1' && files.has('requirements.yaml')) {
    const req = parseYamlFile(files.get('requirements.yaml')!, `${prefix}requirements.yaml`) as {
      dependencies?: ChartDependency[];
    } | null;
    metadata.dependencies = req?.dependencies ?? [];
  }
  const valuesText = files.get('values.yaml');
  const values = valuesText === undefined ? {} : parseYamlFile(valuesText, `${prefix}values.yaml`);
  const schemaText = files.get('values.schema.json');
  let schema: unknown;
  if (schemaText !== undefined) {
    try {
      schema = JSON.parse(schemaText) as unknown;
    } catch (cause) {
      throw new RenderError(`${prefix}values.schema.json: ${describeError(cause)}`, {
        cause,
        data: { file: `${prefix}values.schema.json` },
      });
    }
  }

  const templates: ChartFile[] = [];
  const other: ChartFile[] = [];
  const special = new Set([
    'Chart.yaml',
    'values.yaml',
    'values.schema.json',
    'requirements.yaml',
    'requirements.lock',
    'Chart.lock',
  ]);
  for (const name of [...files.keys()].sort()) {
    if (special.has(name) || name.startsWith('charts/')) continue;
    const data = files.get(name)!;
    if (name.startsWith('templates/')) templates.push({ name, data });
    else other.push({ name, data });
  }

  const dependencies: Chart[] = [];
  for (const sub of all.chartDirs) {
    dependencies.push(await loadChart(tree, `${prefix}charts/${sub}`, warnings));
  }
  for (const archive of all.archives) {
    const file = `${prefix}charts/${archive}`;
    if (tree.readBytes === undefined) {
      warnings.push({
        file,
        message: 'this source cannot read binary files; unpack the chart into charts/',
      });
      continue;
    }
    const unpacked = await unpackChartArchive(await readBytes(tree, file), file);
    dependencies.push(await loadChart(archiveTree(file, unpacked), file, warnings));
  }
  return {
    metadata,
    values: (values ?? {}) as Record<string, unknown>,
    schema,
    templates,
    files: other,
    dependencies,
    sourcePath: dir,
  };
}

function parseMetadata(text: string, file: string): ChartMetadata {
  const raw = parseYamlFile(text, file);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new RenderError(`${file}: chart metadata is not a map`, { data: { file } });
  }
  const m = raw as ChartMetadata;
  if (!m.apiVersion)
    throw new RenderError(`validation: ${file}: chart.metadata.apiVersion is required`, {
      data: { file },
    });
  if (!m.name)
    throw new RenderError(`validation: ${file}: chart.metadata.name is required`, {
      data: { file },
    });
  if (m.version === undefined || m.version === null || m.version === '') {
    throw new RenderError(`validation: ${file}: chart.metadata.version is required`, {
      data: { file },
    });
  }
  m.version = String(m.version);
  if (m.appVersion !== undefined && m.appVersion !== null) m.appVersion = String(m.appVersion);
  if (m.type !== undefined && m.type !== 'application' && m.type !== 'library') {
    throw new RenderError(
      `validation: ${file}: chart.metadata.type must be application or library`,
      { data: { file } },
    );
  }
  return m;
}

function parseYamlFile(text: string, file: string): unknown {
  try {
    return parseGoYaml(text);
  } catch (cause) {
    throw new RenderError(`cannot parse ${file}: ${describeError(cause)}`, {
      cause,
      data: { file },
    });
  }
}

interface Listing {
  files: string[];
  chartDirs: string[];
  archives: string[];
}

async function listTree(
  tree: SourceTree,
  root: string,
  rel: string,
  rules: IgnoreRule[],
): Promise<Listing> {
  const out: Listing = { files: [], chartDirs: [], archives: [] };
  const dir = [root, rel].filter((p) => p !== '').join('/');
  let entries;
  try {
    entries = await tree.list(dir);
  } catch (cause) {
    throw new RenderError(`cannot list ${dir || '.'}: ${describeError(cause)}`, {
      cause,
      data: { path: dir },
    });
  }
  for (const e of entries) {
    const path = rel === '' ? e.name : `${rel}/${e.name}`;
    let isDir = e.type === 'dir';
    if (e.type === 'symlink') isDir = (await tree.stat(e.path))?.type === 'dir';
    if (isIgnored(rules, path, isDir)) continue;
    if (rel === 'charts') {
      if (isDir) out.chartDirs.push(e.name);
      else if (/\.tgz$|\.tar\.gz$/u.test(e.name)) out.archives.push(e.name);
      continue;
    }
    if (isDir) {
      const sub = await listTree(tree, root, path, rules);
      out.files.push(...sub.files);
      out.chartDirs.push(...sub.chartDirs);
      out.archives.push(...sub.archives);
    } else out.files.push(path);
  }
  out.chartDirs.sort();
  return out;
}

async function readOptional(tree: SourceTree, path: string): Promise<string | undefined> {
  const entry = await tree.stat(path);
  if (entry === undefined || entry.type === 'dir') return undefined;
  return read(tree, path);
}

async function read(tree: SourceTree, path: string): Promise<string> {
  try {
    return await tree.read(path);
  } catch (cause) {
    throw new RenderError(`cannot read ${path}: ${describeError(cause)}`, {
      cause,
      data: { file: path },
    });
  }
}

async function readBytes(tree: SourceTree, path: string): Promise<Uint8Array> {
  try {
    return await tree.readBytes!(path);
  } catch (cause) {
    throw new RenderError(`cannot read ${path}: ${describeError(cause)}`, {
      cause,
      data: { file: path },
    });
  }
}
