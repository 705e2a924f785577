import { Command } from 'commander';
import { runAction } from '../client/run-action.js';

/** `ferry app import -f FILE`: brings Argo CD Applications over, updating ones that exist. */
export function appImportCommand(): Command {
  return new Command('import')
    .description(
      'import Argo CD Application manifests (argoproj.io/v1alpha1), creating or updating',
    )
    .requiredOption('-f, --file <file>', 'YAML file with one or more Applications, or - for stdin')
    .action(async (flags: { file: string }, command: Command) =>
      runAction(async () => {
        const { createFromFile } = await import('./app-create.js');
        await createFromFile(command, flags.file, true);
      }),
    );
}
