import { Command } from 'commander';
import type { Application } from '../../model/application.js';
import { runAction } from '../client/run-action.js';

/** Creates (or with `upsert`, updates) every Application in `file`; Argo CD's are converted. */
export async function createFromFile(
  command: Command,
  file: string,
  upsert: boolean,
): Promise<void> {
  const { connect } = await import('../client/connection.js');
  const { readApplications } = await import('../client/manifests.js');
  const client = await connect(command);
  for (const manifest of await readApplications(file)) {
    const app = await client.request<Application>(
      'POST',
      `api/v1/applications${upsert ? '?upsert=true' : ''}`,
      manifest,
    );
    const converted =
      manifest['apiVersion'] === 'argoproj.io/v1alpha1' ? ' (converted from Argo CD)' : '';
    process.stdout.write(
      `application "${app.metadata.name}" ${upsert ? 'applied' : 'created'}${converted}\n`,
    );
  }
}

/** `ferry app create -f FILE [--upsert]` */
export function appCreateCommand(): Command {
  return new Command('create')
    .description('create applications from a YAML file (Ferry or Argo CD Application manifests)')
    .requiredOption('-f, --file <file>', 'YAML or JSON file, or - for stdin')
    .option('--upsert', 'update an application that already exists')
    .action(async (flags: { file: string; upsert?: boolean }, command: Command) =>
      runAction(() => createFromFile(command, flags.file, flags.upsert === true)),
    );
}
