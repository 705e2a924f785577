import { KeyedWorkQueue, type KeyedWorkQueueOptions } from './keyed-work-queue.js';
import type { SyncQueue, SyncStepHandler } from './sync-queue.js';

/** The in-process queue of standalone mode. */
export class MemorySyncQueue implements SyncQueue {
  private readonly queue: KeyedWorkQueue;

  constructor(options: KeyedWorkQueueOptions = {}) {
    this.queue = new KeyedWorkQueue(options);
  }

  async enqueue(appName: string, delayMs = 0): Promise<void> {
    this.queue.add(appName, delayMs);
  }

  async start(handler: SyncStepHandler): Promise<void> {
    this.queue.start(handler);
  }

  async close(): Promise<void> {
    this.queue.close();
  }
}
