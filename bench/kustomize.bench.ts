import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fsSourceTree } from '../src/render/fs-source-tree.js';
import { renderKustomize } from '../src/render/kustomize/render-kustomize.js';
import type { Figure } from './harness.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');

/** A base of 48 Deployment+Service pairs and 2 generated ConfigMaps, and an overlay over it. */
async function writeOverlay(dir: string): Promise<void> {
  await mkdir(path.join(dir, 'base'), { recursive: true });
  await mkdir(path.join(dir, 'overlay'), { recursive: true });
  const docs: string[] = [];
  for (let i = 0; i < 48; i++) {
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: web-${i}}
spec:
  replicas: 1
  selector: {matchLabels: {app: web-${i}}}
  template:
    metadata: {labels: {app: web-${i}}}
    spec:
      containers:
      - name: web
        image: nginx:1.${i % 20}
        envFrom: [{configMapRef: {name: shared}}]
        ports: [{containerPort: 80}]
`);
    docs.push(`apiVersion: v1
kind: Service
metadata: {name: web-${i}}
spec:
  selector: {app: web-${i}}
  ports: [{port: 80}]
`);
  }
  await writeFile(path.join(dir, 'base', 'all.yaml'), docs.join('---\n'));
  await writeFile(
    path.join(dir, 'base', 'kustomization.yaml'),
    'resources: [all.yaml]\nconfigMapGenerator:\n- name: shared\n  literals: [MODE=base]\n- name: extra\n  literals: [X=1]\n',
  );
  await writeFile(
    path.join(dir, 'overlay', 'kustomization.yaml'),
    `resources: [../base]
namespace: prod
namePrefix: prod-
labels:
- pairs: {env: prod}
  includeSelectors: true
commonAnnotations: {owner: platform}
images: [{name: nginx, newTag: "1.27"}]
configMapGenerator:
- name: shared
  behavior: merge
  literals: [MODE=prod]
patches:
- target: {kind: Deployment}
  patch: |
    - op: replace
      path: /spec/replicas
      value: 3
`,
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timeSpawn(file: string, args: string[], runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run(file, args, { maxBuffer: 64 * 1024 * 1024 });
    times.push(performance.now() - start);
  }
  return median(times);
}

/** The `ferry render` command line, building the CLI bundle first when it is missing. */
async function ferryRenderArgs(dir: string): Promise<string[]> {
  const bundle = path.join(ROOT, 'dist', 'bundle', 'ferry.js');
  if (!existsSync(bundle)) {
    // tsc fails on type errors elsewhere in the tree after the bundle is written; only a
    // missing bundle is fatal here.
    await run('npm', ['run', 'build'], { cwd: ROOT }).catch((err: unknown) => {
      if (!existsSync(bundle)) throw err;
    });
  }
  return [path.join(ROOT, 'bin', 'ferry.js'), 'render', dir];
}

/**
 * `ferry render` against `kubectl kustomize` on the same ~100-object overlay, both spawned
 * (process start included), and Ferry's warm in-process render of it.
 */
export async function kustomizeBench(): Promise<Figure[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ferry-kustomize-bench-'));
  try {
    await writeOverlay(dir);
    const overlay = path.join(dir, 'overlay');
    const tree = fsSourceTree(dir);
    for (let i = 0; i < 20; i++) await renderKustomize(tree, 'overlay');
    const warm: number[] = [];
    for (let i = 0; i < 50; i++) {
      const start = performance.now();
      await renderKustomize(tree, 'overlay');
      warm.push(performance.now() - start);
    }
    const objects = (await renderKustomize(tree, 'overlay')).objects.length;

    const ferry = await timeSpawn(process.execPath, await ferryRenderArgs(overlay), 7);
    const kubectl = await timeSpawn('kubectl', ['kustomize', overlay], 7);
    return [
      {
        metric: `ferry render, spawned (${objects}-object overlay)`,
        value: ferry,
        unit: 'ms',
        target: '≤ kubectl kustomize',
        baseline: { name: 'kubectl kustomize', value: kubectl, ratio: ferry / kubectl },
      },
      {
        metric: `warm in-process render (${objects}-object overlay, median)`,
        value: median(warm),
        unit: 'ms',
        target: '≤ 20 ms',
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
