import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { KubeClient } from '../../../src/cluster/kube-client.js';
import { loadServeConfig } from '../../../src/config.js';
import type { KubeObject } from '../../../src/kube/object.js';
import {
  APPLICATION_API_VERSION,
  APPLICATION_KIND,
  type Application,
  type ApplicationSpec,
} from '../../../src/model/application.js';
import { startServer, type RunningServer } from '../../../src/server.js';
import { startGitHttpServer, type GitHttpServer } from '../../support/git-http-server.js';
import { ServedRepo } from '../../support/served-repo.js';
import { waitFor } from '../../support/wait-for.js';

export const READONLY_TOKEN = 'readonly-token-for-tests-0123456789';
export const WEBHOOK_SECRET = 'webhook-secret-for-tests';

/** A parsed API answer; tests read its JSON freely. */
export interface ApiResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Headers;
}

/** Ferry standalone with auth, webhooks and metrics configured, and a Git repo over HTTP. */
export interface WebEnv {
  ferry: RunningServer;
  url: string;
  adminToken: string;
  repo: ServedRepo;
  repoURL: string;
  git: GitHttpServer;
  client: KubeClient;
  /** A request to Ferry's API with a token (the admin's unless given); JSON in and out. */
  api(
    route: string,
    init?: {
      method?: string;
      body?: unknown;
      token?: string | null;
      headers?: Record<string, string>;
    },
  ): Promise<ApiResponse>;
  createApp(name: string, spec: Partial<ApplicationSpec> & { path: string }): Promise<void>;
  waitForApp(name: string, what: string, ok: (app: Application) => boolean): Promise<Application>;
  stop(): Promise<void>;
}

export async function startWebEnv(
  files: Record<string, string>,
  flags: Record<string, unknown> = {},
): Promise<WebEnv> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ferry-web-'));
  const repo = await ServedRepo.create(path.join(dir, 'git'), 'apps', files);
  const git = await startGitHttpServer({ root: path.join(dir, 'git') });
  const repoURL = `${git.url}/${repo.name}`;
  const config = loadServeConfig(
    {
      dataDir: path.join(dir, 'data'),
      port: '0',
      pollInterval: '10m',
      readonlyToken: READONLY_TOKEN,
      webhookSecret: WEBHOOK_SECRET,
      ...flags,
    },
    {},
  );
  const ferry = await startServer(
    config,
    pino({ level: process.env['FERRY_TEST_LOG'] ?? 'silent' }),
  );
  const client = KubeClient.fromFile(ferry.kubeconfigPath!);
  const adminToken = ferry.adminToken!;
  const env: WebEnv = {
    ferry,
    url: ferry.url,
    adminToken,
    repo,
    repoURL,
    git,
    client,
    async api(route, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      const token = init.token === undefined ? adminToken : init.token;
      if (token !== null) headers['authorization'] = `Bearer ${token}`;
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(new URL(route.replace(/^\//, ''), ferry.url), {
        method: init.method ?? 'GET',
        headers,
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON: keep the text.
      }
      return { status: res.status, body, headers: res.headers };
    },
    async createApp(name, spec) {
      const { path: appPath, ...rest } = spec;
      const app: Application = {
        apiVersion: APPLICATION_API_VERSION,
        kind: APPLICATION_KIND,
        metadata: { name, namespace: 'ferry' },
        spec: {
          source: { repoURL, path: appPath, targetRevision: 'main' },
          destination: { namespace: name },
          ...rest,
          syncPolicy: { syncOptions: ['CreateNamespace=true'], ...rest.syncPolicy },
        },
      };
      await client.create(app);
    },
    async waitForApp(name, what, ok) {
      return waitFor(`${name}: ${what}`, async () => {
        const res = await env.api(`api/v1/applications/${name}`);
        return res.status === 200 && ok(res.body as Application)
          ? (res.body as Application)
          : undefined;
      });
    },
    async stop() {
      client.close();
      await ferry.stop();
      await git.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return env;
}

export function deployment(name: string, image: string, replicas = 1): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: ${name}
          image: ${image}
`;
}

export const synced = (app: Application): boolean => app.status?.sync.status === 'Synced';
export const healthy = (app: Application): boolean => app.status?.health.status === 'Healthy';
export type { KubeObject };
