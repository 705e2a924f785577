/** Argo CD's status vocabulary, spelled exactly as Argo CD spells it. */

export const SyncStatusCode = {
  Synced: 'Synced',
  OutOfSync: 'OutOfSync',
  Unknown: 'Unknown',
} as const;
export type SyncStatusCode = (typeof SyncStatusCode)[keyof typeof SyncStatusCode];

/** Health codes, best first: the order is the precedence used by aggregation. */
export const HealthStatusCode = {
  Healthy: 'Healthy',
  Suspended: 'Suspended',
  Progressing: 'Progressing',
  Missing: 'Missing',
  Degraded: 'Degraded',
  Unknown: 'Unknown',
} as const;
export type HealthStatusCode = (typeof HealthStatusCode)[keyof typeof HealthStatusCode];

export const HEALTH_ORDER: readonly HealthStatusCode[] = [
  'Healthy',
  'Suspended',
  'Progressing',
  'Missing',
  'Degraded',
  'Unknown',
];

/** True when `a` is worse than `b`. */
export function isWorse(a: HealthStatusCode, b: HealthStatusCode): boolean {
  return HEALTH_ORDER.indexOf(a) > HEALTH_ORDER.indexOf(b);
}

export const OperationPhase = {
  Running: 'Running',
  Terminating: 'Terminating',
  Failed: 'Failed',
  Error: 'Error',
  Succeeded: 'Succeeded',
} as const;
export type OperationPhase = (typeof OperationPhase)[keyof typeof OperationPhase];

export const ResultCode = {
  Synced: 'Synced',
  SyncFailed: 'SyncFailed',
  Pruned: 'Pruned',
  PruneSkipped: 'PruneSkipped',
} as const;
export type ResultCode = (typeof ResultCode)[keyof typeof ResultCode];

export const SyncPhase = {
  PreSync: 'PreSync',
  Sync: 'Sync',
  PostSync: 'PostSync',
  SyncFail: 'SyncFail',
} as const;
export type SyncPhase = (typeof SyncPhase)[keyof typeof SyncPhase];

export const HookType = {
  PreSync: 'PreSync',
  Sync: 'Sync',
  PostSync: 'PostSync',
  SyncFail: 'SyncFail',
  Skip: 'Skip',
} as const;
export type HookType = (typeof HookType)[keyof typeof HookType];

export const HookDeletePolicy = {
  BeforeHookCreation: 'BeforeHookCreation',
  HookSucceeded: 'HookSucceeded',
  HookFailed: 'HookFailed',
} as const;
export type HookDeletePolicy = (typeof HookDeletePolicy)[keyof typeof HookDeletePolicy];

export const ConditionType = {
  ComparisonError: 'ComparisonError',
  InvalidSpecError: 'InvalidSpecError',
  SyncError: 'SyncError',
  RepoError: 'RepoError',
  DependencyNotReady: 'DependencyNotReady',
  AutoSyncPaused: 'AutoSyncPaused',
  AutoRollback: 'AutoRollback',
} as const;
export type ConditionType = (typeof ConditionType)[keyof typeof ConditionType];
