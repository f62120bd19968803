import { DateTime, Info } from 'luxon';
import { type CronFieldError, type ParsedFields, parse, validateDetailed } from 'node-cron';
import { UserError } from '../core/errors.js';
import { matchesDayOfMonth, matchesDayOfWeek } from './cron-match.js';

export const CRON_EXAMPLES =
  '`0 19 * * 4` (Thursdays at 19:00), `30 18 * * 1,3` (Mondays and Wednesdays at 18:30), `0 10 1-7 * 6` (the first Saturday of each month: day of month AND day of week)';

/** Series meet at most hourly: anything denser is a typo that would flood the channel. */
export const MIN_SERIES_INTERVAL_MINUTES = 60;
/**
 * How far ahead occurrences are looked for: the 28 years after which weekdays fall on the same dates again, so a date
 * that exists is found (29 February on a Monday), and `0 19 29 2 *` three times.
 */
export const HORIZON_YEARS = 28;
const SAMPLE = 24;

/** What each field of a cron expression accepts, in the words a moderator fixing it needs. */
const FIELD_RANGES: Record<string, string> = {
  second: 'second (0–59)',
  minute: 'minute (0–59)',
  hour: 'hour (0–23)',
  dayOfMonth: 'day of the month (1–31)',
  month: 'month (1–12 or jan–dec)',
  dayOfWeek: 'weekday (0–7 or sun–sat, 0 and 7 are Sunday)',
};

/** A typed cron in a code span, where `*` stays itself; only a backtick could end the span. */
const asCode = (text: string, max: number) => `\`${text.slice(0, max).replaceAll('`', '')}\``;

/** node-cron's findings ("25 is a invalid expression for hour") said for a moderator. */
function cronProblem(error: CronFieldError): string {
  const range = FIELD_RANGES[error.field];
  if (range && error.value !== undefined) return `${asCode(error.value, 20)} is not a valid ${range}`;
  const fields = /got (\d+)/.exec(error.message)?.[1];
  if (!fields) return error.message;
  return `it has ${fields} field${fields === '1' ? '' : 's'}, a schedule has five (minute hour day month weekday)`;
}

const MONTH_NAMES = Info.months('long', { locale: 'en' });

/** "February and April": the months a valid month field names. */
function monthsOf(field: string): string {
  const months = parse(`0 0 1 ${field} *`).month.map((month) => MONTH_NAMES[month - 1] ?? String(month));
  return months.length > 1 ? `${months.slice(0, -1).join(', ')} and ${months.at(-1)}` : `${months[0]}`;
}

/**
 * A day and month each valid but never together (`31 2`: no February has a 31st), said as such rather than as a
 * bad value. Undefined when the expression has another problem.
 */
function neverExistingDate(cron: string): string | undefined {
  const fields = cron.split(' ');
  const [dayOfMonth, month] = fields.slice(-3, -1);
  if (fields.length < 5 || dayOfMonth === undefined || month === undefined) return undefined;
  const anyMonth = [...fields.slice(0, -2), '*', ...fields.slice(-1)].join(' ');
  if (!validateDetailed(anyMonth).valid || !validateDetailed(`0 0 1 ${month} *`).valid) return undefined;
  const days = parse(anyMonth).dayOfMonth.join(' or ');
  const months = monthsOf(month);
  return `${asCode(cron, 60)} never occurs: ${months} ${months.includes(' and ') ? 'have' : 'has'} no day ${days}. Examples: ${CRON_EXAMPLES}.`;
}

/**
 * Checks a series' cron expression with node-cron and our own rules; the member sees what is wrong and examples.
 * Returns the expression normalised to single spaces.
 */
export function validateSeriesCron(text: string): string {
  const cron = text.trim().replace(/\s+/g, ' ');
  const result = validateDetailed(cron);
  if (!result.valid) {
    const never = neverExistingDate(cron);
    if (never) throw new UserError(never);
    const problems = result.errors.map(cronProblem).join('; ');
    throw new UserError(`${asCode(cron, 60)} is not a schedule I can read: ${problems}. Examples: ${CRON_EXAMPLES}.`);
  }
  const fields = parse(cron);
  if (fields.second.length !== 1 || fields.second[0] !== 0) {
    throw new UserError(
      `A series starts on the minute: use five fields (minute hour day month weekday). Examples: ${CRON_EXAMPLES}.`,
    );
  }
  return cron;
}

interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

/**
 * Calendar days, in `zone`, on which the expression fires, from the local day of `fromMs` on, for HORIZON_YEARS.
 * Months the expression leaves out are skipped whole, so a rare schedule costs little to search.
 */
function* matchingDays(fields: ParsedFields, zone: string, fromMs: number): Generator<CalendarDay> {
  const from = DateTime.fromMillis(fromMs, { zone });
  for (let year = from.year; year <= from.year + HORIZON_YEARS; year++) {
    for (let month = year === from.year ? from.month : 1; month <= 12; month++) {
      if (!fields.month.includes(month)) continue;
      const last = DateTime.utc(year, month).daysInMonth ?? 31;
      for (let day = year === from.year && month === from.month ? from.day : 1; day <= last; day++) {
        if (
          matchesDayOfMonth(fields.dayOfMonth, year, month, day) &&
          matchesDayOfWeek(fields.dayOfWeek, year, month, day)
        ) {
          yield { year, month, day };
        }
      }
    }
  }
}

/** luxon resolves a wall-clock time that exists twice (the fall-back hour) to its second instance; cron means the first. */
function firstInstance(at: DateTime): number {
  for (const minutes of [60, 30]) {
    const earlier = at.minus({ minutes });
    if (earlier.toFormat('yyyy-MM-dd HH:mm:ss') === at.toFormat('yyyy-MM-dd HH:mm:ss')) return earlier.toMillis();
  }
  return at.toMillis();
}

/**
 * The instants (unix ms) after `afterMs` at which the expression fires in `zone`, earliest first.
 * Times are wall-clock times in the zone, so a weekly 19:00 stays at 19:00 across DST switches.
 * A time that does not exist (the spring-forward gap) happens just after the gap, as in cron; a time that exists
 * twice (the fall-back hour) happens once, at its first instance.
 */
export function* occurrencesAfter(cron: string, zone: string, afterMs: number): Generator<number> {
  const fields = parse(cron);
  let last = afterMs;
  for (const day of matchingDays(fields, zone, afterMs)) {
    const times: number[] = [];
    for (const hour of fields.hour) {
      for (const minute of fields.minute) {
        for (const second of fields.second) {
          const at = DateTime.fromObject(
            { year: day.year, month: day.month, day: day.day, hour, minute, second },
            { zone },
          );
          if (at.isValid) times.push(firstInstance(at));
        }
      }
    }
    for (const at of times.sort((a, b) => a - b)) {
      if (at <= last) continue;
      last = at;
      yield at;
    }
  }
}

export function nextOccurrences(cron: string, zone: string, afterMs: number, count: number): number[] {
  const result: number[] = [];
  for (const at of occurrencesAfter(cron, zone, afterMs)) {
    result.push(at);
    if (result.length >= count) break;
  }
  return result;
}

const YEAR_MS = 366 * 24 * 60 * 60_000;

/**
 * A plain word for a schedule whose next starts are more than a year apart, or fewer than three in HORIZON_YEARS
 * (`0 19 29 2 *`), so that a list of starts spanning years, or shorter than three, is explained. Undefined otherwise.
 */
export function rareScheduleNote(cron: string, zone: string, fromMs: number): string | undefined {
  const starts = nextOccurrences(cron, zone, fromMs, 3);
  const apart = starts.some((at, i) => i > 0 && at - (starts[i - 1] as number) > YEAR_MS);
  if (starts.length === 0 || (starts.length === 3 && !apart)) return undefined;
  const leapDays = starts.every((at) => DateTime.fromMillis(at, { zone }).toFormat('MM-dd') === '02-29');
  if (starts.length === 3 && leapDays) {
    return `${asCode(cron, 60)} falls on 29 February, which exists only in leap years: its starts are years apart.`;
  }
  if (starts.length === 3) return `${asCode(cron, 60)} occurs rarely: its starts are years apart.`;
  return `${asCode(cron, 60)} occurs rarely: only ${starts.length === 1 ? 'once' : 'twice'} in the next ${HORIZON_YEARS} years.`;
}

/**
 * The shortest gap between consecutive occurrences, in wall-clock minutes of the zone (a weekly series is 7 days
 * even across a DST switch). Undefined when the expression fires fewer than twice in the years searched.
 */
export function shortestIntervalMinutes(cron: string, zone: string, fromMs: number): number | undefined {
  const wall = (ms: number) => ms + DateTime.fromMillis(ms, { zone }).offset * 60_000;
  const times = nextOccurrences(cron, zone, fromMs, SAMPLE).map(wall);
  let shortest: number | undefined;
  for (let i = 1; i < times.length; i++) {
    const gap = ((times[i] as number) - (times[i - 1] as number)) / 60_000;
    shortest = shortest === undefined ? gap : Math.min(shortest, gap);
  }
  return shortest;
}
