import type { KubeObject } from '../kube/object.js';
import type { CredentialEntry, CredentialsLookup } from './credentials.js';
import { parseRepoSecret } from './repo-secret.js';

/**
 * Repository credentials from Ferry's config file and from Argo CD-format Secrets, which
 * come and go while Ferry runs. An entry for the exact repository wins over URL prefixes
 * (the URL compared without `.git`, trailing `/` or case); among prefixes the longest wins;
 * on a tie a Secret wins over the config file.
 */
export class RepoCredentialStore {
  private readonly secrets = new Map<string, CredentialEntry>();
  /** All entries, most specific first, with the key each is compared by. */
  private table: { entry: CredentialEntry; key: string }[] | undefined;

  constructor(private readonly configured: readonly CredentialEntry[] = []) {}

  /** Takes in a Secret that was added or changed; one that is no repository Secret is dropped. */
  upsertSecret(secret: KubeObject): void {
    const key = secretKey(secret);
    const entry = parseRepoSecret(secret);
    if (entry === undefined) {
      if (this.secrets.delete(key)) this.table = undefined;
      return;
    }
    this.secrets.set(key, entry);
    this.table = undefined;
  }

  deleteSecret(secret: KubeObject): void {
    if (this.secrets.delete(secretKey(secret))) this.table = undefined;
  }

  /** The credentials for a repository URL (without credentials in it), if any. */
  readonly lookup: CredentialsLookup = (repoURL) => this.find(repoURL)?.credentials;

  /** The entry that applies to `repoURL`, if any. */
  find(repoURL: string): CredentialEntry | undefined {
    const normalized = normalizeRepoURL(repoURL);
    const lower = repoURL.toLowerCase();
    return this.sorted().find(({ entry, key }) =>
      entry.url !== undefined ? key === normalized : lower.startsWith(key),
    )?.entry;
  }

  private sorted(): { entry: CredentialEntry; key: string }[] {
    if (this.table === undefined) {
      const secrets = [...this.secrets.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, entry]) => entry);
      // Secrets first, so that a stable sort keeps them ahead on ties.
      this.table = [...secrets, ...this.configured]
        .sort((a, b) => rank(b) - rank(a))
        .map((entry) => ({
          entry,
          key:
            entry.url !== undefined ? normalizeRepoURL(entry.url) : entry.urlPrefix.toLowerCase(),
        }));
    }
    return this.table;
  }
}

/** Exact entries first, then prefixes by length. */
function rank(entry: CredentialEntry): number {
  return entry.url !== undefined ? Number.MAX_SAFE_INTEGER : entry.urlPrefix.length;
}

/** A repository URL as Argo CD compares them: lower case, no `.git`, no trailing `/`. */
export function normalizeRepoURL(url: string): string {
  return url
    .trim()
    .toLowerCase()
    .replace(/\/+$/u, '')
    .replace(/\.git$/u, '');
}

function secretKey(secret: KubeObject): string {
  return `${secret.metadata.namespace ?? ''}/${secret.metadata.name ?? ''}`;
}
