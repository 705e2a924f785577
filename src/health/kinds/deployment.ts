import type { KubeObject } from '../../kube/object.js';
import type { HealthStatus } from '../types.js';
import { findCondition, numberAt, type Condition } from './fields.js';

interface DeploymentView {
  spec?: { paused?: boolean; replicas?: number };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    conditions?: Condition[];
  };
}

/** Argo CD's Deployment health: paused, deadline exceeded, then rollout progress. */
export function deploymentHealth(obj: KubeObject): HealthStatus {
  const d = obj as KubeObject & DeploymentView;
  if (d.spec?.paused) return { status: 'Suspended', message: 'Deployment is paused' };
  const generation = obj.metadata.generation ?? 0;
  const status = d.status ?? {};
  if ((status.observedGeneration ?? 0) < generation) {
    return {
      status: 'Progressing',
      message:
        'Waiting for rollout to finish: observed deployment generation less than desired generation',
    };
  }
  const progressing = findCondition(status.conditions, 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return {
      status: 'Degraded',
      message: `Deployment "${obj.metadata.name}" exceeded its progress deadline`,
    };
  }
  const desired = d.spec?.replicas ?? 1;
  const updated = numberAt(status.updatedReplicas);
  const replicas = numberAt(status.replicas);
  const available = numberAt(status.availableReplicas);
  if (updated < desired) {
    return {
      status: 'Progressing',
      message: `Waiting for rollout to finish: ${updated} out of ${desired} new replicas have been updated...`,
    };
  }
  if (replicas > updated) {
    return {
      status: 'Progressing',
      message: `Waiting for rollout to finish: ${replicas - updated} old replicas are pending termination...`,
    };
  }
  if (available < updated) {
    return {
      status: 'Progressing',
      message: `Waiting for rollout to finish: ${available} of ${updated} updated replicas are available...`,
    };
  }
  return { status: 'Healthy' };
}
