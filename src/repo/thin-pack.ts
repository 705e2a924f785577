import type { GitHttpRequest, GitHttpResponse, HttpClient } from 'isomorphic-git';

const THIN_PACK = 'thin-pack';
const ADVERTISEMENT = '/info/refs';
const UPLOAD_PACK = '/git-upload-pack';

/**
 * An HTTP client whose fetches ask for thin packs where the server offers them: deltas against
 * objects the client said it has may leave those objects out. isomorphic-git reads such packs
 * (it resolves the bases from the clone) but does not ask for them. Without it, a depth-1 fetch
 * of a new commit carries its whole tree: the server cuts the history at the new commit, never
 * walks to the commit offered as a base, and only a thin pack's edge marking leaves that
 * commit's files out.
 */
export function withThinPack(http: HttpClient): HttpClient {
  /** Per repository URL: whether its last ref advertisement offered thin packs. */
  const offered = new Map<string, boolean>();
  return {
    request: async (req) => {
      const url = new URL(req.url);
      if (req.method !== 'POST' && url.pathname.endsWith(ADVERTISEMENT)) {
        const res = await http.request(req);
        if (res.statusCode !== 200 || res.body === undefined) return res;
        const body = await collect(res.body);
        offered.set(repositoryOf(url, ADVERTISEMENT), capabilitiesOf(body).includes(THIN_PACK));
        return { ...res, body: once(body) } satisfies GitHttpResponse;
      }
      const wantsThin =
        req.method === 'POST' &&
        url.pathname.endsWith(UPLOAD_PACK) &&
        offered.get(repositoryOf(url, UPLOAD_PACK)) === true;
      if (!wantsThin || req.body === undefined) return http.request(req);
      const body = askForThinPack(await collect(req.body));
      return http.request({ ...req, body: once(body) } satisfies GitHttpRequest);
    },
  };
}

/**
 * An upload-pack request with `thin-pack` added to the capabilities of its first line
 * (`want <oid> <capabilities>`); any other body is returned as it is.
 */
export function askForThinPack(body: Buffer): Buffer {
  const length = Number.parseInt(body.subarray(0, 4).toString('latin1'), 16);
  if (!Number.isInteger(length) || length <= 4 || length > body.length) return body;
  const line = body.subarray(4, length).toString('latin1');
  if (!line.startsWith('want ') || !line.endsWith('\n')) return body;
  const words = line.slice(0, -1).split(' ');
  // Capabilities follow the oid; a first line without them asks for none, so it stays so.
  if (words.length < 3 || words.includes(THIN_PACK)) return body;
  const updated = Buffer.from(`${words.join(' ')} ${THIN_PACK}\n`, 'latin1');
  const prefix = Buffer.from((updated.length + 4).toString(16).padStart(4, '0'), 'latin1');
  return Buffer.concat([prefix, updated, body.subarray(length)]);
}

/** The capabilities a smart-HTTP ref advertisement lists after the first ref's NUL. */
export function capabilitiesOf(advertisement: Buffer): string[] {
  const text = advertisement.toString('latin1');
  const nul = text.indexOf('\0');
  if (nul < 0) return [];
  const end = text.indexOf('\n', nul);
  return text
    .slice(nul + 1, end < 0 ? undefined : end)
    .split(' ')
    .filter((word) => word !== '');
}

/** The repository URL a smart-HTTP request is for, without the service path and query. */
function repositoryOf(url: URL, service: string): string {
  return `${url.origin}${url.pathname.slice(0, -service.length)}`;
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const all: Uint8Array[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return Buffer.concat(all);
}

async function* once(chunk: Uint8Array): AsyncIterableIterator<Uint8Array> {
  yield chunk;
}
