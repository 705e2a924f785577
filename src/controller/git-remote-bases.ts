import type { RemoteBaseResolver } from '../render/kustomize/remote-bases.js';
import type { RepoCache } from '../repo/repo-cache.js';

/**
 * Remote Kustomize bases opened through Ferry's Git layer: the ref is resolved like an
 * Application's targetRevision (branch, tag, commit; the default branch when absent), and the
 * base is read from that commit's immutable tree.
 */
export function gitRemoteBases(
  repos: Pick<RepoCache, 'resolveRevision' | 'openCommit'>,
): RemoteBaseResolver {
  return {
    async open(repoURL, ref) {
      const sha = await repos.resolveRevision(repoURL, ref);
      return repos.openCommit(repoURL, sha);
    },
  };
}
