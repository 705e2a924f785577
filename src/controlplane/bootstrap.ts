import type { ResourceCatalog } from './catalog/resource-catalog.js';
import type { ObjectRegistry } from './registry/object-registry.js';

/** Namespaces every cluster starts with. */
export const SYSTEM_NAMESPACES = [
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
] as const;

/** The StorageClass claims without one get; its provisioner is the control plane's volume controller. */
export const DEFAULT_STORAGE_CLASS = 'standard';

/**
 * Creates what a fresh cluster has: the system namespaces, the `kubernetes` Service and the
 * default StorageClass.
 */
export async function bootstrapCluster(
  registry: ObjectRegistry,
  catalog: ResourceCatalog,
): Promise<void> {
  const nsType = catalog.byKind('', 'Namespace')!;
  for (const name of SYSTEM_NAMESPACES) {
    if (registry.find(nsType, '', name) === undefined) {
      await registry.create(nsType, '', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name },
      });
    }
  }
  const svcType = catalog.byKind('', 'Service')!;
  if (registry.find(svcType, 'default', 'kubernetes') === undefined) {
    await registry.create(svcType, 'default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: {
        clusterIP: '10.96.0.1',
        ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
      },
    });
  }
  const scType = catalog.byKind('storage.k8s.io', 'StorageClass')!;
  if (registry.find(scType, '', DEFAULT_STORAGE_CLASS) === undefined) {
    await registry.create(scType, '', {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: {
        name: DEFAULT_STORAGE_CLASS,
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
      },
      provisioner: 'ferry.dev/hostpath',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
    });
  }
}
