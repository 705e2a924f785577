import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderToYaml } from '../../src/cli/render-command.js';

describe('ferry render --set-file', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ferry-set-file-'));
    await mkdir(path.join(dir, 'chart', 'templates'), { recursive: true });
    await writeFile(
      path.join(dir, 'chart', 'Chart.yaml'),
      'apiVersion: v2\nname: c\nversion: 1.0.0\n',
    );
    await writeFile(
      path.join(dir, 'chart', 'templates', 'cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: {{ .Values.a | quote }}\n  b: {{ .Values.b.c | quote }}\n',
    );
    await writeFile(path.join(dir, 'script.sh'), '#!/bin/sh\necho "a, b"\n');
    await writeFile(path.join(dir, 'true.txt'), 'true');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('sets values to the text of files, as helm template --set-file does', async () => {
    const yaml = await renderToYaml(path.join(dir, 'chart'), {
      set: ['a=ignored'],
      setFile: [`a=${path.join(dir, 'script.sh')},b.c=${path.join(dir, 'true.txt')}`],
    });
    expect(parse(yaml)).toMatchObject({ data: { a: '#!/bin/sh\necho "a, b"\n', b: 'true' } });
  });

  it('rejects a pair without a path', async () => {
    await expect(renderToYaml(path.join(dir, 'chart'), { setFile: ['a'] })).rejects.toThrow(
      '--set-file a: expected key=path',
    );
  });
});
