import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { KubeObject } from '../../kube/object.js';
import { readIfPresent, readSnapshot, syncDirectory, writeSnapshot } from './snapshot-file.js';
import type { LogRecord, StoreImage } from './store-event.js';
import { storedJson } from './stored-json.js';
import {
  objectKey,
  VersionedStore,
  type RecordSink,
  type VersionedStoreOptions,
} from './versioned-store.js';

const LOG = 'wal.jsonl';
/** The log a snapshot being written replaces; it is removed once that snapshot is durable. */
const PREVIOUS_LOG = 'wal.previous.jsonl';

export interface DiskStoreOptions extends VersionedStoreOptions {
  /**
   * The log is compacted into a snapshot once it grows past this, or past twice the size of
   * the last snapshot when that is larger. @defaultValue 8 MiB
   */
  compactAfterBytes?: number;
}

interface Pending {
  line: string;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * The append-only log behind the store. Each record is written and fdatasync'ed before its
 * promise resolves; records that arrive while a sync is running share the next one.
 *
 * Compaction starts a new log and writes the snapshot in the background, so writes go on
 * meanwhile; the previous log is removed once the snapshot is durable. Opening replays both.
 */
export class DiskLog implements RecordSink {
  private pending: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private compacting: Promise<void> | undefined;
  /** Set when compacting failed: the previous log must stay, so the log is not rotated again. */
  private compactionFailed = false;
  /** Why the log cannot take records any more, once a failed write could not be undone. */
  private broken: unknown;
  private bytes = 0;
  private closed = false;

  /**
   * `snapshotBytes` is the size of the snapshot the log starts from. A snapshot costs as much
   * as the whole store, so the log may grow to twice the last one before the next: the cost
   * of snapshots per write stays flat however many objects the store holds, and a restart
   * replays at most about three times the store.
   */
  constructor(
    private readonly dir: string,
    private handle: FileHandle,
    private readonly compactAfterBytes: number,
    private readonly imageOf: () => StoreImage,
    private snapshotBytes = 0,
  ) {}

  append(record: LogRecord): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    return new Promise((resolve, reject) => {
      this.pending.push({ line: logLine(record), resolve, reject });
      this.kick();
    });
  }

  /** Waits for every pending record and a snapshot being written, then closes the file. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.flushing !== undefined) await this.flushing;
    await this.compacting;
    await this.handle.close();
  }

  private kick(): void {
    if (this.flushing !== undefined) return;
    this.flushing = this.drain().finally(() => {
      this.flushing = undefined;
      if (this.pending.length > 0) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      const data = batch.map((p) => p.line).join('');
      try {
        if (this.broken !== undefined) throw this.broken;
        await this.handle.write(data, this.bytes, 'utf8');
        await this.handle.datasync();
        this.bytes += Buffer.byteLength(data);
        for (const p of batch) p.resolve();
      } catch (err) {
        for (const p of batch) p.reject(err);
        await this.cutBack(err);
      }
      const limit = Math.max(this.compactAfterBytes, 2 * this.snapshotBytes);
      if (this.bytes > limit && this.compacting === undefined && !this.compactionFailed) {
        await this.rotate();
      }
    }
  }

  /**
   * After a failed write, cuts the log back to its last whole record: a part of a line left
   * there would end the replay early, before records acknowledged after it. When even that
   * fails, every later record fails too, rather than being acknowledged after a torn line.
   */
  private async cutBack(err: unknown): Promise<void> {
    if (this.broken !== undefined) return;
    try {
      await this.handle.truncate(this.bytes);
    } catch {
      this.broken = err;
    }
  }

  /**
   * Moves the log aside and starts a new one, durably before any record goes to it, then
   * writes a snapshot of the store as it is now in the background. Every record the moved
   * log holds is in that image, as are records still pending, which go to the new log.
   * Should a step fail, records go on to the log as it is, and it is not rotated again.
   */
  private async rotate(): Promise<void> {
    const image = this.imageOf();
    let next: FileHandle | undefined;
    try {
      // The open handle follows the file it names: until the switch, records still go there.
      await rename(join(this.dir, LOG), join(this.dir, PREVIOUS_LOG));
      next = await open(join(this.dir, LOG), 'w');
      await syncDirectory(this.dir);
    } catch {
      await next?.close().catch(() => undefined);
      this.compactionFailed = true;
      return;
    }
    const previous = this.handle;
    this.handle = next;
    this.bytes = 0;
    await previous.close().catch(() => undefined);
    this.compacting = this.snapshot(image).finally(() => {
      this.compacting = undefined;
    });
  }

  private async snapshot(image: StoreImage): Promise<void> {
    try {
      this.snapshotBytes = await writeSnapshot(this.dir, image);
      await rm(join(this.dir, PREVIOUS_LOG), { force: true });
    } catch {
      // The previous log stays and the next open replays it; until then the log only grows.
      this.compactionFailed = true;
    }
  }
}

/** A record as one line of the log; a put's object text is shared with its watchers. */
function logLine(record: LogRecord): string {
  if (record.op !== 'put') return `${JSON.stringify(record)}\n`;
  return `{"rv":${record.rv},"op":"put","r":${JSON.stringify(record.r)},"o":${storedJson(record.o)}}\n`;
}

/**
 * Opens the store kept in `dir`: loads the snapshot, replays the logs (a torn last line is
 * dropped), compacts them all into a fresh snapshot and starts a new log.
 */
export async function openDiskStore(
  dir: string,
  options: DiskStoreOptions = {},
): Promise<{ store: VersionedStore; log: DiskLog }> {
  await mkdir(dir, { recursive: true });
  const image = await loadImage(dir);
  const snapshotBytes = await writeSnapshot(dir, image);
  const handle = await open(join(dir, LOG), 'w');
  await handle.datasync();
  await rm(join(dir, PREVIOUS_LOG), { force: true });
  await syncDirectory(dir);
  const store = new VersionedStore(image, options);
  const log = new DiskLog(
    dir,
    handle,
    options.compactAfterBytes ?? 8 * 1024 * 1024,
    () => store.image(),
    snapshotBytes,
  );
  store.attachSink(log);
  return { store, log };
}

async function loadImage(dir: string): Promise<StoreImage> {
  const base = await readSnapshot(dir);
  const index = new Map<string, Map<string, KubeObject>>();
  for (const [resource, objects] of Object.entries(base?.resources ?? {})) {
    index.set(resource, new Map(objects.map((o) => [objectKey(o), o])));
  }
  let rv = base?.rv ?? 0;
  // A snapshot that was being written when the process stopped left its previous log behind.
  const records = [...(await readLog(join(dir, PREVIOUS_LOG))), ...(await readLog(join(dir, LOG)))];
  for (const record of records) {
    if (record.rv <= rv) continue;
    rv = record.rv;
    let bucket = index.get(record.r);
    if (bucket === undefined) {
      bucket = new Map();
      index.set(record.r, bucket);
    }
    if (record.op === 'put') bucket.set(objectKey(record.o), record.o);
    else bucket.delete(`${record.ns}/${record.n}`);
  }
  const resources: Record<string, KubeObject[]> = {};
  for (const [resource, bucket] of index) {
    if (bucket.size > 0) resources[resource] = [...bucket.values()];
  }
  return { rv, resources };
}

async function readLog(path: string): Promise<LogRecord[]> {
  const text = await readIfPresent(path);
  if (text === undefined) return [];
  const records: LogRecord[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    try {
      records.push(JSON.parse(line) as LogRecord);
    } catch {
      break; // a torn write: nothing after it was acknowledged
    }
  }
  return records;
}
