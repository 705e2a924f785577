import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { startControlPlane } from '../../src/controlplane/index.js';
import { clusterFor, makeDataDir, waitFor, type TestCluster } from './support/harness.js';

describe('control plane persistence', () => {
  let dataDir = '';
  afterAll(async () => {
    if (dataDir !== '') await rm(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<TestCluster> {
    return clusterFor(
      await startControlPlane({ dataDir, timeFactor: 0.05, compactAfterBytes: 64 * 1024 }),
      dataDir,
    );
  }

  it('keeps objects, token and increasing resource versions across a restart, and controllers carry on', async () => {
    dataDir = await makeDataDir();
    const first = await start();
    const core = first.kc.makeApiClient(CoreV1Api);
    for (let i = 0; i < 200; i++) {
      await core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: `bulk-${i}` }, data: { blob: 'x'.repeat(500) } },
      });
    }
    await core.deleteNamespacedConfigMap({ name: 'bulk-0', namespace: 'default' });
    const crd = await first.kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'gadgets.example.com' },
        spec: {
          group: 'example.com',
          scope: 'Namespaced',
          names: { plural: 'gadgets', kind: 'Gadget' },
          versions: [{ name: 'v1', served: true, storage: true }],
        },
      }),
    );
    expect(crd.code, crd.stderr).toBe(0);
    await first.objects.create({
      apiVersion: 'example.com/v1',
      kind: 'Gadget',
      metadata: { name: 'g', namespace: 'default' },
    });
    await first.kc.makeApiClient(AppsV1Api).createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'after' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { a: 'after' } },
          template: {
            metadata: { labels: { a: 'after' } },
            spec: { containers: [{ name: 'c', image: 'x' }] },
          },
        },
      },
    });
    const lastRv = Number(
      (await core.listNamespacedConfigMap({ namespace: 'default' })).metadata?.resourceVersion,
    );
    const token = first.cp.token;
    await first.cp.stop();

    const second = await start();
    try {
      expect(second.cp.token).toBe(token);
      const core2 = second.kc.makeApiClient(CoreV1Api);
      const list = await core2.listNamespacedConfigMap({ namespace: 'default' });
      const names = list.items.map((c) => c.metadata?.name);
      expect(names).toContain('bulk-199');
      expect(names).not.toContain('bulk-0');
      expect(names.filter((n) => n?.startsWith('bulk-'))).toHaveLength(199);
      const gadget = await second.objects.read({
        apiVersion: 'example.com/v1',
        kind: 'Gadget',
        metadata: { name: 'g', namespace: 'default' },
      });
      expect(gadget.metadata?.name).toBe('g');
      const next = await core2.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'later' } },
      });
      expect(Number(next.metadata?.resourceVersion)).toBeGreaterThan(lastRv);
      const rollout = await second.kubectl([
        'rollout',
        'status',
        'deployment/after',
        '--timeout=20s',
      ]);
      expect(rollout.code, rollout.stderr).toBe(0);
      await waitFor('two running pods', async () => {
        const pods = await core2.listNamespacedPod({
          namespace: 'default',
          labelSelector: 'a=after',
        });
        return pods.items.length === 2 && pods.items.every((p) => p.status?.phase === 'Running');
      });
    } finally {
      await second.cp.stop();
    }
  });
});
