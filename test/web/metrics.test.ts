import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait-for.js';
import { deployment, healthy, startWebEnv, synced, type WebEnv } from './support/web-env.js';

describe('/metrics', () => {
  let env: WebEnv;

  beforeAll(async () => {
    env = await startWebEnv({ 'web/deployment.yaml': deployment('web', 'nginx:1.26') });
    await env.createApp('web', { path: 'web', syncPolicy: { automated: {} } });
    await env.waitForApp('web', 'Synced and Healthy', (a) => synced(a) && healthy(a));
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('serves app info, reconcile, sync, Git and Kubernetes metrics without a token', async () => {
    const text = await waitFor('a finished sync counted', async () => {
      const res = await env.api('metrics', { token: null });
      const body = res.body as string;
      return body.includes('ferry_app_sync_total{phase="Succeeded"}') ? body : undefined;
    });
    expect(text).toContain(
      'ferry_app_info{name="web",sync_status="Synced",health_status="Healthy"} 1',
    );
    expect(text).toMatch(/^ferry_app_reconcile_seconds_count [1-9]/m);
    expect(text).not.toMatch(/ferry_app_reconcile_seconds_bucket\{[^}]*name=/);
    expect(text).toMatch(/ferry_git_request_total\{operation="resolve",result="ok"\} [1-9]/);
    expect(text).toMatch(/ferry_git_request_duration_seconds_count\{operation="resolve"\} [1-9]/);
    expect(text).toMatch(/ferry_k8s_request_total\{verb="PATCH",code="200"\} [1-9]/);
    expect(text).toContain('# TYPE ferry_webhook_total counter');
  });
});

describe('/metrics switched off', () => {
  let env: WebEnv;
  beforeAll(async () => {
    env = await startWebEnv({ 'x/a.yaml': deployment('x', 'nginx') }, { metrics: false });
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('is not served', async () => {
    expect((await env.api('metrics', { token: null })).status).toBe(404);
  });
});
