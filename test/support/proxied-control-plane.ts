import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KubeClient } from '../../src/cluster/kube-client.js';
import { startControlPlane } from '../../src/controlplane/index.js';
import { HoldingApiProxy } from './holding-api-proxy.js';

/**
 * The embedded control plane in a fresh temporary directory, reached two ways: as `admin`,
 * which may do anything, and through `kubeconfig`, as Ferry's identity behind a
 * {@link HoldingApiProxy}. The control plane has no authorization of its own, so a test tells
 * the proxy what RBAC would refuse that identity.
 */
export interface ProxiedControlPlane {
  /** The temporary directory, for the test's own files too. */
  dir: string;
  admin: KubeClient;
  proxy: HoldingApiProxy;
  /** A kubeconfig that reaches the API server through the proxy's `ferry` listener. */
  kubeconfig: string;
  /** Closes `admin`, stops the proxy and the control plane, and removes `dir`. */
  stop(): Promise<void>;
}

export async function startProxiedControlPlane(prefix: string): Promise<ProxiedControlPlane> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  const cp = await startControlPlane({ dataDir: path.join(dir, 'cp'), port: 0 });
  const admin = KubeClient.fromFile(cp.kubeconfigPath);
  const proxy = new HoldingApiProxy(cp.kubeconfigPath);
  const kubeconfig = path.join(dir, 'ferry.kubeconfig');
  await proxy.listen('ferry', kubeconfig);
  return {
    dir,
    admin,
    proxy,
    kubeconfig,
    stop: async () => {
      admin.close();
      await proxy.stop();
      await cp.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
