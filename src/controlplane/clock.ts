/** Cancels a timer set through a {@link Clock}. */
export type CancelTimer = () => void;

/**
 * The control plane's only source of time. Controllers and the kubelet take one so that
 * tests can drive time instead of sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` after `ms` milliseconds; the returned function cancels it. */
  setTimer(ms: number, fn: () => void): CancelTimer;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const handle = setTimeout(fn, Math.max(0, ms));
    handle.unref();
    return () => clearTimeout(handle);
  },
};

let lastSecond = NaN;
let lastText = '';

/** The RFC 3339 form (seconds precision) Kubernetes uses for timestamps. */
export function kubeTimestamp(ms: number): string {
  // Every write stamps the time, many within one second: format each second once.
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastText = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
  }
  return lastText;
}
