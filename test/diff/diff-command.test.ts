import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffCommand } from '../../src/cli/diff-command.js';
import type { CliIo } from '../../src/cli/health-command.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/diff');
const fixture = (name: string): string => path.join(FIXTURES, name);

function capture(): CliIo & { out: string; err: string; code?: number } {
  const io = {
    out: '',
    err: '',
    code: undefined as number | undefined,
    readFile: (p: string) => readFile(p, 'utf8'),
    write: (t: string) => void (io.out += t),
    writeError: (t: string) => void (io.err += t),
    setExitCode: (c: number) => void (io.code = c),
  };
  return io;
}

async function run(args: string[]): Promise<ReturnType<typeof capture>> {
  const io = capture();
  await diffCommand(io).parseAsync(args, { from: 'user' });
  return io;
}

describe('ferry diff', () => {
  it('exits 0 and prints nothing when in sync', async () => {
    const io = await run([
      '--desired',
      fixture('service-defaults-desired.yaml'),
      '--live',
      fixture('service-defaults-live.yaml'),
    ]);
    expect(io.code).toBe(0);
    expect(io.out).toBe('');
  });

  it('exits 1 with a unified diff when different', async () => {
    const io = await run([
      '--desired',
      fixture('image-change-desired.yaml'),
      '--live',
      fixture('image-change-live.yaml'),
    ]);
    expect(io.code).toBe(1);
    expect(io.out).toMatch(/^--- live Deployment\/\S+\n\+\+\+ desired Deployment\/\S+\n@@/);
  });

  it('prints JSON with a patch per resource, never showing Secret values', async () => {
    const io = await run([
      '--desired',
      fixture('secret-changed-desired.yaml'),
      '--live',
      fixture('secret-changed-live.yaml'),
      '-o',
      'json',
    ]);
    expect(io.code).toBe(1);
    const [report] = JSON.parse(io.out) as Record<string, unknown>[];
    expect(report).toMatchObject({
      kind: 'Secret',
      name: 'creds',
      status: 'OutOfSync',
      modified: true,
    });
    expect(io.out).not.toContain('hunter');
  });

  it('applies ignoreDifferences from a file', async () => {
    const io = await run([
      '--desired',
      fixture('ignore-pointer-desired.yaml'),
      '--live',
      fixture('ignore-pointer-live.yaml'),
      '--ignore-differences',
      fixture('cli/ignore-replicas.yaml'),
    ]);
    expect(io.err).toBe('');
    expect(io.code).toBe(0);
  });

  it('exits 2 on error', async () => {
    const io = await run([
      '--desired',
      fixture('missing.yaml'),
      '--live',
      fixture('image-change-live.yaml'),
    ]);
    expect(io.code).toBe(2);
    expect(io.err).toContain('ferry diff:');
  });
});
