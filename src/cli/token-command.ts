import path from 'node:path';
import { Command, Option } from 'commander';
import { outputOption } from './app/app-list.js';
import { runAction } from './client/run-action.js';

/** Same default and variable as `ferry serve --data-dir`. */
const dataDirOption = () =>
  new Option('--data-dir <dir>', "Ferry's data directory").env('FERRY_DATA_DIR').default('.ferry');

/**
 * `ferry token create|list|delete`: named API tokens in `<data-dir>/auth/tokens.json`, on
 * the machine (or volume) where `ferry serve` keeps its data. A running Ferry picks up
 * changes without a restart.
 */
export function tokenCommand(): Command {
  return new Command('token')
    .description('create, list and delete named API tokens (admin or readonly)')
    .addCommand(createCommand())
    .addCommand(listCommand())
    .addCommand(deleteCommand());
}

function createCommand(): Command {
  return new Command('create')
    .description('create a token; it is printed once and only its hash is kept')
    .argument('<name>', 'a name for the token, shown as the user of what it does (e.g. ci)')
    .addOption(
      new Option('--role <role>', 'what the token may do')
        .choices(['readonly', 'admin'])
        .default('readonly'),
    )
    .addOption(dataDirOption())
    .action(async (name: string, flags: { role: 'readonly' | 'admin'; dataDir: string }) =>
      runAction(async () => {
        const { createToken, tokenFilePath } = await import('../web/auth/token-file.js');
        const dataDir = path.resolve(flags.dataDir);
        const { token, entry } = await createToken(dataDir, { name, role: flags.role });
        process.stderr.write(
          `Created ${entry.role} token "${entry.name}" (hash kept in ${tokenFilePath(dataDir)}).\n` +
            'It is shown once; use it as FERRY_TOKEN, with ferry login, or to sign in to the dashboard:\n',
        );
        process.stdout.write(`${token}\n`);
      }),
    );
}

function listCommand(): Command {
  return new Command('list')
    .description('list the named tokens (never the tokens themselves)')
    .addOption(outputOption())
    .addOption(dataDirOption())
    .action(async (flags: { output: string; dataDir: string }) =>
      runAction(async () => {
        const { readTokenFile } = await import('../web/auth/token-file.js');
        const { print, columns } = await import('./client/output.js');
        const entries = (await readTokenFile(path.resolve(flags.dataDir))).map(
          ({ name, role, id, createdAt }) => ({ name, role, id, createdAt }),
        );
        print(entries, flags.output as 'table', (wide) =>
          entries.length === 0
            ? 'No tokens.\n'
            : columns([
                wide ? ['NAME', 'ROLE', 'CREATED', 'ID'] : ['NAME', 'ROLE', 'CREATED'],
                ...entries.map((e) => [e.name, e.role, e.createdAt, ...(wide ? [e.id] : [])]),
              ]),
        );
      }),
    );
}

function deleteCommand(): Command {
  return new Command('delete')
    .description('delete a token; requests with it are refused from then on')
    .argument('<name>', 'the name given at create')
    .addOption(dataDirOption())
    .action(async (name: string, flags: { dataDir: string }) =>
      runAction(async () => {
        const { deleteToken } = await import('../web/auth/token-file.js');
        const { CliError } = await import('./client/cli-error.js');
        if (!(await deleteToken(path.resolve(flags.dataDir), name)))
          throw new CliError('NOT_FOUND', `no token named "${name}"`);
        process.stdout.write(`Deleted token "${name}".\n`);
      }),
    );
}
