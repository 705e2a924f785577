import type { Clock } from '../clock.js';
import type { VersionedStore } from '../store/versioned-store.js';
import type { Controller } from './controller.js';
import { WorkQueue } from './work-queue.js';

export interface ControllerManagerOptions {
  clock: Clock;
  onError?: (controller: string, key: string, err: unknown) => void;
}

/** Runs controllers: routes store events to their queues, never on the request path. */
export class ControllerManager {
  private readonly queues = new Map<Controller, WorkQueue>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly store: VersionedStore,
    private readonly controllers: readonly Controller[],
    private readonly options: ControllerManagerOptions,
  ) {}

  async start(): Promise<void> {
    for (const controller of this.controllers) {
      const queue: WorkQueue = new WorkQueue(
        (key) => controller.reconcile(key, (k, ms) => queue.addAfter(k, ms)),
        {
          clock: this.options.clock,
          onError: (key, err) => this.options.onError?.(controller.name, key, err),
        },
      );
      this.queues.set(controller, queue);
    }
    this.unsubscribe = this.store.subscribe((event) => {
      for (const [controller, queue] of this.queues) {
        if (controller.watches !== '*' && !controller.watches.includes(event.resource)) continue;
        for (const key of controller.keysFor(event)) queue.add(key);
      }
    });
    for (const [controller, queue] of this.queues) {
      await controller.start?.();
      for (const key of controller.initialKeys()) queue.add(key);
    }
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    for (const controller of this.controllers) controller.stop?.();
    await Promise.all([...this.queues.values()].map((q) => q.stop()));
  }
}
