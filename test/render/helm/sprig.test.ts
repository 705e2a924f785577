import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sprigFuncs } from '../../../src/render/helm/sprig/index.js';
import { TemplateSet } from '../../../src/render/helm/template/template-set.js';
import { parseGoYaml } from '../../../src/render/helm/yaml-codec.js';

type Row = [
  name: string,
  template: string,
  want: string | { error: string },
  data?: Record<string, unknown>,
];

const FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/helm/sprig-cases.yaml');
const rows = parseGoYaml(readFileSync(FIXTURE, 'utf8')) as Row[];

/** 2024-03-05T06:07:08Z, and a fixed pseudo-random sequence. */
const NOW = Date.UTC(2024, 2, 5, 6, 7, 8);

function seeded(): () => number {
  let x = 42;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

function render(template: string, data: unknown): string {
  const set = new TemplateSet({ funcs: sprigFuncs({ now: () => NOW, random: seeded() }) });
  return set.parse('t', template).execute('t', data);
}

describe('Sprig functions', () => {
  it.each(rows)('%s', (_name, template, want, data) => {
    if (typeof want === 'object') {
      expect(() => render(template, data ?? {})).toThrow(want.error);
    } else {
      expect(render(template, data ?? {})).toBe(want);
    }
  });

  it('uuidv4 has the version and variant bits set', () => {
    expect(render('{{ uuidv4 }}', {})).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/u,
    );
  });

  it('the same seed gives the same random strings', () => {
    expect(render('{{ randAlpha 12 }}', {})).toBe(render('{{ randAlpha 12 }}', {}));
  });
});
