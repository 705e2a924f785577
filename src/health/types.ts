import type { KubeObject } from '../kube/object.js';
import type { HealthStatusCode } from '../model/vocabulary.js';

export interface HealthStatus {
  status: HealthStatusCode;
  message?: string;
}

/** A health check for one kind; `undefined` means the check has nothing to say. */
export type HealthCheck = (obj: KubeObject) => HealthStatus | undefined;
