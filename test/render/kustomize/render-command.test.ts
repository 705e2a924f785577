import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderToYaml } from '../../../src/cli/render-command.js';
import { renderKustomize } from '../../../src/render/kustomize/render-kustomize.js';
import { fsSourceTree } from '../../support/fs-source-tree.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/kustomize');

describe('ferry render', () => {
  it('prints the objects of an overlay that reaches ../base, as multi-document YAML', async () => {
    const yaml = await renderToYaml(path.join(FIXTURES, 'overlay-base/overlay'));
    const printed = parseAllDocuments(yaml).map((d) => d.toJS() as unknown);
    const rendered = await renderKustomize(fsSourceTree(FIXTURES), 'overlay-base/overlay');
    expect(printed).toEqual(rendered.objects);
  });

  it('rejects with a message naming the missing file', async () => {
    await expect(renderToYaml(path.join(FIXTURES, 'error-missing-resource'))).rejects.toThrow(
      /kustomization\.yaml: resource "missing\.yaml" does not exist/u,
    );
  });
});
