import { isPlainObject, type KubeObject } from '../../kube/object.js';
import type { ServedType } from '../catalog/served-type.js';
import type { VersionedStore } from '../store/versioned-store.js';

const STORAGE_CLASSES = 'storage.k8s.io/storageclasses';
const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

/**
 * Mutating admission that needs other objects, run on create: the DefaultStorageClass
 * plugin gives a claim without `storageClassName` the default StorageClass.
 */
export function admitOnCreate(store: VersionedStore, type: ServedType, obj: KubeObject): void {
  if (type.group !== '' || type.kind !== 'PersistentVolumeClaim') return;
  const spec = isPlainObject(obj['spec']) ? obj['spec'] : {};
  if (spec['storageClassName'] !== undefined) return;
  const defaultClass = store
    .list(STORAGE_CLASSES)
    .find((sc) => sc.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
  if (defaultClass !== undefined)
    obj['spec'] = { ...spec, storageClassName: defaultClass.metadata.name };
}
