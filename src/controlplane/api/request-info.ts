/** What a request path addresses, parsed as the API server's RequestInfo does. */
export interface ResourcePath {
  group: string;
  version: string;
  /** The URL namespace; undefined for cluster-wide paths. */
  namespace: string | undefined;
  plural: string;
  name: string | undefined;
  subresource: string | undefined;
  /** Set by the legacy `/watch/` path prefix. */
  watchPrefix: boolean;
}

/** Subresources of a namespace that `/namespaces/<ns>/<x>` names instead of a resource. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/** Parses `/api/v1/...` and `/apis/<group>/<version>/...` resource paths. */
export function parseResourcePath(pathname: string): ResourcePath | undefined {
  const parts = pathname
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1]!;
    version = parts[2]!;
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 2) {
    namespace = rest[1]!;
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) {
      rest = rest.slice(2);
    } else {
      // `/namespaces/<name>[/status]` addresses the namespace object itself.
      return {
        group,
        version,
        namespace: undefined,
        plural: 'namespaces',
        name: namespace,
        subresource: rest[2],
        watchPrefix,
      };
    }
  }
  if (rest.length === 0 || rest.length > 3) return undefined;
  return {
    group,
    version,
    namespace,
    plural: rest[0]!,
    name: rest[1],
    subresource: rest[2],
    watchPrefix,
  };
}
