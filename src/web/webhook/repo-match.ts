import type { Application } from '../../model/application.js';

/**
 * A repository URL reduced to `host/owner/repo`, lowercase, so that the forms a Git host
 * sends (https, ssh, scp-like `git@host:owner/repo`, with or without `.git`, credentials or
 * ports) all compare equal.
 */
export function normalizeRepoURL(url: string): string {
  let text = url.trim().toLowerCase();
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/)(.+)$/.exec(text);
  if (scp !== null && !/^[a-z][a-z0-9+.-]*:\/\//.test(text)) {
    text = `${scp[1]}/${scp[2]}`;
  } else {
    try {
      const parsed = new URL(text);
      text = `${parsed.hostname}${parsed.pathname}`;
    } catch {
      // Not a URL (a local path): compare it as written.
    }
  }
  return text
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
    .replace(/\/+$/, '');
}

/** What a push says about the repository and the commits it brought. */
export interface PushEvent {
  repoURLs: string[];
  /** Branch or tag name, without `refs/heads/` or `refs/tags/`, when known. */
  revision?: string;
  /** The repository's default branch, when the payload says. */
  defaultBranch?: string;
  /** Files the pushed commits touched; undefined when the payload does not list them. */
  changedFiles?: string[];
}

const MANIFEST_PATHS = 'argocd.argoproj.io/manifest-generate-paths';

/** True when a push to `revision` may move where `app` points. */
function revisionMatches(app: Application, event: PushEvent): boolean {
  if (event.revision === undefined) return true;
  const target = (app.spec.source.targetRevision ?? '').replace(/^refs\/(heads|tags)\//, '');
  if (target === '' || target === 'HEAD') {
    return event.defaultBranch === undefined || event.defaultBranch === event.revision;
  }
  if (target === event.revision) return true;
  // A commit SHA never moves; anything else (a semver range, a pattern) may have.
  if (/^[0-9a-f]{7,40}$/i.test(target)) return false;
  return /[*^~<>=|xX ]/.test(target);
}

/** Directories whose changes matter to the app: its path, or Argo CD's annotation. */
function watchedPaths(app: Application): string[] {
  const base = normalizePath(app.spec.source.path ?? '');
  const annotation = app.metadata.annotations?.[MANIFEST_PATHS];
  if (annotation === undefined || annotation.trim() === '') return [base];
  return annotation
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => (p.startsWith('/') ? normalizePath(p) : normalizePath(`${base}/${p}`)));
}

function normalizePath(p: string): string {
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

function touches(dir: string, files: readonly string[]): boolean {
  if (dir === '') return true;
  return files.some((f) => {
    const file = normalizePath(f);
    return file === dir || file.startsWith(`${dir}/`);
  });
}

/**
 * The apps a push concerns: same repository (normalized), a revision the push may have
 * moved, and, when the payload lists changed files, a file under the app's path.
 */
export function appsForPush(apps: readonly Application[], event: PushEvent): string[] {
  const repos = new Set(event.repoURLs.map(normalizeRepoURL));
  return apps
    .filter((app) => repos.has(normalizeRepoURL(app.spec.source.repoURL)))
    .filter((app) => revisionMatches(app, event))
    .filter(
      (app) =>
        event.changedFiles === undefined ||
        watchedPaths(app).some((dir) => touches(dir, event.changedFiles!)),
    )
    .map((app) => app.metadata.name);
}
