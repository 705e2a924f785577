import fastJsonPatch, { type Operation } from 'fast-json-patch';
import { applyMergePatch } from '../../kube/merge-patch.js';
import { cloneJson } from '../../kube/object.js';
import { applyStrategicMergePatch } from '../../kube/strategic-merge-patch.js';
import { ApiError, badRequest, StatusReason, unsupportedMediaType } from '../api-error.js';

export const PatchType = {
  Json: 'application/json-patch+json',
  Merge: 'application/merge-patch+json',
  Strategic: 'application/strategic-merge-patch+json',
  Apply: 'application/apply-patch+yaml',
} as const;
export type PatchType = (typeof PatchType)[keyof typeof PatchType];

/** Applies a PATCH body of the given media type to a copy of `current`. */
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
    return fastJsonPatch.applyPatch(cloneJson(current), body as Operation[], true, true)
      .newDocument;
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    throw new ApiError({
      reason: StatusReason.Invalid,
      message: `the server rejected our request due to an error in our request: ${message}`,
      code: 422,
    });
  }
}
