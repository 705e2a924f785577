import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { aggregateHealth, getHealth } from '../../src/health/health.js';
import type { KubeObject } from '../../src/kube/object.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/health');

/** `<kind>-<expected>[-variant].yaml`; `none` means no check applies. */
const cases = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.yaml'))
  .map((file) => {
    const expected = file.replace(/\.yaml$/, '').split('-')[1]!;
    return {
      file,
      expected: expected === 'none' ? undefined : expected[0]!.toUpperCase() + expected.slice(1),
    };
  });

describe('getHealth', () => {
  it.each(cases)('$file is $expected', ({ file, expected }) => {
    const obj = parse(readFileSync(path.join(FIXTURES, file), 'utf8')) as KubeObject;
    expect(getHealth(obj)?.status).toBe(expected);
  });

  it('turns a check that throws into Unknown with its message', () => {
    const obj: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } };
    const health = getHealth(obj, {
      '/Pod': () => {
        throw new Error('boom');
      },
    });
    expect(health).toEqual({ status: 'Unknown', message: 'boom' });
  });
});

describe('aggregateHealth', () => {
  it('takes the worst status by Argo CD precedence', () => {
    expect(aggregateHealth([])).toBe('Healthy');
    expect(aggregateHealth(['Healthy', 'Suspended'])).toBe('Suspended');
    expect(aggregateHealth(['Progressing', 'Missing', 'Healthy'])).toBe('Missing');
    expect(aggregateHealth(['Degraded', 'Missing'])).toBe('Degraded');
    expect(aggregateHealth(['Degraded', 'Unknown'])).toBe('Unknown');
  });
});
