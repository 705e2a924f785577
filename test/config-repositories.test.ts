import { mkdtempSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServeConfig } from '../src/config.js';
import { describeError } from '../src/model/errors.js';
import { RepoCredentialStore } from '../src/repo/credential-store.js';
import { RepoCache } from '../src/repo/repo-cache.js';
import { startGitHttpServer, type GitHttpServer } from './support/git-http-server.js';
import { ServedRepo } from './support/served-repo.js';

const USER = 'ci';
const TOKEN = 'glpat-0123456789abcdef';

const write = (text: string): string => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'ferry-config-')), 'ferry.yaml');
  writeFileSync(file, text);
  return file;
};

const configError = (file: string, env: NodeJS.ProcessEnv = {}): string => {
  try {
    loadServeConfig({ config: file }, env);
  } catch (err) {
    return describeError(err);
  }
  return 'no error';
};

describe('repositories in the config file', () => {
  it('reads url and urlPrefix entries, with secrets from the environment', () => {
    const file = write(`repositories:
  - url: https://git.example.com/team/app.git
    username: ci
    passwordEnv: APP_PASSWORD
  - urlPrefix: https://github.com/my-org/
    tokenEnv: GITHUB_TOKEN
  - urlPrefix: https://gitea.example.com/
    username: bot
    password: inline-password
`);
    const config = loadServeConfig(
      { config: file },
      { APP_PASSWORD: 'app-password', GITHUB_TOKEN: 'ghp_token' },
    );
    expect(config.repositories.map((e) => ({ ...e, source: undefined }))).toEqual([
      {
        url: 'https://git.example.com/team/app.git',
        credentials: { username: 'ci', password: 'app-password' },
        source: undefined,
      },
      {
        urlPrefix: 'https://github.com/my-org/',
        credentials: { token: 'ghp_token' },
        source: undefined,
      },
      {
        urlPrefix: 'https://gitea.example.com/',
        credentials: { username: 'bot', password: 'inline-password' },
        source: undefined,
      },
    ]);
    expect(config.repositories[1]?.source).toBe(`${file} repositories[1]`);
  });

  it('names the entry and the problem, never a value', () => {
    expect(configError(write('repositories:\n  - username: x\n    password: p\n'))).toMatch(
      /repositories\[0\]: give exactly one of url and urlPrefix/u,
    );
    expect(
      configError(write('repositories:\n  - url: https://h/r\n    password: p\n    tokenEnv: T\n')),
    ).toMatch(/repositories\[0\]: give exactly one of password, passwordEnv and tokenEnv/u);
    expect(configError(write('repositories:\n  - url: https://h/r\n    pasword: p\n'))).toMatch(
      /repositories\[0\]: .*pasword/u,
    );
    const missing = configError(write('repositories:\n  - url: https://h/r\n    tokenEnv: NOPE\n'));
    expect(missing).toMatch(/repositories\[0\]: environment variable NOPE is not set/u);
  });

  it('reads the repository cache bound and render limits', () => {
    const config = loadServeConfig(
      { repoCacheSize: '512Mi', repoMaxFiles: '500' },
      { FERRY_REPO_MAX_FILE_SIZE: '1M' },
    );
    expect(config.repoCacheSize).toBe(512 * 2 ** 20);
    expect(config.repoMaxFiles).toBe(500);
    expect(config.repoMaxFileSize).toBe(1_000_000);
    expect(loadServeConfig({}, {}).repoCacheSize).toBe(2 * 2 ** 30);
    expect(() => loadServeConfig({ repoCacheSize: 'lots' }, {})).toThrow(
      /repoCacheSize: "lots" is not a size such as 2Gi/u,
    );
  });

  it('reads the chart cache bound from a flag or the environment', () => {
    expect(loadServeConfig({}, {}).chartCacheSize).toBe(2 ** 30);
    expect(loadServeConfig({ chartCacheSize: '256Mi' }, {}).chartCacheSize).toBe(256 * 2 ** 20);
    expect(loadServeConfig({}, { FERRY_CHART_CACHE_SIZE: '3Gi' }).chartCacheSize).toBe(3 * 2 ** 30);
  });
});

describe('config file credentials against a Git server with basic auth', () => {
  let root: string;
  let server: GitHttpServer;
  let url: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'ferry-git-config-auth-'));
    server = await startGitHttpServer({ root, auth: { username: USER, password: TOKEN } });
    const repo = await ServedRepo.create(root, 'team-app', { 'cm.yaml': 'kind: ConfigMap\n' });
    url = `${server.url}/${repo.name}`;
  });

  afterAll(async () => {
    await server.stop();
    await rm(root, { recursive: true, force: true });
  });

  async function cacheFor(token: string): Promise<RepoCache> {
    const file = write(
      `repositories:\n  - urlPrefix: ${server.url}/\n    username: ${USER}\n    tokenEnv: GIT_TOKEN\n`,
    );
    const { repositories } = loadServeConfig({ config: file }, { GIT_TOKEN: token });
    return new RepoCache({
      cacheDir: await mkdtemp(path.join(tmpdir(), 'ferry-repo-cache-')),
      credentials: new RepoCredentialStore(repositories).lookup,
    });
  }

  it('clones with the token from the environment', async () => {
    const cache = await cacheFor(TOKEN);
    const sha = await cache.resolveRevision(url, 'main');
    expect(await (await cache.openCommit(url, sha)).read('cm.yaml')).toBe('kind: ConfigMap\n');
  });

  it('fails with reason auth on a wrong token, without showing it', async () => {
    const cache = await cacheFor('glpat-wrong-token-value');
    const err = await cache.resolveRevision(url, 'main').catch((e: unknown) => e);
    expect(err).toMatchObject({ data: { reason: 'auth', repoURL: url } });
    expect(`${describeError(err)} ${JSON.stringify(err)}`).not.toContain('glpat-wrong-token-value');
  });
});
