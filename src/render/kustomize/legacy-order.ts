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

type Ranks = ReadonlyMap<string, number>;

function ranks(first: readonly string[], last: readonly string[]): Ranks {
  return new Map<string, number>([
    ...first.map((kind, i): [string, number] => [kind, i - first.length]),
    ...last.map((kind, i): [string, number] => [kind, i + 1]),
  ]);
}

const DEFAULT_RANKS = ranks(ORDER_FIRST, ORDER_LAST);

const gvkString = (id: ResId): string =>
  `${id.group || '~G'}_${id.version || '~V'}_${id.kind || '~K'}`;

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function compareIds(rank: Ranks, a: ResId, b: ResId): number {
  const order = (rank.get(a.kind) ?? 0) - (rank.get(b.kind) ?? 0);
  if (order !== 0) return order;
  return (
    compareText(gvkString(a), gvkString(b)) ||
    compareText(a.namespace || '~X', b.namespace || '~X') ||
    compareText(a.name, b.name)
  );
}

/**
 * Kustomize's default output order (`sortOptions.order: legacy`): listed kinds first and
 * last, everything else between, then by group_version_kind, namespace and name.
 * `legacySortOptions` replaces the lists of kinds put first and last.
 */
export function legacySort(
  resources: readonly Resource[],
  options?: { orderFirst?: readonly string[]; orderLast?: readonly string[] },
): Resource[] {
  const rank =
    options === undefined
      ? DEFAULT_RANKS
      : ranks(options.orderFirst ?? [], options.orderLast ?? []);
  return resources
    .map((res) => ({ res, id: curId(res) }))
    .sort((a, b) => compareIds(rank, a.id, b.id))
    .map(({ res }) => res);
}
