import fastJsonPatch, { type Operation } from 'fast-json-patch';
import { applyMergePatch } from '../../kube/merge-patch.js';
import { isPlainObject } from '../../kube/object.js';
import { applyStrategicMergePatch } from '../../kube/strategic-merge-patch.js';
import { ApiError, badRequest, StatusReason, unsupportedMediaType } from '../api-error.js';

export const PatchType = {
  Json: 'application/json-patch+json',
  Merge: 'application/merge-patch+json',
  Strategic: 'application/strategic-merge-patch+json',
  Apply: 'application/apply-patch+yaml',
} as const;
export type PatchType = (typeof PatchType)[keyof typeof PatchType];

/**
 * Applies a PATCH body of the given media type to `current`, which stays unchanged: the
 * result is made of fresh containers where the patch changed something, and shares the
 * rest with `current`.
 */
export function applyPatchBody(mediaType: string, current: unknown, body: unknown): unknown {
  switch (mediaType) {
    case PatchType.Merge:
      return applyMergePatch(current, body);
    case PatchType.Strategic:
      return applyStrategicMergePatch(current, body);
    case PatchType.Json:
      return applyJsonPatch(current, body);
    default:
      throw unsupportedMediaType(mediaType);
  }
}

function applyJsonPatch(current: unknown, body: unknown): unknown {
  if (!Array.isArray(body))
    throw badRequest('the body of a json patch must be an array of operations');
  try {
    // Only the containers an operation changes are copied; the rest stays shared (frozen).
    let doc: unknown = copyContainer(current);
    for (const [index, op] of (body as Operation[]).entries()) {
      doc = copyAlong(doc, op.path);
      if ('from' in op && typeof op.from === 'string') doc = copyAlong(doc, op.from);
      doc = fastJsonPatch.applyOperation(doc, op, true, true, true, index).newDocument;
    }
    return doc;
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    throw new ApiError({
      reason: StatusReason.Invalid,
      message: `the server rejected our request due to an error in our request: ${message}`,
      code: 422,
    });
  }
}

/** A shallow copy of an object or array; anything else as it is. */
function copyContainer(value: unknown): unknown {
  if (Array.isArray(value)) return [...(value as unknown[])];
  if (isPlainObject(value)) return { ...value };
  return value;
}

/**
 * Gives `doc` private copies of the containers on the way to the parent of `pointer`, so
 * that an operation there changes nothing shared. A path that does not resolve is left for
 * the operation to reject.
 */
function copyAlong(doc: unknown, pointer: unknown): unknown {
  if (typeof pointer !== 'string' || pointer === '') return doc;
  const tokens = pointer.split('/').slice(1);
  let node = doc;
  for (const token of tokens.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) break;
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    const container = node as Record<string, unknown>;
    if (!Object.hasOwn(container, key)) break;
    const copy = copyContainer(container[key]);
    container[key] = copy;
    node = copy;
  }
  return doc;
}
