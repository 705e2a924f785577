// Bundles the `ferry` command line into dist/bundle/ so that one-shot verbs (render, diff,
// health, app, version, …) start fast: a few files to load, and chunks that each verb loads
// when it runs. Run by `npm run build`; bin/ferry.js runs `serve` and `controlplane` from
// tsc's dist/ instead.
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
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

const result = await build({
  absWorkingDir: root,
  entryPoints: { ferry: path.join(root, 'src', 'cli', 'main.ts') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  plugins: [keepModuleUrls],
  // Bundled CommonJS packages require Node's built-in modules.
  banner: {
    js: "import { createRequire as __ferryCreateRequire } from 'node:module'; const require = __ferryCreateRequire(import.meta.url);",
  },
  chunkNames: '[name]-[hash]',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
});

// Chunks of earlier builds go once no process started before this build can still load
// them lazily; chunk names carry a content hash, so a rebuild never rewrites one in use.
const STALE_MS = 10 * 60 * 1000;
const current = new Set(Object.keys(result.metafile.outputs).map((f) => path.resolve(root, f)));
for (const name of await readdir(outdir)) {
  const file = path.join(outdir, name);
  if (current.has(file) || current.has(file.replace(/\.map$/, ''))) continue;
  if (Date.now() - (await stat(file)).mtimeMs > STALE_MS) await rm(file, { force: true });
}
