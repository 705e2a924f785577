import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, waitFor, type TestCluster } from './support/harness.js';

const APP = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: main
        image: nginx:1.25
        ports: [{name: http, containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
`;

describe('Endpoints, EndpointSlices and volume binding', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster({ timeFactor: 0.02 });
  });
  afterAll(async () => {
    await cluster.dispose();
  });

  async function ok(args: string[], input?: string): Promise<string> {
    const result = await cluster.kubectl(args, input);
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    return result.stdout;
  }

  async function podIps(): Promise<string[]> {
    const out = await ok([
      'get',
      'pods',
      '-l',
      'app=web',
      '-o',
      'jsonpath={.items[*].status.podIP}',
    ]);
    return out.split(' ').filter(Boolean).sort();
  }

  it('keeps Endpoints and an EndpointSlice in sync with the ready pods of a service', async () => {
    await ok(['apply', '-f', '-'], APP);
    await ok(['rollout', 'status', 'deployment/web', '--timeout=20s']);
    const ips = await podIps();
    expect(ips).toHaveLength(2);
    await waitFor('endpoints for both pods', async () => {
      const out = await ok([
        'get',
        'endpoints',
        'web',
        '-o',
        'jsonpath={.subsets[*].addresses[*].ip}',
      ]);
      return out.split(' ').filter(Boolean).sort().join() === ips.join();
    });
    const endpoints = JSON.parse(await ok(['get', 'endpoints', 'web', '-o', 'json'])) as {
      subsets: { addresses: { targetRef: { kind: string } }[]; ports: unknown[] }[];
    };
    expect(endpoints.subsets[0]?.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(endpoints.subsets[0]?.addresses[0]?.targetRef.kind).toBe('Pod');
    const table = await ok(['get', 'endpoints', 'web']);
    expect(table).toMatch(/web\s+10\.244\.\d+\.\d+:8080,10\.244\.\d+\.\d+:8080\s+/);

    const slices = JSON.parse(
      await ok(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=web', '-o', 'json']),
    ) as {
      items: {
        metadata: { name: string; ownerReferences: { kind: string }[] };
        endpoints: { addresses: string[]; conditions: { ready: boolean } }[];
        ports: unknown[];
      }[];
    };
    expect(slices.items).toHaveLength(1);
    const slice = slices.items[0]!;
    expect(slice.metadata.name).toMatch(/^web-\w{5}$/);
    expect(slice.metadata.ownerReferences[0]?.kind).toBe('Service');
    expect(slice.endpoints.flatMap((e) => e.addresses).sort()).toEqual(ips);
    expect(slice.endpoints.every((e) => e.conditions.ready)).toBe(true);
    expect(slice.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);

    await ok(['scale', 'deployment/web', '--replicas=1']);
    await waitFor('one endpoint left', async () => {
      const out = await ok([
        'get',
        'endpoints',
        'web',
        '-o',
        'jsonpath={.subsets[*].addresses[*].ip}',
      ]);
      return out.split(' ').filter(Boolean).length === 1;
    });
    await ok(['delete', 'service', 'web']);
    await waitFor('endpoints and slice gone', async () => {
      const ep = await cluster.kubectl(['get', 'endpoints', 'web']);
      const es = await ok([
        'get',
        'endpointslices',
        '-l',
        'kubernetes.io/service-name=web',
        '-o',
        'name',
      ]);
      return ep.code !== 0 && es.trim() === '';
    });
  });

  it('binds claims through the default StorageClass and deletes their volumes with them', async () => {
    const classes = await ok(['get', 'storageclass']);
    expect(classes).toMatch(/standard \(default\)\s+ferry\.dev\/hostpath\s+Delete\s+Immediate/);
    await ok(
      ['apply', '-f', '-'],
      `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 2Gi}}
`,
    );
    const bound = await waitFor('claim bound', async () => {
      const claim = JSON.parse(await ok(['get', 'pvc', 'data', '-o', 'json'])) as {
        metadata: { uid: string };
        spec: { storageClassName: string; volumeName?: string };
        status: { phase: string; capacity?: { storage: string } };
      };
      return claim.status.phase === 'Bound' && claim;
    });
    expect(bound.spec.storageClassName).toBe('standard');
    expect(bound.spec.volumeName).toBe(`pvc-${bound.metadata.uid}`);
    expect(bound.status.capacity).toEqual({ storage: '2Gi' });
    const pvs = await ok(['get', 'pv']);
    expect(pvs).toMatch(
      new RegExp(
        `pvc-${bound.metadata.uid}\\s+2Gi\\s+RWO\\s+Delete\\s+Bound\\s+default/data\\s+standard`,
      ),
    );
    expect(await ok(['get', 'pvc', 'data'])).toMatch(
      /data\s+Bound\s+pvc-\S+\s+2Gi\s+RWO\s+standard/,
    );

    await ok(['delete', 'pvc', 'data']);
    await waitFor(
      'volume deleted',
      async () => (await ok(['get', 'pv', '-o', 'name'])).trim() === '',
    );
  });
});
