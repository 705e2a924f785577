import { CliError } from './cli-error.js';

export interface Connection {
  server: string;
  token: string;
}

/** Calls Ferry's REST API with a bearer token; API errors become CliErrors with their code. */
export class ApiClient {
  constructor(readonly connection: Connection) {}

  url(path: string): URL {
    const base = this.connection.server.endsWith('/')
      ? this.connection.server
      : `${this.connection.server}/`;
    return new URL(path.replace(/^\//, ''), base);
  }

  headers(): Record<string, string> {
    return { authorization: `Bearer ${this.connection.token}`, accept: 'application/json' };
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.url(path), {
        method,
        headers: {
          ...this.headers(),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (cause) {
      throw new CliError(
        'UNREACHABLE',
        `cannot reach Ferry at ${this.connection.server}: ${cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause)}`,
      );
    }
    const text = await res.text();
    let data: unknown;
    try {
      data = text === '' ? undefined : JSON.parse(text);
    } catch {
      data = text;
    }
    if (!res.ok) {
      const error = (data as { error?: { code?: string; message?: string } } | undefined)?.error;
      const code = error?.code ?? `HTTP_${res.status}`;
      const hint = res.status === 401 ? ' (run `ferry login`, or set FERRY_TOKEN)' : '';
      throw new CliError(code, `${error?.message ?? `HTTP ${res.status}`}${hint}`, 1, {
        status: res.status,
      });
    }
    return data as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }
}
