import { fill, fillAll, listAt, pairItems, within, type JsonMap } from './fill.js';
import { templateDefaults } from './pod-spec.js';

export function deploymentDefaults(spec: JsonMap, live: JsonMap | undefined): void {
  fillAll(spec, live, {
    replicas: 1,
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
  });
  within(spec, live, 'strategy', (strategy, liveStrategy) => {
    fill(strategy, liveStrategy, 'type', 'RollingUpdate');
    within(strategy, liveStrategy, 'rollingUpdate', (ru, liveRu) =>
      fillAll(ru, liveRu, { maxSurge: '25%', maxUnavailable: '25%' }),
    );
  });
  templateDefaults(spec, live);
}

export function replicaSetDefaults(spec: JsonMap, live: JsonMap | undefined): void {
  fill(spec, live, 'replicas', 1);
  templateDefaults(spec, live);
}

export function statefulSetDefaults(spec: JsonMap, live: JsonMap | undefined): void {
  fillAll(spec, live, {
    replicas: 1,
    podManagementPolicy: 'OrderedReady',
    revisionHistoryLimit: 10,
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
    persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
  });
  within(spec, live, 'updateStrategy', (strategy, liveStrategy) => {
    fill(strategy, liveStrategy, 'type', 'RollingUpdate');
    within(strategy, liveStrategy, 'rollingUpdate', (ru, liveRu) =>
      fill(ru, liveRu, 'partition', 0),
    );
  });
  const claims = pairItems(
    listAt(spec, 'volumeClaimTemplates'),
    listAt(live, 'volumeClaimTemplates'),
    [],
  );
  for (const [claim, liveClaim] of claims) {
    fillAll(claim, liveClaim, {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      status: { phase: 'Pending' },
    });
    within(claim, liveClaim, 'spec', (claimSpec, liveSpec) =>
      fill(claimSpec, liveSpec, 'volumeMode', 'Filesystem'),
    );
  }
  templateDefaults(spec, live);
}

export function daemonSetDefaults(spec: JsonMap, live: JsonMap | undefined): void {
  fillAll(spec, live, {
    revisionHistoryLimit: 10,
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
  });
  within(spec, live, 'updateStrategy', (strategy, liveStrategy) => {
    fill(strategy, liveStrategy, 'type', 'RollingUpdate');
    within(strategy, liveStrategy, 'rollingUpdate', (ru, liveRu) =>
      fillAll(ru, liveRu, { maxUnavailable: 1, maxSurge: 0 }),
    );
  });
  templateDefaults(spec, live);
}

export function jobDefaults(spec: JsonMap, live: JsonMap | undefined): void {
  fillAll(spec, live, {
    backoffLimit: 6,
    completions: 1,
    parallelism: 1,
    completionMode: 'NonIndexed',
    suspend: false,
    manualSelector: false,
    podReplacementPolicy: 'TerminatingOrFailed',
  });
  templateDefaults(spec, live);
}

export function cronJobDefaults(spec: JsonMap, live: JsonMap | undefined): void {
  fillAll(spec, live, {
    concurrencyPolicy: 'Allow',
    suspend: false,
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 1,
  });
  within(spec, live, 'jobTemplate', (template, liveTemplate) =>
    within(template, liveTemplate, 'spec', jobDefaults),
  );
}
