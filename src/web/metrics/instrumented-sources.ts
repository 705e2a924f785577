import type { SourceLoader } from '../../controller/source-loader.js';
import type { EngineMetrics } from '../../model/engine-metrics.js';

/** A SourceLoader that reports each revision resolve (a Git request) to the metrics. */
export function instrumentSources(
  sources: SourceLoader,
  metrics: Pick<EngineMetrics, 'gitRequest'>,
): SourceLoader {
  return {
    async resolve(source, options) {
      const started = performance.now();
      let ok = false;
      try {
        const revision = await sources.resolve(source, options);
        ok = true;
        return revision;
      } finally {
        metrics.gitRequest('resolve', ok, (performance.now() - started) / 1000);
      }
    },
    render: (source, revision, context) => sources.render(source, revision, context),
  };
}
