import type { KubeClient } from '../cluster/kube-client.js';
import type { LiveCache } from '../cluster/live-cache.js';
import { formatApiVersion, type KubeObject } from '../kube/object.js';
import { keyOf, keyString } from '../kube/resource-key.js';
import type { Application } from '../model/application.js';
import { alignResources, type ResourcePair } from '../sync/align.js';
import { isHookObject } from '../sync/hooks.js';
import { prepareDesired } from './prepare-desired.js';
import type { SourceLoader } from './source-loader.js';

export interface SnapshotDeps {
  client: KubeClient;
  cache: LiveCache;
  sources: SourceLoader;
}

export interface AppSnapshot {
  /** The app's resources, desired and live; hooks are not among them. */
  pairs: ResourcePair[];
  /** Desired hooks, run by sync operations only. */
  hooks: KubeObject[];
  /** Live objects by key, for hooks and anything else the sync looks up. */
  live: (obj: KubeObject) => KubeObject | undefined;
}

/** Desired objects at `revision`, paired with what is live for them now. */
export async function snapshotApp(
  app: Application,
  revision: string,
  deps: SnapshotDeps,
): Promise<AppSnapshot> {
  const context = {
    appName: app.metadata.name,
    namespace: app.spec.destination.namespace ?? 'default',
  };
  const rendered = await deps.sources.render(app.spec.source, revision, context);
  const desired = await prepareDesired(app, rendered, async (apiVersion, kind) => {
    const info = await deps.client.discovery.resourceInfo(apiVersion, kind);
    return info?.namespaced;
  });
  await watchAppKinds(app, desired, deps.cache);
  const live = new Map<string, KubeObject>();
  for (const obj of deps.cache.managedBy(app.metadata.name)) live.set(keyString(keyOf(obj)), obj);
  for (const obj of desired) {
    const found = await deps.cache.get(obj.apiVersion, keyOf(obj));
    if (found !== undefined) live.set(keyString(keyOf(found)), found);
  }
  const resources = desired.filter((obj) => !isHookObject(obj));
  const liveResources = [...live.values()].filter((obj) => !isHookObject(obj));
  return {
    pairs: alignResources(resources, liveResources),
    hooks: desired.filter((obj) => isHookObject(obj)),
    live: (obj) => deps.cache.peek(obj.apiVersion, keyOf(obj)),
  };
}

/** The namespaces of an app's objects of one kind ('' for a cluster-scoped kind). */
interface KindPlaces {
  apiVersion: string;
  kind: string;
  namespaces: Set<string>;
}

/**
 * Watches what the app's objects are, where they are: the kinds and namespaces it wants now,
 * which must be seen (a kind or namespace Ferry may not watch fails the comparison with the
 * reason), and those it managed at its last comparison, so that what it no longer wants is
 * found and pruned even after a restart; those are looked for as far as Ferry can.
 */
async function watchAppKinds(
  app: Application,
  desired: readonly KubeObject[],
  cache: LiveCache,
): Promise<void> {
  const wanted = kindPlaces(
    desired.map((obj) => [obj.apiVersion, obj.kind, obj.metadata.namespace]),
  );
  const before = kindPlaces(
    (app.status?.resources ?? []).map((r) => [
      formatApiVersion({ group: r.group, version: r.version }),
      r.kind,
      r.namespace,
    ]),
  );
  const watch = (k: KindPlaces): Promise<void> =>
    cache.watchResources(k.apiVersion, k.kind, k.namespaces);
  await Promise.all([
    ...[...wanted.values()].map(watch),
    ...[...before.values()].map((k) => watch(k).catch(() => undefined)),
  ]);
}

function kindPlaces(
  objects: Iterable<readonly [string, string, string | undefined]>,
): Map<string, KindPlaces> {
  const kinds = new Map<string, KindPlaces>();
  for (const [apiVersion, kind, namespace] of objects) {
    const id = `${apiVersion}/${kind}`;
    let places = kinds.get(id);
    if (places === undefined) kinds.set(id, (places = { apiVersion, kind, namespaces: new Set() }));
    places.namespaces.add(namespace ?? '');
  }
  return kinds;
}
