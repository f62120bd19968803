import type { Component, ParsedComponents } from 'chrono-node';
import { DateTime, type DurationLikeObject, FixedOffsetZone, IANAZone, type Zone } from 'luxon';
import { UserError } from '../core/errors.js';
import { lazyPackage } from '../core/lazy-package.js';
import { timeZoneSpelling } from '../core/time-zone.js';

export const START_EXAMPLES = '`2026-12-03 19:00`, `Dec 3 7pm`, `next thursday 7pm` or `in 2 hours`';

// Loaded when a member first types a start, not at start-up.
const chrono = lazyPackage<typeof import('chrono-node')>('chrono-node');

const ZONES = new Set(Intl.supportedValuesOf('timeZone'));

/**
 * The zone as typed, in its proper letter case (`europe/paris` is `Europe/Paris`; `Europe/Kyiv` and `EST5EDT` stay
 * as they are, never swapped for the older or linked name Intl resolves them to). Undefined for what is not an IANA
 * name, including luxon's own forms (`UTC+5`, `local`, `system`), which no other program would read the same way.
 */
export function canonicalTimeZone(zone: string): string | undefined {
  if (!IANAZone.isValidZone(zone)) return undefined;
  const name = timeZoneSpelling(zone);
  return name && DateTime.local().setZone(name).isValid ? name : undefined;
}

export function isValidTimeZone(zone: string): boolean {
  return canonicalTimeZone(zone) !== undefined;
}

/** The zone's canonical spelling, so one zone is stored one way; an unknown zone is refused with a hint. */
export function requireTimeZone(zone: string): string {
  const canonical = canonicalTimeZone(zone);
  if (canonical) return canonical;
  throw new UserError(
    `\`${zone.slice(0, 60)}\` is not a time zone I know. Use an IANA name such as \`Europe/Paris\` or \`America/New_York\` (pick one from the list as you type).`,
  );
}

/** Up to 25 zone names containing what was typed, for autocomplete. */
export function suggestTimeZones(typed: string, limit = 25): string[] {
  const needle = typed.trim().toLowerCase().replaceAll(' ', '_');
  const all = [...ZONES];
  const starts = all.filter((zone) => zone.toLowerCase().startsWith(needle));
  const contains = all.filter((zone) => !zone.toLowerCase().startsWith(needle) && zone.toLowerCase().includes(needle));
  return [...starts, ...contains].slice(0, limit);
}

// Words chrono does not need but people type around a date ("on Dec 3 at 7pm").
const FILLER = /^(?:[\s,.]|at|on|the)*$/i;

/** How far ahead a discussion may start: further is a typo ("in 100000 years"), and calendars stop at 9999. */
export const MAX_YEARS_AHEAD = 2;

// Words that put a time in the past; chrono's forwardDate would read "last thursday" as the coming one.
const PAST_WORDS = /\b(?:last|ago|yesterday|previous|past\s+(?:mon|tue|wed|thu|fri|sat|sun|week|month|year))/i;
// Words that name the current day or part of it: "this morning" at 11:00 has passed, it is not tomorrow's.
const THIS_PERIOD = /\b(?:this|today|tonight)\b/i;

// How chrono's refiner leaves a zone abbreviation at the end of what it read: "7pm EST", "7pm (NZDT)".
const ZONE_ABBREVIATION = /(?:^|[^a-z(])(\(?([a-z]{2,4})\)?)$/i;

/**
 * The abbreviations chrono reads as a region with daylight saving (its TIMEZONE_ABBR_MAP entries with DST rules), and
 * the zone each stands for. chrono works out their DST switch in the process's own zone, so with TZ=UTC "7pm PT" on
 * the eve of the change took the summer offset; the wall time is read in the real zone instead.
 */
export const REGION_ABBREVIATIONS: Readonly<Record<string, string>> = {
  ET: 'America/New_York',
  CT: 'America/Chicago',
  MT: 'America/Denver',
  PT: 'America/Los_Angeles',
  CET: 'Europe/Paris',
};

/**
 * What chrono's forwardDate does, done here because chrono compares its reference, moved to the process's own zone,
 * with the start's instant (so "saturday 7pm" read on a Saturday evening depended on the server's TZ): a bare time
 * already past today is tomorrow's, a weekday next week's, a date without a year next year's.
 */
function forwardStep(start: ParsedComponents): DurationLikeObject | undefined {
  const certain = (...parts: Component[]) => parts.some((part) => start.isCertain(part));
  if (!certain('weekday', 'day', 'month', 'year')) return { days: 1 };
  if (start.isCertain('weekday') && !certain('day', 'month')) return { weeks: 1 };
  return start.isCertain('month') && !start.isCertain('year') ? { years: 1 } : undefined;
}

/**
 * The instant `wall` (a wall time held in UTC) reads on `zone`'s clock, moved by `step` while not after `now` (at
 * most three times). Each move steps the wall time typed, so 02:00 on the night clocks skip it is the next day's 02:00.
 */
function forwardPast(wall: DateTime, zone: Zone, step: DurationLikeObject | undefined, now: Date): Date {
  // fromObject, not setZone: of an hour the clocks repeat it takes the same one as a start typed without moving.
  const on = (at: DateTime) => DateTime.fromObject(at.toObject(), { zone });
  for (let i = 0; step && i < 3 && on(wall).toMillis() <= now.getTime(); i++) wall = wall.plus(step);
  return on(wall).toJSDate();
}

function readStart(text: string, zone: string, now: Date): Date {
  const wallNow = DateTime.fromJSDate(now, { zone });
  const fakeReference = new Date(
    Date.UTC(wallNow.year, wallNow.month - 1, wallNow.day, wallNow.hour, wallNow.minute, wallNow.second),
  );
  const unreadable = () =>
    new UserError(`I could not read \`${text.slice(0, 60)}\` as a date and time. Try ${START_EXAMPLES}.`);

  const forwardDate = !THIS_PERIOD.test(text);
  const result = chrono().parse(text, { instant: fakeReference, timezone: 0 })[0];
  if (!result) throw unreadable();
  const rest = text.slice(0, result.index) + text.slice(result.index + result.text.length);
  if (!FILLER.test(rest)) throw unreadable();

  if (result.start.isCertain('timezoneOffset')) {
    const named = ZONE_ABBREVIATION.exec(result.text);
    const region = named?.[2] && REGION_ABBREVIATIONS[named[2].toUpperCase()];
    if (named?.[1] && region) {
      // "7pm PT" is 19:00 on Los Angeles' clock, read like "7pm" typed with the server in Los Angeles.
      const end = result.index + result.text.length;
      return readStart(text.slice(0, end - named[1].length) + text.slice(end), region, now);
    }
    // "in 2 hours" or "7pm EST": the instant does not depend on our zone. Read again against the real clock as
    // the text's own zone shows it, so "tomorrow 7pm EST" is the day after today in New York, not in UTC.
    // chrono's forwardDate compares that zone's wall clock with the start's instant, so it is done here instead.
    const again = chrono().parse(text, { instant: now, timezone: result.start.get('timezoneOffset') ?? 0 })[0];
    if (!again) throw unreadable();
    const offset = FixedOffsetZone.instance(again.start.get('timezoneOffset') ?? 0);
    const wall = DateTime.fromJSDate(again.start.date(), { zone: offset }).setZone('utc', { keepLocalTime: true });
    return forwardPast(wall, offset, forwardDate ? forwardStep(again.start) : undefined, now);
  }
  const c = result.start;
  const wall = DateTime.fromObject(
    {
      year: c.get('year') ?? wallNow.year,
      month: c.get('month') ?? wallNow.month,
      day: c.get('day') ?? wallNow.day,
      hour: c.get('hour') ?? 0,
      minute: c.get('minute') ?? 0,
      second: c.get('second') ?? 0,
    },
    { zone: 'utc' },
  );
  if (!wall.isValid) throw unreadable();
  return forwardPast(wall, IANAZone.create(zone), forwardDate ? forwardStep(c) : undefined, now);
}

/**
 * Reads a start time typed by a moderator, in `zone` unless the text names its own zone.
 * chrono reads the words against the wall clock of `zone`; luxon turns that wall-clock time into an instant,
 * so a date on the other side of a DST change gets that date's offset, not today's.
 */
export function parseStart(text: string, typedZone: string, now: Date): Date {
  const zone = requireTimeZone(typedZone);
  const wallNow = DateTime.fromJSDate(now, { zone });
  if (PAST_WORDS.test(text)) {
    throw new UserError(
      `\`${text.slice(0, 60)}\` points to the past; a discussion needs a start still ahead. Type when it will take place: ${START_EXAMPLES}.`,
    );
  }
  const start = readStart(text, zone, now);
  const shown = () => DateTime.fromJSDate(start, { zone }).toFormat("ccc d LLL yyyy 'at' HH:mm");
  if (start.getTime() <= now.getTime()) {
    throw new UserError(
      `\`${text.slice(0, 60)}\` is ${shown()} (${zone}), which has already passed. Try ${START_EXAMPLES}.`,
    );
  }
  const latest = wallNow.plus({ years: MAX_YEARS_AHEAD });
  // An overflowing "in 9999999999999 years" is no date at all (NaN), so it is tested as "not within reach".
  if (!(start.getTime() <= latest.toMillis())) {
    const when = Number.isFinite(start.getTime()) ? ` is ${shown()} (${zone}), which` : '';
    throw new UserError(
      `\`${text.slice(0, 60)}\`${when} is too far ahead: a discussion starts at most ${MAX_YEARS_AHEAD} years from now, by ${latest.toFormat('d LLL yyyy')}. Try ${START_EXAMPLES}.`,
    );
  }
  return start;
}

/** "Thu 3 Dec 2026, 19:00 (Europe/Paris)": how the bot understood a time, for the moderator to check. */
export function formatInZone(at: number, zone: string): string {
  return `${DateTime.fromMillis(at, { zone }).toFormat('ccc d LLL yyyy, HH:mm')} (${zone})`;
}
