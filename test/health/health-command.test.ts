import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { healthCommand, type CliIo } from '../../src/cli/health-command.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/health');

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

describe('ferry health', () => {
  it('prints each object of a file with its health as JSON', async () => {
    const io = capture();
    const files = ['deployment-healthy.yaml', 'configmap-none.yaml'];
    const text = (
      await Promise.all(files.map((f) => readFile(path.join(FIXTURES, f), 'utf8')))
    ).join('\n---\n');
    io.readFile = () => Promise.resolve(text);
    await healthCommand(io).parseAsync(['-f', 'all.yaml', '-o', 'json'], { from: 'user' });
    expect(io.code).toBe(0);
    expect(JSON.parse(io.out)).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: 'default',
        name: 'web',
        status: 'Healthy',
        message: null,
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: 'default',
        name: 'settings',
        status: null,
        message: null,
      },
    ]);
  });

  it('prints a table by default', async () => {
    const io = capture();
    await healthCommand(io).parseAsync(['-f', path.join(FIXTURES, 'job-degraded.yaml')], {
      from: 'user',
    });
    expect(io.out.split('\n')[0]).toMatch(/^KIND\s+NAMESPACE\s+NAME\s+STATUS\s+MESSAGE$/);
    expect(io.out).toMatch(
      /Job\s+default\s+migrate\s+Degraded\s+Job has reached the specified backoff limit/,
    );
  });

  it('reports an unreadable file', async () => {
    const io = capture();
    await healthCommand(io).parseAsync(['-f', path.join(FIXTURES, 'nope.yaml')], { from: 'user' });
    expect(io.code).toBe(1);
    expect(io.err).toContain('ferry health:');
  });
});
