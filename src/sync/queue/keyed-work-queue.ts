export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Work for a key; resolves to a delay after which the key runs again, or undefined. */
export type KeyedHandler = (key: string) => Promise<number | undefined>;

export interface KeyedWorkQueueOptions {
  /** @defaultValue 8 */
  concurrency?: number;
  /** @defaultValue real timers */
  timers?: Timers;
  onError?: (key: string, err: unknown) => void;
}

/**
 * A work queue keyed by name: a key is never handled twice at once, adds for a waiting key
 * collapse into one run, and an add while the key runs schedules exactly one more run.
 */
export class KeyedWorkQueue {
  private readonly ready: string[] = [];
  private readonly queued = new Set<string>();
  private readonly running = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly timers = new Map<string, { at: number; handle: unknown }>();
  private readonly idleWaiters: (() => void)[] = [];
  private handler: KeyedHandler | undefined;
  private closed = false;
  private readonly concurrency: number;
  private readonly clock: Timers;

  constructor(private readonly options: KeyedWorkQueueOptions = {}) {
    this.concurrency = options.concurrency ?? 8;
    this.clock = options.timers ?? realTimers;
  }

  start(handler: KeyedHandler): void {
    this.handler = handler;
    this.pump();
  }

  add(key: string, delayMs = 0): void {
    if (this.closed) return;
    if (delayMs > 0) {
      const at = Date.now() + delayMs;
      const existing = this.timers.get(key);
      if (existing !== undefined && existing.at <= at) return;
      if (existing !== undefined) this.clock.clearTimeout(existing.handle);
      const handle = this.clock.setTimeout(() => {
        this.timers.delete(key);
        this.add(key);
      }, delayMs);
      this.timers.set(key, { at, handle });
      return;
    }
    if (this.running.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.ready.push(key);
    this.pump();
  }

  get size(): number {
    return this.queued.size + this.running.size;
  }

  /** Resolves when nothing is queued or running (delayed keys do not count). */
  async idle(): Promise<void> {
    if (this.size === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const { handle } of this.timers.values()) this.clock.clearTimeout(handle);
    this.timers.clear();
    this.ready.length = 0;
    this.queued.clear();
  }

  private pump(): void {
    while (
      this.handler !== undefined &&
      this.running.size < this.concurrency &&
      this.ready.length > 0
    ) {
      const key = this.ready.shift()!;
      this.queued.delete(key);
      this.running.add(key);
      void this.run(key, this.handler);
    }
    if (this.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async run(key: string, handler: KeyedHandler): Promise<void> {
    let again: number | undefined;
    try {
      again = await handler(key);
    } catch (err) {
      this.options.onError?.(key, err);
    }
    this.running.delete(key);
    if (this.dirty.delete(key)) this.add(key);
    else if (again !== undefined) this.add(key, again);
    this.pump();
  }
}
