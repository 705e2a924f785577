import { Command } from 'commander';
import { runAction } from '../client/run-action.js';
import { timeoutMs, withTimeout } from './wait-options.js';

/**
 * `ferry app wait NAME [--sync] [--health] [--operation] [--timeout 5m]`: without a flag,
 * waits for all three. Returns at once when the app is already there.
 */
export function appWaitCommand(): Command {
  return withTimeout(
    new Command('wait')
      .description(
        'wait until an app is Synced and/or Healthy and no operation runs; exit 2 failed, 3 Degraded, 4 timeout',
      )
      .argument('<name>', 'application name')
      .option('--sync', 'wait for Synced')
      .option('--health', 'wait for Healthy')
      .option('--operation', 'wait for the running operation to end'),
  ).action(
    async (
      name: string,
      flags: { sync?: boolean; health?: boolean; operation?: boolean; timeout: string },
      command: Command,
    ) =>
      runAction(async () => {
        const { connect } = await import('../client/connection.js');
        const { waitForApp } = await import('../client/wait-for-app.js');
        const client = await connect(command);
        const all = !flags.sync && !flags.health && !flags.operation;
        const app = await waitForApp(client, name, {
          sync: all || flags.sync === true,
          health: all || flags.health === true,
          operation: all || flags.operation === true,
          timeoutMs: await timeoutMs(flags.timeout),
        });
        process.stdout.write(
          `${name}: sync ${app.status?.sync.status ?? 'Unknown'}, health ${app.status?.health.status ?? 'Unknown'}\n`,
        );
      }),
  );
}
