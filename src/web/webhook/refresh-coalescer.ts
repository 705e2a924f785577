/**
 * Collects app names for a short window and hands each to `refresh` once: a burst of
 * deliveries for one repository becomes one refresh per app, and the repository layer
 * turns the apps' concurrent fetches into one.
 */
export class RefreshCoalescer {
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly refresh: (name: string) => void,
    private readonly windowMs: number,
  ) {}

  add(names: readonly string[]): void {
    for (const name of names) this.pending.add(name);
    if (this.timer === undefined && this.pending.size > 0) {
      this.timer = setTimeout(() => this.flush(), this.windowMs);
      this.timer.unref();
    }
  }

  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const names = [...this.pending];
    this.pending.clear();
    for (const name of names) this.refresh(name);
  }

  close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
