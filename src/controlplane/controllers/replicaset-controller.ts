import {
  matchesRequirements,
  selectorRequirements,
  type LabelSelector,
} from '../../kube/label-selector.js';
import { cloneJson, isPlainObject, jsonEqual, type KubeObject } from '../../kube/object.js';
import type { StoreEvent } from '../store/store-event.js';
import {
  controllerRef,
  isNotFoundOrConflict,
  nsName,
  splitKey,
  Storage,
  typeOf,
  ownerKeys,
  type Controller,
  type ControllerContext,
} from './controller.js';
import { isPodActive, isPodReady, scaleDownOrder } from './pod-status.js';

/** The most pods one sync creates or deletes, like the real controller's burst. */
const BURST = 500;

/** ReplicaSet → Pods (`<rs>-<5 random chars>`), scaling up and down, and ReplicaSet status. */
export class ReplicaSetController implements Controller {
  readonly name = 'replicaset';
  readonly watches = [Storage.replicaSets, Storage.pods];

  constructor(private readonly ctx: ControllerContext) {}

  keysFor(event: StoreEvent): string[] {
    if (event.resource === Storage.replicaSets) return [nsName(event.object)];
    return ownerKeys(event.object, 'ReplicaSet');
  }

  initialKeys(): string[] {
    return this.ctx.store.list(Storage.replicaSets).map(nsName);
  }

  async reconcile(key: string): Promise<void> {
    const [namespace, name] = splitKey(key);
    const rsType = typeOf(this.ctx, Storage.replicaSets);
    const podType = typeOf(this.ctx, Storage.pods);
    const rs = this.ctx.registry.find(rsType, namespace, name);
    if (rs === undefined || rs.metadata.deletionTimestamp !== undefined) return;
    const spec = isPlainObject(rs['spec']) ? rs['spec'] : {};
    const desired = typeof spec['replicas'] === 'number' ? spec['replicas'] : 1;
    const pods = this.ownedPods(rs).filter(isPodActive);
    const diff = pods.length - desired;
    if (diff < 0) {
      for (let i = 0; i < Math.min(-diff, BURST); i++) {
        await this.ctx.registry.create(podType, namespace, podFor(rs, spec));
      }
    } else if (diff > 0) {
      for (const pod of [...pods].sort(scaleDownOrder).slice(0, Math.min(diff, BURST))) {
        await this.ctx.registry
          .delete(podType, namespace, pod.metadata.name ?? '')
          .catch(ignoreNotFound);
      }
    }
    const current = this.ownedPods(rs).filter(isPodActive);
    const templateLabels =
      (spec['template'] as { metadata?: { labels?: Record<string, string> } } | undefined)?.metadata
        ?.labels ?? {};
    const ready = current.filter(isPodReady).length;
    const status: Record<string, unknown> = {
      replicas: current.length,
      fullyLabeledReplicas: current.filter((p) =>
        Object.entries(templateLabels).every(([k, v]) => p.metadata.labels?.[k] === v),
      ).length,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: rs.metadata.generation ?? 1,
    };
    for (const field of ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas']) {
      if (status[field] === 0) delete status[field];
    }
    if (!jsonEqual(status, rs['status'])) {
      const latest = this.ctx.registry.get(rsType, namespace, name);
      await this.ctx.registry.update(
        rsType,
        namespace,
        name,
        { ...latest, status },
        { subresource: 'status' },
      );
    }
  }

  private ownedPods(rs: Readonly<KubeObject>): Readonly<KubeObject>[] {
    const namespace = rs.metadata.namespace ?? '';
    const spec = isPlainObject(rs['spec']) ? rs['spec'] : {};
    const selector = selectorRequirements(spec['selector'] as LabelSelector | undefined);
    return this.ctx.store
      .list(Storage.pods, namespace)
      .filter(
        (pod) =>
          controllerRef(pod)?.uid === rs.metadata.uid &&
          matchesRequirements(pod.metadata.labels, selector),
      );
  }
}

function podFor(rs: Readonly<KubeObject>, spec: Record<string, unknown>): KubeObject {
  const template = cloneJson(isPlainObject(spec['template']) ? spec['template'] : {}) as {
    metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
    spec?: Record<string, unknown>;
  };
  const name = rs.metadata.name ?? '';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${name}-`,
      namespace: rs.metadata.namespace ?? '',
      ...(template.metadata?.labels ? { labels: template.metadata.labels } : {}),
      ...(template.metadata?.annotations ? { annotations: template.metadata.annotations } : {}),
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name,
          uid: rs.metadata.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: template.spec ?? {},
  };
}

function ignoreNotFound(err: unknown): void {
  if (!isNotFoundOrConflict(err)) throw err;
}
