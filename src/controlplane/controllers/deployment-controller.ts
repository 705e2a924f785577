import { cloneJson, isPlainObject, jsonEqual, type KubeObject } from '../../kube/object.js';
import { kubeTimestamp } from '../clock.js';
import type { StoreEvent } from '../store/store-event.js';
import {
  controllerRef,
  nsName,
  splitKey,
  Storage,
  typeOf,
  ownerKeys,
  type Controller,
  type ControllerContext,
} from './controller.js';
import {
  deploymentStatus,
  isRolloutComplete,
  planReplicas,
  rolloutParams,
  RolloutState,
  type ReplicaSetView,
} from './deployment-rollout.js';
import { POD_TEMPLATE_HASH, podTemplateHash } from './pod-template-hash.js';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
const DESIRED_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
const MAX_ANNOTATION = 'deployment.kubernetes.io/max-replicas';

/**
 * Deployment → ReplicaSets: one ReplicaSet per pod template (`<deployment>-<hash>`),
 * rolling updates within maxSurge/maxUnavailable, Recreate, history cleanup and status.
 */
export class DeploymentController implements Controller {
  readonly name = 'deployment';
  readonly watches = [Storage.deployments, Storage.replicaSets];

  constructor(private readonly ctx: ControllerContext) {}

  keysFor(event: StoreEvent): string[] {
    if (event.resource === Storage.deployments) return [nsName(event.object)];
    return ownerKeys(event.object, 'Deployment');
  }

  initialKeys(): string[] {
    return this.ctx.store.list(Storage.deployments).map(nsName);
  }

  /** When each Deployment (by uid) last made progress, to the millisecond. */
  private readonly progressAt = new Map<string, number>();

  async reconcile(key: string, requeue: (key: string, ms: number) => void): Promise<void> {
    const [namespace, name] = splitKey(key);
    const deployType = typeOf(this.ctx, Storage.deployments);
    const rsType = typeOf(this.ctx, Storage.replicaSets);
    const deployment = this.ctx.registry.find(deployType, namespace, name);
    if (deployment === undefined || deployment.metadata.deletionTimestamp !== undefined) return;
    const owned = this.ctx.store
      .list(Storage.replicaSets, namespace)
      .filter((rs) => controllerRef(rs)?.uid === deployment.metadata.uid);
    const spec = isPlainObject(deployment['spec']) ? deployment['spec'] : {};
    const template = isPlainObject(spec['template']) ? spec['template'] : {};
    const hash = podTemplateHash(template);
    const params = rolloutParams(deployment);
    const maxRevision = Math.max(0, ...owned.map(revisionOf));
    let newRs: Readonly<KubeObject> | undefined = owned.find(
      (rs) => rs.metadata.labels?.[POD_TEMPLATE_HASH] === hash,
    );
    const old = owned.filter((rs) => rs !== newRs);
    const paused = spec['paused'] === true;
    let progressed = false;
    if (newRs === undefined && !paused) {
      progressed = true;
      const created = await this.ctx.registry.create(
        rsType,
        namespace,
        newReplicaSet(deployment, template, hash, maxRevision + 1, params),
      );
      newRs = created.object;
    } else if (
      newRs !== undefined &&
      !paused &&
      (revisionOf(newRs) < maxRevision || !hasAnnotations(newRs, copiedAnnotations(deployment)))
    ) {
      progressed ||= revisionOf(newRs) < maxRevision;
      const bumped = cloneJson(newRs) as KubeObject;
      bumped.metadata.annotations = {
        ...bumped.metadata.annotations,
        ...copiedAnnotations(deployment),
        [REVISION_ANNOTATION]: String(
          revisionOf(newRs) < maxRevision ? maxRevision + 1 : revisionOf(newRs),
        ),
      };
      newRs = (
        await this.ctx.registry.update(rsType, namespace, bumped.metadata.name ?? '', bumped)
      ).object;
    }
    const oldViews = old.map(view);
    const changes = paused
      ? scaleWhilePaused(params, newRs === undefined ? undefined : view(newRs), oldViews)
      : planReplicas(params, view(newRs!), oldViews);
    for (const [rsName, replicas] of changes) {
      progressed = true;
      const current = this.ctx.registry.get(rsType, namespace, rsName);
      const next = cloneJson(current);
      next['spec'] = { ...(isPlainObject(next['spec']) ? next['spec'] : {}), replicas };
      next.metadata.annotations = {
        ...next.metadata.annotations,
        [DESIRED_ANNOTATION]: String(params.desired),
        [MAX_ANNOTATION]: String(params.desired + params.maxSurge),
      };
      const written = await this.ctx.registry.update(rsType, namespace, rsName, next);
      if (rsName === newRs?.metadata.name) newRs = written.object;
    }
    await this.cleanupHistory(deployment, namespace);
    const latest = this.ctx.store
      .list(Storage.replicaSets, namespace)
      .filter((rs) => controllerRef(rs)?.uid === deployment.metadata.uid);
    const views = latest.map(view);
    const newView = views.find((v) => v.name === newRs?.metadata.name);
    const state = this.rolloutState(deployment, {
      paused,
      progressed: progressed || countsChanged(deployment, views),
      complete: isRolloutComplete(params, newView, views),
      requeue: (ms) => requeue(key, ms),
    });
    const status = deploymentStatus(
      deployment,
      params,
      newView,
      views,
      kubeTimestamp(this.ctx.clock.now()),
      state,
    );
    let current: KubeObject = deployment;
    const revision = newRs === undefined ? undefined : String(revisionOf(newRs));
    if (
      revision !== undefined &&
      current.metadata.annotations?.[REVISION_ANNOTATION] !== revision
    ) {
      // kubectl rollout undo replaces /metadata/annotations, which must therefore exist.
      const annotated = cloneJson(current);
      annotated.metadata.annotations = {
        ...annotated.metadata.annotations,
        [REVISION_ANNOTATION]: revision,
      };
      current = (await this.ctx.registry.update(deployType, namespace, name, annotated)).object;
    }
    if (!jsonEqual(status, current['status'])) {
      await this.ctx.registry.update(
        deployType,
        namespace,
        name,
        { ...current, status },
        { subresource: 'status' },
      );
    }
  }

  /**
   * Paused, past its progress deadline, or progressing. The deadline
   * (`progressDeadlineSeconds` × timeFactor) counts from the last progress: a ReplicaSet
   * created or scaled, or a change in the replica counts.
   */
  private rolloutState(
    deployment: Readonly<KubeObject>,
    at: { paused: boolean; progressed: boolean; complete: boolean; requeue: (ms: number) => void },
  ): RolloutState {
    const uid = deployment.metadata.uid ?? '';
    const now = this.ctx.clock.now();
    if (at.paused || at.progressed || at.complete || !this.progressAt.has(uid)) {
      this.progressAt.set(uid, at.progressed || at.paused ? now : lastProgress(deployment, now));
    }
    if (at.paused) return RolloutState.Paused;
    if (at.complete) return RolloutState.Progressing;
    const spec = isPlainObject(deployment['spec']) ? deployment['spec'] : {};
    const seconds = spec['progressDeadlineSeconds'];
    if (typeof seconds !== 'number') return RolloutState.Progressing;
    const due = this.progressAt.get(uid)! + seconds * 1000 * this.ctx.timeFactor;
    if (now >= due) return RolloutState.DeadlineExceeded;
    at.requeue(Math.max(1, due - now));
    return RolloutState.Progressing;
  }

  private async cleanupHistory(deployment: KubeObject, namespace: string): Promise<void> {
    const spec = isPlainObject(deployment['spec']) ? deployment['spec'] : {};
    const limit =
      typeof spec['revisionHistoryLimit'] === 'number' ? spec['revisionHistoryLimit'] : 10;
    const hash = podTemplateHash(spec['template'] ?? {});
    const dead = this.ctx.store
      .list(Storage.replicaSets, namespace)
      .filter((rs) => controllerRef(rs)?.uid === deployment.metadata.uid)
      .filter(
        (rs) =>
          rs.metadata.labels?.[POD_TEMPLATE_HASH] !== hash &&
          view(rs).spec === 0 &&
          view(rs).replicas === 0,
      )
      .filter((rs) => rs.metadata.deletionTimestamp === undefined)
      .sort((a, b) => revisionOf(a) - revisionOf(b));
    const rsType = typeOf(this.ctx, Storage.replicaSets);
    for (const rs of dead.slice(0, Math.max(0, dead.length - limit))) {
      await this.ctx.registry.delete(rsType, namespace, rs.metadata.name ?? '');
    }
  }
}

const NOT_COPIED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  'deployment.kubernetes.io/revision-history',
  DESIRED_ANNOTATION,
  MAX_ANNOTATION,
]);

/** The Deployment's annotations its ReplicaSets carry (`kubernetes.io/change-cause` among them). */
function copiedAnnotations(deployment: Readonly<KubeObject>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(deployment.metadata.annotations ?? {}).filter(([k]) => !NOT_COPIED.has(k)),
  );
}

function hasAnnotations(obj: Readonly<KubeObject>, wanted: Record<string, string>): boolean {
  return Object.entries(wanted).every(([k, v]) => obj.metadata.annotations?.[k] === v);
}

/** Scaling without a rollout: the one active ReplicaSet (or the newest) follows `replicas`. */
function scaleWhilePaused(
  params: { desired: number },
  newRs: ReplicaSetView | undefined,
  old: ReplicaSetView[],
): Map<string, number> {
  const active = [...(newRs === undefined ? [] : [newRs]), ...old].filter((rs) => rs.spec > 0);
  const target = active.length === 1 ? active[0] : active.length === 0 ? newRs : undefined;
  const changes = new Map<string, number>();
  if (target !== undefined && target.spec !== params.desired)
    changes.set(target.name, params.desired);
  return changes;
}

/** Whether the replica counts differ from those in the Deployment's status. */
function countsChanged(deployment: Readonly<KubeObject>, views: ReplicaSetView[]): boolean {
  const status = isPlainObject(deployment['status']) ? deployment['status'] : {};
  const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
  const sum = (f: (rs: ReplicaSetView) => number): number => views.reduce((n, v) => n + f(v), 0);
  return (
    num(status['replicas']) !== sum((v) => v.replicas) ||
    num(status['readyReplicas']) !== sum((v) => v.ready) ||
    num(status['availableReplicas']) !== sum((v) => v.available)
  );
}

/** The Progressing condition's lastUpdateTime, after a restart; else now. */
function lastProgress(deployment: Readonly<KubeObject>, now: number): number {
  const status = isPlainObject(deployment['status']) ? deployment['status'] : {};
  const conditions = Array.isArray(status['conditions']) ? status['conditions'] : [];
  const progressing = conditions.find(
    (c): c is Record<string, unknown> => isPlainObject(c) && c['type'] === 'Progressing',
  );
  const at = Date.parse(String(progressing?.['lastUpdateTime'] ?? ''));
  return Number.isNaN(at) ? now : at;
}

function revisionOf(rs: Readonly<KubeObject>): number {
  return Number(rs.metadata.annotations?.[REVISION_ANNOTATION] ?? 0) || 0;
}

function view(rs: Readonly<KubeObject>): ReplicaSetView {
  const spec = isPlainObject(rs['spec']) ? rs['spec'] : {};
  const status = isPlainObject(rs['status']) ? rs['status'] : {};
  const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
  return {
    name: rs.metadata.name ?? '',
    spec: num(spec['replicas']),
    replicas: num(status['replicas']),
    ready: num(status['readyReplicas']),
    available: num(status['availableReplicas']),
    created: rs.metadata.creationTimestamp ?? '',
  };
}

function newReplicaSet(
  deployment: Readonly<KubeObject>,
  template: Record<string, unknown>,
  hash: string,
  revision: number,
  params: { desired: number; maxSurge: number },
): KubeObject {
  const spec = isPlainObject(deployment['spec']) ? deployment['spec'] : {};
  const podTemplate = cloneJson(template) as { metadata?: { labels?: Record<string, string> } };
  const labels = { ...podTemplate.metadata?.labels, [POD_TEMPLATE_HASH]: hash };
  podTemplate.metadata = { ...podTemplate.metadata, labels };
  const selector = isPlainObject(spec['selector']) ? spec['selector'] : {};
  const matchLabels = isPlainObject(selector['matchLabels']) ? selector['matchLabels'] : {};
  const name = deployment.metadata.name ?? '';
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${name}-${hash}`,
      namespace: deployment.metadata.namespace ?? '',
      labels,
      annotations: {
        ...copiedAnnotations(deployment),
        [DESIRED_ANNOTATION]: String(params.desired),
        [MAX_ANNOTATION]: String(params.desired + params.maxSurge),
        [REVISION_ANNOTATION]: String(revision),
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name,
          uid: deployment.metadata.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      replicas: 0,
      minReadySeconds: spec['minReadySeconds'] ?? 0,
      selector: { ...selector, matchLabels: { ...matchLabels, [POD_TEMPLATE_HASH]: hash } },
      template: podTemplate,
    },
  };
}
