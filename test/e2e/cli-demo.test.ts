import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application } from '../../src/model/application.js';
import { waitFor } from '../support/wait-for.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/ferry.js');

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Runs `ferry serve --demo` as a user would, and waits for it to print its URL. */
async function serveDemo(dataDir: string): Promise<Started> {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--demo', '--port', '0', '--data-dir', dataDir, '--poll-interval', '2s'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const url = await waitFor('the dashboard URL', () => /Dashboard: (http\S+)/.exec(out)?.[1], {
    timeoutMs: 30_000,
  });
  return { child, url, output: () => out };
}

async function stop(started: Started): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) =>
    started.child.once('exit', (code) => resolve(code)),
  );
  started.child.kill('SIGINT');
  return exited;
}

/** The admin token `ferry serve` prints on its first start. */
let adminToken = '';

async function apps(url: string): Promise<Application[]> {
  const res = await fetch(new URL('api/v1/applications', url), {
    headers: { authorization: `Bearer ${adminToken}` },
  });
  return ((await res.json()) as { items: Application[] }).items;
}

const allSyncedAndHealthy = (items: Application[]) =>
  items.length === 2 &&
  items.every((a) => a.status?.sync.status === 'Synced' && a.status.health.status === 'Healthy');

describe('ferry serve --demo, as a new user runs it', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'ferry-demo-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves the dashboard and brings both demo apps to Synced and Healthy', async () => {
    const ferry = await serveDemo(dataDir);
    try {
      adminToken = await waitFor(
        'the admin token',
        () => /Admin token[^\n]*\n\s+(\S+)/.exec(ferry.output())?.[1],
      );
      expect(adminToken).toMatch(/^ferry_/);
      const page = await fetch(ferry.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>Ferry</title>');
      const items = await waitFor('demo apps Synced and Healthy', async () => {
        const current = await apps(ferry.url);
        return allSyncedAndHealthy(current) ? current : undefined;
      });
      expect(items.map((a) => a.metadata.name)).toEqual(['guestbook', 'hello']);
    } finally {
      expect(await stop(ferry)).toBe(0);
    }
  });

  it('keeps its state across a restart', async () => {
    const ferry = await serveDemo(dataDir);
    try {
      expect(ferry.output()).not.toContain(adminToken);
      const items = await apps(ferry.url);
      expect(items.map((a) => a.metadata.name)).toEqual(['guestbook', 'hello']);
      expect(items.every((a) => (a.status?.history?.length ?? 0) >= 1)).toBe(true);
      await waitFor('demo apps Synced and Healthy again', async () =>
        allSyncedAndHealthy(await apps(ferry.url)) ? true : undefined,
      );
    } finally {
      expect(await stop(ferry)).toBe(0);
    }
  });
});
