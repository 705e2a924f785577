import type { KubeObject } from '../kube/object.js';
import type { ApplicationSource } from '../model/application.js';
import type { ChartFetcher } from '../render/helm/chart/chart-fetcher.js';
import type { RenderContext } from '../render/helm-source-options.js';
import { RenderCache } from '../render/render-cache.js';
import { renderSource } from '../render/render-source.js';
import { RepoCache, type RepoCacheOptions } from '../repo/repo-cache.js';
import type { SourceLoader } from './source-loader.js';

/**
 * Revisions from Git and objects from the renderers, with renders cached per
 * (repository, commit, path, options): comparing an unchanged commit renders nothing.
 */
export class GitSourceLoader implements SourceLoader {
  private readonly repos: RepoCache;
  private readonly renders = new RenderCache();
  private readonly resolved = new Map<string, { sha: string; at: number }>();
  private readonly now: () => number = Date.now;
  private readonly charts: ChartFetcher | undefined;

  /** `charts` fetches Helm dependencies that a chart does not vendor in charts/. */
  constructor(options: RepoCacheOptions & { charts?: ChartFetcher }) {
    this.repos = new RepoCache(options);
    this.charts = options.charts;
  }

  async resolve(source: ApplicationSource, options: { maxAgeMs?: number } = {}): Promise<string> {
    const key = `${source.repoURL}\n${source.targetRevision ?? ''}`;
    const maxAge = options.maxAgeMs ?? 0;
    const cached = this.resolved.get(key);
    if (cached !== undefined && this.now() - cached.at <= maxAge) return cached.sha;
    const sha = await this.repos.resolveRevision(source.repoURL, source.targetRevision);
    this.resolved.set(key, { sha, at: this.now() });
    return sha;
  }

  async render(
    source: ApplicationSource,
    revision: string,
    context: RenderContext = {},
  ): Promise<KubeObject[]> {
    const key = { repoURL: source.repoURL, revision, source, context };
    const result = await this.renders.getOrRender(key, async () =>
      renderSource(await this.repos.openCommit(source.repoURL, revision), source, {
        ...context,
        ...(this.charts === undefined ? {} : { charts: this.charts }),
      }),
    );
    return result.objects;
  }
}
