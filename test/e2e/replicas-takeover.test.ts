import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { KubeClient } from '../../src/cluster/kube-client.js';
import type { KubeObject } from '../../src/kube/object.js';
import type { Application } from '../../src/model/application.js';
import { redisConnection } from '../../src/sync/queue/bullmq.js';
import {
  logLines,
  waitForLogLine,
  spawnFerry,
  startReplicaWorld,
  waitUntilServing,
  type FerryReplica,
} from '../support/ferry-replica.js';
import { HoldingApiProxy, type HeldRequest } from '../support/holding-api-proxy.js';
import { waitFor } from '../support/wait-for.js';

const APPLY_AFTER_GATE = (method: string, url: string) =>
  method === 'PATCH' && url.startsWith('/api/v1/namespaces/shared/configmaps/after-gate?');

describe.each([2, 3])('%i replicas: the replica running a sync step is killed', (count) => {
  const cleanups: (() => Promise<unknown>)[] = [];

  let replicas: FerryReplica[] = [];

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      for (const [i, r] of replicas.entries()) console.error(`--- replica ${i}\n${r.log}`);
    }
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });

  it(
    'another replica takes the active job over and finishes the operation once',
    { timeout: 240_000 },
    async () => {
      const { dir, redis, cp, repoURL } = await startReplicaWorld('ferry-takeover-', cleanups);
      // Each replica reaches the API server through its own listener, so a held request
      // names the replica that sent it.
      const proxy = new HoldingApiProxy(cp.kubeconfigPath);
      cleanups.push(() => proxy.stop());

      replicas = [];
      for (let i = 0; i < count; i++) {
        const kubeconfig = path.join(dir, `replica-${i}.kubeconfig`);
        await proxy.listen(String(i), kubeconfig);
        const replica = spawnFerry([
          ...['--kubeconfig', kubeconfig, '--redis-url', redis.url, '--port', '0'],
          ...['--data-dir', path.join(dir, `replica-${i}`), '--poll-interval', '1s'],
          ...['--sync-lock-duration', '6s', '--sync-stalled-interval', '2s'],
        ]);
        replicas.push(replica);
        cleanups.push(() => replica.kill());
      }
      await waitUntilServing(replicas);

      const client = KubeClient.fromFile(cp.kubeconfigPath);
      cleanups.push(async () => client.close());
      const queue = new Queue('ferry-sync', { connection: redisConnection(redis.url) });
      cleanups.push(() => queue.close());
      const locks = new Redis(redis.url);
      cleanups.push(async () => locks.disconnect());

      const held: Promise<HeldRequest> = proxy.holdNext(APPLY_AFTER_GATE);
      const app: Application = {
        apiVersion: 'ferry.dev/v1alpha1',
        kind: 'Application',
        metadata: { name: 'shared', namespace: 'ferry' },
        spec: {
          source: { repoURL, path: 'app', targetRevision: 'main' },
          destination: { namespace: 'shared' },
          syncPolicy: { automated: {}, syncOptions: ['CreateNamespace=true'] },
        },
      };
      await client.create(app);
      const current = async () => (await client.get(app)) as Application;
      await waitFor(
        'the sync waiting on its hook',
        async () => {
          const state = (await current()).status?.operationState;
          if (state?.message.includes('waiting for completion of hook Pod/gate')) return true;
          throw new Error(`operation: ${JSON.stringify(state)}`);
        },
        { timeoutMs: 60_000 },
      );
      const podRef = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'gate', namespace: 'shared' },
      };
      const gate = (await client.get(podRef)) as KubeObject;
      await client.patchStatus(gate, { phase: 'Succeeded' });

      // The next step applies the ConfigMap; its request is held, so the step stays active.
      const request = await waitFor(
        'the apply of after-gate held',
        () =>
          Promise.race([held, new Promise<undefined>((r) => setTimeout(() => r(undefined), 100))]),
        { timeoutMs: 60_000 },
      );
      const job = (await queue.getJob('app-shared'))!;
      expect(await job.getState()).toBe('active');
      expect(await locks.get('bull:ferry-sync:app-shared:lock')).not.toBeNull();
      const holder = replicas[Number(request.listener)]!;
      await holder.kill();

      // The dead replica's request reaches the API server after all, as it may in real life.
      const written = await request.release();
      expect(written.statusCode).toBeLessThan(300);
      const applied = JSON.parse(written.body) as KubeObject;

      const done = await waitFor(
        'a survivor to finish the operation',
        async () => {
          const status = (await current()).status;
          return status?.operationState?.phase === 'Succeeded' ? status : undefined;
        },
        { timeoutMs: 120_000 },
      );
      expect(done.history).toHaveLength(1);
      expect(
        done.operationState?.syncResult?.resources.map((r) => `${r.kind}/${r.name}:${r.status}`),
      ).toEqual(expect.arrayContaining(['Pod/gate:Synced', 'ConfigMap/after-gate:Synced']));
      // Exactly once: the survivor's apply changed nothing, and the hook was never recreated.
      const cm = await client.get({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'after-gate', namespace: 'shared' },
      });
      expect(cm?.metadata.resourceVersion).toBe(applied.metadata.resourceVersion);
      expect((await client.get(podRef))?.metadata.uid).toBe(gate.metadata.uid);
      const survivors = replicas.filter((r) => r !== holder);
      await waitForLogLine(replicas, '"app":"shared"', '"phase":"Succeeded"');
      expect(logLines(replicas, '"app":"shared"', 'auto-sync to')).toHaveLength(1);
      expect(logLines(survivors, '"app":"shared"', '"phase":"Succeeded"')).toHaveLength(1);
      expect(logLines([holder], '"app":"shared"', '"phase":"Succeeded"')).toHaveLength(0);
    },
  );
});
