import jsonPatch from 'fast-json-patch';
import { cloneJson, jsonEqual, type KubeObject } from '../kube/object.js';
import { Annotation } from '../model/annotations.js';
import {
  resolveCompareOptions,
  type CompareOptions,
  type ResolvedCompareOptions,
} from './compare-options.js';
import { applyKnownDefaults } from './defaults/known-defaults.js';
import { DiffError } from './diff-errors.js';
import { getAt, putAt, type FieldPath } from './field-path.js';
import { jqExpressions, managersOf, pointerPaths, rulesFor } from './ignore-differences.js';
import { managedPaths, managedSkeleton } from './managed-fields.js';
import { maskSecrets } from './mask-secrets.js';
import { normalize } from './normalize.js';
import { predict } from './predict.js';

export interface DiffResult {
  /** True when applying the desired object would change the live one. */
  modified: boolean;
  /** Live without status and server metadata; Secret values masked. */
  normalizedLive: KubeObject | null;
  /** What live would look like after applying the desired object; Secret values masked. */
  predictedLive: KubeObject | null;
  /** JSON Patch from normalizedLive to predictedLive (masked values for Secrets). */
  patch: jsonPatch.Operation[];
}

/**
 * Compares a desired object with its live counterpart. Either may be null:
 * no live object means it must be created, no desired object means it is extraneous.
 *
 * Synchronous: resources selected by `jqPathExpressions` rules need `compareAsync`,
 * and `compare` throws DiffError for them.
 */
export function compare(
  desired: KubeObject | null,
  live: KubeObject | null,
  options?: CompareOptions,
): DiffResult {
  const o = resolveCompareOptions(options);
  const normalizedLive = live === null ? null : normalize(live);
  if (desired === null) return finish(false, normalizedLive, null, o);
  const target = normalize(desired);
  if (live === null || normalizedLive === null) return finish(true, null, target, o);
  const rules = rulesFor(o.ignoreDifferences, desired);
  if (jqExpressions(rules).length > 0) {
    throw new DiffError('ignoreDifferences with jqPathExpressions need compareAsync', {
      data: { kind: desired.kind, name: desired.metadata.name },
    });
  }
  if (o.applyDefaults) applyKnownDefaults(target, normalizedLive);
  let predictedLive = predict(lastApplied(live, o), target, normalizedLive) as KubeObject;
  const ignored = ignoredPaths(live, pointerPaths(rules), [
    ...o.controllerManagers,
    ...managersOf(rules),
  ]);
  if (ignored.length > 0) {
    predictedLive = cloneJson(predictedLive);
    for (const path of ignored) putAt(predictedLive, path, cloneJson(getAt(normalizedLive, path)));
  }
  return finish(!jsonEqual(normalizedLive, predictedLive), normalizedLive, predictedLive, o);
}

function finish(
  modified: boolean,
  normalizedLive: KubeObject | null,
  predictedLive: KubeObject | null,
  o: ResolvedCompareOptions,
): DiffResult {
  const [shownLive, shownPredicted] = o.maskSecrets
    ? maskSecrets([normalizedLive, predictedLive] as const)
    : [normalizedLive, predictedLive];
  const patch =
    shownLive === null || shownPredicted === null
      ? []
      : jsonPatch.compare(shownLive, shownPredicted);
  return { modified, normalizedLive: shownLive, predictedLive: shownPredicted, patch };
}

/** What was last applied: the kubectl annotation, else Ferry's own server-side-apply fields. */
function lastApplied(live: KubeObject, o: ResolvedCompareOptions): unknown {
  const text = live.metadata.annotations?.[Annotation.lastApplied];
  if (text !== undefined) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  }
  if (live.metadata.managedFields === undefined) return undefined;
  return managedSkeleton(
    live,
    (e) => e.operation === 'Apply' && e.manager !== undefined && o.ownManagers.includes(e.manager),
  );
}

/** Paths whose differences never count: rule pointers and fields of the given managers. */
function ignoredPaths(
  live: KubeObject,
  pointers: FieldPath[],
  managers: readonly string[],
): FieldPath[] {
  if (managers.length === 0 || live.metadata.managedFields === undefined) return pointers;
  const owned = managedPaths(live, (e) => e.manager !== undefined && managers.includes(e.manager));
  return [...pointers, ...owned.filter((p) => p[0] !== 'status' && p[0] !== 'metadata')];
}
