import jsonPatch from 'fast-json-patch';
import { compare } from '../src/diff/compare.js';
import type { KubeObject } from '../src/kube/object.js';
import { throughput, type Figure } from './harness.js';

function deployment(i: number): { desired: KubeObject; live: KubeObject } {
  const desired: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `web-${i}`, namespace: 'bench', labels: { app: `web-${i}` } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: `web-${i}` } },
      template: {
        metadata: { labels: { app: `web-${i}` } },
        spec: {
          containers: [
            {
              name: 'web',
              image: `nginx:1.${i % 30}`,
              ports: [{ containerPort: 80 }],
              env: [{ name: 'MODE', value: 'prod' }],
              resources: { requests: { cpu: '100m', memory: '128Mi' } },
            },
          ],
        },
      },
    },
  };
  const live = structuredClone(desired);
  Object.assign(live.metadata, {
    uid: `uid-${i}`,
    resourceVersion: String(i),
    generation: 1,
    creationTimestamp: '2026-01-01T00:00:00Z',
  });
  live['status'] = { replicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 };
  return { desired, live };
}

/** Normalized compare of realistic Deployments, against fast-json-patch's raw compare of the same pairs. */
export async function diffBench(): Promise<Figure[]> {
  const pairs = Array.from({ length: 10_000 }, (_, i) => deployment(i));
  const ours = throughput(
    () => {
      for (const p of pairs) compare(p.desired, p.live);
    },
    pairs.length,
    2000,
  );
  const raw = throughput(
    () => {
      for (const p of pairs) jsonPatch.compare(p.live, p.desired);
    },
    pairs.length,
    2000,
  );
  return [
    {
      metric: 'normalized compare throughput (10k Deployments, one core)',
      value: ours,
      unit: 'resources/s',
      target: '>= 20000',
      baseline: {
        name: 'fast-json-patch compare without normalization',
        value: raw,
        ratio: ours / raw,
      },
    },
  ];
}
