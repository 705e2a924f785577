import { curId, type ResId, type Resource } from './resource.js';

/** Kinds Kustomize's legacy order puts first, in this order. */
const ORDER_FIRST = [
  'Namespace',
  'ResourceQuota',
  'StorageClass',
  'CustomResourceDefinition',
  'ServiceAccount',
  'PodSecurityPolicy',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ConfigMap',
  'Secret',
  'Endpoints',
  'Service',
  'LimitRange',
  'PriorityClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Deployment',
  'StatefulSet',
  'CronJob',
  'PodDisruptionBudget',
];

/** Kinds it puts last, in this order. */
const ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

const RANK = new Map<string, number>([
  ...ORDER_FIRST.map((kind, i): [string, number] => [kind, i - ORDER_FIRST.length]),
  ...ORDER_LAST.map((kind, i): [string, number] => [kind, i + 1]),
]);

const gvkString = (id: ResId): string =>
  `${id.group || '~G'}_${id.version || '~V'}_${id.kind || '~K'}`;

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function compareIds(a: ResId, b: ResId): number {
  const rank = (RANK.get(a.kind) ?? 0) - (RANK.get(b.kind) ?? 0);
  if (rank !== 0) return rank;
  return (
    compareText(gvkString(a), gvkString(b)) ||
    compareText(a.namespace || '~X', b.namespace || '~X') ||
    compareText(a.name, b.name)
  );
}

/**
 * Kustomize's default output order (`sortOptions.order: legacy`): listed kinds first and
 * last, everything else between, then by group_version_kind, namespace and name.
 */
export function legacySort(resources: readonly Resource[]): Resource[] {
  return resources
    .map((res) => ({ res, id: curId(res) }))
    .sort((a, b) => compareIds(a.id, b.id))
    .map(({ res }) => res);
}
