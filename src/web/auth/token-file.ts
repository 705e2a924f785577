import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../../model/errors.js';
import { Role } from './roles.js';
import { hashToken } from './token-hash.js';

/**
 * Named API tokens kept in `<dataDir>/auth/tokens.json`, written by `ferry token create`.
 * Only each token's scrypt hash is stored. A token reads `ferry_t<id>_<secret>`: the id
 * (not secret) picks the one entry to verify, so a request costs one scrypt at most.
 */
export const TOKENS_FILE = 'tokens.json';

const ID_PATTERN = /^ferry_t([0-9a-f]{12})_[A-Za-z0-9_-]{20,}$/;
/** The users of the admin token and of FERRY_READONLY_TOKEN, kept apart in history. */
const RESERVED_NAMES = new Set(['admin', 'readonly']);
const NAME_PATTERN = /^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$/;

const entrySchema = z.object({
  name: z.string().regex(NAME_PATTERN),
  role: z.enum([Role.Admin, Role.Readonly]),
  id: z.string().regex(/^[0-9a-f]{12}$/),
  tokenHash: z.string().startsWith('scrypt$'),
  createdAt: z.string(),
});

const fileSchema = z.object({ tokens: z.array(entrySchema) });

export type TokenEntry = z.output<typeof entrySchema>;

export function tokenFilePath(dataDir: string): string {
  return path.join(dataDir, 'auth', TOKENS_FILE);
}

/** The id inside a named token, or undefined for any other token (the admin token, say). */
export function tokenIdOf(token: string): string | undefined {
  return ID_PATTERN.exec(token)?.[1];
}

/** The entries of the tokens file; none when it does not exist. */
export async function readTokenFile(dataDir: string): Promise<TokenEntry[]> {
  const file = tokenFilePath(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ConfigError(`cannot read ${file}`, { cause: err, data: { file } });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(`${file} is not valid JSON`, { cause, data: { file } });
  }
  const result = fileSchema.safeParse(parsed);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`${file}: ${problems.join('; ')}`, { data: { file, problems } });
  }
  return result.data.tokens;
}

async function writeTokenFile(dataDir: string, tokens: readonly TokenEntry[]): Promise<void> {
  const file = tokenFilePath(dataDir);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify({ tokens }, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, file);
}

export interface CreatedToken {
  /** The token itself: shown once, never stored. */
  token: string;
  entry: TokenEntry;
}

export interface NewToken {
  name: string;
  role: Role;
  /** @defaultValue () => new Date() */
  now?: () => Date;
}

/** Adds a token named `name` with `role`; a name already taken is refused. */
export async function createToken(dataDir: string, options: NewToken): Promise<CreatedToken> {
  const { name, role } = options;
  if (!NAME_PATTERN.test(name)) {
    throw new ConfigError(
      `token name "${name}" must be lowercase letters, digits, ".", "_" or "-" (at most 63)`,
    );
  }
  if (RESERVED_NAMES.has(name)) {
    throw new ConfigError(
      `"${name}" is the name of a built-in token; choose another, such as ci or ${name}-2`,
    );
  }
  const tokens = await readTokenFile(dataDir);
  if (tokens.some((t) => t.name === name)) {
    throw new ConfigError(`a token named "${name}" exists; delete it first to replace it`);
  }
  const id = randomBytes(6).toString('hex');
  const token = `ferry_t${id}_${randomBytes(32).toString('base64url')}`;
  const entry: TokenEntry = {
    name,
    role,
    id,
    tokenHash: await hashToken(token),
    createdAt: (options.now ?? (() => new Date()))().toISOString(),
  };
  await writeTokenFile(dataDir, [...tokens, entry]);
  return { token, entry };
}

/** Removes the token named `name`; false when there was none. */
export async function deleteToken(dataDir: string, name: string): Promise<boolean> {
  const tokens = await readTokenFile(dataDir);
  const kept = tokens.filter((t) => t.name !== name);
  if (kept.length === tokens.length) return false;
  await writeTokenFile(dataDir, kept);
  return true;
}
