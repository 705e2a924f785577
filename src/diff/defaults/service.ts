import { ALLOCATED, fill, fillAll, listAt, pairItems, type JsonMap } from './fill.js';

/** Service defaults, and the addresses and ports the API server allocates. */
export function serviceDefaults(spec: JsonMap, live: JsonMap | undefined): void {
  fillAll(spec, live, {
    type: 'ClusterIP',
    sessionAffinity: 'None',
    internalTrafficPolicy: 'Cluster',
    clusterIP: ALLOCATED,
    clusterIPs: ALLOCATED,
    ipFamilies: ALLOCATED,
    ipFamilyPolicy: ALLOCATED,
    healthCheckNodePort: ALLOCATED,
  });
  const type = spec['type'] ?? 'ClusterIP';
  const external = type === 'NodePort' || type === 'LoadBalancer';
  if (external) fill(spec, live, 'externalTrafficPolicy', 'Cluster');
  if (type === 'LoadBalancer') fill(spec, live, 'allocateLoadBalancerNodePorts', true);
  for (const [port, livePort] of pairItems(listAt(spec, 'ports'), listAt(live, 'ports'), [
    'name',
    'port',
  ])) {
    fill(port, livePort, 'protocol', 'TCP');
    if (port['port'] !== undefined) fill(port, livePort, 'targetPort', port['port']);
    if (external) fill(port, livePort, 'nodePort', ALLOCATED);
  }
}

export function persistentVolumeClaimDefaults(spec: JsonMap, live: JsonMap | undefined): void {
  fillAll(spec, live, {
    volumeMode: 'Filesystem',
    storageClassName: ALLOCATED,
    volumeName: ALLOCATED,
  });
}
