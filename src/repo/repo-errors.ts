import { RepoError } from '../model/errors.js';

/** Why a repository operation failed; `data.reason` of every RepoError from this room. */
export const REPO_ERROR_REASON = {
  auth: 'auth',
  repoNotFound: 'repo-not-found',
  revisionNotFound: 'revision-not-found',
  pathNotFound: 'path-not-found',
  invalidPath: 'invalid-path',
  network: 'network',
  server: 'server',
  unsupported: 'unsupported',
  limitExceeded: 'limit-exceeded',
  unknown: 'unknown',
} as const;

export type RepoErrorReason = (typeof REPO_ERROR_REASON)[keyof typeof REPO_ERROR_REASON];

/** Where an error happened: the repository (without credentials) and what was asked of it. */
export interface RepoErrorContext {
  repoURL?: string;
  revision?: string;
  path?: string;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function repoError(
  reason: RepoErrorReason,
  message: string,
  context: RepoErrorContext,
): RepoError {
  return new RepoError(message, { data: { ...context, reason } });
}

/**
 * Turns anything isomorphic-git, the network or the file system threw into a RepoError
 * with a clear message and `data.reason`. Credentials in `secrets` are scrubbed from the
 * message, and the original error is replaced by a plain copy of its (scrubbed) message,
 * so no request headers or response bodies travel along.
 */
export function toRepoError(err: unknown, context: RepoErrorContext, secrets: string[]): RepoError {
  if (err instanceof RepoError) {
    // Errors raised deep down may not know the repository yet: fill in what they lack.
    for (const [key, value] of Object.entries(context)) err.data[key] ??= value;
    return err;
  }
  const code = errorCode(err);
  const detail = scrub(err instanceof Error ? err.message : String(err), secrets);
  const make = (reason: RepoErrorReason, message: string): RepoError =>
    new RepoError(message, {
      cause: scrubbedCause(err, detail),
      data: { ...context, reason },
    });
  const where = context.repoURL ?? 'the repository';
  if (code === 'HttpError') {
    const status = httpStatus(err);
    if (status === 401 || status === 403) {
      return make(
        REPO_ERROR_REASON.auth,
        `authentication failed for ${where} (HTTP ${status}): check the repository credentials`,
      );
    }
    if (status === 404)
      return make(REPO_ERROR_REASON.repoNotFound, `repository not found: ${where}`);
    return make(REPO_ERROR_REASON.server, `git server error from ${where}: ${detail}`);
  }
  if (code === 'UserCanceledError') {
    return make(
      REPO_ERROR_REASON.auth,
      `authentication failed for ${where}: check the repository credentials`,
    );
  }
  if ((code !== undefined && NETWORK_CODES.has(code)) || detail === 'Request timed out') {
    return make(REPO_ERROR_REASON.network, `cannot reach ${where}: ${detail}`);
  }
  if (code === 'SmartHttpError' || code === 'ParseError' || code === 'UnknownTransportError') {
    return make(
      REPO_ERROR_REASON.server,
      `${where} did not answer as a git smart HTTP server: ${detail}`,
    );
  }
  const what = context.revision === undefined ? '' : ` at ${context.revision}`;
  return make(REPO_ERROR_REASON.unknown, `git error in ${where}${what}: ${detail}`);
}

/** The `code` of an error (isomorphic-git's error names, system error codes), or its cause's. */
export function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // fetch()-style errors keep the system error code on their cause.
  const cause = (err as { cause?: unknown }).cause;
  return cause === undefined ? undefined : errorCode(cause);
}

function httpStatus(err: unknown): number | undefined {
  const data = (err as { data?: { statusCode?: unknown } }).data;
  return typeof data?.statusCode === 'number' ? data.statusCode : undefined;
}

function scrubbedCause(err: unknown, message: string): Error {
  const copy = new Error(message);
  const code = errorCode(err);
  if (err instanceof Error) copy.name = err.name;
  if (code !== undefined) Object.assign(copy, { code });
  return copy;
}

/** `text` with every secret replaced by `***`. */
export function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join('***');
  }
  return out;
}

/** Whether `err` is a RepoError (matched by code, as errors may arrive as JSON) with `reason`. */
export function isRepoErrorReason(err: unknown, reason: RepoErrorReason): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, data } = err as { code?: unknown; data?: { reason?: unknown } };
  return code === new RepoError('').code && data?.reason === reason;
}
