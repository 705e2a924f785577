import { invalid, notFound } from '../../api-error.js';
import { applyObject } from '../../registry/apply.js';
import { managerOf } from '../../registry/field-tracking.js';
import { parseFieldValidation } from '../../registry/field-validation.js';
import { groupResource } from '../../registry/object-registry.js';
import { isDryRun, type Handler } from '../handler.js';
import { applyPatchBody, PatchType } from '../patch-types.js';
import { mediaType, readBody } from '../read-body.js';
import { sendJson, sendWritten } from '../respond.js';
import { fromScale, toScale } from './scale.js';

const PATCH_OPTIONS = { group: 'meta.k8s.io', kind: 'PatchOptions' };

/**
 * PATCH of an object, its status or its scale. Apply patches go through server-side apply
 * (and create a missing object); the others are applied to the current object and written
 * as an update, a resourceVersion inside the patch acting as a precondition.
 */
export const handlePatch: Handler = async ({ req, res, query, type, namespace, path, deps }) => {
  const name = path.name!;
  const body = await readBody(req);
  const kind = mediaType(req.headers['content-type']);
  const dryRun = isDryRun(query);
  const sub = path.subresource;
  const force = query.get('force');
  const fieldValidation = parseFieldValidation(query.get('fieldValidation'));
  if (kind === PatchType.Apply) {
    const fieldManager = query.get('fieldManager') ?? '';
    if (fieldManager === '')
      throw invalid(PATCH_OPTIONS, '', [
        {
          reason: 'FieldValueRequired',
          message: 'Required value: is required for apply patch',
          field: 'fieldManager',
        },
      ]);
    if (sub !== undefined && !(sub === 'status' && type.subresources.includes('status')))
      throw notFound(groupResource(type), name);
    const result = await applyObject(deps.registry, type, namespace, name, body, {
      fieldManager,
      force: force === 'true',
      dryRun,
      subresource: sub === 'status' ? 'status' : undefined,
      fieldValidation,
    });
    sendWritten(res, type, result);
    return;
  }
  if (force !== null)
    throw invalid(PATCH_OPTIONS, '', [
      {
        reason: 'FieldValueForbidden',
        message: 'Forbidden: may not be specified for non-apply patch',
        field: 'force',
      },
    ]);
  const fieldManager = managerOf(query.get('fieldManager'), req.headers['user-agent']);
  // No patch type changes the object it patches, so the stored one is read without a copy.
  const current = deps.registry.peek(type, namespace, name);
  if (sub === 'scale' && type.subresources.includes('scale')) {
    const scale = applyPatchBody(kind, toScale(type, current), body);
    const result = await deps.registry.update(type, namespace, name, fromScale(current, scale), {
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
  const patched = applyPatchBody(kind, current, body);
  const result = await deps.registry.update(type, namespace, name, patched, {
    dryRun,
    fieldManager,
    fieldValidation,
    ...(sub === 'status' ? { subresource: 'status' as const } : {}),
    // The patched object is fresh where the patch changed it and frozen where it did not.
    ownedBody: true,
    viewResult: true,
  });
  sendWritten(res, type, result);
};
