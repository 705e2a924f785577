import { lstat, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A file in each entry whose mtime says when it was last used, also across restarts. */
export const LAST_USED_FILE = 'ferry-last-used';

export interface CacheCollectorOptions {
  /** The directory holding one clone per subdirectory. */
  cacheDir: string;
  /** How many bytes the clones may take; past it, the least recently used go first. */
  maxBytes: number;
  /** A clone used more recently than this is in use and never removed. */
  idleMs: number;
  /** The least time between two collections started by {@link CacheCollector.collectSoon}. */
  intervalMs: number;
  now: () => number;
  /** Told of each collection, for logs. */
  onCollected: (report: CacheCollection) => void;
  /** Told of each removed clone, so that what was read from it is dropped. */
  onRemoved: (name: string) => void;
}

/** What one collection found and did. */
export interface CacheCollection {
  /** Bytes of all clones before the collection. */
  totalBytes: number;
  /** Clones removed, least recently used first. */
  removed: { name: string; bytes: number }[];
  /** Bytes left. */
  keptBytes: number;
  /** Still over the bound because the clones left are all in use. */
  overBound: boolean;
}

interface Usage {
  active: number;
  lastUsedMs: number;
  touchedMs: number;
}

/** How often the last-used file of a clone in steady use is rewritten. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Keeps a directory of cache entries, one per subdirectory (a Git clone, a chart version), under
 * a size bound: removes the least recently used entries that are not in use (no operation
 * running on them, none used within `idleMs`) until the rest fits. Operations on an entry hold
 * it with {@link acquire} / {@link release}. The entries below speak of clones.
 */
export class CacheCollector {
  private readonly usage = new Map<string, Usage>();
  private readonly removals = new Map<string, Promise<void>>();
  private running: Promise<CacheCollection> | undefined;
  private lastRunMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: CacheCollectorOptions) {}

  /** Marks clone `name` in use; waits first if it is being removed. */
  async acquire(name: string): Promise<void> {
    await this.removals.get(name);
    const usage = this.usageOf(name);
    usage.active++;
  }

  /** Ends one use of clone `name`. */
  release(name: string): void {
    const usage = this.usageOf(name);
    usage.active = Math.max(0, usage.active - 1);
    const now = this.options.now();
    usage.lastUsedMs = now;
    // Clones left by an earlier process are looked at once, even if nothing is fetched.
    if (this.lastRunMs === Number.NEGATIVE_INFINITY) this.collectSoon();
    if (now - usage.touchedMs >= TOUCH_EVERY_MS) {
      usage.touchedMs = now;
      // Fails, harmlessly, when there is no clone (yet) to mark.
      void writeFile(join(this.options.cacheDir, name, LAST_USED_FILE), '').catch(() => undefined);
    }
  }

  /**
   * Collects in the background, at most once per `intervalMs`: after a clone grew, and at the
   * first use of any clone.
   */
  collectSoon(): void {
    if (this.running !== undefined) return;
    if (this.options.now() - this.lastRunMs < this.options.intervalMs) return;
    void this.collect().catch(() => undefined);
  }

  /** Removes least recently used clones not in use until the rest fit in `maxBytes`. */
  collect(): Promise<CacheCollection> {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async run(): Promise<CacheCollection> {
    this.lastRunMs = this.options.now();
    const clones = await this.scan();
    const totalBytes = clones.reduce((sum, c) => sum + c.bytes, 0);
    let keptBytes = totalBytes;
    const removed: CacheCollection['removed'] = [];
    const oldestFirst = [...clones].sort((a, b) => a.lastUsedMs - b.lastUsedMs);
    for (const clone of oldestFirst) {
      if (keptBytes <= this.options.maxBytes) break;
      if (this.inUse(clone.name, clone.lastUsedMs)) continue;
      await this.remove(clone.name);
      removed.push({ name: clone.name, bytes: clone.bytes });
      keptBytes -= clone.bytes;
    }
    const report = { totalBytes, removed, keptBytes, overBound: keptBytes > this.options.maxBytes };
    this.options.onCollected(report);
    return report;
  }

  private inUse(name: string, lastUsedMs: number): boolean {
    const usage = this.usage.get(name);
    if (usage !== undefined && usage.active > 0) return true;
    // A use that began and ended while the directory was scanned counts too.
    const last = Math.max(lastUsedMs, usage?.lastUsedMs ?? 0);
    return this.options.now() - last < this.options.idleMs;
  }

  private async remove(name: string): Promise<void> {
    const removal = rm(join(this.options.cacheDir, name), { recursive: true, force: true }).finally(
      () => {
        this.removals.delete(name);
        this.usage.delete(name);
        this.options.onRemoved(name);
      },
    );
    this.removals.set(name, removal);
    await removal;
  }

  private async scan(): Promise<{ name: string; bytes: number; lastUsedMs: number }[]> {
    const entries = await readdir(this.options.cacheDir, { withFileTypes: true }).catch(() => []);
    const clones = await Promise.all(
      entries
        .filter((e) => e.isDirectory())
        .map(async (e) => {
          const dir = join(this.options.cacheDir, e.name);
          const marked = await stat(join(dir, LAST_USED_FILE)).catch(() => stat(dir));
          const lastUsedMs = Math.max(marked.mtimeMs, this.usage.get(e.name)?.lastUsedMs ?? 0);
          return [{ name: e.name, bytes: await diskUsage(dir), lastUsedMs }];
        })
        .map((clone) => clone.catch(() => [])),
    );
    return clones.flat();
  }

  private usageOf(name: string): Usage {
    let usage = this.usage.get(name);
    if (usage === undefined) {
      usage = { active: 0, lastUsedMs: this.options.now(), touchedMs: Number.NEGATIVE_INFINITY };
      this.usage.set(name, usage);
    }
    return usage;
  }
}

/** The bytes of all files under `path` (symlinks are not followed). */
export async function diskUsage(path: string): Promise<number> {
  const info = await lstat(path).catch(() => undefined);
  if (info === undefined) return 0;
  if (!info.isDirectory()) return info.size;
  const names = await readdir(path).catch(() => []);
  const sizes = await Promise.all(names.map((name) => diskUsage(join(path, name))));
  return sizes.reduce((sum, n) => sum + n, 0);
}
