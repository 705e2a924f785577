import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compareAsync } from '../../src/diff/compare-async.js';
import { compare } from '../../src/diff/compare.js';
import { parseIgnoreDifferences } from '../../src/diff/ignore-differences.js';
import type { KubeObject } from '../../src/kube/object.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/diff');
const load = (name: string): unknown => parse(readFileSync(path.join(FIXTURES, name), 'utf8'));

interface Expected {
  modified: boolean;
  patch?: unknown[];
  options?: { ignoreDifferences?: unknown[] };
}

const cases = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('-expected.yaml'))
  .map((f) => f.replace(/-expected\.yaml$/, ''));

describe('compare', () => {
  it.each(cases)('%s', async (name) => {
    const expected = load(`${name}-expected.yaml`) as Expected;
    const ignoreDifferences = parseIgnoreDifferences(expected.options?.ignoreDifferences ?? []);
    const result = await compareAsync(
      load(`${name}-desired.yaml`) as KubeObject,
      load(`${name}-live.yaml`) as KubeObject,
      { ignoreDifferences },
    );
    expect(result.modified).toBe(expected.modified);
    if (expected.patch !== undefined) expect(result.patch).toEqual(expected.patch);
  });

  it('a missing live object must be created', () => {
    const desired = load('removed-field-desired.yaml') as KubeObject;
    expect(compare(desired, null)).toMatchObject({ modified: true, normalizedLive: null });
  });

  it('an extraneous live object is reported without a prediction', () => {
    const live = load('removed-field-live.yaml') as KubeObject;
    expect(compare(null, live)).toMatchObject({ modified: false, predictedLive: null });
  });

  it('does not modify its inputs', () => {
    const desired = load('pod-template-defaults-desired.yaml') as KubeObject;
    const live = load('pod-template-defaults-live.yaml') as KubeObject;
    const before = JSON.stringify([desired, live]);
    compare(desired, live, {
      ignoreDifferences: parseIgnoreDifferences([
        { group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] },
      ]),
    });
    expect(JSON.stringify([desired, live])).toBe(before);
  });

  it('refuses jq rules synchronously, and compareAsync without jq rules stays equivalent', async () => {
    const desired = load('ignore-jq-desired.yaml') as KubeObject;
    const live = load('ignore-jq-live.yaml') as KubeObject;
    const ignoreDifferences = parseIgnoreDifferences(
      (load('ignore-jq-expected.yaml') as Expected).options?.ignoreDifferences,
    );
    expect(() => compare(desired, live, { ignoreDifferences })).toThrow(/compareAsync/);
    expect(await compareAsync(desired, live)).toEqual(compare(desired, live));
  });

  it('rejects an invalid ignoreDifferences rule with a DIFF_FAILED error', () => {
    expect(() => parseIgnoreDifferences([{ jsonPointers: ['/spec'] }], 'app web')).toThrow(
      /invalid app web: app web\.0\.kind/,
    );
    expect(() => parseIgnoreDifferences([{ kind: 'X', jsonPointers: ['spec'] }])).toThrow(
      /not a JSON pointer/,
    );
  });
});
