import jsonPatch, { type Operation } from 'fast-json-patch';
import { parseAllDocuments } from 'yaml';
import { isPlainObject, type KubeObject } from '../../kube/object.js';
import { describeError, RenderError } from '../../model/errors.js';
import { resolveCoreScalar } from '../core-schema.js';
import { parseSimpleYamlStream, UNSUPPORTED } from '../fast-yaml.js';
import type { Kustomization, PatchEntry, PatchTarget } from './kustomization.js';
import { readTreeFile, resolveFileRef, type KustomizationSite } from './kustomize-files.js';
import { allIds, curId, formatId, idOf, sameId, type Resource } from './resource.js';
import {
  assertMergeable,
  strategicMerge,
  UnsupportedMergeError,
  type SchemaLookup,
} from './strategic-merge.js';
import { selectTargets } from './target-selector.js';

/** Where patches are applied: the kustomization, and the schemas strategic merges use. */
export interface PatchContext {
  site: KustomizationSite;
  /** Called for each strategic merge, when it is applied (which loads the schema in effect). */
  schemas: () => SchemaLookup;
}

/** A loaded patch: strategic merge documents, or JSON 6902 operations. */
type LoadedPatch =
  | { type: 'smp'; docs: KubeObject[]; source: string }
  | { type: 'json6902'; ops: Operation[]; source: string };

/** Applies `patchesStrategicMerge`; returns the resources left (a patch may delete one). */
export async function applyLegacyStrategicMerge(
  pc: PatchContext,
  resources: Resource[],
  k: Kustomization,
): Promise<Resource[]> {
  const { site } = pc;
  let out = resources;
  for (const entry of k.patchesStrategicMerge ?? []) {
    const patch = await loadPatch(site, entry.includes('\n') ? { patch: entry } : { path: entry });
    if (patch.type !== 'smp') {
      throw new RenderError(
        `${site.file}: patchesStrategicMerge entry ${patch.source} holds a JSON patch; list it under patches with a target`,
        {
          data: { file: site.file },
        },
      );
    }
    for (const doc of patch.docs) out = patchById(pc, out, doc, patch.source);
  }
  return out;
}

/** Applies `patches`: strategic merge or JSON 6902, to their target or to the object they name. */
export async function applyPatches(
  pc: PatchContext,
  resources: Resource[],
  entries: readonly PatchEntry[],
): Promise<Resource[]> {
  const { site } = pc;
  let out = resources;
  for (const entry of entries) {
    const patch = await loadPatch(site, entry);
    if (patch.type === 'json6902') {
      if (entry.target === undefined) {
        throw new RenderError(`${site.file}: JSON patch ${patch.source} needs a target`, {
          data: { file: site.file },
        });
      }
      for (const res of selectTargets(site.file, out, entry.target)) {
        applyJsonPatch(site, res, patch.ops, patch.source);
      }
      continue;
    }
    for (const doc of patch.docs) {
      if (entry.target === undefined) {
        out = patchById(pc, out, doc, patch.source);
      } else {
        const selected = new Set(selectTargets(site.file, out, entry.target));
        const smp = { pc, doc, source: patch.source, options: entry.options };
        out = out.filter((res) => !selected.has(res) || applySmp(res, smp));
      }
    }
  }
  return out;
}

/** Applies legacy `patchesJson6902` entries, which always name a target. */
export async function applyLegacyJson6902(
  site: KustomizationSite,
  resources: Resource[],
  k: Kustomization,
): Promise<void> {
  for (const entry of k.patchesJson6902 ?? []) {
    const patch = await loadPatch(site, entry, true);
    if (patch.type !== 'json6902' || entry.target === undefined) {
      throw new RenderError(
        `${site.file}: patchesJson6902 entries need a target and a list of operations`,
        {
          data: { file: site.file },
        },
      );
    }
    for (const res of selectTargets(site.file, resources, entry.target as PatchTarget)) {
      applyJsonPatch(site, res, patch.ops, patch.source);
    }
  }
}

function patchById(
  pc: PatchContext,
  resources: Resource[],
  doc: KubeObject,
  source: string,
): Resource[] {
  const { site } = pc;
  const id = idOf(doc);
  if (id.kind === '' || id.name === '') {
    throw new RenderError(
      `${site.file}: patch ${source} has no target and names no kind and name`,
      {
        data: { file: site.file, patch: source },
      },
    );
  }
  const matches = resources.filter((res) => allIds(res).some((other) => sameId(other, id)));
  if (matches.length !== 1) {
    const why =
      matches.length === 0 ? 'no object matches it' : `${matches.length} objects match it`;
    throw new RenderError(`${site.file}: patch ${source} targets ${formatId(id)}, but ${why}`, {
      data: { file: site.file, patch: source, target: formatId(id) },
    });
  }
  const target = matches[0]!;
  const smp = { pc, doc, source, options: undefined };
  return resources.filter((res) => res !== target || applySmp(res, smp));
}

interface Smp {
  pc: PatchContext;
  doc: KubeObject;
  source: string;
  options: PatchEntry['options'];
}

/** Applies one strategic merge patch in place; false when the patch deletes the object. */
function applySmp(res: Resource, { pc, doc, source, options }: Smp): boolean {
  const before = curId(res);
  const apiVersion = res.obj.apiVersion;
  const merged = mergeWithSchema(pc, res, doc, source);
  if (merged === undefined || Object.keys(merged).length === 0) return false;
  const obj = merged as KubeObject;
  const metadata = isPlainObject(obj.metadata) ? obj.metadata : {};
  const nameChanged = options?.allowNameChange === true && metadata.name !== before.name;
  const kindChanged = options?.allowKindChange === true && obj.kind !== before.kind;
  if (nameChanged || kindChanged) res.prevIds.push(before);
  if (!kindChanged) {
    obj.kind = before.kind;
    obj.apiVersion = apiVersion;
  }
  obj.metadata = {
    ...metadata,
    name: nameChanged ? metadata.name : before.name,
  };
  if (before.namespace === '') delete obj.metadata.namespace;
  else obj.metadata.namespace = before.namespace;
  res.obj = obj;
  return true;
}

function mergeWithSchema(
  pc: PatchContext,
  res: Resource,
  doc: KubeObject,
  source: string,
): Record<string, unknown> | undefined {
  const lookup = pc.schemas();
  try {
    const schema = lookup(res.obj.apiVersion, res.obj.kind);
    assertMergeable(res.obj, lookup, schema);
    assertMergeable(doc, lookup, schema);
    return strategicMerge(res.obj, doc, lookup);
  } catch (cause) {
    if (!(cause instanceof UnsupportedMergeError)) throw cause;
    const file = pc.site.file;
    throw new RenderError(
      `${file}: patch ${source} on ${formatId(curId(res))}: field ${cause.field}: ${cause.reason}`,
      { cause, data: { file, patch: source, field: cause.field } },
    );
  }
}

function applyJsonPatch(
  site: KustomizationSite,
  res: Resource,
  ops: Operation[],
  source: string,
): void {
  try {
    res.obj = jsonPatch.applyPatch(res.obj, structuredClone(ops), true, true).newDocument;
  } catch (cause) {
    throw new RenderError(
      `${site.file}: JSON patch ${source} failed on ${formatId(curId(res))}: ${describeError(cause).split('\n')[0] ?? ''}`,
      { cause, data: { file: site.file, patch: source } },
    );
  }
}

async function loadPatch(
  site: KustomizationSite,
  entry: PatchEntry,
  json = false,
): Promise<LoadedPatch> {
  let text: string;
  let source: string;
  if (entry.path !== undefined && entry.path !== '') {
    const path = resolveFileRef(site, entry.path);
    text = await readTreeFile(site.tree, site.file, path);
    source = path;
  } else if (entry.patch !== undefined) {
    text = entry.patch;
    source = '(inline)';
  } else {
    throw new RenderError(`${site.file}: a patch needs a path or an inline patch`, {
      data: { file: site.file },
    });
  }
  const values = patchDocuments(text, source);
  if (values.length === 1 && Array.isArray(values[0])) {
    return { type: 'json6902', ops: values[0] as Operation[], source };
  }
  if (json)
    throw new RenderError(`${source}: expected a list of JSON patch operations`, {
      data: { file: source },
    });
  if (values.length === 0)
    throw new RenderError(`${source}: the patch is empty`, { data: { file: source } });
  const objects: KubeObject[] = [];
  for (const value of values) {
    if (!isPlainObject(value)) {
      throw new RenderError(`${source}: a strategic merge patch must be a map`, {
        data: { file: source },
      });
    }
    objects.push({
      ...value,
      apiVersion: typeof value['apiVersion'] === 'string' ? value['apiVersion'] : '',
      kind: typeof value['kind'] === 'string' ? value['kind'] : '',
      metadata: isPlainObject(value['metadata']) ? value['metadata'] : {},
    });
  }
  return { type: 'smp', docs: objects, source };
}

/** The non-empty documents of a patch; plain block YAML takes a fast path with the same result. */
function patchDocuments(text: string, source: string): unknown[] {
  const fast = parseSimpleYamlStream(text, resolveCoreScalar);
  if (fast !== UNSUPPORTED) return fast.map((doc) => doc.value);
  const values: unknown[] = [];
  for (const doc of parseAllDocuments(text, { uniqueKeys: true })) {
    const error = doc.errors[0];
    if (error !== undefined) {
      const line = error.linePos?.[0].line;
      throw new RenderError(
        `${source}${line === undefined ? '' : `:${line}`}: ${error.message.split('\n')[0] ?? ''}`,
        {
          cause: error,
          data: { file: source, line },
        },
      );
    }
    const value: unknown = doc.toJS();
    if (value !== null && value !== undefined) values.push(value);
  }
  return values;
}
