import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startControlPlane, type ControlPlane } from '../../src/controlplane/index.js';
import { startGitHttpServer } from './git-http-server.js';
import { startRedis, type TestRedis } from './redis-server.js';
import { ServedRepo } from './served-repo.js';
import { waitFor } from './wait-for.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/ferry.js');

/** One `ferry serve` process, with everything it logged so far. */
export interface FerryReplica {
  child: ChildProcess;
  log: string;
  exited: Promise<void>;
  /** SIGKILL, and wait until the process is gone. */
  kill(): Promise<void>;
}

/** Starts `ferry serve <args>` from bin/ferry.js (run `npm run build` first). */
export function spawnFerry(args: readonly string[]): FerryReplica {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const replica: FerryReplica = {
    child,
    log: '',
    exited,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
  child.stdout!.on('data', (chunk: Buffer) => (replica.log += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (replica.log += chunk.toString()));
  return replica;
}

/** Waits until every replica serves its dashboard; fails at once, with its log, if one exits. */
export async function waitUntilServing(replicas: readonly FerryReplica[]): Promise<void> {
  const dead = await waitFor(
    'every replica serving',
    () => {
      const exited = replicas.find((r) => r.child.exitCode !== null || r.child.signalCode !== null);
      if (exited !== undefined) return exited;
      return replicas.every((r) => r.log.includes('Dashboard:')) ? null : undefined;
    },
    { timeoutMs: 90_000 },
  );
  if (dead !== null) throw new Error(`a replica exited:\n${dead.log}`);
}

/** The log lines of all replicas that contain every one of `parts`. */
export function logLines(replicas: readonly FerryReplica[], ...parts: string[]): string[] {
  return replicas
    .flatMap((r) => r.log.split('\n'))
    .filter((line) => parts.every((part) => line.includes(part)));
}

/**
 * Waits until some replica has logged a line with every one of `parts`. A replica logs an
 * operation's end just after writing it to the Application, so the log may trail the status.
 */
export async function waitForLogLine(
  replicas: readonly FerryReplica[],
  ...parts: string[]
): Promise<void> {
  await waitFor(`a log line with ${parts.join(' and ')}`, () =>
    logLines(replicas, ...parts).length > 0 ? true : undefined,
  );
}

/** An app whose PreSync hook Pod holds its sync until a test marks the Pod finished, then one ConfigMap. */
export const GATED_APP_FILES = {
  'app/gate.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: gate
  annotations: {argocd.argoproj.io/hook: PreSync}
spec:
  restartPolicy: Never
  containers: [{name: gate, image: busybox, command: [sleep, "3600"]}]
`,
  'app/cm.yaml': `apiVersion: v1
kind: ConfigMap
metadata: {name: after-gate}
data: {done: "yes"}
`,
};

/** What replicas share: a private Redis, a control plane and the gated app's repository. */
export interface ReplicaWorld {
  dir: string;
  redis: TestRedis;
  cp: ControlPlane;
  /** The URL of the repository holding GATED_APP_FILES. */
  repoURL: string;
}

/** Starts a ReplicaWorld in a temporary directory; `cleanups` receives how to stop each part. */
export async function startReplicaWorld(
  prefix: string,
  cleanups: (() => Promise<unknown>)[],
): Promise<ReplicaWorld> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const redis = await startRedis();
  cleanups.push(() => redis.stop());
  const cp = await startControlPlane({ dataDir: path.join(dir, 'cp'), port: 0 });
  cleanups.push(() => cp.stop());
  const repo = await ServedRepo.create(path.join(dir, 'git'), 'apps', GATED_APP_FILES);
  const git = await startGitHttpServer({ root: path.join(dir, 'git') });
  cleanups.push(() => git.stop());
  return { dir, redis, cp, repoURL: `${git.url}/${repo.name}` };
}
