import { Command } from 'commander';
import { appCreateCommand } from './app/app-create.js';
import { appDeleteCommand } from './app/app-delete.js';
import { appDiffCommand } from './app/app-diff.js';
import { appGetCommand } from './app/app-get.js';
import { appHistoryCommand } from './app/app-history.js';
import { appImportCommand } from './app/app-import.js';
import { appListCommand } from './app/app-list.js';
import { appRollbackCommand } from './app/app-rollback.js';
import { appSyncCommand } from './app/app-sync.js';
import { appWaitCommand } from './app/app-wait.js';

/** `ferry app <verb>`: talks to a running Ferry over its REST API. */
export function appCommand(): Command {
  return new Command('app')
    .description('manage applications on a running Ferry (see `ferry login`)')
    .option('--server <url>', 'Ferry URL (default: FERRY_SERVER or the saved login)')
    .option('--token <token>', 'API token (default: FERRY_TOKEN or the saved login)')
    .addCommand(appCreateCommand())
    .addCommand(appListCommand())
    .addCommand(appGetCommand())
    .addCommand(appDiffCommand())
    .addCommand(appSyncCommand())
    .addCommand(appWaitCommand())
    .addCommand(appHistoryCommand())
    .addCommand(appRollbackCommand())
    .addCommand(appDeleteCommand())
    .addCommand(appImportCommand());
}
