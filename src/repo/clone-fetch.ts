import * as fs from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import git, { type HttpClient } from 'isomorphic-git';
import { readCommitAt, resolveRefAt, type ObjectStore } from './object-store.js';
import type { RemoteRef } from './revision.js';

/** The server one fetch asks, and how. */
export interface FetchRemote {
  http: HttpClient;
  url: string;
  headers: Record<string, string>;
}

/** Git's "infinite" depth: deepening by it brings all the history a shallow clone lacks. */
const FULL_DEPTH = 0x7fffffff;
const HEADS = 'refs/heads/';
const TAGS = 'refs/tags/';

/**
 * Fetches object `oid` (a commit, or an annotated tag and its commit) with its tree and none of
 * its history (depth 1): all that a render reads. One commit the clone has, preferably the one
 * the same ref named before, is offered as a base, so a new commit on a known branch costs
 * only what changed. Then the refs pointing at `oid` are remembered locally, as next time's base.
 *
 * `oid` need not be at a ref's tip: Git servers over HTTP serve any commit a ref reaches, but
 * not every server does, so the caller falls back to {@link fetchHistory} when this fails.
 */
export async function fetchCommit(
  store: ObjectStore,
  remote: FetchRemote,
  wanted: { oid: string; refs: RemoteRef[] },
): Promise<void> {
  const base = await fetchBase(store, wanted.refs, wanted.oid);
  await fetchFromOrigin(store, remote, {
    // With singleBranch, `ref` is only the commit offered as a base, and `remoteRef` the want.
    ref: base ?? wanted.oid,
    remoteRef: wanted.oid,
    singleBranch: true,
    depth: 1,
    tags: false,
  });
  for (const ref of refsAt(wanted.refs, wanted.oid)) {
    const local = localRefName(ref.ref);
    if (local === undefined) continue;
    // A name the server may send but Git may not write is only a lost hint.
    await git
      .writeRef({ fs, gitdir: store.gitdir, ref: local, value: wanted.oid, force: true })
      .catch(() => undefined);
  }
}

/**
 * Fetches every branch and tag with all its history, mirroring the server's refs (moved tags
 * and force-pushes included): what abbreviated SHAs, and commits a server does not hand out
 * alone, need. A shallow clone is deepened to the full history on the way.
 */
export async function fetchHistory(
  store: ObjectStore,
  remote: FetchRemote,
  refs: RemoteRef[],
): Promise<void> {
  // isomorphic-git needs one ref to anchor the fetch; an empty repository has nothing to fetch.
  const ref = (refs.find((r) => r.ref === 'HEAD' || r.ref.startsWith(HEADS)) ?? refs[0])?.ref;
  if (ref === undefined) return;
  const shallow = await isShallow(store.gitdir);
  await fetchFromOrigin(store, remote, {
    ref,
    singleBranch: false,
    ...(shallow ? { depth: FULL_DEPTH } : {}),
    tags: true,
    prune: true,
    pruneTags: true,
  });
}

/** What one fetch asks for; the rest of `git.fetch`'s arguments come from the store and remote. */
type FetchWant = Pick<
  Parameters<typeof git.fetch>[0],
  'ref' | 'remoteRef' | 'singleBranch' | 'depth' | 'tags' | 'prune' | 'pruneTags'
>;

/** One fetch from the remote as `origin` into the store, then the `shallow` file trimmed. */
async function fetchFromOrigin(
  store: ObjectStore,
  remote: FetchRemote,
  want: FetchWant,
): Promise<void> {
  await git.fetch({
    fs,
    http: remote.http,
    gitdir: store.gitdir,
    cache: store.cache,
    url: remote.url,
    remote: 'origin',
    headers: remote.headers,
    ...want,
  });
  await trimShallow(store);
}

/** The server's refs that point at `oid`, directly or through an annotated tag. */
export function refsAt(refs: RemoteRef[], oid: string): RemoteRef[] {
  return refs.filter((r) => r.oid === oid || r.peeled === oid);
}

/** Whether the clone lacks some history: its `shallow` file lists commits cut from their parents. */
export async function isShallow(gitdir: string): Promise<boolean> {
  return (await readShallow(gitdir)).size > 0;
}

/**
 * The commit to offer the server as already here: what a ref at `oid` named when last fetched
 * (the branch's previous tip, the tag's previous commit), else the default branch's.
 */
async function fetchBase(
  store: ObjectStore,
  refs: RemoteRef[],
  oid: string,
): Promise<string | undefined> {
  const head = refs.find((r) => r.ref === 'HEAD');
  const candidates = [...refsAt(refs, oid).map((r) => r.ref), head?.target ?? 'HEAD'];
  for (const serverRef of candidates) {
    const local = localRefName(serverRef);
    const at = local === undefined ? undefined : await resolveRefAt(store, local);
    const commit =
      at === undefined ? undefined : await readCommitAt(store, at).catch(() => undefined);
    if (commit !== undefined) return commit.oid;
  }
  return undefined;
}

/** Where a clone keeps a server's ref: as `git fetch` with its default refspec and tags does. */
function localRefName(serverRef: string): string | undefined {
  if (serverRef === 'HEAD') return 'refs/remotes/origin/HEAD';
  if (serverRef.startsWith(HEADS)) return `refs/remotes/origin/${serverRef.slice(HEADS.length)}`;
  if (serverRef.startsWith(TAGS) && !serverRef.endsWith('^{}')) return serverRef;
  return undefined;
}

/**
 * Drops from the `shallow` file the commits whose parents are all here after all, as Git does:
 * isomorphic-git marks every commit a depth-1 fetch brings, even one on top of a commit it had,
 * and the file is sent with every fetch.
 */
async function trimShallow(store: ObjectStore): Promise<void> {
  const shallow = await readShallow(store.gitdir);
  const kept: string[] = [];
  for (const oid of shallow) {
    if (!(await hasAllParents(store, oid))) kept.push(oid);
  }
  if (kept.length === shallow.size) return;
  const file = join(store.gitdir, 'shallow');
  if (kept.length === 0) await rm(file, { force: true });
  else await writeFile(file, `${kept.join('\n')}\n`);
}

async function hasAllParents(store: ObjectStore, oid: string): Promise<boolean> {
  const read = await git
    .readCommit({ fs, gitdir: store.gitdir, oid, cache: store.cache })
    .catch(() => undefined);
  if (read === undefined) return false;
  for (const parent of read.commit.parent) {
    if ((await readCommitAt(store, parent).catch(() => undefined)) === undefined) return false;
  }
  return true;
}

async function readShallow(gitdir: string): Promise<Set<string>> {
  const text = await readFile(join(gitdir, 'shallow'), 'utf8').catch(() => '');
  return new Set(text.split('\n').filter((line) => line.trim() !== ''));
}
