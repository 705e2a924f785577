import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest, StatusReason } from '../api-error.js';
import { decodeProtobufBody, PROTOBUF_MEDIA_TYPE } from './protobuf/protobuf-body.js';

const MAX_BODY_BYTES = 3 * 1024 * 1024;

/**
 * The request body, parsed as JSON (or YAML for the YAML media types, or decoded from
 * Kubernetes protobuf, which kubectl's typed generators send).
 */
export async function readBody(req: IncomingMessage): Promise<unknown> {
  const bytes = await readBytes(req);
  const contentType = mediaType(req.headers['content-type']);
  if (contentType === PROTOBUF_MEDIA_TYPE && bytes.length > 0) return decodeProtobufBody(bytes);
  const text = bytes.toString('utf8');
  if (text.trim() === '') return undefined;
  if (contentType.includes('protobuf') || contentType.includes('cbor'))
    throw unsupportedBodyType(contentType);
  try {
    // kubectl sends apply patches as JSON under the YAML media type; JSON is the fast path.
    if (!contentType.endsWith('yaml') || text.trimStart().startsWith('{'))
      return JSON.parse(text) as unknown;
    return parseYaml(text) as unknown;
  } catch (err) {
    throw badRequest(
      `error decoding request body: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/** The raw body, refused once it passes MAX_BODY_BYTES (listeners are cheaper than `for await`). */
function readBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else {
        req.off('data', onData);
        req.resume();
        reject(badRequest('the request body is too large'));
      }
    };
    req.on('data', onData);
    let ended = false;
    req.once('end', () => {
      ended = true;
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    });
    req.once('error', reject);
    // A client that goes away before the end: nothing was received to act on.
    req.once('close', () => {
      if (!ended) reject(badRequest('the request body was cut short'));
    });
  });
}

/** `application/json; charset=utf-8` → `application/json`. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** What a server without protobuf says to a protobuf body; clients retry with JSON. */
function unsupportedBodyType(contentType: string): ApiError {
  return new ApiError({
    reason: StatusReason.UnsupportedMediaType,
    message: `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`,
    details: { causes: [{ reason: 'UnexpectedServerResponse', message: contentType }] },
    code: 415,
  });
}
