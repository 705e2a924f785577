import semver from 'semver';

/** The targetRevision values that ask for the newest release, as Argo CD reads them. */
const LATEST = new Set(['', '*', 'HEAD', 'latest']);

/**
 * The version a chart `targetRevision` selects among `versions` (as the repository lists
 * them), or `undefined` when none matches. An exact version must be listed; a range
 * (`1.2.*`, `>=1 <2`, `^1.2`, `~1.2.0`, Masterminds' `>=1, <2` and `||`) selects the highest
 * match, with pre-releases only when the range names one; empty or `*` selects the newest
 * release.
 */
export function pickChartVersion(
  versions: readonly string[],
  targetRevision: string | undefined,
): string | undefined {
  const wanted = (targetRevision ?? '').trim();
  const exact = semver.valid(wanted, { loose: true });
  if (exact !== null) {
    return (
      versions.find((v) => v === wanted) ??
      versions.find((v) => semver.valid(v, { loose: true }) === exact)
    );
  }
  const range = toRange(wanted);
  if (range === undefined) return versions.find((v) => v === wanted);
  let best: { raw: string; parsed: semver.SemVer } | undefined;
  for (const raw of versions) {
    const parsed = semver.parse(raw, { loose: true });
    if (parsed === null || !semver.satisfies(parsed, range)) continue;
    if (best === undefined || semver.gt(parsed, best.parsed)) best = { raw, parsed };
  }
  return best?.raw;
}

/** Whether a targetRevision is a version range (or latest) rather than one version. */
export function isVersionRange(targetRevision: string | undefined): boolean {
  const wanted = (targetRevision ?? '').trim();
  return semver.valid(wanted, { loose: true }) === null && toRange(wanted) !== undefined;
}

function toRange(wanted: string): semver.Range | undefined {
  const text = LATEST.has(wanted) ? '*' : wanted.replace(/\s*,\s*/gu, ' ');
  try {
    return new semver.Range(text, { loose: true });
  } catch {
    return undefined;
  }
}
