import { describe, expect, it } from 'vitest';
import type { ComparedApp } from '../../src/controller/app-state.js';
import {
  decideAutoSync,
  selfHealDelayMs,
  type AutoSyncContext,
} from '../../src/controller/auto-sync.js';
import type {
  Application,
  ApplicationStatus,
  OperationState,
} from '../../src/model/application.js';

const app = (
  automated: Record<string, boolean> | undefined,
  last?: Partial<OperationState>,
  extra: Partial<ApplicationStatus> = {},
): Application => ({
  apiVersion: 'ferry.dev/v1alpha1',
  kind: 'Application',
  metadata: { name: 'a', namespace: 'ferry' },
  spec: {
    source: { repoURL: 'r' },
    destination: { namespace: 'd' },
    ...(automated === undefined ? {} : { syncPolicy: { automated } }),
  },
  status: {
    sync: { status: 'OutOfSync' },
    health: { status: 'Healthy' },
    resources: [],
    ...(last === undefined
      ? {}
      : {
          operationState: {
            operation: { sync: {} },
            phase: 'Succeeded',
            message: '',
            startedAt: '',
            syncResult: { revision: 'rev1', resources: [], source: { repoURL: 'r' } },
            ...last,
          },
        }),
    ...extra,
  },
});

const outOfSync: ComparedApp = {
  sync: 'OutOfSync',
  health: 'Healthy',
  resources: [
    { group: '', version: 'v1', kind: 'ConfigMap', namespace: 'd', name: 'c', status: 'OutOfSync' },
  ],
};

const ctx = (
  a: Application,
  revision: string,
  more: Partial<AutoSyncContext> = {},
): AutoSyncContext => ({
  app: a,
  compared: outOfSync,
  revision,
  unmetDependencies: [],
  selfHeal: { attempts: 0, lastAt: 0 },
  now: 1_000_000,
  ...more,
});

describe('decideAutoSync', () => {
  it('does nothing without an automated policy or when synced', () => {
    expect(decideAutoSync(ctx(app(undefined), 'rev1')).sync).toBe(false);
    expect(
      decideAutoSync(ctx(app({}), 'rev1', { compared: { ...outOfSync, sync: 'Synced' } })).sync,
    ).toBe(false);
  });

  it('syncs a new revision once', () => {
    expect(decideAutoSync(ctx(app({}, {}), 'rev2')).sync).toBe(true);
    expect(decideAutoSync(ctx(app({}, {}), 'rev1')).sync).toBe(false);
  });

  it('re-syncs the same revision only to self-heal, and never after a failure', () => {
    expect(decideAutoSync(ctx(app({ selfHeal: true }, {}), 'rev1')).sync).toBe(true);
    expect(decideAutoSync(ctx(app({ selfHeal: true }, { phase: 'Failed' }), 'rev1')).sync).toBe(
      false,
    );
  });

  it('backs off self-heal: 2 s, then x3, capped at 300 s', () => {
    expect([0, 1, 2, 3, 10].map(selfHealDelayMs)).toEqual([0, 2_000, 6_000, 18_000, 300_000]);
    const healing = app({ selfHeal: true }, {});
    const soon = decideAutoSync(
      ctx(healing, 'rev1', { selfHeal: { attempts: 2, lastAt: 1_000_000 - 1_000 } }),
    );
    expect(soon).toMatchObject({ sync: false, retryAfterMs: 5_000 });
    const later = decideAutoSync(
      ctx(healing, 'rev1', { selfHeal: { attempts: 2, lastAt: 1_000_000 - 7_000 } }),
    );
    expect(later.sync).toBe(true);
  });

  it('does not start over a running operation', () => {
    expect(decideAutoSync(ctx(app({}, { phase: 'Running' }), 'rev2')).sync).toBe(false);
  });

  it('does not sync just to prune when automated prune is off', () => {
    const onlyExtra: ComparedApp = {
      ...outOfSync,
      resources: [{ ...outOfSync.resources[0]!, requiresPruning: true }],
    };
    expect(decideAutoSync(ctx(app({}), 'rev2', { compared: onlyExtra })).sync).toBe(false);
    expect(decideAutoSync(ctx(app({ prune: true }), 'rev2', { compared: onlyExtra })).sync).toBe(
      true,
    );
  });

  it('waits for dependencies', () => {
    const decision = decideAutoSync(
      ctx(app({}), 'rev2', { unmetDependencies: ['db (OutOfSync/Missing)'] }),
    );
    expect(decision).toMatchObject({
      sync: false,
      reason: 'waiting for dependencies: db (OutOfSync/Missing)',
    });
  });

  it('holds after a rollback until a new commit arrives', () => {
    const pause = {
      revision: 'rev2',
      rolledBackTo: 'rev1',
      reason: 'rollback by alice',
      since: '',
    };
    const paused = app({ selfHeal: true }, {}, { autoSyncPause: pause });
    expect(decideAutoSync(ctx(paused, 'rev2')).sync).toBe(false);
    expect(decideAutoSync(ctx(paused, 'rev3'))).toMatchObject({ sync: true, clearPause: true });
  });
});
