import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployment, READONLY_TOKEN, startWebEnv, type WebEnv } from './support/web-env.js';

describe('authorization: tokens, roles, dashboard sessions and CSRF', () => {
  let env: WebEnv;

  beforeAll(async () => {
    env = await startWebEnv({ 'web/deployment.yaml': deployment('web', 'nginx:1.26') });
    await env.createApp('web', { path: 'web' });
    await env.waitForApp('web', 'compared', (a) => a.status?.sync.status === 'OutOfSync');
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('keeps the generated admin token only as an scrypt hash', async () => {
    expect(env.adminToken).toMatch(/^ferry_/);
    const stored = await readFile(env.ferry.adminTokenFile, 'utf8');
    expect(stored).toMatch(/^scrypt\$/);
    expect(stored).not.toContain(env.adminToken);
  });

  it('rejects missing and wrong tokens', async () => {
    expect((await env.api('api/v1/applications', { token: null })).status).toBe(401);
    const wrong = await env.api('api/v1/applications', { token: 'ferry_wrong' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('lets the readonly role read but not sync, roll back, create, delete or terminate', async () => {
    const ro = { token: READONLY_TOKEN };
    expect((await env.api('api/v1/applications', ro)).status).toBe(200);
    expect((await env.api('api/v1/applications/web', ro)).status).toBe(200);
    const attempts = [
      env.api('api/v1/applications/web/sync', { ...ro, method: 'POST', body: {} }),
      env.api('api/v1/applications/web/rollback', { ...ro, method: 'POST', body: { id: 0 } }),
      env.api('api/v1/applications/web/operation', { ...ro, method: 'DELETE' }),
      env.api('api/v1/applications/web', { ...ro, method: 'DELETE' }),
      env.api('api/v1/applications', {
        ...ro,
        method: 'POST',
        body: {
          metadata: { name: 'x' },
          spec: { source: { repoURL: env.repoURL }, destination: {} },
        },
      }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('PERMISSION_DENIED');
    }
    const app = await env.api('api/v1/applications/web');
    expect(app.body.operation).toBeUndefined();
  });

  it('signs the dashboard in with a cookie session and requires the CSRF token to change things', async () => {
    const bad = await env.api('api/v1/session', {
      method: 'POST',
      token: null,
      body: { token: 'nope' },
    });
    expect(bad.status).toBe(401);
    const login = await env.api('api/v1/session', {
      method: 'POST',
      token: null,
      body: { token: env.adminToken },
    });
    expect(login.status).toBe(200);
    const cookies = login.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('ferry_session='))!;
    expect(session).toContain('HttpOnly');
    expect(session).toContain('SameSite=Strict');
    const csrfCookie = cookies.find((c) => c.startsWith('ferry_csrf='))!;
    expect(csrfCookie).not.toContain('HttpOnly');
    const cookie = cookies.map((c) => c.split(';')[0]).join('; ');
    const me = await env.api('api/v1/session', { token: null, headers: { cookie } });
    expect(me.body).toEqual({ user: 'admin', role: 'admin' });
    expect(
      (await env.api('api/v1/applications', { token: null, headers: { cookie } })).status,
    ).toBe(200);
    const forged = await env.api('api/v1/applications/web/sync', {
      method: 'POST',
      token: null,
      headers: { cookie },
      body: {},
    });
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('CSRF_FAILED');
    const wrongCsrf = await env.api('api/v1/applications/web/sync', {
      method: 'POST',
      token: null,
      headers: { cookie, 'x-csrf-token': 'guess' },
      body: {},
    });
    expect(wrongCsrf.status).toBe(403);
    const ok = await env.api('api/v1/applications/web/sync', {
      method: 'POST',
      token: null,
      headers: { cookie, 'x-csrf-token': login.body.csrfToken },
      body: { dryRun: true },
    });
    expect(ok.status).toBe(200);
    const logout = await env.api('api/v1/session', {
      method: 'DELETE',
      token: null,
      headers: { cookie },
    });
    expect(logout.status).toBe(204);
    expect(
      (await env.api('api/v1/applications', { token: null, headers: { cookie } })).status,
    ).toBe(401);
  });

  it('serves probes and metrics without a token, with security headers', async () => {
    const health = await env.api('healthz', { token: null });
    expect(health.status).toBe(200);
    expect((await env.api('readyz', { token: null })).status).toBe(200);
    const page = await env.api('', { token: null });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-powered-by')).toBeNull();
  });
});
