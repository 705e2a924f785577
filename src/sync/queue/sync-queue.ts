/** Runs one step of an app's sync operation; resolves to a delay before the next step, or undefined when done. */
export type SyncStepHandler = (appName: string) => Promise<number | undefined>;

/**
 * Where sync operations wait for a worker. An app's operation is never stepped by two
 * workers at once, however many processes share the queue.
 */
export interface SyncQueue {
  enqueue(appName: string, delayMs?: number): Promise<void>;
  start(handler: SyncStepHandler): Promise<void>;
  close(): Promise<void>;
}
