import type { KubeObject } from '../kube/object.js';
import { keyOf, keyString } from '../kube/resource-key.js';

/** One resource as desired and as live: `target === null` means prune, `live === null` means create. */
export interface ResourcePair {
  key: string;
  target: KubeObject | null;
  live: KubeObject | null;
}

/** Pairs desired objects with live ones by ResourceKey, desired order first, then extraneous live. */
export function alignResources(
  desired: readonly KubeObject[],
  live: readonly KubeObject[],
): ResourcePair[] {
  const liveByKey = new Map(live.map((obj) => [keyString(keyOf(obj)), obj]));
  const pairs: ResourcePair[] = [];
  const seen = new Set<string>();
  for (const target of desired) {
    const key = keyString(keyOf(target));
    if (seen.has(key)) continue;
    seen.add(key);
    pairs.push({ key, target, live: liveByKey.get(key) ?? null });
  }
  for (const [key, obj] of liveByKey) {
    if (!seen.has(key)) pairs.push({ key, target: null, live: obj });
  }
  return pairs;
}
