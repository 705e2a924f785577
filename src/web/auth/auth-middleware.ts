import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { sendError } from '../api-errors.js';
import { clientOf, refuseIfThrottled, type LoginThrottle } from './login-throttle.js';
import { canWrite, type Principal } from './roles.js';
import type { SessionStore } from './sessions.js';
import type { Authenticator } from './token-store.js';
import { secretsEqual } from './token-hash.js';

export const SESSION_COOKIE = 'ferry_session';
export const CSRF_COOKIE = 'ferry_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The caller of a request, set by `authenticate`. */
export function principalOf(res: Response): Principal {
  return res.locals['principal'] as Principal;
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    try {
      cookies[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // A cookie that is not valid percent-encoding is not one of ours.
    }
  }
  return cookies;
}

/**
 * Requires a bearer token (API clients, the CLI) or a session cookie (the dashboard). A
 * cookie-authenticated request that changes anything must also echo the CSRF cookie in
 * the `X-CSRF-Token` header (double submit): another site can make the browser send the
 * cookie, but cannot read it. A client that sent too many wrong bearer tokens gets 429
 * until it has waited (see LoginThrottle).
 */
export function authenticate(
  auth: Authenticator,
  sessions: SessionStore,
  throttle: LoginThrottle,
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    void (async () => {
      const header = req.get('authorization');
      if (header !== undefined) {
        const client = clientOf(req);
        if (refuseIfThrottled(throttle, client, res)) return;
        const match = /^Bearer\s+(.+)$/i.exec(header);
        const principal = match === null ? undefined : await auth.authenticate(match[1]!.trim());
        if (principal === undefined) {
          throttle.fail(client);
          sendError(res, 401, 'UNAUTHENTICATED', 'the bearer token is not valid');
          return;
        }
        res.locals['principal'] = principal;
        next();
        return;
      }
      const cookies = parseCookies(req.get('cookie'));
      const session = sessions.get(cookies[SESSION_COOKIE] ?? '');
      if (session === undefined) {
        sendError(res, 401, 'UNAUTHENTICATED', 'sign in, or send "Authorization: Bearer <token>"');
        return;
      }
      if (!SAFE_METHODS.has(req.method)) {
        const sent = req.get(CSRF_HEADER) ?? '';
        if (sent === '' || !secretsEqual(sent, session.csrf)) {
          sendError(res, 403, 'CSRF_FAILED', 'missing or wrong X-CSRF-Token header');
          return;
        }
      }
      res.locals['principal'] = session.principal;
      next();
    })().catch(next);
  };
}

/** Lets through only callers allowed to change things. */
export const requireWrite: RequestHandler = (_req, res, next) => {
  const principal = principalOf(res);
  if (!canWrite(principal)) {
    sendError(
      res,
      403,
      'PERMISSION_DENIED',
      `the ${principal.role} role cannot change applications`,
    );
    return;
  }
  next();
};
