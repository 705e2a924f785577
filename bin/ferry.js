#!/usr/bin/env node
// The command line runs from one bundle (dist/bundle/, built by `npm run build`) so that it
// starts fast; each verb loads the rest of Ferry only when it runs.
import module from 'node:module';
import v8 from 'node:v8';

// Node 22.1 and later keep compiled code between runs; Node 20 has no such cache.
module.enableCompileCache?.();

// One-shot verbs such as `ferry render` end before V8's optimizing compiler pays for itself:
// it would spend more CPU compiling than it saves. Let it optimize only code that runs much
// longer (a render of thousands of objects still gets optimized); servers keep the default.
const LONG_RUNNING = new Set(['serve', 'controlplane']);
if (!LONG_RUNNING.has(process.argv[2] ?? '')) v8.setFlagsFromString('--interrupt-budget=4194304');

const { main } = await import('../dist/bundle/ferry.js');
await main(process.argv);
