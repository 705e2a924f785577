import type { KubeObject } from '../../kube/object.js';
import type { HealthStatus } from '../types.js';
import { findCondition, generationPending, numberAt, type Condition } from './fields.js';

interface ReplicaSetView {
  spec?: { replicas?: number };
  status?: { observedGeneration?: number; availableReplicas?: number; conditions?: Condition[] };
}

/** Argo CD's ReplicaSet health: observed generation, ReplicaFailure, then available replicas. */
export function replicaSetHealth(obj: KubeObject): HealthStatus {
  const rs = obj as KubeObject & ReplicaSetView;
  const status = rs.status ?? {};
  if (generationPending(obj.metadata.generation, status.observedGeneration)) {
    return {
      status: 'Progressing',
      message:
        'Waiting for rollout to finish: observed replica set generation less than desired generation',
    };
  }
  const failure = findCondition(status.conditions, 'ReplicaFailure');
  if (failure?.status === 'True') return { status: 'Degraded', message: failure.message };
  const desired = rs.spec?.replicas ?? 1;
  const available = numberAt(status.availableReplicas);
  if (available < desired) {
    return {
      status: 'Progressing',
      message: `Waiting for rollout to finish: ${available} out of ${desired} new replicas are available...`,
    };
  }
  return { status: 'Healthy' };
}
