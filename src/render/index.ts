export type { SourceEntry, SourceEntryType, SourceTree } from './source-tree.js';
export { SOURCE_ENTRY_TYPE } from './source-tree.js';
export type { RenderResult, RenderWarning } from './render-result.js';
export {
  detectSourceType,
  explicitSourceType,
  parseSourceType,
  SOURCE_TYPE,
  type SourceType,
} from './source-type.js';
export { renderDirectory, type DirectoryOptions } from './directory.js';
export { parseManifests, type ParsedManifests } from './manifest-parser.js';
export { renderSource } from './render-source.js';
export {
  RenderCache,
  renderCacheId,
  type RenderCacheKey,
  type RenderCacheOptions,
  type RenderCacheStats,
} from './render-cache.js';
export { globToRegExp, matchesGlob } from './glob.js';
export { renderChartArchive } from './render-chart-archive.js';
export type { ChartFetcher } from './helm/chart/chart-fetcher.js';
