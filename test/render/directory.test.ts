import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { KubeObject } from '../../src/kube/object.js';
import { renderDirectory, type DirectoryOptions } from '../../src/render/directory.js';
import { fsSourceTree, memorySourceTree } from '../support/fs-source-tree.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/render');
const CASES = join(FIXTURES, 'cases');

interface DirectoryCase {
  path: string;
  options?: DirectoryOptions;
  objects?: string[];
  warnings?: { file: string; line: number }[];
  error?: { file: string; line: number; message: string };
}

const cases = readdirSync(CASES)
  .filter((f) => f.startsWith('directory-'))
  .map(
    (f) =>
      [
        f.replace(/^directory-|\.yaml$/gu, ''),
        parse(readFileSync(join(CASES, f), 'utf8')) as DirectoryCase,
      ] as const,
  );

function id(obj: KubeObject): string {
  return `${obj.apiVersion}/${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}

describe('renderDirectory fixtures', () => {
  const tree = fsSourceTree(FIXTURES);

  it.each(cases)('%s', async (_name, c) => {
    const rendering = renderDirectory(tree, c.path, c.options);
    if (c.error !== undefined) {
      const err = await rendering.catch((e: unknown) => e);
      expect(err).toMatchObject({
        code: 'RENDER_FAILED',
        data: { file: c.error.file, line: c.error.line },
      });
      expect((err as Error).message).toMatch(new RegExp(c.error.message, 'u'));
      return;
    }
    const result = await rendering;
    expect(result.sourceType).toBe('directory');
    expect(result.objects.map(id)).toEqual(c.objects);
    expect(result.warnings.map((w) => ({ file: w.file, line: w.line }))).toEqual(c.warnings);
  });
});

describe('renderDirectory', () => {
  it('keeps the values of each document, with aliases expanded', async () => {
    const result = await renderDirectory(fsSourceTree(FIXTURES), 'apps/multi-doc');
    const deploy = result.objects.find((o) => o.kind === 'Deployment')!;
    expect(deploy['spec']).toEqual({
      template: { metadata: { name: 'third', namespace: 'demo' } },
    });
    expect(result.objects.find((o) => o.kind === 'ConfigMap')!['data']).toEqual({ key: 'value' });
  });

  it('explains why a document was skipped', async () => {
    const result = await renderDirectory(fsSourceTree(FIXTURES), 'apps/not-k8s');
    expect(result.warnings[0]!.message).toBe(
      'skipped: not a Kubernetes object (apiVersion, kind and metadata are required)',
    );
  });

  it('gives a parse error a one-line message naming file and line', async () => {
    await expect(renderDirectory(fsSourceTree(FIXTURES), 'apps/parse-error')).rejects.toThrow(
      /^apps\/parse-error\/deploy\.yaml:7: Map keys must be unique$/u,
    );
    await expect(renderDirectory(fsSourceTree(FIXTURES), 'apps/bad-json')).rejects.toThrow(
      /^apps\/bad-json\/svc\.json:5: Expected double-quoted property name$/u,
    );
  });

  it('reports syntax errors, duplicate keys and too many aliases with a line', async () => {
    const bad = memorySourceTree({ 'b.yaml': 'apiVersion: v1\nkind: A\nimage: nginx: 1\n' });
    await expect(renderDirectory(bad, '')).rejects.toMatchObject({
      message: 'b.yaml:3: Nested mappings are not allowed in compact mappings',
      data: { file: 'b.yaml', line: 3 },
    });
    const dup = memorySourceTree({ 'd.yaml': 'apiVersion: v1\nkind: A\nkind: B\nmetadata: {}\n' });
    await expect(renderDirectory(dup, '')).rejects.toMatchObject({
      data: { file: 'd.yaml', line: 3 },
    });
    const laughs = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...'bcdefgh'
        .split('')
        .map((c, i) => `${c}: &${c} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
    ].join('\n');
    await expect(renderDirectory(memorySourceTree({ 'l.yaml': laughs }), '')).rejects.toMatchObject(
      {
        code: 'RENDER_FAILED',
        data: { file: 'l.yaml' },
      },
    );
  });

  it('reports a missing app path and a path that is a file', async () => {
    const tree = memorySourceTree({ 'a/cm.yaml': 'x: 1\n' });
    await expect(renderDirectory(tree, 'nope')).rejects.toMatchObject({
      message: 'app path does not exist: nope',
      data: { path: 'nope' },
    });
    await expect(renderDirectory(tree, 'a/cm.yaml')).rejects.toMatchObject({
      message: 'app path is not a directory: a/cm.yaml',
    });
    await expect(renderDirectory(tree, '../a')).rejects.toMatchObject({ code: 'RENDER_FAILED' });
  });

  it('renders the repository root for an empty, "." or "/" path', async () => {
    const tree = memorySourceTree({
      'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: root}\n',
    });
    for (const path of ['', '.', '/', undefined]) {
      expect((await renderDirectory(tree, path)).objects).toHaveLength(1);
    }
  });
});
