import type { KubeObject } from '../../../kube/object.js';
import { expired } from '../../api-error.js';
import { apiVersionOf } from '../../catalog/served-type.js';
import type { CancelTimer } from '../../clock.js';
import { view } from '../../registry/object-registry.js';
import { EventType, type StoreEvent } from '../../store/store-event.js';
import type { Handler, ResourceRequest } from '../handler.js';
import { matchesListOptions, parseListOptions, type ListOptions } from '../list-options.js';
import { servedJson } from '../served-json.js';
import { toTable, wantsTable } from '../table.js';

type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/**
 * A watch: a chunked stream of `{"type":…,"object":…}` lines. Without a resource version
 * (or with "0") it starts with synthetic ADDED events for what exists; from a version it
 * replays the kept history, or sends a 410 Expired ERROR event when that is gone.
 */
export const handleWatch: Handler = async (request) => {
  const { res, req, query, type, path, deps } = request;
  const options = parseListOptions(query);
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();
  const asTable = wantsTable(req);
  // Events written in one turn of the event loop leave in one write.
  let corked = false;
  const write = (line: string): void => {
    if (!corked) {
      corked = true;
      res.cork();
      setImmediate(() => {
        corked = false;
        // end() uncorks fully, and the connection may carry another response by now.
        if (!res.writableEnded) res.uncork();
      });
    }
    res.write(line);
  };
  const send = (eventType: 'ERROR' | 'BOOKMARK', object: unknown): void => {
    write(`${JSON.stringify({ type: eventType, object })}\n`);
  };
  const sendObject = (eventType: WatchType, stored: Readonly<KubeObject>): void => {
    if (asTable) {
      const table = toTable(req, query, type, [view(type, stored)], {}, deps.clock.now());
      write(`${JSON.stringify({ type: eventType, object: table })}\n`);
    } else {
      write(`{"type":"${eventType}","object":${servedJson(type, stored)}}\n`);
    }
  };

  const buffered: StoreEvent[] = [];
  let live = false;
  let lastRv = 0;
  const onEvent = (event: StoreEvent): void => {
    if (event.resource !== type.storage) return;
    if (!live) buffered.push(event);
    else if (event.rv > lastRv) forward(event);
  };
  const forward = (event: StoreEvent): void => {
    lastRv = event.rv;
    const translated = translate(event, request, options);
    if (translated !== undefined) sendObject(translated.type, translated.object);
  };
  const unsubscribe = deps.store.subscribe(onEvent);
  const timers: CancelTimer[] = [];
  const finish = (): void => {
    unsubscribe();
    for (const cancel of timers) cancel();
    if (!res.writableEnded) res.end();
  };
  req.on('close', finish);
  res.on('close', finish);

  const rvParam = options.resourceVersion;
  if (rvParam === undefined || rvParam === '' || rvParam === '0') {
    lastRv = deps.store.currentRv;
    for (const obj of deps.store.list(type.storage, path.namespace)) {
      if (matchesListOptions(obj, options)) sendObject(EventType.Added, obj);
    }
    if (options.sendInitialEvents && options.allowWatchBookmarks) {
      send('BOOKMARK', bookmark(request, String(lastRv), true));
    }
  } else {
    const from = Number(rvParam);
    const backlog = Number.isFinite(from) ? deps.store.history.since(from) : undefined;
    if (backlog === undefined) {
      const oldest = deps.store.history.oldestResumableRv;
      send('ERROR', expired(`too old resource version: ${rvParam} (${oldest})`).status);
      finish();
      return;
    }
    lastRv = from;
    for (const event of backlog) if (event.resource === type.storage) forward(event);
  }
  for (const event of buffered) if (event.rv > lastRv) forward(event);
  buffered.length = 0;
  live = true;

  if (options.allowWatchBookmarks) {
    const tick = (): void => {
      if (res.writableEnded) return;
      send('BOOKMARK', bookmark(request, String(Math.max(lastRv, deps.store.currentRv)), false));
      timers.push(deps.clock.setTimer(deps.bookmarkIntervalMs, tick));
    };
    timers.push(deps.clock.setTimer(deps.bookmarkIntervalMs, tick));
  }
  if (options.timeoutSeconds !== undefined && options.timeoutSeconds > 0) {
    timers.push(deps.clock.setTimer(options.timeoutSeconds * 1000, finish));
  }
};

function bookmark(
  { type }: ResourceRequest,
  resourceVersion: string,
  initialEnd: boolean,
): unknown {
  const metadata: Record<string, unknown> = { resourceVersion };
  if (initialEnd) metadata['annotations'] = { 'k8s.io/initial-events-end': 'true' };
  return { kind: type.kind, apiVersion: apiVersionOf(type), metadata };
}

/** What a change looks like through a namespace and selectors. */
function translate(
  event: StoreEvent,
  { path }: ResourceRequest,
  options: ListOptions,
): { type: WatchType; object: Readonly<KubeObject> } | undefined {
  const ns = path.namespace;
  if (ns !== undefined && (event.object.metadata.namespace ?? '') !== ns) return undefined;
  const now = event.type !== EventType.Deleted && matchesListOptions(event.object, options);
  const before = event.previous !== undefined && matchesListOptions(event.previous, options);
  if (event.type === EventType.Deleted)
    return before || matchesListOptions(event.object, options)
      ? { type: 'DELETED', object: event.object }
      : undefined;
  if (now && before) return { type: 'MODIFIED', object: event.object };
  if (now) return { type: 'ADDED', object: event.object };
  if (before) return { type: 'DELETED', object: event.object };
  return undefined;
}
