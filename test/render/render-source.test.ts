import { describe, expect, it } from 'vitest';
import { renderSource } from '../../src/render/render-source.js';
import { detectSourceType, explicitSourceType } from '../../src/render/source-type.js';
import { memorySourceTree } from '../support/fs-source-tree.js';

const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n';

const tree = memorySourceTree({
  'plain/cm.yaml': CM,
  'kust/kustomization.yaml': 'resources: [cm.yaml]\n',
  'kust/cm.yaml': CM,
  'kust-yml/kustomization.yml': '{}\n',
  'kust-bare/Kustomization': '{}\n',
  'chart/Chart.yaml': 'name: demo\n',
  'chart/values.yaml': 'x: 1\n',
  'both/Chart.yaml': 'name: demo\n',
  'both/kustomization.yaml': '{}\n',
  'nested/sub/kustomization.yaml': '{}\n',
});

describe('detectSourceType', () => {
  it.each([
    ['plain', 'directory'],
    ['kust', 'kustomize'],
    ['kust-yml', 'kustomize'],
    ['kust-bare', 'kustomize'],
    ['chart', 'helm'],
    ['both', 'kustomize'],
    ['nested', 'directory'],
  ])('%s → %s', async (path, expected) => {
    expect(await detectSourceType(tree, path)).toBe(expected);
  });
});

describe('explicitSourceType', () => {
  it('is the one type set in the spec, none, or an error for several', () => {
    expect(explicitSourceType({ repoURL: 'r' })).toBeUndefined();
    expect(explicitSourceType({ repoURL: 'r', directory: {} })).toBe('directory');
    expect(explicitSourceType({ repoURL: 'r', helm: {} })).toBe('helm');
    expect(() => explicitSourceType({ repoURL: 'r', helm: {}, kustomize: {} })).toThrow(
      'multiple source types are set (kustomize, helm); set only one',
    );
  });
});

describe('renderSource', () => {
  it('renders a directory source with its directory options', async () => {
    const result = await renderSource(tree, { repoURL: 'r', path: 'plain' });
    expect(result.sourceType).toBe('directory');
    expect(result.objects.map((o) => o.metadata.name)).toEqual(['cm']);
    const recursed = await renderSource(tree, {
      repoURL: 'r',
      path: 'kust',
      directory: { include: 'cm.yaml' },
    });
    expect(recursed.objects).toHaveLength(1);
  });

  it('renders Kustomize sources natively', async () => {
    const result = await renderSource(tree, { repoURL: 'r', path: 'kust' });
    expect(result.sourceType).toBe('kustomize');
    expect(result.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toHaveLength(1);
  });

  it('reports a missing path as such', async () => {
    await expect(renderSource(tree, { repoURL: 'r', path: 'missing' })).rejects.toMatchObject({
      message: 'app path does not exist: missing',
    });
  });
});
