import semver from 'semver';
import { FuncError, GoStruct } from '../template/go-value.js';
import { argString, def, type FuncMap } from '../template/funcs.js';

const VERSION = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/u;

/** Masterminds/semver's NewVersion: `v` prefixes and missing minor/patch are accepted. */
export function parseVersion(text: string): semver.SemVer | undefined {
  const m = VERSION.exec(text.trim());
  if (m === null) return undefined;
  const core = `${m[1]}.${m[2] ?? 0}.${m[3] ?? 0}`;
  return semver.parse(`${core}${m[4] ? `-${m[4]}` : ''}${m[5] ? `+${m[5]}` : ''}`) ?? undefined;
}

/** Translates a Masterminds constraint (`>= 1.2, < 2`, `~1.2`, `1.2.x`, `>=1.19-0`) to an npm range. */
export function toRange(constraint: string): string {
  return constraint
    .split('||')
    .map((part) =>
      part
        .split(',')
        .map((c) => c.trim())
        .map((c) =>
          c.replace(/^(=|!=|>=|<=|>|<|~|\^|~>)?\s*v?/u, (_, op: string | undefined) =>
            op === '~>' ? '~' : (op ?? ''),
          ),
        )
        .map((c) =>
          c.replace(
            /^([<>=!~^]*)(\d+)(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(-[0-9A-Za-z.-]+)?/u,
            (all, op: string, maj: string, min?: string, pat?: string, pre?: string) => {
              if (pre === undefined) return all;
              return `${op}${maj}.${min ?? '0'}.${pat ?? '0'}${pre}`;
            },
          ),
        )
        .join(' '),
    )
    .join(' || ');
}

export function satisfies(version: string, constraint: string): boolean {
  const v = parseVersion(version);
  if (v === undefined) throw new FuncError(`Invalid Semantic Version`);
  const range = semver.validRange(toRange(constraint));
  if (range === null) throw new FuncError(`improper constraint: ${constraint}`);
  return semver.satisfies(v, range, { includePrerelease: /-/u.test(constraint) });
}

function versionStruct(v: semver.SemVer, original: string): GoStruct {
  return new GoStruct(
    '*semver.Version',
    {},
    {
      Major: () => BigInt(v.major),
      Minor: () => BigInt(v.minor),
      Patch: () => BigInt(v.patch),
      Prerelease: () => v.prerelease.join('.'),
      Metadata: () => v.build.join('.'),
      Original: () => original,
      String: () => v.format() + (v.build.length > 0 ? `+${v.build.join('.')}` : ''),
    },
  );
}

/** Sprig's semver functions. */
export function semverFuncs(): FuncMap {
  return {
    semver: def(1, 1, (a) => {
      const s = argString(a[0]);
      const v = parseVersion(s);
      if (v === undefined) throw new FuncError('Invalid Semantic Version');
      return versionStruct(v, s);
    }),
    semverCompare: def(2, 2, (a) => satisfies(argString(a[1]), argString(a[0]))),
  };
}
