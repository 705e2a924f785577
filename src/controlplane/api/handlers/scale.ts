import {
  formatSelector,
  selectorRequirements,
  type LabelSelector,
} from '../../../kube/label-selector.js';
import { isPlainObject, type KubeObject } from '../../../kube/object.js';
import { badRequest } from '../../api-error.js';
import type { ServedType } from '../../catalog/served-type.js';

/** The `autoscaling/v1 Scale` view of an object with a scale subresource. */
export function toScale(type: ServedType, obj: KubeObject): unknown {
  const spec = isPlainObject(obj['spec']) ? obj['spec'] : {};
  const status = isPlainObject(obj['status']) ? obj['status'] : {};
  const selector = spec['selector'] as LabelSelector | undefined;
  const requirements = selectorRequirements(selector);
  const onlyEquality = requirements.every((r) => r.operator === 'In' && r.values.length === 1);
  const selectorText = onlyEquality ? formatSelector(selector?.matchLabels ?? {}) : '';
  const { name, namespace, uid, resourceVersion, creationTimestamp } = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name,
      ...(type.namespaced ? { namespace } : {}),
      uid,
      resourceVersion,
      creationTimestamp,
    },
    spec: { replicas: typeof spec['replicas'] === 'number' ? spec['replicas'] : 0 },
    status: {
      replicas: typeof status['replicas'] === 'number' ? status['replicas'] : 0,
      selector: selectorText,
    },
  };
}

/** The object with the replicas of `scale` (a Scale body) written into its spec. */
export function fromScale(obj: KubeObject, scale: unknown): KubeObject {
  if (!isPlainObject(scale)) throw badRequest('the body of the request was not a Scale object');
  const spec = isPlainObject(scale['spec']) ? scale['spec'] : {};
  const replicas = spec['replicas'];
  if (typeof replicas !== 'number') throw badRequest('spec.replicas must be a number');
  const meta = isPlainObject(scale['metadata']) ? scale['metadata'] : {};
  const next: KubeObject = {
    ...obj,
    spec: { ...(isPlainObject(obj['spec']) ? obj['spec'] : {}), replicas },
  };
  const rv = meta['resourceVersion'];
  next.metadata = {
    ...obj.metadata,
    ...(typeof rv === 'string' && rv !== '' ? { resourceVersion: rv } : {}),
  };
  return next;
}
