import type { FieldSpec } from './field-spec.js';
import { inPodSpecs, type PodSpecHolder } from './pod-spec-holders.js';

/** Fields in referrers that hold the name of a referral kind, as Kustomize's nameReference config. */
export interface NameBackReference {
  group?: string;
  version?: string;
  kind: string;
  fieldSpecs: FieldSpec[];
}

/** Kinds whose pod spec is named for ConfigMap and Secret references. */
const POD_SPEC_HOLDERS: readonly PodSpecHolder[] = [
  { kind: 'Pod', version: 'v1' },
  'PodTemplate',
  'Deployment',
  'ReplicaSet',
  'DaemonSet',
  'StatefulSet',
  'Job',
  'CronJob',
];

/** Kinds whose pod spec is named for ServiceAccount, PVC and PriorityClass references. */
const WORKLOADS: readonly PodSpecHolder[] = [
  'Pod',
  'StatefulSet',
  'Deployment',
  'ReplicationController',
  'CronJob',
  'Job',
  'DaemonSet',
];

const scaleTarget = (kind: string): NameBackReference => ({
  kind,
  fieldSpecs: [{ kind: 'HorizontalPodAutoscaler', path: 'spec/scaleTargetRef/name' }],
});

const RBAC = 'rbac.authorization.k8s.io';

export const NAME_REFERENCES: readonly NameBackReference[] = [
  scaleTarget('Deployment'),
  scaleTarget('ReplicationController'),
  scaleTarget('ReplicaSet'),
  scaleTarget('StatefulSet'),
  {
    kind: 'ConfigMap',
    version: 'v1',
    fieldSpecs: [
      ...inPodSpecs(POD_SPEC_HOLDERS, [
        'volumes/configMap/name',
        'containers/env/valueFrom/configMapKeyRef/name',
        'initContainers/env/valueFrom/configMapKeyRef/name',
        'containers/envFrom/configMapRef/name',
        'initContainers/envFrom/configMapRef/name',
        'volumes/projected/sources/configMap/name',
      ]),
      { kind: 'Node', path: 'spec/configSource/configMap' },
      { kind: 'Role', path: 'rules/resourceNames' },
      { kind: 'ClusterRole', path: 'rules/resourceNames' },
      {
        kind: 'Ingress',
        path: 'metadata/annotations/nginx.ingress.kubernetes.io\\/fastcgi-params-configmap',
      },
    ],
  },
  {
    kind: 'Secret',
    version: 'v1',
    fieldSpecs: [
      ...inPodSpecs(POD_SPEC_HOLDERS, [
        'volumes/secret/secretName',
        'containers/env/valueFrom/secretKeyRef/name',
        'initContainers/env/valueFrom/secretKeyRef/name',
        'containers/envFrom/secretRef/name',
        'initContainers/envFrom/secretRef/name',
        'imagePullSecrets/name',
        'volumes/projected/sources/secret/name',
      ]),
      { kind: 'Ingress', path: 'spec/tls/secretName' },
      { kind: 'Ingress', path: 'metadata/annotations/ingress.kubernetes.io\\/auth-secret' },
      { kind: 'Ingress', path: 'metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret' },
      {
        kind: 'Ingress',
        path: 'metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret',
      },
      { kind: 'ServiceAccount', path: 'imagePullSecrets/name' },
      { kind: 'StorageClass', path: 'parameters/secretName' },
      { kind: 'StorageClass', path: 'parameters/adminSecretName' },
      { kind: 'StorageClass', path: 'parameters/userSecretName' },
      { kind: 'StorageClass', path: 'parameters/secretRef' },
      { kind: 'Role', path: 'rules/resourceNames' },
      { kind: 'ClusterRole', path: 'rules/resourceNames' },
      {
        group: 'serving.knative.dev',
        version: 'v1',
        kind: 'Service',
        path: 'spec/template/spec/containers/env/valueFrom/secretKeyRef/name',
      },
      { kind: 'PersistentVolume', path: 'spec/azureFile/secretName' },
    ],
  },
  {
    kind: 'Service',
    version: 'v1',
    fieldSpecs: [
      { group: 'apps', kind: 'StatefulSet', path: 'spec/serviceName' },
      { kind: 'Ingress', path: 'spec/rules/http/paths/backend/serviceName' },
      { kind: 'Ingress', path: 'spec/backend/serviceName' },
      { kind: 'Ingress', path: 'spec/rules/http/paths/backend/service/name' },
      { kind: 'Ingress', path: 'spec/defaultBackend/service/name' },
      { group: 'apiregistration.k8s.io', kind: 'APIService', path: 'spec/service/name' },
      {
        group: 'admissionregistration.k8s.io',
        kind: 'ValidatingWebhookConfiguration',
        path: 'webhooks/clientConfig/service',
      },
      {
        group: 'admissionregistration.k8s.io',
        kind: 'MutatingWebhookConfiguration',
        path: 'webhooks/clientConfig/service',
      },
      { kind: 'HTTPRoute', path: 'spec/rules/backendRefs/name' },
    ],
  },
  {
    kind: 'Role',
    group: RBAC,
    fieldSpecs: [{ group: RBAC, kind: 'RoleBinding', path: 'roleRef/name' }],
  },
  {
    kind: 'ClusterRole',
    group: RBAC,
    fieldSpecs: [
      { group: RBAC, kind: 'RoleBinding', path: 'roleRef/name' },
      { group: RBAC, kind: 'ClusterRoleBinding', path: 'roleRef/name' },
    ],
  },
  {
    kind: 'ServiceAccount',
    version: 'v1',
    fieldSpecs: [
      { group: RBAC, kind: 'RoleBinding', path: 'subjects' },
      { group: RBAC, kind: 'ClusterRoleBinding', path: 'subjects' },
      ...inPodSpecs(WORKLOADS, ['serviceAccountName']),
    ],
  },
  {
    kind: 'PersistentVolumeClaim',
    version: 'v1',
    fieldSpecs: inPodSpecs(WORKLOADS, ['volumes/persistentVolumeClaim/claimName']),
  },
  {
    kind: 'PersistentVolume',
    version: 'v1',
    fieldSpecs: [
      { kind: 'PersistentVolumeClaim', path: 'spec/volumeName' },
      { kind: 'ClusterRole', path: 'rules/resourceNames' },
    ],
  },
  {
    kind: 'StorageClass',
    version: 'v1',
    group: 'storage.k8s.io',
    fieldSpecs: [
      { kind: 'PersistentVolume', path: 'spec/storageClassName' },
      { kind: 'PersistentVolumeClaim', path: 'spec/storageClassName' },
      { kind: 'StatefulSet', path: 'spec/volumeClaimTemplates/spec/storageClassName' },
    ],
  },
  {
    kind: 'PriorityClass',
    version: 'v1',
    group: 'scheduling.k8s.io',
    fieldSpecs: inPodSpecs(WORKLOADS, ['priorityClassName']),
  },
  {
    kind: 'IngressClass',
    version: 'v1',
    group: 'networking.k8s.io/v1',
    fieldSpecs: [{ kind: 'Ingress', path: 'spec/ingressClassName' }],
  },
];
