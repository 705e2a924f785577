import { appendFile, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDiskStore } from '../../src/controlplane/store/disk-log.js';
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
});
