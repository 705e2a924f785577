import type { Application, RevisionHistory } from '../model/application.js';
import type { ComparedApp } from './app-state.js';

export type AutoRollbackDecision =
  | { action: 'none' }
  | { action: 'recheck'; afterMs: number }
  | { action: 'rollback'; to: RevisionHistory; reason: string };

/**
 * Opt-in auto-rollback: after a sync that was not itself a rollback, if a resource turns
 * Degraded, or the app is not Healthy within the health timeout, go back to the last
 * revision at which the app was Healthy.
 */
export function decideAutoRollback(
  app: Application,
  compared: ComparedApp,
  now: number,
): AutoRollbackDecision {
  const policy = app.spec.syncPolicy?.autoRollback;
  const op = app.status?.operationState;
  if (policy?.enabled !== true || op === undefined || op.phase === 'Running')
    return { action: 'none' };
  if (op.operation.sync.dryRun === true || app.status?.autoSyncPause !== undefined)
    return { action: 'none' };
  const deployed = op.syncResult?.revision;
  const healthy = app.status?.lastHealthyRevision;
  if (deployed === undefined || healthy === undefined || healthy === deployed)
    return { action: 'none' };
  if (compared.health === 'Healthy') return { action: 'none' };
  const target = [...(app.status?.history ?? [])].reverse().find((h) => h.revision === healthy);
  if (target === undefined) return { action: 'none' };
  const degraded = compared.resources.find((r) => r.health?.status === 'Degraded');
  if (degraded !== undefined) {
    const why = degraded.health?.message === undefined ? '' : `: ${degraded.health.message}`;
    return {
      action: 'rollback',
      to: target,
      reason: `${degraded.kind}/${degraded.name} is Degraded${why}`,
    };
  }
  const timeoutMs = (policy.healthTimeoutSeconds ?? 300) * 1000;
  const since = Date.parse(op.finishedAt ?? op.startedAt);
  const left = since + timeoutMs - now;
  if (left > 0) return { action: 'recheck', afterMs: left };
  return {
    action: 'rollback',
    to: target,
    reason: `not Healthy ${policy.healthTimeoutSeconds ?? 300}s after syncing ${deployed.slice(0, 7)} (${compared.health})`,
  };
}
