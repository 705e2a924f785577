import { expandShortSha, readCommitAt, resolveRefAt, type ObjectStore } from './object-store.js';
import { candidateRefs, type RevisionSpec } from './revision.js';

/**
 * Resolves a revision in a repository on disk, without any network: `HEAD`, a branch, a tag
 * (peeled), `refs/...`, a remote-tracking branch (`origin/x`), or a full or abbreviated SHA.
 * `undefined` when nothing matches.
 */
export async function resolveLocalRevision(
  store: ObjectStore,
  spec: RevisionSpec,
): Promise<string | undefined> {
  if (spec.kind === 'sha') return (await readCommitAt(store, spec.sha))?.oid;
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
