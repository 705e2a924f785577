#!/usr/bin/env node
// The command line runs from one bundle (dist/bundle/, built by `npm run build`) so that it
// starts fast; each verb loads the rest of Ferry only when it runs.
import module from 'node:module';

// Node 22.1 and later keep compiled code between runs; Node 20 has no such cache.
module.enableCompileCache?.();

const { main } = await import('../dist/bundle/ferry.js');
await main(process.argv);
