import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { UserError } from '../errors.js';

export const START_EXAMPLES = '`2026-12-03 19:00`, `Dec 3 7pm`, `next thursday 7pm` or `in 2 hours`';

const ZONES = new Set(Intl.supportedValuesOf('timeZone'));

export function isValidTimeZone(zone: string): boolean {
  if (ZONES.has(zone)) return true;
  // Intl lists canonical names only; aliases such as UTC or Asia/Calcutta are still valid IANA names.
  return zone.includes('/') || zone === 'UTC' ? DateTime.local().setZone(zone).isValid : false;
}

/** Refuses an unknown zone with a hint, so nothing is stored with it. */
export function requireTimeZone(zone: string): string {
  if (isValidTimeZone(zone)) return zone;
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

/**
 * Reads a start time typed by a moderator, in `zone` unless the text names its own zone.
 * chrono reads the words against the wall clock of `zone`; luxon turns that wall-clock time into an instant,
 * so a date on the other side of a DST change gets that date's offset, not today's.
 */
export function parseStart(text: string, zone: string, now: Date): Date {
  const wallNow = DateTime.fromJSDate(now, { zone: requireTimeZone(zone) });
  const fakeReference = new Date(
    Date.UTC(wallNow.year, wallNow.month - 1, wallNow.day, wallNow.hour, wallNow.minute, wallNow.second),
  );
  const unreadable = () =>
    new UserError(`I could not read \`${text.slice(0, 60)}\` as a date and time. Try ${START_EXAMPLES}.`);

  const result = chrono.parse(text, { instant: fakeReference, timezone: 0 }, { forwardDate: true })[0];
  if (!result) throw unreadable();
  const rest = text.slice(0, result.index) + text.slice(result.index + result.text.length);
  if (!FILLER.test(rest)) throw unreadable();

  let start: Date;
  if (result.start.isCertain('timezoneOffset')) {
    // "in 2 hours" or "7pm EST": the instant does not depend on our zone; read again against the real clock.
    const again = chrono.parse(text, { instant: now, timezone: 0 }, { forwardDate: true })[0];
    if (!again) throw unreadable();
    start = again.start.date();
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
  if (start.getTime() <= now.getTime()) {
    const shown = DateTime.fromJSDate(start, { zone }).toFormat("ccc d LLL yyyy 'at' HH:mm");
    throw new UserError(
      `\`${text.slice(0, 60)}\` is ${shown} (${zone}), which has already passed. Try ${START_EXAMPLES}.`,
    );
  }
  return start;
}

/** "Thu 3 Dec 2026, 19:00 (Europe/Paris)": how the bot understood a time, for the moderator to check. */
export function formatInZone(at: number, zone: string): string {
  return `${DateTime.fromMillis(at, { zone }).toFormat('ccc d LLL yyyy, HH:mm')} (${zone})`;
}
