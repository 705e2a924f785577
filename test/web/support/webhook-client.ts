import { createHmac, randomUUID } from 'node:crypto';
import { WEBHOOK_SECRET } from './web-env.js';

export interface Delivery {
  headers: Record<string, string>;
  body: string;
}

const hmac = (secret: string, payload: string) =>
  createHmac('sha256', secret).update(payload).digest('hex');

/** A GitHub push as GitHub sends it, signed with `secret`. */
export function githubPush(
  repoURL: string,
  files: string[] | undefined,
  options: { secret?: string | null; delivery?: string; ref?: string } = {},
): Delivery {
  const body = JSON.stringify({
    ref: options.ref ?? 'refs/heads/main',
    repository: {
      clone_url: `${repoURL}`,
      html_url: repoURL.replace(/\.git$/, ''),
      default_branch: 'main',
    },
    commits: files === undefined ? [] : [{ added: [], modified: files, removed: [] }],
  });
  const secret = options.secret === undefined ? WEBHOOK_SECRET : options.secret;
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'push',
      'x-github-delivery': options.delivery ?? randomUUID(),
      ...(secret === null ? {} : { 'x-hub-signature-256': `sha256=${hmac(secret, body)}` }),
    },
  };
}

export function gitlabPush(repoURL: string, files: string[], token: string): Delivery {
  const body = JSON.stringify({
    ref: 'refs/heads/main',
    project: { git_http_url: repoURL, default_branch: 'main' },
    commits: [{ added: files, modified: [], removed: [] }],
    total_commits_count: 1,
  });
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-gitlab-event': 'Push Hook',
      'x-gitlab-token': token,
    },
  };
}

export function bitbucketPush(htmlURL: string, secret = WEBHOOK_SECRET): Delivery {
  const body = JSON.stringify({
    repository: { full_name: 'team/apps', links: { html: { href: htmlURL } } },
    push: { changes: [{ new: { type: 'branch', name: 'main' } }] },
  });
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-event-key': 'repo:push',
      'x-request-uuid': randomUUID(),
      'x-hub-signature': `sha256=${hmac(secret, body)}`,
    },
  };
}

export function giteaPush(repoURL: string, files: string[], secret = WEBHOOK_SECRET): Delivery {
  const body = JSON.stringify({
    ref: 'refs/heads/main',
    repository: { clone_url: repoURL, default_branch: 'main' },
    commits: [{ added: [], modified: files, removed: [] }],
  });
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-gitea-event': 'push',
      'x-github-event': 'push',
      'x-gitea-delivery': randomUUID(),
      'x-gitea-signature': hmac(secret, body),
    },
  };
}

/** Ferry's generic payload, signed over "<timestamp>.<body>". */
export function genericPush(
  payload: { repository: string; revision?: string; paths?: string[] },
  options: { secret?: string; timestamp?: number } = {},
): Delivery {
  const body = JSON.stringify(payload);
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-ferry-timestamp': timestamp,
      'x-ferry-signature': `sha256=${hmac(options.secret ?? WEBHOOK_SECRET, `${timestamp}.${body}`)}`,
    },
  };
}

export async function deliver(
  baseURL: string,
  delivery: Delivery,
): Promise<{
  status: number;
  body: { result?: string; apps?: string[]; error?: { code: string } };
}> {
  const res = await fetch(new URL('api/webhook', baseURL), {
    method: 'POST',
    headers: delivery.headers,
    body: delivery.body,
  });
  return { status: res.status, body: (await res.json()) as never };
}
