import { mkdir, open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { KubeObject } from '../../kube/object.js';
import type { LogRecord, StoreImage } from './store-event.js';
import { storedJson } from './stored-json.js';
import {
  objectKey,
  VersionedStore,
  type RecordSink,
  type VersionedStoreOptions,
} from './versioned-store.js';

const SNAPSHOT = 'snapshot.json';
const LOG = 'wal.jsonl';

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
 */
export class DiskLog implements RecordSink {
  private pending: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private bytes = 0;
  private closed = false;

  /**
   * `snapshotBytes` is the size of the snapshot the log starts from. A snapshot costs as much
   * as the whole store, so the log may grow to twice the last one before the next: the cost
   * of snapshots per write stays flat however many objects the store holds, and a restart
   * replays at most twice the store.
   */
  constructor(
    private readonly dir: string,
    private readonly handle: FileHandle,
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

  /** Waits for every pending record, then closes the file. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.flushing !== undefined) await this.flushing;
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
        await this.handle.write(data);
        await this.handle.datasync();
        this.bytes += Buffer.byteLength(data);
        for (const p of batch) p.resolve();
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
      if (this.bytes > Math.max(this.compactAfterBytes, 2 * this.snapshotBytes))
        await this.compact();
    }
  }

  /** Writes a snapshot of the current image, then empties the log. */
  private async compact(): Promise<void> {
    this.snapshotBytes = await writeSnapshot(this.dir, this.imageOf());
    await this.handle.truncate(0);
    await this.handle.datasync();
    this.bytes = 0;
  }
}

/** A record as one line of the log; a put's object text is shared with its watchers. */
function logLine(record: LogRecord): string {
  if (record.op !== 'put') return `${JSON.stringify(record)}\n`;
  return `{"rv":${record.rv},"op":"put","r":${JSON.stringify(record.r)},"o":${storedJson(record.o)}}\n`;
}

/**
 * Opens the store kept in `dir`: loads the snapshot, replays the log (a torn last line is
 * dropped), compacts both into a fresh snapshot and starts a new log.
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
  await handle.close();
  const appendHandle = await open(join(dir, LOG), 'a');
  const store = new VersionedStore(image, options);
  const log = new DiskLog(
    dir,
    appendHandle,
    options.compactAfterBytes ?? 8 * 1024 * 1024,
    () => store.image(),
    snapshotBytes,
  );
  store.attachSink(log);
  return { store, log };
}

async function loadImage(dir: string): Promise<StoreImage> {
  const base = await readJson<StoreImage>(join(dir, SNAPSHOT));
  const index = new Map<string, Map<string, KubeObject>>();
  for (const [resource, objects] of Object.entries(base?.resources ?? {})) {
    index.set(resource, new Map(objects.map((o) => [objectKey(o), o])));
  }
  let rv = base?.rv ?? 0;
  for (const record of await readLog(join(dir, LOG))) {
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
  const text = await readFile(path, 'utf8').catch(ignoreMissing);
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

/** Writes the image durably and returns its size in bytes. */
async function writeSnapshot(dir: string, image: StoreImage): Promise<number> {
  const tmp = join(dir, `${SNAPSHOT}.tmp`);
  const handle = await open(tmp, 'w');
  const text = JSON.stringify(image);
  try {
    await handle.write(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, join(dir, SNAPSHOT));
  const dirHandle = await open(dir, 'r');
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
  return Buffer.byteLength(text);
}

async function readJson<T>(path: string): Promise<T | undefined> {
  const text = await readFile(path, 'utf8').catch(ignoreMissing);
  return text === undefined ? undefined : (JSON.parse(text) as T);
}

function ignoreMissing(err: unknown): undefined {
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  throw err;
}
