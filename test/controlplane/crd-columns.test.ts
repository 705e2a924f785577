import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCrd } from '../../src/cluster/bootstrap.js';
import { KubeClient } from '../../src/cluster/kube-client.js';
import { startControlPlane, type ControlPlane } from '../../src/controlplane/index.js';
import { applicationCrd } from '../../src/model/application-crd.js';

const run = promisify(execFile);

describe('custom resource tables', () => {
  let dir: string;
  let cp: ControlPlane;
  let client: KubeClient;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ferry-crd-columns-'));
    cp = await startControlPlane({ dataDir: dir, port: 0 });
    client = KubeClient.fromFile(cp.kubeconfigPath);
    await ensureCrd(client, applicationCrd());
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ferry' } });
    const app = await client.create({
      apiVersion: 'ferry.dev/v1alpha1',
      kind: 'Application',
      metadata: { name: 'guestbook', namespace: 'ferry' },
      spec: { source: { repoURL: 'r' }, destination: {} },
    });
    await client.patchStatus(app, {
      sync: { status: 'Synced', revision: 'abc123' },
      health: { status: 'Healthy' },
    });
  });

  afterAll(async () => {
    client.close();
    await cp.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints additionalPrinterColumns in kubectl get, wide ones with -o wide', async () => {
    const kubectl = (...args: string[]) =>
      run('kubectl', ['--kubeconfig', cp.kubeconfigPath, ...args]);
    const plain = (await kubectl('get', 'applications', '-n', 'ferry')).stdout.split('\n');
    expect(plain[0]?.split(/\s{2,}/)).toEqual(['NAME', 'SYNC STATUS', 'HEALTH STATUS', 'AGE']);
    expect(plain[1]).toMatch(/^guestbook\s+Synced\s+Healthy\s+\d+s$/);
    const wide = (await kubectl('get', 'applications', '-n', 'ferry', '-o', 'wide')).stdout;
    expect(wide).toMatch(/REVISION/);
    expect(wide).toMatch(/abc123/);
  });
});
