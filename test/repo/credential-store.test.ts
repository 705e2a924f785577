import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/kube/object.js';
import { RepoCredentialStore } from '../../src/repo/credential-store.js';
import { parseRepoSecret } from '../../src/repo/repo-secret.js';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

function secret(
  name: string,
  type: string | undefined,
  fields: Record<string, string>,
  options: { stringData?: boolean } = {},
): KubeObject {
  const labels: Record<string, string> =
    type === undefined ? {} : { 'argocd.argoproj.io/secret-type': type };
  const data = options.stringData
    ? { stringData: fields }
    : { data: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, b64(v)])) };
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: 'ferry', labels },
    type: 'Opaque',
    ...data,
  };
}

describe('parseRepoSecret', () => {
  it('reads a repository Secret, base64 data or stringData', () => {
    const fields = { url: 'https://git.example.com/team/app.git', username: 'u', password: 'p' };
    const expected = {
      url: fields.url,
      credentials: { username: 'u', password: 'p' },
      source: 'Secret ferry/repo',
    };
    expect(parseRepoSecret(secret('repo', 'repository', fields))).toEqual(expected);
    expect(parseRepoSecret(secret('repo', 'repository', fields, { stringData: true }))).toEqual(
      expected,
    );
  });

  it('reads repo-creds as a URL prefix, and a password alone as a token', () => {
    expect(
      parseRepoSecret(
        secret('org', 'repo-creds', { url: 'https://git.example.com/team/', password: 't' }),
      ),
    ).toEqual({
      urlPrefix: 'https://git.example.com/team/',
      credentials: { token: 't' },
      source: 'Secret ferry/org',
    });
  });

  it.each([
    ['no label', secret('x', undefined, { url: 'https://h/r', password: 'p' })],
    ['another secret type', secret('x', 'cluster', { url: 'https://h/r', password: 'p' })],
    ['no url', secret('x', 'repository', { password: 'p' })],
    ['nothing to send', secret('x', 'repository', { url: 'https://h/r' })],
  ])('ignores a Secret with %s', (_, s) => expect(parseRepoSecret(s)).toBeUndefined());
});

describe('parseRepoSecret for chart repositories', () => {
  it('reads a Helm repository Secret too: the URL decides where it applies', () => {
    const s = secret('charts', 'repository', {
      url: 'https://charts.example.com',
      type: 'helm',
      username: 'u',
      password: 'p',
    });
    expect(parseRepoSecret(s)).toMatchObject({ url: 'https://charts.example.com' });
  });
});

describe('RepoCredentialStore', () => {
  const repo = 'https://git.example.com/team/app.git';

  it('prefers the exact repository, then the longest prefix, then a Secret over config', () => {
    const store = new RepoCredentialStore([
      {
        urlPrefix: 'https://git.example.com/',
        credentials: { token: 'config-host' },
        source: 'config',
      },
      {
        urlPrefix: 'https://git.example.com/team/',
        credentials: { token: 'config-team' },
        source: 'config',
      },
    ]);
    expect(store.lookup(repo)).toEqual({ token: 'config-team' });
    expect(store.lookup('https://git.example.com/other/x.git')).toEqual({ token: 'config-host' });
    expect(store.lookup('https://elsewhere.example.com/x.git')).toBeUndefined();

    store.upsertSecret(
      secret('team', 'repo-creds', {
        url: 'https://git.example.com/team/',
        password: 'secret-team',
      }),
    );
    expect(store.lookup(repo)).toEqual({ token: 'secret-team' });

    // The exact repository wins, compared without .git, trailing slash or case.
    store.upsertSecret(
      secret('app', 'repository', {
        url: 'https://GIT.example.com/team/app/',
        username: 'u',
        password: 'exact',
      }),
    );
    expect(store.lookup(repo)).toEqual({ username: 'u', password: 'exact' });
    expect(store.find(repo)?.source).toBe('Secret ferry/app');
  });

  it('follows Secrets as they change and go', () => {
    const store = new RepoCredentialStore();
    const s = secret('app', 'repository', { url: repo, username: 'u', password: 'one' });
    store.upsertSecret(s);
    expect(store.lookup(repo)).toEqual({ username: 'u', password: 'one' });
    store.upsertSecret(secret('app', 'repository', { url: repo, username: 'u', password: 'two' }));
    expect(store.lookup(repo)).toEqual({ username: 'u', password: 'two' });
    // Its label removed: no longer a repository Secret.
    store.upsertSecret(secret('app', undefined, { url: repo, username: 'u', password: 'two' }));
    expect(store.lookup(repo)).toBeUndefined();
    store.upsertSecret(s);
    store.deleteSecret(s);
    expect(store.lookup(repo)).toBeUndefined();
  });
});
