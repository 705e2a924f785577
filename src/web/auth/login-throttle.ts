import { isIPv6 } from 'node:net';
import type { Request, Response } from 'express';
import { sendError } from '../api-errors.js';

export interface LoginThrottleOptions {
  /** Failed sign-ins a client may make within `windowMs` before it has to wait. @defaultValue 10 */
  maxFailures?: number;
  /** @defaultValue 10 minutes */
  windowMs?: number;
  /** Clients remembered at once; the oldest are forgotten first. @defaultValue 10_000 */
  maxClients?: number;
  /** @defaultValue Date.now */
  now?: () => number;
}

/**
 * Slows down token guessing: a client (an IP address, or an IPv6 /64) that failed to sign in
 * `maxFailures` times within `windowMs` is refused until its oldest failure is that old.
 * Only failures count, so a dashboard or CLI that holds a good token is never slowed down,
 * and one client's failures never lock out another. Kept in memory: a small, explicit
 * sliding log, because general rate limiters count every request, including the long-lived
 * event streams, before their outcome is known.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly maxClients: number;
  private readonly now: () => number;

  constructor(options: LoginThrottleOptions = {}) {
    this.maxFailures = options.maxFailures ?? 10;
    this.windowMs = options.windowMs ?? 10 * 60 * 1000;
    this.maxClients = options.maxClients ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Whole seconds `client` has to wait before its next attempt; 0 when it may go ahead. */
  retryAfter(client: string): number {
    const recent = this.recent(client);
    if (recent.length < this.maxFailures) return 0;
    const oldest = recent[recent.length - this.maxFailures]!;
    return Math.max(1, Math.ceil((oldest + this.windowMs - this.now()) / 1000));
  }

  fail(client: string): void {
    const recent = this.recent(client);
    recent.push(this.now());
    if (recent.length > this.maxFailures) recent.splice(0, recent.length - this.maxFailures);
    this.failures.delete(client);
    this.failures.set(client, recent);
    if (this.failures.size > this.maxClients) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }

  private recent(client: string): number[] {
    const since = this.now() - this.windowMs;
    const recent = (this.failures.get(client) ?? []).filter((t) => t > since);
    if (recent.length === 0) this.failures.delete(client);
    return recent;
  }
}

/** Who a request comes from, for throttling: its peer address, an IPv6 one by its /64. */
export function clientOf(req: Request): string {
  const address = (req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:(?=\d+\.)/, '');
  if (!isIPv6(address)) return address;
  const groups = expandIPv6(address);
  return `${groups.slice(0, 4).join(':')}::/64`;
}

function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right];
}

/** Answers 429 with Retry-After when `client` must wait; true when it did. */
export function refuseIfThrottled(throttle: LoginThrottle, client: string, res: Response): boolean {
  const wait = throttle.retryAfter(client);
  if (wait === 0) return false;
  res.set('Retry-After', String(wait));
  sendError(
    res,
    429,
    'TOO_MANY_ATTEMPTS',
    `too many failed sign-ins from this address; try again in ${wait} s`,
  );
  return true;
}
