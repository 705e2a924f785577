import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCrd } from '../../src/cluster/bootstrap.js';
import { KubeClient } from '../../src/cluster/kube-client.js';
import { loadServeConfig } from '../../src/config.js';
import type { KubeObject } from '../../src/kube/object.js';
import { applicationCrd } from '../../src/model/application-crd.js';
import {
  APPLICATION_API_VERSION,
  APPLICATION_KIND,
  type Application,
} from '../../src/model/application.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { healthy, synced } from '../support/ferry-env.js';
import { startGitHttpServer, type GitHttpServer } from '../support/git-http-server.js';
import { pathOf, type HoldingApiProxy } from '../support/holding-api-proxy.js';
import {
  startProxiedControlPlane,
  type ProxiedControlPlane,
} from '../support/proxied-control-plane.js';
import { ServedRepo } from '../support/served-repo.js';
import { waitFor } from '../support/wait-for.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: 'nginx:1.27'}]}
`;
const CONFIG_MAP = `apiVersion: v1
kind: ConfigMap
metadata: {name: web-settings}
data: {mode: production}
`;
const CLUSTER_ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: web-reader}
rules: [{apiGroups: [''], resources: [pods], verbs: [get]}]
`;

let cluster: ProxiedControlPlane;
let proxy: HoldingApiProxy;
let git: GitHttpServer;
let repo: ServedRepo;
let ferry: RunningServer;
let admin: KubeClient;
const logLines: string[] = [];

beforeAll(async () => {
  cluster = await startProxiedControlPlane('ferry-ns-rbac-');
  admin = cluster.admin;
  proxy = cluster.proxy;
  // What the chart's namespaced mode installs before Ferry starts: the CRD and the namespaces.
  await ensureCrd(admin, applicationCrd());
  for (const name of ['ferry', 'team-a', 'locked']) {
    await admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  // Ferry's identity has Roles in its own namespace and in team-a, and nothing else: the
  // embedded control plane has no authorization, so the proxy refuses what RBAC would.
  proxy.forbidOutside(['ferry', 'team-a']);

  repo = await ServedRepo.create(path.join(cluster.dir, 'git'), 'web', {
    'web/deployment.yaml': DEPLOYMENT,
    'web/configmap.yaml': CONFIG_MAP,
    'cluster-wide/configmap.yaml': CONFIG_MAP,
    'cluster-wide/clusterrole.yaml': CLUSTER_ROLE,
  });
  git = await startGitHttpServer({ root: path.join(cluster.dir, 'git') });

  ferry = await startFerry({});
}, 60_000);

/** Ferry through the proxy, in-process, with more serve flags. */
async function startFerry(flags: Record<string, string>): Promise<RunningServer> {
  const config = loadServeConfig(
    {
      dataDir: path.join(cluster.dir, 'data'),
      port: '0',
      pollInterval: '1s',
      kubeconfig: cluster.kubeconfig,
      ...flags,
    },
    {},
  );
  const log = pino({ level: 'info' }, { write: (line: string) => logLines.push(line) });
  return startServer(config, log);
}

afterAll(async () => {
  await ferry?.stop();
  await git?.stop();
  await cluster?.stop();
});

function application(name: string, appPath: string, namespace: string): Application {
  return {
    apiVersion: APPLICATION_API_VERSION,
    kind: APPLICATION_KIND,
    metadata: { name, namespace: 'ferry' },
    spec: {
      source: { repoURL: `${git.url}/${repo.name}`, path: appPath, targetRevision: 'main' },
      destination: { namespace },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        // The namespace exists; Ferry, which may not read namespaces, takes it as there.
        syncOptions: ['CreateNamespace=true'],
      },
    },
  };
}

async function current(name: string): Promise<Application | undefined> {
  return (await admin.get({
    apiVersion: APPLICATION_API_VERSION,
    kind: APPLICATION_KIND,
    metadata: { name, namespace: 'ferry' },
  })) as Application | undefined;
}

async function conditionOf(name: string, includes: string): Promise<string> {
  return waitFor(`a condition on ${name} saying ${includes}`, async () => {
    const messages = (await current(name))?.status?.conditions?.map((c) => c.message) ?? [];
    return messages.find((m) => m.includes(includes));
  });
}

const configMap = (namespace: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'web-settings', namespace },
});

const deployment = (namespace: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace },
});

describe('ferry serve under RBAC that grants Roles in some namespaces only', () => {
  it('starts, watching its Applications in its own namespace alone', () => {
    const refused = proxy.forbidden.map((r) => `${r.method} ${pathOf(r.path)}`);
    expect(refused).not.toContain('GET /apis/ferry.dev/v1alpha1/applications');
    expect(refused).not.toContain('GET /apis/apiextensions.k8s.io/v1/customresourcedefinitions');
    expect(logLines.join('')).toContain('Ferry is serving');
  });

  it('syncs a Deployment and a ConfigMap into an allowed namespace, Synced and Healthy', async () => {
    await admin.create(application('web', 'web', 'team-a'));
    const app = await waitFor(
      'web Synced and Healthy',
      async () => {
        const a = await current('web');
        return a !== undefined && synced(a) && healthy(a) ? a : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(app.status?.resources.map((r) => `${r.kind}/${r.namespace}/${r.name}`).sort()).toEqual([
      'ConfigMap/team-a/web-settings',
      'Deployment/team-a/web',
    ]);
    // Ferry asked for each kind in all namespaces once, was refused, and watches team-a alone.
    const refused = proxy.forbidden.map((r) => `${r.method} ${pathOf(r.path)}`);
    expect(refused).toContain('GET /apis/apps/v1/deployments');
    expect(refused).toContain('GET /api/v1/configmaps');
    expect(refused.filter((r) => r === 'GET /api/v1/configmaps').length).toBe(1);
    expect((await admin.get(configMap('team-a')))?.['data']).toEqual({ mode: 'production' });
  });

  it('shows the resource tree, managed resources and events of that app', async () => {
    const api = async (route: string): Promise<unknown> => {
      const url = new URL(`api/v1/applications/web/${route}`, ferry.url);
      const res = await fetch(url, { headers: { authorization: `Bearer ${ferry.adminToken!}` } });
      expect(res.status).toBe(200);
      return res.json();
    };
    const kinds = await waitFor('the Deployment, its ReplicaSet and Pods in the tree', async () => {
      const { nodes } = (await api('resource-tree')) as { nodes: { kind: string }[] };
      const seen = new Set(nodes.map((n) => n.kind));
      return seen.has('Pod') ? seen : undefined;
    });
    expect([...kinds].sort()).toEqual(['ConfigMap', 'Deployment', 'Pod', 'ReplicaSet']);
    const managed = (await api('managed-resources')) as { items: { kind: string }[] };
    expect(managed.items.map((r) => r.kind).sort()).toEqual(['ConfigMap', 'Deployment']);
    expect(await api('events')).toHaveProperty('items');
  });

  it('heals a drift of a managed object in that namespace', async () => {
    await admin.mergePatch(configMap('team-a'), { data: { mode: 'debug' } });
    await waitFor('the drift healed', async () => {
      const live = await admin.get(configMap('team-a'));
      return (live?.['data'] as { mode?: string } | undefined)?.mode === 'production'
        ? true
        : undefined;
    });
  });

  it('prunes a resource removed from Git', async () => {
    await repo.commit({ remove: ['web/configmap.yaml'] }, 'drop settings');
    await repo.push();
    await waitFor(
      'web-settings pruned',
      async () => ((await admin.get(configMap('team-a'))) === undefined ? true : undefined),
      { timeoutMs: 30_000 },
    );
    const app = await waitFor('web Synced without it', async () => {
      const a = await current('web');
      return a !== undefined && synced(a) && a.status?.resources.length === 1 ? a : undefined;
    });
    expect(app.status?.resources.map((r) => r.kind)).toEqual(['Deployment']);
    expect(await admin.get(deployment('team-a'))).toBeDefined();
  });

  it('tells an app that targets a namespace Ferry may not see why, and syncs nothing there', async () => {
    await admin.create(application('locked', 'web', 'locked'));
    const message = await conditionOf('locked', 'in namespace "locked"');
    expect(message).toMatch(
      /^Ferry may not watch Deployment in namespace "locked": RBAC grants Ferry no Role/u,
    );
    expect(message).toContain('deployments is forbidden');
    expect((await current('locked'))?.status?.sync.status).toBe('Unknown');
    expect(await admin.get(deployment('locked'))).toBeUndefined();
  });

  it('tells an app that needs a cluster-scoped kind it may not see why, and others carry on', async () => {
    await admin.create(application('cluster-wide', 'cluster-wide', 'team-a'));
    const message = await conditionOf('cluster-wide', 'ClusterRole');
    expect(message).toMatch(/^Ferry may not watch ClusterRole \(cluster-scoped\)/u);
    expect(
      await admin.get({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'web-reader' },
      }),
    ).toBeUndefined();
    const web = await current('web');
    expect(web !== undefined && synced(web) && healthy(web)).toBe(true);
  });

  it('with --managed-namespaces, watches those alone and tells an app elsewhere it is not managed', async () => {
    await ferry.stop();
    const before = proxy.forbidden.length;
    const restarted = new Date().toISOString();
    ferry = await startFerry({ managedNamespaces: 'team-a' });
    await waitFor('web compared again, Synced and Healthy', async () => {
      const a = await current('web');
      const fresh = (a?.status?.reconciledAt ?? '') >= restarted;
      return a !== undefined && fresh && synced(a) && healthy(a) ? a : undefined;
    });
    const message = await conditionOf('locked', 'not managed');
    expect(message).toMatch(
      /^namespace "locked" of (Deployment|ConfigMap) is not managed by Ferry \(it manages team-a, ferry\)$/u,
    );
    // Nothing asked of all namespaces for the managed kinds; the cluster-scoped kind still refused.
    const refused = proxy.forbidden.slice(before).map((r) => pathOf(r.path));
    expect(refused).not.toContain('/api/v1/configmaps');
    expect(refused).not.toContain('/apis/apps/v1/deployments');
    expect(await conditionOf('cluster-wide', 'ClusterRole (cluster-scoped)')).toBeDefined();

    // Self-heal still works through the watches of each namespace.
    await admin.mergePatch(deployment('team-a'), { spec: { replicas: 1 } });
    await waitFor('the replicas healed', async () => {
      const live = await admin.get(deployment('team-a'));
      return (live?.['spec'] as { replicas?: number } | undefined)?.replicas === 2
        ? true
        : undefined;
    });
  });
});
