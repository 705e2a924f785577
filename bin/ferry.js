#!/usr/bin/env node
// One-shot verbs (render, diff, health, app, version, …) run from a bundle (dist/bundle/,
// built by `npm run build`) so that they start fast; each loads the rest of Ferry only when
// it runs. The servers run from tsc's output, where files never move under a running process.
import module from 'node:module';
import v8 from 'node:v8';

const LONG_RUNNING = new Set(['serve', 'controlplane']);
const longRunning = LONG_RUNNING.has(process.argv[2] ?? '');

// Node 22.1 and later keep compiled code between runs; Node 20 has no such cache.
module.enableCompileCache?.();

// A one-shot verb ends before V8's optimizing compiler pays for itself: it would spend more
// CPU compiling than it saves. Let it optimize only code that runs much longer (a render of
// thousands of objects still gets optimized); servers keep the default.
if (!longRunning) v8.setFlagsFromString('--interrupt-budget=4194304');

// A server's live data is small next to what a burst of syncs allocates and drops; V8's
// default of growing the heap up to 4x past the live size after each collection lets that
// garbage pile up. Growing by 30% keeps the engine's memory near its live data, and the
// smaller heap is cheaper to collect, so syncs get faster too (see bench/flux-like).
if (longRunning) v8.setFlagsFromString('--heap-growing-percent=30');

const { main } = longRunning
  ? await import('../dist/cli/main.js')
  : await import('../dist/bundle/ferry.js');
await main(process.argv);
