import type { RenderWarning } from '../render-result.js';
import type { SourceTree } from '../source-tree.js';
import type { OpenApiState } from './openapi-state.js';
import type { RemoteTrees } from './remote-bases.js';
import type { Resource } from './resource.js';
import { emptyTransformerConfig, type TransformerConfig } from './transformer-config.js';
import type { VarDefinition } from './vars.js';

/** State of the build of one top-level kustomization; remote bases get their own `tree`. */
export interface BuildContext {
  tree: SourceTree;
  /** Where `tree` comes from, for messages: `''` for the app's own tree, else a remote base's URL. */
  origin: string;
  warnings: RenderWarning[];
  /** Kustomization directories being built (prefixed with their origin), to report cycles. */
  building: string[];
  remote: RemoteTrees;
  /** The OpenAPI schema strategic merge patches use, shared by the whole build. */
  openapi: OpenApiState;
}

/**
 * Kustomize's ResAccumulator: resources, plus the transformer configuration (from
 * `configurations` and `crds`) and vars gathered so far.
 */
export interface Accumulator {
  resources: Resource[];
  config: TransformerConfig;
  vars: VarDefinition[];
}

export function emptyAccumulator(): Accumulator {
  return { resources: [], config: emptyTransformerConfig(), vars: [] };
}
