import { isPlainObject } from '../../kube/object.js';

/**
 * The defaults the API server writes into every pod spec, in pods and in the pod templates
 * of workloads alike, so that what is read back matches a real cluster.
 */
export function defaultPodSpec(spec: unknown): void {
  if (!isPlainObject(spec)) return;
  fill(spec, {
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    securityContext: {},
    schedulerName: 'default-scheduler',
  });
  for (const field of ['containers', 'initContainers']) {
    const containers = spec[field];
    if (!Array.isArray(containers)) continue;
    for (const container of containers) if (isPlainObject(container)) defaultContainer(container);
  }
}

function defaultContainer(container: Record<string, unknown>): void {
  const image = typeof container['image'] === 'string' ? container['image'] : '';
  const tag = image.includes('@') ? 'digest' : (/:([^/:]+)$/.exec(image)?.[1] ?? 'latest');
  fill(container, {
    imagePullPolicy: tag === 'latest' ? 'Always' : 'IfNotPresent',
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    resources: {},
  });
  const ports = container['ports'];
  if (Array.isArray(ports))
    for (const port of ports) if (isPlainObject(port)) fill(port, { protocol: 'TCP' });
}

/** Defaults `spec.template.spec` (and a CronJob's job template) of a workload. */
export function defaultWorkloadTemplate(spec: unknown): void {
  if (!isPlainObject(spec)) return;
  const template = spec['template'];
  if (isPlainObject(template)) defaultPodSpec(template['spec']);
  const jobTemplate = spec['jobTemplate'];
  if (isPlainObject(jobTemplate)) defaultWorkloadTemplate(jobTemplate['spec']);
}

function fill(target: Record<string, unknown>, values: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(values))
    if (target[key] === undefined) target[key] = value;
}
