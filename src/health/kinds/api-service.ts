import type { KubeObject } from '../../kube/object.js';
import type { HealthStatus } from '../types.js';
import { findCondition, joinMessage, type Condition } from './fields.js';

interface ApiServiceView {
  status?: { conditions?: Condition[] };
}

/** Argo CD's APIService health: its Available condition decides. */
export function apiServiceHealth(obj: KubeObject): HealthStatus {
  const available = findCondition(
    (obj as KubeObject & ApiServiceView).status?.conditions,
    'Available',
  );
  if (available === undefined) return { status: 'Progressing', message: 'Waiting to be processed' };
  const message = joinMessage(available.reason, available.message);
  return available.status === 'True'
    ? { status: 'Healthy', message }
    : { status: 'Progressing', message };
}
