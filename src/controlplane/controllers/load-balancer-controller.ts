import type { StoreEvent } from '../store/store-event.js';
import {
  ignoreNotFoundOrConflict,
  nsName,
  splitKey,
  typeOf,
  type Controller,
  type ControllerContext,
} from './controller.js';
import { specOf, statusOf } from './workload-pods.js';

const SERVICES = '/services';
const INGRESSES = 'networking.k8s.io/ingresses';

/** The address the simulated load balancer hands out: this machine, as k3s's does. */
export const LOAD_BALANCER_IP = '127.0.0.1';

/**
 * A simulated cloud load balancer and ingress controller: Services of type LoadBalancer and
 * Ingresses get `status.loadBalancer.ingress`, so they become Healthy as on a real cluster.
 */
export class LoadBalancerController implements Controller {
  readonly name = 'load-balancer';
  readonly watches = [SERVICES, INGRESSES];

  constructor(private readonly ctx: ControllerContext) {}

  keysFor(event: StoreEvent): string[] {
    return [`${event.resource}|${nsName(event.object)}`];
  }

  initialKeys(): string[] {
    return [SERVICES, INGRESSES].flatMap((resource) =>
      this.ctx.store.list(resource).map((obj) => `${resource}|${nsName(obj)}`),
    );
  }

  async reconcile(key: string): Promise<void> {
    const bar = key.indexOf('|');
    const resource = key.slice(0, bar);
    const [namespace, name] = splitKey(key.slice(bar + 1));
    const type = typeOf(this.ctx, resource);
    const obj = this.ctx.registry.find(type, namespace, name);
    if (obj === undefined || obj.metadata.deletionTimestamp !== undefined) return;
    if (resource === SERVICES && specOf(obj)['type'] !== 'LoadBalancer') return;
    const current = statusOf(obj)['loadBalancer'] as { ingress?: unknown[] } | undefined;
    if ((current?.ingress ?? []).length > 0) return;
    const ports =
      resource === SERVICES
        ? ((specOf(obj)['ports'] as { port?: number; protocol?: string }[] | undefined) ?? []).map(
            (p) => ({
              port: p.port,
              protocol: p.protocol ?? 'TCP',
            }),
          )
        : [];
    const address = { ip: LOAD_BALANCER_IP, ...(ports.length > 0 ? { ports } : {}) };
    await this.ctx.registry
      .update(
        type,
        namespace,
        name,
        { ...obj, status: { ...statusOf(obj), loadBalancer: { ingress: [address] } } },
        { subresource: 'status' },
      )
      .catch(ignoreNotFoundOrConflict);
  }
}
