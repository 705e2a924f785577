import { isPlainObject } from '../../kube/object.js';

/** What a simulated container does, read from its command line. */
export type Behaviour =
  { kind: 'runs' } | { kind: 'exits'; afterMs: number; code: number } | { kind: 'pull-fails' };

const SHELLS = new Set(['sh', 'bash', '/bin/sh', '/bin/bash', 'ash', '/bin/ash']);

/**
 * The behaviour of a container: an image matching `failingImage` cannot be pulled;
 * `sleep N` exits 0 after N seconds; `exit N`, `false` and `true` exit at once with their
 * code (also inside `sh -c '...'`, where the last exiting statement wins); anything else runs.
 */
export function behaviourOf(container: Record<string, unknown>, failingImage: string): Behaviour {
  const image = typeof container['image'] === 'string' ? container['image'] : '';
  if (failingImage !== '' && image.includes(failingImage)) return { kind: 'pull-fails' };
  const words = [container['command'], container['args']]
    .flatMap((v) => (Array.isArray(v) ? v : []))
    .filter((w): w is string => typeof w === 'string');
  if (words.length === 0) return { kind: 'runs' };
  let script = words.join(' ');
  if (SHELLS.has(words[0]!) && words[1] === '-c') script = words.slice(2).join(' ');
  let afterMs = 0;
  for (const statement of script.split(/;|&&|\n/).map((s) => s.trim())) {
    const sleep = /^sleep\s+(\d+(?:\.\d+)?)s?$/.exec(statement);
    if (sleep) {
      afterMs += Number(sleep[1]) * 1000;
      continue;
    }
    const exit = /^exit\s+(\d+)$/.exec(statement);
    if (exit) return { kind: 'exits', afterMs, code: Number(exit[1]) };
    if (statement === 'false' || statement === '/bin/false')
      return { kind: 'exits', afterMs, code: 1 };
    if (statement === 'exit' || statement === 'true' || statement === '/bin/true')
      return { kind: 'exits', afterMs, code: 0 };
    if (statement !== '' && !/^(echo|printf|date|env|cat|ls)\b/.test(statement))
      return { kind: 'runs' };
  }
  return { kind: 'exits', afterMs, code: 0 };
}

/** A container's simulated state at one moment, with when it next changes. */
export interface ContainerState {
  state: Record<string, unknown>;
  lastState: Record<string, unknown>;
  ready: boolean;
  started: boolean;
  restartCount: number;
  /** Running or about to run again (restarting). */
  active: boolean;
  /** Terminated for good, with this exit code. */
  exitCode?: number;
  /** Epoch ms of the next change, undefined when it stays as it is. */
  nextChangeAt?: number;
}

export interface SimClock {
  /** When the pod's containers started (epoch ms). */
  startedAt: number;
  now: number;
  timeFactor: number;
  timestamp(ms: number): string;
}

const BACKOFF_BASE_MS = 10_000;
const BACKOFF_MAX_MS = 300_000;

/** Where a container with `behaviour` is at `clock.now`, under the pod's restart policy. */
export function containerStateAt(
  container: Record<string, unknown>,
  behaviour: Behaviour,
  restartPolicy: string,
  clock: SimClock,
): ContainerState {
  const { startedAt, now, timeFactor: f, timestamp } = clock;
  if (behaviour.kind === 'pull-fails') {
    const backoffAt = startedAt + BACKOFF_BASE_MS * f;
    const image = String(container['image'] ?? '');
    const pulling = now < backoffAt;
    return {
      state: {
        waiting: pulling
          ? {
              reason: 'ErrImagePull',
              message: `failed to pull and unpack image "${image}": not found`,
            }
          : { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` },
      },
      lastState: {},
      ready: false,
      started: false,
      restartCount: 0,
      active: false,
      ...(pulling ? { nextChangeAt: backoffAt } : {}),
    };
  }
  const probe = isPlainObject(container['readinessProbe']) ? container['readinessProbe'] : {};
  const delay = typeof probe['initialDelaySeconds'] === 'number' ? probe['initialDelaySeconds'] : 0;
  if (behaviour.kind === 'runs') {
    const readyAt = startedAt + delay * 1000 * f;
    return {
      state: { running: { startedAt: timestamp(startedAt) } },
      lastState: {},
      ready: now >= readyAt,
      started: true,
      restartCount: 0,
      active: true,
      ...(now < readyAt ? { nextChangeAt: readyAt } : {}),
    };
  }
  const runMs = behaviour.afterMs * f;
  const restarts =
    restartPolicy === 'Always' || (restartPolicy === 'OnFailure' && behaviour.code !== 0);
  let runStart = startedAt;
  let restartCount = 0;
  let lastState: Record<string, unknown> = {};
  for (;;) {
    const exitAt = runStart + runMs;
    if (now < exitAt) {
      return {
        state: { running: { startedAt: timestamp(runStart) } },
        lastState,
        ready: now >= runStart + delay * 1000 * f,
        started: true,
        restartCount,
        active: true,
        nextChangeAt: exitAt,
      };
    }
    const terminated = {
      exitCode: behaviour.code,
      reason: behaviour.code === 0 ? 'Completed' : 'Error',
      startedAt: timestamp(runStart),
      finishedAt: timestamp(exitAt),
    };
    if (!restarts) {
      return {
        state: { terminated },
        lastState,
        ready: false,
        started: false,
        restartCount,
        active: false,
        exitCode: behaviour.code,
      };
    }
    const backoff = Math.min(BACKOFF_BASE_MS * 2 ** restartCount, BACKOFF_MAX_MS) * f;
    const restartAt = exitAt + Math.max(backoff, 1);
    if (now < restartAt) {
      return {
        state: {
          waiting: {
            reason: 'CrashLoopBackOff',
            message: `back-off ${Math.round(backoff / f / 1000)}s restarting failed container=${String(container['name'])}`,
          },
        },
        lastState: { terminated },
        ready: false,
        started: false,
        restartCount: restartCount + 1,
        active: true,
        nextChangeAt: restartAt,
      };
    }
    lastState = { terminated };
    restartCount++;
    runStart = restartAt;
  }
}
