import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/kube/object.js';
import { builtinType } from '../../src/kube/registry.js';
import { applicationCrd } from '../../src/model/application-crd.js';
import { rawRequest, startTestCluster, type TestCluster } from '../controlplane/support/harness.js';
import { RELEASE_NAMESPACE, renderFerryChart, VALUE_SETS } from './support/ferry-chart.js';

/** The REST path of an object, for the built-in kinds the chart uses. */
function pathOf(obj: KubeObject): string {
  const [group, version] = obj.apiVersion.includes('/')
    ? obj.apiVersion.split('/')
    : ['', obj.apiVersion];
  const type = builtinType(group!, obj.kind);
  if (type === undefined) throw new Error(`${obj.apiVersion} ${obj.kind} is not a built-in kind`);
  const base = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
  const ns = type.namespaced ? `/namespaces/${obj.metadata.namespace ?? RELEASE_NAMESPACE}` : '';
  return `${base}${ns}/${type.plural}/${obj.metadata.name}`;
}

/** Server-side apply with dryRun=All and strict field validation. */
async function dryRunApply(
  cluster: TestCluster,
  obj: KubeObject,
): Promise<{ status: number; text: string }> {
  const query = 'dryRun=All&fieldManager=ferry&force=true&fieldValidation=Strict';
  return rawRequest(cluster, `${pathOf(obj)}?${query}`, {
    method: 'PATCH',
    body: obj,
    contentType: 'application/apply-patch+yaml',
  });
}

async function createNamespace(cluster: TestCluster, name: string): Promise<void> {
  const res = await rawRequest(cluster, '/api/v1/namespaces', {
    method: 'POST',
    body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
  });
  if (res.status !== 201 && res.status !== 409) throw new Error(`namespace ${name}: ${res.text}`);
}

describe('charts/ferry on the embedded control plane', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  afterAll(async () => {
    await cluster.dispose();
  });

  it('installs its CRD for real', async () => {
    const { objects } = await renderFerryChart('', true);
    const crd = objects[0]!;
    expect(crd).toEqual(applicationCrd());
    const res = await rawRequest(
      cluster,
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions?fieldValidation=Strict',
      { method: 'POST', body: crd },
    );
    expect(res.status, res.text).toBe(201);
  });

  it.each(Object.entries(VALUE_SETS))(
    'accepts every object rendered with %s in a server-side dry run',
    async (_, values) => {
      const { objects } = await renderFerryChart(values);
      const namespaces = new Set([RELEASE_NAMESPACE]);
      for (const o of objects)
        if (o.metadata.namespace !== undefined) namespaces.add(o.metadata.namespace);
      for (const ns of namespaces) await createNamespace(cluster, ns);
      const failures: string[] = [];
      for (const obj of objects) {
        const res = await dryRunApply(cluster, obj);
        if (res.status !== 200 && res.status !== 201)
          failures.push(`${obj.kind}/${obj.metadata.name}: ${res.status} ${res.text}`);
      }
      expect(failures).toEqual([]);
      // A dry run persists nothing.
      const deployments = await rawRequest(
        cluster,
        `/apis/apps/v1/namespaces/${RELEASE_NAMESPACE}/deployments`,
      );
      expect((deployments.json as { items: unknown[] }).items).toEqual([]);
    },
  );

  it.each<[string, (spec: Record<string, unknown>) => void, string]>([
    ['an unknown field', (spec) => (spec['replicass'] = 2), 'replicass'],
    [
      'an unknown nested field',
      (spec) => {
        const pod = (spec['template'] as { spec: { containers: Record<string, unknown>[] } }).spec;
        pod.containers[0]!['readinesProbe'] = {};
      },
      'readinesProbe',
    ],
  ])('rejects %s, so the dry run is not vacuous', async (_, breakIt, field) => {
    const { objects } = await renderFerryChart();
    const deployment = structuredClone(objects.find((o) => o.kind === 'Deployment')!);
    breakIt(deployment['spec'] as Record<string, unknown>);
    const res = await dryRunApply(cluster, deployment);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.text).toContain(field);
  });
});
