import type { KubeClient } from '../cluster/kube-client.js';
import {
  APPLICATION_API_VERSION,
  APPLICATION_KIND,
  type Application,
  type SyncOperation,
} from '../model/application.js';
import { FerryError } from '../model/errors.js';
import { rollbackOperation } from './operation-starter.js';

/** Errors a user can fix, with stable codes the API maps to HTTP answers. */
export class AppActionError extends FerryError {}

export function applicationRef(name: string, namespace: string): Application {
  return {
    apiVersion: APPLICATION_API_VERSION,
    kind: APPLICATION_KIND,
    metadata: { name, namespace },
    spec: { source: { repoURL: '' }, destination: {} },
  };
}

async function load(client: KubeClient, name: string, namespace: string): Promise<Application> {
  const app = (await client.get(applicationRef(name, namespace))) as Application | undefined;
  if (app === undefined) {
    throw new AppActionError('NOT_FOUND', `application "${name}" not found`, { data: { name } });
  }
  return app;
}

function ensureIdle(app: Application): void {
  const phase = app.status?.operationState?.phase;
  if (phase === 'Running' || phase === 'Terminating' || app.operation !== undefined) {
    throw new AppActionError('OPERATION_IN_PROGRESS', 'another operation is already in progress', {
      data: { name: app.metadata.name },
    });
  }
}

/**
 * Asks for a sync by writing `operation` into the Application, exactly as Argo CD does;
 * the controller that owns the app picks it up.
 */
export async function requestSync(
  client: KubeClient,
  app: { name: string; namespace: string },
  sync: SyncOperation,
  username: string,
): Promise<Application> {
  const current = await load(client, app.name, app.namespace);
  ensureIdle(current);
  const operation = { sync, initiatedBy: { username } };
  return (await client.mergePatch(current, { operation })) as Application;
}

/** Asks for a rollback to a history entry; auto-sync then holds until a new commit arrives. */
export async function requestRollback(
  client: KubeClient,
  app: { name: string; namespace: string },
  id: number,
  username: string,
): Promise<Application> {
  const current = await load(client, app.name, app.namespace);
  ensureIdle(current);
  const entry = current.status?.history?.find((h) => h.id === id);
  if (entry === undefined) {
    throw new AppActionError('NOT_FOUND', `application "${app.name}" has no history entry ${id}`, {
      data: { id },
    });
  }
  const operation = rollbackOperation(current, entry, `rollback to #${id} by ${username}`, {
    username,
  });
  return (await client.mergePatch(current, { operation })) as Application;
}

/** Asks the running operation to stop; it ends as Failed with "Operation terminated". */
export async function terminateOperation(
  client: KubeClient,
  app: { name: string; namespace: string },
): Promise<void> {
  const current = await load(client, app.name, app.namespace);
  const state = current.status?.operationState;
  if (state?.phase !== 'Running') {
    throw new AppActionError('NO_OPERATION', 'no operation is in progress', {
      data: { name: app.name },
    });
  }
  await client.patchStatus(current, { operationState: { ...state, phase: 'Terminating' } });
}
