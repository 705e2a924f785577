import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { Principal } from './roles.js';
import { readTokenFile, tokenFilePath, tokenIdOf, type TokenEntry } from './token-file.js';
import { verifyToken } from './token-hash.js';

export interface NamedTokensOptions {
  dataDir: string;
  /** How often, at most, the tokens file is looked at for changes. @defaultValue 1000 */
  recheckMs?: number;
  /** @defaultValue Date.now */
  now?: () => number;
  /** Told when the file cannot be read; the tokens read before stay in force. */
  onError?: (message: string) => void;
}

/**
 * The tokens of `<dataDir>/auth/tokens.json`. The file is read again when it changes, so
 * `ferry token create` and `ferry token delete` take effect without a restart; a verified
 * token is remembered by its SHA-256 until the file changes.
 */
export class NamedTokens {
  private entries = new Map<string, TokenEntry>();
  private verified = new Map<string, Principal>();
  /** Inode, size and mtime of the file last read; '' when there was none. */
  private version: string | undefined;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private readonly file: string;
  private readonly recheckMs: number;
  private readonly now: () => number;

  constructor(private readonly options: NamedTokensOptions) {
    this.file = tokenFilePath(options.dataDir);
    this.recheckMs = options.recheckMs ?? 1000;
    this.now = options.now ?? Date.now;
  }

  /** The principal of a named token, or undefined when `token` is not one of them. */
  async authenticate(token: string): Promise<Principal | undefined> {
    const id = tokenIdOf(token);
    if (id === undefined) return undefined;
    // A new id may have just been written; a known one is rechecked now and then, for deletes.
    await this.reloadIfChanged(!this.entries.has(id));
    const entry = this.entries.get(id);
    if (entry === undefined) return undefined;
    const digest = createHash('sha256').update(token).digest('hex');
    const known = this.verified.get(digest);
    if (known !== undefined) return known;
    if (!(await verifyToken(token, entry.tokenHash))) return undefined;
    const principal: Principal = { name: entry.name, role: entry.role };
    if (this.entries.get(id) === entry) this.verified.set(digest, principal);
    return principal;
  }

  private async reloadIfChanged(force: boolean): Promise<void> {
    const now = this.now();
    if (!force && now - this.checkedAt < this.recheckMs) return;
    this.checkedAt = now;
    const version = await stat(this.file).then(
      (s) => `${s.ino}:${s.size}:${s.mtimeMs}`,
      () => '',
    );
    if (version === this.version) return;
    try {
      const entries = version === '' ? [] : await readTokenFile(this.options.dataDir);
      this.entries = new Map(entries.map((e) => [e.id, e]));
      this.verified = new Map();
      this.version = version;
    } catch (err) {
      this.options.onError?.(err instanceof Error ? err.message : String(err));
    }
  }
}
