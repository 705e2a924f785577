import { Command, Option } from 'commander';
import type { Application } from '../../model/application.js';
import { runAction } from '../client/run-action.js';

export const outputOption = () =>
  new Option('-o, --output <format>', 'output format')
    .choices(['table', 'wide', 'json', 'yaml'])
    .default('table');

/** `ferry app list [--search s] [--sync s] [--health h] [-o table|wide|json|yaml]` */
export function appListCommand(): Command {
  return new Command('list')
    .description('list applications with their sync and health status')
    .option('--search <text>', 'only apps whose name, repository, path or namespace contain this')
    .option('--sync <status>', 'only apps with this sync status (Synced, OutOfSync, Unknown)')
    .option('--health <status>', 'only apps with this health status')
    .addOption(outputOption())
    .action(
      async (
        flags: { search?: string; sync?: string; health?: string; output: string },
        command: Command,
      ) =>
        runAction(async () => {
          const { connect } = await import('../client/connection.js');
          const { print, columns, appRow, APP_HEADER, APP_HEADER_WIDE } =
            await import('../client/output.js');
          const client = await connect(command);
          const query = new URLSearchParams();
          if (flags.search !== undefined) query.set('search', flags.search);
          if (flags.sync !== undefined) query.set('sync', flags.sync);
          if (flags.health !== undefined) query.set('health', flags.health);
          const list = await client.get<{ items: Application[] }>(
            `api/v1/applications?${query.toString()}`,
          );
          print(list.items, flags.output as 'table', (wide) =>
            list.items.length === 0
              ? 'No applications.\n'
              : columns([
                  wide ? APP_HEADER_WIDE : APP_HEADER,
                  ...list.items.map((a) => appRow(a, wide)),
                ]),
          );
        }),
    );
}
