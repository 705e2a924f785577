import type { KubeClient } from '../cluster/kube-client.js';
import type { LiveCache } from '../cluster/live-cache.js';
import type { KubeObject } from '../kube/object.js';
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
  const kinds = new Map(desired.map((obj) => [`${obj.apiVersion}/${obj.kind}`, obj]));
  await Promise.all(
    [...kinds.values()].map((obj) => deps.cache.watchKind(obj.apiVersion, obj.kind)),
  );
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
