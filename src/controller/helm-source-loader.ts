import type { KubeObject } from '../kube/object.js';
import type { ApplicationSource } from '../model/application.js';
import type { RenderContext } from '../render/helm-source-options.js';
import { RenderCache } from '../render/render-cache.js';
import { renderChartArchive } from '../render/render-chart-archive.js';
import type { ChartStore } from '../repo/helm/chart-store.js';
import type { SourceLoader } from './source-loader.js';

/**
 * Applications whose source is a chart in a Helm repository or OCI registry, as in Argo CD:
 * the revision is the chart version that `targetRevision` (a version or a semver range)
 * selects, and rendering that version renders its archive with the source's `helm` options.
 */
export class HelmSourceLoader implements SourceLoader {
  private readonly renders = new RenderCache({ maxEntries: 64 });

  constructor(private readonly charts: ChartStore) {}

  resolve(source: ApplicationSource, options: { maxAgeMs?: number } = {}): Promise<string> {
    return this.charts.resolveVersion(
      { repoURL: source.repoURL, chart: source.chart, version: source.targetRevision },
      options,
    );
  }

  async render(
    source: ApplicationSource,
    revision: string,
    context: RenderContext = {},
  ): Promise<KubeObject[]> {
    const key = { repoURL: source.repoURL, revision, source, context };
    const result = await this.renders.getOrRender(key, async () => {
      const request = { repoURL: source.repoURL, chart: source.chart, version: revision };
      const bytes = await this.charts.download(request);
      const name = `${source.chart ?? 'chart'}-${revision}.tgz`;
      return renderChartArchive({ bytes, name }, source, { ...context, charts: this.charts });
    });
    return result.objects;
  }
}
