import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/kube/object.js';
import { alignResources } from '../../src/sync/align.js';
import { planSync } from '../../src/sync/plan.js';

const obj = (kind: string, name: string, wave?: number, apiVersion = 'v1'): KubeObject => ({
  apiVersion,
  kind,
  metadata: {
    name,
    namespace: kind === 'Namespace' ? undefined : 'default',
    ...(wave === undefined
      ? {}
      : { annotations: { 'argocd.argoproj.io/sync-wave': String(wave) } }),
  },
});

describe('alignResources', () => {
  it('pairs by key; unmatched desired are creates and unmatched live are prunes', () => {
    const pairs = alignResources(
      [obj('ConfigMap', 'a'), obj('ConfigMap', 'b')],
      [obj('ConfigMap', 'b'), obj('ConfigMap', 'c')],
    );
    expect(pairs.map((p) => [p.key, p.target !== null, p.live !== null])).toEqual([
      ['/ConfigMap/default/a', true, false],
      ['/ConfigMap/default/b', true, true],
      ['/ConfigMap/default/c', false, true],
    ]);
  });
});

describe('planSync', () => {
  it('orders by wave, then Helm kind order, then name', () => {
    const desired = [
      obj('Deployment', 'web', 0, 'apps/v1'),
      obj('Service', 'web'),
      obj('ConfigMap', 'z'),
      obj('ConfigMap', 'a'),
      obj('Namespace', 'team'),
      obj('Job', 'migrate', -1, 'batch/v1'),
      obj('Widget', 'w', 0, 'example.com/v1'),
    ];
    const tasks = planSync(alignResources(desired, []), [], new Map(), {
      prune: true,
      operationId: 'op',
      appName: 'app',
    });
    expect(
      tasks.map(
        (t) => `${t.wave}:${(t.target ?? t.live)!.kind}/${(t.target ?? t.live)!.metadata.name}`,
      ),
    ).toEqual([
      '-1:Job/migrate',
      '0:Namespace/team',
      '0:ConfigMap/a',
      '0:ConfigMap/z',
      '0:Service/web',
      '0:Deployment/web',
      '0:Widget/w',
    ]);
  });

  it('prunes after applies in a wave, in reverse kind order, and only when asked', () => {
    const live = [obj('ConfigMap', 'old'), obj('Deployment', 'old', 0, 'apps/v1')];
    const pairs = alignResources([obj('Service', 'web')], live);
    expect(
      planSync(pairs, [], new Map(), { prune: false, operationId: 'op', appName: 'app' }).map(
        (t) => t.prune,
      ),
    ).toEqual([false]);
    const tasks = planSync(pairs, [], new Map(), {
      prune: true,
      operationId: 'op',
      appName: 'app',
    });
    expect(
      tasks.map((t) => `${t.prune ? 'prune' : 'apply'} ${(t.target ?? t.live)!.kind}`),
    ).toEqual(['apply Service', 'prune Deployment', 'prune ConfigMap']);
  });
});

const hook = (
  name: string,
  annotations: Record<string, string>,
  generateName = false,
): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: {
    ...(generateName ? { generateName: name } : { name }),
    namespace: 'default',
    annotations,
  },
});

describe('planSync with hooks and options', () => {
  const opts = { prune: true, operationId: 'op-1', appName: 'app' };
  const label = (t: {
    phase: string;
    wave: number;
    prune: boolean;
    target: KubeObject | null;
    live: KubeObject | null;
  }) => `${t.phase}:${t.wave}:${t.prune ? 'prune ' : ''}${(t.target ?? t.live)!.metadata.name}`;

  it('runs hooks in their phases, maps Helm hooks, and skips Skip', () => {
    const hooks = [
      hook('migrate', { 'argocd.argoproj.io/hook': 'PreSync' }),
      hook('smoke', { 'argocd.argoproj.io/hook': 'PostSync', 'argocd.argoproj.io/sync-wave': '2' }),
      hook('notify', { 'helm.sh/hook': 'post-install,post-upgrade', 'helm.sh/hook-weight': '-1' }),
      hook('cleanup', { 'argocd.argoproj.io/hook': 'SyncFail' }),
      hook('ignored', { 'argocd.argoproj.io/hook': 'Skip' }),
    ];
    const tasks = planSync(alignResources([obj('ConfigMap', 'cfg')], []), hooks, new Map(), opts);
    expect(tasks.map(label)).toEqual([
      'PreSync:0:migrate',
      'Sync:0:cfg',
      'PostSync:-1:notify',
      'PostSync:2:smoke',
      'SyncFail:0:cleanup',
    ]);
  });

  it('names generateName hooks the same way for one operation and differently for the next', () => {
    const h = [hook('db-migrate-', { 'argocd.argoproj.io/hook': 'PreSync' }, true)];
    const first = planSync([], h, new Map(), opts)[0]!.target!;
    const again = planSync([], h, new Map(), opts)[0]!.target!;
    const next = planSync([], h, new Map(), { ...opts, operationId: 'op-2' })[0]!.target!;
    expect(first.metadata.name).toMatch(/^db-migrate-[0-9a-f]{5}$/);
    expect(again.metadata.name).toBe(first.metadata.name);
    expect(next.metadata.name).not.toBe(first.metadata.name);
    expect(first.metadata.annotations?.['ferry.dev/tracking-id']).toBe(
      `app:batch/Job:default/${first.metadata.name}`,
    );
  });

  it('prunes in reverse wave order, PruneLast at the very end, and honours Prune=false', () => {
    const live = [
      obj('ConfigMap', 'early', -1),
      obj('ConfigMap', 'late', 3),
      {
        ...obj('ConfigMap', 'keep'),
        metadata: {
          ...obj('ConfigMap', 'keep').metadata,
          annotations: { 'argocd.argoproj.io/sync-options': 'Prune=false' },
        },
      },
      {
        ...obj('Secret', 'last'),
        metadata: {
          ...obj('Secret', 'last').metadata,
          annotations: { 'argocd.argoproj.io/sync-options': 'PruneLast=true' },
        },
      },
    ];
    const tasks = planSync(alignResources([obj('Service', 'web', 5)], live), [], new Map(), opts);
    expect(tasks.map(label)).toEqual([
      'Sync:-1:prune late',
      'Sync:3:prune early',
      'Sync:5:web',
      'Sync:6:prune last',
    ]);
  });

  it('selective sync runs only the chosen resources and no hooks', () => {
    const pairs = alignResources([obj('ConfigMap', 'a'), obj('ConfigMap', 'b')], []);
    const hooks = [hook('migrate', { 'argocd.argoproj.io/hook': 'PreSync' })];
    const tasks = planSync(pairs, hooks, new Map(), {
      ...opts,
      only: new Set(['/ConfigMap/default/b']),
    });
    expect(tasks.map(label)).toEqual(['Sync:0:b']);
  });
});
