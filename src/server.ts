import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import path from 'node:path';
import type { Logger } from 'pino';
import { ensureCrd, ensureNamespace } from './cluster/bootstrap.js';
import { inClusterKubeConfig } from './cluster/in-cluster-config.js';
import { KubeClient } from './cluster/kube-client.js';
import { LiveCache, WATCH_SCOPE } from './cluster/live-cache.js';
import type { ServeConfig } from './config.js';
import type { ControlPlane } from './controlplane/index.js';
import { AppController } from './controller/app-controller.js';
import { requestRollback, requestSync, terminateOperation } from './controller/app-actions.js';
import { snapshotApp } from './controller/app-snapshot.js';
import { GitSourceLoader } from './controller/git-source-loader.js';
import { HelmSourceLoader } from './controller/helm-source-loader.js';
import { routeSources } from './controller/source-router.js';
import { registerApplication } from './controller/register-app.js';
import { prepareDemo } from './demo.js';
import { applicationCrd } from './model/application-crd.js';
import {
  APPLICATION_API_VERSION,
  APPLICATION_KIND,
  type Application,
} from './model/application.js';
import type { KubeObject } from './kube/object.js';
import { describeError } from './model/errors.js';
import type { CacheCollection } from './repo/cache-collector.js';
import { RepoCredentialStore } from './repo/credential-store.js';
import { ChartStore } from './repo/helm/chart-store.js';
import { SoleLeader, type Leadership } from './sync/queue/leadership.js';
import { MemorySyncQueue } from './sync/queue/memory.js';
import type { SyncQueue } from './sync/queue/sync-queue.js';
import { loadTokens } from './web/auth/token-store.js';
import { instrumentSources } from './web/metrics/instrumented-sources.js';
import { WebMetrics } from './web/metrics/web-metrics.js';
import { createWebApp } from './web/web-app.js';
import { webhookSecrets } from './web/webhook/webhook-settings.js';

export interface RunningServer {
  /** The dashboard and API. */
  url: string;
  /** The embedded control plane's kubeconfig, in standalone mode. */
  kubeconfigPath?: string;
  controller: AppController;
  /** The admin token, when this start generated it (shown once) or it was configured. */
  adminToken?: string;
  /** True when this start generated the admin token. */
  adminTokenGenerated: boolean;
  /** Where the admin token's hash is kept. */
  adminTokenFile: string;
  stop(): Promise<void>;
}

/**
 * `ferry serve`: connect to a cluster (the embedded control plane unless a kubeconfig is
 * given), install the Application CRD, register apps, then cache → reconcile → sync → web.
 */
export async function startServer(config: ServeConfig, log: Logger): Promise<RunningServer> {
  await mkdir(config.dataDir, { recursive: true });
  const standalone = config.kubeconfig === undefined && config.inCluster === undefined;
  const controlPlane = standalone ? await startEmbedded(config) : undefined;
  const kubeconfigPath = controlPlane?.kubeconfigPath ?? config.kubeconfig;
  // Metrics read the apps from the live cache, created below, at scrape time.
  let listApps: () => Promise<Application[]> = async () => [];
  const metrics = config.metrics ? new WebMetrics(() => listApps()) : undefined;
  const clientOptions = metrics === undefined ? {} : { metrics };
  const client =
    kubeconfigPath === undefined
      ? new KubeClient(inClusterKubeConfig(config.inCluster!), clientOptions)
      : KubeClient.fromFile(kubeconfigPath, clientOptions);

  await ensureCrd(client, applicationCrd());
  await ensureNamespace(client, config.appNamespace);
  for (const app of await appsToRegister(config)) await registerApplication(client, app);

  const cache = new LiveCache(client, {
    onError: (message) => log.warn(message),
    // Ferry's own namespace holds its Applications, which an app of apps manages.
    ...(config.managedNamespaces === undefined
      ? {}
      : { namespaces: [...config.managedNamespaces, config.appNamespace] }),
  });
  const credentials = new RepoCredentialStore(config.repositories);
  await followRepoSecrets(cache, config.appNamespace, credentials, log);
  const charts = new ChartStore({
    cacheDir: path.join(config.dataDir, 'charts'),
    credentials: credentials.lookup,
    maxCacheBytes: config.chartCacheSize,
    onCacheCollected: (collection) => logCacheCollection(collection, CHART_CACHE, log),
  });
  const gitSources = routeSources(
    new GitSourceLoader({
      cacheDir: path.join(config.dataDir, 'repos'),
      charts,
      credentials: credentials.lookup,
      maxCacheBytes: config.repoCacheSize,
      treeLimits: { maxFiles: config.repoMaxFiles, maxFileBytes: config.repoMaxFileSize },
      onCacheCollected: (collection) => logCacheCollection(collection, REPO_CACHE, log),
    }),
    new HelmSourceLoader(charts),
  );
  const sources = metrics === undefined ? gitSources : instrumentSources(gitSources, metrics);
  const { syncQueue, leadership } = await coordination(config);
  const controller = new AppController(
    {
      client,
      cache,
      sources,
      syncQueue,
      log,
      leadership,
      ...(metrics === undefined ? {} : { metrics }),
    },
    {
      namespace: config.appNamespace,
      schedule: config.poll,
      syncTimeoutMs: config.syncTimeout,
      concurrency: config.concurrency,
      compareSettings: config.compareSettings,
    },
  );
  await controller.start();

  listApps = async () =>
    (await cache.list(
      APPLICATION_API_VERSION,
      APPLICATION_KIND,
      config.appNamespace,
    )) as Application[];
  const tokens = await loadTokens({
    dataDir: config.dataDir,
    ...(config.adminToken === undefined ? {} : { adminToken: config.adminToken }),
    ...(config.readonlyToken === undefined ? {} : { readonlyToken: config.readonlyToken }),
    onError: (message) => log.warn(message),
  });
  const target = (name: string) => ({ name, namespace: config.appNamespace });
  const web = createWebApp({
    client,
    cache,
    actions: {
      sync: (name, op, user) => requestSync(client, target(name), op, user),
      rollback: (name, id, user) => requestRollback(client, target(name), id, user),
      terminate: (name) => terminateOperation(client, target(name)),
      snapshot: (app, revision) => snapshotApp(app, revision, { client, cache, sources }),
    },
    sources,
    refresh: (name, level) => controller.refresh(name, level),
    namespace: config.appNamespace,
    compareSettings: config.compareSettings,
    auth: tokens.authenticator,
    ready: () => true,
    webhook: { secrets: webhookSecrets(config), toleranceMs: config.webhookTolerance },
    ...(metrics === undefined ? {} : { metrics }),
    log,
  });
  const http = await listen(web.app, config.port, config.host);
  const address = http.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const url = `http://${config.host}:${port}/`;
  log.info({ url, kubeconfig: kubeconfigPath ?? 'in-cluster' }, 'Ferry is serving');

  return {
    url,
    ...(controlPlane === undefined ? {} : { kubeconfigPath }),
    controller,
    ...(tokens.adminToken === undefined ? {} : { adminToken: tokens.adminToken }),
    adminTokenGenerated: tokens.generated,
    adminTokenFile: tokens.hashFile,
    stop: async () => {
      web.close();
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      await closed;
      await controller.stop();
      await syncQueue.close();
      await cache.stop();
      client.close();
      await controlPlane?.stop();
    },
  };
}

/**
 * Keeps `store` up to date with the Argo CD repository Secrets in Ferry's namespace, read
 * through the live cache's watch, so credentials change without a restart. Without leave to
 * list Secrets in all namespaces (the chart's namespaced mode), Ferry watches its own
 * namespace alone, as Argo CD reads them from its own.
 */
async function followRepoSecrets(
  cache: LiveCache,
  namespace: string,
  store: RepoCredentialStore,
  log: Logger,
): Promise<void> {
  const ours = (obj: KubeObject): boolean =>
    obj.kind === 'Secret' && obj.metadata.namespace === namespace;
  cache.subscribe(({ type, obj }) => {
    if (!ours(obj)) return;
    if (type === 'DELETED') store.deleteSecret(obj);
    else store.upsertSecret(obj);
  });
  try {
    const scope = await cache.watchNamespace('v1', 'Secret', namespace);
    if (scope === WATCH_SCOPE.namespace) {
      log.info(
        { namespace },
        'Secrets may not be listed in all namespaces: watching repository Secrets in this one',
      );
    }
    for (const secret of await cache.list('v1', 'Secret', namespace)) store.upsertSecret(secret);
  } catch (err) {
    log.warn(
      { err: describeError(err), namespace },
      'cannot watch Secrets in this namespace: repository Secrets are not read',
    );
  }
}

/** What a cache under the data directory holds, and the flag that bounds it, for logs. */
interface CacheKind {
  entries: string;
  flag: string;
}

const REPO_CACHE: CacheKind = { entries: 'repository clones', flag: '--repo-cache-size' };
const CHART_CACHE: CacheKind = { entries: 'chart versions', flag: '--chart-cache-size' };

function logCacheCollection(collection: CacheCollection, kind: CacheKind, log: Logger): void {
  const removed = collection.removed.map((r) => r.name);
  if (removed.length > 0) {
    log.info({ removed, keptBytes: collection.keptBytes }, `removed ${kind.entries}`);
  }
  if (collection.overBound) {
    log.warn(
      { keptBytes: collection.keptBytes },
      `the ${kind.entries} in use take more than ${kind.flag}`,
    );
  }
}

/**
 * The sync queue and the leader election: in-process for one replica; BullMQ and a lease in
 * Redis for several, loaded only then.
 */
async function coordination(
  config: ServeConfig,
): Promise<{ syncQueue: SyncQueue; leadership: Leadership }> {
  if (config.redisUrl === undefined) {
    return {
      syncQueue: new MemorySyncQueue({ concurrency: config.concurrency }),
      leadership: new SoleLeader(),
    };
  }
  const [{ BullMqSyncQueue }, { RedisLeader }] = await Promise.all([
    import('./sync/queue/bullmq.js'),
    import('./sync/queue/redis-leader.js'),
  ]);
  return {
    syncQueue: new BullMqSyncQueue({
      redisUrl: config.redisUrl,
      concurrency: config.concurrency,
      lockDurationMs: config.syncLockDuration,
      stalledIntervalMs: config.syncStalledInterval,
    }),
    leadership: new RedisLeader({ redisUrl: config.redisUrl }),
  };
}

/** The embedded control plane, loaded only in standalone mode. */
async function startEmbedded(config: ServeConfig): Promise<ControlPlane> {
  const { startControlPlane } = await import('./controlplane/index.js');
  return startControlPlane({
    dataDir: path.join(config.dataDir, 'controlplane'),
    host: '127.0.0.1',
    port: config.controlPlanePort,
    kubeconfigOut: path.join(config.dataDir, 'kubeconfig'),
  });
}

async function appsToRegister(config: ServeConfig): Promise<Application[]> {
  const apps = config.demo ? await prepareDemo(config.dataDir, config.appNamespace) : [];
  if (config.repo !== undefined) apps.push(appFromFlags(config, config.repo));
  return apps;
}

function appFromFlags(config: ServeConfig, repoURL: string): Application {
  const base = path.posix.basename(
    config.path === '.' ? repoURL.replace(/\.git$/, '') : config.path,
  );
  const name =
    config.app ??
    (base
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') ||
      'app');
  return {
    apiVersion: APPLICATION_API_VERSION,
    kind: APPLICATION_KIND,
    metadata: { name, namespace: config.appNamespace },
    spec: {
      project: 'default',
      source: { repoURL, path: config.path, targetRevision: config.revision },
      destination: { server: 'https://kubernetes.default.svc', namespace: config.destNamespace },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=true'],
      },
    },
  };
}

function listen(
  app: ReturnType<typeof createWebApp>['app'],
  port: number,
  host: string,
): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(server)));
  });
}
