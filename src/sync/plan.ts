import { createHash } from 'node:crypto';
import { kindRank } from '../kube/kind-order.js';
import type { KubeObject } from '../kube/object.js';
import { keyOf, keyString } from '../kube/resource-key.js';
import { Annotation, parseSyncWave } from '../model/annotations.js';
import { trackingId } from '../model/tracking.js';
import type { HookDeletePolicy, HookType, SyncPhase } from '../model/vocabulary.js';
import type { ResourcePair } from './align.js';
import { hookDeletePolicies, hookWave, parseHookTypes } from './hooks.js';
import { resourceSyncOptionIs } from './resource-options.js';

export interface SyncTask extends ResourcePair {
  /** Unique within an operation: `<phase>/<resource key>`. */
  id: string;
  phase: SyncPhase;
  wave: number;
  /** True when the task deletes a live object that is no longer desired. */
  prune: boolean;
  hook?: { type: HookType; deletePolicies: HookDeletePolicy[] };
}

export interface PlanOptions {
  /** Delete live objects that are no longer desired. */
  prune: boolean;
  /** Sync options of the app and the operation, such as `PruneLast=true`. */
  syncOptions?: readonly string[];
  /** Selective sync: only these resource keys (hooks are skipped, as in Argo CD). */
  only?: ReadonlySet<string>;
  /** ApplyOutOfSyncOnly: keys that differ from live; others are skipped. */
  outOfSync?: ReadonlySet<string>;
  /** Names hooks that only have generateName, stable across the steps of one operation. */
  operationId: string;
  /** The app whose tracking id marks generated hook names. */
  appName: string;
}

const PHASE_RANK: Record<SyncPhase, number> = { PreSync: 0, Sync: 1, PostSync: 2, SyncFail: 3 };

/**
 * Orders the work of a sync: phase, then wave, then Helm's kind order, then name. Prunes
 * carry the wave of the live object and run in reverse kind order within it; PruneLast
 * prunes go after everything else.
 */
export function planSync(
  pairs: readonly ResourcePair[],
  hooks: readonly KubeObject[],
  liveHooks: ReadonlyMap<string, KubeObject>,
  options: PlanOptions,
): SyncTask[] {
  const tasks: SyncTask[] = [];
  let lastWave = 0;
  for (const pair of pairs) {
    const obj = (pair.target ?? pair.live)!;
    const prune = pair.target === null;
    if (options.only !== undefined && !options.only.has(pair.key)) continue;
    if (prune && !canPrune(obj, options)) continue;
    if (!prune && options.outOfSync !== undefined && !options.outOfSync.has(pair.key)) continue;
    const wave = parseSyncWave(obj.metadata.annotations?.[Annotation.syncWave]);
    lastWave = Math.max(lastWave, wave);
    tasks.push({ ...pair, id: `Sync/${pair.key}`, phase: 'Sync', wave, prune });
  }
  reversePruneWaves(tasks);
  for (const task of tasks) {
    if (task.prune && resourceSyncOptionIs(task.live, options.syncOptions, 'PruneLast', 'true')) {
      task.wave = lastWave + 1;
    }
  }
  if (options.only === undefined) tasks.push(...hookTasks(hooks, liveHooks, options));
  return tasks.sort(compareTasks);
}

/** Prunes run in the reverse of creation order: the highest wave is pruned first. */
function reversePruneWaves(tasks: SyncTask[]): void {
  const waves = [...new Set(tasks.filter((t) => t.prune).map((t) => t.wave))].sort((a, b) => a - b);
  const reversed = new Map(waves.map((w, i) => [w, waves[waves.length - 1 - i]!]));
  for (const task of tasks) if (task.prune) task.wave = reversed.get(task.wave)!;
}

function canPrune(obj: KubeObject, options: PlanOptions): boolean {
  if (!options.prune) return false;
  if (resourceSyncOptionIs(obj, undefined, 'Prune', 'false')) return false;
  return !resourceSyncOptionIs(obj, undefined, 'Delete', 'false');
}

function hookTasks(
  hooks: readonly KubeObject[],
  liveHooks: ReadonlyMap<string, KubeObject>,
  options: PlanOptions,
): SyncTask[] {
  const tasks: SyncTask[] = [];
  for (const source of hooks) {
    const types = parseHookTypes(source) ?? [];
    for (const type of types) {
      if (type === 'Skip') continue;
      const target = nameHook(source, options, type);
      const key = keyString(keyOf(target));
      tasks.push({
        key,
        id: `${type}/${key}`,
        target,
        live: liveHooks.get(key) ?? null,
        phase: type,
        wave: hookWave(source),
        prune: false,
        hook: { type, deletePolicies: hookDeletePolicies(source) },
      });
    }
  }
  return tasks;
}

/** Gives a generateName-only hook a name that stays the same for the whole operation. */
function nameHook(hook: KubeObject, options: PlanOptions, type: HookType): KubeObject {
  if (hook.metadata.name !== undefined && hook.metadata.name !== '') return hook;
  const suffix = createHash('sha256')
    .update(`${options.operationId}/${type}`)
    .digest('hex')
    .slice(0, 5);
  const { generateName, ...metadata } = hook.metadata;
  const named: KubeObject = {
    ...hook,
    metadata: { ...metadata, name: `${generateName ?? 'hook-'}${suffix}` },
  };
  named.metadata.annotations = {
    ...named.metadata.annotations,
    [Annotation.trackingId]: trackingId(options.appName, named),
  };
  return named;
}

function compareTasks(a: SyncTask, b: SyncTask): number {
  const phase = PHASE_RANK[a.phase] - PHASE_RANK[b.phase];
  if (phase !== 0) return phase;
  if (a.wave !== b.wave) return a.wave - b.wave;
  if (a.prune !== b.prune) return a.prune ? 1 : -1;
  const kindA = kindRank((a.target ?? a.live)!.kind);
  const kindB = kindRank((b.target ?? b.live)!.kind);
  if (kindA !== kindB) return a.prune ? kindB - kindA : kindA - kindB;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
