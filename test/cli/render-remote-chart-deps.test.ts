import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { renderToYaml } from '../../src/cli/render-command.js';
import { configMapChart } from '../support/chart-package.js';
import { startHelmRepoServer, type HelmRepoServer } from '../support/helm-repo-server.js';

describe('ferry render: a chart whose dependency is in a chart repository', () => {
  let dir: string;
  let repo: HelmRepoServer;

  beforeAll(async () => {
    repo = await startHelmRepoServer();
    repo.publish('redis', '1.2.0', configMapChart('redis', '1.2.0'));
    dir = await mkdtemp(path.join(tmpdir(), 'ferry-render-deps-'));
    await mkdir(path.join(dir, 'app'), { recursive: true });
    await writeFile(
      path.join(dir, 'app', 'Chart.yaml'),
      `apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n  - name: redis\n    version: ^1.0.0\n    repository: ${repo.url}\n`,
    );
  });

  afterAll(async () => {
    await repo?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('fetches it, as helm dependency build would, and renders it', async () => {
    const yaml = await renderToYaml(path.join(dir, 'app'), { set: ['redis.greeting=hi'] });
    const docs = parseAllDocuments(yaml).map((d) => d.toJS() as { data?: unknown });
    expect(docs.map((d) => d.data)).toEqual([{ chart: 'redis-1.2.0', greeting: 'hi' }]);
  });
});
