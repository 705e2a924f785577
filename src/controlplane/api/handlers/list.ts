import { apiVersionOf } from '../../catalog/served-type.js';
import type { Handler } from '../handler.js';
import { encodeContinue, matchesListOptions, parseListOptions } from '../list-options.js';
import { sendJson } from '../respond.js';
import { toTable, wantsTable } from '../table.js';

/** GET of a collection: selectors, then `limit`/`continue` pagination. */
export const handleList: Handler = async ({ req, res, query, type, path, deps }) => {
  const options = parseListOptions(query);
  const { items, resourceVersion } = deps.registry.list(type, path.namespace);
  let selected = items.filter((obj) => matchesListOptions(obj, options));
  const from = options.continueFrom;
  if (from !== undefined) selected = selected.filter((obj) => keyOf(obj) >= from);
  const metadata: Record<string, unknown> = { resourceVersion };
  if (options.limit !== undefined && selected.length > options.limit) {
    const remaining = selected.length - options.limit;
    selected = selected.slice(0, options.limit);
    metadata['continue'] = encodeContinue(resourceVersion, keyOf(selected[selected.length - 1]!));
    metadata['remainingItemCount'] = remaining;
  }
  if (wantsTable(req)) {
    sendJson(res, 200, toTable(req, query, type, selected, metadata, deps.clock.now()));
    return;
  }
  sendJson(res, 200, {
    kind: type.listKind,
    apiVersion: apiVersionOf(type),
    metadata,
    items: selected,
  });
};

function keyOf(obj: { metadata: { namespace?: string; name?: string } }): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}
