import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, waitFor, type TestCluster } from './support/harness.js';

function deployment(name: string, image: string, extraSpec = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 2
${extraSpec}  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: main
        image: ${image}
`;
}

describe('kubectl rollout against the deployment controller', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster({ timeFactor: 0.02 });
  });
  afterAll(async () => {
    await cluster.dispose();
  });

  async function kubectlOk(args: string[], input?: string): Promise<string> {
    const result = await cluster.kubectl(args, input);
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    return result.stdout;
  }

  async function imageOf(name: string): Promise<string> {
    return kubectlOk([
      'get',
      'deployment',
      name,
      '-o',
      'jsonpath={.spec.template.spec.containers[0].image}',
    ]);
  }

  it('keeps revisions for set image, shows them in history and undoes to one', async () => {
    await kubectlOk(['apply', '-f', '-'], deployment('hist', 'nginx:1.24'));
    await kubectlOk(['rollout', 'status', 'deployment/hist', '--timeout=20s']);
    await kubectlOk(['set', 'image', 'deployment/hist', 'main=nginx:1.25']);
    await kubectlOk(['annotate', 'deployment/hist', 'kubernetes.io/change-cause=bump to 1.25']);
    await kubectlOk(['rollout', 'status', 'deployment/hist', '--timeout=20s']);
    await kubectlOk(['set', 'image', 'deployment/hist', 'main=nginx:1.26']);
    await kubectlOk(['rollout', 'status', 'deployment/hist', '--timeout=20s']);

    const history = await kubectlOk(['rollout', 'history', 'deployment/hist']);
    expect(history).toMatch(/REVISION\s+CHANGE-CAUSE/);
    expect(history).toMatch(/^1\s+<none>/m);
    expect(history).toMatch(/^2\s+bump to 1\.25/m);
    expect(history).toMatch(/^3\s+/m);
    const rev2 = await kubectlOk(['rollout', 'history', 'deployment/hist', '--revision=2']);
    expect(rev2).toContain('Image:\tnginx:1.25');

    expect(await kubectlOk(['rollout', 'undo', 'deployment/hist'])).toContain(
      'deployment.apps/hist rolled back',
    );
    await kubectlOk(['rollout', 'status', 'deployment/hist', '--timeout=20s']);
    expect(await imageOf('hist')).toBe('nginx:1.25');
    await kubectlOk(['rollout', 'undo', 'deployment/hist', '--to-revision=1']);
    await kubectlOk(['rollout', 'status', 'deployment/hist', '--timeout=20s']);
    expect(await imageOf('hist')).toBe('nginx:1.24');
    const after = await kubectlOk(['rollout', 'history', 'deployment/hist']);
    expect(after).toMatch(/^5\s+/m);
    expect(after).not.toMatch(/^1\s+/m);
    const pods = await kubectlOk([
      'get',
      'pods',
      '-l',
      'app=hist',
      '-o',
      'jsonpath={.items[*].spec.containers[0].image}',
    ]);
    await waitFor('old pods gone', async () => {
      const images = (
        await kubectlOk([
          'get',
          'pods',
          '-l',
          'app=hist',
          '-o',
          'jsonpath={.items[*].spec.containers[0].image}',
        ])
      ).split(' ');
      return images.length === 2 && images.every((i) => i === 'nginx:1.24');
    });
    expect(pods).toContain('nginx:1.24');
  });

  it('does not roll out while paused and rolls out on resume', async () => {
    await kubectlOk(['apply', '-f', '-'], deployment('paws', 'nginx:1.24'));
    await kubectlOk(['rollout', 'status', 'deployment/paws', '--timeout=20s']);
    expect(await kubectlOk(['rollout', 'pause', 'deployment/paws'])).toContain(
      'deployment.apps/paws paused',
    );
    await kubectlOk(['set', 'image', 'deployment/paws', 'main=nginx:1.25']);
    await kubectlOk(['scale', 'deployment/paws', '--replicas=3']);
    await waitFor('paused condition and scale', async () => {
      const out = await kubectlOk([
        'get',
        'deployment',
        'paws',
        '-o',
        'jsonpath={.status.conditions[?(@.type=="Progressing")].reason} {.status.readyReplicas}',
      ]);
      return out === 'DeploymentPaused 3';
    });
    const sets = await kubectlOk(['get', 'rs', '-l', 'app=paws', '-o', 'name']);
    expect(sets.trim().split('\n')).toHaveLength(1);

    expect(await kubectlOk(['rollout', 'resume', 'deployment/paws'])).toContain(
      'deployment.apps/paws resumed',
    );
    await kubectlOk(['rollout', 'status', 'deployment/paws', '--timeout=20s']);
    const images = await kubectlOk([
      'get',
      'rs',
      '-l',
      'app=paws',
      '-o',
      'jsonpath={range .items[*]}{.spec.template.spec.containers[0].image}={.spec.replicas} {end}',
    ]);
    expect(images.trim().split(' ').sort()).toEqual(['nginx:1.24=0', 'nginx:1.25=3']);
  });

  it('reports ProgressDeadlineExceeded when pods cannot pull their image', async () => {
    await kubectlOk(
      ['apply', '-f', '-'],
      deployment('stuck', 'registry.example/doesnotexist:1', '  progressDeadlineSeconds: 20\n'),
    );
    const status = await cluster.kubectl([
      'rollout',
      'status',
      'deployment/stuck',
      '--timeout=20s',
    ]);
    expect(status.code).toBe(1);
    expect(status.stderr).toContain('error: deployment "stuck" exceeded its progress deadline');
    const condition = JSON.parse(
      await kubectlOk([
        'get',
        'deployment',
        'stuck',
        '-o',
        'jsonpath={.status.conditions[?(@.type=="Progressing")]}',
      ]),
    ) as Record<string, string>;
    expect(condition).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: expect.stringMatching(/^ReplicaSet "stuck-\w+" has timed out progressing\.$/),
    });
    const pods = await kubectlOk(['get', 'pods', '-l', 'app=stuck']);
    expect(pods).toMatch(/ErrImagePull|ImagePullBackOff/);
  });
});
