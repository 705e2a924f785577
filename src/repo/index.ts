export { RepoCache, type RepoCacheOptions, type RepoStatus } from './repo-cache.js';
export { type CacheCollection } from './cache-collector.js';
export {
  GitCommitTree,
  normalizeRepoPath,
  TREE_ENTRY_TYPE,
  type CommitTree,
  type TreeEntry,
  type TreeEntryType,
} from './commit-tree.js';
export {
  credentialsByPrefix,
  type CredentialEntry,
  type CredentialsLookup,
  type RepoCredentials,
} from './credentials.js';
export { normalizeRepoURL, RepoCredentialStore } from './credential-store.js';
export { parseRepoSecret, REPO_SECRET_TYPE, SECRET_TYPE_LABEL } from './repo-secret.js';
export { DEFAULT_TREE_LIMITS, type TreeLimits } from './tree-limits.js';
export { isRepoErrorReason, REPO_ERROR_REASON, type RepoErrorReason } from './repo-errors.js';
export { parseRepoURL, redactURL, REPO_TRANSPORT, type ParsedRepoURL } from './repo-url.js';
export { isFullSha, parseRevision, type RevisionSpec } from './revision.js';
export {
  commitFiles,
  initRepo,
  LOCAL_AUTHOR,
  type CommitOptions,
  type FileChanges,
} from './local-repo.js';
