import { keepIgnoredFields } from '../diff/keep-ignored-fields.js';
import type { IgnoreDifference } from '../diff/ignore-differences.js';
import type { ResourcePair } from './align.js';
import { resourceSyncOptionIs } from './resource-options.js';

/**
 * The pairs to sync, where `RespectIgnoreDifferences=true` (per app, or per resource through
 * the sync-options annotation) gives each target the live values of the fields its
 * `ignoreDifferences` rules cover, so a sync never overwrites them. Pairs without both a
 * target and a live object are left as they are.
 */
export async function respectIgnoreDifferences(
  pairs: readonly ResourcePair[],
  rules: readonly IgnoreDifference[],
  syncOptions: readonly string[],
): Promise<ResourcePair[]> {
  return Promise.all(
    pairs.map(async (pair) => {
      const { target, live } = pair;
      if (target === null || live === null || rules.length === 0) return pair;
      if (!resourceSyncOptionIs(target, syncOptions, 'RespectIgnoreDifferences', 'true'))
        return pair;
      return { ...pair, target: await keepIgnoredFields(target, live, rules) };
    }),
  );
}
