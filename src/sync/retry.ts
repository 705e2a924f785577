import type { RetryStrategy } from '../model/application.js';
import { parseDuration } from '../model/duration.js';

/** Argo CD's retry defaults: 5 s, doubling, at most 3 min. */
const DEFAULT_BACKOFF = { durationMs: 5_000, factor: 2, maxDurationMs: 180_000 };

/** True while another attempt is allowed; a negative limit retries forever. */
export function shouldRetry(strategy: RetryStrategy | undefined, retryCount: number): boolean {
  const limit = strategy?.limit ?? 0;
  return limit < 0 || retryCount < limit;
}

/** The wait before attempt `retryCount + 1`: duration × factor^retryCount, capped. */
export function retryDelayMs(strategy: RetryStrategy | undefined, retryCount: number): number {
  const backoff = strategy?.backoff;
  const base = parseDuration(backoff?.duration ?? '') ?? DEFAULT_BACKOFF.durationMs;
  const cap = parseDuration(backoff?.maxDuration ?? '') ?? DEFAULT_BACKOFF.maxDurationMs;
  const factor = backoff?.factor ?? DEFAULT_BACKOFF.factor;
  return Math.min(cap, base * factor ** retryCount);
}
