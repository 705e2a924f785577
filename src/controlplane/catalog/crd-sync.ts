import type { VersionedStore } from '../store/versioned-store.js';
import { EventType } from '../store/store-event.js';
import { typesOfCrd } from './crd-types.js';
import type { ResourceCatalog } from './resource-catalog.js';

const CRD_STORAGE = 'apiextensions.k8s.io/customresourcedefinitions';

/**
 * Keeps the catalog in step with stored CRDs, synchronously on each change, so a custom
 * resource is served the moment its CRD is acknowledged. Returns the unsubscribe function.
 */
export function bindCrdsToCatalog(store: VersionedStore, catalog: ResourceCatalog): () => void {
  for (const crd of store.list(CRD_STORAGE))
    catalog.setCustom(crd.metadata.name ?? '', typesOfCrd(crd));
  return store.subscribe((event) => {
    if (event.resource !== CRD_STORAGE) return;
    const name = event.object.metadata.name ?? '';
    catalog.setCustom(name, event.type === EventType.Deleted ? [] : typesOfCrd(event.object));
  });
}
