import type { KubeObject } from '../kube/object.js';
import { Annotation } from '../model/annotations.js';

/** The options of `argocd.argoproj.io/compare-options`, e.g. `IgnoreExtraneous,ServerSideDiff=true`. */
export function compareOptionsOf(obj: KubeObject | null | undefined): string[] {
  const value = obj?.metadata.annotations?.[Annotation.compareOptions];
  if (value === undefined) return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * True when a live object that Git no longer declares should not make its app OutOfSync:
 * it carries `argocd.argoproj.io/compare-options: IgnoreExtraneous`.
 */
export function ignoresExtraneous(obj: KubeObject | null | undefined): boolean {
  return compareOptionsOf(obj).includes('IgnoreExtraneous');
}
