import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthy, startFerryEnv, synced, type FerryEnv } from '../support/ferry-env.js';
import { waitFor } from '../support/wait-for.js';

const configMap = (name: string, wave: number, extra = '') => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  annotations:
    argocd.argoproj.io/sync-wave: "${wave}"${extra}
data: {wave: "${wave}"}
`;

const deployment = (name: string, wave: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  annotations:
    argocd.argoproj.io/sync-wave: "${wave}"
spec:
  replicas: 1
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: main, image: "nginx:1.27"}]
`;

describe('sync waves, prune and self-heal against the embedded control plane', () => {
  let env: FerryEnv;

  beforeAll(async () => {
    env = await startFerryEnv({
      'waves/a.yaml': configMap('third', 2),
      'waves/b.yaml': configMap('first', -1),
      'waves/c.yaml': deployment('second', 0),
      'prune/keep.yaml': configMap('keep', 0),
      'prune/old.yaml': configMap('old', 0),
      'prune/protected.yaml': configMap(
        'protected',
        0,
        '\n    argocd.argoproj.io/sync-options: Prune=false',
      ),
      'prune/last.yaml': configMap(
        'last',
        0,
        '\n    argocd.argoproj.io/sync-options: PruneLast=true',
      ),
    });
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('applies wave by wave, each after the one before is healthy', async () => {
    await env.createApp('waves', { path: 'waves', syncPolicy: { automated: {} } });
    // The last wave does not wait for health, so the app can read Synced and Healthy a moment
    // before the operation records its end.
    const app = await env.waitForApp(
      'waves',
      'Synced, Healthy and operation Succeeded',
      (a) => synced(a) && healthy(a) && a.status?.operationState?.phase === 'Succeeded',
    );
    const rv = async (kind: string, name: string, apiVersion = 'v1') =>
      Number((await env.get(apiVersion, kind, name, 'waves'))!.metadata.resourceVersion);
    const first = await rv('ConfigMap', 'first');
    const second = await rv('Deployment', 'second', 'apps/v1');
    const third = await rv('ConfigMap', 'third');
    expect(first).toBeLessThan(second);
    expect(second).toBeLessThan(third);
    const deploy = await env.get('apps/v1', 'Deployment', 'second', 'waves');
    const ready = (deploy as { status?: { readyReplicas?: number } }).status?.readyReplicas;
    expect(ready).toBe(1);
    const applied = (await env.get('v1', 'ConfigMap', 'first', 'waves'))!;
    const managers = (
      applied.metadata.managedFields as { manager: string; operation: string }[]
    ).map((m) => `${m.manager}/${m.operation}`);
    expect(managers).toContain('ferry/Apply');
    expect(
      applied.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'],
    ).toBeUndefined();
    const rollout = app.status?.resources.find((r) => r.kind === 'Deployment')?.rollout;
    expect(rollout).toEqual({ desired: 1, updated: 1, ready: 1, available: 1 });
  });

  it('prunes, keeps Prune=false objects, and prunes PruneLast objects last', async () => {
    await env.createApp('prune', { path: 'prune', syncPolicy: { automated: { prune: true } } });
    await env.waitForApp('prune', 'Synced', synced);
    await env.repo.commit(
      { remove: ['prune/old.yaml', 'prune/protected.yaml', 'prune/last.yaml'] },
      'remove three',
    );
    await env.repo.push();
    const sha = await env.repo.revParse('HEAD');
    await waitFor('old and last pruned', async () =>
      (await env.get('v1', 'ConfigMap', 'old', 'prune')) === undefined &&
      (await env.get('v1', 'ConfigMap', 'last', 'prune')) === undefined
        ? true
        : undefined,
    );
    const app = await env.waitForApp('prune', 'operation done', (a) => {
      const op = a.status?.operationState;
      return op?.phase === 'Succeeded' && op.syncResult?.revision === sha;
    });
    expect(await env.get('v1', 'ConfigMap', 'protected', 'prune')).toBeDefined();
    const results = app.status?.operationState?.syncResult?.resources.map(
      (r) => `${r.name}:${r.status}`,
    );
    expect(results).toEqual(['keep:Synced', 'old:Pruned', 'last:Pruned']);
    expect(app.status?.resources.find((r) => r.name === 'protected')?.requiresPruning).toBe(true);
  });

  it('self-heals a change made with kubectl-style patches', async () => {
    // This app applies client-side (last-applied annotation); the others use server-side apply.
    await env.createApp('heal', {
      path: 'waves',
      syncPolicy: {
        automated: { selfHeal: true },
        syncOptions: ['CreateNamespace=true', 'ServerSideApply=false'],
      },
    });
    await env.waitForApp('heal', 'Synced and Healthy', (a) => synced(a) && healthy(a));
    const cm = (await env.get('v1', 'ConfigMap', 'first', 'heal'))!;
    expect(
      cm.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'],
    ).toBeDefined();
    await env.client.mergePatch(cm, { data: { wave: 'tampered' } });
    await waitFor('the change reverted', async () => {
      const live = (await env.get('v1', 'ConfigMap', 'first', 'heal')) as {
        data?: Record<string, string>;
      };
      return live.data?.['wave'] === '-1' ? true : undefined;
    });
  });
});
