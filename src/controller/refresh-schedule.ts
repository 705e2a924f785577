/** When each app is next polled: every interval plus up to `jitter` at random, as in Argo CD. */
export interface RefreshScheduleOptions {
  /** @defaultValue 120_000 */
  intervalMs?: number;
  /** @defaultValue 60_000 */
  jitterMs?: number;
  /** @defaultValue Math.random */
  random?: () => number;
}

export function resolveRefreshScheduleOptions(
  options: RefreshScheduleOptions = {},
): Required<RefreshScheduleOptions> {
  return {
    intervalMs: options.intervalMs ?? 120_000,
    jitterMs: options.jitterMs ?? 60_000,
    random: options.random ?? Math.random,
  };
}

export function nextPollDelay(options: Required<RefreshScheduleOptions>): number {
  return options.intervalMs + Math.floor(options.random() * options.jitterMs);
}
