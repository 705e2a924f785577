import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stringify } from 'yaml';

export interface PublishOptions {
  /** The digest index.yaml claims; `null` leaves it out. @defaultValue the real sha256 */
  digest?: string | null;
  /** Serve the archive under an absolute URL rather than a relative one. @defaultValue false */
  absoluteURL?: boolean;
}

export interface HelmRepoServer {
  /** `http://127.0.0.1:<port>/charts`, the repository URL. */
  url: string;
  /** Paths requested so far, in order. */
  requests: string[];
  publish(name: string, version: string, archive: Uint8Array, options?: PublishOptions): void;
  stop(): Promise<void>;
}

interface Published {
  name: string;
  version: string;
  archive: Uint8Array;
  options: PublishOptions;
}

/**
 * A classic Helm chart repository on 127.0.0.1: `index.yaml` plus `.tgz` downloads. With
 * `auth`, every request must carry those HTTP basic credentials.
 */
export async function startHelmRepoServer(
  options: { auth?: { username: string; password: string } } = {},
): Promise<HelmRepoServer> {
  const charts: Published[] = [];
  const requests: string[] = [];
  let base = '';
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push(path);
    const expected =
      options.auth === undefined
        ? undefined
        : `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}`;
    if (expected !== undefined && req.headers.authorization !== expected) {
      res.statusCode = 401;
      res.setHeader('WWW-Authenticate', 'Basic realm="charts"');
      res.end('unauthorized');
      return;
    }
    if (path === '/charts/index.yaml') {
      res.setHeader('Content-Type', 'application/x-yaml');
      res.end(indexYaml(charts, base));
      return;
    }
    const file = charts.find((c) => path === `/charts/packages/${c.name}-${c.version}.tgz`);
    if (file === undefined) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    res.setHeader('Content-Type', 'application/gzip');
    res.end(file.archive);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}/charts`;
  return {
    url: base,
    requests,
    publish(name, version, archive, publishOptions = {}) {
      charts.push({ name, version, archive, options: publishOptions });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function indexYaml(charts: Published[], base: string): string {
  const entries: Record<string, unknown[]> = {};
  for (const c of charts) {
    const file = `packages/${c.name}-${c.version}.tgz`;
    const digest =
      c.options.digest === undefined
        ? createHash('sha256').update(c.archive).digest('hex')
        : c.options.digest;
    (entries[c.name] ??= []).unshift({
      apiVersion: 'v2',
      name: c.name,
      version: c.version,
      urls: [c.options.absoluteURL === true ? `${base}/${file}` : file],
      ...(digest === null ? {} : { digest }),
      created: '2026-01-01T00:00:00Z',
    });
  }
  return stringify({ apiVersion: 'v1', entries, generated: '2026-01-01T00:00:00Z' });
}
