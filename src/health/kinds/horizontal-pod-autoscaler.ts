import type { KubeObject } from '../../kube/object.js';
import type { HealthStatus } from '../types.js';
import type { Condition } from './fields.js';

/** The autoscaling/v1 API keeps v2's conditions as JSON in this annotation. */
const V1_CONDITIONS = 'autoscaling.alpha.kubernetes.io/conditions';

const DEGRADED: readonly (readonly [string, string])[] = [
  ['AbleToScale', 'FailedGetScale'],
  ['AbleToScale', 'FailedUpdateScale'],
  ['ScalingActive', 'FailedGetResourceMetric'],
  ['ScalingActive', 'InvalidSelector'],
];

const HEALTHY: readonly (readonly [string, string])[] = [
  ['AbleToScale', 'SucceededRescale'],
  ['ScalingLimited', 'DesiredWithinRange'],
  ['ScalingLimited', 'TooFewReplicas'],
  ['ScalingLimited', 'TooManyReplicas'],
];

const matches = (table: typeof DEGRADED, c: Condition): boolean =>
  table.some(([type, reason]) => c.type === type && c.reason === reason);

function conditionsOf(obj: KubeObject): Condition[] {
  if (obj.apiVersion === 'autoscaling/v1') {
    const text = obj.metadata.annotations?.[V1_CONDITIONS];
    if (text === undefined) return [];
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? (parsed as Condition[]) : [];
  }
  const status = obj['status'] as { conditions?: Condition[] } | undefined;
  return status?.conditions ?? [];
}

/** Argo CD's HorizontalPodAutoscaler health, from v2 conditions or v1's conditions annotation. */
export function horizontalPodAutoscalerHealth(obj: KubeObject): HealthStatus {
  for (const condition of conditionsOf(obj)) {
    if (matches(DEGRADED, condition)) return { status: 'Degraded', message: condition.message };
    if (matches(HEALTHY, condition)) return { status: 'Healthy', message: condition.message };
  }
  return { status: 'Progressing', message: 'Waiting to Autoscale' };
}
