import type { Logger } from 'pino';
import type { RefreshLevel } from '../controller/app-controller.js';
import type { CompareSettings } from '../controller/compare-settings.js';
import type { SourceLoader } from '../controller/source-loader.js';
import type { Authenticator } from './auth/token-store.js';
import type { WebMetrics } from './metrics/web-metrics.js';
import type { AppActions, KubeWriter, LiveView } from './ports.js';
import type { WebhookSettings } from './webhook/webhook-settings.js';

/** Everything Ferry's HTTP surface works with, handed over by server.ts. */
export interface WebDeps {
  client: KubeWriter;
  cache: LiveView;
  actions: AppActions;
  sources: SourceLoader;
  /** Queues a refresh of one app (the AppController). */
  refresh: (name: string, level: RefreshLevel) => void;
  /** Namespace holding the Application resources. */
  namespace: string;
  compareSettings?: CompareSettings;
  auth: Authenticator;
  /** True once the controller has its caches filled. */
  ready: () => boolean;
  webhook: WebhookSettings;
  /** Served at /metrics when set. */
  metrics?: WebMetrics;
  log: Logger;
  /** @defaultValue Date.now */
  now?: () => number;
}
