import { methodNotAllowed } from '../../api-error.js';
import { managerOf } from '../../registry/field-tracking.js';
import { parseFieldValidation } from '../../registry/field-validation.js';
import { isDryRun, type Handler } from '../handler.js';
import { readBody } from '../read-body.js';
import { sendWritten } from '../respond.js';

/** POST to a collection. */
export const handleCreate: Handler = async ({ req, res, query, type, namespace, path, deps }) => {
  if (path.subresource !== undefined) throw methodNotAllowed();
  const body = await readBody(req);
  const result = await deps.registry.create(type, namespace, body, {
    dryRun: isDryRun(query),
    fieldManager: managerOf(query.get('fieldManager'), req.headers['user-agent']),
    fieldValidation: parseFieldValidation(query.get('fieldValidation')),
    ownedBody: true,
    viewResult: true,
  });
  sendWritten(res, type, result);
};
