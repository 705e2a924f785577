// Replaces tsc's dist/cluster/client-node.js with a bundle of just the parts of
// @kubernetes/client-node that src/cluster/client-node.ts exports. Loading the package
// the usual way evaluates its whole generated API, about 70 MB of memory in every engine
// process; tree-shaken, the same exports cost about 30 MB. The package's own dependencies
// stay in node_modules. Run by `npm run build`, after tsc.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const PACKAGE = '@kubernetes/client-node';

/** Every bare import other than client-node's own files stays an import. */
const keepOtherPackages = {
  name: 'keep-other-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path === PACKAGE || args.path.startsWith(`${PACKAGE}/`)
        ? undefined
        : { path: args.path, external: true },
    );
  },
};

const outfile = path.join(root, 'dist', 'cluster', 'client-node.js');
await build({
  absWorkingDir: root,
  entryPoints: [path.join(root, 'src', 'cluster', 'client-node.ts')],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  plugins: [keepOtherPackages],
  // Bundled CommonJS code may require Node's built-in modules.
  banner: {
    js: "import { createRequire as __ferryCreateRequire } from 'node:module'; const require = __ferryCreateRequire(import.meta.url);",
  },
  legalComments: 'none',
  logLevel: 'warning',
});
await rm(`${outfile}.map`, { force: true });
