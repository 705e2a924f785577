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
 * plain paths are read in place. SSH URLs are not supported (isomorphic-git has no SSH).
 */
export function parseRepoURL(repoURL: string): ParsedRepoURL {
  const trimmed = repoURL.trim();
  if (/^https?:\/\//iu.test(trimmed)) return parseHttp(trimmed);
  if (/^file:\/\//iu.test(trimmed)) {
    const localPath = fileURLToPath(trimmed);
    return { transport: REPO_TRANSPORT.local, url: trimmed, localPath };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//iu.test(trimmed) || /^[^/\s]+@[^/\s:]+:/u.test(trimmed)) {
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
