import type { RenderWarning } from '../render-result.js';
import type { SourceTree } from '../source-tree.js';
import { emptyCrdFieldSpecs, type CrdFieldSpecs } from './crd-field-specs.js';
import type { RemoteTrees } from './remote-bases.js';
import type { Resource } from './resource.js';
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
}

/** Kustomize's ResAccumulator: resources plus the `crds` field specs and vars gathered so far. */
export interface Accumulator {
  resources: Resource[];
  crd: CrdFieldSpecs;
  vars: VarDefinition[];
}

export function emptyAccumulator(): Accumulator {
  return { resources: [], crd: emptyCrdFieldSpecs(), vars: [] };
}
