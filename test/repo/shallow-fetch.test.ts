import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HttpClient } from 'isomorphic-git';
import nodeHttp from 'isomorphic-git/http/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RepoCache } from '../../src/repo/repo-cache.js';
import { cacheDirName } from '../../src/repo/repo-url.js';
import { fastImportCommits, fastImportRepo } from '../support/fast-import.js';
import { gitCli, packedObjects } from '../support/git-cli.js';
import { startGitHttpServer, type GitHttpServer } from '../support/git-http-server.js';
import { ServedRepo } from '../support/served-repo.js';

const FILES = 100;
const COMMITS = 2_000;

const configMap = (name: string, revision: number): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata: {revision: "${revision}"}\n`;

let root: string;
let server: GitHttpServer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ferry-git-shallow-'));
  server = await startGitHttpServer({ root });
});

afterAll(async () => {
  await server.stop();
  await rm(root, { recursive: true, force: true });
});

/** A cache on an empty directory, and where it keeps the clone of `url`. */
async function emptyCache(url: string): Promise<{ cache: RepoCache; gitdir: string }> {
  const cacheDir = await mkdtemp(join(tmpdir(), 'ferry-repo-cache-'));
  return { cache: new RepoCache({ cacheDir }), gitdir: join(cacheDir, cacheDirName(url)) };
}

/**
 * Node's HTTP client for isomorphic-git, except that the server's ref advertisement loses
 * capability `name`, as an older or simpler server's would lack it.
 */
function withoutCapability(name: string): HttpClient {
  return {
    request: async (req) => {
      const res = await nodeHttp.request(req);
      if (!req.url.includes('/info/refs') || res.body === undefined) return res;
      const chunks: Uint8Array[] = [];
      for await (const chunk of res.body) chunks.push(chunk);
      const text = Buffer.concat(chunks).toString('latin1');
      let out = '';
      for (let at = 0; at < text.length;) {
        const length = Number.parseInt(text.slice(at, at + 4), 16);
        if (length === 0) {
          out += '0000';
          at += 4;
          continue;
        }
        const line = text.slice(at + 4, at + length).replace(` ${name}`, '');
        out += (line.length + 4).toString(16).padStart(4, '0') + line;
        at += length;
      }
      const body = Buffer.from(out, 'latin1');
      return {
        ...res,
        body: (async function* () {
          yield body;
        })(),
      };
    },
  };
}

/** The commits the clone's `shallow` file lists: those whose parents it lacks. */
async function shallowCommits(gitdir: string): Promise<string[]> {
  const text = await readFile(join(gitdir, 'shallow'), 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line !== '');
}

describe(`a repository of ${FILES} files and ${COMMITS} commits`, () => {
  let bareDir: string;
  let url: string;

  beforeAll(async () => {
    bareDir = join(root, 'deep.git');
    const files: Record<string, string> = {};
    for (let i = 0; i < FILES; i++) files[`apps/cm-${i}.yaml`] = configMap(`cm-${i}`, 0);
    const changes = Array.from({ length: COMMITS - 1 }, (_, i) => ({
      path: `apps/cm-${i % FILES}.yaml`,
      text: configMap(`cm-${i % FILES}`, i + 1),
    }));
    await fastImportRepo(bareDir, { files, changes });
    url = `${server.url}/deep.git`;
  }, 60_000);

  it('is cloned with its tip commit only, far smaller than in full', async () => {
    const { cache, gitdir } = await emptyCache(url);
    const head = await gitCli(['rev-parse', 'main'], bareDir);
    const bytesBefore = server.fetchBytes('deep.git');
    expect(await cache.resolveRevision(url, 'main')).toBe(head);
    const shallowBytes = server.fetchBytes('deep.git') - bytesBefore;
    const shallowObjects = await packedObjects(gitdir);
    // One commit, two trees and the files: nothing of the history.
    expect(shallowObjects).toBe(1 + 2 + FILES);
    expect(await shallowCommits(gitdir)).toEqual([head]);
    const tree = await cache.openCommit(url, head);
    expect(await tree.read('apps/cm-0.yaml')).toBe(configMap('cm-0', COMMITS - FILES + 1));

    // An abbreviated SHA needs the history: the clone is deepened to all of it.
    const old = await gitCli(['rev-parse', 'main~1500'], bareDir);
    expect(await cache.resolveRevision(url, old.slice(0, 9))).toBe(old);
    const fullBytes = server.fetchBytes('deep.git') - bytesBefore;
    expect(await packedObjects(gitdir)).toBe(await packedObjects(bareDir));
    expect(await shallowCommits(gitdir)).toEqual([]);
    expect(shallowObjects * 20).toBeLessThan(await packedObjects(bareDir));
    expect(shallowBytes * 5).toBeLessThan(fullBytes);
    expect(server.fetchCount('deep.git')).toBe(2);
  });

  it('fetches a commit no ref points at by its SHA, without history', async () => {
    const { cache, gitdir } = await emptyCache(url);
    const before = server.fetchCount('deep.git');
    const old = await gitCli(['rev-parse', 'main~700'], bareDir);
    expect(await cache.resolveRevision(url, old)).toBe(old);
    expect(server.fetchCount('deep.git') - before).toBe(1);
    expect(await packedObjects(gitdir)).toBe(1 + 2 + FILES);
    const revision = COMMITS - 1 - 700;
    const file = `apps/cm-${(revision - 1) % FILES}.yaml`;
    expect(await (await cache.openCommit(url, old)).read(file)).toBe(
      configMap(`cm-${(revision - 1) % FILES}`, revision),
    );
  });

  it('fetches each new commit on top of the last one, and keeps the shallow list short', async () => {
    const { cache, gitdir } = await emptyCache(url);
    const first = await cache.resolveRevision(url, 'main');
    const cloneBytes = server.fetchBytes('deep.git');
    for (let i = 0; i < 3; i++) {
      await fastImportCommits(bareDir, [{ path: 'apps/extra.yaml', text: configMap('x', i) }]);
      const bytesBefore = server.fetchBytes('deep.git');
      const sha = await cache.resolveRevision(url, 'main');
      expect(await gitCli(['rev-parse', 'main'], bareDir)).toBe(sha);
      // The new commit, its root and apps trees and one file: a few hundred bytes.
      expect(server.fetchBytes('deep.git') - bytesBefore).toBeLessThan(cloneBytes / 10);
      expect(await (await cache.openCommit(url, sha)).read('apps/extra.yaml')).toBe(
        configMap('x', i),
      );
    }
    // The clone is cut below its first commit only: the later ones sit on their parents.
    expect(await shallowCommits(gitdir)).toEqual([first]);
  });

  it('still fetches a new commit from a server that offers no thin packs, whole', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'ferry-repo-cache-'));
    const cache = new RepoCache({ cacheDir, http: withoutCapability('thin-pack') });
    const first = server.fetchBytes('deep.git');
    await cache.resolveRevision(url, 'main');
    const cloneBytes = server.fetchBytes('deep.git') - first;
    await fastImportCommits(bareDir, [{ path: 'apps/thick.yaml', text: configMap('t', 1) }]);
    const before = server.fetchBytes('deep.git');
    const sha = await cache.resolveRevision(url, 'main');
    expect(await (await cache.openCommit(url, sha)).read('apps/thick.yaml')).toBe(
      configMap('t', 1),
    );
    // Without a thin pack, the server sends the new commit's whole tree again.
    expect(server.fetchBytes('deep.git') - before).toBeGreaterThan(cloneBytes / 2);
  });

  it('fetches all the history from a server that does not fetch shallow', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'ferry-repo-cache-'));
    const cache = new RepoCache({ cacheDir, http: withoutCapability('shallow') });
    const gitdir = join(cacheDir, cacheDirName(url));
    for (let i = 0; i < 2; i++) {
      await fastImportCommits(bareDir, [{ path: 'apps/other.yaml', text: configMap('o', i) }]);
      const before = server.fetchCount('deep.git');
      expect(await cache.resolveRevision(url, 'main')).toBe(
        await gitCli(['rev-parse', 'main'], bareDir),
      );
      expect(server.fetchCount('deep.git') - before).toBe(1);
    }
    // All the history is here: an old commit needs no fetch.
    expect(await shallowCommits(gitdir)).toEqual([]);
    const before = server.fetchCount('deep.git');
    const old = await gitCli(['rev-parse', 'main~1500'], bareDir);
    expect(await cache.resolveRevision(url, old)).toBe(old);
    expect(server.fetchCount('deep.git')).toBe(before);
  });
});

describe('every kind of revision on a shallow clone', () => {
  let repo: ServedRepo;
  let url: string;
  const shas: string[] = [];

  beforeAll(async () => {
    repo = await ServedRepo.create(root, 'kinds', { 'app/cm.yaml': 'rev: 0\n' });
    shas.push(await repo.revParse('HEAD'));
    for (let i = 1; i <= 4; i++) {
      shas.push(await repo.commit({ write: { 'app/cm.yaml': `rev: ${i}\n` } }, `rev ${i}`));
    }
    await repo.push();
    await repo.tag('v1.0.0', shas[1]); // annotated
    await repo.tag('v1.1.0', shas[2], { annotated: false });
    await repo.tag('light', shas[3], { annotated: false });
    await repo.pushBranch('release', shas[2]);
    url = `${server.url}/${repo.name}`;
  });

  it.each([
    ['the default branch, as HEAD', 'HEAD', 4],
    ['the default branch, as empty', '', 4],
    ['a branch', 'main', 4],
    ['another branch', 'release', 2],
    ['an annotated tag', 'v1.0.0', 1],
    ['a lightweight tag', 'light', 3],
    ['a full tag ref', 'refs/tags/v1.0.0', 1],
    ['a semver range', '~1.0', 1],
    ['a semver range over a lightweight tag', '^1.0', 2],
    ['a full SHA at a tip', 'sha:4', 4],
    ['a full SHA no ref points at', 'sha:0', 0],
    ['an upper-case SHA', 'SHA:1', 1],
    ['an abbreviated SHA', 'short:0', 0],
  ])('resolves %s from an empty cache', async (_, revision, index) => {
    const { cache } = await emptyCache(url);
    const sha = shas[index]!;
    const target = revision.startsWith('sha:')
      ? sha
      : revision.startsWith('SHA:')
        ? sha.toUpperCase()
        : revision.startsWith('short:')
          ? sha.slice(0, 8)
          : revision;
    expect(await cache.resolveRevision(url, target)).toBe(sha);
    expect(await (await cache.openCommit(url, sha)).read('app/cm.yaml')).toBe(`rev: ${index}\n`);
  });
});

describe('history rewritten on the server after a shallow clone', () => {
  it('follows a force-push and keeps the clone sound', async () => {
    const repo = await ServedRepo.create(root, 'rewrite', { 'app/cm.yaml': 'rev: 0\n' });
    const base = await repo.revParse('HEAD');
    await repo.commit({ write: { 'a.yaml': 'a: 1\n' } }, 'to be rewritten');
    await repo.push();
    const url = `${server.url}/${repo.name}`;
    const { cache, gitdir } = await emptyCache(url);
    const rewritten = await cache.resolveRevision(url, 'main');

    await repo.resetHard(base);
    const replacement = await repo.commit({ write: { 'b.yaml': 'b: 1\n' } }, 'replacement');
    await repo.push('main', { force: true });
    expect(await cache.resolveRevision(url, 'main')).toBe(replacement);
    const tree = await cache.openCommit(url, replacement);
    expect((await tree.list('')).map((e) => e.name)).toEqual(['app', 'b.yaml']);
    // The commit the branch left is still readable, and so is the one below both.
    expect(await cache.resolveRevision(url, rewritten)).toBe(rewritten);
    expect(await cache.resolveRevision(url, base.slice(0, 8))).toBe(base);
    expect(existsSync(join(gitdir, 'shallow'))).toBe(false);

    // Back to a shallow fetch for the next commit, on top of a full history.
    const next = await repo.commit({ write: { 'c.yaml': 'c: 1\n' } }, 'next');
    await repo.push();
    expect(await cache.resolveRevision(url, 'main')).toBe(next);
    expect(await shallowCommits(gitdir)).toEqual([]);
  });

  it('follows a tag moved forward, to a commit no branch has, and back', async () => {
    const repo = await ServedRepo.create(root, 'moving-tag', { 'app/cm.yaml': 'rev: 0\n' });
    const first = await repo.revParse('HEAD');
    const second = await repo.commit({ write: { 'app/cm.yaml': 'rev: 1\n' } });
    await repo.push();
    await repo.tag('stable', first);
    const url = `${server.url}/${repo.name}`;
    const { cache } = await emptyCache(url);
    expect(await cache.resolveRevision(url, 'stable')).toBe(first);

    await repo.tag('stable', second);
    expect(await cache.resolveRevision(url, 'stable')).toBe(second);
    const orphan = await repo.commit({ write: { 'app/cm.yaml': 'rev: 2\n' } }, 'only tagged');
    await repo.tag('stable', orphan, { annotated: false });
    expect(await cache.resolveRevision(url, 'stable')).toBe(orphan);
    expect(await (await cache.openCommit(url, orphan)).read('app/cm.yaml')).toBe('rev: 2\n');

    await repo.tag('stable', first);
    const fetches = server.fetchCount(repo.name);
    expect(await cache.resolveRevision(url, 'stable')).toBe(first);
    // A commit the clone has already needs no fetch.
    expect(server.fetchCount(repo.name)).toBe(fetches);
  });
});
