import { describe, expect, it } from 'vitest';
import { parseRemoteBase } from '../../../src/render/kustomize/remote-base-url.js';

describe('remote base URLs split as Kustomize splits them', () => {
  it.each([
    [
      'https://github.com/org/repo//deploy/base?ref=v1',
      'https://github.com/org/repo',
      'deploy/base',
      'v1',
    ],
    [
      'https://git.example.com/org/repo.git/deploy?ref=main',
      'https://git.example.com/org/repo.git',
      'deploy',
      'main',
    ],
    [
      'https://git.example.com/org/repo/deploy/base',
      'https://git.example.com/org/repo',
      'deploy/base',
      undefined,
    ],
    ['github.com/org/repo/deploy?ref=abc123', 'https://github.com/org/repo', 'deploy', 'abc123'],
    ['https://GitHub.com/org/repo', 'https://github.com/org/repo', '', undefined],
    [
      'git::https://git.example.com/org/repo//app?version=v2',
      'https://git.example.com/org/repo',
      'app',
      'v2',
    ],
    [
      'https://h.example.com/o/r//a?version=v2&ref=v3&timeout=9',
      'https://h.example.com/o/r',
      'a',
      'v3',
    ],
    [
      'https://dev.azure.com/org/project/_git/repo/path/to?ref=x',
      'https://dev.azure.com/org/project/_git/repo',
      'path/to',
      'x',
    ],
    [
      'http://127.0.0.1:8080/bases.git//app/./sub/',
      'http://127.0.0.1:8080/bases.git',
      'app/sub',
      undefined,
    ],
    ['git@github.com:org/repo//app?ref=v1', 'git@github.com:org/repo', 'app', 'v1'],
    [
      'ssh://git@git.example.com/org/repo.git//app',
      'ssh://git@git.example.com/org/repo.git',
      'app',
      undefined,
    ],
    ['file:///srv/git/repo//app', 'file:///srv/git/repo', 'app', undefined],
  ])('%s', (url, repoURL, path, ref) => {
    const shown = url.replace('ssh://git@', 'ssh://');
    expect(parseRemoteBase(url)).toEqual({ url: shown, repoURL, path, ...(ref ? { ref } : {}) });
  });

  it('keeps credentials out of the URL it shows', () => {
    expect(parseRemoteBase('https://user:token@git.example.com/org/repo//app?ref=v1')).toEqual({
      url: 'https://git.example.com/org/repo//app?ref=v1',
      repoURL: 'https://user:token@git.example.com/org/repo',
      path: 'app',
      ref: 'v1',
    });
  });

  it.each([
    'base',
    '../base',
    'deploy/github.com/x',
    '/abs/path',
    'https://example.com/deploy.yaml',
    'https://git.example.com/org/repo//../outside',
  ])('%s is not a remote base', (entry) => {
    expect(parseRemoteBase(entry)).toBeUndefined();
  });
});
