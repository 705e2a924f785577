import type { RenderWarning } from '../render-result.js';
import type { SourceTree } from '../source-tree.js';
import { emptyCrdFieldSpecs, type CrdFieldSpecs } from './crd-field-specs.js';
import type { Resource } from './resource.js';
import type { VarDefinition } from './vars.js';

/** State shared by the whole build of one top-level kustomization. */
export interface BuildContext {
  tree: SourceTree;
  warnings: RenderWarning[];
  /** Kustomization directories being built, to report cycles. */
  building: string[];
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
