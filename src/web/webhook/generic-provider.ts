import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { header, type DeliveryInput, type ParsedDelivery } from './providers.js';
import { hmacMatches } from './signatures.js';

export const GENERIC_SIGNATURE = 'x-ferry-signature';
export const GENERIC_TIMESTAMP = 'x-ferry-timestamp';

/**
 * Ferry's own payload, for CI systems and hosts Ferry has no parser for:
 *
 *   POST /api/webhook
 *   X-Ferry-Timestamp: <unix seconds>
 *   X-Ferry-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">
 *   {"repository": "<url>", "revision": "<branch or tag>", "paths": ["dir/file.yaml"]}
 *
 * The timestamp is signed with the body, so a captured delivery cannot be replayed later
 * with a fresh timestamp; within the tolerance, each signature is accepted once.
 */
const payloadSchema = z.object({
  repository: z.string().min(1),
  revision: z.string().min(1).optional(),
  paths: z.array(z.string()).optional(),
});

export function isGeneric(headers: IncomingHttpHeaders): boolean {
  return header(headers, GENERIC_SIGNATURE) !== undefined;
}

export type GenericCheck = 'ok' | 'unsigned' | 'bad-signature' | 'expired';

export function verifyGeneric(
  { raw, headers }: DeliveryInput,
  secret: string,
  nowMs: number,
  toleranceMs: number,
): GenericCheck {
  const signature = header(headers, GENERIC_SIGNATURE);
  const timestamp = header(headers, GENERIC_TIMESTAMP);
  if (signature === undefined || timestamp === undefined || !/^\d{1,13}$/.test(timestamp)) {
    return 'unsigned';
  }
  const signed = Buffer.concat([Buffer.from(`${timestamp}.`), raw]);
  if (!hmacMatches(secret, signed, signature)) return 'bad-signature';
  if (Math.abs(nowMs - Number(timestamp) * 1000) > toleranceMs) return 'expired';
  return 'ok';
}

export function parseGeneric(body: unknown): ParsedDelivery | { kind: 'invalid'; message: string } {
  const parsed = payloadSchema.safeParse(body);
  if (!parsed.success) {
    return { kind: 'invalid', message: 'expected {"repository": "<url>", "revision"?, "paths"?}' };
  }
  const { repository, revision, paths } = parsed.data;
  return {
    kind: 'push',
    event: {
      repoURLs: [repository],
      ...(revision === undefined ? {} : { revision }),
      ...(paths === undefined ? {} : { changedFiles: paths }),
    },
  };
}
