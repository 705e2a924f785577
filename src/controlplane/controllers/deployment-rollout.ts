import { resolveIntOrPercent } from '../../kube/int-or-percent.js';
import { isPlainObject, type KubeObject } from '../../kube/object.js';

/** What the rollout arithmetic needs to know about one ReplicaSet. */
export interface ReplicaSetView {
  name: string;
  spec: number;
  replicas: number;
  ready: number;
  available: number;
  created: string;
}

export interface RolloutParams {
  desired: number;
  recreate: boolean;
  maxSurge: number;
  maxUnavailable: number;
}

export function rolloutParams(deployment: Readonly<KubeObject>): RolloutParams {
  const spec = isPlainObject(deployment['spec']) ? deployment['spec'] : {};
  const desired = typeof spec['replicas'] === 'number' ? spec['replicas'] : 1;
  const strategy = isPlainObject(spec['strategy']) ? spec['strategy'] : {};
  const rolling = isPlainObject(strategy['rollingUpdate']) ? strategy['rollingUpdate'] : {};
  const recreate = strategy['type'] === 'Recreate';
  let maxSurge = resolveIntOrPercent(rolling['maxSurge'] ?? '25%', desired, true);
  let maxUnavailable = resolveIntOrPercent(rolling['maxUnavailable'] ?? '25%', desired, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  if (recreate) {
    maxSurge = 0;
    maxUnavailable = desired;
  }
  return { desired, recreate, maxSurge, maxUnavailable };
}

/**
 * The next replica counts, as the deployment controller computes them in one sync: scale
 * the new ReplicaSet up within maxSurge, or else scale old ones down within
 * maxUnavailable (unhealthy replicas first). Returns only the counts that change.
 */
export function planReplicas(
  params: RolloutParams,
  newRs: ReplicaSetView,
  old: ReplicaSetView[],
): Map<string, number> {
  const changes = new Map<string, number>();
  const activeOld = old.filter((rs) => rs.spec > 0);
  if (params.recreate) {
    if (activeOld.length > 0) {
      for (const rs of activeOld) changes.set(rs.name, 0);
      return changes;
    }
    if (old.some((rs) => rs.replicas > 0)) return changes;
    if (newRs.spec !== params.desired) changes.set(newRs.name, params.desired);
    return changes;
  }
  if (activeOld.length === 0) {
    if (newRs.spec !== params.desired) changes.set(newRs.name, params.desired);
    return changes;
  }
  const all = [newRs, ...old];
  const total = all.reduce((n, rs) => n + rs.spec, 0);
  if (newRs.spec < params.desired) {
    const room = params.desired + params.maxSurge - total;
    if (room > 0) {
      changes.set(newRs.name, newRs.spec + Math.min(room, params.desired - newRs.spec));
      return changes;
    }
  } else if (newRs.spec > params.desired) {
    changes.set(newRs.name, params.desired);
    return changes;
  }
  const minAvailable = params.desired - params.maxUnavailable;
  const newUnavailable = Math.max(0, newRs.spec - newRs.available);
  const maxScaledDown = total - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return changes;
  const oldest = [...activeOld].sort((a, b) =>
    a.created < b.created ? -1 : a.created > b.created ? 1 : 0,
  );
  const target = new Map(oldest.map((rs) => [rs.name, rs.spec]));
  let scaled = 0;
  for (const rs of oldest) {
    if (scaled >= maxScaledDown) break;
    const unhealthy = rs.spec - rs.available;
    if (unhealthy <= 0) continue;
    const down = Math.min(maxScaledDown - scaled, unhealthy);
    target.set(rs.name, rs.spec - down);
    scaled += down;
  }
  const availableTotal = all.reduce((n, rs) => n + rs.available, 0);
  let budget = availableTotal - minAvailable;
  for (const rs of oldest) {
    if (budget <= 0) break;
    const current = target.get(rs.name)!;
    if (current === 0) continue;
    const down = Math.min(current, budget);
    target.set(rs.name, current - down);
    budget -= down;
  }
  for (const rs of oldest)
    if (target.get(rs.name) !== rs.spec) changes.set(rs.name, target.get(rs.name)!);
  return changes;
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

/** Deployment status from its ReplicaSets, with conditions that `kubectl rollout status` reads. */
/** Where a rollout stands, beyond its replica counts. */
export const RolloutState = {
  Progressing: 'Progressing',
  Paused: 'Paused',
  DeadlineExceeded: 'DeadlineExceeded',
} as const;
export type RolloutState = (typeof RolloutState)[keyof typeof RolloutState];

/** Whether every replica runs the newest template and is available. */
export function isRolloutComplete(
  params: RolloutParams,
  newRs: ReplicaSetView | undefined,
  all: readonly ReplicaSetView[],
): boolean {
  const sum = (f: (rs: ReplicaSetView) => number): number => all.reduce((n, rs) => n + f(rs), 0);
  return (
    newRs !== undefined &&
    newRs.replicas === params.desired &&
    sum((rs) => rs.replicas) === params.desired &&
    sum((rs) => rs.available) === params.desired
  );
}

export function deploymentStatus(
  deployment: Readonly<KubeObject>,
  params: RolloutParams,
  newRs: ReplicaSetView | undefined,
  all: ReplicaSetView[],
  now: string,
  state: RolloutState = RolloutState.Progressing,
): Record<string, unknown> {
  const sum = (f: (rs: ReplicaSetView) => number): number => all.reduce((n, rs) => n + f(rs), 0);
  const replicas = sum((rs) => rs.replicas);
  const updatedReplicas = newRs?.replicas ?? 0;
  const readyReplicas = sum((rs) => rs.ready);
  const availableReplicas = sum((rs) => rs.available);
  const generation = deployment.metadata.generation ?? 1;
  const complete = isRolloutComplete(params, newRs, all);
  const available = availableReplicas >= params.desired - params.maxUnavailable;
  const previous = isPlainObject(deployment['status']) ? deployment['status'] : {};
  const oldConditions = (
    Array.isArray(previous['conditions']) ? previous['conditions'] : []
  ) as Condition[];
  const conditions = [
    available
      ? {
          type: 'Available',
          status: 'True' as const,
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
        }
      : {
          type: 'Available',
          status: 'False' as const,
          reason: 'MinimumReplicasUnavailable',
          message: 'Deployment does not have minimum availability.',
        },
    progressingCondition(state, complete, newRs?.name ?? ''),
  ].map((c) => withTimes(c, oldConditions, now));
  const status: Record<string, unknown> = {
    observedGeneration: generation,
    replicas,
    updatedReplicas,
    readyReplicas,
    availableReplicas,
    conditions,
  };
  const unavailable = Math.max(0, replicas - availableReplicas, params.desired - availableReplicas);
  if (unavailable > 0) status['unavailableReplicas'] = unavailable;
  for (const key of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas']) {
    if (status[key] === 0) delete status[key];
  }
  return status;
}

function progressingCondition(state: RolloutState, complete: boolean, rsName: string): Condition {
  if (state === RolloutState.Paused)
    return {
      type: 'Progressing',
      status: 'Unknown',
      reason: 'DeploymentPaused',
      message: 'Deployment is paused',
    };
  if (complete)
    return {
      type: 'Progressing',
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "${rsName}" has successfully progressed.`,
    };
  if (state === RolloutState.DeadlineExceeded)
    return {
      type: 'Progressing',
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${rsName}" has timed out progressing.`,
    };
  return {
    type: 'Progressing',
    status: 'True',
    reason: 'ReplicaSetUpdated',
    message: `ReplicaSet "${rsName}" is progressing.`,
  };
}

/** Keeps a condition's timestamps while its status/reason/message do not change. */
export function withTimes(
  condition: Condition,
  previous: readonly Condition[],
  now: string,
): Condition {
  const old = previous.find((c) => c.type === condition.type);
  if (
    old &&
    old.status === condition.status &&
    old.reason === condition.reason &&
    old.message === condition.message
  ) {
    return {
      ...condition,
      lastUpdateTime: old.lastUpdateTime ?? now,
      lastTransitionTime: old.lastTransitionTime ?? now,
    };
  }
  const transition = old && old.status === condition.status ? (old.lastTransitionTime ?? now) : now;
  return { ...condition, lastUpdateTime: now, lastTransitionTime: transition };
}
