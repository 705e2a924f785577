import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthy, startFerryEnv, synced, type FerryEnv } from '../support/ferry-env.js';
import { waitFor } from '../support/wait-for.js';
import { webDeployment } from '../support/manifests.js';

describe('auto-rollback', () => {
  let env: FerryEnv;

  beforeAll(async () => {
    env = await startFerryEnv({ 'web/deployment.yaml': webDeployment('nginx:1.27') });
  });

  afterAll(async () => {
    await env?.stop();
  });

  it(
    'goes back to the last healthy revision when a bad image never becomes Healthy',
    { timeout: 60_000 },
    async () => {
      await env.createApp('web', {
        path: 'web',
        syncPolicy: {
          automated: { selfHeal: true },
          autoRollback: { enabled: true, healthTimeoutSeconds: 3 },
        },
      });
      const good = await env.waitForApp(
        'web',
        'Synced, Healthy and recorded healthy',
        (a) => synced(a) && healthy(a) && a.status?.lastHealthyRevision !== undefined,
      );
      const goodRevision = good.status!.lastHealthyRevision!;

      await env.repo.commit(
        { write: { 'web/deployment.yaml': webDeployment('nginx:doesnotexist') } },
        'bad image',
      );
      await env.repo.push();
      const rolledBack = await env.waitForApp(
        'web',
        'rolled back',
        (a) =>
          a.status?.autoSyncPause !== undefined && a.status.operationState?.phase === 'Succeeded',
        40_000,
      );
      expect(rolledBack.status?.autoSyncPause?.rolledBackTo).toBe(goodRevision);
      expect(rolledBack.status?.autoSyncPause?.reason).toMatch(/^auto-rollback: /);
      const last = rolledBack.status?.history?.at(-1);
      expect(last?.revision).toBe(goodRevision);
      expect(last?.initiatedBy).toEqual({ username: 'ferry-auto-rollback', automated: true });
      expect(last?.info?.find((i) => i.name === 'rollbackReason')?.value).toMatch(/auto-rollback/);
      await waitFor('the good image live again', async () => {
        const live = (await env.get('apps/v1', 'Deployment', 'web', 'web')) as {
          spec?: { template?: { spec?: { containers?: { image?: string }[] } } };
        };
        return live.spec?.template?.spec?.containers?.[0]?.image === 'nginx:1.27'
          ? true
          : undefined;
      });
    },
  );
});
