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

interface Spawn {
  file: string;
  args: string[];
}

/**
 * Median wall time of each command, run `runs` times in turns (after one untimed run each), so
 * that the load of a shared machine falls on all of them alike.
 */
async function timeSpawns(commands: Spawn[], runs: number): Promise<number[]> {
  const times = commands.map((): number[] => []);
  for (const c of commands) await run(c.file, c.args, { maxBuffer: 64 * 1024 * 1024 });
  for (let i = 0; i < runs; i++) {
    for (const [n, c] of commands.entries()) {
      const start = performance.now();
      await run(c.file, c.args, { maxBuffer: 64 * 1024 * 1024 });
      times[n]!.push(performance.now() - start);
    }
  }
  return times.map(median);
}

/** The `ferry render` command line, building the CLI bundles first when they are missing. */
async function ferryRender(dir: string): Promise<Spawn> {
  const bundles = ['ferry.js', 'render.cjs'].map((f) => path.join(ROOT, 'dist', 'bundle', f));
  if (!bundles.every(existsSync)) {
    // tsc fails on type errors elsewhere in the tree after the bundles are written; only a
    // missing bundle is fatal here.
    await run('npm', ['run', 'build'], { cwd: ROOT }).catch((err: unknown) => {
      if (!bundles.every(existsSync)) throw err;
    });
  }
  return { file: process.execPath, args: [path.join(ROOT, 'bin', 'ferry.js'), 'render', dir] };
}

/** One Deployment: a render that is mostly process start. */
async function writeTiny(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'kustomization.yaml'), 'resources: [deployment.yaml]\n');
  await writeFile(
    path.join(dir, 'deployment.yaml'),
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
`,
  );
}

/**
 * `ferry render` against `kubectl kustomize` on the same trees, a ~100-object overlay and a
 * single Deployment, both spawned (process start included); the start of Node itself with an
 * empty script, for scale; and Ferry's warm in-process render of the overlay.
 */
export async function kustomizeBench(): Promise<Figure[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ferry-kustomize-bench-'));
  try {
    await writeOverlay(dir);
    await writeTiny(path.join(dir, 'tiny'));
    const overlay = path.join(dir, 'overlay');
    const tiny = path.join(dir, 'tiny');
    const tree = fsSourceTree(dir);
    for (let i = 0; i < 20; i++) await renderKustomize(tree, 'overlay');
    const warm: number[] = [];
    for (let i = 0; i < 50; i++) {
      const start = performance.now();
      await renderKustomize(tree, 'overlay');
      warm.push(performance.now() - start);
    }
    const objects = (await renderKustomize(tree, 'overlay')).objects.length;

    const kubectl = (d: string): Spawn => ({ file: 'kubectl', args: ['kustomize', d] });
    const [ferryOverlay, kubectlOverlay, ferryTiny, kubectlTiny, node] = await timeSpawns(
      [
        await ferryRender(overlay),
        kubectl(overlay),
        await ferryRender(tiny),
        kubectl(tiny),
        { file: process.execPath, args: ['-e', ''] },
      ],
      7,
    );
    // Node 20 reads the whole file at start when this is set (kubectl reads it on first use).
    const caCerts = process.env['NODE_EXTRA_CA_CERTS'] ? ', NODE_EXTRA_CA_CERTS set' : '';
    return [
      {
        metric: `ferry render, spawned (${objects}-object overlay)`,
        value: ferryOverlay!,
        unit: 'ms',
        target: '≤ kubectl kustomize',
        baseline: {
          name: 'kubectl kustomize',
          value: kubectlOverlay!,
          ratio: ferryOverlay! / kubectlOverlay!,
        },
      },
      {
        metric: 'ferry render, spawned (one Deployment)',
        value: ferryTiny!,
        unit: 'ms',
        target: '≤ kubectl kustomize',
        baseline: {
          name: 'kubectl kustomize',
          value: kubectlTiny!,
          ratio: ferryTiny! / kubectlTiny!,
        },
      },
      { metric: `node -e '' (Node's own start${caCerts})`, value: node!, unit: 'ms' },
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
