import semver from 'semver';

/** A `targetRevision` that is a semver range over tags, such as `1.2.*` or `>=1.0.0 <2.0.0`. */
export interface SemverRange {
  /** The range as the user wrote it, for messages. */
  text: string;
  range: semver.Range;
}

/** A tag and the commit (or tag object) it points at. */
export interface TagRef {
  name: string;
  oid: string;
}

/**
 * A version as Argo CD (Masterminds semver) reads it: an optional `v`, then one to three
 * numbers, then an optional pre-release and build. `1.2` is `1.2.0`.
 */
const LOOSE_VERSION =
  /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/u;

/** A pre-release written in a range: a number, a hyphen, then a letter or digit (`1.2.0-rc.1`). */
const NAMES_PRERELEASE = /\d-[0-9A-Za-z]/u;

/**
 * The semver range `targetRevision` stands for, or `undefined` when it is not one. As in
 * Argo CD, a plain version (`1.2.3`, `v1.2`) is a pin on the tag of that name, not a range.
 * Pre-release tags match only when the range itself names a pre-release (`>=1.0.0-rc.1`).
 */
export function parseSemverRange(targetRevision: string): SemverRange | undefined {
  const text = targetRevision.trim();
  if (text === '' || LOOSE_VERSION.test(text)) return undefined;
  const includePrerelease = NAMES_PRERELEASE.test(text);
  try {
    return { text, range: new semver.Range(text, { includePrerelease }) };
  } catch {
    return undefined;
  }
}

/** The version a tag name carries (`v1.2.3`, `1.2`, `2.0.0-rc.1`), or `undefined`. */
export function parseTagVersion(tag: string): semver.SemVer | undefined {
  const m = LOOSE_VERSION.exec(tag);
  if (m === null) return undefined;
  const core = `${m[1]}.${m[2] ?? '0'}.${m[3] ?? '0'}`;
  const pre = m[4] === undefined ? '' : `-${m[4]}`;
  const build = m[5] === undefined ? '' : `+${m[5]}`;
  return semver.parse(`${core}${pre}${build}`) ?? undefined;
}

/**
 * The tag with the highest version that satisfies `range`, or `undefined`. Tags that are not
 * versions are ignored; of two tags with the same version (`v1.2.3` and `1.2.3`), the one
 * whose name sorts first wins, so the answer does not depend on the order of `tags`.
 */
export function highestMatchingTag(tags: TagRef[], range: SemverRange): TagRef | undefined {
  let best: { tag: TagRef; version: semver.SemVer } | undefined;
  for (const tag of tags) {
    const version = parseTagVersion(tag.name);
    if (version === undefined || !range.range.test(version)) continue;
    const order = best === undefined ? 1 : semver.compare(version, best.version);
    if (order > 0 || (order === 0 && best !== undefined && tag.name < best.tag.name)) {
      best = { tag, version };
    }
  }
  return best?.tag;
}
