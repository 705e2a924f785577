import { describe, expect, it } from 'vitest';
import { cloneJson, jsonEqual } from '../../src/kube/object.js';

describe('cloneJson', () => {
  it('copies nested objects and arrays so the copy changes alone', () => {
    const original = Object.freeze({
      metadata: Object.freeze({ name: 'a', labels: Object.freeze({ app: 'web' }) }),
      spec: Object.freeze({ ports: Object.freeze([Object.freeze({ port: 80 })]) }),
    });
    const copy = cloneJson(original) as unknown as {
      metadata: { labels: Record<string, string> };
      spec: { ports: { port: number }[] };
    };
    expect(jsonEqual(copy, original)).toBe(true);
    copy.metadata.labels['app'] = 'api';
    copy.spec.ports[0]!.port = 8080;
    expect(original.metadata.labels.app).toBe('web');
    expect(original.spec.ports[0]!.port).toBe(80);
  });

  it('keeps a parsed "__proto__" key as data rather than a prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as object;
    const copy = cloneJson(parsed);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('copies values that are not plain JSON, such as dates, by structured clone', () => {
    const when = new Date('2026-01-02T03:04:05Z');
    const copy = cloneJson({ when });
    expect(copy.when).not.toBe(when);
    expect(copy.when.getTime()).toBe(when.getTime());
  });
});
