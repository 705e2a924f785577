// Application conditions and operation phases in plain words.
const CONDITIONS = {
  ComparisonError: 'Ferry could not compare Git with the cluster',
  InvalidSpecError: 'The application spec is invalid',
  SyncError: 'The last sync failed',
  RepoError: 'Ferry could not read the Git repository',
  DependencyNotReady: 'Waiting for the apps it depends on',
  AutoSyncPaused: 'Auto-sync is paused after a rollback until a new commit arrives',
  AutoRollback: 'Ferry rolled back automatically',
};

export function conditionText(condition) {
  const lead = CONDITIONS[condition.type] ?? condition.type;
  return condition.message ? `${lead}: ${condition.message}` : lead;
}

export function conditionSeverity(type) {
  return type === 'DependencyNotReady' || type === 'AutoSyncPaused' ? 'warn' : 'error';
}

const PHASES = {
  Running: 'Sync running',
  Terminating: 'Stopping the sync',
  Failed: 'Sync failed',
  Error: 'Sync error',
  Succeeded: 'Sync succeeded',
};

export function phaseText(phase) {
  return PHASES[phase] ?? phase;
}
