import { ALLOCATED, fill, fillAll, listAt, pairItems, within, type JsonMap } from './fill.js';

/** Kubernetes' pull policy default: Always for `:latest` or an untagged image, else IfNotPresent. */
export function defaultPullPolicy(image: unknown): string | undefined {
  if (typeof image !== 'string') return undefined;
  if (image.includes('@')) return 'IfNotPresent';
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastPart.lastIndexOf(':');
  if (colon < 0) return 'Always';
  return lastPart.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

const PROBE_DEFAULTS = {
  timeoutSeconds: 1,
  periodSeconds: 10,
  successThreshold: 1,
  failureThreshold: 3,
};

function probeDefaults(probe: JsonMap, live: JsonMap | undefined): void {
  fillAll(probe, live, PROBE_DEFAULTS);
  within(probe, live, 'httpGet', (get, liveGet) => fill(get, liveGet, 'scheme', 'HTTP'));
}

function containerDefaults(container: JsonMap, live: JsonMap | undefined): void {
  fillAll(container, live, {
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    resources: {},
  });
  const pullPolicy = defaultPullPolicy(container['image']);
  if (pullPolicy !== undefined) fill(container, live, 'imagePullPolicy', pullPolicy);
  for (const [port, livePort] of pairItems(listAt(container, 'ports'), listAt(live, 'ports'), [
    'name',
    'containerPort',
  ])) {
    fill(port, livePort, 'protocol', 'TCP');
  }
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    within(container, live, probe, probeDefaults);
  }
  for (const [env, liveEnv] of pairItems(listAt(container, 'env'), listAt(live, 'env'), ['name'])) {
    within(env, liveEnv, 'valueFrom', (from, liveFrom) =>
      within(from, liveFrom, 'fieldRef', (ref, liveRef) => fill(ref, liveRef, 'apiVersion', 'v1')),
    );
  }
}

const MODE_SOURCES = ['configMap', 'secret', 'projected', 'downwardAPI'] as const;

function volumeDefaults(volume: JsonMap, live: JsonMap | undefined): void {
  for (const source of MODE_SOURCES) {
    within(volume, live, source, (src, liveSrc) => fill(src, liveSrc, 'defaultMode', 420));
  }
  within(volume, live, 'hostPath', (hp, liveHp) => fill(hp, liveHp, 'type', ''));
}

/** Defaults the API server gives a pod spec, its containers, ports, probes and volumes. */
export function podSpecDefaults(spec: JsonMap, live: JsonMap | undefined): void {
  fillAll(spec, live, {
    restartPolicy: 'Always',
    dnsPolicy: 'ClusterFirst',
    schedulerName: 'default-scheduler',
    securityContext: {},
    terminationGracePeriodSeconds: 30,
  });
  for (const list of ['containers', 'initContainers', 'ephemeralContainers']) {
    for (const [c, liveC] of pairItems(listAt(spec, list), listAt(live, list), ['name'])) {
      containerDefaults(c, liveC);
    }
  }
  for (const [v, liveV] of pairItems(listAt(spec, 'volumes'), listAt(live, 'volumes'), ['name'])) {
    volumeDefaults(v, liveV);
  }
}

/** Fields a bare Pod gets from admission and the scheduler. */
export function podDefaults(spec: JsonMap, live: JsonMap | undefined): void {
  podSpecDefaults(spec, live);
  fillAll(spec, live, {
    serviceAccountName: 'default',
    serviceAccount: 'default',
    enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority',
    priority: 0,
    nodeName: ALLOCATED,
    tolerations: ALLOCATED,
  });
}

/** Pod template defaults: `spec.template.spec` of a workload. */
export function templateDefaults(spec: JsonMap, live: JsonMap | undefined): void {
  within(spec, live, 'template', (template, liveTemplate) =>
    within(template, liveTemplate, 'spec', podSpecDefaults),
  );
}
