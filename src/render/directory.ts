import type { ApplicationSource } from '../model/application.js';
import { describeError, RenderError } from '../model/errors.js';
import { globToRegExp } from './glob.js';
import { parseManifests } from './manifest-parser.js';
import type { RenderResult } from './render-result.js';
import { SOURCE_TYPE } from './source-type.js';
import type { SourceEntry, SourceTree } from './source-tree.js';
import { normalizeAppPath, relativeTo } from './tree-path.js';

/** `spec.source.directory`, as in Argo CD. */
export type DirectoryOptions = NonNullable<ApplicationSource['directory']>;

/** Manifest files a directory application reads, as Argo CD's do (`.jsonnet` is not supported). */
const MANIFEST_FILE = /\.(?:ya?ml|json)$/u;

/**
 * Renders a plain directory of manifests: `.yaml`, `.yml` and `.json` files under `path`
 * (and its subdirectories when `recurse`), filtered by the `include` / `exclude` globs,
 * which match the file's path relative to `path`. Objects come out in file path order,
 * then document order. Symlinked directories are not followed, as in Argo CD.
 */
export async function renderDirectory(
  tree: SourceTree,
  path: string | undefined,
  options: DirectoryOptions = {},
): Promise<RenderResult> {
  const appPath = normalizeAppPath(path);
  await assertDirectory(tree, appPath);
  const include = options.include ? globToRegExp(options.include) : undefined;
  const exclude = options.exclude ? globToRegExp(options.exclude) : undefined;

  const files = (await listFiles(tree, appPath, options.recurse === true)).filter((file) => {
    const rel = relativeTo(appPath, file);
    if (exclude?.test(rel)) return false;
    return include === undefined || include.test(rel);
  });
  files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  const texts = await Promise.all(files.map((file) => readFile(tree, file)));
  const result: RenderResult = { sourceType: SOURCE_TYPE.directory, objects: [], warnings: [] };
  files.forEach((file, i) => {
    const parsed = parseManifests(file, texts[i]!);
    result.objects.push(...parsed.objects);
    result.warnings.push(...parsed.warnings);
  });
  return result;
}

async function assertDirectory(tree: SourceTree, appPath: string): Promise<void> {
  if (appPath === '') return;
  const entry = await tree.stat(appPath);
  if (entry === undefined) {
    throw new RenderError(`app path does not exist: ${appPath}`, { data: { path: appPath } });
  }
  if (entry.type !== 'dir') {
    throw new RenderError(`app path is not a directory: ${appPath}`, { data: { path: appPath } });
  }
}

async function listFiles(tree: SourceTree, dir: string, recurse: boolean): Promise<string[]> {
  let entries: SourceEntry[];
  try {
    entries = await tree.list(dir);
  } catch (cause) {
    throw new RenderError(`cannot list ${dir || '.'}: ${describeError(cause)}`, {
      cause,
      data: { path: dir },
    });
  }
  const files = entries
    .filter((e) => e.type !== 'dir' && MANIFEST_FILE.test(e.name))
    .map((e) => e.path);
  if (!recurse) return files;
  const nested = await Promise.all(
    entries.filter((e) => e.type === 'dir').map((e) => listFiles(tree, e.path, true)),
  );
  return files.concat(...nested);
}

async function readFile(tree: SourceTree, file: string): Promise<string> {
  try {
    return await tree.read(file);
  } catch (cause) {
    throw new RenderError(`${file}: cannot read: ${describeError(cause)}`, {
      cause,
      data: { file },
    });
  }
}
