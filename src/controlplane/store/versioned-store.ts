import type { KubeObject } from '../../kube/object.js';
import { EventHistory } from './event-history.js';
import { EventType, type LogRecord, type StoreEvent, type StoreImage } from './store-event.js';

/** Where committed records go; resolves once the record is durable. */
export interface RecordSink {
  append(record: LogRecord): Promise<void>;
}

export type StoreListener = (event: StoreEvent) => void;

/** A committed write: the stored object and a promise that resolves when it is on disk. */
export interface Commit {
  object: Readonly<KubeObject>;
  durable: Promise<void>;
}

export interface VersionedStoreOptions {
  /** Events kept for resuming watches. @defaultValue 10000 */
  historySize?: number;
}

/**
 * The control plane's database: objects by storage resource, one global monotonic
 * resource version, a change feed and a history window for watches. It knows nothing of
 * HTTP or of Kubernetes semantics beyond `metadata.{namespace,name,resourceVersion}`.
 * Stored objects are frozen; callers clone before changing them.
 */
export class VersionedStore {
  private readonly data = new Map<string, Map<string, Readonly<KubeObject>>>();
  private readonly listeners = new Set<StoreListener>();
  private rv: number;
  readonly history: EventHistory;
  private sink: RecordSink | undefined;

  constructor(image: StoreImage, options: VersionedStoreOptions = {}) {
    this.rv = image.rv;
    for (const [resource, objects] of Object.entries(image.resources)) {
      for (const obj of objects) this.bucket(resource).set(objectKey(obj), deepFreeze(obj));
    }
    this.history = new EventHistory(this.rv, options.historySize ?? 10_000);
  }

  /** Sets where records go; before this, writes are memory-only. */
  attachSink(sink: RecordSink): void {
    this.sink = sink;
  }

  get currentRv(): number {
    return this.rv;
  }

  get(resource: string, namespace: string, name: string): Readonly<KubeObject> | undefined {
    return this.data.get(resource)?.get(`${namespace}/${name}`);
  }

  /** Objects of one resource, in one namespace or (namespace undefined) all, sorted by key. */
  list(resource: string, namespace?: string): Readonly<KubeObject>[] {
    const bucket = this.data.get(resource);
    if (bucket === undefined) return [];
    const entries = [...bucket.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const objects = entries.map(([, obj]) => obj);
    return namespace === undefined
      ? objects
      : objects.filter((o) => (o.metadata.namespace ?? '') === namespace);
  }

  resources(): string[] {
    return [...this.data.keys()];
  }

  /** Writes `obj` (new or replacing) under the next resource version. */
  put(resource: string, obj: KubeObject): Commit {
    const key = objectKey(obj);
    const previous = this.data.get(resource)?.get(key);
    const rv = ++this.rv;
    const stored = deepFreeze({
      ...obj,
      metadata: { ...obj.metadata, resourceVersion: String(rv) },
    });
    this.bucket(resource).set(key, stored);
    const durable = this.persist({ rv, op: 'put', r: resource, o: stored });
    const type = previous === undefined ? EventType.Added : EventType.Modified;
    this.emit(
      previous === undefined
        ? { type, rv, resource, object: stored }
        : { type, rv, resource, object: stored, previous },
    );
    return { object: stored, durable };
  }

  /** Removes an object; the DELETED event carries its last state at a new resource version. */
  remove(resource: string, namespace: string, name: string): Commit | undefined {
    const bucket = this.data.get(resource);
    const previous = bucket?.get(`${namespace}/${name}`);
    if (bucket === undefined || previous === undefined) return undefined;
    bucket.delete(`${namespace}/${name}`);
    const rv = ++this.rv;
    const object = deepFreeze({
      ...previous,
      metadata: { ...previous.metadata, resourceVersion: String(rv) },
    });
    const durable = this.persist({ rv, op: 'del', r: resource, ns: namespace, n: name });
    this.emit({ type: EventType.Deleted, rv, resource, object, previous });
    return { object, durable };
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A consistent image of everything, for snapshots. */
  image(): StoreImage {
    const resources: Record<string, KubeObject[]> = {};
    for (const [resource, bucket] of this.data) {
      if (bucket.size > 0) resources[resource] = [...bucket.values()];
    }
    return { rv: this.rv, resources };
  }

  private persist(record: LogRecord): Promise<void> {
    return this.sink === undefined ? Promise.resolve() : this.sink.append(record);
  }

  private emit(event: StoreEvent): void {
    this.history.push(event);
    for (const listener of this.listeners) listener(event);
  }

  private bucket(resource: string): Map<string, Readonly<KubeObject>> {
    let bucket = this.data.get(resource);
    if (bucket === undefined) {
      bucket = new Map();
      this.data.set(resource, bucket);
    }
    return bucket;
  }
}

export function objectKey(obj: Pick<KubeObject, 'metadata'>): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
