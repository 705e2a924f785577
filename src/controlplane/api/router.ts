import type { IncomingMessage, ServerResponse } from 'node:http';
import { methodNotAllowed } from '../api-error.js';
import type { Handler, HandlerDeps } from './handler.js';
import { handleCreate } from './handlers/create.js';
import { handleDeleteCollection } from './handlers/delete-collection.js';
import { handleDelete } from './handlers/delete.js';
import { handleGet } from './handlers/get.js';
import { handleList } from './handlers/list.js';
import { handlePatch } from './handlers/patch.js';
import { handleUpdate } from './handlers/update.js';
import { handleWatch } from './handlers/watch.js';
import { parseResourcePath, type ResourcePath } from './request-info.js';
import { pathNotFound } from './respond.js';

/** The verb a request maps to, as the API server names them. */
export const Verb = {
  Get: 'get',
  List: 'list',
  Watch: 'watch',
  Create: 'create',
  Update: 'update',
  Patch: 'patch',
  Delete: 'delete',
  DeleteCollection: 'deletecollection',
} as const;
export type Verb = (typeof Verb)[keyof typeof Verb];

const HANDLERS: Record<Verb, Handler> = {
  get: handleGet,
  list: handleList,
  watch: handleWatch,
  create: handleCreate,
  update: handleUpdate,
  patch: handlePatch,
  delete: handleDelete,
  deletecollection: handleDeleteCollection,
};

export function verbOf(method: string, path: ResourcePath, query: URLSearchParams): Verb {
  const hasName = path.name !== undefined;
  const watch = path.watchPrefix || query.get('watch') === 'true' || query.get('watch') === '1';
  switch (method) {
    case 'GET':
      if (watch) return Verb.Watch;
      return hasName ? Verb.Get : Verb.List;
    case 'POST':
      if (hasName) throw methodNotAllowed();
      return Verb.Create;
    case 'PUT':
      if (!hasName) throw methodNotAllowed();
      return Verb.Update;
    case 'PATCH':
      if (!hasName) throw methodNotAllowed();
      return Verb.Patch;
    case 'DELETE':
      return hasName ? Verb.Delete : Verb.DeleteCollection;
    default:
      throw methodNotAllowed();
  }
}

/** Serves one resource request; returns false when the path is not a resource path. */
export async function routeResource(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: HandlerDeps,
): Promise<boolean> {
  const path = parseResourcePath(url.pathname);
  if (path === undefined) return false;
  const type = deps.catalog.lookup(path.group, path.version, path.plural);
  if (type === undefined) throw pathNotFound();
  if (!type.namespaced && path.namespace !== undefined) throw pathNotFound();
  if (path.watchPrefix && path.name !== undefined) {
    url.searchParams.set('fieldSelector', `metadata.name=${path.name}`);
    path.name = undefined;
  }
  const verb = verbOf(req.method ?? 'GET', path, url.searchParams);
  if (type.namespaced && path.namespace === undefined && path.name !== undefined)
    throw pathNotFound();
  await HANDLERS[verb]({
    req,
    res,
    query: url.searchParams,
    path,
    type,
    namespace: path.namespace ?? '',
    deps,
  });
  return true;
}
