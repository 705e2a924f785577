import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployment, READONLY_TOKEN, startWebEnv, type WebEnv } from '../web/support/web-env.js';
import { ferry } from './support/run-ferry.js';

describe('ferry login and ferry app verbs against a running Ferry', () => {
  let env: WebEnv;
  let dir: string;
  let as: Record<string, string>;
  let argoFile: string;

  beforeAll(async () => {
    env = await startWebEnv({
      'guestbook/deployment.yaml': deployment('guestbook', 'nginx:1.26'),
      'broken/deployment.yaml': deployment('broken', 'nginx:1.27').replace(
        'matchLabels: {app: broken}',
        'matchLabels: {app: something-else}',
      ),
      // The simulated kubelet never pulls this image; the rollout misses its deadline.
      'stuck/deployment.yaml': deployment('stuck', 'nginx:doesnotexist').replace(
        'spec:\n  replicas',
        'spec:\n  progressDeadlineSeconds: 1\n  replicas',
      ),
    });
    dir = await mkdtemp(path.join(tmpdir(), 'ferry-cli-'));
    as = { FERRY_CONFIG_DIR: path.join(dir, 'config') };
    argoFile = path.join(dir, 'argo.yaml');
    await writeFile(
      argoFile,
      `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: guestbook
  namespace: argocd
  finalizers: [resources-finalizer.argocd.argoproj.io]
spec:
  project: default
  source:
    repoURL: ${env.repoURL}
    path: guestbook
    targetRevision: main
  destination:
    server: https://kubernetes.default.svc
    namespace: guestbook
  syncPolicy:
    syncOptions: [CreateNamespace=true]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: not-an-app}
`,
    );
  });

  afterAll(async () => {
    await env?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('logs in, saving the server and token for later verbs', async () => {
    const bad = await ferry(['login', '--server', env.url, '--token', 'ferry_wrong'], as);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('ferry login');
    const ok = await ferry(['login', '--server', env.url, '--token', env.adminToken], as);
    expect(ok.stdout).toContain('as admin (admin)');
    expect(ok.code).toBe(0);
    const list = await ferry(['app', 'list'], as);
    expect(list.code).toBe(0);
    expect(list.stdout).toBe('No applications.\n');
  });

  it('creates an app from an Argo CD manifest and lists it in every format', async () => {
    const created = await ferry(['app', 'create', '-f', argoFile], as);
    expect(created.stdout).toBe('application "guestbook" created (converted from Argo CD)\n');
    const again = await ferry(['app', 'create', '-f', argoFile], as);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    const imported = await ferry(['app', 'import', '-f', argoFile], as);
    expect(imported.stdout).toContain('"guestbook" applied');
    const json = await ferry(['app', 'list', '-o', 'json'], as);
    expect(JSON.parse(json.stdout)[0].apiVersion).toBe('ferry.dev/v1alpha1');
    const wide = await ferry(['app', 'list', '-o', 'wide'], as);
    expect(wide.stdout.split('\n')[0]).toMatch(/^NAME\s+SYNC\s+HEALTH\s+REVISION\s+REPO/);
    const yaml = await ferry(['app', 'get', 'guestbook', '-o', 'yaml'], as);
    expect((parse(yaml.stdout) as { spec: { source: { path: string } } }).spec.source.path).toBe(
      'guestbook',
    );
  });

  it('diffs with exit 1, syncs with --wait, then diffs clean and waits at once', async () => {
    const env2 = { ...as };
    const wait = await ferry(['app', 'wait', 'guestbook', '--sync', '--timeout', '1s'], env2);
    expect(wait.code).toBe(4);
    expect(wait.stderr).toContain('timed out');
    const diff = await ferry(['app', 'diff', 'guestbook'], as);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain('image: nginx:1.26');
    const sync = await ferry(
      ['app', 'sync', 'guestbook', '--prune', '--wait', '--timeout', '60s'],
      as,
    );
    expect(sync.stderr).toContain('operation');
    expect(sync.stderr).toMatch(/^ {2}Sync wave 0\s+Deployment\/guestbook\/guestbook\s+Synced/m);
    expect(sync.stdout).toContain('sync Synced, health Healthy');
    expect(sync.code).toBe(0);
    const clean = await ferry(['app', 'diff', 'guestbook'], as);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe('');
    const done = await ferry(['app', 'wait', 'guestbook'], as);
    expect(done.code).toBe(0);
    const get = await ferry(['app', 'get', 'guestbook'], as);
    expect(get.stdout).toMatch(/Deployment\s+guestbook\s+guestbook\s+Synced\s+Healthy/);
  });

  it('shows history and rolls back with --wait', async () => {
    const history = await ferry(['app', 'history', 'guestbook', '-o', 'json'], as);
    const items = JSON.parse(history.stdout) as { id: number }[];
    expect(items.length).toBeGreaterThanOrEqual(1);
    const table = await ferry(['app', 'history', 'guestbook'], as);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+DEPLOYED\s+REVISION/);
    const rollback = await ferry(
      ['app', 'rollback', 'guestbook', String(items[0]!.id), '--wait'],
      as,
    );
    expect(rollback.stdout).toContain('rolled back');
    expect(rollback.code).toBe(0);
  });

  it('fails a sync whose resources the API server rejects with exit 2', async () => {
    await env.createApp('broken', { path: 'broken' });
    const sync = await ferry(['app', 'sync', 'broken', '--wait', '--timeout', '60s'], as);
    expect(sync.stderr).toMatch(/operation (Failed|Error)/);
    expect(sync.code).toBe(2);
  });

  it('ends a sync --wait whose app turns Degraded with exit 3', async () => {
    await env.createApp('stuck', { path: 'stuck' });
    const sync = await ferry(['app', 'sync', 'stuck', '--wait', '--timeout', '90s'], as);
    expect(sync.stderr).toContain('health is Degraded');
    expect(sync.code).toBe(3);
    const wait = await ferry(['app', 'wait', 'stuck', '--health', '--timeout', '30s'], as);
    expect(wait.code).toBe(3);
  });

  it('refuses changes with a readonly token, taken from FERRY_TOKEN', async () => {
    const ro = { ...as, FERRY_SERVER: env.url, FERRY_TOKEN: READONLY_TOKEN };
    expect((await ferry(['app', 'list'], ro)).code).toBe(0);
    const sync = await ferry(['app', 'sync', 'guestbook'], ro);
    expect(sync.code).toBe(1);
    expect(sync.stderr).toContain('readonly role cannot change applications');
    const rollback = await ferry(['app', 'rollback', 'guestbook', '1'], ro);
    expect(rollback.code).toBe(1);
  });

  it('deletes the app and its resources', async () => {
    const res = await ferry(['app', 'delete', 'guestbook'], as);
    expect(res.stdout).toContain('deleted Deployment/guestbook/guestbook');
    expect(res.code).toBe(0);
    expect((await ferry(['app', 'get', 'guestbook'], as)).code).toBe(1);
  });
});
