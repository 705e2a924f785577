#!/usr/bin/env node
// One-shot verbs (render, diff, health, app, version, …) run from a bundle (dist/bundle/,
// built by `npm run build`) so that they start fast; each loads the rest of Ferry only when
// it runs. The servers run from tsc's output, where files never move under a running process.
//
// This file is CommonJS (bin/package.json says so): Node starts a CommonJS entry point about
// 10 ms sooner than an ES module, which is a tenth of a small `ferry render`.
'use strict';

const { readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { createRequire, enableCompileCache } = require('node:module');
const path = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');

const verb = process.argv[2] ?? '';
const LONG_RUNNING = new Set(['serve', 'controlplane']);
const longRunning = LONG_RUNNING.has(verb);

// Node 22.1 and later keep compiled code between runs; Node 20 has no such cache.
enableCompileCache?.();

// A one-shot verb ends before V8's optimizing compilers pay for themselves: they would spend
// more CPU compiling than they save. Let them optimize only code that runs much longer (a
// render of thousands of objects still gets optimized); servers keep the defaults. V8 11
// (Node 20) counts the bytecode a function ran, V8 12 on (Node 22, 24) counts its calls, and
// takes no flag it does not know: each threshold is about 62 times its default.
const LATE_TIER_UP =
  Number(process.versions.v8.split('.')[0]) >= 12
    ? ['--invocation-count-for-maglev=24800', '--invocation-count-for-turbofan=186000']
    : ['--interrupt-budget=4194304'];
if (!longRunning) for (const flag of LATE_TIER_UP) v8.setFlagsFromString(flag);

// A server's live data is small next to what a burst of syncs allocates and drops; V8's
// default of growing the heap up to 4x past the live size after each collection lets that
// garbage pile up. Growing by 30% keeps the engine's memory near its live data, and the
// smaller heap is cheaper to collect, so syncs get faster too (see bench/flux-like).
if (longRunning) v8.setFlagsFromString('--heap-growing-percent=30');

const renderBundle = path.join(__dirname, '..', 'dist', 'bundle', 'render.cjs');

run().catch((err) => {
  process.exitCode = 1;
  console.error(err);
});

async function run() {
  const renderStats = verb === 'render' ? statOrUndefined(renderBundle) : undefined;
  if (renderStats !== undefined) {
    const { exports, saveCodeCache } = loadWithCodeCache(renderBundle, renderStats);
    await exports.main(process.argv);
    if (!process.exitCode) saveCodeCache();
    return;
  }
  const { main } = longRunning
    ? await import('../dist/cli/main.js')
    : await import('../dist/bundle/ferry.js');
  await main(process.argv);
}

/**
 * Loads a CommonJS bundle with V8's code cache for it, a file beside it named for this Node
 * and this build of the bundle: a render then spends its time rendering rather than parsing
 * and compiling Ferry (Node 20 keeps no compiled code for ES modules). The cache holds what
 * the run that wrote it compiled; `npm run build` writes it with a render. `saveCodeCache()`
 * writes it when it was missing or V8 turned it down, and gives up quietly where it cannot.
 */
function loadWithCodeCache(file, { size, mtimeMs }) {
  const build = `${process.version}-${process.arch}-${size}-${Math.round(mtimeMs)}`;
  const cacheFile = `${file}.${build}.cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // No cache yet for this Node and this build.
  }
  const source = readFileSync(file, 'utf8');
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new vm.Script(wrapper, { filename: file, cachedData });
  const bundle = { exports: {} };
  const requireFromBundle = createRequire(file);
  script.runInThisContext()(bundle.exports, requireFromBundle, bundle, file, path.dirname(file));
  const stale = cachedData === undefined || script.cachedDataRejected === true;
  return {
    exports: bundle.exports,
    saveCodeCache() {
      if (!stale) return;
      const temporary = `${cacheFile}.${process.pid}`;
      try {
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, cacheFile);
      } catch {
        // A read-only install still renders; it compiles each time.
        rmSync(temporary, { force: true });
      }
    },
  };
}

function statOrUndefined(file) {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
