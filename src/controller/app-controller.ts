import type { Logger } from 'pino';
import type { KubeClient } from '../cluster/kube-client.js';
import type { LiveCache, LiveChange } from '../cluster/live-cache.js';
import { jsonEqual } from '../kube/object.js';
import { Annotation } from '../model/annotations.js';
import {
  APPLICATION_API_VERSION,
  APPLICATION_GROUP,
  APPLICATION_KIND,
  type Application,
} from '../model/application.js';
import type { EngineMetrics } from '../model/engine-metrics.js';
import { describeError } from '../model/errors.js';
import { KeyedWorkQueue, realTimers, type Timers } from '../sync/queue/keyed-work-queue.js';
import { SoleLeader, type Leadership } from '../sync/queue/leadership.js';
import type { SyncQueue } from '../sync/queue/sync-queue.js';
import type { CompareSettings } from './compare-settings.js';
import { Reconciler } from './reconciler.js';
import {
  nextPollDelay,
  resolveRefreshScheduleOptions,
  type RefreshScheduleOptions,
} from './refresh-schedule.js';
import type { SourceLoader } from './source-loader.js';
import { SyncRunner } from './sync-runner.js';

export interface AppControllerDeps {
  client: KubeClient;
  cache: LiveCache;
  sources: SourceLoader;
  syncQueue: SyncQueue;
  log: Logger;
  /** @defaultValue () => new Date() */
  now?: () => Date;
  /** @defaultValue real timers */
  timers?: Timers;
  /** Only the leader reconciles; every replica steps syncs. @defaultValue the sole leader */
  leadership?: Leadership;
  /** Where reconcile durations go. @defaultValue nowhere */
  metrics?: Pick<EngineMetrics, 'reconciled'>;
}

export interface AppControllerOptions {
  /** Namespace holding the Application resources. */
  namespace: string;
  schedule?: RefreshScheduleOptions;
  /** @defaultValue 8 */
  concurrency?: number;
  /** @defaultValue 600_000 */
  syncTimeoutMs?: number;
  /** Global ignoreDifferences and custom health checks. */
  compareSettings?: CompareSettings;
  /**
   * How long a resolved revision may be reused by polls of other apps of the same repository.
   * @defaultValue half the poll interval, at most 3 s
   */
  revisionCacheMs?: number;
}

/**
 * How much a refresh does: `hard` asks the repository for news now (webhooks, the refresh
 * annotation), `git` may reuse an answer a few seconds old (polls, so a burst of apps from
 * one repository asks once), `live` only compares again.
 */
export type RefreshLevel = 'hard' | 'git' | 'live';

const LEVEL_RANK: Record<RefreshLevel, number> = { live: 0, git: 1, hard: 2 };

/**
 * The reconcile loop. Triggers — the poll timer with jitter, Application changes, changes
 * to managed objects, dependencies settling — queue a refresh per app, deduplicated; the
 * Reconciler does the work and the SyncRunner steps operations from the sync queue.
 */
export class AppController {
  private readonly queue: KeyedWorkQueue;
  private readonly levels = new Map<string, RefreshLevel>();
  /** When a hard refresh was last asked for each app: its answer must be asked after that. */
  private readonly hardSince = new Map<string, number>();
  private readonly revisions = new Map<string, string>();
  private readonly polls = new Map<string, unknown>();
  private readonly lastSpecs = new Map<string, unknown>();
  private readonly dependents = new Map<string, Set<string>>();
  private readonly reconciler: Reconciler;
  private readonly runner: SyncRunner;
  private readonly timers: Timers;
  private readonly leadership: Leadership;
  private readonly schedule: Required<RefreshScheduleOptions>;
  private readonly revisionCacheMs: number;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly deps: AppControllerDeps,
    private readonly options: AppControllerOptions,
  ) {
    const now = deps.now ?? (() => new Date());
    this.timers = deps.timers ?? realTimers;
    this.leadership = deps.leadership ?? new SoleLeader();
    this.schedule = resolveRefreshScheduleOptions(options.schedule);
    this.revisionCacheMs = options.revisionCacheMs ?? Math.min(3_000, this.schedule.intervalMs / 2);
    this.queue = new KeyedWorkQueue({
      concurrency: options.concurrency ?? 8,
      timers: this.timers,
      onError: (app, err) => deps.log.error({ app, err: describeError(err) }, 'reconcile failed'),
    });
    this.reconciler = new Reconciler({
      ...deps,
      now,
      peerApp: (name) => this.cachedApp(name),
      ...(options.compareSettings === undefined
        ? {}
        : { compareSettings: options.compareSettings }),
    });
    this.runner = new SyncRunner({
      ...deps,
      now,
      namespace: options.namespace,
      syncTimeoutMs: options.syncTimeoutMs ?? 600_000,
      ...(options.compareSettings === undefined
        ? {}
        : { compareSettings: options.compareSettings }),
      onFinished: (name) => this.refresh(name, 'live'),
    });
  }

  async start(): Promise<void> {
    const { cache, syncQueue } = this.deps;
    this.unsubscribe = cache.subscribe((change) => this.onLiveChange(change));
    // Ferry's Applications are the ones in its namespace: it watches that one alone, as Argo
    // CD's controller does, which also needs no leave to list Applications in all namespaces.
    await cache.watchOneNamespace(
      APPLICATION_API_VERSION,
      APPLICATION_KIND,
      this.options.namespace,
    );
    await syncQueue.start((name) => this.runner.step(name));
    this.queue.start((name) => this.reconcileByName(name));
    await this.leadership.start((leader) => {
      this.deps.log.info({ leader }, leader ? 'leading the reconcile loop' : 'no longer leading');
      if (leader) void this.refreshAll();
    });
  }

  /** Looks at every app afresh, and resumes operations that were running. */
  private async refreshAll(): Promise<void> {
    for (const app of (await this.deps.cache.list(
      APPLICATION_API_VERSION,
      APPLICATION_KIND,
      this.options.namespace,
    )) as Application[]) {
      this.refresh(app.metadata.name, 'git');
      // An operation that was running when Ferry stopped carries on from its last step.
      if (isOperating(app)) await this.deps.syncQueue.enqueue(app.metadata.name);
    }
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.leadership.stop();
    this.queue.close();
    for (const handle of this.polls.values()) this.timers.clearTimeout(handle);
    this.polls.clear();
  }

  /** Asks for a refresh of one app; a `git` refresh also looks for new commits. */
  refresh(name: string, level: RefreshLevel = 'git'): void {
    if (level === 'hard') this.hardSince.set(name, Date.now());
    const queued = this.levels.get(name);
    if (queued === undefined || LEVEL_RANK[level] > LEVEL_RANK[queued])
      this.levels.set(name, level);
    this.queue.add(name);
  }

  /** Resolves when no refresh is queued or running. */
  async idle(): Promise<void> {
    await this.queue.idle();
  }

  private cachedApp(name: string): Application | undefined {
    const key = {
      group: APPLICATION_GROUP,
      kind: APPLICATION_KIND,
      namespace: this.options.namespace,
      name,
    };
    return this.deps.cache.peek(APPLICATION_API_VERSION, key) as Application | undefined;
  }

  private onLiveChange(change: LiveChange): void {
    if (change.obj.kind === APPLICATION_KIND && change.obj.apiVersion === APPLICATION_API_VERSION) {
      this.onApplicationChange(change);
    }
    for (const name of change.appNames) this.refresh(name, 'live');
  }

  private onApplicationChange({ type, obj, previous }: LiveChange): void {
    if (obj.metadata.namespace !== this.options.namespace) return;
    const app = obj as Application;
    const name = app.metadata.name;
    for (const dependent of this.dependents.get(name) ?? []) this.refresh(dependent, 'live');
    if (type === 'DELETED') {
      this.forget(name);
      return;
    }
    this.indexDependencies(app);
    const asked =
      app.metadata.annotations?.[Annotation.refresh] !== undefined || app.operation !== undefined;
    const specChanged = !jsonEqual(app.spec, this.lastSpecs.get(name));
    this.lastSpecs.set(name, app.spec);
    if (asked || specChanged) this.refresh(name, asked ? 'hard' : 'git');
    // An operation started or stopped elsewhere (another replica, kubectl): step it here too.
    if (
      isOperating(app) &&
      operationKey(app) !== operationKey(previous as Application | undefined)
    ) {
      void this.deps.syncQueue.enqueue(name);
    }
  }

  private indexDependencies(app: Application): void {
    for (const set of this.dependents.values()) set.delete(app.metadata.name);
    for (const dep of app.spec.dependsOn ?? []) {
      let set = this.dependents.get(dep);
      if (set === undefined) this.dependents.set(dep, (set = new Set()));
      set.add(app.metadata.name);
    }
  }

  private forget(name: string): void {
    this.lastSpecs.delete(name);
    this.revisions.delete(name);
    this.levels.delete(name);
    this.hardSince.delete(name);
    this.reconciler.forget(name);
    for (const set of this.dependents.values()) set.delete(name);
    const poll = this.polls.get(name);
    if (poll !== undefined) this.timers.clearTimeout(poll);
    this.polls.delete(name);
  }

  private async reconcileByName(name: string): Promise<number | undefined> {
    const level = this.levels.get(name) ?? 'live';
    this.levels.delete(name);
    const cached = this.cachedApp(name);
    if (cached === undefined || !this.leadership.isLeader()) return undefined;
    if (isOperating(cached)) await this.deps.syncQueue.enqueue(name);
    // The cache's objects are shared and must never change under it. A reconcile replaces
    // top-level fields and metadata.resourceVersion of its app, never anything deeper, so a
    // copy of those two levels is private enough.
    const app: Application = { ...cached, metadata: { ...cached.metadata } };
    if (level !== 'live') this.schedulePoll(name);
    let revision = this.revisions.get(name);
    const started = performance.now();
    try {
      if (level !== 'live' || revision === undefined) {
        this.deps.log.debug({ app: name }, 'resolving revision');
        const hardSince = this.hardSince.get(name);
        this.hardSince.delete(name);
        const options =
          level === 'hard'
            ? { maxAgeMs: 0, notBefore: hardSince }
            : { maxAgeMs: this.revisionCacheMs };
        revision = await this.deps.sources.resolve(app.spec.source, options);
        this.revisions.set(name, revision);
      }
      this.deps.log.debug({ app: name, level, revision }, 'reconciling');
      const outcome = await this.reconciler.reconcile(app, revision, level !== 'live');
      this.deps.log.debug({ app: name, ms: Math.round(performance.now() - started) }, 'reconciled');
      return outcome.requeueAfterMs;
    } catch (err) {
      await this.reconciler.reportError(app, err, revision);
      return undefined;
    } finally {
      this.deps.metrics?.reconciled(name, (performance.now() - started) / 1000);
    }
  }

  private schedulePoll(name: string): void {
    const existing = this.polls.get(name);
    if (existing !== undefined) this.timers.clearTimeout(existing);
    const handle = this.timers.setTimeout(() => {
      this.polls.delete(name);
      this.refresh(name, 'git');
    }, nextPollDelay(this.schedule));
    this.polls.set(name, handle);
  }
}

function operationKey(app: Application | undefined): string {
  const state = app?.status?.operationState;
  return state === undefined ? '' : `${state.phase}/${state.startedAt}`;
}

function isOperating(app: Application): boolean {
  const phase = app.status?.operationState?.phase;
  return phase === 'Running' || phase === 'Terminating';
}
