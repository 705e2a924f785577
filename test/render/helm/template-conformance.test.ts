import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MissingKey } from '../../../src/render/helm/template/exec.js';
import { TemplateSet } from '../../../src/render/helm/template/template-set.js';
import { parseGoYaml } from '../../../src/render/helm/yaml-codec.js';
import { sprigFuncs } from '../../../src/render/helm/sprig/index.js';

interface Case {
  name: string;
  template: string;
  data?: Record<string, unknown>;
  funcData?: boolean;
  missingKey?: MissingKey;
  want?: string;
  error?: string;
}

const FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/helm/template-cases.yaml');
const cases = parseGoYaml(readFileSync(FIXTURE, 'utf8')) as Case[];

function render(c: Case): string {
  const set = new TemplateSet({
    ...(c.missingKey === undefined ? {} : { missingKey: c.missingKey }),
    // `fail` lets cases prove short-circuiting.
    funcs: { fail: sprigFuncs({ now: () => 0, random: () => 0 }).fail! },
  });
  const data = c.funcData === true ? { f: (x: bigint) => x * 2n } : c.data;
  return set.parse('t', c.template).execute('t', data);
}

describe('Go text/template conformance', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    if (c.error !== undefined) {
      expect(() => render(c)).toThrow(c.error);
      let message = '';
      try {
        render(c);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toBe(c.error);
    } else {
      expect(render(c)).toBe(c.want);
    }
  });
});
