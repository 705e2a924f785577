import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from './client-node.js';

export interface RawResponse {
  statusCode: number;
  body: string;
}

export interface TransportRequest {
  method: string;
  path: string;
  body?: unknown;
  contentType?: string;
}

interface Connection {
  agent: http.Agent;
  headers: Record<string, string>;
  /** The TLS settings the agent was made with. */
  tlsKey: string;
}

/**
 * Sends JSON requests to the API server named by a kubeconfig, with the credentials and TLS
 * settings @kubernetes/client-node derives from it, over kept-alive connections.
 * Objects travel as plain JSON: nothing is dropped or converted on the way.
 */
export class HttpTransport {
  private readonly server: URL;
  private connection: Promise<Connection> | undefined;
  private connectionAt = 0;

  constructor(
    private readonly config: KubeConfig,
    private readonly now: () => number = Date.now,
  ) {
    const cluster = config.getCurrentCluster();
    if (cluster === null) throw new Error('the kubeconfig has no current cluster');
    this.server = new URL(cluster.server);
  }

  get serverUrl(): string {
    return this.server.toString();
  }

  async request({ method, path, body, contentType }: TransportRequest): Promise<RawResponse> {
    const { agent, headers: base } = await this.currentConnection();
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { ...base, Accept: 'application/json' };
    if (payload !== undefined) {
      headers['Content-Type'] = contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    const url = new URL(path, this.server);
    const lib = url.protocol === 'https:' ? https : http;
    // TLS settings live in the agent, so each request carries only what differs.
    const options: https.RequestOptions = {
      agent,
      method,
      headers,
      host: url.hostname,
      port: url.port,
      path: `${url.pathname}${url.search}`,
    };
    return new Promise<RawResponse>((resolve, reject) => {
      const req = lib.request(options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            statusCode: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  /**
   * Credentials can rotate (exec plugins, token files), so they are re-read each minute;
   * a new agent is made only when the TLS settings changed.
   */
  private currentConnection(): Promise<Connection> {
    if (this.connection === undefined || this.now() - this.connectionAt > 60_000) {
      this.connectionAt = this.now();
      const previous = this.connection;
      this.connection = (async () => {
        const opts: https.RequestOptions = {};
        await this.config.applyToHTTPSOptions(opts);
        delete opts.agent;
        const { headers, ...tls } = opts;
        const last = await previous?.catch(() => undefined);
        const tlsKey = JSON.stringify(tls);
        if (last !== undefined && last.tlsKey === tlsKey)
          return { ...last, headers: headers as Record<string, string> };
        last?.agent.destroy();
        const agentOptions = { ...tls, keepAlive: true, maxSockets: 64 };
        const agent =
          this.server.protocol === 'https:'
            ? new https.Agent(agentOptions as https.AgentOptions)
            : new http.Agent(agentOptions as http.AgentOptions);
        return { agent, headers: (headers ?? {}) as Record<string, string>, tlsKey };
      })();
      this.connection.catch(() => {
        this.connection = undefined;
      });
    }
    return this.connection;
  }

  close(): void {
    void this.connection?.then((c) => c.agent.destroy()).catch(() => undefined);
  }
}
