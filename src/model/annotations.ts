/** Annotation and label keys Ferry reads and writes, its own and Argo CD's. */
export const Annotation = {
  trackingId: 'ferry.dev/tracking-id',
  refresh: 'ferry.dev/refresh',
  syncWave: 'argocd.argoproj.io/sync-wave',
  hook: 'argocd.argoproj.io/hook',
  hookDeletePolicy: 'argocd.argoproj.io/hook-delete-policy',
  syncOptions: 'argocd.argoproj.io/sync-options',
  compareOptions: 'argocd.argoproj.io/compare-options',
  helmHook: 'helm.sh/hook',
  helmHookWeight: 'helm.sh/hook-weight',
  helmHookDeletePolicy: 'helm.sh/hook-delete-policy',
  ignoreHealthcheck: 'argocd.argoproj.io/ignore-healthcheck',
  /** Marks a hook object with the operation that created it. */
  hookOperation: 'ferry.dev/hook-operation',
  lastApplied: 'kubectl.kubernetes.io/last-applied-configuration',
} as const;

/** Parses a sync-wave annotation; a missing or malformed value is wave 0, as in Argo CD. */
export function parseSyncWave(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) ? n : 0;
}
