import type { KubeObject } from '../src/kube/object.js';
import type { Figure } from './harness.js';
import { percentile } from './support/percentiles.js';
import { startScaleEnv, timeUntil } from './support/scale-env.js';
import { BENCH_WEBHOOK_SECRET, sendGenericWebhook } from './support/webhook.js';

const deployment = (tag: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 0
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "nginx:1.${tag}"}]
`;

/**
 * webhook-latency: commits to one app, each timed from the push through Ferry's webhook until
 * the Deployment carries the new image in the control plane. Polling is set to 10 minutes,
 * so only the webhook can make it happen.
 */
export async function webhookLatencyBench(): Promise<Figure[]> {
  const commits = 50;
  process.env['FERRY_WEBHOOK_SECRET'] = BENCH_WEBHOOK_SECRET;
  const env = await startScaleEnv({ 'web/deployment.yaml': deployment(0) });
  try {
    const engine = await env.startEngine(['--poll-interval', '10m']);
    await env.createApps(['web'], () => 'web');
    const url = /Dashboard: (\S+)/.exec(engine.output())![1]!;
    const ref: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'bench' },
    };
    const image = async () =>
      (
        (await env.client.get(ref)) as
          { spec?: { template?: { spec?: { containers?: { image?: string }[] } } } } | undefined
      )?.spec?.template?.spec?.containers?.[0]?.image;
    await timeUntil(async () => (await image()) === 'nginx:1.0', 60_000, 50);
    const total: number[] = [];
    const push: number[] = [];
    for (let i = 1; i <= commits; i++) {
      const start = performance.now();
      await env.repo.commit({ write: { 'web/deployment.yaml': deployment(i) } }, `bump to ${i}`);
      await env.repo.push();
      const pushed = performance.now();
      push.push(pushed - start);
      const commit = await env.repo.revParse('HEAD');
      await sendGenericWebhook(url, {
        repository: env.repoURL,
        revision: 'main',
        commit,
        paths: ['web/deployment.yaml'],
      });
      await timeUntil(async () => (await image()) === `nginx:1.${i}`, 30_000, 5);
      total.push(performance.now() - pushed);
    }
    return [
      {
        metric: `webhook to Deployment updated, p50 over ${commits} commits`,
        value: percentile(total, 50),
        unit: 'ms',
        target: '<= 500',
        baseline: {
          name: 'git commit + push of the change (p50)',
          value: percentile(push, 50),
          ratio: percentile(total, 50) / percentile(push, 50),
        },
      },
      {
        metric: 'webhook to Deployment updated, p99',
        value: percentile(total, 99),
        unit: 'ms',
        target: '<= 2000',
      },
    ];
  } finally {
    await env.stop();
  }
}
