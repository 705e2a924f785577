import { describe, expect, it } from 'vitest';
import {
  cronScheduleError,
  lastCronTimeBetween,
  nextCronTime,
  parseCronSchedule,
} from '../../src/kube/cron-schedule.js';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : new Date(ms).toISOString();

describe('cron schedules', () => {
  it.each([
    ['* * * * *', '2024-01-01T10:00:30Z', '2024-01-01T10:01:00.000Z'],
    ['*/15 * * * *', '2024-01-01T10:01:00Z', '2024-01-01T10:15:00.000Z'],
    ['5-10/5 * * * *', '2024-01-01T10:06:00Z', '2024-01-01T10:10:00.000Z'],
    ['0,30 9-17 * * *', '2024-01-01T17:45:00Z', '2024-01-02T09:00:00.000Z'],
    ['0 0 * * mon-fri', '2024-01-05T12:00:00Z', '2024-01-08T00:00:00.000Z'],
    ['0 0 29 feb *', '2024-03-01T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['0 12 1 JAN,jul *', '2024-02-01T00:00:00Z', '2024-07-01T12:00:00.000Z'],
    ['0 0 13 * 5', '2024-01-01T00:00:00Z', '2024-01-05T00:00:00.000Z'],
    ['0 0 * * 7', '2024-01-01T00:00:00Z', '2024-01-07T00:00:00.000Z'],
    ['@hourly', '2024-01-01T10:00:00Z', '2024-01-01T11:00:00.000Z'],
    ['@daily', '2024-01-01T10:00:00Z', '2024-01-02T00:00:00.000Z'],
    ['@weekly', '2024-01-01T10:00:00Z', '2024-01-07T00:00:00.000Z'],
    ['@monthly', '2024-01-31T10:00:00Z', '2024-02-01T00:00:00.000Z'],
    ['@yearly', '2024-01-01T10:00:00Z', '2025-01-01T00:00:00.000Z'],
  ])('%s after %s is %s', (schedule, after, next) => {
    const parsed = parseCronSchedule(schedule);
    expect(parsed).toBeDefined();
    expect(iso(nextCronTime(parsed!, at(after)))).toBe(next);
  });

  it.each([
    '* * * *',
    '60 * * * *',
    '* 24 * * *',
    '* * 0 * *',
    '*/0 * * * *',
    '@often',
    'a * * * *',
  ])('rejects %s', (schedule) => {
    expect(parseCronSchedule(schedule)).toBeUndefined();
    expect(cronScheduleError(schedule)).toBeTypeOf('string');
  });

  it('finds only the most recent missed time', () => {
    const every5 = parseCronSchedule('*/5 * * * *')!;
    expect(
      iso(lastCronTimeBetween(every5, at('2024-01-01T10:00:00Z'), at('2024-01-01T10:23:00Z'))),
    ).toBe('2024-01-01T10:20:00.000Z');
    expect(
      lastCronTimeBetween(every5, at('2024-01-01T10:00:00Z'), at('2024-01-01T10:04:59Z')),
    ).toBeUndefined();
  });
});
