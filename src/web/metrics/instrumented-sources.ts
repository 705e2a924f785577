import type { SourceLoader } from '../../controller/source-loader.js';
import type { EngineMetrics } from '../../model/engine-metrics.js';

/** A SourceLoader that reports each revision resolve (a Git request) to the metrics. */
export function instrumentSources(
  sources: SourceLoader,
  metrics: Pick<EngineMetrics, 'gitRequest'>,
): SourceLoader {
  return {
    async resolve(source) {
      const started = performance.now();
      let ok = false;
      try {
        const revision = await sources.resolve(source);
        ok = true;
        return revision;
      } finally {
        metrics.gitRequest('resolve', ok, (performance.now() - started) / 1000);
      }
    },
    render: (source, revision) => sources.render(source, revision),
  };
}
