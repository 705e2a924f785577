import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderKustomize } from '../../../src/render/kustomize/render-kustomize.js';
import { renderSource } from '../../../src/render/render-source.js';
import { fsSourceTree } from '../../support/fs-source-tree.js';

const tree = fsSourceTree(path.resolve(import.meta.dirname, '../../fixtures/kustomize'));

describe('kustomize errors name the file and what is wrong', () => {
  it.each([
    [
      'error-missing-resource',
      'error-missing-resource/kustomization.yaml: resource "missing.yaml" does not exist (error-missing-resource/missing.yaml)',
    ],
    [
      'error-escape',
      'error-escape/kustomization.yaml: "../../../../../../outside" points outside the repository',
    ],
    [
      'error-remote',
      'error-remote/kustomization.yaml: remote base https://github.com/example/repo//deploy?ref=v1: this render cannot fetch Git repositories',
    ],
    [
      'error-load-restriction/app',
      'error-load-restriction/app/kustomization.yaml: file "../secret.yaml" is not in or below the kustomization directory error-load-restriction/app',
    ],
    [
      'error-patch-target',
      'error-patch-target/kustomization.yaml: patch (inline) targets Deployment.v1.apps/nope.[noNs], but no object matches it',
    ],
    [
      'error-no-kustomization',
      'error-no-kustomization/kustomization.yaml: no kustomization.yaml, kustomization.yml or Kustomization in error-no-kustomization/sub',
    ],
  ])('%s', async (dir, message) => {
    await expect(renderKustomize(tree, dir)).rejects.toMatchObject({
      code: 'RENDER_FAILED',
      message,
    });
  });

  it('reports YAML syntax errors with file and line', async () => {
    const { memorySourceTree } = await import('../../support/fs-source-tree.js');
    const bad = memorySourceTree({
      'app/kustomization.yaml': 'resources: [cm.yaml]\n',
      'app/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n',
    });
    await expect(renderKustomize(bad, 'app')).rejects.toThrow(/^app\/cm\.yaml:\d+: /u);
  });
});

describe('Application source.kustomize options', () => {
  it('apply as kustomize edit would set them on the top kustomization', async () => {
    const withOptions = await renderSource(tree, {
      repoURL: 'r',
      path: 'source-options/plain',
      kustomize: {
        namePrefix: 'argo-',
        nameSuffix: '-x',
        namespace: 'argo',
        images: ['app=registry.example.com/app:7'],
        commonLabels: { env: 'prod' },
        commonAnnotations: { team: 'a' },
        replicas: [{ name: 'app', count: 4 }],
        patches: [
          {
            target: { kind: 'Deployment' },
            patch: '- op: add\n  path: /spec/paused\n  value: true\n',
          },
        ],
      },
    });
    const edited = await renderKustomize(tree, 'source-options/edited');
    expect(withOptions.sourceType).toBe('kustomize');
    expect(withOptions.objects).toEqual(edited.objects);
  });
});

describe('kustomize crds', () => {
  it('rejects a file that is not a map of OpenAPI definitions, naming it', async () => {
    const { memorySourceTree } = await import('../../support/fs-source-tree.js');
    const bad = memorySourceTree({
      'app/kustomization.yaml': 'crds: [defs.yaml]\n',
      'app/defs.yaml': '- not\n- definitions\n',
    });
    await expect(renderKustomize(bad, 'app')).rejects.toThrow(
      'app/defs.yaml: "crds" files must map type names to OpenAPI definitions',
    );
  });
});
