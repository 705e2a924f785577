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
  '.5',
  '12:30:45',
  '2024-01-01',
  '<<',
  '-',
  '- x',
  '? x',
  ' lead',
  'trail ',
  'a: b',
  'a #b',
  'a:',
  'plain',
  'nginx:1.27',
  'http://x/y?z=1',
  'a b c',
  '...',
  '---',
  'x\ny\n',
  'x\ny',
  'x\n\n',
  '\n  indented',
  ' lead\nx',
  'x\n\n\ny\n',
  'tab\tin\nline',
  'trailing \nspace',
  'ünïcode',
  '"quoted"',
  "it's",
  '{a}',
  '[b]',
  '*ref',
  '&anchor',
  '!tag',
  '%dir',
  '@at',
  '`tick',
  '|',
  '>',
  'a\r\nb',
  'nul\u0000',
  'bell\u0007\nx',
  '\u2028',
];

/** Both parsers Ferry's output meets: YAML 1.2 (kustomize, Ferry) and YAML 1.1 (kubectl). */
function expectReadBack(yaml: string, objects: unknown[]): void {
  expect(parseAllDocuments(yaml).map((d) => d.toJS() as unknown)).toEqual(objects);
  yaml.split(/^---\n/mu).forEach((doc, i) => {
    expect(parse(doc, { version: '1.1' })).toEqual(objects[i]);
  });
}

describe('manifestsToYaml', () => {
  const object = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'tricky', labels: { y: 'n' } },
    data: Object.fromEntries(TRICKY.map((s, i) => [`k${i}`, s])),
    keys: Object.fromEntries(TRICKY.filter((s) => !s.includes('\n')).map((s) => [s, 1])),
    list: [1, -2.5, 1e21, true, null, 'on', [], {}, [['a', 'b'], []], [{ a: 1, b: [{}] }]],
    nested: { empty: {}, none: [], deep: { list: ['x\ny\n', { k: 'z\n' }] } },
  };

  it('prints one document per object, read back the same by YAML 1.2 and 1.1', () => {
    expectReadBack(manifestsToYaml([object, { kind: 'Second' }, {}]), [
      object,
      { kind: 'Second' },
      {},
    ]);
  });

  it('quotes strings that YAML 1.1 (kubectl) would read as booleans, numbers or dates', () => {
    const yaml = manifestsToYaml([object]);
    expect(yaml).toContain('"y": "n"');
    expect(yaml).toContain('k0: "yes"');
    expect(yaml).toContain('k29: plain');
    expect(yaml).toContain('  - "on"');
  });

  it('keeps the layout kubectl users read: plain words, literal blocks', () => {
    expect(
      manifestsToYaml([
        { metadata: { name: 'web' }, spec: { image: 'nginx:1.27', script: 'set -e\nrun\n' } },
      ]),
    ).toBe(
      'metadata:\n  name: web\nspec:\n  image: nginx:1.27\n  script: |\n    set -e\n    run\n',
    );
  });

  it('reads back random strings and nesting', () => {
    let seed = 42;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const alphabet = ['a', 'Z', '0', '7', ' ', '\n', ':', '#', '-', '.', "'", '"', '\\', '\t', 'é'];
    const text = (): string =>
      Array.from({ length: next(8) }, () => alphabet[next(alphabet.length)]).join('');
    const value = (depth: number): unknown => {
      const kind = depth > 3 ? 0 : next(4);
      if (kind === 1) return Array.from({ length: next(4) }, () => value(depth + 1));
      if (kind === 2) {
        return Object.fromEntries(
          Array.from({ length: next(4) }, () => [text(), value(depth + 1)]),
        );
      }
      return [text(), next(1000) - 500, next(2) === 0, null][next(4)];
    };
    const objects = Array.from({ length: 300 }, () => ({ data: value(0), [text()]: text() }));
    expectReadBack(manifestsToYaml(objects), objects);
  });
});
