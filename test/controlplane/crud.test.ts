import {
  AppsV1Api,
  CoreV1Api,
  PatchStrategy,
  type V1ConfigMap,
  type V1Deployment,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startTestCluster, statusOf, type TestCluster } from './support/harness.js';

describe('control plane CRUD', () => {
  let cluster: TestCluster;
  let core: CoreV1Api;
  beforeAll(async () => {
    cluster = await startTestCluster();
    core = cluster.kc.makeApiClient(CoreV1Api);
  });
  afterAll(async () => {
    await cluster.dispose();
  });

  it('creates, reads, lists, applies and deletes with kubectl', async () => {
    const manifest =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  color: blue\n';
    const created = await cluster.kubectl(['create', '-f', '-'], manifest);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('configmap/settings created');
    const got = JSON.parse(
      (await cluster.kubectl(['get', 'configmap', 'settings', '-o', 'json'])).stdout,
    ) as V1ConfigMap;
    expect(got).toMatchObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'default', generation: 1 },
      data: { color: 'blue' },
    });
    expect(got.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(got.metadata?.resourceVersion)).toBeGreaterThan(0);

    const applied = await cluster.kubectl(['apply', '-f', '-'], manifest.replace('blue', 'green'));
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('configmap/settings configured');
    const again = await cluster.kubectl(
      ['apply', '-f', '-'],
      manifest.replace('settings', 'fresh'),
    );
    expect(again.stdout).toContain('configmap/fresh created');
    const table = await cluster.kubectl(['get', 'configmaps']);
    expect(table.stdout).toMatch(/NAME\s+DATA\s+AGE/);
    expect(table.stdout).toMatch(/settings\s+1\s+/);
    const read = await core.readNamespacedConfigMap({ name: 'settings', namespace: 'default' });
    expect(read.data).toEqual({ color: 'green' });

    const deleted = await cluster.kubectl(['delete', 'configmap', 'settings', 'fresh']);
    expect(deleted.code, deleted.stderr).toBe(0);
    const gone = await cluster.kubectl(['get', 'configmap', 'settings']);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toContain('Error from server (NotFound): configmaps "settings" not found');
  });

  it('answers 404 with the real Status shapes', async () => {
    const deploy = await statusOf(
      cluster.kc
        .makeApiClient(AppsV1Api)
        .readNamespacedDeployment({ name: 'web', namespace: 'default' }),
    );
    expect(deploy).toEqual({
      code: 404,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'deployments.apps "web" not found',
        reason: 'NotFound',
        details: { name: 'web', group: 'apps', kind: 'deployments' },
        code: 404,
      },
    });
    const missingNs = await statusOf(
      core.createNamespacedConfigMap({ namespace: 'nowhere', body: { metadata: { name: 'x' } } }),
    );
    expect(missingNs.code).toBe(404);
    expect(missingNs.body).toMatchObject({
      message: 'namespaces "nowhere" not found',
      details: { name: 'nowhere', kind: 'namespaces' },
    });
  });

  it('rejects duplicates with 409 AlreadyExists and stale updates with 409 Conflict', async () => {
    const first = await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'c1' }, data: { a: '1' } },
    });
    const dup = await statusOf(
      core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'c1' } } }),
    );
    expect(dup.code).toBe(409);
    expect(dup.body).toMatchObject({
      reason: 'AlreadyExists',
      message: 'configmaps "c1" already exists',
    });

    const updated = await core.replaceNamespacedConfigMap({
      name: 'c1',
      namespace: 'default',
      body: { ...first, data: { a: '2' } },
    });
    expect(Number(updated.metadata?.resourceVersion)).toBeGreaterThan(
      Number(first.metadata?.resourceVersion),
    );
    const stale = await statusOf(
      core.replaceNamespacedConfigMap({
        name: 'c1',
        namespace: 'default',
        body: { ...first, data: { a: '3' } },
      }),
    );
    expect(stale.code).toBe(409);
    expect(stale.body).toMatchObject({
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on configmaps "c1": the object has been modified; please apply your changes to the latest version and try again',
    });
    const kubectlStale = await cluster.kubectl(
      ['replace', '-f', '-'],
      JSON.stringify({ ...first, apiVersion: 'v1', kind: 'ConfigMap' }),
    );
    expect(kubectlStale.stderr).toContain('the object has been modified');
  });

  it('validates names, kinds and namespaces like the real server', async () => {
    const bad = await statusOf(
      core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'Bad_Name' } },
      }),
    );
    expect(bad.code).toBe(422);
    expect(bad.body).toMatchObject({
      reason: 'Invalid',
      details: {
        name: 'Bad_Name',
        kind: 'ConfigMap',
        causes: [{ reason: 'FieldValueInvalid', field: 'metadata.name' }],
      },
    });
    expect(bad.body['message']).toMatch(
      /^ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/,
    );
    const noName = await statusOf(
      core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: {} } }),
    );
    expect(noName.body).toMatchObject({
      code: 422,
      message:
        'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required',
    });
    const wrongKind = await rawRequest(cluster, '/api/v1/namespaces/default/configmaps', {
      method: 'POST',
      body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } },
    });
    expect(wrongKind.status).toBe(400);
    const wrongNs = await rawRequest(cluster, '/api/v1/namespaces/default/configmaps', {
      method: 'POST',
      body: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 's', namespace: 'kube-system' },
      },
    });
    expect(wrongNs.json).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message:
        'the namespace of the provided object does not match the namespace sent on the request',
    });
    const huge = await rawRequest(cluster, '/api/v1/namespaces/default/configmaps', {
      method: 'POST',
      body: { apiVersion: 'v1', metadata: { name: 'huge' }, data: { x: 'x'.repeat(4 << 20) } },
    });
    expect(huge.json).toMatchObject({ code: 400, message: 'the request body is too large' });
    expect((await rawRequest(cluster, '/api/v1/namespaces/default/configmaps/huge')).status).toBe(
      404,
    );
  });

  it('generates names, patches with merge and JSON patch, and honours dryRun', async () => {
    const made = await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { generateName: 'gen-', labels: { tier: 'a' } }, data: { x: '1' } },
    });
    expect(made.metadata?.name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const name = made.metadata!.name!;
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' } };
    const merged = await cluster.objects.patch(
      { ...ref, data: { y: '2', x: null } } as never,
      undefined,
      undefined,
      undefined,
      undefined,
      PatchStrategy.MergePatch,
    );
    expect((merged as V1ConfigMap).data).toEqual({ y: '2' });
    const jsonPatched = await rawRequest(cluster, `/api/v1/namespaces/default/configmaps/${name}`, {
      method: 'PATCH',
      contentType: 'application/json-patch+json',
      body: [{ op: 'add', path: '/data/z', value: '3' }],
    });
    expect((jsonPatched.json as V1ConfigMap).data).toEqual({ y: '2', z: '3' });
    const dry = await rawRequest(cluster, `/api/v1/namespaces/default/configmaps?dryRun=All`, {
      method: 'POST',
      body: { metadata: { name: 'dry' } },
    });
    expect(dry.status).toBe(201);
    expect((await rawRequest(cluster, '/api/v1/namespaces/default/configmaps/dry')).status).toBe(
      404,
    );
  });

  it('lists with label and field selectors, pagination and across namespaces', async () => {
    for (const i of [1, 2, 3, 4, 5]) {
      await core.createNamespacedConfigMap({
        namespace: 'kube-public',
        body: { metadata: { name: `page-${i}`, labels: { page: i % 2 === 0 ? 'even' : 'odd' } } },
      });
    }
    const odd = await core.listNamespacedConfigMap({
      namespace: 'kube-public',
      labelSelector: 'page=odd',
    });
    expect(odd.items.map((c) => c.metadata?.name)).toEqual(['page-1', 'page-3', 'page-5']);
    const named = await core.listConfigMapForAllNamespaces({
      fieldSelector: 'metadata.name=page-2',
    });
    expect(named.items.map((c) => `${c.metadata?.namespace}/${c.metadata?.name}`)).toEqual([
      'kube-public/page-2',
    ]);
    const first = await core.listNamespacedConfigMap({
      namespace: 'kube-public',
      limit: 2,
      labelSelector: 'page',
    });
    expect(first.items.map((c) => c.metadata?.name)).toEqual(['page-1', 'page-2']);
    expect(first.metadata?._continue).toBeTruthy();
    const second = await core.listNamespacedConfigMap({
      namespace: 'kube-public',
      limit: 2,
      labelSelector: 'page',
      _continue: first.metadata!._continue!,
    });
    expect(second.items.map((c) => c.metadata?.name)).toEqual(['page-3', 'page-4']);
    const third = await core.listNamespacedConfigMap({
      namespace: 'kube-public',
      limit: 2,
      labelSelector: 'page',
      _continue: second.metadata!._continue!,
    });
    expect(third.items.map((c) => c.metadata?.name)).toEqual(['page-5']);
    expect(third.metadata?._continue).toBeFalsy();
    expect(Number(third.metadata?.resourceVersion)).toBeGreaterThan(0);
    const removed = await rawRequest(
      cluster,
      '/api/v1/namespaces/kube-public/configmaps?labelSelector=page%3Deven',
      { method: 'DELETE' },
    );
    expect(removed.status).toBe(200);
    const left = await core.listNamespacedConfigMap({
      namespace: 'kube-public',
      labelSelector: 'page',
    });
    expect(left.items).toHaveLength(3);
  });

  it('keeps generation for metadata-only changes and bumps it on spec changes', async () => {
    const apps = cluster.kc.makeApiClient(AppsV1Api);
    const created = await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'gen' },
        spec: {
          replicas: 0,
          selector: { matchLabels: { app: 'gen' } },
          template: {
            metadata: { labels: { app: 'gen' } },
            spec: { containers: [{ name: 'c', image: 'busybox' }] },
          },
        },
      },
    });
    expect(created.metadata?.generation).toBe(1);
    const labelled = await cluster.objects.patch<V1Deployment>(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'gen', namespace: 'default', labels: { x: 'y' } },
      },
      undefined,
      undefined,
      undefined,
      undefined,
      PatchStrategy.MergePatch,
    );
    expect(labelled.metadata?.generation).toBe(1);
    const scaled = await cluster.objects.patch<V1Deployment>(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'gen', namespace: 'default' },
        spec: { replicas: 0, paused: true },
      } as V1Deployment,
      undefined,
      undefined,
      undefined,
      undefined,
      PatchStrategy.MergePatch,
    );
    expect(scaled.metadata?.generation).toBe(2);
  });
});
