import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { RemoteBaseResolver } from '../render/kustomize/remote-bases.js';

/**
 * Runs `work` with a resolver for remote Kustomize bases that clones them, on first use,
 * into a temporary directory removed afterwards. Git is loaded only when a base needs it.
 */
export async function withRemoteBases<T>(
  work: (remoteBases: RemoteBaseResolver) => Promise<T>,
): Promise<T> {
  let cacheDir: string | undefined;
  let resolver: Promise<RemoteBaseResolver> | undefined;
  const open = async (): Promise<RemoteBaseResolver> => {
    const [{ RepoCache }, { gitRemoteBases }] = await Promise.all([
      import('../repo/repo-cache.js'),
      import('../controller/git-remote-bases.js'),
    ]);
    const { tmpdir } = await import('node:os');
    cacheDir = await mkdtemp(path.join(tmpdir(), 'ferry-render-'));
    return gitRemoteBases(new RepoCache({ cacheDir }));
  };
  try {
    return await work({
      async open(repoURL, ref) {
        resolver ??= open();
        return (await resolver).open(repoURL, ref);
      },
    });
  } finally {
    if (cacheDir !== undefined) await rm(cacheDir, { recursive: true, force: true });
  }
}
