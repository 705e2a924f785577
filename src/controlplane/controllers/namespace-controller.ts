import { isPlainObject } from '../../kube/object.js';
import { present, PropagationPolicy } from '../registry/object-registry.js';
import { EventType, type StoreEvent } from '../store/store-event.js';
import {
  isNotFoundOrConflict,
  Storage,
  typeOf,
  type Controller,
  type ControllerContext,
} from './controller.js';

/** How often a terminating namespace whose content is held by finalizers is rechecked. */
const RECHECK_MS = 1000;

/**
 * Namespaces: gives each active namespace its `default` ServiceAccount; empties a
 * terminating namespace (phase Terminating meanwhile) and then removes it.
 */
export class NamespaceController implements Controller {
  readonly name = 'namespace';
  readonly watches = '*' as const;

  constructor(private readonly ctx: ControllerContext) {}

  keysFor(event: StoreEvent): string[] {
    if (event.resource === Storage.namespaces) return [event.object.metadata.name ?? ''];
    const ns = event.object.metadata.namespace;
    if (ns === undefined || ns === '') return [];
    if (
      event.type === EventType.Deleted &&
      this.ctx.store.get(Storage.namespaces, '', ns)?.metadata.deletionTimestamp !== undefined
    ) {
      return [ns];
    }
    if (event.resource === Storage.serviceAccounts && event.type === EventType.Deleted) return [ns];
    return [];
  }

  initialKeys(): string[] {
    return this.ctx.store.list(Storage.namespaces).map((ns) => ns.metadata.name ?? '');
  }

  async reconcile(name: string, requeue: (key: string, ms: number) => void): Promise<void> {
    const ns = this.ctx.store.get(Storage.namespaces, '', name);
    if (ns === undefined) return;
    if (ns.metadata.deletionTimestamp === undefined) {
      await this.ensureDefaultServiceAccount(name);
      return;
    }
    let remaining = 0;
    for (const storage of this.ctx.store.resources()) {
      const type = this.ctx.catalog.byStorage(storage);
      if (type === undefined || !type.namespaced) continue;
      for (const obj of this.ctx.store.list(storage, name)) {
        remaining++;
        if (obj.metadata.deletionTimestamp !== undefined) continue;
        await this.ctx.registry
          .delete(type, name, obj.metadata.name ?? '', {
            propagationPolicy: PropagationPolicy.Background,
          })
          .catch(ignoreGone);
      }
    }
    if (remaining > 0) {
      requeue(name, RECHECK_MS * this.ctx.timeFactor);
      return;
    }
    const nsType = typeOf(this.ctx, Storage.namespaces);
    const next = present(nsType, ns);
    next['spec'] = { ...(isPlainObject(next['spec']) ? next['spec'] : {}), finalizers: [] };
    await this.ctx.registry.update(nsType, '', name, next);
  }

  private async ensureDefaultServiceAccount(namespace: string): Promise<void> {
    if (this.ctx.store.get(Storage.serviceAccounts, namespace, 'default') !== undefined) return;
    const saType = typeOf(this.ctx, Storage.serviceAccounts);
    await this.ctx.registry
      .create(saType, namespace, {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'default', namespace },
      })
      .catch(ignoreGone);
  }
}

function ignoreGone(err: unknown): void {
  if (!isNotFoundOrConflict(err) && (err as { status?: { code?: number } }).status?.code !== 403)
    throw err;
}
