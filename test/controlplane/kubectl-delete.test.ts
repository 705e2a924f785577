import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, waitFor, type TestCluster } from './support/harness.js';

function deployment(name: string, namespace = 'default'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  replicas: 2
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: main, image: nginx:1.25}]
`;
}

describe('kubectl delete with each --cascade and namespace deletion', () => {
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

  async function names(kind: string, label: string, namespace = 'default'): Promise<string[]> {
    const out = await ok(['get', kind, '-n', namespace, '-l', label, '-o', 'name']);
    return out.split('\n').filter(Boolean);
  }

  async function rolledOut(name: string): Promise<void> {
    await ok(['apply', '-f', '-'], deployment(name));
    await ok(['rollout', 'status', `deployment/${name}`, '--timeout=20s']);
  }

  it.each([
    ['background', 'bg'],
    ['foreground', 'fg'],
  ])('--cascade=%s removes the deployment, its replica sets and pods', async (cascade, name) => {
    await rolledOut(name);
    const out = await ok(['delete', 'deployment', name, `--cascade=${cascade}`]);
    expect(out.trim()).toBe(`deployment.apps "${name}" deleted`);
    await waitFor('dependents gone', async () => {
      const left = [...(await names('rs', `app=${name}`)), ...(await names('pods', `app=${name}`))];
      return left.length === 0;
    });
    expect((await cluster.kubectl(['get', 'deployment', name])).code).toBe(1);
  });

  it('--cascade=orphan keeps the replica set and pods without an owner', async () => {
    await rolledOut('orph');
    await ok(['delete', 'deployment', 'orph', '--cascade=orphan']);
    await waitFor(
      'deployment gone',
      async () => (await cluster.kubectl(['get', 'deployment', 'orph'])).code === 1,
    );
    const sets = await names('rs', 'app=orph');
    expect(sets).toHaveLength(1);
    expect(await names('pods', 'app=orph')).toHaveLength(2);
    const owners = await ok([
      'get',
      'rs',
      '-l',
      'app=orph',
      '-o',
      'jsonpath={.items[0].metadata.ownerReferences}',
    ]);
    expect(owners).toBe('');
  });

  it('deletes a namespace and everything in it with kubectl', async () => {
    await ok(['create', 'namespace', 'doomed']);
    await ok(['apply', '-f', '-'], deployment('inside', 'doomed'));
    await ok(['create', 'configmap', 'cfg', '-n', 'doomed', '--from-literal=a=b']);
    await ok(['rollout', 'status', 'deployment/inside', '-n', 'doomed', '--timeout=20s']);
    const out = await ok(['delete', 'namespace', 'doomed', '--timeout=20s']);
    expect(out.trim()).toBe('namespace "doomed" deleted');
    const gone = await cluster.kubectl(['get', 'namespace', 'doomed']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('namespaces "doomed" not found');
    const pods = await ok(['get', 'pods', '-n', 'doomed', '-o', 'name']);
    expect(pods.trim()).toBe('');
  });
});
