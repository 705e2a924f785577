import { lastCronTimeBetween, nextCronTime, parseCronSchedule } from '../../kube/cron-schedule.js';
import { cloneJson, isPlainObject, jsonEqual, type KubeObject } from '../../kube/object.js';
import { kubeTimestamp } from '../clock.js';
import { PropagationPolicy } from '../registry/object-registry.js';
import type { StoreEvent } from '../store/store-event.js';
import {
  controllerRef,
  ignoreNotFoundOrConflict,
  nsName,
  splitKey,
  typeOf,
  ownerKeys,
  type Controller,
  type ControllerContext,
} from './controller.js';
import { ownerRefTo, specOf, statusOf } from './workload-pods.js';

const CRONJOBS = 'batch/cronjobs';
const JOBS = 'batch/jobs';
const SCHEDULED_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

/**
 * CronJob → Jobs `<cronjob>-<minutes since epoch>` at each scheduled time (UTC, on the
 * control plane's clock; a job missed by more than startingDeadlineSeconds is skipped),
 * with concurrencyPolicy Allow/Forbid/Replace, suspend, the success and failure history
 * limits, and status.active / lastScheduleTime / lastSuccessfulTime.
 */
export class CronJobController implements Controller {
  readonly name = 'cronjob';
  readonly watches = [CRONJOBS, JOBS];

  constructor(private readonly ctx: ControllerContext) {}

  keysFor(event: StoreEvent): string[] {
    if (event.resource === CRONJOBS) return [nsName(event.object)];
    return ownerKeys(event.object, 'CronJob');
  }

  initialKeys(): string[] {
    return this.ctx.store.list(CRONJOBS).map(nsName);
  }

  async reconcile(key: string, requeue: (key: string, ms: number) => void): Promise<void> {
    const [namespace, name] = splitKey(key);
    const cronType = typeOf(this.ctx, CRONJOBS);
    const cron = this.ctx.registry.find(cronType, namespace, name);
    if (cron === undefined || cron.metadata.deletionTimestamp !== undefined) return;
    const spec = specOf(cron);
    const schedule = parseCronSchedule(String(spec['schedule'] ?? ''));
    const now = this.ctx.clock.now();
    const previous = statusOf(cron);
    const lastScheduled = Date.parse(
      String(previous['lastScheduleTime'] ?? cron.metadata.creationTimestamp ?? ''),
    );
    let jobs = this.jobs(cron);
    let scheduledAt: number | undefined;
    if (schedule !== undefined && spec['suspend'] !== true) {
      const due = lastCronTimeBetween(
        schedule,
        Number.isNaN(lastScheduled) ? now - 60_000 : lastScheduled,
        now,
      );
      const deadline = spec['startingDeadlineSeconds'];
      const tooLate =
        due !== undefined && typeof deadline === 'number' && now - due > deadline * 1000;
      if (due !== undefined && !tooLate) {
        scheduledAt = await this.runDue(cron, due, jobs);
        jobs = this.jobs(cron);
      }
      const next = nextCronTime(schedule, now);
      if (next !== undefined) requeue(key, Math.max(1, next - now + 1));
    }
    await this.pruneHistory(cron, jobs);
    jobs = this.jobs(cron);
    const active = jobs.filter((j) => finishedAs(j) === undefined);
    const successes = jobs
      .filter((j) => finishedAs(j) === 'Complete')
      .map((j) => String(statusOf(j)['completionTime'] ?? ''))
      .filter((t) => t !== '')
      .sort();
    const status: Record<string, unknown> = { ...previous };
    if (active.length > 0)
      status['active'] = active.map((j) => ({
        apiVersion: 'batch/v1',
        kind: 'Job',
        name: j.metadata.name,
        namespace,
        uid: j.metadata.uid,
        resourceVersion: j.metadata.resourceVersion,
      }));
    else delete status['active'];
    if (scheduledAt !== undefined) status['lastScheduleTime'] = kubeTimestamp(scheduledAt);
    const lastSuccess = successes[successes.length - 1];
    if (lastSuccess !== undefined) status['lastSuccessfulTime'] = lastSuccess;
    if (!jsonEqual(status, previous)) {
      const latest = this.ctx.registry.get(cronType, namespace, name);
      await this.ctx.registry.update(
        cronType,
        namespace,
        name,
        { ...latest, status },
        { subresource: 'status' },
      );
    }
  }

  /** Starts the job scheduled at `due` unless concurrencyPolicy forbids it; returns `due` when handled. */
  private async runDue(
    cron: Readonly<KubeObject>,
    due: number,
    jobs: readonly Readonly<KubeObject>[],
  ): Promise<number | undefined> {
    const namespace = cron.metadata.namespace ?? '';
    const jobName = `${cron.metadata.name ?? ''}-${Math.floor(due / 60_000)}`;
    if (jobs.some((j) => j.metadata.name === jobName)) return due;
    const active = jobs.filter((j) => finishedAs(j) === undefined);
    const policy = specOf(cron)['concurrencyPolicy'];
    if (policy === 'Forbid' && active.length > 0) return undefined;
    const jobType = typeOf(this.ctx, JOBS);
    if (policy === 'Replace') {
      for (const job of active)
        await this.ctx.registry
          .delete(jobType, namespace, job.metadata.name ?? '', {
            propagationPolicy: PropagationPolicy.Background,
          })
          .catch(ignoreNotFoundOrConflict);
    }
    const template = cloneJson(
      isPlainObject(specOf(cron)['jobTemplate']) ? specOf(cron)['jobTemplate'] : {},
    ) as { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } };
    await this.ctx.registry
      .create(jobType, namespace, {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: {
          name: jobName,
          namespace,
          labels: template.metadata?.labels ?? {},
          annotations: {
            ...template.metadata?.annotations,
            [SCHEDULED_ANNOTATION]: kubeTimestamp(due),
          },
          ownerReferences: [ownerRefTo(cron)],
        },
        spec: (template as { spec?: unknown }).spec ?? {},
      })
      .catch(ignoreNotFoundOrConflict);
    return due;
  }

  private async pruneHistory(
    cron: Readonly<KubeObject>,
    jobs: readonly Readonly<KubeObject>[],
  ): Promise<void> {
    const spec = specOf(cron);
    const limits = {
      Complete:
        typeof spec['successfulJobsHistoryLimit'] === 'number'
          ? spec['successfulJobsHistoryLimit']
          : 3,
      Failed:
        typeof spec['failedJobsHistoryLimit'] === 'number' ? spec['failedJobsHistoryLimit'] : 1,
    };
    const jobType = typeOf(this.ctx, JOBS);
    for (const outcome of ['Complete', 'Failed'] as const) {
      const finished = jobs
        .filter((j) => finishedAs(j) === outcome && j.metadata.deletionTimestamp === undefined)
        .sort((a, b) => scheduledTime(a) - scheduledTime(b));
      for (const job of finished.slice(0, Math.max(0, finished.length - limits[outcome]))) {
        await this.ctx.registry
          .delete(jobType, job.metadata.namespace ?? '', job.metadata.name ?? '', {
            propagationPolicy: PropagationPolicy.Background,
          })
          .catch(ignoreNotFoundOrConflict);
      }
    }
  }

  private jobs(cron: Readonly<KubeObject>): Readonly<KubeObject>[] {
    return this.ctx.store
      .list(JOBS, cron.metadata.namespace ?? '')
      .filter((j) => controllerRef(j)?.uid === cron.metadata.uid);
  }
}

function finishedAs(job: Readonly<KubeObject>): 'Complete' | 'Failed' | undefined {
  const conditions = statusOf(job)['conditions'];
  if (!Array.isArray(conditions)) return undefined;
  for (const c of conditions as Record<string, unknown>[]) {
    if (c['status'] !== 'True') continue;
    if (c['type'] === 'Complete' || c['type'] === 'Failed') return c['type'];
  }
  return undefined;
}

function scheduledTime(job: Readonly<KubeObject>): number {
  const at = Date.parse(job.metadata.annotations?.[SCHEDULED_ANNOTATION] ?? '');
  return Number.isNaN(at) ? Date.parse(job.metadata.creationTimestamp ?? '') || 0 : at;
}
