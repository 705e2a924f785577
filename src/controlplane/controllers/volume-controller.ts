import { cloneJson, jsonEqual, type KubeObject } from '../../kube/object.js';
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

const PVCS = '/persistentvolumeclaims';
const PVS = '/persistentvolumes';
const STORAGE_CLASSES = 'storage.k8s.io/storageclasses';
export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
export const PROVISIONER = 'ferry.dev/hostpath';

/**
 * A volume provisioner and binder: a Pending claim whose StorageClass uses Ferry's
 * provisioner gets a PersistentVolume `pvc-<claim uid>` of the requested size, and both turn
 * Bound. When the claim goes away, a volume with reclaim policy Delete is deleted and one
 * with Retain turns Released.
 */
export class VolumeController implements Controller {
  readonly name = 'volume';
  readonly watches = [PVCS, PVS];

  constructor(private readonly ctx: ControllerContext) {}

  keysFor(event: StoreEvent): string[] {
    if (event.resource === PVCS) {
      const volume = specOf(event.object)['volumeName'];
      return [
        `claim|${nsName(event.object)}`,
        ...(typeof volume === 'string' && volume !== '' ? [`volume|/${volume}`] : []),
      ];
    }
    return [`volume|/${event.object.metadata.name ?? ''}`];
  }

  initialKeys(): string[] {
    return [
      ...this.ctx.store.list(PVCS).map((c) => `claim|${nsName(c)}`),
      ...this.ctx.store.list(PVS).map((v) => `volume|/${v.metadata.name ?? ''}`),
    ];
  }

  async reconcile(key: string): Promise<void> {
    const bar = key.indexOf('|');
    const [namespace, name] = splitKey(key.slice(bar + 1));
    if (key.startsWith('claim|')) await this.reconcileClaim(namespace, name);
    else await this.reconcileVolume(name);
  }

  private async reconcileClaim(namespace: string, name: string): Promise<void> {
    const pvcType = typeOf(this.ctx, PVCS);
    const pvType = typeOf(this.ctx, PVS);
    const claim = this.ctx.registry.find(pvcType, namespace, name);
    if (claim === undefined || claim.metadata.deletionTimestamp !== undefined) return;
    if (statusOf(claim)['phase'] === 'Bound') return;
    const spec = specOf(claim);
    const className = typeof spec['storageClassName'] === 'string' ? spec['storageClassName'] : '';
    const storageClass = this.ctx.store.get(STORAGE_CLASSES, '', className);
    if (storageClass === undefined || storageClass['provisioner'] !== PROVISIONER) return;
    const volumeName = `pvc-${claim.metadata.uid ?? ''}`;
    const size =
      (spec['resources'] as { requests?: { storage?: string } } | undefined)?.requests?.storage ??
      '1Gi';
    const accessModes = Array.isArray(spec['accessModes'])
      ? spec['accessModes']
      : ['ReadWriteOnce'];
    if (this.ctx.store.get(PVS, '', volumeName) === undefined) {
      await this.ctx.registry
        .create(pvType, '', {
          apiVersion: 'v1',
          kind: 'PersistentVolume',
          metadata: {
            name: volumeName,
            annotations: { 'pv.kubernetes.io/provisioned-by': PROVISIONER },
            finalizers: ['kubernetes.io/pv-protection'],
          },
          spec: {
            capacity: { storage: size },
            accessModes,
            persistentVolumeReclaimPolicy: storageClass['reclaimPolicy'] ?? 'Delete',
            storageClassName: className,
            volumeMode: spec['volumeMode'] ?? 'Filesystem',
            hostPath: { path: `/var/lib/ferry/volumes/${volumeName}`, type: '' },
            claimRef: {
              apiVersion: 'v1',
              kind: 'PersistentVolumeClaim',
              namespace,
              name,
              uid: claim.metadata.uid,
            },
          },
        })
        .catch(ignoreNotFoundOrConflict);
    }
    const bound = cloneJson(claim);
    bound.metadata.annotations = {
      ...bound.metadata.annotations,
      'pv.kubernetes.io/bind-completed': 'yes',
      'pv.kubernetes.io/bound-by-controller': 'yes',
      'volume.beta.kubernetes.io/storage-provisioner': PROVISIONER,
      'volume.kubernetes.io/storage-provisioner': PROVISIONER,
    };
    bound['spec'] = { ...spec, volumeName };
    const written = await this.ctx.registry.update(pvcType, namespace, name, bound);
    await this.ctx.registry.update(
      pvcType,
      namespace,
      name,
      { ...written.object, status: { phase: 'Bound', accessModes, capacity: { storage: size } } },
      { subresource: 'status' },
    );
  }

  private async reconcileVolume(name: string): Promise<void> {
    const pvType = typeOf(this.ctx, PVS);
    const volume = this.ctx.registry.find(pvType, '', name);
    if (volume === undefined) return;
    const spec = specOf(volume);
    const ref = spec['claimRef'] as { namespace?: string; name?: string; uid?: string } | undefined;
    const claim =
      ref === undefined ? undefined : this.ctx.store.get(PVCS, ref.namespace ?? '', ref.name ?? '');
    const claimed = claim !== undefined && claim.metadata.uid === ref?.uid;
    if (volume.metadata.deletionTimestamp !== undefined) {
      if (!claimed) await this.dropProtection(volume);
      return;
    }
    if (ref !== undefined && !claimed && spec['persistentVolumeReclaimPolicy'] === 'Delete') {
      await this.ctx.registry.delete(pvType, '', name).catch(ignoreNotFoundOrConflict);
      return;
    }
    const phase = claimed ? 'Bound' : ref === undefined ? 'Available' : 'Released';
    const status = { phase };
    if (!jsonEqual(status, volume['status']))
      await this.ctx.registry.update(
        pvType,
        '',
        name,
        { ...volume, status },
        { subresource: 'status' },
      );
  }

  private async dropProtection(volume: Readonly<KubeObject>): Promise<void> {
    const next = cloneJson(volume);
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter(
      (f) => f !== 'kubernetes.io/pv-protection',
    );
    await this.ctx.registry
      .update(typeOf(this.ctx, PVS), '', volume.metadata.name ?? '', next)
      .catch(ignoreNotFoundOrConflict);
  }
}
