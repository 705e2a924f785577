import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../src');

/** Which rooms each room may import, from DESIGN.md. */
const ALLOWED: Record<string, readonly string[]> = {
  kube: [],
  model: ['kube'],
  diff: ['kube', 'model'],
  health: ['kube', 'model'],
  render: ['kube', 'model'],
  repo: ['kube', 'model'],
  cluster: ['kube', 'model'],
  controlplane: ['kube', 'model'],
  sync: ['kube', 'model', 'diff', 'health', 'cluster'],
  controller: ['kube', 'model', 'diff', 'health', 'render', 'repo', 'cluster', 'sync'],
  web: ['kube', 'model', 'diff', 'health', 'sync', 'controller'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

function localImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+'(\.[^']+)'/gm)].map(
    (m) => m[1]!,
  );
  return specs.map((spec) => path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
}

function roomOf(file: string): string {
  const rel = path.relative(SRC, file);
  return rel.includes(path.sep) ? rel.split(path.sep)[0]! : rel;
}

const files = sourceFiles(SRC);
const graph = new Map(files.map((f) => [f, localImports(f)]));

describe('architecture', () => {
  it('every relative import resolves to a source file', () => {
    const missing = [...graph].flatMap(([file, deps]) =>
      deps
        .filter((d) => !graph.has(d))
        .map((d) => `${path.relative(SRC, file)} -> ${path.relative(SRC, d)}`),
    );
    expect(missing).toEqual([]);
  });

  it('rooms import only the rooms below them', () => {
    const violations: string[] = [];
    for (const [file, deps] of graph) {
      const room = roomOf(file);
      const allowed = ALLOWED[room];
      if (allowed === undefined) continue;
      for (const dep of deps) {
        const target = roomOf(dep);
        if (target !== room && !allowed.includes(target)) {
          violations.push(`${path.relative(SRC, file)} imports ${path.relative(SRC, dep)}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('has no import cycles', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string): void => {
      state.set(file, 'visiting');
      stack.push(file);
      for (const dep of graph.get(file) ?? []) {
        if (state.get(dep) === 'visiting') {
          const cycle = stack.slice(stack.indexOf(dep)).concat(dep);
          cycles.push(cycle.map((f) => path.relative(SRC, f)).join(' -> '));
        } else if (!state.has(dep)) visit(dep);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of graph.keys()) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });
});
