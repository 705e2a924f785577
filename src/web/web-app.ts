import { fileURLToPath } from 'node:url';
import express from 'express';
import helmet from 'helmet';
import { errorHandler, sendError } from './api-errors.js';
import { AppIndex, isApplication } from './api/app-index.js';
import { appDetailRouter } from './api/app-detail-routes.js';
import { applicationsRouter } from './api/applications-routes.js';
import { operationRouter } from './api/operation-routes.js';
import { streamRouter } from './api/stream-routes.js';
import { authenticate } from './auth/auth-middleware.js';
import { LoginThrottle } from './auth/login-throttle.js';
import { sessionRouter } from './auth/session-routes.js';
import { SessionStore } from './auth/sessions.js';
import type { WebDeps } from './web-deps.js';
import { webhookHandler } from './webhook/webhook-route.js';

/** The dashboard's files, found beside the sources whether running from src/ or dist/. */
const STATIC_DIR = fileURLToPath(new URL('../../src/web/static/', import.meta.url));

export interface WebApp {
  app: express.Express;
  /** Releases subscriptions and timers; the HTTP server is closed by its owner. */
  close(): void;
}

/**
 * Ferry's HTTP surface: probes and metrics (open), the REST API and event stream (bearer
 * token or dashboard session), webhooks (signed), and the dashboard's static files.
 */
export function createWebApp(deps: WebDeps): WebApp {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
    }),
  );

  const index = new AppIndex(deps.cache, deps.namespace);
  const sessions = new SessionStore(deps.now === undefined ? {} : { now: deps.now });
  const metrics = deps.metrics;
  const unsubscribe = deps.cache.subscribe((change) => {
    if (isApplication(change.obj)) metrics?.observeChange(change);
  });

  app.get('/healthz', (_req, res) => {
    res.type('text/plain').send('ok');
  });
  app.get('/readyz', (_req, res) => {
    if (deps.ready()) res.type('text/plain').send('ok');
    else res.status(503).type('text/plain').send('not ready');
  });
  if (metrics !== undefined) {
    app.get('/metrics', async (_req, res) => {
      const { contentType, body } = await metrics.text();
      res.type(contentType).send(body);
    });
  }

  const webhook = webhookHandler({
    apps: () => index.all(),
    refresh: (name) => deps.refresh(name, 'hard'),
    settings: deps.webhook,
    log: deps.log,
    ...(metrics === undefined ? {} : { count: (p, r) => metrics.webhook(p, r) }),
    ...(deps.now === undefined ? {} : { now: deps.now }),
  });
  app.use('/api/webhook', webhook.router);

  const throttle = new LoginThrottle(deps.now === undefined ? {} : { now: deps.now });
  app.use('/api/v1/session', sessionRouter(deps.auth, sessions, throttle));
  const auth = authenticate(deps.auth, sessions, throttle);
  const stream = streamRouter({
    namespace: deps.namespace,
    subscribe: (listener) => deps.cache.subscribe(listener),
  });
  const applications = express.Router();
  applications.use(applicationsRouter(deps, index));
  applications.use(appDetailRouter(deps, index));
  applications.use(operationRouter(deps));
  app.use('/api/v1/stream', auth, stream);
  app.use('/api/v1/applications', auth, applications);
  app.use('/api', (_req, res) => sendError(res, 404, 'NOT_FOUND', 'no such API path'));
  app.use(express.static(STATIC_DIR, { index: 'index.html' }));
  app.use(errorHandler);
  return {
    app,
    close: () => {
      unsubscribe();
      index.close();
      webhook.close();
    },
  };
}
