import { Command, Option } from 'commander';
import { runAction } from '../client/run-action.js';

interface Managed {
  revision: string;
  items: {
    kind: string;
    namespace: string;
    name: string;
    status: string;
    modified: boolean;
    diff: string;
  }[];
}

/** `ferry app diff NAME`: live against Git; exit 0 in sync, 1 when they differ, as diff(1). */
export function appDiffCommand(): Command {
  return new Command('diff')
    .description('show how the live resources differ from Git; exit 1 when they differ')
    .argument('<name>', 'application name')
    .addOption(
      new Option('-o, --output <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .action(async (name: string, flags: { output: string }, command: Command) =>
      runAction(async () => {
        const { connect } = await import('../client/connection.js');
        const client = await connect(command);
        const managed = await client.get<Managed>(
          `api/v1/applications/${encodeURIComponent(name)}/managed-resources`,
        );
        const changed = managed.items.filter((r) => r.modified);
        if (flags.output === 'json') process.stdout.write(`${JSON.stringify(managed, null, 2)}\n`);
        else {
          for (const r of changed) {
            process.stdout.write(
              `===== ${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name} (${r.status}) =====\n${r.diff}`,
            );
          }
        }
        return changed.length > 0 ? 1 : 0;
      }),
    );
}
