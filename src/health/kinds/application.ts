import type { KubeObject } from '../../kube/object.js';
import { HEALTH_ORDER, type HealthStatusCode } from '../../model/vocabulary.js';
import type { HealthStatus } from '../types.js';

interface ApplicationView {
  status?: { health?: { status?: string; message?: string } };
}

/** An Application's health, Ferry's or Argo CD's, is what its own status says: app-of-apps. */
export function applicationHealth(obj: KubeObject): HealthStatus {
  const health = (obj as KubeObject & ApplicationView).status?.health;
  const status = HEALTH_ORDER.find((code): code is HealthStatusCode => code === health?.status);
  if (status === undefined)
    return { status: 'Progressing', message: 'Waiting for the Application to report health' };
  return { status, message: health?.message };
}
