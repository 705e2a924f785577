import type { KubeObject, OwnerReference } from '../../kube/object.js';
import type { ResourceCatalog } from '../catalog/resource-catalog.js';
import type { ServedType } from '../catalog/served-type.js';
import type { Clock } from '../clock.js';
import type { ObjectRegistry } from '../registry/object-registry.js';
import type { StoreEvent } from '../store/store-event.js';
import type { VersionedStore } from '../store/versioned-store.js';

/** What every controller gets: it reads the store and writes through the registry. */
export interface ControllerContext {
  store: VersionedStore;
  registry: ObjectRegistry;
  catalog: ResourceCatalog;
  clock: Clock;
  /** Multiplies every simulated delay. */
  timeFactor: number;
  /** Simulated time for a pod to start, before `timeFactor`. */
  podStartDelayMs: number;
  /** Names of the simulated nodes. */
  nodeNames: readonly string[];
  /** Images whose reference contains this fail to pull (ErrImagePull, ImagePullBackOff). */
  failingImagePattern: string;
}

/**
 * One control loop. Store events map to keys; keys are reconciled one at a time from a
 * deduplicating queue. `requeue` asks for a key again after a delay.
 */
export interface Controller {
  readonly name: string;
  /** Storage resources it reacts to, or `'*'` for every one. */
  readonly watches: readonly string[] | '*';
  keysFor(event: StoreEvent): string[];
  /** Keys to reconcile once at start, so work survives a restart. */
  initialKeys(): string[];
  reconcile(key: string, requeue: (key: string, ms: number) => void): Promise<void>;
  /** Called at start, before initial keys are processed. */
  start?(): Promise<void>;
  stop?(): void;
}

export const Storage = {
  pods: '/pods',
  nodes: '/nodes',
  namespaces: '/namespaces',
  serviceAccounts: '/serviceaccounts',
  services: '/services',
  deployments: 'apps/deployments',
  replicaSets: 'apps/replicasets',
  crds: 'apiextensions.k8s.io/customresourcedefinitions',
} as const;

/** The preferred served type of a storage resource; it always exists for built-ins. */
export function typeOf(ctx: ControllerContext, storage: string): ServedType {
  const type = ctx.catalog.byStorage(storage);
  if (type === undefined) throw new Error(`no served type for ${storage}`);
  return type;
}

export function controllerRef(obj: Readonly<KubeObject>): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((ref) => ref.controller === true);
}

export function nsName(obj: Readonly<KubeObject>): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}

export function splitKey(key: string): [namespace: string, name: string] {
  const slash = key.indexOf('/');
  return [key.slice(0, slash), key.slice(slash + 1)];
}

/** Whether an error is a 404 or 409 from the registry, which a retry resolves. */
export function isNotFoundOrConflict(err: unknown): boolean {
  const code = (err as { status?: { code?: number } }).status?.code;
  return code === 404 || code === 409;
}

/** A `.catch` for writes that lose a race a later reconcile settles. */
export function ignoreNotFoundOrConflict(err: unknown): void {
  if (!isNotFoundOrConflict(err)) throw err;
}

/** The `namespace/name` key of the object's controller, when it is of kind `ownerKind`. */
export function ownerKeys(obj: Readonly<KubeObject>, ownerKind: string): string[] {
  const owner = controllerRef(obj);
  if (owner?.kind !== ownerKind) return [];
  return [`${obj.metadata.namespace ?? ''}/${owner.name}`];
}
