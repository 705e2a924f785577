import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiException, KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import {
  startControlPlane,
  type ControlPlane,
  type ControlPlaneOptions,
} from '../../../src/controlplane/index.js';

/** A control plane on a free port in a temp dir, with clients for it. */
export interface TestCluster {
  cp: ControlPlane;
  dataDir: string;
  kc: KubeConfig;
  objects: KubernetesObjectApi;
  kubectl(args: string[], input?: string): Promise<KubectlResult>;
  /** Stops the control plane and removes the data dir. */
  dispose(): Promise<void>;
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function makeDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'ferry-cp-'));
}

export async function startTestCluster(
  options: Partial<ControlPlaneOptions> = {},
): Promise<TestCluster> {
  const dataDir = options.dataDir ?? (await makeDataDir());
  const cp = await startControlPlane({ timeFactor: 0.02, ...options, dataDir });
  return clusterFor(cp, dataDir);
}

export function clusterFor(cp: ControlPlane, dataDir: string): TestCluster {
  const kc = new KubeConfig();
  kc.loadFromFile(cp.kubeconfigPath);
  return {
    cp,
    dataDir,
    kc,
    objects: KubernetesObjectApi.makeApiClient(kc),
    kubectl: (args, input) =>
      runKubectl(cp.kubeconfigPath, join(dataDir, 'kubectl-cache'), args, input),
    async dispose() {
      await cp.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function runKubectl(
  kubeconfig: string,
  cacheDir: string,
  args: string[],
  input?: string,
): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'kubectl',
      ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args],
      { timeout: 30_000 },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') {
          reject(err);
          return;
        }
        resolve({ code: err ? Number(err.code) : 0, stdout, stderr });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${what}${last === undefined ? '' : `: ${String(last)}`}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The Status body of a failed client-node call. */
export async function statusOf(
  promise: Promise<unknown>,
): Promise<{ code: number; body: Record<string, unknown> }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApiException) {
      const body =
        typeof err.body === 'string'
          ? (JSON.parse(err.body) as Record<string, unknown>)
          : (err.body as Record<string, unknown>);
      return { code: err.code, body };
    }
    throw err;
  }
  throw new Error('expected the call to fail');
}

/** A raw HTTPS request with the cluster's token and CA, for paths the typed clients do not cover. */
export async function rawRequest(
  cluster: TestCluster,
  path: string,
  init: { method?: string; body?: unknown; contentType?: string; token?: string | null } = {},
): Promise<{ status: number; json: unknown; text: string }> {
  const { request } = await import('node:https');
  const ca = Buffer.from(cluster.kc.getCurrentCluster()?.caData ?? '', 'base64');
  const url = new URL(path, cluster.cp.url);
  const body = init.body === undefined ? undefined : JSON.stringify(init.body);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (init.token !== null) headers['Authorization'] = `Bearer ${init.token ?? cluster.cp.token}`;
    if (body !== undefined) headers['Content-Type'] = init.contentType ?? 'application/json';
    const req = request(url, { method: init.method ?? 'GET', ca, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, json, text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
