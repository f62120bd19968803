import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import {
  isValidTimeZone,
  MAX_YEARS_AHEAD,
  parseStart,
  requireTimeZone,
  suggestTimeZones,
} from '../../src/firesides/time.js';

// Friday 20 March 2026, 11:00 in Paris (CET, UTC+1); Paris moves to CEST on 29 March.
const NOW = new Date('2026-03-20T10:00:00Z');
const iso = (text: string, zone = 'Europe/Paris', now = NOW) => parseStart(text, zone, now).toISOString();

describe('parseStart', () => {
  it.each([
    ['2026-12-03 19:00', '2026-12-03T18:00:00.000Z'],
    ['Dec 3 7pm', '2026-12-03T18:00:00.000Z'],
    ['next thursday 7pm', '2026-03-26T18:00:00.000Z'],
    ['in 2 hours', '2026-03-20T12:00:00.000Z'],
    ['on Dec 3 at 7pm', '2026-12-03T18:00:00.000Z'],
  ])('reads %s in the given zone', (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it('uses the offset of the date itself across a DST change, not today’s', () => {
    expect(iso('2026-04-02 19:00')).toBe('2026-04-02T17:00:00.000Z');
    expect(iso('2026-03-10 19:00', 'America/New_York', new Date('2026-03-01T12:00:00Z'))).toBe(
      '2026-03-10T23:00:00.000Z',
    );
    expect(iso('2026-03-05 19:00', 'America/New_York', new Date('2026-03-01T12:00:00Z'))).toBe(
      '2026-03-06T00:00:00.000Z',
    );
  });

  it('reads the same words differently in different zones', () => {
    expect(iso('2026-12-03 19:00', 'Asia/Tokyo')).toBe('2026-12-03T10:00:00.000Z');
    expect(iso('2026-12-03 19:00', 'UTC')).toBe('2026-12-03T19:00:00.000Z');
  });

  it('takes "today" from the zone’s calendar, not UTC’s', () => {
    // 23:30 UTC on 20 March is already 21 March in Tokyo: "7pm" there is 21 March, 19:00 JST.
    expect(iso('7pm', 'Asia/Tokyo', new Date('2026-03-20T23:30:00Z'))).toBe('2026-03-21T10:00:00.000Z');
  });

  it('moves a bare time that has passed today to tomorrow', () => {
    expect(iso('10am')).toBe('2026-03-21T09:00:00.000Z');
  });

  it('refuses a past time with examples', () => {
    expect(() => parseStart('2026-01-05 19:00', 'Europe/Paris', NOW)).toThrow(/already passed.*next thursday 7pm/);
  });

  it.each(['garbage', 'blah 7pm', ''])('refuses unreadable %j with examples', (text) => {
    expect(() => parseStart(text, 'Europe/Paris', NOW)).toThrow(UserError);
    expect(() => parseStart(text, 'Europe/Paris', NOW)).toThrow(/could not read.*in 2 hours/);
  });

  it('refuses an unknown zone', () => {
    expect(() => parseStart('Dec 3 7pm', 'Mars/Olympus', NOW)).toThrow(/not a time zone/);
  });
});

describe('time zones', () => {
  it('knows IANA names and aliases, and nothing else', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('paris')).toBe(false);
  });

  it('suggests at most 25 zones, prefix matches first', () => {
    expect(suggestTimeZones('')).toHaveLength(25);
    const europe = suggestTimeZones('europe/pa');
    expect(europe[0]).toBe('Europe/Paris');
    expect(suggestTimeZones('new york')).toContain('America/New_York');
  });
});

describe('times nobody meant', () => {
  it.each(['in 100000 years', 'in 9999999999 minutes', '9999-12-31 23:30', '2028-03-20 11:01'])(
    'refuses %j: further than two years ahead',
    (text) => {
      expect(() => parseStart(text, 'Europe/Paris', NOW)).toThrow(UserError);
      expect(() => parseStart(text, 'Europe/Paris', NOW)).toThrow(/too far ahead.*at most 2 years.*20 Mar 2028/);
    },
  );

  it('accepts a start up to two years ahead', () => {
    expect(MAX_YEARS_AHEAD).toBe(2);
    expect(iso('in 2 years')).toBe('2028-03-20T10:00:00.000Z');
    expect(iso('2028-03-20 10:59')).toBe('2028-03-20T09:59:00.000Z');
  });

  it.each([
    'last thursday',
    'last thursday at 7pm',
    'thursday last week',
    'previous thursday',
    'past friday',
    '2 days ago',
    'yesterday 7pm',
  ])('refuses %j: it points to the past, and says what to type instead', (text) => {
    expect(() => parseStart(text, 'Europe/Paris', NOW)).toThrow(/points to the past.*next thursday 7pm/);
  });

  it('reads "this morning" and "this friday" as today’s, which have passed, not as next week’s', () => {
    // NOW is Friday 11:00 in Paris.
    expect(() => parseStart('this morning', 'Europe/Paris', NOW)).toThrow(/Fri 20 Mar 2026 at 06:00.*already passed/);
    expect(() => parseStart('this friday 9am', 'Europe/Paris', NOW)).toThrow(/already passed/);
    expect(iso('this friday 7pm')).toBe('2026-03-20T18:00:00.000Z');
    expect(iso('tonight')).toBe('2026-03-20T21:00:00.000Z');
  });

  it('still reads a weekday, a bare time or a date without a year forward', () => {
    expect(iso('thursday 7pm')).toBe('2026-03-26T18:00:00.000Z');
    expect(iso('Mar 19 7pm')).toBe('2027-03-19T18:00:00.000Z');
  });
});

describe('time zone names', () => {
  it('corrects only the letter case of the name typed, never giving another name', () => {
    expect(requireTimeZone('europe/paris')).toBe('Europe/Paris');
    expect(requireTimeZone('AMERICA/NEW_YORK')).toBe('America/New_York');
    expect(requireTimeZone('utc')).toBe('UTC');
    // Node 20's Intl resolves these to Europe/Kiev, Asia/Calcutta and UTC.
    expect(requireTimeZone('Europe/Kyiv')).toBe('Europe/Kyiv');
    expect(requireTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(requireTimeZone('Etc/UTC')).toBe('Etc/UTC');
    expect(iso('2026-12-03 19:00', 'Europe/Kyiv')).toBe('2026-12-03T17:00:00.000Z');
    expect(parseStart('2026-12-03 19:00', 'europe/paris', NOW).toISOString()).toBe('2026-12-03T18:00:00.000Z');
  });

  it('accepts EST5EDT, a valid IANA name, as the zone with New York’s offsets', () => {
    const zone = requireTimeZone('EST5EDT');
    expect(zone).toBe('EST5EDT');
    expect(requireTimeZone(zone)).toBe(zone);
    expect(iso('2026-12-03 19:00', zone)).toBe('2026-12-04T00:00:00.000Z');
    expect(iso('2026-07-03 19:00', zone)).toBe('2026-07-03T23:00:00.000Z');
  });

  it.each(['UTC+5', 'local', 'system', 'paris', ''])('refuses %j, which is not an IANA name', (zone) => {
    expect(() => requireTimeZone(zone)).toThrow(/not a time zone I know/);
  });
});
