import type { Application } from '../model/application.js';
import type { ComparedApp } from './app-state.js';

export interface AutoSyncDecision {
  sync: boolean;
  reason: string;
  /** The pause after a rollback no longer holds: a new commit arrived. */
  clearPause?: boolean;
  /** Ask again after this long (self-heal backoff). */
  retryAfterMs?: number;
}

export interface SelfHealHistory {
  /** Self-heal syncs since the app was last seen Synced. */
  attempts: number;
  lastAt: number;
}

export interface AutoSyncContext {
  app: Application;
  compared: ComparedApp;
  /** The revision the target resolves to now. */
  revision: string;
  /** Dependencies that are not yet Synced and Healthy, described for the status. */
  unmetDependencies: readonly string[];
  selfHeal: SelfHealHistory;
  now: number;
}

/** Self-heal backoff: 2 s, × 3 per attempt, at most 300 s; the first attempt waits for nothing. */
export function selfHealDelayMs(attempts: number): number {
  return attempts === 0 ? 0 : Math.min(300_000, 2_000 * 3 ** (attempts - 1));
}

/**
 * Argo CD's auto-sync rules: only when OutOfSync, never over a running operation, once per
 * revision unless selfHeal is on (with backoff), and never just to prune when automated
 * prune is off. Ferry adds: wait for dependencies, and hold after a rollback until a new
 * commit arrives.
 */
export function decideAutoSync(ctx: AutoSyncContext): AutoSyncDecision {
  const { app, revision } = ctx;
  const automated = app.spec.syncPolicy?.automated;
  if (automated === undefined) return { sync: false, reason: 'auto-sync is off' };
  const pause = app.status?.autoSyncPause;
  const clearPause = pause !== undefined && pause.revision !== revision;
  if (pause !== undefined && !clearPause) {
    return {
      sync: false,
      reason: `auto-sync paused: ${pause.reason}; it resumes when a new commit arrives`,
    };
  }
  const decision = decide(ctx);
  return clearPause ? { ...decision, clearPause } : decision;
}

function decide({
  app,
  compared,
  revision,
  unmetDependencies,
  selfHeal,
  now,
}: AutoSyncContext): AutoSyncDecision {
  const automated = app.spec.syncPolicy!.automated!;
  if (compared.sync !== 'OutOfSync') return { sync: false, reason: 'already synced' };
  const last = app.status?.operationState;
  if (last?.phase === 'Running' || last?.phase === 'Terminating') {
    return { sync: false, reason: 'an operation is in progress' };
  }
  if (unmetDependencies.length > 0) {
    return { sync: false, reason: `waiting for dependencies: ${unmetDependencies.join(', ')}` };
  }
  const onlyPrune = compared.resources.every(
    (r) => r.status === 'Synced' || r.requiresPruning === true,
  );
  if (onlyPrune && automated.prune !== true) {
    return {
      sync: false,
      reason: 'need to prune extra resources only but automated prune is disabled',
    };
  }
  if (last?.syncResult?.revision === revision) {
    if (last.phase === 'Failed' || last.phase === 'Error') {
      return { sync: false, reason: `failed previous sync attempt to ${revision}` };
    }
    if (automated.selfHeal !== true) {
      return { sync: false, reason: `most recent sync already to ${revision}; selfHeal is off` };
    }
    const wait = selfHeal.lastAt + selfHealDelayMs(selfHeal.attempts) - now;
    if (wait > 0) return { sync: false, reason: 'self-heal backing off', retryAfterMs: wait };
    return { sync: true, reason: 'self-heal: live state drifted' };
  }
  return { sync: true, reason: `auto-sync to ${revision}` };
}
