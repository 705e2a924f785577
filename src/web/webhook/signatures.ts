import { createHmac, timingSafeEqual } from 'node:crypto';

/** Hex HMAC-SHA256 of `payload` under `secret`. */
export function hmacHex(secret: string, payload: Buffer | string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

/** True when `given` (hex, optionally `sha256=`-prefixed) is the HMAC of `payload`. */
export function hmacMatches(
  secret: string,
  payload: Buffer | string,
  given: string | undefined,
): boolean {
  if (given === undefined) return false;
  const hex = given.trim().replace(/^sha256=/i, '');
  if (!/^[0-9a-f]{64}$/i.test(hex)) return false;
  const expected = Buffer.from(hmacHex(secret, payload), 'hex');
  return timingSafeEqual(expected, Buffer.from(hex.toLowerCase(), 'hex'));
}

/** Constant-time comparison of a shared token (GitLab's X-Gitlab-Token). */
export function tokenMatches(secret: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = createHmac('sha256', 'ferry').update(secret).digest();
  const b = createHmac('sha256', 'ferry').update(given).digest();
  return timingSafeEqual(a, b);
}
