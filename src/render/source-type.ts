import type { ApplicationSource } from '../model/application.js';
import { describeError, RenderError } from '../model/errors.js';
import type { SourceEntry, SourceTree } from './source-tree.js';

export const SOURCE_TYPE = {
  directory: 'directory',
  kustomize: 'kustomize',
  helm: 'helm',
} as const;

export type SourceType = (typeof SOURCE_TYPE)[keyof typeof SOURCE_TYPE];

/** File names that make a directory a Kustomize application, as Argo CD recognises them. */
export const KUSTOMIZATION_FILES: readonly string[] = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

export const HELM_CHART_FILE = 'Chart.yaml';

export function parseSourceType(value: string): SourceType | undefined {
  return Object.values(SOURCE_TYPE).find((t) => t === value);
}

/**
 * The source type chosen explicitly in the spec (`directory`, `kustomize` or `helm` set),
 * or `undefined` when none is. Setting more than one is an error, as in Argo CD.
 */
export function explicitSourceType(source: ApplicationSource): SourceType | undefined {
  const set = Object.values(SOURCE_TYPE).filter((t) => source[t] !== undefined);
  if (set.length > 1) {
    throw new RenderError(`multiple source types are set (${set.join(', ')}); set only one`, {
      data: { path: source.path ?? '.', sourceTypes: set },
    });
  }
  return set[0];
}

/**
 * Detects how to render `path` from the files directly in it, as Argo CD does:
 * a kustomization file means Kustomize (it wins over a chart), `Chart.yaml` means Helm,
 * anything else is a plain directory of manifests.
 */
export async function detectSourceType(tree: SourceTree, path: string): Promise<SourceType> {
  let entries: SourceEntry[];
  try {
    entries = await tree.list(path);
  } catch (cause) {
    throw new RenderError(`cannot list ${path || '.'}: ${describeError(cause)}`, {
      cause,
      data: { path },
    });
  }
  const names = new Set(entries.map((e) => e.name));
  if (KUSTOMIZATION_FILES.some((f) => names.has(f))) return SOURCE_TYPE.kustomize;
  if (names.has(HELM_CHART_FILE)) return SOURCE_TYPE.helm;
  return SOURCE_TYPE.directory;
}
