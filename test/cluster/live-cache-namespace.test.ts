import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusCodeOf } from '../../src/cluster/cluster-errors.js';
import { KubeClient } from '../../src/cluster/kube-client.js';
import { LiveCache, type LiveChange } from '../../src/cluster/live-cache.js';
import type { KubeObject } from '../../src/kube/object.js';
import { pathOf, type HoldingApiProxy } from '../support/holding-api-proxy.js';
import {
  startProxiedControlPlane,
  type ProxiedControlPlane,
} from '../support/proxied-control-plane.js';
import { waitFor } from '../support/wait-for.js';

const LABEL = 'ferry-test/set';

let cluster: ProxiedControlPlane;
let proxy: HoldingApiProxy;
let admin: KubeClient;
/** Through the proxy, which refuses to list or watch Secrets in all namespaces. */
let restricted: KubeClient;
const caches: LiveCache[] = [];

const secret = (namespace: string, name: string, value = 'one'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace, labels: { [LABEL]: 'yes' } },
  type: 'Opaque',
  stringData: { value },
});

/** The names of our test Secrets, sorted (the control plane may hold others). */
const names = (objects: KubeObject[]): string[] =>
  objects
    .filter((o) => o.metadata.labels?.[LABEL] === 'yes')
    .map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`)
    .sort();

function newCache(client: KubeClient): LiveCache {
  const cache = new LiveCache(client);
  caches.push(cache);
  return cache;
}

beforeAll(async () => {
  cluster = await startProxiedControlPlane('ferry-live-ns-');
  admin = cluster.admin;
  proxy = cluster.proxy;
  // As RBAC with a Role in namespace ferry only: Secrets of all namespaces, or of locked, are refused.
  proxy.forbid(
    (method, url) =>
      method === 'GET' &&
      ['/api/v1/secrets', '/api/v1/namespaces/locked/secrets'].includes(pathOf(url)),
  );
  restricted = KubeClient.fromFile(cluster.kubeconfig);
  for (const name of ['ferry', 'other']) {
    await admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  await admin.create(secret('ferry', 'repo-a'));
  await admin.create(secret('other', 'elsewhere'));
}, 60_000);

afterAll(async () => {
  for (const cache of caches) await cache.stop();
  restricted?.close();
  await cluster?.stop();
});

describe('LiveCache.watchNamespace', () => {
  it('watches one namespace alone when the server forbids listing the kind in all', async () => {
    const cache = newCache(restricted);
    const changes: LiveChange[] = [];
    cache.subscribe((change) => changes.push(change));
    expect(await cache.watchNamespace('v1', 'Secret', 'ferry')).toBe('namespace');
    expect(proxy.forbidden.map((r) => `${r.method} ${pathOf(r.path)}`)).toContain(
      'GET /api/v1/secrets',
    );
    expect(names(await cache.list('v1', 'Secret', 'ferry'))).toEqual(['ferry/repo-a']);

    // Live: what changes in that namespace arrives; what changes elsewhere does not.
    await admin.create(secret('ferry', 'repo-b'));
    await admin.create(secret('other', 'unseen'));
    await waitFor('repo-b to arrive', async () =>
      names(await cache.list('v1', 'Secret', 'ferry')).includes('ferry/repo-b') ? true : undefined,
    );
    await admin.delete(secret('ferry', 'repo-a'));
    await waitFor('repo-a to go', async () =>
      names(await cache.list('v1', 'Secret', 'ferry')).includes('ferry/repo-a') ? undefined : true,
    );
    expect(names(await cache.list('v1', 'Secret', 'ferry'))).toEqual(['ferry/repo-b']);
    const seen = new Set(changes.map((c) => `${c.type} ${c.obj.metadata.name ?? ''}`));
    expect(seen).toEqual(new Set(['ADDED repo-a', 'ADDED repo-b', 'DELETED repo-a']));

    // Lookups of the kind as a whole are not answered from one namespace; lookups of an
    // object are, in that namespace only.
    expect(cache.isWatching('v1', 'Secret')).toBe(false);
    expect(await cache.list('v1', 'Secret')).toEqual([]);
    const key = { group: '', kind: 'Secret', namespace: 'ferry', name: 'repo-b' };
    expect(cache.peek('v1', key)?.metadata.name).toBe('repo-b');
    expect((await cache.get('v1', key))?.metadata.name).toBe('repo-b');
    const elsewhere = { group: '', kind: 'Secret', namespace: 'other', name: 'elsewhere' };
    expect(cache.peek('v1', elsewhere)).toBeUndefined();
    expect(await cache.get('v1', elsewhere)).toBeUndefined();
    await admin.create(secret('ferry', 'repo-a'));
  });

  it('uses the watch of all namespaces when the server allows it', async () => {
    const cache = newCache(admin);
    const forbidden = proxy.forbidden.length;
    expect(await cache.watchNamespace('v1', 'Secret', 'ferry')).toBe('cluster');
    expect(cache.isWatching('v1', 'Secret')).toBe(true);
    expect(names(await cache.list('v1', 'Secret', 'ferry'))).toEqual([
      'ferry/repo-a',
      'ferry/repo-b',
    ]);
    expect(names(await cache.list('v1', 'Secret'))).toEqual([
      'ferry/repo-a',
      'ferry/repo-b',
      'other/elsewhere',
      'other/unseen',
    ]);
    expect(proxy.forbidden.length).toBe(forbidden);
  });

  it('fails as the server answers when that namespace is forbidden too', async () => {
    const cache = newCache(restricted);
    const err = await cache.watchNamespace('v1', 'Secret', 'locked').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(statusCodeOf(err)).toBe(403);
    expect(String(err)).toContain('secrets is forbidden');
    expect(await cache.list('v1', 'Secret', 'locked')).toEqual([]);
  });
});
