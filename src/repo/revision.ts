import { highestMatchingTag, parseSemverRange, type SemverRange } from './semver-revision.js';

/** What a `targetRevision` asks for. */
export type RevisionSpec =
  | { kind: 'head' }
  | { kind: 'sha'; sha: string }
  /**
   * A branch or tag name, a full ref (`refs/heads/x`), maybe an abbreviated SHA, or maybe a
   * semver range over tags, which wins over a ref of the same name (as in Argo CD).
   */
  | { kind: 'name'; name: string; shortSha?: string; range?: SemverRange };

/** A ref as `git ls-remote` shows it; `peeled` is the commit an annotated tag points at. */
export interface RemoteRef {
  ref: string;
  oid: string;
  peeled?: string;
  target?: string;
}

const TAG_PREFIX = 'refs/tags/';
const FULL_SHA = /^[0-9a-f]{40}$/u;
const SHORT_SHA = /^[0-9a-f]{4,39}$/u;

export function isFullSha(value: string): boolean {
  return FULL_SHA.test(value);
}

/**
 * Parses a targetRevision: empty or `HEAD` is the default branch; 40 hex digits a commit;
 * a semver range (`1.2.*`, `^1.2`, `>=1.0.0 <2.0.0`) the highest tag it matches; anything
 * else a branch or tag name, which may also be an abbreviated SHA (4–39 hex digits) if no
 * ref has that name.
 */
export function parseRevision(targetRevision: string | undefined): RevisionSpec {
  const rev = (targetRevision ?? '').trim();
  if (rev === '' || rev === 'HEAD') return { kind: 'head' };
  const lower = rev.toLowerCase();
  if (FULL_SHA.test(lower)) return { kind: 'sha', sha: lower };
  const spec: RevisionSpec = { kind: 'name', name: rev };
  if (SHORT_SHA.test(lower)) spec.shortSha = lower;
  const range = parseSemverRange(rev);
  if (range !== undefined) spec.range = range;
  return spec;
}

/**
 * The refs a name could mean, most preferred first: a full ref as given, then a branch,
 * then a tag (Argo CD prefers a branch over a tag of the same name).
 */
export function candidateRefs(name: string): string[] {
  if (name.startsWith('refs/')) return [name];
  return [`refs/heads/${name}`, `refs/tags/${name}`];
}

/**
 * The commit (or annotated tag object, when the server did not peel it) that `spec`
 * names among a server's refs, or `undefined`. Abbreviated SHAs are not resolved here.
 */
export function matchRemoteRef(refs: RemoteRef[], spec: RevisionSpec): string | undefined {
  const byName = new Map(refs.map((r) => [r.ref, r]));
  if (spec.kind === 'sha') return spec.sha;
  if (spec.kind === 'name' && spec.range !== undefined) {
    const tags = refs.flatMap((r) =>
      r.ref.startsWith(TAG_PREFIX) && !r.ref.endsWith('^{}')
        ? [{ name: r.ref.slice(TAG_PREFIX.length), oid: r.peeled ?? r.oid }]
        : [],
    );
    const tag = highestMatchingTag(tags, spec.range);
    if (tag !== undefined) return tag.oid;
  }
  const wanted = spec.kind === 'head' ? ['HEAD'] : candidateRefs(spec.name);
  for (const name of wanted) {
    const ref = byName.get(name);
    if (ref !== undefined) return ref.peeled ?? ref.oid;
  }
  return undefined;
}

/** The message for a revision that names nothing in `repoURL`. */
export function revisionNotFoundMessage(
  spec: RevisionSpec,
  revision: string,
  repoURL: string,
): string {
  return spec.kind === 'name' && spec.range !== undefined
    ? `no tag matches range "${spec.range.text}" in ${repoURL}`
    : `revision "${revision}" not found in ${repoURL}`;
}

/** How a revision reads in messages. */
export function describeRevision(targetRevision: string | undefined): string {
  const rev = (targetRevision ?? '').trim();
  return rev === '' ? 'HEAD' : rev;
}
