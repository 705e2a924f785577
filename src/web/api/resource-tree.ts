import type { LiveView } from '../ports.js';
import { getHealth } from '../../health/health.js';
import type { HealthCheck } from '../../health/types.js';
import type { KubeObject } from '../../kube/object.js';
import { keyOf, type ResourceKey } from '../../kube/resource-key.js';
import type { Application, RolloutProgress } from '../../model/application.js';

export interface ResourceRef {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  uid?: string;
}

export interface ResourceNode extends ResourceRef {
  version: string;
  parentRefs: ResourceRef[];
  health?: { status: string; message?: string };
  /** Sync status, for resources the app manages directly. */
  status?: string;
  rollout?: RolloutProgress;
  images: string[];
  info: { name: string; value: string }[];
  createdAt?: string;
  resourceVersion?: string;
}

/** Kinds whose objects are owned by an app's resources and shown beneath them. */
const CHILD_KINDS: readonly (readonly [string, string])[] = [
  ['apps/v1', 'ReplicaSet'],
  ['v1', 'Pod'],
  ['batch/v1', 'Job'],
];

const MAX_DEPTH = 4;

/**
 * The app's resources and what they own, from the live cache: Deployment → ReplicaSet →
 * Pod, CronJob → Job → Pod, StatefulSet → Pod. Resources the app wants but that are missing
 * appear as nodes without a uid.
 */
export async function resourceTree(
  cache: LiveView,
  app: Application,
  healthChecks?: Readonly<Record<string, HealthCheck>>,
): Promise<{ nodes: ResourceNode[] }> {
  // Owned objects live in their owner's namespace: only those are watched, which is all that
  // RBAC with Roles in some namespaces may allow.
  const namespaces = namespacesOf(cache.managedBy(app.metadata.name));
  await Promise.all(
    CHILD_KINDS.map(([apiVersion, kind]) =>
      cache.watchResources(apiVersion, kind, namespaces).catch(() => undefined),
    ),
  );
  const byOwner = new Map<string, KubeObject[]>();
  for (const [apiVersion, kind] of CHILD_KINDS) {
    const lists = await Promise.all(namespaces.map((ns) => cache.list(apiVersion, kind, ns)));
    for (const obj of lists.flat()) {
      for (const owner of obj.metadata.ownerReferences ?? []) {
        let list = byOwner.get(owner.uid);
        if (list === undefined) byOwner.set(owner.uid, (list = []));
        list.push(obj);
      }
    }
  }
  const statuses = new Map((app.status?.resources ?? []).map((r) => [refId({ ...r }), r] as const));
  const nodes: ResourceNode[] = [];
  const seen = new Set<string>();
  const visit = (obj: KubeObject, parent: ResourceRef | undefined, depth: number): void => {
    const uid = obj.metadata.uid ?? '';
    if (uid !== '' && seen.has(uid)) return;
    if (uid !== '') seen.add(uid);
    const node = nodeOf(obj, parent, healthChecks);
    const status = statuses.get(refId(node));
    if (parent === undefined && status !== undefined) {
      node.status = status.status;
      if (status.health !== undefined) node.health = status.health;
      if (status.rollout !== undefined) node.rollout = status.rollout;
      statuses.delete(refId(node));
    }
    nodes.push(node);
    if (depth >= MAX_DEPTH || uid === '') return;
    for (const child of byOwner.get(uid) ?? []) visit(child, refOf(obj), depth + 1);
  };
  for (const obj of cache.managedBy(app.metadata.name)) visit(obj, undefined, 0);
  for (const missing of statuses.values()) {
    nodes.push({
      group: missing.group,
      version: missing.version,
      kind: missing.kind,
      namespace: missing.namespace,
      name: missing.name,
      parentRefs: [],
      status: missing.status,
      ...(missing.health === undefined ? {} : { health: missing.health }),
      images: [],
      info: [],
    });
  }
  return { nodes };
}

/** The namespaces objects are in, without repeats; cluster-scoped objects have none. */
export function namespacesOf(objects: readonly KubeObject[]): string[] {
  const namespaces = objects.map((o) => o.metadata.namespace ?? '').filter((ns) => ns !== '');
  return [...new Set(namespaces)];
}

function refId(ref: { group: string; kind: string; namespace: string; name: string }): string {
  return `${ref.group}/${ref.kind}/${ref.namespace}/${ref.name}`;
}

function refOf(obj: KubeObject): ResourceRef {
  const key: ResourceKey = keyOf(obj);
  return { ...key, ...(obj.metadata.uid === undefined ? {} : { uid: obj.metadata.uid }) };
}

function nodeOf(
  obj: KubeObject,
  parent: ResourceRef | undefined,
  checks: Readonly<Record<string, HealthCheck>> | undefined,
): ResourceNode {
  const health = getHealth(obj, checks);
  const version = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[1]! : obj.apiVersion;
  return {
    ...refOf(obj),
    version,
    parentRefs: parent === undefined ? [] : [parent],
    ...(health === undefined
      ? {}
      : {
          health: {
            status: health.status,
            ...(health.message === undefined ? {} : { message: health.message }),
          },
        }),
    images: imagesOf(obj),
    info: infoOf(obj),
    ...(obj.metadata.creationTimestamp === undefined
      ? {}
      : { createdAt: obj.metadata.creationTimestamp }),
    ...(obj.metadata.resourceVersion === undefined
      ? {}
      : { resourceVersion: obj.metadata.resourceVersion }),
  };
}

function imagesOf(obj: KubeObject): string[] {
  const spec = obj['spec'] as Record<string, unknown> | undefined;
  const podSpec = (
    obj.kind === 'Pod'
      ? spec
      : ((spec?.['template'] as Record<string, unknown> | undefined)?.['spec'] as
          Record<string, unknown> | undefined)
  ) as { containers?: { image?: string }[] } | undefined;
  return (podSpec?.containers ?? []).flatMap((c) => (c.image === undefined ? [] : [c.image]));
}

function infoOf(obj: KubeObject): { name: string; value: string }[] {
  const status = obj['status'] as Record<string, unknown> | undefined;
  if (obj.kind === 'Pod') {
    const phase = status?.['phase'];
    const ready = ((status?.['containerStatuses'] as { ready?: boolean }[] | undefined) ?? [])
      .length;
    const readyCount = (
      (status?.['containerStatuses'] as { ready?: boolean }[] | undefined) ?? []
    ).filter((c) => c.ready === true).length;
    return [
      ...(typeof phase === 'string' ? [{ name: 'Status', value: phase }] : []),
      { name: 'Containers', value: `${readyCount}/${ready}` },
    ];
  }
  if (obj.kind === 'ReplicaSet') {
    const spec = obj['spec'] as { replicas?: number } | undefined;
    return [
      {
        name: 'Replicas',
        value: `${Number(status?.['readyReplicas'] ?? 0)}/${spec?.replicas ?? 0}`,
      },
    ];
  }
  return [];
}
