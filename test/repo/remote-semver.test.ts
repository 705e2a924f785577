import { mkdtemp, rm } from 'node:fs/promises';
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
  root = await mkdtemp(join(tmpdir(), 'ferry-git-semver-'));
  server = await startGitHttpServer({ root });
});

afterAll(async () => {
  await server.stop();
  await rm(root, { recursive: true, force: true });
});

/** A served repository with one commit per version, each tagged (some without a `v`). */
async function tagged(
  name: string,
  versions: string[],
): Promise<{ repo: ServedRepo; url: string; shas: Map<string, string> }> {
  const repo = await ServedRepo.create(root, name, { 'app/cm.yaml': 'version: initial\n' });
  const shas = new Map<string, string>();
  for (const version of versions) {
    const sha = await repo.commit({ write: { 'app/cm.yaml': `version: ${version}\n` } }, version);
    await repo.tag(version, sha, { annotated: version.endsWith('.0') });
    shas.set(version, sha);
  }
  await repo.push();
  return { repo, url: `${server.url}/${repo.name}`, shas };
}

async function newCache(): Promise<RepoCache> {
  return new RepoCache({ cacheDir: await mkdtemp(join(tmpdir(), 'ferry-repo-cache-')) });
}

describe('semver ranges over tags', () => {
  it('resolves each range to the highest matching tag, over HTTP and in place', async () => {
    const versions = ['v1.0.0', 'v1.2.0', 'v1.2.3', '1.2.10', 'v1.4.7', 'v2.0.0-rc.1', 'v2.0.0'];
    const { repo, url, shas } = await tagged('ranges', versions);
    const cache = await newCache();
    const cases: [string, string][] = [
      ['1.2.*', '1.2.10'],
      ['>=1.0.0 <2.0.0', 'v1.4.7'],
      ['^1.2', 'v1.4.7'],
      ['~1.2.0', '1.2.10'],
      ['>=2.0.0-rc.0 <2.0.0', 'v2.0.0-rc.1'],
      ['*', 'v2.0.0'],
    ];
    for (const repoURL of [url, repo.bareDir]) {
      for (const [range, tag] of cases) {
        expect(await cache.resolveRevision(repoURL, range), range).toBe(shas.get(tag));
      }
    }
    const tree = await cache.openCommit(url, await cache.resolveRevision(url, '^1.2'));
    expect(await tree.read('app/cm.yaml')).toBe('version: v1.4.7\n');
    // Pre-releases stay out of ranges that do not name one.
    expect(await cache.resolveRevision(url, '>=2.0.0-rc.0')).toBe(shas.get('v2.0.0'));
    expect(await cache.resolveRevision(url, '^2.0')).toBe(shas.get('v2.0.0'));
  });

  it('says which range matched no tag', async () => {
    const { url } = await tagged('no-match', ['v1.0.0']);
    const cache = await newCache();
    await expect(cache.resolveRevision(url, '^3.0')).rejects.toMatchObject({
      code: 'REPO_FAILED',
      message: `no tag matches range "^3.0" in ${url}`,
      data: { reason: 'revision-not-found', revision: '^3.0', repoURL: url },
    });
    // Pre-releases alone do not satisfy a range without one.
    await tagged('only-rc', ['v1.0.0-rc.1']);
    await expect(cache.resolveRevision(`${server.url}/only-rc.git`, '^1.0')).rejects.toMatchObject({
      message: `no tag matches range "^1.0" in ${server.url}/only-rc.git`,
    });
  });

  it('follows a new tag, a moved tag and a force-pushed tag on the next poll', async () => {
    const { repo, url, shas } = await tagged('moving', ['v1.0.0', 'v1.1.0']);
    const cache = await newCache();
    expect(await cache.resolveRevision(url, '^1.0')).toBe(shas.get('v1.1.0'));

    // A new release.
    const v12 = await repo.commit({ write: { 'app/cm.yaml': 'version: v1.2.0\n' } }, 'v1.2.0');
    await repo.push();
    await repo.tag('v1.2.0', v12);
    expect(await cache.resolveRevision(url, '^1.0')).toBe(v12);

    // The release is re-tagged on a fix that no branch holds.
    const fix = await repo.commit({ write: { 'app/cm.yaml': 'version: v1.2.0 fixed\n' } }, 'fix');
    await repo.tag('v1.2.0', fix);
    expect(await cache.resolveRevision(url, '^1.0')).toBe(fix);
    expect(await (await cache.openCommit(url, fix)).read('app/cm.yaml')).toBe(
      'version: v1.2.0 fixed\n',
    );

    // The branch is rewritten and the tag force-pushed back onto the rewritten history.
    await repo.resetHard(shas.get('v1.1.0')!);
    const rewritten = await repo.commit({ write: { 'app/cm.yaml': 'version: rewritten\n' } });
    await repo.push('main', { force: true });
    await repo.tag('v1.2.0', rewritten, { annotated: false });
    expect(await cache.resolveRevision(url, '^1.0')).toBe(rewritten);

    // The tag is deleted: the range falls back to the highest tag left.
    await gitCli(['push', 'origin', ':refs/tags/v1.2.0'], repo.workDir);
    expect(await cache.resolveRevision(url, '^1.0')).toBe(shas.get('v1.1.0'));
  });

  it('asks only for the ref advertisement when no tag changed', async () => {
    const { repo, url } = await tagged('quiet', ['v1.0.0', 'v1.1.0']);
    const cache = await newCache();
    const sha = await cache.resolveRevision(url, '~1.1');
    const before = server.requests.length;
    expect(await cache.resolveRevision(url, '~1.1')).toBe(sha);
    expect(server.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /${repo.name}/info/refs`,
    ]);
  });

  it('prefers a matching tag over a branch named like the range, and falls back to it', async () => {
    const { repo, url, shas } = await tagged('branch-named-range', ['v1.0.0']);
    const branchTip = await repo.commit({ write: { 'b.yaml': 'b: 1\n' } });
    await repo.pushBranch('1.x', branchTip);
    await repo.pushBranch('2.x', branchTip);
    const cache = await newCache();
    expect(await cache.resolveRevision(url, '1.x')).toBe(shas.get('v1.0.0'));
    expect(await cache.resolveRevision(url, '2.x')).toBe(branchTip);
  });
});
