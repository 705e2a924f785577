import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitSourceLoader } from '../../src/controller/git-source-loader.js';
import { kubectlKustomize } from '../render/kustomize/kubectl-kustomize.js';
import { startGitHttpServer, type GitHttpServer } from '../support/git-http-server.js';
import { ServedRepo } from '../support/served-repo.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/kustomize/remote-bases/bases');

let root: string;
let server: GitHttpServer;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'ferry-loader-remote-'));
  server = await startGitHttpServer({ root });
});

afterAll(async () => {
  await server.stop();
  await rm(root, { recursive: true, force: true });
});

const read = (file: string): Promise<string> => readFile(path.join(FIXTURE, file), 'utf8');

describe('GitSourceLoader', () => {
  it('renders an app whose kustomization names a remote base in another repository', async () => {
    const bases = await ServedRepo.create(root, 'shared-bases', {
      'common/kustomization.yaml': await read('common/kustomization.yaml'),
      'common/service-account.yaml': await read('common/service-account.yaml'),
    });
    await bases.tag('v1');
    const app = await ServedRepo.create(root, 'app', {
      'deploy/kustomization.yaml': `resources:\n- ${server.url}/shared-bases.git//common?ref=v1\nnamespace: shop\nnamePrefix: shop-\n`,
    });
    const loader = new GitSourceLoader({ cacheDir: path.join(root, 'cache') });
    const source = { repoURL: `${server.url}/${app.name}`, path: 'deploy', targetRevision: 'main' };
    const objects = await loader.render(source, await loader.resolve(source));

    const reference = await kubectlKustomize(path.join(app.workDir, 'deploy'));
    expect(reference.error).toBeUndefined();
    expect(objects).toEqual(reference.objects);
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/shop/shop-runner',
    ]);
  });
});
