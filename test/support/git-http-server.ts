import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Where Debian/Ubuntu's git keeps its helpers, `git-http-backend` among them. */
export const GIT_CORE_DIR = '/usr/lib/git-core';

export interface GitHttpServerOptions {
  /** A directory of bare repositories (`<root>/<name>.git`), served as `<url>/<name>.git`. */
  root: string;
  /** When set, every request must carry these HTTP basic credentials. */
  auth?: { username: string; password: string };
}

export interface RecordedRequest {
  method: string;
  /** The URL path, e.g. `/app.git/info/refs`. */
  path: string;
  query: string;
  status: number;
  /** Bytes of the response body (for an upload-pack POST: the pack and its framing). */
  bytes: number;
}

export interface GitHttpServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string;
  /** Every request served so far, in order. */
  requests: RecordedRequest[];
  /** How many fetches (upload-pack POSTs) were made against repository `name` (`app.git`). */
  fetchCount(name: string): number;
  /** Bytes the fetches (upload-pack POSTs) against repository `name` received so far. */
  fetchBytes(name: string): number;
  stop(): Promise<void>;
}

/**
 * Serves bare Git repositories over smart HTTP on 127.0.0.1 (a free port) through the real
 * `git http-backend` CGI program.
 */
export async function startGitHttpServer(options: GitHttpServerOptions): Promise<GitHttpServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search.replace(/^\?/u, ''),
      status: 0,
      bytes: 0,
    };
    requests.push(record);
    res.on('finish', () => {
      record.status = res.statusCode;
    });
    const user = authenticate(req, options.auth);
    if (user === false) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end('unauthorized');
      return;
    }
    serveCgi(req, res, { root: options.root, url, user, record });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    fetchCount: (name) => requests.filter((r) => isFetchOf(r, name)).length,
    fetchBytes: (name) =>
      requests.filter((r) => isFetchOf(r, name)).reduce((sum, r) => sum + r.bytes, 0),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

function isFetchOf(request: RecordedRequest, name: string): boolean {
  return request.method === 'POST' && request.path === `/${name}/git-upload-pack`;
}

/** The authenticated user, `undefined` when no auth is required, `false` when it fails. */
function authenticate(
  req: IncomingMessage,
  auth: GitHttpServerOptions['auth'],
): string | undefined | false {
  if (auth === undefined) return undefined;
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
  return decoded === `${auth.username}:${auth.password}` ? auth.username : false;
}

function serveCgi(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: { root: string; url: URL; user: string | undefined; record: RecordedRequest },
): void {
  const env: Record<string, string> = {
    PATH: `${GIT_CORE_DIR}:/usr/bin:/bin`,
    GIT_PROJECT_ROOT: ctx.root,
    GIT_HTTP_EXPORT_ALL: '1',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: decodeURIComponent(ctx.url.pathname),
    QUERY_STRING: ctx.url.search.replace(/^\?/u, ''),
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_ADDR: '127.0.0.1',
  };
  if (req.headers['content-length'] !== undefined) {
    env['CONTENT_LENGTH'] = req.headers['content-length'];
  }
  if (req.headers['content-encoding'] !== undefined) {
    env['HTTP_CONTENT_ENCODING'] = req.headers['content-encoding'];
  }
  const protocol = req.headers['git-protocol'];
  if (typeof protocol === 'string') env['GIT_PROTOCOL'] = protocol;
  if (ctx.user !== undefined) env['REMOTE_USER'] = ctx.user;

  const child = spawn(`${GIT_CORE_DIR}/git-http-backend`, [], { env });
  const out: Buffer[] = [];
  const errors: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
  child.on('error', (err) => {
    if (!res.headersSent) res.writeHead(500).end(`git http-backend failed: ${err.message}`);
  });
  child.on('close', () => {
    if (res.headersSent) return;
    const parsed = parseCgiOutput(Buffer.concat(out));
    if (parsed === undefined) {
      res.writeHead(500).end(`bad CGI output: ${Buffer.concat(errors).toString('utf8')}`);
      return;
    }
    ctx.record.bytes = parsed.body.length;
    res.writeHead(parsed.status, parsed.headers).end(parsed.body);
  });
  req.pipe(child.stdin);
  child.stdin.on('error', () => undefined);
}

interface CgiResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Splits a CGI program's output into status, headers and body. */
export function parseCgiOutput(output: Buffer): CgiResponse | undefined {
  const crlf = output.indexOf('\r\n\r\n');
  const lf = output.indexOf('\n\n');
  const useCrlf = crlf >= 0 && (lf < 0 || crlf < lf);
  const end = useCrlf ? crlf : lf;
  if (end < 0) return undefined;
  const headers: Record<string, string> = {};
  let status = 200;
  for (const line of output.subarray(0, end).toString('latin1').split(/\r?\n/u)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 500;
    else headers[name] = value;
  }
  return { status, headers, body: output.subarray(end + (useCrlf ? 4 : 2)) };
}
