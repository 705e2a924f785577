import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderKustomize } from '../../../src/render/kustomize/render-kustomize.js';
import { fsSourceTree } from '../../support/fs-source-tree.js';
import { kubectlKustomize, type KubectlOutcome } from './kubectl-kustomize.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/kustomize');

const hasKustomization = (dir: string): boolean =>
  existsSync(path.join(FIXTURES, dir, 'kustomization.yaml'));

/**
 * Fixture cases: each `<case>/` with a kustomization, else its `overlay/` when it has one,
 * else each subdirectory with a kustomization. `error-*` cases live in render-errors.test.ts.
 */
const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((e) => e.isDirectory() && !e.name.startsWith('error-'))
  .flatMap((e) => {
    if (hasKustomization(`${e.name}/overlay`)) return [`${e.name}/overlay`];
    if (hasKustomization(e.name)) return [e.name];
    return readdirSync(path.join(FIXTURES, e.name))
      .map((sub) => `${e.name}/${sub}`)
      .filter(hasKustomization);
  })
  .sort();

const expected = new Map<string, KubectlOutcome>();

beforeAll(async () => {
  const outcomes = await Promise.all(
    cases.map((name) => kubectlKustomize(path.join(FIXTURES, name))),
  );
  cases.forEach((name, i) => expected.set(name, outcomes[i]!));
});

describe('kustomize renders as kubectl kustomize does', () => {
  const tree = fsSourceTree(FIXTURES);

  it.each(cases)('%s', async (name) => {
    const reference = expected.get(name)!;
    expect(reference.error).toBeUndefined();
    const result = await renderKustomize(tree, name);
    expect(result.objects).toEqual(reference.objects);
  });
});
