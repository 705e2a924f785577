import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitFiles, initRepo } from '../../src/repo/local-repo.js';
import { RepoCache } from '../../src/repo/repo-cache.js';
import { gitCli } from '../support/git-cli.js';
import { steppingClock } from '../support/served-repo.js';

let dir: string;
let cache: RepoCache;
let cacheDir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ferry-local-repo-'));
  cacheDir = await mkdtemp(join(tmpdir(), 'ferry-repo-cache-'));
  cache = new RepoCache({ cacheDir });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(cacheDir, { recursive: true, force: true });
});

describe('local repositories', () => {
  it('initRepo and commitFiles make commits git itself reads, dated by the given clock', async () => {
    const work = join(dir, 'made');
    const now = steppingClock(Date.UTC(2024, 0, 1));
    const first = await initRepo(work, { 'a/x.yaml': 'x: 1\n', 'b.yaml': 'b: 1\n' }, 'first', {
      now,
    });
    const second = await commitFiles(
      work,
      { write: { 'a/y.yaml': 'y: 1\n' }, remove: ['b.yaml'] },
      'second',
      { now },
    );
    expect(await gitCli(['rev-parse', 'main'], work)).toBe(second);
    expect(await gitCli(['rev-parse', 'main~1'], work)).toBe(first);
    expect(await gitCli(['ls-tree', '-r', '--name-only', second], work)).toBe('a/x.yaml\na/y.yaml');
    expect(await gitCli(['log', '-1', '--format=%an <%ae> %aI %s', second], work)).toBe(
      'Ferry <ferry@localhost> 2024-01-01T00:02:00+00:00 second',
    );
    expect(await gitCli(['status', '--porcelain'], work)).toBe('');
  });

  it('refuses to write outside the repository', async () => {
    const work = join(dir, 'escape');
    await initRepo(work, { 'a.yaml': 'a: 1\n' }, 'first');
    await expect(commitFiles(work, { write: { '../evil.yaml': 'x' } }, 'no')).rejects.toMatchObject(
      {
        code: 'REPO_FAILED',
      },
    );
    await expect(commitFiles(work, { write: { '.git/config': 'x' } }, 'no')).rejects.toMatchObject({
      code: 'REPO_FAILED',
    });
  });

  it('resolves revisions of a local path and a file:// URL in place, without copying', async () => {
    const work = join(dir, 'in-place');
    const first = await initRepo(work, { 'app/cm.yaml': 'kind: ConfigMap\n' }, 'first');
    await gitCli(['tag', 'v1', first], work);
    await gitCli(['tag', '-a', '-m', 'annotated', 'v1-annotated', first], work);
    const second = await commitFiles(work, { write: { 'app/cm.yaml': 'changed\n' } }, 'second');

    for (const repoURL of [work, pathToFileURL(work).href]) {
      expect(await cache.resolveRevision(repoURL)).toBe(second);
      expect(await cache.resolveRevision(repoURL, 'HEAD')).toBe(second);
      expect(await cache.resolveRevision(repoURL, 'main')).toBe(second);
      expect(await cache.resolveRevision(repoURL, 'v1')).toBe(first);
      expect(await cache.resolveRevision(repoURL, 'v1-annotated')).toBe(first);
      expect(await cache.resolveRevision(repoURL, first)).toBe(first);
      expect(await cache.resolveRevision(repoURL, second.slice(0, 8))).toBe(second);
      expect(await (await cache.openCommit(repoURL, first)).read('app/cm.yaml')).toBe(
        'kind: ConfigMap\n',
      );
    }
    // A new commit is seen at once: the repository is read in place.
    const third = await commitFiles(work, { write: { 'app/new.yaml': 'n: 1\n' } }, 'third');
    expect(await cache.resolveRevision(work, 'main')).toBe(third);
    expect(cache.status(work).fetches).toBe(0);
  });

  it('reads a bare repository', async () => {
    const work = join(dir, 'for-bare');
    const sha = await initRepo(work, { 'cm.yaml': 'c\n' }, 'first');
    const bare = join(dir, 'bare.git');
    await gitCli(['clone', '--bare', work, bare]);
    expect(await cache.resolveRevision(bare, 'main')).toBe(sha);
  });

  it('reports a missing path, a directory that is no repository, and a missing revision', async () => {
    const missing = join(dir, 'does-not-exist');
    await expect(cache.resolveRevision(missing, 'main')).rejects.toMatchObject({
      message: `repository not found: ${missing}`,
      data: { reason: 'repo-not-found', repoURL: missing },
    });
    await expect(cache.resolveRevision(dir, 'main')).rejects.toMatchObject({
      message: `not a git repository: ${dir}`,
      data: { reason: 'repo-not-found' },
    });
    const work = join(dir, 'in-place');
    await expect(cache.resolveRevision(work, 'nope')).rejects.toMatchObject({
      data: { reason: 'revision-not-found', revision: 'nope' },
    });
  });

  it('rejects SSH URLs with a clear message', async () => {
    await expect(
      cache.resolveRevision('git@github.com:org/repo.git', 'main'),
    ).rejects.toMatchObject({
      data: { reason: 'unsupported' },
    });
  });
});
