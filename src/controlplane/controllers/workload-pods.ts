import {
  cloneJson,
  isPlainObject,
  type KubeObject,
  type OwnerReference,
} from '../../kube/object.js';
import { podPhase, isPodReady } from './pod-status.js';

/** A controller reference from a workload to what it creates. */
export function ownerRefTo(owner: Readonly<KubeObject>): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

export interface PodFromTemplate {
  name: string;
  labels?: Record<string, string>;
  /** Merged into the template's pod spec. */
  spec?: Record<string, unknown>;
}

/** A Pod for `owner` from a pod template, with extra labels and spec fields. */
export function podFromTemplate(
  owner: Readonly<KubeObject>,
  template: unknown,
  pod: PodFromTemplate,
): KubeObject {
  const copy = cloneJson(isPlainObject(template) ? template : {}) as {
    metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
    spec?: Record<string, unknown>;
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: pod.name,
      namespace: owner.metadata.namespace ?? '',
      labels: { ...copy.metadata?.labels, ...pod.labels },
      ...(copy.metadata?.annotations ? { annotations: copy.metadata.annotations } : {}),
      ownerReferences: [ownerRefTo(owner)],
    },
    spec: { ...copy.spec, ...pod.spec },
  };
}

/** Running and Ready: what StatefulSets and DaemonSets wait for. */
export function isPodRunningAndReady(pod: Readonly<KubeObject>): boolean {
  return podPhase(pod) === 'Running' && isPodReady(pod);
}

export function specOf(obj: Readonly<KubeObject>): Record<string, unknown> {
  return isPlainObject(obj['spec']) ? obj['spec'] : {};
}

export function statusOf(obj: Readonly<KubeObject>): Record<string, unknown> {
  return isPlainObject(obj['status']) ? obj['status'] : {};
}

/** Drops zero counts, as the API server's omitempty does. */
export function withoutZeros(
  status: Record<string, unknown>,
  fields: string[],
): Record<string, unknown> {
  for (const field of fields) if (status[field] === 0) delete status[field];
  return status;
}
