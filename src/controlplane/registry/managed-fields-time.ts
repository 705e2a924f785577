import { cloneJson, jsonEqual, type KubeObject } from '../../kube/object.js';

function withoutTimes(entries: unknown[]): unknown[] {
  return entries.map((entry) => {
    if (typeof entry !== 'object' || entry === null) return entry;
    const { time: _time, ...rest } = entry as Record<string, unknown>;
    void _time;
    return rest;
  });
}

function withoutManagedFields(obj: KubeObject): KubeObject {
  const { managedFields: _fields, ...metadata } = obj.metadata;
  void _fields;
  return { ...obj, metadata };
}

/**
 * Gives `next` the managedFields of `current` when the two differ in nothing but the
 * entries' timestamps, so that a write that changes nothing (such as applying the same
 * configuration again) stays a no-op and keeps its resourceVersion, as on a real API server.
 */
export function ignoreManagedFieldsTimestamps(next: KubeObject, current: KubeObject): void {
  const after = next.metadata.managedFields;
  const before = current.metadata.managedFields;
  if (!Array.isArray(after) || !Array.isArray(before) || after.length !== before.length) return;
  if (jsonEqual(after, before)) return;
  if (!jsonEqual(withoutTimes(after), withoutTimes(before))) return;
  if (!jsonEqual(withoutManagedFields(next), withoutManagedFields(current))) return;
  next.metadata.managedFields = cloneJson(before);
}
