import { readFile, rm, mkdtemp } from 'node:fs/promises';
import { Agent, createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startControlPlane, type ControlPlane } from '../src/controlplane/index.js';
import type { Figure } from './harness.js';

/**
 * The embedded control plane under load: ConfigMap create and server-side apply throughput
 * with p50/p99 latencies at concurrency 1 and 20, against a trivial HTTPS echo server on the
 * same TLS certificate as baseline; watch fan-out to 100 watchers; RSS with 100k objects.
 */

interface Target {
  host: string;
  port: number;
  ca: Buffer;
  token: string;
  agent: Agent;
}

function send(
  t: Target,
  method: string,
  path: string,
  body: string,
  contentType: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: t.host,
        port: t.port,
        method,
        path,
        ca: t.ca,
        agent: t.agent,
        headers: {
          Authorization: `Bearer ${t.token}`,
          'Content-Type': contentType,
          'Content-Length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface Run {
  perSecond: number;
  p50: number;
  p99: number;
}

async function load(
  count: number,
  concurrency: number,
  op: (i: number) => Promise<number>,
): Promise<Run> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const t0 = performance.now();
      const code = await op(i);
      if (code >= 300) throw new Error(`request ${i} answered ${code}`);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { perSecond: count / seconds, p50: at(0.5), p99: at(0.99) };
}

const configMap = (name: string, value: string): string =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { key: value } });

async function echoServer(
  cert: string,
  key: string,
): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createServer({ cert, key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      res.writeHead(201, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(text),
      });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function watchers(t: Target, n: number, expected: number): Promise<number>[] {
  return Array.from(
    { length: n },
    () =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: t.host,
            port: t.port,
            path: '/api/v1/namespaces/fanout/configmaps?watch=true',
            ca: t.ca,
            headers: { Authorization: `Bearer ${t.token}` },
          },
          (res) => {
            let seen = 0;
            let buffered = '';
            res.on('data', (chunk: Buffer) => {
              buffered += chunk.toString('utf8');
              const lines = buffered.split('\n');
              buffered = lines.pop()!;
              seen += lines.length;
              if (seen >= expected) {
                resolve(performance.now());
                req.destroy();
              }
            });
          },
        );
        req.on('error', (err) =>
          err.message.includes('socket hang up') ? undefined : reject(err),
        );
        req.end();
      }),
  );
}

export async function controlPlaneBench(): Promise<Figure[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ferry-cp-bench-'));
  let cp: ControlPlane | undefined;
  const figures: Figure[] = [];
  try {
    cp = await startControlPlane({ dataDir, timeFactor: 1 });
    const url = new URL(cp.url);
    const ca = await readFile(join(dataDir, 'pki', 'ca.crt'));
    const cert = await readFile(join(dataDir, 'pki', 'apiserver.crt'), 'utf8');
    const key = await readFile(join(dataDir, 'pki', 'apiserver.key'), 'utf8');
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    const target: Target = {
      host: url.hostname,
      port: Number(url.port),
      ca,
      token: cp.token,
      agent,
    };
    const echo = await echoServer(cert, key);
    const echoTarget: Target = { ...target, port: echo.port };
    const count = 4000;
    for (const concurrency of [1, 20]) {
      const n = concurrency === 1 ? count / 4 : count;
      const base = await load(n, concurrency, (i) =>
        send(
          echoTarget,
          'POST',
          '/api/v1/namespaces/default/configmaps',
          configMap(`e${concurrency}-${i}`, 'v'),
          'application/json',
        ),
      );
      const created = await load(n, concurrency, (i) =>
        send(
          target,
          'POST',
          '/api/v1/namespaces/default/configmaps',
          configMap(`c${concurrency}-${i}`, 'v'),
          'application/json',
        ),
      );
      const applied = await load(n, concurrency, (i) =>
        send(
          target,
          'PATCH',
          `/api/v1/namespaces/default/configmaps/a${concurrency}-${i}?fieldManager=bench`,
          configMap(`a${concurrency}-${i}`, 'w'),
          'application/apply-patch+yaml',
        ),
      );
      const ratio = (v: number, b: number): Figure['baseline'] => ({
        name: 'https echo server',
        value: b,
        ratio: v / b,
      });
      figures.push(
        {
          metric: `ConfigMap creates/s at c=${concurrency}`,
          value: created.perSecond,
          unit: 'ops/s',
          ...(concurrency === 20 ? { target: '>= 2000' } : {}),
          baseline: ratio(created.perSecond, base.perSecond),
        },
        {
          metric: `create p50 at c=${concurrency}`,
          value: created.p50,
          unit: 'ms',
          baseline: ratio(created.p50, base.p50),
        },
        {
          metric: `create p99 at c=${concurrency}`,
          value: created.p99,
          unit: 'ms',
          ...(concurrency === 20 ? { target: '<= 50' } : {}),
          baseline: ratio(created.p99, base.p99),
        },
        {
          metric: `server-side applies/s at c=${concurrency}`,
          value: applied.perSecond,
          unit: 'ops/s',
          baseline: ratio(applied.perSecond, base.perSecond),
        },
        { metric: `apply p50 at c=${concurrency}`, value: applied.p50, unit: 'ms' },
        { metric: `apply p99 at c=${concurrency}`, value: applied.p99, unit: 'ms' },
      );
    }
    await echo.close();

    await send(
      target,
      'POST',
      '/api/v1/namespaces',
      JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fanout' } }),
      'application/json',
    );
    const events = 200;
    const watching = watchers(target, 100, events);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const start = performance.now();
    await load(events, 10, (i) =>
      send(
        target,
        'POST',
        '/api/v1/namespaces/fanout/configmaps',
        configMap(`f${i}`, 'v'),
        'application/json',
      ),
    );
    const last = Math.max(...(await Promise.all(watching)));
    figures.push({
      metric: 'watch fan-out: events delivered/s to 100 watchers',
      value: (events * 100) / ((last - start) / 1000),
      unit: 'events/s',
    });

    const total = 100_000;
    const existing = 2 * (count + count / 4) + events;
    await load(total - existing, 50, (i) =>
      send(
        target,
        'POST',
        '/api/v1/namespaces/default/configmaps',
        configMap(`bulk-${i}`, 'value'),
        'application/json',
      ),
    );
    global.gc?.();
    figures.push({
      metric: 'RSS with 100k ConfigMaps',
      value: process.memoryUsage().rss / 2 ** 20,
      unit: 'MiB',
      target: '<= 1024',
    });
    agent.destroy();
  } finally {
    await cp?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  return figures;
}
