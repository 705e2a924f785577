// Bundles the `ferry` command line into dist/bundle/ so that it starts fast: one file to
// load for the verbs most used from a shell (render, diff, health, version), and chunks
// that the other verbs load when they run. Run by `npm run build`, after tsc.
import { readFile, rm } from 'node:fs/promises';
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

await rm(outdir, { recursive: true, force: true });
await build({
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
});
