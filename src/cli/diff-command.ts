import { Command, Option } from 'commander';
import type { DiffResult } from '../diff/compare.js';
import type { KubeObject } from '../kube/object.js';
import { keyOf, keyString } from '../kube/resource-key.js';
import { describeError } from '../model/errors.js';
import { processIo, readObjects, type CliIo } from './health-command.js';
import { parse } from 'yaml';

/** Exit codes of `ferry diff`, as `diff(1)` and `kubectl diff` use them. */
export const DiffExit = { InSync: 0, Different: 1, Error: 2 } as const;

interface Pair {
  desired: KubeObject | null;
  live: KubeObject | null;
}

/** Pairs objects by ResourceKey; a desired object without a namespace matches live in any namespace. */
function pairObjects(desired: KubeObject[], live: KubeObject[]): Pair[] {
  const remaining = new Map(live.map((obj) => [keyString(keyOf(obj)), obj]));
  const pairs: Pair[] = desired.map((d) => {
    const key = keyOf(d);
    let match = remaining.get(keyString(key));
    if (match === undefined && key.namespace === '') {
      match = [...remaining.values()].find((l) => {
        const lk = keyOf(l);
        return lk.group === key.group && lk.kind === key.kind && lk.name === key.name;
      });
    }
    if (match !== undefined) remaining.delete(keyString(keyOf(match)));
    return { desired: d, live: match ?? null };
  });
  return [...pairs, ...[...remaining.values()].map((l) => ({ desired: null, live: l }))];
}

function describe(pair: Pair, result: DiffResult): Record<string, unknown> {
  const obj = (pair.desired ?? pair.live)!;
  const state =
    pair.live === null
      ? 'Missing'
      : pair.desired === null
        ? 'Extraneous'
        : result.modified
          ? 'OutOfSync'
          : 'Synced';
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    namespace: obj.metadata.namespace ?? null,
    name: obj.metadata.name ?? '',
    status: state,
    modified: state !== 'Synced',
    patch: result.patch,
  };
}

/** `ferry diff --desired FILE --live FILE [-o json|text]`: exit 0 in sync, 1 different, 2 on error. */
export function diffCommand(io: CliIo = processIo): Command {
  return new Command('diff')
    .description(
      'compare desired manifests with live objects as Ferry does; exit 1 when they differ',
    )
    .requiredOption('--desired <file>', 'multi-document YAML of desired objects')
    .requiredOption('--live <file>', 'multi-document YAML of live objects')
    .option(
      '--ignore-differences <file>',
      'YAML list of ignoreDifferences rules, as in an Application',
    )
    .option('--color', 'colour the text diff')
    .addOption(
      new Option('-o, --output <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .action(
      async (flags: {
        desired: string;
        live: string;
        ignoreDifferences?: string;
        color?: boolean;
        output: string;
      }) => {
        try {
          // Loaded on use, so that other verbs start fast.
          const { compareAsync } = await import('../diff/compare-async.js');
          const { diffText } = await import('../diff/diff-text.js');
          const { parseIgnoreDifferences } = await import('../diff/ignore-differences.js');
          const ignoreDifferences =
            flags.ignoreDifferences === undefined
              ? []
              : parseIgnoreDifferences(
                  parse(await io.readFile(flags.ignoreDifferences)) as unknown,
                  flags.ignoreDifferences,
                );
          const pairs = pairObjects(
            await readObjects(io, flags.desired),
            await readObjects(io, flags.live),
          );
          const reports: Record<string, unknown>[] = [];
          let text = '';
          for (const pair of pairs) {
            const result = await compareAsync(pair.desired, pair.live, { ignoreDifferences });
            const report = describe(pair, result);
            reports.push(report);
            if (report['modified'] === true) {
              const label = `${String(report['kind'])}/${String(report['name'])}`;
              text += diffText(result, {
                color: flags.color === true,
                fromLabel: `live ${label}`,
                toLabel: `desired ${label}`,
              });
            }
          }
          io.write(flags.output === 'json' ? `${JSON.stringify(reports, null, 2)}\n` : text);
          io.setExitCode(
            reports.some((r) => r['modified'] === true) ? DiffExit.Different : DiffExit.InSync,
          );
        } catch (err) {
          io.writeError(`ferry diff: ${describeError(err)}\n`);
          io.setExitCode(DiffExit.Error);
        }
      },
    );
}
