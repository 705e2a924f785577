import { join } from 'node:path';
import { systemClock, type Clock } from './clock.js';

/** How to start the embedded control plane. */
export interface ControlPlaneOptions {
  /** Where the store, the token and (by default) the kubeconfig live. */
  dataDir: string;
  /** @defaultValue '127.0.0.1' */
  host?: string;
  /** 0 picks a free port. @defaultValue 0 */
  port?: number;
  /** @defaultValue `<dataDir>/kubeconfig` */
  kubeconfigOut?: string;
  /** Scales every simulated delay; 0 makes them immediate. @defaultValue 1 */
  timeFactor?: number;
  /** Time before a scheduled pod becomes Running/Ready, before `timeFactor`. @defaultValue 300 */
  podStartDelayMs?: number;
  /** Images whose reference contains this cannot be pulled. @defaultValue 'doesnotexist' */
  failingImagePattern?: string;
  /** Number of simulated nodes. @defaultValue 1 */
  nodeCount?: number;
  /** Interval of watch bookmarks, before `timeFactor`. @defaultValue 10000 */
  watchBookmarkIntervalMs?: number;
  /** Events kept for resuming watches. @defaultValue 10000 */
  watchHistorySize?: number;
  /** Log size that triggers compaction into a snapshot. @defaultValue 8 MiB */
  compactAfterBytes?: number;
  /** Time source for controllers, the kubelet and timestamps. @defaultValue the system clock */
  clock?: Clock;
  /** Receives errors from controllers (they retry on their own). @defaultValue ignore */
  onControllerError?: (controller: string, key: string, err: unknown) => void;
}

export type ResolvedControlPlaneOptions = Required<ControlPlaneOptions>;

export function resolveControlPlaneOptions(
  options: ControlPlaneOptions,
): ResolvedControlPlaneOptions {
  return {
    dataDir: options.dataDir,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    kubeconfigOut: options.kubeconfigOut ?? join(options.dataDir, 'kubeconfig'),
    timeFactor: options.timeFactor ?? 1,
    podStartDelayMs: options.podStartDelayMs ?? 300,
    failingImagePattern: options.failingImagePattern ?? 'doesnotexist',
    nodeCount: options.nodeCount ?? 1,
    watchBookmarkIntervalMs: options.watchBookmarkIntervalMs ?? 10_000,
    watchHistorySize: options.watchHistorySize ?? 10_000,
    compactAfterBytes: options.compactAfterBytes ?? 8 * 1024 * 1024,
    clock: options.clock ?? systemClock,
    onControllerError: options.onControllerError ?? (() => undefined),
  };
}
