import type { KubeWriter, LiveView } from '../ports.js';
import type { KubeObject } from '../../kube/object.js';
import type { Application } from '../../model/application.js';
import { describeError } from '../../model/errors.js';
import { isHookObject } from '../../sync/hooks.js';

export interface DeleteAppResult {
  /** Managed resources deleted before the app, with cascade. */
  pruned: string[];
  /** Resources whose deletion failed; the app is kept then. */
  failed: { resource: string; message: string }[];
}

/**
 * Deletes an Application without finalizers. With cascade, auto-sync is switched off first
 * (so nothing re-creates what is being removed), every resource the app manages is deleted
 * with foreground propagation, and only then the app itself; if a resource cannot be
 * deleted the app stays, so that the user can see and retry.
 */
export async function deleteApplication(
  client: KubeWriter,
  cache: LiveView,
  app: Application,
  cascade: boolean,
): Promise<DeleteAppResult> {
  const result: DeleteAppResult = { pruned: [], failed: [] };
  if (cascade) {
    if (app.spec.syncPolicy?.automated !== undefined) {
      await client.mergePatch(app, { spec: { syncPolicy: { automated: null } } });
    }
    const managed = cache.managedBy(app.metadata.name).filter((obj) => !isNamespace(obj));
    await Promise.all(
      managed.map(async (obj) => {
        const label = describe(obj);
        try {
          await client.delete(obj, {
            propagationPolicy: isHookObject(obj) ? 'Background' : 'Foreground',
          });
          result.pruned.push(label);
        } catch (err) {
          result.failed.push({ resource: label, message: describeError(err) });
        }
      }),
    );
    result.pruned.sort();
    if (result.failed.length > 0) return result;
  }
  await client.delete(app);
  return result;
}

/** Namespaces created by CreateNamespace=true are left alone, as Argo CD leaves them. */
function isNamespace(obj: KubeObject): boolean {
  return obj.kind === 'Namespace' && obj.apiVersion === 'v1';
}

function describe(obj: KubeObject): string {
  const ns = obj.metadata.namespace ?? '';
  return `${obj.kind}/${ns === '' ? '' : `${ns}/`}${obj.metadata.name ?? ''}`;
}
