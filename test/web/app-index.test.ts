import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/kube/object.js';
import type { Application } from '../../src/model/application.js';
import { AppIndex } from '../../src/web/api/app-index.js';
import type { LiveChangeView, LiveView } from '../../src/web/ports.js';

/** A live cache holding `n` Applications, as the index reads it. */
function fakeCache(apps: Application[]): LiveView & { emit(change: LiveChangeView): void } {
  const listeners = new Set<(c: LiveChangeView) => void>();
  return {
    watchKind: async () => undefined,
    watchResources: async () => undefined,
    isWatching: () => true,
    peek: (_v, key) => apps.find((a) => a.metadata.name === key.name),
    list: async (_v, _k, namespace) =>
      apps.filter(
        (a) => namespace === undefined || a.metadata.namespace === namespace,
      ) as KubeObject[],
    managedBy: () => [],
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    emit: (change) => listeners.forEach((l) => l(change)),
  };
}

const app = (i: number): Application => ({
  apiVersion: 'ferry.dev/v1alpha1',
  kind: 'Application',
  metadata: {
    name: `app-${String(i).padStart(5, '0')}`,
    namespace: i % 1000 === 0 ? 'other' : 'ferry',
  },
  spec: {
    source: { repoURL: `https://git.example.com/team-${i % 7}.git`, path: `p${i}` },
    destination: {},
  },
  status: {
    sync: { status: i % 3 === 0 ? 'OutOfSync' : 'Synced' },
    health: { status: i % 5 === 0 ? 'Degraded' : 'Healthy' },
    resources: [],
  },
});

describe('AppIndex over 10,000 apps', () => {
  const apps = Array.from({ length: 10_000 }, (_, i) => app(i)).reverse();
  const cache = fakeCache(apps);
  const index = new AppIndex(cache, 'ferry');

  it('pages through every app of its namespace once, in name order', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await index.page({}, 500, token);
      seen.push(...page.items.map((a) => a.metadata.name));
      token = page.continue;
    } while (token !== undefined);
    expect(seen.length).toBe(9_990);
    expect(new Set(seen).size).toBe(9_990);
    expect([...seen].sort()).toEqual(seen);
  });

  it('filters by status and search, and counts every app', async () => {
    const page = await index.page(
      { sync: ['OutOfSync'], health: ['Degraded'], search: 'TEAM-0' },
      undefined,
    );
    expect(page.items.every((a) => a.status?.sync.status === 'OutOfSync')).toBe(true);
    expect(page.items.every((a) => a.spec.source.repoURL.includes('team-0'))).toBe(true);
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.summary.total).toBe(9_990);
    expect(page.summary.sync['OutOfSync']! + page.summary.sync['Synced']!).toBe(9_990);
  });

  it('sees changes after an Application event', async () => {
    apps.push(app(10_001));
    // The sorted list is kept until the cache reports an Application change.
    expect((await index.page({ search: 'app-10001' }, 10)).items).toHaveLength(0);
    cache.emit({ type: 'ADDED', obj: apps.at(-1)!, previous: undefined, appNames: [] });
    expect((await index.page({ search: 'app-10001' }, 10)).items).toHaveLength(1);
  });
});
