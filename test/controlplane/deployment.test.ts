import { AppsV1Api, CoreV1Api, type V1Deployment } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, waitFor, type TestCluster } from './support/harness.js';

function deployment(name: string, image: string, replicas = 3): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: main
        image: ${image}
        ports: [{containerPort: 80}]
`;
}

describe('control plane deployments, replica sets and pods', () => {
  let cluster: TestCluster;
  let apps: AppsV1Api;
  let core: CoreV1Api;
  beforeAll(async () => {
    cluster = await startTestCluster({ timeFactor: 0.05 });
    apps = cluster.kc.makeApiClient(AppsV1Api);
    core = cluster.kc.makeApiClient(CoreV1Api);
  });
  afterAll(async () => {
    await cluster.dispose();
  });

  it('rolls out Ready pods and kubectl rollout status succeeds', async () => {
    const applied = await cluster.kubectl(['apply', '-f', '-'], deployment('web', 'nginx:1.25'));
    expect(applied.code, applied.stderr).toBe(0);
    const rollout = await cluster.kubectl(['rollout', 'status', 'deployment/web', '--timeout=20s']);
    expect(rollout.code, rollout.stderr).toBe(0);
    expect(rollout.stdout).toContain('deployment "web" successfully rolled out');

    const rs = await apps.listNamespacedReplicaSet({
      namespace: 'default',
      labelSelector: 'app=web',
    });
    expect(rs.items).toHaveLength(1);
    const set = rs.items[0]!;
    const hash = set.metadata?.labels?.['pod-template-hash'];
    expect(set.metadata?.name).toBe(`web-${hash}`);
    expect(set.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(set.metadata?.ownerReferences).toEqual([
      expect.objectContaining({ kind: 'Deployment', name: 'web', controller: true }),
    ]);

    const pods = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=web' });
    expect(pods.items).toHaveLength(3);
    for (const pod of pods.items) {
      expect(pod.metadata?.name).toMatch(
        new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`),
      );
      expect(pod.spec?.nodeName).toBe('ferry-node-1');
      expect(pod.status?.phase).toBe('Running');
      expect(pod.status?.podIP).toMatch(/^10\.244\./);
      expect(pod.status?.conditions).toContainEqual(
        expect.objectContaining({ type: 'Ready', status: 'True' }),
      );
      expect(pod.status?.containerStatuses).toEqual([
        expect.objectContaining({ name: 'main', ready: true, started: true }),
      ]);
    }
    const status = (await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' }))
      .status;
    expect(status).toMatchObject({
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    expect(status?.conditions).toContainEqual(
      expect.objectContaining({ type: 'Available', status: 'True' }),
    );
    expect(status?.conditions).toContainEqual(
      expect.objectContaining({
        type: 'Progressing',
        status: 'True',
        reason: 'NewReplicaSetAvailable',
      }),
    );
    const table = await cluster.kubectl(['get', 'deployment', 'web']);
    expect(table.stdout).toMatch(/web\s+3\/3\s+3\s+3\s+/);
  });

  it('moves a rolling update to a new ReplicaSet', async () => {
    const applied = await cluster.kubectl(['apply', '-f', '-'], deployment('web', 'nginx:1.27'));
    expect(applied.code, applied.stderr).toBe(0);
    const rollout = await cluster.kubectl(['rollout', 'status', 'deployment/web', '--timeout=20s']);
    expect(rollout.code, rollout.stderr).toBe(0);
    const sets = (
      await apps.listNamespacedReplicaSet({ namespace: 'default', labelSelector: 'app=web' })
    ).items;
    const byRevision = Object.fromEntries(
      sets.map((s) => [s.metadata?.annotations?.['deployment.kubernetes.io/revision'], s]),
    );
    expect(byRevision['2']?.spec?.replicas).toBe(3);
    expect(byRevision['2']?.spec?.template?.spec?.containers[0]?.image).toBe('nginx:1.27');
    expect(byRevision['1']?.spec?.replicas).toBe(0);
    const pods = await waitFor('old pods to go', async () => {
      const list = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=web' });
      return list.items.length === 3 ? list.items : undefined;
    });
    expect(new Set(pods.map((p) => p.spec?.containers[0]?.image))).toEqual(new Set(['nginx:1.27']));
  });

  it('scales through the scale subresource', async () => {
    const scaled = await cluster.kubectl(['scale', 'deployment/web', '--replicas=1']);
    expect(scaled.code, scaled.stderr).toBe(0);
    await waitFor(
      'one pod',
      async () =>
        (await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=web' })).items
          .length === 1,
    );
    const scale = await apps.readNamespacedDeploymentScale({ name: 'web', namespace: 'default' });
    expect(scale.spec?.replicas).toBe(1);
  });

  it('garbage-collects ReplicaSets and Pods of a deleted Deployment', async () => {
    const deleted = await cluster.kubectl(['delete', 'deployment', 'web']);
    expect(deleted.code, deleted.stderr).toBe(0);
    await waitFor('replica sets and pods to go', async () => {
      const sets = await apps.listNamespacedReplicaSet({
        namespace: 'default',
        labelSelector: 'app=web',
      });
      const pods = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=web' });
      return sets.items.length === 0 && pods.items.length === 0;
    });
  });

  it('deletes dependents first with Foreground propagation and keeps them with Orphan', async () => {
    const body: V1Deployment = {
      metadata: { name: 'fg' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'fg' } },
        template: {
          metadata: { labels: { app: 'fg' } },
          spec: { containers: [{ name: 'c', image: 'busybox' }] },
        },
      },
    };
    await apps.createNamespacedDeployment({ namespace: 'default', body });
    await waitFor(
      'two pods',
      async () =>
        (await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=fg' })).items
          .length === 2,
    );
    await apps.deleteNamespacedDeployment({
      name: 'fg',
      namespace: 'default',
      propagationPolicy: 'Foreground',
    });
    await waitFor('foreground deletion to finish', async () => {
      const left = await apps.listNamespacedDeployment({
        namespace: 'default',
        fieldSelector: 'metadata.name=fg',
      });
      return left.items.length === 0;
    });
    expect(
      (await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=fg' })).items,
    ).toHaveLength(0);

    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: { ...body, metadata: { name: 'orphan' } },
    });
    await waitFor(
      'pods',
      async () =>
        (await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=fg' })).items
          .length === 2,
    );
    await apps.deleteNamespacedDeployment({
      name: 'orphan',
      namespace: 'default',
      propagationPolicy: 'Orphan',
    });
    const orphans = await waitFor('the replica set to be orphaned', async () => {
      const sets = await apps.listNamespacedReplicaSet({
        namespace: 'default',
        labelSelector: 'app=fg',
      });
      const deploys = await apps.listNamespacedDeployment({
        namespace: 'default',
        fieldSelector: 'metadata.name=orphan',
      });
      return deploys.items.length === 0 &&
        sets.items.length === 1 &&
        !sets.items[0]!.metadata?.ownerReferences
        ? sets.items
        : undefined;
    });
    expect(orphans[0]!.spec?.replicas).toBe(2);
  });
});
