import type { RenderWarning } from '../render-result.js';
import type { SourceTree } from '../source-tree.js';
import type { NameBackReference } from './name-reference-config.js';
import type { Resource } from './resource.js';
import type { VarDefinition } from './vars.js';

/** State shared by the whole build of one top-level kustomization. */
export interface BuildContext {
  tree: SourceTree;
  warnings: RenderWarning[];
  /** Kustomization directories being built, to report cycles. */
  building: string[];
}

/** Kustomize's ResAccumulator: resources plus the name-reference config and vars gathered so far. */
export interface Accumulator {
  resources: Resource[];
  nameReferences: NameBackReference[];
  vars: VarDefinition[];
}

export function emptyAccumulator(): Accumulator {
  return { resources: [], nameReferences: [], vars: [] };
}
