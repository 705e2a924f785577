import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, statusOf, waitFor, type TestCluster } from './support/harness.js';

describe('control plane namespaces', () => {
  let cluster: TestCluster;
  let core: CoreV1Api;
  beforeAll(async () => {
    cluster = await startTestCluster();
    core = cluster.kc.makeApiClient(CoreV1Api);
  });
  afterAll(async () => {
    await cluster.dispose();
  });

  it('gives a new namespace its default ServiceAccount', async () => {
    await core.createNamespace({ body: { metadata: { name: 'team-a' } } });
    const sa = await waitFor(
      'default service account',
      async () => (await core.listNamespacedServiceAccount({ namespace: 'team-a' })).items[0],
    );
    expect(sa.metadata?.name).toBe('default');
  });

  it('empties a deleted namespace, shows it Terminating, then removes it', async () => {
    await core.createNamespace({ body: { metadata: { name: 'doomed' } } });
    await core.createNamespacedConfigMap({
      namespace: 'doomed',
      body: { metadata: { name: 'held', finalizers: ['example.com/hold'] } },
    });
    await core.createNamespacedSecret({
      namespace: 'doomed',
      body: { metadata: { name: 's' }, stringData: { a: 'b' } },
    });
    await cluster.kc.makeApiClient(AppsV1Api).createNamespacedDeployment({
      namespace: 'doomed',
      body: {
        metadata: { name: 'd' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { a: 'b' } },
          template: {
            metadata: { labels: { a: 'b' } },
            spec: { containers: [{ name: 'c', image: 'x' }] },
          },
        },
      },
    });
    await waitFor(
      'a pod',
      async () => (await core.listNamespacedPod({ namespace: 'doomed' })).items.length === 1,
    );

    await core.deleteNamespace({ name: 'doomed' });
    const terminating = await core.readNamespace({ name: 'doomed' });
    expect(terminating.status?.phase).toBe('Terminating');
    expect(terminating.metadata?.deletionTimestamp).toBeTruthy();
    const refused = await statusOf(
      core.createNamespacedConfigMap({ namespace: 'doomed', body: { metadata: { name: 'late' } } }),
    );
    expect(refused.code).toBe(403);
    expect(refused.body['message']).toBe(
      'configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated',
    );

    await waitFor('everything but the held configmap to go', async () => {
      const secrets = await core.listNamespacedSecret({ namespace: 'doomed' });
      const pods = await core.listNamespacedPod({ namespace: 'doomed' });
      return secrets.items.length === 0 && pods.items.length === 0;
    });
    const held = await core.readNamespacedConfigMap({ name: 'held', namespace: 'doomed' });
    expect(held.metadata?.deletionTimestamp).toBeTruthy();
    expect((await core.readNamespace({ name: 'doomed' })).status?.phase).toBe('Terminating');

    await core.patchNamespacedConfigMap({
      name: 'held',
      namespace: 'doomed',
      body: [{ op: 'remove', path: '/metadata/finalizers' }],
    });
    await waitFor(
      'the namespace to go',
      async () => (await statusOf(core.readNamespace({ name: 'doomed' }))).code === 404,
    );
    const gone = await cluster.kubectl(['get', 'namespace', 'doomed']);
    expect(gone.stderr).toContain('namespaces "doomed" not found');
  });
});
