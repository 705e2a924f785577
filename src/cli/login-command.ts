import { Command } from 'commander';
import { runAction } from './client/run-action.js';

/** `ferry login --server URL [--token T]`: checks the token and saves both for later verbs. */
export function loginCommand(): Command {
  return new Command('login')
    .description('check a token against a Ferry server and save both for `ferry app` verbs')
    .option('--server <url>', 'Ferry URL, e.g. http://127.0.0.1:8080 (default: FERRY_SERVER)')
    .option('--token <token>', 'API token (default: FERRY_TOKEN, else read from stdin)')
    .action(async (flags: { server?: string; token?: string }) =>
      runAction(async () => {
        const { loadClientConfig } = await import('../config.js');
        const { ApiClient } = await import('./client/api-client.js');
        const { CliError } = await import('./client/cli-error.js');
        const { saveLogin } = await import('./client/connection.js');
        const config = loadClientConfig(flags);
        if (config.server === undefined)
          throw new CliError('NO_SERVER', 'pass --server <url> or set FERRY_SERVER');
        const token = config.token ?? (await readToken());
        if (token === '') throw new CliError('NO_TOKEN', 'no token given');
        const client = new ApiClient({ server: config.server, token });
        const me = await client.get<{ user: string; role: string }>('api/v1/session');
        const file = await saveLogin(config.configDir, { server: config.server, token });
        process.stdout.write(
          `Logged in to ${config.server} as ${me.user} (${me.role}); saved in ${file}\n`,
        );
      }),
    );
}

async function readToken(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Token: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (process.stdin.isTTY && chunk.toString().includes('\n')) break;
  }
  return Buffer.concat(chunks).toString('utf8').trim();
}
