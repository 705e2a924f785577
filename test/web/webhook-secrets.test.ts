import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookHandler } from '../../src/web/webhook/webhook-route.js';
import { webhookSecrets } from '../../src/web/webhook/webhook-settings.js';
import { deliver, githubPush, gitlabPush } from './support/webhook-client.js';
import type { Server } from 'node:http';

describe('webhook secrets are required', () => {
  let server: Server;
  let url: string;
  const refreshed: string[] = [];

  beforeAll(async () => {
    const handler = webhookHandler({
      apps: async () => [],
      refresh: (name) => refreshed.push(name),
      settings: { secrets: webhookSecrets({ webhookGitlabSecret: 'only-gitlab' }) },
      log: pino({ level: 'silent' }),
    });
    const app = express().use('/api/webhook', handler.router);
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(() => {
    server?.close();
  });

  it('rejects every delivery of a provider that has no secret', async () => {
    const res = await deliver(url, githubPush('https://github.com/o/r', ['x']));
    expect(res.status).toBe(401);
    expect(res.body.error?.code).toBe('WEBHOOK_NOT_CONFIGURED');
    const gitlab = await deliver(url, gitlabPush('https://gitlab.com/o/r', ['x'], 'only-gitlab'));
    expect(gitlab.status).toBe(202);
    expect(refreshed).toEqual([]);
  });

  it('takes each provider its own secret, else the shared one', () => {
    expect(webhookSecrets({ webhookSecret: 's', webhookGithubSecret: 'g' })).toEqual({
      github: 'g',
      gitlab: 's',
      bitbucket: 's',
      gitea: 's',
      generic: 's',
    });
  });
});
