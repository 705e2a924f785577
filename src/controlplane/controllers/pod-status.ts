import { isPlainObject, type KubeObject } from '../../kube/object.js';

/** Whether a pod's Ready condition is True. */
export function isPodReady(pod: Readonly<KubeObject>): boolean {
  const status = isPlainObject(pod['status']) ? pod['status'] : {};
  const conditions = Array.isArray(status['conditions'])
    ? (status['conditions'] as Record<string, unknown>[])
    : [];
  return conditions.some((c) => c['type'] === 'Ready' && c['status'] === 'True');
}

export function podPhase(pod: Readonly<KubeObject>): string {
  const status = isPlainObject(pod['status']) ? pod['status'] : {};
  return typeof status['phase'] === 'string' ? status['phase'] : 'Pending';
}

export function isPodActive(pod: Readonly<KubeObject>): boolean {
  const phase = podPhase(pod);
  return (
    pod.metadata.deletionTimestamp === undefined && phase !== 'Succeeded' && phase !== 'Failed'
  );
}

/**
 * The order in which a ReplicaSet gives up pods when scaling down, as in Kubernetes:
 * unscheduled before scheduled, pending before running, not ready before ready, newer first.
 */
export function scaleDownOrder(a: Readonly<KubeObject>, b: Readonly<KubeObject>): number {
  const rank = (pod: Readonly<KubeObject>): number => {
    const spec = isPlainObject(pod['spec']) ? pod['spec'] : {};
    if (spec['nodeName'] === undefined) return 0;
    if (podPhase(pod) === 'Pending') return 1;
    return isPodReady(pod) ? 3 : 2;
  };
  const byRank = rank(a) - rank(b);
  if (byRank !== 0) return byRank;
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  return ta > tb ? -1 : ta < tb ? 1 : 0;
}
