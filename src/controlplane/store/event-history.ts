import type { StoreEvent } from './store-event.js';

/**
 * The window of recent events a watch can resume from. Watches from a resource version
 * older than the window get 410 Expired, as with a compacted etcd.
 */
export class EventHistory {
  private readonly events: StoreEvent[] = [];
  private head = 0;
  /** Watches can resume from any resource version >= this one. */
  private floorRv: number;

  constructor(
    startRv: number,
    private readonly capacity: number,
  ) {
    this.floorRv = startRv;
  }

  push(event: StoreEvent): void {
    this.events.push(event);
    if (this.events.length - this.head > this.capacity) {
      const dropped = this.events[this.head]!;
      this.floorRv = dropped.rv;
      this.head++;
      if (this.head > this.capacity) {
        this.events.splice(0, this.head);
        this.head = 0;
      }
    }
  }

  /** The oldest resource version a watch may start from. */
  get oldestResumableRv(): number {
    return this.floorRv;
  }

  /** Events after `rv`, or undefined when they are no longer kept. */
  since(rv: number): StoreEvent[] | undefined {
    if (rv < this.floorRv) return undefined;
    const out: StoreEvent[] = [];
    for (let i = this.events.length - 1; i >= this.head; i--) {
      const event = this.events[i]!;
      if (event.rv <= rv) break;
      out.push(event);
    }
    return out.reverse();
  }
}
