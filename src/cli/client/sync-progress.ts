import { Annotation, parseSyncWave } from '../../model/annotations.js';
import type { Application, ResourceResult } from '../../model/application.js';

export interface ProgressOutput {
  /** Redraw in place (a terminal) rather than append lines (a CI log). */
  tty: boolean;
  /** Terminal width; longer lines are cut. @defaultValue 120 */
  columns?: number;
  /** Terminal height; the resource list is cut to fit. @defaultValue 24 */
  rows?: number;
  write: (text: string) => void;
}

/** `group/Kind/namespace/name` → sync wave, from the app's desired objects (see `waveOf`). */
export type WaveMap = ReadonlyMap<string, number>;

const PHASE_ORDER = ['PreSync', 'Sync', 'PostSync', 'SyncFail'];

export function resultKey(r: { group: string; kind: string; namespace: string; name: string }) {
  return `${r.group}/${r.kind}/${r.namespace}/${r.name}`;
}

/** The line that sums an app up: its sync and health, and the operation with its step. */
export function summaryLine(app: Application): string {
  const s = app.status;
  const op = s?.operationState;
  const results = op?.syncResult?.resources ?? [];
  const applied = results.filter((r) => r.status === 'Synced' || r.status === 'Pruned').length;
  const line = `${app.metadata.name}: sync ${s?.sync.status ?? 'Unknown'}, health ${s?.health.status ?? 'Unknown'}`;
  if (op === undefined) return line;
  return `${line}, operation ${op.phase} (${applied}/${results.length} resources): ${op.message}`;
}

function stepOf(r: ResourceResult, waves: WaveMap): string {
  if (r.hookType !== undefined) return `${r.syncPhase} hook`;
  const wave = waves.get(resultKey(r));
  return wave === undefined ? r.syncPhase : `${r.syncPhase} wave ${wave}`;
}

function sortKey(r: ResourceResult, waves: WaveMap): [number, number] {
  const phase = PHASE_ORDER.indexOf(r.syncPhase);
  return [phase < 0 ? PHASE_ORDER.length : phase, waves.get(resultKey(r)) ?? 0];
}

/** One line per resource of the operation, in the order a sync runs them. */
export function resourceLines(app: Application, waves: WaveMap): { id: string; text: string }[] {
  const results = [...(app.status?.operationState?.syncResult?.resources ?? [])];
  results.sort((a, b) => {
    const [pa, wa] = sortKey(a, waves);
    const [pb, wb] = sortKey(b, waves);
    return pa - pb || wa - wb;
  });
  const steps = results.map((r) => stepOf(r, waves));
  const names = results.map((r) => `${r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name}`);
  const stepWidth = Math.max(0, ...steps.map((s) => s.length));
  const nameWidth = Math.max(0, ...names.map((n) => n.length));
  return results.map((r, i) => {
    const status = r.hookPhase ?? r.status;
    const text = `  ${steps[i]!.padEnd(stepWidth)}  ${names[i]!.padEnd(nameWidth)}  ${status.padEnd(9)}  ${r.message}`;
    return { id: `${r.syncPhase}/${resultKey(r)}`, text: text.trimEnd() };
  });
}

/**
 * Shows a sync as it runs. On a terminal: the summary line and one line per resource, with
 * its phase and wave (hooks by phase), redrawn in place. Otherwise: the summary whenever it
 * changes, and a line for each resource whose result changed, so a CI log reads in order.
 */
export class SyncProgress {
  /** Lines on screen from the last redraw, and what they said. */
  private drawn = 0;
  private lastDrawn = '';
  private lastSummary = '';
  private readonly printed = new Map<string, string>();

  constructor(
    private readonly out: ProgressOutput,
    private waves: WaveMap = new Map(),
  ) {}

  setWaves(waves: WaveMap): void {
    this.waves = waves;
  }

  show(app: Application): void {
    const summary = summaryLine(app);
    const lines = resourceLines(app, this.waves);
    if (this.out.tty) this.redraw([summary, ...lines.map((l) => l.text)]);
    else this.append(summary, lines);
  }

  /** Leaves the cursor below what was drawn. */
  done(): void {
    if (this.out.tty && this.drawn > 0) this.out.write('\n');
    this.drawn = 0;
    this.lastDrawn = '';
  }

  private redraw(lines: string[]): void {
    const columns = this.out.columns ?? 120;
    const room = Math.max(2, (this.out.rows ?? 24) - 2);
    const shown =
      lines.length > room
        ? [...lines.slice(0, room - 1), `  … and ${lines.length - room + 1} more`]
        : lines;
    const text = shown.map((l) => `\u001b[2K${l.slice(0, columns - 1)}`).join('\n');
    if (text === this.lastDrawn) return;
    this.lastDrawn = text;
    const up = this.drawn > 1 ? `\u001b[${this.drawn - 1}F` : '\r';
    this.out.write(`${up}\u001b[0J${text}`);
    this.drawn = shown.length;
  }

  private append(summary: string, lines: { id: string; text: string }[]): void {
    if (summary !== this.lastSummary) {
      this.lastSummary = summary;
      this.out.write(`${summary}\n`);
    }
    for (const { id, text } of lines) {
      // Compared without padding, which moves as other resources arrive.
      const plain = text.replace(/\s+/g, ' ');
      if (this.printed.get(id) === plain) continue;
      this.printed.set(id, plain);
      this.out.write(`${text}\n`);
    }
  }
}

/** The sync wave an object asks for, as Argo CD reads it: the annotation, else 0. */
export function waveOf(obj: { metadata?: { annotations?: Record<string, string> } } | null) {
  return parseSyncWave(obj?.metadata?.annotations?.[Annotation.syncWave]);
}
