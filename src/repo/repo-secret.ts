import type { KubeObject } from '../kube/object.js';
import type { CredentialEntry, RepoCredentials } from './credentials.js';

/** The label Argo CD puts on Secrets that hold repository credentials. */
export const SECRET_TYPE_LABEL = 'argocd.argoproj.io/secret-type';

/** Its values: one repository (`url` is the repository), or a URL prefix (`repo-creds`). */
export const REPO_SECRET_TYPE = { repository: 'repository', repoCreds: 'repo-creds' } as const;

/**
 * The credentials an Argo CD repository Secret holds, or `undefined` when the Secret is not
 * one Ferry can use: no such label, no `url`, or nothing to send. As in Argo CD, the URL
 * decides where they apply, whatever the Secret's `type` (`git`, `helm`): Git repositories
 * and chart repositories share one table. `data` is base64 as the API serves it; `stringData`
 * is read too. A password without a username is a token.
 */
export function parseRepoSecret(secret: KubeObject): CredentialEntry | undefined {
  const type = secret.metadata.labels?.[SECRET_TYPE_LABEL];
  if (type !== REPO_SECRET_TYPE.repository && type !== REPO_SECRET_TYPE.repoCreds) return undefined;
  const field = secretFields(secret);
  const url = field('url');
  if (url === undefined) return undefined;
  const username = field('username');
  const password = field('password');
  if (password === undefined && username === undefined) return undefined;
  const credentials: RepoCredentials =
    username === undefined ? { token: password! } : { username, password: password ?? '' };
  const source = `Secret ${secret.metadata.namespace ?? ''}/${secret.metadata.name ?? ''}`;
  return type === REPO_SECRET_TYPE.repository
    ? { url, credentials, source }
    : { urlPrefix: url, credentials, source };
}

function secretFields(secret: KubeObject): (name: string) => string | undefined {
  const data = record(secret['data']);
  const stringData = record(secret['stringData']);
  return (name) => {
    const plain = stringData[name];
    if (typeof plain === 'string' && plain !== '') return plain;
    const encoded = data[name];
    if (typeof encoded !== 'string' || encoded === '') return undefined;
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    return decoded === '' ? undefined : decoded;
  };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
