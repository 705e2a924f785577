/** What the API serves for one kind: its place in discovery and its scope. */
export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  /** The plural resource name used in URLs. */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: readonly string[];
  categories: readonly string[];
  subresources: readonly ('status' | 'scale')[];
}

type Row = [
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  shortNames?: string[],
  subresources?: ('status' | 'scale')[],
  categories?: string[],
];

const ALL = ['all'];

const ROWS: Row[] = [
  ['', 'v1', 'Namespace', 'namespaces', false, ['ns'], ['status']],
  ['', 'v1', 'ConfigMap', 'configmaps', true, ['cm']],
  ['', 'v1', 'Secret', 'secrets', true],
  ['', 'v1', 'Service', 'services', true, ['svc'], ['status'], ALL],
  ['', 'v1', 'ServiceAccount', 'serviceaccounts', true, ['sa']],
  ['', 'v1', 'Pod', 'pods', true, ['po'], ['status'], ALL],
  ['', 'v1', 'Endpoints', 'endpoints', true, ['ep']],
  ['', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, ['pvc'], ['status']],
  ['', 'v1', 'PersistentVolume', 'persistentvolumes', false, ['pv'], ['status']],
  ['', 'v1', 'Event', 'events', true, ['ev']],
  ['', 'v1', 'Node', 'nodes', false, ['no'], ['status']],
  ['', 'v1', 'LimitRange', 'limitranges', true, ['limits']],
  ['', 'v1', 'ResourceQuota', 'resourcequotas', true, ['quota'], ['status']],
  ['apps', 'v1', 'Deployment', 'deployments', true, ['deploy'], ['status', 'scale'], ALL],
  ['apps', 'v1', 'ReplicaSet', 'replicasets', true, ['rs'], ['status', 'scale'], ALL],
  ['apps', 'v1', 'StatefulSet', 'statefulsets', true, ['sts'], ['status', 'scale'], ALL],
  ['apps', 'v1', 'DaemonSet', 'daemonsets', true, ['ds'], ['status'], ALL],
  ['apps', 'v1', 'ControllerRevision', 'controllerrevisions', true],
  ['batch', 'v1', 'Job', 'jobs', true, [], ['status'], ALL],
  ['batch', 'v1', 'CronJob', 'cronjobs', true, ['cj'], ['status'], ALL],
  ['networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, ['ing'], ['status']],
  ['networking.k8s.io', 'v1', 'IngressClass', 'ingressclasses', false],
  ['networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true, ['netpol']],
  ['rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true],
  ['rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true],
  ['rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false],
  ['rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false],
  [
    'autoscaling',
    'v2',
    'HorizontalPodAutoscaler',
    'horizontalpodautoscalers',
    true,
    ['hpa'],
    ['status'],
    ALL,
  ],
  ['policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, ['pdb'], ['status']],
  ['storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', false, ['sc']],
  ['coordination.k8s.io', 'v1', 'Lease', 'leases', true],
  ['discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', true],
  [
    'apiextensions.k8s.io',
    'v1',
    'CustomResourceDefinition',
    'customresourcedefinitions',
    false,
    ['crd', 'crds'],
    ['status'],
  ],
];

/** Every built-in kind Ferry knows, in discovery order. */
export const BUILTIN_TYPES: readonly ResourceType[] = ROWS.map(
  ([
    group,
    version,
    kind,
    plural,
    namespaced,
    shortNames = [],
    subresources = [],
    categories = [],
  ]) => ({
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced,
    shortNames,
    categories,
    subresources,
  }),
);

const byGroupKind = new Map(BUILTIN_TYPES.map((t) => [`${t.group}/${t.kind}`, t]));

export function builtinType(group: string, kind: string): ResourceType | undefined {
  return byGroupKind.get(`${group}/${kind}`);
}
