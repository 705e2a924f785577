import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configMapChart } from '../support/chart-package.js';
import { healthy, startFerryEnv, synced, type FerryEnv } from '../support/ferry-env.js';
import { startHelmRepoServer, type HelmRepoServer } from '../support/helm-repo-server.js';
import { startOciRegistryServer, type OciRegistryServer } from '../support/oci-registry-server.js';

describe('Applications whose source is a chart in a Helm repository or OCI registry', () => {
  let env: FerryEnv;
  let repo: HelmRepoServer;
  let oci: OciRegistryServer;

  beforeAll(async () => {
    repo = await startHelmRepoServer();
    for (const v of ['1.0.0', '1.1.0', '2.0.0']) repo.publish('web', v, configMapChart('web', v));
    oci = await startOciRegistryServer();
    oci.pushChart('charts/api', '0.2.0', configMapChart('api', '0.2.0'));
    env = await startFerryEnv({
      // A chart in Git whose dependency lives in the chart repository, not in charts/.
      'umbrella/Chart.yaml': `apiVersion: v2
name: umbrella
version: 0.1.0
dependencies:
  - name: web
    version: ~1.0.0
    repository: ${repo.url}
`,
      'umbrella/values.yaml': 'web:\n  greeting: from-umbrella\n',
    });
  });

  afterAll(async () => {
    await env?.stop();
    await repo?.stop();
    await oci?.stop();
  });

  const configMap = (name: string, namespace: string) =>
    env.get('v1', 'ConfigMap', name, namespace);

  it('syncs the highest version in range, and moves when a new one is published', async () => {
    await env.createApp('web', {
      path: '',
      source: {
        repoURL: repo.url,
        chart: 'web',
        targetRevision: '1.*',
        helm: { parameters: [{ name: 'greeting', value: 'hi' }] },
      },
      syncPolicy: { automated: { prune: true } },
    });
    const app = await env.waitForApp(
      'web',
      'Synced and Healthy at 1.1.0',
      (a) => synced(a) && healthy(a) && a.status?.sync.revision === '1.1.0',
    );
    expect(app.status?.conditions ?? []).toEqual([]);
    expect((await configMap('web-web', 'web'))?.['data']).toEqual({
      chart: 'web-1.1.0',
      greeting: 'hi',
    });

    repo.publish('web', '1.2.0', configMapChart('web', '1.2.0'));
    await env.client.mergePatch(
      { apiVersion: app.apiVersion, kind: app.kind, metadata: app.metadata },
      { metadata: { annotations: { 'ferry.dev/refresh': 'hard' } } },
    );
    await env.waitForApp(
      'web',
      'Synced at 1.2.0',
      (a) => synced(a) && a.status?.sync.revision === '1.2.0',
    );
    await env.waitForApp('web', 'its sync of 1.2.0 recorded in history', (a) =>
      (a.status?.history ?? []).some((h) => h.revision === '1.2.0'),
    );
    expect((await configMap('web-web', 'web'))?.['data']).toMatchObject({ chart: 'web-1.2.0' });
  });

  it('syncs a chart from an OCI registry', async () => {
    await env.createApp('api', {
      path: '',
      source: { repoURL: `oci://${oci.host}/charts`, chart: 'api', targetRevision: '0.2.0' },
      syncPolicy: { automated: {} },
    });
    await env.waitForApp(
      'api',
      'Synced and Healthy at 0.2.0',
      (a) => synced(a) && healthy(a) && a.status?.sync.revision === '0.2.0',
    );
    expect((await configMap('api-api', 'api'))?.['data']).toMatchObject({ chart: 'api-0.2.0' });
  });

  it('fetches the dependencies a chart in Git does not vendor', async () => {
    await env.createApp('umbrella', { path: 'umbrella', syncPolicy: { automated: {} } });
    await env.waitForApp('umbrella', 'Synced and Healthy', (a) => synced(a) && healthy(a));
    expect((await configMap('umbrella-web', 'umbrella'))?.['data']).toEqual({
      chart: 'web-1.0.0',
      greeting: 'from-umbrella',
    });
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['a missing chart', { chart: 'nope', targetRevision: '1.0.0' }, /chart nope not found/u],
    ['no matching version', { chart: 'web', targetRevision: '^7' }, /no version matching "\^7"/u],
  ])('explains %s in a condition', async (_, source, message) => {
    const name = `broken-${source['chart']}`;
    await env.createApp(name, { path: '', source: { repoURL: repo.url, ...source } });
    const app = await env.waitForApp(name, 'a ComparisonError', (a) =>
      (a.status?.conditions ?? []).some((c) => c.type === 'ComparisonError'),
    );
    expect(app.status?.conditions?.[0]?.message).toMatch(message);
  });

  it('explains an unreachable repository in a condition', async () => {
    await env.createApp('unreachable', {
      path: '',
      source: { repoURL: 'http://127.0.0.1:1/charts', chart: 'web', targetRevision: '1.*' },
    });
    const app = await env.waitForApp('unreachable', 'a ComparisonError', (a) =>
      (a.status?.conditions ?? []).some((c) => c.type === 'ComparisonError'),
    );
    expect(app.status?.conditions?.[0]?.message).toContain(
      'cannot reach http://127.0.0.1:1/charts/index.yaml',
    );
  });
});
