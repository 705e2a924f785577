import { parseApiVersion } from '../kube/object.js';
import type { OperationState, ResourceResult } from '../model/application.js';
import type { HealthStatusCode, OperationPhase } from '../model/vocabulary.js';
import type { SyncTask } from './plan.js';

export interface TaskOutcome {
  ok: boolean;
  message: string;
  /** The task could not run yet (e.g. an old hook is still being deleted); try again later. */
  retry?: boolean;
}

export interface SyncStepDeps {
  /** Tasks planned from the operation's revision against the live state now. */
  tasks: readonly SyncTask[];
  apply(task: SyncTask): Promise<TaskOutcome>;
  prune(task: SyncTask): Promise<TaskOutcome>;
  createHook(task: SyncTask): Promise<TaskOutcome>;
  deleteHook(task: SyncTask): Promise<void>;
  /** Health of a resource task's live object; undefined when its kind has no health. */
  health(task: SyncTask): HealthStatusCode | undefined;
  /** Progress of a hook's live object; undefined when it does not exist. */
  hookPhase(task: SyncTask): { phase: OperationPhase; message: string } | undefined;
  now(): Date;
  /** @defaultValue 600_000 */
  timeoutMs?: number;
}

export interface SyncStepResult {
  state: OperationState;
  /** When to take the next step; undefined once the operation has finished. */
  requeueAfterMs?: number;
}

const POLL_MS = 1000;

/**
 * Advances a sync operation by at most one wave: wait until earlier waves are healthy and
 * their hooks have finished, then run the next wave. The returned state is persisted
 * between steps, so a restart resumes where the last step stopped. On failure the
 * SyncFail hooks run before the operation ends.
 */
export async function syncStep(state: OperationState, deps: SyncStepDeps): Promise<SyncStepResult> {
  const results = new Map((state.syncResult?.resources ?? []).map((r) => [resultId(r), r]));
  refreshHookResults(results, deps);
  const current = withResults(state, results);
  if (deps.now().getTime() - Date.parse(state.startedAt) > (deps.timeoutMs ?? 600_000)) {
    return finish(current, deps, 'Failed', `operation timed out: ${state.message}`);
  }
  const failing = state.failure !== undefined;
  const tasks = deps.tasks.filter((t) => (t.phase === 'SyncFail') === failing);
  const failedHook = tasks.find((t) => t.hook && results.get(t.id)?.hookPhase === 'Failed');
  if (failedHook !== undefined && !failing) {
    return fail(
      current,
      deps,
      `${failedHook.hook!.type} hook ${describe(failedHook)} failed: ${results.get(failedHook.id)!.message}`,
    );
  }
  const pending = tasks.filter((t) => !isDone(t, results));
  const next = pending[0];
  // Before the next wave, everything earlier must be healthy; after the last one, as in
  // Argo CD, only hooks must have finished (health is the app's to report, not the sync's).
  const earlier = tasks.filter((t) =>
    next === undefined
      ? t.hook !== undefined && isDone(t, results)
      : isDone(t, results) && isBefore(t, next),
  );
  const blocker = firstBlocker(earlier, results, deps);
  if (blocker?.degraded) return fail(current, deps, `${describe(blocker.task)} is Degraded`);
  if (blocker !== undefined) {
    const message = `waiting for ${blocker.task.hook ? 'completion of hook' : 'healthy state of'} ${describe(blocker.task)}`;
    return { state: { ...current, message }, requeueAfterMs: POLL_MS };
  }
  if (next === undefined) {
    return failing
      ? finish(current, deps, 'Failed', state.failure!)
      : finish(current, deps, 'Succeeded', 'successfully synced (all tasks run)');
  }
  const wave = pending.filter((t) => t.phase === next.phase && t.wave === next.wave);
  const outcomes = await Promise.all(
    wave.map(async (task) => ({ task, outcome: await run(task, deps) })),
  );
  for (const { task, outcome } of outcomes) {
    if (!outcome.retry) results.set(task.id, toResult(task, outcome));
  }
  const after = withResults(current, results);
  const failed = outcomes.filter((o) => !o.outcome.ok && !o.outcome.retry);
  if (failed.length > 0) {
    return fail(
      after,
      deps,
      `one or more objects failed to apply: ${failed.map((f) => f.outcome.message).join('; ')}`,
    );
  }
  const retrying = outcomes.some((o) => o.outcome.retry);
  // The last wave waits for nothing but hooks: without any running, the sync ends here,
  // saving a step (and a status write) per operation.
  const last = pending.length === wave.length;
  const hookRunning = [...results.values()].some((r) => r.hookPhase === 'Running');
  if (last && !retrying && !hookRunning && !failing) {
    return finish(after, deps, 'Succeeded', 'successfully synced (all tasks run)');
  }
  const message = `${next.phase} wave ${next.wave}: ${wave.length} task(s) run`;
  return { state: { ...after, message }, requeueAfterMs: retrying ? POLL_MS : 0 };
}

async function run(task: SyncTask, deps: SyncStepDeps): Promise<TaskOutcome> {
  if (task.hook !== undefined) return deps.createHook(task);
  return task.prune ? deps.prune(task) : deps.apply(task);
}

function isDone(task: SyncTask, results: ReadonlyMap<string, ResourceResult>): boolean {
  const result = results.get(task.id);
  return result !== undefined && result.status !== 'SyncFailed';
}

function isBefore(task: SyncTask, next: SyncTask): boolean {
  return task.phase !== next.phase || task.wave < next.wave;
}

/** The first earlier task that keeps the next wave from starting. */
function firstBlocker(
  done: readonly SyncTask[],
  results: ReadonlyMap<string, ResourceResult>,
  deps: SyncStepDeps,
): { task: SyncTask; degraded?: boolean } | undefined {
  for (const task of done) {
    if (task.hook !== undefined) {
      if (results.get(task.id)?.hookPhase !== 'Succeeded') return { task };
      continue;
    }
    if (task.prune) continue;
    const health = deps.health(task);
    if (health === 'Degraded') return { task, degraded: true };
    if (health === 'Progressing' || health === 'Missing' || health === 'Unknown') return { task };
  }
  return undefined;
}

function refreshHookResults(results: Map<string, ResourceResult>, deps: SyncStepDeps): void {
  for (const task of deps.tasks) {
    const result = results.get(task.id);
    if (task.hook === undefined || result === undefined || result.hookPhase !== 'Running') continue;
    const live = deps.hookPhase(task);
    if (live === undefined) continue;
    results.set(task.id, { ...result, hookPhase: live.phase, message: live.message });
  }
}

/** Starts the SyncFail hooks once, or ends the operation as Failed when there are none left to run. */
async function fail(
  state: OperationState,
  deps: SyncStepDeps,
  message: string,
): Promise<SyncStepResult> {
  const hasSyncFailHooks = deps.tasks.some((t) => t.phase === 'SyncFail');
  if (state.failure === undefined && hasSyncFailHooks) {
    return {
      state: { ...state, failure: message, message: `${message}; running SyncFail hooks` },
      requeueAfterMs: 0,
    };
  }
  return finish(state, deps, 'Failed', state.failure ?? message);
}

async function finish(
  state: OperationState,
  deps: SyncStepDeps,
  phase: 'Succeeded' | 'Failed',
  message: string,
): Promise<SyncStepResult> {
  const results = new Map((state.syncResult?.resources ?? []).map((r) => [resultId(r), r]));
  await Promise.all(
    deps.tasks.map(async (task) => {
      const hookPhase = results.get(task.id)?.hookPhase;
      const policies = task.hook?.deletePolicies ?? [];
      const remove =
        (hookPhase === 'Succeeded' && policies.includes('HookSucceeded')) ||
        (hookPhase === 'Failed' && policies.includes('HookFailed'));
      if (remove) await deps.deleteHook(task);
    }),
  );
  return { state: { ...state, phase, message, finishedAt: deps.now().toISOString() } };
}

function withResults(
  state: OperationState,
  results: ReadonlyMap<string, ResourceResult>,
): OperationState {
  const syncResult = {
    ...(state.syncResult ?? { revision: '', source: { repoURL: '' } }),
    resources: [...results.values()],
  };
  return { ...state, syncResult };
}

function describe(task: SyncTask): string {
  const obj = (task.target ?? task.live)!;
  return `${obj.kind}/${obj.metadata.name ?? ''}`;
}

/** The id of the task a result records: `<syncPhase>/<group>/<Kind>/<namespace>/<name>`. */
export function resultId(
  r: Pick<ResourceResult, 'syncPhase' | 'group' | 'kind' | 'namespace' | 'name'>,
): string {
  return `${r.syncPhase}/${r.group}/${r.kind}/${r.namespace}/${r.name}`;
}

function toResult(task: SyncTask, outcome: TaskOutcome): ResourceResult {
  const obj = (task.target ?? task.live)!;
  const gv = parseApiVersion(obj.apiVersion);
  const status = outcome.ok ? (task.prune ? 'Pruned' : 'Synced') : 'SyncFailed';
  return {
    group: gv.group,
    version: gv.version,
    kind: obj.kind,
    namespace: obj.metadata.namespace ?? '',
    name: obj.metadata.name ?? '',
    status,
    message: outcome.message,
    syncPhase: task.phase,
    ...(task.hook === undefined
      ? {}
      : {
          hookType: task.hook.type,
          hookPhase: outcome.ok ? ('Running' as const) : ('Failed' as const),
        }),
  };
}
