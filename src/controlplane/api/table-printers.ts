import { isPlainObject, type KubeObject } from '../../kube/object.js';

/** One column of a server-side `Table`, as `kubectl get` prints it. */
export interface Column {
  name: string;
  type: 'string' | 'integer' | 'date';
  format?: string;
  priority?: number;
  description: string;
  cell(obj: KubeObject, now: number): string | number;
}

function get(obj: unknown, path: string): unknown {
  let current = obj;
  for (const part of path.split('.')) {
    if (!isPlainObject(current)) return undefined;
    current = current[part];
  }
  return current;
}

const num = (obj: unknown, path: string): number => {
  const v = get(obj, path);
  return typeof v === 'number' ? v : 0;
};
const str = (obj: unknown, path: string, fallback = '<none>'): string => {
  const v = get(obj, path);
  return typeof v === 'string' && v !== '' ? v : fallback;
};
const list = (obj: unknown, path: string): unknown[] => {
  const v = get(obj, path);
  return Array.isArray(v) ? v : [];
};

/** Kubernetes' short age format: 45s, 5m, 3h, 2d, 1y. */
export function humanAge(created: string | undefined, now: number): string {
  if (created === undefined) return '<unknown>';
  const seconds = Math.max(0, Math.floor((now - Date.parse(created)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return `${minutes}m${seconds % 60 === 0 ? '' : `${seconds % 60}s`}`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  return days < 365 * 2 ? `${days}d` : `${Math.floor(days / 365)}y`;
}

const NAME: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  cell: (o) => o.metadata.name ?? '',
};
const AGE: Column = {
  name: 'Age',
  type: 'string',
  description:
    'CreationTimestamp is a timestamp representing the server time when this object was created.',
  cell: (o, now) => humanAge(o.metadata.creationTimestamp, now),
};

function col(name: string, type: Column['type'], cell: Column['cell'], priority = 0): Column {
  return { name, type, cell, priority, description: name };
}

function podStatusReason(pod: KubeObject): string {
  if (pod.metadata.deletionTimestamp !== undefined) return 'Terminating';
  for (const cs of list(pod, 'status.containerStatuses')) {
    const waiting = get(cs, 'state.waiting.reason');
    if (typeof waiting === 'string') return waiting;
    const terminated = get(cs, 'state.terminated.reason');
    if (typeof terminated === 'string') return terminated;
  }
  return str(pod, 'status.reason', str(pod, 'status.phase', 'Pending'));
}

function servicePorts(svc: KubeObject): string {
  const ports = list(svc, 'spec.ports').map((p) => {
    const nodePort = get(p, 'nodePort');
    return `${String(get(p, 'port'))}${nodePort === undefined ? '' : `:${String(nodePort)}`}/${str(p, 'protocol', 'TCP')}`;
  });
  return ports.length === 0 ? '<none>' : ports.join(',');
}

function labelsText(labels: unknown): string {
  if (!isPlainObject(labels) || Object.keys(labels).length === 0) return '<none>';
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(',');
}

const ACCESS_MODES: Record<string, string> = {
  ReadWriteOnce: 'RWO',
  ReadOnlyMany: 'ROX',
  ReadWriteMany: 'RWX',
  ReadWriteOncePod: 'RWOP',
};
function accessModes(modes: unknown[]): string {
  return modes.map((m) => ACCESS_MODES[String(m)] ?? String(m)).join(',');
}

/** Columns by `group/Kind`; kinds not listed print Name and Age. */
const PRINTERS: Record<string, Column[]> = {
  '/Pod': [
    NAME,
    col('Ready', 'string', (o) => {
      const statuses = list(o, 'status.containerStatuses');
      return `${statuses.filter((s) => get(s, 'ready') === true).length}/${list(o, 'spec.containers').length}`;
    }),
    col('Status', 'string', podStatusReason),
    col('Restarts', 'string', (o) =>
      String(
        list(o, 'status.containerStatuses').reduce<number>((n, s) => n + num(s, 'restartCount'), 0),
      ),
    ),
    AGE,
    col('IP', 'string', (o) => str(o, 'status.podIP'), 1),
    col('Node', 'string', (o) => str(o, 'spec.nodeName'), 1),
  ],
  'apps/Deployment': [
    NAME,
    col('Ready', 'string', (o) => `${num(o, 'status.readyReplicas')}/${num(o, 'spec.replicas')}`),
    col('Up-to-date', 'integer', (o) => num(o, 'status.updatedReplicas')),
    col('Available', 'integer', (o) => num(o, 'status.availableReplicas')),
    AGE,
  ],
  'apps/ReplicaSet': [
    NAME,
    col('Desired', 'integer', (o) => num(o, 'spec.replicas')),
    col('Current', 'integer', (o) => num(o, 'status.replicas')),
    col('Ready', 'integer', (o) => num(o, 'status.readyReplicas')),
    AGE,
  ],
  '/Service': [
    NAME,
    col('Type', 'string', (o) => str(o, 'spec.type', 'ClusterIP')),
    col('Cluster-IP', 'string', (o) => str(o, 'spec.clusterIP')),
    col('External-IP', 'string', () => '<none>'),
    col('Port(s)', 'string', servicePorts),
    AGE,
  ],
  'batch/Job': [
    NAME,
    col('Status', 'string', (o) => {
      const done = list(o, 'status.conditions').find(
        (c) =>
          ['Complete', 'Failed'].includes(String(get(c, 'type'))) && get(c, 'status') === 'True',
      );
      if (done !== undefined) return String(get(done, 'type'));
      return num(o, 'status.active') > 0 ? 'Running' : 'Pending';
    }),
    col(
      'Completions',
      'string',
      (o) => `${num(o, 'status.succeeded')}/${num(o, 'spec.completions')}`,
    ),
    AGE,
  ],
  '/Namespace': [NAME, col('Status', 'string', (o) => str(o, 'status.phase', 'Active')), AGE],
  '/Node': [
    NAME,
    col('Status', 'string', (o) =>
      list(o, 'status.conditions').some(
        (c) => get(c, 'type') === 'Ready' && get(c, 'status') === 'True',
      )
        ? 'Ready'
        : 'NotReady',
    ),
    col('Roles', 'string', () => '<none>'),
    AGE,
    col('Version', 'string', (o) => str(o, 'status.nodeInfo.kubeletVersion', '')),
  ],
  '/ConfigMap': [
    NAME,
    col(
      'Data',
      'integer',
      (o) =>
        Object.keys((get(o, 'data') as object | undefined) ?? {}).length +
        Object.keys((get(o, 'binaryData') as object | undefined) ?? {}).length,
    ),
    AGE,
  ],
  '/Secret': [
    NAME,
    col('Type', 'string', (o) => str(o, 'type', 'Opaque')),
    col('Data', 'integer', (o) => Object.keys((get(o, 'data') as object | undefined) ?? {}).length),
    AGE,
  ],
  '/ServiceAccount': [NAME, col('Secrets', 'integer', (o) => list(o, 'secrets').length), AGE],
  'apps/StatefulSet': [
    NAME,
    col('Ready', 'string', (o) => `${num(o, 'status.readyReplicas')}/${num(o, 'spec.replicas')}`),
    AGE,
  ],
  'apps/DaemonSet': [
    NAME,
    col('Desired', 'integer', (o) => num(o, 'status.desiredNumberScheduled')),
    col('Current', 'integer', (o) => num(o, 'status.currentNumberScheduled')),
    col('Ready', 'integer', (o) => num(o, 'status.numberReady')),
    col('Up-to-date', 'integer', (o) => num(o, 'status.updatedNumberScheduled')),
    col('Available', 'integer', (o) => num(o, 'status.numberAvailable')),
    col('Node Selector', 'string', (o) => labelsText(get(o, 'spec.template.spec.nodeSelector'))),
    AGE,
  ],
  'apps/ControllerRevision': [
    NAME,
    col('Controller', 'string', (o) => {
      const ref = o.metadata.ownerReferences?.find((r) => r.controller === true);
      return ref === undefined
        ? '<none>'
        : `${ref.kind.toLowerCase()}.${ref.apiVersion.split('/')[0] ?? ''}/${ref.name}`;
    }),
    col('Revision', 'integer', (o) => num(o, 'revision')),
    AGE,
  ],
  'batch/CronJob': [
    NAME,
    col('Schedule', 'string', (o) => str(o, 'spec.schedule', '')),
    col('Timezone', 'string', (o) => str(o, 'spec.timeZone')),
    col('Suspend', 'string', (o) => String(get(o, 'spec.suspend') === true ? 'True' : 'False')),
    col('Active', 'integer', (o) => list(o, 'status.active').length),
    col('Last Schedule', 'string', (o, now) => {
      const at = get(o, 'status.lastScheduleTime');
      return typeof at === 'string' ? humanAge(at, now) : '<none>';
    }),
    AGE,
  ],
  '/Endpoints': [
    NAME,
    col('Endpoints', 'string', (o) => {
      const items = list(o, 'subsets').flatMap((subset) =>
        list(subset, 'addresses').flatMap((a) =>
          list(subset, 'ports').map((p) => `${String(get(a, 'ip'))}:${String(get(p, 'port'))}`),
        ),
      );
      if (items.length === 0) return '<none>';
      return items.length > 3
        ? `${items.slice(0, 3).join(',')} + ${items.length - 3} more...`
        : items.join(',');
    }),
    AGE,
  ],
  'discovery.k8s.io/EndpointSlice': [
    NAME,
    col('AddressType', 'string', (o) => str(o, 'addressType')),
    col(
      'Ports',
      'string',
      (o) =>
        list(o, 'ports')
          .map((p) => String(get(p, 'port')))
          .join(',') || '<unset>',
    ),
    col(
      'Endpoints',
      'string',
      (o) =>
        list(o, 'endpoints')
          .flatMap((e) => list(e, 'addresses'))
          .join(',') || '<unset>',
    ),
    AGE,
  ],
  '/PersistentVolumeClaim': [
    NAME,
    col('Status', 'string', (o) => str(o, 'status.phase', 'Pending')),
    col('Volume', 'string', (o) => str(o, 'spec.volumeName', '')),
    col('Capacity', 'string', (o) => str(o, 'status.capacity.storage', '')),
    col('Access Modes', 'string', (o) => accessModes(list(o, 'status.accessModes'))),
    col('StorageClass', 'string', (o) => str(o, 'spec.storageClassName', '')),
    col('VolumeAttributesClass', 'string', () => '<unset>'),
    AGE,
  ],
  '/PersistentVolume': [
    NAME,
    col('Capacity', 'string', (o) => str(o, 'spec.capacity.storage', '')),
    col('Access Modes', 'string', (o) => accessModes(list(o, 'spec.accessModes'))),
    col('Reclaim Policy', 'string', (o) => str(o, 'spec.persistentVolumeReclaimPolicy', '')),
    col('Status', 'string', (o) => str(o, 'status.phase', 'Pending')),
    col('Claim', 'string', (o) => {
      const ns = str(o, 'spec.claimRef.namespace', '');
      return ns === '' ? '' : `${ns}/${str(o, 'spec.claimRef.name', '')}`;
    }),
    col('StorageClass', 'string', (o) => str(o, 'spec.storageClassName', '')),
    col('VolumeAttributesClass', 'string', () => '<unset>'),
    col('Reason', 'string', () => ''),
    AGE,
  ],
  'storage.k8s.io/StorageClass': [
    col('Name', 'string', (o) =>
      o.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true'
        ? `${o.metadata.name ?? ''} (default)`
        : (o.metadata.name ?? ''),
    ),
    col('Provisioner', 'string', (o) => str(o, 'provisioner', '')),
    col('ReclaimPolicy', 'string', (o) => str(o, 'reclaimPolicy', 'Delete')),
    col('VolumeBindingMode', 'string', (o) => str(o, 'volumeBindingMode', 'Immediate')),
    col('AllowVolumeExpansion', 'string', (o) => String(get(o, 'allowVolumeExpansion') === true)),
    AGE,
  ],
  'apiextensions.k8s.io/CustomResourceDefinition': [
    NAME,
    col('Created At', 'date', (o) => o.metadata.creationTimestamp ?? ''),
  ],
};

export function columnsFor(group: string, kind: string): Column[] {
  return PRINTERS[`${group}/${kind}`] ?? [NAME, AGE];
}
