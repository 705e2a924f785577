import type { BenchArgs, Figure } from './harness.js';
import { allSynced, appNames, kubectlApplyMs } from './mass-sync.bench.js';
import { startScaleEnv, timeUntil } from './support/scale-env.js';

const objects = (i: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web-${i}}
spec:
  replicas: 0
  selector: {matchLabels: {app: web-${i}}}
  template:
    metadata: {labels: {app: web-${i}}}
    spec:
      serviceAccountName: web-${i}
      containers: [{name: web, image: "nginx:1.27", ports: [{containerPort: 80}]}]
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: web-${i}}
---
apiVersion: v1
kind: Service
metadata: {name: web-${i}}
spec:
  selector: {app: web-${i}}
  ports: [{port: 80, targetPort: 80}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web-${i}}
spec:
  rules:
    - host: web-${i}.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: web-${i}, port: {number: 80}}}
`;

/**
 * flux-like: Flux's published scale test — N apps of a Deployment (0 replicas), a
 * ServiceAccount, a Service and an Ingress — from a cold start until all are Synced and
 * Healthy, with the engine's and the control plane's memory measured apart.
 */
export async function fluxLikeBench(args: BenchArgs): Promise<Figure[]> {
  const apps = args.apps ?? 1000;
  const files: Record<string, string> = {};
  for (let i = 0; i < apps; i++) files[`apps/app-${i}/all.yaml`] = objects(i);
  const env = await startScaleEnv(files);
  try {
    const start = performance.now();
    await env.startEngine(['--poll-interval', '10m']);
    await env.createApps(appNames(apps), (name) => `apps/${name}`);
    await timeUntil(() => allSynced(env, apps), 30 * 60_000, 250);
    const ms = performance.now() - start;
    const baseline = await kubectlApplyMs(env, Object.values(files));
    return [
      {
        metric: `time to sync ${apps} apps x 4 objects from a cold start`,
        value: ms / 1000,
        unit: 's',
        target: `<= ${(30 * apps) / 1000}`,
        baseline: {
          name: `kubectl apply -f of the same ${apps * 4} objects`,
          value: baseline / 1000,
          ratio: ms / baseline,
        },
      },
      {
        metric: 'engine peak RSS',
        value: await env.engine!.peakRssMiB(),
        unit: 'MiB',
        target: '<= 250',
      },
      { metric: 'control plane peak RSS', value: await env.controlPlane.peakRssMiB(), unit: 'MiB' },
    ];
  } finally {
    await env.stop();
  }
}
