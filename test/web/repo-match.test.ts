import { describe, expect, it } from 'vitest';
import type { Application } from '../../src/model/application.js';
import { appsForPush, normalizeRepoURL } from '../../src/web/webhook/repo-match.js';

const app = (
  name: string,
  repoURL: string,
  path: string,
  extra: Partial<Application['spec']['source']> = {},
  annotations?: Record<string, string>,
): Application => ({
  apiVersion: 'ferry.dev/v1alpha1',
  kind: 'Application',
  metadata: { name, namespace: 'ferry', ...(annotations === undefined ? {} : { annotations }) },
  spec: { source: { repoURL, path, targetRevision: 'main', ...extra }, destination: {} },
});

describe('webhook repository matching', () => {
  it.each([
    ['https://github.com/Org/Repo.git', 'github.com/org/repo'],
    ['https://github.com/org/repo', 'github.com/org/repo'],
    ['https://user:pw@github.com:443/org/repo/', 'github.com/org/repo'],
    ['git@github.com:org/repo.git', 'github.com/org/repo'],
    ['ssh://git@github.com:22/org/repo.git', 'github.com/org/repo'],
    ['http://127.0.0.1:8080/apps.git', '127.0.0.1/apps'],
  ])('normalizes %s', (url, expected) => {
    expect(normalizeRepoURL(url)).toBe(expected);
  });

  const apps = [
    app('root', 'git@github.com:org/mono.git', '.'),
    app('frontend', 'https://github.com/org/mono', 'apps/frontend'),
    app('backend', 'https://github.com/org/mono.git', 'apps/backend'),
    app(
      'shared',
      'https://github.com/org/mono.git',
      'apps/shared-consumer',
      {},
      {
        'argocd.argoproj.io/manifest-generate-paths': '.;../../lib',
      },
    ),
    app('release', 'https://github.com/org/mono.git', 'apps/backend', {
      targetRevision: 'release',
    }),
    app('pinned', 'https://github.com/org/mono.git', 'apps/backend', {
      targetRevision: 'a'.repeat(40),
    }),
    app('other', 'https://github.com/org/other.git', 'apps/backend'),
  ];

  it('matches only apps whose path the pushed files touch', () => {
    const event = {
      repoURLs: ['https://github.com/ORG/mono'],
      revision: 'main',
      changedFiles: ['apps/frontend/deploy.yaml'],
    };
    expect(appsForPush(apps, event)).toEqual(['root', 'frontend']);
    expect(appsForPush(apps, { ...event, changedFiles: ['lib/x.yaml'] })).toEqual([
      'root',
      'shared',
    ]);
    expect(appsForPush(apps, { ...event, changedFiles: ['apps/backend-x/a.yaml'] })).toEqual([
      'root',
    ]);
  });

  it('refreshes every app of the repository and branch when files are unknown', () => {
    expect(
      appsForPush(apps, { repoURLs: ['git@github.com:org/mono.git'], revision: 'main' }),
    ).toEqual(['root', 'frontend', 'backend', 'shared']);
    expect(
      appsForPush(apps, { repoURLs: ['https://github.com/org/mono'], revision: 'release' }),
    ).toEqual(['release']);
  });
});
