import { isConflict } from '../cluster/cluster-errors.js';
import type { KubeClient } from '../cluster/kube-client.js';
import type { KubeObject } from '../kube/object.js';
import type {
  Application,
  Operation,
  OperationState,
  RevisionHistory,
} from '../model/application.js';
import { describeError } from '../model/errors.js';
import type { SyncQueue } from '../sync/queue/sync-queue.js';
import { newOperationState } from './operation-state.js';
import type { SourceLoader } from './source-loader.js';

export interface OperationStarterDeps {
  client: KubeClient;
  sources: SourceLoader;
  syncQueue: SyncQueue;
  now: () => Date;
}

/** The info entry that marks an operation as a rollback, with its reason. */
export const ROLLBACK_INFO = 'rollbackReason';

/** An operation that re-applies a history entry's revision, and says why. */
export function rollbackOperation(
  app: Application,
  entry: RevisionHistory,
  reason: string,
  initiatedBy: Operation['initiatedBy'],
): Operation {
  return {
    sync: { revision: entry.revision, prune: app.spec.syncPolicy?.automated?.prune ?? false },
    ...(initiatedBy === undefined ? {} : { initiatedBy }),
    info: [
      { name: 'rollbackId', value: String(entry.id) },
      { name: ROLLBACK_INFO, value: reason },
    ],
  };
}

/**
 * Moves an operation into the app's status as Running and queues its first step. The
 * write is conditional on the app's resourceVersion, so two reconciles (or two replicas)
 * never both start one. Returns false when the app changed meanwhile. `alongside` is
 * more status (a fresh comparison) that goes out in the same write.
 */
export async function startOperation(
  deps: OperationStarterDeps,
  app: Application,
  operation: Operation,
  resolved: string,
  alongside: Record<string, unknown> = {},
): Promise<boolean> {
  const { client } = deps;
  if (app.status?.operationState?.phase !== 'Running') {
    const wanted = operation.sync.revision;
    let revision = resolved;
    let failure: string | undefined;
    if (wanted !== undefined && wanted !== '' && wanted !== resolved) {
      try {
        revision = await deps.sources.resolve({ ...app.spec.source, targetRevision: wanted });
      } catch (err) {
        revision = wanted;
        failure = `cannot resolve revision ${wanted}: ${describeError(err)}`;
      }
    }
    const started = newOperationState(app, operation, revision, deps.now());
    // An operation whose revision cannot be found ends at once, so it never blocks the next one.
    const state: OperationState =
      failure === undefined
        ? started
        : { ...started, phase: 'Error', message: failure, finishedAt: started.startedAt };
    const status: Record<string, unknown> = { ...alongside, operationState: state };
    const reason = operation.info?.find((i) => i.name === ROLLBACK_INFO)?.value;
    if (reason !== undefined && failure === undefined) {
      status['autoSyncPause'] = {
        revision: resolved,
        rolledBackTo: revision,
        reason,
        since: state.startedAt,
      };
    }
    try {
      adopt(app, await client.patchStatus(app, status, app.metadata.resourceVersion));
    } catch (err) {
      if (isConflict(err)) return false;
      throw err;
    }
    if (failure === undefined) await deps.syncQueue.enqueue(app.metadata.name);
  } else if (Object.keys(alongside).length > 0) {
    adopt(app, await client.patchStatus(app, alongside));
  }
  if (app.operation !== undefined) {
    const updated = await client.mergePatch(app, { operation: null });
    app.metadata.resourceVersion = updated.metadata.resourceVersion;
    delete app.operation;
  }
  return true;
}

/** Takes the written status and resourceVersion into the caller's copy of the app. */
function adopt(app: Application, written: KubeObject): void {
  app.metadata.resourceVersion = written.metadata.resourceVersion;
  const status = (written as Application).status;
  if (status !== undefined) app.status = status;
}
