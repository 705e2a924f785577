import { createHmac } from 'node:crypto';

/** The webhook secret the benchmarks give Ferry (through FERRY_WEBHOOK_SECRET). */
export const BENCH_WEBHOOK_SECRET = 'bench-webhook-secret';

/** Sends Ferry's generic, signed webhook payload, as a CI job would; fails unless accepted. */
export async function sendGenericWebhook(
  ferryUrl: string,
  payload: Record<string, unknown>,
): Promise<void> {
  const body = JSON.stringify(payload);
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = createHmac('sha256', BENCH_WEBHOOK_SECRET).update(`${ts}.${body}`).digest('hex');
  const res = await fetch(new URL('api/webhook', ferryUrl), {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Ferry-Timestamp': ts,
      'X-Ferry-Signature': `sha256=${sig}`,
    },
    body,
  });
  if (res.status !== 202) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
}
