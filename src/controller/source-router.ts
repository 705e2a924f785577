import type { ApplicationSource } from '../model/application.js';
import type { SourceLoader } from './source-loader.js';

/**
 * Whether a source is a chart from a Helm repository or OCI registry rather than Git: it
 * names a `chart`, or its repoURL is `oci://`.
 */
export function isChartSource(source: ApplicationSource): boolean {
  return (source.chart ?? '') !== '' || /^oci:\/\//iu.test(source.repoURL);
}

/** One SourceLoader that sends chart sources to `charts` and every other source to `git`. */
export function routeSources(git: SourceLoader, charts: SourceLoader): SourceLoader {
  const pick = (source: ApplicationSource): SourceLoader => (isChartSource(source) ? charts : git);
  return {
    resolve: (source, options) => pick(source).resolve(source, options),
    render: (source, revision, context) => pick(source).render(source, revision, context),
  };
}
