import type { Logger } from 'pino';
import type { KubeClient } from '../cluster/kube-client.js';
import type { LiveCache } from '../cluster/live-cache.js';
import { Annotation } from '../model/annotations.js';
import type { Application, ApplicationCondition, Operation } from '../model/application.js';
import { describeError } from '../model/errors.js';
import { compareApp, type ComparedApp } from './app-state.js';
import { compareOptionsFor, type CompareSettings } from './compare-settings.js';
import { snapshotApp } from './app-snapshot.js';
import { decideAutoRollback, type AutoRollbackDecision } from './auto-rollback.js';
import { decideAutoSync, type AutoSyncDecision, type SelfHealHistory } from './auto-sync.js';
import {
  rollbackOperation,
  startOperation,
  type OperationStarterDeps,
} from './operation-starter.js';
import type { SourceLoader } from './source-loader.js';
import { writeAppStatus } from './status-write.js';

export interface ReconcilerDeps extends OperationStarterDeps {
  client: KubeClient;
  cache: LiveCache;
  sources: SourceLoader;
  log: Logger;
  /** Another app's current Application, for dependsOn. */
  peerApp: (name: string) => Application | undefined;
  compareSettings?: CompareSettings;
}

/** What a reconcile asks of the loop: look again after this long. */
export interface ReconcileOutcome {
  requeueAfterMs?: number;
}

/**
 * One comparison of one app: resolve its revision, compare desired with live, write status,
 * then decide whether to sync, self-heal or roll back.
 */
export class Reconciler {
  private readonly selfHeal = new Map<string, SelfHealHistory>();

  constructor(private readonly deps: ReconcilerDeps) {}

  forget(name: string): void {
    this.selfHeal.delete(name);
  }

  /** `app` is a private copy; `stamp` records the reconcile time even when nothing changed. */
  async reconcile(app: Application, revision: string, stamp: boolean): Promise<ReconcileOutcome> {
    const { now } = this.deps;
    const name = app.metadata.name;
    if (app.metadata.annotations?.[Annotation.refresh] !== undefined)
      await this.clearRefreshAnnotation(app);
    if (app.operation !== undefined) await startOperation(this.deps, app, app.operation, revision);
    const snapshot = await snapshotApp(app, revision, this.deps);
    const compared = await compareApp(
      snapshot.pairs,
      compareOptionsFor(app, this.deps.compareSettings),
    );
    const unmet = this.unmetDependencies(app);
    const history = this.selfHeal.get(name) ?? { attempts: 0, lastAt: 0 };
    if (compared.sync === 'Synced') this.selfHeal.delete(name);
    const decision = decideAutoSync({
      app,
      compared,
      revision,
      unmetDependencies: unmet,
      selfHeal: history,
      now: now().getTime(),
    });
    const rollback = decideAutoRollback(app, compared, now().getTime());
    const status: Record<string, unknown> = {
      sync: { status: compared.sync, revision, comparedTo: { source: app.spec.source } },
      health: { status: compared.health },
      resources: compared.resources,
      conditions: this.conditions(app, unmet, decision.clearPause === true),
      reconciledAt: now().toISOString(),
    };
    if (decision.clearPause) status['autoSyncPause'] = null;
    if (isHealthyAt(app, compared, revision)) status['lastHealthyRevision'] = revision;
    const operation = this.automaticOperation(app, revision, decision, rollback);
    if (operation === undefined) {
      await writeAppStatus(this.deps.client, app, status, stamp);
      const recheck = rollback.action === 'recheck' ? rollback.afterMs : undefined;
      const after = [decision.retryAfterMs, recheck].filter((v): v is number => v !== undefined);
      return after.length === 0 ? {} : { requeueAfterMs: Math.min(...after) };
    }
    // The comparison and the operation it starts go out as one conditional status write.
    const started = await startOperation(this.deps, app, operation, revision, status);
    if (started && rollback.action !== 'rollback' && decision.reason.startsWith('self-heal')) {
      this.selfHeal.set(name, { attempts: history.attempts + 1, lastAt: now().getTime() });
    }
    return started ? {} : { requeueAfterMs: 0 };
  }

  /** The operation auto-rollback or auto-sync asks for now, if any; auto-rollback comes first. */
  private automaticOperation(
    app: Application,
    revision: string,
    decision: AutoSyncDecision,
    rollback: AutoRollbackDecision,
  ): Operation | undefined {
    const name = app.metadata.name;
    if (rollback.action === 'rollback') {
      this.deps.log.warn(
        { app: name, to: rollback.to.revision, reason: rollback.reason },
        'auto-rollback',
      );
      return rollbackOperation(app, rollback.to, `auto-rollback: ${rollback.reason}`, {
        username: 'ferry-auto-rollback',
        automated: true,
      });
    }
    if (!decision.sync) return undefined;
    this.deps.log.info({ app: name, revision }, decision.reason);
    return {
      sync: { revision, prune: app.spec.syncPolicy?.automated?.prune ?? false },
      initiatedBy: { automated: true },
    };
  }

  /** Records a failure to compare as a condition; the app's other state stays. */
  async reportError(app: Application, err: unknown, revision: string | undefined): Promise<void> {
    const message = describeError(err);
    this.deps.log.warn({ app: app.metadata.name, err: message }, 'comparison failed');
    await writeAppStatus(
      this.deps.client,
      app,
      {
        sync: { status: 'Unknown', ...(revision === undefined ? {} : { revision }) },
        health: app.status?.health ?? { status: 'Unknown' },
        conditions: [
          { type: 'ComparisonError', message, lastTransitionTime: this.deps.now().toISOString() },
        ],
        reconciledAt: this.deps.now().toISOString(),
      },
      true,
    );
  }

  private unmetDependencies(app: Application): string[] {
    return (app.spec.dependsOn ?? []).flatMap((dep) => {
      const peer = this.deps.peerApp(dep);
      if (peer === undefined) return [`${dep} (not found)`];
      const sync = peer.status?.sync.status ?? 'Unknown';
      const health = peer.status?.health.status ?? 'Unknown';
      return sync === 'Synced' && health === 'Healthy' ? [] : [`${dep} (${sync}/${health})`];
    });
  }

  private conditions(
    app: Application,
    unmet: readonly string[],
    pauseCleared: boolean,
  ): ApplicationCondition[] {
    const at = this.deps.now().toISOString();
    const conditions: ApplicationCondition[] = [];
    if (unmet.length > 0) {
      conditions.push({
        type: 'DependencyNotReady',
        message: `waiting for ${unmet.join(', ')}`,
        lastTransitionTime: at,
      });
    }
    const pause = app.status?.autoSyncPause;
    if (pause !== undefined && !pauseCleared) {
      const message = `auto-sync paused at ${pause.rolledBackTo.slice(0, 7)} (${pause.reason}) until a new commit arrives`;
      conditions.push({ type: 'AutoSyncPaused', message, lastTransitionTime: pause.since });
    }
    return conditions;
  }

  private async clearRefreshAnnotation(app: Application): Promise<void> {
    const patch = { metadata: { annotations: { [Annotation.refresh]: null } } };
    const updated = await this.deps.client.mergePatch(app, patch);
    app.metadata.resourceVersion = updated.metadata.resourceVersion;
  }
}

function isHealthyAt(app: Application, compared: ComparedApp, revision: string): boolean {
  const op = app.status?.operationState;
  const deployed = op?.phase === 'Succeeded' ? op.syncResult?.revision : undefined;
  return compared.sync === 'Synced' && compared.health === 'Healthy' && deployed === revision;
}
