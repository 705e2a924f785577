import type { KubeObject } from '../../kube/object.js';

/** The watch event types a store change produces. */
export const EventType = {
  Added: 'ADDED',
  Modified: 'MODIFIED',
  Deleted: 'DELETED',
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];

/**
 * One committed change. `resource` is the storage name of the type (`apps/deployments`,
 * `/pods` for the core group), independent of the API version it was written through.
 */
export interface StoreEvent {
  type: EventType;
  rv: number;
  resource: string;
  object: Readonly<KubeObject>;
  previous?: Readonly<KubeObject>;
}

/** One line of the write-ahead log. */
export type LogRecord =
  | { rv: number; op: 'put'; r: string; o: KubeObject }
  | { rv: number; op: 'del'; r: string; ns: string; n: string };

/** The persisted image of the whole store at one resource version. */
export interface StoreImage {
  rv: number;
  resources: Record<string, KubeObject[]>;
}
