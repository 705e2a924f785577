import { isMap, isNode, isScalar, LineCounter, parseAllDocuments, type Document } from 'yaml';
import { RenderError } from '../../model/errors.js';

/** A YAML (or JSON) file read as one value, with the lines of its parts for messages. */
export interface YamlFile {
  file: string;
  /** The first document's value; `null` for an empty file. */
  value: unknown;
  /** How many documents followed the first one (Kustomize reads only the first). */
  ignoredDocuments: number;
  /** The 1-based line of the value at `path` (of its key, for a map entry), when known. */
  lineOf(path: readonly (string | number)[]): number | undefined;
}

/** Parses a YAML file; a syntax error names the file and line. */
export function parseYamlFile(file: string, text: string): YamlFile {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true });
  const all: Document[] = Array.isArray(docs) ? docs : [];
  for (const doc of all) {
    const error = doc.errors[0];
    if (error === undefined) continue;
    const line = error.linePos?.[0].line;
    const column = error.linePos?.[0].col;
    const message = (error.message.split('\n')[0] ?? '').replace(
      / at line \d+, column \d+:?$/u,
      '',
    );
    const where = line === undefined ? '' : `:${line}`;
    const at = column === undefined ? '' : ` (column ${column})`;
    throw new RenderError(`${file}${where}: ${message}${at}`, {
      cause: error,
      data: { file, line },
    });
  }
  const first = all[0];
  return {
    file,
    value: first?.toJS({ maxAliasCount: 100 }) ?? null,
    ignoredDocuments: Math.max(all.length - 1, 0),
    lineOf(path) {
      const last = path.at(-1);
      const parent: unknown =
        path.length <= 1 ? first?.contents : first?.getIn(path.slice(0, -1), true);
      const pair = isMap(parent)
        ? parent.items.find((p) => isScalar(p.key) && p.key.value === last)
        : undefined;
      const node: unknown = pair?.key ?? first?.getIn(path, true);
      const offset = isNode(node) ? node.range?.[0] : undefined;
      return offset === undefined ? undefined : lineCounter.linePos(offset).line;
    },
  };
}

/** A RenderError about the value at `path` of a YAML file, with its line when known. */
export function yamlFileError(
  yaml: YamlFile,
  path: readonly (string | number)[],
  message: string,
): RenderError {
  const line = yaml.lineOf(path);
  return new RenderError(`${yaml.file}${line === undefined ? '' : `:${line}`}: ${message}`, {
    data: { file: yaml.file, line, path: path.join('.') },
  });
}
