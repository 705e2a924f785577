import { resolveIntOrPercent } from '../../kube/int-or-percent.js';
import { jsonEqual, type KubeObject } from '../../kube/object.js';
import type { StoreEvent } from '../store/store-event.js';
import {
  CONTROLLER_REVISION_HASH,
  CONTROLLER_REVISIONS,
  ensureRevision,
  pruneRevisions,
} from './controller-revisions.js';
import {
  controllerRef,
  ignoreNotFoundOrConflict,
  nsName,
  splitKey,
  Storage,
  typeOf,
  ownerKeys,
  type Controller,
  type ControllerContext,
} from './controller.js';
import { isPodActive, isPodReady } from './pod-status.js';
import { podFromTemplate, specOf, withoutZeros } from './workload-pods.js';

const DAEMONSETS = 'apps/daemonsets';
const TEMPLATE_GENERATION = 'pod-template-generation';

/**
 * DaemonSet → one Pod per node that matches its nodeSelector. RollingUpdate replaces pods
 * of older revisions while at most maxUnavailable nodes lack a ready pod; OnDelete only
 * recreates deleted pods. Templates are kept as ControllerRevisions.
 */
export class DaemonSetController implements Controller {
  readonly name = 'daemonset';
  readonly watches = [DAEMONSETS, Storage.pods, Storage.nodes, CONTROLLER_REVISIONS];

  constructor(private readonly ctx: ControllerContext) {}

  keysFor(event: StoreEvent): string[] {
    if (event.resource === DAEMONSETS) return [nsName(event.object)];
    if (event.resource === Storage.nodes) return this.initialKeys();
    return ownerKeys(event.object, 'DaemonSet');
  }

  initialKeys(): string[] {
    return this.ctx.store.list(DAEMONSETS).map(nsName);
  }

  async reconcile(key: string): Promise<void> {
    const [namespace, name] = splitKey(key);
    const dsType = typeOf(this.ctx, DAEMONSETS);
    const podType = typeOf(this.ctx, Storage.pods);
    const ds = this.ctx.registry.find(dsType, namespace, name);
    if (ds === undefined || ds.metadata.deletionTimestamp !== undefined) return;
    const spec = specOf(ds);
    const update = await ensureRevision(this.ctx, ds, spec['template']);
    const nodes = this.eligibleNodes(ds);
    const pods = this.pods(ds);
    const byNode = new Map<string, Readonly<KubeObject>[]>();
    for (const pod of pods) {
      const node = String(specOf(pod)['nodeName'] ?? '');
      byNode.set(node, [...(byNode.get(node) ?? []), pod]);
    }
    const remove = (pod: Readonly<KubeObject>): Promise<unknown> =>
      this.ctx.registry
        .delete(podType, namespace, pod.metadata.name ?? '')
        .catch(ignoreNotFoundOrConflict);
    for (const [node, onNode] of byNode) {
      if (!nodes.includes(node)) for (const pod of onNode) await remove(pod);
      else for (const pod of onNode.slice(1)) await remove(pod);
    }
    for (const node of nodes) {
      if ((byNode.get(node) ?? []).length > 0) continue;
      await this.ctx.registry.create(podType, namespace, this.podFor(ds, node, update.hash));
    }
    const strategy = (spec['updateStrategy'] ?? {}) as {
      type?: string;
      rollingUpdate?: { maxUnavailable?: number | string };
    };
    const current = nodes.map((n) => byNode.get(n)?.[0]).filter((p) => p !== undefined);
    if (strategy.type !== 'OnDelete') {
      const maxUnavailable = Math.max(
        1,
        resolveIntOrPercent(strategy.rollingUpdate?.maxUnavailable ?? 1, nodes.length, true),
      );
      const unavailable = nodes.length - current.filter(isPodReady).length;
      const old = current
        .filter((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH] !== update.hash)
        .sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b)));
      const unready = old.filter((p) => !isPodReady(p));
      const budget = Math.max(0, maxUnavailable - unavailable);
      for (const pod of [...unready, ...old.filter(isPodReady).slice(0, budget)]) await remove(pod);
    }
    await this.writeStatus(ds, nodes.length, update.hash);
    await pruneRevisions(this.ctx, ds, new Set([update.name]));
  }

  private async writeStatus(
    ds: Readonly<KubeObject>,
    desired: number,
    hash: string,
  ): Promise<void> {
    const namespace = ds.metadata.namespace ?? '';
    const name = ds.metadata.name ?? '';
    const pods = this.pods(ds).filter(isPodActive);
    const ready = pods.filter(isPodReady);
    const status = withoutZeros(
      {
        currentNumberScheduled: pods.length,
        desiredNumberScheduled: desired,
        numberMisscheduled: 0,
        numberReady: ready.length,
        updatedNumberScheduled: pods.filter(
          (p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH] === hash,
        ).length,
        numberAvailable: ready.length,
        numberUnavailable: Math.max(0, desired - ready.length),
        observedGeneration: ds.metadata.generation ?? 1,
      },
      ['updatedNumberScheduled', 'numberAvailable', 'numberUnavailable'],
    );
    if (jsonEqual(status, ds['status'])) return;
    const dsType = typeOf(this.ctx, DAEMONSETS);
    const latest = this.ctx.registry.get(dsType, namespace, name);
    await this.ctx.registry.update(
      dsType,
      namespace,
      name,
      { ...latest, status },
      { subresource: 'status' },
    );
  }

  private eligibleNodes(ds: Readonly<KubeObject>): string[] {
    const template = specOf(ds)['template'] as { spec?: { nodeSelector?: Record<string, string> } };
    const selector = template?.spec?.nodeSelector ?? {};
    return this.ctx.store
      .list(Storage.nodes)
      .filter((node) => Object.entries(selector).every(([k, v]) => node.metadata.labels?.[k] === v))
      .map((node) => node.metadata.name ?? '')
      .sort();
  }

  private pods(ds: Readonly<KubeObject>): Readonly<KubeObject>[] {
    return this.ctx.store
      .list(Storage.pods, ds.metadata.namespace ?? '')
      .filter((p) => controllerRef(p)?.uid === ds.metadata.uid && isPodActive(p));
  }

  private podFor(ds: Readonly<KubeObject>, node: string, hash: string): KubeObject {
    const pod = podFromTemplate(ds, specOf(ds)['template'], {
      name: '',
      labels: {
        [CONTROLLER_REVISION_HASH]: hash,
        [TEMPLATE_GENERATION]: String(ds.metadata.generation ?? 1),
      },
      spec: {
        nodeName: node,
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                {
                  matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }],
                },
              ],
            },
          },
        },
      },
    });
    delete pod.metadata.name;
    pod.metadata.generateName = `${ds.metadata.name ?? ''}-`;
    return pod;
  }
}
