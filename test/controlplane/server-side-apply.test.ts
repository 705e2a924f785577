import {
  CoreV1Api,
  KubernetesObjectApi,
  PatchStrategy,
  type V1ConfigMap,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startTestCluster, statusOf, type TestCluster } from './support/harness.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.25
        ports: [{containerPort: 80}]
        env: [{name: MODE, value: blue}]
`;

/** Walks into parsed JSON. */
function at(value: unknown, ...keys: string[]): unknown {
  return keys.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], value);
}

interface Entry {
  manager: string;
  operation: string;
  subresource?: string;
  fieldsV1: Record<string, unknown>;
}

describe('server-side apply', () => {
  let cluster: TestCluster;
  let core: CoreV1Api;
  beforeAll(async () => {
    cluster = await startTestCluster();
    core = cluster.kc.makeApiClient(CoreV1Api);
  });
  afterAll(async () => {
    await cluster.dispose();
  });

  async function managedFields(resource: string): Promise<Entry[]> {
    const out = await cluster.kubectl(['get', resource, '-o', 'json', '--show-managed-fields']);
    expect(out.code, out.stderr).toBe(0);
    return (JSON.parse(out.stdout) as { metadata: { managedFields: Entry[] } }).metadata
      .managedFields;
  }

  it('creates on apply and records FieldsV1 with list-map keys', async () => {
    const applied = await cluster.kubectl(['apply', '--server-side', '-f', '-'], DEPLOYMENT);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('deployment.apps/web serverside-applied');
    const [entry] = await managedFields('deployment/web');
    expect(entry).toMatchObject({ manager: 'kubectl', operation: 'Apply' });
    const container = at(
      entry!.fieldsV1,
      'f:spec',
      'f:template',
      'f:spec',
      'f:containers',
      'k:{"name":"web"}',
    );
    expect(at(container, '.')).toEqual({});
    expect(at(container, 'f:ports')).toEqual({
      'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} },
    });
    expect(at(container, 'f:env', 'k:{"name":"MODE"}')).toEqual({
      '.': {},
      'f:name': {},
      'f:value': {},
    });
    expect(at(entry!.fieldsV1, 'f:spec', 'f:selector')).toEqual({});
  });

  it('answers conflicts with the real message and takes fields over with --force-conflicts', async () => {
    const changed = DEPLOYMENT.replace('replicas: 2', 'replicas: 3').replace('1.25', '1.26');
    const refused = await cluster.kubectl(
      ['apply', '--server-side', '--field-manager=other', '-f', '-'],
      changed,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'Apply failed with 2 conflicts: conflicts with "kubectl":\n- .spec.replicas\n- .spec.template.spec.containers[name="web"].image',
    );
    const forced = await cluster.kubectl(
      ['apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', '-'],
      changed,
    );
    expect(forced.code, forced.stderr).toBe(0);
    const entries = await managedFields('deployment/web');
    const kubectl = entries.find((e) => e.manager === 'kubectl')!;
    expect(at(kubectl.fieldsV1, 'f:spec', 'f:replicas')).toBeUndefined();
    const scaled = await cluster.kubectl(['scale', 'deployment/web', '--replicas=4']);
    expect(scaled.code, scaled.stderr).toBe(0);
    const again = await cluster.kubectl(
      ['apply', '--server-side', '--field-manager=other', '-f', '-'],
      changed,
    );
    expect(again.stderr).toContain(
      'Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas',
    );
  });

  it('removes fields a manager stops applying and keeps fields others own', async () => {
    const cm = (data: string): string =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tuned\ndata:\n${data}`;
    expect(
      (await cluster.kubectl(['apply', '--server-side', '-f', '-'], cm('  a: "1"\n  b: "2"\n')))
        .code,
    ).toBe(0);
    const patched = await cluster.kubectl([
      'patch',
      'configmap',
      'tuned',
      '-p',
      '{"data":{"c":"3"}}',
    ]);
    expect(patched.code, patched.stderr).toBe(0);
    expect(
      (await cluster.kubectl(['apply', '--server-side', '-f', '-'], cm('  a: "1"\n'))).code,
    ).toBe(0);
    const read = await core.readNamespacedConfigMap({ name: 'tuned', namespace: 'default' });
    expect(read.data).toEqual({ a: '1', c: '3' });
    const managers = (await managedFields('configmap/tuned')).map(
      (e) => `${e.manager}/${e.operation}`,
    );
    expect(managers).toEqual(['kubectl/Apply', 'kubectl-patch/Update']);
  });

  it('serves apply through client-node with a field manager, and requires one', async () => {
    const objects = KubernetesObjectApi.makeApiClient(cluster.kc);
    const body: V1ConfigMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'from-node', namespace: 'default' },
      data: { x: 'y' },
    };
    const created = await objects.patch(
      body,
      undefined,
      undefined,
      'ferry',
      true,
      PatchStrategy.ServerSideApply,
    );
    expect(created.metadata?.managedFields?.[0]).toMatchObject({
      manager: 'ferry',
      operation: 'Apply',
    });
    const missing = await rawRequest(cluster, '/api/v1/namespaces/default/configmaps/from-node', {
      method: 'PATCH',
      body,
      contentType: 'application/apply-patch+yaml',
    });
    expect(missing.status).toBe(422);
    expect((missing.json as { message: string }).message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
    const conflict = await statusOf(
      objects.patch(
        { ...body, data: { x: 'z' } },
        undefined,
        undefined,
        'someone-else',
        false,
        PatchStrategy.ServerSideApply,
      ),
    );
    expect(conflict.code).toBe(409);
    expect(conflict.body['message']).toBe(
      'Apply failed with 1 conflict: conflict with "ferry": .data.x',
    );
    expect(conflict.body['details']).toEqual({
      causes: [
        { reason: 'FieldManagerConflict', message: 'conflict with "ferry"', field: '.data.x' },
      ],
    });
  });

  it('dry-runs apply and diffs against it without writing', async () => {
    const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dry\ndata:\n  k: v\n';
    const dry = await cluster.kubectl(
      ['apply', '--server-side', '--dry-run=server', '-f', '-'],
      manifest,
    );
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('configmap/dry serverside-applied (server dry run)');
    expect((await cluster.kubectl(['get', 'configmap', 'dry'])).code).toBe(1);
    expect((await cluster.kubectl(['apply', '--server-side', '-f', '-'], manifest)).code).toBe(0);
    const same = await cluster.kubectl(['diff', '--server-side', '-f', '-'], manifest);
    expect(same.code, same.stderr).toBe(0);
    const diff = await cluster.kubectl(
      ['diff', '--server-side', '-f', '-'],
      manifest.replace('k: v', 'k: w'),
    );
    expect(diff.code, diff.stderr).toBe(1);
    expect(diff.stdout).toMatch(/-\s+k: v/);
    expect(diff.stdout).toMatch(/\+\s+k: w/);
    const csa = await cluster.kubectl(['diff', '-f', '-'], manifest.replace('k: v', 'k: x'));
    expect(csa.code, csa.stderr).toBe(1);
    expect(csa.stdout).toMatch(/\+\s+k: x/);
  });

  it('records create and update managers from fieldManager or the user agent', async () => {
    const created = await cluster.kubectl(
      ['create', '-f', '-'],
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: made\ndata:\n  a: b\n',
    );
    expect(created.code, created.stderr).toBe(0);
    expect(
      (await managedFields('configmap/made')).map((e) => `${e.manager}/${e.operation}`),
    ).toEqual(['kubectl-create/Update']);
    await core.patchNamespacedConfigMap({
      name: 'made',
      namespace: 'default',
      body: [{ op: 'add', path: '/data/c', value: 'd' }],
    });
    const managers = (await managedFields('configmap/made')).map((e) => e.manager);
    expect(managers).toHaveLength(2);
    expect(managers[1]).not.toBe('unknown');
  });
});
