import { Command } from 'commander';
import type { Application } from '../../model/application.js';
import { runAction } from '../client/run-action.js';
import { timeoutMs, withTimeout } from './wait-options.js';

/** `ferry app rollback NAME ID [--wait]`: auto-sync then pauses until a new commit. */
export function appRollbackCommand(): Command {
  return withTimeout(
    new Command('rollback')
      .description('sync an application back to a history entry (see `ferry app history`)')
      .argument('<name>', 'application name')
      .argument('<id>', 'history id')
      .option('--wait', 'wait for the rollback to end and the app to be Healthy'),
  ).action(
    async (
      name: string,
      id: string,
      flags: { wait?: boolean; timeout: string },
      command: Command,
    ) =>
      runAction(async () => {
        const { connect } = await import('../client/connection.js');
        const { CliError } = await import('../client/cli-error.js');
        if (!/^\d+$/.test(id))
          throw new CliError('INVALID_ARGUMENT', `history id "${id}" is not a number`);
        const client = await connect(command);
        const path = `api/v1/applications/${encodeURIComponent(name)}`;
        const limit = await timeoutMs(flags.timeout);
        const before = await client.get<Application>(path);
        await client.request('POST', `${path}/rollback`, { id: Number(id) });
        process.stdout.write(`rollback of "${name}" to #${id} requested\n`);
        if (!flags.wait) return;
        const { waitForApp } = await import('../client/wait-for-app.js');
        await waitForApp(client, name, {
          operation: true,
          sync: false,
          health: true,
          previousOperationStart: before.status?.operationState?.startedAt,
          timeoutMs: limit,
        });
        process.stdout.write(`${name}: rolled back to #${id}\n`);
      }),
  );
}
