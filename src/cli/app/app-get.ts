import { Command } from 'commander';
import type { Application } from '../../model/application.js';
import { runAction } from '../client/run-action.js';
import { outputOption } from './app-list.js';

/** `ferry app get NAME [-o table|wide|json|yaml]` */
export function appGetCommand(): Command {
  return new Command('get')
    .description('show one application: source, status, conditions and resources')
    .argument('<name>', 'application name')
    .addOption(outputOption())
    .action(async (name: string, flags: { output: string }, command: Command) =>
      runAction(async () => {
        const { connect } = await import('../client/connection.js');
        const { print, describeApp } = await import('../client/output.js');
        const client = await connect(command);
        const app = await client.get<Application>(
          `api/v1/applications/${encodeURIComponent(name)}`,
        );
        print(app, flags.output as 'table', () => describeApp(app));
      }),
    );
}
