import { notFound } from '../../api-error.js';
import { groupResource } from '../../registry/object-registry.js';
import { managerOf } from '../../registry/field-tracking.js';
import { parseFieldValidation } from '../../registry/field-validation.js';
import { isDryRun, type Handler } from '../handler.js';
import { readBody } from '../read-body.js';
import { sendJson, sendWritten } from '../respond.js';
import { fromScale, toScale } from './scale.js';

/** PUT of an object, its status or its scale. */
export const handleUpdate: Handler = async ({ req, res, query, type, namespace, path, deps }) => {
  const name = path.name!;
  const body = await readBody(req);
  const dryRun = isDryRun(query);
  const fieldManager = managerOf(query.get('fieldManager'), req.headers['user-agent']);
  const sub = path.subresource;
  if (sub === 'scale' && type.subresources.includes('scale')) {
    const current = deps.registry.get(type, namespace, name);
    const result = await deps.registry.update(type, namespace, name, fromScale(current, body), {
      dryRun,
      fieldManager,
      viaScale: true,
    });
    sendJson(res, result.code, toScale(type, result.object));
    return;
  }
  if (sub !== undefined && !(sub === 'status' && type.subresources.includes('status'))) {
    throw notFound(groupResource(type), name);
  }
  const result = await deps.registry.update(type, namespace, name, body, {
    dryRun,
    fieldManager,
    fieldValidation: parseFieldValidation(query.get('fieldValidation')),
    ...(sub === 'status' ? { subresource: 'status' as const } : {}),
    ownedBody: true,
    viewResult: true,
  });
  sendWritten(res, type, result);
};
