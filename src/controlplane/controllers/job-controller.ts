import { cloneJson, isPlainObject, jsonEqual, type KubeObject } from '../../kube/object.js';
import { kubeTimestamp } from '../clock.js';
import type { StoreEvent } from '../store/store-event.js';
import {
  controllerRef,
  nsName,
  splitKey,
  Storage,
  typeOf,
  ownerKeys,
  type Controller,
  type ControllerContext,
} from './controller.js';
import { isPodReady, podPhase } from './pod-status.js';

const JOBS = 'batch/jobs';

/**
 * Job → Pods: keeps up to `parallelism` pods running until `completions` have succeeded,
 * counts failures against `backoffLimit`, and reports Complete or Failed conditions with
 * succeeded/failed/active counts, as the job controller does.
 */
export class JobController implements Controller {
  readonly name = 'job';
  readonly watches = [JOBS, Storage.pods];

  constructor(private readonly ctx: ControllerContext) {}

  keysFor(event: StoreEvent): string[] {
    if (event.resource === JOBS) return [nsName(event.object)];
    return ownerKeys(event.object, 'Job');
  }

  initialKeys(): string[] {
    return this.ctx.store.list(JOBS).map(nsName);
  }

  async reconcile(key: string): Promise<void> {
    const [namespace, name] = splitKey(key);
    const jobType = typeOf(this.ctx, JOBS);
    const podType = typeOf(this.ctx, Storage.pods);
    const job = this.ctx.registry.find(jobType, namespace, name);
    if (job === undefined || job.metadata.deletionTimestamp !== undefined) return;
    const spec = isPlainObject(job['spec']) ? job['spec'] : {};
    const status = isPlainObject(job['status']) ? job['status'] : {};
    const completions = typeof spec['completions'] === 'number' ? spec['completions'] : 1;
    const parallelism = typeof spec['parallelism'] === 'number' ? spec['parallelism'] : 1;
    const backoffLimit = typeof spec['backoffLimit'] === 'number' ? spec['backoffLimit'] : 6;
    const pods = this.ctx.store
      .list(Storage.pods, namespace)
      .filter((p) => controllerRef(p)?.uid === job.metadata.uid);
    const succeeded = pods.filter((p) => podPhase(p) === 'Succeeded').length;
    const failed = pods.filter((p) => podPhase(p) === 'Failed').length + restartsOf(pods);
    const active = pods.filter(
      (p) =>
        p.metadata.deletionTimestamp === undefined &&
        !['Succeeded', 'Failed'].includes(podPhase(p)),
    );
    const finished = (status['conditions'] as Record<string, unknown>[] | undefined)?.some(
      (c) => (c['type'] === 'Complete' || c['type'] === 'Failed') && c['status'] === 'True',
    );
    const now = kubeTimestamp(this.ctx.clock.now());
    let condition: Record<string, unknown> | undefined;
    if (!finished && succeeded >= completions) {
      condition = jobCondition('Complete', now);
    } else if (!finished && failed > backoffLimit) {
      condition = jobCondition(
        'Failed',
        now,
        'BackoffLimitExceeded',
        'Job has reached the specified backoff limit',
      );
    }
    const done = finished === true || condition !== undefined;
    if (done) {
      for (const pod of active)
        await this.ctx.registry
          .delete(podType, namespace, pod.metadata.name ?? '')
          .catch(() => undefined);
    } else if (spec['suspend'] !== true) {
      const want = Math.min(parallelism, completions - succeeded) - active.length;
      for (let i = 0; i < want; i++)
        await this.ctx.registry.create(podType, namespace, podFor(job, spec));
    }
    const next: Record<string, unknown> = {
      ...status,
      startTime: status['startTime'] ?? now,
      active: done ? 0 : Math.max(active.length, 0),
      succeeded,
      failed,
      ready: done ? 0 : active.filter(isPodReady).length,
      terminating: 0,
      uncountedTerminatedPods: {},
    };
    for (const field of ['active', 'succeeded', 'failed'])
      if (next[field] === 0) delete next[field];
    if (condition !== undefined) {
      const extra =
        condition['type'] === 'Complete'
          ? [
              jobCondition(
                'SuccessCriteriaMet',
                now,
                'CompletionsReached',
                'Reached expected number of succeeded pods',
              ),
            ]
          : [
              jobCondition(
                'FailureTarget',
                now,
                'BackoffLimitExceeded',
                'Job has reached the specified backoff limit',
              ),
            ];
      next['conditions'] = [
        ...((status['conditions'] as unknown[] | undefined) ?? []),
        ...extra,
        condition,
      ];
      if (condition['type'] === 'Complete') next['completionTime'] = now;
    }
    if (!jsonEqual(next, status)) {
      const latest = this.ctx.registry.get(jobType, namespace, name);
      await this.ctx.registry.update(
        jobType,
        namespace,
        name,
        { ...latest, status: next },
        { subresource: 'status' },
      );
    }
  }
}

function restartsOf(pods: readonly Readonly<KubeObject>[]): number {
  let total = 0;
  for (const pod of pods) {
    const status = isPlainObject(pod['status']) ? pod['status'] : {};
    const statuses = Array.isArray(status['containerStatuses']) ? status['containerStatuses'] : [];
    for (const s of statuses)
      if (isPlainObject(s) && typeof s['restartCount'] === 'number') total += s['restartCount'];
  }
  return total;
}

function jobCondition(
  type: string,
  now: string,
  reason?: string,
  message?: string,
): Record<string, unknown> {
  return {
    type,
    status: 'True',
    lastProbeTime: now,
    lastTransitionTime: now,
    ...(reason === undefined ? {} : { reason }),
    ...(message === undefined ? {} : { message }),
  };
}

function podFor(job: Readonly<KubeObject>, spec: Record<string, unknown>): KubeObject {
  const template = cloneJson(isPlainObject(spec['template']) ? spec['template'] : {}) as {
    metadata?: { labels?: Record<string, string> };
    spec?: Record<string, unknown>;
  };
  const name = job.metadata.name ?? '';
  const uid = job.metadata.uid ?? '';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${name}-`,
      namespace: job.metadata.namespace ?? '',
      labels: {
        ...template.metadata?.labels,
        'batch.kubernetes.io/controller-uid': uid,
        'batch.kubernetes.io/job-name': name,
        'controller-uid': uid,
        'job-name': name,
      },
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          name,
          uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: template.spec ?? {},
  };
}
