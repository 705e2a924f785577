import { posix } from 'node:path';

/**
 * A `resources` (or `components`) entry that names a directory in a Git repository, split
 * as Kustomize splits it: the URL to clone, the directory inside, and the ref to check out.
 */
export interface RemoteBase {
  /** The entry as written in the kustomization, without credentials. */
  url: string;
  /** What to clone: scheme, host and repository path, e.g. `https://github.com/org/repo`. */
  repoURL: string;
  /** The kustomization's directory inside the repository; `''` for its root. */
  path: string;
  /** `?ref=` (or `?version=`): a branch, tag or commit; `undefined` for the default branch. */
  ref?: string;
}

const SCHEMES = ['ssh://', 'https://', 'http://', 'file://'] as const;
const USERNAME = /^([a-zA-Z][a-zA-Z0-9-]*)@/u;

/**
 * Parses the Git URL forms Kustomize accepts, or returns `undefined` when `entry` is not
 * one (then it is a local path):
 * - `https://host/org/repo//path?ref=v1` (`//` ends the repository path),
 * - `https://host/org/repo.git/path?ref=v1` (so does `.git`, and Azure's `_git/<repo>`),
 * - `https://host/org/repo/path` (else the first two segments are the repository),
 * - `github.com/org/repo/path` (read as `https://github.com/org/repo`),
 * - `git::https://…` (the prefix is dropped), `git@host:org/repo`, `ssh://…`, `file://…`.
 */
export function parseRemoteBase(entry: string): RemoteBase | undefined {
  if (entry.startsWith('/')) return undefined;
  const queryAt = entry.indexOf('?');
  const location = queryAt < 0 ? entry : entry.slice(0, queryAt);
  const query = new URLSearchParams(queryAt < 0 ? '' : entry.slice(queryAt + 1));
  const host = splitHost(location);
  if (host === undefined) return undefined;
  const parts = splitRepoPath(host.rest, host.host === 'file://');
  if (parts === undefined) return undefined;
  const ref = query.get('ref') || query.get('version') || undefined;
  return {
    url: redactURL(entry),
    repoURL: host.host + parts.repo,
    path: parts.path,
    ...(ref === undefined ? {} : { ref }),
  };
}

/** `entry` without the `user:password@` of a URL, for messages: credentials never show. */
export function redactURL(entry: string): string {
  return entry.replace(/^((?:git::)?[a-z][a-z0-9+.-]*:\/\/)[^/@]*@/iu, '$1');
}

/** Whether `entry` is written as a URL (`scheme://…`), Git repository or not. */
export function looksLikeURL(entry: string): boolean {
  return /^(?:git::)?[a-z][a-z0-9+.-]*:\/\//iu.test(entry);
}

function trimPrefixIgnoreCase(s: string, prefix: string): string | undefined {
  return s.slice(0, prefix.length).toLowerCase() === prefix ? s.slice(prefix.length) : undefined;
}

/** Scheme, user and host (`https://host/`, `git@host:`), and the rest of the location. */
function splitHost(location: string): { host: string; rest: string } | undefined {
  let n = trimPrefixIgnoreCase(location, 'git::') ?? location;
  let scheme = '';
  for (const candidate of SCHEMES) {
    const rest = trimPrefixIgnoreCase(n, candidate);
    if (rest !== undefined) {
      scheme = candidate;
      n = rest;
      break;
    }
  }
  let username = '';
  const user = USERNAME.exec(n);
  if (user !== null) {
    username = `${user[1]!}@`;
    n = n.slice(username.length);
  }
  const github = /^github\.com[/:]/iu.test(n);
  // Without a scheme, only scp-like `user@host:path` and github.com are URLs.
  const scpLike = scheme === '' && (username !== '' || github);
  if (scheme === '' && !scpLike) return undefined;
  if (scheme === 'file://') return { host: scheme, rest: username + n };
  let sep = n.indexOf('/');
  if (scpLike) {
    const colon = n.indexOf(':');
    if (sep < 0 || (colon > 0 && colon < sep)) sep = colon;
  }
  let host = sep < 0 ? n : n.slice(0, sep + 1);
  const rest = sep < 0 ? '' : n.slice(sep + 1);
  if (github) {
    const ssh = scheme === 'ssh://' || username !== '';
    [scheme, host] = ssh ? ['', 'github.com:'] : ['https://', 'github.com/'];
    if (!ssh) username = '';
  }
  if (host === '') return undefined;
  return { host: scheme + username + host, rest };
}

/**
 * The repository's path and the directory inside it, split at the first marker found:
 * Azure's `_git/<repo>`, else `//`, else `.git`; else at the first two segments.
 */
function splitRepoPath(n: string, wholePath: boolean): { repo: string; path: string } | undefined {
  let repo: string;
  let path: string;
  const azure = n.indexOf('_git/');
  const slashes = n.indexOf('//');
  const dotGit = n.indexOf('.git');
  if (azure >= 0) {
    const [name = '', ...inside] = n.slice(azure + '_git/'.length).split('/');
    [repo, path] = [n.slice(0, azure + '_git/'.length) + name, inside.join('/')];
  } else if (slashes >= 0) {
    [repo, path] = [n.slice(0, slashes), n.slice(slashes + 2)];
  } else if (dotGit >= 0) {
    [repo, path] = [n.slice(0, dotGit + '.git'.length), n.slice(dotGit + '.git'.length)];
  } else if (wholePath) {
    [repo, path] = [n, ''];
  } else {
    const segments = n.split('/');
    if (segments.length < 2) return undefined;
    [repo, path] = [segments.slice(0, 2).join('/'), segments.slice(2).join('/')];
  }
  if (repo === '') return undefined;
  const clean = posix.normalize(path.replace(/^\/+/u, '') || '.').replace(/\/+$/u, '');
  if (clean === '..' || clean.startsWith('../')) return undefined;
  return { repo, path: clean === '.' ? '' : clean };
}
