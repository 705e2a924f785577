import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startControlPlane } from '../../src/controlplane/index.js';
import { makeDataDir } from './support/harness.js';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The child entry, run by node with tsx's loader so no build step is needed. */
const CHILD_ENTRY = join(here, 'support', 'crash-child.ts');

function startChild(
  dataDir: string,
  compactAfterBytes?: number,
): Promise<{ child: ChildProcess; kubeconfig: string }> {
  const extra = compactAfterBytes === undefined ? [] : [String(compactAfterBytes)];
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD_ENTRY, dataDir, ...extra], {
    cwd: join(here, '..', '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = out.split('\n')[0];
      if (out.includes('\n') && line !== undefined)
        resolve({ child, kubeconfig: (JSON.parse(line) as { kubeconfig: string }).kubeconfig });
    });
    child.on('exit', (code) => reject(new Error(`control plane child exited early with ${code}`)));
  });
}

/**
 * Four clients create ConfigMaps until `writes` are acknowledged, the control plane is killed
 * with SIGKILL, and a new one on the same data directory must list every acknowledged one.
 */
async function killWhileWriting(
  dataDir: string,
  writes: number,
  options: { compactAfterBytes?: number; value?: string } = {},
): Promise<void> {
  const { child, kubeconfig } = await startChild(dataDir, options.compactAfterBytes);
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);

  const acknowledged: string[] = [];
  let killed = false;
  const writer = async (worker: number): Promise<void> => {
    for (let i = 0; !killed; i++) {
      const name = `w${worker}-${i}`;
      try {
        await core.createNamespacedConfigMap({
          namespace: 'default',
          body: { metadata: { name }, data: { i: String(i), value: options.value ?? '' } },
        });
        acknowledged.push(name);
      } catch {
        return;
      }
    }
  };
  const writers = [0, 1, 2, 3].map(writer);
  while (acknowledged.length < writes) await new Promise((resolve) => setTimeout(resolve, 5));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  killed = true;
  await exited;
  await Promise.all(writers);
  expect(acknowledged.length).toBeGreaterThanOrEqual(writes);
  if (options.compactAfterBytes !== undefined) {
    // At least one snapshot written while the clients wrote, not only the one at start.
    const snapshot = await readFile(join(dataDir, 'store', 'snapshot.json'), 'utf8');
    expect((JSON.parse(snapshot) as { rv: number }).rv).toBeGreaterThan(0);
  }

  const restarted = await startControlPlane({ dataDir, timeFactor: 0.05 });
  try {
    const kc2 = new KubeConfig();
    kc2.loadFromFile(restarted.kubeconfigPath);
    const list = await kc2
      .makeApiClient(CoreV1Api)
      .listNamespacedConfigMap({ namespace: 'default' });
    const present = new Set(list.items.map((c) => c.metadata?.name));
    const lost = acknowledged.filter((name) => !present.has(name));
    expect(lost).toEqual([]);
  } finally {
    await restarted.stop();
  }
}

describe('control plane crash safety', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged write after SIGKILL', async () => {
    const dataDir = await makeDataDir();
    dirs.push(dataDir);
    await killWhileWriting(dataDir, 150);
  });

  it('keeps every acknowledged write when killed while its log is being compacted', async () => {
    const dataDir = await makeDataDir();
    dirs.push(dataDir);
    // 2 KiB a write and a 16 KiB log: the log is moved aside and snapshotted over and over.
    await killWhileWriting(dataDir, 400, { compactAfterBytes: 16 * 1024, value: 'x'.repeat(2048) });
  });
});
