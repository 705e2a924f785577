import { isPlainObject, type KubeObject } from '../../kube/object.js';
import { controllerRef, type ControllerContext, typeOf } from './controller.js';
import { podTemplateHash } from './pod-template-hash.js';
import { ownerRefTo } from './workload-pods.js';

export const CONTROLLER_REVISIONS = 'apps/controllerrevisions';
export const CONTROLLER_REVISION_HASH = 'controller-revision-hash';

/** The revision of a workload's current template. */
export interface TemplateRevision {
  /** `<owner>-<hash>` */
  name: string;
  hash: string;
  revision: number;
}

/** The ControllerRevisions an owner controls, oldest revision first. */
export function revisionsOf(ctx: ControllerContext, owner: Readonly<KubeObject>): KubeObject[] {
  return ctx.store
    .list(CONTROLLER_REVISIONS, owner.metadata.namespace ?? '')
    .filter((r) => controllerRef(r)?.uid === owner.metadata.uid)
    .map((r) => r as KubeObject)
    .sort((a, b) => revisionNumber(a) - revisionNumber(b));
}

export function revisionNumber(rev: Readonly<KubeObject>): number {
  return typeof rev['revision'] === 'number' ? rev['revision'] : 0;
}

/**
 * Makes sure a ControllerRevision holds the owner's pod template (as the patch `kubectl
 * rollout history|undo` read: `{spec: {template: {..., $patch: replace}}}`); a template seen
 * before gets its revision number raised to the newest, as after a rollback.
 */
export async function ensureRevision(
  ctx: ControllerContext,
  owner: Readonly<KubeObject>,
  template: unknown,
): Promise<TemplateRevision> {
  const type = typeOf(ctx, CONTROLLER_REVISIONS);
  const namespace = owner.metadata.namespace ?? '';
  const hash = podTemplateHash(template);
  const name = `${owner.metadata.name ?? ''}-${hash}`;
  const existing = revisionsOf(ctx, owner);
  const max = Math.max(0, ...existing.map(revisionNumber));
  const found = existing.find((r) => r.metadata.name === name);
  if (found === undefined) {
    const data = {
      spec: { template: { ...(isPlainObject(template) ? template : {}), $patch: 'replace' } },
    };
    await ctx.registry.create(type, namespace, {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name,
        namespace,
        labels: { ...templateLabels(template), [CONTROLLER_REVISION_HASH]: hash },
        ownerReferences: [ownerRefTo(owner)],
      },
      data,
      revision: max + 1,
    });
    return { name, hash, revision: max + 1 };
  }
  if (revisionNumber(found) < max) {
    await ctx.registry.update(type, namespace, name, { ...found, revision: max + 1 });
    return { name, hash, revision: max + 1 };
  }
  return { name, hash, revision: revisionNumber(found) };
}

/** Deletes the oldest revisions beyond `limit`, keeping those still in use. */
export async function pruneRevisions(
  ctx: ControllerContext,
  owner: Readonly<KubeObject>,
  inUse: ReadonlySet<string>,
): Promise<void> {
  const spec = isPlainObject(owner['spec']) ? owner['spec'] : {};
  const limit =
    typeof spec['revisionHistoryLimit'] === 'number' ? spec['revisionHistoryLimit'] : 10;
  const spare = revisionsOf(ctx, owner).filter((r) => !inUse.has(r.metadata.name ?? ''));
  const type = typeOf(ctx, CONTROLLER_REVISIONS);
  for (const rev of spare.slice(0, Math.max(0, spare.length - limit))) {
    await ctx.registry
      .delete(type, rev.metadata.namespace ?? '', rev.metadata.name ?? '')
      .catch(() => undefined);
  }
}

function templateLabels(template: unknown): Record<string, string> {
  const meta =
    isPlainObject(template) && isPlainObject(template['metadata']) ? template['metadata'] : {};
  return isPlainObject(meta['labels']) ? (meta['labels'] as Record<string, string>) : {};
}
