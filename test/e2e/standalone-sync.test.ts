import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import { loadServeConfig } from '../../src/config.js';
import type { Application } from '../../src/model/application.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { startGitHttpServer, type GitHttpServer } from '../support/git-http-server.js';
import { ServedRepo } from '../support/served-repo.js';
import { waitFor } from '../support/wait-for.js';

const deployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: ${image}
`;

const FILES = {
  'app/deployment.yaml': deployment('nginx:1.26'),
  'app/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{port: 80}]
`,
  'app/configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: web-settings
data:
  mode: production
`,
};

describe('ferry serve, standalone, syncing a Git repository served over HTTP', () => {
  let dir: string;
  let git: GitHttpServer;
  let repo: ServedRepo;
  let ferry: RunningServer;
  let objects: KubernetesObjectApi;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ferry-e2e-'));
    repo = await ServedRepo.create(path.join(dir, 'git'), 'shop', FILES);
    git = await startGitHttpServer({ root: path.join(dir, 'git') });
    const config = loadServeConfig(
      {
        dataDir: path.join(dir, 'data'),
        port: '0',
        repo: `${git.url}/${repo.name}`,
        path: 'app',
        app: 'shop',
        destNamespace: 'shop',
        pollInterval: '1s',
      },
      {},
    );
    ferry = await startServer(config, pino({ level: 'silent' }));
    const kc = new KubeConfig();
    kc.loadFromFile(ferry.kubeconfigPath!);
    objects = KubernetesObjectApi.makeApiClient(kc);
  });

  afterAll(async () => {
    await ferry?.stop();
    await git?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const auth = () => ({ headers: { authorization: `Bearer ${ferry.adminToken!}` } });

  const getApp = async (): Promise<Application> => {
    const res = await fetch(new URL('api/v1/applications/shop', ferry.url), auth());
    expect(res.status).toBe(200);
    return (await res.json()) as Application;
  };

  const liveImage = async (): Promise<string | undefined> => {
    const live = (await objects.read({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
    })) as { spec?: { template?: { spec?: { containers?: { image?: string }[] } } } };
    return live.spec?.template?.spec?.containers?.[0]?.image;
  };

  it('syncs the app until it is Synced and Healthy', async () => {
    const app = await waitFor('shop Synced and Healthy', async () => {
      const current = await getApp();
      const ok =
        current.status?.sync.status === 'Synced' && current.status.health.status === 'Healthy';
      return ok ? current : undefined;
    });
    expect(app.status?.sync.revision).toBe(await repo.revParse('HEAD'));
    expect(app.status?.resources.map((r) => `${r.kind}/${r.name}`).sort()).toEqual([
      'ConfigMap/web-settings',
      'Deployment/web',
      'Service/web',
    ]);
    expect(await liveImage()).toBe('nginx:1.26');
    const list = (await (
      await fetch(new URL('api/v1/applications', ferry.url), auth())
    ).json()) as {
      items: Application[];
    };
    expect(list.items.map((a) => a.metadata.name)).toEqual(['shop']);
  });

  it('rolls out a new image after a commit is pushed', async () => {
    await repo.commit(
      { write: { 'app/deployment.yaml': deployment('nginx:1.27') } },
      'bump web to 1.27',
    );
    await repo.push();
    const sha = await repo.revParse('HEAD');
    await waitFor('the new image live', async () =>
      (await liveImage()) === 'nginx:1.27' ? true : undefined,
    );
    await waitFor('shop Synced at the new commit', async () => {
      const app = await getApp();
      return app.status?.sync.revision === sha && app.status.sync.status === 'Synced'
        ? true
        : undefined;
    });
  });

  it('prunes a resource whose file was deleted', async () => {
    await repo.commit({ remove: ['app/configmap.yaml'] }, 'drop settings');
    await repo.push();
    await waitFor('web-settings pruned', async () => {
      try {
        await objects.read({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'web-settings', namespace: 'shop' },
        });
        return undefined;
      } catch (err) {
        return (err as { code?: number }).code === 404 ? true : undefined;
      }
    });
    // The prune is visible in the cluster a moment before the operation records its history.
    const app = await waitFor('the prune in history', async () => {
      const current = await getApp();
      return (current.status?.history?.length ?? 0) >= 3 ? current : undefined;
    });
    expect(app.status?.resources.map((r) => r.kind).sort()).toEqual(['Deployment', 'Service']);
  });
});
