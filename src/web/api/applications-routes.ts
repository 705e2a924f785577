import express, { Router, type Request } from 'express';
import { z } from 'zod';
import type { Application } from '../../model/application.js';
import { WebError } from '../api-errors.js';
import { requireWrite } from '../auth/auth-middleware.js';
import type { WebDeps } from '../web-deps.js';
import { applicationFromManifest } from './app-manifest.js';
import { summarizeApp, type AppIndex } from './app-index.js';
import { sendJson } from './compressed-json.js';
import { deleteApplication } from './delete-app.js';
import { parseListQuery } from './list-query.js';

const JSON_LIMIT = '1mb';

export function appOr404(index: AppIndex, name: string): Application {
  const app = index.get(name);
  if (app === undefined) throw new WebError(404, 'NOT_FOUND', `application "${name}" not found`);
  return app;
}

/** `current` with the spec, labels and annotations of `wanted`; status and identity kept. */
function withSpecOf(current: Application, wanted: Application): Application {
  const { labels, annotations } = wanted.metadata;
  const metadata = { ...current.metadata };
  delete metadata.labels;
  delete metadata.annotations;
  return {
    ...current,
    metadata: {
      ...metadata,
      ...(labels === undefined ? {} : { labels }),
      ...(annotations === undefined ? {} : { annotations }),
    },
    spec: wanted.spec,
  };
}

function nameParam(req: Request): string {
  return String(req.params['name']);
}

/** `/api/v1/applications`: list, get, create, update and delete, shaped as Argo CD's API. */
export function applicationsRouter(deps: WebDeps, index: AppIndex): Router {
  const router = Router();
  const body = express.json({ limit: JSON_LIMIT });

  router.get('/', async (req, res) => {
    const query = parseListQuery(req);
    const page = await index.page(query.filter, query.limit, query.continue);
    await sendJson(req, res, {
      apiVersion: 'ferry.dev/v1alpha1',
      kind: 'ApplicationList',
      metadata: {
        ...(page.continue === undefined ? {} : { continue: page.continue }),
        remainingItemCount: page.remainingItemCount,
      },
      summary: page.summary,
      items: query.view === 'summary' ? page.items.map(summarizeApp) : page.items,
    });
  });

  router.get('/:name', (req, res) => {
    res.json(appOr404(index, nameParam(req)));
  });

  router.post('/', requireWrite, body, async (req, res) => {
    const app = applicationFromManifest(req.body, deps.namespace);
    const upsert = req.query['upsert'] === 'true';
    const existing = await deps.client.get(app);
    if (existing !== undefined) {
      if (!upsert) {
        throw new WebError(
          409,
          'ALREADY_EXISTS',
          `application "${app.metadata.name}" already exists`,
        );
      }
      res.json(await deps.client.replace(withSpecOf(existing as Application, app)));
      return;
    }
    res.status(201).json(await deps.client.create(app));
  });

  router.put('/:name', requireWrite, body, async (req, res) => {
    const name = nameParam(req);
    const app = applicationFromManifest(req.body, deps.namespace);
    if (app.metadata.name !== name) {
      throw new WebError(
        400,
        'INVALID_ARGUMENT',
        `metadata.name "${app.metadata.name}" is not "${name}"`,
      );
    }
    const current = (await deps.client.get(app)) as Application | undefined;
    if (current === undefined)
      throw new WebError(404, 'NOT_FOUND', `application "${name}" not found`);
    res.json(await deps.client.replace(withSpecOf(current, app)));
  });

  router.delete('/:name', requireWrite, async (req, res) => {
    const name = nameParam(req);
    const cascade = z.enum(['true', 'false']).default('true').safeParse(req.query['cascade']);
    if (!cascade.success)
      throw new WebError(400, 'INVALID_ARGUMENT', 'cascade must be true or false');
    const current = (await deps.client.get(appOr404(index, name))) as Application | undefined;
    if (current === undefined)
      throw new WebError(404, 'NOT_FOUND', `application "${name}" not found`);
    const result = await deleteApplication(
      deps.client,
      deps.cache,
      current,
      cascade.data === 'true',
    );
    if (result.failed.length > 0) {
      throw new WebError(
        500,
        'PRUNE_FAILED',
        `could not delete ${result.failed.length} resource(s); the application was kept: ${result.failed
          .map((f) => `${f.resource}: ${f.message}`)
          .join('; ')}`,
      );
    }
    res.json({ deleted: name, pruned: result.pruned });
  });

  return router;
}
