import type { KubeObject } from '../kube/object.js';
import { groupKind, keyOf } from '../kube/resource-key.js';
import { describeError } from '../model/errors.js';
import { HEALTH_CHECKS } from './registry.js';
import type { HealthCheck, HealthStatus } from './types.js';

export {
  aggregateHealth,
  aggregateResourceHealth,
  countsForAppHealth,
  ignoresHealthCheck,
  isHook,
  type ResourceHealth,
} from './aggregate.js';

/**
 * The health of one live object, or `undefined` when no check applies to its kind.
 * An object being deleted is Progressing; a check that throws yields Unknown.
 */
export function getHealth(
  obj: KubeObject,
  checks: Readonly<Record<string, HealthCheck>> = HEALTH_CHECKS,
): HealthStatus | undefined {
  if (obj.metadata.deletionTimestamp !== undefined && obj.metadata.deletionTimestamp !== null) {
    return { status: 'Progressing', message: 'Pending deletion' };
  }
  const check = checks[groupKind(keyOf(obj))];
  if (check === undefined) return undefined;
  try {
    return check(obj);
  } catch (err) {
    return { status: 'Unknown', message: describeError(err) };
  }
}
