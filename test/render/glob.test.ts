import { describe, expect, it } from 'vitest';
import { globToRegExp, matchesGlob } from '../../src/render/glob.js';

describe('globToRegExp', () => {
  it.each([
    ['*.yaml', 'a.yaml', true],
    ['*.yaml', 'sub/a.yaml', true],
    ['*.yaml', 'a.yml', false],
    ['{*.yml,*.yaml}', 'a.yml', true],
    ['{*.yml,*.yaml}', 'a.json', false],
    ['{config.json,env-usw2/*}', 'env-usw2/x.yaml', true],
    ['{config.json,env-usw2/*}', 'config.json', true],
    ['{config.json,env-usw2/*}', 'other/config.json.bak', false],
    ['{a,{b,c}}.yaml', 'c.yaml', true],
    ['?.yaml', 'a.yaml', true],
    ['?.yaml', 'ab.yaml', false],
    ['[ab].yaml', 'b.yaml', true],
    ['[!ab].yaml', 'b.yaml', false],
    ['[a-c].yaml', 'c.yaml', true],
    ['a.yaml', 'aXyaml', false],
    ['\\*.yaml', '*.yaml', true],
    ['\\*.yaml', 'x.yaml', false],
    ['**/*.yaml', 'a/b/c.yaml', true],
    ['(x)+$.yaml', '(x)+$.yaml', true],
  ])('%s matches %s: %s', (glob, path, expected) => {
    expect(matchesGlob(glob, path)).toBe(expected);
  });

  it('rejects malformed globs with a RenderError', () => {
    for (const glob of ['{a,b', '[ab', 'a\\']) {
      expect(() => globToRegExp(glob)).toThrow(/^invalid glob/u);
    }
  });
});
