import { compareAsync } from '../diff/compare-async.js';
import type { CompareOptions } from '../diff/compare-options.js';
import { ignoresExtraneous } from '../diff/extraneous.js';
import { aggregateResourceHealth, getHealth } from '../health/health.js';
import type { HealthCheck } from '../health/types.js';
import { parseApiVersion, type KubeObject } from '../kube/object.js';
import type { ResourceStatus } from '../model/application.js';
import type { HealthStatusCode, SyncStatusCode } from '../model/vocabulary.js';
import type { ResourcePair } from '../sync/align.js';
import { rolloutProgress } from './rollout-progress.js';

export interface ComparedApp {
  sync: SyncStatusCode;
  health: HealthStatusCode;
  resources: ResourceStatus[];
}

export interface CompareAppOptions {
  /** ignoreDifferences and the other diff settings. */
  compare?: CompareOptions;
  /** Health checks by `group/Kind`, custom ones included. @defaultValue the built-in checks */
  healthChecks?: Readonly<Record<string, HealthCheck>>;
}

/**
 * The sync and health of an app from its aligned pairs, as Argo CD reports them: a resource
 * is OutOfSync when missing, changed, or extraneous (unless it asks to be ignored as
 * extraneous); a missing resource is Missing; hooks and ignore-healthcheck resources do
 * not count towards health.
 */
export async function compareApp(
  pairs: readonly ResourcePair[],
  options: CompareAppOptions = {},
): Promise<ComparedApp> {
  const resources = await Promise.all(pairs.map((pair) => resourceStatus(pair, options)));
  const outOfSync = resources.some(
    (r, i) => r.status === 'OutOfSync' && !(r.requiresPruning && ignoresExtraneous(pairs[i]!.live)),
  );
  const health = aggregateResourceHealth(
    resources.map((r, i) => ({ target: pairs[i]!.target, live: pairs[i]!.live, health: r.health })),
  );
  return { sync: outOfSync ? 'OutOfSync' : 'Synced', health, resources };
}

async function resourceStatus(
  pair: ResourcePair,
  options: CompareAppOptions,
): Promise<ResourceStatus> {
  const obj: KubeObject = (pair.target ?? pair.live)!;
  const gv = parseApiVersion(obj.apiVersion);
  const diff = await compareAsync(pair.target, pair.live, options.compare);
  const status: SyncStatusCode = pair.target === null || diff.modified ? 'OutOfSync' : 'Synced';
  const base: ResourceStatus = {
    group: gv.group,
    version: gv.version,
    kind: obj.kind,
    namespace: obj.metadata.namespace ?? '',
    name: obj.metadata.name ?? '',
    status,
  };
  if (pair.target === null) return { ...base, requiresPruning: true };
  if (pair.live === null) return { ...base, health: { status: 'Missing' } };
  const health =
    options.healthChecks === undefined
      ? getHealth(pair.live)
      : getHealth(pair.live, options.healthChecks);
  const rollout = rolloutProgress(pair.live);
  const withRollout = rollout === undefined ? base : { ...base, rollout };
  if (health === undefined) return withRollout;
  return {
    ...withRollout,
    health: health.message === undefined ? { status: health.status } : health,
  };
}
