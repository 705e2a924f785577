import { RenderError } from '../../model/errors.js';
import type { KustomizationSite } from './kustomize-files.js';
import type { NameBackReference } from './name-reference-config.js';

/**
 * Name references declared by `crds` (OpenAPI definitions with `x-kubernetes-object-ref-*`
 * extensions). Not supported yet: a kustomization that lists any is an error rather than
 * a build that silently leaves custom references unfixed.
 */
export function crdNameReferences(
  site: KustomizationSite,
  crds: readonly string[],
): Promise<NameBackReference[]> {
  if (crds.length === 0) return Promise.resolve([]);
  return Promise.reject(
    new RenderError(`${site.file}: "crds" is not supported by Ferry's Kustomize renderer yet`, {
      data: { file: site.file, crds },
    }),
  );
}
