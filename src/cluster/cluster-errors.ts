import { ClusterError } from '../model/errors.js';

/** The HTTP status of a failed Kubernetes call, when the server answered. */
export function statusCodeOf(err: unknown): number | undefined {
  if (err instanceof ClusterError && typeof err.data['statusCode'] === 'number') {
    return err.data['statusCode'];
  }
  return undefined;
}

export function isNotFound(err: unknown): boolean {
  return statusCodeOf(err) === 404;
}

export function isConflict(err: unknown): boolean {
  return statusCodeOf(err) === 409;
}

/** Whether the server refused the call for want of permission (RBAC), not because it failed. */
export function isForbidden(err: unknown): boolean {
  return statusCodeOf(err) === 403;
}
