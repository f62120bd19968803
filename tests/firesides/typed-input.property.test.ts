import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { checkReason, checkTitle, REASON_MAX, TITLE_MAX } from '../../src/firesides/input.js';
import { MAX_YEARS_AHEAD, parseStart, requireTimeZone } from '../../src/firesides/time.js';

/** Whatever a moderator types, the answer is a value within the rules or a UserError (never a crash). */
function outcome<T>(read: () => T): { value: T } | { refused: string } {
  try {
    return { value: read() };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { refused: error.message };
  }
}

const ZONES = Intl.supportedValuesOf('timeZone');
const zone = fc.constantFrom(
  ...ZONES,
  'UTC',
  'EST5EDT',
  'GMT',
  'Etc/GMT+5',
  'US/Eastern',
  'Europe/Kyiv',
  'Asia/Kolkata',
);
const now = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2090-01-01T00:00:00Z'), noInvalidDate: true })
  .map((date) => new Date(Math.floor(date.getTime() / 60_000) * 60_000));

const weekday = fc.constantFrom('monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday');
const unit = fc.constantFrom('minutes', 'hours', 'days', 'weeks', 'months', 'years');
const hugeNumber = fc.oneof(
  fc.integer({ min: 0, max: 1_000 }),
  fc.integer({ min: 0, max: 2 ** 31 }),
  fc.constant(9_999_999_999),
);
const startText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.tuple(hugeNumber, unit).map(([n, u]) => `in ${n} ${u}`),
  fc.tuple(hugeNumber, unit).map(([n, u]) => `${n} ${u} ago`),
  fc
    .tuple(
      fc.integer({ min: 1, max: 9999 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 31 }),
      fc.integer({ min: 0, max: 23 }),
    )
    .map(
      ([y, m, d, h]) =>
        `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')} ${h}:30`,
    ),
  fc
    .tuple(fc.constantFrom('', 'next ', 'last ', 'this ', 'previous '), weekday, fc.integer({ min: 1, max: 12 }))
    .map(([word, day, hour]) => `${word}${day} ${hour}pm`),
  fc.constantFrom('yesterday 7pm', 'tomorrow 7pm', 'this morning', 'tonight', '7pm', 'Dec 3 7pm', 'in 2 hours'),
);

describe('start times, whatever is typed', () => {
  it('are ahead of now and at most two years ahead, or refused with a UserError', () => {
    fc.assert(
      fc.property(startText, zone, now, (text, tz, at) => {
        const result = outcome(() => parseStart(text, tz, at));
        if ('refused' in result) return;
        const start = result.value.getTime();
        expect(start).toBeGreaterThan(at.getTime());
        const latest = DateTime.fromJSDate(at, { zone: requireTimeZone(tz) }).plus({ years: MAX_YEARS_AHEAD });
        expect(start).toBeLessThanOrEqual(latest.toMillis());
      }),
      { numRuns: 300 },
    );
  });

  it('are refused when they use a past-tense word, saying so', () => {
    const past = fc.oneof(
      fc.tuple(fc.constantFrom('last', 'previous', 'Last'), weekday).map(([word, day]) => `${word} ${day}`),
      fc.tuple(fc.integer({ min: 1, max: 99 }), unit).map(([n, u]) => `${n} ${u} ago`),
      fc.integer({ min: 1, max: 11 }).map((hour) => `yesterday ${hour}pm`),
    );
    fc.assert(
      fc.property(past, zone, now, (text, tz, at) => {
        expect(() => parseStart(text, tz, at)).toThrow(/points to the past/);
      }),
    );
  });
});

describe('time zone names', () => {
  const anyCase = (text: string) =>
    fc
      .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
      .map((upper) => [...text].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(''));

  it('are stored in the one spelling the time-zone database gives, however they are typed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES).chain((name) => fc.tuple(fc.constant(name), anyCase(name))),
        ([name, typed]) => {
          expect(requireTimeZone(typed)).toBe(name);
        },
      ),
    );
  });

  it('are never swapped for the name Intl resolves them to, however they are typed', () => {
    // Node 20's Intl gives Europe/Kiev, Asia/Calcutta, America/New_York, UTC for these.
    const linked = fc.constantFrom('Europe/Kyiv', 'Asia/Kolkata', 'EST5EDT', 'US/Eastern', 'GMT', 'Etc/UTC');
    fc.assert(
      fc.property(
        linked.chain((name) => anyCase(name)),
        (typed) => {
          expect(requireTimeZone(typed).toLowerCase()).toBe(typed.toLowerCase());
        },
      ),
    );
  });

  it('are refused with a UserError or kept, only their letter case corrected, in a form that is its own normal form', () => {
    const typed = fc.oneof(
      fc.string({ maxLength: 30 }),
      zone,
      zone.map((name) => name.toLowerCase()),
    );
    fc.assert(
      fc.property(typed, (name) => {
        const result = outcome(() => requireTimeZone(name));
        if ('refused' in result) {
          expect(result.refused).toMatch(/not a time zone I know/);
          return;
        }
        expect(requireTimeZone(result.value)).toBe(result.value);
        // Never another name, such as the older one Intl resolves a current name to (Europe/Kyiv → Europe/Kiev).
        expect(result.value.toLowerCase()).toBe(name.toLowerCase());
        expect(DateTime.now().setZone(result.value).isValid).toBe(true);
      }),
    );
  });
});

describe('titles and reasons', () => {
  const invisible = fc.constantFrom(
    '\u0000',
    '\u0007',
    ' ',
    '\u00a0',
    '\u200b',
    '\u200c',
    '\u200d',
    '\u2060',
    '\ufeff',
    '\u3164',
    '\u2800',
    '\u0301',
    '\ud800',
  );

  it('refuse a title made only of invisible characters', () => {
    fc.assert(
      fc.property(fc.array(invisible, { minLength: 1, maxLength: 20 }), (chars) => {
        expect(() => checkTitle(chars.join(''))).toThrow(UserError);
      }),
    );
  });

  it('keep a title members can read: trimmed, no control character, within the limit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), (text) => {
        const result = outcome(() => checkTitle(text));
        if ('refused' in result) return;
        expect(result.value).toBe(result.value.trim());
        expect(result.value.length).toBeGreaterThan(0);
        expect(result.value.length).toBeLessThanOrEqual(TITLE_MAX);
        expect(result.value).not.toMatch(/[\p{Cc}\p{Cs}]/u);
      }),
    );
  });

  it('keep a reason within what the announcement’s field can show', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 1_200 }), (text) => {
        const result = outcome(() => checkReason(text));
        if ('refused' in result) {
          expect(result.refused).toMatch(/keep it to 500/);
          return;
        }
        expect((result.value ?? '').length).toBeLessThanOrEqual(REASON_MAX);
      }),
    );
  });
});
