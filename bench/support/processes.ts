import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const BIN = path.resolve(import.meta.dirname, '../../bin/ferry.js');
/** USER_HZ, which Linux fixes at 100 for what /proc reports. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface FerryProcess {
  child: ChildProcess;
  output: () => string;
  /** Peak resident set size so far, from /proc (VmHWM), in MiB. */
  peakRssMiB(): Promise<number>;
  /** CPU time used so far (user + system), from /proc, in seconds. */
  cpuSeconds(): Promise<number>;
  stop(): Promise<void>;
}

/** Runs `ferry <args>` as its own process and waits until its output matches `ready`. */
export async function spawnFerry(
  args: string[],
  ready: RegExp,
  timeoutMs = 60_000,
): Promise<FerryProcess & { match: RegExpExecArray }> {
  // FERRY_BENCH_NODE_ARGS passes flags such as --cpu-prof to the processes under test.
  const nodeArgs = (process.env['FERRY_BENCH_NODE_ARGS'] ?? '').split(' ').filter((a) => a !== '');
  const child = spawn(process.execPath, [...nodeArgs, BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + timeoutMs;
  let match: RegExpExecArray | null = null;
  while ((match = ready.exec(out)) === null) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`ferry ${args[0]} did not start:\n${out}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    child,
    match,
    output: () => out,
    async peakRssMiB() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return kb / 1024;
    },
    async cpuSeconds() {
      const stat = await readFile(`/proc/${child.pid}/stat`, 'utf8');
      // Fields after the command name, which is in parentheses and may hold spaces.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      // FERRY_BENCH_OUTPUT_DIR keeps each process's output for a closer look.
      const dir = process.env['FERRY_BENCH_OUTPUT_DIR'];
      if (dir !== undefined) await writeFile(path.join(dir, `${args[0]}-${child.pid}.log`), out);
    },
  };
}
