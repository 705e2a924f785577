import { CoreV1Api, PatchStrategy, setHeaderOptions, Watch } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startTestCluster, waitFor, type TestCluster } from './support/harness.js';

const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

interface Seen {
  type: string;
  name: string;
  rv: string;
  object: Record<string, unknown>;
}

describe('control plane watch', () => {
  let cluster: TestCluster;
  let core: CoreV1Api;
  beforeAll(async () => {
    cluster = await startTestCluster({
      watchHistorySize: 50,
      watchBookmarkIntervalMs: 100,
      timeFactor: 0.5,
    });
    core = cluster.kc.makeApiClient(CoreV1Api);
  });
  afterAll(async () => {
    await cluster.dispose();
  });

  async function watch(
    path: string,
    query: Record<string, string | boolean>,
  ): Promise<{ seen: Seen[]; stop: () => void }> {
    const seen: Seen[] = [];
    const controller = await new Watch(cluster.kc).watch(
      path,
      query,
      (type, obj: { metadata?: { name?: string; resourceVersion?: string } }) => {
        seen.push({
          type,
          name: obj.metadata?.name ?? '',
          rv: obj.metadata?.resourceVersion ?? '',
          object: obj as Record<string, unknown>,
        });
      },
      () => undefined,
    );
    return { seen, stop: () => controller.abort() };
  }

  it('streams ADDED, MODIFIED and DELETED from a list resourceVersion', async () => {
    const list = await core.listNamespacedConfigMap({ namespace: 'default' });
    const { seen, stop } = await watch('/api/v1/namespaces/default/configmaps', {
      resourceVersion: list.metadata!.resourceVersion!,
    });
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'w1' }, data: { a: '1' } },
    });
    await core.patchNamespacedConfigMap(
      { name: 'w1', namespace: 'default', body: { data: { a: '2' } } },
      merge,
    );
    await core.createNamespacedConfigMap({
      namespace: 'kube-system',
      body: { metadata: { name: 'elsewhere' } },
    });
    await core.deleteNamespacedConfigMap({ name: 'w1', namespace: 'default' });
    await waitFor('three events', () => seen.length >= 3);
    stop();
    expect(seen.map((e) => `${e.type} ${e.name}`)).toEqual([
      'ADDED w1',
      'MODIFIED w1',
      'DELETED w1',
    ]);
    const rvs = seen.map((e) => Number(e.rv));
    expect([...rvs].sort((a, b) => a - b)).toEqual(rvs);
  });

  it('starts with synthetic ADDED events without a resourceVersion and filters by label', async () => {
    await core.createNamespacedConfigMap({
      namespace: 'kube-public',
      body: { metadata: { name: 'keep', labels: { w: 'yes' } } },
    });
    await core.createNamespacedConfigMap({
      namespace: 'kube-public',
      body: { metadata: { name: 'skip' } },
    });
    const { seen, stop } = await watch('/api/v1/configmaps', { labelSelector: 'w=yes' });
    await waitFor('initial event', () => seen.length >= 1);
    await core.patchNamespacedConfigMap(
      { name: 'keep', namespace: 'kube-public', body: { metadata: { labels: { w: 'no' } } } },
      merge,
    );
    await waitFor('leaving the selection', () => seen.length >= 2);
    stop();
    expect(seen.map((e) => `${e.type} ${e.name}`)).toEqual(['ADDED keep', 'DELETED keep']);
  });

  it('sends bookmarks when allowed', async () => {
    const { seen, stop } = await watch('/api/v1/namespaces/default/secrets', {
      allowWatchBookmarks: true,
      resourceVersion: '0',
    });
    await waitFor('a bookmark', () => seen.some((e) => e.type === 'BOOKMARK'));
    stop();
    const bookmark = seen.find((e) => e.type === 'BOOKMARK')!;
    expect(bookmark.object).toMatchObject({ kind: 'Secret', apiVersion: 'v1' });
    expect(Number(bookmark.rv)).toBeGreaterThan(0);
  });

  it('answers a resourceVersion older than the kept window with a 410 Expired event', async () => {
    const old = (await core.listNamespacedConfigMap({ namespace: 'default' })).metadata!
      .resourceVersion!;
    for (let i = 0; i < 60; i++) {
      await core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: `churn-${i}` } },
      });
    }
    const res = await rawRequest(
      cluster,
      `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${old}`,
    );
    expect(res.status).toBe(200);
    const event = JSON.parse(res.text.trim().split('\n')[0]!) as {
      type: string;
      object: Record<string, unknown>;
    };
    expect(event.type).toBe('ERROR');
    expect(event.object).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Expired',
      code: 410,
    });
    expect(event.object['message']).toMatch(
      new RegExp(`^too old resource version: ${old} \\(\\d+\\)$`),
    );
  });

  it('works with kubectl get -w', async () => {
    const watching = cluster.kubectl([
      'get',
      'configmaps',
      '-n',
      'kube-node-lease',
      '-w',
      '--request-timeout=2s',
    ]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await core.createNamespacedConfigMap({
      namespace: 'kube-node-lease',
      body: { metadata: { name: 'seen-by-kubectl' } },
    });
    const result = await watching;
    expect(result.stdout).toMatch(/seen-by-kubectl\s+0\s+/);
  });
});
