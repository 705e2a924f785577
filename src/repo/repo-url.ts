import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RepoError } from '../model/errors.js';
import type { RepoCredentials } from './credentials.js';
import { REPO_ERROR_REASON } from './repo-errors.js';

export const REPO_TRANSPORT = { http: 'http', local: 'local' } as const;
export type RepoTransport = (typeof REPO_TRANSPORT)[keyof typeof REPO_TRANSPORT];

export interface ParsedRepoURL {
  transport: RepoTransport;
  /** The URL without credentials: what Ferry shows, logs and keys caches by. */
  url: string;
  /** For local repositories, the absolute path of the working tree or bare repository. */
  localPath?: string;
  /** Credentials that were written into the URL (`https://user:token@host/...`), if any. */
  credentials?: RepoCredentials;
}

/**
 * Classifies a repository URL: `http(s)://` is fetched over smart HTTP; `file://` URLs and
 * plain paths are read in place. SSH URLs (`ssh://`, `git@host:org/repo`) are refused with
 * the HTTPS URL to use instead: isomorphic-git has no SSH transport.
 */
export function parseRepoURL(repoURL: string): ParsedRepoURL {
  const trimmed = repoURL.trim();
  if (/^https?:\/\//iu.test(trimmed)) return parseHttp(trimmed);
  if (/^file:\/\//iu.test(trimmed)) {
    const localPath = fileURLToPath(trimmed);
    return { transport: REPO_TRANSPORT.local, url: trimmed, localPath };
  }
  const https = sshToHttps(trimmed);
  if (https !== undefined) {
    throw new RepoError(
      `SSH repository URLs are not supported: Ferry fetches Git over HTTPS. Use ${https} ` +
        'instead, with a token or password from a repository Secret or the repositories ' +
        'list of the config file',
      { data: { repoURL: redactURL(trimmed), reason: REPO_ERROR_REASON.unsupported } },
    );
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//iu.test(trimmed)) {
    throw new RepoError(
      `unsupported repository URL ${redactURL(trimmed)}: use an http(s):// URL or a local path`,
      { data: { repoURL: redactURL(trimmed), reason: REPO_ERROR_REASON.unsupported } },
    );
  }
  if (trimmed === '') {
    throw new RepoError('repository URL is empty', {
      data: { repoURL, reason: REPO_ERROR_REASON.unsupported },
    });
  }
  return { transport: REPO_TRANSPORT.local, url: trimmed, localPath: resolve(trimmed) };
}

function parseHttp(repoURL: string): ParsedRepoURL {
  let parsed: URL;
  try {
    parsed = new URL(repoURL);
  } catch (cause) {
    throw new RepoError(`invalid repository URL ${redactURL(repoURL)}`, {
      cause,
      data: { repoURL: redactURL(repoURL), reason: REPO_ERROR_REASON.unsupported },
    });
  }
  let credentials: RepoCredentials | undefined;
  if (parsed.username !== '' || parsed.password !== '') {
    credentials = {
      username: decodeURIComponent(parsed.username),
      password: decodeURIComponent(parsed.password),
    };
    parsed.username = '';
    parsed.password = '';
  }
  const url = parsed.toString().replace(/\/+$/u, '');
  return credentials === undefined
    ? { transport: REPO_TRANSPORT.http, url }
    : { transport: REPO_TRANSPORT.http, url, credentials };
}

/**
 * The HTTPS URL of the same repository when `repoURL` is an SSH URL (`ssh://git@host/org/r`,
 * `git+ssh://…`, or scp-like `git@host:org/r.git`), else `undefined`.
 */
export function sshToHttps(repoURL: string): string | undefined {
  const url = /^(?:git\+)?ssh:\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/(.+)$/iu.exec(repoURL);
  if (url !== null) return `https://${url[1]}/${url[2]}`;
  const scp = /^(?:[^@/\s]+@)?([^/:\s]+):(?!\/\/)(.+)$/u.exec(repoURL);
  if (scp !== null && repoURL.includes('@'))
    return `https://${scp[1]}/${scp[2]!.replace(/^\/+/u, '')}`;
  return undefined;
}

/** `repoURL` with any `user:password@` removed, for messages. */
export function redactURL(repoURL: string): string {
  return repoURL.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/iu, '$1');
}

/**
 * A directory name for a remote's cache: readable (`host_path`) and unique (a hash of the
 * URL), e.g. `github.com_argoproj_argocd-example-apps.git-3f9a0c1d2b4e5f60`.
 */
export function cacheDirName(url: string): string {
  const readable = url
    .replace(/^[a-z]+:\/\//iu, '')
    .replace(/[^A-Za-z0-9._-]+/gu, '_')
    .replace(/^[._]+/u, '')
    .slice(0, 80);
  const hash = createHash('sha256').update(url).digest('hex').slice(0, 16);
  return `${readable}-${hash}`;
}
