import type { KubeObject } from '../../kube/object.js';
import type { HealthStatus } from '../types.js';

interface IngressView {
  status?: { loadBalancer?: { ingress?: unknown[] } };
}

/** An Ingress is Healthy once its load balancer reports an address, as in Argo CD. */
export function ingressHealth(obj: KubeObject): HealthStatus {
  const ingress = (obj as KubeObject & IngressView).status?.loadBalancer?.ingress ?? [];
  return ingress.length > 0
    ? { status: 'Healthy' }
    : { status: 'Progressing', message: 'Waiting for the ingress to get an address' };
}
