import { isConflict } from '../cluster/cluster-errors.js';
import type { KubeClient } from '../cluster/kube-client.js';
import { jsonEqual } from '../kube/object.js';
import type { Application } from '../model/application.js';

/**
 * Writes a reconcile's status fields when one other than `reconciledAt` changed, or when asked
 * to `stamp` the reconcile time anyway.
 *
 * `app` is the cached copy the reconcile started from. When the server still holds that
 * version, only the fields that differ from it are sent, on condition of its resourceVersion,
 * as Argo CD sends a patch of what changed. When the server holds a later version (the cache
 * has yet to see it), that write fails with a conflict and every field is sent instead.
 */
export async function writeAppStatus(
  client: KubeClient,
  app: Application,
  status: Record<string, unknown>,
  stamp: boolean,
): Promise<void> {
  const current = (app.status ?? {}) as unknown as Record<string, unknown>;
  const changed = Object.keys(status).filter(
    (k) => k !== 'reconciledAt' && !jsonEqual(current[k] ?? null, status[k] ?? null),
  );
  if (changed.length === 0 && !stamp && current['reconciledAt'] !== undefined) return;
  const resourceVersion = app.metadata.resourceVersion;
  if (app.status !== undefined && resourceVersion !== undefined) {
    const fields: Record<string, unknown> = { reconciledAt: status['reconciledAt'] };
    for (const k of changed) fields[k] = status[k];
    try {
      await client.writeStatus(app, fields, resourceVersion);
      return;
    } catch (err) {
      if (!isConflict(err)) throw err;
    }
  }
  await client.writeStatus(app, status);
}
