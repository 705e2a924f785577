import { notFound } from '../../api-error.js';
import { groupResource } from '../../registry/object-registry.js';
import type { Handler } from '../handler.js';
import { sendJson } from '../respond.js';
import { toTable, wantsTable } from '../table.js';
import { toScale } from './scale.js';

/** GET of one object, its status or its scale. */
export const handleGet: Handler = async ({ req, res, query, path, type, namespace, deps }) => {
  const name = path.name!;
  const obj = deps.registry.get(type, namespace, name);
  if (path.subresource === 'scale') {
    sendJson(res, 200, toScale(type, obj));
    return;
  }
  if (path.subresource !== undefined && path.subresource !== 'status')
    throw notFound(groupResource(type), name);
  if (wantsTable(req)) {
    sendJson(
      res,
      200,
      toTable(
        req,
        query,
        type,
        [obj],
        { resourceVersion: obj.metadata.resourceVersion },
        deps.clock.now(),
      ),
    );
    return;
  }
  sendJson(res, 200, obj);
};
