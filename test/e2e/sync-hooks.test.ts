import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFerryEnv, type FerryEnv } from '../support/ferry-env.js';
import { waitFor } from '../support/wait-for.js';

const job = (name: string, hook: string, command: string, policy?: string) => `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
  annotations:
    argocd.argoproj.io/hook: ${hook}${policy === undefined ? '' : `\n    argocd.argoproj.io/hook-delete-policy: ${policy}`}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers: [{name: run, image: busybox, command: [sh, -c, "${command}"]}]
`;

const configMap = (name: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: ${name}}
data: {a: b}
`;

describe('hooks as Jobs on the embedded control plane', () => {
  let env: FerryEnv;

  beforeAll(async () => {
    env = await startFerryEnv({
      'good/migrate.yaml': job('migrate', 'PreSync', 'exit 0', 'HookSucceeded'),
      'good/app.yaml': configMap('app'),
      'good/smoke.yaml': job('smoke', 'PostSync', 'exit 0'),
      'bad/migrate.yaml': job('migrate', 'PreSync', 'exit 3'),
      'bad/app.yaml': configMap('app'),
      'bad/page.yaml': job('page-oncall', 'SyncFail', 'exit 0'),
    });
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('runs PreSync before the resources and PostSync after, deleting hooks by policy', async () => {
    await env.createApp('good', { path: 'good', syncPolicy: { automated: {} } });
    const app = await env.waitForApp(
      'good',
      'Succeeded',
      (a) => a.status?.operationState?.phase === 'Succeeded',
      40_000,
    );
    const results = app.status?.operationState?.syncResult?.resources ?? [];
    expect(
      results.map((r) => `${r.syncPhase}:${r.kind}/${r.name}:${r.hookPhase ?? r.status}`),
    ).toEqual([
      'PreSync:Job/migrate:Succeeded',
      'Sync:ConfigMap/app:Synced',
      'PostSync:Job/smoke:Succeeded',
    ]);
    await waitFor('the HookSucceeded hook deleted', async () =>
      (await env.get('batch/v1', 'Job', 'migrate', 'good')) === undefined ? true : undefined,
    );
    expect(await env.get('batch/v1', 'Job', 'smoke', 'good')).toBeDefined();
    expect(app.status?.resources.map((r) => r.kind)).toEqual(['ConfigMap']);
  });

  it('stops at a failing PreSync Job, runs the SyncFail hook, and fails the operation', async () => {
    await env.createApp('bad', { path: 'bad', syncPolicy: { automated: {} } });
    const app = await env.waitForApp(
      'bad',
      'Failed',
      (a) => a.status?.operationState?.phase === 'Failed',
      40_000,
    );
    expect(app.status?.operationState?.message).toMatch(/PreSync hook Job\/migrate failed/);
    expect(await env.get('v1', 'ConfigMap', 'app', 'bad')).toBeUndefined();
    expect(await env.get('batch/v1', 'Job', 'page-oncall', 'bad')).toBeDefined();
  });
});
