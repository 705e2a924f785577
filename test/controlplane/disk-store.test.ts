import { appendFile, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DiskLog, openDiskStore } from '../../src/controlplane/store/disk-log.js';
import { makeDataDir } from './support/harness.js';

const cm = (name: string, value: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default' },
  data: { value },
});

describe('control plane disk store', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('replays the log, drops a torn last line and keeps resource versions increasing', async () => {
    const dir = await makeDataDir();
    dirs.push(dir);
    const first = await openDiskStore(dir);
    await first.store.put('/configmaps', cm('a', '1')).durable;
    await first.store.put('/configmaps', cm('b', '1')).durable;
    await first.store.put('/configmaps', cm('a', '2')).durable;
    await first.store.remove('/configmaps', 'default', 'b')!.durable;
    const rv = first.store.currentRv;
    await first.log.close();
    await appendFile(join(dir, 'wal.jsonl'), '{"rv":99,"op":"put","r":"/configmaps","o":{"meta');

    const second = await openDiskStore(dir);
    expect(second.store.currentRv).toBe(rv);
    expect(
      second.store
        .list('/configmaps')
        .map((o) => [o.metadata.name, (o['data'] as { value: string }).value]),
    ).toEqual([['a', '2']]);
    expect(second.store.put('/configmaps', cm('c', '1')).object.metadata.resourceVersion).toBe(
      String(rv + 1),
    );
    await second.log.close();
    expect(JSON.parse(await readFile(join(dir, 'snapshot.json'), 'utf8'))).toMatchObject({ rv });
  });

  it('replays the log a snapshot being written when the process stopped left behind', async () => {
    const dir = await makeDataDir();
    dirs.push(dir);
    const first = await openDiskStore(dir);
    await first.store.put('/configmaps', cm('a', '1')).durable;
    await first.store.put('/configmaps', cm('b', '1')).durable;
    await first.log.close();
    // As a compaction leaves the files when it stops before its snapshot is durable: the
    // snapshot still the one from the start, the moved log, and a new log after it.
    await rename(join(dir, 'wal.jsonl'), join(dir, 'wal.previous.jsonl'));
    const next = { rv: 3, op: 'put', r: '/configmaps', o: cm('c', '1') };
    await writeFile(join(dir, 'wal.jsonl'), `${JSON.stringify(next)}\n`);

    const second = await openDiskStore(dir);
    expect(second.store.currentRv).toBe(3);
    expect(second.store.list('/configmaps').map((o) => o.metadata.name)).toEqual(['a', 'b', 'c']);
    await second.log.close();
    await expect(stat(join(dir, 'wal.previous.jsonl'))).rejects.toThrow(/ENOENT/);
  });

  it('goes on writing while it compacts, and loses nothing', async () => {
    const dir = await makeDataDir();
    dirs.push(dir);
    const { store, log } = await openDiskStore(dir, { compactAfterBytes: 4096 });
    const writes = [];
    for (let i = 0; i < 300; i++)
      writes.push(store.put('/configmaps', cm(`c${i % 50}`, `${i}`.repeat(100))).durable);
    await Promise.all(writes);
    await log.close();
    const reopened = await openDiskStore(dir);
    const last = new Map(
      reopened.store
        .list('/configmaps')
        .map((o) => [o.metadata.name, (o['data'] as { value: string }).value.slice(0, 3)]),
    );
    expect(last).toEqual(new Map(Array.from({ length: 50 }, (_, k) => [`c${k}`, `${250 + k}`])));
    await reopened.log.close();
  });

  it('keeps records acknowledged after a write that failed part way', async () => {
    const dir = await makeDataDir();
    dirs.push(dir);
    const file = await open(join(dir, 'wal.jsonl'), 'w');
    let failNext = false;
    // A disk that fills up: the write stores half the batch, then fails.
    const handle = new Proxy(file, {
      get(target, prop) {
        if (prop === 'write' && failNext) {
          failNext = false;
          return async (data: string, position: number) => {
            await target.write(data.slice(0, data.length / 2), position, 'utf8');
            throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
          };
        }
        const value: unknown = Reflect.get(target, prop);
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    });
    const log = new DiskLog(dir, handle, 1 << 30, () => ({ rv: 0, resources: {} }));
    const put = (rv: number, name: string) =>
      log.append({ rv, op: 'put', r: '/configmaps', o: cm(name, name) });
    await put(1, 'a');
    failNext = true;
    await expect(put(2, 'b')).rejects.toThrow(/ENOSPC/);
    await put(3, 'c');
    await log.close();

    const reopened = await openDiskStore(dir);
    expect(reopened.store.list('/configmaps').map((o) => o.metadata.name)).toEqual(['a', 'c']);
    await reopened.log.close();
  });

  it('compacts the log into a snapshot when it grows', async () => {
    const dir = await makeDataDir();
    dirs.push(dir);
    const { store, log } = await openDiskStore(dir, { compactAfterBytes: 4096 });
    const writes = [];
    for (let i = 0; i < 100; i++)
      writes.push(store.put('/configmaps', cm(`c${i}`, 'x'.repeat(100))).durable);
    await Promise.all(writes);
    await log.close();
    expect((await stat(join(dir, 'wal.jsonl'))).size).toBeLessThan(8192);
    const reopened = await openDiskStore(dir);
    expect(reopened.store.list('/configmaps')).toHaveLength(100);
    await reopened.log.close();
  });

  it('lets the log grow to twice the last snapshot before compacting again', async () => {
    const dir = await makeDataDir();
    dirs.push(dir);
    const seed = await openDiskStore(dir, { compactAfterBytes: 4096 });
    const big = 'x'.repeat(2000);
    await Promise.all(
      Array.from(
        { length: 100 },
        (_, i) => seed.store.put('/configmaps', cm(`c${i}`, big)).durable,
      ),
    );
    await seed.log.close();
    // Reopening writes a snapshot of about 200 KB and starts an empty log.
    const { store, log } = await openDiskStore(dir, { compactAfterBytes: 4096 });
    const snapshot = (await stat(join(dir, 'snapshot.json'))).size;
    expect(snapshot).toBeGreaterThan(200_000);
    const update = async (from: number, count: number, value: string) => {
      for (let i = from; i < from + count; i++)
        await store.put('/configmaps', cm(`c${i % 100}`, value)).durable;
    };
    await update(0, 20, 'y'.repeat(2000));
    const wal = (await stat(join(dir, 'wal.jsonl'))).size;
    expect(wal).toBeGreaterThan(4096 * 5);
    await update(20, 150, 'z'.repeat(2000));
    expect((await stat(join(dir, 'wal.jsonl'))).size).toBeGreaterThan(snapshot);
    await update(170, 80, 'w'.repeat(2000));
    expect((await stat(join(dir, 'wal.jsonl'))).size).toBeLessThan(snapshot);
    await log.close();
    const reopened = await openDiskStore(dir);
    expect(reopened.store.list('/configmaps')).toHaveLength(100);
    await reopened.log.close();
  });
});
