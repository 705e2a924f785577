import { describe, expect, it } from 'vitest';
import { applyMergePatch, threeWayMergePatch } from '../../src/kube/merge-patch.js';

describe('applyMergePatch', () => {
  it('merges objects, deletes nulls and replaces lists', () => {
    expect(
      applyMergePatch({ a: 1, b: { c: 2, d: 3 }, l: [1, 2] }, { b: { c: null, e: 4 }, l: [3] }),
    ).toEqual({
      a: 1,
      b: { d: 3, e: 4 },
      l: [3],
    });
  });
});

describe('threeWayMergePatch', () => {
  it('sets changed fields, deletes fields it once applied, and keeps foreign ones', () => {
    const last = { data: { a: '1', b: '2' } };
    const desired = { data: { a: '9' } };
    const live = { data: { a: '1', b: '2', c: 'other' } };
    expect(threeWayMergePatch(last, desired, live)).toEqual({ data: { a: '9', b: null } });
  });

  it('is empty when nothing changes', () => {
    expect(
      threeWayMergePatch({ a: { b: [1] } }, { a: { b: [1] } }, { a: { b: [1] }, z: 1 }),
    ).toEqual({});
  });
});
