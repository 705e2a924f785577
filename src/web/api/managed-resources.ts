import { compareOptionsFor, type CompareSettings } from '../../controller/compare-settings.js';
import { compareAsync } from '../../diff/compare-async.js';
import { diffText } from '../../diff/diff-text.js';
import type { KubeObject } from '../../kube/object.js';
import { keyOf } from '../../kube/resource-key.js';
import type { Application } from '../../model/application.js';
import type { SourceLoader } from '../../controller/source-loader.js';
import { WebError } from '../api-errors.js';
import type { AppActions } from '../ports.js';

export interface ManagedResource {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  /** Synced, OutOfSync (modified), Missing (to create) or Extraneous (to prune). */
  status: 'Synced' | 'OutOfSync' | 'Missing' | 'Extraneous';
  modified: boolean;
  /** Live without status and server fields; Secret values masked. */
  normalizedLiveState: KubeObject | null;
  /** Live as it would be after a sync; Secret values masked. */
  predictedLiveState: KubeObject | null;
  /** Unified YAML diff from normalized live to predicted live. */
  diff: string;
}

/**
 * Desired against live for every resource of an app at the revision it was last compared
 * at. Secrets never leave here unmasked: only the comparison's masked outputs are returned,
 * never the raw desired or live objects.
 */
export async function managedResources(
  app: Application,
  deps: {
    actions: Pick<AppActions, 'snapshot'>;
    sources: Pick<SourceLoader, 'resolve'>;
    compareSettings?: CompareSettings;
  },
): Promise<{ revision: string; items: ManagedResource[] }> {
  const revision = app.status?.sync.revision ?? (await deps.sources.resolve(app.spec.source));
  if (revision === '') {
    throw new WebError(
      409,
      'NOT_COMPARED',
      `application "${app.metadata.name}" has no revision yet`,
    );
  }
  const snapshot = await deps.actions.snapshot(app, revision);
  const options = compareOptionsFor(app, deps.compareSettings).compare;
  const items = await Promise.all(
    snapshot.pairs.map(async ({ target, live }): Promise<ManagedResource> => {
      const result = await compareAsync(target, live, options);
      const key = keyOf((target ?? live)!);
      const status =
        live === null
          ? 'Missing'
          : target === null
            ? 'Extraneous'
            : result.modified
              ? 'OutOfSync'
              : 'Synced';
      const label = `${key.kind}/${key.name}`;
      return {
        ...key,
        status,
        modified: status !== 'Synced',
        normalizedLiveState: result.normalizedLive,
        predictedLiveState: result.predictedLive,
        diff: diffText(result, { fromLabel: `live ${label}`, toLabel: `desired ${label}` }),
      };
    }),
  );
  items.sort((a, b) =>
    `${a.kind}/${a.namespace}/${a.name}`.localeCompare(`${b.kind}/${b.namespace}/${b.name}`),
  );
  return { revision, items };
}
