import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { LiveChangeView } from '../ports.js';
import type { Application } from '../../model/application.js';
import type { EngineMetrics } from '../../model/engine-metrics.js';

/**
 * Ferry's Prometheus metrics, in a registry of their own (several servers may share a
 * process in tests). The engine reports through the EngineMetrics interface; app info is
 * read from the live cache at scrape time.
 */
export class WebMetrics implements EngineMetrics {
  readonly registry = new Registry();
  private readonly reconcile: Histogram;
  private readonly syncs: Counter<'phase'>;
  private readonly gitTotal: Counter<'operation' | 'result'>;
  private readonly gitSeconds: Histogram<'operation'>;
  private readonly kubeTotal: Counter<'verb' | 'code'>;
  private readonly webhooks: Counter<'provider' | 'result'>;

  constructor(
    apps: () => Promise<readonly Application[]>,
    options: { processMetrics?: boolean } = {},
  ) {
    const registers = [this.registry];
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'ferry_app_info',
      help: 'One series per Application with its sync and health status',
      labelNames: ['name', 'sync_status', 'health_status'],
      registers,
      async collect() {
        this.reset();
        for (const app of await apps()) {
          this.set(
            {
              name: app.metadata.name,
              sync_status: app.status?.sync.status ?? 'Unknown',
              health_status: app.status?.health.status ?? 'Unknown',
            },
            1,
          );
        }
      },
    });
    this.reconcile = new Histogram({
      name: 'ferry_app_reconcile_seconds',
      help: 'Time to reconcile one app: resolve, render, compare, write status',
      // No app label: with thousands of apps, a histogram per app would be thousands of
      // series per bucket, kept after the app is gone. ferry_app_info names the apps.
      labelNames: [],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.syncs = new Counter({
      name: 'ferry_app_sync_total',
      help: 'Sync operations finished, by phase',
      labelNames: ['phase'],
      registers,
    });
    this.gitTotal = new Counter({
      name: 'ferry_git_request_total',
      help: 'Git requests (resolve asks the remote for news), by result',
      labelNames: ['operation', 'result'],
      registers,
    });
    this.gitSeconds = new Histogram({
      name: 'ferry_git_request_duration_seconds',
      help: 'Duration of Git requests',
      labelNames: ['operation'],
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.kubeTotal = new Counter({
      name: 'ferry_k8s_request_total',
      help: 'Requests to the Kubernetes API server, by verb and status code',
      labelNames: ['verb', 'code'],
      registers,
    });
    this.webhooks = new Counter({
      name: 'ferry_webhook_total',
      help: 'Webhook deliveries, by provider and result',
      labelNames: ['provider', 'result'],
      registers,
    });
  }

  kubeRequest(method: string, statusCode: number): void {
    this.kubeTotal.inc({ verb: method, code: String(statusCode) });
  }

  gitRequest(operation: string, ok: boolean, seconds: number): void {
    this.gitTotal.inc({ operation, result: ok ? 'ok' : 'error' });
    this.gitSeconds.observe({ operation }, seconds);
  }

  reconciled(_app: string, seconds: number): void {
    this.reconcile.observe(seconds);
  }

  webhook(provider: string, result: string): void {
    this.webhooks.inc({ provider, result });
  }

  /** Counts a sync when an Application's operation reaches a final phase. */
  observeChange(change: LiveChangeView): void {
    // An object seen for the first time (a restart's initial list) finished long ago.
    if (change.type === 'DELETED' || change.previous === undefined) return;
    const after = (change.obj as Application).status?.operationState;
    if (after?.finishedAt === undefined) return;
    const before = (change.previous as Application | undefined)?.status?.operationState;
    if (before?.finishedAt === after.finishedAt && before.phase === after.phase) return;
    this.syncs.inc({ phase: after.phase });
  }

  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
