import { posix } from 'node:path';
import { RenderError } from '../../model/errors.js';

import { emptyAccumulator, type Accumulator, type BuildContext } from './build-context.js';
import { runGenerators } from './generators.js';
import { applyImages, applyReplicas } from './images.js';
import { parseKustomization, type Kustomization } from './kustomization.js';
import {
  assertWithin,
  findKustomizationFile,
  readTreeFile,
  resolveRef,
  type KustomizationSite,
} from './kustomize-files.js';
import {
  applyLabelsAndAnnotations,
  applyNameAffixes,
  applyNamespace,
} from './metadata-transformers.js';
import { loadConfigurations } from './configurations.js';
import { loadCrdFieldSpecs } from './crd-field-specs.js';
import { applyOpenApiField, noteResourceType, patchSchemaLookup } from './openapi-state.js';
import { applyLegacyJson6902, applyLegacyStrategicMerge, applyPatches } from './patches.js';
import { parseManifestsCached } from './parse-cache.js';
import { looksLikeURL, parseRemoteBase, redactURL, type RemoteBase } from './remote-base-url.js';
import { openRemoteTree } from './remote-bases.js';
import { applyReplacements } from './replacements.js';
import {
  allIds,
  curId,
  formatId,
  GENERATOR_BEHAVIOR,
  newResource,
  sameId,
  type Resource,
} from './resource.js';
import { mergeTransformerConfig } from './transformer-config.js';
import { mergeVars, parseVars } from './vars.js';

/** A kustomization file loaded from the tree. */
export interface LoadedKustomization {
  file: string;
  dir: string;
  kustomization: Kustomization;
}

/** Loads the kustomization in `dir`; a directory without one is an error naming it. */
export async function loadKustomization(
  ctx: BuildContext,
  dir: string,
  from?: string,
): Promise<LoadedKustomization> {
  const file = await findKustomizationFile(ctx.tree, dir);
  if (file === undefined) {
    const where = from === undefined ? '' : `${from}: `;
    throw new RenderError(
      `${where}no kustomization.yaml, kustomization.yml or Kustomization in ${dir || '.'}`,
      { data: { file: from, path: dir } },
    );
  }
  const text = await readTreeFile(ctx.tree, from ?? file, file);
  return { file, dir, kustomization: parseKustomization(file, text, ctx.warnings) };
}

/**
 * Builds one kustomization into `acc`, in Kustomize's order: its `openapi` choice,
 * resources, transformer configuration (`configurations`, then `crds`), generators,
 * components (which act on what came before them), then the transformers, then vars.
 * Name back-references and hashes are left to the caller.
 */
export async function accumulateTarget(
  ctx: BuildContext,
  loaded: LoadedKustomization,
  acc: Accumulator,
): Promise<Accumulator> {
  const { file, dir, kustomization: k } = loaded;
  const key = `${ctx.origin}${dir}`;
  if (ctx.building.includes(key)) {
    throw new RenderError(
      `${file}: cycle in kustomizations: ${[...ctx.building, key].join(' → ')}`,
      {
        data: { file },
      },
    );
  }
  ctx.building.push(key);
  try {
    const site: KustomizationSite = { tree: ctx.tree, file, dir, warnings: ctx.warnings };
    await applyOpenApiField(ctx.openapi, site, k.openapi);
    await accumulateResources(ctx, site, k.resources ?? [], acc);
    mergeTransformerConfig(
      acc.config,
      await loadConfigurations(site, k.configurations ?? []),
      file,
    );
    mergeTransformerConfig(acc.config, await loadCrdFieldSpecs(site, k.crds ?? []), file);
    for (const generated of await runGenerators(site, k)) absorb(ctx, site, acc, generated);
    for (const ref of k.components ?? []) {
      const child = await childLocation(ctx, site, ref);
      await withinRemote(child, site, async () => {
        const component = await loadKustomization(child.ctx, child.path, file);
        if (component.kustomization.kind !== 'Component') {
          const shown = child.remote?.url ?? ref;
          throw new RenderError(`${file}: component ${shown} must have kind: Component`, {
            data: { file, path: shown },
          });
        }
        await accumulateTarget(child.ctx, component, acc);
      });
    }
    acc.resources = await runTransformers(ctx, site, acc, k);
    mergeVars(acc.vars, parseVars(file, k.vars));
    return acc;
  } finally {
    ctx.building.pop();
  }
}

async function runTransformers(
  ctx: BuildContext,
  site: KustomizationSite,
  acc: Accumulator,
  k: Kustomization,
): Promise<Resource[]> {
  const { config } = acc;
  const patching = { site, schemas: () => patchSchemaLookup(ctx.openapi) };
  let resources = await applyLegacyStrategicMerge(patching, acc.resources, k);
  resources = await applyPatches(patching, resources, k.patches ?? []);
  applyNamespace(resources, k.namespace, config.namespace);
  applyNameAffixes(resources, k, config);
  applyLabelsAndAnnotations(resources, k, config);
  await applyLegacyJson6902(site, resources, k);
  applyReplicas(site.file, resources, k.replicas ?? [], config.replicas);
  applyImages(resources, k.images ?? [], config.images);
  await applyReplacements(site, resources, k.replacements);
  return resources;
}

/** Where a `resources` or `components` entry points: a path in this tree or in a remote base's. */
interface ChildLocation {
  ctx: BuildContext;
  path: string;
  remote?: RemoteBase;
}

async function childLocation(
  ctx: BuildContext,
  site: KustomizationSite,
  ref: string,
): Promise<ChildLocation> {
  const remote = parseRemoteBase(ref);
  if (remote !== undefined) {
    const tree = await openRemoteTree(ctx.remote, site.file, remote).catch((cause: unknown) => {
      if (cause instanceof RenderError) throw cause;
      throw new RenderError(`${site.file}: remote base ${remote.url}`, {
        cause,
        data: { file: site.file, path: remote.url },
      });
    });
    const at = remote.ref === undefined ? '' : `?ref=${remote.ref}`;
    const origin = `${redactURL(remote.repoURL)}${at}//`;
    return { ctx: { ...ctx, tree, origin }, path: remote.path, remote };
  }
  if (looksLikeURL(ref)) {
    throw new RenderError(
      `${site.file}: "${redactURL(ref)}" is not a Git repository URL: Ferry builds remote bases from Git repositories only and does not download files; copy the file into the repository`,
      { data: { file: site.file, path: redactURL(ref) } },
    );
  }
  return { ctx, path: resolveRef(site.file, site.dir, ref) };
}

/** Runs `build` on a child; errors inside a remote base name the entry that brought it in. */
async function withinRemote(
  child: ChildLocation,
  site: KustomizationSite,
  build: () => Promise<void>,
): Promise<void> {
  if (child.remote === undefined) return build();
  try {
    return await build();
  } catch (cause) {
    throw new RenderError(`${site.file}: remote base ${child.remote.url}`, {
      cause,
      data: { file: site.file, path: child.remote.url },
    });
  }
}

async function accumulateResources(
  ctx: BuildContext,
  site: KustomizationSite,
  refs: readonly string[],
  acc: Accumulator,
): Promise<void> {
  for (const ref of refs) {
    const child = await childLocation(ctx, site, ref);
    const { path } = child;
    const shown = child.remote?.url ?? ref;
    const entry = await child.ctx.tree.stat(path);
    if (entry === undefined) {
      const where =
        child.remote === undefined
          ? path || '.'
          : `${path || '.'} in ${redactURL(child.remote.repoURL)}`;
      throw new RenderError(`${site.file}: resource "${shown}" does not exist (${where})`, {
        data: { file: site.file, path: shown },
      });
    }
    if (entry.type === 'dir') {
      await withinRemote(child, site, async () => {
        const sub = await loadKustomization(child.ctx, path, site.file);
        if (sub.kustomization.kind === 'Component') {
          throw new RenderError(`${site.file}: ${shown} is a Component; list it under components`, {
            data: { file: site.file, path: shown },
          });
        }
        const built = await accumulateTarget(child.ctx, sub, emptyAccumulator());
        for (const res of built.resources) append(site, acc, res);
        mergeTransformerConfig(acc.config, built.config, sub.file);
        mergeVars(acc.vars, built.vars);
      });
      continue;
    }
    if (child.remote !== undefined) {
      throw new RenderError(
        `${site.file}: remote base ${shown} refers to a file; expecting a directory with a kustomization`,
        { data: { file: site.file, path: shown } },
      );
    }
    assertWithin(site.file, site.dir, path, ref);
    const parsed = parseManifestsCached(path, await readTreeFile(ctx.tree, site.file, path));
    ctx.warnings.push(...parsed.warnings);
    for (const obj of parsed.objects) {
      noteResourceType(ctx.openapi, obj);
      append(site, acc, newResource(obj, `${ctx.origin}${path}`));
    }
  }
}

function append(site: KustomizationSite, acc: Accumulator, res: Resource): void {
  const id = curId(res);
  const clash = acc.resources.find((other) => sameId(curId(other), id));
  if (clash !== undefined) {
    throw new RenderError(
      `${site.file}: ${formatId(id)} from ${res.origin} is already defined by ${clash.origin}`,
      { data: { file: site.file, id: formatId(id) } },
    );
  }
  acc.resources.push(res);
}

/** Adds a generated object, creating it or merging into / replacing the one it names. */
function absorb(ctx: BuildContext, site: KustomizationSite, acc: Accumulator, res: Resource): void {
  noteResourceType(ctx.openapi, res.obj);
  const id = curId(res);
  const matches = acc.resources.filter((other) => allIds(other).some((o) => sameId(o, id)));
  const behavior = res.behavior ?? GENERATOR_BEHAVIOR.create;
  delete res.behavior;
  const old = matches[0];
  if (old === undefined) {
    if (behavior !== GENERATOR_BEHAVIOR.create) {
      throw new RenderError(
        `${site.file}: cannot ${behavior} ${formatId(id)}: no such object comes before this generator`,
        { data: { file: site.file, id: formatId(id) } },
      );
    }
    acc.resources.push(res);
    return;
  }
  if (matches.length > 1 || behavior === GENERATOR_BEHAVIOR.create) {
    throw new RenderError(
      `${site.file}: ${formatId(id)} already exists; set behavior: merge or replace to change it`,
      { data: { file: site.file, id: formatId(id) } },
    );
  }
  const obj = res.obj;
  obj.metadata.labels = { ...old.obj.metadata.labels, ...obj.metadata.labels };
  obj.metadata.annotations = { ...old.obj.metadata.annotations, ...obj.metadata.annotations };
  for (const field of ['labels', 'annotations'] as const) {
    if (Object.keys(obj.metadata[field] ?? {}).length === 0) delete obj.metadata[field];
  }
  obj.metadata.name = old.obj.metadata.name;
  if (old.obj.metadata.namespace === undefined) delete obj.metadata.namespace;
  else obj.metadata.namespace = old.obj.metadata.namespace;
  if (behavior === GENERATOR_BEHAVIOR.merge) {
    for (const field of ['data', 'binaryData'] as const) {
      const merged = {
        ...(old.obj[field] as object | undefined),
        ...(obj[field] as object | undefined),
      };
      if (Object.keys(merged).length > 0) obj[field] = merged;
    }
  }
  res.prevIds = old.prevIds;
  res.prefixes = old.prefixes;
  res.suffixes = old.suffixes;
  res.origin = site.file;
  acc.resources[acc.resources.indexOf(old)] = res;
}

export const kustomizationDir = (file: string): string => {
  const dir = posix.dirname(file);
  return dir === '.' ? '' : dir;
};
