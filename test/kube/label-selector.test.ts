import { describe, expect, it } from 'vitest';
import {
  matchesRequirements,
  parseSelectorString,
  selectorRequirements,
} from '../../src/kube/label-selector.js';

describe('label selectors', () => {
  it.each([
    ['app=web', { app: 'web' }, true],
    ['app==web', { app: 'api' }, false],
    ['app!=web', {}, true],
    ['tier in (front, back)', { tier: 'back' }, true],
    ['tier notin (front)', { tier: 'front' }, false],
    ['app,!legacy', { app: 'x' }, true],
    ['app,!legacy', { app: 'x', legacy: 'y' }, false],
  ])('%s matches %j: %s', (selector, labels, expected) => {
    const reqs = parseSelectorString(selector);
    expect(reqs).toBeDefined();
    expect(matchesRequirements(labels, reqs!)).toBe(expected);
  });

  it('rejects malformed selectors', () => {
    expect(parseSelectorString('a in b')).toBeUndefined();
  });

  it('reads matchLabels and matchExpressions', () => {
    const reqs = selectorRequirements({
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }],
    });
    expect(matchesRequirements({ app: 'web', env: 'prod' }, reqs)).toBe(true);
    expect(matchesRequirements({ app: 'web', env: 'dev' }, reqs)).toBe(false);
  });
});
