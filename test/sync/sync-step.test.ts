import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/kube/object.js';
import type { OperationState } from '../../src/model/application.js';
import type { HealthStatusCode, OperationPhase } from '../../src/model/vocabulary.js';
import { alignResources } from '../../src/sync/align.js';
import { planSync, type SyncTask } from '../../src/sync/plan.js';
import { syncStep, type SyncStepDeps, type SyncStepResult } from '../../src/sync/sync-step.js';

const cm = (name: string, wave = 0): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'argocd.argoproj.io/sync-wave': String(wave) },
  },
});

const job = (name: string, hook: string, extra: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'argocd.argoproj.io/hook': hook, ...extra },
  },
});

const start = (): OperationState => ({
  operation: { sync: {} },
  phase: 'Running',
  message: '',
  startedAt: '2026-01-01T00:00:00.000Z',
  syncResult: { revision: 'abc', resources: [], source: { repoURL: 'r' } },
});

/** A world where applies succeed unless named `bad`, and health and hook phases are set by the test. */
function world(desired: KubeObject[], hooks: KubeObject[] = []) {
  const tasks = planSync(alignResources(desired, []), hooks, new Map(), {
    prune: true,
    operationId: 'op',
    appName: 'a',
  });
  const log: string[] = [];
  const health: Record<string, HealthStatusCode> = {};
  const hookPhases: Record<string, OperationPhase> = {};
  const deps: SyncStepDeps = {
    tasks,
    apply: async (t) => {
      log.push(`apply ${t.target!.metadata.name}`);
      return t.target!.metadata.name === 'bad'
        ? { ok: false, message: 'rejected' }
        : { ok: true, message: 'created' };
    },
    prune: async (t) => {
      log.push(`prune ${t.live!.metadata.name}`);
      return { ok: true, message: 'pruned' };
    },
    createHook: async (t) => {
      log.push(`hook ${t.target!.metadata.name}`);
      hookPhases[t.target!.metadata.name!] ??= 'Running';
      return { ok: true, message: 'created' };
    },
    deleteHook: async (t) => {
      log.push(`delete ${t.target!.metadata.name}`);
    },
    health: (t: SyncTask) => health[t.target!.metadata.name!],
    hookPhase: (t: SyncTask) => {
      const phase = hookPhases[t.target!.metadata.name!];
      return phase === undefined ? undefined : { phase, message: phase };
    },
    now: () => new Date('2026-01-01T00:01:00.000Z'),
  };
  const runAll = async (state = start(), limit = 20): Promise<SyncStepResult> => {
    let result: SyncStepResult = { state, requeueAfterMs: 0 };
    for (let i = 0; i < limit && result.requeueAfterMs !== undefined; i++)
      result = await syncStep(result.state, deps);
    return result;
  };
  return { deps, log, health, hookPhases, runAll };
}

describe('syncStep', () => {
  it('applies one wave per step and finishes when all have run', async () => {
    const w = world([cm('b', 1), cm('a', 0)]);
    const first = await syncStep(start(), w.deps);
    expect(w.log).toEqual(['apply a']);
    expect(first.requeueAfterMs).toBe(0);
    const last = await w.runAll(first.state);
    expect(w.log).toEqual(['apply a', 'apply b']);
    expect(last.state.phase).toBe('Succeeded');
    expect(last.state.syncResult?.resources.map((r) => [r.name, r.status])).toEqual([
      ['a', 'Synced'],
      ['b', 'Synced'],
    ]);
  });

  it('waits for the earlier wave to be healthy before the next', async () => {
    const w = world([cm('b', 1), cm('a', 0)]);
    w.health['a'] = 'Progressing';
    const waiting = await w.runAll(start(), 3);
    expect(w.log).toEqual(['apply a']);
    expect(waiting.state.phase).toBe('Running');
    expect(waiting.state.message).toBe('waiting for healthy state of ConfigMap/a');
    w.health['a'] = 'Healthy';
    expect((await w.runAll(waiting.state)).state.phase).toBe('Succeeded');
    expect(w.log).toEqual(['apply a', 'apply b']);
  });

  it('fails the operation when an apply fails, with the server message', async () => {
    const w = world([cm('bad')]);
    const result = await syncStep(start(), w.deps);
    expect(result.state.phase).toBe('Failed');
    expect(result.state.message).toContain('rejected');
    expect(result.state.syncResult?.resources[0]?.status).toBe('SyncFailed');
  });

  it('times out instead of waiting forever', async () => {
    const w = world([cm('a')]);
    const result = await syncStep(start(), { ...w.deps, timeoutMs: 1000 });
    expect(result.state.phase).toBe('Failed');
    expect(result.state.message).toMatch(/timed out/);
  });

  it('runs PreSync before resources, waits for it, and PostSync only after all is healthy', async () => {
    const w = world([cm('app')], [job('migrate', 'PreSync'), job('smoke', 'PostSync')]);
    let result = await w.runAll(start(), 4);
    expect(w.log).toEqual(['hook migrate']);
    expect(result.state.message).toBe('waiting for completion of hook Job/migrate');
    w.hookPhases['migrate'] = 'Succeeded';
    w.health['app'] = 'Progressing';
    result = await w.runAll(result.state, 4);
    expect(w.log).toEqual(['hook migrate', 'apply app']);
    w.health['app'] = 'Healthy';
    result = await w.runAll(result.state, 4);
    expect(w.log).toEqual(['hook migrate', 'apply app', 'hook smoke']);
    w.hookPhases['smoke'] = 'Succeeded';
    result = await w.runAll(result.state);
    expect(result.state.phase).toBe('Succeeded');
    const hooks = result.state.syncResult?.resources.filter((r) => r.hookType !== undefined);
    expect(hooks?.map((r) => [r.name, r.hookType, r.hookPhase])).toEqual([
      ['migrate', 'PreSync', 'Succeeded'],
      ['smoke', 'PostSync', 'Succeeded'],
    ]);
  });

  it('stops at a failed PreSync hook, then runs SyncFail hooks and fails', async () => {
    const w = world([cm('app')], [job('migrate', 'PreSync'), job('page-oncall', 'SyncFail')]);
    let result = await w.runAll(start(), 3);
    w.hookPhases['migrate'] = 'Failed';
    result = await w.runAll(result.state, 3);
    expect(w.log).toEqual(['hook migrate', 'hook page-oncall']);
    w.hookPhases['page-oncall'] = 'Succeeded';
    result = await w.runAll(result.state);
    expect(result.state.phase).toBe('Failed');
    expect(result.state.message).toBe('PreSync hook Job/migrate failed: Failed');
    expect(w.log).not.toContain('apply app');
  });

  it('deletes hooks by policy when the operation ends', async () => {
    const w = world(
      [],
      [
        job('keep', 'PostSync'),
        job('gone', 'PostSync', { 'argocd.argoproj.io/hook-delete-policy': 'HookSucceeded' }),
        job('only-on-failure', 'PostSync', {
          'argocd.argoproj.io/hook-delete-policy': 'HookFailed',
        }),
      ],
    );
    let result = await w.runAll(start(), 2);
    for (const name of ['keep', 'gone', 'only-on-failure']) w.hookPhases[name] = 'Succeeded';
    result = await w.runAll(result.state);
    expect(result.state.phase).toBe('Succeeded');
    expect(w.log.filter((l) => l.startsWith('delete'))).toEqual(['delete gone']);
  });
});
