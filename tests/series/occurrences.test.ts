import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import {
  nextOccurrences,
  rareScheduleNote,
  shortestIntervalMinutes,
  validateSeriesCron,
} from '../../src/series/occurrences.js';

const iso = (ms: number) => new Date(ms).toISOString();
const NY = 'America/New_York';

describe('series occurrences', () => {
  it('keep a weekly 19:00 New York series at 19:00 local across the March switch', () => {
    const after = Date.parse('2026-03-01T00:00:00Z');
    expect(nextOccurrences('0 19 * * 4', NY, after, 3).map(iso)).toEqual([
      '2026-03-06T00:00:00.000Z', // Thu 5 Mar 19:00 EST (UTC-5)
      '2026-03-12T23:00:00.000Z', // Thu 12 Mar 19:00 EDT (UTC-4), after the switch on Sun 8 Mar
      '2026-03-19T23:00:00.000Z',
    ]);
  });

  it('keep it at 19:00 local across the November switch', () => {
    const after = Date.parse('2026-10-25T00:00:00Z');
    expect(nextOccurrences('0 19 * * 4', NY, after, 3).map(iso)).toEqual([
      '2026-10-29T23:00:00.000Z', // EDT
      '2026-11-06T00:00:00.000Z', // Thu 5 Nov 19:00 EST, after the switch on Sun 1 Nov
      '2026-11-13T00:00:00.000Z',
    ]);
  });

  it('run a time inside the spring-forward gap just after it, once', () => {
    const after = Date.parse('2026-03-07T12:00:00Z');
    expect(nextOccurrences('30 2 * * *', NY, after, 2).map(iso)).toEqual([
      '2026-03-08T07:30:00.000Z', // 02:30 does not exist on 8 Mar: 03:30 EDT
      '2026-03-09T06:30:00.000Z',
    ]);
  });

  it('run a time of the repeated fall-back hour once', () => {
    const after = Date.parse('2026-10-31T12:00:00Z');
    expect(nextOccurrences('30 1 * * *', NY, after, 2).map(iso)).toEqual([
      '2026-11-01T05:30:00.000Z', // the first 01:30 (EDT); the second (EST) is not a second occurrence
      '2026-11-02T06:30:00.000Z',
    ]);
  });

  it('combine day of month and day of week with AND, as node-cron does', () => {
    const after = Date.parse('2026-01-01T00:00:00Z');
    // The first Saturday of each month, not "every 1st–7th and every Saturday".
    expect(nextOccurrences('0 10 1-7 * 6', 'UTC', after, 3).map(iso)).toEqual([
      '2026-01-03T10:00:00.000Z',
      '2026-02-07T10:00:00.000Z',
      '2026-03-07T10:00:00.000Z',
    ]);
  });

  it('understand node-cron tokens: the last day and the second Monday', () => {
    const after = Date.parse('2026-01-01T00:00:00Z');
    expect(nextOccurrences('0 9 L * *', 'UTC', after, 2).map(iso)).toEqual([
      '2026-01-31T09:00:00.000Z',
      '2026-02-28T09:00:00.000Z',
    ]);
    expect(nextOccurrences('0 9 * * 1#2', 'UTC', after, 2).map(iso)).toEqual([
      '2026-01-12T09:00:00.000Z',
      '2026-02-09T09:00:00.000Z',
    ]);
  });

  it('measure the interval in wall-clock time, so a weekly series is 7 days even across a switch', () => {
    expect(shortestIntervalMinutes('0 19 * * 4', NY, Date.parse('2026-03-01T00:00:00Z'))).toBe(7 * 1440);
    expect(shortestIntervalMinutes('0 19 * * 1,3', NY, Date.parse('2026-03-01T00:00:00Z'))).toBe(2 * 1440);
  });
});

describe('validateSeriesCron', () => {
  it('accepts five fields and normalises spaces', () => {
    expect(validateSeriesCron('  0  19 * * 4 ')).toBe('0 19 * * 4');
  });

  it.each([
    ['banana', /it has 1 field, a schedule has five \(minute hour day month weekday\)/],
    ['60 19 * * 4', /`60` is not a valid minute \(0–59\)/],
    ['0 19 * * 8', /`8` is not a valid weekday \(0–7 or sun–sat/],
    ['0 19 32 13 *', /`32` is not a valid day of the month \(1–31\); `13` is not a valid month/],
    ['*/10 0 19 * * 4', /five fields/],
  ])('refuses %s with its error and examples', (text, message) => {
    expect(() => validateSeriesCron(text)).toThrow(UserError);
    expect(() => validateSeriesCron(text)).toThrow(message);
    expect(() => validateSeriesCron(text)).toThrow(/0 19 \* \* 4/);
  });
});

describe('dates that rarely or never occur', () => {
  const from = Date.parse('2026-03-20T10:00:00Z');

  it.each([
    ['0 19 31 2 *', /never occurs: February has no day 31\./],
    ['0 19 30,31 feb *', /never occurs: February has no day 30 or 31\./],
    ['0 19 31 4,6,9,11 *', /never occurs: April, June, September and November have no day 31\./],
  ])('refuses %s as a date that never exists, not as a bad value', (text, message) => {
    expect(() => validateSeriesCron(text)).toThrow(message);
    expect(() => validateSeriesCron(text)).not.toThrow(/not a valid/);
  });

  it('still names a value out of range as such', () => {
    expect(() => validateSeriesCron('0 19 32 2 *')).toThrow(/`32` is not a valid day of the month/);
  });

  it('finds the next three 29 Februaries, years apart, and says why', () => {
    expect(nextOccurrences('0 19 29 2 *', 'UTC', from, 3).map(iso)).toEqual([
      '2028-02-29T19:00:00.000Z',
      '2032-02-29T19:00:00.000Z',
      '2036-02-29T19:00:00.000Z',
    ]);
    expect(rareScheduleNote('0 19 29 2 *', 'UTC', from)).toBe(
      '`0 19 29 2 *` falls on 29 February, which exists only in leap years: its starts are years apart.',
    );
  });

  it('says how rarely a date and weekday fall together, and nothing of a schedule that is not rare', () => {
    // 29 February is a Monday in 2044, then in 2072.
    expect(nextOccurrences('0 19 29 2 1', 'UTC', from, 3).map(iso)).toEqual(['2044-02-29T19:00:00.000Z']);
    expect(rareScheduleNote('0 19 29 2 1', 'UTC', from)).toBe(
      '`0 19 29 2 1` occurs rarely: only once in the next 28 years.',
    );
    expect(rareScheduleNote('0 19 1 1 *', 'UTC', from)).toBeUndefined();
    expect(rareScheduleNote('0 19 * * 4', 'UTC', from)).toBeUndefined();
  });
});
