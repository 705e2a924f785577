import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, waitFor, type TestCluster } from './support/harness.js';

/** kubectl's typed generators send protobuf bodies; each must create what it says. */
describe('kubectl create generators (protobuf bodies)', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster({ timeFactor: 0.02 });
  });
  afterAll(async () => {
    await cluster.dispose();
  });

  async function getJson(args: string[]): Promise<Record<string, unknown>> {
    const result = await cluster.kubectl(['get', ...args, '-o', 'json']);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  }

  it.each([
    [['create', 'configmap', 'cm', '--from-literal=a=b', '--from-literal=c=d'], 'configmap/cm'],
    [['create', 'secret', 'generic', 'sec', '--from-literal=pw=hunter2'], 'secret/sec'],
    [
      [
        'create',
        'secret',
        'docker-registry',
        'regcred',
        '--docker-username=u',
        '--docker-password=p',
        '--docker-server=registry.example',
      ],
      'secret/regcred',
    ],
    [['create', 'namespace', 'team-a'], 'namespace/team-a'],
    [
      ['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2', '--port=80'],
      'deployment.apps/web',
    ],
    [['create', 'deployment', 'idle', '--image=nginx', '--replicas=0'], 'deployment.apps/idle'],
    [['create', 'job', 'once', '--image=busybox', '--', 'sh', '-c', 'exit 0'], 'job.batch/once'],
    [
      ['create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/5 * * * *', '--', 'true'],
      'cronjob.batch/tick',
    ],
    [['create', 'service', 'clusterip', 'web', '--tcp=80:8080'], 'service/web'],
    [['create', 'service', 'nodeport', 'np', '--tcp=80:http'], 'service/np'],
    [['create', 'service', 'externalname', 'ext', '--external-name=example.com'], 'service/ext'],
    [['create', 'serviceaccount', 'robot'], 'serviceaccount/robot'],
    [['create', 'quota', 'small', '--hard=pods=3,cpu=2'], 'resourcequota/small'],
    [
      ['create', 'role', 'reader', '--verb=get,list', '--resource=pods'],
      'role.rbac.authorization.k8s.io/reader',
    ],
    [
      ['create', 'rolebinding', 'read', '--role=reader', '--user=ann'],
      'rolebinding.rbac.authorization.k8s.io/read',
    ],
    [
      ['create', 'pdb', 'web', '--selector=app=web', '--min-available=1'],
      'poddisruptionbudget.policy/web',
    ],
    [
      ['create', 'ingress', 'web', '--rule=web.example/api=web:80'],
      'ingress.networking.k8s.io/web',
    ],
  ])('kubectl %j', async (args, created) => {
    const result = await cluster.kubectl(args);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(`${created} created`);
  });

  it('stores the decoded objects as JSON clients would have sent them', async () => {
    expect(await getJson(['configmap', 'cm'])).toMatchObject({ data: { a: 'b', c: 'd' } });
    const secret = await getJson(['secret', 'sec']);
    expect(secret).toMatchObject({
      type: 'Opaque',
      data: { pw: Buffer.from('hunter2').toString('base64') },
    });
    const reg = await getJson(['secret', 'regcred']);
    expect(reg['type']).toBe('kubernetes.io/dockerconfigjson');
    const config = JSON.parse(
      Buffer.from(
        (reg['data'] as Record<string, string>)['.dockerconfigjson']!,
        'base64',
      ).toString(),
    ) as { auths: Record<string, { username: string }> };
    expect(config.auths['registry.example']?.username).toBe('u');

    const web = await getJson(['deployment', 'web']);
    expect(web).toMatchObject({
      metadata: { labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              {
                name: 'nginx',
                image: 'nginx:1.25',
                ports: [{ containerPort: 80, protocol: 'TCP' }],
              },
            ],
          },
        },
      },
    });
    expect((web['metadata'] as Record<string, unknown>)['creationTimestamp']).toMatch(/Z$/);
    expect((await getJson(['deployment', 'idle']))['spec']).toMatchObject({ replicas: 0 });

    const once = await getJson(['job', 'once']);
    expect(once['spec']).toMatchObject({
      template: {
        spec: { restartPolicy: 'Never', containers: [{ command: ['sh', '-c', 'exit 0'] }] },
      },
    });
    const wait = await cluster.kubectl([
      'wait',
      '--for=condition=complete',
      'job/once',
      '--timeout=20s',
    ]);
    expect(wait.code, wait.stderr).toBe(0);
    expect(wait.stdout).toContain('job.batch/once condition met');

    expect((await getJson(['cronjob', 'tick']))['spec']).toMatchObject({ schedule: '*/5 * * * *' });
    expect((await getJson(['service', 'web']))['spec']).toMatchObject({
      type: 'ClusterIP',
      selector: { app: 'web' },
      ports: [{ name: '80-8080', port: 80, targetPort: 8080, protocol: 'TCP' }],
    });
    const np = await getJson(['service', 'np']);
    expect(np['spec']).toMatchObject({
      type: 'NodePort',
      ports: [{ port: 80, targetPort: 'http' }],
    });
    const nodePort = (np['spec'] as { ports: { nodePort: number }[] }).ports[0]!.nodePort;
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    expect((await getJson(['service', 'ext']))['spec']).toMatchObject({
      type: 'ExternalName',
      externalName: 'example.com',
    });
    expect((await getJson(['resourcequota', 'small']))['spec']).toEqual({
      hard: { pods: '3', cpu: '2' },
    });
    expect((await getJson(['role', 'reader']))['rules']).toEqual([
      { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] },
    ]);
    expect(await getJson(['rolebinding', 'read'])).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'ann' }],
    });
    expect((await getJson(['pdb', 'web']))['spec']).toEqual({
      minAvailable: 1,
      selector: { matchLabels: { app: 'web' } },
    });
    expect((await getJson(['ingress', 'web']))['spec']).toMatchObject({
      rules: [
        {
          host: 'web.example',
          http: {
            paths: [
              {
                path: '/api',
                pathType: 'Exact',
                backend: { service: { name: 'web', port: { number: 80 } } },
              },
            ],
          },
        },
      ],
    });
    const ns = await getJson(['namespace', 'team-a']);
    expect(ns['status']).toEqual({ phase: 'Active' });
  });

  it('creates a job from a cronjob and runs pods for kubectl create deployment', async () => {
    const fromCron = await cluster.kubectl(['create', 'job', 'manual', '--from=cronjob/tick']);
    expect(fromCron.code, fromCron.stderr).toBe(0);
    const job = await getJson(['job', 'manual']);
    expect((job['metadata'] as { annotations?: Record<string, string> }).annotations).toMatchObject(
      {
        'cronjob.kubernetes.io/instantiate': 'manual',
      },
    );
    const status = await cluster.kubectl(['rollout', 'status', 'deployment/web', '--timeout=20s']);
    expect(status.code, status.stderr).toBe(0);
    await waitFor('two web pods', async () => {
      const pods = await cluster.kubectl(['get', 'pods', '-l', 'app=web', '-o', 'name']);
      return pods.stdout.trim().split('\n').length === 2;
    });
  });
});
