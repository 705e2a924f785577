import { createHash } from 'node:crypto';
import { describeError } from '../../model/errors.js';
import { authHeaders, secretsOf, type RepoCredentials } from '../credentials.js';
import { REPO_ERROR_REASON, repoError, type RepoErrorContext } from '../repo-errors.js';
import { bodyBytes, httpGet, statusError, type ChartHttpOptions } from './chart-http.js';
import type { ChartLocation } from './chart-source-ref.js';

/** The media types of a Helm chart stored in an OCI registry. */
export const HELM_OCI_MEDIA_TYPE = {
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.cncf.helm.config.v1+json',
  chart: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip',
  /** What charts pushed by Helm before 3.8 carry. */
  legacyChart: 'application/tar+gzip',
} as const;

type OciLocation = Extract<ChartLocation, { kind: 'oci' }>;

interface Manifest {
  mediaType?: string;
  config?: { mediaType?: string };
  layers?: { mediaType?: string; digest?: string; size?: number }[];
}

/**
 * Pulls Helm charts from an OCI registry with the distribution API: tags list, manifest,
 * blob. Anonymous pulls answer the registry's Bearer challenge with a token from its realm;
 * credentials, when given, are sent to the realm (Bearer) or to the registry (Basic).
 */
export class OciRegistryClient {
  /** Bearer tokens per `host/name`, reused until the registry refuses one. */
  private readonly tokens = new Map<string, string>();

  constructor(private readonly http: Required<ChartHttpOptions>) {}

  /** The chart's versions: its tags, with `_` read back as `+` (OCI tags cannot hold `+`). */
  async versions(location: OciLocation, credentials?: RepoCredentials): Promise<string[]> {
    const tags: string[] = [];
    let next: string | undefined = `${base(location)}/tags/list`;
    for (let page = 0; next !== undefined && page < 100; page++) {
      const response = await this.get(location, next, 'application/json', credentials);
      if (!response.ok) {
        await response.body?.cancel();
        throw statusError(response, next, 'OCI repository', context(location));
      }
      const body = (await readJson(response, next, location)) as { tags?: unknown } | null;
      if (Array.isArray(body?.tags)) {
        tags.push(...body.tags.filter((t): t is string => typeof t === 'string'));
      }
      next = nextPage(response, next);
    }
    return tags.map((t) => t.replace(/_/gu, '+'));
  }

  /** The chart archive of one version, its digest checked against the manifest. */
  async pull(
    location: OciLocation,
    version: string,
    credentials?: RepoCredentials,
  ): Promise<Uint8Array> {
    const tag = version.replace(/\+/gu, '_');
    const manifestURL = `${base(location)}/manifests/${encodeURIComponent(tag)}`;
    const accept = `${HELM_OCI_MEDIA_TYPE.manifest}, application/vnd.docker.distribution.manifest.v2+json`;
    const response = await this.get(location, manifestURL, accept, credentials);
    if (!response.ok) {
      await response.body?.cancel();
      throw statusError(response, manifestURL, `version ${version} of`, context(location));
    }
    const manifest = (await readJson(response, manifestURL, location)) as Manifest | null;
    const layer = manifest?.layers?.find(
      (l) =>
        l.mediaType === HELM_OCI_MEDIA_TYPE.chart ||
        l.mediaType === HELM_OCI_MEDIA_TYPE.legacyChart,
    );
    if (layer?.digest === undefined) {
      throw repoError(
        REPO_ERROR_REASON.server,
        `${manifestURL} is not a Helm chart: no layer of type ${HELM_OCI_MEDIA_TYPE.chart}`,
        context(location),
      );
    }
    const blobURL = `${base(location)}/blobs/${layer.digest}`;
    const blob = await this.get(location, blobURL, '*/*', credentials);
    if (!blob.ok) {
      await blob.body?.cancel();
      throw statusError(blob, blobURL, 'chart layer', context(location));
    }
    const bytes = await bodyBytes(blob, blobURL, context(location));
    const [algorithm, expected] = layer.digest.split(':');
    if (algorithm === 'sha256') {
      const actual = createHash('sha256').update(bytes).digest('hex');
      if (actual !== expected) {
        throw repoError(
          REPO_ERROR_REASON.server,
          `${blobURL}: digest mismatch (got sha256:${actual})`,
          context(location),
        );
      }
    }
    return bytes;
  }

  /** A GET that answers one authentication challenge and retries. */
  private async get(
    location: OciLocation,
    url: string,
    accept: string,
    credentials: RepoCredentials | undefined,
  ): Promise<Response> {
    const key = `${location.host}/${location.name}`;
    const options = { ...this.http, context: context(location), secrets: secretsOf(credentials) };
    const headers = (auth: Record<string, string>): Record<string, string> => ({
      Accept: accept,
      ...auth,
    });
    const token = this.tokens.get(key);
    const first = await httpGet(
      url,
      headers(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
      options,
    );
    if (first.status !== 401) return first;
    const challenge = first.headers.get('www-authenticate') ?? '';
    await first.body?.cancel();
    this.tokens.delete(key);
    if (/^basic/iu.test(challenge)) {
      const basic = authHeaders(credentials);
      if (basic['Authorization'] === undefined) return first;
      return httpGet(url, headers(basic), options);
    }
    if (!/^bearer/iu.test(challenge)) return first;
    const fresh = await this.fetchToken(location, challenge, credentials);
    this.tokens.set(key, fresh);
    return httpGet(url, headers({ Authorization: `Bearer ${fresh}` }), options);
  }

  private async fetchToken(
    location: OciLocation,
    challenge: string,
    credentials: RepoCredentials | undefined,
  ): Promise<string> {
    const params = new Map(
      [...challenge.matchAll(/(\w+)="([^"]*)"/gu)].map((m) => [m[1]!.toLowerCase(), m[2]!]),
    );
    const realm = params.get('realm');
    if (realm === undefined) {
      throw repoError(
        REPO_ERROR_REASON.auth,
        `registry ${location.host} asked for a Bearer token without a realm`,
        context(location),
      );
    }
    const url = new URL(realm);
    const service = params.get('service');
    if (service !== undefined) url.searchParams.set('service', service);
    url.searchParams.set('scope', params.get('scope') ?? `repository:${location.name}:pull`);
    const response = await httpGet(url.toString(), authHeaders(credentials), {
      ...this.http,
      context: context(location),
      secrets: secretsOf(credentials),
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw statusError(response, url.origin + url.pathname, 'token service', context(location));
    }
    const body = (await readJson(response, url.toString(), location)) as {
      token?: unknown;
      access_token?: unknown;
    } | null;
    const token = body?.token ?? body?.access_token;
    if (typeof token !== 'string' || token === '') {
      throw repoError(
        REPO_ERROR_REASON.auth,
        `the token service of ${location.host} returned no token`,
        context(location),
      );
    }
    return token;
  }
}

function base(location: OciLocation): string {
  return `${location.plainHttp ? 'http' : 'https'}://${location.host}/v2/${location.name}`;
}

function context(location: OciLocation): RepoErrorContext {
  return { repoURL: `oci://${location.host}/${location.name}` };
}

async function readJson(response: Response, url: string, location: OciLocation): Promise<unknown> {
  const text = new TextDecoder().decode(await bodyBytes(response, url, context(location)));
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw repoError(
      REPO_ERROR_REASON.server,
      `${url} did not answer JSON: ${describeError(err)}`,
      context(location),
    );
  }
}

/** The next page of a paginated list, from its `Link: <…>; rel="next"` header. */
function nextPage(response: Response, current: string): string | undefined {
  const link = response.headers.get('link');
  const match = link === null ? null : /<([^>]+)>\s*;\s*rel="?next"?/iu.exec(link);
  return match === null ? undefined : new URL(match[1]!, current).toString();
}
