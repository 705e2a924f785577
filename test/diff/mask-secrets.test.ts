import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compare } from '../../src/diff/compare.js';
import { diffText } from '../../src/diff/diff-text.js';
import type { KubeObject } from '../../src/kube/object.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/diff');
const load = (name: string): KubeObject =>
  parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as KubeObject;

/** Every spelling of the secret values in secret-changed-*.yaml. */
const SECRETS = ['hunter2', 'hunter3', 'admin', 'aHVudGVyMg==', 'aHVudGVyMw==', 'YWRtaW4='];

describe('Secret masking', () => {
  const desired = load('secret-changed-desired.yaml');
  const live = load('secret-changed-live.yaml');

  it('detects a changed value without showing any value in any output', () => {
    const result = compare(desired, live);
    expect(result.modified).toBe(true);
    const shown = JSON.stringify(result) + diffText(result);
    for (const secret of SECRETS) expect(shown).not.toContain(secret);
  });

  it('gives equal values the same mask and different values different masks', () => {
    const result = compare(desired, live);
    const liveData = result.normalizedLive?.['data'] as Record<string, string>;
    const predicted = result.predictedLive?.['data'] as Record<string, string>;
    expect(liveData['user']).toBe(predicted['user']);
    expect(liveData['password']).not.toBe(predicted['password']);
    expect(liveData['password']).toMatch(/^\+{8,}$/);
  });

  it('masks the last-applied annotation away and masks a Secret to be created or pruned', () => {
    const withLastApplied: KubeObject = {
      ...live,
      metadata: {
        ...live.metadata,
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(desired),
        },
      },
    };
    const shown = JSON.stringify([
      compare(desired, withLastApplied),
      compare(desired, null),
      compare(null, live),
    ]);
    for (const secret of SECRETS) expect(shown).not.toContain(secret);
  });

  it('can be turned off', () => {
    const result = compare(desired, live, { maskSecrets: false });
    expect(result.predictedLive?.['data']).toEqual({ password: 'aHVudGVyMg==', user: 'YWRtaW4=' });
  });
});
