/**
 * Standard 5-field cron schedules as CronJobs use them (robfig/cron's standard parser):
 * minute, hour, day of month, month, day of week; `*`, `?`, values, ranges `a-b`, steps
 * `*\/n` and `a-b/n`, lists `a,b`, month and weekday names, and the descriptors `@yearly`,
 * `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight` and `@hourly`. Times are UTC.
 */
export interface CronSchedule {
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  daysOfMonth: ReadonlySet<number>;
  months: ReadonlySet<number>;
  daysOfWeek: ReadonlySet<number>;
  /** Whether day of month / day of week were `*` (cron ORs the two when both are restricted). */
  anyDayOfMonth: boolean;
  anyDayOfWeek: boolean;
}

const DESCRIPTORS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface FieldRange {
  min: number;
  max: number;
  names?: readonly string[];
  /** The first name's value. */
  nameBase?: number;
}

const FIELDS: readonly FieldRange[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS, nameBase: 1 },
  { min: 0, max: 6, names: DAYS, nameBase: 0 },
];

/** Why a schedule does not parse; `undefined` from {@link parseCronSchedule} carries no reason. */
export function cronScheduleError(text: string): string | undefined {
  try {
    parseStrict(text);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** Parses a schedule, or returns undefined when it is not valid. */
export function parseCronSchedule(text: string): CronSchedule | undefined {
  try {
    return parseStrict(text);
  } catch {
    return undefined;
  }
}

function parseStrict(text: string): CronSchedule {
  const trimmed = text.trim();
  const expanded = DESCRIPTORS[trimmed.toLowerCase()] ?? trimmed;
  if (expanded.startsWith('@')) throw new Error(`unrecognized descriptor: ${trimmed}`);
  const parts = expanded.split(/\s+/);
  if (parts.length !== 5)
    throw new Error(`expected exactly 5 fields, found ${parts.length}: ${text}`);
  const sets = parts.map((part, i) => parseField(part, FIELDS[i]!));
  // Sunday may be written 7.
  const dow = new Set([...sets[4]!].map((d) => (d === 7 ? 0 : d)));
  return {
    minutes: sets[0]!,
    hours: sets[1]!,
    daysOfMonth: sets[2]!,
    months: sets[3]!,
    daysOfWeek: dow,
    anyDayOfMonth: isAny(parts[2]!),
    anyDayOfWeek: isAny(parts[4]!),
  };
}

function isAny(part: string): boolean {
  return part === '*' || part === '?';
}

function parseField(text: string, range: FieldRange): Set<number> {
  const values = new Set<number>();
  const max = range.names === DAYS ? 7 : range.max;
  for (const item of text.split(',')) {
    const [base = '', stepText] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step <= 0) throw new Error(`bad step in ${item}`);
    let low: number;
    let high: number;
    if (base === '*' || base === '?') {
      low = range.min;
      high = range.max;
    } else {
      const dash = base.indexOf('-');
      low = value(dash < 0 ? base : base.slice(0, dash), range);
      high = dash < 0 ? (stepText === undefined ? low : max) : value(base.slice(dash + 1), range);
    }
    if (low < range.min || high > max || low > high)
      throw new Error(`value out of range in ${item}`);
    for (let v = low; v <= high; v += step) values.add(v);
  }
  return values;
}

function value(text: string, range: FieldRange): number {
  const lower = text.toLowerCase();
  const named = range.names?.indexOf(lower) ?? -1;
  if (named >= 0) return named + (range.nameBase ?? 0);
  if (!/^\d+$/.test(text)) throw new Error(`failed to parse ${text}`);
  return Number(text);
}

function matchesDay(schedule: CronSchedule, date: Date): boolean {
  const dom = schedule.daysOfMonth.has(date.getUTCDate());
  const dow = schedule.daysOfWeek.has(date.getUTCDay());
  if (schedule.anyDayOfMonth || schedule.anyDayOfWeek) return dom && dow;
  return dom || dow;
}

/** The first scheduled time strictly after `afterMs` (epoch ms), or undefined within 5 years. */
export function nextCronTime(schedule: CronSchedule, afterMs: number): number | undefined {
  const date = new Date(Math.floor(afterMs / 60_000) * 60_000 + 60_000);
  const limit = afterMs + 5 * 366 * 24 * 3600_000;
  while (date.getTime() <= limit) {
    if (!schedule.months.has(date.getUTCMonth() + 1)) {
      date.setUTCMonth(date.getUTCMonth() + 1, 1);
      date.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!matchesDay(schedule, date)) {
      date.setUTCDate(date.getUTCDate() + 1);
      date.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!schedule.hours.has(date.getUTCHours())) {
      date.setUTCHours(date.getUTCHours() + 1, 0, 0, 0);
      continue;
    }
    if (!schedule.minutes.has(date.getUTCMinutes())) {
      date.setUTCMinutes(date.getUTCMinutes() + 1, 0, 0);
      continue;
    }
    return date.getTime();
  }
  return undefined;
}

/** The latest scheduled time in (afterMs, untilMs], or undefined when none falls there. */
export function lastCronTimeBetween(
  schedule: CronSchedule,
  afterMs: number,
  untilMs: number,
): number | undefined {
  let last: number | undefined;
  let t = nextCronTime(schedule, afterMs);
  // A CronJob far behind its schedule only needs the most recent missed time.
  for (let guard = 0; t !== undefined && t <= untilMs && guard < 100_000; guard++) {
    last = t;
    t = nextCronTime(schedule, t);
  }
  return last;
}
