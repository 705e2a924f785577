import { PatchStrategy } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  rawRequest,
  startTestCluster,
  statusOf,
  waitFor,
  type TestCluster,
} from './support/harness.js';

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    schema:
      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
`;

const CLUSTER_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'regions.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Cluster',
    names: { plural: 'regions', singular: 'region', kind: 'Region' },
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object' } },
      },
    ],
  },
};

interface Widget {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; generation?: number; resourceVersion?: string };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

describe('control plane custom resources', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  afterAll(async () => {
    await cluster.dispose();
  });

  it('serves a CRD at once, with Established status and accepted names', async () => {
    const created = await cluster.kubectl(['apply', '-f', '-'], CRD);
    expect(created.code, created.stderr).toBe(0);
    const crd = JSON.parse(
      (await cluster.kubectl(['get', 'crd', 'widgets.example.com', '-o', 'json'])).stdout,
    ) as {
      status: {
        conditions: { type: string; status: string }[];
        acceptedNames: Record<string, unknown>;
      };
    };
    expect(crd.status.conditions).toContainEqual(
      expect.objectContaining({ type: 'Established', status: 'True' }),
    );
    expect(crd.status.acceptedNames).toMatchObject({
      plural: 'widgets',
      kind: 'Widget',
      listKind: 'WidgetList',
      shortNames: ['wd'],
    });
    const discovery = (await rawRequest(cluster, '/apis/example.com/v1')).json;
    expect(discovery).toMatchObject({
      groupVersion: 'example.com/v1',
      resources: [
        {
          name: 'widgets',
          singularName: 'widget',
          namespaced: true,
          kind: 'Widget',
          shortNames: ['wd'],
        },
        { name: 'widgets/status', kind: 'Widget' },
      ],
    });
    const resources = await cluster.kubectl(['api-resources', '--api-group=example.com']);
    expect(resources.stdout).toMatch(/widgets\s+wd\s+example.com\/v1\s+true\s+Widget/);
  });

  it('separates spec and status through the status subresource', async () => {
    const widget: Widget = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w1', namespace: 'default' },
      spec: { size: 1 },
      status: { phase: 'ignored' },
    };
    const created = await cluster.objects.create(widget);
    expect(created.status).toBeUndefined();
    expect(created.metadata.generation).toBe(1);

    const statusRes = await rawRequest(
      cluster,
      '/apis/example.com/v1/namespaces/default/widgets/w1/status',
      {
        method: 'PATCH',
        contentType: 'application/merge-patch+json',
        body: { spec: { size: 99 }, status: { phase: 'Ready' } },
      },
    );
    expect(statusRes.status).toBe(200);
    expect(statusRes.json).toMatchObject({
      spec: { size: 1 },
      status: { phase: 'Ready' },
      metadata: { generation: 1 },
    });

    const mainRes = await cluster.objects.patch(
      { ...widget, spec: { size: 2 }, status: { phase: 'Overwritten' } },
      undefined,
      undefined,
      undefined,
      undefined,
      PatchStrategy.MergePatch,
    );
    expect(mainRes).toMatchObject({
      spec: { size: 2 },
      status: { phase: 'Ready' },
      metadata: { generation: 2 },
    });

    const listed = await cluster.kubectl(['get', 'wd', '-o', 'json']);
    expect(JSON.parse(listed.stdout)).toMatchObject({
      items: [{ kind: 'Widget', metadata: { name: 'w1' } }],
    });
    const missing = await statusOf(
      cluster.objects.read({
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'nope', namespace: 'default' },
      }),
    );
    expect(missing.body).toMatchObject({
      code: 404,
      message: 'widgets.example.com "nope" not found',
      details: { group: 'example.com', kind: 'widgets' },
    });
  });

  it('serves cluster-scoped custom resources', async () => {
    await cluster.objects.create(CLUSTER_CRD);
    const region: Widget = await cluster.objects.create<Widget>({
      apiVersion: 'example.com/v1alpha1',
      kind: 'Region',
      metadata: { name: 'eu' },
    });
    expect(region.metadata.namespace).toBeUndefined();
    const listed = await rawRequest(cluster, '/apis/example.com/v1alpha1/regions');
    expect(listed.json).toMatchObject({
      kind: 'RegionList',
      items: [{ metadata: { name: 'eu' } }],
    });
    const groups = (await rawRequest(cluster, '/apis/example.com')).json;
    expect(groups).toMatchObject({
      kind: 'APIGroup',
      name: 'example.com',
      preferredVersion: { version: 'v1' },
    });
  });

  it('deletes the custom resources with their CRD and stops serving them', async () => {
    const deleted = await cluster.kubectl(['delete', 'crd', 'widgets.example.com']);
    expect(deleted.code, deleted.stderr).toBe(0);
    await waitFor(
      'widgets to stop being served',
      async () => (await rawRequest(cluster, '/apis/example.com/v1')).status === 404,
    );
    const recreated = await cluster.kubectl(['apply', '-f', '-'], CRD);
    expect(recreated.code, recreated.stderr).toBe(0);
    const list = await rawRequest(cluster, '/apis/example.com/v1/namespaces/default/widgets');
    expect(list.json).toMatchObject({ kind: 'WidgetList', items: [] });
  });
});
