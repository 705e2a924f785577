import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fsSourceTree } from '../../../src/render/fs-source-tree.js';
import { renderHelmChart } from '../../../src/render/helm/index.js';
import { fsSourceTree as textOnlyTree } from '../../support/fs-source-tree.js';
import { writeTgz, type TarRecord } from './support/tar-writer.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/helm/charts');

describe('renderHelmChart: packaged subcharts', () => {
  it('renders .tgz subcharts and the archives inside them', async () => {
    const r = await renderHelmChart(fsSourceTree(fixtures), 'packaged', { releaseName: 'rel' });
    expect(r.warnings).toEqual([]);
    expect(r.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ConfigMap/rel-packaged',
      'Service/rel-metrics',
      'Deployment/rel-redis',
    ]);
    expect(r.sources).toEqual([
      'packaged/templates/configmap.yaml.tpl',
      'packaged/charts/redis/charts/metrics/templates/service.yaml',
      'packaged/charts/redis/templates/deployment.yaml',
    ]);
    const redis = r.objects[2]!;
    // Parent values override the packaged chart's values.yaml (which starts with a BOM), and
    // .Files reads a file whose path needs a long-name record.
    expect(redis['spec']).toMatchObject({
      template: { spec: { containers: [{ name: 'redis', image: 'redis:7.4.1' }] } },
    });
    expect(redis.metadata.annotations).toEqual({ config: 'maxmemory 64mb' });
    expect(r.objects[0]!['data']).toEqual({ subcharts: 'redis' });
  });

  it('applies conditions to packaged subcharts', async () => {
    const r = await renderHelmChart(fsSourceTree(fixtures), 'packaged', {
      releaseName: 'rel',
      values: 'redis: {metrics: {enabled: false}}',
    });
    expect(r.objects.map((o) => o.metadata.name)).toEqual(['rel-packaged', 'rel-redis']);
    const off = await renderHelmChart(fsSourceTree(fixtures), 'packaged', {
      releaseName: 'rel',
      values: 'redis: {enabled: false}',
    });
    expect(off.objects.map((o) => o.metadata.name)).toEqual(['rel-packaged']);
  });

  describe('refuses archives that are not charts', () => {
    let dir: string | undefined;
    afterEach(async () => {
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    async function renderWith(archive: Uint8Array, textOnly = false): Promise<unknown> {
      dir = await mkdtemp(path.join(tmpdir(), 'ferry-helm-tgz-'));
      await mkdir(path.join(dir, 'app', 'charts'), { recursive: true });
      await writeFile(
        path.join(dir, 'app', 'Chart.yaml'),
        'apiVersion: v2\nname: app\nversion: 1.0.0\n',
      );
      await writeFile(path.join(dir, 'app', 'charts', 'sub-1.0.0.tgz'), archive);
      const tree = textOnly ? textOnlyTree(dir) : fsSourceTree(dir);
      return renderHelmChart(tree, 'app').then(
        (r) => r,
        (err: unknown) => err,
      );
    }

    const chart: TarRecord = {
      name: 'sub/Chart.yaml',
      data: 'apiVersion: v2\nname: sub\nversion: 1.0.0\n',
    };
    it.each<[string, Uint8Array, RegExp]>([
      [
        'not gzipped',
        new TextEncoder().encode('PK\u0003\u0004'),
        /does not appear to be a gzipped archive/u,
      ],
      [
        'outside the chart',
        writeTgz([chart, { name: 'sub/../../etc/passwd', data: 'x' }]),
        /illegally references parent directory/u,
      ],
      [
        'Chart.yaml at the top',
        writeTgz([{ name: 'Chart.yaml', data: 'name: x' }]),
        /chart yaml not in base directory/u,
      ],
      [
        'an absolute path',
        writeTgz([chart, { name: 'sub//etc/passwd', data: 'x' }]),
        /illegally contains absolute paths/u,
      ],
      [
        'no Chart.yaml',
        writeTgz([{ name: 'sub/values.yaml', data: 'a: 1' }]),
        /Chart.yaml file is missing in app\/charts\/sub-1.0.0.tgz/u,
      ],
    ])('%s', async (_, archive, message) => {
      const result = await renderWith(archive);
      expect(result).toBeInstanceOf(Error);
      expect((result as Error).message).toMatch(message);
      expect((result as Error).message).toContain('app/charts/sub-1.0.0.tgz');
    });

    it('loads a well-formed one', async () => {
      const result = await renderWith(
        writeTgz([
          chart,
          {
            name: 'sub/templates/cm.yaml',
            data: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: sub}\n',
          },
        ]),
      );
      expect(result).toMatchObject({ objects: [{ kind: 'ConfigMap', metadata: { name: 'sub' } }] });
    });

    it('warns and skips it when the source cannot read binary files', async () => {
      const result = await renderWith(writeTgz([chart]), true);
      expect(result).toMatchObject({
        objects: [],
        warnings: [
          {
            file: 'app/charts/sub-1.0.0.tgz',
            message: 'this source cannot read binary files; unpack the chart into charts/',
          },
        ],
      });
    });
  });
});
