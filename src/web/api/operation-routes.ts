import express, { Router } from 'express';
import { z } from 'zod';
import type { SyncOperation } from '../../model/application.js';
import { WebError } from '../api-errors.js';
import { principalOf, requireWrite } from '../auth/auth-middleware.js';
import type { WebDeps } from '../web-deps.js';

const resourceRef = z.object({
  group: z.string().default(''),
  kind: z.string().min(1),
  name: z.string().min(1),
  namespace: z.string().optional(),
});

const syncBody = z.object({
  revision: z.string().min(1).optional(),
  prune: z.boolean().optional(),
  dryRun: z.boolean().optional(),
  resources: z.array(resourceRef).optional(),
  syncOptions: z.array(z.string()).optional(),
});

const rollbackBody = z.object({ id: z.coerce.number().int().min(0) });

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
    throw new WebError(400, 'INVALID_ARGUMENT', problems.join('; '));
  }
  return parsed.data;
}

/** `POST /:name/sync`, `POST /:name/rollback`, `DELETE /:name/operation`: admin only. */
export function operationRouter(deps: WebDeps): Router {
  const router = Router({ mergeParams: true });
  const body = express.json({ limit: '256kb' });

  router.post('/:name/sync', requireWrite, body, async (req, res) => {
    const input = parse(syncBody, req.body);
    const sync: SyncOperation = {
      ...(input.revision === undefined ? {} : { revision: input.revision }),
      ...(input.prune === undefined ? {} : { prune: input.prune }),
      ...(input.dryRun === undefined ? {} : { dryRun: input.dryRun }),
      ...(input.syncOptions === undefined ? {} : { syncOptions: input.syncOptions }),
      ...(input.resources === undefined || input.resources.length === 0
        ? {}
        : {
            resources: input.resources.map((r) => ({
              group: r.group,
              kind: r.kind,
              name: r.name,
              ...(r.namespace === undefined ? {} : { namespace: r.namespace }),
            })),
          }),
    };
    const name = String(req.params['name']);
    res.json(await deps.actions.sync(name, sync, principalOf(res).name));
  });

  router.post('/:name/rollback', requireWrite, body, async (req, res) => {
    const { id } = parse(rollbackBody, req.body);
    const name = String(req.params['name']);
    res.json(await deps.actions.rollback(name, id, principalOf(res).name));
  });

  router.delete('/:name/operation', requireWrite, async (req, res) => {
    await deps.actions.terminate(String(req.params['name']));
    res.json({ terminated: true });
  });

  return router;
}
