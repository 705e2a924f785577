import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ChartFetcher } from '../render/helm/chart/chart-fetcher.js';

/**
 * Runs `work` with a fetcher for Helm dependencies not vendored in charts/ (what
 * `helm dependency build` would fetch). Charts are downloaded, on first use, into a temporary
 * directory removed afterwards; the chart code is loaded only when a chart needs it.
 */
export async function withChartFetcher<T>(work: (charts: ChartFetcher) => Promise<T>): Promise<T> {
  let cacheDir: string | undefined;
  let store: Promise<ChartFetcher> | undefined;
  const open = async (): Promise<ChartFetcher> => {
    const { ChartStore } = await import('../repo/helm/chart-store.js');
    const { tmpdir } = await import('node:os');
    cacheDir = await mkdtemp(path.join(tmpdir(), 'ferry-charts-'));
    return new ChartStore({ cacheDir });
  };
  try {
    return await work({
      async fetchChart(request) {
        store ??= open();
        return (await store).fetchChart(request);
      },
    });
  } finally {
    if (cacheDir !== undefined) await rm(cacheDir, { recursive: true, force: true });
  }
}
