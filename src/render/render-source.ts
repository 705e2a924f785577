import type { ApplicationSource } from '../model/application.js';
import { renderDirectory } from './directory.js';
import type { RenderContext } from './helm-source-options.js';
import { renderKustomize } from './kustomize/render-kustomize.js';
import type { RemoteBaseResolver } from './kustomize/remote-bases.js';
import type { RenderResult } from './render-result.js';
import {
  detectSourceType,
  explicitSourceType,
  SOURCE_TYPE,
  type SourceType,
} from './source-type.js';
import type { SourceTree } from './source-tree.js';
import { normalizeAppPath } from './tree-path.js';

/** What a render may use besides the commit's files. */
export interface SourceRenderContext extends RenderContext {
  /**
   * Opens the Git repositories of remote Kustomize bases. Not a render option: leave it out
   * of render cache keys.
   */
  remoteBases?: RemoteBaseResolver;
}

/**
 * Renders an application source from one commit's tree. The source type is the one set
 * explicitly in the spec, else the one detected from the files at `source.path`.
 */
export async function renderSource(
  tree: SourceTree,
  source: ApplicationSource,
  context: SourceRenderContext = {},
): Promise<RenderResult> {
  const path = normalizeAppPath(source.path);
  const sourceType = explicitSourceType(source) ?? (await detectInPath(tree, path));
  switch (sourceType) {
    case SOURCE_TYPE.directory:
      return renderDirectory(tree, path, source.directory);
    case SOURCE_TYPE.kustomize: {
      const options = source.kustomize
        ? (await import('./kustomize/source-options-schema.js')).parseSourceOptions(
            source.kustomize,
          )
        : undefined;
      return renderKustomize(tree, path, {
        ...(options ? { source: options } : {}),
        ...(context.remoteBases ? { remoteBases: context.remoteBases } : {}),
      });
    }
    case SOURCE_TYPE.helm: {
      // Loaded on use: the Helm renderer is large, and `ferry render` of a kustomization
      // or a directory should not pay for it.
      const [{ helmOptionsFor }, { renderHelmChart }] = await Promise.all([
        import('./helm-source-options.js'),
        import('./helm/index.js'),
      ]);
      return renderHelmChart(tree, path, helmOptionsFor(source, context));
    }
  }
}

async function detectInPath(tree: SourceTree, path: string): Promise<SourceType> {
  if (path !== '') {
    const entry = await tree.stat(path);
    // A missing path is reported by renderDirectory, with the path in its message.
    if (entry?.type !== 'dir') return SOURCE_TYPE.directory;
  }
  return detectSourceType(tree, path);
}
