import type { KubeObject, ObjectMeta } from '../kube/object.js';
import type {
  HealthStatusCode,
  OperationPhase,
  ResultCode,
  SyncPhase,
  SyncStatusCode,
} from './vocabulary.js';

export const APPLICATION_GROUP = 'ferry.dev';
export const APPLICATION_VERSION = 'v1alpha1';
export const APPLICATION_API_VERSION = `${APPLICATION_GROUP}/${APPLICATION_VERSION}`;
export const APPLICATION_KIND = 'Application';
export const APPLICATION_PLURAL = 'applications';
export const DEFAULT_APP_NAMESPACE = 'ferry';

export interface ApplicationSource {
  repoURL: string;
  path?: string;
  /** For a Helm repository or OCI registry source: the chart's name (then no path). */
  chart?: string;
  /** A Git branch, tag or commit; for a chart source, a version or semver range. */
  targetRevision?: string;
  directory?: { recurse?: boolean; include?: string; exclude?: string };
  kustomize?: Record<string, unknown>;
  helm?: Record<string, unknown>;
}

export interface ApplicationDestination {
  server?: string;
  name?: string;
  namespace?: string;
}

export interface RetryStrategy {
  limit?: number;
  backoff?: { duration?: string; factor?: number; maxDuration?: string };
}

export interface SyncPolicy {
  automated?: { prune?: boolean; selfHeal?: boolean; allowEmpty?: boolean };
  syncOptions?: string[];
  retry?: RetryStrategy;
  autoRollback?: { enabled?: boolean; healthTimeoutSeconds?: number };
}

export interface ApplicationSpec {
  project?: string;
  source: ApplicationSource;
  destination: ApplicationDestination;
  syncPolicy?: SyncPolicy;
  ignoreDifferences?: Record<string, unknown>[];
  revisionHistoryLimit?: number;
  dependsOn?: string[];
}

export interface ResourceStatus {
  group: string;
  version: string;
  kind: string;
  namespace: string;
  name: string;
  status: SyncStatusCode;
  health?: { status: HealthStatusCode; message?: string };
  requiresPruning?: boolean;
  /** Rollout progress of a Deployment, StatefulSet or DaemonSet. */
  rollout?: RolloutProgress;
}

export interface RolloutProgress {
  desired: number;
  updated: number;
  ready: number;
  available: number;
}

export interface ResourceResult {
  group: string;
  version: string;
  kind: string;
  namespace: string;
  name: string;
  status: ResultCode;
  message: string;
  syncPhase: SyncPhase;
  hookType?: string;
  hookPhase?: OperationPhase;
}

export interface SyncOperation {
  revision?: string;
  prune?: boolean;
  dryRun?: boolean;
  syncOptions?: string[];
  resources?: { group: string; kind: string; name: string; namespace?: string }[];
}

export interface Operation {
  sync: SyncOperation;
  initiatedBy?: { username?: string; automated?: boolean };
  retry?: RetryStrategy;
  /** Free-form facts about the operation, such as why a rollback happened. */
  info?: { name: string; value: string }[];
}

export interface OperationState {
  operation: Operation;
  phase: OperationPhase;
  message: string;
  startedAt: string;
  finishedAt?: string;
  syncResult?: { revision: string; resources: ResourceResult[]; source: ApplicationSource };
  retryCount?: number;
  /** Why the operation is failing, kept while its SyncFail hooks run. */
  failure?: string;
}

export interface RevisionHistory {
  id: number;
  revision: string;
  deployedAt: string;
  deployStartedAt?: string;
  source: ApplicationSource;
  initiatedBy?: { username?: string; automated?: boolean };
  info?: { name: string; value: string }[];
}

/** Auto-sync held after a rollback, until the target revision moves past `revision`. */
export interface AutoSyncPause {
  /** The target revision when the pause began. */
  revision: string;
  rolledBackTo: string;
  reason: string;
  since: string;
}

export interface ApplicationCondition {
  type: string;
  message: string;
  lastTransitionTime?: string;
}

export interface ApplicationStatus {
  sync: { status: SyncStatusCode; revision?: string; comparedTo?: { source: ApplicationSource } };
  health: { status: HealthStatusCode; message?: string };
  resources: ResourceStatus[];
  operationState?: OperationState;
  history?: RevisionHistory[];
  conditions?: ApplicationCondition[];
  reconciledAt?: string;
  summary?: { images?: string[] };
  autoSyncPause?: AutoSyncPause;
  /** The last revision at which the app was seen Synced and Healthy. */
  lastHealthyRevision?: string;
}

export interface Application extends KubeObject {
  metadata: ObjectMeta & { name: string };
  spec: ApplicationSpec;
  status?: ApplicationStatus;
  operation?: Operation;
}
