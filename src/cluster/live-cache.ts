import type { KubeObject } from '../kube/object.js';
import { keyOf, keyString, type ResourceKey } from '../kube/resource-key.js';
import { ClusterError } from '../model/errors.js';
import { owningApp } from '../model/tracking.js';
import { isForbidden } from './cluster-errors.js';
import type { ResourceInfo } from './discovery.js';
import { Informer, type ChangeType } from './informer.js';
import type { KubeClient } from './kube-client.js';

export interface LiveChange {
  type: ChangeType;
  obj: KubeObject;
  /** The object as it was before this change, when Ferry had seen it. */
  previous: KubeObject | undefined;
  /** The app that manages the object now, or managed it before this change. */
  appNames: string[];
}

export type LiveListener = (change: LiveChange) => void;

/** How the objects of one namespace are watched: within all namespaces, or alone. */
export const WATCH_SCOPE = { cluster: 'cluster', namespace: 'namespace' } as const;
export type WatchScope = (typeof WATCH_SCOPE)[keyof typeof WATCH_SCOPE];

export interface LiveCacheOptions {
  onError?: (message: string) => void;
  /** @defaultValue a real timer */
  delay?: (ms: number) => Promise<void>;
  /**
   * The namespaces Ferry manages, when it manages a list of them rather than the whole
   * cluster (Argo CD's cluster `namespaces`): {@link watchResources} then watches namespaced
   * kinds in each of these alone, never in all, and refuses objects in any other.
   * @defaultValue every namespace, watched together where the server allows it
   */
  namespaces?: readonly string[];
}

/**
 * The cluster as Ferry last saw it: one informer per resource type, an index of objects by
 * the app that manages them, and listeners told of every change. A kind Ferry may not list in
 * all namespaces (RBAC that grants it Roles in some namespaces only) is watched in each
 * namespace it needs instead, by an informer per namespace: {@link get} and {@link peek} read
 * an object's own namespace from it, while lookups of the kind as a whole ({@link isWatching},
 * {@link list} without a namespace) never take such a part for the whole.
 */
export class LiveCache {
  private readonly informers = new Map<string, Promise<Informer>>();
  private readonly ready = new Map<string, Informer>();
  private readonly byApp = new Map<string, Map<string, KubeObject>>();
  private readonly listeners = new Set<LiveListener>();
  /** Kinds the server refused to list in all namespaces: not asked again. */
  private readonly refused = new Set<string>();
  private readonly managedNamespaces: ReadonlySet<string> | undefined;
  private readonly delay: (ms: number) => Promise<void>;
  private readonly onError: (message: string) => void;

  constructor(
    private readonly client: KubeClient,
    options: LiveCacheOptions = {},
  ) {
    this.delay = options.delay ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.onError = options.onError ?? (() => undefined);
    this.managedNamespaces =
      options.namespaces === undefined ? undefined : new Set(options.namespaces);
  }

  /** Starts watching a kind in all namespaces, once; resolves when its objects are in memory. */
  async watchKind(apiVersion: string, kind: string): Promise<ResourceInfo> {
    return (await this.informer(apiVersion, kind)).info;
  }

  /**
   * Starts watching the objects of a namespaced kind in `namespace`, once: through the watch of
   * all namespaces, or, when the server forbids listing the kind there (RBAC that grants Ferry
   * its own namespace only), through a watch of `namespace` alone. Resolves with which, once
   * the objects are in memory; {@link list} with `namespace` reads them either way.
   */
  async watchNamespace(apiVersion: string, kind: string, namespace: string): Promise<WatchScope> {
    const all = informerId(apiVersion, kind);
    // A watch of that namespace alone that already runs serves as well as one of all.
    if (!this.informers.has(all) && this.ready.has(informerId(apiVersion, kind, namespace))) {
      return WATCH_SCOPE.namespace;
    }
    if (!this.refused.has(all)) {
      try {
        await this.informer(apiVersion, kind);
        return WATCH_SCOPE.cluster;
      } catch (err) {
        if (!isForbidden(err)) throw err;
        // RBAC does not change from one reconcile to the next: ask once, not every time.
        this.refused.add(all);
      }
    }
    await this.informer(apiVersion, kind, namespace);
    return WATCH_SCOPE.namespace;
  }

  /**
   * Starts watching the objects of a namespaced kind in `namespace` alone, once, whatever the
   * server allows elsewhere; resolves when they are in memory. For what Ferry only ever reads
   * in one namespace, such as its own Applications.
   */
  async watchOneNamespace(apiVersion: string, kind: string, namespace: string): Promise<void> {
    await this.informer(apiVersion, kind, namespace);
  }

  /**
   * Starts watching the objects of a kind that apps manage, in `namespaces` (ignored for a
   * cluster-scoped kind), once each; resolves when they are in memory, for {@link get},
   * {@link peek} and {@link managedBy}. A namespaced kind is watched in all namespaces at once
   * where the server allows it, else in each of `namespaces` alone; with managed namespaces
   * (see {@link LiveCacheOptions.namespaces}) always in each alone. Throws a ClusterError that
   * names the kind and namespace when Ferry may not see them: forbidden by RBAC, or a
   * namespace it does not manage.
   */
  async watchResources(
    apiVersion: string,
    kind: string,
    namespaces: Iterable<string>,
  ): Promise<void> {
    const info = await this.resourceInfo(apiVersion, kind);
    if (!info.namespaced) {
      await this.informer(apiVersion, kind).catch((err: unknown) => {
        throw isForbidden(err) ? refusedError(info, undefined, err) : err;
      });
      return;
    }
    const wanted = [...new Set(namespaces)].filter((ns) => ns !== '');
    const managed = this.managedNamespaces;
    const unmanaged = wanted.filter((ns) => managed !== undefined && !managed.has(ns));
    if (managed !== undefined && unmanaged.length > 0) {
      throw new ClusterError(
        `namespace ${unmanaged.map((ns) => `"${ns}"`).join(', ')} of ${kind} is not managed by Ferry ` +
          `(it manages ${[...managed].join(', ') || 'none'})`,
        { data: { apiVersion, kind, namespaces: unmanaged, reason: 'NamespaceNotManaged' } },
      );
    }
    await Promise.all(
      wanted.map(async (ns) => {
        try {
          if (managed === undefined) await this.watchNamespace(apiVersion, kind, ns);
          else await this.informer(apiVersion, kind, ns);
        } catch (err) {
          throw isForbidden(err) ? refusedError(info, ns, err) : err;
        }
      }),
    );
  }

  isWatching(apiVersion: string, kind: string): boolean {
    return this.informers.has(informerId(apiVersion, kind));
  }

  /**
   * The live object for a key, if its kind is watched (in all namespaces, or in the key's own)
   * and it exists.
   */
  async get(apiVersion: string, key: ResourceKey): Promise<KubeObject | undefined> {
    const settled = (id: string): Promise<Informer | undefined> | undefined =>
      this.informers.get(id)?.catch(() => undefined);
    const informer =
      (await settled(informerId(apiVersion, key.kind))) ??
      (key.namespace === ''
        ? undefined
        : await settled(informerId(apiVersion, key.kind, key.namespace)));
    return informer?.objects.get(keyString(key));
  }

  /** The live object for a key from a kind already being watched, without waiting. */
  peek(apiVersion: string, key: ResourceKey): KubeObject | undefined {
    const informer =
      this.ready.get(informerId(apiVersion, key.kind)) ??
      (key.namespace === ''
        ? undefined
        : this.ready.get(informerId(apiVersion, key.kind, key.namespace)));
    return informer?.objects.get(keyString(key));
  }

  /**
   * The live objects of a watched kind; with `namespace`, those in it, from the watch of all
   * namespaces if there is one, else from that namespace's own.
   */
  async list(apiVersion: string, kind: string, namespace?: string): Promise<KubeObject[]> {
    const starting = this.informers.get(informerId(apiVersion, kind));
    if (namespace === undefined) {
      const all = await starting;
      return all === undefined ? [] : [...all.objects.values()];
    }
    // A watch of all namespaces that the server forbids leaves that namespace's own to read.
    const all = await starting?.catch(() => undefined);
    if (all !== undefined) {
      return [...all.objects.values()].filter((o) => o.metadata.namespace === namespace);
    }
    const one = await this.informers.get(informerId(apiVersion, kind, namespace));
    return one === undefined ? [] : [...one.objects.values()];
  }

  /** Objects whose tracking id names this app. */
  managedBy(appName: string): KubeObject[] {
    return [...(this.byApp.get(appName)?.values() ?? [])];
  }

  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stop(): Promise<void> {
    const informers = await Promise.allSettled(this.informers.values());
    for (const result of informers) if (result.status === 'fulfilled') result.value.stop();
    this.informers.clear();
    this.ready.clear();
    this.refused.clear();
  }

  private async resourceInfo(apiVersion: string, kind: string): Promise<ResourceInfo> {
    const info = await this.client.discovery.resourceInfo(apiVersion, kind);
    if (info === undefined) {
      throw new ClusterError(`the server has no resource type for kind ${kind} in ${apiVersion}`, {
        data: { apiVersion, kind, reason: 'NoKind' },
      });
    }
    return info;
  }

  /** The informer of a kind, in all namespaces or in one, started once. */
  private informer(apiVersion: string, kind: string, namespace?: string): Promise<Informer> {
    const id = informerId(apiVersion, kind, namespace);
    let informer = this.informers.get(id);
    if (informer === undefined) {
      informer = this.startInformer(id, apiVersion, kind, namespace);
      this.informers.set(id, informer);
      informer.catch(() => this.informers.delete(id));
    }
    return informer;
  }

  private async startInformer(
    id: string,
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
  ): Promise<Informer> {
    const info = await this.resourceInfo(apiVersion, kind);
    const hooks = {
      onChange: (type: ChangeType, obj: KubeObject, previous: KubeObject | undefined) =>
        this.record(type, obj, previous),
      onError: this.onError,
      delay: this.delay,
    };
    const informer = new Informer(
      info,
      this.client,
      hooks,
      info.namespaced ? namespace : undefined,
    );
    await informer.start();
    this.ready.set(id, informer);
    return informer;
  }

  private record(type: ChangeType, obj: KubeObject, previous: KubeObject | undefined): void {
    const key = keyString(keyOf(obj));
    const before = previous === undefined ? undefined : owningApp(previous);
    const now = type === 'DELETED' ? undefined : owningApp(obj);
    if (before !== undefined && before !== now) this.byApp.get(before)?.delete(key);
    if (now !== undefined) {
      let index = this.byApp.get(now);
      if (index === undefined) this.byApp.set(now, (index = new Map()));
      index.set(key, obj);
    }
    const appNames = [...new Set([before, now].filter((n): n is string => n !== undefined))];
    for (const listener of this.listeners) listener({ type, obj, previous, appNames });
  }
}

/**
 * What Ferry tells an app whose objects it may not watch: the kind, where, and what would
 * grant it, with the server's refusal as the cause.
 */
function refusedError(
  info: ResourceInfo,
  namespace: string | undefined,
  cause: unknown,
): ClusterError {
  const where =
    namespace === undefined
      ? `${info.kind} (cluster-scoped): RBAC grants Ferry no ClusterRole to list ${info.plural}`
      : `${info.kind} in namespace "${namespace}": RBAC grants Ferry no Role to list ${info.plural} there`;
  return new ClusterError(`Ferry may not watch ${where}`, {
    cause,
    data: {
      apiVersion: info.apiVersion,
      kind: info.kind,
      ...(namespace === undefined ? {} : { namespace }),
      statusCode: 403,
      reason: 'Forbidden',
    },
  });
}

/** The key of a kind's informer: `v1/Secret` for all namespaces, `v1/Secret@ferry` for one. */
function informerId(apiVersion: string, kind: string, namespace?: string): string {
  return namespace === undefined ? `${apiVersion}/${kind}` : `${apiVersion}/${kind}@${namespace}`;
}
