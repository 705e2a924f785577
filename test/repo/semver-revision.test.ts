import { describe, expect, it } from 'vitest';
import { parseRevision } from '../../src/repo/revision.js';
import {
  highestMatchingTag,
  parseSemverRange,
  parseTagVersion,
} from '../../src/repo/semver-revision.js';

const TAGS = [
  'v1.0.0',
  'v1.2.0',
  'v1.2.3',
  '1.2.10',
  'v1.4.0',
  'v1.4.7',
  'v1.5.0-rc.1',
  'v2.0.0-rc.1',
  'v2.0.0',
  'v2.1',
  'release-3',
  'latest',
].map((name, i) => ({ name, oid: String(i).padStart(40, '0') }));

describe('parseSemverRange', () => {
  it.each(['1.2.*', '>=1.0.0 <2.0.0', '^1.2', '~1.4', '1.x', '*', '>=1.5.0-rc.0'])(
    '%s is a range',
    (text) => expect(parseSemverRange(text)?.text).toBe(text),
  );

  it.each(['main', 'HEAD', 'release-1.0', 'latest', '1.2.3', 'v1.2.3', '1.2', 'v2', 'abc1234'])(
    '%s is not a range (a name, or a version pinning one tag)',
    (text) => expect(parseSemverRange(text)).toBeUndefined(),
  );
});

describe('parseTagVersion', () => {
  it.each([
    ['v1.2.3', '1.2.3'],
    ['1.2.3', '1.2.3'],
    ['v2.1', '2.1.0'],
    ['3', '3.0.0'],
    ['v1.5.0-rc.1', '1.5.0-rc.1'],
    ['1.0.0+build.7', '1.0.0'],
  ])('%s is version %s', (tag, version) => expect(parseTagVersion(tag)?.version).toBe(version));

  it.each(['release-3', 'latest', 'v1.2.3.4', 'vv1'])('%s is no version', (tag) =>
    expect(parseTagVersion(tag)).toBeUndefined(),
  );
});

describe('highestMatchingTag', () => {
  it.each([
    ['1.2.*', '1.2.10'],
    ['>=1.0.0 <2.0.0', 'v1.4.7'],
    ['^1.2', 'v1.4.7'],
    ['~1.4', 'v1.4.7'],
    ['1.x', 'v1.4.7'],
    ['*', 'v2.1'],
    ['>=2.0.0', 'v2.1'],
    ['<1.2.0', 'v1.0.0'],
    // Pre-releases only when the range names one.
    ['>=1.5.0-rc.0 <1.6.0', 'v1.5.0-rc.1'],
    ['^2.0.0-rc.0', 'v2.1'],
    ['~2.0.0-rc.0', 'v2.0.0'],
    ['>=1.5.0 <1.6.0', undefined],
    ['3.x', undefined],
  ])('%s picks %s', (range, expected) => {
    const parsed = parseSemverRange(range);
    expect(parsed).toBeDefined();
    expect(highestMatchingTag(TAGS, parsed!)?.name).toBe(expected);
  });

  it('does not depend on the order of the tags when two name the same version', () => {
    const range = parseSemverRange('^1.0')!;
    const a = { name: 'v1.3.0', oid: 'a'.repeat(40) };
    const b = { name: '1.3.0', oid: 'b'.repeat(40) };
    expect(highestMatchingTag([a, b], range)).toBe(b);
    expect(highestMatchingTag([b, a], range)).toBe(b);
  });
});

describe('parseRevision', () => {
  it('keeps the name of a range, so a branch of that name still resolves', () => {
    expect(parseRevision('1.x')).toMatchObject({
      kind: 'name',
      name: '1.x',
      range: { text: '1.x' },
    });
    expect(parseRevision('main')).toEqual({ kind: 'name', name: 'main' });
    expect(parseRevision('v1.2.3')).toEqual({ kind: 'name', name: 'v1.2.3' });
  });
});
