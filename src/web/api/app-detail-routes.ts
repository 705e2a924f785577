import { Router } from 'express';
import type { WebDeps } from '../web-deps.js';
import { appEvents } from './app-events.js';
import type { AppIndex } from './app-index.js';
import { appOr404 } from './applications-routes.js';
import { managedResources } from './managed-resources.js';
import { resourceTree } from './resource-tree.js';

/** Read-only views of one app: resource tree, managed resources with diffs, history, events. */
export function appDetailRouter(deps: WebDeps, index: AppIndex): Router {
  const router = Router();
  const checks = deps.compareSettings?.healthChecks;

  router.get('/:name/resource-tree', async (req, res) => {
    res.json(await resourceTree(deps.cache, appOr404(index, req.params.name), checks));
  });

  router.get('/:name/managed-resources', async (req, res) => {
    const app = structuredClone(appOr404(index, req.params.name));
    res.json(
      await managedResources(app, {
        actions: deps.actions,
        sources: deps.sources,
        ...(deps.compareSettings === undefined ? {} : { compareSettings: deps.compareSettings }),
      }),
    );
  });

  router.get('/:name/history', (req, res) => {
    const app = appOr404(index, req.params.name);
    const items = [...(app.status?.history ?? [])].sort((a, b) => b.id - a.id);
    res.json({ items });
  });

  router.get('/:name/events', async (req, res) => {
    res.json({ items: await appEvents(deps.cache, appOr404(index, req.params.name)) });
  });

  return router;
}
