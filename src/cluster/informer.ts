import type { KubeObject } from '../kube/object.js';
import { keyOf, keyString } from '../kube/resource-key.js';
import { describeError } from '../model/errors.js';
import type { ResourceInfo } from './discovery.js';
import type { KubeClient, WatchEvent } from './kube-client.js';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface InformerHooks {
  onChange(type: ChangeType, obj: KubeObject, previous: KubeObject | undefined): void;
  onError(message: string): void;
  /** Waits before a re-list; injectable so tests never sleep. */
  delay(ms: number): Promise<void>;
}

/**
 * Keeps every object of one resource type in memory, of all namespaces or of one: list, then
 * watch from the list's resourceVersion; on 410 Gone or a dropped connection, list again and
 * reconcile.
 */
export class Informer {
  readonly objects = new Map<string, KubeObject>();
  private abort: AbortController | undefined;
  private stopped = false;
  private failures = 0;
  private resourceVersion = '';

  constructor(
    readonly info: ResourceInfo,
    private readonly client: KubeClient,
    private readonly hooks: InformerHooks,
    /** The one namespace watched; all of them when undefined. */
    readonly namespace?: string,
  ) {}

  /** Resolves once the first list is in memory. */
  async start(): Promise<void> {
    await this.relist();
    await this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.abort?.abort();
  }

  private async relist(): Promise<void> {
    const { items, resourceVersion } = await this.client.list(this.info, this.namespace);
    const seen = new Set<string>();
    for (const obj of items) {
      const key = keyString(keyOf(obj));
      seen.add(key);
      this.upsert(obj);
    }
    for (const [key, obj] of this.objects) {
      if (!seen.has(key)) {
        this.objects.delete(key);
        this.hooks.onChange('DELETED', obj, obj);
      }
    }
    this.resourceVersion = resourceVersion;
  }

  private upsert(obj: KubeObject): void {
    const key = keyString(keyOf(obj));
    const previous = this.objects.get(key);
    if (
      previous?.metadata.resourceVersion === obj.metadata.resourceVersion &&
      previous !== undefined
    )
      return;
    this.objects.set(key, obj);
    this.hooks.onChange(previous === undefined ? 'ADDED' : 'MODIFIED', obj, previous);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    let gone = false;
    const onEvent = (event: WatchEvent): void => {
      const obj = { ...event.object, apiVersion: this.info.apiVersion, kind: this.info.kind };
      switch (event.type) {
        case 'ADDED':
        case 'MODIFIED':
          this.upsert(obj);
          break;
        case 'DELETED': {
          const key = keyString(keyOf(obj));
          const previous = this.objects.get(key);
          this.objects.delete(key);
          this.hooks.onChange('DELETED', obj, previous);
          break;
        }
        case 'BOOKMARK':
          break;
        case 'ERROR':
          gone = true;
          return;
      }
      const rv = event.object.metadata.resourceVersion;
      if (rv !== undefined) this.resourceVersion = rv;
      this.failures = 0;
    };
    const onDone = (err: unknown): void => {
      if (this.stopped) return;
      if (err !== null && err !== undefined)
        this.hooks.onError(`watch ${this.info.plural}: ${describeError(err)}`);
      void this.reconnect(gone || (err !== null && err !== undefined));
    };
    try {
      this.abort = await this.client.watch(
        this.info,
        this.resourceVersion,
        onEvent,
        onDone,
        this.namespace,
      );
    } catch (err) {
      onDone(err);
    }
  }

  private async reconnect(relist: boolean): Promise<void> {
    this.failures++;
    await this.hooks.delay(Math.min(30_000, 100 * 2 ** Math.min(this.failures - 1, 9)));
    if (this.stopped) return;
    try {
      if (relist) await this.relist();
    } catch (err) {
      this.hooks.onError(`list ${this.info.plural}: ${describeError(err)}`);
      void this.reconnect(true);
      return;
    }
    await this.connect();
  }
}
