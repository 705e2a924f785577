import type { Logger } from 'pino';
import { ensureNamespace } from '../cluster/bootstrap.js';
import type { KubeClient } from '../cluster/kube-client.js';
import { getHealth } from '../health/health.js';
import { keyOf, keyString } from '../kube/resource-key.js';
import {
  APPLICATION_API_VERSION,
  APPLICATION_KIND,
  type Application,
  type OperationState,
} from '../model/application.js';
import { describeError } from '../model/errors.js';
import { isSyncOptionTrue } from '../model/sync-options.js';
import type { ResourcePair } from '../sync/align.js';
import { Applier } from '../sync/applier.js';
import { hookPhaseOf } from '../sync/hooks.js';
import { planSync } from '../sync/plan.js';
import { respectIgnoreDifferences } from '../sync/respect-ignore-differences.js';
import { retryDelayMs, shouldRetry } from '../sync/retry.js';
import { syncStep, type SyncStepResult } from '../sync/sync-step.js';
import { compareApp } from './app-state.js';
import { compareOptionsFor, type CompareSettings } from './compare-settings.js';
import { snapshotApp, type SnapshotDeps } from './app-snapshot.js';
import { appendHistory } from './operation-state.js';

export interface SyncRunnerDeps extends SnapshotDeps {
  client: KubeClient;
  log: Logger;
  now: () => Date;
  /** Called when an operation finishes, so the app is compared again at once. */
  onFinished: (appName: string) => void;
  namespace: string;
  syncTimeoutMs: number;
  compareSettings?: CompareSettings;
}

/** Takes one step of an app's running sync operation and persists the new state. */
export class SyncRunner {
  /** The start time of the last operation each app finished here. */
  private readonly finished = new Map<string, string>();

  constructor(private readonly deps: SyncRunnerDeps) {}

  async step(appName: string): Promise<number | undefined> {
    const { client, log, now } = this.deps;
    const ref = {
      apiVersion: APPLICATION_API_VERSION,
      kind: APPLICATION_KIND,
      metadata: { name: appName, namespace: this.deps.namespace },
    };
    // The watch often brings the start of an operation that already finished here: no news.
    const seen = (
      this.deps.cache.peek(APPLICATION_API_VERSION, keyOf(ref)) as Application | undefined
    )?.status?.operationState?.startedAt;
    if (seen !== undefined && this.finished.get(appName) === seen) return undefined;
    const app = (await client.get(ref)) as Application | undefined;
    const state = app?.status?.operationState;
    if (app === undefined || state === undefined) return undefined;
    if (state.phase !== 'Running' && state.phase !== 'Terminating') return undefined;
    // A retry waits out its backoff: its attempt starts in the future.
    const notBefore = Date.parse(state.startedAt) - now().getTime();
    if (state.phase === 'Running' && notBefore > 0) return notBefore;
    log.debug({ app: appName, phase: state.phase, message: state.message }, 'sync step');
    let result =
      state.phase === 'Terminating'
        ? {
            state: {
              ...state,
              phase: 'Failed' as const,
              message: 'Operation terminated',
              finishedAt: now().toISOString(),
            },
          }
        : await this.advance(app, state);
    if (result.state.phase === 'Failed' || result.state.phase === 'Error')
      result = this.retry(app, result);
    const status: Record<string, unknown> = { operationState: result.state };
    if (result.state.phase === 'Succeeded' && state.operation.sync.dryRun !== true) {
      status['history'] = appendHistory(app, result.state, now());
    }
    await client.patchStatus(app, status);
    if (result.requeueAfterMs === undefined) {
      this.finished.set(appName, result.state.startedAt);
      log.info(
        { app: appName, phase: result.state.phase, revision: result.state.syncResult?.revision },
        result.state.message,
      );
      this.deps.onFinished(appName);
    }
    return result.requeueAfterMs;
  }

  private async advance(app: Application, state: OperationState): Promise<SyncStepResult> {
    const { client, now } = this.deps;
    const sync = state.operation.sync;
    const syncOptions = [...(app.spec.syncPolicy?.syncOptions ?? []), ...(sync.syncOptions ?? [])];
    try {
      const namespace = app.spec.destination.namespace;
      if (
        isSyncOptionTrue(syncOptions, 'CreateNamespace') &&
        namespace !== undefined &&
        namespace !== ''
      ) {
        await ensureNamespace(client, namespace);
      }
      const snapshot = await snapshotApp(app, state.syncResult?.revision ?? '', this.deps);
      const operationId = `${app.metadata.uid ?? app.metadata.name}/${state.startedAt}`;
      const outOfSync = isSyncOptionTrue(syncOptions, 'ApplyOutOfSyncOnly')
        ? await this.outOfSyncKeys(app, snapshot.pairs)
        : undefined;
      const only =
        sync.resources === undefined
          ? undefined
          : new Set(sync.resources.flatMap((r) => selectedKeys(r, app)));
      const liveHooks = new Map(
        snapshot.hooks.flatMap((h) => {
          const live = snapshot.live(h);
          return live === undefined ? [] : [[keyString(keyOf(h)), live] as const];
        }),
      );
      const ignored = compareOptionsFor(app, this.deps.compareSettings).compare?.ignoreDifferences;
      const pairs = await respectIgnoreDifferences(snapshot.pairs, ignored ?? [], syncOptions);
      const tasks = planSync(pairs, snapshot.hooks, liveHooks, {
        prune: sync.prune ?? app.spec.syncPolicy?.automated?.prune ?? false,
        syncOptions,
        ...(only === undefined ? {} : { only }),
        ...(outOfSync === undefined ? {} : { outOfSync }),
        operationId,
        appName: app.metadata.name,
      });
      const applier = new Applier(client, { operationId, dryRun: sync.dryRun, syncOptions });
      return await syncStep(state, {
        tasks,
        apply: (task) => applier.apply(task),
        prune: (task) => applier.prune(task),
        createHook: (task) => applier.createHook(task),
        deleteHook: (task) => applier.deleteHook(task),
        health: (task) => {
          const live = snapshot.live(task.target!);
          return live === undefined ? 'Missing' : getHealth(live)?.status;
        },
        hookPhase: (task) => {
          const live = snapshot.live(task.target!);
          return live === undefined ? undefined : hookPhaseOf(live);
        },
        now,
        timeoutMs: this.deps.syncTimeoutMs,
      });
    } catch (err) {
      const message = `sync failed: ${describeError(err)}`;
      return { state: { ...state, phase: 'Error', message, finishedAt: now().toISOString() } };
    }
  }

  private async outOfSyncKeys(
    app: Application,
    pairs: readonly ResourcePair[],
  ): Promise<Set<string>> {
    const compared = await compareApp(pairs, compareOptionsFor(app, this.deps.compareSettings));
    return new Set(
      compared.resources.flatMap((r, i) => (r.status === 'OutOfSync' ? [pairs[i]!.key] : [])),
    );
  }

  /** Turns a failed attempt into a delayed new attempt while the retry strategy allows. */
  private retry(app: Application, result: SyncStepResult): SyncStepResult {
    const state = result.state;
    const strategy = state.operation.retry ?? app.spec.syncPolicy?.retry;
    const count = state.retryCount ?? 0;
    if (!shouldRetry(strategy, count)) return result;
    const delay = retryDelayMs(strategy, count);
    const { finishedAt: _done, failure: _failure, ...rest } = state;
    void _done;
    void _failure;
    return {
      state: {
        ...rest,
        phase: 'Running',
        retryCount: count + 1,
        startedAt: new Date(this.deps.now().getTime() + delay).toISOString(),
        message: `retrying attempt #${count + 1} in ${Math.round(delay / 1000)}s: ${state.message}`,
        syncResult: { ...state.syncResult!, resources: [] },
      },
      requeueAfterMs: delay,
    };
  }
}

/** Keys a selected resource may have: without a namespace, cluster-scoped or in the destination. */
function selectedKeys(
  r: { group: string; kind: string; name: string; namespace?: string },
  app: Application,
): string[] {
  const namespaces =
    r.namespace === undefined ? ['', app.spec.destination.namespace ?? 'default'] : [r.namespace];
  return namespaces.map((ns) => `${r.group}/${r.kind}/${ns}/${r.name}`);
}
