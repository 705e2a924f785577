import { formatTime, parseTime } from '../template/go-time.js';
import { FuncError, GoTime } from '../template/go-value.js';
import { argString, def, type FuncMap } from '../template/funcs.js';

const NS = {
  h: 3_600_000_000_000n,
  m: 60_000_000_000n,
  s: 1_000_000_000n,
  ms: 1_000_000n,
  us: 1_000n,
  ns: 1n,
};

/** Go's time.Duration.String for nanoseconds. */
export function durationString(nanos: bigint): string {
  if (nanos === 0n) return '0s';
  const neg = nanos < 0n;
  let u = neg ? -nanos : nanos;
  let out: string;
  if (u < NS.s) {
    const [unit, div] = u < NS.us ? ['ns', 1n] : u < NS.ms ? ['µs', NS.us] : ['ms', NS.ms];
    out = fixed(u, div) + unit;
  } else {
    const h = u / NS.h;
    u -= h * NS.h;
    const m = u / NS.m;
    u -= m * NS.m;
    out = `${fixed(u, NS.s)}s`;
    if (h > 0n) out = `${h}h${m}m${out}`;
    else if (m > 0n) out = `${m}m${out}`;
  }
  return neg ? `-${out}` : out;
}

function fixed(v: bigint, div: bigint): string {
  const whole = v / div;
  const frac = v % div;
  if (frac === 0n) return whole.toString();
  const digits = div.toString().length - 1;
  return `${whole}.${frac.toString().padStart(digits, '0').replace(/0+$/u, '')}`;
}

/** Go's time.ParseDuration; undefined when invalid. */
export function parseDuration(s: string): bigint | undefined {
  if (s === '0') return 0n;
  const m = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/u.exec(s);
  if (m === null) return undefined;
  let total = 0;
  for (const part of s.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gu)) {
    const unit = part[2] === 'µs' || part[2] === 'μs' ? 'us' : (part[2] as keyof typeof NS);
    total += Number(part[1]) * Number(NS[unit]);
  }
  const n = BigInt(Math.round(total));
  return m[1] === '-' ? -n : n;
}

function zoneInfo(ms: number, zone: string): { offset: number; name: string } {
  if (zone === 'UTC' || zone === 'Local' || zone === '') return { offset: 0, name: 'UTC' };
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      timeZoneName: 'longOffset',
    }).formatToParts(new Date(ms));
    const off = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const m = /GMT([+-])(\d{2}):(\d{2})/u.exec(off);
    const offset = m === null ? 0 : (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
    const short = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' })
      .formatToParts(new Date(ms))
      .find((p) => p.type === 'timeZoneName')?.value;
    return {
      offset,
      name: short !== undefined && /^[A-Z]{3,5}$/u.test(short) ? short : off.replace('GMT', ''),
    };
  } catch {
    return { offset: 0, name: 'UTC' };
  }
}

/** Sprig's date functions over an injectable clock (milliseconds since the epoch). */
export function dateFuncs(now: () => number): FuncMap {
  const toTime = (v: unknown): GoTime => {
    if (v instanceof GoTime) return v;
    if (typeof v === 'bigint') return new GoTime(Number(v) * 1000);
    return new GoTime(now());
  };
  const inZone = (t: GoTime, zone: string): GoTime => {
    const z = zoneInfo(t.ms, zone);
    return new GoTime(t.ms, z.offset, z.name, t.extraNanos);
  };
  const sinceNanos = (t: GoTime): bigint => BigInt(now() - t.ms) * NS.ms;
  return {
    now: def(0, 0, () => new GoTime(now())),
    date: def(2, 2, (a) => formatTime(inZone(toTime(a[1]), 'UTC'), argString(a[0]))),
    dateInZone: def(3, 3, (a) =>
      formatTime(inZone(toTime(a[1]), argString(a[2])), argString(a[0])),
    ),
    htmlDate: def(1, 1, (a) => formatTime(inZone(toTime(a[0]), 'UTC'), '2006-01-02')),
    htmlDateInZone: def(2, 2, (a) =>
      formatTime(inZone(toTime(a[0]), argString(a[1])), '2006-01-02'),
    ),
    toDate: def(
      2,
      2,
      (a) => parseTime(argString(a[0]), argString(a[1])) ?? new GoTime(-62135596800000),
    ),
    mustToDate: def(2, 2, (a) => {
      const t = parseTime(argString(a[0]), argString(a[1]));
      if (t === undefined)
        throw new FuncError(
          `parsing time ${JSON.stringify(a[1])} as ${JSON.stringify(a[0])}: cannot parse`,
        );
      return t;
    }),
    unixEpoch: def(1, 1, (a) => String(Math.floor(toTime(a[0]).ms / 1000))),
    dateModify: def(2, 2, (a) => {
      const t = toTime(a[1]);
      const d = parseDuration(argString(a[0]));
      if (d === undefined) return t;
      return new GoTime(t.ms + Number(d / NS.ms), t.offsetMinutes, t.zone, t.extraNanos);
    }),
    duration: def(1, 1, (a) => {
      const v = a[0];
      const secs =
        typeof v === 'bigint' ? v : typeof v === 'string' && /^[+-]?\d+$/u.test(v) ? BigInt(v) : 0n;
      return durationString(secs * NS.s);
    }),
    durationRound: def(1, 1, (a) => {
      const v = a[0];
      let d = 0n;
      if (typeof v === 'string') d = parseDuration(v) ?? 0n;
      else if (typeof v === 'bigint') d = v;
      else if (v instanceof GoTime) d = sinceNanos(v);
      const u = d < 0n ? -d : d;
      const day = 24n * NS.h;
      const units: [bigint, string][] = [
        [365n * day, 'y'],
        [30n * day, 'mo'],
        [day, 'd'],
        [NS.h, 'h'],
        [NS.m, 'm'],
        [NS.s, 's'],
      ];
      for (const [size, suffix] of units) if (u > size) return `${u / size}${suffix}`;
      return '0s';
    }),
    ago: def(1, 1, (a) => {
      const d = sinceNanos(toTime(a[0]));
      const rounded = ((d + (d >= 0n ? NS.s / 2n : -NS.s / 2n)) / NS.s) * NS.s;
      return durationString(rounded);
    }),
  };
}
