import { parse } from 'yaml';
import { describeError } from '../../model/errors.js';
import { REPO_ERROR_REASON, repoError } from '../repo-errors.js';
import { bodyBytes, httpGet, statusError, type ChartHttpOptions } from './chart-http.js';

/** One version of a chart as a repository's index.yaml lists it. */
export interface IndexedChartVersion {
  version: string;
  /** Absolute download URLs, relative ones resolved against the repository URL. */
  urls: string[];
  /** `sha256` of the .tgz, hex, when the index gives one. */
  digest?: string;
}

/** A Helm repository's index: chart name → versions, in the index's order. */
export type HelmRepoIndex = Map<string, IndexedChartVersion[]>;

/** Fetches and reads `<repoURL>/index.yaml`. */
export async function fetchHelmRepoIndex(
  repoURL: string,
  headers: Record<string, string>,
  options: Required<ChartHttpOptions> & { secrets?: string[] },
): Promise<HelmRepoIndex> {
  const url = `${repoURL}/index.yaml`;
  const context = { repoURL };
  const response = await httpGet(url, headers, { ...options, context });
  if (!response.ok) {
    await response.body?.cancel();
    throw statusError(response, url, 'Helm repository index', context);
  }
  const text = new TextDecoder().decode(await bodyBytes(response, url, context));
  return parseHelmRepoIndex(text, repoURL);
}

/** Reads an index.yaml; relative chart URLs are resolved against `repoURL`. */
export function parseHelmRepoIndex(text: string, repoURL: string): HelmRepoIndex {
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: -1 });
  } catch (err) {
    throw repoError(
      REPO_ERROR_REASON.server,
      `${repoURL}/index.yaml is not valid YAML: ${describeError(err)}`,
      { repoURL },
    );
  }
  const entries = (doc as { entries?: unknown } | null)?.entries;
  if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) {
    throw repoError(
      REPO_ERROR_REASON.server,
      `${repoURL}/index.yaml has no entries: is this a Helm chart repository?`,
      { repoURL },
    );
  }
  const index: HelmRepoIndex = new Map();
  for (const [name, list] of Object.entries(entries as Record<string, unknown>)) {
    if (!Array.isArray(list)) continue;
    const versions: IndexedChartVersion[] = [];
    for (const item of list as unknown[]) {
      const entry = item as { version?: unknown; urls?: unknown; digest?: unknown } | null;
      if (entry === null || typeof entry !== 'object' || entry.version === undefined) continue;
      const urls = Array.isArray(entry.urls)
        ? entry.urls
            .filter((u): u is string => typeof u === 'string')
            .map((u) => absolute(u, repoURL))
        : [];
      versions.push({
        version: String(entry.version),
        urls,
        ...(typeof entry.digest === 'string' && entry.digest !== ''
          ? { digest: entry.digest }
          : {}),
      });
    }
    index.set(name, versions);
  }
  return index;
}

function absolute(url: string, repoURL: string): string {
  return new URL(url, `${repoURL}/`).toString();
}
