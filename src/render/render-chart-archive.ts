import type { ApplicationSource } from '../model/application.js';
import { helmOptionsFor, type RenderContext } from './helm-source-options.js';
import { archiveTree } from './helm/chart/archive-tree.js';
import { unpackChartArchive } from './helm/chart/chart-archive.js';
import { renderHelmChart } from './helm/index.js';
import type { RenderResult } from './render-result.js';

/**
 * Renders a packaged chart (`.tgz`) from a chart repository, with the source's `helm`
 * options: what an Application with `source.chart` deploys. Value files and file parameters
 * are read from inside the chart. The archive's `name` (`nginx-1.2.3.tgz`) appears in messages.
 */
export async function renderChartArchive(
  archive: { bytes: Uint8Array; name: string },
  source: ApplicationSource,
  context: RenderContext = {},
): Promise<RenderResult> {
  const files = await unpackChartArchive(archive.bytes, archive.name);
  const root = source.chart ?? 'chart';
  return renderHelmChart(archiveTree(root, files), root, helmOptionsFor(source, context));
}
