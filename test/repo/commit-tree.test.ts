import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceTree } from '../../src/render/source-tree.js';
import type { CommitTree } from '../../src/repo/commit-tree.js';
import { normalizeRepoPath } from '../../src/repo/commit-tree.js';
import { commitFiles, initRepo } from '../../src/repo/local-repo.js';
import { RepoCache } from '../../src/repo/repo-cache.js';
import { gitCli } from '../support/git-cli.js';

let dir: string;
let tree: CommitTree;
let first: string;
let cache: RepoCache;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ferry-commit-tree-'));
  first = await initRepo(
    dir,
    {
      'README.md': '# demo\n',
      'guestbook/deploy.yaml': 'kind: Deployment\n',
      'guestbook/svc.yaml': 'kind: Service\n',
      'guestbook/nested/cm.yaml': 'kind: ConfigMap\n',
    },
    'first',
  );
  await symlink('guestbook/svc.yaml', join(dir, 'link-to-svc.yaml'));
  await symlink('guestbook', join(dir, 'link-to-dir'));
  await symlink('../../etc/passwd', join(dir, 'escape.yaml'));
  await gitCli(['add', 'link-to-svc.yaml', 'link-to-dir', 'escape.yaml'], dir);
  await gitCli(['commit', '-q', '-m', 'links'], dir);
  cache = new RepoCache({ cacheDir: join(dir, '.cache-unused') });
  tree = await cache.openCommit(dir, await cache.resolveRevision(dir, 'main'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('CommitTree', () => {
  it('satisfies the SourceTree interface render reads through', () => {
    const source: SourceTree = tree;
    expect(typeof source.list).toBe('function');
  });

  it('lists a directory with repo-relative paths and entry types', async () => {
    expect(await tree.list('')).toEqual([
      { name: 'README.md', path: 'README.md', type: 'file' },
      { name: 'escape.yaml', path: 'escape.yaml', type: 'symlink' },
      { name: 'guestbook', path: 'guestbook', type: 'dir' },
      { name: 'link-to-dir', path: 'link-to-dir', type: 'symlink' },
      { name: 'link-to-svc.yaml', path: 'link-to-svc.yaml', type: 'symlink' },
    ]);
    expect(await tree.list('guestbook')).toEqual([
      { name: 'deploy.yaml', path: 'guestbook/deploy.yaml', type: 'file' },
      { name: 'nested', path: 'guestbook/nested', type: 'dir' },
      { name: 'svc.yaml', path: 'guestbook/svc.yaml', type: 'file' },
    ]);
    expect(await tree.list('./guestbook/')).toEqual(await tree.list('guestbook'));
    expect(await tree.list('/')).toEqual(await tree.list('.'));
  });

  it('reads files as text and bytes', async () => {
    expect(await tree.read('guestbook/nested/cm.yaml')).toBe('kind: ConfigMap\n');
    expect(Buffer.from(await tree.readBytes('README.md')).toString('utf8')).toBe('# demo\n');
    expect(await tree.read('guestbook/nested/../deploy.yaml')).toBe('kind: Deployment\n');
  });

  it('follows symlinks that stay inside the repository', async () => {
    expect(await tree.read('link-to-svc.yaml')).toBe('kind: Service\n');
    expect(await tree.read('link-to-dir/deploy.yaml')).toBe('kind: Deployment\n');
    expect((await tree.list('link-to-dir')).map((e) => e.path)).toEqual([
      'link-to-dir/deploy.yaml',
      'link-to-dir/nested',
      'link-to-dir/svc.yaml',
    ]);
    expect(await tree.stat('link-to-dir')).toEqual({
      name: 'link-to-dir',
      path: 'link-to-dir',
      type: 'dir',
    });
  });

  it('rejects paths and symlinks that escape the repository', async () => {
    for (const path of ['..', '../etc/passwd', 'guestbook/../../x', 'a/\0']) {
      await expect(tree.read(path)).rejects.toMatchObject({
        code: 'REPO_FAILED',
        data: { reason: 'invalid-path', path },
      });
    }
    await expect(tree.list('../')).rejects.toMatchObject({ data: { reason: 'invalid-path' } });
    await expect(tree.read('escape.yaml')).rejects.toMatchObject({
      message: 'symlink escape.yaml points outside the repository',
      data: { reason: 'invalid-path' },
    });
  });

  it('reports missing paths, and directories where files are expected', async () => {
    expect(await tree.stat('nope.yaml')).toBeUndefined();
    expect(await tree.stat('README.md/x')).toBeUndefined();
    await expect(tree.read('nope.yaml')).rejects.toMatchObject({
      data: { reason: 'path-not-found', path: 'nope.yaml', revision: tree.sha, repoURL: dir },
    });
    await expect(tree.read('guestbook')).rejects.toMatchObject({
      message: 'not a file: guestbook',
    });
    await expect(tree.list('README.md')).rejects.toMatchObject({
      message: 'not a directory: README.md',
    });
  });

  it('stays the view of its commit after later commits', async () => {
    const old = await cache.openCommit(dir, first);
    await commitFiles(dir, { write: { 'guestbook/deploy.yaml': 'changed\n' } }, 'later');
    expect(await old.read('guestbook/deploy.yaml')).toBe('kind: Deployment\n');
    expect((await old.list('')).map((e) => e.name)).toEqual(['README.md', 'guestbook']);
    expect(old.sha).toBe(first);
  });

  it('needs a full SHA to open a commit', async () => {
    await expect(cache.openCommit(dir, first.slice(0, 7))).rejects.toMatchObject({
      data: { reason: 'revision-not-found' },
    });
  });
});

describe('normalizeRepoPath', () => {
  it.each([
    ['', ''],
    ['.', ''],
    ['/', ''],
    ['./a/b/', 'a/b'],
    ['/a//b', 'a/b'],
    ['a/../b', 'b'],
    ['..', undefined],
    ['a/../../b', undefined],
  ])('%j → %j', (input, expected) => {
    expect(normalizeRepoPath(input)).toBe(expected);
  });
});
