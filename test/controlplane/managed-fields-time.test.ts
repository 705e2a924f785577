import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeClient } from '../../src/cluster/kube-client.js';
import type { KubeObject } from '../../src/kube/object.js';
import { ShiftableClock } from './support/shiftable-clock.js';
import { startTestCluster, type TestCluster } from './support/harness.js';

describe('a write that changes nothing but managedFields timestamps', () => {
  const clock = new ShiftableClock();
  let cluster: TestCluster;
  let client: KubeClient;
  const cm = (value: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'same', namespace: 'default' },
    data: { value },
  });
  const times = (obj: KubeObject) =>
    (obj.metadata.managedFields as { time: string }[]).map((e) => e.time);

  beforeAll(async () => {
    cluster = await startTestCluster({ clock });
    client = KubeClient.fromFile(cluster.cp.kubeconfigPath);
  });

  afterAll(async () => {
    client?.close();
    await cluster?.dispose();
  });

  it('is a no-op that keeps the resourceVersion, as on a real API server', async () => {
    const first = await client.apply(cm('a'));
    clock.advance(5_000);
    const again = await client.apply(cm('a'));
    expect(again.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    expect(times(again)).toEqual(times(first));

    clock.advance(5_000);
    const changed = await client.apply(cm('b'));
    expect(changed.metadata.resourceVersion).not.toBe(first.metadata.resourceVersion);
    expect(times(changed)).not.toEqual(times(first));
  });
});
