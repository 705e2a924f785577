import type { KubeObject } from '../../kube/object.js';
import type { HealthStatus } from '../types.js';

interface CronJobView {
  spec?: { suspend?: boolean };
  status?: { active?: unknown[]; lastScheduleTime?: string; lastSuccessfulTime?: string };
}

/**
 * A CronJob is Suspended when suspended, Healthy when its last scheduled run succeeded or it
 * has not run yet, Progressing while its first run is active, and Degraded when its last run
 * did not succeed. A run in progress after a success stays Healthy, so apps do not flap.
 */
export function cronJobHealth(obj: KubeObject): HealthStatus {
  const cj = obj as KubeObject & CronJobView;
  if (cj.spec?.suspend === true) return { status: 'Suspended', message: 'CronJob is suspended' };
  const status = cj.status ?? {};
  const active = (status.active ?? []).length > 0;
  if (status.lastScheduleTime === undefined) {
    return { status: 'Healthy', message: 'CronJob has not been scheduled yet' };
  }
  if (status.lastSuccessfulTime === undefined) {
    return active
      ? { status: 'Progressing', message: 'The first job is running' }
      : {
          status: 'Degraded',
          message: 'CronJob has not completed its last execution successfully',
        };
  }
  if (Date.parse(status.lastSuccessfulTime) < Date.parse(status.lastScheduleTime)) {
    return active
      ? { status: 'Healthy', message: 'A job is running; the previous one was successful' }
      : {
          status: 'Degraded',
          message: 'CronJob has not completed its last execution successfully',
        };
  }
  return { status: 'Healthy', message: 'The last job was successful' };
}
