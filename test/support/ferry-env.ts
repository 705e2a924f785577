import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { KubeClient } from '../../src/cluster/kube-client.js';
import { loadServeConfig } from '../../src/config.js';
import type { KubeObject } from '../../src/kube/object.js';
import {
  APPLICATION_API_VERSION,
  APPLICATION_KIND,
  type Application,
  type ApplicationSpec,
} from '../../src/model/application.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { startGitHttpServer, type GitHttpServer } from './git-http-server.js';
import { ServedRepo } from './served-repo.js';
import { waitFor } from './wait-for.js';

/** Ferry standalone on its embedded control plane, with a Git repository served over HTTP. */
export interface FerryEnv {
  ferry: RunningServer;
  /** Stops Ferry and starts it again on the same data directory. */
  restart(): Promise<void>;
  repo: ServedRepo;
  repoURL: string;
  client: KubeClient;
  createApp(name: string, spec: Partial<ApplicationSpec> & { path: string }): Promise<void>;
  app(name: string): Promise<Application | undefined>;
  waitForApp(
    name: string,
    what: string,
    ok: (app: Application) => boolean,
    timeoutMs?: number,
  ): Promise<Application>;
  get(
    apiVersion: string,
    kind: string,
    name: string,
    namespace?: string,
  ): Promise<KubeObject | undefined>;
  stop(): Promise<void>;
}

export async function startFerryEnv(
  files: Record<string, string>,
  options: {
    pollInterval?: string;
    /** HTTP basic credentials the Git server requires. */
    gitAuth?: { username: string; password: string };
  } = {},
): Promise<FerryEnv> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ferry-env-'));
  const repo = await ServedRepo.create(path.join(dir, 'git'), 'apps', files);
  const git: GitHttpServer = await startGitHttpServer({
    root: path.join(dir, 'git'),
    ...(options.gitAuth === undefined ? {} : { auth: options.gitAuth }),
  });
  const repoURL = `${git.url}/${repo.name}`;
  const config = loadServeConfig(
    { dataDir: path.join(dir, 'data'), port: '0', pollInterval: options.pollInterval ?? '1s' },
    {},
  );
  const log = pino({ level: process.env['FERRY_TEST_LOG'] ?? 'silent' });
  const ferry = await startServer(config, log);
  const client = KubeClient.fromFile(ferry.kubeconfigPath!);
  const ref = (name: string): KubeObject => ({
    apiVersion: APPLICATION_API_VERSION,
    kind: APPLICATION_KIND,
    metadata: { name, namespace: 'ferry' },
  });
  const env: FerryEnv = {
    ferry,
    async restart() {
      env.client.close();
      await env.ferry.stop();
      env.ferry = await startServer(config, log);
      // The embedded control plane may listen on a new port: read its kubeconfig again.
      env.client = KubeClient.fromFile(env.ferry.kubeconfigPath!);
    },
    repo,
    repoURL,
    client,
    async createApp(name, spec) {
      const { path: appPath, ...rest } = spec;
      const app: Application = {
        ...ref(name),
        metadata: { name, namespace: 'ferry' },
        spec: {
          source: { repoURL, path: appPath, targetRevision: 'main' },
          destination: { namespace: name },
          ...rest,
          syncPolicy: { syncOptions: ['CreateNamespace=true'], ...rest.syncPolicy },
        },
      };
      await env.client.create(app);
    },
    async app(name) {
      return (await env.client.get(ref(name))) as Application | undefined;
    },
    async waitForApp(name, what, ok, timeoutMs = 20_000) {
      return waitFor(
        `${name}: ${what}`,
        async () => {
          const app = await env.app(name);
          return app !== undefined && ok(app) ? app : undefined;
        },
        { timeoutMs },
      );
    },
    async get(apiVersion, kind, name, namespace) {
      return env.client.get({
        apiVersion,
        kind,
        metadata: { name, ...(namespace === undefined ? {} : { namespace }) },
      });
    },
    async stop() {
      env.client.close();
      await env.ferry.stop();
      await git.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return env;
}

export const synced = (app: Application): boolean => app.status?.sync.status === 'Synced';
export const healthy = (app: Application): boolean => app.status?.health.status === 'Healthy';
export const operationDone = (app: Application): boolean => {
  const phase = app.status?.operationState?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Error';
};
