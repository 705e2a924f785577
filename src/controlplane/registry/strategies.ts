import { isPlainObject, type KubeObject } from '../../kube/object.js';
import { defaultPodSpec, defaultWorkloadTemplate } from './pod-defaults.js';
import type { Strategy, StrategyContext } from './strategy.js';

const CRD_CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

function record(obj: KubeObject, field: string): Record<string, unknown> {
  const value = obj[field];
  if (isPlainObject(value)) return value;
  const created: Record<string, unknown> = {};
  obj[field] = created;
  return created;
}

function defaults(target: Record<string, unknown>, values: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(values))
    if (target[key] === undefined) target[key] = value;
}

const namespace: Strategy = {
  prepareForCreate(obj) {
    record(obj, 'spec')['finalizers'] = ['kubernetes'];
    obj['status'] = { phase: 'Active' };
    obj.metadata.labels = {
      ...obj.metadata.labels,
      'kubernetes.io/metadata.name': obj.metadata.name ?? '',
    };
  },
  prepareForUpdate(obj, old) {
    obj.metadata.labels = {
      ...obj.metadata.labels,
      'kubernetes.io/metadata.name': obj.metadata.name ?? '',
    };
    const oldSpec = isPlainObject(old['spec']) ? old['spec'] : {};
    record(obj, 'spec')['finalizers'] ??= oldSpec['finalizers'];
  },
  extraFinalizers(obj) {
    const spec = isPlainObject(obj['spec']) ? obj['spec'] : {};
    return Array.isArray(spec['finalizers']) ? (spec['finalizers'] as string[]) : [];
  },
  beginDeletion(obj) {
    obj['status'] = {
      ...(isPlainObject(obj['status']) ? obj['status'] : {}),
      phase: 'Terminating',
    };
  },
};

function secretDefaults(obj: KubeObject): void {
  if (obj['type'] === undefined || obj['type'] === '') obj['type'] = 'Opaque';
}
const secret: Strategy = { prepareForCreate: secretDefaults, prepareForUpdate: secretDefaults };

const pod: Strategy = {
  prepareForCreate(obj) {
    const spec = record(obj, 'spec');
    defaultPodSpec(spec);
    defaults(spec, {
      serviceAccountName: 'default',
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
    });
    obj['status'] = { phase: 'Pending', qosClass: 'BestEffort' };
  },
};

function deploymentDefaults(obj: KubeObject): void {
  const spec = record(obj, 'spec');
  defaultWorkloadTemplate(spec);
  defaults(spec, { replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 });
  const strategy = isPlainObject(spec['strategy']) ? spec['strategy'] : {};
  if (strategy['type'] === undefined) strategy['type'] = 'RollingUpdate';
  if (strategy['type'] === 'RollingUpdate') {
    const rolling = isPlainObject(strategy['rollingUpdate']) ? strategy['rollingUpdate'] : {};
    defaults(rolling, { maxSurge: '25%', maxUnavailable: '25%' });
    strategy['rollingUpdate'] = rolling;
  }
  spec['strategy'] = strategy;
}

const deployment: Strategy = {
  prepareForCreate: deploymentDefaults,
  prepareForUpdate: deploymentDefaults,
};

function replicasDefault(obj: KubeObject): void {
  const spec = record(obj, 'spec');
  defaults(spec, { replicas: 1 });
  defaultWorkloadTemplate(spec);
}
const replicated: Strategy = {
  prepareForCreate: replicasDefault,
  prepareForUpdate: replicasDefault,
};

function statefulSetDefaults(obj: KubeObject): void {
  replicasDefault(obj);
  const spec = record(obj, 'spec');
  defaults(spec, {
    podManagementPolicy: 'OrderedReady',
    revisionHistoryLimit: 10,
    persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
  });
  const strategy = isPlainObject(spec['updateStrategy']) ? spec['updateStrategy'] : {};
  if (strategy['type'] === undefined) strategy['type'] = 'RollingUpdate';
  if (strategy['type'] === 'RollingUpdate')
    strategy['rollingUpdate'] = {
      partition: 0,
      ...(isPlainObject(strategy['rollingUpdate']) ? strategy['rollingUpdate'] : {}),
    };
  spec['updateStrategy'] = strategy;
}
const statefulSet: Strategy = {
  prepareForCreate: statefulSetDefaults,
  prepareForUpdate: statefulSetDefaults,
};

function daemonSetDefaults(obj: KubeObject): void {
  const spec = record(obj, 'spec');
  defaultWorkloadTemplate(spec);
  defaults(spec, { revisionHistoryLimit: 10 });
  const strategy = isPlainObject(spec['updateStrategy']) ? spec['updateStrategy'] : {};
  if (strategy['type'] === undefined) strategy['type'] = 'RollingUpdate';
  if (strategy['type'] === 'RollingUpdate')
    strategy['rollingUpdate'] = {
      maxUnavailable: 1,
      maxSurge: 0,
      ...(isPlainObject(strategy['rollingUpdate']) ? strategy['rollingUpdate'] : {}),
    };
  spec['updateStrategy'] = strategy;
}
const daemonSet: Strategy = {
  prepareForCreate: daemonSetDefaults,
  prepareForUpdate: daemonSetDefaults,
};

function cronJobDefaults(obj: KubeObject): void {
  const spec = record(obj, 'spec');
  defaults(spec, {
    concurrencyPolicy: 'Allow',
    suspend: false,
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 1,
  });
  defaultWorkloadTemplate(spec);
}
const cronJob: Strategy = {
  prepareForCreate: cronJobDefaults,
  prepareForUpdate: cronJobDefaults,
};

const persistentVolumeClaim: Strategy = {
  prepareForCreate(obj) {
    defaults(record(obj, 'spec'), { volumeMode: 'Filesystem' });
    obj['status'] = { phase: 'Pending' };
  },
  prepareForUpdate(obj) {
    defaults(record(obj, 'spec'), { volumeMode: 'Filesystem' });
  },
};

const persistentVolume: Strategy = {
  prepareForCreate(obj) {
    defaults(record(obj, 'spec'), {
      volumeMode: 'Filesystem',
      persistentVolumeReclaimPolicy: 'Retain',
    });
    obj['status'] = { phase: 'Pending' };
  },
};

function jobDefaults(obj: KubeObject): void {
  const spec = record(obj, 'spec');
  defaultWorkloadTemplate(spec);
  defaults(spec, {
    completions: 1,
    parallelism: 1,
    backoffLimit: 6,
    completionMode: 'NonIndexed',
    suspend: false,
    manualSelector: false,
    podReplacementPolicy: 'TerminatingOrFailed',
  });
}

const job: Strategy = {
  prepareForCreate(obj) {
    jobDefaults(obj);
    const spec = record(obj, 'spec');
    const uid = obj.metadata.uid ?? '';
    const name = obj.metadata.name ?? '';
    if (spec['selector'] === undefined)
      spec['selector'] = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
    const template = isPlainObject(spec['template']) ? spec['template'] : {};
    const meta = isPlainObject(template['metadata']) ? template['metadata'] : {};
    meta['labels'] = {
      ...(isPlainObject(meta['labels']) ? meta['labels'] : {}),
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': name,
      'controller-uid': uid,
      'job-name': name,
    };
    template['metadata'] = meta;
    spec['template'] = template;
  },
  prepareForUpdate: jobDefaults,
};

function allocateClusterIp(ctx: StrategyContext): string {
  return `10.96.${ctx.randomInt(256)}.${1 + ctx.randomInt(254)}`;
}

const service: Strategy = {
  prepareForCreate(obj, ctx) {
    const spec = record(obj, 'spec');
    defaults(spec, { type: 'ClusterIP', sessionAffinity: 'None' });
    if (spec['type'] !== 'ExternalName' && spec['clusterIP'] === undefined)
      spec['clusterIP'] = allocateClusterIp(ctx);
    if (typeof spec['clusterIP'] === 'string' && spec['clusterIPs'] === undefined)
      spec['clusterIPs'] = [spec['clusterIP']];
    const ports = Array.isArray(spec['ports']) ? (spec['ports'] as Record<string, unknown>[]) : [];
    const nodePorts = spec['type'] === 'NodePort' || spec['type'] === 'LoadBalancer';
    for (const port of ports) {
      defaults(port, { protocol: 'TCP', targetPort: port['port'] });
      if (nodePorts) defaults(port, { nodePort: 30000 + ctx.randomInt(2768) });
    }
    if (nodePorts) defaults(spec, { externalTrafficPolicy: 'Cluster' });
    if (spec['type'] !== 'ExternalName')
      defaults(spec, {
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        internalTrafficPolicy: 'Cluster',
      });
    obj['status'] = { loadBalancer: {} };
  },
  prepareForUpdate(obj, old) {
    const spec = record(obj, 'spec');
    const oldSpec = isPlainObject(old['spec']) ? old['spec'] : {};
    defaults(spec, { clusterIP: oldSpec['clusterIP'], clusterIPs: oldSpec['clusterIPs'] });
  },
};

function crdStatus(obj: KubeObject, ctx: StrategyContext): void {
  const spec = isPlainObject(obj['spec']) ? obj['spec'] : {};
  const names = isPlainObject(spec['names']) ? { ...spec['names'] } : {};
  const kind = typeof names['kind'] === 'string' ? names['kind'] : '';
  defaults(names, { singular: kind.toLowerCase(), listKind: `${kind}List` });
  const versions = Array.isArray(spec['versions'])
    ? (spec['versions'] as Record<string, unknown>[])
    : [];
  const storage = versions.filter((v) => v['storage'] === true).map((v) => v['name']);
  const now = ctx.timestamp();
  const previous = isPlainObject(obj['status']) ? obj['status'] : {};
  const stored = Array.isArray(previous['storedVersions'])
    ? (previous['storedVersions'] as unknown[])
    : [];
  obj['status'] = {
    acceptedNames: names,
    storedVersions: [...new Set([...stored, ...storage])],
    conditions: [
      {
        type: 'NamesAccepted',
        status: 'True',
        reason: 'NoConflicts',
        message: 'no conflicts found',
        lastTransitionTime: now,
      },
      {
        type: 'Established',
        status: 'True',
        reason: 'InitialNamesAccepted',
        message: 'the initial names have been accepted',
        lastTransitionTime: now,
      },
    ],
  };
  const finalizers = obj.metadata.finalizers ?? [];
  if (obj.metadata.deletionTimestamp === undefined && !finalizers.includes(CRD_CLEANUP_FINALIZER)) {
    obj.metadata.finalizers = [...finalizers, CRD_CLEANUP_FINALIZER];
  }
  // Custom resources keep the spec defaults the API server writes into a CRD.
  defaults(spec, { conversion: { strategy: 'None' } });
}

const customResourceDefinition: Strategy = {
  prepareForCreate: crdStatus,
  prepareForUpdate(obj, old, ctx) {
    if (jsonStatusEqualSpec(obj, old)) {
      obj['status'] = old['status'];
      return;
    }
    crdStatus(obj, ctx);
  },
};

function jsonStatusEqualSpec(obj: KubeObject, old: Readonly<KubeObject>): boolean {
  return JSON.stringify(obj['spec']) === JSON.stringify(old['spec']) && old['status'] !== undefined;
}

/** Per-kind strategies by `group/Kind`; kinds not listed use only the generic rules. */
export const STRATEGIES: Readonly<Record<string, Strategy>> = {
  '/Namespace': namespace,
  '/Pod': pod,
  '/Service': service,
  '/Secret': secret,
  'apps/Deployment': deployment,
  'apps/ReplicaSet': replicated,
  '/PersistentVolumeClaim': persistentVolumeClaim,
  '/PersistentVolume': persistentVolume,
  'apps/StatefulSet': statefulSet,
  'apps/DaemonSet': daemonSet,
  'batch/Job': job,
  'batch/CronJob': cronJob,
  'apiextensions.k8s.io/CustomResourceDefinition': customResourceDefinition,
};

export { CRD_CLEANUP_FINALIZER };
