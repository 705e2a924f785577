// Bundles the `ferry` command line into dist/bundle/ so that one-shot verbs (render, diff,
// health, app, version, …) start fast: a few files to load, and chunks that each verb loads
// when it runs. `ferry render` has a CommonJS bundle of its own, render.cjs, that bin/ferry.js
// loads with V8's code cache; a first render here writes that cache. Run by `npm run build`;
// bin/ferry.js runs `serve` and `controlplane` from tsc's dist/ instead.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const outdir = path.join(root, 'dist', 'bundle');

// Small pure-JS packages that every verb needs are bundled; the rest stay in node_modules
// (native addons, WebAssembly, files read next to their code) and load only when used.
const BUNDLED = new Set(['commander', 'yaml', 'zod', 'fast-json-patch']);
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
const external = Object.keys(pkg.dependencies)
  .filter((name) => !BUNDLED.has(name))
  .flatMap((name) => [name, `${name}/*`]);

/**
 * `import.meta.url` keeps the meaning it has in tsc's dist/: chunks all live in outdir, so
 * each module's URL is rewritten relative to it (version.ts reads ../package.json, the web
 * server finds its static files).
 */
const keepModuleUrls = {
  name: 'keep-module-urls',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const compiled = path
        .join(root, 'dist', path.relative(path.join(root, 'src'), args.path))
        .replace(/\.ts$/, '.js');
      const relative = path.relative(outdir, compiled).split(path.sep).join('/');
      const url = `new URL(${JSON.stringify(relative)}, import.meta.url).href`;
      return { contents: source.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

/**
 * commander requires node:child_process (and with it net, dgram, …) when it loads, for
 * subcommands that are executables of their own, which Ferry has none of: load it on first use.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer)
        ? { path: 'child_process', namespace: 'lazy-builtin' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, () => ({
      contents:
        "let m; module.exports = new Proxy({}, { get: (_, key) => (m ??= require('node:child_process'))[key] });",
      loader: 'js',
    }));
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  external,
  plugins: [keepModuleUrls, lazyChildProcess],
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
};

const result = await build({
  ...common,
  entryPoints: { ferry: path.join(root, 'src', 'cli', 'main.ts') },
  outdir,
  splitting: true,
  format: 'esm',
  // Bundled CommonJS packages require Node's built-in modules.
  banner: {
    js: "import { createRequire as __ferryCreateRequire } from 'node:module'; const require = __ferryCreateRequire(import.meta.url);",
  },
  chunkNames: '[name]-[hash]',
});

/**
 * zod, which only Helm renders and Kustomize source options use, would be half of render.cjs:
 * it gets a CommonJS bundle of its own, zod.cjs, which render.cjs requires when first used.
 */
const zodApart = {
  name: 'zod-apart',
  setup(b) {
    b.onResolve({ filter: /^zod$/ }, () => ({ path: './zod.cjs', external: true }));
  },
};

// `ferry render` alone, as one CommonJS file: V8 keeps compiled code for such a script (see
// bin/ferry.js) but not, on Node 20, for ES modules. Nothing it loads is an ES-only package.
const renderBundle = path.join(outdir, 'render.cjs');
const renderResult = await build({
  ...common,
  entryPoints: [path.join(root, 'src', 'cli', 'render-main.ts')],
  outfile: renderBundle,
  format: 'cjs',
  plugins: [zodApart, ...common.plugins],
  define: { 'import.meta.url': '__ferryBundleUrl' },
  banner: { js: "const __ferryBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
const zodResult = await build({
  ...common,
  stdin: { contents: "export * from 'zod';", resolveDir: root, sourcefile: 'zod.js' },
  outfile: path.join(outdir, 'zod.cjs'),
  format: 'cjs',
});

// Chunks of earlier builds go once no process started before this build can still load
// them lazily; chunk names carry a content hash, so a rebuild never rewrites one in use.
const STALE_MS = 10 * 60 * 1000;
const current = new Set(
  [result, renderResult, zodResult].flatMap((r) =>
    Object.keys(r.metafile.outputs).map((f) => path.resolve(root, f)),
  ),
);
for (const name of await readdir(outdir)) {
  const file = path.join(outdir, name);
  if (current.has(file) || current.has(file.replace(/\.map$/, ''))) continue;
  if (Date.now() - (await stat(file)).mtimeMs > STALE_MS) await rm(file, { force: true });
}

// A first render writes the code cache of render.cjs, holding what a Kustomize render compiles.
const warmUp = await mkdtemp(path.join(os.tmpdir(), 'ferry-render-warm-up-'));
try {
  await writeWarmUpTree(warmUp);
  await promisify(execFile)(
    process.execPath,
    [path.join(root, 'bin', 'ferry.js'), 'render', path.join(warmUp, 'overlay')],
    { maxBuffer: 64 * 1024 * 1024 },
  );
} finally {
  await rm(warmUp, { recursive: true, force: true });
}

/** A base and an overlay that use the common Kustomize fields. */
async function writeWarmUpTree(dir) {
  await mkdir(path.join(dir, 'base'), { recursive: true });
  await mkdir(path.join(dir, 'overlay'), { recursive: true });
  await writeFile(
    path.join(dir, 'base', 'app.yaml'),
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        args: ["--port", "8080"]
        envFrom: [{configMapRef: {name: settings}}]
        ports:
        - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
`,
  );
  await writeFile(
    path.join(dir, 'base', 'kustomization.yaml'),
    `resources: [app.yaml]
configMapGenerator:
- name: settings
  literals: [MODE=base]
`,
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
images: [{name: nginx, newTag: "1.28"}]
configMapGenerator:
- name: settings
  behavior: merge
  literals: [MODE=prod]
secretGenerator:
- name: token
  literals: [TOKEN=x]
patches:
- target: {kind: Deployment}
  patch: |
    - op: replace
      path: /spec/replicas
      value: 3
- patch: |-
    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      type: ClusterIP
`,
  );
}
