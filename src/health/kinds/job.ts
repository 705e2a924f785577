import type { KubeObject } from '../../kube/object.js';
import type { HealthStatus } from '../types.js';
import { findCondition, type Condition } from './fields.js';

interface JobView {
  spec?: { suspend?: boolean };
  status?: { conditions?: Condition[]; active?: number };
}

/** Argo CD's Job health: Failed is Degraded, Complete Healthy, Suspended Suspended, else running. */
export function jobHealth(obj: KubeObject): HealthStatus {
  const conditions = (obj as KubeObject & JobView).status?.conditions;
  const isTrue = (type: string): Condition | undefined => {
    const c = findCondition(conditions, type);
    return c?.status === 'True' ? c : undefined;
  };
  const failed = isTrue('Failed');
  if (failed !== undefined) return { status: 'Degraded', message: failed.message ?? failed.reason };
  const complete = isTrue('Complete');
  if (complete !== undefined) return { status: 'Healthy', message: complete.message };
  const suspended = isTrue('Suspended');
  if (suspended !== undefined) {
    return { status: 'Suspended', message: suspended.message ?? 'Job suspended' };
  }
  if ((obj as KubeObject & JobView).spec?.suspend === true) {
    return { status: 'Suspended', message: 'Job suspended' };
  }
  return { status: 'Progressing', message: 'Job is running' };
}
