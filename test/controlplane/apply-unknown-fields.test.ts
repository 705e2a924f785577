import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeClient, type FieldValidation } from '../../src/cluster/kube-client.js';
import type { KubeObject } from '../../src/kube/object.js';
import { startTestCluster, type TestCluster } from './support/harness.js';

describe('unknown fields in server-side apply', () => {
  let cluster: TestCluster;
  let client: KubeClient;
  const cm = (name: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'default' },
    data: { value: 'x' },
    notAField: { hello: 'world' },
  });

  beforeAll(async () => {
    cluster = await startTestCluster();
    client = KubeClient.fromFile(cluster.cp.kubeconfigPath);
  });

  afterAll(async () => {
    client?.close();
    await cluster?.dispose();
  });

  it.each<FieldValidation>(['Strict', 'Warn', 'Ignore'])(
    'fail the apply under fieldValidation=%s, as a real server cannot type them',
    async (fieldValidation) => {
      await expect(client.apply(cm('applied'), { fieldValidation })).rejects.toThrow(
        'failed to create typed patch object (default/applied; /v1, Kind=ConfigMap): .notAField: field not declared in schema',
      );
      expect(await client.get(cm('applied'))).toBeUndefined();
    },
  );

  it('are dropped from a create or an update under fieldValidation=Ignore', async () => {
    const created = await client.create(cm('created'), { fieldValidation: 'Ignore' });
    expect(created['notAField']).toBeUndefined();
    const patched = await client.mergePatch(
      created,
      { data: { value: 'y' }, notAField: 1 },
      { fieldValidation: 'Ignore' },
    );
    expect(patched['data']).toEqual({ value: 'y' });
    expect(patched['notAField']).toBeUndefined();
  });
});
