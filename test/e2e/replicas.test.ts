import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KubeClient } from '../../src/cluster/kube-client.js';
import { startControlPlane, type ControlPlane } from '../../src/controlplane/index.js';
import type { KubeObject } from '../../src/kube/object.js';
import type { Application } from '../../src/model/application.js';
import { startGitHttpServer, type GitHttpServer } from '../support/git-http-server.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { ServedRepo } from '../support/served-repo.js';
import { waitFor } from '../support/wait-for.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/ferry.js');

/** A PreSync hook that holds the sync until the test marks it finished. */
const FILES = {
  'app/gate.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: gate
  annotations: {argocd.argoproj.io/hook: PreSync}
spec:
  restartPolicy: Never
  containers: [{name: gate, image: busybox, command: [sleep, "3600"]}]
`,
  'app/cm.yaml': `apiVersion: v1
kind: ConfigMap
metadata: {name: after-gate}
data: {done: "yes"}
`,
};

interface Replica {
  child: ChildProcess;
  log: string;
  exited: Promise<void>;
}

describe.each([2, 3])('%i replicas sharing one Redis and one cluster', (count) => {
  const cleanups: (() => Promise<unknown>)[] = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });

  it(
    'sync each operation once, and a survivor takes over after a replica is killed',
    { timeout: 240_000 },
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'ferry-replicas-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      const redis: TestRedis = await startRedis();
      cleanups.push(() => redis.stop());
      const cp: ControlPlane = await startControlPlane({ dataDir: path.join(dir, 'cp'), port: 0 });
      cleanups.push(() => cp.stop());
      const repo = await ServedRepo.create(path.join(dir, 'git'), 'apps', FILES);
      const git: GitHttpServer = await startGitHttpServer({ root: path.join(dir, 'git') });
      cleanups.push(() => git.stop());

      const replicas: Replica[] = [];
      for (let i = 0; i < count; i++) {
        const args = [
          BIN,
          'serve',
          '--kubeconfig',
          cp.kubeconfigPath,
          '--redis-url',
          redis.url,
          '--port',
          '0',
        ];
        args.push('--data-dir', path.join(dir, `replica-${i}`), '--poll-interval', '1s');
        const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        const replica: Replica = {
          child,
          log: '',
          exited: new Promise((resolve) => child.once('exit', () => resolve())),
        };
        child.stdout!.on('data', (chunk: Buffer) => (replica.log += chunk.toString()));
        child.stderr!.on('data', (chunk: Buffer) => (replica.log += chunk.toString()));
        replicas.push(replica);
        cleanups.push(async () => {
          child.kill('SIGKILL');
          await replica.exited;
        });
      }
      await waitFor(
        'every replica serving',
        () => {
          const dead = replicas.find((r) => r.child.exitCode !== null);
          if (dead !== undefined) throw new Error(`a replica exited:\n${dead.log}`);
          return replicas.every((r) => r.log.includes('Dashboard:')) ? true : undefined;
        },
        {
          timeoutMs: 90_000,
        },
      );

      const client = KubeClient.fromFile(cp.kubeconfigPath);
      cleanups.push(async () => client.close());
      const app: Application = {
        apiVersion: 'ferry.dev/v1alpha1',
        kind: 'Application',
        metadata: { name: 'shared', namespace: 'ferry' },
        spec: {
          source: { repoURL: `${git.url}/${repo.name}`, path: 'app', targetRevision: 'main' },
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
      replicas[leader]!.child.kill('SIGKILL');
      await replicas[leader]!.exited;

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
      const logs = replicas.map((r) => r.log).join('\n');
      const started = logs
        .split('\n')
        .filter((line) => line.includes('"app":"shared"') && line.includes('auto-sync to'));
      expect(started).toHaveLength(1);
      const finished = logs
        .split('\n')
        .filter((line) => line.includes('"app":"shared"') && line.includes('"phase":"Succeeded"'));
      expect(finished).toHaveLength(1);
    },
  );
});
