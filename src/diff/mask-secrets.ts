import { isPlainObject, type KubeObject } from '../kube/object.js';
import { groupKind, keyOf } from '../kube/resource-key.js';

const SECRET_FIELDS = ['data', 'stringData'] as const;

export function isSecret(obj: KubeObject | null): boolean {
  return obj !== null && groupKind(keyOf(obj)) === '/Secret';
}

/**
 * Copies of the objects with every Secret value replaced by a run of `+`, as Argo CD does.
 * Equal values get the same mask and different values masks of different lengths, so a
 * change still shows in a diff without revealing either value. Non-Secrets are returned as is.
 */
export function maskSecrets<T extends readonly (KubeObject | null)[]>(objects: T): T {
  const masks = new Map<string, string>();
  const maskOf = (value: unknown): string => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    let mask = masks.get(text);
    if (mask === undefined) {
      mask = '+'.repeat(8 + masks.size);
      masks.set(text, mask);
    }
    return mask;
  };
  return objects.map((obj) => {
    if (obj === null || !isSecret(obj)) return obj;
    const copy: KubeObject = { ...obj };
    for (const field of SECRET_FIELDS) {
      const values = obj[field];
      if (!isPlainObject(values)) continue;
      copy[field] = Object.fromEntries(
        Object.keys(values)
          .sort()
          .map((k) => [k, maskOf(values[k])]),
      );
    }
    return copy;
  }) as unknown as T;
}
