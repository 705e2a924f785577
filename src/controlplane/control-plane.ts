import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startApiServer } from './api/api-server.js';
import { bootstrapCluster } from './bootstrap.js';
import { bindCrdsToCatalog } from './catalog/crd-sync.js';
import { ResourceCatalog } from './catalog/resource-catalog.js';
import type { ControllerContext } from './controllers/controller.js';
import { ControllerManager } from './controllers/controller-manager.js';
import { CrdController } from './controllers/crd-controller.js';
import { CronJobController } from './controllers/cronjob-controller.js';
import { DaemonSetController } from './controllers/daemonset-controller.js';
import { EndpointsController } from './controllers/endpoints-controller.js';
import { StatefulSetController } from './controllers/statefulset-controller.js';
import { LoadBalancerController } from './controllers/load-balancer-controller.js';
import { VolumeController } from './controllers/volume-controller.js';
import { DeploymentController } from './controllers/deployment-controller.js';
import { JobController } from './controllers/job-controller.js';
import { GarbageCollector } from './controllers/garbage-collector.js';
import { SimulatedKubelet } from './controllers/kubelet.js';
import { NamespaceController } from './controllers/namespace-controller.js';
import { ReplicaSetController } from './controllers/replicaset-controller.js';
import { loadOrCreateToken, writeKubeconfig } from './credentials.js';
import { resolveControlPlaneOptions, type ControlPlaneOptions } from './options.js';
import { ObjectRegistry } from './registry/object-registry.js';
import { openDiskStore } from './store/disk-log.js';
import { loadOrCreatePki } from './tls/self-signed-pki.js';

/** A running control plane. */
export interface ControlPlane {
  /** `https://127.0.0.1:<port>`; the kubeconfig carries the CA that signed its certificate. */
  url: string;
  token: string;
  kubeconfigPath: string;
  /** Stops serving, stops the controllers and waits for every write to be on disk. */
  stop(): Promise<void>;
}

/**
 * Opens the store in the data dir (replaying it after a restart or crash), starts the
 * controllers and the simulated kubelet, serves the Kubernetes API and writes a kubeconfig.
 */
export async function startControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  const opts = resolveControlPlaneOptions(options);
  await mkdir(opts.dataDir, { recursive: true });
  const token = await loadOrCreateToken(opts.dataDir);
  const pki = await loadOrCreatePki(opts.dataDir, opts.clock.now(), opts.host);
  const { store, log } = await openDiskStore(join(opts.dataDir, 'store'), {
    historySize: opts.watchHistorySize,
    compactAfterBytes: opts.compactAfterBytes,
  });
  const catalog = new ResourceCatalog();
  const unbindCrds = bindCrdsToCatalog(store, catalog);
  const registry = new ObjectRegistry(store, { clock: opts.clock });
  await bootstrapCluster(registry, catalog);
  const ctx: ControllerContext = {
    store,
    registry,
    catalog,
    clock: opts.clock,
    timeFactor: opts.timeFactor,
    podStartDelayMs: opts.podStartDelayMs,
    failingImagePattern: opts.failingImagePattern,
    nodeNames: Array.from({ length: Math.max(1, opts.nodeCount) }, (_, i) => `ferry-node-${i + 1}`),
  };
  const manager = new ControllerManager(
    store,
    [
      new CrdController(ctx),
      new NamespaceController(ctx),
      new GarbageCollector(ctx),
      new DeploymentController(ctx),
      new ReplicaSetController(ctx),
      new StatefulSetController(ctx),
      new DaemonSetController(ctx),
      new JobController(ctx),
      new CronJobController(ctx),
      new EndpointsController(ctx),
      new VolumeController(ctx),
      new LoadBalancerController(ctx),
      new SimulatedKubelet(ctx),
    ],
    { clock: opts.clock, onError: opts.onControllerError },
  );
  await manager.start();
  const server = await startApiServer({
    host: opts.host,
    port: opts.port,
    token,
    tls: { cert: pki.serverCert, key: pki.serverKey },
    deps: {
      registry,
      store,
      catalog,
      clock: opts.clock,
      bookmarkIntervalMs: Math.max(1, opts.watchBookmarkIntervalMs * opts.timeFactor),
    },
  });
  await writeKubeconfig(opts.kubeconfigOut, server.url, token, pki.caCert);
  let stopped: Promise<void> | undefined;
  return {
    url: server.url,
    token,
    kubeconfigPath: opts.kubeconfigOut,
    stop() {
      stopped ??= (async () => {
        await server.close();
        await manager.stop();
        unbindCrds();
        await log.close();
      })();
      return stopped;
    },
  };
}
