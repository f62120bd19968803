import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { HORIZON_YEARS, nextOccurrences, rareScheduleNote, validateSeriesCron } from '../../src/series/occurrences.js';

const FROM = Date.parse('2026-03-20T10:00:00Z');
/** The most days a month ever has (29 February in leap years). */
const MAX_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A cron field as people type it: a value (sometimes out of range), a list, a range, a step, or a star. */
const field = (max: number) =>
  fc.oneof(
    fc.constant('*'),
    fc.integer({ min: 0, max: max + 3 }).map(String),
    fc.array(fc.integer({ min: 0, max: max + 3 }), { minLength: 1, maxLength: 3 }).map((v) => v.join(',')),
    fc.tuple(fc.integer({ min: 0, max: max }), fc.integer({ min: 0, max: max })).map(([a, b]) => `${a}-${b}`),
    fc.integer({ min: 1, max: max }).map((step) => `*/${step}`),
  );
const cron = fc.tuple(field(59), field(23), field(31), field(12), field(7)).map((fields) => fields.join(' '));

describe('series schedules, whatever is typed', () => {
  it('are either read or refused with a UserError naming the problem', () => {
    fc.assert(
      fc.property(fc.oneof(cron, fc.string({ maxLength: 30 })), (text) => {
        try {
          expect(validateSeriesCron(text)).toBe(text.trim().replace(/\s+/g, ' '));
        } catch (error) {
          expect(error).toBeInstanceOf(UserError);
          expect((error as Error).message).toMatch(/not a schedule I can read|never occurs|starts on the minute/);
        }
      }),
    );
  });

  it('say a day and month never met ("31 2") never occur, and list the real starts of any date that exists', () => {
    const date = fc.tuple(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 1, max: 12 }));
    fc.assert(
      fc.property(date, ([day, month]) => {
        const text = `0 19 ${day} ${month} *`;
        if (day > (MAX_DAYS[month - 1] as number)) {
          expect(() => validateSeriesCron(text)).toThrow(/never occurs: \w+ has no day/);
          return;
        }
        const starts = nextOccurrences(validateSeriesCron(text), 'UTC', FROM, 3);
        expect(starts).toHaveLength(3);
        for (const at of starts) {
          expect(DateTime.fromMillis(at, { zone: 'UTC' }).toObject()).toMatchObject({ month, day, hour: 19 });
        }
        // Only 29 February is years apart, and only it is said to be.
        expect(rareScheduleNote(text, 'UTC', FROM) !== undefined).toBe(day === 29 && month === 2);
      }),
    );
  });

  it('find their starts after the time asked, in order, within the years searched', () => {
    const zone = fc.constantFrom('UTC', 'Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu');
    fc.assert(
      fc.property(cron, zone, (text, tz) => {
        let valid: string;
        try {
          valid = validateSeriesCron(text);
        } catch {
          return;
        }
        const starts = nextOccurrences(valid, tz, FROM, 3);
        starts.forEach((at, i) => {
          expect(at).toBeGreaterThan(i === 0 ? FROM : (starts[i - 1] as number));
          expect(DateTime.fromMillis(at, { zone: tz }).year).toBeLessThanOrEqual(2026 + HORIZON_YEARS);
        });
      }),
      { numRuns: 40 },
    );
  });
});
