/** Ids seen in the last `ttlMs`, to accept each delivery once. Bounded in size. */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
    private readonly maxEntries = 100_000,
  ) {}

  /** True the first time `id` is offered within the window; false for a repeat. */
  firstTime(id: string): boolean {
    const now = this.now();
    const expires = this.seen.get(id);
    if (expires !== undefined && expires > now) return false;
    if (this.seen.size >= this.maxEntries) this.sweep(now);
    this.seen.delete(id);
    this.seen.set(id, now + this.ttlMs);
    return true;
  }

  private sweep(now: number): void {
    for (const [id, expires] of this.seen) if (expires <= now) this.seen.delete(id);
    // Still full: the oldest entries go first (Map keeps insertion order).
    for (const id of this.seen.keys()) {
      if (this.seen.size < this.maxEntries) break;
      this.seen.delete(id);
    }
  }
}
