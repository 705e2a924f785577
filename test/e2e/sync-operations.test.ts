import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestRollback, requestSync } from '../../src/controller/app-actions.js';
import type { KubeObject } from '../../src/kube/object.js';
import { healthy, startFerryEnv, synced, type FerryEnv } from '../support/ferry-env.js';
import { waitFor } from '../support/wait-for.js';

const configMap = (name: string, value: string, namespace?: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}${namespace === undefined ? '' : `\n  namespace: ${namespace}`}
data: {value: "${value}"}
`;

/** A PreSync hook Pod that runs until the test says it has finished. */
const gatePod = `apiVersion: v1
kind: Pod
metadata:
  name: gate
  annotations:
    argocd.argoproj.io/hook: PreSync
spec:
  restartPolicy: Never
  containers: [{name: gate, image: busybox, command: [sleep, "3600"]}]
`;

describe('sync operations: rollback, retries, restarts, dependencies, app-of-apps', () => {
  let env: FerryEnv;
  const value = async (name: string, namespace: string) =>
    (
      (await env.get('v1', 'ConfigMap', name, namespace)) as
        { data?: { value?: string } } | undefined
    )?.data?.value;

  beforeAll(async () => {
    env = await startFerryEnv({
      'rollback/cm.yaml': configMap('settings', 'v1'),
      'retry/cm.yaml': configMap('elsewhere', 'x', 'created-later'),
      'restart/gate.yaml': gatePod,
      'restart/cm.yaml': configMap('after-gate', 'done'),
      'db/cm.yaml': configMap('db', 'ready'),
      'web/cm.yaml': configMap('web', 'ready'),
    });
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('rolls back to a history entry and holds auto-sync until a new commit arrives', async () => {
    await env.createApp('rollback', {
      path: 'rollback',
      syncPolicy: { automated: { selfHeal: true } },
    });
    await env.waitForApp('rollback', 'Synced', synced);
    await env.repo.commit({ write: { 'rollback/cm.yaml': configMap('settings', 'v2') } }, 'v2');
    await env.repo.push();
    await waitFor('v2 live', async () =>
      (await value('settings', 'rollback')) === 'v2' ? true : undefined,
    );
    await env.waitForApp('rollback', 'two history entries', (a) => a.status?.history?.length === 2);

    await requestRollback(env.client, { name: 'rollback', namespace: 'ferry' }, 0, 'alice');
    await waitFor('v1 live again', async () =>
      (await value('settings', 'rollback')) === 'v1' ? true : undefined,
    );
    const paused = await env.waitForApp('rollback', 'paused', (a) =>
      (a.status?.conditions ?? []).some((c) => c.type === 'AutoSyncPaused'),
    );
    expect(paused.status?.sync.status).toBe('OutOfSync');
    expect(paused.status?.autoSyncPause?.reason).toBe('rollback to #0 by alice');
    expect(paused.status?.history?.at(-1)?.initiatedBy).toEqual({ username: 'alice' });
    // Two polls later, auto-sync and self-heal still leave the rollback alone.
    for (let poll = 0; poll < 2; poll++) {
      const seen = (await env.app('rollback'))?.status?.reconciledAt;
      await env.waitForApp('rollback', 'another poll', (a) => a.status?.reconciledAt !== seen);
    }
    expect(await value('settings', 'rollback')).toBe('v1');

    await env.repo.commit({ write: { 'rollback/cm.yaml': configMap('settings', 'v3') } }, 'v3');
    await env.repo.push();
    await waitFor('v3 live', async () =>
      (await value('settings', 'rollback')) === 'v3' ? true : undefined,
    );
    const resumed = await env.waitForApp(
      'rollback',
      'pause cleared',
      (a) => a.status?.autoSyncPause === undefined && synced(a),
    );
    expect(resumed.status?.conditions ?? []).toEqual([]);
  });

  it('retries a failed sync with backoff until a transient error clears', async () => {
    await env.createApp('retry', {
      path: 'retry',
      syncPolicy: {
        automated: {},
        retry: { limit: 10, backoff: { duration: '500ms', factor: 1 } },
      },
    });
    const failing = await env.waitForApp(
      'retry',
      'a retry',
      (a) => (a.status?.operationState?.retryCount ?? 0) >= 1,
    );
    expect(failing.status?.operationState?.message).toMatch(
      /retrying attempt #\d+ in \d+s: .*namespaces "created-later" not found/,
    );
    await env.client.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'created-later' },
    });
    const done = await env.waitForApp(
      'retry',
      'Succeeded',
      (a) => a.status?.operationState?.phase === 'Succeeded',
    );
    expect(done.status?.operationState?.retryCount).toBeGreaterThanOrEqual(1);
    expect(await value('elsewhere', 'created-later')).toBe('x');
  });

  it('resumes a running operation after Ferry restarts', async () => {
    await env.createApp('restart', { path: 'restart', syncPolicy: { automated: {} } });
    await env.waitForApp('restart', 'waiting on its PreSync hook', (a) =>
      (a.status?.operationState?.message ?? '').includes('waiting for completion of hook Pod/gate'),
    );
    await env.restart();
    const pod = (await env.get('v1', 'Pod', 'gate', 'restart')) as KubeObject;
    expect(await env.get('v1', 'ConfigMap', 'after-gate', 'restart')).toBeUndefined();
    await env.client.patchStatus(pod, { phase: 'Succeeded' });
    const done = await env.waitForApp(
      'restart',
      'Succeeded',
      (a) => a.status?.operationState?.phase === 'Succeeded',
    );
    expect(await value('after-gate', 'restart')).toBe('done');
    const hook = done.status?.operationState?.syncResult?.resources.find(
      (r) => r.hookType === 'PreSync',
    );
    expect(hook?.hookPhase).toBe('Succeeded');
  });

  it('waits for dependencies to be Synced and Healthy, and says so', async () => {
    await env.createApp('web', { path: 'web', dependsOn: ['db'], syncPolicy: { automated: {} } });
    const waiting = await env.waitForApp('web', 'waiting for db', (a) =>
      (a.status?.conditions ?? []).some((c) => c.type === 'DependencyNotReady'),
    );
    expect(waiting.status?.conditions?.[0]?.message).toBe('waiting for db (not found)');
    expect(await env.get('v1', 'ConfigMap', 'web', 'web')).toBeUndefined();
    await env.createApp('db', { path: 'db', syncPolicy: { automated: {} } });
    await env.waitForApp('web', 'Synced after db', (a) => synced(a) && healthy(a));
    expect(await value('web', 'web')).toBe('ready');
  });

  it('manages child Applications from a parent, counting their health', async () => {
    const child = (name: string, path: string) => `apiVersion: ferry.dev/v1alpha1
kind: Application
metadata:
  name: ${name}
  namespace: ferry
spec:
  source: {repoURL: "${env.repoURL}", path: ${path}, targetRevision: main}
  destination: {namespace: ${name}}
  syncPolicy:
    automated: {}
    syncOptions: [CreateNamespace=true]
`;
    await env.repo.commit(
      {
        write: {
          'root/child-a.yaml': child('child-a', 'db'),
          'root/child-b.yaml': child('child-b', 'web'),
        },
      },
      'app of apps',
    );
    await env.repo.push();
    await env.createApp('root', {
      path: 'root',
      destination: { namespace: 'ferry' },
      syncPolicy: { automated: {} },
    });
    const root = await env.waitForApp('root', 'Synced and Healthy', (a) => synced(a) && healthy(a));
    expect(root.status?.resources.map((r) => `${r.kind}/${r.name}:${r.health?.status}`)).toEqual([
      'Application/child-a:Healthy',
      'Application/child-b:Healthy',
    ]);
    expect(await value('db', 'child-a')).toBe('ready');
  });

  it('ends a sync to a revision that does not exist with an error, and accepts the next one', async () => {
    const app = { name: 'db', namespace: 'ferry' };
    await requestSync(env.client, app, { revision: 'no-such-branch' }, 'alice');
    const failed = await env.waitForApp(
      'db',
      'the operation to end',
      (a) => a.status?.operationState?.phase === 'Error' && a.operation === undefined,
    );
    expect(failed.status?.operationState?.message).toMatch(
      /cannot resolve revision no-such-branch/,
    );
    await requestSync(env.client, app, {}, 'alice');
    await env.waitForApp(
      'db',
      'the next sync to succeed',
      (a) => a.status?.operationState?.phase === 'Succeeded',
    );
  });
});
