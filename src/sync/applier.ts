import type { FieldValidation, KubeClient, WriteOptions } from '../cluster/kube-client.js';
import { threeWayMergePatch } from '../kube/merge-patch.js';
import type { KubeObject } from '../kube/object.js';
import { Annotation } from '../model/annotations.js';
import { describeError } from '../model/errors.js';
import type { SyncTask } from './plan.js';
import { resourceSyncOption, resourceSyncOptionIs } from './resource-options.js';
import type { TaskOutcome } from './sync-step.js';

export interface ApplierOptions {
  /** Marks hooks created by this operation. */
  operationId: string;
  dryRun?: boolean;
  /** Sync options of the app and the operation. */
  syncOptions?: readonly string[];
}

type Propagation = 'Foreground' | 'Background' | 'Orphan';

/**
 * Applies, prunes and runs hooks through the API server. Apply is server-side apply unless
 * `ServerSideApply=false` asks for client-side apply: then the desired object is recorded
 * in the last-applied annotation, and the patch removes only fields it once set.
 * `Replace=true` replaces the object instead.
 */
export class Applier {
  constructor(
    private readonly client: KubeClient,
    private readonly options: ApplierOptions,
  ) {}

  async apply(task: SyncTask): Promise<TaskOutcome> {
    const target = task.target!;
    const name = `${target.kind.toLowerCase()}/${target.metadata.name}`;
    const write = this.writeOptions(target);
    try {
      // Server-side apply needs no read first: the API server merges, and the cached live
      // object from the plan only tells "created" from "configured".
      if (this.appliesServerSide(target)) {
        return await this.serverSideApply(target, task.live ?? undefined);
      }
      const live = await this.client.get(target);
      const desired = withLastApplied(target);
      if (live === undefined) {
        await this.client.create(desired, write);
        return { ok: true, message: `${name} created` };
      }
      if (resourceSyncOptionIs(target, this.options.syncOptions, 'Replace', 'true')) {
        const body = {
          ...desired,
          metadata: { ...desired.metadata, resourceVersion: live.metadata.resourceVersion },
        };
        await this.client.replace(body, write);
        return { ok: true, message: `${name} replaced` };
      }
      const lastApplied = parseJson(live.metadata.annotations?.[Annotation.lastApplied]);
      const patch = threeWayMergePatch(lastApplied, desired as Record<string, unknown>, live);
      if (Object.keys(patch).length === 0) return { ok: true, message: `${name} unchanged` };
      await this.client.mergePatch(target, patch, write);
      return { ok: true, message: `${name} configured` };
    } catch (err) {
      return { ok: false, message: describeError(err) };
    }
  }

  /** Server-side apply, Ferry's default: the API server merges and tracks field ownership. */
  private async serverSideApply(
    target: KubeObject,
    live: KubeObject | undefined,
  ): Promise<TaskOutcome> {
    const name = `${target.kind.toLowerCase()}/${target.metadata.name}`;
    const { annotations, ...metadata } = target.metadata;
    const own = { ...annotations };
    delete own[Annotation.lastApplied];
    const body = {
      ...target,
      metadata: Object.keys(own).length > 0 ? { ...metadata, annotations: own } : metadata,
    };
    const written = await this.client.apply(body, this.writeOptions(target));
    if (live === undefined) return { ok: true, message: `${name} serverside-applied (created)` };
    const changed = written.metadata.resourceVersion !== live.metadata.resourceVersion;
    return { ok: true, message: `${name} ${changed ? 'serverside-applied' : 'unchanged'}` };
  }

  /**
   * Server-side apply unless `ServerSideApply=false`, or `Validate=false` without an explicit
   * `ServerSideApply=true`: an API server types every applied configuration against its
   * schema and fails on unknown fields whatever `fieldValidation` says, so only client-side
   * apply can leave them out.
   */
  private appliesServerSide(target: KubeObject): boolean {
    const option = resourceSyncOption(target, this.options.syncOptions, 'ServerSideApply');
    if (option?.toLowerCase() === 'true') return true;
    if (option?.toLowerCase() === 'false') return false;
    return !resourceSyncOptionIs(target, this.options.syncOptions, 'Validate', 'false');
  }

  /**
   * Writes validate strictly, as `kubectl apply` does: an unknown field fails with the API
   * server's message. `Validate=false` has the server drop unknown fields instead.
   */
  private writeOptions(target: KubeObject): WriteOptions {
    const fieldValidation: FieldValidation = resourceSyncOptionIs(
      target,
      this.options.syncOptions,
      'Validate',
      'false',
    )
      ? 'Ignore'
      : 'Strict';
    return { dryRun: this.options.dryRun, fieldValidation };
  }

  async prune(task: SyncTask): Promise<TaskOutcome> {
    const live = task.live!;
    const policy = (
      resourceSyncOption(live, this.options.syncOptions, 'PrunePropagationPolicy') ?? 'foreground'
    ).toLowerCase();
    const propagationPolicy = (policy[0]!.toUpperCase() + policy.slice(1)) as Propagation;
    try {
      await this.client.delete(live, { dryRun: this.options.dryRun, propagationPolicy });
      return { ok: true, message: 'pruned' };
    } catch (err) {
      return { ok: false, message: describeError(err) };
    }
  }

  /** Creates a hook, first deleting one left by an earlier operation when its policy says so. */
  async createHook(task: SyncTask): Promise<TaskOutcome> {
    const target = task.target!;
    const name = `${target.kind.toLowerCase()}/${target.metadata.name}`;
    try {
      const live = await this.client.get(target);
      if (live !== undefined) {
        if (live.metadata.annotations?.[Annotation.hookOperation] === this.options.operationId) {
          return { ok: true, message: `${name} already created` };
        }
        if (!task.hook!.deletePolicies.includes('BeforeHookCreation')) {
          return {
            ok: false,
            message: `${name} already exists; give it hook-delete-policy BeforeHookCreation`,
          };
        }
        if (live.metadata.deletionTimestamp === undefined) {
          await this.client.delete(live, {
            propagationPolicy: 'Background',
            dryRun: this.options.dryRun,
          });
        }
        if (!this.options.dryRun)
          return { ok: false, retry: true, message: `deleting the previous ${name}` };
      }
      const annotations = {
        ...target.metadata.annotations,
        [Annotation.hookOperation]: this.options.operationId,
      };
      await this.client.create(
        { ...target, metadata: { ...target.metadata, annotations } },
        this.writeOptions(target),
      );
      return { ok: true, message: `${name} created` };
    } catch (err) {
      return { ok: false, message: describeError(err) };
    }
  }

  async deleteHook(task: SyncTask): Promise<void> {
    try {
      await this.client.delete(task.target!, {
        propagationPolicy: 'Background',
        dryRun: this.options.dryRun,
      });
    } catch {
      // A hook that cannot be deleted now is deleted before its next creation.
    }
  }
}

function withLastApplied(target: KubeObject): KubeObject {
  const annotations = { ...target.metadata.annotations };
  delete annotations[Annotation.lastApplied];
  const { annotations: _dropped, ...metadata } = target.metadata;
  void _dropped;
  const recorded = {
    ...target,
    metadata: Object.keys(annotations).length === 0 ? metadata : { ...metadata, annotations },
  };
  return {
    ...target,
    metadata: {
      ...target.metadata,
      annotations: { ...annotations, [Annotation.lastApplied]: JSON.stringify(recorded) },
    },
  };
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
