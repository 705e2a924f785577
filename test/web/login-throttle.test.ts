import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginThrottle } from '../../src/web/auth/login-throttle.js';
import { READONLY_TOKEN, startWebEnv, type WebEnv } from './support/web-env.js';

interface Answer {
  status: number;
  retryAfter: string | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/**
 * One HTTP request from a given local address: every 127.x.y.z reaches a server on
 * 127.0.0.1, so two addresses stand for two clients on one machine.
 */
function call(
  url: string,
  from: string,
  route: string,
  init: { method?: string; token?: string; body?: unknown } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = init.body === undefined ? undefined : JSON.stringify(init.body);
    const req = request(
      new URL(route, url),
      {
        method: init.method ?? 'GET',
        localAddress: from,
        headers: {
          ...(init.token === undefined ? {} : { authorization: `Bearer ${init.token}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers['retry-after'],
            body: JSON.parse(text || '{}'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('failed sign-ins are throttled per client', () => {
  let env: WebEnv;

  beforeAll(async () => {
    env = await startWebEnv({ 'web/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\n' });
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('answers 429 with Retry-After after ten wrong bearer tokens, for that client only', async () => {
    const attacker = '127.0.0.2';
    const other = '127.0.0.3';
    for (let i = 0; i < 10; i++) {
      const res = await call(env.url, attacker, 'api/v1/applications', {
        token: `ferry_guess${i}`,
      });
      expect(res.status).toBe(401);
    }
    const refused = await call(env.url, attacker, 'api/v1/applications', {
      token: 'ferry_guess10',
    });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    // Even a good token waits: the limit is on the client, not on the guesses.
    const good = await call(env.url, attacker, 'api/v1/applications', { token: env.adminToken });
    expect(good.status).toBe(429);
    // Another client is not locked out, and its own failures still count from zero.
    expect(
      (await call(env.url, other, 'api/v1/applications', { token: READONLY_TOKEN })).status,
    ).toBe(200);
    expect((await call(env.url, other, 'api/v1/applications', { token: 'ferry_x' })).status).toBe(
      401,
    );
    expect(
      (await call(env.url, other, 'api/v1/applications', { token: env.adminToken })).status,
    ).toBe(200);
  });

  it('throttles dashboard sign-ins the same way', async () => {
    const attacker = '127.0.0.4';
    const login = (from: string, token: string) =>
      call(env.url, from, 'api/v1/session', { method: 'POST', body: { token } });
    for (let i = 0; i < 10; i++) expect((await login(attacker, `wrong-${i}`)).status).toBe(401);
    const refused = await login(attacker, env.adminToken);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(refused.body.error.message).toContain('try again');
    // The bearer path shares the count: the same client is refused there too.
    expect(
      (await call(env.url, attacker, 'api/v1/applications', { token: env.adminToken })).status,
    ).toBe(429);
    const friend = await login('127.0.0.5', env.adminToken);
    expect(friend.status).toBe(200);
    expect(friend.body.role).toBe('admin');
  });
});

describe('LoginThrottle', () => {
  it('lets a client try again once its oldest failure leaves the window', () => {
    let now = 0;
    const throttle = new LoginThrottle({ maxFailures: 3, windowMs: 60_000, now: () => now });
    for (const t of [0, 10_000, 20_000]) {
      now = t;
      expect(throttle.retryAfter('a')).toBe(0);
      throttle.fail('a');
    }
    expect(throttle.retryAfter('a')).toBe(40);
    expect(throttle.retryAfter('b')).toBe(0);
    now = 59_999;
    expect(throttle.retryAfter('a')).toBe(1);
    now = 60_000;
    expect(throttle.retryAfter('a')).toBe(0);
    throttle.fail('a');
    expect(throttle.retryAfter('a')).toBe(10);
  });

  it('forgets the oldest clients beyond its capacity', () => {
    const throttle = new LoginThrottle({ maxFailures: 1, maxClients: 2, now: () => 0 });
    throttle.fail('a');
    throttle.fail('b');
    throttle.fail('c');
    expect(throttle.retryAfter('a')).toBe(0);
    expect(throttle.retryAfter('c')).toBeGreaterThan(0);
  });
});
