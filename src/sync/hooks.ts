import type { KubeObject } from '../kube/object.js';
import { Annotation, parseSyncWave } from '../model/annotations.js';
import type { HookDeletePolicy, HookType, OperationPhase } from '../model/vocabulary.js';

const ARGO_HOOKS: Record<string, HookType> = {
  PreSync: 'PreSync',
  Sync: 'Sync',
  PostSync: 'PostSync',
  SyncFail: 'SyncFail',
  Skip: 'Skip',
};

/** Helm's hooks as Argo CD maps them; delete and rollback hooks have no sync meaning. */
const HELM_HOOKS: Record<string, HookType> = {
  'pre-install': 'PreSync',
  'pre-upgrade': 'PreSync',
  'post-install': 'PostSync',
  'post-upgrade': 'PostSync',
};

const DELETE_POLICIES: Record<string, HookDeletePolicy> = {
  BeforeHookCreation: 'BeforeHookCreation',
  HookSucceeded: 'HookSucceeded',
  HookFailed: 'HookFailed',
  'before-hook-creation': 'BeforeHookCreation',
  'hook-succeeded': 'HookSucceeded',
  'hook-failed': 'HookFailed',
};

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * The hook types of an object: Argo CD's annotation wins over Helm's. Undefined when the
 * object is no hook; Helm hooks with no sync meaning (tests, deletes) are not hooks.
 */
export function parseHookTypes(obj: KubeObject): HookType[] | undefined {
  const annotations = obj.metadata.annotations ?? {};
  const argo = splitList(annotations[Annotation.hook]).flatMap((h) =>
    ARGO_HOOKS[h] ? [ARGO_HOOKS[h]] : [],
  );
  if (argo.length > 0) return [...new Set(argo)];
  const helm = splitList(annotations[Annotation.helmHook]).flatMap((h) =>
    HELM_HOOKS[h] ? [HELM_HOOKS[h]] : [],
  );
  return helm.length > 0 ? [...new Set(helm)] : undefined;
}

/** True for any object annotated as a hook, Skip included: such objects are not app resources. */
export function isHookObject(obj: KubeObject): boolean {
  const annotations = obj.metadata.annotations ?? {};
  return (
    annotations[Annotation.hook] !== undefined || annotations[Annotation.helmHook] !== undefined
  );
}

/** Delete policies of a hook; BeforeHookCreation when none is given, as in Argo CD. */
export function hookDeletePolicies(obj: KubeObject): HookDeletePolicy[] {
  const annotations = obj.metadata.annotations ?? {};
  const raw = splitList(
    annotations[Annotation.hookDeletePolicy] ?? annotations[Annotation.helmHookDeletePolicy],
  );
  const policies = raw.flatMap((p) => (DELETE_POLICIES[p] ? [DELETE_POLICIES[p]] : []));
  return policies.length > 0 ? [...new Set(policies)] : ['BeforeHookCreation'];
}

/** A hook's wave: the sync-wave annotation, else Helm's hook-weight. */
export function hookWave(obj: KubeObject): number {
  const annotations = obj.metadata.annotations ?? {};
  return parseSyncWave(annotations[Annotation.syncWave] ?? annotations[Annotation.helmHookWeight]);
}

interface JobView {
  status?: { conditions?: { type: string; status: string; message?: string }[] };
}

/** How far a live hook has got: Jobs and Pods run to completion; anything else is done once created. */
export function hookPhaseOf(live: KubeObject): { phase: OperationPhase; message: string } {
  if (live.kind === 'Job' && live.apiVersion.startsWith('batch/')) {
    const conditions = (live as KubeObject & JobView).status?.conditions ?? [];
    const failed = conditions.find((c) => c.type === 'Failed' && c.status === 'True');
    if (failed) return { phase: 'Failed', message: failed.message ?? 'job failed' };
    if (conditions.some((c) => c.type === 'Complete' && c.status === 'True')) {
      return { phase: 'Succeeded', message: 'job completed' };
    }
    return { phase: 'Running', message: 'job is running' };
  }
  if (live.kind === 'Pod' && live.apiVersion === 'v1') {
    const phase = (live as KubeObject & { status?: { phase?: string; message?: string } }).status
      ?.phase;
    if (phase === 'Succeeded') return { phase: 'Succeeded', message: 'pod completed' };
    if (phase === 'Failed') return { phase: 'Failed', message: 'pod failed' };
    return { phase: 'Running', message: `pod is ${phase ?? 'pending'}` };
  }
  return { phase: 'Succeeded', message: `${live.kind.toLowerCase()} created` };
}
