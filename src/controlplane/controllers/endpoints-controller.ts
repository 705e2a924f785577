import { jsonEqual, type KubeObject } from '../../kube/object.js';
import type { StoreEvent } from '../store/store-event.js';
import {
  controllerRef,
  ignoreNotFoundOrConflict,
  nsName,
  splitKey,
  Storage,
  typeOf,
  type Controller,
  type ControllerContext,
} from './controller.js';
import { isPodReady } from './pod-status.js';
import { ownerRefTo, specOf, statusOf } from './workload-pods.js';

const ENDPOINTS = '/endpoints';
const SLICES = 'discovery.k8s.io/endpointslices';
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
const MANAGED_BY = 'endpointslice-controller.k8s.io';

interface Address {
  pod: Readonly<KubeObject>;
  ip: string;
  ready: boolean;
  ports: { name?: string; port: number; protocol: string }[];
}

/**
 * Service → Endpoints (same name) and one EndpointSlice (`<service>-<suffix>`), listing the
 * IPs of the pods its selector matches: ready ones as addresses, the others as
 * notReadyAddresses / ready=false. Named target ports resolve through each pod's
 * containers. Services without a selector keep whatever endpoints users write.
 */
export class EndpointsController implements Controller {
  readonly name = 'endpoints';
  readonly watches = [Storage.services, Storage.pods];

  constructor(private readonly ctx: ControllerContext) {}

  keysFor(event: StoreEvent): string[] {
    if (event.resource === Storage.services) return [nsName(event.object)];
    const namespace = event.object.metadata.namespace ?? '';
    return this.ctx.store
      .list(Storage.services, namespace)
      .filter((svc) => selectorOf(svc) !== undefined)
      .map(nsName);
  }

  initialKeys(): string[] {
    return this.ctx.store.list(Storage.services).map(nsName);
  }

  async reconcile(key: string): Promise<void> {
    const [namespace, name] = splitKey(key);
    const svcType = typeOf(this.ctx, Storage.services);
    const epType = typeOf(this.ctx, ENDPOINTS);
    const service = this.ctx.registry.find(svcType, namespace, name);
    if (service === undefined || service.metadata.deletionTimestamp !== undefined) {
      if (this.ctx.store.get(ENDPOINTS, namespace, name) !== undefined)
        await this.ctx.registry.delete(epType, namespace, name).catch(ignoreNotFoundOrConflict);
      return;
    }
    const selector = selectorOf(service);
    if (selector === undefined) return;
    const addresses = this.ctx.store
      .list(Storage.pods, namespace)
      .filter(
        (pod) =>
          pod.metadata.deletionTimestamp === undefined &&
          Object.entries(selector).every(([k, v]) => pod.metadata.labels?.[k] === v),
      )
      .map((pod) => addressOf(service, pod))
      .filter((a): a is Address => a !== undefined)
      .sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0));
    await this.writeEndpoints(service, addresses);
    await this.writeSlice(service, addresses);
  }

  private async writeEndpoints(service: Readonly<KubeObject>, addresses: Address[]): Promise<void> {
    const namespace = service.metadata.namespace ?? '';
    const name = service.metadata.name ?? '';
    const type = typeOf(this.ctx, ENDPOINTS);
    const groups = new Map<string, Address[]>();
    for (const a of addresses) {
      const signature = JSON.stringify(a.ports);
      groups.set(signature, [...(groups.get(signature) ?? []), a]);
    }
    const subsets = [...groups.values()].map((group) => {
      const ref = (a: Address): Record<string, unknown> => ({
        ip: a.ip,
        nodeName: specOf(a.pod)['nodeName'],
        targetRef: podRef(a.pod),
      });
      const ready = group.filter((a) => a.ready).map(ref);
      const notReady = group.filter((a) => !a.ready).map(ref);
      return {
        ...(ready.length > 0 ? { addresses: ready } : {}),
        ...(notReady.length > 0 ? { notReadyAddresses: notReady } : {}),
        ports: group[0]!.ports,
      };
    });
    const existing = this.ctx.registry.find(type, namespace, name);
    const labels = {
      ...service.metadata.labels,
      'endpoints.kubernetes.io/managed-by': 'endpoint-controller',
    };
    const body: KubeObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { ...(existing?.metadata ?? {}), name, namespace, labels },
      ...(subsets.length > 0 ? { subsets } : {}),
    };
    if (existing === undefined) {
      await this.ctx.registry.create(type, namespace, body).catch(ignoreNotFoundOrConflict);
    } else if (!jsonEqual(body, existing)) {
      await this.ctx.registry.update(type, namespace, name, body).catch(ignoreNotFoundOrConflict);
    }
  }

  private async writeSlice(service: Readonly<KubeObject>, addresses: Address[]): Promise<void> {
    const namespace = service.metadata.namespace ?? '';
    const name = service.metadata.name ?? '';
    const type = typeOf(this.ctx, SLICES);
    const existing = this.ctx.store
      .list(SLICES, namespace)
      .find(
        (s) =>
          s.metadata.labels?.[SERVICE_NAME_LABEL] === name &&
          controllerRef(s)?.uid === service.metadata.uid,
      );
    const ports = addresses[0]?.ports ?? servicePorts(service);
    const body: KubeObject = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        ...(existing?.metadata ?? { generateName: `${name}-` }),
        namespace,
        labels: {
          ...service.metadata.labels,
          [SERVICE_NAME_LABEL]: name,
          [MANAGED_BY_LABEL]: MANAGED_BY,
        },
        ownerReferences: [ownerRefTo({ ...service, apiVersion: 'v1', kind: 'Service' })],
      },
      addressType: 'IPv4',
      endpoints: addresses.map((a) => ({
        addresses: [a.ip],
        conditions: { ready: a.ready, serving: a.ready, terminating: false },
        nodeName: specOf(a.pod)['nodeName'],
        targetRef: podRef(a.pod),
      })),
      ports,
    };
    if (existing === undefined) {
      await this.ctx.registry.create(type, namespace, body).catch(ignoreNotFoundOrConflict);
    } else if (!jsonEqual(body, existing)) {
      await this.ctx.registry
        .update(type, namespace, existing.metadata.name ?? '', body)
        .catch(ignoreNotFoundOrConflict);
    }
  }
}

function selectorOf(service: Readonly<KubeObject>): Record<string, string> | undefined {
  const selector = specOf(service)['selector'];
  if (typeof selector !== 'object' || selector === null) return undefined;
  return Object.keys(selector).length === 0 ? undefined : (selector as Record<string, string>);
}

function podRef(pod: Readonly<KubeObject>): Record<string, unknown> {
  return {
    kind: 'Pod',
    namespace: pod.metadata.namespace,
    name: pod.metadata.name,
    uid: pod.metadata.uid,
  };
}

function servicePorts(service: Readonly<KubeObject>): Address['ports'] {
  const ports = specOf(service)['ports'];
  return (Array.isArray(ports) ? (ports as Record<string, unknown>[]) : []).map((p) => ({
    ...(typeof p['name'] === 'string' && p['name'] !== '' ? { name: p['name'] } : {}),
    port: typeof p['targetPort'] === 'number' ? p['targetPort'] : Number(p['port'] ?? 0),
    protocol: String(p['protocol'] ?? 'TCP'),
  }));
}

/** The pod's endpoint for a service, once it has an IP and every port resolves. */
function addressOf(service: Readonly<KubeObject>, pod: Readonly<KubeObject>): Address | undefined {
  const ip = statusOf(pod)['podIP'];
  if (typeof ip !== 'string' || ip === '') return undefined;
  const ports = specOf(service)['ports'];
  const containers = specOf(pod)['containers'];
  const containerPorts = (
    Array.isArray(containers) ? (containers as Record<string, unknown>[]) : []
  ).flatMap((c) => (Array.isArray(c['ports']) ? (c['ports'] as Record<string, unknown>[]) : []));
  const resolved: Address['ports'] = [];
  for (const p of Array.isArray(ports) ? (ports as Record<string, unknown>[]) : []) {
    const target = p['targetPort'] ?? p['port'];
    const port =
      typeof target === 'number'
        ? target
        : containerPorts.find((cp) => cp['name'] === target)?.['containerPort'];
    if (typeof port !== 'number') return undefined;
    resolved.push({
      ...(typeof p['name'] === 'string' && p['name'] !== '' ? { name: p['name'] } : {}),
      port,
      protocol: String(p['protocol'] ?? 'TCP'),
    });
  }
  return { pod, ip, ready: isPodReady(pod), ports: resolved };
}
