import {
  bool,
  int32,
  int64,
  intOrString,
  kind,
  list,
  obj,
  openObj,
  ref,
  str,
  time,
} from './schema-builder.js';
import type { OpenApiSchema } from './schema.js';

const APPS = 'io.k8s.api.apps.v1';
const BATCH = 'io.k8s.api.batch.v1';
const CORE = 'io.k8s.api.core.v1';
const SELECTOR = 'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector';

const selector = (what: string): OpenApiSchema =>
  ref(
    SELECTOR,
    `Label selector for pods. Existing ${what} whose pods are selected by this will be the ones affected by this ${what.replace(/s$/, '')}. It must match the pod template's labels.`,
  );
const template = ref(
  `${CORE}.PodTemplateSpec`,
  'Template describes the pods that will be created.',
);
const conditions = (name: string): OpenApiSchema => ({
  type: 'array',
  items: ref(name),
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': ['type'],
  'x-kubernetes-patch-merge-key': 'type',
  'x-kubernetes-patch-strategy': 'merge',
});
const condition = obj(
  {
    type: str(),
    status: str(),
    lastUpdateTime: time(),
    lastTransitionTime: time(),
    reason: str(),
    message: str(),
  },
  { required: ['type', 'status'] },
);

/** apps/v1 and batch/v1 definitions. */
export const WORKLOAD_SCHEMAS: Record<string, OpenApiSchema> = {
  [`${APPS}.Deployment`]: kind(
    'apps',
    'v1',
    'Deployment',
    'Deployment enables declarative updates for Pods and ReplicaSets.',
    {
      spec: ref(
        `${APPS}.DeploymentSpec`,
        'Specification of the desired behavior of the Deployment.',
      ),
      status: ref(`${APPS}.DeploymentStatus`, 'Most recently observed status of the Deployment.'),
    },
  ),
  [`${APPS}.DeploymentSpec`]: obj(
    {
      replicas: int32(
        'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.',
      ),
      selector: selector('ReplicaSets'),
      template,
      strategy: ref(
        `${APPS}.DeploymentStrategy`,
        'The deployment strategy to use to replace existing pods with new ones.',
      ),
      minReadySeconds: int32(
        'Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available.',
      ),
      revisionHistoryLimit: int32(
        'The number of old ReplicaSets to retain to allow rollback. Defaults to 10.',
      ),
      paused: bool('Indicates that the deployment is paused.'),
      progressDeadlineSeconds: int32(
        'The maximum time in seconds for a deployment to make progress before it is considered to be failed. Defaults to 600s.',
      ),
    },
    {
      description: 'DeploymentSpec is the specification of the desired behavior of the Deployment.',
      required: ['selector', 'template'],
    },
  ),
  [`${APPS}.DeploymentStrategy`]: obj(
    {
      type: str(
        'Type of deployment. Can be "Recreate" or "RollingUpdate". Default is RollingUpdate.',
      ),
      rollingUpdate: obj(
        {
          maxSurge: intOrString(
            'The maximum number of pods that can be scheduled above the desired number of pods.',
          ),
          maxUnavailable: intOrString(
            'The maximum number of pods that can be unavailable during the update.',
          ),
        },
        {
          description:
            'Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate.',
        },
      ),
    },
    { description: 'DeploymentStrategy describes how to replace existing pods with new ones.' },
  ),
  [`${APPS}.DeploymentStatus`]: obj({
    observedGeneration: int64(),
    replicas: int32(),
    updatedReplicas: int32(),
    readyReplicas: int32(),
    availableReplicas: int32(),
    unavailableReplicas: int32(),
    terminatingReplicas: int32(),
    collisionCount: int32(),
    conditions: conditions(`${APPS}.DeploymentCondition`),
  }),
  [`${APPS}.DeploymentCondition`]: condition,
  [`${APPS}.ReplicaSet`]: kind(
    'apps',
    'v1',
    'ReplicaSet',
    'ReplicaSet ensures that a specified number of pod replicas are running at any given time.',
    {
      spec: ref(`${APPS}.ReplicaSetSpec`),
      status: openObj(),
    },
  ),
  [`${APPS}.ReplicaSetSpec`]: obj(
    { replicas: int32(), minReadySeconds: int32(), selector: selector('ReplicaSets'), template },
    { required: ['selector'] },
  ),
  [`${APPS}.StatefulSet`]: kind(
    'apps',
    'v1',
    'StatefulSet',
    'StatefulSet represents a set of pods with consistent identities.',
    {
      spec: ref(
        `${APPS}.StatefulSetSpec`,
        'Spec defines the desired identities of pods in this set.',
      ),
      status: openObj(),
    },
  ),
  [`${APPS}.StatefulSetSpec`]: obj(
    {
      replicas: int32('replicas is the desired number of replicas of the given Template.'),
      selector: selector('StatefulSets'),
      template,
      serviceName: str('serviceName is the name of the service that governs this StatefulSet.'),
      podManagementPolicy: str(
        'podManagementPolicy controls how pods are created during initial scale up. OrderedReady (default) or Parallel.',
      ),
      updateStrategy: obj(
        {
          type: str(
            'Type indicates the type of the StatefulSetUpdateStrategy. Default is RollingUpdate.',
          ),
          rollingUpdate: obj({ partition: int32(), maxUnavailable: intOrString() }),
        },
        {
          description:
            'updateStrategy indicates the StatefulSetUpdateStrategy that will be employed to update Pods in the StatefulSet when a revision is made to Template.',
        },
      ),
      volumeClaimTemplates: list(
        openObj(),
        'volumeClaimTemplates is a list of claims that pods are allowed to reference.',
      ),
      revisionHistoryLimit: int32(),
      minReadySeconds: int32(),
      persistentVolumeClaimRetentionPolicy: openObj(),
      ordinals: openObj(),
    },
    { required: ['selector', 'template'] },
  ),
  [`${APPS}.DaemonSet`]: kind(
    'apps',
    'v1',
    'DaemonSet',
    'DaemonSet represents the configuration of a daemon set.',
    {
      spec: ref(`${APPS}.DaemonSetSpec`),
      status: openObj(),
    },
  ),
  [`${APPS}.DaemonSetSpec`]: obj(
    {
      selector: selector('DaemonSets'),
      template,
      updateStrategy: obj({
        type: str(
          'Type of daemon set update. Can be "RollingUpdate" or "OnDelete". Default is RollingUpdate.',
        ),
        rollingUpdate: obj({ maxSurge: intOrString(), maxUnavailable: intOrString() }),
      }),
      minReadySeconds: int32(),
      revisionHistoryLimit: int32(),
    },
    { required: ['selector', 'template'] },
  ),
  [`${APPS}.ControllerRevision`]: kind(
    'apps',
    'v1',
    'ControllerRevision',
    'ControllerRevision implements an immutable snapshot of state data.',
    {
      data: openObj('Data is the serialized representation of the state.'),
      revision: int64('Revision indicates the revision of the state represented by Data.'),
    },
    { required: ['revision'] },
  ),
  [`${BATCH}.Job`]: kind(
    'batch',
    'v1',
    'Job',
    'Job represents the configuration of a single job.',
    {
      spec: ref(`${BATCH}.JobSpec`, 'Specification of the desired behavior of a job.'),
      status: openObj(),
    },
  ),
  [`${BATCH}.JobSpec`]: obj(
    {
      parallelism: int32(
        'Specifies the maximum desired number of pods the job should run at any given time.',
      ),
      completions: int32(
        'Specifies the desired number of successfully finished pods the job should be run with.',
      ),
      backoffLimit: int32(
        'Specifies the number of retries before marking this job failed. Defaults to 6',
      ),
      activeDeadlineSeconds: int64(),
      ttlSecondsAfterFinished: int32(),
      completionMode: str(),
      suspend: bool(),
      manualSelector: bool(),
      selector: ref(SELECTOR),
      template: ref(
        `${CORE}.PodTemplateSpec`,
        'Describes the pod that will be created when executing a job.',
      ),
      podFailurePolicy: openObj(),
      successPolicy: openObj(),
      backoffLimitPerIndex: int32(),
      maxFailedIndexes: int32(),
      podReplacementPolicy: str(),
      managedBy: str(),
    },
    { required: ['template'] },
  ),
  [`${BATCH}.CronJob`]: kind(
    'batch',
    'v1',
    'CronJob',
    'CronJob represents the configuration of a single cron job.',
    {
      spec: ref(`${BATCH}.CronJobSpec`),
      status: openObj(),
    },
  ),
  [`${BATCH}.CronJobSpec`]: obj(
    {
      schedule: str('The schedule in Cron format.'),
      timeZone: str(),
      startingDeadlineSeconds: int64(),
      concurrencyPolicy: str(
        'Specifies how to treat concurrent executions of a Job: Allow, Forbid or Replace.',
      ),
      suspend: bool(),
      jobTemplate: obj(
        {
          metadata: ref('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'),
          spec: ref(`${BATCH}.JobSpec`),
        },
        { description: 'Specifies the job that will be created when executing a CronJob.' },
      ),
      successfulJobsHistoryLimit: int32(),
      failedJobsHistoryLimit: int32(),
    },
    { required: ['schedule', 'jobTemplate'] },
  ),
};
