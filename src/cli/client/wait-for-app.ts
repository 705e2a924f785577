import type { Application } from '../../model/application.js';
import type { ApiClient } from './api-client.js';
import { CliError, ExitCode } from './cli-error.js';
import { SyncProgress, type WaveMap } from './sync-progress.js';
import { watchApp } from './watch-app.js';

export interface WaitGoal {
  /** Wait for Synced. */
  sync: boolean;
  /** Wait for Healthy; Degraded once no operation runs ends the wait with exit 3. */
  health: boolean;
  /** Wait until no operation runs; a Failed or Error one ends the wait with exit 2. */
  operation: boolean;
  /** An operation started before (this startedAt) is not the one to wait for. */
  previousOperationStart?: string | undefined;
  timeoutMs: number;
  /** Each resource's sync wave, shown with its progress once known. */
  waves?: Promise<WaveMap>;
}

export interface WaitResult {
  app: Application;
}

/** Why an app does not meet the goal yet, or its final verdict. */
function evaluate(
  app: Application,
  goal: WaitGoal,
): { exit: ExitCode; message: string } | undefined {
  const s = app.status;
  const op = s?.operationState;
  const operating =
    app.operation !== undefined || op?.phase === 'Running' || op?.phase === 'Terminating';
  const ours = op !== undefined && op.startedAt !== goal.previousOperationStart;
  if (goal.operation) {
    if (operating) return undefined;
    if (goal.previousOperationStart !== undefined && !ours) return undefined;
    if (op !== undefined && (op.phase === 'Failed' || op.phase === 'Error') && ours) {
      return { exit: ExitCode.OperationFailed, message: `operation ${op.phase}: ${op.message}` };
    }
  }
  const health = s?.health.status ?? 'Unknown';
  if (goal.health && health === 'Degraded' && !operating) {
    return {
      exit: ExitCode.Degraded,
      message: `health is Degraded${s?.health.message ? `: ${s.health.message}` : ''}`,
    };
  }
  if (goal.health && health !== 'Healthy') return undefined;
  if (goal.sync && s?.sync.status !== 'Synced') return undefined;
  return { exit: ExitCode.Ok, message: 'done' };
}

/**
 * Waits for an app to reach the goal, checking its current state first, so that it returns
 * at once when there is nothing to wait for. Throws CliError with exit code 2 (operation
 * failed), 3 (Degraded) or 4 (timeout).
 */
export async function waitForApp(
  client: ApiClient,
  name: string,
  goal: WaitGoal,
): Promise<Application> {
  const tty = process.stderr.isTTY === true;
  const progress = new SyncProgress({
    tty,
    ...(tty ? { columns: process.stderr.columns, rows: process.stderr.rows } : {}),
    write: (text) => process.stderr.write(text),
  });
  goal.waves?.then(
    (waves) => progress.setWaves(waves),
    () => undefined,
  );
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), goal.timeoutMs);
  let last: Application | undefined;
  try {
    const { app, verdict } = await watchApp(
      client,
      name,
      (current) => {
        last = current;
        progress.show(current);
        const outcome = evaluate(current, goal);
        return outcome === undefined ? undefined : { app: current, verdict: outcome };
      },
      abort.signal,
    );
    if (verdict.exit !== ExitCode.Ok)
      throw new CliError('WAIT_FAILED', `${name}: ${verdict.message}`, verdict.exit);
    return app;
  } catch (err) {
    if (abort.signal.aborted) {
      const s = last?.status;
      throw new CliError(
        'TIMEOUT',
        `${name}: timed out after ${Math.round(goal.timeoutMs / 1000)}s (sync ${s?.sync.status ?? 'Unknown'}, health ${s?.health.status ?? 'Unknown'}${s?.operationState ? `, operation ${s.operationState.phase}` : ''})`,
        ExitCode.Timeout,
      );
    }
    throw err;
  } finally {
    clearTimeout(timer);
    progress.done();
  }
}
