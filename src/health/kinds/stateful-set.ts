import type { KubeObject } from '../../kube/object.js';
import type { HealthStatus } from '../types.js';
import { generationPending, numberAt } from './fields.js';

interface StatefulSetView {
  spec?: {
    replicas?: number;
    updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } };
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    readyReplicas?: number;
    updatedReplicas?: number;
    currentRevision?: string;
    updateRevision?: string;
  };
}

/** Argo CD's StatefulSet health: observed generation, ready pods, then the update strategy. */
export function statefulSetHealth(obj: KubeObject): HealthStatus {
  const sts = obj as KubeObject & StatefulSetView;
  const status = sts.status ?? {};
  if (
    status.observedGeneration === undefined ||
    generationPending(obj.metadata.generation, status.observedGeneration)
  ) {
    return {
      status: 'Progressing',
      message: 'Waiting for statefulset spec update to be observed...',
    };
  }
  const desired = sts.spec?.replicas ?? 1;
  const ready = numberAt(status.readyReplicas);
  if (ready < desired) {
    return { status: 'Progressing', message: `Waiting for ${desired - ready} pods to be ready...` };
  }
  const strategy = sts.spec?.updateStrategy;
  const partition = strategy?.rollingUpdate?.partition;
  if (
    (strategy?.type ?? 'RollingUpdate') === 'RollingUpdate' &&
    partition !== undefined &&
    partition > 0
  ) {
    const expected = Math.max(0, desired - partition);
    const updated = numberAt(status.updatedReplicas);
    if (updated < expected) {
      return {
        status: 'Progressing',
        message: `Waiting for partitioned roll out to finish: ${updated} out of ${expected} new pods have been updated...`,
      };
    }
    return {
      status: 'Healthy',
      message: `partitioned roll out complete: ${updated} new pods have been updated...`,
    };
  }
  if (strategy?.type === 'OnDelete') {
    return { status: 'Healthy', message: `statefulset has ${ready} ready pods` };
  }
  if (status.updateRevision !== undefined && status.updateRevision !== status.currentRevision) {
    return {
      status: 'Progressing',
      message: `waiting for statefulset rolling update to complete ${numberAt(status.updatedReplicas)} pods at revision ${status.updateRevision}...`,
    };
  }
  return {
    status: 'Healthy',
    message: `statefulset rolling update complete ${numberAt(status.replicas)} pods at revision ${status.currentRevision ?? ''}...`,
  };
}
