import type { KubeObject } from '../../kube/object.js';
import type { HealthStatus } from '../types.js';

interface ServiceView {
  spec?: { type?: string };
  status?: { loadBalancer?: { ingress?: unknown[] } };
}

/** A LoadBalancer Service is Progressing until it has an ingress point; others are Healthy. */
export function serviceHealth(obj: KubeObject): HealthStatus {
  const svc = obj as KubeObject & ServiceView;
  if (svc.spec?.type === 'LoadBalancer' && (svc.status?.loadBalancer?.ingress ?? []).length === 0) {
    return { status: 'Progressing', message: 'Waiting for the load balancer to get an address' };
  }
  return { status: 'Healthy' };
}
