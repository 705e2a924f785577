import { DelayedError, Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { SyncQueue, SyncStepHandler } from './sync-queue.js';

export interface BullMqSyncQueueOptions {
  /** `redis://host:port[/db]` */
  redisUrl: string;
  /** @defaultValue 'ferry-sync' */
  queueName?: string;
  /** Steps one worker runs at once. @defaultValue 8 */
  concurrency?: number;
  /** How long a worker may hold a step before others may take it over. @defaultValue 10_000 */
  lockDurationMs?: number;
  /** How often workers look for steps whose worker died. @defaultValue 5_000 */
  stalledIntervalMs?: number;
}

export function resolveBullMqSyncQueueOptions(
  options: BullMqSyncQueueOptions,
): Required<BullMqSyncQueueOptions> {
  return {
    redisUrl: options.redisUrl,
    queueName: options.queueName ?? 'ferry-sync',
    concurrency: options.concurrency ?? 8,
    lockDurationMs: options.lockDurationMs ?? 10_000,
    stalledIntervalMs: options.stalledIntervalMs ?? 5_000,
  };
}

export function redisConnection(redisUrl: string): ConnectionOptions {
  const url = new URL(redisUrl);
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    db,
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    maxRetriesPerRequest: null,
  };
}

/**
 * The sync queue shared by replicas through Redis. Each app has at most one job, whose id
 * is the app name, so no two workers ever step the same app at once. A step that must
 * continue later moves its own job back to delayed; a worker that dies holding a job loses
 * its lock, and another worker takes the job over.
 */
export class BullMqSyncQueue implements SyncQueue {
  private readonly options: Required<BullMqSyncQueueOptions>;
  private readonly queue: Queue;
  private worker: Worker | undefined;

  constructor(options: BullMqSyncQueueOptions) {
    this.options = resolveBullMqSyncQueueOptions(options);
    this.queue = new Queue(this.options.queueName, {
      connection: redisConnection(this.options.redisUrl),
    });
  }

  async enqueue(appName: string, delayMs = 0): Promise<void> {
    await this.queue.add(
      'step',
      { app: appName },
      { jobId: jobId(appName), delay: delayMs, removeOnComplete: true, removeOnFail: true },
    );
  }

  async start(handler: SyncStepHandler): Promise<void> {
    this.worker = new Worker<{ app: string }>(
      this.options.queueName,
      async (job, token) => {
        const next = await handler(job.data.app);
        if (next === undefined) return;
        await job.moveToDelayed(Date.now() + Math.max(1, next), token);
        throw new DelayedError();
      },
      {
        connection: redisConnection(this.options.redisUrl),
        concurrency: this.options.concurrency,
        lockDuration: this.options.lockDurationMs,
        stalledInterval: this.options.stalledIntervalMs,
        maxStalledCount: 1000,
      },
    );
    await this.worker.waitUntilReady();
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
  }
}

/** BullMQ job ids may not contain `:`; app names never do, but be safe. */
function jobId(appName: string): string {
  return `app-${appName.replace(/:/g, '_')}`;
}
