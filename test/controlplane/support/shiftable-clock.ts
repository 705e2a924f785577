import type { CancelTimer, Clock } from '../../../src/controlplane/clock.js';

interface Timer {
  due: number;
  fn: () => void;
  handle: NodeJS.Timeout;
}

/**
 * Real time plus an offset that tests move forward: `advance(ms)` jumps the clock and fires
 * every timer that has come due, so schedules minutes apart run at once.
 */
export class ShiftableClock implements Clock {
  private offset = 0;
  private readonly timers = new Set<Timer>();

  now(): number {
    return Date.now() + this.offset;
  }

  setTimer(ms: number, fn: () => void): CancelTimer {
    const timer: Timer = {
      due: this.now() + ms,
      fn,
      handle: setTimeout(() => this.fire(timer), Math.max(0, ms)),
    };
    timer.handle.unref();
    this.timers.add(timer);
    return () => {
      clearTimeout(timer.handle);
      this.timers.delete(timer);
    };
  }

  advance(ms: number): void {
    this.offset += ms;
    const now = this.now();
    for (const timer of [...this.timers]) if (timer.due <= now) this.fire(timer);
  }

  private fire(timer: Timer): void {
    if (!this.timers.delete(timer)) return;
    clearTimeout(timer.handle);
    timer.fn();
  }
}
