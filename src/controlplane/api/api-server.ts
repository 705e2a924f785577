import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { unauthorized } from '../api-error.js';
import {
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  SERVER_VERSION,
} from './discovery.js';
import type { HandlerDeps } from './handler.js';
import { openApiV2, openApiV3Document } from './openapi.js';
import { pathNotFound, sendError, sendJson, sendText } from './respond.js';
import { routeResource } from './router.js';

export interface ApiServerOptions {
  host: string;
  port: number;
  token: string;
  /** PEM server certificate and key: kubectl sends bearer tokens only over TLS. */
  tls: { cert: string; key: string };
  deps: HandlerDeps;
}

/** The listening HTTP server and how to stop it. */
export interface RunningApiServer {
  url: string;
  close(): Promise<void>;
}

const HEALTH_PATHS = new Set(['/healthz', '/readyz', '/livez']);

/** Starts the Kubernetes REST API over HTTPS with bearer-token authentication. */
export async function startApiServer(options: ApiServerOptions): Promise<RunningApiServer> {
  let serverAddress = `${options.host}:${options.port}`;
  const expected = Buffer.from(`Bearer ${options.token}`);
  const authorized = (req: IncomingMessage): boolean => {
    const given = Buffer.from(req.headers.authorization ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    if (HEALTH_PATHS.has(path)) return sendText(res, 200, 'ok');
    if (!authorized(req)) throw unauthorized();
    if (path === '/version') return sendJson(res, 200, SERVER_VERSION);
    if (path === '/api') return sendJson(res, 200, apiVersions(serverAddress));
    if (path === '/apis') return sendJson(res, 200, apiGroupList(options.deps.catalog));
    if (path === '/openapi/v2' && acceptsJson(req))
      return sendJson(res, 200, openApiV2(options.deps.catalog));
    if (path.startsWith('/openapi/v3')) {
      const doc = openApiV3Document(options.deps.catalog, path);
      if (doc !== undefined) return sendJson(res, 200, doc);
    }
    const discovery = discoveryDocument(path, options.deps);
    if (discovery !== undefined) return sendJson(res, 200, discovery);
    if (await routeResource(req, res, url, options.deps)) return undefined;
    throw pathNotFound();
  };
  const server = createServer({ cert: options.tls.cert, key: options.tls.key }, (req, res) => {
    handle(req, res).catch((err: unknown) => sendError(res, err));
  });
  server.keepAliveTimeout = 65_000;
  await listen(server, options.host, options.port);
  const address = server.address() as AddressInfo;
  serverAddress = `${options.host}:${address.port}`;
  return {
    url: `https://${serverAddress}`,
    close: () => close(server),
  };
}

/** Whether the client takes JSON; kubectl asks `/openapi/v2` for protobuf only, which is not served. */
function acceptsJson(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? '*/*';
  return accept.includes('application/json') || accept.includes('*/*');
}

function discoveryDocument(path: string, deps: HandlerDeps): unknown {
  const parts = path.split('/').filter((p) => p !== '');
  if (parts[0] === 'api' && parts.length === 2) return apiResourceList(deps.catalog, '', parts[1]!);
  if (parts[0] === 'apis' && parts.length === 2) return apiGroup(deps.catalog, parts[1]!);
  if (parts[0] === 'apis' && parts.length === 3)
    return apiResourceList(deps.catalog, parts[1]!, parts[2]!);
  return undefined;
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
