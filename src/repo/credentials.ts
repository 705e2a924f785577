/** Credentials for one repository. A `token` is sent as the password (GitHub, GitLab, Gitea). */
export interface RepoCredentials {
  username?: string;
  password?: string;
  token?: string;
}

/**
 * Credentials for one repository (`url`) or for every repository under a URL prefix
 * (`urlPrefix`, like Argo CD's credential templates).
 */
export type CredentialEntry = (
  { url: string; urlPrefix?: undefined } | { urlPrefix: string; url?: undefined }
) & {
  credentials: RepoCredentials;
  /** Where the entry comes from, e.g. `Secret ferry/private-repo`; never a secret value. */
  source: string;
};

/** Finds the credentials for a repository URL (without credentials in it), if any. */
export type CredentialsLookup = (
  repoURL: string,
) => RepoCredentials | undefined | Promise<RepoCredentials | undefined>;

/** The username sent with a token when none is given; forges accept any non-empty one. */
export const TOKEN_USERNAME = 'x-access-token';

/**
 * A lookup from URL prefixes to credentials, like Argo CD's credential templates:
 * the longest prefix that `repoURL` starts with wins.
 */
export function credentialsByPrefix(table: Record<string, RepoCredentials>): CredentialsLookup {
  const prefixes = Object.keys(table).sort((a, b) => b.length - a.length);
  return (repoURL) => {
    const prefix = prefixes.find((p) => repoURL.startsWith(p));
    return prefix === undefined ? undefined : table[prefix];
  };
}

/** Whether `credentials` carry anything to send. */
export function hasCredentials(credentials: RepoCredentials | undefined): boolean {
  return Boolean(credentials?.username || credentials?.password || credentials?.token);
}

/** The HTTP basic `Authorization` header for `credentials`, or no headers. */
export function authHeaders(credentials: RepoCredentials | undefined): Record<string, string> {
  if (credentials === undefined || !hasCredentials(credentials)) return {};
  const username = credentials.username ?? (credentials.token ? TOKEN_USERNAME : '');
  const password = credentials.token ?? credentials.password ?? '';
  const basic = Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
  return { Authorization: `Basic ${basic}` };
}

/** The strings that must never appear in a message: passwords, tokens and their encodings. */
export function secretsOf(credentials: RepoCredentials | undefined): string[] {
  if (credentials === undefined) return [];
  const secrets = [credentials.password, credentials.token].filter(
    (s): s is string => typeof s === 'string' && s.length > 0,
  );
  const header = authHeaders(credentials)['Authorization'];
  if (header !== undefined) secrets.push(header.slice('Basic '.length));
  return secrets.flatMap((s) => [s, encodeURIComponent(s)]);
}
