import { ApiError } from '../../api-error.js';
import { apiVersionOf } from '../../catalog/served-type.js';
import type { Handler } from '../handler.js';
import { matchesListOptions, parseListOptions } from '../list-options.js';
import { sendJson } from '../respond.js';
import { readDeleteOptions } from './delete.js';

/** DELETE of a collection: every object matching the selectors. */
export const handleDeleteCollection: Handler = async (request) => {
  const { res, query, type, path, deps } = request;
  const options = parseListOptions(query);
  const deleteOptions = await readDeleteOptions(request);
  const { items, resourceVersion } = deps.registry.list(type, path.namespace);
  const deleted = [];
  for (const obj of items.filter((o) => matchesListOptions(o, options))) {
    const namespace = obj.metadata.namespace ?? '';
    try {
      const result = await deps.registry.delete(type, namespace, obj.metadata.name ?? '', {
        ...deleteOptions,
        viewResult: true,
      });
      deleted.push(result.object);
    } catch (err) {
      // Deleted meanwhile by someone else: a collection delete skips it, as a real server does.
      if (!(err instanceof ApiError && err.httpCode === 404)) throw err;
    }
  }
  sendJson(res, 200, {
    kind: type.listKind,
    apiVersion: apiVersionOf(type),
    metadata: { resourceVersion },
    items: deleted,
  });
};
