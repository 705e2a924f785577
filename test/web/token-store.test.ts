import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashToken, verifyToken } from '../../src/web/auth/token-hash.js';
import { loadTokens } from '../../src/web/auth/token-store.js';

describe('token store', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'ferry-tokens-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('generates the admin token once, then accepts it from the stored hash', async () => {
    const first = await loadTokens({ dataDir });
    expect(first.generated).toBe(true);
    const token = first.adminToken!;
    const second = await loadTokens({ dataDir });
    expect(second.generated).toBe(false);
    expect(second.adminToken).toBeUndefined();
    expect(await second.authenticator.authenticate(token)).toEqual({
      name: 'admin',
      role: 'admin',
    });
    expect(await second.authenticator.authenticate(`${token}x`)).toBeUndefined();
  });

  it('uses a configured admin token and a readonly token instead', async () => {
    const tokens = await loadTokens({
      dataDir,
      adminToken: 'configured-admin-token-123',
      readonlyToken: 'configured-readonly-token',
    });
    expect(tokens.generated).toBe(false);
    expect((await tokens.authenticator.authenticate('configured-admin-token-123'))?.role).toBe(
      'admin',
    );
    expect((await tokens.authenticator.authenticate('configured-readonly-token'))?.role).toBe(
      'readonly',
    );
    expect(await tokens.authenticator.authenticate('')).toBeUndefined();
  });

  it('verifies scrypt hashes and rejects malformed ones', async () => {
    const hash = await hashToken('secret');
    expect(await verifyToken('secret', hash)).toBe(true);
    expect(await verifyToken('other', hash)).toBe(false);
    expect(await verifyToken('secret', 'plain')).toBe(false);
  });
});
