import type { EngineMetrics } from '../model/engine-metrics.js';
import { ClusterError } from '../model/errors.js';
import type { HttpTransport, RawResponse, TransportRequest } from './http-transport.js';

interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
}

/** Turns HTTP answers into parsed JSON or a ClusterError carrying the server's own message. */
export class ApiRequester {
  constructor(
    private readonly transport: HttpTransport,
    private readonly metrics?: Pick<EngineMetrics, 'kubeRequest'>,
  ) {}

  /** GET that yields undefined on 404. */
  async getJson<T>(path: string): Promise<T | undefined> {
    const res = await this.send({ method: 'GET', path }, `GET ${path}`);
    return res === NOT_FOUND ? undefined : (res as T);
  }

  /** Any request; a 404 throws like every other failure. */
  async call<T>(request: TransportRequest, action: string): Promise<T> {
    return (await this.found(request, action, true)) as T;
  }

  /** Like {@link call}, for an answer that only matters as success or failure: it is not parsed. */
  async callIgnoringReply(request: TransportRequest, action: string): Promise<void> {
    await this.found(request, action, false);
  }

  private async found(request: TransportRequest, action: string, reply: boolean): Promise<unknown> {
    const res = await this.send(request, action, reply);
    if (res === NOT_FOUND)
      throw new ClusterError(`${action}: not found`, {
        data: { statusCode: 404, reason: 'NotFound' },
      });
    return res;
  }

  private async send(request: TransportRequest, action: string, reply = true): Promise<unknown> {
    let res;
    try {
      res = await this.transport.request(request);
    } catch (cause) {
      this.metrics?.kubeRequest(request.method, 0);
      throw new ClusterError(
        `${action}: cannot reach the API server at ${this.transport.serverUrl}`,
        { cause },
      );
    }
    this.metrics?.kubeRequest(request.method, res.statusCode);
    if (res.statusCode >= 200 && res.statusCode < 300) return reply ? parse(res.body) : undefined;
    if (res.statusCode === 404 && request.method === 'GET') return NOT_FOUND;
    throw answerError(action, res);
  }
}

/** The ClusterError for a failed answer, carrying the server's own message and reason. */
export function answerError(action: string, res: RawResponse): ClusterError {
  const body = parse(res.body);
  const status = (typeof body === 'object' && body !== null ? body : {}) as StatusBody;
  const message = status.message ?? (res.body.slice(0, 200) || `HTTP ${res.statusCode}`);
  return new ClusterError(`${action}: ${message}`, {
    data: { statusCode: res.statusCode, reason: status.reason },
  });
}

const NOT_FOUND = Symbol('not found');

function parse(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
