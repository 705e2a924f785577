import { createHash, randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OciRegistryServer {
  /** `127.0.0.1:<port>`, the registry host. */
  host: string;
  /** Requests so far as `METHOD path`, in order. */
  requests: string[];
  /** Pushes a chart archive as Helm does: config blob, chart layer, manifest tagged version. */
  pushChart(repository: string, version: string, archive: Uint8Array): void;
  stop(): Promise<void>;
}

const MEDIA = {
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.cncf.helm.config.v1+json',
  chart: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip',
} as const;

const sha256 = (data: Uint8Array | string): string =>
  `sha256:${createHash('sha256').update(data).digest('hex')}`;

/**
 * A small OCI distribution registry on 127.0.0.1 that, like Docker Hub or GHCR, refuses
 * anonymous requests with a Bearer challenge and hands out pull tokens from `/token`.
 */
export async function startOciRegistryServer(): Promise<OciRegistryServer> {
  const blobs = new Map<string, Uint8Array>();
  const manifests = new Map<string, Map<string, string>>();
  const tokens = new Set<string>();
  const requests: string[] = [];
  let host = '';
  const fail = (res: ServerResponse, status: number, code: string): void => {
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ errors: [{ code, message: code.toLowerCase() }] }));
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${req.method ?? 'GET'} ${url.pathname}`);
    if (url.pathname === '/token') {
      const token = randomBytes(12).toString('hex');
      tokens.add(token);
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ token, scope: url.searchParams.get('scope') }));
      return;
    }
    const m = /^\/v2\/(.+)\/(tags\/list|manifests\/[^/]+|blobs\/[^/]+)$/u.exec(url.pathname);
    if (m === null) return fail(res, 404, 'NAME_UNKNOWN');
    const [, name, what] = m as unknown as [string, string, string];
    const bearer = /^Bearer (.+)$/u.exec(req.headers.authorization ?? '')?.[1];
    if (bearer === undefined || !tokens.has(bearer)) {
      res.setHeader(
        'WWW-Authenticate',
        `Bearer realm="http://${host}/token",service="ferry-test",scope="repository:${name}:pull"`,
      );
      return fail(res, 401, 'UNAUTHORIZED');
    }
    const tags = manifests.get(name);
    if (tags === undefined) return fail(res, 404, 'NAME_UNKNOWN');
    if (what === 'tags/list') {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ name, tags: [...tags.keys()] }));
      return;
    }
    if (what.startsWith('manifests/')) {
      const manifest = tags.get(decodeURIComponent(what.slice('manifests/'.length)));
      if (manifest === undefined) return fail(res, 404, 'MANIFEST_UNKNOWN');
      res.setHeader('Content-Type', MEDIA.manifest);
      res.setHeader('Docker-Content-Digest', sha256(manifest));
      res.end(manifest);
      return;
    }
    const blob = blobs.get(what.slice('blobs/'.length));
    if (blob === undefined) return fail(res, 404, 'BLOB_UNKNOWN');
    res.setHeader('Content-Type', 'application/octet-stream');
    res.end(blob);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    requests,
    pushChart(repository, version, archive) {
      const config = new TextEncoder().encode(JSON.stringify({ name: repository, version }));
      blobs.set(sha256(config), config);
      blobs.set(sha256(archive), archive);
      const manifest = JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA.manifest,
        config: { mediaType: MEDIA.config, digest: sha256(config), size: config.length },
        layers: [{ mediaType: MEDIA.chart, digest: sha256(archive), size: archive.length }],
      });
      let tags = manifests.get(repository);
      if (tags === undefined) manifests.set(repository, (tags = new Map()));
      tags.set(version.replace(/\+/gu, '_'), manifest);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
