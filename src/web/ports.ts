import type { AppSnapshot } from '../controller/app-snapshot.js';
import type { KubeObject } from '../kube/object.js';
import type { ResourceKey } from '../kube/resource-key.js';
import type { Application, SyncOperation } from '../model/application.js';

/**
 * What the web layer needs from the rooms below it, as plain interfaces: the web room never
 * imports `cluster/` (the architecture test holds it to that); server.ts hands in the
 * LiveCache, the KubeClient and the controller's actions, which fit these shapes.
 */

/** A change the live cache saw. */
export interface LiveChangeView {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  obj: KubeObject;
  previous: KubeObject | undefined;
  appNames: string[];
}

/** Read access to the live cache. */
export interface LiveView {
  watchKind(apiVersion: string, kind: string): Promise<unknown>;
  /**
   * Watches a kind in these namespaces, in all at once where the cluster allows it; rejects
   * when Ferry may not see them.
   */
  watchResources(apiVersion: string, kind: string, namespaces: Iterable<string>): Promise<void>;
  isWatching(apiVersion: string, kind: string): boolean;
  peek(apiVersion: string, key: ResourceKey): KubeObject | undefined;
  /** With `namespace`, the objects in it alone. */
  list(apiVersion: string, kind: string, namespace?: string): Promise<KubeObject[]>;
  managedBy(appName: string): KubeObject[];
  subscribe(listener: (change: LiveChangeView) => void): () => void;
}

/** Writes to the cluster, for create, update and delete. */
export interface KubeWriter {
  get(ref: KubeObject): Promise<KubeObject | undefined>;
  create(obj: KubeObject): Promise<KubeObject>;
  replace(obj: KubeObject): Promise<KubeObject>;
  mergePatch(obj: KubeObject, patch: Record<string, unknown>): Promise<KubeObject>;
  delete(
    obj: KubeObject,
    options?: { propagationPolicy?: 'Foreground' | 'Background' | 'Orphan' },
  ): Promise<void>;
}

/** The controller's operations on one app, bound to the cluster and namespace. */
export interface AppActions {
  sync(name: string, sync: SyncOperation, username: string): Promise<Application>;
  rollback(name: string, id: number, username: string): Promise<Application>;
  terminate(name: string): Promise<void>;
  /** Desired objects at `revision`, paired with what is live. */
  snapshot(app: Application, revision: string): Promise<AppSnapshot>;
}
