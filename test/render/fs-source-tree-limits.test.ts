import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeError } from '../../src/model/errors.js';
import { fsSourceTree } from '../../src/render/fs-source-tree.js';
import { renderSource } from '../../src/render/render-source.js';

const cm = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\n`;

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ferry-fs-limits-'));
  await mkdir(join(dir, 'many'));
  await mkdir(join(dir, 'big'));
  for (const name of ['a', 'b', 'c', 'd'])
    await writeFile(join(dir, 'many', `${name}.yaml`), cm(name));
  await writeFile(join(dir, 'big', 'huge.yaml'), `${cm('huge')}data: {x: "${'x'.repeat(2048)}"}\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('limits on what a render reads from a directory on disk', () => {
  const limits = { maxFiles: 3, maxFileBytes: 1024 };

  it('stops at the file count limit, naming the file and the limit', async () => {
    const err = await renderSource(fsSourceTree(dir, limits), { repoURL: dir, path: 'many' }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'RENDER_FAILED' });
    expect(describeError(err)).toContain(
      'too many files: reading many/d.yaml would go over the limit of 3 files per render (maxFiles)',
    );
  });

  it('refuses a file over the size limit before reading it', async () => {
    const err = await renderSource(fsSourceTree(dir, limits), { repoURL: dir, path: 'big' }).catch(
      (e: unknown) => e,
    );
    expect(describeError(err)).toMatch(
      /file big\/huge\.yaml is 2\.\d KiB, over the limit of 1 KiB per file \(maxFileBytes\)/u,
    );
  });

  it('reads within the limits, and by default', async () => {
    const tree = fsSourceTree(dir, { maxFiles: 4 });
    const result = await renderSource(tree, { repoURL: dir, path: 'many' });
    expect(result.objects.map((o) => o.metadata.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(
      (await renderSource(fsSourceTree(dir), { repoURL: dir, path: 'big' })).objects,
    ).toHaveLength(1);
  });
});
