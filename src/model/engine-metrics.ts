/**
 * What the engine reports for `/metrics`, as a tiny interface: the rooms below the web layer
 * call it and never import prom-client or the web room. Every method is optional to call
 * sites through `NO_METRICS`.
 */
export interface EngineMetrics {
  /** One request to a Kubernetes API server; `statusCode` 0 when it never got an answer. */
  kubeRequest(method: string, statusCode: number): void;
  /** One Git operation (`resolve` asks the remote for news), with its outcome and duration. */
  gitRequest(operation: string, ok: boolean, seconds: number): void;
  /** One reconcile of one app, from dequeue to status written. */
  reconciled(app: string, seconds: number): void;
}

/** Metrics that go nowhere, the default everywhere. */
export const NO_METRICS: EngineMetrics = {
  kubeRequest: () => undefined,
  gitRequest: () => undefined,
  reconciled: () => undefined,
};
