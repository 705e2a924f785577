import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { parseAllDocuments } from 'yaml';
import { isKubeObject, type KubeObject } from '../kube/object.js';
import { describeError } from '../model/errors.js';

/** What the health and diff verbs need from the outside world; injectable for tests. */
export interface CliIo {
  readFile(path: string): Promise<string>;
  write(text: string): void;
  writeError(text: string): void;
  setExitCode(code: number): void;
}

export const processIo: CliIo = {
  readFile: (path) => readFile(path, 'utf8'),
  write: (text) => void process.stdout.write(text),
  writeError: (text) => void process.stderr.write(text),
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

/** The Kubernetes objects of a multi-document YAML (or JSON) file; `kind: List` is unwrapped. */
export async function readObjects(io: CliIo, path: string): Promise<KubeObject[]> {
  const text = await io.readFile(path);
  const objects: KubeObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors[0]!.message}`);
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) continue;
    const items =
      isKubeObject(value) && value.kind.endsWith('List') && Array.isArray(value['items'])
        ? (value['items'] as unknown[])
        : [value];
    for (const item of items) {
      if (!isKubeObject(item)) throw new Error(`${path}: a document is not a Kubernetes object`);
      objects.push(item);
    }
  }
  return objects;
}

export interface HealthRow {
  apiVersion: string;
  kind: string;
  namespace: string | null;
  name: string;
  status: string | null;
  message: string | null;
}

function table(rows: HealthRow[]): string {
  const cells = [
    ['KIND', 'NAMESPACE', 'NAME', 'STATUS', 'MESSAGE'],
    ...rows.map((r) => [r.kind, r.namespace ?? '', r.name, r.status ?? '-', r.message ?? '']),
  ];
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `ferry health -f FILE [-o json]`: the health of each object in a file, as Ferry judges it. */
export function healthCommand(io: CliIo = processIo): Command {
  return new Command('health')
    .description('print the health of each Kubernetes object in a YAML file')
    .requiredOption('-f, --filename <file>', 'multi-document YAML or JSON file of live objects')
    .addOption(
      new Option('-o, --output <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .action(async (flags: { filename: string; output: string }) => {
      try {
        // Loaded on use, so that other verbs start fast.
        const { getHealth } = await import('../health/health.js');
        const rows = (await readObjects(io, flags.filename)).map((obj): HealthRow => {
          const health = getHealth(obj);
          return {
            apiVersion: obj.apiVersion,
            kind: obj.kind,
            namespace: obj.metadata.namespace ?? null,
            name: obj.metadata.name ?? '',
            status: health?.status ?? null,
            message: health?.message ?? null,
          };
        });
        io.write(
          flags.output === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : `${table(rows)}\n`,
        );
        io.setExitCode(0);
      } catch (err) {
        io.writeError(`ferry health: ${describeError(err)}\n`);
        io.setExitCode(1);
      }
    });
}
