import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSource } from '../../src/render/render-source.js';
import { RepoCache } from '../../src/repo/repo-cache.js';
import { fastImportRepo } from '../support/fast-import.js';
import { gitCli } from '../support/git-cli.js';
import { startGitHttpServer, type GitHttpServer } from '../support/git-http-server.js';

const GROUPS = 100;
const FILES_PER_GROUP = 30;
const COMMITS = 2_000;

const configMap = (name: string, revision: number): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata: {revision: "${revision}"}\n`;

let root: string;
let server: GitHttpServer;
let url: string;
let bareDir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ferry-git-scale-'));
  bareDir = join(root, 'monorepo.git');
  const files: Record<string, string> = {};
  for (let g = 0; g < GROUPS; g++) {
    for (let f = 0; f < FILES_PER_GROUP; f++) {
      const name = `cm-${g}-${f}`;
      files[`apps/group-${String(g).padStart(3, '0')}/${name}.yaml`] = configMap(name, 0);
    }
  }
  // Every later commit changes one file of group 0, so its last file ends at the last revision.
  const changes = Array.from({ length: COMMITS - 1 }, (_, i) => {
    const f = i % FILES_PER_GROUP;
    return { path: `apps/group-000/cm-0-${f}.yaml`, text: configMap(`cm-0-${f}`, i + 1) };
  });
  await fastImportRepo(bareDir, { files, changes });
  server = await startGitHttpServer({ root });
  url = `${server.url}/monorepo.git`;
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await rm(root, { recursive: true, force: true });
});

describe(`a repository of ${GROUPS * FILES_PER_GROUP} files and ${COMMITS} commits over HTTP`, () => {
  it('clones, resolves, renders a path and polls without fetching again', async () => {
    expect(await gitCli(['rev-list', '--count', 'main'], bareDir)).toBe(String(COMMITS));
    const head = await gitCli(['rev-parse', 'main'], bareDir);
    const cache = new RepoCache({ cacheDir: await mkdtemp(join(tmpdir(), 'ferry-repo-cache-')) });

    expect(await cache.resolveRevision(url, 'main')).toBe(head);
    expect(server.fetchCount('monorepo.git')).toBe(1);

    // One app of the monorepo, and all of it at once.
    const tree = await cache.openCommit(url, head);
    const group = await renderSource(tree, { repoURL: url, path: 'apps/group-000' });
    expect(group.objects).toHaveLength(FILES_PER_GROUP);
    const last = (COMMITS - 2) % FILES_PER_GROUP;
    expect(group.objects.find((o) => o.metadata.name === `cm-0-${last}`)?.['data']).toEqual({
      revision: String(COMMITS - 1),
    });
    const all = await renderSource(await cache.openCommit(url, head), {
      repoURL: url,
      path: 'apps',
      directory: { recurse: true },
    });
    expect(all.objects).toHaveLength(GROUPS * FILES_PER_GROUP);

    // An old commit by abbreviated SHA: the shallow clone is deepened to the full history.
    const old = await gitCli(['rev-parse', 'main~1500'], bareDir);
    expect(await cache.resolveRevision(url, old.slice(0, 10))).toBe(old);
    const oldFile = await (await cache.openCommit(url, old)).read('apps/group-000/cm-0-8.yaml');
    expect(oldFile).toBe(configMap('cm-0-8', 489));
    expect(server.fetchCount('monorepo.git')).toBe(2);

    // A poll with no new commit: one ref advertisement, no fetch.
    const before = server.requests.length;
    expect(await cache.resolveRevision(url, 'main')).toBe(head);
    expect(server.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /monorepo.git/info/refs',
    ]);
    expect(server.fetchCount('monorepo.git')).toBe(2);
  }, 180_000);
});
