import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { isKubeObject, isPlainObject, type KubeObject } from '../kube/object.js';
import { RenderError } from '../model/errors.js';
import { resolveCoreScalar } from './core-schema.js';
import { parseSimpleYamlStream, UNSUPPORTED } from './fast-yaml.js';
import type { RenderWarning } from './render-result.js';

export interface ParsedManifests {
  objects: KubeObject[];
  warnings: RenderWarning[];
}

/** The most YAML aliases one document may expand; guards against "billion laughs". */
const MAX_ALIAS_COUNT = 100;

/**
 * Parses one manifest file into Kubernetes objects, in document order.
 *
 * YAML files may hold many documents; `.json` files hold one value. Empty documents
 * are skipped silently; `List` kinds are flattened; values that are not Kubernetes
 * objects are skipped with a warning. A syntax error throws a RenderError whose
 * message starts with `file:line:` and whose data is `{ file, line }`. Plain block YAML, what
 * manifests mostly are, takes a fast path that gives the same result.
 */
export function parseManifests(file: string, text: string): ParsedManifests {
  if (file.endsWith('.json')) return parseManifestsFully(file, text);
  const fast = parseSimpleYamlStream(text, resolveCoreScalar);
  if (fast === UNSUPPORTED) return parseManifestsFully(file, text);
  const out: ParsedManifests = { objects: [], warnings: [] };
  for (const doc of fast) collect(doc.value, { file, line: doc.line }, out);
  return out;
}

/** {@link parseManifests} without the fast path: the YAML library on its own. */
export function parseManifestsFully(file: string, text: string): ParsedManifests {
  const out: ParsedManifests = { objects: [], warnings: [] };
  if (file.endsWith('.json')) {
    collect(parseJson(file, text), { file, line: 1 }, out);
    return out;
  }
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, merge: true, uniqueKeys: true });
  for (const doc of docs) {
    const firstError = doc.errors[0];
    if (firstError !== undefined) {
      const line = firstError.linePos?.[0].line ?? lineCounter.linePos(firstError.pos[0]).line;
      throw syntaxError(file, line, firstMessageLine(firstError.message), firstError);
    }
    const line = lineCounter.linePos(documentStart(doc)).line;
    for (const warning of doc.warnings) {
      out.warnings.push({ file, line, message: firstMessageLine(warning.message) });
    }
    collect(toJs(doc, file, line), { file, line }, out);
  }
  return out;
}

interface Where {
  file: string;
  line: number;
}

function collect(value: unknown, where: Where, out: ParsedManifests): void {
  if (value === null || value === undefined) return;
  if (isPlainObject(value) && isListObject(value)) {
    for (const item of value['items'] as unknown[]) collect(listItem(value, item), where, out);
    return;
  }
  if (isKubeObject(value)) {
    out.objects.push(value);
    return;
  }
  out.warnings.push({
    ...where,
    message: 'skipped: not a Kubernetes object (apiVersion, kind and metadata are required)',
  });
}

/** `kind: List` or a typed list such as `ConfigMapList`, with an `items` array. */
function isListObject(value: Record<string, unknown>): boolean {
  const kind = value['kind'];
  return typeof kind === 'string' && kind.endsWith('List') && Array.isArray(value['items']);
}

/** Items of a typed list (`ConfigMapList`) may leave out their apiVersion and kind. */
function listItem(list: Record<string, unknown>, item: unknown): unknown {
  const listKind = list['kind'] as string;
  if (listKind === 'List' || !isPlainObject(item)) return item;
  return {
    apiVersion: list['apiVersion'],
    kind: listKind.slice(0, -'List'.length),
    ...item,
  };
}

function toJs(doc: Document.Parsed, file: string, line: number): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw syntaxError(file, line, firstMessageLine(message), cause);
  }
}

function documentStart(doc: Document.Parsed): number {
  const contents = doc.contents as { range?: [number, number, number] } | null;
  return contents?.range?.[0] ?? doc.range[0];
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    const position = /at position (\d+)/u.exec(message)?.[1];
    const line = position === undefined ? 1 : text.slice(0, Number(position)).split('\n').length;
    throw syntaxError(file, line, message.replace(/ in JSON at position \d+.*$/su, ''), cause);
  }
}

function firstMessageLine(message: string): string {
  const first = message.split('\n', 1)[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/u, '');
}

function syntaxError(file: string, line: number, message: string, cause: unknown): RenderError {
  return new RenderError(`${file}:${line}: ${message}`, { cause, data: { file, line } });
}
