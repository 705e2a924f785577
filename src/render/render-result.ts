import type { KubeObject } from '../kube/object.js';
import type { SourceType } from './source-type.js';

/** Something a renderer skipped rather than failed on, with where it was found. */
export interface RenderWarning {
  file: string;
  /** 1-based line of the YAML document, when known. */
  line?: number;
  message: string;
}

export interface RenderResult {
  sourceType: SourceType;
  /** Desired objects in a deterministic order: file path, then document order. */
  objects: KubeObject[];
  warnings: RenderWarning[];
}
