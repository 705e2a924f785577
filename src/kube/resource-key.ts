import { parseApiVersion, type KubeObject } from './object.js';

/** The one key of every map of Kubernetes objects. Prints as `group/Kind/namespace/name`. */
export interface ResourceKey {
  group: string;
  kind: string;
  namespace: string;
  name: string;
}

export function keyOf(obj: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): ResourceKey {
  return {
    group: parseApiVersion(obj.apiVersion).group,
    kind: obj.kind,
    namespace: obj.metadata.namespace ?? '',
    name: obj.metadata.name ?? '',
  };
}

export function keyString(key: ResourceKey): string {
  return `${key.group}/${key.kind}/${key.namespace}/${key.name}`;
}

/** `group/Kind`, the key of per-kind tables such as health checks. */
export function groupKind(key: Pick<ResourceKey, 'group' | 'kind'>): string {
  return `${key.group}/${key.kind}`;
}
