import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceCatalog } from '../catalog/resource-catalog.js';
import type { ServedType } from '../catalog/served-type.js';
import type { Clock } from '../clock.js';
import type { ObjectRegistry } from '../registry/object-registry.js';
import type { VersionedStore } from '../store/versioned-store.js';
import type { ResourcePath } from './request-info.js';

/** What every handler may use. */
export interface HandlerDeps {
  registry: ObjectRegistry;
  store: VersionedStore;
  catalog: ResourceCatalog;
  clock: Clock;
  /** How often watches that allow bookmarks get one. */
  bookmarkIntervalMs: number;
}

/** One request for a resource, resolved against the catalog. */
export interface ResourceRequest {
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  path: ResourcePath;
  type: ServedType;
  /** The URL namespace, `''` for cluster-scoped types or all-namespace requests. */
  namespace: string;
  deps: HandlerDeps;
}

export type Handler = (request: ResourceRequest) => Promise<void>;

/** `dryRun=All` on a write. */
export function isDryRun(query: URLSearchParams): boolean {
  return query.getAll('dryRun').includes('All');
}
