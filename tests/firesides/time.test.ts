import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { isValidTimeZone, parseStart, suggestTimeZones } from '../../src/firesides/time.js';

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
