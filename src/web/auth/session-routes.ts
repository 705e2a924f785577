import express, { Router, type Response } from 'express';
import { z } from 'zod';
import { sendError } from '../api-errors.js';
import {
  authenticate,
  CSRF_COOKIE,
  parseCookies,
  principalOf,
  SESSION_COOKIE,
} from './auth-middleware.js';
import { clientOf, refuseIfThrottled, type LoginThrottle } from './login-throttle.js';
import type { SessionStore } from './sessions.js';
import type { Authenticator } from './token-store.js';

const loginBody = z.object({ token: z.string().min(1).max(4096) });

function setCookies(res: Response, id: string, csrf: string, maxAge: number, secure: boolean) {
  const flags = `Path=/; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
  res.append('Set-Cookie', `${SESSION_COOKIE}=${id}; HttpOnly; ${flags}`);
  res.append('Set-Cookie', `${CSRF_COOKIE}=${csrf}; ${flags}`);
}

/**
 * `/api/v1/session`, as Argo CD names it: POST signs in with a token and sets the session
 * and CSRF cookies, GET tells who is signed in, DELETE signs out. Failed sign-ins count
 * towards the client's limit (429 with Retry-After once it is reached).
 */
export function sessionRouter(
  auth: Authenticator,
  sessions: SessionStore,
  throttle: LoginThrottle,
): Router {
  const router = Router();
  router.post('/', express.json({ limit: '8kb' }), async (req, res) => {
    const client = clientOf(req);
    if (refuseIfThrottled(throttle, client, res)) return;
    const body = loginBody.safeParse(req.body);
    if (!body.success) {
      sendError(res, 400, 'INVALID_ARGUMENT', 'send {"token": "<token>"}');
      return;
    }
    const principal = await auth.authenticate(body.data.token);
    if (principal === undefined) {
      throttle.fail(client);
      sendError(res, 401, 'UNAUTHENTICATED', 'that token is not valid');
      return;
    }
    const session = sessions.create(principal);
    setCookies(res, session.id, session.csrf, sessions.ttlSeconds, req.secure);
    res.json({ user: principal.name, role: principal.role, csrfToken: session.csrf });
  });
  router.get('/', authenticate(auth, sessions, throttle), (_req, res) => {
    const principal = principalOf(res);
    res.json({ user: principal.name, role: principal.role });
  });
  router.delete('/', (req, res) => {
    const id = parseCookies(req.get('cookie'))[SESSION_COOKIE];
    if (id !== undefined) sessions.delete(id);
    setCookies(res, '', '', 0, req.secure);
    res.status(204).end();
  });
  return router;
}
