import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface Figure {
  metric: string;
  value: number;
  unit: string;
  target?: string;
  baseline?: { name: string; value: number; ratio: number };
}

export interface BenchResult {
  name: string;
  figures: Figure[];
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string };
  date: string;
}

export type Benchmark = (args: BenchArgs) => Promise<Figure[]>;

export interface BenchArgs {
  apps?: number;
}

/** Prints each figure on a line and writes `bench/results/<name>.json`. */
export async function report(name: string, figures: Figure[]): Promise<void> {
  for (const f of figures) {
    const base = f.baseline
      ? ` (baseline ${f.baseline.name}: ${fmt(f.baseline.value)} ${f.unit}, ratio ${f.baseline.ratio.toFixed(2)}x)`
      : '';
    const target = f.target ? ` [target ${f.target}]` : '';
    console.log(`${name}: ${f.metric} = ${fmt(f.value)} ${f.unit}${base}${target}`);
  }
  const result: BenchResult = {
    name,
    figures,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    date: new Date().toISOString(),
  };
  const dir = path.resolve(import.meta.dirname, 'results');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
}

function fmt(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toPrecision(3);
}

/** Runs `fn` repeatedly for about `ms` and returns operations per second. */
export function throughput(fn: () => void, ops: number, ms = 1000): number {
  let rounds = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    fn();
    rounds++;
  }
  return (rounds * ops) / ((performance.now() - start) / 1000);
}
