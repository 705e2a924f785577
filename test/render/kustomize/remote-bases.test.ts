import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { renderToYaml } from '../../../src/cli/render-command.js';
import { gitRemoteBases } from '../../../src/controller/git-remote-bases.js';
import { renderKustomize } from '../../../src/render/kustomize/render-kustomize.js';
import type { RemoteBaseResolver } from '../../../src/render/kustomize/remote-bases.js';
import { RepoCache } from '../../../src/repo/repo-cache.js';
import { fsSourceTree } from '../../support/fs-source-tree.js';
import { startGitHttpServer, type GitHttpServer } from '../../support/git-http-server.js';
import { ServedRepo } from '../../support/served-repo.js';
import { kubectlKustomize } from './kubectl-kustomize.js';

const FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/kustomize/remote-bases');

let root: string;
let work: string;
let server: GitHttpServer;
let files: Server;
let filesURL: string;
let bases: ServedRepo;
let remoteBases: RemoteBaseResolver;

/** The fixture repository's files, with GIT_SERVER replaced by the server's URL. */
async function repoFiles(dir: string, prefix = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) Object.assign(out, await repoFiles(dir, rel));
    else
      out[rel] = (await readFile(path.join(dir, rel), 'utf8')).replaceAll('GIT_SERVER', server.url);
  }
  return out;
}

/** Writes `<work>/<name>/kustomization.yaml` and returns the directory's tree path. */
async function overlay(name: string, kustomization: string): Promise<string> {
  await mkdir(path.join(work, name), { recursive: true });
  await writeFile(path.join(work, name, 'kustomization.yaml'), kustomization);
  return name;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'ferry-remote-bases-'));
  work = await mkdtemp(path.join(tmpdir(), 'ferry-remote-overlays-'));
  server = await startGitHttpServer({ root });
  bases = await ServedRepo.create(root, 'bases', await repoFiles(path.join(FIXTURE, 'bases')));
  await bases.tag('v1');
  // main moves on after v1: bases pinned to v1 must not see this.
  await bases.commit({
    write: {
      'app/deployment.yaml': (
        await readFile(path.join(FIXTURE, 'bases/app/deployment.yaml'), 'utf8')
      ).replace('nginx:1.25', 'nginx:1.27'),
    },
  });
  await bases.push();
  await mkdir(path.join(root, 'org'));
  await ServedRepo.create(
    path.join(root, 'org'),
    'platform',
    await repoFiles(path.join(FIXTURE, 'platform')),
  );
  files = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/yaml' });
    res.end('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain}\n');
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesURL = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  remoteBases = gitRemoteBases(new RepoCache({ cacheDir: path.join(root, 'cache') }));
});

afterAll(async () => {
  await server.stop();
  await new Promise((resolve) => files.close(resolve));
  await rm(root, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

describe('remote bases render as kubectl kustomize renders them', () => {
  it('fetches every URL form from Git over HTTP, at the ref each names', async () => {
    const dir = await overlay(
      'prod',
      `resources:
- ${server.url}/bases.git//app?ref=v1
- ${server.url}/org/platform/monitoring?ref=main
- git::${server.url}/bases.git/extra
namePrefix: prod-
configMapGenerator:
- name: app-settings
  behavior: merge
  literals: [LEVEL=debug]
patches:
- target: {kind: Deployment, name: web}
  patch: |-
    - op: replace
      path: /spec/replicas
      value: 3
`,
    );
    const reference = await kubectlKustomize(path.join(work, dir));
    expect(reference.error).toBeUndefined();
    const result = await renderKustomize(fsSourceTree(work), dir, { remoteBases });
    expect(result.objects).toEqual(reference.objects);
    expect(JSON.stringify(result.objects)).toContain('nginx:1.25');
  });

  it('resolves a commit SHA and a branch as Ferry resolves targetRevision', async () => {
    const head = await bases.revParse('HEAD');
    const dir = await overlay('pinned', `resources:\n- ${server.url}/bases.git//app?ref=${head}\n`);
    const result = await renderKustomize(fsSourceTree(work), dir, { remoteBases });
    expect(JSON.stringify(result.objects)).toContain('nginx:1.27');
    const byBranch = await overlay(
      'branch',
      `resources:\n- ${server.url}/bases.git//app?ref=main\n`,
    );
    const reference = await kubectlKustomize(path.join(work, byBranch));
    expect(reference.error).toBeUndefined();
    expect((await renderKustomize(fsSourceTree(work), byBranch, { remoteBases })).objects).toEqual(
      reference.objects,
    );
  });

  it('takes components from Git URLs too', async () => {
    const dir = await overlay(
      'component',
      `resources:\n- ${server.url}/bases.git//extra\ncomponents:\n- ${server.url}/bases.git//team-labels?ref=main\n`,
    );
    const reference = await kubectlKustomize(path.join(work, dir));
    expect(reference.error).toBeUndefined();
    const result = await renderKustomize(fsSourceTree(work), dir, { remoteBases });
    expect(result.objects).toEqual(reference.objects);
  });
});

describe('ferry render', () => {
  it('clones remote bases into a temporary cache and prints what kubectl prints', async () => {
    const dir = await overlay('cli', `resources:\n- ${server.url}/org/platform.git/monitoring\n`);
    const printed = parseAllDocuments(await renderToYaml(path.join(work, dir))).map(
      (d) => d.toJS() as unknown,
    );
    const reference = await kubectlKustomize(path.join(work, dir));
    expect(reference.error).toBeUndefined();
    expect(printed).toEqual(reference.objects);
  });
});

describe('remote bases that Ferry cannot build fail with the URL', () => {
  const render = async (name: string, url: string): Promise<unknown> => {
    const dir = await overlay(name, `resources:\n- ${url}\n`);
    return renderKustomize(fsSourceTree(work), dir, { remoteBases });
  };

  it('a plain HTTP file', async () => {
    await expect(render('file', `${filesURL}/deploy.yaml`)).rejects.toThrow(
      `file/kustomization.yaml: "${filesURL}/deploy.yaml" is not a Git repository URL`,
    );
  });

  it('an HTTP URL that is not a Git repository', async () => {
    const url = `${filesURL}/raw/main/deploy.yaml`;
    const error = await render('not-git', url).catch((err: unknown) => err);
    expect(error).toMatchObject({
      code: 'RENDER_FAILED',
      message: `not-git/kustomization.yaml: remote base ${url}`,
    });
    expect((error as Error).cause).toMatchObject({ code: 'REPO_FAILED' });
  });

  it('an unreachable server', async () => {
    const url = 'http://127.0.0.1:1/org/repo//app?ref=v1';
    await expect(render('unreachable', url)).rejects.toMatchObject({
      message: `unreachable/kustomization.yaml: remote base ${url}`,
      cause: { code: 'REPO_FAILED' },
    });
  });

  it('without the credentials written in the URL', async () => {
    const url = 'http://deploy:s3cret-token@127.0.0.1:1/org/repo//app?ref=v1';
    const error = (await render('secret', url).catch((err: unknown) => err)) as Error;
    expect(error.message).toBe(
      'secret/kustomization.yaml: remote base http://127.0.0.1:1/org/repo//app?ref=v1',
    );
    const { describeError } = await import('../../../src/model/errors.js');
    expect(describeError(error)).not.toContain('s3cret');
    expect(JSON.stringify(error)).not.toContain('s3cret');
  });

  it('a ref the repository does not have', async () => {
    const url = `${server.url}/bases.git//app?ref=no-such-tag`;
    const error = (await render('bad-ref', url).catch((err: unknown) => err)) as Error;
    expect(error.message).toBe(`bad-ref/kustomization.yaml: remote base ${url}`);
    expect(String((error.cause as Error).message)).toContain('no-such-tag');
  });

  it('a directory without a kustomization', async () => {
    const url = `${server.url}/bases.git//nowhere?ref=v1`;
    await expect(render('missing-dir', url)).rejects.toThrow(
      `missing-dir/kustomization.yaml: resource "${url}" does not exist (nowhere in ${server.url}/bases.git)`,
    );
  });

  it('an SSH URL, with the HTTPS URL to use instead', async () => {
    await expect(render('ssh', 'git@github.com:org/repo//app?ref=v1')).rejects.toThrow(
      'ssh/kustomization.yaml: remote base git@github.com:org/repo//app?ref=v1: Ferry fetches Git over HTTPS: write https://github.com/org/repo instead',
    );
  });

  it('a render without Git access', async () => {
    const dir = await overlay('offline', `resources:\n- ${server.url}/bases.git//app\n`);
    await expect(renderKustomize(fsSourceTree(work), dir)).rejects.toThrow(
      `offline/kustomization.yaml: remote base ${server.url}/bases.git//app: this render cannot fetch Git repositories`,
    );
  });
});
