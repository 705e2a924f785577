import { parseAllDocuments } from 'yaml';
import { isPlainObject, jsonEqual } from '../../kube/object.js';
import { RenderError } from '../../model/errors.js';
import type { PatchTarget } from './kustomization.js';
import { readTreeFile, resolveFileRef, type KustomizationSite } from './kustomize-files.js';
import type { Resource } from './resource.js';
import { selectTargets } from './target-selector.js';

interface ReplacementOptions {
  delimiter?: string;
  index?: number;
  create?: boolean;
}

interface Replacement {
  source: PatchTarget & { fieldPath?: string; options?: ReplacementOptions };
  targets: {
    select: PatchTarget;
    reject?: PatchTarget[];
    fieldPaths?: string[];
    options?: ReplacementOptions;
  }[];
}

/** Loads `replacements` entries, inline or from files (`path:`). */
async function loadReplacements(
  site: KustomizationSite,
  raw: readonly Record<string, unknown>[],
): Promise<Replacement[]> {
  const out: Replacement[] = [];
  for (const entry of raw) {
    if (typeof entry['path'] === 'string') {
      const path = resolveFileRef(site, entry['path']);
      const text = await readTreeFile(site.tree, site.file, path);
      for (const doc of parseAllDocuments(text)) {
        const value: unknown = doc.toJS();
        for (const item of Array.isArray(value) ? value : [value]) {
          if (isPlainObject(item)) out.push(checked(path, item));
        }
      }
    } else {
      out.push(checked(site.file, entry));
    }
  }
  return out;
}

function checked(file: string, raw: Record<string, unknown>): Replacement {
  if (!isPlainObject(raw['source']) || !Array.isArray(raw['targets'])) {
    throw new RenderError(`${file}: a replacement needs a source and targets`, { data: { file } });
  }
  return raw as unknown as Replacement;
}

/** `replacements`: copies a field of one source object into fields of the selected targets. */
export async function applyReplacements(
  site: KustomizationSite,
  resources: Resource[],
  raw: readonly Record<string, unknown>[] | undefined,
): Promise<void> {
  if (raw === undefined || raw.length === 0) return;
  for (const r of await loadReplacements(site, raw)) {
    const sources = selectTargets(site.file, resources, r.source);
    if (sources.length !== 1) {
      throw new RenderError(
        `${site.file}: replacement source ${describe(r.source)} ${sources.length === 0 ? 'matches no object' : `matches ${sources.length} objects`}`,
        { data: { file: site.file } },
      );
    }
    const fieldPath = r.source.fieldPath ?? 'metadata.name';
    const found = getPath(sources[0]!.obj, splitPath(fieldPath));
    if (found.length === 0) {
      throw new RenderError(
        `${site.file}: replacement source field ${fieldPath} not found in ${describe(r.source)}`,
        {
          data: { file: site.file, fieldPath },
        },
      );
    }
    const value = pick(found[0], r.source.options);
    for (const target of r.targets) {
      const rejected = new Set(
        (target.reject ?? []).flatMap((rej) => selectTargets(site.file, resources, rej)),
      );
      for (const res of selectTargets(site.file, resources, target.select ?? {})) {
        if (rejected.has(res)) continue;
        for (const path of target.fieldPaths ?? ['metadata.name']) {
          setPath(res.obj, splitPath(path), 0, target.options ?? {}, value);
        }
      }
    }
  }
}

function describe(target: PatchTarget): string {
  return [target.kind, target.name].filter(Boolean).join('/') || '(any)';
}

function pick(value: unknown, options: ReplacementOptions | undefined): unknown {
  if (options?.delimiter === undefined || typeof value !== 'string') return value;
  const parts = value.split(options.delimiter);
  return parts[options.index ?? 0] ?? '';
}

/** Splits `spec.containers.[name=web].image` into segments; brackets may hold dots. */
export function splitPath(path: string): string[] {
  const parts: string[] = [];
  let current = '';
  let depth = 0;
  for (const c of path) {
    if (c === '[') depth++;
    if (c === ']') depth--;
    if (c === '.' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts.filter((p) => p !== '');
}

function matchItem(segment: string, item: unknown): boolean {
  const m = /^\[([^=]+)=(.*)\]$/u.exec(segment);
  if (m === null || !isPlainObject(item)) return false;
  return String(item[m[1]!]) === m[2];
}

function getPath(node: unknown, segments: readonly string[]): unknown[] {
  const [head, ...rest] = segments;
  if (head === undefined) return [node];
  if (Array.isArray(node)) {
    if (head === '*') return node.flatMap((item) => getPath(item, rest));
    if (/^\d+$/u.test(head)) return getPath(node[Number(head)], rest);
    return node.filter((item) => matchItem(head, item)).flatMap((item) => getPath(item, rest));
  }
  if (!isPlainObject(node)) return [];
  const key = head.startsWith('[') && head.endsWith(']') ? head.slice(1, -1) : head;
  if (head === '*') return Object.values(node).flatMap((v) => getPath(v, rest));
  return key in node ? getPath(node[key], rest) : [];
}

function setPath(
  node: Record<string, unknown> | unknown[],
  segments: readonly string[],
  index: number,
  options: ReplacementOptions,
  value: unknown,
): void {
  const head = segments[index];
  if (head === undefined) return;
  const last = index === segments.length - 1;
  if (Array.isArray(node)) {
    const items =
      head === '*'
        ? node.map((_, i) => i)
        : /^\d+$/u.test(head)
          ? [Number(head)]
          : node.flatMap((item, i) => (matchItem(head, item) ? [i] : []));
    for (const i of items) {
      if (last) node[i] = replaceValue(node[i], options, value);
      else {
        const child = node[i];
        if (isPlainObject(child) || Array.isArray(child))
          setPath(child, segments, index + 1, options, value);
      }
    }
    return;
  }
  const key =
    head.startsWith('[') && head.endsWith(']') && !head.includes('=') ? head.slice(1, -1) : head;
  if (last) {
    if (key in node || options.create === true) node[key] = replaceValue(node[key], options, value);
    return;
  }
  let child = node[key];
  if ((child === undefined || child === null) && options.create === true) {
    child = {};
    node[key] = child;
  }
  if (isPlainObject(child) || Array.isArray(child))
    setPath(child, segments, index + 1, options, value);
}

function replaceValue(current: unknown, options: ReplacementOptions, value: unknown): unknown {
  if (options.delimiter === undefined) return structuredClone(value);
  const parts = typeof current === 'string' ? current.split(options.delimiter) : [];
  const i = options.index ?? 0;
  if (i >= parts.length) parts.push(String(value));
  else if (i < 0) parts.unshift(String(value));
  else parts[i] = String(value);
  return jsonEqual(parts, []) ? value : parts.join(options.delimiter);
}
