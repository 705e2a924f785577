import {
  APPLICATION_API_VERSION,
  APPLICATION_KIND,
  type Application,
} from '../../src/model/application.js';
import { waitFor } from '../support/wait-for.js';
import type { WebEnv } from '../web/support/web-env.js';

/**
 * A fleet of Applications for the dashboard at scale. Three kinds of app, each ending in a
 * known status once Ferry has compared it, so the dashboard's counts can be checked:
 * - `fleet/empty` holds no manifests: Synced and Healthy;
 * - `fleet/config` holds one ConfigMap never synced: OutOfSync and Missing;
 * - `fleet/absent` does not exist in the repository: a comparison error, Unknown.
 */
export const FLEET_FILES: Record<string, string> = {
  'fleet/empty/README.md': 'Nothing to deploy here.\n',
  'fleet/config/configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  level: info
`,
};

type Kind = 'empty' | 'config' | 'absent';

const KINDS: readonly Kind[] = ['empty', 'config', 'absent'];

/** `app-0000`… in name order; the kind cycles so every page of the list mixes them. */
export function fleetName(i: number): string {
  return `app-${String(i).padStart(4, '0')}`;
}

export function fleetKind(i: number): Kind {
  return KINDS[i % KINDS.length]!;
}

export interface FleetCounts {
  total: number;
  sync: Record<string, number>;
  health: Record<string, number>;
}

/** The counts per status the fleet settles at. */
export function expectedCounts(size: number): FleetCounts {
  const n = (kind: Kind) =>
    Array.from({ length: size }, (_, i) => fleetKind(i)).filter((k) => k === kind).length;
  return {
    total: size,
    sync: { Synced: n('empty'), OutOfSync: n('config'), Unknown: n('absent') },
    health: { Healthy: n('empty'), Missing: n('config'), Unknown: n('absent') },
  };
}

/**
 * Writes `size` Applications straight into the cluster (16 at a time), then waits until
 * Ferry has compared every one of them and the API's counts are the expected ones.
 */
export async function createFleet(env: WebEnv, size: number): Promise<FleetCounts> {
  const queue = Array.from({ length: size }, (_, i) => i);
  const worker = async (): Promise<void> => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
      const app: Application = {
        apiVersion: APPLICATION_API_VERSION,
        kind: APPLICATION_KIND,
        metadata: { name: fleetName(i), namespace: 'ferry' },
        spec: {
          source: { repoURL: env.repoURL, path: `fleet/${fleetKind(i)}`, targetRevision: 'main' },
          destination: { namespace: fleetName(i) },
          syncPolicy: { syncOptions: ['CreateNamespace=true'] },
        },
      };
      await env.client.create(app);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  const expected = expectedCounts(size);
  await waitFor(
    `${size} apps compared`,
    async () => {
      const res = await env.api('api/v1/applications?limit=1&view=summary');
      const summary = res.body?.summary as FleetCounts | undefined;
      return summary !== undefined && sameCounts(summary, expected) ? summary : undefined;
    },
    { timeoutMs: 240_000, intervalMs: 500 },
  );
  return expected;
}

function sameCounts(a: FleetCounts, b: FleetCounts): boolean {
  const same = (x: Record<string, number>, y: Record<string, number>) =>
    Object.keys({ ...x, ...y }).every((k) => (x[k] ?? 0) === (y[k] ?? 0));
  return a.total === b.total && same(a.sync, b.sync) && same(a.health, b.health);
}
