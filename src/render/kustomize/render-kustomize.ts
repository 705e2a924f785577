import type { KubeObject } from '../../kube/object.js';
import type { RenderResult } from '../render-result.js';
import { SOURCE_TYPE } from '../source-type.js';
import type { SourceTree } from '../source-tree.js';
import { normalizeAppPath } from '../tree-path.js';
import { accumulateTarget, loadKustomization } from './accumulate.js';
import { applySourceOptions } from './source-options.js';
import type { KustomizeSourceOptions } from './source-options-schema.js';
import { emptyAccumulator, type BuildContext } from './build-context.js';
import { legacySort } from './legacy-order.js';
import { contentHash } from './name-hash.js';
import { NAME_REFERENCES } from './name-reference-config.js';
import { fixNameReferences } from './name-reference.js';
import type { RemoteBaseResolver } from './remote-bases.js';
import { rememberId } from './resource.js';
import { resolveVars } from './vars.js';

const LOCAL_CONFIG = 'config.kubernetes.io/local-config';

export interface KustomizeRenderOptions {
  /**
   * An Application's `source.kustomize` settings, applied to the top kustomization as
   * `kustomize edit` would set them.
   * @defaultValue none
   */
  source?: KustomizeSourceOptions;
  /**
   * Opens the Git repositories of remote bases (`resources` entries that are Git URLs).
   * @defaultValue none: a remote base is an error
   */
  remoteBases?: RemoteBaseResolver;
}

/**
 * Renders the kustomization at `path` as `kubectl kustomize` does: same objects, names,
 * hash suffixes and order.
 */
export async function renderKustomize(
  tree: SourceTree,
  path: string | undefined,
  options: KustomizeRenderOptions = {},
): Promise<RenderResult> {
  const ctx: BuildContext = {
    tree,
    origin: '',
    warnings: [],
    building: [],
    remote: { resolver: options.remoteBases, opened: new Map() },
  };
  const top = await loadKustomization(ctx, normalizeAppPath(path));
  if (options.source !== undefined) applySourceOptions(top, options.source);
  const acc = await accumulateTarget(ctx, top, emptyAccumulator());

  for (const res of acc.resources) {
    if (!res.needsHash || (res.obj.kind !== 'ConfigMap' && res.obj.kind !== 'Secret')) continue;
    rememberId(res);
    res.obj.metadata.name = `${res.obj.metadata.name ?? ''}-${contentHash(res.obj)}`;
  }
  fixNameReferences(acc.resources, [...NAME_REFERENCES, ...acc.crd.nameReferences]);
  resolveVars(acc.resources, acc.vars);

  const kept = acc.resources.filter((r) => r.obj.metadata.annotations?.[LOCAL_CONFIG] !== 'true');
  const ordered = top.kustomization.sortOptions?.order === 'fifo' ? kept : legacySort(kept);
  const objects: KubeObject[] = ordered.map((r) => r.obj);
  return { sourceType: SOURCE_TYPE.kustomize, objects, warnings: ctx.warnings };
}
