import { GoTime } from './go-value.js';

/** Go's reference-time layout elements, longest first where prefixes overlap. */
const CHUNKS = [
  'January',
  'Jan',
  'Monday',
  'Mon',
  'MST',
  '2006',
  '-07:00:00',
  '-0700',
  '-07:00',
  '-07',
  'Z07:00:00',
  'Z0700',
  'Z07:00',
  'Z07',
  '__2',
  '002',
  '01',
  '02',
  '03',
  '04',
  '05',
  '06',
  '_2',
  '15',
  '1',
  '2',
  '3',
  '4',
  '5',
  'PM',
  'pm',
] as const;

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

type Chunk = { lit: string } | { std: string };

/** Splits a Go layout into literal text and reference-time elements. */
function chunks(layout: string): Chunk[] {
  const out: Chunk[] = [];
  let lit = '';
  for (let i = 0; i < layout.length;) {
    const frac = /^[.,](0+|9+)(?!\d)/u.exec(layout.slice(i));
    if (frac !== null && /\d/u.test(layout[i - 1] ?? '')) {
      if (lit) out.push({ lit });
      lit = '';
      out.push({ std: frac[0] });
      i += frac[0].length;
      continue;
    }
    const chunk = CHUNKS.find((c) => layout.startsWith(c, i));
    // "Jan" must not match inside "January"-like words that are not layout elements;
    // Go matches greedily in the same way.
    if (chunk !== undefined) {
      if (lit) out.push({ lit });
      lit = '';
      out.push({ std: chunk });
      i += chunk.length;
      continue;
    }
    lit += layout[i];
    i++;
  }
  if (lit) out.push({ lit });
  return out;
}

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nanos: number;
  weekday: number;
  yday: number;
}

function partsOf(t: GoTime): Parts {
  const d = new Date(t.ms + t.offsetMinutes * 60_000);
  const start = Date.UTC(d.getUTCFullYear(), 0, 1);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    nanos: d.getUTCMilliseconds() * 1_000_000 + t.extraNanos,
    weekday: d.getUTCDay(),
    yday:
      Math.floor(
        (Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - start) / 86_400_000,
      ) + 1,
  };
}

const p2 = (n: number): string => String(n).padStart(2, '0');

function zoneOffset(t: GoTime, style: string): string {
  const off = t.offsetMinutes;
  if (style.startsWith('Z') && off === 0) return 'Z';
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  const hh = p2(Math.floor(abs / 60));
  const mm = p2(abs % 60);
  const s = style.replace(/^Z/u, '-');
  if (s === '-07') return `${sign}${hh}`;
  if (s === '-0700') return `${sign}${hh}${mm}`;
  if (s === '-07:00') return `${sign}${hh}:${mm}`;
  return `${sign}${hh}:${mm}:00`;
}

/** time.Time.Format with a Go layout string. */
export function formatTime(t: GoTime, layout: string): string {
  const p = partsOf(t);
  let out = '';
  for (const c of chunks(layout)) {
    if ('lit' in c) {
      out += c.lit;
      continue;
    }
    const std = c.std;
    switch (std) {
      case 'January':
        out += MONTHS[p.month - 1];
        break;
      case 'Jan':
        out += MONTHS[p.month - 1]!.slice(0, 3);
        break;
      case 'Monday':
        out += DAYS[p.weekday];
        break;
      case 'Mon':
        out += DAYS[p.weekday]!.slice(0, 3);
        break;
      case 'MST':
        out += t.zone;
        break;
      case '2006':
        out += String(p.year).padStart(4, '0');
        break;
      case '06':
        out += p2(p.year % 100);
        break;
      case '01':
        out += p2(p.month);
        break;
      case '1':
        out += String(p.month);
        break;
      case '02':
        out += p2(p.day);
        break;
      case '2':
        out += String(p.day);
        break;
      case '_2':
        out += String(p.day).padStart(2, ' ');
        break;
      case '__2':
        out += String(p.yday).padStart(3, ' ');
        break;
      case '002':
        out += String(p.yday).padStart(3, '0');
        break;
      case '15':
        out += p2(p.hour);
        break;
      case '03':
        out += p2(p.hour % 12 === 0 ? 12 : p.hour % 12);
        break;
      case '3':
        out += String(p.hour % 12 === 0 ? 12 : p.hour % 12);
        break;
      case '04':
        out += p2(p.minute);
        break;
      case '4':
        out += String(p.minute);
        break;
      case '05':
        out += p2(p.second);
        break;
      case '5':
        out += String(p.second);
        break;
      case 'PM':
        out += p.hour >= 12 ? 'PM' : 'AM';
        break;
      case 'pm':
        out += p.hour >= 12 ? 'pm' : 'am';
        break;
      default:
        if (/^[-Z]07/u.test(std)) out += zoneOffset(t, std);
        else out += fraction(p.nanos, std);
    }
  }
  return out;
}

function fraction(nanos: number, std: string): string {
  const digits = String(nanos)
    .padStart(9, '0')
    .slice(0, std.length - 1);
  if (std[1] === '0') return std[0]! + digits;
  const trimmed = digits.replace(/0+$/u, '');
  return trimmed === '' ? '' : std[0]! + trimmed;
}

/** time.Parse for the common layout elements; returns undefined when the value does not match. */
export function parseTime(
  layout: string,
  value: string,
  offsetMinutes = 0,
  zone = 'UTC',
): GoTime | undefined {
  let rest = value;
  const f = {
    year: 1,
    month: 1,
    day: 1,
    hour: 0,
    minute: 0,
    second: 0,
    nanos: 0,
    pm: undefined as boolean | undefined,
  };
  let off: number | undefined;
  let zoneName = zone;
  const num = (re: RegExp): number | undefined => {
    const m = re.exec(rest);
    if (m === null) return undefined;
    rest = rest.slice(m[0].length);
    return Number(m[0]);
  };
  for (const c of chunks(layout)) {
    if ('lit' in c) {
      if (!rest.startsWith(c.lit)) return undefined;
      rest = rest.slice(c.lit.length);
      continue;
    }
    let v: number | undefined;
    switch (c.std) {
      case 'January':
      case 'Jan': {
        const i = MONTHS.findIndex((m) => rest.startsWith(c.std === 'Jan' ? m.slice(0, 3) : m));
        if (i < 0) return undefined;
        rest = rest.slice(c.std === 'Jan' ? 3 : MONTHS[i]!.length);
        f.month = i + 1;
        continue;
      }
      case 'Monday':
      case 'Mon': {
        const i = DAYS.findIndex((d) => rest.startsWith(c.std === 'Mon' ? d.slice(0, 3) : d));
        if (i < 0) return undefined;
        rest = rest.slice(c.std === 'Mon' ? 3 : DAYS[i]!.length);
        continue;
      }
      case 'MST': {
        const m = /^[A-Z]{3,5}/u.exec(rest);
        if (m === null) return undefined;
        zoneName = m[0];
        rest = rest.slice(m[0].length);
        if (zoneName === 'UTC' || zoneName === 'GMT') off = 0;
        continue;
      }
      case '2006':
        v = num(/^\d{4}/u);
        if (v !== undefined) f.year = v;
        break;
      case '06':
        v = num(/^\d{2}/u);
        if (v !== undefined) f.year = v + (v >= 69 ? 1900 : 2000);
        break;
      case '01':
      case '1':
        v = num(c.std === '01' ? /^\d{2}/u : /^\d{1,2}/u);
        if (v !== undefined) f.month = v;
        break;
      case '02':
      case '2':
      case '_2':
        v = num(c.std === '02' ? /^\d{2}/u : /^ ?\d{1,2}/u);
        if (v !== undefined) f.day = v;
        break;
      case '15':
        v = num(/^\d{1,2}/u);
        if (v !== undefined) f.hour = v;
        break;
      case '03':
      case '3':
        v = num(/^\d{1,2}/u);
        if (v !== undefined) f.hour = v % 12;
        break;
      case '04':
      case '4':
        v = num(/^\d{1,2}/u);
        if (v !== undefined) f.minute = v;
        break;
      case '05':
      case '5': {
        v = num(/^\d{1,2}/u);
        if (v !== undefined) f.second = v;
        const frac = /^[.,](\d+)/u.exec(rest);
        if (frac !== null && !layoutHasFraction(layout)) {
          f.nanos = Number(frac[1]!.slice(0, 9).padEnd(9, '0'));
          rest = rest.slice(frac[0].length);
        }
        break;
      }
      case 'PM':
      case 'pm': {
        const m = /^(AM|PM|am|pm)/u.exec(rest);
        if (m === null) return undefined;
        f.pm = m[0].toUpperCase() === 'PM';
        rest = rest.slice(2);
        continue;
      }
      default: {
        if (/^[-Z]07/u.test(c.std)) {
          if (c.std.startsWith('Z') && rest.startsWith('Z')) {
            rest = rest.slice(1);
            off = 0;
            continue;
          }
          const m = /^([+-])(\d{2}):?(\d{2})?(?::?\d{2})?/u.exec(rest);
          if (m === null) return undefined;
          off = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
          rest = rest.slice(m[0].length);
          continue;
        }
        const m = /^[.,](\d+)/u.exec(rest);
        if (m === null) {
          if (c.std[1] === '9') continue;
          return undefined;
        }
        f.nanos = Number(m[1]!.slice(0, 9).padEnd(9, '0'));
        rest = rest.slice(m[0].length);
        continue;
      }
    }
    if (v === undefined) return undefined;
  }
  if (rest !== '') return undefined;
  if (f.pm === true && f.hour < 12) f.hour += 12;
  const offset = off ?? offsetMinutes;
  const ms =
    Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second, Math.floor(f.nanos / 1e6)) -
    offset * 60_000;
  const name =
    off === undefined
      ? zoneName
      : off === 0 && zoneName === zone
        ? 'UTC'
        : zoneName === zone
          ? ''
          : zoneName;
  return new GoTime(ms, offset, name, f.nanos % 1_000_000);
}

function layoutHasFraction(layout: string): boolean {
  return /[.,](0+|9+)/u.test(layout);
}
