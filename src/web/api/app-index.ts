import type { LiveView } from '../ports.js';
import {
  APPLICATION_API_VERSION,
  APPLICATION_GROUP,
  APPLICATION_KIND,
  type Application,
} from '../../model/application.js';

export interface AppFilter {
  /** Substring of the name, repository, path or destination namespace, any case. */
  search?: string;
  sync?: readonly string[];
  health?: readonly string[];
}

export interface AppPage {
  items: Application[];
  /** Opaque token for the next page, absent on the last one. */
  continue?: string;
  remainingItemCount: number;
  /** Counts over every app in the namespace, whatever the filter. */
  summary: AppSummary;
}

export interface AppSummary {
  total: number;
  sync: Record<string, number>;
  health: Record<string, number>;
}

/**
 * The Applications of one namespace as the live cache holds them: listing never touches the
 * API server. The sorted list is rebuilt only after an Application changed.
 */
export class AppIndex {
  private sorted: Application[] | undefined;
  private summaryCache: AppSummary | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly cache: LiveView,
    readonly namespace: string,
  ) {
    this.unsubscribe = cache.subscribe((change) => {
      if (isApplication(change.obj)) {
        this.sorted = undefined;
        this.summaryCache = undefined;
      }
    });
  }

  close(): void {
    this.unsubscribe();
  }

  get(name: string): Application | undefined {
    return this.cache.peek(APPLICATION_API_VERSION, {
      group: APPLICATION_GROUP,
      kind: APPLICATION_KIND,
      namespace: this.namespace,
      name,
    }) as Application | undefined;
  }

  async all(): Promise<Application[]> {
    if (this.sorted === undefined) {
      const apps = (await this.cache.list(
        APPLICATION_API_VERSION,
        APPLICATION_KIND,
        this.namespace,
      )) as Application[];
      apps.sort((a, b) => compareNames(a.metadata.name, b.metadata.name));
      this.sorted = apps;
    }
    return this.sorted;
  }

  async summary(): Promise<AppSummary> {
    if (this.summaryCache === undefined) {
      const summary: AppSummary = { total: 0, sync: {}, health: {} };
      for (const app of await this.all()) {
        summary.total++;
        const sync = app.status?.sync.status ?? 'Unknown';
        const health = app.status?.health.status ?? 'Unknown';
        summary.sync[sync] = (summary.sync[sync] ?? 0) + 1;
        summary.health[health] = (summary.health[health] ?? 0) + 1;
      }
      this.summaryCache = summary;
    }
    return this.summaryCache;
  }

  /** One page of apps in name order, after `after` (a previous page's continue token). */
  async page(filter: AppFilter, limit: number | undefined, after?: string): Promise<AppPage> {
    const start = after === undefined ? undefined : decodeContinue(after);
    const matches = (await this.all()).filter(
      (app) =>
        (start === undefined || compareNames(app.metadata.name, start) > 0) &&
        matchesFilter(app, filter),
    );
    const items = limit === undefined ? matches : matches.slice(0, limit);
    const remaining = matches.length - items.length;
    const last = items.at(-1);
    return {
      items,
      ...(remaining > 0 && last !== undefined
        ? { continue: encodeContinue(last.metadata.name) }
        : {}),
      remainingItemCount: remaining,
      summary: await this.summary(),
    };
  }
}

export function isApplication(obj: { apiVersion: string; kind: string }): boolean {
  return obj.apiVersion === APPLICATION_API_VERSION && obj.kind === APPLICATION_KIND;
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function matchesFilter(app: Application, filter: AppFilter): boolean {
  const status = app.status;
  if (filter.sync !== undefined && filter.sync.length > 0) {
    if (!filter.sync.includes(status?.sync.status ?? 'Unknown')) return false;
  }
  if (filter.health !== undefined && filter.health.length > 0) {
    if (!filter.health.includes(status?.health.status ?? 'Unknown')) return false;
  }
  const search = filter.search?.trim().toLowerCase();
  if (search === undefined || search === '') return true;
  const source = app.spec.source;
  const haystack = [
    app.metadata.name,
    source.repoURL,
    source.path ?? '',
    app.spec.destination.namespace ?? '',
  ];
  return haystack.some((text) => text.toLowerCase().includes(search));
}

function encodeContinue(name: string): string {
  return Buffer.from(JSON.stringify({ after: name })).toString('base64url');
}

function decodeContinue(token: string): string | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    const after = (parsed as { after?: unknown }).after;
    return typeof after === 'string' ? after : undefined;
  } catch {
    return undefined;
  }
}

/** A small view of an app for long lists: no resources, history or operation details. */
export function summarizeApp(app: Application): Application {
  const status = app.status;
  const op = status?.operationState;
  return {
    apiVersion: app.apiVersion,
    kind: app.kind,
    metadata: {
      name: app.metadata.name,
      namespace: app.metadata.namespace,
      ...(app.metadata.creationTimestamp === undefined
        ? {}
        : { creationTimestamp: app.metadata.creationTimestamp }),
    },
    spec: app.spec,
    ...(status === undefined
      ? {}
      : {
          status: {
            sync: status.sync,
            health: status.health,
            resources: [],
            ...(status.reconciledAt === undefined ? {} : { reconciledAt: status.reconciledAt }),
            ...(op === undefined
              ? {}
              : {
                  operationState: {
                    operation: op.operation,
                    phase: op.phase,
                    message: op.message,
                    startedAt: op.startedAt,
                    ...(op.finishedAt === undefined ? {} : { finishedAt: op.finishedAt }),
                  },
                }),
          },
        }),
  };
}
