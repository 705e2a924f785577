import { createHash } from 'node:crypto';
import { cloneJson, isPlainObject, jsonEqual, type KubeObject } from '../../kube/object.js';
import { kubeTimestamp } from '../clock.js';
import type { StoreEvent } from '../store/store-event.js';
import { behaviourOf, containerStateAt, type ContainerState } from './container-sim.js';
import {
  nsName,
  splitKey,
  Storage,
  typeOf,
  type Controller,
  type ControllerContext,
} from './controller.js';
import { nodeObject, nodeStatus } from './node-objects.js';
import { podPhase } from './pod-status.js';

const TERMINAL = new Set(['Succeeded', 'Failed']);

/**
 * A simulated kubelet and scheduler: keeps Ready nodes and binds pending pods to them.
 * `podStartDelayMs × timeFactor` after binding, containers start and then behave like
 * their commands (see {@link behaviourOf}): they run, exit with a code, crash-loop under
 * restartPolicy Always, or fail to pull their image. Readiness waits for a readiness
 * probe's initialDelaySeconds, scaled by the time factor.
 */
export class SimulatedKubelet implements Controller {
  readonly name = 'kubelet';
  readonly watches = [Storage.pods];
  /** When each pod (by key and uid) starts or started its containers, to the millisecond. */
  private readonly startDue = new Map<string, number>();
  private nextNode = 0;

  constructor(private readonly ctx: ControllerContext) {}

  async start(): Promise<void> {
    const nodeType = typeOf(this.ctx, Storage.nodes);
    for (const [index, name] of this.ctx.nodeNames.entries()) {
      if (this.ctx.registry.find(nodeType, '', name) === undefined) {
        await this.ctx.registry.create(nodeType, '', nodeObject(name));
      }
      const node = this.ctx.registry.get(nodeType, '', name);
      await this.ctx.registry.update(
        nodeType,
        '',
        name,
        { ...node, status: nodeStatus(name, index, this.timestamp(this.ctx.clock.now())) },
        { subresource: 'status' },
      );
    }
  }

  keysFor(event: StoreEvent): string[] {
    return event.type !== 'DELETED' && !TERMINAL.has(podPhase(event.object))
      ? [nsName(event.object)]
      : [];
  }

  initialKeys(): string[] {
    return this.ctx.store
      .list(Storage.pods)
      .filter((p) => !TERMINAL.has(podPhase(p)))
      .map(nsName);
  }

  async reconcile(key: string, requeue: (key: string, ms: number) => void): Promise<void> {
    const [namespace, name] = splitKey(key);
    const podType = typeOf(this.ctx, Storage.pods);
    const pod = this.ctx.registry.find(podType, namespace, name);
    if (
      pod === undefined ||
      pod.metadata.deletionTimestamp !== undefined ||
      TERMINAL.has(podPhase(pod))
    ) {
      this.forget(key);
      return;
    }
    const spec = isPlainObject(pod['spec']) ? pod['spec'] : {};
    if (typeof spec['nodeName'] !== 'string' || spec['nodeName'] === '') {
      await this.bind(pod);
      return;
    }
    const now = this.ctx.clock.now();
    const startedAt = this.startTime(key, pod, now);
    if (now < startedAt) {
      requeue(key, startedAt - now);
      return;
    }
    const { status, nextChangeAt } = this.simulate(pod, startedAt, now);
    const current = isPlainObject(pod['status']) ? pod['status'] : {};
    if (!jsonEqual(status, current)) {
      await this.ctx.registry.update(
        podType,
        namespace,
        name,
        { ...pod, status },
        { subresource: 'status' },
      );
    }
    if (nextChangeAt !== undefined) requeue(key, Math.max(1, nextChangeAt - now));
  }

  /** When the pod's containers start: its recorded startTime, else after the start delay. */
  private startTime(key: string, pod: Readonly<KubeObject>, now: number): number {
    const uidKey = `${key}/${pod.metadata.uid ?? ''}`;
    let due = this.startDue.get(uidKey);
    if (due === undefined) {
      // After a restart the recorded startTime (whole seconds) is the best there is.
      const status = isPlainObject(pod['status']) ? pod['status'] : {};
      due =
        typeof status['startTime'] === 'string'
          ? Date.parse(status['startTime'])
          : now + this.ctx.podStartDelayMs * this.ctx.timeFactor;
      this.startDue.set(uidKey, due);
    }
    return due;
  }

  private simulate(
    pod: Readonly<KubeObject>,
    startedAt: number,
    now: number,
  ): { status: Record<string, unknown>; nextChangeAt?: number } {
    const spec = isPlainObject(pod['spec']) ? pod['spec'] : {};
    const containers = (Array.isArray(spec['containers']) ? spec['containers'] : []).filter(
      isPlainObject,
    );
    const restartPolicy =
      typeof spec['restartPolicy'] === 'string' ? spec['restartPolicy'] : 'Always';
    const clock = {
      startedAt,
      now,
      timeFactor: this.ctx.timeFactor,
      timestamp: (ms: number) => this.timestamp(ms),
    };
    const states = containers.map((c) =>
      containerStateAt(c, behaviourOf(c, this.ctx.failingImagePattern), restartPolicy, clock),
    );
    const phase = phaseOf(states);
    const ready = phase === 'Running' && states.every((s) => s.ready);
    const next = states.map((s) => s.nextChangeAt).filter((t): t is number => t !== undefined);
    const started = this.timestamp(startedAt);
    const uid = pod.metadata.uid ?? '';
    const ip = `10.244.${1 + (hashByte(uid, 0) % 250)}.${2 + (hashByte(uid, 1) % 250)}`;
    const previous = isPlainObject(pod['status']) ? pod['status'] : {};
    const scheduled = (previous['conditions'] as Record<string, unknown>[] | undefined)?.find(
      (c) => c['type'] === 'PodScheduled',
    );
    const notReadyReason = TERMINAL.has(phase) ? 'PodCompleted' : 'ContainersNotReady';
    const status: Record<string, unknown> = {
      phase,
      conditions: [
        condition('PodReadyToStartContainers', true, started),
        condition('Initialized', true, started),
        condition('Ready', ready, started, notReadyReason),
        condition('ContainersReady', ready, started, notReadyReason),
        scheduled ?? condition('PodScheduled', true, started),
      ],
      hostIP: '10.0.0.10',
      hostIPs: [{ ip: '10.0.0.10' }],
      ...(phase === 'Pending' ? {} : { podIP: ip, podIPs: [{ ip }] }),
      startTime: started,
      qosClass: 'BestEffort',
      containerStatuses: containers.map((c, i) => containerStatus(c, states[i]!, uid)),
    };
    return next.length === 0 ? { status } : { status, nextChangeAt: Math.min(...next) };
  }

  private forget(key: string): void {
    for (const uidKey of this.startDue.keys()) {
      if (uidKey.startsWith(`${key}/`)) this.startDue.delete(uidKey);
    }
  }

  private async bind(pod: KubeObject): Promise<void> {
    const podType = typeOf(this.ctx, Storage.pods);
    const node = this.ctx.nodeNames[this.nextNode++ % this.ctx.nodeNames.length]!;
    const namespace = pod.metadata.namespace ?? '';
    const name = pod.metadata.name ?? '';
    const bound = cloneJson(pod);
    const spec = isPlainObject(pod['spec']) ? pod['spec'] : {};
    const wanted =
      typeof spec['nodeName'] === 'string' && spec['nodeName'] !== '' ? spec['nodeName'] : node;
    bound['spec'] = { ...spec, nodeName: wanted };
    const written = await this.ctx.registry.update(podType, namespace, name, bound);
    const status = isPlainObject(written.object['status']) ? written.object['status'] : {};
    const now = this.timestamp(this.ctx.clock.now());
    await this.ctx.registry.update(
      podType,
      namespace,
      name,
      {
        ...written.object,
        status: { ...status, conditions: [condition('PodScheduled', true, now)] },
      },
      { subresource: 'status' },
    );
  }

  private timestamp(ms: number): string {
    return kubeTimestamp(ms);
  }
}

function phaseOf(states: ContainerState[]): string {
  if (states.some((s) => !s.active && s.exitCode === undefined)) return 'Pending';
  if (states.length > 0 && states.every((s) => !s.active && s.exitCode !== undefined))
    return states.every((s) => s.exitCode === 0) ? 'Succeeded' : 'Failed';
  return 'Running';
}

function hashByte(text: string, index: number): number {
  return createHash('sha256').update(text).digest()[index]!;
}

function hex(...parts: string[]): string {
  return createHash('sha256').update(parts.join('/')).digest('hex');
}

function containerStatus(
  c: Record<string, unknown>,
  s: ContainerState,
  uid: string,
): Record<string, unknown> {
  const image = String(c['image'] ?? '');
  const waiting = isPlainObject(s.state['waiting']) ? s.state['waiting'] : undefined;
  const pulled = !String(waiting?.['reason'] ?? '').includes('Image');
  return {
    name: c['name'],
    image,
    imageID: pulled ? `${image}@sha256:${hex(image)}` : '',
    ...(pulled
      ? { containerID: `containerd://${hex(uid, String(c['name']), String(s.restartCount))}` }
      : {}),
    ready: s.ready,
    started: s.started,
    restartCount: s.restartCount,
    state: s.state,
    lastState: s.lastState,
  };
}

function condition(
  type: string,
  ok: boolean,
  at: string,
  reason?: string,
): Record<string, unknown> {
  return {
    type,
    status: ok ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: at,
    ...(ok || reason === undefined ? {} : { reason }),
  };
}
