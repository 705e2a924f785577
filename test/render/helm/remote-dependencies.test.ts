import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHelmChart } from '../../../src/render/helm/index.js';
import { ChartStore } from '../../../src/repo/helm/chart-store.js';
import { configMapChart } from '../../support/chart-package.js';
import { memorySourceTree } from '../../support/fs-source-tree.js';
import { startHelmRepoServer, type HelmRepoServer } from '../../support/helm-repo-server.js';
import {
  startOciRegistryServer,
  type OciRegistryServer,
} from '../../support/oci-registry-server.js';

describe('renderHelmChart: dependencies not vendored in charts/', () => {
  let dir: string;
  let repo: HelmRepoServer;
  let oci: OciRegistryServer;
  let charts: ChartStore;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ferry-deps-'));
    repo = await startHelmRepoServer();
    for (const v of ['1.0.0', '1.4.2', '2.0.0'])
      repo.publish('redis', v, configMapChart('redis', v));
    oci = await startOciRegistryServer();
    oci.pushChart('charts/metrics', '0.5.0', configMapChart('metrics', '0.5.0'));
    charts = new ChartStore({ cacheDir: dir });
  });

  afterAll(async () => {
    await repo?.stop();
    await oci?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const app = (dependencies: string, extra: Record<string, string> = {}) =>
    memorySourceTree({
      'apps/web/Chart.yaml': `apiVersion: v2\nname: web\nversion: 0.1.0\ndependencies:\n${dependencies}`,
      'apps/web/values.yaml': 'redis:\n  greeting: from-parent\n',
      'apps/web/templates/cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  x: "1"\n',
      ...extra,
    });

  const names = (objects: { metadata: { name: string }; data?: unknown }[]) =>
    objects.map((o) => `${o.metadata.name} ${JSON.stringify(o.data)}`);

  it('fetches from a Helm repository (by range), an OCI registry, and file:// paths', async () => {
    const tree = app(
      `  - name: redis
    version: ">=1 <2"
    repository: ${repo.url}
  - name: metrics
    version: 0.5.x
    repository: oci://${oci.host}/charts
    condition: metrics.enabled
  - name: common
    version: 1.0.0
    repository: file://../../libs/common
`,
      {
        'libs/common/Chart.yaml': 'apiVersion: v2\nname: common\nversion: 1.0.0\n',
        'libs/common/templates/cm.yaml':
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: common\ndata:\n  from: {{ .Chart.Name }}\n',
      },
    );
    const r = await renderHelmChart(tree, 'apps/web', { releaseName: 'rel', charts });
    expect(names(r.objects as never)).toEqual([
      'common {"from":"common"}',
      'rel-metrics {"chart":"metrics-0.5.0","greeting":"hello"}',
      'rel-redis {"chart":"redis-1.4.2","greeting":"from-parent"}',
      'web {"x":"1"}',
    ]);
    expect(r.sources).toContain('web/charts/redis/templates/configmap.yaml');
    const off = await renderHelmChart(tree, 'apps/web', {
      releaseName: 'rel',
      charts,
      values: 'metrics: {enabled: false}',
    });
    expect(off.objects.map((o) => o.metadata.name)).toEqual(['common', 'rel-redis', 'web']);
  });

  it('takes the version Chart.lock pins', async () => {
    const tree = app(`  - name: redis\n    version: ^1.0.0\n    repository: ${repo.url}\n`, {
      'apps/web/Chart.lock': `dependencies:\n- name: redis\n  repository: ${repo.url}\n  version: 1.0.0\n`,
    });
    const r = await renderHelmChart(tree, 'apps/web', { releaseName: 'rel', charts });
    expect(r.objects.find((o) => o.metadata.name === 'rel-redis')?.['data']).toMatchObject({
      chart: 'redis-1.0.0',
    });
  });

  it.each<[string, string, RegExp]>([
    [
      'an unreachable repository',
      '  - name: redis\n    version: 1.x\n    repository: http://127.0.0.1:1/charts\n',
      /^dependency redis of chart web: cannot fetch it from http:\/\/127\.0\.0\.1:1\/charts: cannot reach http:\/\/127\.0\.0\.1:1\/charts\/index\.yaml/u,
    ],
    [
      'no matching version',
      'REPO',
      /dependency redis of chart web: .*has no version matching "\^9"/u,
    ],
    [
      'a named repository',
      '  - name: redis\n    version: 1.x\n    repository: "@bitnami"\n',
      /named repository \(helm repo add\); write its URL/u,
    ],
    [
      'a missing file:// chart',
      '  - name: lib\n    version: 1.x\n    repository: file://../lib\n',
      /dependency lib of chart web: file:\/\/\.\.\/lib: no chart directory at apps\/lib/u,
    ],
  ])('fails clearly on %s', async (_, deps, message) => {
    const text =
      deps === 'REPO' ? `  - name: redis\n    version: ^9\n    repository: ${repo.url}\n` : deps;
    const err = await renderHelmChart(app(text), 'apps/web', { charts }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'RENDER_FAILED', message: expect.stringMatching(message) });
  });

  it('says it cannot fetch when no fetcher is given', async () => {
    const tree = app(`  - name: redis\n    version: 1.x\n    repository: ${repo.url}\n`);
    await expect(renderHelmChart(tree, 'apps/web')).rejects.toThrow(
      /not found in charts\/, and this renderer cannot fetch it from http/u,
    );
  });
});
