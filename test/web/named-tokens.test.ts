import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NamedTokens } from '../../src/web/auth/named-tokens.js';
import { createToken, deleteToken, tokenFilePath } from '../../src/web/auth/token-file.js';

describe('named tokens', () => {
  let dataDir: string;
  let now: number;
  let errors: string[];
  let tokens: NamedTokens;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'ferry-named-'));
    now = 0;
    errors = [];
    tokens = new NamedTokens({
      dataDir,
      recheckMs: 1000,
      now: () => now,
      onError: (m) => errors.push(m),
    });
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('accepts a token as soon as it is created, with its name and role', async () => {
    expect(await tokens.authenticate('ferry_t0123456789ab_notreal-notreal-notreal')).toBe(
      undefined,
    );
    const { token } = await createToken(dataDir, { name: 'ci', role: 'readonly' });
    expect(await tokens.authenticate(token)).toEqual({ name: 'ci', role: 'readonly' });
    const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(await tokens.authenticate(forged)).toBeUndefined();
    expect(await tokens.authenticate('ferry_admin-looking-token')).toBeUndefined();
  });

  it('refuses a deleted token once the file is looked at again', async () => {
    const { token } = await createToken(dataDir, { name: 'deployer', role: 'admin' });
    expect(await tokens.authenticate(token)).toEqual({ name: 'deployer', role: 'admin' });
    expect(await deleteToken(dataDir, 'deployer')).toBe(true);
    now = 1000;
    expect(await tokens.authenticate(token)).toBeUndefined();
  });

  it('keeps the tokens it has when the file turns unreadable, and says why', async () => {
    const { token } = await createToken(dataDir, { name: 'ci', role: 'readonly' });
    expect(await tokens.authenticate(token)).toBeDefined();
    await writeFile(tokenFilePath(dataDir), '{"tokens": [{"name": 1}]}');
    now = 1000;
    expect(await tokens.authenticate(token)).toEqual({ name: 'ci', role: 'readonly' });
    expect(errors.join()).toContain('tokens.0.name');
  });

  it('refuses names that are not simple', async () => {
    await expect(createToken(dataDir, { name: 'Bad Name', role: 'readonly' })).rejects.toThrow(
      /lowercase/,
    );
    await expect(createToken(dataDir, { name: 'admin', role: 'readonly' })).rejects.toThrow(
      /built-in/,
    );
    await createToken(dataDir, { name: 'ok', role: 'readonly' });
    await expect(createToken(dataDir, { name: 'ok', role: 'admin' })).rejects.toThrow(/exists/);
  });
});
