import { isKubeObject, type KubeObject } from '../../../kube/object.js';
import { KIND_ORDER } from '../../../kube/kind-order.js';
import { describeError, RenderError } from '../../../model/errors.js';
import type { RenderWarning } from '../../render-result.js';
import { isGoMap } from '../template/go-value.js';
import { parseGoYaml } from '../yaml-codec.js';

/** One rendered object and the template it came from. */
export interface Manifest {
  source: string;
  object: KubeObject;
}

const HOOK_ANNOTATION = 'helm.sh/hook';
const TEST_HOOKS = new Set(['test', 'test-success', 'test-failure']);

/** Helm's SplitManifests: documents separated by `---` lines, trimmed, empty ones dropped. */
export function splitManifests(text: string): string[] {
  return text
    .trim()
    .split(/(?:^|\s*\n)---\s*/u)
    .map((d) => d.trim())
    .filter((d) => d !== '');
}

/** The hook kinds an object declares in `helm.sh/hook`, or an empty list. */
export function hookTypes(obj: KubeObject): string[] {
  const v = obj.metadata.annotations?.[HOOK_ANNOTATION];
  return typeof v === 'string'
    ? v
        .split(',')
        .map((h) => h.trim())
        .filter((h) => h !== '')
    : [];
}

export function isTestHook(obj: KubeObject): boolean {
  return hookTypes(obj).some((h) => TEST_HOOKS.has(h));
}

/**
 * Parses every rendered file (in path order, then document order) into objects. A
 * document that is not a Kubernetes object is skipped with a warning; a YAML error fails
 * the render naming the template, as Helm's "YAML parse error on …" does.
 */
export function parseRendered(files: Map<string, string>, warnings: RenderWarning[]): Manifest[] {
  const out: Manifest[] = [];
  for (const source of [...files.keys()].sort()) {
    const base = source.slice(source.lastIndexOf('/') + 1);
    if (base.startsWith('_') || source.endsWith('NOTES.txt')) continue;
    const content = files.get(source)!;
    if (content.trim() === '') continue;
    for (const doc of splitManifests(content)) {
      let value: unknown;
      try {
        value = parseGoYaml(doc);
      } catch (cause) {
        throw new RenderError(`YAML parse error on ${source}: ${describeError(cause)}`, {
          cause,
          data: { file: source },
        });
      }
      if (value === null || value === undefined) continue;
      collect(value, source, out, warnings);
    }
  }
  return out;
}

function collect(value: unknown, source: string, out: Manifest[], warnings: RenderWarning[]): void {
  if (
    isGoMap(value) &&
    typeof value['kind'] === 'string' &&
    value['kind'].endsWith('List') &&
    Array.isArray(value['items'])
  ) {
    for (const item of value['items']) collect(item, source, out, warnings);
    return;
  }
  if (isKubeObject(value)) {
    out.push({ source, object: value });
    return;
  }
  warnings.push({
    file: source,
    message: 'skipped: not a Kubernetes object (apiVersion, kind and metadata are required)',
  });
}

const RANK = new Map<string, number>(KIND_ORDER.map((k, i) => [k, i]));

/**
 * Helm's sortManifestsByKind: a stable sort by the install order of kinds; unknown kinds
 * go last, among themselves alphabetically by kind.
 */
export function sortByKind(manifests: Manifest[]): Manifest[] {
  return manifests
    .map((m, i) => ({ m, i }))
    .sort((a, b) => {
      const ka = a.m.object.kind;
      const kb = b.m.object.kind;
      const ra = RANK.get(ka);
      const rb = RANK.get(kb);
      if (ra === undefined && rb === undefined) {
        if (ka !== kb) return ka < kb ? -1 : 1;
        return a.i - b.i;
      }
      if (ra === undefined) return 1;
      if (rb === undefined) return -1;
      return ra - rb || a.i - b.i;
    })
    .map((x) => x.m);
}
