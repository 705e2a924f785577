import type { LiveView } from '../ports.js';
import type { KubeObject } from '../../kube/object.js';
import type { Application } from '../../model/application.js';
import { namespacesOf } from './resource-tree.js';

export interface AppEvent {
  type: string;
  reason: string;
  message: string;
  involvedObject: { kind: string; namespace: string; name: string };
  count: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
}

interface EventObject extends KubeObject {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  involvedObject?: { kind?: string; namespace?: string; name?: string };
}

/**
 * Kubernetes Events about the app itself and the resources it manages (and what they own
 * directly, such as a Deployment's ReplicaSets), newest first. Events are watched on first
 * use, from then on served from the live cache.
 */
export async function appEvents(
  cache: LiveView,
  app: Application,
  limit = 200,
): Promise<AppEvent[]> {
  const managed = cache.managedBy(app.metadata.name);
  // Events are kept in the namespace of what they are about. Each namespace is watched on its
  // own account: RBAC with Roles in some namespaces may allow events in one and not another.
  const namespaces = namespacesOf([app, ...managed]);
  await Promise.all(
    namespaces.map((ns) => cache.watchResources('v1', 'Event', [ns]).catch(() => undefined)),
  );
  const wanted = new Set<string>([`Application/${app.metadata.namespace}/${app.metadata.name}`]);
  const uids = new Set(managed.map((o) => o.metadata.uid).filter((u) => u !== undefined));
  for (const obj of managed)
    wanted.add(`${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`);
  const inNamespaces = async (apiVersion: string, kind: string): Promise<KubeObject[]> =>
    (await Promise.all(namespaces.map((ns) => cache.list(apiVersion, kind, ns)))).flat();
  for (const [apiVersion, kind] of [
    ['apps/v1', 'ReplicaSet'],
    ['v1', 'Pod'],
  ] as const) {
    for (const obj of await inNamespaces(apiVersion, kind)) {
      if ((obj.metadata.ownerReferences ?? []).some((o) => uids.has(o.uid))) {
        wanted.add(`${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`);
      }
    }
  }
  const events = ((await inNamespaces('v1', 'Event')) as EventObject[])
    .filter((e) => {
      const o = e.involvedObject ?? {};
      return wanted.has(`${o.kind ?? ''}/${o.namespace ?? ''}/${o.name ?? ''}`);
    })
    .map((e): AppEvent => ({
      type: e.type ?? 'Normal',
      reason: e.reason ?? '',
      message: e.message ?? '',
      involvedObject: {
        kind: e.involvedObject?.kind ?? '',
        namespace: e.involvedObject?.namespace ?? '',
        name: e.involvedObject?.name ?? '',
      },
      count: e.count ?? 1,
      ...(e.firstTimestamp === undefined ? {} : { firstTimestamp: e.firstTimestamp }),
      ...((e.lastTimestamp ?? e.eventTime) === undefined
        ? {}
        : { lastTimestamp: (e.lastTimestamp ?? e.eventTime)! }),
    }));
  events.sort((a, b) => (b.lastTimestamp ?? '').localeCompare(a.lastTimestamp ?? ''));
  return events.slice(0, limit);
}
