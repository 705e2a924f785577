import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { manifestsToYaml } from '../../src/cli/manifest-yaml.js';

const TRICKY = [
  'yes',
  'No',
  'on',
  'OFF',
  'y',
  'n',
  'true',
  'null',
  '~',
  '',
  '0777',
  '0o12',
  '0x1F',
  '0b101',
  '1_000',
  '1e3',
  '.inf',
  '12:30:45',
  '2024-01-01',
  '<<',
  '-',
  ' lead',
  'a: b',
  'plain',
  'x\ny\n',
];

describe('manifestsToYaml', () => {
  const object = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'tricky', labels: { y: 'n' } },
    data: Object.fromEntries(TRICKY.map((s, i) => [`k${i}`, s])),
    list: [1, true, null, 'on'],
  };
  const yaml = manifestsToYaml([object, { kind: 'Second' }]);

  it('prints one document per object', () => {
    expect(parseAllDocuments(yaml).map((d) => d.toJS() as unknown)).toEqual([
      object,
      { kind: 'Second' },
    ]);
  });

  it('quotes strings that YAML 1.1 (kubectl) would read as booleans, numbers or dates', () => {
    const first = yaml.split('---\n')[0]!;
    expect(parse(first, { version: '1.1' })).toEqual(object);
    expect(first).toContain('"y": "n"');
    expect(first).toContain('k0: "yes"');
    expect(first).toContain('k23: plain');
    expect(first).toContain('  - "on"');
  });
});
