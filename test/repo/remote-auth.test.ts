import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeError } from '../../src/model/errors.js';
import { credentialsByPrefix } from '../../src/repo/credentials.js';
import { RepoCache } from '../../src/repo/repo-cache.js';
import { startGitHttpServer, type GitHttpServer } from '../support/git-http-server.js';
import { ServedRepo } from '../support/served-repo.js';

const USER = 'ferry';
const PASSWORD = 's3cret-token-value';

let root: string;
let server: GitHttpServer;
let url: string;
let head: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ferry-git-auth-'));
  server = await startGitHttpServer({ root, auth: { username: USER, password: PASSWORD } });
  const repo = await ServedRepo.create(root, 'private', { 'cm.yaml': 'kind: ConfigMap\n' });
  url = `${server.url}/${repo.name}`;
  head = await repo.revParse('HEAD');
});

afterAll(async () => {
  await server.stop();
  await rm(root, { recursive: true, force: true });
});

async function cacheWith(
  credentials?: Parameters<typeof credentialsByPrefix>[0],
): Promise<RepoCache> {
  const cacheDir = await mkdtemp(join(tmpdir(), 'ferry-repo-cache-'));
  return credentials === undefined
    ? new RepoCache({ cacheDir })
    : new RepoCache({ cacheDir, credentials: credentialsByPrefix(credentials) });
}

describe('RepoCache credentials', () => {
  it('clones and reads with a username and password', async () => {
    const cache = await cacheWith({ [server.url]: { username: USER, password: PASSWORD } });
    expect(await cache.resolveRevision(url, 'main')).toBe(head);
    const tree = await cache.openCommit(url, head);
    expect(await tree.read('cm.yaml')).toBe('kind: ConfigMap\n');
  });

  it('sends a token as the password', async () => {
    const cache = await cacheWith({ [url]: { username: USER, token: PASSWORD } });
    expect(await cache.resolveRevision(url, 'main')).toBe(head);
  });

  it('accepts credentials written into the URL and never shows them', async () => {
    const cache = await cacheWith();
    const withCreds = url.replace('http://', `http://${USER}:${PASSWORD}@`);
    expect(await cache.resolveRevision(withCreds, 'main')).toBe(head);
    const err = await cache.resolveRevision(withCreds, 'missing').catch((e: unknown) => e);
    expect(err).toMatchObject({ data: { repoURL: url, reason: 'revision-not-found' } });
    expect(JSON.stringify(err)).not.toContain(PASSWORD);
  });

  it('fails with reason auth when the password is wrong, without leaking it', async () => {
    const cache = await cacheWith({ [server.url]: { username: USER, password: 'wrong-password' } });
    const err = await cache.resolveRevision(url, 'main').catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'REPO_FAILED',
      data: { repoURL: url, revision: 'main', reason: 'auth' },
    });
    expect(describeError(err)).toMatch(
      /^authentication failed for http:\/\/127\.0\.0\.1:\d+\/private\.git/u,
    );
    expect(`${describeError(err)} ${JSON.stringify(err)}`).not.toContain('wrong-password');
  });

  it('fails with reason auth when no credentials are configured', async () => {
    const cache = await cacheWith();
    await expect(cache.resolveRevision(url, 'main')).rejects.toMatchObject({
      data: { reason: 'auth' },
    });
  });
});
