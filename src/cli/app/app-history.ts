import { Command } from 'commander';
import type { RevisionHistory } from '../../model/application.js';
import { runAction } from '../client/run-action.js';
import { outputOption } from './app-list.js';

/** `ferry app history NAME [-o table|wide|json|yaml]` */
export function appHistoryCommand(): Command {
  return new Command('history')
    .description('list the revisions an application was synced to, newest first')
    .argument('<name>', 'application name')
    .addOption(outputOption())
    .action(async (name: string, flags: { output: string }, command: Command) =>
      runAction(async () => {
        const { connect } = await import('../client/connection.js');
        const { print, columns } = await import('../client/output.js');
        const client = await connect(command);
        const { items } = await client.get<{ items: RevisionHistory[] }>(
          `api/v1/applications/${encodeURIComponent(name)}/history`,
        );
        print(items, flags.output as 'table', (wide) =>
          items.length === 0
            ? 'No history yet.\n'
            : columns([
                ['ID', 'DEPLOYED', 'REVISION', ...(wide ? ['BY', 'PATH'] : [])],
                ...items.map((h) => [
                  String(h.id),
                  h.deployedAt,
                  wide ? h.revision : h.revision.slice(0, 7),
                  ...(wide
                    ? [
                        h.initiatedBy?.automated ? 'auto-sync' : (h.initiatedBy?.username ?? ''),
                        h.source.path ?? '.',
                      ]
                    : []),
                ]),
              ]),
        );
      }),
    );
}
