import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/kube/object.js';
import { renderHelmChart } from '../../../src/render/helm/index.js';
import { fsSourceTree } from '../../support/fs-source-tree.js';

const tree = fsSourceTree(path.resolve(import.meta.dirname, '../../fixtures/helm/charts'));

function find(objects: KubeObject[], kind: string): KubeObject {
  const o = objects.find((x) => x.kind === kind);
  if (o === undefined) throw new Error(`no ${kind}`);
  return o;
}

describe('renderHelmChart: guestbook', () => {
  it('renders the defaults in Helm install order, test hooks last', async () => {
    const r = await renderHelmChart(tree, 'guestbook', { releaseName: 'gb', namespace: 'apps' });
    expect(r.sourceType).toBe('helm');
    expect(r.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ConfigMap/gb-helm-guestbook-config',
      'Service/gb-helm-guestbook',
      'Deployment/gb-helm-guestbook',
      'Pod/gb-helm-guestbook-test-connection',
    ]);
    expect(r.sources).toEqual([
      'helm-guestbook/templates/configmap.yaml.tpl',
      'helm-guestbook/templates/service.yaml.tpl',
      'helm-guestbook/templates/deployment.yaml.tpl',
      'helm-guestbook/templates/tests-connection.yaml.tpl',
    ]);
    const deploy = find(r.objects, 'Deployment');
    expect(deploy.metadata.labels).toEqual({
      app: 'helm-guestbook',
      chart: 'helm-guestbook-0.1.0',
      release: 'gb',
      heritage: 'Helm',
    });
    expect(deploy['spec']).toMatchObject({
      replicas: 1,
      template: {
        spec: {
          containers: [{ image: 'gcr.io/heptio-images/ks-guestbook-demo:0.1', resources: {} }],
        },
      },
    });
    expect(find(r.objects, 'ConfigMap')['data']).toEqual({
      kube: 'v1.31.0',
      namespace: 'apps',
      appVersion: '1.0',
      template: 'helm-guestbook/templates/configmap.yaml.tpl',
      'app.conf': 'listen 80;\n',
    });
    expect(r.notes).toBe('Guestbook gb installed.\n');
    expect(r.objects.every((o) => !('# Source' in o))).toBe(true);
  });

  it('applies value files in order, then values, then parameters', async () => {
    const r = await renderHelmChart(tree, 'guestbook', {
      releaseName: 'helm-guestbook',
      valueFiles: ['values-staging.yaml', 'values-production.yaml'],
      values: 'replicaCount: 5\n',
      parameters: [{ name: 'service.type', value: 'NodePort' }],
      skipTests: true,
    });
    expect(r.objects.map((o) => o.kind)).toEqual(['ConfigMap', 'Service', 'Deployment', 'Ingress']);
    const deploy = find(r.objects, 'Deployment');
    expect(deploy.metadata.name).toBe('helm-guestbook');
    expect(deploy['spec']).toMatchObject({
      replicas: 5,
      template: {
        spec: {
          nodeSelector: { disktype: 'ssd' },
          containers: [
            {
              image: 'gcr.io/heptio-images/ks-guestbook-demo:0.2',
              resources: { limits: { cpu: '100m' } },
            },
          ],
        },
      },
    });
    expect(find(r.objects, 'Service')['spec']).toMatchObject({ type: 'NodePort' });
    expect(find(r.objects, 'Ingress')['spec']).toMatchObject({
      tls: [{ hosts: ['guestbook.example.com'], secretName: 'guestbook-tls' }],
      rules: [{ host: 'guestbook.example.com' }],
    });
  });

  it('honours .helmignore and reports missing value files', async () => {
    const r = await renderHelmChart(tree, 'guestbook', {
      valueFiles: ['missing.yaml'],
      ignoreMissingValueFiles: true,
    });
    expect(r.objects).toHaveLength(4);
    await expect(
      renderHelmChart(tree, 'guestbook', { valueFiles: ['missing.yaml'] }),
    ).rejects.toMatchObject({
      code: 'RENDER_FAILED',
      message: 'values file missing.yaml does not exist',
    });
  });
});
