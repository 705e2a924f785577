import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KubeClient } from '../../src/cluster/kube-client.js';
import type { KubeObject } from '../../src/kube/object.js';
import type { Application } from '../../src/model/application.js';
import {
  logLines,
  waitForLogLine,
  spawnFerry,
  startReplicaWorld,
  waitUntilServing,
  type FerryReplica,
} from '../support/ferry-replica.js';
import { waitFor } from '../support/wait-for.js';

describe.each([2, 3])('%i replicas sharing one Redis and one cluster', (count) => {
  const cleanups: (() => Promise<unknown>)[] = [];

  let replicas: FerryReplica[] = [];

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      for (const [i, r] of replicas.entries()) console.error(`--- replica ${i}\n${r.log}`);
    }
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });

  it(
    'sync each operation once, and a survivor takes over after a replica is killed',
    { timeout: 240_000 },
    async () => {
      const { dir, redis, cp, repoURL } = await startReplicaWorld('ferry-replicas-', cleanups);

      replicas = [];
      for (let i = 0; i < count; i++) {
        const replica = spawnFerry([
          ...['--kubeconfig', cp.kubeconfigPath, '--redis-url', redis.url, '--port', '0'],
          ...['--data-dir', path.join(dir, `replica-${i}`), '--poll-interval', '1s'],
        ]);
        replicas.push(replica);
        cleanups.push(() => replica.kill());
      }
      await waitUntilServing(replicas);

      const client = KubeClient.fromFile(cp.kubeconfigPath);
      cleanups.push(async () => client.close());
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
      await waitFor('the sync waiting on its hook', async () =>
        ((await current()).status?.operationState?.message ?? '').includes(
          'waiting for completion of hook Pod/gate',
        )
          ? true
          : undefined,
      );

      const leader = replicas.findIndex((r) => r.log.includes('leading the reconcile loop'));
      expect(leader).toBeGreaterThanOrEqual(0);
      await replicas[leader]!.kill();

      const pod = (await client.get({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'gate', namespace: 'shared' },
      })) as KubeObject;
      await client.patchStatus(pod, { phase: 'Succeeded' });
      const done = await waitFor(
        'the sync finished by a survivor',
        async () => {
          const state = (await current()).status;
          return state?.operationState?.phase === 'Succeeded' ? state : undefined;
        },
        { timeoutMs: 90_000 },
      );
      expect(done.history).toHaveLength(1);
      expect(
        await client.get({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'after-gate', namespace: 'shared' },
        }),
      ).toBeDefined();

      await waitFor(
        'a new leader',
        () =>
          replicas.some((r, i) => i !== leader && r.log.includes('leading the reconcile loop'))
            ? true
            : undefined,
        { timeoutMs: 60_000 },
      );
      await waitForLogLine(replicas, '"app":"shared"', '"phase":"Succeeded"');
      expect(logLines(replicas, '"app":"shared"', 'auto-sync to')).toHaveLength(1);
      expect(logLines(replicas, '"app":"shared"', '"phase":"Succeeded"')).toHaveLength(1);
    },
  );
});
