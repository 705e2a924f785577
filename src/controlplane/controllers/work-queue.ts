import type { CancelTimer, Clock } from '../clock.js';

export interface WorkQueueOptions {
  clock: Clock;
  /** First retry delay after a failure; doubles per failure. @defaultValue 20 */
  retryBaseMs?: number;
  /** @defaultValue 2000 */
  retryMaxMs?: number;
  onError?: (key: string, err: unknown) => void;
}

/**
 * A deduplicating queue processed one key at a time, like client-go's workqueue: a key
 * added while queued is processed once, a failing key is retried with backoff.
 */
export class WorkQueue {
  private readonly queued = new Set<string>();
  private readonly order: string[] = [];
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, CancelTimer>();
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly process: (key: string) => Promise<void>,
    private readonly options: WorkQueueOptions,
  ) {}

  add(key: string): void {
    if (this.stopped || this.queued.has(key)) return;
    this.queued.add(key);
    this.order.push(key);
    if (this.running === undefined) {
      this.running = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain());
    }
  }

  /** Adds `key` after `ms` (once; a later call replaces an earlier pending one). */
  addAfter(key: string, ms: number): void {
    if (this.stopped) return;
    this.timers.get(key)?.();
    this.timers.set(
      key,
      this.options.clock.setTimer(ms, () => {
        this.timers.delete(key);
        this.add(key);
      }),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
    this.order.length = 0;
    this.queued.clear();
    await this.running;
  }

  private async drain(): Promise<void> {
    while (this.order.length > 0 && !this.stopped) {
      const key = this.order.shift()!;
      this.queued.delete(key);
      try {
        await this.process(key);
        this.failures.delete(key);
      } catch (err) {
        const n = this.failures.get(key) ?? 0;
        this.failures.set(key, n + 1);
        this.options.onError?.(key, err);
        const base = this.options.retryBaseMs ?? 20;
        this.addAfter(key, Math.min(base * 2 ** n, this.options.retryMaxMs ?? 2000));
      }
    }
    this.running = undefined;
  }
}
