import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeClient } from '../../src/cluster/kube-client.js';
import { loadServeConfig } from '../../src/config.js';
import {
  APPLICATION_API_VERSION,
  APPLICATION_KIND,
  type Application,
} from '../../src/model/application.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { synced } from '../support/ferry-env.js';
import { startGitHttpServer, type GitHttpServer } from '../support/git-http-server.js';
import { pathOf, type HoldingApiProxy } from '../support/holding-api-proxy.js';
import {
  startProxiedControlPlane,
  type ProxiedControlPlane,
} from '../support/proxied-control-plane.js';
import { repositorySecret } from '../support/manifests.js';
import { ServedRepo } from '../support/served-repo.js';
import { waitFor } from '../support/wait-for.js';

const USER = 'deployer';
const PASSWORD = 'correct-horse-battery-staple';

let cluster: ProxiedControlPlane;
let proxy: HoldingApiProxy;
let git: GitHttpServer;
let ferry: RunningServer;
let admin: KubeClient;
let repoURL: string;
const logLines: string[] = [];

beforeAll(async () => {
  cluster = await startProxiedControlPlane('ferry-ns-secrets-');
  const { dir, kubeconfig } = cluster;
  admin = cluster.admin;
  proxy = cluster.proxy;
  // Ferry reaches the cluster as an identity that may not list or watch Secrets in all
  // namespaces, as under the chart's namespaced RBAC; the embedded control plane has no
  // authorization of its own, so the proxy in front of it refuses those requests.
  proxy.forbid((method, url) => method === 'GET' && pathOf(url) === '/api/v1/secrets');

  const repo = await ServedRepo.create(path.join(dir, 'git'), 'private', {
    'guestbook/cm.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: guestbook}\ndata: {release: "1.0"}\n',
  });
  git = await startGitHttpServer({
    root: path.join(dir, 'git'),
    auth: { username: USER, password: PASSWORD },
  });
  repoURL = `${git.url}/${repo.name}`;

  const config = loadServeConfig(
    { dataDir: path.join(dir, 'data'), port: '0', pollInterval: '1s', kubeconfig },
    {},
  );
  const log = pino({ level: 'info' }, { write: (line: string) => logLines.push(line) });
  ferry = await startServer(config, log);
}, 60_000);

afterAll(async () => {
  await ferry?.stop();
  await git?.stop();
  await cluster?.stop();
});

describe('repository Secrets without leave to list Secrets in all namespaces', () => {
  it("reads them from Ferry's own namespace, live, and syncs the private repository", async () => {
    expect(proxy.forbidden.map((r) => pathOf(r.path))).toContain('/api/v1/secrets');
    expect(logLines.join('')).toContain(
      'Secrets may not be listed in all namespaces: watching repository Secrets in this one',
    );
    expect(logLines.join('')).not.toContain('repository Secrets are not read');

    const app: Application = {
      apiVersion: APPLICATION_API_VERSION,
      kind: APPLICATION_KIND,
      metadata: { name: 'private', namespace: 'ferry' },
      spec: {
        source: { repoURL, path: 'guestbook', targetRevision: 'main' },
        destination: { namespace: 'private' },
        syncPolicy: { automated: { prune: true }, syncOptions: ['CreateNamespace=true'] },
      },
    };
    await admin.create(app);
    const current = async (): Promise<Application | undefined> =>
      (await admin.get(app)) as Application | undefined;
    await waitFor('an authentication error', async () => {
      const a = await current();
      const messages = a?.status?.conditions?.map((c) => c.message).join('\n') ?? '';
      return messages.includes('authentication failed') ? true : undefined;
    });

    // Created after Ferry started: the watch of its namespace brings it.
    const secret = repositorySecret(repoURL, USER, PASSWORD);
    await admin.create(secret);
    await waitFor(
      'the app to sync',
      async () => {
        const a = await current();
        return a !== undefined && synced(a) ? a : undefined;
      },
      { timeoutMs: 30_000 },
    );
    const cm = await admin.get({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'guestbook', namespace: 'private' },
    });
    expect(cm?.['data']).toEqual({ release: '1.0' });
  });
});
