import { describe, expect, it } from 'vitest';
import { KeyedWorkQueue, type Timers } from '../../../src/sync/queue/keyed-work-queue.js';

/** Timers that fire only when the test says so. */
function manualTimers() {
  const pending: { fn: () => void; ms: number }[] = [];
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      const entry = { fn, ms };
      pending.push(entry);
      return entry;
    },
    clearTimeout: (handle) => {
      const i = pending.indexOf(handle as (typeof pending)[number]);
      if (i >= 0) pending.splice(i, 1);
    },
  };
  const fireAll = () => pending.splice(0).forEach((t) => t.fn());
  return { timers, pending, fireAll };
}

describe('KeyedWorkQueue', () => {
  it('collapses adds for a waiting key into one run', async () => {
    const runs: string[] = [];
    const queue = new KeyedWorkQueue({ concurrency: 1 });
    queue.add('a');
    queue.add('a');
    queue.add('b');
    queue.start(async (key) => {
      runs.push(key);
      return undefined;
    });
    await queue.idle();
    expect(runs).toEqual(['a', 'b']);
  });

  it('runs a key once more when added while running, never twice at once', async () => {
    const queue = new KeyedWorkQueue({ concurrency: 4 });
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    queue.start(async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      runs++;
      if (runs === 1) {
        queue.add('a');
        queue.add('a');
      }
      await Promise.resolve();
      running--;
      return undefined;
    });
    queue.add('a');
    await queue.idle();
    await queue.idle();
    expect(runs).toBe(2);
    expect(maxRunning).toBe(1);
  });

  it('requeues after the delay the handler returns', async () => {
    const clock = manualTimers();
    const queue = new KeyedWorkQueue({ timers: clock.timers });
    let runs = 0;
    queue.start(async () => (++runs < 3 ? 500 : undefined));
    queue.add('a');
    await queue.idle();
    expect(runs).toBe(1);
    expect(clock.pending.map((t) => t.ms)).toEqual([500]);
    clock.fireAll();
    await queue.idle();
    clock.fireAll();
    await queue.idle();
    expect(runs).toBe(3);
    expect(clock.pending).toEqual([]);
  });

  it('keeps running other keys when a handler throws', async () => {
    const errors: string[] = [];
    const queue = new KeyedWorkQueue({ onError: (key) => errors.push(key) });
    const runs: string[] = [];
    queue.start(async (key) => {
      runs.push(key);
      if (key === 'bad') throw new Error('boom');
      return undefined;
    });
    queue.add('bad');
    queue.add('good');
    await queue.idle();
    expect(errors).toEqual(['bad']);
    expect(runs).toContain('good');
  });
});
