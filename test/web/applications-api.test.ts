import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application } from '../../src/model/application.js';
import { waitFor } from '../support/wait-for.js';
import { deployment, healthy, startWebEnv, synced, type WebEnv } from './support/web-env.js';

const FILES = {
  'web/deployment.yaml': deployment('web', 'nginx:1.26', 2),
  'web/secret.yaml': `apiVersion: v1
kind: Secret
metadata:
  name: web-secret
stringData:
  password: hunter2
`,
  'api/deployment.yaml': deployment('api', 'nginx:1.25'),
};

describe('REST API: /api/v1/applications over real HTTP', () => {
  let env: WebEnv;

  beforeAll(async () => {
    env = await startWebEnv(FILES);
    await env.createApp('web', { path: 'web' });
    await env.createApp('api', {
      path: 'api',
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    });
    await env.waitForApp('web', 'compared', (a) => a.status?.sync.status === 'OutOfSync');
    await env.waitForApp('api', 'Synced and Healthy', (a) => synced(a) && healthy(a));
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('answers errors as JSON with stable codes', async () => {
    const anonymous = await env.api('api/v1/applications', { token: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    const missing = await env.api('api/v1/applications/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      error: { code: 'NOT_FOUND', message: 'application "nope" not found' },
    });
    const badQuery = await env.api('api/v1/applications?limit=0');
    expect(badQuery.body.error.code).toBe('INVALID_ARGUMENT');
    const notJson = await fetch(new URL('api/v1/applications', env.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${env.adminToken}`, 'content-type': 'application/json' },
      body: '{"metadata": ',
    });
    expect(notJson.status).toBe(400);
    const notJsonBody = (await notJson.json()) as { error: { code: string; message: string } };
    expect(notJsonBody.error.code).toBe('INVALID_ARGUMENT');
    expect(notJsonBody.error.message).toContain('not valid JSON');
    const tooLarge = await env.api('api/v1/applications', {
      method: 'POST',
      body: { metadata: { name: 'big' }, padding: 'x'.repeat(2 * 1024 * 1024) },
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const unknownPath = await env.api('api/v1/nothing-here');
    expect(unknownPath.status).toBe(404);
    expect(unknownPath.body.error.code).toBe('NOT_FOUND');
  });

  it('lists with limit and continue, search and status filters, and counts', async () => {
    const first = await env.api('api/v1/applications?limit=1');
    expect(first.body.items.map((a: Application) => a.metadata.name)).toEqual(['api']);
    expect(first.body.metadata.remainingItemCount).toBe(1);
    const second = await env.api(
      `api/v1/applications?limit=1&continue=${first.body.metadata.continue}`,
    );
    expect(second.body.items.map((a: Application) => a.metadata.name)).toEqual(['web']);
    expect(second.body.metadata.continue).toBeUndefined();
    const outOfSync = await env.api('api/v1/applications?sync=OutOfSync');
    expect(outOfSync.body.items.map((a: Application) => a.metadata.name)).toEqual(['web']);
    const search = await env.api('api/v1/applications?search=API');
    expect(search.body.items.map((a: Application) => a.metadata.name)).toEqual(['api']);
    expect(search.body.summary.total).toBe(2);
    expect(search.body.summary.sync).toEqual({ OutOfSync: 1, Synced: 1 });
    const slim = await env.api('api/v1/applications?view=summary&health=Healthy');
    expect(slim.body.items[0].status.resources).toEqual([]);
  });

  it('shows live-vs-desired diffs with Secret values masked', async () => {
    const res = await env.api('api/v1/applications/web/managed-resources');
    expect(res.status).toBe(200);
    const kinds = res.body.items.map(
      (r: { kind: string; status: string }) => `${r.kind}:${r.status}`,
    );
    expect(kinds.sort()).toEqual(['Deployment:Missing', 'Secret:Missing']);
    const secret = res.body.items.find((r: { kind: string }) => r.kind === 'Secret');
    expect(JSON.stringify(secret)).not.toContain('hunter2');
    expect(JSON.stringify(secret)).not.toContain(Buffer.from('hunter2').toString('base64'));
    const dep = res.body.items.find((r: { kind: string }) => r.kind === 'Deployment');
    expect(dep.diff).toContain('+++ desired Deployment/web');
    expect(dep.diff).toContain('image: nginx:1.26');
  });

  it('syncs on request, then serves history, the resource tree and events', async () => {
    const started = await env.api('api/v1/applications/web/sync', {
      method: 'POST',
      body: { prune: true },
    });
    expect(started.status).toBe(200);
    expect(started.body.operation.initiatedBy.username).toBe('admin');
    const again = await env.api('api/v1/applications/web/sync', { method: 'POST', body: {} });
    expect([200, 409]).toContain(again.status);
    if (again.status === 409) expect(again.body.error.code).toBe('OPERATION_IN_PROGRESS');
    await env.waitForApp('web', 'Synced and Healthy', (a) => synced(a) && healthy(a));

    const history = await env.api('api/v1/applications/web/history');
    expect(history.body.items.length).toBeGreaterThanOrEqual(1);

    const tree = await waitFor('pods in the tree', async () => {
      const res = await env.api('api/v1/applications/web/resource-tree');
      const nodes = res.body.nodes as { kind: string; parentRefs: { kind: string }[] }[];
      return nodes.filter((n) => n.kind === 'Pod').length === 2 ? nodes : undefined;
    });
    const rs = tree.find((n) => n.kind === 'ReplicaSet');
    expect(rs?.parentRefs[0]?.kind).toBe('Deployment');
    expect(tree.find((n) => n.kind === 'Pod')?.parentRefs[0]?.kind).toBe('ReplicaSet');
    const top = tree.find((n) => n.kind === 'Deployment') as unknown as { status: string };
    expect(top.status).toBe('Synced');

    const events = await env.api('api/v1/applications/web/events');
    expect(events.status).toBe(200);
    expect(Array.isArray(events.body.items)).toBe(true);

    const none = await env.api('api/v1/applications/web/operation', { method: 'DELETE' });
    expect(none.status).toBe(409);
    expect(none.body.error.code).toBe('NO_OPERATION');
  });

  it('rolls back to a history entry', async () => {
    const history = (await env.api('api/v1/applications/api/history')).body.items as {
      id: number;
    }[];
    const missing = await env.api('api/v1/applications/api/rollback', {
      method: 'POST',
      body: { id: 999 },
    });
    expect(missing.status).toBe(404);
    const res = await env.api('api/v1/applications/api/rollback', {
      method: 'POST',
      body: { id: history[0]!.id },
    });
    expect(res.status).toBe(200);
    expect(res.body.operation.sync.revision).toMatch(/^[0-9a-f]{40}$/);
  });

  it('streams application changes as server-sent events', async () => {
    const controller = new AbortController();
    const res = await fetch(new URL('api/v1/stream/applications?name=web', env.url), {
      headers: { authorization: `Bearer ${env.adminToken}` },
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    await env.api('api/v1/applications/web/sync', { method: 'POST', body: {} });
    let text = '';
    try {
      while (!text.includes('"type":"MODIFIED"')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString('utf8');
      }
    } finally {
      controller.abort();
    }
    const event = text.split('\n').find((l) => l.startsWith('data: '))!;
    const parsed = JSON.parse(event.slice(6)) as { result: { application: Application } };
    expect(parsed.result.application.metadata.name).toBe('web');
  });

  it('creates from Ferry and Argo CD manifests, updates, and refuses duplicates', async () => {
    const manifest = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: 'argo-app',
        namespace: 'argocd',
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      },
      spec: {
        project: 'default',
        sources: [{ repoURL: env.repoURL, path: 'api', targetRevision: 'main' }],
        destination: { server: 'https://kubernetes.default.svc', namespace: 'argo-app' },
      },
    };
    const created = await env.api('api/v1/applications', { method: 'POST', body: manifest });
    expect(created.status).toBe(201);
    expect(created.body.apiVersion).toBe('ferry.dev/v1alpha1');
    expect(created.body.metadata.namespace).toBe('ferry');
    expect(created.body.metadata.finalizers).toBeUndefined();
    expect(created.body.spec.source.path).toBe('api');
    const dup = await env.api('api/v1/applications', { method: 'POST', body: manifest });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('ALREADY_EXISTS');
    const invalid = await env.api('api/v1/applications', {
      method: 'POST',
      body: { metadata: { name: 'Bad_Name' }, spec: {} },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('INVALID_ARGUMENT');
    const updated = await env.api('api/v1/applications/argo-app', {
      method: 'PUT',
      body: {
        ...created.body,
        spec: { ...created.body.spec, source: { ...created.body.spec.source, path: 'web' } },
      },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.spec.source.path).toBe('web');
  });

  it('deletes an app with cascade: its resources first, then the app', async () => {
    const live = () =>
      env.client.get({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'api', namespace: 'api' },
      });
    expect(await live()).toBeDefined();
    const res = await env.api('api/v1/applications/api?cascade=true', { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(res.body.pruned).toContain('Deployment/api/api');
    await waitFor('the Deployment gone', async () =>
      (await live()) === undefined ? true : undefined,
    );
    await waitFor('the app gone', async () =>
      (await env.api('api/v1/applications/api')).status === 404 ? true : undefined,
    );
  });
});
