import { stringify } from 'yaml';
import type { KubeObject } from '../kube/object.js';

export interface DiffTextOptions {
  /** Colour removed lines red and added lines green with ANSI codes. @defaultValue false */
  color?: boolean;
  /** Unchanged lines shown around each change. @defaultValue 3 */
  context?: number;
  /** @defaultValue 'live' */
  fromLabel?: string;
  /** @defaultValue 'desired' */
  toLabel?: string;
}

type Op = readonly [' ' | '-' | '+', string];

/** Lines beyond which the middle of a diff is shown as a whole replacement rather than aligned. */
const MAX_ALIGNED_CELLS = 4_000_000;

/** A line diff: common prefix and suffix, then a longest-common-subsequence alignment. */
function diffLines(a: string[], b: string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: Op[] = a.slice(0, start).map((line) => [' ', line] as const);
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length * midB.length > MAX_ALIGNED_CELLS) {
    ops.push(...midA.map((l) => ['-', l] as const), ...midB.map((l) => ['+', l] as const));
  } else {
    const n = midA.length;
    const m = midB.length;
    const lcs = new Uint32Array((n + 1) * (m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * (m + 1) + j] =
          midA[i] === midB[j]
            ? lcs[(i + 1) * (m + 1) + j + 1]! + 1
            : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && midA[i] === midB[j]) {
        ops.push([' ', midA[i++]!]);
        j++;
      } else if (i < n && (j === m || lcs[(i + 1) * (m + 1) + j]! >= lcs[i * (m + 1) + j + 1]!)) {
        ops.push(['-', midA[i++]!]);
      } else {
        ops.push(['+', midB[j++]!]);
      }
    }
  }
  ops.push(...a.slice(endA).map((line) => [' ', line] as const));
  return ops;
}

const ANSI = {
  '-': '\u001b[31m',
  '+': '\u001b[32m',
  '@': '\u001b[36m',
  reset: '\u001b[0m',
} as const;

/** A unified diff of two texts; the empty string when they are equal. */
export function unifiedDiff(before: string, after: string, options: DiffTextOptions = {}): string {
  const context = options.context ?? 3;
  const paint = (kind: '-' | '+' | '@', line: string): string =>
    options.color === true ? `${ANSI[kind]}${line}${ANSI.reset}` : line;
  const split = (text: string): string[] =>
    text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const ops = diffLines(split(before), split(after));
  const changed = ops.flatMap((op, i) => (op[0] === ' ' ? [] : [i]));
  if (changed.length === 0) return '';
  const out = [
    paint('-', `--- ${options.fromLabel ?? 'live'}`),
    paint('+', `+++ ${options.toLabel ?? 'desired'}`),
  ];
  let h = 0;
  while (h < changed.length) {
    const first = changed[h]!;
    let last = first;
    while (h + 1 < changed.length && changed[h + 1]! - last <= 2 * context + 1)
      last = changed[++h]!;
    h++;
    const from = Math.max(0, first - context);
    const to = Math.min(ops.length, last + context + 1);
    const countBefore = (kind: ' ' | '-' | '+'): number =>
      ops.slice(0, from).filter((op) => op[0] === ' ' || op[0] === kind).length;
    const slice = ops.slice(from, to);
    const oldLen = slice.filter((op) => op[0] !== '+').length;
    const newLen = slice.filter((op) => op[0] !== '-').length;
    const oldStart = countBefore('-') + (oldLen === 0 ? 0 : 1);
    const newStart = countBefore('+') + (newLen === 0 ? 0 : 1);
    out.push(paint('@', `@@ -${oldStart},${oldLen} +${newStart},${newLen} @@`));
    for (const [kind, line] of slice)
      out.push(kind === ' ' ? ` ${line}` : paint(kind, `${kind}${line}`));
  }
  return `${out.join('\n')}\n`;
}

/** YAML of an object for display, or the empty string for none. */
export function toYaml(obj: KubeObject | null): string {
  return obj === null ? '' : stringify(obj, { sortMapEntries: false, lineWidth: 0 });
}

/** The unified YAML diff between a comparison's normalized live and predicted live objects. */
export function diffText(
  result: { normalizedLive: KubeObject | null; predictedLive: KubeObject | null },
  options: DiffTextOptions = {},
): string {
  return unifiedDiff(toYaml(result.normalizedLive), toYaml(result.predictedLive), options);
}
