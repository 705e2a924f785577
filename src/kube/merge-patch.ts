import { cloneJson, isPlainObject, jsonEqual } from './object.js';

/** Applies a JSON merge patch (RFC 7386): objects merge, `null` deletes, anything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return cloneJson(patch);
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

/**
 * The merge patch that takes `live` to `desired` for the fields Ferry manages:
 * fields set in `desired` are written, and fields that `lastApplied` had but `desired`
 * dropped are deleted. Fields other writers set are left alone.
 */
export function threeWayMergePatch(
  lastApplied: unknown,
  desired: Record<string, unknown>,
  live: unknown,
): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  const last = isPlainObject(lastApplied) ? lastApplied : {};
  const current = isPlainObject(live) ? live : {};
  for (const key of Object.keys(last)) {
    if (!(key in desired) && key in current) patch[key] = null;
  }
  for (const [key, want] of Object.entries(desired)) {
    const have = current[key];
    if (isPlainObject(want) && isPlainObject(have)) {
      const sub = threeWayMergePatch(last[key], want, have);
      if (Object.keys(sub).length > 0) patch[key] = sub;
    } else if (!jsonEqual(want, have)) {
      patch[key] = want;
    }
  }
  return patch;
}
