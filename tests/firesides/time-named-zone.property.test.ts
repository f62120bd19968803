import fc from 'fast-check';
import { DateTime, FixedOffsetZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseStart } from '../../src/firesides/time.js';
import { REGION_EVES } from './time-region-eves.js';

/** Zones a moderator may write after the time, with the offset each stands for (minutes east of UTC). */
const NAMED: [text: string, offset: number][] = [
  ['EST', -300],
  ['EDT', -240],
  ['NZDT', 780],
  ['IST', 330],
  ['JST', 540],
  ['UTC', 0],
  ['+05:45', 345],
  ['UTC-3', -180],
];
/** The server's zone, which a text naming its own must not affect: some with DST, one with a half-hour change. */
const SERVER_ZONES = ['UTC', 'America/New_York', 'Pacific/Auckland', 'Europe/London', 'Australia/Lord_Howe'];
/** DST changes of the server zones above, and the last hours of a year. */
const EDGES = [
  '2027-03-14T07:00:00Z', // New York springs forward
  '2027-11-07T06:00:00Z', // New York falls back
  '2027-04-03T14:00:00Z', // Auckland falls back
  '2027-09-25T14:00:00Z', // Auckland springs forward
  '2027-03-28T01:00:00Z', // London, and CET to CEST
  '2027-10-31T01:00:00Z', // London, and CEST to CET
  '2027-10-02T15:00:00Z', // Lord Howe, half an hour
  '2026-12-31T23:00:00Z',
].map(Date.parse);
/** Abbreviations with daylight saving, with the zone whose clock each follows. */
const SEASONAL: [text: string, zone: string][] = [
  ['ET', 'America/New_York'],
  ['CT', 'America/Chicago'],
  ['MT', 'America/Denver'],
  ['PT', 'America/Los_Angeles'],
  ['CET', 'Europe/Paris'],
];
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** An instant near a DST change (within a day and a half) or anywhere in 2026 and 2027; never on a whole minute. */
const instant = fc
  .oneof(
    fc.tuple(fc.constantFrom(...EDGES), fc.integer({ min: -36 * 60, max: 36 * 60 })).map(([at, m]) => at + m * 60_000),
    fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') }),
  )
  .map((at) => new Date(at - (at % 60_000) + 17_000));

const wallIn = (offset: number, at: number) => DateTime.fromMillis(at, { zone: FixedOffsetZone.instance(offset) });

describe('a start that names its own zone', () => {
  it('reads "tomorrow" as the day after today in that zone, whatever the server zone and the hour', () => {
    fc.assert(
      fc.property(
        instant,
        fc.constantFrom(...NAMED),
        fc.constantFrom(...SERVER_ZONES),
        (now, [zone, offset], server) => {
          const expected = wallIn(offset, now.getTime())
            .plus({ days: 1 })
            .set({ hour: 19, minute: 0, second: 0, millisecond: 0 });
          expect(parseStart(`tomorrow 7pm ${zone}`, server, now).toISOString()).toBe(expected.toUTC().toISO());
        },
      ),
      { numRuns: 400 },
    );
  });

  it('reads a weekday as the next such day in that zone, within a week', () => {
    fc.assert(
      fc.property(
        instant,
        fc.constantFrom(...NAMED),
        fc.constantFrom(...SERVER_ZONES),
        fc.integer({ min: 0, max: 6 }),
        (now, [zone, offset], server, day) => {
          const start = parseStart(`${WEEKDAYS[day]} 7pm ${zone}`, server, now).getTime();
          const wall = wallIn(offset, start);
          expect([wall.weekday - 1, wall.hour, wall.minute]).toEqual([day, 19, 0]);
          expect(start).toBeGreaterThan(now.getTime());
          expect(start - now.getTime()).toBeLessThanOrEqual(7 * 24 * 3_600_000);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('reads a bare time as its next moment in that zone, within a day', () => {
    fc.assert(
      fc.property(
        instant,
        fc.constantFrom(...NAMED),
        fc.constantFrom(...SERVER_ZONES),
        fc.integer({ min: 0, max: 23 }),
        (now, [zone, offset], server, hour) => {
          const start = parseStart(`${hour}:00 ${zone}`, server, now).getTime();
          expect([wallIn(offset, start).hour, wallIn(offset, start).minute]).toEqual([hour, 0]);
          expect(start).toBeGreaterThan(now.getTime());
          expect(start - now.getTime()).toBeLessThanOrEqual(24 * 3_600_000);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("reads a bare time or weekday in a zone with daylight saving on that zone's clock, whatever the process zone", () => {
    fc.assert(
      fc.property(
        instant,
        fc.constantFrom(...SEASONAL),
        fc.constantFrom(...SERVER_ZONES),
        fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
        fc.integer({ min: 0, max: 23 }),
        (now, [zone, region], server, day, hour) => {
          const time = `${String(hour).padStart(2, '0')}:00`;
          const start = parseStart(`${day === undefined ? '' : `${WEEKDAYS[day]} `}${time} ${zone}`, server, now);
          // The first such wall time in the region still ahead, as its own clock reads it (luxon, not chrono).
          const today = DateTime.fromJSDate(now, { zone: region }).startOf('day');
          let date = day === undefined ? today : today.plus({ days: (day + 7 - (today.weekday - 1)) % 7 });
          const onDate = () =>
            DateTime.fromObject({ year: date.year, month: date.month, day: date.day, hour }, { zone: region });
          if (onDate().toMillis() <= now.getTime()) date = date.plus(day === undefined ? { days: 1 } : { weeks: 1 });
          expect(start.toISOString()).toBe(onDate().toUTC().toISO());
          const typedOut = `${date.toFormat('yyyy-MM-dd')} ${time} ${zone}`;
          expect(parseStart(typedOut, server, now).toISOString()).toBe(start.toISOString());
        },
      ),
      { numRuns: 600 },
    );
  });

  it.each([
    // Sat 8 Mar 2031 20:00 EST, the evening before US clocks go forward: 7pm is Sunday's, in EDT.
    ['7pm ET', 'UTC', '2031-03-09T01:00:00Z', '2031-03-09T23:00:00.000Z'],
    // Sat 1 Nov 2031 20:30 EDT, the evening before they go back: 7pm is Sunday's, in EST.
    ['7pm ET', 'UTC', '2031-11-02T00:30:00Z', '2031-11-03T00:00:00.000Z'],
    ['2031-11-02 7pm ET', 'UTC', '2031-11-02T00:30:00Z', '2031-11-03T00:00:00.000Z'],
    // Sat 29 Mar 2031 20:30 in Paris, the evening before Europe's change: next Saturday is in summer time (CEST).
    ['saturday 7pm CET', 'UTC', '2031-03-29T19:30:00Z', '2031-04-05T17:00:00.000Z'],
    ['2031-04-05 7pm CET', 'UTC', '2031-03-29T19:30:00Z', '2031-04-05T17:00:00.000Z'],
    // The eves of the US changes: the day moved to keeps its own offset, whatever the process's zone thinks.
    ...REGION_EVES,
    // An abbreviation without daylight saving keeps its offset whatever the date.
    ['7pm EST', 'UTC', '2031-03-09T01:00:00Z', '2031-03-10T00:00:00.000Z'],
    ['noon PST', 'UTC', '2031-07-15T00:00:00Z', '2031-07-15T20:00:00.000Z'],
    // Thu 3 Dec 22:00 in New York (Fri 03:00 UTC): tomorrow is Friday there, as plain "tomorrow 7pm" says.
    ['tomorrow 7pm EST', 'America/New_York', '2026-12-04T03:00:00Z', '2026-12-05T00:00:00.000Z'],
    ['tomorrow 7pm', 'America/New_York', '2026-12-04T03:00:00Z', '2026-12-05T00:00:00.000Z'],
    // Fri 08:00 in Auckland (Thu 19:00 UTC): tomorrow is Saturday, not today.
    ['tomorrow 7pm NZDT', 'Pacific/Auckland', '2026-12-03T19:00:00Z', '2026-12-05T06:00:00.000Z'],
    ['friday 7pm EST', 'UTC', '2026-12-04T03:00:00Z', '2026-12-05T00:00:00.000Z'],
    // 23:00 is still ahead today in New York, though 4 Dec has begun in UTC.
    ['11pm EST', 'UTC', '2026-12-04T03:00:00Z', '2026-12-04T04:00:00.000Z'],
    // ET with daylight saving: 22:30 on 3 July in New York is 4 July in UTC.
    ['tomorrow 7pm ET', 'UTC', '2026-07-04T02:30:00Z', '2026-07-04T23:00:00.000Z'],
    // A relative time does not depend on any zone.
    ['in 2 hours', 'Pacific/Auckland', '2026-12-03T19:00:00Z', '2026-12-03T21:00:00.000Z'],
  ])('reads %s (server zone %s) at %s as %s', (text, server, now, expected) => {
    expect(parseStart(text, server, new Date(now)).toISOString()).toBe(expected);
  });
});
