import type { KubeObject } from '../../kube/object.js';
import {
  FOREGROUND_FINALIZER,
  ORPHAN_FINALIZER,
  present,
  PropagationPolicy,
} from '../registry/object-registry.js';
import { EventType, type StoreEvent } from '../store/store-event.js';
import { isNotFoundOrConflict, type Controller, type ControllerContext } from './controller.js';

interface Ref {
  storage: string;
  namespace: string;
  name: string;
}

const DEP = 'dep|';
const OWNER = 'owner|';

function refKey(ref: Ref): string {
  return `${ref.storage}|${ref.namespace}|${ref.name}`;
}

function parseRef(text: string): Ref {
  const [storage = '', namespace = '', name = ''] = text.split('|');
  return { storage, namespace, name };
}

/**
 * The garbage collector: keeps an owner graph by uid from the store's change feed; deletes
 * dependents whose owners are all gone, drops references to owners that are gone, and
 * carries out Foreground (delete dependents, then the owner) and Orphan (release
 * dependents, then delete the owner) deletions.
 */
export class GarbageCollector implements Controller {
  readonly name = 'garbage-collector';
  readonly watches = '*' as const;
  private readonly byUid = new Map<string, Ref>();
  private readonly dependents = new Map<string, Set<string>>();

  constructor(private readonly ctx: ControllerContext) {}

  async start(): Promise<void> {
    for (const storage of this.ctx.store.resources()) {
      for (const obj of this.ctx.store.list(storage)) this.index(storage, obj);
    }
  }

  keysFor(event: StoreEvent): string[] {
    if (event.previous !== undefined) this.unindex(event.resource, event.previous);
    if (event.type === EventType.Deleted) {
      const deps = this.dependents.get(event.object.metadata.uid ?? '') ?? new Set<string>();
      return [...[...deps].map((d) => DEP + d), ...this.deletingOwnersOf(event.object)];
    }
    this.index(event.resource, event.object);
    return this.keysOf(event.resource, event.object);
  }

  initialKeys(): string[] {
    const keys: string[] = [];
    for (const storage of this.ctx.store.resources()) {
      for (const obj of this.ctx.store.list(storage)) keys.push(...this.keysOf(storage, obj));
    }
    return keys;
  }

  async reconcile(key: string): Promise<void> {
    if (key.startsWith(DEP)) await this.collectDependent(parseRef(key.slice(DEP.length)));
    else if (key.startsWith(OWNER))
      await this.processDeletingOwner(parseRef(key.slice(OWNER.length)));
  }

  private keysOf(storage: string, obj: Readonly<KubeObject>): string[] {
    const ref = refKey({
      storage,
      namespace: obj.metadata.namespace ?? '',
      name: obj.metadata.name ?? '',
    });
    const keys: string[] = [];
    const finalizers = obj.metadata.finalizers ?? [];
    if (
      obj.metadata.deletionTimestamp !== undefined &&
      (finalizers.includes(FOREGROUND_FINALIZER) || finalizers.includes(ORPHAN_FINALIZER))
    ) {
      keys.push(OWNER + ref);
    }
    if ((obj.metadata.ownerReferences ?? []).some((o) => !this.byUid.has(o.uid)))
      keys.push(DEP + ref);
    keys.push(...this.deletingOwnersOf(obj));
    return keys;
  }

  private deletingOwnersOf(obj: Readonly<KubeObject>): string[] {
    const keys: string[] = [];
    for (const owner of obj.metadata.ownerReferences ?? []) {
      const ref = this.byUid.get(owner.uid);
      if (ref === undefined) continue;
      const ownerObj = this.ctx.store.get(ref.storage, ref.namespace, ref.name);
      if (ownerObj?.metadata.deletionTimestamp !== undefined) keys.push(OWNER + refKey(ref));
    }
    return keys;
  }

  private index(storage: string, obj: Readonly<KubeObject>): void {
    const ref: Ref = {
      storage,
      namespace: obj.metadata.namespace ?? '',
      name: obj.metadata.name ?? '',
    };
    if (obj.metadata.uid !== undefined) this.byUid.set(obj.metadata.uid, ref);
    for (const owner of obj.metadata.ownerReferences ?? []) {
      let set = this.dependents.get(owner.uid);
      if (set === undefined) {
        set = new Set();
        this.dependents.set(owner.uid, set);
      }
      set.add(refKey(ref));
    }
  }

  private unindex(storage: string, obj: Readonly<KubeObject>): void {
    const key = refKey({
      storage,
      namespace: obj.metadata.namespace ?? '',
      name: obj.metadata.name ?? '',
    });
    if (obj.metadata.uid !== undefined) this.byUid.delete(obj.metadata.uid);
    for (const owner of obj.metadata.ownerReferences ?? []) {
      const set = this.dependents.get(owner.uid);
      set?.delete(key);
      if (set?.size === 0) this.dependents.delete(owner.uid);
    }
  }

  private async collectDependent(ref: Ref): Promise<void> {
    const type = this.ctx.catalog.byStorage(ref.storage);
    const obj = this.ctx.store.get(ref.storage, ref.namespace, ref.name);
    if (type === undefined || obj === undefined) return;
    const owners = obj.metadata.ownerReferences ?? [];
    const gone = owners.filter((o) => !this.byUid.has(o.uid));
    if (gone.length === 0) return;
    try {
      if (gone.length === owners.length) {
        if (obj.metadata.deletionTimestamp === undefined) {
          await this.ctx.registry.delete(type, ref.namespace, ref.name, {
            propagationPolicy: PropagationPolicy.Background,
          });
        }
        return;
      }
      const next = present(type, obj);
      next.metadata.ownerReferences = owners.filter((o) => this.byUid.has(o.uid));
      await this.ctx.registry.update(type, ref.namespace, ref.name, next);
    } catch (err) {
      if (!isNotFoundOrConflict(err)) throw err;
    }
  }

  private async processDeletingOwner(ref: Ref): Promise<void> {
    const type = this.ctx.catalog.byStorage(ref.storage);
    const owner = this.ctx.store.get(ref.storage, ref.namespace, ref.name);
    if (type === undefined || owner?.metadata.deletionTimestamp === undefined) return;
    const uid = owner.metadata.uid ?? '';
    const finalizers = owner.metadata.finalizers ?? [];
    const deps = [...(this.dependents.get(uid) ?? [])].map(parseRef);
    if (finalizers.includes(ORPHAN_FINALIZER)) {
      for (const dep of deps) {
        const depType = this.ctx.catalog.byStorage(dep.storage);
        const obj = this.ctx.store.get(dep.storage, dep.namespace, dep.name);
        if (depType === undefined || obj === undefined) continue;
        const next = present(depType, obj);
        next.metadata.ownerReferences = (obj.metadata.ownerReferences ?? []).filter(
          (o) => o.uid !== uid,
        );
        if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
        await this.ctx.registry.update(depType, dep.namespace, dep.name, next);
      }
      await this.removeFinalizer(ref, ORPHAN_FINALIZER);
      return;
    }
    if (!finalizers.includes(FOREGROUND_FINALIZER)) return;
    let remaining = 0;
    for (const dep of deps) {
      const depType = this.ctx.catalog.byStorage(dep.storage);
      const obj = this.ctx.store.get(dep.storage, dep.namespace, dep.name);
      if (depType === undefined || obj === undefined) continue;
      remaining++;
      if (obj.metadata.deletionTimestamp === undefined) {
        await this.ctx.registry
          .delete(depType, dep.namespace, dep.name, {
            propagationPolicy: PropagationPolicy.Foreground,
          })
          .catch(ignoreGone);
      }
    }
    if (remaining === 0) await this.removeFinalizer(ref, FOREGROUND_FINALIZER);
  }

  private async removeFinalizer(ref: Ref, finalizer: string): Promise<void> {
    const type = this.ctx.catalog.byStorage(ref.storage);
    const obj = this.ctx.store.get(ref.storage, ref.namespace, ref.name);
    if (type === undefined || obj === undefined) return;
    const next = present(type, obj);
    next.metadata.finalizers = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    await this.ctx.registry.update(type, ref.namespace, ref.name, next);
  }
}

function ignoreGone(err: unknown): void {
  if (!isNotFoundOrConflict(err)) throw err;
}
