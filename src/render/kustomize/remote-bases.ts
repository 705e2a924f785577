import { RenderError } from '../../model/errors.js';
import type { SourceTree } from '../source-tree.js';
import type { RemoteBase } from './remote-base-url.js';

/**
 * Opens the Git repositories that remote Kustomize bases name. Render stays free of Git and
 * the network: whoever renders passes one in (Ferry's wiring uses its RepoCache).
 */
export interface RemoteBaseResolver {
  /**
   * The files of the commit that `ref` (a branch, tag or commit; the default branch when
   * `undefined`) names in the Git repository at `repoURL`.
   */
  open(repoURL: string, ref: string | undefined): Promise<SourceTree>;
}

/** Remote trees opened during one build, shared by every kustomization in it. */
export interface RemoteTrees {
  resolver: RemoteBaseResolver | undefined;
  opened: Map<string, Promise<SourceTree>>;
}

/**
 * The tree of a remote base's repository. Ferry fetches remote bases over HTTP(S) only:
 * SSH and `file://` URLs get an error saying what to write instead.
 */
export function openRemoteTree(
  remote: RemoteTrees,
  kustFile: string,
  base: RemoteBase,
): Promise<SourceTree> {
  const data = { file: kustFile, path: base.url };
  if (!/^https?:\/\//iu.test(base.repoURL)) {
    const https = httpsFormOf(base.repoURL);
    const advice =
      https === undefined
        ? 'Ferry fetches remote bases over http(s) only; vendor it into the repository or use an https:// URL'
        : `Ferry fetches Git over HTTPS: write ${https} instead`;
    return Promise.reject(
      new RenderError(`${kustFile}: remote base ${base.url}: ${advice}`, { data }),
    );
  }
  if (remote.resolver === undefined) {
    return Promise.reject(
      new RenderError(
        `${kustFile}: remote base ${base.url}: this render cannot fetch Git repositories`,
        { data },
      ),
    );
  }
  const key = `${base.repoURL}\n${base.ref ?? ''}`;
  let tree = remote.opened.get(key);
  if (tree === undefined) {
    tree = remote.resolver.open(base.repoURL, base.ref);
    remote.opened.set(key, tree);
  }
  return tree;
}

/** The `https://host/path` form of an SSH repository URL (`git@host:path`, `ssh://…`). */
function httpsFormOf(repoURL: string): string | undefined {
  const ssh = /^ssh:\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/(.+)$/iu.exec(repoURL);
  if (ssh !== null) return `https://${ssh[1]!}/${ssh[2]!}`;
  const scp = /^[^@/]+@([^:/]+):(.+)$/u.exec(repoURL);
  if (scp !== null) return `https://${scp[1]!}/${scp[2]!.replace(/^\/+/u, '')}`;
  return undefined;
}
