import type { KubeObject } from '../../kube/object.js';
import type { HealthStatus } from '../types.js';
import { generationPending, numberAt } from './fields.js';

interface DaemonSetView {
  spec?: { updateStrategy?: { type?: string } };
  status?: {
    observedGeneration?: number;
    desiredNumberScheduled?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
  };
}

/** Argo CD's DaemonSet health: observed generation, then OnDelete or the rolling update's progress. */
export function daemonSetHealth(obj: KubeObject): HealthStatus {
  const ds = obj as KubeObject & DaemonSetView;
  const status = ds.status ?? {};
  const name = obj.metadata.name ?? '';
  if (generationPending(obj.metadata.generation, status.observedGeneration)) {
    return {
      status: 'Progressing',
      message:
        'Waiting for rollout to finish: observed daemon set generation less than desired generation',
    };
  }
  const desired = numberAt(status.desiredNumberScheduled);
  const updated = numberAt(status.updatedNumberScheduled);
  if (ds.spec?.updateStrategy?.type === 'OnDelete') {
    return {
      status: 'Healthy',
      message: `daemon set ${updated} out of ${desired} new pods have been updated`,
    };
  }
  if (updated < desired) {
    return {
      status: 'Progressing',
      message: `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...`,
    };
  }
  const available = numberAt(status.numberAvailable);
  if (available < desired) {
    return {
      status: 'Progressing',
      message: `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...`,
    };
  }
  return { status: 'Healthy' };
}
