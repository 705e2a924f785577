import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait-for.js';
import { deployment, startWebEnv, type WebEnv } from '../web/support/web-env.js';
import { ferry } from './support/run-ferry.js';

describe('ferry token: named tokens a running Ferry accepts', () => {
  let env: WebEnv;
  let dataDir: string;

  beforeAll(async () => {
    env = await startWebEnv({ 'web/deployment.yaml': deployment('web', 'nginx:1.26') });
    dataDir = path.dirname(path.dirname(env.ferry.adminTokenFile));
    await env.createApp('web', { path: 'web' });
    await env.waitForApp('web', 'compared', (a) => a.status?.sync.status === 'OutOfSync');
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('creates a readonly token that can read but cannot sync or roll back', async () => {
    const created = await ferry(['token', 'create', 'ci-reader'], { FERRY_DATA_DIR: dataDir });
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^ferry_t[0-9a-f]{12}_/);
    expect(created.stderr).toContain('readonly token "ci-reader"');
    const stored = await readFile(path.join(dataDir, 'auth', 'tokens.json'), 'utf8');
    expect(stored).not.toContain(token);
    expect(JSON.parse(stored).tokens[0]).toMatchObject({ name: 'ci-reader', role: 'readonly' });

    const me = await env.api('api/v1/session', { token });
    expect(me.body).toEqual({ user: 'ci-reader', role: 'readonly' });
    expect((await env.api('api/v1/applications/web', { token })).status).toBe(200);
    const sync = await env.api('api/v1/applications/web/sync', { token, method: 'POST', body: {} });
    expect(sync.status).toBe(403);
    expect(sync.body.error.code).toBe('PERMISSION_DENIED');
    const rollback = await env.api('api/v1/applications/web/rollback', {
      token,
      method: 'POST',
      body: { id: 0 },
    });
    expect(rollback.status).toBe(403);
    expect(rollback.body.error.code).toBe('PERMISSION_DENIED');

    const cli = await ferry(['app', 'sync', 'web', '--server', env.url, '--token', token]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('readonly');
  });

  it('creates an admin token, lists tokens without their secrets, and deletes one', async () => {
    const args = ['--data-dir', dataDir];
    const created = await ferry(['token', 'create', 'deployer', '--role', 'admin', ...args]);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    const dryRun = await env.api('api/v1/applications/web/sync', {
      token,
      method: 'POST',
      body: { dryRun: true },
    });
    expect(dryRun.status).toBe(200);

    const again = await ferry(['token', 'create', 'deployer', ...args]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists');

    const list = await ferry(['token', 'list', '-o', 'json', ...args]);
    expect(JSON.parse(list.stdout).map((t: { name: string; role: string }) => t.role)).toEqual([
      'readonly',
      'admin',
    ]);
    expect(list.stdout).not.toContain('scrypt');
    const table = await ferry(['token', 'list', ...args]);
    expect(table.stdout).toMatch(/^NAME\s+ROLE\s+CREATED\n/);

    expect((await ferry(['token', 'delete', 'deployer', ...args])).code).toBe(0);
    await waitFor('the deleted token refused', async () => {
      const res = await env.api('api/v1/applications', { token });
      return res.status === 401 ? res : undefined;
    });
    expect((await ferry(['token', 'delete', 'deployer', ...args])).code).toBe(1);
  });
});
