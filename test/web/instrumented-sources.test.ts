import { describe, expect, it } from 'vitest';
import type { ResolveOptions, SourceLoader } from '../../src/controller/source-loader.js';
import type { RenderContext } from '../../src/render/helm-source-options.js';
import { instrumentSources } from '../../src/web/metrics/instrumented-sources.js';

describe('instrumentSources', () => {
  it('passes resolve options and the render context through, and counts resolves', async () => {
    const seen: { options?: ResolveOptions; context?: RenderContext } = {};
    const inner: SourceLoader = {
      resolve: (_source, options) => {
        seen.options = options;
        return Promise.resolve('abc');
      },
      render: (_source, _revision, context) => {
        seen.context = context;
        return Promise.resolve([]);
      },
    };
    const counted: boolean[] = [];
    const sources = instrumentSources(inner, { gitRequest: (_op, ok) => counted.push(ok) });
    const source = { repoURL: 'https://git.example/repo.git' };
    expect(await sources.resolve(source, { maxAgeMs: 3000, notBefore: 42 })).toBe('abc');
    await sources.render(source, 'abc', { appName: 'guestbook', namespace: 'web' });
    expect(seen.options).toEqual({ maxAgeMs: 3000, notBefore: 42 });
    expect(seen.context).toEqual({ appName: 'guestbook', namespace: 'web' });
    expect(counted).toEqual([true]);
  });
});
