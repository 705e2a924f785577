import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';

/** A request the proxy holds back until the test releases it. */
export interface HeldRequest {
  /** The name of the listener it came through, i.e. which client sent it. */
  listener: string;
  method: string;
  path: string;
  /** Forwards it to the API server now (whether or not its sender still waits). */
  release(): Promise<{ statusCode: number; body: string }>;
}

interface Waiter {
  match: (method: string, path: string) => boolean;
  resolve: (held: HeldRequest) => void;
}

/** The path of a request URL as the proxy sees it (`/api/v1/secrets`), without its query. */
export const pathOf = (url: string): string => new URL(url, 'http://proxy').pathname;

/** A request the proxy answered with 403 Forbidden. */
export interface ForbiddenRequest {
  listener: string;
  method: string;
  path: string;
}

/**
 * A plain-HTTP front for a real API server, one listener per client, that can hold back one
 * chosen request: a test sees which client sent it and decides when it reaches the server. It
 * can also refuse requests with 403 Forbidden, as RBAC would for an identity without leave
 * (the embedded control plane has no authorization of its own). Everything else, watches
 * included, passes straight through.
 */
export class HoldingApiProxy {
  private readonly upstream: URL;
  private readonly agent: https.Agent;
  private readonly token: string;
  private readonly servers: http.Server[] = [];
  private waiter: Waiter | undefined;
  private readonly refusals: ((method: string, path: string) => boolean)[] = [];
  /** The requests answered with 403 so far, in order. */
  readonly forbidden: ForbiddenRequest[] = [];

  constructor(kubeconfigPath: string) {
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfigPath);
    const cluster = kc.getCurrentCluster()!;
    this.upstream = new URL(cluster.server);
    this.token = kc.getCurrentUser()!.token!;
    this.agent = new https.Agent({
      keepAlive: true,
      ca: Buffer.from(cluster.caData!, 'base64'),
    });
  }

  /** Opens a listener and writes a kubeconfig that reaches the API server through it. */
  async listen(name: string, kubeconfigPath: string): Promise<void> {
    const server = http.createServer((req, res) => this.handle(name, req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.servers.push(server);
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const kubeconfig = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name,
          // Plain HTTP to the proxy; the proxy checks the API server's certificate.
          cluster: { server: `http://127.0.0.1:${port}`, 'insecure-skip-tls-verify': true },
        },
      ],
      users: [{ name, user: { token: this.token } }],
      contexts: [{ name, context: { cluster: name, user: name } }],
      'current-context': name,
    };
    await writeFile(kubeconfigPath, stringify(kubeconfig), { mode: 0o600 });
  }

  /** From now on, answers every request `match` selects (path with query) with 403 Forbidden. */
  forbid(match: (method: string, path: string) => boolean): void {
    this.refusals.push(match);
  }

  /**
   * From now on, refuses what RBAC with Roles in `namespaces` alone refuses: every resource
   * request outside them, whether in another namespace, in all namespaces at once, or for a
   * cluster-scoped resource (namespaces themselves included). Discovery passes, as it does
   * for every authenticated user.
   */
  forbidOutside(namespaces: readonly string[]): void {
    this.forbid((_method, url) => {
      const target = resourceTarget(url);
      return target !== undefined && !namespaces.includes(target.namespace ?? '');
    });
  }

  /** Holds the next request `match` selects; resolves once one arrives. */
  holdNext(match: (method: string, path: string) => boolean): Promise<HeldRequest> {
    return new Promise((resolve) => (this.waiter = { match, resolve }));
  }

  async stop(): Promise<void> {
    for (const server of this.servers) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    this.agent.destroy();
  }

  private handle(listener: string, req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const method = req.method ?? 'GET';
      const path = req.url ?? '/';
      if (this.refusals.some((refuses) => refuses(method, path))) {
        this.forbidden.push({ listener, method, path });
        refuse(res, method, path);
        return;
      }
      const waiter = this.waiter;
      if (waiter === undefined || !waiter.match(method, path)) {
        this.forward(req, body, res);
        return;
      }
      this.waiter = undefined;
      waiter.resolve({
        listener,
        method,
        path,
        release: () =>
          new Promise((resolve, reject) => {
            const upstream = this.send(req, body, (answer) => {
              const parts: Buffer[] = [];
              answer.on('data', (chunk: Buffer) => parts.push(chunk));
              answer.on('end', () => {
                const text = Buffer.concat(parts).toString('utf8');
                if (!res.destroyed) {
                  res.writeHead(answer.statusCode ?? 502, answer.headers);
                  res.end(text);
                }
                resolve({ statusCode: answer.statusCode ?? 0, body: text });
              });
            });
            upstream.on('error', reject);
          }),
      });
    });
    res.on('error', () => undefined);
  }

  private forward(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): void {
    let complete = false;
    const upstream = this.send(req, body, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      // A watch answers headers long before its first event: pass them on at once.
      res.flushHeaders();
      answer.on('end', () => (complete = true));
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    // A client that goes away (a watch stopped, a process killed) ends its upstream request.
    res.on('close', () => {
      if (!complete) upstream.destroy();
    });
  }

  private send(
    req: http.IncomingMessage,
    body: Buffer,
    onResponse: (answer: http.IncomingMessage) => void,
  ): http.ClientRequest {
    const headers = { ...req.headers, host: this.upstream.host };
    const upstream = https.request(
      new URL(req.url ?? '/', this.upstream),
      { method: req.method, headers, agent: this.agent },
      onResponse,
    );
    upstream.end(body);
    return upstream;
  }
}

/** What a resource request reaches: its group, resource, namespace (none: cluster scope), name. */
interface ResourceTarget {
  group: string;
  resource: string;
  namespace: string | undefined;
  name: string | undefined;
}

/** The resource a request path names, or undefined for discovery and other non-resource paths. */
function resourceTarget(url: string): ResourceTarget | undefined {
  const parts = pathOf(url)
    .split('/')
    .filter((p) => p !== '');
  let group: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length > 2) {
    group = '';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length > 3) {
    group = parts[1]!;
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  if (rest[0] === 'namespaces' && rest.length > 2) {
    return { group, resource: rest[2]!, namespace: rest[1], name: rest[3] };
  }
  return { group, resource: rest[0]!, namespace: undefined, name: rest[1] };
}

const WRITE_VERBS: Record<string, string> = {
  POST: 'create',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

/** A 403 as the API server's RBAC authorizer words it. */
function refuse(res: http.ServerResponse, method: string, path: string): void {
  const target = resourceTarget(path) ?? {
    group: '',
    resource: pathOf(path).split('/').at(-1) ?? '',
    namespace: undefined,
    name: undefined,
  };
  const verb =
    method === 'GET'
      ? path.includes('watch=')
        ? 'watch'
        : target.name === undefined
          ? 'list'
          : 'get'
      : (WRITE_VERBS[method] ?? method.toLowerCase());
  const scope =
    target.namespace === undefined
      ? 'at the cluster scope'
      : `in the namespace "${target.namespace}"`;
  const subject =
    target.name === undefined ? target.resource : `${target.resource} "${target.name}"`;
  const status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `${subject} is forbidden: User "system:serviceaccount:ferry:ferry" cannot ${verb} resource "${target.resource}" in API group "${target.group}" ${scope}`,
    reason: 'Forbidden',
    details: { kind: target.resource, ...(target.name === undefined ? {} : { name: target.name }) },
    code: 403,
  };
  res.writeHead(403, { 'Content-Type': 'application/json' }).end(JSON.stringify(status));
}
