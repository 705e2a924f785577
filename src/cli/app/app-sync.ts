import { Command } from 'commander';
import type { Application } from '../../model/application.js';
import { runAction } from '../client/run-action.js';
import { timeoutMs, withTimeout } from './wait-options.js';

/** The fields of `managed-resources` items that progress needs. */
interface ManagedResourceView {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  predictedLiveState: { metadata?: { annotations?: Record<string, string> } } | null;
  normalizedLiveState: { metadata?: { annotations?: Record<string, string> } } | null;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `GROUP:KIND:NAME` or `GROUP:KIND:NAMESPACE/NAME` (group empty for core kinds), as Argo CD's CLI. */
function parseResource(text: string): {
  group: string;
  kind: string;
  name: string;
  namespace?: string;
} {
  const parts = text.split(':');
  if (parts.length !== 3 || parts[1] === '' || parts[2] === '') {
    throw new Error(
      `--resource ${text}: expected GROUP:KIND:NAME, e.g. apps:Deployment:web or :Service:web`,
    );
  }
  const [group, kind, rest] = parts as [string, string, string];
  const slash = rest.indexOf('/');
  return slash < 0
    ? { group, kind, name: rest }
    : { group, kind, namespace: rest.slice(0, slash), name: rest.slice(slash + 1) };
}

/** `ferry app sync NAME [--prune] [--dry-run] [--revision R] [--resource G:K:N]... [--wait]` */
export function appSyncCommand(): Command {
  return withTimeout(
    new Command('sync')
      .description(
        'sync an application to Git now; with --wait, exit non-zero unless it ends Synced and Healthy',
      )
      .argument('<name>', 'application name')
      .option('--prune', 'delete resources no longer in Git')
      .option('--dry-run', 'check what would change without changing anything')
      .option(
        '--revision <rev>',
        'sync to this branch, tag or commit instead of the target revision',
      )
      .option('--resource <group:kind:name>', 'sync only this resource (repeatable)', collect)
      .option(
        '--sync-option <option>',
        'a sync option such as ServerSideApply=true (repeatable)',
        collect,
      )
      .option('--wait', 'wait for the operation to end and the app to be Synced and Healthy'),
  ).action(
    async (
      name: string,
      flags: {
        prune?: boolean;
        dryRun?: boolean;
        revision?: string;
        resource?: string[];
        syncOption?: string[];
        wait?: boolean;
        timeout: string;
      },
      command: Command,
    ) =>
      runAction(async () => {
        const { connect } = await import('../client/connection.js');
        const client = await connect(command);
        const path = `api/v1/applications/${encodeURIComponent(name)}`;
        const limit = await timeoutMs(flags.timeout);
        const before = await client.get<Application>(path);
        const body = {
          ...(flags.prune ? { prune: true } : {}),
          ...(flags.dryRun ? { dryRun: true } : {}),
          ...(flags.revision === undefined ? {} : { revision: flags.revision }),
          ...(flags.resource === undefined ? {} : { resources: flags.resource.map(parseResource) }),
          ...(flags.syncOption === undefined ? {} : { syncOptions: flags.syncOption }),
        };
        await client.request('POST', `${path}/sync`, body);
        process.stdout.write(`sync of "${name}" requested${flags.dryRun ? ' (dry run)' : ''}\n`);
        if (!flags.wait) return;
        const { waitForApp } = await import('../client/wait-for-app.js');
        const { resultKey, waveOf } = await import('../client/sync-progress.js');
        // Waves come from the desired objects; progress shows without them until they arrive.
        const waves = client
          .get<{ items: ManagedResourceView[] }>(`${path}/managed-resources`)
          .then(
            (list) =>
              new Map(
                list.items.map((r) => [
                  resultKey(r),
                  waveOf(r.predictedLiveState ?? r.normalizedLiveState),
                ]),
              ),
          );
        const app = await waitForApp(client, name, {
          waves,
          operation: true,
          sync: !flags.dryRun && flags.resource === undefined,
          health: !flags.dryRun,
          previousOperationStart: before.status?.operationState?.startedAt,
          timeoutMs: limit,
        });
        const op = app.status?.operationState;
        process.stdout.write(
          `${name}: ${op?.phase ?? 'done'}; sync ${app.status?.sync.status}, health ${app.status?.health.status}\n`,
        );
      }),
  );
}
