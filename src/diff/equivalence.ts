import { quantitiesEqual } from '../kube/quantity.js';

/** Maps whose values are resource quantities (`resources.requests`, `spec.hard`, ...). */
const QUANTITY_MAPS: ReadonlySet<string> = new Set([
  'requests',
  'limits',
  'hard',
  'capacity',
  'allocatable',
  'overhead',
  'max',
  'min',
  'default',
  'defaultRequest',
  'maxLimitRequestRatio',
]);

/** Fields that hold one quantity. */
const QUANTITY_FIELDS: ReadonlySet<string> = new Set(['sizeLimit']);

/** IntOrString fields, where `8080` and `"8080"` mean the same. */
const INT_OR_STRING_FIELDS: ReadonlySet<string> = new Set([
  'targetPort',
  'port',
  'maxSurge',
  'maxUnavailable',
  'minAvailable',
]);

/**
 * True when two different scalars are the same value written two ways, judged by the field
 * they sit in: quantities (`1000m` and `1`, `1Gi` and `1024Mi`) and int-or-string.
 */
export function equivalentScalars(
  desired: unknown,
  live: unknown,
  key: string,
  parentKey: string,
): boolean {
  if (QUANTITY_MAPS.has(parentKey) || QUANTITY_FIELDS.has(key))
    return quantitiesEqual(desired, live);
  if (INT_OR_STRING_FIELDS.has(key)) {
    const scalar = (v: unknown): boolean => typeof v === 'number' || typeof v === 'string';
    return scalar(desired) && scalar(live) && String(desired) === String(live);
  }
  return false;
}

/** `{}` and `[]`, which the API server treats the same as a missing field. */
export function isEmptyContainer(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object' && value !== null) {
    for (const _key in value) return false;
    return true;
  }
  return false;
}
