import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/controlplane/api-error.js';
import { applyPatchBody, PatchType } from '../../src/controlplane/api/patch-types.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const stored = () =>
  deepFreeze({
    metadata: { name: 'web', labels: { app: 'web', 'a/b': 'x' } },
    spec: { ports: [{ port: 80 }, { port: 443 }], selector: { app: 'web' } },
    status: { phase: 'Active', conditions: [{ type: 'Ready' }] },
  });

describe('JSON patch on a frozen stored object', () => {
  it('applies every kind of operation, copying only what it changes', () => {
    const current = stored();
    const patched = applyPatchBody(PatchType.Json, current, [
      { op: 'test', path: '/status/phase', value: 'Active' },
      { op: 'replace', path: '/status/phase', value: 'Done' },
      { op: 'add', path: '/spec/ports/-', value: { port: 8080 } },
      { op: 'remove', path: '/spec/ports/0' },
      { op: 'add', path: '/metadata/labels/a~1b', value: 'y' },
      { op: 'copy', from: '/spec/selector', path: '/metadata/annotations' },
      { op: 'move', from: '/status/conditions', path: '/spec/conditions' },
      { op: 'add', path: '/spec/conditions/0/status', value: 'True' },
    ]) as Record<string, Record<string, unknown>>;
    expect(patched).toEqual({
      metadata: { name: 'web', labels: { app: 'web', 'a/b': 'y' }, annotations: { app: 'web' } },
      spec: {
        ports: [{ port: 443 }, { port: 8080 }],
        selector: { app: 'web' },
        conditions: [{ type: 'Ready', status: 'True' }],
      },
      status: { phase: 'Done' },
    });
    expect(current).toEqual(stored());
    // What no operation touched is shared, not copied.
    expect(patched['spec']!['selector']).toBe(current.spec.selector);
    expect(patched['spec']!['ports']).not.toBe(current.spec.ports);
  });

  it('answers 422 for a failed test or a path that does not exist, changing nothing', () => {
    const current = stored();
    for (const ops of [
      [{ op: 'test', path: '/status/phase', value: 'Gone' }],
      [{ op: 'replace', path: '/spec/missing/field', value: 1 }],
      [{ op: 'remove', path: '/spec/ports/7' }],
    ]) {
      const err = (() => {
        try {
          applyPatchBody(PatchType.Json, current, ops);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).httpCode).toBe(422);
    }
    expect(current).toEqual(stored());
  });
});
