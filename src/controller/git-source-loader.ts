import type { KubeObject } from '../kube/object.js';
import type { ApplicationSource } from '../model/application.js';
import type { ChartFetcher } from '../render/helm/chart/chart-fetcher.js';
import type { RemoteBaseResolver } from '../render/kustomize/remote-bases.js';
import type { RenderContext } from '../render/helm-source-options.js';
import { RenderCache } from '../render/render-cache.js';
import { renderSource } from '../render/render-source.js';
import { RepoCache, type RepoCacheOptions } from '../repo/repo-cache.js';
import { gitRemoteBases } from './git-remote-bases.js';
import type { ResolveOptions, SourceLoader } from './source-loader.js';

/**
 * Revisions from Git and objects from the renderers, with renders cached per
 * (repository, commit, path, options): comparing an unchanged commit renders nothing.
 */
export class GitSourceLoader implements SourceLoader {
  private readonly repos: RepoCache;
  private readonly renders = new RenderCache();
  private readonly resolved = new Map<string, { sha: Promise<string>; askedAt: number }>();
  private readonly now: () => number = Date.now;
  private readonly charts: ChartFetcher | undefined;
  /** Remote Kustomize bases come through the same Git cache as the apps' repositories. */
  private readonly remoteBases: RemoteBaseResolver;

  /** `charts` fetches Helm dependencies that a chart does not vendor in charts/. */
  constructor(options: RepoCacheOptions & { charts?: ChartFetcher }) {
    this.repos = new RepoCache(options);
    this.charts = options.charts;
    this.remoteBases = gitRemoteBases(this.repos);
  }

  async resolve(source: ApplicationSource, options: ResolveOptions = {}): Promise<string> {
    const key = `${source.repoURL}\n${source.targetRevision ?? ''}`;
    const now = this.now();
    const notBefore = options.notBefore ?? now - (options.maxAgeMs ?? 0);
    // An answer asked for late enough is shared, even while it is still on its way, so a
    // burst of refreshes (a webhook for a thousand apps) asks the server once.
    const cached = this.resolved.get(key);
    if (cached !== undefined && cached.askedAt >= notBefore) return cached.sha;
    const entry = {
      sha: this.repos.resolveRevision(source.repoURL, source.targetRevision),
      askedAt: now,
    };
    this.resolved.set(key, entry);
    entry.sha.catch(() => {
      if (this.resolved.get(key) === entry) this.resolved.delete(key);
    });
    return entry.sha;
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
        remoteBases: this.remoteBases,
      }),
    );
    return result.objects;
  }
}
