import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { kubectlKustomize } from '../render/kustomize/kubectl-kustomize.js';
import { ferry } from './support/run-ferry.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/kustomize');

/** The fixture overlays that render (the `error-*` ones fail on purpose). */
const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((e) => e.isDirectory() && !e.name.startsWith('error-'))
  .map((e) =>
    existsSync(path.join(FIXTURES, e.name, 'overlay', 'kustomization.yaml'))
      ? `${e.name}/overlay`
      : e.name,
  )
  .filter((dir) => existsSync(path.join(FIXTURES, dir, 'kustomization.yaml')))
  .sort();

const documents = (yaml: string): unknown[] =>
  parseAllDocuments(yaml)
    .map((d) => d.toJS() as unknown)
    .filter((v) => v !== null);

/** `ferry render` runs from a bundle of its own (dist/bundle/render.cjs); this is that path. */
describe('ferry render, spawned', () => {
  it.each(cases)('prints %s as kubectl kustomize does', async (name) => {
    const dir = path.join(FIXTURES, name);
    const [run, reference] = await Promise.all([ferry(['render', dir]), kubectlKustomize(dir)]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(documents(run.stdout)).toEqual(reference.objects);
  });

  it('names the missing file and exits 1', async () => {
    const run = await ferry(['render', path.join(FIXTURES, 'error-missing-resource')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^ferry render: .*resource "missing\.yaml" does not exist/mu);
  });

  it('has the help and the usage errors of the full command line', async () => {
    const [help, fullHelp] = await Promise.all([
      ferry(['render', '--help']),
      ferry(['help', 'render']),
    ]);
    expect(help.stdout).toBe(fullHelp.stdout);
    expect(help.stdout).toContain('Usage: ferry render [options] <path>');
    const missing = await ferry(['render']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("error: missing required argument 'path'");
  });
});
