import type { IncomingHttpHeaders } from 'node:http';
import type { PushEvent } from './repo-match.js';
import { hmacMatches, tokenMatches } from './signatures.js';
import type { WebhookProvider } from './webhook-settings.js';

export interface DeliveryInput {
  headers: IncomingHttpHeaders;
  raw: Buffer;
}

/** What a provider makes of a delivery once its signature checked out. */
export type ParsedDelivery =
  { kind: 'push'; event: PushEvent } | { kind: 'ignore'; reason: string };

export interface ProviderSpec {
  name: WebhookProvider;
  detect(headers: IncomingHttpHeaders): boolean;
  verify(input: DeliveryInput, secret: string): boolean;
  /** Id of this delivery, for dropping duplicates. */
  deliveryId(headers: IncomingHttpHeaders): string | undefined;
  parse(body: unknown, headers: IncomingHttpHeaders): ParsedDelivery;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

type Json = Record<string, unknown>;

function obj(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : {};
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function strings(...values: unknown[]): string[] {
  return values.flatMap((v) => (str(v) === undefined ? [] : [v as string]));
}

function shortRef(ref: unknown): string | undefined {
  const text = str(ref);
  return text?.replace(/^refs\/(heads|tags)\//, '');
}

/** Files touched by GitHub-style `commits[]`, or undefined when the list may be cut short. */
function changedFiles(commits: unknown, total?: unknown, cap = 20): string[] | undefined {
  if (!Array.isArray(commits) || commits.length === 0) return undefined;
  if (typeof total === 'number' && total > commits.length) return undefined;
  if (total === undefined && commits.length >= cap) return undefined;
  const files = new Set<string>();
  for (const commit of commits) {
    const c = obj(commit);
    for (const list of [c['added'], c['modified'], c['removed']]) {
      if (!Array.isArray(list)) return undefined;
      for (const f of list) if (typeof f === 'string') files.add(f);
    }
  }
  return [...files];
}

function gitHubStyle(body: unknown): PushEvent {
  const payload = obj(body);
  const repo = obj(payload['repository']);
  const files = changedFiles(payload['commits']);
  const revision = shortRef(payload['ref']);
  const defaultBranch = str(repo['default_branch']);
  return {
    repoURLs: strings(
      repo['html_url'],
      repo['clone_url'],
      repo['ssh_url'],
      repo['git_url'],
      repo['url'],
    ),
    ...(revision === undefined ? {} : { revision }),
    ...(defaultBranch === undefined ? {} : { defaultBranch }),
    ...(files === undefined ? {} : { changedFiles: files }),
  };
}

const github: ProviderSpec = {
  name: 'github',
  detect: (h) => header(h, 'x-github-event') !== undefined,
  verify: ({ raw, headers }, secret) =>
    hmacMatches(secret, raw, header(headers, 'x-hub-signature-256')),
  deliveryId: (h) => header(h, 'x-github-delivery'),
  parse(body, headers) {
    const event = header(headers, 'x-github-event');
    if (event === 'ping') return { kind: 'ignore', reason: 'ping' };
    if (event !== 'push') return { kind: 'ignore', reason: `event ${event} is not a push` };
    return { kind: 'push', event: gitHubStyle(body) };
  },
};

/** Gitea and Gogs: GitHub's payload, their own signature header (hex, no prefix). */
const gitea: ProviderSpec = {
  name: 'gitea',
  detect: (h) =>
    header(h, 'x-gitea-event') !== undefined || header(h, 'x-gogs-event') !== undefined,
  verify: ({ raw, headers }, secret) =>
    hmacMatches(
      secret,
      raw,
      header(headers, 'x-gitea-signature') ?? header(headers, 'x-gogs-signature'),
    ),
  deliveryId: (h) => header(h, 'x-gitea-delivery') ?? header(h, 'x-gogs-delivery'),
  parse(body, headers) {
    const event = header(headers, 'x-gitea-event') ?? header(headers, 'x-gogs-event');
    if (event !== 'push') return { kind: 'ignore', reason: `event ${event} is not a push` };
    return { kind: 'push', event: gitHubStyle(body) };
  },
};

const gitlab: ProviderSpec = {
  name: 'gitlab',
  detect: (h) => header(h, 'x-gitlab-event') !== undefined,
  verify: ({ headers }, secret) => tokenMatches(secret, header(headers, 'x-gitlab-token')),
  deliveryId: (h) => header(h, 'x-gitlab-event-uuid') ?? header(h, 'x-gitlab-webhook-uuid'),
  parse(body, headers) {
    const event = header(headers, 'x-gitlab-event');
    if (event !== 'Push Hook' && event !== 'Tag Push Hook') {
      return { kind: 'ignore', reason: `event ${event} is not a push` };
    }
    const payload = obj(body);
    const project = obj(payload['project']);
    const repo = obj(payload['repository']);
    const files = changedFiles(payload['commits'], payload['total_commits_count']);
    const revision = shortRef(payload['ref']);
    const defaultBranch = str(project['default_branch']);
    return {
      kind: 'push',
      event: {
        repoURLs: strings(
          project['git_http_url'],
          project['git_ssh_url'],
          project['web_url'],
          repo['git_http_url'],
          repo['git_ssh_url'],
          repo['homepage'],
        ),
        ...(revision === undefined ? {} : { revision }),
        ...(defaultBranch === undefined ? {} : { defaultBranch }),
        ...(files === undefined ? {} : { changedFiles: files }),
      },
    };
  },
};

/** Bitbucket Cloud signs with `X-Hub-Signature: sha256=…`; its pushes list no files. */
const bitbucket: ProviderSpec = {
  name: 'bitbucket',
  detect: (h) => header(h, 'x-event-key') !== undefined,
  verify: ({ raw, headers }, secret) =>
    hmacMatches(secret, raw, header(headers, 'x-hub-signature')),
  deliveryId: (h) => header(h, 'x-request-uuid') ?? header(h, 'x-hook-uuid'),
  parse(body, headers) {
    const event = header(headers, 'x-event-key');
    if (event === 'diagnostics:ping') return { kind: 'ignore', reason: 'ping' };
    if (event !== 'repo:push') return { kind: 'ignore', reason: `event ${event} is not a push` };
    const payload = obj(body);
    const repo = obj(payload['repository']);
    const html = str(obj(obj(repo['links'])['html'])['href']);
    const fullName = str(repo['full_name']);
    const changes = obj(payload['push'])['changes'];
    const names = Array.isArray(changes)
      ? changes.flatMap((c) => strings(obj(obj(c)['new'])['name']))
      : [];
    const revision = names.length === 1 ? names[0] : undefined;
    return {
      kind: 'push',
      event: {
        repoURLs: [
          ...strings(html),
          ...(fullName === undefined ? [] : [`https://bitbucket.org/${fullName}`]),
        ],
        ...(revision === undefined ? {} : { revision }),
      },
    };
  },
};

/** Checked in order: Gitea sends GitHub's event header too, so it comes first. */
export const PROVIDERS: readonly ProviderSpec[] = [gitea, github, gitlab, bitbucket];

export { header };
