import type { Component, ParsedResult } from 'chrono-node';
import { DateTime, FixedOffsetZone, IANAZone } from 'luxon';
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
const ZONE_ABBREVIATION = /(?:^|[^a-z])\(?([a-z]{2,4})\)?$/i;

/**
 * The offset the zone `text` names has at `at`, as chrono reckons it: an abbreviation with daylight saving (ET, PT,
 * CET) has its summer or winter offset by the date, one without (EST, NZDT) or an offset (`UTC+2`) is `fallback`.
 */
function namedOffsetAt(text: string, at: Date, fallback: number): number {
  const abbreviation = ZONE_ABBREVIATION.exec(text)?.[1]?.toUpperCase();
  if (!abbreviation) return fallback;
  return chrono().ReferenceWithTimezone.fromInput({ instant: at, timezone: abbreviation }).timezoneOffset ?? fallback;
}

const onClock = (wall: DateTime, offset: number) =>
  wall.setZone(FixedOffsetZone.instance(offset), { keepLocalTime: true });

/**
 * What chrono's forwardDate does, with both sides instants: a bare time already past today is tomorrow's, a weekday
 * next week's, a date without a year next year's. The moved date takes the offset chrono gives that date typed out
 * (judged, as chrono does, at the `reference` offset the text was read against), so "7pm ET" on the eve of the
 * change to summer time is 19:00 EDT, not EST.
 */
function forwardPast(result: ParsedResult, now: Date, reference: number): Date {
  const start = result.start;
  const certain = (...parts: Component[]) => parts.some((part) => start.isCertain(part));
  const step = !certain('weekday', 'day', 'month', 'year')
    ? { days: 1 }
    : start.isCertain('weekday') && !certain('day', 'month')
      ? { weeks: 1 }
      : start.isCertain('month') && !start.isCertain('year')
        ? { years: 1 }
        : undefined;
  const offset = start.get('timezoneOffset') ?? 0;
  let wall = DateTime.fromJSDate(start.date(), { zone: FixedOffsetZone.instance(offset) });
  let at = wall;
  for (let i = 0; step && i < 3 && at.toMillis() <= now.getTime(); i++) {
    wall = wall.plus(step);
    at = onClock(wall, namedOffsetAt(result.text, onClock(wall, reference).toJSDate(), offset));
  }
  return at.toJSDate();
}

/**
 * Reads a start time typed by a moderator, in `zone` unless the text names its own zone.
 * chrono reads the words against the wall clock of `zone`; luxon turns that wall-clock time into an instant,
 * so a date on the other side of a DST change gets that date's offset, not today's.
 */
export function parseStart(text: string, typedZone: string, now: Date): Date {
  const zone = requireTimeZone(typedZone);
  const wallNow = DateTime.fromJSDate(now, { zone });
  const fakeReference = new Date(
    Date.UTC(wallNow.year, wallNow.month - 1, wallNow.day, wallNow.hour, wallNow.minute, wallNow.second),
  );
  const unreadable = () =>
    new UserError(`I could not read \`${text.slice(0, 60)}\` as a date and time. Try ${START_EXAMPLES}.`);

  if (PAST_WORDS.test(text)) {
    throw new UserError(
      `\`${text.slice(0, 60)}\` points to the past; a discussion needs a start still ahead. Type when it will take place: ${START_EXAMPLES}.`,
    );
  }
  const forwardDate = !THIS_PERIOD.test(text);
  const result = chrono().parse(text, { instant: fakeReference, timezone: 0 }, { forwardDate })[0];
  if (!result) throw unreadable();
  const rest = text.slice(0, result.index) + text.slice(result.index + result.text.length);
  if (!FILLER.test(rest)) throw unreadable();

  let start: Date;
  if (result.start.isCertain('timezoneOffset')) {
    // "in 2 hours" or "7pm EST": the instant does not depend on our zone. Read again against the real clock as
    // the text's own zone shows it, so "tomorrow 7pm EST" is the day after today in New York, not in UTC.
    // chrono's forwardDate compares that zone's wall clock with the start's instant, so it is done here instead.
    const reference = namedOffsetAt(result.text, now, result.start.get('timezoneOffset') ?? 0);
    const again = chrono().parse(text, { instant: now, timezone: reference })[0];
    if (!again) throw unreadable();
    start = forwardDate ? forwardPast(again, now, reference) : again.start.date();
  } else {
    const c = result.start;
    const local = DateTime.fromObject(
      {
        year: c.get('year') ?? wallNow.year,
        month: c.get('month') ?? wallNow.month,
        day: c.get('day') ?? wallNow.day,
        hour: c.get('hour') ?? 0,
        minute: c.get('minute') ?? 0,
        second: c.get('second') ?? 0,
      },
      { zone },
    );
    if (!local.isValid) throw unreadable();
    start = local.toJSDate();
  }
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
