import type { KubeObject } from '../kube/object.js';
import { keyOf, keyString, type ResourceKey } from '../kube/resource-key.js';
import { ClusterError } from '../model/errors.js';
import { owningApp } from '../model/tracking.js';
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

export interface LiveCacheOptions {
  onError?: (message: string) => void;
  /** @defaultValue a real timer */
  delay?: (ms: number) => Promise<void>;
}

/**
 * The cluster as Ferry last saw it: one informer per resource type, an index of objects by
 * the app that manages them, and listeners told of every change.
 */
export class LiveCache {
  private readonly informers = new Map<string, Promise<Informer>>();
  private readonly ready = new Map<string, Informer>();
  private readonly byApp = new Map<string, Map<string, KubeObject>>();
  private readonly listeners = new Set<LiveListener>();
  private readonly delay: (ms: number) => Promise<void>;
  private readonly onError: (message: string) => void;

  constructor(
    private readonly client: KubeClient,
    options: LiveCacheOptions = {},
  ) {
    this.delay = options.delay ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.onError = options.onError ?? (() => undefined);
  }

  /** Starts watching a kind, once; resolves when its objects are in memory. */
  async watchKind(apiVersion: string, kind: string): Promise<ResourceInfo> {
    const id = `${apiVersion}/${kind}`;
    let informer = this.informers.get(id);
    if (informer === undefined) {
      informer = this.startInformer(apiVersion, kind);
      this.informers.set(id, informer);
      informer.catch(() => this.informers.delete(id));
    }
    return (await informer).info;
  }

  isWatching(apiVersion: string, kind: string): boolean {
    return this.informers.has(`${apiVersion}/${kind}`);
  }

  /** The live object for a key, if its kind is watched and it exists. */
  async get(apiVersion: string, key: ResourceKey): Promise<KubeObject | undefined> {
    const informer = await this.informers.get(`${apiVersion}/${key.kind}`);
    return informer?.objects.get(keyString(key));
  }

  /** The live object for a key from a kind already being watched, without waiting. */
  peek(apiVersion: string, key: ResourceKey): KubeObject | undefined {
    return this.ready.get(`${apiVersion}/${key.kind}`)?.objects.get(keyString(key));
  }

  async list(apiVersion: string, kind: string): Promise<KubeObject[]> {
    const informer = await this.informers.get(`${apiVersion}/${kind}`);
    return informer === undefined ? [] : [...informer.objects.values()];
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
  }

  private async startInformer(apiVersion: string, kind: string): Promise<Informer> {
    const info = await this.client.discovery.resourceInfo(apiVersion, kind);
    if (info === undefined) {
      throw new ClusterError(`the server has no resource type for kind ${kind} in ${apiVersion}`, {
        data: { apiVersion, kind, reason: 'NoKind' },
      });
    }
    const informer = new Informer(info, this.client, {
      onChange: (type, obj, previous) => this.record(type, obj, previous),
      onError: this.onError,
      delay: this.delay,
    });
    await informer.start();
    this.ready.set(`${apiVersion}/${kind}`, informer);
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
