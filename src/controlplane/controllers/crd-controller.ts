import { typesOfCrd } from '../catalog/crd-types.js';
import { present } from '../registry/object-registry.js';
import { CRD_CLEANUP_FINALIZER } from '../registry/strategies.js';
import { EventType, type StoreEvent } from '../store/store-event.js';
import {
  isNotFoundOrConflict,
  Storage,
  typeOf,
  type Controller,
  type ControllerContext,
} from './controller.js';

const RECHECK_MS = 1000;

/** CustomResourceDefinition cleanup: deleting a CRD deletes its objects, then the CRD. */
export class CrdController implements Controller {
  readonly name = 'customresourcedefinition';
  readonly watches = '*' as const;

  constructor(private readonly ctx: ControllerContext) {}

  keysFor(event: StoreEvent): string[] {
    if (event.resource === Storage.crds) return [event.object.metadata.name ?? ''];
    if (event.type !== EventType.Deleted) return [];
    const type = this.ctx.catalog.byStorage(event.resource);
    return type?.crdName !== undefined && !type.accepting ? [type.crdName] : [];
  }

  initialKeys(): string[] {
    return this.ctx.store.list(Storage.crds).map((crd) => crd.metadata.name ?? '');
  }

  async reconcile(name: string, requeue: (key: string, ms: number) => void): Promise<void> {
    const crd = this.ctx.store.get(Storage.crds, '', name);
    if (crd?.metadata.deletionTimestamp === undefined) return;
    const type = typesOfCrd(crd)[0];
    if (type !== undefined) {
      const objects = this.ctx.store.list(type.storage);
      for (const obj of objects) {
        if (obj.metadata.deletionTimestamp !== undefined) continue;
        await this.ctx.registry
          .delete(type, obj.metadata.namespace ?? '', obj.metadata.name ?? '')
          .catch((err: unknown) => {
            if (!isNotFoundOrConflict(err)) throw err;
          });
      }
      if (this.ctx.store.list(type.storage).length > 0) {
        requeue(name, RECHECK_MS * this.ctx.timeFactor);
        return;
      }
    }
    const crdType = typeOf(this.ctx, Storage.crds);
    const next = present(crdType, crd);
    next.metadata.finalizers = (crd.metadata.finalizers ?? []).filter(
      (f) => f !== CRD_CLEANUP_FINALIZER,
    );
    await this.ctx.registry.update(crdType, '', name, next);
  }
}
