import { stringify } from 'yaml';
import type { Application } from '../../model/application.js';

export type OutputFormat = 'table' | 'wide' | 'json' | 'yaml';

/** Prints a value as JSON or YAML, or hands it to `table` for the human formats. */
export function print(
  value: unknown,
  format: OutputFormat,
  table: (wide: boolean) => string,
): void {
  if (format === 'json') process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  else if (format === 'yaml') process.stdout.write(stringify(value, { lineWidth: 0 }));
  else process.stdout.write(table(format === 'wide'));
}

/** Columns padded to their widest cell, as kubectl prints them. */
export function columns(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return `${rows
    .map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
        .join('   ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

export function appRow(app: Application, wide: boolean): string[] {
  const s = app.status;
  const src = app.spec.source;
  const base = [
    app.metadata.name,
    s?.sync.status ?? 'Unknown',
    s?.health.status ?? 'Unknown',
    (s?.sync.revision ?? '').slice(0, 7),
  ];
  if (!wide) return base;
  return [
    ...base,
    src.repoURL,
    src.path ?? '.',
    src.targetRevision ?? 'HEAD',
    app.spec.destination.namespace ?? '',
    s?.operationState?.phase ?? '',
  ];
}

export const APP_HEADER = ['NAME', 'SYNC', 'HEALTH', 'REVISION'];
export const APP_HEADER_WIDE = [...APP_HEADER, 'REPO', 'PATH', 'TARGET', 'NAMESPACE', 'OPERATION'];

/** Details of one app, for `ferry app get`. */
export function describeApp(app: Application): string {
  const s = app.status;
  const src = app.spec.source;
  const op = s?.operationState;
  const lines = [
    `Name:          ${app.metadata.name}`,
    `Repository:    ${src.repoURL}`,
    `Path:          ${src.path ?? '.'}`,
    `Target:        ${src.targetRevision ?? 'HEAD'}`,
    `Destination:   ${app.spec.destination.namespace ?? ''}`,
    `Sync:          ${s?.sync.status ?? 'Unknown'}${s?.sync.revision ? ` to ${s.sync.revision.slice(0, 7)}` : ''}`,
    `Health:        ${s?.health.status ?? 'Unknown'}${s?.health.message ? ` (${s.health.message})` : ''}`,
    `Auto-sync:     ${app.spec.syncPolicy?.automated ? (s?.autoSyncPause ? 'paused' : 'on') : 'off'}`,
  ];
  if (op) lines.push(`Operation:     ${op.phase}: ${op.message}`);
  for (const c of s?.conditions ?? []) lines.push(`Condition:     ${c.type}: ${c.message}`);
  const resources = s?.resources ?? [];
  if (resources.length > 0) {
    lines.push('');
    lines.push(
      columns([
        ['KIND', 'NAMESPACE', 'NAME', 'SYNC', 'HEALTH'],
        ...resources.map((r) => [r.kind, r.namespace, r.name, r.status, r.health?.status ?? '']),
      ]).trimEnd(),
    );
  }
  return `${lines.join('\n')}\n`;
}
