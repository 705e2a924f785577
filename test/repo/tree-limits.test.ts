import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeError } from '../../src/model/errors.js';
import { renderSource } from '../../src/render/render-source.js';
import { initRepo } from '../../src/repo/local-repo.js';
import { RepoCache } from '../../src/repo/repo-cache.js';
import { formatBytes } from '../../src/model/source-limits.js';

const HUGE = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge}\ndata:\n  blob: "${'x'.repeat(300)}"\n`;
const cm = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\n`;

let dir: string;
let sha: string;
let cache: RepoCache;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ferry-tree-limits-'));
  sha = await initRepo(
    dir,
    {
      'small/a.yaml': cm('a'),
      'small/b.yaml': cm('b'),
      'many/a.yaml': cm('a'),
      'many/b.yaml': cm('b'),
      'many/c.yaml': cm('c'),
      'many/d.yaml': cm('d'),
      'big/huge.yaml': HUGE,
    },
    'files',
  );
  cache = new RepoCache({
    cacheDir: join(dir, '.unused'),
    treeLimits: { maxFiles: 3, maxFileBytes: 200 },
  });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('limits on what one commit tree reads', () => {
  it('reads up to the file count limit, counting each file once', async () => {
    const tree = await cache.openCommit(dir, sha);
    for (const file of ['many/a.yaml', 'many/b.yaml', 'many/c.yaml', 'many/a.yaml']) {
      await tree.read(file);
    }
    const err = await tree.read('many/d.yaml').catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'REPO_FAILED',
      message:
        'too many files: reading many/d.yaml would go over the limit of 3 files per render ' +
        '(maxFiles; raise it with --repo-max-files)',
      data: { reason: 'limit-exceeded', path: 'many/d.yaml', revision: sha, repoURL: dir },
    });
    // Another tree (another render) has its own count.
    expect(await (await cache.openCommit(dir, sha)).read('many/d.yaml')).toBe(cm('d'));
  });

  it('refuses a file over the size limit, naming the file, its size and the limit', async () => {
    const tree = await cache.openCommit(dir, sha);
    await expect(tree.readBytes('big/huge.yaml')).rejects.toMatchObject({
      message: `file big/huge.yaml is ${HUGE.length} bytes, over the limit of 200 bytes per file (maxFileBytes; raise it with --repo-max-file-size)`,
      data: { reason: 'limit-exceeded', path: 'big/huge.yaml' },
    });
  });

  it('turns into a render error that names the file and the limit', async () => {
    const many = renderSource(await cache.openCommit(dir, sha), { repoURL: dir, path: 'many' });
    await expect(many).rejects.toMatchObject({ code: 'RENDER_FAILED' });
    expect(describeError(await many.catch((e: unknown) => e))).toMatch(
      /many\/d\.yaml.*limit of 3 files per render/u,
    );
    const big = renderSource(await cache.openCommit(dir, sha), { repoURL: dir, path: 'big' });
    expect(describeError(await big.catch((e: unknown) => e))).toMatch(
      /big\/huge\.yaml.*over the limit of 200 bytes per file/u,
    );
    const ok = await renderSource(await cache.openCommit(dir, sha), {
      repoURL: dir,
      path: 'small',
    });
    expect(ok.objects.map((o) => o.metadata.name)).toEqual(['a', 'b']);
  });
});

describe('formatBytes', () => {
  it.each([
    [200, '200 bytes'],
    [1536, '1.5 KiB'],
    [16 * 2 ** 20, '16 MiB'],
    [2 * 2 ** 30, '2 GiB'],
  ])('%d is %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});
