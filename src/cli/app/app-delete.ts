import { Command } from 'commander';
import { runAction } from '../client/run-action.js';

/** `ferry app delete NAME [--no-cascade]` */
export function appDeleteCommand(): Command {
  return new Command('delete')
    .description('delete an application and, unless --no-cascade, the resources it manages')
    .argument('<name>', 'application name')
    .option('--no-cascade', 'keep the resources in the cluster')
    .action(async (name: string, flags: { cascade: boolean }, command: Command) =>
      runAction(async () => {
        const { connect } = await import('../client/connection.js');
        const client = await connect(command);
        const result = await client.request<{ pruned: string[] }>(
          'DELETE',
          `api/v1/applications/${encodeURIComponent(name)}?cascade=${flags.cascade ? 'true' : 'false'}`,
        );
        for (const r of result.pruned) process.stdout.write(`deleted ${r}\n`);
        process.stdout.write(`application "${name}" deleted\n`);
      }),
    );
}
