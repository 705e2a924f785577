import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

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

/**
 * Sends JSON requests to the API server named by a kubeconfig, with the credentials and TLS
 * settings @kubernetes/client-node derives from it, over kept-alive connections.
 * Objects travel as plain JSON: nothing is dropped or converted on the way.
 */
export class HttpTransport {
  private readonly server: URL;
  private options: Promise<https.RequestOptions> | undefined;
  private optionsAt = 0;
  private readonly agent: http.Agent;

  constructor(
    private readonly config: KubeConfig,
    private readonly now: () => number = Date.now,
  ) {
    const cluster = config.getCurrentCluster();
    if (cluster === null) throw new Error('the kubeconfig has no current cluster');
    this.server = new URL(cluster.server);
    this.agent =
      this.server.protocol === 'https:'
        ? new https.Agent({ keepAlive: true, maxSockets: 64 })
        : new http.Agent({ keepAlive: true, maxSockets: 64 });
  }

  get serverUrl(): string {
    return this.server.toString();
  }

  async request({ method, path, body, contentType }: TransportRequest): Promise<RawResponse> {
    const base = await this.requestOptions();
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = {
      ...(base.headers as Record<string, string>),
      Accept: 'application/json',
    };
    if (payload !== undefined) {
      headers['Content-Type'] = contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    const url = new URL(path, this.server);
    const lib = url.protocol === 'https:' ? https : http;
    const options: https.RequestOptions = { ...base, agent: this.agent, method, headers };
    return new Promise<RawResponse>((resolve, reject) => {
      const req = lib.request(url, options, (res) => {
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

  /** Credentials can rotate (exec plugins, token files), so they are re-read each minute. */
  private async requestOptions(): Promise<https.RequestOptions> {
    if (this.options === undefined || this.now() - this.optionsAt > 60_000) {
      this.optionsAt = this.now();
      this.options = (async () => {
        const opts: https.RequestOptions = {};
        await this.config.applyToHTTPSOptions(opts);
        delete opts.agent;
        return opts;
      })();
      this.options.catch(() => {
        this.options = undefined;
      });
    }
    return this.options;
  }

  close(): void {
    this.agent.destroy();
  }
}
