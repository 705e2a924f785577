import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RenderCache } from '../../src/render/render-cache.js';
import { renderSource } from '../../src/render/render-source.js';
import { commitFiles, initRepo } from '../../src/repo/local-repo.js';
import { RepoCache } from '../../src/repo/repo-cache.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ferry-render-git-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const cm = (name: string): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

describe('rendering a commit', () => {
  it('renders each app of a monorepo from its immutable commit tree, cached per commit', async () => {
    const work = join(dir, 'mono');
    const first = await initRepo(
      work,
      { 'apps/a/cm.yaml': cm('a1'), 'apps/b/cm.yaml': cm('b1'), 'apps/b/sub/x.yaml': cm('bx') },
      'first',
    );
    const repos = new RepoCache({ cacheDir: join(dir, 'cache') });
    const renders = new RenderCache();
    const render = async (path: string, revision: string, recurse = false) => {
      const source = { repoURL: work, path, directory: { recurse } };
      const tree = await repos.openCommit(work, revision);
      return renders.getOrRender({ repoURL: work, revision, source }, () =>
        renderSource(tree, source),
      );
    };

    const names = async (path: string, rev: string, recurse?: boolean) =>
      (await render(path, rev, recurse)).objects.map((o) => o.metadata.name);
    expect(await names('apps/a', first)).toEqual(['a1']);
    expect(await names('apps/b', first, true)).toEqual(['b1', 'bx']);

    const second = await commitFiles(work, { write: { 'apps/a/cm.yaml': cm('a2') } }, 'second');
    expect(await repos.resolveRevision(work, 'main')).toBe(second);
    expect(await names('apps/a', second)).toEqual(['a2']);
    expect(await names('apps/a', first)).toEqual(['a1']);
    expect(renders.stats()).toMatchObject({ hits: 1, misses: 3 });
  });
});
