import { describe, expect, it } from 'vitest';
import type { ApplicationSource } from '../../src/model/application.js';
import { RenderCache, renderCacheId } from '../../src/render/render-cache.js';
import type { RenderResult } from '../../src/render/render-result.js';

const SOURCE: ApplicationSource = { repoURL: 'https://git.example/app.git', path: 'guestbook' };

function counter(): { render: () => Promise<RenderResult>; calls: () => number } {
  let calls = 0;
  return {
    calls: () => calls,
    render: async () => {
      calls++;
      await Promise.resolve();
      return {
        sourceType: 'directory',
        objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${calls}` } }],
        warnings: [],
      };
    },
  };
}

function key(revision: string, source: ApplicationSource = SOURCE) {
  return { repoURL: source.repoURL, revision, source };
}

describe('RenderCache', () => {
  it('renders once per key and serves later calls from the cache', async () => {
    const cache = new RenderCache();
    const { render, calls } = counter();
    const first = await cache.getOrRender(key('a'.repeat(40)), render);
    const again = await cache.getOrRender(key('a'.repeat(40)), render);
    expect(again).toBe(first);
    expect(calls()).toBe(1);
    await cache.getOrRender(key('b'.repeat(40)), render);
    expect(calls()).toBe(2);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 2, shared: 0, size: 2 });
  });

  it('shares one render between concurrent identical calls', async () => {
    const cache = new RenderCache();
    const { render, calls } = counter();
    const results = await Promise.all(
      [1, 2, 3].map(() => cache.getOrRender(key('c'.repeat(40)), render)),
    );
    expect(calls()).toBe(1);
    expect(results[1]).toBe(results[0]);
    expect(cache.stats().shared).toBe(2);
  });

  it('hands out deep-frozen results', async () => {
    const cache = new RenderCache();
    const result = await cache.getOrRender(key('d'.repeat(40)), counter().render);
    expect(Object.isFrozen(result.objects[0]!.metadata)).toBe(true);
    expect(() => {
      result.objects[0]!.metadata.name = 'changed';
    }).toThrow(TypeError);
  });

  it('does not cache failures', async () => {
    const cache = new RenderCache();
    let attempts = 0;
    const flaky = async (): Promise<RenderResult> => {
      attempts++;
      if (attempts === 1) throw new Error('boom');
      return counter().render();
    };
    await expect(cache.getOrRender(key('e'.repeat(40)), flaky)).rejects.toThrow('boom');
    await cache.getOrRender(key('e'.repeat(40)), flaky);
    expect(attempts).toBe(2);
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const cache = new RenderCache({ maxEntries: 2 });
    const { render, calls } = counter();
    await cache.getOrRender(key('1'.repeat(40)), render);
    await cache.getOrRender(key('2'.repeat(40)), render);
    await cache.getOrRender(key('1'.repeat(40)), render); // 1 is now the most recent
    await cache.getOrRender(key('3'.repeat(40)), render); // evicts 2
    expect(cache.get(key('1'.repeat(40)))).toBeDefined();
    expect(cache.get(key('2'.repeat(40)))).toBeUndefined();
    expect(calls()).toBe(3);
    expect(() => new RenderCache({ maxEntries: 0 })).toThrow(RangeError);
  });

  it('evicts the least recently used entries beyond maxBytes of output', async () => {
    const { render } = counter();
    const one = JSON.stringify((await render()).objects).length;
    const cache = new RenderCache({ maxBytes: one * 2 + 1 });
    for (const digit of ['1', '2', '3']) await cache.getOrRender(key(digit.repeat(40)), render);
    expect(cache.get(key('1'.repeat(40)))).toBeUndefined();
    expect(cache.get(key('3'.repeat(40)))).toBeDefined();
    expect(cache.stats().size).toBe(2);
    expect(cache.stats().bytes).toBeLessThanOrEqual(one * 2 + 1);
  });

  it('keys by repo, commit, normalised path and source options, not targetRevision', () => {
    const sha = 'f'.repeat(40);
    const base = renderCacheId(key(sha));
    expect(renderCacheId(key(sha, { ...SOURCE, targetRevision: 'main' }))).toBe(base);
    expect(renderCacheId(key(sha, { ...SOURCE, path: './guestbook/' }))).toBe(base);
    expect(renderCacheId(key(sha, { ...SOURCE, path: 'other' }))).not.toBe(base);
    expect(renderCacheId(key(sha, { ...SOURCE, directory: { recurse: true } }))).not.toBe(base);
    expect(
      renderCacheId(key(sha, { ...SOURCE, directory: { recurse: true, include: '*.yaml' } })),
    ).toBe(renderCacheId(key(sha, { ...SOURCE, directory: { include: '*.yaml', recurse: true } })));
    expect(renderCacheId({ ...key(sha), repoURL: 'https://git.example/other.git' })).not.toBe(base);
  });
});
