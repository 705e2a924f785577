import * as fs from 'node:fs';
import git from 'isomorphic-git';
import { expandShortSha, readCommitAt, resolveRefAt, type ObjectStore } from './object-store.js';
import { candidateRefs, type RevisionSpec } from './revision.js';
import { highestMatchingTag, type TagRef } from './semver-revision.js';

/**
 * Resolves a revision in a repository on disk, without any network: `HEAD`, a branch, a tag
 * (peeled), `refs/...`, a remote-tracking branch (`origin/x`), a semver range over tags, or a
 * full or abbreviated SHA. `undefined` when nothing matches.
 */
export async function resolveLocalRevision(
  store: ObjectStore,
  spec: RevisionSpec,
): Promise<string | undefined> {
  if (spec.kind === 'sha') return (await readCommitAt(store, spec.sha))?.oid;
  if (spec.kind === 'name' && spec.range !== undefined) {
    const tag = highestMatchingTag(await localTags(store), spec.range);
    if (tag !== undefined) return (await readCommitAt(store, tag.oid))?.oid;
  }
  const refs =
    spec.kind === 'head' ? ['HEAD'] : [...candidateRefs(spec.name), `refs/remotes/${spec.name}`];
  for (const ref of refs) {
    const oid = await resolveRefAt(store, ref);
    if (oid !== undefined) return (await readCommitAt(store, oid))?.oid;
  }
  if (spec.kind === 'name' && spec.shortSha !== undefined) {
    const full = await expandShortSha(store, spec.shortSha);
    return full === undefined ? undefined : (await readCommitAt(store, full))?.oid;
  }
  return undefined;
}

async function localTags(store: ObjectStore): Promise<TagRef[]> {
  const names = await git.listTags({ fs, gitdir: store.gitdir });
  const tags = await Promise.all(
    names.map(async (name) => {
      const oid = await resolveRefAt(store, `refs/tags/${name}`);
      return oid === undefined ? [] : [{ name, oid }];
    }),
  );
  return tags.flat();
}
