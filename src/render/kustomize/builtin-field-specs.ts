import type { FieldSpec } from './field-spec.js';
import { inPodSpecs } from './pod-spec-holders.js';

/** Kustomize's built-in field specs for its transformers, for the built-in kinds. */

const WORKLOAD_TEMPLATE_KINDS: readonly FieldSpec[] = [
  { version: 'v1', kind: 'ReplicationController' },
  { kind: 'Deployment' },
  { kind: 'ReplicaSet' },
  { kind: 'DaemonSet' },
  { group: 'apps', kind: 'StatefulSet' },
].map((k) => ({ ...k, path: 'spec/template/metadata/labels', create: true }));

/** Label fields in pod templates, which `labels[].includeTemplates` adds to. */
export const TEMPLATE_LABEL_SPECS: readonly FieldSpec[] = [
  ...WORKLOAD_TEMPLATE_KINDS,
  {
    group: 'apps',
    kind: 'StatefulSet',
    path: 'spec/volumeClaimTemplates[]/metadata/labels',
    create: true,
  },
  { group: 'batch', kind: 'Job', path: 'spec/template/metadata/labels', create: true },
  { group: 'batch', kind: 'CronJob', path: 'spec/jobTemplate/metadata/labels', create: true },
  {
    group: 'batch',
    kind: 'CronJob',
    path: 'spec/jobTemplate/spec/template/metadata/labels',
    create: true,
  },
];

const METADATA_LABELS: FieldSpec = { path: 'metadata/labels', create: true };

export const METADATA_LABEL_SPECS: readonly FieldSpec[] = [METADATA_LABELS];

const AFFINITY_SELECTORS = [
  'spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels',
];

/** Where `commonLabels` (and `labels[].includeSelectors`) write: metadata, selectors, templates. */
export const COMMON_LABEL_SPECS: readonly FieldSpec[] = [
  { version: 'v1', kind: 'Service', path: 'spec/selector', create: true },
  { version: 'v1', kind: 'ReplicationController', path: 'spec/selector', create: true },
  { kind: 'Deployment', path: 'spec/selector/matchLabels', create: true },
  ...AFFINITY_SELECTORS.map((path) => ({ group: 'apps', kind: 'Deployment', path })),
  { kind: 'ReplicaSet', path: 'spec/selector/matchLabels', create: true },
  { kind: 'DaemonSet', path: 'spec/selector/matchLabels', create: true },
  { group: 'apps', kind: 'StatefulSet', path: 'spec/selector/matchLabels', create: true },
  {
    group: 'apps',
    kind: 'StatefulSet',
    path: 'spec/volumeClaimTemplates[]/metadata/labels',
    create: true,
  },
  ...AFFINITY_SELECTORS.map((path) => ({ group: 'apps', kind: 'StatefulSet', path })),
  { group: 'batch', kind: 'Job', path: 'spec/selector/matchLabels' },
  { group: 'batch', kind: 'CronJob', path: 'spec/jobTemplate/spec/selector/matchLabels' },
  { group: 'policy', kind: 'PodDisruptionBudget', path: 'spec/selector/matchLabels' },
  { group: 'networking.k8s.io', kind: 'NetworkPolicy', path: 'spec/podSelector/matchLabels' },
  {
    group: 'networking.k8s.io',
    kind: 'NetworkPolicy',
    path: 'spec/ingress/from/podSelector/matchLabels',
  },
  {
    group: 'networking.k8s.io',
    kind: 'NetworkPolicy',
    path: 'spec/egress/to/podSelector/matchLabels',
  },
  METADATA_LABELS,
  ...TEMPLATE_LABEL_SPECS,
];

export const COMMON_ANNOTATION_SPECS: readonly FieldSpec[] = [
  { path: 'metadata/annotations', create: true },
  ...[
    { version: 'v1', kind: 'ReplicationController' },
    { kind: 'Deployment' },
    { kind: 'ReplicaSet' },
    { kind: 'DaemonSet' },
    { kind: 'StatefulSet' },
    { group: 'batch', kind: 'Job' },
  ].map((k) => ({ ...k, path: 'spec/template/metadata/annotations', create: true })),
  { group: 'batch', kind: 'CronJob', path: 'spec/jobTemplate/metadata/annotations', create: true },
  {
    group: 'batch',
    kind: 'CronJob',
    path: 'spec/jobTemplate/spec/template/metadata/annotations',
    create: true,
  },
];

/** Namespace fields besides `metadata/namespace`, which namespaced kinds always get. */
export const NAMESPACE_SPECS: readonly FieldSpec[] = [
  { kind: 'Namespace', path: 'metadata/name', create: true },
  {
    group: 'apiregistration.k8s.io',
    kind: 'APIService',
    path: 'spec/service/namespace',
    create: true,
  },
  {
    group: 'apiextensions.k8s.io',
    kind: 'CustomResourceDefinition',
    path: 'spec/conversion/webhook/clientConfig/service/namespace',
  },
];

/** Kinds whose names `namePrefix` / `nameSuffix` leave alone. */
export const NAME_AFFIX_SKIPPED: readonly FieldSpec[] = [
  { kind: 'CustomResourceDefinition', path: 'metadata/name' },
  { group: 'apiregistration.k8s.io', kind: 'APIService', path: 'metadata/name' },
  { kind: 'Namespace', path: 'metadata/name' },
];

export const IMAGE_SPECS: readonly FieldSpec[] = [
  'spec/containers[]/image',
  'spec/initContainers[]/image',
  'spec/volumes[]/image/reference',
  'spec/template/spec/containers[]/image',
  'spec/template/spec/initContainers[]/image',
  'spec/template/spec/volumes[]/image/reference',
].map((path) => ({ path, create: true }));

export const REPLICA_SPECS: readonly FieldSpec[] = [
  'Deployment',
  'ReplicationController',
  'ReplicaSet',
  'StatefulSet',
].map((kind) => ({ kind, path: 'spec/replicas', create: true }));

const CONTAINER_FIELDS = [
  'containers/args',
  'containers/command',
  'containers/env/value',
  'containers/volumeMounts/mountPath',
  'initContainers/args',
  'initContainers/command',
  'initContainers/env/value',
  'initContainers/volumeMounts/mountPath',
  'volumes/nfs/server',
];

/** Kustomize's varReference config: where `$(VAR)` is expanded. */
export const VAR_REFERENCES: readonly FieldSpec[] = [
  ...inPodSpecs(
    ['CronJob', 'DaemonSet', 'Deployment', 'Job', 'Pod', 'ReplicaSet'],
    CONTAINER_FIELDS,
  ),
  // A StatefulSet's NFS server is expanded in its claim templates, not in its pod's volumes.
  ...inPodSpecs(
    ['StatefulSet'],
    CONTAINER_FIELDS.filter((f) => f !== 'volumes/nfs/server'),
  ),
  { kind: 'StatefulSet', path: 'spec/volumeClaimTemplates/spec/nfs/server' },
  { kind: 'Ingress', path: 'spec/rules/host' },
  { kind: 'Ingress', path: 'spec/tls/hosts' },
  { kind: 'Ingress', path: 'spec/tls/secretName' },
  { kind: 'Service', path: 'spec/ports/port' },
  { kind: 'Service', path: 'spec/ports/targetPort' },
  { kind: 'PersistentVolume', path: 'spec/nfs/server' },
  { path: 'metadata/labels' },
  { path: 'metadata/annotations' },
];
