import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startTestCluster, type TestCluster } from './support/harness.js';

describe('control plane discovery and authentication', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  afterAll(async () => {
    await cluster.dispose();
  });

  it('rejects requests without the bearer token with a 401 Status', async () => {
    const res = await rawRequest(cluster, '/api/v1/namespaces', { token: null });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Unauthorized',
      code: 401,
    });
    const wrong = await rawRequest(cluster, '/api', { token: 'nope' });
    expect(wrong.status).toBe(401);
    const health = await rawRequest(cluster, '/healthz', { token: null });
    expect(health).toMatchObject({ status: 200, text: 'ok' });
  });

  it('serves /version, /api, /apis and resource lists with subresources', async () => {
    expect((await rawRequest(cluster, '/version')).json).toMatchObject({ major: '1', minor: '32' });
    expect((await rawRequest(cluster, '/api')).json).toMatchObject({
      kind: 'APIVersions',
      versions: ['v1'],
    });
    const groups = (await rawRequest(cluster, '/apis')).json as { groups: { name: string }[] };
    expect(groups.groups.map((g) => g.name)).toContain('apps');
    const apps = (await rawRequest(cluster, '/apis/apps/v1')).json as {
      resources: Record<string, unknown>[];
    };
    expect(apps.resources).toContainEqual(
      expect.objectContaining({
        name: 'deployments',
        singularName: 'deployment',
        namespaced: true,
        kind: 'Deployment',
        shortNames: ['deploy'],
        categories: ['all'],
      }),
    );
    expect(apps.resources).toContainEqual(
      expect.objectContaining({ name: 'deployments/status', kind: 'Deployment' }),
    );
    expect(apps.resources).toContainEqual(
      expect.objectContaining({
        name: 'deployments/scale',
        group: 'autoscaling',
        version: 'v1',
        kind: 'Scale',
      }),
    );
    const missing = await rawRequest(cluster, '/apis/nope.example.com/v1');
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      message: 'the server could not find the requested resource',
    });
  });

  it('is usable by kubectl api-resources and kubectl version', async () => {
    const resources = await cluster.kubectl(['api-resources']);
    expect(resources.code, resources.stderr).toBe(0);
    expect(resources.stdout).toMatch(/deployments\s+deploy\s+apps\/v1\s+true\s+Deployment/);
    expect(resources.stdout).toMatch(
      /customresourcedefinitions\s+crd,crds\s+apiextensions.k8s.io\/v1\s+false/,
    );
    const version = await cluster.kubectl(['version', '-o', 'json']);
    expect(version.code, version.stderr).toBe(0);
    expect(JSON.parse(version.stdout)).toMatchObject({
      serverVersion: { major: '1', minor: '32' },
    });
  });

  it('starts with the system namespaces and a Ready node', async () => {
    const ns = await cluster.kubectl(['get', 'namespaces', '-o', 'name']);
    expect(ns.stdout.split('\n').filter(Boolean).sort()).toEqual([
      'namespace/default',
      'namespace/kube-node-lease',
      'namespace/kube-public',
      'namespace/kube-system',
    ]);
    const nodes = await cluster.kubectl(['get', 'nodes']);
    expect(nodes.stdout).toMatch(/ferry-node-1\s+Ready/);
  });
});
