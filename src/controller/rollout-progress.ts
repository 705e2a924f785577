import type { KubeObject } from '../kube/object.js';
import type { RolloutProgress } from '../model/application.js';

type Counts = Record<string, number | undefined>;

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** Updated, ready and available out of desired, for the workloads that roll out. */
export function rolloutProgress(live: KubeObject): RolloutProgress | undefined {
  if (!live.apiVersion.startsWith('apps/')) return undefined;
  const spec = (live['spec'] ?? {}) as Counts;
  const status = (live['status'] ?? {}) as Counts;
  switch (live.kind) {
    case 'Deployment':
    case 'StatefulSet':
      return {
        desired: typeof spec['replicas'] === 'number' ? spec['replicas'] : 1,
        updated: num(status['updatedReplicas']),
        ready: num(status['readyReplicas']),
        available: num(status['availableReplicas']),
      };
    case 'DaemonSet':
      return {
        desired: num(status['desiredNumberScheduled']),
        updated: num(status['updatedNumberScheduled']),
        ready: num(status['numberReady']),
        available: num(status['numberAvailable']),
      };
    default:
      return undefined;
  }
}
