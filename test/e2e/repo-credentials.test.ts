import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/kube/object.js';
import type { Application } from '../../src/model/application.js';
import { startFerryEnv, synced, type FerryEnv } from '../support/ferry-env.js';
import { repositorySecret } from '../support/manifests.js';

const USER = 'deployer';
const PASSWORD = 'correct-horse-battery-staple';
const WRONG = 'wrong-password-value';

let env: FerryEnv;

beforeAll(async () => {
  env = await startFerryEnv(
    {
      'guestbook/cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: guestbook}\ndata: {release: "1.0"}\n',
    },
    { gitAuth: { username: USER, password: PASSWORD } },
  );
  await env.repo.tag('v1.0.0');
});

afterAll(async () => {
  await env?.stop();
});

function repoSecret(password: string): KubeObject {
  return repositorySecret(env.repoURL, USER, password);
}

const condition = (app: Application): string =>
  app.status?.conditions?.map((c) => c.message).join('\n') ?? '';

describe('private repositories through an Argo CD repository Secret', () => {
  it('fails clearly without credentials and with wrong ones, and syncs once they are right', async () => {
    await env.createApp('private', {
      path: 'guestbook',
      source: { repoURL: env.repoURL, path: 'guestbook', targetRevision: '^1.0' },
      syncPolicy: { automated: { prune: true } },
    });
    let app = await env.waitForApp('private', 'an authentication error', (a) =>
      condition(a).includes('authentication failed'),
    );
    expect(condition(app)).toContain(`authentication failed for ${env.repoURL}`);

    await env.client.create(repoSecret(WRONG));
    // The Secret is read live; the wrong password still fails and never shows.
    const before = app.status?.reconciledAt ?? '';
    await env.waitForApp(
      'private',
      'a later failed comparison',
      (a) =>
        (a.status?.reconciledAt ?? '') > before && condition(a).includes('authentication failed'),
    );

    const secret = repoSecret(PASSWORD);
    await env.client.replace({
      ...secret,
      metadata: {
        ...secret.metadata,
        resourceVersion: (await env.get('v1', 'Secret', 'private-repo', 'ferry'))!.metadata
          .resourceVersion!,
      },
    });
    app = await env.waitForApp('private', 'Synced', synced);
    expect(app.status?.sync.revision).toBe(await env.repo.revParse('v1.0.0'));
    const cm = await env.get('v1', 'ConfigMap', 'guestbook', 'private');
    expect(cm?.['data']).toEqual({ release: '1.0' });

    const everything = JSON.stringify(await env.app('private'));
    for (const secretText of [
      PASSWORD,
      WRONG,
      Buffer.from(`${USER}:${PASSWORD}`).toString('base64'),
    ]) {
      expect(everything).not.toContain(secretText);
    }
  });

  it('loses access when the Secret goes', async () => {
    await env.client.delete(repoSecret(PASSWORD));
    // A new release makes Ferry ask the server again.
    await env.repo.commit({
      write: {
        'guestbook/extra.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra}\n',
      },
    });
    await env.repo.push();
    await env.repo.tag('v1.1.0');
    const app = await env.waitForApp('private', 'an authentication error', (a) =>
      condition(a).includes('authentication failed'),
    );
    expect(JSON.stringify(app)).not.toContain(PASSWORD);
  });
});
