import type { KubeObject } from '../../kube/object.js';

/** What a strategy may use besides the objects themselves. */
export interface StrategyContext {
  /** The current time as a Kubernetes timestamp. */
  timestamp(): string;
  /** A uniformly random integer in [0, n). */
  randomInt(n: number): number;
}

/**
 * How one kind differs from the generic storage rules, like the API server's
 * per-resource strategies. Every hook mutates the object it is given.
 */
export interface Strategy {
  /** Defaults and server-set fields on create, after status has been reset. */
  prepareForCreate?(obj: KubeObject, ctx: StrategyContext): void;
  /** Carries server-owned fields over on update (main resource and status alike). */
  prepareForUpdate?(obj: KubeObject, old: Readonly<KubeObject>, ctx: StrategyContext): void;
  /** Finalizers kept outside metadata.finalizers that also block removal. */
  extraFinalizers?(obj: Readonly<KubeObject>): string[];
  /** Marks an object whose deletion has started (a namespace turns Terminating). */
  beginDeletion?(obj: KubeObject): void;
}
