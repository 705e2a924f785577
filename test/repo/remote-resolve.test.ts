import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RepoCache } from '../../src/repo/repo-cache.js';
import { gitCli } from '../support/git-cli.js';
import { startGitHttpServer, type GitHttpServer } from '../support/git-http-server.js';
import { ServedRepo } from '../support/served-repo.js';

let root: string;
let server: GitHttpServer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ferry-git-root-'));
  server = await startGitHttpServer({ root });
});

afterAll(async () => {
  await server.stop();
  await rm(root, { recursive: true, force: true });
});

async function setup(name: string): Promise<{ repo: ServedRepo; cache: RepoCache; url: string }> {
  const repo = await ServedRepo.create(root, name, { 'app/cm.yaml': 'kind: ConfigMap\n' });
  const cacheDir = await mkdtemp(join(tmpdir(), 'ferry-repo-cache-'));
  const cache = new RepoCache({ cacheDir, now: () => new Date(Date.UTC(2024, 5, 1)) });
  return { repo, cache, url: `${server.url}/${repo.name}` };
}

describe('RepoCache over smart HTTP', () => {
  it('resolves a branch, HEAD, an empty revision, tags and SHAs to commit SHAs', async () => {
    const { repo, cache, url } = await setup('resolve');
    const first = await repo.revParse('HEAD');
    await repo.tag('v1.0.0', first); // annotated
    await repo.tag('light', first, { annotated: false });
    expect(await gitCli(['cat-file', '-t', 'v1.0.0'], repo.workDir)).toBe('tag');

    expect(await cache.resolveRevision(url, 'main')).toBe(first);
    expect(await cache.resolveRevision(url, 'HEAD')).toBe(first);
    expect(await cache.resolveRevision(url)).toBe(first);
    expect(await cache.resolveRevision(url, '')).toBe(first);
    expect(await cache.resolveRevision(url, 'v1.0.0')).toBe(first);
    expect(await cache.resolveRevision(url, 'refs/tags/v1.0.0')).toBe(first);
    expect(await cache.resolveRevision(url, 'light')).toBe(first);
    expect(await cache.resolveRevision(url, first)).toBe(first);
    expect(await cache.resolveRevision(url, first.slice(0, 7))).toBe(first);
    expect(await cache.resolveRevision(url, first.toUpperCase())).toBe(first);
    expect(cache.status(url).fetches).toBe(1);
    expect(cache.status(url).lastFetchedAt).toEqual(new Date(Date.UTC(2024, 5, 1)));
  });

  it('sees a new commit after it is pushed, with one more fetch', async () => {
    const { repo, cache, url } = await setup('new-commit');
    const first = await cache.resolveRevision(url, 'main');
    expect(server.fetchCount(repo.name)).toBe(1);

    const second = await repo.commit({ write: { 'app/cm.yaml': 'kind: ConfigMap # 2\n' } });
    await repo.push();
    expect(await cache.resolveRevision(url, 'main')).toBe(second);
    expect(second).not.toBe(first);
    expect(server.fetchCount(repo.name)).toBe(2);
  });

  it('does not fetch when the ref still points at a commit it has', async () => {
    const { repo, cache, url } = await setup('no-change');
    const sha = await cache.resolveRevision(url, 'main');
    const before = server.requests.length;
    expect(await cache.resolveRevision(url, 'main')).toBe(sha);
    expect(await cache.resolveRevision(url, 'HEAD')).toBe(sha);
    expect(server.fetchCount(repo.name)).toBe(1);
    // Only the ref advertisement was asked for: one GET per resolve.
    const since = server.requests.slice(before);
    expect(since.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /${repo.name}/info/refs`,
      `GET /${repo.name}/info/refs`,
    ]);
    // A pinned commit we have needs no request at all.
    const count = server.requests.length;
    expect(await cache.resolveRevision(url, sha)).toBe(sha);
    expect(server.requests.length).toBe(count);
  });

  it('follows a force-push that rewrites the branch', async () => {
    const { repo, cache, url } = await setup('force-push');
    const base = await repo.revParse('HEAD');
    await repo.commit({ write: { 'a.yaml': 'a: 1\n' } }, 'to be rewritten');
    await repo.push();
    const rewritten = await cache.resolveRevision(url, 'main');

    await repo.resetHard(base);
    const replacement = await repo.commit({ write: { 'b.yaml': 'b: 1\n' } }, 'replacement');
    await repo.push('main', { force: true });
    const resolved = await cache.resolveRevision(url, 'main');
    expect(resolved).toBe(replacement);
    expect(resolved).not.toBe(rewritten);
    const tree = await cache.openCommit(url, resolved);
    expect((await tree.list('')).map((e) => e.name)).toEqual(['app', 'b.yaml']);
  });

  it('follows a tag that is moved to another commit', async () => {
    const { repo, cache, url } = await setup('moved-tag');
    const first = await repo.revParse('HEAD');
    await repo.tag('stable', first);
    expect(await cache.resolveRevision(url, 'stable')).toBe(first);

    // Move the tag to a commit that no branch contains.
    const second = await repo.commit({ write: { 'c.yaml': 'c: 1\n' } }, 'only tagged');
    await repo.tag('stable', second);
    expect(await cache.resolveRevision(url, 'stable')).toBe(second);
    await cache.openCommit(url, second);
  });

  it('resolves another branch and prefers a branch over a tag of the same name', async () => {
    const { repo, cache, url } = await setup('branch-vs-tag');
    const first = await repo.revParse('HEAD');
    const second = await repo.commit({ write: { 'd.yaml': 'd: 1\n' } });
    await repo.pushBranch('release', second);
    await repo.tag('release', first);
    expect(await cache.resolveRevision(url, 'release')).toBe(second);
    expect(await cache.resolveRevision(url, 'refs/tags/release')).toBe(first);
  });

  it('shares one fetch between concurrent callers', async () => {
    const { repo, cache, url } = await setup('concurrent');
    const shas = await Promise.all([
      cache.resolveRevision(url, 'main'),
      cache.resolveRevision(url, 'HEAD'),
      cache.resolveRevision(url, 'main'),
    ]);
    expect(new Set(shas).size).toBe(1);
    expect(server.fetchCount(repo.name)).toBe(1);
  });

  it('keeps working from its cache directory in a new process', async () => {
    const { repo, url } = await setup('restart');
    const cacheDir = await mkdtemp(join(tmpdir(), 'ferry-repo-cache-'));
    const sha = await new RepoCache({ cacheDir }).resolveRevision(url, 'main');
    const again = new RepoCache({ cacheDir });
    expect(await again.resolveRevision(url, 'main')).toBe(sha);
    expect(server.fetchCount(repo.name)).toBe(1);
  });
});

describe('RepoCache errors over smart HTTP', () => {
  it('reports a missing repository', async () => {
    const cache = new RepoCache({ cacheDir: await mkdtemp(join(tmpdir(), 'ferry-repo-cache-')) });
    const url = `${server.url}/nope.git`;
    await expect(cache.resolveRevision(url, 'main')).rejects.toMatchObject({
      code: 'REPO_FAILED',
      message: `repository not found: ${url}`,
      data: { repoURL: url, revision: 'main', reason: 'repo-not-found' },
    });
  });

  it('reports a missing revision, branch or SHA', async () => {
    const { cache, url } = await setup('missing-revision');
    await expect(cache.resolveRevision(url, 'no-such-branch')).rejects.toMatchObject({
      message: `revision "no-such-branch" not found in ${url}`,
      data: { reason: 'revision-not-found', revision: 'no-such-branch' },
    });
    await expect(cache.resolveRevision(url, 'deadbeef')).rejects.toMatchObject({
      data: { reason: 'revision-not-found' },
    });
    await expect(cache.resolveRevision(url, 'f'.repeat(40))).rejects.toMatchObject({
      data: { reason: 'revision-not-found' },
    });
    await expect(cache.openCommit(url, 'f'.repeat(40))).rejects.toMatchObject({
      data: { reason: 'revision-not-found' },
    });
  });

  it('reports a server that cannot be reached as a network error', async () => {
    const stopped = await startGitHttpServer({ root });
    const url = `${stopped.url}/resolve.git`;
    await stopped.stop();
    const cache = new RepoCache({ cacheDir: await mkdtemp(join(tmpdir(), 'ferry-repo-cache-')) });
    await expect(cache.resolveRevision(url, 'main')).rejects.toMatchObject({
      data: { reason: 'network', repoURL: url },
    });
  });

  it('gives up on a server that stops answering, as a network error', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const cache = new RepoCache({
      cacheDir: await mkdtemp(join(tmpdir(), 'ferry-repo-cache-')),
      idleTimeoutMs: 100,
    });
    try {
      await expect(
        cache.resolveRevision(`http://127.0.0.1:${port}/silent.git`, 'main'),
      ).rejects.toMatchObject({ data: { reason: 'network' } });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
