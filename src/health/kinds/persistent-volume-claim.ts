import type { KubeObject } from '../../kube/object.js';
import type { HealthStatus } from '../types.js';

interface PvcView {
  status?: { phase?: string };
}

/** Argo CD's PVC health: Bound is Healthy, Pending Progressing, Lost Degraded. */
export function persistentVolumeClaimHealth(obj: KubeObject): HealthStatus {
  const phase = (obj as KubeObject & PvcView).status?.phase;
  switch (phase) {
    case 'Bound':
      return { status: 'Healthy' };
    case 'Pending':
      return { status: 'Progressing', message: 'Waiting for the claim to be bound' };
    case 'Lost':
      return { status: 'Degraded', message: 'The claim lost its volume' };
    default:
      return {
        status: 'Unknown',
        message: phase === undefined ? 'The claim has no phase' : `Unknown phase ${phase}`,
      };
  }
}
