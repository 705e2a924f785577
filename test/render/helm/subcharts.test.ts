import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/kube/object.js';
import { renderHelmChart } from '../../../src/render/helm/index.js';
import { fsSourceTree } from '../../support/fs-source-tree.js';

const tree = fsSourceTree(path.resolve(import.meta.dirname, '../../fixtures/helm/charts'));

function byName(objects: KubeObject[], name: string): KubeObject {
  const o = objects.find((x) => x.metadata.name === name);
  if (o === undefined)
    throw new Error(`no ${name} in ${objects.map((x) => x.metadata.name).join(', ')}`);
  return o;
}

describe('renderHelmChart: subcharts', () => {
  it('scopes values, flows globals down (parent wins) and renders aliases', async () => {
    const r = await renderHelmChart(tree, 'umbrella', { releaseName: 'rel' });
    expect(r.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ConfigMap/rel-umbrella',
      'Service/rel-web',
      'Deployment/rel-backend',
    ]);
    const deploy = byName(r.objects, 'rel-backend');
    expect(deploy['spec']).toMatchObject({
      replicas: 2,
      template: {
        spec: {
          containers: [
            {
              image: 'registry.example.com/api',
              env: [
                { name: 'ENVIRONMENT', value: 'production' },
                { name: 'OWNER', value: 'backend-team' },
                { name: 'GREETING', value: 'parent wins' },
              ],
            },
          ],
        },
      },
    });
    expect(byName(r.objects, 'rel-web').metadata.annotations).toEqual({
      title: 'Public',
      environment: 'production',
      template: 'umbrella/charts/web/templates/service.yaml.tpl',
    });
  });

  it('imports values from children, parent values winning, and uses library templates', async () => {
    const r = await renderHelmChart(tree, 'umbrella', { releaseName: 'rel' });
    const cm = byName(r.objects, 'rel-umbrella');
    expect(cm['data']).toEqual({
      port: '9000',
      imported: '8443',
      environment: 'production',
      greeting: 'parent wins',
      subcharts: 'backend,common,web',
      backendReplicas: '2',
    });
    expect(cm.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'umbrella',
      'app.kubernetes.io/instance': 'rel',
      'app.kubernetes.io/managed-by': 'Helm',
    });
    expect(r.objects.some((o) => o.metadata.name === 'library-output-must-not-appear')).toBe(false);
  });

  it('enables and disables dependencies by condition and tags', async () => {
    const r = await renderHelmChart(tree, 'umbrella', {
      releaseName: 'rel',
      parameters: [
        { name: 'backend.enabled', value: 'false' },
        { name: 'admin.enabled', value: 'true' },
        { name: 'tags.ui', value: 'false' },
      ],
    });
    expect(r.objects.map((o) => o.metadata.name)).toEqual(['rel-umbrella', 'rel-admin']);
    expect(byName(r.objects, 'rel-umbrella')['data']).toMatchObject({ subcharts: 'admin,common' });
  });

  it('outputs CRDs first only when asked, and uses extra API versions', async () => {
    const r = await renderHelmChart(tree, 'umbrella', {
      releaseName: 'rel',
      includeCrds: true,
      apiVersions: ['example.com/v1'],
    });
    expect(r.objects[0]?.kind).toBe('CustomResourceDefinition');
    expect(r.sources[0]).toBe('umbrella/crds/widget.yaml');
    expect(r.objects.map((o) => o.kind)).toContain('Widget');
    expect(r.objects[r.objects.length - 1]?.kind).toBe('Widget');
  });

  it('refuses to render a library chart on its own', async () => {
    await expect(renderHelmChart(tree, 'umbrella/charts/common')).rejects.toThrow(
      'library charts are not installable',
    );
  });
});
