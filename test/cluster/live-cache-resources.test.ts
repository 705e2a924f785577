import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusCodeOf } from '../../src/cluster/cluster-errors.js';
import { KubeClient } from '../../src/cluster/kube-client.js';
import { LiveCache } from '../../src/cluster/live-cache.js';
import type { KubeObject } from '../../src/kube/object.js';
import { keyOf } from '../../src/kube/resource-key.js';
import { trackingId } from '../../src/model/tracking.js';
import { pathOf, type HoldingApiProxy } from '../support/holding-api-proxy.js';
import {
  startProxiedControlPlane,
  type ProxiedControlPlane,
} from '../support/proxied-control-plane.js';
import { waitFor } from '../support/wait-for.js';

let cluster: ProxiedControlPlane;
let proxy: HoldingApiProxy;
let admin: KubeClient;
/** Through the proxy, as RBAC with Roles in namespaces ferry and team-a alone. */
let restricted: KubeClient;
const caches: LiveCache[] = [];

const refusedPaths = (): string[] => proxy.forbidden.map((r) => pathOf(r.path));

/** A ConfigMap managed by app `web`. */
const configMap = (namespace: string, name = 'settings'): KubeObject => {
  const obj: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace } };
  obj.metadata.annotations = { 'ferry.dev/tracking-id': trackingId('web', obj) };
  return obj;
};

function newCache(client: KubeClient, namespaces?: string[]): LiveCache {
  const cache = new LiveCache(client, namespaces === undefined ? {} : { namespaces });
  caches.push(cache);
  return cache;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (err: unknown) => err,
  );
}

beforeAll(async () => {
  cluster = await startProxiedControlPlane('ferry-live-res-');
  admin = cluster.admin;
  proxy = cluster.proxy;
  proxy.forbidOutside(['ferry', 'team-a']);
  restricted = KubeClient.fromFile(cluster.kubeconfig);
  for (const name of ['ferry', 'team-a', 'locked']) {
    await admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  await admin.create(configMap('team-a'));
  await admin.create(configMap('locked'));
}, 60_000);

afterAll(async () => {
  for (const cache of caches) await cache.stop();
  restricted?.close();
  await cluster?.stop();
});

describe('LiveCache.watchResources', () => {
  it('watches a kind in each namespace it needs when all namespaces are forbidden', async () => {
    const cache = newCache(restricted);
    await cache.watchResources('v1', 'ConfigMap', ['team-a']);
    const key = keyOf(configMap('team-a'));
    expect((await cache.get('v1', key))?.metadata.name).toBe('settings');
    expect(cache.peek('v1', key)?.metadata.name).toBe('settings');
    expect(cache.managedBy('web').map((o) => o.metadata.namespace)).toEqual(['team-a']);
    // The kind as a whole is not watched, and what is elsewhere is not taken for absent here.
    expect(cache.isWatching('v1', 'ConfigMap')).toBe(false);
    expect(cache.peek('v1', keyOf(configMap('locked')))).toBeUndefined();

    // The refusal of all namespaces is remembered: later calls ask for the namespace alone.
    const asked = refusedPaths().filter((p) => p === '/api/v1/configmaps').length;
    expect(asked).toBe(1);
    await cache.watchResources('v1', 'ConfigMap', ['team-a', 'ferry']);
    expect(refusedPaths().filter((p) => p === '/api/v1/configmaps').length).toBe(asked);

    // Changes arrive live, and are indexed by app.
    await admin.create(configMap('ferry', 'more'));
    await waitFor('the new object', () => (cache.managedBy('web').length === 2 ? true : undefined));
  });

  it('says which namespace Ferry may not watch, and that RBAC is why', async () => {
    const cache = newCache(restricted);
    const err = await failure(cache.watchResources('v1', 'ConfigMap', ['team-a', 'locked']));
    expect(statusCodeOf(err)).toBe(403);
    expect(String(err)).toContain(
      'Ferry may not watch ConfigMap in namespace "locked": RBAC grants Ferry no Role to list configmaps there',
    );
  });

  it('says which cluster-scoped kind Ferry may not watch', async () => {
    const cache = newCache(restricted);
    const err = await failure(
      cache.watchResources('rbac.authorization.k8s.io/v1', 'ClusterRole', ['']),
    );
    expect(statusCodeOf(err)).toBe(403);
    expect(String(err)).toContain('Ferry may not watch ClusterRole (cluster-scoped)');
  });

  it('with managed namespaces, watches each alone and refuses any other without asking', async () => {
    const cache = newCache(restricted, ['ferry', 'team-a']);
    const refused = proxy.forbidden.length;
    await cache.watchResources('apps/v1', 'Deployment', ['team-a']);
    expect(proxy.forbidden.length).toBe(refused);
    expect(await cache.list('apps/v1', 'Deployment', 'team-a')).toEqual([]);

    const err = await failure(cache.watchResources('v1', 'ConfigMap', ['locked', 'team-a']));
    expect(String(err)).toBe(
      'ClusterError: namespace "locked" of ConfigMap is not managed by Ferry (it manages ferry, team-a)',
    );
    expect(proxy.forbidden.length).toBe(refused);
  });

  it('with managed namespaces, watches each alone even where all namespaces are allowed', async () => {
    const cache = newCache(admin, ['team-a']);
    await cache.watchResources('v1', 'ConfigMap', ['team-a']);
    expect(cache.isWatching('v1', 'ConfigMap')).toBe(false);
    expect((await cache.list('v1', 'ConfigMap', 'team-a')).map((o) => o.metadata.name)).toEqual([
      'settings',
    ]);
    expect(cache.peek('v1', keyOf(configMap('locked')))).toBeUndefined();
  });

  it('uses one watch of all namespaces where the server allows it', async () => {
    const cache = newCache(admin);
    await cache.watchResources('v1', 'ConfigMap', ['team-a']);
    expect(cache.isWatching('v1', 'ConfigMap')).toBe(true);
    expect(cache.peek('v1', keyOf(configMap('locked')))?.metadata.name).toBe('settings');
  });
});
