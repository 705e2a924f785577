import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { healthChecksWith, loadCustomHealthChecks } from '../../src/health/custom-health.js';
import { getHealth } from '../../src/health/health.js';
import type { KubeObject } from '../../src/kube/object.js';
import { FerryError } from '../../src/model/errors.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/health/custom');
const load = (file: string): unknown => parse(readFileSync(path.join(FIXTURES, file), 'utf8'));
const checks = healthChecksWith(load('health-config.yaml'));

/** `<kind>-<expected>[-variant].yaml`, judged by the checks in health-config.yaml. */
const cases = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.yaml') && f !== 'health-config.yaml')
  .map((file) => {
    const expected = file.replace(/\.yaml$/, '').split('-')[1]!;
    return { file, expected: expected[0]!.toUpperCase() + expected.slice(1) };
  });

describe('custom health checks', () => {
  it.each(cases)('$file is $expected', ({ file, expected }) => {
    expect(getHealth(load(file) as KubeObject, checks)?.status).toBe(expected);
  });

  it('takes the message from the matched condition, or from a CEL message expression', () => {
    expect(getHealth(load('certificate-healthy.yaml') as KubeObject, checks)?.message).toBe(
      'Certificate is up to date and has not expired',
    );
    expect(getHealth(load('widget-healthy.yaml') as KubeObject, checks)?.message).toBe(
      '2 widgets ready',
    );
    expect(getHealth(load('widget-degraded.yaml') as KubeObject, checks)?.message).toBe(
      'widget is broken: gears jammed',
    );
  });

  it('keeps the built-in checks', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      status: { phase: 'Succeeded' },
    };
    expect(getHealth(pod, checks)?.status).toBe('Healthy');
  });

  it('rejects an invalid config with a ConfigError naming the problem', () => {
    const bad = { checks: [{ kind: 'Certificate', rules: [{ status: 'Great' }] }] };
    expect(() => loadCustomHealthChecks(bad)).toThrow(/checks\.0\.rules\.0\.status/);
    try {
      loadCustomHealthChecks(bad);
    } catch (err) {
      expect((err as FerryError).code).toBe('CONFIG_INVALID');
    }
  });

  it('rejects a CEL expression that does not parse', () => {
    const bad = { checks: [{ kind: 'X', rules: [{ status: 'Healthy', cel: 'object.(' }] }] };
    expect(() => loadCustomHealthChecks(bad)).toThrow(
      /invalid CEL expression in health check for \/X rule 1/,
    );
  });

  it('an expression that returns a bad status makes the object Unknown', () => {
    const custom = loadCustomHealthChecks({
      checks: [{ kind: 'X', expression: "{'status': 'Great'}" }],
    });
    const obj = { apiVersion: 'v1', kind: 'X', metadata: { name: 'x' } };
    expect(getHealth(obj, custom)?.status).toBe('Unknown');
  });
});
