import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeClient } from '../../src/cluster/kube-client.js';
import { startControlPlane, type ControlPlane } from '../../src/controlplane/index.js';
import type { KubeObject } from '../../src/kube/object.js';
import { waitFor } from '../support/wait-for.js';

describe('simulated load balancer', () => {
  let dir: string;
  let cp: ControlPlane;
  let client: KubeClient;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ferry-lb-'));
    cp = await startControlPlane({ dataDir: dir, port: 0 });
    client = KubeClient.fromFile(cp.kubeconfigPath);
  });

  afterAll(async () => {
    client.close();
    await cp.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const ingressOf = async (obj: KubeObject) =>
    ((await client.get(obj)) as { status?: { loadBalancer?: { ingress?: { ip?: string }[] } } })
      .status?.loadBalancer?.ingress;

  it('gives LoadBalancer Services and Ingresses an address, and leaves ClusterIP Services alone', async () => {
    const lb: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'public', namespace: 'default' },
      spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80 }] },
    };
    const internal: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'internal', namespace: 'default' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
    };
    const ingress: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', namespace: 'default' },
      spec: { rules: [{ host: 'web.example.com' }] },
    };
    for (const obj of [lb, internal, ingress]) await client.create(obj);
    const lbIngress = await waitFor('the service address', () => ingressOf(lb));
    expect(lbIngress).toEqual([{ ip: '127.0.0.1', ports: [{ port: 80, protocol: 'TCP' }] }]);
    expect(await waitFor('the ingress address', () => ingressOf(ingress))).toEqual([
      { ip: '127.0.0.1' },
    ]);
    expect(await ingressOf(internal)).toBeUndefined();
  });
});
