import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, waitFor, type TestCluster } from './support/harness.js';

const STATEFULSET = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 3
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - name: main
        image: postgres:16
        readinessProbe: {exec: {command: ["true"]}, initialDelaySeconds: 20}
  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`;

const DAEMONSET = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: main, image: agent:1}]
`;

describe('StatefulSet and DaemonSet controllers', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster({ timeFactor: 0.02, nodeCount: 3 });
  });
  afterAll(async () => {
    await cluster.dispose();
  });

  async function ok(args: string[], input?: string): Promise<string> {
    const result = await cluster.kubectl(args, input);
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    return result.stdout;
  }

  async function podImages(label: string): Promise<Record<string, string>> {
    const out = await ok([
      'get',
      'pods',
      '-l',
      label,
      '-o',
      'jsonpath={range .items[*]}{.metadata.name}={.spec.containers[0].image} {end}',
    ]);
    return Object.fromEntries(
      out
        .trim()
        .split(' ')
        .filter(Boolean)
        .map((e) => e.split('=') as [string, string]),
    );
  }

  it('creates StatefulSet pods in ordinal order, each after the previous is ready', async () => {
    await ok(['apply', '-f', '-'], STATEFULSET);
    await waitFor('db-0', async () => (await cluster.kubectl(['get', 'pod', 'db-0'])).code === 0);
    for (const [pod, next] of [
      ['db-0', 'db-1'],
      ['db-1', 'db-2'],
    ] as const) {
      await waitFor(`${pod} ready or ${next} created`, async () => {
        const ready = await ok([
          'get',
          'pod',
          pod,
          '-o',
          'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
        ]);
        const nextExists = (await cluster.kubectl(['get', 'pod', next])).code === 0;
        // The next ordinal never exists before this one is Ready.
        if (nextExists) expect(ready).toBe('True');
        return nextExists;
      });
    }
    const status = await ok(['rollout', 'status', 'statefulset/db', '--timeout=20s']);
    expect(status).toContain('partitioned roll out complete: 3 new pods have been updated...');
    const pvcs = await ok(['get', 'pvc', '-o', 'name']);
    expect(pvcs.trim().split('\n').sort()).toEqual([
      'persistentvolumeclaim/data-db-0',
      'persistentvolumeclaim/data-db-1',
      'persistentvolumeclaim/data-db-2',
    ]);
    const pod = JSON.parse(await ok(['get', 'pod', 'db-1', '-o', 'json'])) as {
      metadata: { labels: Record<string, string> };
      spec: { hostname: string; subdomain: string; volumes: unknown[] };
    };
    expect(pod.metadata.labels).toMatchObject({
      'statefulset.kubernetes.io/pod-name': 'db-1',
      'apps.kubernetes.io/pod-index': '1',
      'controller-revision-hash': expect.stringMatching(/^db-\w+$/),
    });
    expect(pod.spec).toMatchObject({ hostname: 'db-1', subdomain: 'db' });
    expect(pod.spec.volumes).toContainEqual({
      name: 'data',
      persistentVolumeClaim: { claimName: 'data-db-1' },
    });
  });

  it('rolls a StatefulSet from the highest ordinal down to its partition', async () => {
    await ok([
      'patch',
      'sts',
      'db',
      '-p',
      '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":1}}}}',
    ]);
    await ok(['set', 'image', 'statefulset/db', 'main=postgres:17']);
    const partial = await ok(['rollout', 'status', 'statefulset/db', '--timeout=20s']);
    expect(partial).toContain('partitioned roll out complete: 2 new pods have been updated...');
    await waitFor('db-1 and db-2 updated', async () => {
      const images = await podImages('app=db');
      return images['db-1'] === 'postgres:17' && images['db-2'] === 'postgres:17' && images;
    });
    expect((await podImages('app=db'))['db-0']).toBe('postgres:16');
    const status = JSON.parse(await ok(['get', 'sts', 'db', '-o', 'jsonpath={.status}'])) as Record<
      string,
      unknown
    >;
    expect(status).toMatchObject({ replicas: 3, updatedReplicas: 2, currentReplicas: 1 });
    expect(status['updateRevision']).not.toBe(status['currentRevision']);
    const history = await ok(['rollout', 'history', 'statefulset/db']);
    expect(history).toMatch(/^1\s+<none>\n2\s+<none>/m);

    await ok([
      'patch',
      'sts',
      'db',
      '-p',
      '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}',
    ]);
    await waitFor('all on the update revision', async () => {
      const s = JSON.parse(await ok(['get', 'sts', 'db', '-o', 'jsonpath={.status}'])) as Record<
        string,
        unknown
      >;
      return (
        s['currentRevision'] === s['updateRevision'] &&
        s['updatedReplicas'] === 3 &&
        s['readyReplicas'] === 3
      );
    });
    expect(Object.values(await podImages('app=db'))).toEqual([
      'postgres:17',
      'postgres:17',
      'postgres:17',
    ]);
    const revisions = await ok(['get', 'controllerrevisions', '-l', 'app=db', '-o', 'name']);
    expect(revisions.trim().split('\n')).toHaveLength(2);
  });

  it('leaves pods alone under OnDelete and recreates deleted ones at the new revision', async () => {
    await ok([
      'patch',
      'sts',
      'db',
      '-p',
      '{"spec":{"updateStrategy":{"type":"OnDelete","rollingUpdate":null}}}',
    ]);
    await ok(['set', 'image', 'statefulset/db', 'main=postgres:18']);
    await ok(['delete', 'pod', 'db-0']);
    await waitFor('db-0 recreated at postgres:18', async () => {
      const images = await podImages('app=db');
      return images['db-0'] === 'postgres:18';
    });
    const images = await podImages('app=db');
    expect(images['db-1']).toBe('postgres:17');
    expect(images['db-2']).toBe('postgres:17');
    await ok(['scale', 'sts', 'db', '--replicas=1']);
    await waitFor('scaled down to db-0', async () => {
      const names = Object.keys(await podImages('app=db'));
      return names.length === 1 && names[0] === 'db-0';
    });
  });

  it('runs one DaemonSet pod per node and rolls it within maxUnavailable', async () => {
    await ok(['apply', '-f', '-'], DAEMONSET);
    const status = await ok(['rollout', 'status', 'daemonset/agent', '--timeout=20s']);
    expect(status).toContain('daemon set "agent" successfully rolled out');
    const nodes = await ok([
      'get',
      'pods',
      '-l',
      'app=agent',
      '-o',
      'jsonpath={.items[*].spec.nodeName}',
    ]);
    expect(nodes.split(' ').sort()).toEqual(['ferry-node-1', 'ferry-node-2', 'ferry-node-3']);
    const table = await ok(['get', 'ds', 'agent']);
    expect(table).toMatch(/agent\s+3\s+3\s+3\s+3\s+3\s+<none>/);

    await ok(['set', 'image', 'daemonset/agent', 'main=agent:2']);
    const rolled = await ok(['rollout', 'status', 'daemonset/agent', '--timeout=20s']);
    expect(rolled).toContain('daemon set "agent" successfully rolled out');
    await waitFor('three agent:2 pods', async () => {
      const images = Object.values(await podImages('app=agent'));
      return images.length === 3 && images.every((i) => i === 'agent:2');
    });
    const ds = JSON.parse(await ok(['get', 'ds', 'agent', '-o', 'jsonpath={.status}'])) as Record<
      string,
      unknown
    >;
    expect(ds).toMatchObject({
      desiredNumberScheduled: 3,
      currentNumberScheduled: 3,
      updatedNumberScheduled: 3,
      numberReady: 3,
      numberAvailable: 3,
    });
    const history = await ok(['rollout', 'history', 'daemonset/agent']);
    expect(history).toMatch(/^1\s+<none>\n2\s+<none>/m);

    await ok([
      'patch',
      'ds',
      'agent',
      '-p',
      '{"spec":{"updateStrategy":{"type":"OnDelete","rollingUpdate":null}}}',
    ]);
    await ok(['set', 'image', 'daemonset/agent', 'main=agent:3']);
    await waitFor('observed', async () => {
      const s = await ok(['get', 'ds', 'agent', '-o', 'jsonpath={.status.updatedNumberScheduled}']);
      return s === '' || s === '0';
    });
    expect(Object.values(await podImages('app=agent')).every((i) => i === 'agent:2')).toBe(true);
  });
});
