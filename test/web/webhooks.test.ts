import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application } from '../../src/model/application.js';
import { hmacHex } from '../../src/web/webhook/signatures.js';
import { startWebEnv, synced, WEBHOOK_SECRET, type WebEnv } from './support/web-env.js';
import {
  bitbucketPush,
  deliver,
  genericPush,
  giteaPush,
  githubPush,
  gitlabPush,
} from './support/webhook-client.js';

const configMap = (name: string, value: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
data:
  value: "${value}"
`;

describe('POST /api/webhook with real signatures', () => {
  let env: WebEnv;

  const revisionOf = async (name: string) =>
    ((await env.api(`api/v1/applications/${name}`)).body as Application).status?.sync.revision;

  const syncedAt = (name: string, sha: string) =>
    env.waitForApp(
      name,
      `Synced at ${sha.slice(0, 7)}`,
      (a) => synced(a) && a.status?.sync.revision === sha,
    );

  /** Commits a change under `dir/` and pushes it; returns the new SHA. */
  const pushChange = async (dir: string, value: string) => {
    await env.repo.commit(
      { write: { [`${dir}/cm.yaml`]: configMap(dir, value) } },
      `change ${dir}`,
    );
    await env.repo.push();
    return env.repo.revParse('HEAD');
  };

  const metric = async (line: string) => {
    const text = (await env.api('metrics', { token: null })).body as string;
    return Number(
      text
        .split('\n')
        .find((l) => l.startsWith(line))
        ?.split(' ')
        .at(-1) ?? 0,
    );
  };

  beforeAll(async () => {
    env = await startWebEnv(
      { 'a/cm.yaml': configMap('a', '1'), 'b/cm.yaml': configMap('b', '1') },
      { webhookGitlabSecret: 'gitlab-token-for-tests' },
    );
    const auto = { syncPolicy: { automated: { prune: true } } };
    await env.createApp('a', { path: 'a', ...auto });
    await env.createApp('b', { path: 'b', ...auto });
    const head = await env.repo.revParse('HEAD');
    await Promise.all([syncedAt('a', head), syncedAt('b', head)]);
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('refuses unsigned and badly signed GitHub deliveries with 401', async () => {
    const before = await revisionOf('a');
    const unsigned = await deliver(
      env.url,
      githubPush(env.repoURL, ['a/cm.yaml'], { secret: null }),
    );
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error?.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    const wrong = await deliver(
      env.url,
      githubPush(env.repoURL, ['a/cm.yaml'], { secret: 'wrong' }),
    );
    expect(wrong.status).toBe(401);
    expect(await revisionOf('a')).toBe(before);
    expect(
      await metric('ferry_webhook_total{provider="github",result="webhook_signature_invalid"}'),
    ).toBe(2);
  });

  it('refreshes only the apps whose path a GitHub push touched, and drops a repeated delivery', async () => {
    const sha = await pushChange('a', '2');
    const push = githubPush(`${env.repoURL.replace('http://', 'HTTP://')}`, ['a/cm.yaml']);
    const res = await deliver(env.url, push);
    expect(res.status).toBe(202);
    expect(res.body.apps).toEqual(['a']);
    await syncedAt('a', sha);
    const again = await deliver(env.url, push);
    expect(again.status).toBe(200);
    expect(again.body.result).toBe('duplicate');
  });

  it('accepts GitLab with its token, Bitbucket and Gitea with their signatures', async () => {
    const bad = await deliver(env.url, gitlabPush(env.repoURL, ['b/cm.yaml'], WEBHOOK_SECRET));
    expect(bad.status).toBe(401);
    const sha = await pushChange('b', '2');
    const gitlab = await deliver(
      env.url,
      gitlabPush(`${env.repoURL.replace(/\.git$/, '')}/`, ['b/cm.yaml'], 'gitlab-token-for-tests'),
    );
    expect(gitlab.status).toBe(202);
    expect(gitlab.body.apps).toEqual(['b']);
    await syncedAt('b', sha);

    const bitbucket = await deliver(env.url, bitbucketPush(env.repoURL));
    expect(bitbucket.status).toBe(202);
    expect(bitbucket.body.apps).toEqual(['a', 'b']);
    const badBitbucket = await deliver(env.url, bitbucketPush(env.repoURL, 'wrong'));
    expect(badBitbucket.status).toBe(401);

    const gitea = await deliver(env.url, giteaPush(env.repoURL, ['a/cm.yaml', 'README.md']));
    expect(gitea.status).toBe(202);
    expect(gitea.body.apps).toEqual(['a']);
    const badGitea = await deliver(env.url, giteaPush(env.repoURL, ['a/cm.yaml'], 'wrong'));
    expect(badGitea.status).toBe(401);
  });

  it('checks the generic payload for signature, age and replay, and limits the body size', async () => {
    const payload = { repository: env.repoURL, revision: 'main', paths: ['b/cm.yaml'] };
    const fresh = genericPush(payload);
    const ok = await deliver(env.url, fresh);
    expect(ok.status).toBe(202);
    expect(ok.body.apps).toEqual(['b']);
    const replayed = await deliver(env.url, fresh);
    expect(replayed.status).toBe(401);
    expect(replayed.body.error?.code).toBe('WEBHOOK_REPLAYED');
    const old = await deliver(
      env.url,
      genericPush(payload, { timestamp: Math.floor(Date.now() / 1000) - 3600 }),
    );
    expect(old.body.error?.code).toBe('WEBHOOK_EXPIRED');
    const forged = genericPush(payload);
    forged.headers['x-ferry-timestamp'] = String(Number(forged.headers['x-ferry-timestamp']) + 1);
    expect((await deliver(env.url, forged)).body.error?.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    const otherBranch = await deliver(env.url, genericPush({ ...payload, revision: 'feature' }));
    expect(otherBranch.body.apps).toEqual([]);
    const huge = genericPush({ repository: env.repoURL, paths: ['x'.repeat(2 * 1024 * 1024)] });
    const tooLarge = await deliver(env.url, huge);
    expect(tooLarge.status).toBe(413);
  });

  it('collapses 100 concurrent deliveries for one repository into one fetch', async () => {
    const sha = await pushChange('a', '3');
    const fetchesBefore = env.git.fetchCount('apps.git');
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => deliver(env.url, githubPush(env.repoURL, undefined))),
    );
    expect(answers.every((a) => a.status === 202)).toBe(true);
    await Promise.all([syncedAt('a', sha), syncedAt('b', sha)]);
    expect(env.git.fetchCount('apps.git') - fetchesBefore).toBe(1);
    expect(await metric('ferry_webhook_total{provider="github",result="accepted"}')).toBe(101);
  });

  it('answers pings and unknown senders without refreshing anything', async () => {
    const ping = githubPush(env.repoURL, undefined);
    ping.headers['x-github-event'] = 'ping';
    ping.headers['x-hub-signature-256'] = `sha256=${hmacHex(WEBHOOK_SECRET, ping.body)}`;
    const pong = await deliver(env.url, ping);
    expect(pong.status).toBe(200);
    expect(pong.body.result).toBe('ignored');
    const unknown = await deliver(env.url, { headers: {}, body: '{}' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error?.code).toBe('WEBHOOK_UNKNOWN_PROVIDER');
  });
});
