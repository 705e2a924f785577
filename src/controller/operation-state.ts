import type {
  Application,
  Operation,
  OperationState,
  RevisionHistory,
} from '../model/application.js';

/** A fresh Running operation for `revision`. */
export function newOperationState(
  app: Application,
  operation: Operation,
  revision: string,
  now: Date,
): OperationState {
  return {
    operation,
    phase: 'Running',
    message: 'starting sync',
    startedAt: now.toISOString(),
    syncResult: { revision, resources: [], source: app.spec.source },
  };
}

/** History after a successful operation, trimmed to revisionHistoryLimit (default 10). */
export function appendHistory(
  app: Application,
  state: OperationState,
  now: Date,
): RevisionHistory[] {
  const history = app.status?.history ?? [];
  const nextId = history.reduce((max, h) => Math.max(max, h.id), -1) + 1;
  const entry: RevisionHistory = {
    id: nextId,
    revision: state.syncResult?.revision ?? '',
    deployedAt: now.toISOString(),
    deployStartedAt: state.startedAt,
    source: state.syncResult?.source ?? app.spec.source,
    ...(state.operation.initiatedBy ? { initiatedBy: state.operation.initiatedBy } : {}),
    ...(state.operation.info ? { info: state.operation.info } : {}),
  };
  const limit = app.spec.revisionHistoryLimit ?? 10;
  return [...history, entry].slice(-limit);
}
