import { BatchV1Api, CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, waitFor, type TestCluster } from './support/harness.js';

const pod = (
  name: string,
  container: Record<string, unknown>,
  restartPolicy = 'Always',
): V1Pod => ({
  metadata: { name },
  spec: { restartPolicy, containers: [{ name: 'c', image: 'busybox', ...container }] },
});

describe('simulated kubelet and jobs', () => {
  let cluster: TestCluster;
  let core: CoreV1Api;
  let batch: BatchV1Api;
  beforeAll(async () => {
    cluster = await startTestCluster({ timeFactor: 0.01 });
    core = cluster.kc.makeApiClient(CoreV1Api);
    batch = cluster.kc.makeApiClient(BatchV1Api);
  });
  afterAll(async () => {
    await cluster.dispose();
  });

  const read = (name: string): Promise<V1Pod> =>
    core.readNamespacedPod({ name, namespace: 'default' });

  it('runs containers like their commands: sleep, exit codes, crash loops and failed pulls', async () => {
    for (const body of [
      pod('sleeper', { command: ['sleep', '30'] }, 'Never'),
      pod('exits', { command: ['sh', '-c', 'exit 3'] }, 'Never'),
      pod('crasher', { command: ['false'] }),
      pod('missing', { image: 'registry.example/doesnotexist:1' }),
      pod('server', { readinessProbe: { initialDelaySeconds: 200, httpGet: { port: 80 } } }),
    ])
      await core.createNamespacedPod({ namespace: 'default', body });
    const sleeper = await waitFor('sleeper runs', async () => {
      const p = await read('sleeper');
      return p.status?.phase === 'Running' && p;
    });
    expect(sleeper.status?.containerStatuses?.[0]?.state?.running).toBeDefined();
    await waitFor(
      'sleeper completes',
      async () => (await read('sleeper')).status?.phase === 'Succeeded',
    );
    const exits = await waitFor('exit 3 fails the pod', async () => {
      const p = await read('exits');
      return p.status?.phase === 'Failed' && p;
    });
    expect(exits.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).toBe(3);
    const crasher = await waitFor('crash loop', async () => {
      const p = await read('crasher');
      return (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 2 && p;
    });
    expect(crasher.status?.containerStatuses?.[0]?.lastState?.terminated?.exitCode).toBe(1);
    await waitFor('CrashLoopBackOff', async () =>
      (await cluster.kubectl(['get', 'pod', 'crasher'])).stdout.includes('CrashLoopBackOff'),
    );
    await waitFor('ImagePullBackOff', async () => {
      const p = await read('missing');
      return p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ImagePullBackOff';
    });
    expect((await read('missing')).status?.phase).toBe('Pending');
    const server = await waitFor('server running', async () => {
      const p = await read('server');
      return p.status?.phase === 'Running' && p;
    });
    expect(server.status?.containerStatuses?.[0]?.ready).toBe(false);
    await waitFor(
      'server ready after the initial delay',
      async () => (await read('server')).status?.containerStatuses?.[0]?.ready === true,
    );
  });

  it('completes jobs and fails them past their backoff limit', async () => {
    const job = (name: string, command: string[], extra: Record<string, unknown> = {}) => ({
      metadata: { name },
      spec: {
        ...extra,
        template: {
          spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command }] },
        },
      },
    });
    await batch.createNamespacedJob({
      namespace: 'default',
      body: job('done', ['sh', '-c', 'sleep 1; exit 0'], { completions: 3, parallelism: 2 }),
    });
    await batch.createNamespacedJob({
      namespace: 'default',
      body: job('broken', ['false'], { backoffLimit: 1 }),
    });
    const done = await waitFor('job complete', async () => {
      const j = await batch.readNamespacedJob({ name: 'done', namespace: 'default' });
      return j.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True') && j;
    });
    expect(done.status?.succeeded).toBe(3);
    const broken = await waitFor('job failed', async () => {
      const j = await batch.readNamespacedJob({ name: 'broken', namespace: 'default' });
      return j.status?.conditions?.find((c) => c.type === 'Failed' && c.status === 'True') && j;
    });
    expect(broken.status?.failed).toBe(2);
    expect(broken.status?.conditions?.find((c) => c.type === 'Failed')?.reason).toBe(
      'BackoffLimitExceeded',
    );
    const table = await cluster.kubectl(['get', 'jobs']);
    expect(table.stdout).toMatch(/done\s+Complete\s+3\/3/);
    expect(table.stdout).toMatch(/broken\s+Failed\s+0\/1/);
  });
});
