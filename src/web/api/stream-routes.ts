import { Router } from 'express';
import type { LiveChangeView } from '../ports.js';
import type { Application } from '../../model/application.js';
import { isApplication, summarizeApp } from './app-index.js';

export interface StreamOptions {
  namespace: string;
  subscribe: (listener: (change: LiveChangeView) => void) => () => void;
  /** @defaultValue 15_000 */
  heartbeatMs?: number;
  /** A client this far behind is disconnected; it reconnects and reloads. @defaultValue 8 MiB */
  maxBufferedBytes?: number;
}

/**
 * `GET /api/v1/stream/applications[?name=a,b&view=summary]`: server-sent events of
 * Application changes from the live cache, `data: {"result":{"type","application"}}` as
 * Argo CD sends them. Nothing is sent for the current state: read it first, then follow.
 */
export function streamRouter(options: StreamOptions): Router {
  const router = Router();
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const maxBuffered = options.maxBufferedBytes ?? 8 * 1024 * 1024;
  router.get('/applications', (req, res) => {
    const names = new Set(
      String(req.query['name'] ?? '')
        .split(',')
        .filter((n) => n !== ''),
    );
    const summary = req.query['view'] === 'summary';
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(': connected\n\n');
    const send = (text: string): void => {
      if (res.writableLength > maxBuffered) {
        res.end();
        return;
      }
      res.write(text);
    };
    const unsubscribe = options.subscribe((change) => {
      if (!isApplication(change.obj) || change.obj.metadata.namespace !== options.namespace) return;
      const app = change.obj as Application;
      if (names.size > 0 && !names.has(app.metadata.name)) return;
      const result = { type: change.type, application: summary ? summarizeApp(app) : app };
      send(`data: ${JSON.stringify({ result })}\n\n`);
    });
    const heartbeat = setInterval(() => send(': keep-alive\n\n'), heartbeatMs);
    heartbeat.unref();
    const close = (): void => {
      clearInterval(heartbeat);
      unsubscribe();
    };
    req.on('close', close);
    res.on('close', close);
  });
  return router;
}
