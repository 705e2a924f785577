import type { Application } from '../../model/application.js';
import type { ApiClient } from './api-client.js';
import { CliError } from './cli-error.js';

/**
 * Calls `check` with the app's current state, then with every change streamed from
 * `/api/v1/stream/applications`, until it returns a result or `signal` aborts. The current
 * state is looked at before subscribing, so nothing is subscribed to when there is nothing
 * to wait for; once subscribed, it is read again, so no change slips between the two.
 */
export async function watchApp<T>(
  client: ApiClient,
  name: string,
  check: (app: Application) => T | undefined,
  signal: AbortSignal,
): Promise<T> {
  const current = () => client.get<Application>(`api/v1/applications/${encodeURIComponent(name)}`);
  const now = check(await current());
  if (now !== undefined) return now;
  const url = client.url(`api/v1/stream/applications?name=${encodeURIComponent(name)}`);
  const res = await fetch(url, { headers: client.headers(), signal });
  if (!res.ok || res.body === null) {
    throw new CliError('STREAM_FAILED', `cannot follow ${name}: HTTP ${res.status}`);
  }
  const reader = res.body.getReader();
  try {
    const first = check(await current());
    if (first !== undefined) return first;
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new CliError('STREAM_ENDED', `the server closed the stream for ${name}`);
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = event
          .split('\n')
          .filter((l) => l.startsWith('data: '))
          .map((l) => l.slice(6))
          .join('\n');
        if (data === '') continue;
        const { result } = JSON.parse(data) as {
          result: { type: string; application: Application };
        };
        if (result.type === 'DELETED') {
          throw new CliError('NOT_FOUND', `application "${name}" was deleted`);
        }
        const outcome = check(result.application);
        if (outcome !== undefined) return outcome;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
