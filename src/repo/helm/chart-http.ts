import { describeError } from '../../model/errors.js';
import { REPO_ERROR_REASON, repoError, scrub, type RepoErrorContext } from '../repo-errors.js';

/** The HTTP client the chart code uses; tests and callers may wrap it. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface ChartHttpOptions {
  /** @defaultValue globalThis.fetch */
  fetch?: FetchLike;
  /** How long one request may take, in milliseconds. @defaultValue 60000 */
  timeoutMs?: number;
}

export function resolveChartHttpOptions(
  options: ChartHttpOptions = {},
): Required<ChartHttpOptions> {
  return {
    fetch: options.fetch ?? ((url, init) => globalThis.fetch(url, init)),
    timeoutMs: options.timeoutMs ?? 60_000,
  };
}

/**
 * One GET, with network failures and timeouts turned into RepoErrors that name the URL.
 * The response is returned whatever its status; `secrets` are scrubbed from messages.
 */
export async function httpGet(
  url: string,
  headers: Record<string, string>,
  options: Required<ChartHttpOptions> & { context: RepoErrorContext; secrets?: string[] },
): Promise<Response> {
  try {
    return await options.fetch(url, {
      headers,
      redirect: 'follow',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (err) {
    const detail = scrub(describeError(err), options.secrets ?? []);
    return Promise.reject(
      repoError(REPO_ERROR_REASON.network, `cannot reach ${url}: ${detail}`, options.context),
    );
  }
}

/** The body of a response as bytes, failing with a network error when the transfer breaks. */
export async function bodyBytes(
  response: Response,
  url: string,
  context: RepoErrorContext,
): Promise<Uint8Array> {
  try {
    return new Uint8Array(await response.arrayBuffer());
  } catch (err) {
    throw repoError(
      REPO_ERROR_REASON.network,
      `reading ${url} failed: ${describeError(err)}`,
      context,
    );
  }
}

/** A RepoError for an unexpected HTTP status: auth, not found, or a server error. */
export function statusError(
  response: Response,
  url: string,
  what: string,
  context: RepoErrorContext,
): Error {
  const status = response.status;
  if (status === 401 || status === 403) {
    return repoError(
      REPO_ERROR_REASON.auth,
      `authentication failed for ${url} (HTTP ${status}): check the repository credentials`,
      context,
    );
  }
  if (status === 404)
    return repoError(REPO_ERROR_REASON.repoNotFound, `${what} not found: ${url}`, context);
  return repoError(REPO_ERROR_REASON.server, `${url} answered HTTP ${status}`, context);
}
