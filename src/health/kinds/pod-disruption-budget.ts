import type { KubeObject } from '../../kube/object.js';
import type { HealthStatus } from '../types.js';
import { findCondition, generationPending, numberAt, type Condition } from './fields.js';

interface PdbView {
  status?: {
    observedGeneration?: number;
    currentHealthy?: number;
    desiredHealthy?: number;
    conditions?: Condition[];
  };
}

/**
 * A PodDisruptionBudget is Degraded when fewer pods are healthy than it requires (or the
 * disruption controller cannot compute it), and Healthy otherwise.
 */
export function podDisruptionBudgetHealth(obj: KubeObject): HealthStatus {
  const status = (obj as KubeObject & PdbView).status;
  if (
    status === undefined ||
    generationPending(obj.metadata.generation, status.observedGeneration)
  ) {
    return {
      status: 'Progressing',
      message: 'Waiting for the disruption controller to observe the budget',
    };
  }
  const allowed = findCondition(status.conditions, 'DisruptionAllowed');
  if (allowed?.status === 'False' && allowed.reason === 'SyncFailed') {
    return { status: 'Degraded', message: allowed.message ?? 'The disruption controller failed' };
  }
  const current = numberAt(status.currentHealthy);
  const desired = numberAt(status.desiredHealthy);
  if (current < desired) {
    return {
      status: 'Degraded',
      message: `${current} of ${desired} required pods are healthy`,
    };
  }
  return { status: 'Healthy', message: `${current} of ${desired} required pods are healthy` };
}
