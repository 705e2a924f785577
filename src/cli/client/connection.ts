import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { loadClientConfig } from '../../config.js';
import { ApiClient, type Connection } from './api-client.js';
import { CliError } from './cli-error.js';

const LOGIN_FILE = 'login.json';

export interface ConnectionFlags {
  server?: string;
  token?: string;
}

/** The saved login, if any: `<config dir>/login.json`, readable by its owner only. */
export async function readSavedLogin(configDir: string): Promise<Partial<Connection>> {
  try {
    const parsed = JSON.parse(await readFile(path.join(configDir, LOGIN_FILE), 'utf8')) as unknown;
    const { server, token } = (parsed ?? {}) as Partial<Connection>;
    return {
      ...(typeof server === 'string' ? { server } : {}),
      ...(typeof token === 'string' ? { token } : {}),
    };
  } catch {
    return {};
  }
}

export async function saveLogin(configDir: string, connection: Connection): Promise<string> {
  await mkdir(configDir, { recursive: true, mode: 0o700 });
  const file = path.join(configDir, LOGIN_FILE);
  await writeFile(file, `${JSON.stringify(connection, null, 2)}\n`, { mode: 0o600 });
  return file;
}

/** Server and token from flags, then FERRY_SERVER / FERRY_TOKEN, then the saved login. */
export async function connect(command: Command): Promise<ApiClient> {
  const flags = command.optsWithGlobals<ConnectionFlags>();
  const config = loadClientConfig(flags);
  const saved = await readSavedLogin(config.configDir);
  const server = config.server ?? saved.server;
  const token = config.token ?? (server === saved.server ? saved.token : undefined);
  if (server === undefined) {
    throw new CliError(
      'NO_SERVER',
      'no Ferry server: pass --server, set FERRY_SERVER, or run `ferry login`',
    );
  }
  if (token === undefined) {
    throw new CliError('NO_TOKEN', 'no token: pass --token, set FERRY_TOKEN, or run `ferry login`');
  }
  return new ApiClient({ server, token });
}
