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
import {
  isPodRunningAndReady,
  podFromTemplate,
  specOf,
  statusOf,
  withoutZeros,
} from './workload-pods.js';

const STATEFULSETS = 'apps/statefulsets';
const PVCS = '/persistentvolumeclaims';
const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

/**
 * StatefulSet → Pods `<set>-<ordinal>` (and PVCs from volumeClaimTemplates). OrderedReady
 * creates in ordinal order, each after the one before is Running and Ready, and removes from
 * the highest ordinal; Parallel does both at once. RollingUpdate replaces pods from the
 * highest ordinal down to the partition, one at a time; OnDelete only recreates deleted
 * pods at the update revision. Templates are kept as ControllerRevisions.
 */
export class StatefulSetController implements Controller {
  readonly name = 'statefulset';
  readonly watches = [STATEFULSETS, Storage.pods, CONTROLLER_REVISIONS];

  constructor(private readonly ctx: ControllerContext) {}

  keysFor(event: StoreEvent): string[] {
    if (event.resource === STATEFULSETS) return [nsName(event.object)];
    return ownerKeys(event.object, 'StatefulSet');
  }

  initialKeys(): string[] {
    return this.ctx.store.list(STATEFULSETS).map(nsName);
  }

  async reconcile(key: string): Promise<void> {
    const [namespace, name] = splitKey(key);
    const setType = typeOf(this.ctx, STATEFULSETS);
    const set = this.ctx.registry.find(setType, namespace, name);
    if (set === undefined || set.metadata.deletionTimestamp !== undefined) return;
    const spec = specOf(set);
    const replicas = typeof spec['replicas'] === 'number' ? spec['replicas'] : 1;
    const update = await ensureRevision(this.ctx, set, spec['template']);
    const previous = statusOf(set);
    const current =
      typeof previous['currentRevision'] === 'string' && previous['currentRevision'] !== ''
        ? previous['currentRevision']
        : update.name;
    const strategy = (spec['updateStrategy'] ?? {}) as {
      type?: string;
      rollingUpdate?: { partition?: number };
    };
    const onDelete = strategy.type === 'OnDelete';
    const partition = onDelete ? 0 : (strategy.rollingUpdate?.partition ?? 0);
    const parallel = spec['podManagementPolicy'] === 'Parallel';
    const pods = this.pods(set);
    const byOrdinal = new Map<number, Readonly<KubeObject>>();
    for (const pod of pods) byOrdinal.set(ordinalOf(name, pod), pod);

    await this.act(set, { replicas, byOrdinal, parallel, onDelete, partition, update, current });

    const after = this.pods(set).filter((p) => ordinalOf(name, p) < replicas && isPodActive(p));
    const revisionOfPod = (p: Readonly<KubeObject>): string =>
      p.metadata.labels?.[CONTROLLER_REVISION_HASH] ?? '';
    const updated = after.filter((p) => revisionOfPod(p) === update.name).length;
    const ready = after.filter(isPodReady).length;
    const done = updated === replicas && ready === replicas && after.length === replicas;
    const currentRevision = done ? update.name : current;
    const status = withoutZeros(
      {
        observedGeneration: set.metadata.generation ?? 1,
        replicas: after.length,
        readyReplicas: ready,
        currentReplicas: after.filter((p) => revisionOfPod(p) === currentRevision).length,
        updatedReplicas: updated,
        availableReplicas: ready,
        currentRevision,
        updateRevision: update.name,
        collisionCount: 0,
      },
      ['readyReplicas', 'currentReplicas', 'updatedReplicas'],
    );
    await pruneRevisions(
      this.ctx,
      set,
      new Set([currentRevision, update.name, ...after.map(revisionOfPod)]),
    );
    if (!jsonEqual(status, set['status'])) {
      const latest = this.ctx.registry.get(setType, namespace, name);
      await this.ctx.registry.update(
        setType,
        namespace,
        name,
        { ...latest, status },
        { subresource: 'status' },
      );
    }
  }

  /** One step of scaling or updating; each write brings the set back here through its pods. */
  private async act(
    set: Readonly<KubeObject>,
    plan: {
      replicas: number;
      byOrdinal: Map<number, Readonly<KubeObject>>;
      parallel: boolean;
      onDelete: boolean;
      partition: number;
      update: { name: string };
      current: string;
    },
  ): Promise<void> {
    const podType = typeOf(this.ctx, Storage.pods);
    const namespace = set.metadata.namespace ?? '';
    const { replicas, byOrdinal } = plan;
    for (let ordinal = 0; ordinal < replicas; ordinal++) {
      const pod = byOrdinal.get(ordinal);
      if (pod === undefined) {
        await this.ensureClaims(set, ordinal);
        const revision =
          !plan.onDelete && ordinal < plan.partition ? plan.current : plan.update.name;
        await this.ctx.registry
          .create(podType, namespace, this.podFor(set, ordinal, revision))
          .catch(ignoreNotFoundOrConflict);
        if (!plan.parallel) return;
        continue;
      }
      if (!plan.parallel && !isPodRunningAndReady(pod)) return;
    }
    const extra = [...byOrdinal.entries()]
      .filter(([ordinal]) => ordinal >= replicas)
      .sort(([a], [b]) => b - a);
    for (const [, pod] of plan.parallel ? extra : extra.slice(0, 1)) {
      await this.deletePod(pod);
    }
    if (extra.length > 0 || plan.onDelete) return;
    const all = [...byOrdinal.entries()].filter(([o]) => o < replicas);
    if (!all.every(([, p]) => isPodRunningAndReady(p))) return;
    const stale = all
      .filter(
        ([o, p]) =>
          o >= plan.partition && p.metadata.labels?.[CONTROLLER_REVISION_HASH] !== plan.update.name,
      )
      .sort(([a], [b]) => b - a)[0];
    if (stale !== undefined) await this.deletePod(stale[1]);
  }

  private async deletePod(pod: Readonly<KubeObject>): Promise<void> {
    if (pod.metadata.deletionTimestamp !== undefined) return;
    await this.ctx.registry
      .delete(typeOf(this.ctx, Storage.pods), pod.metadata.namespace ?? '', pod.metadata.name ?? '')
      .catch(ignoreNotFoundOrConflict);
  }

  private pods(set: Readonly<KubeObject>): Readonly<KubeObject>[] {
    const name = set.metadata.name ?? '';
    return this.ctx.store
      .list(Storage.pods, set.metadata.namespace ?? '')
      .filter((p) => controllerRef(p)?.uid === set.metadata.uid && ordinalOf(name, p) >= 0);
  }

  private podFor(set: Readonly<KubeObject>, ordinal: number, revision: string): KubeObject {
    const spec = specOf(set);
    const setName = set.metadata.name ?? '';
    const podName = `${setName}-${ordinal}`;
    const template = this.ctx.store.get(
      CONTROLLER_REVISIONS,
      set.metadata.namespace ?? '',
      revision,
    );
    const templateData = (template?.['data'] as { spec?: { template?: Record<string, unknown> } })
      ?.spec?.template;
    const source = { ...(templateData ?? (spec['template'] as Record<string, unknown>)) };
    delete source['$patch'];
    const podSpec = specOf(source as KubeObject);
    const volumes = Array.isArray(podSpec['volumes']) ? [...(podSpec['volumes'] as unknown[])] : [];
    for (const claim of claimNames(set)) {
      if (!volumes.some((v) => (v as { name?: string }).name === claim))
        volumes.push({ name: claim, persistentVolumeClaim: { claimName: `${claim}-${podName}` } });
    }
    return podFromTemplate(set, source, {
      name: podName,
      labels: {
        [CONTROLLER_REVISION_HASH]: revision,
        [POD_NAME_LABEL]: podName,
        [POD_INDEX_LABEL]: String(ordinal),
      },
      spec: {
        hostname: podName,
        ...(typeof spec['serviceName'] === 'string' && spec['serviceName'] !== ''
          ? { subdomain: spec['serviceName'] }
          : {}),
        ...(volumes.length > 0 ? { volumes } : {}),
      },
    });
  }

  /** PVCs `<template>-<set>-<ordinal>`, created once and kept (retention policy Retain). */
  private async ensureClaims(set: Readonly<KubeObject>, ordinal: number): Promise<void> {
    const namespace = set.metadata.namespace ?? '';
    const templates = specOf(set)['volumeClaimTemplates'];
    if (!Array.isArray(templates)) return;
    const pvcType = typeOf(this.ctx, PVCS);
    for (const template of templates as KubeObject[]) {
      const claim = `${template.metadata?.name ?? ''}-${set.metadata.name ?? ''}-${ordinal}`;
      if (this.ctx.store.get(PVCS, namespace, claim) !== undefined) continue;
      const selectorLabels =
        (specOf(set)['selector'] as { matchLabels?: Record<string, string> } | undefined)
          ?.matchLabels ?? {};
      await this.ctx.registry
        .create(pvcType, namespace, {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: {
            name: claim,
            namespace,
            labels: { ...template.metadata?.labels, ...selectorLabels },
          },
          spec: template['spec'] ?? {},
        })
        .catch(ignoreNotFoundOrConflict);
    }
  }
}

function claimNames(set: Readonly<KubeObject>): string[] {
  const templates = specOf(set)['volumeClaimTemplates'];
  return Array.isArray(templates)
    ? (templates as KubeObject[]).map((t) => t.metadata?.name ?? '').filter((n) => n !== '')
    : [];
}

/** The ordinal in `<set>-<ordinal>`, or -1 for a pod that does not follow the pattern. */
function ordinalOf(setName: string, pod: Readonly<KubeObject>): number {
  const name = pod.metadata.name ?? '';
  if (!name.startsWith(`${setName}-`)) return -1;
  const rest = name.slice(setName.length + 1);
  return /^\d+$/.test(rest) ? Number(rest) : -1;
}
